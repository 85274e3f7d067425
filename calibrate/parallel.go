package calibrate

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forChunks splits [0, n) into consecutive chunks of size chunk (the last
// may be shorter) and calls fn(c, lo, hi) once for each chunk c = 0, 1, …,
// on up to GOMAXPROCS goroutines. It returns the number of chunks.
//
// The chunk boundaries depend only on n and chunk, never on the number of
// goroutines, so a caller that writes disjoint outputs per chunk, or
// reduces per-chunk partial results in chunk order, gets bit-identical
// results whatever GOMAXPROCS is. fn must be safe to call concurrently for
// different chunks.
func forChunks(n, chunk int, fn func(c, lo, hi int)) int {
	if n <= 0 {
		return 0
	}
	nc := (n + chunk - 1) / chunk
	workers := min(runtime.GOMAXPROCS(0), nc)
	if workers <= 1 {
		for c := 0; c < nc; c++ {
			fn(c, c*chunk, min(n, (c+1)*chunk))
		}
		return nc
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= nc {
					return
				}
				fn(c, c*chunk, min(n, (c+1)*chunk))
			}
		}()
	}
	wg.Wait()
	return nc
}

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
