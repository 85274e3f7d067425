package independence

import (
	"fmt"
	"math"
)

// Alternative is the alternative hypothesis of a rank correlation or trend
// test, as R's cor.test(alternative =).
type Alternative int

const (
	// TwoSided: any association (R's "two.sided", the default).
	TwoSided Alternative = iota
	// Greater: positive association, an increasing trend.
	Greater
	// Less: negative association, a decreasing trend.
	Less
)

// String returns R's name: "two.sided", "greater" or "less".
func (a Alternative) String() string {
	switch a {
	case TwoSided:
		return "two.sided"
	case Greater:
		return "greater"
	case Less:
		return "less"
	}
	return fmt.Sprintf("Alternative(%d)", int(a))
}

// ParseAlternative parses R's names "two.sided", "greater" and "less"
// ("two-sided" is accepted too).
func ParseAlternative(s string) (Alternative, error) {
	switch s {
	case "two.sided", "two-sided":
		return TwoSided, nil
	case "greater":
		return Greater, nil
	case "less":
		return Less, nil
	}
	return 0, fmt.Errorf("%w: alternative %q (want two.sided, greater or less)", ErrInvalidOptions, s)
}

// ExactMode chooses between the exact null distribution of a rank statistic
// and its large-sample approximation, as R's cor.test(exact =).
type ExactMode int

const (
	// ExactAuto is R's default (exact = NULL): Spearman's test is exact
	// for n ≤ 1290, Kendall's for n < 50, when there are no ties.
	ExactAuto ExactMode = iota
	// ExactNever always uses the approximation (exact = FALSE): the t
	// approximation for Spearman, the normal one for Kendall.
	ExactNever
	// ExactAlways asks for the exact p-value (exact = TRUE). With ties it
	// cannot be computed: the approximation is used and the result carries
	// R's warning "Cannot compute exact p-value with ties".
	ExactAlways
)

// TestOptions configures SpearmanTest and MannKendallTest. The zero value
// is R's cor.test default: two-sided, exact where R would be, no continuity
// correction.
type TestOptions struct {
	Alternative Alternative
	Exact       ExactMode
	// Continuity applies R's continuity correction to Spearman's t
	// approximation ((n³ − n)/6 + 1 in place of (n³ − n)/6 in ρ). For
	// Mann–Kendall both the plain and the corrected statistics are always
	// reported.
	Continuity bool
}

// Validate checks the options.
func (o TestOptions) Validate() error {
	if o.Alternative < TwoSided || o.Alternative > Less {
		return fmt.Errorf("%w: Alternative %d", ErrInvalidOptions, int(o.Alternative))
	}
	if o.Exact < ExactAuto || o.Exact > ExactAlways {
		return fmt.Errorf("%w: Exact %d", ErrInvalidOptions, int(o.Exact))
	}
	return nil
}

// warnTies is R's warning when ties prevent an exact p-value.
const warnTies = "Cannot compute exact p-value with ties"

// SpearmanTest is Spearman's rank correlation test with R's options
// (cor.test(x, y, method = "spearman", alternative, exact, continuity)).
//
// The exact p-value is R's (algorithm AS 89, Best and Roberts 1975): the
// permutation distribution of S = Σ(rank differences)² enumerated for
// n ≤ 9, its Edgeworth series expansion for 10 ≤ n ≤ 1290; larger n, or
// ties, use the t approximation on n − 2 degrees of freedom, as R does
// (with ties and ExactAlways the result carries R's warning). Greater is
// the alternative of a positive correlation (small S).
//
// Errors as Spearman, and ErrInvalidOptions.
func SpearmanTest(x, y []float64, opt TestOptions) (SpearmanResult, error) {
	if err := opt.Validate(); err != nil {
		return SpearmanResult{}, err
	}
	res, err := spearmanRho(x, y)
	if err != nil {
		return res, err
	}
	res.Alternative = opt.Alternative.String()
	n := res.N
	nf := float64(n)
	ties := len(tieGroups(x)) > 0 || len(tieGroups(y)) > 0
	exact := opt.Exact != ExactNever
	if ties && exact {
		exact = false
		if opt.Exact == ExactAlways {
			res.Warnings = append(res.Warnings, warnTies)
		}
	}
	exact = exact && n <= 1290
	res.Exact = exact
	q := res.S
	// p(q, lower) is R's pspearman: P(S ≤ q) when lower, else P(S ≥ q).
	p := func(q float64, lower bool) float64 {
		if exact {
			is := math.RoundToEven(q)
			if lower {
				is += 2
			}
			return prho(n, is, lower)
		}
		den := (nf*nf*nf - nf) / 6
		if opt.Continuity {
			den++
		}
		r := 1 - q/den
		t := r / math.Sqrt((1-r*r)/(nf-2))
		if lower { // P(S ≤ q) = P(T ≥ t)
			return studentTSurvival(t, nf-2)
		}
		return studentTSurvival(-t, nf-2)
	}
	switch opt.Alternative {
	case TwoSided:
		var pv float64
		if q > (nf*nf*nf-nf)/6 {
			pv = p(q, false)
		} else {
			pv = p(q, true)
		}
		res.PValue = math.Min(2*pv, 1)
	case Greater:
		res.PValue = p(q, true)
	case Less:
		res.PValue = p(q, false)
	}
	return res, nil
}

// prho is AS 89 as R evaluates it: P(S ≥ is), or P(S < is) when lower,
// for S = Σ(i − π(i))² over the permutations π of n ranks; exact for
// n ≤ 9, an Edgeworth series beyond.
func prho(n int, is float64, lower bool) float64 {
	pv := 1.0
	if lower {
		pv = 0
	}
	if n <= 1 || is <= 0 {
		return pv
	}
	nf := float64(n)
	n3 := nf * (nf*nf - 1) / 3 // the largest S
	if is > n3 {
		return 1 - pv
	}
	if n <= 9 {
		counts := spearmanCounts(n)
		var ge, total float64
		for s, c := range counts {
			total += c
			if float64(s) >= is {
				ge += c
			}
		}
		if lower {
			return (total - ge) / total
		}
		return ge / total
	}
	// The Edgeworth coefficients of AS 89.
	const (
		c1, c2, c3, c4, c5, c6    = 0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932
		c7, c8, c9, c10, c11, c12 = 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4
	)
	b := 1 / nf
	x := (6*(is-1)*b/(nf*nf-1) - 1) * math.Sqrt(nf-1) // ρ·√(n−1), about N(0, 1)
	y := x * x
	u := x * b * (c1 + b*(c2+c3*b) + y*(-c4+b*(c5+c6*b)-y*b*(c7+c8*b-y*(c9-c10*b+y*b*(c11-c12*y)))))
	corr := u / math.Exp(y/2)
	if lower {
		pv = -corr + normalCDF(x)
	} else {
		pv = corr + normalSurvival(x)
	}
	return math.Max(0, math.Min(1, pv))
}

// spearmanCounts returns, for n ≤ 9, the number of permutations π of
// 1..n with Σ(i − π(i))² = s, indexed by s.
func spearmanCounts(n int) []float64 {
	maxS := n * (n*n - 1) / 3
	counts := make([]float64, maxS+1)
	used := make([]bool, n+1)
	var rec func(i, s int)
	rec = func(i, s int) {
		if i > n {
			counts[s]++
			return
		}
		for v := 1; v <= n; v++ {
			if !used[v] {
				used[v] = true
				rec(i+1, s+(i-v)*(i-v))
				used[v] = false
			}
		}
	}
	rec(1, 0)
	return counts
}

// MannKendallTest is the Mann–Kendall trend test with R's options
// (cor.test(t, y, method = "kendall", alternative, exact)). Z and
// ZContinuity are always the normal statistics; PValue and
// PValueContinuity are the p-values of the chosen alternative as
// cor.test(continuity = FALSE) and cor.test(continuity = TRUE) report them.
// Where the exact distribution applies (no ties in t or y, and n < 50 with
// ExactAuto or any n with ExactAlways), Exact is true, T is R's statistic
// (the number of concordant pairs) and both p-values are the exact one
// (Kendall's permutation distribution), as R reports; with ties and
// ExactAlways the normal p-values are used and Warnings has R's warning.
//
// Errors as MannKendall, and ErrInvalidOptions.
func MannKendallTest(t, y []float64, opt TestOptions) (MannKendallResult, error) {
	if err := opt.Validate(); err != nil {
		return MannKendallResult{}, err
	}
	res, err := mannKendall(t, y)
	if err != nil {
		return res, err
	}
	res.Alternative = opt.Alternative.String()
	res.PValue = normalPValue(res.Z, opt.Alternative)
	res.PValueContinuity = normalPValue(res.ZContinuity, opt.Alternative)
	ties := len(tieGroups(t)) > 0 || len(tieGroups(y)) > 0
	exact := opt.Exact == ExactAlways || (opt.Exact == ExactAuto && res.N < 50)
	if exact && ties {
		if opt.Exact == ExactAlways {
			res.Warnings = append(res.Warnings, warnTies)
		}
		exact = false
	}
	if !exact {
		return res, nil
	}
	n := float64(res.N)
	q := math.RoundToEven((res.TauB + 1) * n * (n - 1) / 4)
	res.Exact, res.T = true, q
	// R computes the upper tail P(T ≥ q) as 1 − P(T ≤ q − 1); it is
	// summed directly here, which keeps its relative accuracy when small.
	var p float64
	switch opt.Alternative {
	case TwoSided:
		if q > n*(n-1)/4 {
			p = kendallTail(q, res.N, true)
		} else {
			p = kendallTail(q, res.N, false)
		}
		p = math.Min(2*p, 1)
	case Greater:
		p = kendallTail(q, res.N, true)
	case Less:
		p = kendallTail(q, res.N, false)
	}
	res.PValue, res.PValueContinuity = p, p
	return res, nil
}

// normalPValue is the p-value of a standard normal statistic z.
func normalPValue(z float64, alt Alternative) float64 {
	switch alt {
	case Greater:
		return normalSurvival(z)
	case Less:
		return normalCDF(z)
	}
	return 2 * math.Min(normalCDF(z), normalSurvival(z))
}

// kendallTail returns P(T ≤ q), or P(T ≥ q) when upper, for T the number
// of concordant pairs among n untied pairs under independence: the
// distribution of the number of inversions of a random permutation (the
// Mahonian numbers over n!), built as probabilities so that no count
// overflows.
func kendallTail(q float64, n int, upper bool) float64 {
	m := n * (n - 1) / 2
	switch {
	case !upper && q < 0, upper && q > float64(m):
		return 0
	case !upper && q >= float64(m), upper && q <= 0:
		return 1
	}
	// c[k] = P(k inversions) among i elements, built up in i: inserting
	// element i adds 0 … i−1 inversions with equal probability.
	c := make([]float64, m+1)
	c[0] = 1
	next := make([]float64, m+1)
	top := 0
	for i := 2; i <= n; i++ {
		top += i - 1
		var win float64
		for k := 0; k <= top; k++ {
			win += c[k]
			if k-i >= 0 {
				win -= c[k-i]
			}
			next[k] = win / float64(i)
		}
		c, next = next, c
	}
	// The distribution is symmetric (c[k] = c[m−k]): an upper tail is
	// summed as the lower tail of m − q, from the small probabilities at
	// the start, which the recursion keeps to full relative accuracy.
	if upper {
		q = float64(m) - q
	}
	var s float64
	for k := 0; float64(k) <= q; k++ {
		s += c[k]
	}
	return math.Min(s, 1)
}
