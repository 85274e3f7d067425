package calibrate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Prior weights of the robust and quantile regressions (RLMOptions.Weights,
// QuantRegOptions.Weights) scale the rows of the design, as MASS::rlm
// (wt.method "inv.var": by √w) and quantreg's rq.wfit (by w) do, and the
// estimator then runs unweighted on the scaled rows.

// checkRowWeights validates prior weights for a design with n rows and p
// columns: length n, every weight finite and ≥ 0 (R allows 0 and stops on
// a negative weight), at least minPos positive. method names the estimator
// in errors. It returns the number of positive weights.
func checkRowWeights(method string, w []float64, n, minPos int) (int, error) {
	if len(w) != n {
		return 0, lengthf("%s: weights have %d values, design has %d rows", method, len(w), n)
	}
	pos := 0
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, &DataError{Row: i, Column: "weights", Value: v, Err: ErrNonFinite}
		}
		if v < 0 {
			return 0, &DataError{Row: i, Column: "weights", Value: v,
				Err: fmt.Errorf("%w: %s: negative weight", ErrInvalidInput, method)}
		}
		if v > 0 {
			pos++
		}
	}
	if pos == 0 {
		return 0, fmt.Errorf("%w: %s: every weight is zero", ErrEmpty, method)
	}
	if pos < minPos {
		return pos, fmt.Errorf("%w: %s: %d of %d rows have a positive weight; %d are needed", ErrNoResidualDF, method, pos, n, minPos)
	}
	return pos, nil
}

// scaledRows returns the rows of d (X and Y) multiplied by s: row i by
// s[i]. The names are d's, so an intercept column keeps InterceptName
// although it now holds s rather than ones: the result is NOT a valid
// Design (Validate would refuse it) and goes only to the internal fitting
// code, which takes a design already validated (d itself was).
func scaledRows(d *Design, s []float64) *Design {
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	x := make([]float64, n*p)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		out := x[i*p : (i+1)*p]
		for j, v := range row {
			out[j] = v * s[i]
		}
		y[i] = d.Y[i] * s[i]
	}
	return &Design{Names: d.Names, X: mat.NewDense(n, p, x), Y: y, Response: d.Response}
}
