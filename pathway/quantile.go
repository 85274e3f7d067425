package pathway

import (
	"fmt"
	"math"
)

// QuantileType is a Hyndman–Fan sample-quantile definition as numbered in
// R's quantile(type =). Only types 6 and 7 are supported here.
type QuantileType int

const (
	// Type7 is R's default: h = (n−1)p + 1 (numpy "linear", Excel PERCENTILE.INC).
	Type7 QuantileType = 7
	// Type6 is h = (n+1)p clamped to [1, n] (numpy "weibull", SPSS, Excel PERCENTILE.EXC).
	Type6 QuantileType = 6
)

// sampleQuantile returns the p-quantile of sorted (ascending, no NaN,
// non-empty) data as R's quantile.default.
func sampleQuantile(x []float64, p float64, typ QuantileType) float64 {
	n := len(x)
	switch typ {
	case Type7:
		index := 1 + float64(max(n-1, 0))*p
		lo := math.Floor(index)
		hi := math.Ceil(index)
		qs := x[int(lo)-1]
		xh := x[int(hi)-1]
		if index > lo && xh != qs {
			h := index - lo
			qs = (1-h)*qs + h*xh
		}
		return qs
	case Type6:
		const fuzz = 4 * 0x1p-52
		nppm := p * float64(n+1)
		j := math.Floor(nppm + fuzz)
		h := nppm - j
		if math.Abs(h) < fuzz {
			h = 0
		}
		at := func(k int) float64 { // x padded as c(x1, x1, x, xn, xn), 1-based k
			switch {
			case k <= 2:
				return x[0]
			case k >= n+3:
				return x[n-1]
			}
			return x[k-3]
		}
		ji := int(j)
		lo, hi := at(ji+2), at(ji+3)
		switch {
		case h == 1:
			return hi
		case h > 0 && h < 1 && lo != hi:
			return (1-h)*lo + h*hi
		}
		return lo
	}
	panic(fmt.Sprintf("pathway: quantile type %d not supported", typ))
}
