package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pfnDesign returns a design of preprocessMinRows + 10000 rows with
// heteroscedastic, heavy-tailed errors; with rare true, a dummy set in one
// row in 500 carries a large interaction the model leaves out, so the
// subsample estimates it badly and rows fall on the wrong side of their
// globs (fix-ups, a doubled subsample, or the fallback to all rows).
func pfnDesign(t *testing.T, rare bool) *Design {
	n := preprocessMinRows + 10000
	r := rand.New(rand.NewPCG(11, 12))
	cols := make([][]float64, 3)
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		cols[0][i] = r.NormFloat64()
		cols[1][i] = r.Float64() * 10
		scale := 1 + 0.5*cols[1][i]
		e := r.NormFloat64() / (0.2 + r.Float64())
		y[i] = 2 + cols[0][i] - 0.3*cols[1][i] + scale*e
		if rare {
			if r.IntN(500) == 0 {
				cols[2][i] = 1
			}
			y[i] += 40 * cols[2][i] * (1 + cols[1][i])
		} else {
			cols[2][i] = float64(r.IntN(2))
			y[i] += 1.5 * cols[2][i]
		}
	}
	d, err := NewDesign([]string{"a", "b", "c"}, cols, y, true)
	mustNo(t, err)
	return d
}

// TestQuantRegPreprocessing checks that the interior point with
// preprocessing (n ≥ preprocessMinRows) ends at an optimum of the same
// objective as the exact simplex on all rows, at several quantiles, both where the
// preprocessing succeeds at once and where it has to correct itself or
// give up.
func TestQuantRegPreprocessing(t *testing.T) {
	for _, rare := range []bool{false, true} {
		d := pfnDesign(t, rare)
		n, p := d.Dims()
		for _, tau := range []float64{0.1, 0.5, 0.9} {
			fast, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: QuantRegInteriorPoint})
			mustNo(t, err)
			if !rare {
				raw := d.X.RawMatrix()
				q := &rqProblem{x: raw.Data, stride: raw.Stride, n: n, p: p, y: d.Y, tau: tau}
				if _, _, ok := q.preprocessed(100); !ok {
					t.Errorf("tau %v: preprocessing did not succeed", tau)
				}
			}
			exact, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: QuantRegSimplex})
			mustNo(t, err)
			if rel := math.Abs(fast.Objective-exact.Objective) / exact.Objective; rel > 1e-13 {
				t.Errorf("rare %v tau %v: objective %.17g, simplex %.17g (rel %.2g)", rare, tau, fast.Objective, exact.Objective, rel)
			}
			// The optimum need not be unique (here binary columns make
			// optimal faces), so the vertices are compared by objective;
			// both must be vertices.
			if fast.NZero < p || exact.NZero < p {
				t.Errorf("rare %v tau %v: %d and %d zero residuals, want at least %d", rare, tau, fast.NZero, exact.NZero, p)
			}
		}
	}
}

func TestKthSmallest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 10, 1000} {
		a := make([]float64, n)
		for i := range a {
			a[i] = float64(r.IntN(n/2 + 1)) // ties
		}
		s := append([]float64(nil), a...)
		sortFloats(s)
		for _, k := range []int{0, n / 3, n / 2, n - 1} {
			b := append([]float64(nil), a...)
			if got := kthSmallest(b, k); got != s[k] {
				t.Errorf("n %d k %d: got %v, want %v", n, k, got, s[k])
			}
		}
	}
}

func sortFloats(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
