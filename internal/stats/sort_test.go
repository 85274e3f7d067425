package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortFloats compares the radix sort with slices.Sort on data with
// negatives, zeros of both signs, ties, huge and tiny values.
func TestSortFloats(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 10, 4095, 4096, 50_000} {
		x := make([]float64, n)
		for i := range x {
			switch rng.IntN(6) {
			case 0:
				x[i] = float64(rng.IntN(20) - 10)
			case 1:
				x[i] = math.Copysign(0, -1)
			case 2:
				x[i] = rng.NormFloat64() * 1e300
			case 3:
				x[i] = rng.NormFloat64() * 1e-300
			default:
				x[i] = rng.NormFloat64()
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		SortFloats(x)
		for i := range x {
			if x[i] != want[i] { // −0 == +0
				t.Fatalf("n=%d: x[%d] = %v, want %v", n, i, x[i], want[i])
			}
		}
	}
}
