package stats

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors. Errors returned by this package wrap one of these; test
// with errors.Is.
var (
	// ErrEmpty: the data slice is empty.
	ErrEmpty = errors.New("stats: empty data")
	// ErrProbability: a probability is NaN or outside [0, 1].
	ErrProbability = errors.New("stats: probability outside [0, 1]")
	// ErrUnsorted: the data are not sorted in ascending order.
	ErrUnsorted = errors.New("stats: data not sorted ascending")
	// ErrNaN: the data contain a NaN.
	ErrNaN = errors.New("stats: NaN in data")
	// ErrType: the quantile type is not one of 1..9.
	ErrType = errors.New("stats: quantile type must be 1..9")
)

// QuantileType selects one of the nine sample quantile definitions of
// Hyndman and Fan (1996), numbered as in R's quantile(type = ...).
//
// With x[1] <= ... <= x[n] the sorted data (1-based, x[k] = x[1] for k < 1
// and x[n] for k > n):
//
// Discontinuous types (R 4.2's code, without any rounding fuzz):
//   - Type1: inverse of the empirical CDF. j = floor(np); x[j+1] if np > j,
//     else x[j].
//   - Type2: as Type1 but averaging at discontinuities: (x[j] + x[j+1])/2
//     when np is an integer j.
//   - Type3: nearest even order statistic (SAS definition 2). nppm = np − 1/2,
//     j = floor(nppm); x[j] if nppm = j and j is even, else x[j+1].
//
// Continuous types: with constants (a, b), nppm = a + p(n + 1 − a − b),
// j = floor(nppm + 4ε), h = nppm − j with |h| < 4ε set to 0 (ε the machine
// epsilon, R's "fuzz"), and Q(p) = (1 − h)x[j] + h·x[j+1], skipping the
// interpolation when h = 0, h = 1 or x[j] = x[j+1]:
//   - Type4: a = 0, b = 1 (linear interpolation of the empirical CDF).
//   - Type5: a = b = 1/2 (Hazen).
//   - Type6: a = b = 0 (Weibull; h = (n+1)p; SPSS, Minitab, numpy "weibull").
//   - Type7: a = b = 1 (R's default; h = (n−1)p + 1; numpy "linear", Excel
//     PERCENTILE.INC). Computed with R's own type-7 branch: index = 1 + (n−1)p,
//     lo = floor(index), Q = (1 − h)x[lo] + h·x[lo+1], h = index − lo.
//   - Type8: a = b = 1/3 (median-unbiased; recommended by Hyndman and Fan).
//   - Type9: a = b = 3/8 (approximately unbiased for normal data).
//
// R 4.3 added a fuzz to the discontinuous types 1–3 as well; this package
// follows R 4.2.2, which made the project's reference results. The two
// differ only when np lies within a few units in the last place of an integer.
type QuantileType int

// The nine Hyndman–Fan quantile types.
const (
	Type1 QuantileType = 1
	Type2 QuantileType = 2
	Type3 QuantileType = 3
	Type4 QuantileType = 4
	Type5 QuantileType = 5
	Type6 QuantileType = 6
	Type7 QuantileType = 7 // R's default
	Type8 QuantileType = 8
	Type9 QuantileType = 9
)

// String returns "type N".
func (t QuantileType) String() string { return fmt.Sprintf("type %d", int(t)) }

// fuzz is R's 4 * .Machine$double.eps.
const fuzz = 4 * 0x1p-52

// pSlack is R's tolerance for probabilities slightly outside [0, 1]
// (100 * .Machine$double.eps); such values are clamped.
const pSlack = 100 * 0x1p-52

// Quantile returns the p-quantile of sorted, which must be sorted ascending
// and contain no NaN, by R's quantile type typ (1..9; Type7 is R's default).
//
// It validates the whole slice (one O(n) pass); use [Quantiles] for several
// probabilities, or [QuantileUnchecked] when the caller guarantees the order.
// Errors: [ErrEmpty], [ErrProbability], [ErrType], [ErrUnsorted], [ErrNaN].
func Quantile(sorted []float64, p float64, typ QuantileType) (float64, error) {
	if err := checkSorted(sorted); err != nil {
		return math.NaN(), err
	}
	return QuantileUnchecked(sorted, p, typ)
}

// Quantiles returns the quantiles of sorted at each probability in ps, by
// type typ. It checks sorted once. On error it returns nil and an error
// naming the offending probability's index.
func Quantiles(sorted []float64, ps []float64, typ QuantileType) ([]float64, error) {
	if err := checkSorted(sorted); err != nil {
		return nil, err
	}
	out := make([]float64, len(ps))
	for i, p := range ps {
		q, err := QuantileUnchecked(sorted, p, typ)
		if err != nil {
			return nil, fmt.Errorf("stats: probability %d: %w", i, err)
		}
		out[i] = q
	}
	return out, nil
}

// QuantileUnchecked is [Quantile] without the O(n) check that sorted is
// ascending and free of NaN; it runs in O(1). It still reports an empty slice,
// a bad probability or a bad type. If sorted is not sorted the result is
// meaningless, but it never panics.
func QuantileUnchecked(sorted []float64, p float64, typ QuantileType) (float64, error) {
	n := len(sorted)
	if n == 0 {
		return math.NaN(), ErrEmpty
	}
	if typ < Type1 || typ > Type9 {
		return math.NaN(), fmt.Errorf("%w (got %d)", ErrType, int(typ))
	}
	if math.IsNaN(p) || p < -pSlack || p > 1+pSlack {
		return math.NaN(), fmt.Errorf("%w (got %v)", ErrProbability, p)
	}
	p = math.Max(0, math.Min(1, p))
	if typ == Type7 {
		return quantile7(sorted, p), nil
	}
	fn := float64(n)
	var j, h float64
	if typ <= Type3 {
		// R 4.2.2: no fuzz for the discontinuous types.
		nppm := fn * p
		if typ == Type3 {
			nppm -= 0.5
		}
		j = math.Floor(nppm)
		switch typ {
		case Type1:
			h = b2f(nppm > j)
		case Type2:
			h = (b2f(nppm > j) + 1) / 2
		case Type3:
			h = b2f(nppm != j || int64(j)&1 == 1) // j %% 2 == 1 in R, also for j = -1
		}
	} else {
		var a, b float64
		switch typ {
		case Type4:
			a, b = 0, 1
		case Type5:
			a, b = 0.5, 0.5
		case Type6:
			a, b = 0, 0
		case Type8:
			a, b = 1.0/3, 1.0/3
		case Type9:
			a, b = 3.0/8, 3.0/8
		}
		// R: nppm <- a + probs * (n + 1 - a - b); explicit float64() conversions
		// prevent fused multiply-add so results are bit-identical to R's.
		nppm := a + float64(p*(fn+1-a-b))
		j = math.Floor(nppm + fuzz)
		h = nppm - j
		if math.Abs(h) < fuzz {
			h = 0
		}
	}
	lo := order(sorted, j)   // R's x[j+2] in the padded vector
	hi := order(sorted, j+1) // R's x[j+3]
	switch {
	case h == 1:
		return hi, nil
	case 0 < h && h < 1 && lo != hi:
		return float64((1-h)*lo) + float64(h*hi), nil
	default:
		return lo, nil
	}
}

// quantile7 is R's dedicated type-7 branch.
func quantile7(x []float64, p float64) float64 {
	index := 1 + float64(float64(len(x)-1)*p)
	lo := math.Floor(index)
	hi := math.Ceil(index)
	qs := x[int(lo)-1]
	xh := x[int(hi)-1]
	if index > lo && xh != qs {
		h := index - lo
		qs = float64((1-h)*qs) + float64(h*xh)
	}
	return qs
}

// order returns the j-th order statistic (1-based), clamped to [1, n].
func order(x []float64, j float64) float64 {
	switch {
	case j < 1:
		return x[0]
	case j > float64(len(x)):
		return x[len(x)-1]
	}
	return x[int(j)-1]
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// checkSorted reports ErrEmpty, ErrNaN or ErrUnsorted with the index.
func checkSorted(x []float64) error {
	if len(x) == 0 {
		return ErrEmpty
	}
	if math.IsNaN(x[0]) {
		return fmt.Errorf("%w at index 0", ErrNaN)
	}
	for i := 1; i < len(x); i++ {
		v := x[i]
		if !(v >= x[i-1]) {
			if math.IsNaN(v) {
				return fmt.Errorf("%w at index %d", ErrNaN, i)
			}
			return fmt.Errorf("%w: index %d (%v) < index %d (%v)", ErrUnsorted, i, v, i-1, x[i-1])
		}
	}
	return nil
}
