// Package parallel splits loops over rows into fixed chunks run on up to
// GOMAXPROCS goroutines, for code whose results must not depend on the
// number of goroutines.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For splits [0, n) into consecutive chunks of size chunk (the last may be
// shorter) and calls fn(c, lo, hi) once for each chunk c = 0, 1, …, on up to
// GOMAXPROCS goroutines. It returns the number of chunks.
//
// The chunk boundaries depend only on n and chunk, never on the number of
// goroutines, so a caller that writes disjoint outputs per chunk, or
// reduces per-chunk partial results in chunk order, gets bit-identical
// results whatever GOMAXPROCS is. fn must be safe to call concurrently for
// different chunks. chunk must be positive.
func For(n, chunk int, fn func(c, lo, hi int)) int {
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

// Do runs the functions concurrently (on up to GOMAXPROCS goroutines) and
// returns when all have returned.
func Do(fns ...func()) {
	For(len(fns), 1, func(c, _, _ int) { fns[c]() })
}
