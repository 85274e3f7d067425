package calibrate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// AliasPolicy says what a linear fit does with design columns that are
// linear combinations of the columns before them.
type AliasPolicy int

const (
	// AliasDrop (the default) does what R's lm does: the aliased columns are
	// dropped from the fit, their coefficients are reported as NaN with
	// Coef.Aliased set, and LinearFit.Aliased names them.
	AliasDrop AliasPolicy = iota
	// AliasError returns an *AliasedError (wrapping ErrRankDeficient)
	// naming the aliased columns.
	AliasError
)

// Options controls OLS and WLS. The zero value means the defaults.
type Options struct {
	// Level is the confidence level of the coefficient intervals, in (0, 1).
	// Zero means 0.95.
	Level float64
	// Tol is the relative tolerance for detecting aliased columns: a column
	// whose norm, after projecting out the columns before it, is below Tol
	// times its original norm is aliased (R's lm tol, applied by the same
	// limited-pivoting rule as R's dqrdc2). Zero means 1e-7.
	Tol float64
	// Aliased chooses between R-style aliasing (AliasDrop, the default)
	// and an error (AliasError).
	Aliased AliasPolicy
}

func (o Options) withDefaults() (Options, error) {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return o, invalidf("confidence level %v not in (0, 1)", o.Level)
	}
	if o.Tol == 0 {
		o.Tol = 1e-7
	}
	if !(o.Tol > 0 && o.Tol < 1) {
		return o, invalidf("tolerance %v not in (0, 1)", o.Tol)
	}
	if o.Aliased != AliasDrop && o.Aliased != AliasError {
		return o, invalidf("unknown alias policy %d", int(o.Aliased))
	}
	return o, nil
}

// LinearFit is the result of OLS or WLS, with R's lm/summary.lm quantities.
// It is read-only after construction and safe for concurrent use. It keeps
// a reference to the design (for Leverage, Predict on the design and the
// robust covariances), which therefore must not be modified.
type LinearFit struct {
	Names []string // design column names
	// Coefs is the coefficient table (t statistics on DFResidual degrees of
	// freedom, intervals at Level). Aliased coefficients are NaN.
	Coefs     []Coef
	Estimates []float64 // the coefficients; NaN where aliased
	// Vcov is σ²·(X'WX)⁻¹, p×p in design-column order, NaN in the rows and
	// columns of aliased coefficients.
	Vcov *mat.SymDense

	Fitted    []float64 // x_i·b for every row (rows with zero weight included)
	Residuals []float64 // y_i − fitted_i (raw, unweighted, as R's residuals())

	Weights    []float64  // the weights as given; nil for OLS
	WeightKind WeightKind // 0 for OLS

	Rows       int     // number of design rows used
	NObs       float64 // observations: rows with positive weight (analytic/OLS) or Σw (frequency)
	Rank       int     // number of non-aliased coefficients
	DFResidual float64 // NObs − Rank
	Intercept  bool    // whether the design has an "(Intercept)" column
	Aliased    []string

	RSS         float64 // Σ w·e²
	Sigma       float64 // residual standard error √(RSS/DFResidual); NaN if DFResidual = 0
	RSquared    float64 // R's definition; uncentred without an intercept
	AdjRSquared float64
	FStatistic  float64 // overall F test of all non-intercept terms; NaN when undefined
	FDF1, FDF2  float64
	FPValue     float64
	LogLik      float64 // R's logLik.lm (includes ½Σlog w for analytic weights)
	AIC, BIC    float64 // −2·logLik + k·(Rank+1), k = 2 or log(NObs): σ counts as a parameter
	Level       float64 // confidence level of Coefs

	kept  []int     // indices of non-aliased columns, increasing
	rfac  []float64 // k×k upper triangular, row-major: R'R = S (scaled X'WX over kept)
	scale []float64 // len k: X'WX[kept] = diag(scale)·S·diag(scale)
	d     *Design
	sw    []float64 // sqrt(weights), nil for OLS
	rows  []int     // row subset, nil for all
	vinv  []float64 // k×k (X'WX)⁻¹ over kept, unscaled

	badIntercept int // first fitted row whose intercept is not 1, or -1 (set by residualPass)
}

// OLS fits y = Xb + e by ordinary least squares, as R's lm(y ~ X - 1) with
// the design's own intercept column.
//
// Errors: ErrEmpty, ErrLength, ErrInvalidInput (bad options, names; a
// *DataError for a column or response too small or too large in magnitude
// for sums of squares, see the package documentation), ErrNonFinite (a *DataError naming the row and column of the first NaN or
// Inf in X or Y), ErrRankDeficient (only with Options.Aliased = AliasError).
func OLS(d *Design, opt Options) (*LinearFit, error) {
	return fitLinear(d, nil, 0, nil, opt)
}

// WLS fits y = Xb + e by weighted least squares with weights w (one per
// row, finite, ≥ 0, not all zero) of the given kind, which must be Analytic
// or Frequency. With Analytic weights it matches R's lm(weights = w): rows
// with zero weight are dropped from the fit (but get fitted values and
// residuals), σ, R² and logLik are weighted. With Frequency weights the
// results equal those of OLS on the data with row i repeated w_i times
// (w need not be integral).
func WLS(d *Design, w []float64, kind WeightKind, opt Options) (*LinearFit, error) {
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	if err := checkWeights(w, n, kind, "weights"); err != nil {
		return nil, err
	}
	return fitLinear(d, w, kind, nil, opt)
}

// fitLinear is the common engine. rows, if not nil, selects the rows (for
// cross-validation) without copying the design.
func fitLinear(d *Design, w []float64, kind WeightKind, rows []int, opt Options) (*LinearFit, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	n, p := d.Dims()
	m := n
	if rows != nil {
		m = len(rows)
		if m == 0 {
			return nil, fmt.Errorf("%w: no rows selected", ErrEmpty)
		}
	}
	raw := d.X.RawMatrix()
	var sw []float64
	if w != nil {
		sw = make([]float64, n)
		for i, v := range w {
			sw[i] = math.Sqrt(v)
		}
	}
	return fitLinearGram(d, w, kind, rows, opt, sw, gramXy(raw.Data, raw.Stride, n, p, d.Y, sw, rows))
}

// fitLinearGram fits from the precomputed Gram matrix g of [√w∘X | √w∘y]
// over the rows (see gramXy). opt must have its defaults applied and the
// design its shape checked.
func fitLinearGram(d *Design, w []float64, kind WeightKind, rows []int, opt Options, sw, g []float64) (*LinearFit, error) {
	n, p := d.Dims()
	m := n
	if rows != nil {
		m = len(rows)
	}
	q := p + 1
	for _, v := range g {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if err := d.checkValuesRows(rows); err != nil {
				return nil, err
			}
			for j := 0; j < q; j++ {
				if v := g[j*q+j]; math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, d.magnitudeError(j, sw, rows, "sums of squares overflow: the column's values are too large (the largest in this row); "+
						"rescale the column (for example, other units)")
				}
			}
			return nil, invalidf("sums of squares overflow: values too large")
		}
	}
	if err := d.checkMagnitudes(g, sw, rows); err != nil {
		return nil, err
	}

	f := &LinearFit{
		Names:      append([]string(nil), d.Names...),
		Weights:    w,
		WeightKind: kind,
		Rows:       m,
		Intercept:  d.HasIntercept(),
		Level:      opt.Level,
		d:          d,
		sw:         sw,
		rows:       rows,
	}
	// Small fits (and so every NIST StRD dataset) take the accurate path:
	// R's Householder QR in double-double arithmetic (qraccurate.go).
	// Larger ones use the Cholesky factor of the scaled Gram matrix in
	// column order, or R's pivoted QR in float64 when the design is
	// ill-conditioned or collinear.
	if m*p*p <= accurateWorkMax {
		sums, err := f.qrAccurate(opt.Tol, w, kind)
		if err != nil {
			return nil, err
		}
		if err := f.checkAliased(opt); err != nil {
			return nil, err
		}
		f.statistics(sums)
		return f, nil
	}
	xtx := make([]float64, p*p)
	xty := make([]float64, p)
	for i := 0; i < p; i++ {
		copy(xtx[i*p:(i+1)*p], g[i*q:i*q+p])
		xty[i] = g[i*q+p]
	}
	// The normal equations are used only where their worst-case error is
	// small: no pivot below cholPivotMin and a bound on the relative error
	// of (X'WX)⁻¹ (the contraction estimate) below normalMaxError.
	// Otherwise R's QR, whose R⁻¹ gives the standard errors.
	if !f.cholesky(xtx, p, math.Max(cholPivotMin, 10*opt.Tol*opt.Tol)) || f.contraction() > normalMaxError {
		f.kept, f.rfac, f.scale = nil, nil, nil
		f.qrFactor(opt.Tol)
	}
	if err := f.checkAliased(opt); err != nil {
		return nil, err
	}

	// Coefficients from the normal equations, then iterative refinement
	// with residuals computed in full: each pass computes e = y − Xb and
	// g = X'We, and b += (X'WX)⁻¹g. The contraction per step is about
	// κ(S)·ε, so one or two passes reach the accuracy of a backward-stable
	// QR. When the estimated contraction makes the next correction
	// negligible, the last pass computes only the residuals.
	k := f.Rank
	b := make([]float64, p)
	rhs := make([]float64, k)
	for a, j := range f.kept {
		rhs[a] = xty[j]
	}
	f.solveKept(rhs)
	for a, j := range f.kept {
		b[j] = rhs[a]
	}
	f.Fitted = make([]float64, n)
	f.Residuals = make([]float64, n)
	gr := make([]float64, p)
	ynorm := math.Sqrt(g[p*q+p]) // ‖√w∘y‖
	rho := f.contraction()
	// negligible reports whether the correction rhs, scaled by factor, is
	// negligible relative to every coefficient, or changes the fitted
	// values by less than the rounding of y (for coefficients that are
	// almost zero).
	negligible := func(factor float64) bool {
		for a, j := range f.kept {
			d := factor * math.Abs(rhs[a])
			if d > 1e-13*math.Abs(b[j]) && d*f.scale[a] > 1e-15*ynorm {
				return false
			}
		}
		return true
	}
	const maxPass = 4
	for pass := 0; pass < maxPass; pass++ {
		f.residualPass(b, gr)
		if pass == 0 {
			// The intercept column is checked here rather than in a
			// separate pass over X.
			if bad := f.badIntercept; bad >= 0 {
				raw := d.X.RawMatrix()
				ic := d.InterceptIndex()
				return nil, &DataError{Row: bad, Column: InterceptName, Value: raw.Data[bad*raw.Stride+ic],
					Err: fmt.Errorf("%w: intercept column must hold only ones", ErrInvalidInput)}
			}
		}
		for a, j := range f.kept {
			rhs[a] = gr[j]
		}
		f.solveKept(rhs)
		if negligible(1) || pass == maxPass-1 {
			break // b and the residuals of this pass are consistent
		}
		for a, j := range f.kept {
			b[j] += rhs[a]
		}
		if negligible(rho) {
			// The next correction would be about rho times this one.
			f.residualPass(b, nil)
			break
		}
	}
	f.Estimates = b
	for j := range b {
		if !f.isKept(j) {
			b[j] = math.NaN()
		}
	}
	f.statistics(f.sums(w, kind))
	return f, nil
}

// magnitudeMin is the smallest largest magnitude |√w·v| a design column or
// the response may have, unless it is all zeros. Below it the squares that
// X'WX, the residual sum of squares, σ² and the covariance are made of are
// no longer normal float64 numbers (they fall to subnormals or to zero), and
// a fit would lose its digits, or return NaN or a σ of 0, without a word:
// R's lm returns σ = 0 and NaN standard errors on such data. The data are
// rejected instead, naming the column.
const magnitudeMin = 1e-150

// checkMagnitudes returns a *DataError for the first column of [X | y] (in
// column order, the response last) that is not all zeros but whose largest
// |√w·v| over the rows is below magnitudeMin. The diagonal of the Gram
// matrix g of [√w∘X | √w∘y] is the trigger: only a column whose sum of
// squares is below 1e-280 (as it must be when every value is below
// magnitudeMin, for up to 10²⁰ rows) is scanned, so that ordinary data cost
// nothing.
func (d *Design) checkMagnitudes(g, sw []float64, rows []int) error {
	_, p := d.Dims()
	q := p + 1
	for j := 0; j < q; j++ {
		if g[j*q+j] >= 1e-280 {
			continue
		}
		if _, m := d.largestMagnitude(j, sw, rows); m > 0 && m < magnitudeMin {
			return d.magnitudeError(j, sw, rows, fmt.Sprintf(
				"the column's largest magnitude (in this row) is below %g: "+
					"its squares underflow, so sums of squares, σ and standard errors cannot be formed; "+
					"rescale the column (for example, other units)", magnitudeMin))
		}
	}
	return nil
}

// largestMagnitude returns the row of the largest |√w·v| of column j of
// [X | y] (j = p is the response) over the rows, and that magnitude; -1
// and 0 when the column is all zeros.
func (d *Design) largestMagnitude(j int, sw []float64, rows []int) (int, float64) {
	n, _ := d.Dims()
	at, best := -1, 0.0
	visit := func(i int) {
		m := math.Abs(d.value(i, j))
		if sw != nil {
			m *= sw[i]
		}
		if m > best {
			at, best = i, m
		}
	}
	if rows != nil {
		for _, i := range rows {
			visit(i)
		}
	} else {
		for i := 0; i < n; i++ {
			visit(i)
		}
	}
	return at, best
}

// value returns row i of column j of [X | y] (j = p is the response).
func (d *Design) value(i, j int) float64 {
	_, p := d.Dims()
	if j == p {
		return d.Y[i]
	}
	return d.X.At(i, j)
}

// magnitudeError is the *DataError (wrapping ErrInvalidInput) for column j
// of [X | y], at the row of its largest magnitude, saying why.
func (d *Design) magnitudeError(j int, sw []float64, rows []int, why string) error {
	_, p := d.Dims()
	i, _ := d.largestMagnitude(j, sw, rows)
	name := d.responseName()
	if j < p {
		name = d.Names[j]
	}
	if sw != nil {
		why += " (magnitudes are |value|·√weight)"
	}
	e := &DataError{Row: i, Column: name, Err: fmt.Errorf("%w: %s", ErrInvalidInput, why)}
	if i >= 0 {
		e.Value = d.value(i, j)
	}
	return e
}

// checkAliased sets Rank, records the names of the columns the
// factorisation left out, and returns an *AliasedError if the options ask
// for one.
func (f *LinearFit) checkAliased(opt Options) error {
	p := len(f.Names)
	f.Rank = len(f.kept)
	if len(f.kept) == p {
		return nil
	}
	kept := make([]bool, p)
	for _, j := range f.kept {
		kept[j] = true
	}
	for j := 0; j < p; j++ {
		if !kept[j] {
			f.Aliased = append(f.Aliased, f.Names[j])
		}
	}
	if opt.Aliased == AliasError {
		return &AliasedError{Columns: f.Aliased, Err: ErrRankDeficient}
	}
	return nil
}

func (f *LinearFit) isKept(j int) bool {
	for _, v := range f.kept {
		if v == j {
			return true
		}
	}
	return false
}

// cholPivotMin is the smallest pivot of the unit-diagonal scaled Gram
// matrix accepted by the normal-equations path. A pivot is the squared
// relative norm of a column after projecting out the columns before it;
// below this value the column is nearly collinear, the normal equations
// lose too many digits (and the aliasing decision needs R's rule), so the
// fit falls back to the pivoted Householder QR.
const cholPivotMin = 1e-6

// cholesky factorises the scaled Gram matrix S = D⁻¹·xtx·D⁻¹ (unit
// diagonal) in column order. It reports false, leaving f unchanged, if a
// column is zero or a pivot is below minPivot: max(cholPivotMin, 10·Tol²),
// so that no column R would alias (pivot < Tol²) passes the fast path.
func (f *LinearFit) cholesky(xtx []float64, p int, minPivot float64) bool {
	scale := make([]float64, p)
	for j := 0; j < p; j++ {
		s := math.Sqrt(xtx[j*p+j])
		if !(s > 0) {
			return false
		}
		scale[j] = s
	}
	r := make([]float64, p*p)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			r[i*p+j] = xtx[i*p+j] / (scale[i] * scale[j])
		}
	}
	// Upper Cholesky S = R'R, row by row.
	for j := 0; j < p; j++ {
		s := r[j*p+j]
		for k := 0; k < j; k++ {
			s -= r[k*p+j] * r[k*p+j]
		}
		if !(s >= minPivot) {
			return false
		}
		djj := math.Sqrt(s)
		r[j*p+j] = djj
		for c := j + 1; c < p; c++ {
			t := r[j*p+c]
			for k := 0; k < j; k++ {
				t -= r[k*p+j] * r[k*p+c]
			}
			r[j*p+c] = t / djj
		}
	}
	f.kept = make([]int, p)
	for j := range f.kept {
		f.kept[j] = j
	}
	f.rfac = r
	f.scale = scale
	return true
}

// qrFactor runs R's limited-pivoting Householder QR (dqrdc2) on √w∘X. The
// kept columns keep their original order; R's factor is stored scaled by
// its column norms.
func (f *LinearFit) qrFactor(tol float64) {
	d := f.d
	_, p := d.Dims()
	raw := d.X.RawMatrix()
	m := f.Rows
	a := make([]float64, m*p)
	for t := 0; t < m; t++ {
		i := t
		if f.rows != nil {
			i = f.rows[t]
		}
		s := 1.0
		if f.sw != nil {
			s = f.sw[i]
		}
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		for j, v := range row {
			a[j*m+t] = v * s
		}
	}
	qr := qrInPlace(m, p, a, tol)
	k := qr.rank
	kept := make([]int, k)
	copy(kept, qr.pivot[:k])
	// The kept columns are in increasing order (limited pivoting only moves
	// aliased columns to the end).
	r := make([]float64, k*k)
	scale := make([]float64, k)
	for c := 0; c < k; c++ {
		// column c of R has entries a[c*m + 0..c]
		s := 0.0
		for i := 0; i <= c; i++ {
			v := qr.a[c*m+i]
			s += v * v
		}
		scale[c] = math.Sqrt(s)
	}
	for i := 0; i < k; i++ {
		sgn := 1.0 // make the diagonal positive by flipping the sign of row i
		if qr.a[i*m+i] < 0 {
			sgn = -1
		}
		for c := i; c < k; c++ {
			r[i*k+c] = sgn * qr.a[c*m+i] / scale[c]
		}
	}
	f.kept = kept
	f.rfac = r
	f.scale = scale
}

// solveKept overwrites v (length k, in kept order) with (X'WX)⁻¹v.
func (f *LinearFit) solveKept(v []float64) {
	k := len(f.kept)
	r := f.rfac
	for a := range v {
		v[a] /= f.scale[a]
	}
	// R'z = v (forward), then R x = z (backward).
	for i := 0; i < k; i++ {
		s := v[i]
		for c := 0; c < i; c++ {
			s -= r[c*k+i] * v[c]
		}
		v[i] = s / r[i*k+i]
	}
	for i := k - 1; i >= 0; i-- {
		s := v[i]
		for c := i + 1; c < k; c++ {
			s -= r[i*k+c] * v[c]
		}
		v[i] = s / r[i*k+i]
	}
	for a := range v {
		v[a] /= f.scale[a]
	}
}

// residualPass computes fitted values and residuals of every design row
// for coefficients b (zero at aliased columns) and, if g is not nil,
// g = X'W·e over the fitted rows. It also records in f.badIntercept the
// first fitted row whose intercept is not 1. Large designs are split over
// goroutines in fixed chunks, g summed in chunk order, so the result does
// not depend on GOMAXPROCS.
func (f *LinearFit) residualPass(b, g []float64) {
	d := f.d
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	b = b[:p]
	fitted, resid, y := f.Fitted[:n], f.Residuals[:n], d.Y[:n]
	ic := d.InterceptIndex()
	sw := f.sw
	// Rows of a chunk: all rows (rows == nil), or positions in f.rows.
	total := n
	if f.rows != nil {
		total = len(f.rows)
		// Every design row gets a fitted value; only the selected rows
		// enter g.
		forChunks(n, residualChunk, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				s := dotRow(raw.Data[i*raw.Stride:i*raw.Stride+p], b)
				fitted[i] = s
				resid[i] = y[i] - s
			}
		})
	}
	nc := (total + residualChunk - 1) / residualChunk
	var part []float64
	if g != nil {
		part = make([]float64, nc*p)
	}
	firstBad := make([]int, nc)
	forChunks(total, residualChunk, func(c, lo, hi int) {
		bad := -1
		var gc []float64
		if g != nil {
			gc = part[c*p : (c+1)*p]
		}
		for t := lo; t < hi; t++ {
			i := t
			if f.rows != nil {
				i = f.rows[t]
			}
			row := raw.Data[i*raw.Stride : i*raw.Stride+p]
			if ic >= 0 && row[ic] != 1 && bad < 0 {
				bad = i
			}
			var e float64
			if f.rows == nil {
				s := dotRow(row, b)
				e = y[i] - s
				fitted[i] = s
				resid[i] = e
			} else {
				e = resid[i]
			}
			if gc != nil {
				if sw != nil {
					e *= sw[i] * sw[i]
				}
				axpyRow(e, row, gc)
			}
		}
		firstBad[c] = bad
	})
	f.badIntercept = -1
	for _, v := range firstBad {
		if v >= 0 {
			f.badIntercept = v
			break
		}
	}
	if g != nil {
		g = g[:p]
		clear(g)
		for c := 0; c < nc; c++ {
			for j, v := range part[c*p : (c+1)*p] {
				g[j] += v
			}
		}
	}
}

// residualChunk is the number of rows a residual pass handles per task.
const residualChunk = 1 << 15

// normalMaxError bounds the worst-case relative error of (X'WX)⁻¹ (see
// contraction) accepted from the normal equations.
const normalMaxError = 1e-9

// contraction estimates the factor by which one step of iterative
// refinement shrinks the error of the coefficients, which also bounds the
// relative error of (X'WX)⁻¹ from the normal equations: the relative error
// of the Gram matrix, at most about (gramBlock + gramChunk/gramBlock +
// m/gramChunk + k)·ε for its blocked sums, times κ₁(S) ≤ k·‖S⁻¹‖₁ of the
// scaled matrix S = R'R.
func (f *LinearFit) contraction() float64 {
	k := len(f.kept)
	rinv := upperInverse(f.rfac, k)
	norm := 0.0 // ‖S⁻¹‖₁, S⁻¹ = R⁻¹R⁻ᵀ
	for a := 0; a < k; a++ {
		s := 0.0
		for c := 0; c < k; c++ {
			v := 0.0
			for l := max(a, c); l < k; l++ {
				v += rinv[a*k+l] * rinv[c*k+l]
			}
			s += math.Abs(v)
		}
		norm = math.Max(norm, s)
	}
	const eps = 0x1p-52
	return math.Min(1, float64(k)*norm*float64(gramBlock+gramChunk/gramBlock+f.Rows/gramChunk+k)*eps)
}

// dotRow returns Σ a_j·b_j with four partial sums (len(b) >= len(a)).
func dotRow(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(a); j += 4 {
		s0 += a[j] * b[j]
		s1 += a[j+1] * b[j+1]
		s2 += a[j+2] * b[j+2]
		s3 += a[j+3] * b[j+3]
	}
	for ; j < len(a); j++ {
		s0 += a[j] * b[j]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpyRow adds alpha·x to y (len(y) >= len(x)).
func axpyRow(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for j, v := range x {
		y[j] += alpha * v
	}
}

// sums computes the sums over the fitted rows that statistics needs from
// the float64 fitted values and residuals, in fixed chunks (run in
// parallel) added in chunk order.
func (f *LinearFit) sums(w []float64, kind WeightKind) linearSums {
	total := len(f.Fitted)
	if f.rows != nil {
		total = len(f.rows)
	}
	nc := (total + residualChunk - 1) / residualChunk
	type part struct{ nobs, sumLogW, sumw, swf, rss, mss float64 }
	parts := make([]part, nc)
	row := func(t int) int {
		if f.rows != nil {
			return f.rows[t]
		}
		return t
	}
	forChunks(total, residualChunk, func(c, lo, hi int) {
		s := &parts[c]
		for t := lo; t < hi; t++ {
			i := row(t)
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			if wi == 0 {
				continue
			}
			switch kind {
			case Frequency:
				s.nobs += wi
			default:
				s.nobs++
				if w != nil {
					s.sumLogW += math.Log(wi)
				}
			}
			e := f.Residuals[i]
			s.sumw += wi
			s.swf += wi * f.Fitted[i]
			s.rss += wi * e * e
		}
	})
	var s linearSums
	var sumw, swf float64
	for _, p := range parts {
		s.nobs += p.nobs
		s.sumLogW += p.sumLogW
		sumw += p.sumw
		swf += p.swf
		s.rss += p.rss
	}
	mean := swf / sumw
	forChunks(total, residualChunk, func(c, lo, hi int) {
		var mss float64
		for t := lo; t < hi; t++ {
			i := row(t)
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			if wi == 0 {
				continue
			}
			fi := f.Fitted[i]
			if f.Intercept {
				fi -= mean
			}
			mss += wi * fi * fi
		}
		parts[c].mss = mss
	})
	for _, p := range parts {
		s.mss += p.mss
	}
	return s
}

// statistics fills the model statistics, covariance and coefficient table
// exactly as R's summary.lm and logLik.lm define them, from the sums over
// the fitted rows and the factor (f.vinv if already set, else from f.rfac).
func (f *LinearFit) statistics(s linearSums) {
	nobs, sumLogW, rss, mss := s.nobs, s.sumLogW, s.rss, s.mss
	k := float64(f.Rank)
	f.NObs = nobs
	f.DFResidual = nobs - k
	f.RSS = rss
	resvar := math.NaN()
	if f.DFResidual > 0 {
		resvar = rss / f.DFResidual
	}
	f.Sigma = math.Sqrt(resvar)
	dfInt := 0.0
	if f.Intercept {
		dfInt = 1
	}
	f.FStatistic, f.FDF1, f.FDF2, f.FPValue = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if k != dfInt {
		f.RSquared = mss / (mss + rss)
		f.AdjRSquared = 1 - (1-f.RSquared)*((nobs-dfInt)/f.DFResidual)
		f.FDF1 = k - dfInt
		f.FDF2 = f.DFResidual
		f.FStatistic = (mss / f.FDF1) / resvar
		f.FPValue = stats.FSurvival(f.FStatistic, f.FDF1, f.FDF2)
	}
	var resvarDD dd
	if s.acc != nil {
		// The accurate path's sums in double-double: σ, R² and F rounded
		// once.
		a := s.acc
		if f.DFResidual > 0 {
			resvarDD = a.rss.div(ddFrom(f.DFResidual))
			f.Sigma = resvarDD.sqrt().float()
		}
		if k != dfInt {
			f.RSquared = a.mss.div(a.mss.add(a.rss)).float()
			f.AdjRSquared = 1 - (1-f.RSquared)*((nobs-dfInt)/f.DFResidual)
			f.FStatistic = a.mss.div(ddFrom(f.FDF1)).div(resvarDD).float()
			f.FPValue = stats.FSurvival(f.FStatistic, f.FDF1, f.FDF2)
		}
	}
	f.LogLik = 0.5 * (sumLogW - nobs*(math.Log(2*math.Pi)+1-math.Log(nobs)+math.Log(rss)))
	f.AIC = -2*f.LogLik + 2*(k+1)
	f.BIC = -2*f.LogLik + math.Log(nobs)*(k+1)

	// (X'WX)⁻¹ over the kept columns: S⁻¹ = R⁻¹R⁻ᵀ, unscaled.
	kk := f.Rank
	if f.vinv == nil {
		rinv := upperInverse(f.rfac, kk)
		f.vinv = make([]float64, kk*kk)
		for a := 0; a < kk; a++ {
			for c := a; c < kk; c++ {
				s := 0.0
				for l := c; l < kk; l++ {
					s += rinv[a*kk+l] * rinv[c*kk+l]
				}
				s /= f.scale[a] * f.scale[c]
				f.vinv[a*kk+c] = s
				f.vinv[c*kk+a] = s
			}
		}
	}
	_, p := f.d.Dims()
	f.Vcov = mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			f.Vcov.SetSym(i, j, math.NaN())
		}
	}
	var se []float64
	if s.acc != nil {
		se = make([]float64, p)
	}
	for a, i := range f.kept {
		for c, j := range f.kept {
			if c < a {
				continue
			}
			if s.acc == nil {
				f.Vcov.SetSym(i, j, resvar*f.vinv[a*kk+c])
				continue
			}
			v := resvarDD.mul(s.acc.vinv[a*kk+c])
			f.Vcov.SetSym(i, j, v.float())
			if i == j {
				se[i] = v.sqrt().float()
			}
		}
	}
	f.Coefs = coefTableSE(f.Names, f.Estimates, f.Vcov, se, f.DFResidual, f.Level)
}

// coefTable builds t-based coefficient rows from estimates and a covariance.
func coefTable(names []string, est []float64, v mat.Symmetric, df, level float64) []Coef {
	return coefTableSE(names, est, v, nil, df, level)
}

// coefTableSE is coefTable with the standard errors given (if se is not
// nil) rather than computed from the diagonal of v.
func coefTableSE(names []string, est []float64, v mat.Symmetric, se []float64, df, level float64) []Coef {
	crit := stats.StudentTQuantile(1-(1-level)/2, df)
	out := make([]Coef, len(names))
	for j, nm := range names {
		c := Coef{Name: nm, Estimate: est[j]}
		if math.IsNaN(est[j]) {
			c.Aliased = true
			c.StdErr, c.Statistic, c.PValue, c.Lower, c.Upper = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		} else {
			if se != nil {
				c.StdErr = se[j]
			} else {
				c.StdErr = math.Sqrt(v.At(j, j))
			}
			c.Statistic = c.Estimate / c.StdErr
			c.PValue = 2 * stats.StudentTSurvival(math.Abs(c.Statistic), df)
			c.Lower = c.Estimate - crit*c.StdErr
			c.Upper = c.Estimate + crit*c.StdErr
		}
		out[j] = c
	}
	return out
}

// upperInverse returns the inverse of the k×k upper triangular row-major r.
func upperInverse(r []float64, k int) []float64 {
	inv := make([]float64, k*k)
	for j := 0; j < k; j++ {
		inv[j*k+j] = 1 / r[j*k+j]
		for i := j - 1; i >= 0; i-- {
			s := 0.0
			for l := i + 1; l <= j; l++ {
				s += r[i*k+l] * inv[l*k+j]
			}
			inv[i*k+j] = -s / r[i*k+i]
		}
	}
	return inv
}

// ConfInt returns confidence intervals at the given level (in (0, 1)) for
// every coefficient; aliased coefficients get NaN bounds.
func (f *LinearFit) ConfInt(level float64) (lower, upper []float64, err error) {
	if !(level > 0 && level < 1) {
		return nil, nil, invalidf("confidence level %v not in (0, 1)", level)
	}
	crit := stats.StudentTQuantile(1-(1-level)/2, f.DFResidual)
	lower = make([]float64, len(f.Coefs))
	upper = make([]float64, len(f.Coefs))
	for j, c := range f.Coefs {
		lower[j] = c.Estimate - crit*c.StdErr
		upper[j] = c.Estimate + crit*c.StdErr
	}
	return lower, upper, nil
}

// Predict returns x·b for the rows of x, which must have one column per
// design column (in the same order). As R's predict.lm on a rank-deficient
// fit, aliased coefficients count as zero.
func (f *LinearFit) Predict(x mat.Matrix) ([]float64, error) {
	if x == nil {
		return nil, fmt.Errorf("%w: no matrix", ErrEmpty)
	}
	r, c := x.Dims()
	if c != len(f.Names) {
		return nil, lengthf("matrix has %d columns, fit has %d coefficients", c, len(f.Names))
	}
	out := make([]float64, r)
	for i := 0; i < r; i++ {
		s := 0.0
		for j := 0; j < c; j++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &DataError{Row: i, Column: f.Names[j], Value: v, Err: ErrNonFinite}
			}
			if b := f.Estimates[j]; !math.IsNaN(b) {
				s += v * b
			}
		}
		out[i] = s
	}
	return out, nil
}

// Leverage returns the hat values of the rows of the design (R's
// hatvalues): h_i = x_i'(X'X)⁻¹x_i for OLS and w_i·x_i'(X'WX)⁻¹x_i for
// analytic weights (0 for rows with zero weight). With frequency weights it
// returns the leverage of one copy of row i, x_i'(X'WX)⁻¹x_i, so that
// Σ w_i·h_i = Rank as for the duplicated rows. It costs O(n·p²) and
// allocates only the result.
func (f *LinearFit) Leverage() []float64 {
	n, p := f.d.Dims()
	raw := f.d.X.RawMatrix()
	k := f.Rank
	// h_i = ‖u'R⁻¹‖² with u = x̃/scale and S = R'R. The row vector u'R⁻¹
	// is accumulated row by row of R⁻¹ (independent updates, no
	// dependency chain as in a triangular solve).
	rinv := upperInverse(f.rfac, k)
	for a := 0; a < k; a++ {
		for c := a; c < k; c++ {
			rinv[a*k+c] /= f.scale[a]
		}
	}
	v := make([]float64, k)
	h := make([]float64, n)
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		clear(v)
		for a, j := range f.kept {
			axpyRow(row[j], rinv[a*k+a:(a+1)*k], v[a:])
		}
		s := 0.0
		for _, t := range v {
			s += t * t
		}
		if f.Weights != nil && f.WeightKind == Analytic {
			s *= f.Weights[i]
		}
		h[i] = s
	}
	return h
}
