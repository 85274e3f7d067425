package calibrate

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// bruteQuantReg enumerates every p-subset of rows, fits it exactly and
// returns the smallest check loss: some optimum of the LP is always a vertex.
func bruteQuantReg(x [][]float64, y []float64, tau float64) float64 {
	n, p := len(x), len(x[0])
	best := math.Inf(1)
	idx := make([]int, p)
	var rec func(k, start int)
	rec = func(k, start int) {
		if k == p {
			a := mat.NewDense(p, p, nil)
			bv := mat.NewVecDense(p, nil)
			for r, i := range idx {
				a.SetRow(r, x[i])
				bv.SetVec(r, y[i])
			}
			var lu mat.LU
			lu.Factorize(a)
			if lu.Cond() > 1e12 {
				return
			}
			var sol mat.VecDense
			if err := lu.SolveVecTo(&sol, false, bv); err != nil {
				return
			}
			obj := 0.0
			for i := 0; i < n; i++ {
				r := y[i]
				for j := 0; j < p; j++ {
					r -= x[i][j] * sol.AtVec(j)
				}
				obj += checkLoss(r, tau)
			}
			best = math.Min(best, obj)
			return
		}
		for i := start; i < n; i++ {
			idx[k] = i
			rec(k+1, i+1)
		}
	}
	rec(0, 0)
	return best
}

func TestQuantRegAgainstEnumeration(t *testing.T) {
	rng := newTestRand(11)
	for trial := 0; trial < 300; trial++ {
		n := 4 + rng.IntN(9)
		p := 1 + rng.IntN(3)
		if p > n {
			p = n
		}
		names := make([]string, p-1)
		cols := make([][]float64, p-1)
		for j := range cols {
			names[j] = string(rune('a' + j))
			cols[j] = make([]float64, n)
			for i := range cols[j] {
				cols[j][i] = float64(rng.IntN(4)) // discrete: ties and degeneracy
			}
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = float64(rng.IntN(6))
		}
		d, err := NewDesign(names, cols, y, true)
		if err != nil {
			t.Fatal(err)
		}
		x := make([][]float64, n)
		for i := range x {
			x[i] = mat.Row(nil, i, d.X)
		}
		taus := []float64{0.5, 0.25, 0.9}
		tau := taus[rng.IntN(len(taus))]
		want := bruteQuantReg(x, y, tau)
		for _, m := range []QuantRegMethod{QuantRegSimplex, QuantRegInteriorPoint} {
			fit, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: m})
			var ae *AliasedError
			if errors.As(err, &ae) {
				continue // collinear random design
			}
			if err != nil {
				t.Fatalf("trial %d method %d: %v", trial, m, err)
			}
			if fit.Objective > want+1e-9*(1+want) {
				t.Errorf("trial %d method %d n=%d p=%d tau=%v: objective %v, optimum %v (x=%v y=%v)",
					trial, m, n, p, tau, fit.Objective, want, x, y)
			}
		}
	}
}

// Both methods reach an optimal vertex of the same LP: equal objectives on a
// medium problem with many tied responses (pence-rounded skewed costs).
func TestQuantRegMethodsAgree(t *testing.T) {
	rng := newTestRand(21)
	n, p := 3000, 6
	names := make([]string, p-1)
	cols := make([][]float64, p-1)
	for j := range cols {
		names[j] = string(rune('a' + j))
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			if j%2 == 0 {
				cols[j][i] = float64(rng.IntN(10))
			} else {
				cols[j][i] = rng.NormFloat64()
			}
		}
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Round(100*math.Exp(3+0.1*cols[0][i]+0.3*rng.NormFloat64())) / 100
		if i%7 == 0 {
			y[i] = 20 // a block of identical responses
		}
	}
	d := mustDesign(t, names, cols, y, true)
	for _, tau := range []float64{0.5, 0.75, 0.1} {
		a, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: QuantRegSimplex})
		if err != nil {
			t.Fatal(err)
		}
		b, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: QuantRegInteriorPoint})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(a.Objective-b.Objective) > 1e-10*a.Objective {
			t.Errorf("tau %v: simplex objective %.15g (%d pivots), interior point %.15g (%d its, %d pivots)",
				tau, a.Objective, a.Pivots, b.Objective, b.Iterations, b.Pivots)
		}
		if a.NZero < p || b.NZero < p {
			t.Errorf("tau %v: not vertices: %d and %d zero residuals", tau, a.NZero, b.NZero)
		}
	}
}
