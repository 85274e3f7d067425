package calibrate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// bigDesign returns a random design with n rows, an intercept and p−1
// predictors, large enough to be split into several chunks.
func bigDesign(t testing.TB, n, p int, seed uint64) ([]string, [][]float64, []float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	names := make([]string, p-1)
	cols := make([][]float64, p-1)
	y := make([]float64, n)
	for j := range cols {
		names[j] = fmt.Sprintf("x%d", j+1)
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			cols[j][i] = r.NormFloat64() + float64(j)
		}
	}
	for i := range y {
		y[i] = 3 + r.NormFloat64()
		for j := range cols {
			y[i] += 0.1 * float64(j+1) * cols[j][i]
		}
	}
	return names, cols, y
}

// TestNewDesignErrorsAcrossChunks checks that NewDesign, which checks the
// values while copying them in parallel chunks, reports the first bad value
// in row order (as Validate does), whichever chunk finds one first.
func TestNewDesignErrorsAcrossChunks(t *testing.T) {
	n := 3*designChunk + 5
	names, cols, y := bigDesign(t, n, 6, 1)
	cols[3][2*designChunk+1] = math.NaN()
	cols[1][designChunk+7] = math.Inf(-1)
	y[designChunk+7] = math.NaN() // same row, later column: x2 is reported
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		_, err := NewDesign(names, cols, y, true)
		runtime.GOMAXPROCS(old)
		var de *DataError
		if !errors.As(err, &de) || !errors.Is(err, ErrNonFinite) {
			t.Fatalf("GOMAXPROCS %d: got %v, want a *DataError wrapping ErrNonFinite", procs, err)
		}
		if de.Row != designChunk+7 || de.Column != "x2" || !math.IsInf(de.Value, -1) {
			t.Errorf("GOMAXPROCS %d: got row %d column %q value %v, want row %d column x2 value -Inf",
				procs, de.Row, de.Column, de.Value, designChunk+7)
		}
	}
	// The response alone.
	names, cols, y = bigDesign(t, n, 3, 2)
	y[n-1] = math.Inf(1)
	_, err := NewDesign(names, cols, y, false)
	var de *DataError
	if !errors.As(err, &de) || de.Row != n-1 || de.Column != "y" {
		t.Errorf("got %v, want a *DataError at row %d column y", err, n-1)
	}
}

// TestLargeFitsDoNotDependOnGOMAXPROCS checks that the parallel parts of
// the large-design paths (NewDesign, the Gram matrix, the residual passes)
// give bit-identical fits whatever the number of goroutines, and that the
// large path agrees with the accurate path on the same data.
func TestLargeFitsDoNotDependOnGOMAXPROCS(t *testing.T) {
	n := 5*gramChunk + 123
	names, cols, y := bigDesign(t, n, 8, 3)
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 + float64(i%5)
	}
	type result struct {
		b, se []float64
		sigma float64
		fit0  float64
	}
	run := func(procs int) (ols, wls result) {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		d, err := NewDesign(names, cols, y, true)
		mustNo(t, err)
		get := func(f *LinearFit) result {
			r := result{b: f.Estimates, sigma: f.Sigma, fit0: f.Fitted[n-1]}
			for _, c := range f.Coefs {
				r.se = append(r.se, c.StdErr)
			}
			return r
		}
		f, err := OLS(d, Options{})
		mustNo(t, err)
		g, err := WLS(d, w, Analytic, Options{})
		mustNo(t, err)
		return get(f), get(g)
	}
	o1, w1 := run(1)
	for _, procs := range []int{2, 3} {
		o, w := run(procs)
		equal(t, o1, o, "OLS with GOMAXPROCS %d", procs)
		equal(t, w1, w, "WLS with GOMAXPROCS %d", procs)
	}
	// The same rows through the accurate path (a subset small enough).
	sub := make([]int, 2000)
	for i := range sub {
		sub[i] = i * (n / len(sub))
	}
	d, err := NewDesign(names, cols, y, true)
	mustNo(t, err)
	ds, err := d.SubsetRows(sub)
	mustNo(t, err)
	acc, err := OLS(ds, Options{})
	mustNo(t, err)
	// And the large path on the same subset repeated 300 times (frequency
	// weights would take the accurate path too): duplicating rows leaves
	// the coefficients unchanged.
	rep := make([]int, 0, 300*len(sub))
	for range 300 {
		rep = append(rep, sub...)
	}
	dr, err := d.SubsetRows(rep)
	mustNo(t, err)
	big, err := OLS(dr, Options{})
	mustNo(t, err)
	for j := range acc.Estimates {
		inDelta(t, acc.Estimates[j], big.Estimates[j], 1e-12*math.Max(1, math.Abs(acc.Estimates[j])), "coefficient %d", j)
	}
}

// TestGLMDoesNotDependOnGOMAXPROCS checks that a large Gamma/log GLM (the
// normal-equations solver, chunked passes) is bit-identical whatever the
// number of goroutines, and a Poisson/log one (changing weights) too.
func TestGLMDoesNotDependOnGOMAXPROCS(t *testing.T) {
	n := 3*rowChunk + 17
	names, cols, _ := bigDesign(t, n, 12, 4)
	r := rand.New(rand.NewPCG(5, 6))
	cost := make([]float64, n)
	count := make([]float64, n)
	for i := range cost {
		eta := 1 + 0.05*cols[0][i] - 0.02*cols[3][i]
		cost[i] = math.Exp(eta) * (r.ExpFloat64() + r.ExpFloat64()) / 2
		count[i] = math.Floor(math.Exp(eta) * r.Float64() * 2)
	}
	fit := func(procs int, y []float64, fam Family) *GLMFit {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		d, err := NewDesign(names, cols, y, true)
		mustNo(t, err)
		f, err := GLM(d, GLMOptions{Family: fam, Link: Log})
		mustNo(t, err)
		return f
	}
	for _, c := range []struct {
		y   []float64
		fam Family
	}{{cost, Gamma}, {count, Poisson}} {
		a := fit(1, c.y, c.fam)
		for _, procs := range []int{2, 3} {
			b := fit(procs, c.y, c.fam)
			equal(t, a.Coefficients, b.Coefficients, "%v coefficients, GOMAXPROCS %d", c.fam, procs)
			equal(t, a.Deviance, b.Deviance, "%v deviance, GOMAXPROCS %d", c.fam, procs)
			equal(t, a.AIC, b.AIC, "%v AIC, GOMAXPROCS %d", c.fam, procs)
			equal(t, a.Dispersion, b.Dispersion, "%v dispersion, GOMAXPROCS %d", c.fam, procs)
			equal(t, a.Coefs[1].StdErr, b.Coefs[1].StdErr, "%v SE, GOMAXPROCS %d", c.fam, procs)
			equal(t, a.Iterations, b.Iterations, "%v iterations, GOMAXPROCS %d", c.fam, procs)
		}
	}
}
