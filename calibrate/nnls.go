package calibrate

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// NNLSOptions controls NNLS. The zero value means the defaults.
type NNLSOptions struct {
	// Names labels the columns of A in the result; nil means "c1", "c2", ...
	Names []string
	// MaxIter bounds the number of outer iterations (variables moved into the
	// passive set). Zero means 3·(number of columns), as Lawson and Hanson.
	MaxIter int
}

// NNLSFit is the result of a non-negative least-squares fit.
type NNLSFit struct {
	Names []string
	// X is the solution; it is ≥ 0 and exactly 0 outside the passive set.
	X []float64
	// Passive lists the 0-based indices of the passive (free, positive)
	// variables in increasing order. R's nnls reports them 1-based.
	Passive []int
	// RSS is the residual sum of squares ‖b − A·x‖² (R's fit$deviance).
	RSS float64
	// Fitted is A·x and Residuals is b − A·x.
	Fitted, Residuals []float64
	// Dual is the gradient A'(b − A·x) at the solution: ≈ 0 on the passive
	// set and ≤ 0 on the bound set (the Kuhn–Tucker conditions).
	Dual []float64
	// Iterations is the number of outer iterations.
	Iterations int
}

// NNLS solves min ‖b − A·x‖² subject to x ≥ 0 by the active-set algorithm of
// Lawson and Hanson (1974, ch. 23), the algorithm of R's nnls package.
//
// A is not modified. Non-finite values give a *DataError; mismatched
// lengths give ErrLength; an empty A gives ErrEmpty; values so large that
// the residual sum of squares overflows give ErrInvalidInput. If MaxIter
// is reached the current feasible point is returned together with a
// *ConvergenceError.
func NNLS(A mat.Matrix, b []float64, opt NNLSOptions) (*NNLSFit, error) {
	m, n := A.Dims()
	if m == 0 || n == 0 {
		return nil, ErrEmpty
	}
	if len(b) != m {
		return nil, lengthf("nnls: A has %d rows, b has %d", m, len(b))
	}
	names := opt.Names
	if names == nil {
		names = make([]string, n)
		for j := range names {
			names[j] = "c" + strconv.Itoa(j+1)
		}
	} else if len(names) != n {
		return nil, lengthf("nnls: %d names for %d columns", len(names), n)
	}
	cols := make([][]float64, n) // column-major copy
	for j := 0; j < n; j++ {
		cols[j] = make([]float64, m)
		for i := 0; i < m; i++ {
			v := A.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &DataError{Row: i, Column: names[j], Value: v, Err: ErrNonFinite}
			}
			cols[j][i] = v
		}
	}
	for i, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &DataError{Row: i, Column: "b", Value: v, Err: ErrNonFinite}
		}
	}
	maxIter := opt.MaxIter
	if maxIter <= 0 {
		maxIter = 3 * n
	}
	if maxIter < 30 {
		maxIter = 30
	}

	x := make([]float64, n)
	passive := make([]bool, n)
	resid := slices.Clone(b)
	w := make([]float64, n)
	z := make([]float64, n)
	rejected := make([]bool, n) // columns whose entry failed in this round
	var scale float64
	for j := 0; j < n; j++ {
		scale = math.Max(scale, colNorm(cols[j]))
	}
	scale *= math.Max(colNorm(b), 1e-300)
	tol := 1e3 * dblEps * scale

	grad := func() {
		for j := 0; j < n; j++ {
			w[j] = dot(cols[j], resid)
		}
	}
	updateResid := func() {
		copy(resid, b)
		for j := 0; j < n; j++ {
			if x[j] != 0 {
				axpy(-x[j], cols[j], resid)
			}
		}
	}
	iter := 0
	converged := false
	for {
		grad()
		t := -1
		wmax := tol
		for j := 0; j < n; j++ {
			if !passive[j] && !rejected[j] && w[j] > wmax {
				wmax, t = w[j], j
			}
		}
		if t < 0 {
			converged = true
			break
		}
		if iter >= maxIter {
			break
		}
		iter++
		passive[t] = true
		if !lsPassive(cols, b, passive, z) || z[t] <= 0 {
			// Entering column is dependent on the passive ones or would not
			// move positively: reject it for this round (as nnls.f does).
			passive[t] = false
			rejected[t] = true
			continue
		}
		clear(rejected)
		for inner := 0; inner < 3*n+10; inner++ {
			allPos := true
			for j := 0; j < n; j++ {
				if passive[j] && z[j] <= 0 {
					allPos = false
					break
				}
			}
			if allPos {
				break
			}
			alpha, jmin := 2.0, -1
			for j := 0; j < n; j++ {
				if passive[j] && z[j] <= 0 {
					if a := x[j] / (x[j] - z[j]); a < alpha {
						alpha, jmin = a, j
					}
				}
			}
			for j := 0; j < n; j++ {
				if passive[j] {
					x[j] += alpha * (z[j] - x[j])
				}
			}
			x[jmin] = 0 // the limiting variable lands exactly on its bound
			for j := 0; j < n; j++ {
				if passive[j] && x[j] <= 0 {
					passive[j] = false
					x[j] = 0
				}
			}
			if !lsPassive(cols, b, passive, z) {
				break
			}
		}
		for j := 0; j < n; j++ {
			if passive[j] {
				x[j] = z[j]
			} else {
				x[j] = 0
			}
		}
		updateResid()
	}
	updateResid()
	grad()
	fit := &NNLSFit{Names: slices.Clone(names), X: x, Dual: slices.Clone(w), Iterations: iter}
	for j := 0; j < n; j++ {
		if passive[j] {
			fit.Passive = append(fit.Passive, j)
		}
	}
	fit.Residuals = slices.Clone(resid)
	fit.Fitted = make([]float64, m)
	for i := range b {
		fit.Fitted[i] = b[i] - resid[i]
		fit.RSS += resid[i] * resid[i]
	}
	if math.IsInf(fit.RSS, 0) || math.IsNaN(fit.RSS) {
		return nil, invalidf("sums of squares overflow: values too large")
	}
	if !converged {
		return fit, &ConvergenceError{Method: "nnls", Iterations: iter, LastChange: wmaxOf(w, passive), Tolerance: tol, Err: ErrNotConverged}
	}
	return fit, nil
}

func wmaxOf(w []float64, passive []bool) float64 {
	m := 0.0
	for j, v := range w {
		if !passive[j] && v > m {
			m = v
		}
	}
	return m
}

// lsPassive solves the unconstrained least-squares problem on the passive
// columns into z (0 elsewhere). It reports false if those columns are
// numerically dependent.
func lsPassive(cols [][]float64, b []float64, passive []bool, z []float64) bool {
	var idx []int
	for j, p := range passive {
		z[j] = 0
		if p {
			idx = append(idx, j)
		}
	}
	if len(idx) == 0 {
		return true
	}
	m := len(b)
	sub := make([][]float64, len(idx))
	for k, j := range idx {
		sub[k] = cols[j]
	}
	q := newQR(m, len(idx), func(i, k int) float64 { return sub[k][i] }, 1e-10)
	if q.rank < len(idx) {
		return false
	}
	coef := q.solve(b)
	for k, j := range idx {
		z[j] = coef[k]
	}
	return true
}

const dblEps = 2.220446049250313e-16

func colNorm(v []float64) float64 {
	s := 0.0
	sc := 0.0
	for _, x := range v {
		// math.Max(sc, |x|) without its call: NaN wins as there.
		if a := math.Abs(x); a > sc || a != a {
			sc = a
		}
	}
	if sc == 0 {
		return 0
	}
	for _, x := range v {
		t := x / sc
		s += t * t
	}
	return sc * math.Sqrt(s)
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func axpy(alpha float64, x, y []float64) {
	for i, v := range x {
		y[i] += alpha * v
	}
}
