package calibrate

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user + system) used by the process so far.
// Benchmarks report it per operation as "cpu-ns/op" because wall time is
// unreliable on a shared machine; with -cpu 1 (GOMAXPROCS=1) and a
// single-goroutine fit it is the single-core time including GC.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkGLMGamma fits the Gamma/log cost model (intercept + 20
// predictors) with R's defaults on the perf data (perfDesign: the recipe of
// scripts/gen_perf_data.R, built outside the timed loop). The per-row
// passes run on up to GOMAXPROCS goroutines. R: glm 0.93 s at 200k, 4.8 s
// at 1M (perf.md); BenchmarkVsR times the fit with NewDesign, side by side
// with R in scripts/perf/run.sh.
func BenchmarkGLMGamma(b *testing.B) {
	for _, n := range []int{200000, 1000000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := perfDesign(b, n)
			b.ReportAllocs()
			var it, ops int
			c0 := cpuTime()
			for b.Loop() {
				f, err := GLM(d, GLMOptions{Family: Gamma, Link: Log})
				if err != nil {
					b.Fatal(err)
				}
				it = f.Iterations
				ops++
			}
			b.ReportMetric(float64(cpuTime()-c0)/float64(ops), "cpu-ns/op")
			b.ReportMetric(float64(it), "iter")
		})
	}
}
