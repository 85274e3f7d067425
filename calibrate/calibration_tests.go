package calibrate

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// Tests of calibration for predicted probabilities: do the predictions
// agree with the observed outcomes? The calibration slope and
// calibration-in-the-large (Recalibrate) say how far off the predictions
// are on average; these two tests say whether the disagreement is more
// than chance would give. Both are computed as written in their sources and
// checked against R (testdata/calibration_tests, base R only).

// HosmerLemeshowResult is the result of HosmerLemeshow.
type HosmerLemeshowResult struct {
	// Groups are the groups of risk the statistic sums over, as
	// CalibrationTable makes them.
	Groups []CalibrationGroup
	// Statistic is Ĉ = Σ_g (O_g − E_g)² / (E_g (1 − E_g/n_g)), with O_g the
	// events and E_g the sum of the predictions in group g of n_g cases.
	Statistic float64
	// DF is the number of groups minus 2.
	DF int
	// PValue is P(χ²_DF ≥ Statistic), computed as the regularised upper
	// incomplete gamma function, accurate far into the tail.
	PValue float64
}

// HosmerLemeshow tests the calibration of predicted probabilities p for 0/1
// outcomes y by the Hosmer–Lemeshow goodness-of-fit statistic over groups
// of risk ("deciles of risk" for groups = 10; Hosmer & Lemeshow, Applied
// Logistic Regression, 2nd ed., 2000, §5.2.2).
//
// Grouping rule: the cases are sorted by p, ties kept in input order, and
// group g (1-based) takes the sorted positions ⌊(g−1)·n/groups⌋ to
// ⌊g·n/groups⌋−1, exactly the groups of CalibrationTable, so that the test
// and a published decile table describe the same groups. Tied predictions
// may therefore fall in two neighbouring groups (packages that cut at
// quantiles, such as R's ResourceSelection::hoslem.test, keep ties together
// and can form fewer groups; their statistic can differ).
//
// The statistic is referred to χ² with groups − 2 degrees of freedom, the
// usual reference for predictions from a logistic model fitted to the same
// data; for predictions made out of sample (cross-validation, a model
// fitted elsewhere) groups degrees of freedom are sometimes used instead,
// which gives a larger p-value.
//
// Errors (ErrInvalidInput unless said): groups outside 3 to n; y and p of
// different lengths (ErrLength) or empty (ErrEmpty); a non-finite value
// (ErrNonFinite in a *DataError); y not 0 or 1 or p outside [0, 1]
// (ErrDomain in a *DataError); a group whose predictions are all 0 or all 1,
// where the statistic's term is undefined.
func HosmerLemeshow(y, p []float64, groups int) (*HosmerLemeshowResult, error) {
	if err := checkProbabilities(y, p, true); err != nil {
		return nil, err
	}
	if groups < 3 || groups > len(y) {
		return nil, invalidf("Hosmer-Lemeshow: %d groups for %d cases: need 3 to %d", groups, len(y), len(y))
	}
	// The groups of CalibrationTable; each group's sums are kept here, not
	// recovered from its rounded mean.
	n := len(y)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	res := &HosmerLemeshowResult{Groups: make([]CalibrationGroup, groups), DF: groups - 2}
	var c float64
	for g := range groups {
		lo, hi := g*n/groups, (g+1)*n/groups
		var e neumaier
		events := 0
		for _, i := range idx[lo:hi] {
			e.add(p[i])
			if y[i] == 1 {
				events++
			}
		}
		m := float64(hi - lo)
		eg := e.sum()
		res.Groups[g] = CalibrationGroup{Group: g + 1, N: hi - lo, Events: events, MinPredicted: p[idx[lo]], MaxPredicted: p[idx[hi-1]],
			MeanPredicted: eg / m, ObservedRate: float64(events) / m}
		v := eg * (1 - eg/m)
		if !(v > 0) {
			return nil, invalidf("Hosmer-Lemeshow: group %d: every prediction is %v, so its term is undefined", g+1, p[idx[lo]])
		}
		d := float64(events) - eg
		c += d * d / v
	}
	res.Statistic = c
	res.PValue = mathext.GammaIncRegComp(float64(res.DF)/2, c/2)
	return res, nil
}

// SpiegelhalterResult is the result of Spiegelhalter.
type SpiegelhalterResult struct {
	// Z is Spiegelhalter's z: Σ (y − p)(1 − 2p) / √Σ (1 − 2p)² p (1 − p).
	// Positive when the Brier score is larger than calibrated predictions
	// would give.
	Z float64
	// PValue is the two-sided p-value of Z against N(0, 1).
	PValue float64
}

// Spiegelhalter tests the calibration of predicted probabilities p for 0/1
// outcomes y with Spiegelhalter's z statistic (Spiegelhalter, "Probabilistic
// prediction in patient management and clinical trials", Statistics in
// Medicine 5 (1986) 421–433): under the hypothesis that the predictions
// are the true probabilities, the Brier score has the given mean and
// variance and z is approximately standard normal. It needs no grouping.
//
// Errors are those of HosmerLemeshow; every prediction 0, ½ or 1 leaves the
// variance zero and z undefined (ErrInvalidInput).
func Spiegelhalter(y, p []float64) (SpiegelhalterResult, error) {
	if err := checkProbabilities(y, p, true); err != nil {
		return SpiegelhalterResult{}, err
	}
	var num, den neumaier
	for i := range y {
		w := 1 - 2*p[i]
		num.add((y[i] - p[i]) * w)
		den.add(w * w * p[i] * (1 - p[i]))
	}
	v := den.sum()
	if !(v > 0) {
		return SpiegelhalterResult{}, invalidf("Spiegelhalter: every prediction is 0, 1/2 or 1, so z is undefined")
	}
	z := num.sum() / math.Sqrt(v)
	return SpiegelhalterResult{Z: z, PValue: math.Erfc(math.Abs(z) / math.Sqrt2)}, nil
}
