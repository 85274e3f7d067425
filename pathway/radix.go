package pathway

import "github.com/stonesoup-care/stonesoup/internal/stats"

// sortNonNegative sorts finite, non-negative floats ascending (see
// stats.SortFloats: a radix sort for large slices).
func sortNonNegative(x []float64) { stats.SortFloats(x) }
