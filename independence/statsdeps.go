package independence

// Numerical building blocks, forwarded to internal/stats.

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

func normalCDF(z float64) float64 { return stats.NormalCDF(z) }

func normalSurvival(z float64) float64 { return stats.NormalSurvival(z) }

func normalQuantile(p float64) float64 { return stats.NormalQuantile(p) }

func studentTSurvival(t, df float64) float64 { return stats.StudentTSurvival(t, df) }

func midRanks(x []float64) []float64 { return stats.MidRanks(x) }

// quantileOf returns the p-quantile of sorted (ascending, finite) data by
// Hyndman–Fan type typ (1..9).
func quantileOf(sorted []float64, p float64, typ int) (float64, error) {
	q, err := stats.QuantileUnchecked(sorted, p, stats.QuantileType(typ))
	if err != nil {
		return q, fmt.Errorf("%w: quantile: %w", ErrInvalidOptions, err)
	}
	return q, nil
}
