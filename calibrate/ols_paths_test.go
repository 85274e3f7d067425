package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestLargeIllConditionedFitUsesQR checks a design too large for the
// accurate path whose columns are nearly collinear (no Cholesky pivot
// small enough to alias anything, but κ(X'X) about 1e9): the normal
// equations would lose about 9 digits of the standard errors, so the fit
// must come from R's QR. The coefficients, standard errors and σ are
// compared with the exact least-squares solution (600-bit arithmetic).
func TestLargeIllConditionedFitUsesQR(t *testing.T) {
	p := 5
	n := accurateWorkMax/(p*p) + 1000
	r := rand.New(rand.NewPCG(21, 22))
	cols := make([][]float64, p-1)
	names := make([]string, p-1)
	for j := range cols {
		names[j] = fmt.Sprintf("x%d", j+1)
		cols[j] = make([]float64, n)
	}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		a := r.NormFloat64()
		cols[0][i] = a
		cols[1][i] = a + 3e-3*r.NormFloat64() // nearly collinear with x1
		cols[2][i] = 100 + r.NormFloat64()    // nearly collinear with the intercept
		cols[3][i] = r.NormFloat64()
		y[i] = 1 + a + 2*cols[1][i] - cols[2][i] + 0.5*cols[3][i] + r.NormFloat64()
	}
	d, err := NewDesign(names, cols, y, true)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	if f.vinv == nil || len(f.kept) != p {
		t.Fatalf("unexpected fit: rank %d", f.Rank)
	}
	ex := exactLeastSquares(d, true, true)
	rel := func(what string, got, want, tol float64) {
		t.Helper()
		if e := math.Abs(got-want) / math.Abs(want); !(e <= tol) {
			t.Errorf("%s: got %.17g, exact %.17g (relative error %.2g > %.2g)", what, got, want, e, tol)
		}
	}
	for j := 0; j < p; j++ {
		rel(fmt.Sprintf("coefficient %d", j), f.Estimates[j], ex[fmt.Sprintf("coef:B%d", j)], 1e-11)
		rel(fmt.Sprintf("standard error %d", j), f.Coefs[j].StdErr, ex[fmt.Sprintf("se:B%d", j)], 1e-11)
	}
	rel("sigma", f.Sigma, ex["sigma"], 1e-13)
}
