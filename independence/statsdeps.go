package independence

// Numerical building blocks. These forward to internal/stats once it is
// available; until then they are implemented here.

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"
)

func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func normalSurvival(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

func normalQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

func studentTSurvival(t, df float64) float64 {
	if math.IsInf(t, 1) {
		return 0
	}
	if math.IsInf(t, -1) {
		return 1
	}
	x := df / (df + t*t)
	tail := 0.5 * mathext.RegIncBeta(df/2, 0.5, x)
	if t > 0 {
		return tail
	}
	return 1 - tail
}

func midRanks(x []float64) []float64 {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1..j averaged
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}

func quantileOf(sorted []float64, p float64, typ int) (float64, error) {
	if typ != 7 {
		return math.NaN(), ErrInvalidOptions
	}
	return quantileSorted(sorted, p, typ), nil
}

// quantileSorted is R's type 7 quantile of sorted data.
func quantileSorted(sorted []float64, p float64, typ int) float64 {
	n := len(sorted)
	h := float64(n-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
