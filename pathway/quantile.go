package pathway

import (
	"math"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// QuantileType is a Hyndman–Fan sample-quantile definition as numbered in
// R's quantile(type =). This package accepts Type7 and Type6.
type QuantileType = stats.QuantileType

const (
	// Type7 is R's default: h = (n−1)p + 1 (numpy "linear", Excel PERCENTILE.INC).
	Type7 = stats.Type7
	// Type6 is h = (n+1)p clamped to [1, n] (numpy "weibull", SPSS, Excel PERCENTILE.EXC).
	Type6 = stats.Type6
)

// sampleQuantile returns the p-quantile of sorted (ascending, no NaN,
// non-empty) data as R's quantile.default; p and typ are validated by callers.
func sampleQuantile(x []float64, p float64, typ QuantileType) float64 {
	q, err := stats.QuantileUnchecked(x, p, typ)
	if err != nil {
		return math.NaN()
	}
	return q
}
