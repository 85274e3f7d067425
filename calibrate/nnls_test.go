package calibrate

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// MATLAB lsqnonneg documentation example; published solution x = [0, 0.6929].
func TestNNLSLsqnonnegExample(t *testing.T) {
	A := mat.NewDense(4, 2, []float64{0.0372, 0.2869, 0.6861, 0.7071, 0.6233, 0.6245, 0.6344, 0.6170})
	b := []float64{0.8587, 0.1781, 0.0747, 0.8405}
	fit, err := NNLS(A, b, NNLSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fit.X[0] != 0 || math.Abs(fit.X[1]-0.6929) > 5e-5 {
		t.Errorf("x = %v, want [0 0.6929]", fit.X)
	}
	if len(fit.Passive) != 1 || fit.Passive[0] != 1 {
		t.Errorf("passive = %v, want [1]", fit.Passive)
	}
	// RSS from the MATLAB documentation: resnorm = 0.8315.
	if math.Abs(fit.RSS-0.8315) > 5e-5 {
		t.Errorf("rss = %v, want 0.8315", fit.RSS)
	}
}

// bruteNNLS enumerates every passive set, solves the unconstrained problem on
// it and keeps the best feasible solution: the exact NNLS optimum for small n.
func bruteNNLS(A *mat.Dense, b []float64) ([]float64, float64) {
	m, n := A.Dims()
	best := math.Inf(1)
	var bestX []float64
	for mask := 0; mask < 1<<n; mask++ {
		var idx []int
		for j := 0; j < n; j++ {
			if mask&(1<<j) != 0 {
				idx = append(idx, j)
			}
		}
		x := make([]float64, n)
		if len(idx) > 0 {
			sub := mat.NewDense(m, len(idx), nil)
			for k, j := range idx {
				for i := 0; i < m; i++ {
					sub.Set(i, k, A.At(i, j))
				}
			}
			var sol mat.VecDense
			if err := sol.SolveVec(sub, mat.NewVecDense(m, b)); err != nil {
				continue
			}
			ok := true
			for k, j := range idx {
				x[j] = sol.AtVec(k)
				if x[j] < 0 {
					ok = false
				}
			}
			if !ok {
				continue
			}
		}
		rss := 0.0
		for i := 0; i < m; i++ {
			r := b[i]
			for j := 0; j < n; j++ {
				r -= A.At(i, j) * x[j]
			}
			rss += r * r
		}
		if rss < best {
			best, bestX = rss, x
		}
	}
	return bestX, best
}

func TestNNLSAgainstEnumeration(t *testing.T) {
	rng := newTestRand(7)
	for trial := 0; trial < 200; trial++ {
		m := 3 + rng.IntN(8)
		n := 1 + rng.IntN(5)
		A := mat.NewDense(m, n, nil)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				A.Set(i, j, rng.NormFloat64())
			}
		}
		b := make([]float64, m)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		fit, err := NNLS(A, b, NNLSOptions{})
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		_, rss := bruteNNLS(A, b)
		if fit.RSS > rss*(1+1e-10)+1e-12 {
			t.Errorf("trial %d (m=%d n=%d): rss %v, optimum %v", trial, m, n, fit.RSS, rss)
		}
		for j, v := range fit.X {
			if v < 0 {
				t.Errorf("trial %d: x[%d] = %v < 0", trial, j, v)
			}
		}
	}
}

func TestNNLSErrors(t *testing.T) {
	A := mat.NewDense(2, 1, []float64{1, math.NaN()})
	_, err := NNLS(A, []float64{1, 2}, NNLSOptions{})
	var de *DataError
	if !errors.As(err, &de) || de.Row != 1 || !errors.Is(err, ErrNonFinite) {
		t.Errorf("NaN in A: err = %v", err)
	}
	_, err = NNLS(mat.NewDense(2, 1, []float64{1, 2}), []float64{1}, NNLSOptions{})
	if !errors.Is(err, ErrLength) {
		t.Errorf("length mismatch: err = %v", err)
	}
}
