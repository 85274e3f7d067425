package calibrate

import "github.com/stonesoup-care/stonesoup/internal/parallel"

// forChunks is parallel.For: fixed chunks of [0, n) on up to GOMAXPROCS
// goroutines, so that per-chunk results reduced in chunk order do not
// depend on GOMAXPROCS.
func forChunks(n, chunk int, fn func(c, lo, hi int)) int { return parallel.For(n, chunk, fn) }

// rowChunk is the number of rows per task of the per-row loops of the
// fitting code (GLM and the like).
const rowChunk = 1 << 15

// sumChunks returns the sum over the chunks of [0, n) (see forChunks, with
// rowChunk rows each) of fn(lo, hi), the chunk's own (compensated) partial
// sum; the partial sums are added in chunk order with compensation. With n
// ≤ rowChunk it is fn(0, n).
func sumChunks(n int, fn func(lo, hi int) float64) float64 {
	if n <= rowChunk {
		return fn(0, n)
	}
	parts := make([]float64, (n+rowChunk-1)/rowChunk)
	forChunks(n, rowChunk, func(c, lo, hi int) { parts[c] = fn(lo, hi) })
	var s neumaier
	for _, v := range parts {
		s.add(v)
	}
	return s.sum()
}
