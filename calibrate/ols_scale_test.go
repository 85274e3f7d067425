package calibrate

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// scaledLine returns the simple-regression design x = 1..n with
// y = 2 + 3x + noise (fixed seed), x and y both multiplied by s. With n
// large enough, OLS takes the normal-equations path (m·p² > accurateWorkMax).
func scaledLine(n int, s float64) *Design {
	r := rand.New(rand.NewPCG(3, 5))
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		v := float64(i%97) - 48
		x[i] = v * s
		y[i] = (2 + 3*v + r.NormFloat64()) * s
	}
	d, err := NewDesign([]string{"x"}, [][]float64{x}, y, true)
	if err != nil {
		panic(err)
	}
	return d
}

// TestOLSExtremeScale: x and y multiplied by 1e-300 (R's lm returns the
// coefficients but σ = 0, NaN standard errors, R² and F, logLik = Inf)
// used to give NaN estimates on the normal-equations path and σ = 0 on the
// accurate one, without an error. Such data are now rejected by a
// *DataError naming the column, on both paths; values whose squares
// overflow likewise. Data just inside the range fit as the unscaled data
// do, scaled (the fit is equivariant: b₀ and σ scale with y, b₁ not).
func TestOLSExtremeScale(t *testing.T) {
	for _, n := range []int{10, 300000} { // the accurate path, the normal equations
		if testing.Short() && n > 10 {
			continue
		}
		for _, c := range []struct {
			scale  float64
			column string // "" when the fit must succeed
			msg    string
		}{
			{1e-300, "x", "below 1e-150"},
			{1e-160, "x", "below 1e-150"},
			{1e300, "x", "overflow"},
			{1e-149, "", ""},
			{1e145, "", ""},
		} {
			d := scaledLine(n, c.scale)
			f, err := OLS(d, Options{})
			if c.column != "" {
				if err == nil {
					t.Fatalf("n=%d scale %g: no error; estimates %v, σ %v", n, c.scale, f.Estimates, f.Sigma)
				}
				errIs(t, err, ErrInvalidInput)
				var de *DataError
				if !errors.As(err, &de) {
					t.Fatalf("n=%d scale %g: want *DataError, got %T %v", n, c.scale, err, err)
				}
				equal(t, c.column, de.Column)
				isTrue(t, de.Row >= 0 && math.Abs(de.Value) == math.Abs(d.X.At(de.Row, 1)), "row %d value %v", de.Row, de.Value)
				contains(t, err.Error(), c.msg)
				contains(t, err.Error(), `column "x"`)
				isTrue(t, strings.HasPrefix(err.Error(), "calibrate: "), "message %q", err)
				continue
			}
			mustNo(t, err)
			ref, err := OLS(scaledLine(n, 1), Options{})
			mustNo(t, err)
			const tol = 1e-12
			rel := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > tol*math.Abs(want) {
					t.Errorf("n=%d scale %g: %s = %v, want %v", n, c.scale, what, got, want)
				}
			}
			rel("b0", f.Estimates[0], ref.Estimates[0]*c.scale)
			rel("b1", f.Estimates[1], ref.Estimates[1])
			rel("se(b0)", f.Coefs[0].StdErr, ref.Coefs[0].StdErr*c.scale)
			rel("se(b1)", f.Coefs[1].StdErr, ref.Coefs[1].StdErr)
			rel("sigma", f.Sigma, ref.Sigma*c.scale)
			rel("R²", f.RSquared, ref.RSquared)
			rel("F", f.FStatistic, ref.FStatistic)
		}
	}
}

// TestOLSExtremeScaleResponse: a response (or a weighted column) whose
// largest magnitude is below the range is named in the error; a column of
// zeros is not an error but aliased, as R's lm does.
func TestOLSExtremeScaleResponse(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	d, err := NewDesign([]string{"x"}, [][]float64{x}, []float64{1e-200, 3e-200, 2e-200, 5e-200, 4e-200, 6e-200}, true)
	mustNo(t, err)
	d.Response = "cost"
	_, err = OLS(d, Options{})
	var de *DataError
	if !errors.As(err, &de) {
		t.Fatalf("want *DataError, got %T %v", err, err)
	}
	errIs(t, err, ErrInvalidInput)
	equal(t, "cost", de.Column)
	equal(t, 5, de.Row)

	d, err = NewDesign([]string{"x"}, [][]float64{x}, []float64{1, 3, 2, 5, 4, 6}, true)
	mustNo(t, err)
	_, err = WLS(d, []float64{1e-320, 1e-320, 1e-320, 1e-320, 1e-320, 1e-320}, Analytic, Options{})
	errIs(t, err, ErrInvalidInput)
	contains(t, err.Error(), "√weight")

	d, err = NewDesign([]string{"x", "zero"}, [][]float64{x, make([]float64, 6)}, []float64{1, 3, 2, 5, 4, 6}, true)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	equal(t, []string{"zero"}, f.Aliased)
}
