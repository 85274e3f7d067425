package calibrate

import (
	"fmt"
	"testing"
)

// BenchmarkQuantReg fits median regression (intercept + 20 predictors) at
// 200,000 and 1,000,000 rows of the perf data with the interior-point
// method (with preprocessing) and the crossover to an exact vertex, on a
// design built outside the timed loop. R: rq(method = "fn") 1.4 s and 8.4 s
// (perf.md); BenchmarkVsR times the fit with NewDesign, side by side with R
// in scripts/perf/run.sh.
func BenchmarkQuantReg(b *testing.B) {
	for _, n := range []int{200000, 1000000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := perfDesign(b, n)
			b.ReportAllocs()
			var it, piv, ops int
			c0 := cpuTime()
			for b.Loop() {
				f, err := QuantReg(d, QuantRegOptions{Tau: 0.5})
				if err != nil {
					b.Fatal(err)
				}
				it, piv = f.Iterations, f.Pivots
				ops++
			}
			b.ReportMetric(float64(cpuTime()-c0)/float64(ops), "cpu-ns/op")
			b.ReportMetric(float64(it), "ipm-iter")
			b.ReportMetric(float64(piv), "pivots")
		})
	}
}
