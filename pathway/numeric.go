package pathway

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Numerical helpers kept in one place so that they can be swapped for the
// shared internal/stats implementations.

// normalQuantile returns the standard normal quantile (inverse CDF) at p.
func normalQuantile(p float64) float64 { return mathext.NormalQuantile(p) }

// normalCDF returns P(Z <= z).
func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// chiSquareSurvival returns P(X > x) for X chi-square with df degrees of freedom.
func chiSquareSurvival(x, df float64) float64 {
	if math.IsNaN(x) {
		return math.NaN()
	}
	if x <= 0 {
		return 1
	}
	return mathext.GammaIncRegComp(0.5*df, 0.5*x)
}
