package calibrate

import (
	"errors"
	"math"
	"testing"
)

// With a huge k every Huber weight is 1: RLM is least squares, reached in
// one iteration (the residuals do not change).
func TestRLMLargeKIsLeastSquares(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7}
	y := []float64{1.2, 1.9, 3.4, 3.9, 5.3, 5.8, 7.4}
	d := mustDesign(t, []string{"x"}, [][]float64{x}, y, true)
	fit, err := RLM(d, RLMOptions{K: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	// closed-form simple regression
	var mx, my float64
	for i := range x {
		mx += x[i] / 7
		my += y[i] / 7
	}
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	slope := sxy / sxx
	if math.Abs(fit.Coefficients[1]-slope) > 1e-12 || math.Abs(fit.Coefficients[0]-(my-slope*mx)) > 1e-12 {
		t.Errorf("coef %v, want %v %v", fit.Coefficients, my-slope*mx, slope)
	}
	if fit.Iterations != 1 || !fit.Converged {
		t.Errorf("iterations %d converged %v", fit.Iterations, fit.Converged)
	}
	for _, w := range fit.Weights {
		if w != 1 {
			t.Errorf("weights %v", fit.Weights)
			break
		}
	}
	if !math.IsNaN(fit.Coefs[0].PValue) {
		t.Errorf("p-value %v, want NaN (summary.rlm gives none)", fit.Coefs[0].PValue)
	}
}

func TestRLMErrors(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	d := mustDesign(t, []string{"x", "x2"}, [][]float64{x, x}, []float64{1, 2, 3, 5, 4}, true)
	var ae *AliasedError
	if _, err := RLM(d, RLMOptions{}); !errors.As(err, &ae) || ae.Columns[0] != "x2" {
		t.Errorf("aliased: %v", err)
	}
	d = mustDesign(t, []string{"x"}, [][]float64{x}, []float64{1, 2, 3, 5, 4}, true)
	if _, err := RLM(d, RLMOptions{K: -1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("k < 0: %v", err)
	}
	// an exact fit on most rows: MAD scale 0
	d = mustDesign(t, []string{"x"}, [][]float64{x}, []float64{1, 2, 3, 4, 50}, true)
	if _, err := RLM(d, RLMOptions{}); err == nil {
		t.Log("no error: scale stayed positive")
	}
	fit, err := RLM(d, RLMOptions{MaxIter: 1, Acc: 1e-15})
	if err != nil && !errors.Is(err, ErrNotConverged) && !errors.Is(err, ErrInvalidInput) {
		t.Errorf("maxit 1: %v", err)
	}
	if errors.Is(err, ErrNotConverged) && (fit == nil || fit.Converged) {
		t.Errorf("unconverged fit must be returned with Converged false")
	}
}

func TestQuantRegIntercept(t *testing.T) {
	y := []float64{7, 1, 3, 9, 4, 4, 12}
	d := mustDesign(t, nil, nil, y, true) // intercept only
	for _, tc := range []struct{ tau, want float64 }{{0.5, 4}, {0.9, 12}, {0.2, 3}, {0.1, 1}} {
		// For non-integer nτ the minimiser is the ⌈nτ⌉-th order statistic.
		for _, m := range []QuantRegMethod{QuantRegSimplex, QuantRegInteriorPoint} {
			fit, err := QuantReg(d, QuantRegOptions{Tau: tc.tau, Method: m})
			if err != nil {
				t.Fatal(err)
			}
			if fit.Coefficients[0] != tc.want {
				t.Errorf("tau %v method %d: got %v, want %v", tc.tau, m, fit.Coefficients[0], tc.want)
			}
		}
	}
	if _, err := QuantReg(d, QuantRegOptions{Tau: 1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("tau 1: %v", err)
	}
	x := []float64{1, 2, 3, 4, 5}
	dd := mustDesign(t, []string{"x", "x2"}, [][]float64{x, x}, []float64{1, 2, 3, 5, 4}, true)
	var ae *AliasedError
	if _, err := QuantReg(dd, QuantRegOptions{}); !errors.As(err, &ae) {
		t.Errorf("aliased: %v", err)
	}
}
