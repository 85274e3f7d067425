package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestForCoversEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 5} {
		old := runtime.GOMAXPROCS(procs)
		for _, c := range []struct{ n, chunk, chunks int }{{0, 3, 0}, {1, 3, 1}, {10, 3, 4}, {12, 3, 4}, {1000, 7, 143}} {
			seen := make([]atomic.Int32, c.n)
			var calls atomic.Int32
			got := For(c.n, c.chunk, func(k, lo, hi int) {
				calls.Add(1)
				if lo != k*c.chunk || hi != min(c.n, (k+1)*c.chunk) {
					t.Errorf("n %d chunk %d: chunk %d is [%d, %d)", c.n, c.chunk, k, lo, hi)
				}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			if got != c.chunks || int(calls.Load()) != c.chunks {
				t.Errorf("n %d chunk %d: %d chunks, %d calls, want %d", c.n, c.chunk, got, calls.Load(), c.chunks)
			}
			for i := range seen {
				if v := seen[i].Load(); v != 1 {
					t.Errorf("n %d chunk %d: index %d visited %d times", c.n, c.chunk, i, v)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

func TestDo(t *testing.T) {
	var a, b atomic.Int32
	Do(func() { a.Add(1) }, func() { b.Add(2) })
	if a.Load() != 1 || b.Load() != 2 {
		t.Errorf("got %d %d, want 1 2", a.Load(), b.Load())
	}
}
