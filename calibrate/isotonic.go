package calibrate

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// IsotonicOptions controls Isotonic. The zero value means the defaults.
type IsotonicOptions struct {
	// Decreasing fits a non-increasing function instead of the default
	// non-decreasing one.
	Decreasing bool
}

// IsotonicFit is a monotone step function of x fitted by weighted least
// squares.
//
// Ties in x are pooled as R's stats::isoreg pools them (it sorts by x, then
// by decreasing y, so every tie group ends in one block): the fit has one
// value per unique x, equal to the weighted isotonic regression of the per-x
// weighted means with weights the per-x total weights.
type IsotonicFit struct {
	// X holds the unique x values in increasing order.
	X []float64
	// Fitted is the fitted value at each X.
	Fitted []float64
	// N is the number of observations at each X; Weight their total weight
	// (equal to N without weights); MeanY their weighted mean response.
	N      []int
	Weight []float64
	MeanY  []float64
	// SSE is Σ wᵢ (yᵢ − fitted(xᵢ))² over all observations.
	SSE float64
	// Blocks is the number of distinct fitted levels (R: length(unique(yf))).
	Blocks     int
	Decreasing bool
}

// Isotonic fits a monotone (non-decreasing by default) step function of x to
// y by weighted least squares with the pool-adjacent-violators algorithm.
//
// w may be nil (all weights 1); weights must be finite and > 0. NaN or Inf in
// x, y or w gives a *DataError naming the row; mismatched lengths give
// ErrLength; no observations give ErrEmpty; finite values so large that a
// weighted sum, a fitted value or the SSE overflows a float64 give
// ErrInvalidInput. Inputs are not modified.
func Isotonic(x, y, w []float64, opt IsotonicOptions) (*IsotonicFit, error) {
	n := len(x)
	if n == 0 {
		return nil, ErrEmpty
	}
	if len(y) != n {
		return nil, lengthf("isotonic: x has %d values, y has %d", n, len(y))
	}
	if w != nil && len(w) != n {
		return nil, lengthf("isotonic: x has %d values, w has %d", n, len(w))
	}
	for i := 0; i < n; i++ {
		if err := finite(i, "x", x[i]); err != nil {
			return nil, err
		}
		if err := finite(i, "y", y[i]); err != nil {
			return nil, err
		}
		if w != nil {
			if err := finite(i, "weight", w[i]); err != nil {
				return nil, err
			}
			if w[i] <= 0 {
				return nil, &DataError{Row: i, Column: "weight", Value: w[i], Err: ErrInvalidInput}
			}
		}
	}
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	sort.SliceStable(ord, func(a, b int) bool { return x[ord[a]] < x[ord[b]] })
	fit := &IsotonicFit{Decreasing: opt.Decreasing}
	var sums []float64
	for k := 0; k < n; {
		j := k
		xv := x[ord[k]]
		var sw, swy float64
		for j < n && x[ord[j]] == xv {
			wi := 1.0
			if w != nil {
				wi = w[ord[j]]
			}
			sw += wi
			swy += wi * y[ord[j]]
			j++
		}
		fit.X = append(fit.X, xv)
		fit.N = append(fit.N, j-k)
		fit.Weight = append(fit.Weight, sw)
		sums = append(sums, swy)
		fit.MeanY = append(fit.MeanY, meanOfGroup(y, w, ord[k:j], swy, sw))
		k = j
	}
	var ok bool
	if fit.Fitted, ok = pavaSums(sums, fit.Weight, opt.Decreasing); !ok {
		return nil, errOverflow("isotonic")
	}
	u := 0
	for _, i := range ord {
		for fit.X[u] != x[i] {
			u++
		}
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		r := y[i] - fit.Fitted[u]
		fit.SSE += wi * r * r
	}
	if !allFinite(fit.MeanY, fit.Weight, []float64{fit.SSE}) {
		return nil, errOverflow("isotonic")
	}
	levels := slices.Clone(fit.Fitted)
	fit.Blocks = len(slices.Compact(levels))
	return fit, nil
}

// allFinite reports whether every value is finite (a result computed from
// finite input that overflowed is not).
func allFinite(results ...[]float64) bool {
	for _, r := range results {
		for _, v := range r {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// errOverflow reports finite input whose weighted sums overflow.
func errOverflow(what string) error {
	return invalidf("%s: values or weights so large that the weighted sums overflow a float64", what)
}

// meanOfGroup returns the weighted mean of y over the rows idx. For a group
// of equal values it returns that value exactly.
func meanOfGroup(y, w []float64, idx []int, swy, sw float64) float64 {
	if w == nil {
		// Plain mean as R's mean(): sum / n, then one refinement pass.
		n := float64(len(idx))
		s := 0.0
		for _, i := range idx {
			s += y[i]
		}
		m := s / n
		t := 0.0
		for _, i := range idx {
			t += y[i] - m
		}
		return m + t/n
	}
	return swy / sw
}

// Predict evaluates the fitted step function at v: the fitted value at the
// largest X ≤ v (right-continuous steps, as R's as.stepfun(isoreg)), the
// first fitted value below X[0]. NaN gives NaN.
func (f *IsotonicFit) Predict(v float64) float64 {
	if math.IsNaN(v) {
		return math.NaN()
	}
	k := sort.SearchFloat64s(f.X, v) // first index with X[k] >= v
	if k < len(f.X) && f.X[k] == v {
		return f.Fitted[k]
	}
	if k == 0 {
		return f.Fitted[0]
	}
	return f.Fitted[k-1]
}

// PAVA returns the weighted least-squares monotone fit to the sequence y
// (non-decreasing unless decreasing is set) by the pool-adjacent-violators
// algorithm. w may be nil for unit weights. Each block's value is its
// weighted mean.
//
// The fit is undefined for some input, which is an error and never a NaN
// result: NaN or ±Inf in y or w, or a weight ≤ 0, gives a *DataError naming
// the row (wrapping ErrNonFinite or ErrInvalidInput); a w of another length
// ErrLength; an empty y ErrEmpty; finite values so large that a weighted sum
// overflows a float64 ErrInvalidInput. Inputs are not modified.
func PAVA(y, w []float64, decreasing bool) ([]float64, error) {
	if len(y) == 0 {
		return nil, fmt.Errorf("%w: PAVA of no values", ErrEmpty)
	}
	if w != nil && len(w) != len(y) {
		return nil, lengthf("PAVA: y has %d values, w has %d", len(y), len(w))
	}
	sums := make([]float64, len(y))
	wt := make([]float64, len(y))
	for i, v := range y {
		if err := finite(i, "y", v); err != nil {
			return nil, err
		}
		wt[i] = 1
		if w != nil {
			if err := finite(i, "weight", w[i]); err != nil {
				return nil, err
			}
			if w[i] <= 0 {
				return nil, &DataError{Row: i, Column: "weight", Value: w[i], Err: ErrInvalidInput}
			}
			wt[i] = w[i]
		}
		sums[i] = wt[i] * v
	}
	out, ok := pavaSums(sums, wt, decreasing)
	if !ok || !allFinite(sums) {
		return nil, errOverflow("PAVA")
	}
	return out, nil
}

// pavaSums is PAVA on blocks given by their weighted sums Σwy and weights
// Σw. Pooled blocks keep exact running sums, so a block's value is
// (Σwy)/(Σw) as in R's isoreg (cumulative sums divided by counts). ok is
// false when a pooled sum or weight overflowed.
func pavaSums(sums, w []float64, decreasing bool) (out []float64, ok bool) {
	n := len(sums)
	out = make([]float64, n)
	if n == 0 {
		return out, true
	}
	sign := 1.0
	if decreasing {
		sign = -1
	}
	// Blocks on a stack: sum, weight, start index.
	sm := make([]float64, 0, n)
	wt := make([]float64, 0, n)
	start := make([]int, 0, n)
	for i := 0; i < n; i++ {
		sm = append(sm, sign*sums[i])
		wt = append(wt, w[i])
		start = append(start, i)
		for len(sm) > 1 {
			k := len(sm) - 1
			// violation: mean of block k-1 > mean of block k
			if sm[k-1]/wt[k-1] <= sm[k]/wt[k] {
				break
			}
			sm[k-1] += sm[k]
			wt[k-1] += wt[k]
			sm, wt, start = sm[:k], wt[:k], start[:k]
		}
	}
	for b := range sm {
		end := n
		if b+1 < len(start) {
			end = start[b+1]
		}
		v := sign * sm[b] / wt[b]
		for i := start[b]; i < end; i++ {
			out[i] = v
		}
	}
	return out, allFinite(sm, wt, out)
}

func finite(row int, col string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return &DataError{Row: row, Column: col, Value: v, Err: ErrNonFinite}
	}
	return nil
}
