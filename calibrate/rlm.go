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
}

// RLMFit is a Huber M-estimate fitted as MASS::rlm does (method "M",
// psi.huber, scale.est "MAD", init "ls", test.vec "resid").
//
// Coefs holds estimates, standard errors and t values as summary.rlm
// (method "XtX") computes them; like R it gives no p-values or intervals,
// so PValue, Lower and Upper are NaN.
type RLMFit struct {
	Names        []string
	Coefs        []Coef
	Coefficients []float64
	// Scale is fit$s: the MAD scale median(|r|)/0.6745 of the residuals
	// before the last weighted least-squares step. Sigma (summary.rlm's
	// sigma) equals it.
	Scale, Sigma float64
	// StdDev is summary.rlm's stddev: √S·κ/m with Huber's correction κ.
	StdDev float64
	// Weights are the Huber weights ψ(r/s)/(r/s) used in the last step
	// (fit$w).
	Weights []float64
	// Residuals are y − X·b; Fitted are X·b.
	Residuals, Fitted []float64
	// CovUnscaled is (X'X)⁻¹; the standard errors are StdDev·√diag.
	CovUnscaled [][]float64
	DFResidual  int
	K           float64
	Iterations  int
	Converged   bool
	// ConvHistory holds the convergence criterion of each iteration
	// (fit$conv).
	ConvHistory []float64
}

// RLM fits a linear model by Huber M-estimation with MASS::rlm's iteration:
// least-squares start; then, each iteration, scale s = median(|r|)/0.6745
// (uncentred MAD, literal 0.6745), weights min(1, k/|r/s|), a weighted
// least-squares fit, and the stopping test on the change of the residuals.
//
// Errors: an invalid design; a rank-deficient design (*AliasedError); no
// residual degrees of freedom (ErrNoResidualDF); a residual scale of exactly
// 0 (more than half the residuals are 0: R stops there and its summary is
// undefined) gives ErrInvalidInput. If MaxIter is reached the last fit is returned
// with a *ConvergenceError wrapping ErrNotConverged.
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
	raw := d.X.RawMatrix()
	at := func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
	y := d.Y
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
		return nil, invalidf("rlm: the MAD scale of the residuals is 0 at iteration %d (more than half the residuals are 0)", fit.Iterations)
	}
	fit.Converged = done
	fit.Coefficients = coef
	fit.Scale, fit.Sigma = scale, scale
	fit.Weights = w
	fit.Fitted = make([]float64, n)
	fit.Residuals = make([]float64, n)
	for i := 0; i < n; i++ {
		f := 0.0
		for j := 0; j < p; j++ {
			f += at(i, j) * coef[j]
		}
		fit.Fitted[i] = f
		fit.Residuals[i] = y[i] - f
	}
	// summary.rlm, method "XtX", no prior weights.
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
