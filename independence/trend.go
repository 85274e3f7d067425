package independence

import (
	"fmt"
	"math"
	"slices"
)

// SpearmanResult is Spearman's rank correlation with its test, as R's
// cor.test(x, y, method = "spearman").
type SpearmanResult struct {
	N           int
	Rho         float64 // Pearson correlation of the mid-ranks
	S           float64 // (n³ − n)(1 − ρ)/6, R's statistic
	T           float64 // ρ·sqrt((n − 2)/(1 − ρ²)); ±Inf when |ρ| = 1
	DF          float64 // n − 2
	PValue      float64 // the p-value of the test's alternative
	Alternative string  // R's name of the alternative: "two.sided", "greater", "less"
	// Exact reports that PValue is from S's permutation distribution
	// (SpearmanTest), not the t approximation.
	Exact bool
	// Warnings are R's warnings for the same test ("Cannot compute exact
	// p-value with ties").
	Warnings []string
}

// Spearman computes Spearman's ρ between x and y with mid-ranks for ties
// and the two-sided p-value from the t approximation on n − 2 degrees of
// freedom (R's cor.test with exact = FALSE, scipy's spearmanr). SpearmanTest
// offers R's other options (one-sided alternatives, exact p-values, the
// continuity correction).
//
// Errors: ErrLength, ErrTooFew (n < 3), ErrInvalidValue for NaN or ±Inf,
// ErrInvalidValue when x or y is constant (ρ undefined).
func Spearman(x, y []float64) (SpearmanResult, error) {
	return SpearmanTest(x, y, TestOptions{Exact: ExactNever})
}

// spearmanRho checks the input and computes N, Rho, S, T and DF.
func spearmanRho(x, y []float64) (SpearmanResult, error) {
	n := len(x)
	if len(y) != n {
		return SpearmanResult{}, fmt.Errorf("independence: Spearman: len(x) = %d, len(y) = %d: %w", n, len(y), ErrLength)
	}
	if n < 3 {
		return SpearmanResult{}, fmt.Errorf("independence: Spearman: n = %d, need at least 3: %w", n, ErrTooFew)
	}
	if err := checkFinite("x", x); err != nil {
		return SpearmanResult{}, err
	}
	if err := checkFinite("y", y); err != nil {
		return SpearmanResult{}, err
	}
	rx, ry := midRanks(x), midRanks(y)
	rho, ok := pearson(rx, ry)
	if !ok {
		return SpearmanResult{}, fmt.Errorf("independence: Spearman: x or y is constant, correlation undefined: %w", ErrInvalidValue)
	}
	nf := float64(n)
	res := SpearmanResult{N: n, Rho: rho, S: (nf*nf*nf - nf) * (1 - rho) / 6, DF: nf - 2, Alternative: "two.sided"}
	if den := 1 - rho*rho; den <= 0 {
		res.T = math.Copysign(math.Inf(1), rho)
	} else {
		res.T = rho / math.Sqrt(den/res.DF)
	}
	return res, nil
}

func checkFinite(name string, x []float64) error {
	for i, v := range x {
		if !finite(v) {
			return &RecordError{Record: i, Field: name, Value: fmtF(v), Msg: "must be finite", Err: ErrInvalidValue}
		}
	}
	return nil
}

// pearson returns the Pearson correlation, false if either input is constant.
func pearson(x, y []float64) (float64, bool) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN(), false
	}
	r := sxy / math.Sqrt(sxx*syy)
	return math.Max(-1, math.Min(1, r)), true
}

// MannKendallResult is the Mann–Kendall trend test of values against time
// with Kendall's tau-b and the Theil–Sen slope.
type MannKendallResult struct {
	N    int
	S    float64 // Σ_{i<j} sign(t_j − t_i)·sign(y_j − y_i)
	VarS float64 // variance of S under no trend, corrected for ties in t and y
	TauB float64 // S / sqrt((n0 − n1)(n0 − n2)), n0 = n(n−1)/2, n1/n2 tied pairs in t/y
	// Z = S/sqrt(VarS), without continuity correction (R's cor.test default);
	// PValue is its normal p-value for the alternative (two-sided from
	// MannKendall), or the exact p-value when Exact.
	Z, PValue float64
	// ZContinuity = sign(S)(|S| − 1)/sqrt(VarS), the classic textbook
	// Mann–Kendall statistic; PValueContinuity its p-value (the exact one
	// when Exact, as R's cor.test(continuity = TRUE) reports).
	ZContinuity, PValueContinuity float64
	// Alternative is R's name of the alternative ("two.sided" from
	// MannKendall).
	Alternative string
	// Exact reports that the p-values are from Kendall's exact permutation
	// distribution (MannKendallTest); T is then R's exact statistic, the
	// number of concordant pairs.
	Exact bool
	T     float64
	// Warnings are R's warnings for the same test ("Cannot compute exact
	// p-value with ties").
	Warnings []string
	// SensSlope is the Theil–Sen slope: the median of (y_j − y_i)/(t_j − t_i)
	// over pairs with t_j ≠ t_i, in units of y per unit of t.
	SensSlope float64
	// SensIntercept is median(y − SensSlope·t) (Conover's intercept).
	SensIntercept float64
}

// MannKendall tests for a monotone trend of y over t. It computes S over
// all pairs, so it costs O(n²) time and O(n²) memory for Sen's slope; it is
// meant for series such as reassessments or monthly aggregates (n up to a
// few thousand). With t = 1..n and no ties in y it is the classic test.
// MannKendallTest offers R's other options (one-sided alternatives, exact
// p-values).
//
// The tie-corrected variance is R's (cor.test, method "kendall", exact =
// FALSE):
//
//	var(S) = (v0 − vt − vu)/18 + v1/(2n(n−1)) + v2/(9n(n−1)(n−2))
//
// with v0 = n(n−1)(2n+5), vt and vu the sums of t(t−1)(2t+5) over tie groups
// of t and y, v1 = Σt(t−1)·Σu(u−1), v2 = Σt(t−1)(t−2)·Σu(u−1)(u−2).
//
// Errors: ErrLength, ErrTooFew (n < 3), ErrInvalidValue (NaN/Inf, all t
// tied, or var(S) = 0).
func MannKendall(t, y []float64) (MannKendallResult, error) {
	return MannKendallTest(t, y, TestOptions{Exact: ExactNever})
}

// mannKendall checks the input and computes everything but the p-values.
func mannKendall(t, y []float64) (MannKendallResult, error) {
	n := len(t)
	if len(y) != n {
		return MannKendallResult{}, fmt.Errorf("independence: MannKendall: len(t) = %d, len(y) = %d: %w", n, len(y), ErrLength)
	}
	if n < 3 {
		return MannKendallResult{}, fmt.Errorf("independence: MannKendall: n = %d, need at least 3: %w", n, ErrTooFew)
	}
	if err := checkFinite("t", t); err != nil {
		return MannKendallResult{}, err
	}
	if err := checkFinite("y", y); err != nil {
		return MannKendallResult{}, err
	}
	var s float64
	slopes := make([]float64, 0, n*(n-1)/2)
	for i := 0; i < n-1; i++ {
		for j := i + 1; j < n; j++ {
			dt, dy := t[j]-t[i], y[j]-y[i]
			s += sign(dt) * sign(dy)
			if dt != 0 {
				slopes = append(slopes, dy/dt)
			}
		}
	}
	if len(slopes) == 0 {
		return MannKendallResult{}, fmt.Errorf("independence: MannKendall: all times equal: %w", ErrInvalidValue)
	}
	nf := float64(n)
	tg, ug := tieGroups(t), tieGroups(y)
	var vt, vu, t1, u1, t2, u2, n1, n2 float64
	for _, g := range tg {
		vt += g * (g - 1) * (2*g + 5)
		t1 += g * (g - 1)
		t2 += g * (g - 1) * (g - 2)
		n1 += g * (g - 1) / 2
	}
	for _, g := range ug {
		vu += g * (g - 1) * (2*g + 5)
		u1 += g * (g - 1)
		u2 += g * (g - 1) * (g - 2)
		n2 += g * (g - 1) / 2
	}
	v0 := nf * (nf - 1) * (2*nf + 5)
	varS := (v0-vt-vu)/18 + t1*u1/(2*nf*(nf-1)) + t2*u2/(9*nf*(nf-1)*(nf-2))
	n0 := nf * (nf - 1) / 2
	res := MannKendallResult{N: n, S: s, VarS: varS}
	if den := (n0 - n1) * (n0 - n2); den > 0 {
		res.TauB = s / math.Sqrt(den)
	} else {
		return MannKendallResult{}, fmt.Errorf("independence: MannKendall: t or y constant, tau-b undefined: %w", ErrInvalidValue)
	}
	if varS <= 0 {
		return MannKendallResult{}, fmt.Errorf("independence: MannKendall: var(S) = %v: %w", varS, ErrInvalidValue)
	}
	sd := math.Sqrt(varS)
	res.Z = s / sd
	sc := sign(s) * math.Max(math.Abs(s)-1, 0)
	res.ZContinuity = sc / sd
	res.SensSlope = median(slopes)
	icpt := make([]float64, n)
	for i := range y {
		icpt[i] = y[i] - res.SensSlope*t[i]
	}
	res.SensIntercept = median(icpt)
	return res, nil
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// tieGroups returns the sizes (> 1) of groups of equal values.
func tieGroups(x []float64) []float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	var g []float64
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		if j-i > 1 {
			g = append(g, float64(j-i))
		}
		i = j
	}
	return g
}

// median sorts x in place and returns its median (mean of the middle two
// for even length).
func median(x []float64) float64 {
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}
