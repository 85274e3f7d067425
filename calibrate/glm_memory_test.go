package calibrate

import (
	"math"
	"runtime"
	"testing"
)

// allocated returns the bytes allocated while running fn.
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// The budget: at most 3·8·n·p bytes allocated per fit.
func TestFitMemoryBudget(t *testing.T) {
	if testing.Short() || raceEnabled {
		// The race detector's instrumentation makes this slow (~20 s) and
		// does not change what is measured.
		t.Skip("allocates ~50 MB; skipped with -short and -race")
	}
	rng := newTestRand(2)
	n, p := 20000, 21
	names := make([]string, p-1)
	cols := make([][]float64, p-1)
	eta := make([]float64, n)
	for j := range cols {
		names[j] = "x" + string(rune('a'+j))
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			cols[j][i] = rng.NormFloat64()
			eta[i] += 0.05 * cols[j][i]
		}
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Exp(2+eta[i]) * (0.5 + rng.Float64())
	}
	d := mustDesign(t, names, cols, y, true)
	budget := uint64(3 * 8 * n * p)
	for name, fn := range map[string]func(){
		"glm qr":       func() { _, _ = GLM(d, GLMOptions{Family: Gamma, Link: Log, Solver: SolverQR}) },
		"glm normal":   func() { _, _ = GLM(d, GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal}) },
		"rlm":          func() { _, _ = RLM(d, RLMOptions{}) },
		"quantreg ipm": func() { _, _ = QuantReg(d, QuantRegOptions{Method: QuantRegInteriorPoint}) },
	} {
		if got := allocated(fn); got > budget {
			t.Errorf("%s: allocated %d bytes, budget 3·8·n·p = %d", name, got, budget)
		} else {
			t.Logf("%s: %.2f·(8·n·p)", name, float64(got)/float64(8*n*p))
		}
	}
}
