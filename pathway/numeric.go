package pathway

import "github.com/stonesoup-care/stonesoup/internal/stats"

// Numerical helpers from the shared internal/stats package.

// normalQuantile returns the standard normal quantile (inverse CDF) at p.
func normalQuantile(p float64) float64 { return stats.NormalQuantile(p) }

// chiSquareSurvival returns P(X > x) for X chi-square with df degrees of freedom.
func chiSquareSurvival(x, df float64) float64 { return stats.ChiSquareSurvival(x, df) }
