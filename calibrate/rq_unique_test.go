package calibrate

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// heteroDesign returns a quantile-regression design with heteroskedastic errors.
func heteroDesign(seed uint64, n int) *Design {
	r := newTestRand(seed)
	x := make([]float64, n)
	z := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		x[i] = 10 * r.Float64()
		z[i] = r.NormFloat64()
		y[i] = 3 + 2*x[i] - z[i] + (1+0.3*x[i])*r.NormFloat64()
	}
	d, err := NewDesign([]string{"x", "z"}, [][]float64{x, z}, y, true)
	if err != nil {
		panic(err)
	}
	return d
}

// Continuous data give unique solutions, which every method reaches.
func TestQuantRegUniquenessContinuous(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		d := heteroDesign(seed, 40+int(seed)*13)
		for _, tau := range []float64{0.1, 0.5, 0.83} {
			sx, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: QuantRegSimplex})
			mustNo(t, err)
			ip, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: QuantRegInteriorPoint})
			mustNo(t, err)
			u, err := sx.Uniqueness(d)
			mustNo(t, err)
			equal(t, Unique, u, "seed %d tau %v", seed, tau)
			for j := range sx.Coefficients {
				inDelta(t, sx.Coefficients[j], ip.Coefficients[j], 1e-9*(1+math.Abs(sx.Coefficients[j])), "seed %d tau %v coef %d", seed, tau, j)
			}
		}
	}
}

// The median of an even number of points is any value between the middle
// two: not unique; of an odd number, the middle one. The τ-quantile of n
// points is not unique exactly when nτ is an integer. Tied values make a
// degenerate vertex (more zero residuals than coefficients).
func TestQuantRegUniquenessCases(t *testing.T) {
	even := &Design{Names: []string{InterceptName}, X: mat.NewDense(4, 1, []float64{1, 1, 1, 1}), Y: []float64{1, 2, 3, 4}}
	f, err := QuantReg(even, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	u, err := f.Uniqueness(even)
	mustNo(t, err)
	equal(t, NonUnique, u)
	odd := &Design{Names: []string{InterceptName}, X: mat.NewDense(3, 1, []float64{1, 1, 1}), Y: []float64{1, 2, 4}}
	g, err := QuantReg(odd, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	u, err = g.Uniqueness(odd)
	mustNo(t, err)
	equal(t, Unique, u)
	// τ = 0.25 of four points: between the first and second.
	h, err := QuantReg(even, QuantRegOptions{Tau: 0.25})
	mustNo(t, err)
	u, _ = h.Uniqueness(even)
	equal(t, NonUnique, u)
	// τ = 0.3 of four points: the second point, uniquely.
	k, err := QuantReg(even, QuantRegOptions{Tau: 0.3})
	mustNo(t, err)
	u, _ = k.Uniqueness(even)
	equal(t, Unique, u)
	inDelta(t, 2, k.Coefficients[0], 1e-12)
	// Tied values: three zero residuals at the median of 1, 2, 2, 2, 9.
	tied := &Design{Names: []string{InterceptName}, X: mat.NewDense(5, 1, []float64{1, 1, 1, 1, 1}), Y: []float64{1, 2, 2, 2, 9}}
	m, err := QuantReg(tied, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	u, _ = m.Uniqueness(tied)
	equal(t, Undecided, u)
	_, err = m.Uniqueness(even)
	errIs(t, err, ErrLength)
	equal(t, "non-unique", NonUnique.String())
}
