package calibrate

import (
	"fmt"
	"math"
	"slices"
)

// RLMOptions controls RLM. The zero value means MASS::rlm's defaults.
type RLMOptions struct {
	// K is the Huber tuning constant (psi.huber's k); 0 means 1.345.
	K float64
	// MaxIter is the maximum number of IRLS iterations; 0 means 20.
	MaxIter int
	// Acc is the convergence tolerance on the relative change of the
	// residuals, √(Σ(r_old − r_new)²/max(1e-20, Σr_old²)); 0 means 1e-4.
	Acc float64
	// Weights are prior weights, one per row (nil: unweighted), used as
	// MASS::rlm(weights = w) with its default wt.method "inv.var": the
	// variance of row i is σ²/wᵢ. The rows of X and y are multiplied by
	// √wᵢ and the whole M-estimation runs on the scaled rows: the
	// least-squares start, the MAD scale, the Huber weights, the stopping
	// test and summary.rlm's S, κ and (X'X)⁻¹ (so StdDev and the standard
	// errors are those of the scaled rows). Weights must be finite and
	// ≥ 0; a zero weight is allowed, as in R: the row's scaled residual is
	// 0, so it still counts in the median of the MAD scale, in n and in
	// DFResidual, as R counts it. Scaling every weight by c leaves the
	// estimates and their standard errors unchanged and multiplies Scale,
	// Sigma and StdDev by √c.
	Weights []float64
}

// RLMFit is a Huber M-estimate fitted as MASS::rlm does (method "M",
// psi.huber, scale.est "MAD", init "ls", test.vec "resid", and with prior
// weights wt.method "inv.var").
//
// Coefs holds estimates, standard errors and t values as summary.rlm
// (method "XtX") computes them; like R it gives no p-values or intervals,
// so PValue, Lower and Upper are NaN.
type RLMFit struct {
	Names        []string
	Coefs        []Coef
	Coefficients []float64
	// Scale is fit$s: the MAD scale median(|r|)/0.6745 of the residuals
	// before the last weighted least-squares step (of the scaled rows
	// √wᵢ·rᵢ in a weighted fit). Sigma (summary.rlm's sigma) equals it.
	Scale, Sigma float64
	// StdDev is summary.rlm's stddev: √S·κ/m with Huber's correction κ.
	StdDev float64
	// Weights are the Huber weights ψ(u)/u, u = r/s, used in the last step
	// (fit$w; r the scaled residual in a weighted fit, so a row of prior
	// weight 0 has Huber weight 1).
	Weights []float64
	// PriorWeights are RLMOptions.Weights (a copy; R's fit$weights), nil
	// for an unweighted fit.
	PriorWeights []float64
	// Residuals are y − X·b and Fitted X·b on the rows as given, unscaled
	// (R's fit$residuals and fit$fitted.values), also in a weighted fit.
	Residuals, Fitted []float64
	// CovUnscaled is (X'X)⁻¹ of the (scaled) rows; the standard errors
	// are StdDev·√diag.
	CovUnscaled [][]float64
	// DFResidual is n − p, n counting every row (R's summary.rlm counts
	// rows of prior weight 0 too).
	DFResidual int
	K          float64
	Iterations int
	Converged  bool
	// ConvHistory holds the convergence criterion of each iteration
	// (fit$conv).
	ConvHistory []float64
}

// RLM fits a linear model by Huber M-estimation with MASS::rlm's iteration:
// least-squares start; then, each iteration, scale s = median(|r|)/0.6745
// (uncentred MAD, literal 0.6745), weights min(1, k/|r/s|), a weighted
// least-squares fit, and the stopping test on the change of the residuals.
//
// With RLMOptions.Weights the same iteration runs on the rows scaled by
// √wᵢ (MASS's wt.method "inv.var"); see RLMOptions.Weights.
//
// Errors: an invalid design; invalid weights (a *DataError naming the row
// for a NaN, ±Inf (ErrNonFinite) or negative weight (ErrInvalidInput);
// ErrLength; every weight 0 is ErrEmpty, p or fewer positive weights
// ErrNoResidualDF); a rank-deficient design (*AliasedError; in a weighted
// fit, of the rows with a positive weight); no residual degrees of freedom
// (ErrNoResidualDF); a residual scale of exactly 0 (more than half the
// residuals are 0, zero-weight rows included: R stops there and its
// summary is undefined) gives ErrInvalidInput. If MaxIter is reached the
// last fit is returned with a *ConvergenceError wrapping ErrNotConverged.
func RLM(d *Design, opt RLMOptions) (*RLMFit, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	k := opt.K
	if k == 0 {
		k = 1.345
	}
	if !(k > 0) || math.IsInf(k, 0) {
		return nil, invalidf("rlm: k %v must be > 0", opt.K)
	}
	maxit := opt.MaxIter
	if maxit == 0 {
		maxit = 20
	}
	if maxit < 0 {
		return nil, invalidf("rlm: MaxIter %d must be ≥ 0", opt.MaxIter)
	}
	acc := opt.Acc
	if acc == 0 {
		acc = 1e-4
	}
	if !(acc > 0) {
		return nil, invalidf("rlm: Acc %v must be > 0", opt.Acc)
	}
	n, p := d.Dims()
	// x is the design the M-estimation runs on: d itself, or its rows
	// scaled by √w (already validated through d, so never validated again).
	x := d
	zeroW := 0
	if opt.Weights != nil {
		npos, err := checkRowWeights("rlm", opt.Weights, n, p+1)
		if err != nil {
			return nil, err
		}
		zeroW = n - npos
		s := make([]float64, n)
		for i, w := range opt.Weights {
			s[i] = math.Sqrt(w)
		}
		x = scaledRows(d, s)
	}
	raw := x.X.RawMatrix()
	at := func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
	y := x.Y
	var buf []float64 // one n×p QR buffer for all iterations
	sw := make([]float64, n)
	zw := make([]float64, n)
	// wls fits by weighted least squares (w nil: unweighted) and writes the
	// residuals y − X·b into res.
	wls := func(w, res []float64) ([]float64, error) {
		for i := range sw {
			sw[i] = 1
			if w != nil {
				sw[i] = math.Sqrt(w[i])
			}
		}
		// The weighted design, column-major, for the QR (newQRBuf's
		// layout, filled without a call per element).
		if cap(buf) < n*p {
			buf = make([]float64, n*p)
		}
		a := buf[:n*p]
		for i := range n {
			row, s := raw.Data[i*raw.Stride:i*raw.Stride+p], sw[i]
			for j, v := range row {
				a[j*n+i] = v * s
			}
		}
		q := qrInPlace(n, p, a, 1e-7)
		buf = q.a
		if q.rank < p {
			var names []string
			for _, j := range q.aliased() {
				names = append(names, d.Names[j])
			}
			return nil, &AliasedError{Columns: names, Err: ErrRankDeficient}
		}
		for i := range zw {
			zw[i] = y[i] * sw[i]
		}
		coef := q.solveInPlace(zw)
		for i := range res {
			f := 0.0
			for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+p] {
				f += v * coef[j]
			}
			res[i] = y[i] - f
		}
		return coef, nil
	}
	if n <= p {
		return nil, fmt.Errorf("%w: rlm: %d observations for %d coefficients", ErrNoResidualDF, n, p)
	}
	resid, rnew := make([]float64, n), make([]float64, n)
	coef, err := wls(nil, resid)
	if err != nil {
		return nil, err
	}
	fit := &RLMFit{Names: slices.Clone(d.Names), K: k, DFResidual: n - p}
	var w []float64
	var scale float64
	done := false
	abs := make([]float64, n)
	for iter := 1; iter <= maxit; iter++ {
		fit.Iterations = iter
		for i, r := range resid {
			abs[i] = math.Abs(r)
		}
		scale = medianInPlace(abs) / 0.6745
		if scale == 0 {
			done = true
			break
		}
		if w == nil {
			w = make([]float64, n)
		}
		for i, r := range resid {
			w[i] = math.Min(1, k/math.Abs(r/scale))
		}
		c, err := wls(w, rnew)
		if err != nil {
			return nil, err
		}
		var num, den float64
		for i := range resid {
			dlt := resid[i] - rnew[i]
			num += dlt * dlt
			den += resid[i] * resid[i]
		}
		conv := math.Sqrt(num / math.Max(1e-20, den))
		fit.ConvHistory = append(fit.ConvHistory, conv)
		coef = c
		resid, rnew = rnew, resid
		done = conv <= acc
		if done {
			break
		}
	}
	if scale == 0 {
		if zeroW > 0 {
			return nil, invalidf("rlm: the MAD scale of the residuals is 0 at iteration %d (more than half the residuals are 0, counting the %d rows of weight 0)", fit.Iterations, zeroW)
		}
		return nil, invalidf("rlm: the MAD scale of the residuals is 0 at iteration %d (more than half the residuals are 0)", fit.Iterations)
	}
	fit.Converged = done
	fit.Coefficients = coef
	fit.Scale, fit.Sigma = scale, scale
	fit.Weights = w
	if opt.Weights != nil {
		fit.PriorWeights = slices.Clone(opt.Weights)
	}
	// Fitted values and residuals on the rows as given (R: xx %*% coef and
	// yy − fitted).
	fit.Fitted = make([]float64, n)
	fit.Residuals = make([]float64, n)
	draw := d.X.RawMatrix()
	for i := 0; i < n; i++ {
		f := 0.0
		for j, v := range draw.Data[i*draw.Stride : i*draw.Stride+p] {
			f += v * coef[j]
		}
		fit.Fitted[i] = f
		fit.Residuals[i] = d.Y[i] - f
	}
	// summary.rlm, method "XtX" (wt.method "inv.var": on the scaled rows,
	// resid being the scaled residuals, fit$wresid).
	rdf := float64(n - p)
	var S, m1 float64
	psiPrime := make([]float64, n)
	for i, r := range resid {
		u := r / scale
		wi := math.Min(1, k/math.Abs(u))
		S += (r * wi) * (r * wi)
		if math.Abs(u) <= k {
			psiPrime[i] = 1
		}
		m1 += psiPrime[i]
	}
	S /= rdf
	mn := m1 / float64(n)
	var v float64
	for _, pp := range psiPrime {
		v += (pp - mn) * (pp - mn)
	}
	v /= float64(n - 1)
	kappa := 1 + float64(p)*v/(float64(n)*mn*mn)
	fit.StdDev = math.Sqrt(S) * (kappa / mn)
	q := newQRBuf(buf, n, p, at, 1e-7)
	fit.CovUnscaled = q.unscaledCov()
	fit.Coefs = make([]Coef, p)
	for j := 0; j < p; j++ {
		se := math.Sqrt(fit.CovUnscaled[j][j]) * fit.StdDev
		fit.Coefs[j] = Coef{Name: d.Names[j], Estimate: coef[j], StdErr: se, Statistic: coef[j] / se,
			PValue: math.NaN(), Lower: math.NaN(), Upper: math.NaN()}
	}
	if !done {
		last := math.NaN()
		if len(fit.ConvHistory) > 0 {
			last = fit.ConvHistory[len(fit.ConvHistory)-1]
		}
		return fit, &ConvergenceError{Method: "rlm", Iterations: fit.Iterations, LastChange: last, Tolerance: acc, Err: ErrNotConverged}
	}
	return fit, nil
}

// medianInPlace returns the median of v (average of the two middle values
// for even length), sorting v.
func medianInPlace(s []float64) float64 {
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
