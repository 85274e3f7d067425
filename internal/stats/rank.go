package stats

import (
	"math"
	"slices"
)

// MidRanks returns the ranks 1..n of x, ties getting the average of the
// ranks they span (R's rank(x, ties.method = "average")). A NaN in x gets
// rank NaN and does not count towards the ranks of the other values
// (na.last = "keep"); the other values are ranked 1..m, m their number.
// x is not modified. MidRanks(nil) is an empty, non-nil slice.
func MidRanks(x []float64) []float64 {
	ranks := make([]float64, len(x))
	idx := make([]int, 0, len(x))
	for i, v := range x {
		if math.IsNaN(v) {
			ranks[i] = math.NaN()
			continue
		}
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		// positions i..j-1 (0-based) share ranks i+1..j: average (i+1+j)/2.
		r := float64(i+1+j) / 2
		for k := i; k < j; k++ {
			ranks[idx[k]] = r
		}
		i = j
	}
	return ranks
}
