package pathway

import (
	"math"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// QuantileType is a Hyndman–Fan sample-quantile definition as numbered in
// R's quantile(type =): 1 to 9. Type7 is R's default and the zero value's
// meaning in every options struct of this package.
type QuantileType = stats.QuantileType

const (
	// Type1 is the inverse of the empirical CDF (SAS definition 3).
	Type1 = stats.Type1
	// Type2 is Type1 averaging at discontinuities (SAS definition 5).
	Type2 = stats.Type2
	// Type3 is the nearest even order statistic (SAS definition 2).
	Type3 = stats.Type3
	// Type4 interpolates the empirical CDF linearly: h = np.
	Type4 = stats.Type4
	// Type5 is h = np + 1/2 (Hazen).
	Type5 = stats.Type5
	// Type6 is h = (n+1)p clamped to [1, n] (numpy "weibull", SPSS, Excel PERCENTILE.EXC).
	Type6 = stats.Type6
	// Type7 is R's default: h = (n−1)p + 1 (numpy "linear", Excel PERCENTILE.INC).
	Type7 = stats.Type7
	// Type8 is h = (n + 1/3)p + 1/3 (median-unbiased; Hyndman and Fan's recommendation).
	Type8 = stats.Type8
	// Type9 is h = (n + 1/4)p + 3/8 (approximately unbiased for normal data).
	Type9 = stats.Type9
)

// validType reports whether t is one of R's nine types.
func validType(t QuantileType) bool { return t >= Type1 && t <= Type9 }

// sampleQuantile returns the p-quantile of sorted (ascending, no NaN,
// non-empty) data as R's quantile.default; p and typ are validated by callers.
func sampleQuantile(x []float64, p float64, typ QuantileType) float64 {
	q, err := stats.QuantileUnchecked(x, p, typ)
	if err != nil {
		return math.NaN()
	}
	return q
}
