package calibrate

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestCrossValidateWorkers: fitting the folds at once gives the same result,
// bit for bit, as one after the other, and the same error: that of the
// first fold in order that fails.
func TestCrossValidateWorkers(t *testing.T) {
	_, _, d := pointsDesign(t, 3000, DesignSpec{AllDomains: true, Age: true}, nil)
	for _, m := range []Method{MethodOLS(), MethodSqrt(SqrtVariance), MethodLog(LogSmearing), MethodGLM(Gamma, Log), MethodHuber(0), MethodQuantile(0.5)} {
		want, err := CrossValidate(d.Design, m.Fit, CVOptions{K: 5, Seed: 3})
		mustNo(t, err)
		for _, w := range []int{2, 3, 8} {
			got, err := CrossValidate(d.Design, m.Fit, CVOptions{K: 5, Seed: 3, Workers: w})
			mustNo(t, err)
			if !sameBits(got.OOF, want.OOF) || !reflect.DeepEqual(got.Folds, want.Folds) || !reflect.DeepEqual(got.Pooled, want.Pooled) {
				t.Errorf("%s with %d workers: results differ", m.Name, w)
			}
		}
	}

	// Row i has y = i and is in fold i mod 5 + 1; folds 2 and 4 fail.
	const n = 100
	x, y, folds := make([]float64, n), make([]float64, n), make([]int, n)
	for i := range n {
		x[i], y[i], folds[i] = 1, float64(i), i%5+1
	}
	design := &Design{Names: []string{"(Intercept)"}, X: mat.NewDense(n, 1, x), Y: y}
	missingFold := func(td *Design) int {
		has := map[int]bool{}
		for _, v := range td.Y {
			has[int(v)%5+1] = true
		}
		for f := 1; f <= 5; f++ {
			if !has[f] {
				return f
			}
		}
		return 0
	}
	bad := errors.New("no fit")
	for _, w := range []int{0, 1, 2, 5} {
		var fitted atomic.Int64
		fit := func(td *Design) (Predictor, error) {
			fitted.Add(1)
			if f := missingFold(td); f == 2 || f == 4 {
				return nil, fmt.Errorf("fold %d failed: %w", f, bad)
			}
			return coefPredictor{1}, nil
		}
		_, err := CrossValidate(design, fit, CVOptions{Folds: folds, Workers: w})
		if !errors.Is(err, bad) || err.Error() != "calibrate: fold 2: fold 2 failed: no fit" {
			t.Errorf("%d workers: error %v", w, err)
		}
		if w <= 1 && fitted.Load() != 2 {
			t.Errorf("one after the other: %d folds fitted, want 2 (the first failure stops)", fitted.Load())
		}
	}
}
