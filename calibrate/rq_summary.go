package calibrate

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// QuantRegSE chooses how QuantRegFit.Inference estimates the covariance of
// quantile-regression coefficients; each is one of quantreg's summary.rq
// se types.
type QuantRegSE int

const (
	// QuantRegSENID (the zero value) is summary.rq's "nid": the
	// Hendricks–Koenker sandwich τ(1−τ)·H⁻¹(X'X)H⁻¹ with H = X'diag(f)X and
	// local densities fᵢ = 2h/(xᵢ'(b(τ+h) − b(τ−h)) − ε) from the fits at
	// τ ± h (0 where that difference is below ε = √(2.2e−16)). It allows
	// the density of the errors to vary with x. R uses it by default for
	// n > 1000 (and for any n when asked for the covariance); R's default
	// for smaller n, rank-inversion intervals ("rank"), is not implemented.
	QuantRegSENID QuantRegSE = iota
	// QuantRegSEIID is "iid": errors independent of x, with the sparsity
	// 1/f(F⁻¹(τ)) estimated by Siddiqui's difference quotient (the slope of
	// a median regression on the order statistics of the residuals):
	// cov = s²·τ(1−τ)·(X'X)⁻¹.
	QuantRegSEIID
	// QuantRegSEKernel is "ker": Powell's kernel estimate, fᵢ = φ(rᵢ/hₖ)/hₖ
	// with hₖ = (Φ⁻¹(τ+h) − Φ⁻¹(τ−h))·min(sd(r), IQR(r)/1.34), in the
	// sandwich of QuantRegSENID.
	QuantRegSEKernel
	// QuantRegSEBoot is the xy-pair bootstrap (summary.rq's "boot" with
	// bsmethod "xy"): rows are resampled with replacement, the model is
	// refitted on each resample and the covariance is that of the
	// replicates. See BootOptions.
	QuantRegSEBoot
)

func (s QuantRegSE) String() string {
	switch s {
	case QuantRegSENID:
		return "nid"
	case QuantRegSEIID:
		return "iid"
	case QuantRegSEKernel:
		return "ker"
	case QuantRegSEBoot:
		return "boot"
	}
	return fmt.Sprintf("QuantRegSE(%d)", int(s))
}

// QuantRegBandwidth is the rule for the bandwidth h of the sparsity and
// density estimates (quantreg's bandwidth.rq).
type QuantRegBandwidth int

const (
	// BandwidthHallSheather (the zero value, summary.rq's hs = TRUE):
	// h = n^(−1/3)·Φ⁻¹(0.975)^(2/3)·(1.5·φ(Φ⁻¹(τ))²/(2Φ⁻¹(τ)² + 1))^(1/3).
	BandwidthHallSheather QuantRegBandwidth = iota
	// BandwidthBofinger (hs = FALSE):
	// h = n^(−1/5)·(4.5·φ(Φ⁻¹(τ))⁴/(2Φ⁻¹(τ)² + 1)²)^(1/5).
	BandwidthBofinger
)

// QuantRegBandwidthAt returns quantreg's bandwidth.rq(tau, n, hs) for the
// rule (before any halving): the h of QuantRegBandwidth. It returns NaN for
// τ outside (0, 1) or n < 1.
func QuantRegBandwidthAt(tau float64, n int, rule QuantRegBandwidth) float64 {
	if !(tau > 0 && tau < 1) || n < 1 {
		return math.NaN()
	}
	x0 := stats.NormalQuantile(tau)
	f0 := math.Exp(-x0*x0/2) / math.Sqrt(2*math.Pi)
	nf := float64(n)
	if rule == BandwidthBofinger {
		return math.Pow(nf, -0.2) * math.Pow(4.5*math.Pow(f0, 4)/math.Pow(2*x0*x0+1, 2), 0.2)
	}
	z := stats.NormalQuantile(1 - 0.05/2)
	return math.Pow(nf, -1.0/3) * math.Pow(z, 2.0/3) * math.Pow(1.5*f0*f0/(2*x0*x0+1), 1.0/3)
}

// QuantRegInferenceOptions controls QuantRegFit.Inference. The zero value
// gives summary.rq(fit, se = "nid") with the Hall–Sheather bandwidth and
// 95% intervals.
type QuantRegInferenceOptions struct {
	// SE chooses the estimator; the zero value is QuantRegSENID.
	SE QuantRegSE
	// Bandwidth chooses the bandwidth rule; the zero value is Hall–Sheather.
	Bandwidth QuantRegBandwidth
	// Level is the level of the intervals in Coefs (estimate ± t·SE with t
	// on n − p degrees of freedom); 0 means 0.95.
	Level float64
	// Boot controls the bootstrap (SE = QuantRegSEBoot only).
	Boot BootOptions
}

// QuantRegInference holds standard errors, t values and p-values of a
// quantile regression, as quantreg's summary.rq(fit, se = …,
// covariance = TRUE).
type QuantRegInference struct {
	Tau float64
	SE  QuantRegSE
	// Coefs is the coefficient table: Statistic is the t value
	// estimate/StdErr, PValue = 2·P(T > |t|) with T ~ t(DFResidual) (R
	// computes 1 − P(T ≤ |t|), which is exactly 0 below about 1e−16), and
	// Lower/Upper are estimate ∓ t_{(1+Level)/2}·StdErr.
	Coefs []Coef
	// Vcov is the estimated covariance of the coefficients.
	Vcov       *mat.SymDense
	DFResidual int // n − p
	Level      float64
	// Bandwidth is h after halving while τ − h < 0 or τ + h > 1: the
	// bandwidth of QuantRegSENID and QuantRegSEKernel. QuantRegSEIID uses
	// the unhalved h (as R), reported as BandwidthIID. Both are NaN for the
	// bootstrap.
	Bandwidth, BandwidthIID float64
	// Density is summary.rq's scale: 1/sparsity for iid, the mean of the
	// fᵢ for nid and ker; NaN for the bootstrap.
	Density float64
	// NonPositive counts rows whose fitted difference xᵢ'(b(τ+h) − b(τ−h))
	// is ≤ 0 (nid only): their density is taken as 0. R warns "k
	// non-positive fis". NearZero counts the rows whose difference is 0
	// but for rounding (|dᵢ| ≤ 1e-10·max|d|, such as rows where the two fits
	// meet): whether they count as non-positive is rounding noise, so R's
	// count may be anywhere from NonPositive minus those counted to
	// NonPositive plus those not; their densities are 0 either way. Rows
	// whose x is all 0, such as the rows of weight 0 of a weighted fit,
	// have a difference of exactly 0: they count as non-positive, as in R,
	// and not as NearZero.
	NonPositive, NearZero int
	// Warnings lists, in R's words, what summary.rq would warn about
	// ("3 non-positive fis"; "Solution may be nonunique" for a non-unique
	// sparsity regression or refit, see SparsityUniqueness);
	// the results are still R's. It also notes an iid sparsity estimate
	// that is not positive (tied residuals), where R silently reports
	// standard errors of 0 (t ±Inf, p 0), as this does.
	Warnings []string
	// Boot holds the bootstrap replicates (SE = QuantRegSEBoot only).
	Boot *Bootstrap
	// SparsityUniqueness is the uniqueness of the iid sparsity regression
	// (iid only): when it is NonUnique, another optimal slope, such as the
	// one R reports, gives other standard errors. RefitUniqueness holds
	// that of the fits at τ + h and τ − h (nid only).
	SparsityUniqueness Uniqueness
	RefitUniqueness    []Uniqueness

	sparsity *Design // the iid sparsity regression (for tests)
}

// rqEps is summary.rq's eps = .Machine$double.eps^(1/2).
const rqEps = 1.4901161193847656e-08

// Inference estimates the covariance of the coefficients of f, a fit of d
// (the same design: same rows, columns and response), and returns the
// coefficient table as quantreg's summary.rq does for the se type in opt.
//
// The refits that nid needs (at τ ± h) use f's method, as R uses the fit's.
// The bootstrap refits each resample with QuantRegAuto.
//
// A weighted fit (QuantRegOptions.Weights) is treated as summary.rq treats
// it: the rows of X and y and the residuals are multiplied by the weights,
// and everything above (the sparsity or densities, the refits at τ ± h,
// the bootstrap resamples, the sandwich) is computed unweighted on the
// scaled rows. n counts every row, rows of weight 0 too (whose scaled
// residual is 0, and whose fitted difference for nid is 0: R counts them
// among the "non-positive fis"), so DFResidual is n − p, as R's rdf.
//
// Where a linear programme has several optimal vertices (R warns "Solution
// may be nonunique"), R's simplex and this package's methods may stop at
// different ones, and the results then differ from R's although both are
// valid: check f.Uniqueness, and see SparsityUniqueness and
// RefitUniqueness.
//
// Errors: d does not match f; opt invalid; n − p < 1; a rank-deficient
// X'diag(f)X (no density at enough rows: *AliasedError); too few residuals
// for the iid sparsity estimate (n < pz + m + 1, where R fails too); errors
// of the refits.
func (f *QuantRegFit) Inference(d *Design, opt QuantRegInferenceOptions) (*QuantRegInference, error) {
	if err := f.checkDesign(d); err != nil {
		return nil, err
	}
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, invalidf("quantreg: confidence level %v not in (0, 1)", opt.Level)
	}
	if opt.Bandwidth != BandwidthHallSheather && opt.Bandwidth != BandwidthBofinger {
		return nil, invalidf("quantreg: unknown bandwidth rule %d", int(opt.Bandwidth))
	}
	n, p := d.Dims()
	if n-p < 1 {
		return nil, fmt.Errorf("%w: quantreg: %d rows for %d coefficients", ErrNoResidualDF, n, p)
	}
	tau := f.Tau
	res := &QuantRegInference{Tau: tau, SE: opt.SE, DFResidual: n - p, Level: level,
		Bandwidth: math.NaN(), BandwidthIID: math.NaN(), Density: math.NaN()}
	h0 := QuantRegBandwidthAt(tau, n, opt.Bandwidth)
	h := h0
	for tau-h < 0 || tau+h > 1 {
		h /= 2
	}
	// x and r: the rows and residuals summary.rq works on (scaled by the
	// prior weights of a weighted fit).
	x, r := f.scaledRows(d)
	var cov [][]float64
	var err error
	switch opt.SE {
	case QuantRegSEIID:
		res.Bandwidth, res.BandwidthIID = h, h0
		cov, err = f.covIID(x, r, h0, res)
	case QuantRegSENID:
		res.Bandwidth, res.BandwidthIID = h, h0
		cov, err = f.covNID(x, h, res)
	case QuantRegSEKernel:
		res.Bandwidth, res.BandwidthIID = h, h0
		u := f.Residuals
		if f.PriorWeights != nil {
			// R: uhat <- c(y - x %*% coef) on the scaled rows.
			u = make([]float64, len(r))
			raw := x.X.RawMatrix()
			for i := range u {
				u[i] = x.Y[i] - dotRow(raw.Data[i*raw.Stride:i*raw.Stride+p], f.Coefficients)
			}
		}
		cov, err = f.covKernel(x, u, h, res)
	case QuantRegSEBoot:
		var b *Bootstrap
		b, err = bootstrapQuantReg(x, tau, opt.Boot)
		if err == nil {
			res.Boot = b
			cov = b.cov()
		}
	default:
		return nil, invalidf("quantreg: unknown standard-error type %d", int(opt.SE))
	}
	if err != nil {
		return nil, err
	}
	v := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			v.SetSym(i, j, cov[i][j])
		}
	}
	res.Vcov = v
	res.Coefs = coefTable(f.Names, f.Coefficients, v, float64(n-p), level)
	return res, nil
}

// scaledRows returns the rows of d and f's residuals as summary.rq uses
// them: unchanged for an unweighted fit; for a weighted fit x·w, y·w and
// the residuals (y − x'b)·w, the design not to be validated again (its
// intercept column holds the weights).
func (f *QuantRegFit) scaledRows(d *Design) (*Design, []float64) {
	if f.PriorWeights == nil {
		return d, f.Residuals
	}
	r := make([]float64, len(f.Residuals))
	for i, v := range f.Residuals {
		r[i] = v * f.PriorWeights[i]
	}
	return scaledRows(d, f.PriorWeights), r
}

// checkDesign reports whether d is the design f was fitted to (for a
// weighted fit, the rows as given, not scaled by the weights).
func (f *QuantRegFit) checkDesign(d *Design) error {
	if err := d.Validate(); err != nil {
		return err
	}
	n, p := d.Dims()
	if n != len(f.Residuals) || p != len(f.Coefficients) || !slices.Equal(d.Names, f.Names) ||
		(f.PriorWeights != nil && len(f.PriorWeights) != n) {
		return lengthf("quantreg: the design (%d rows, columns %v) is not the fit's (%d rows, columns %v)",
			n, d.Names, len(f.Residuals), f.Names)
	}
	raw := d.X.RawMatrix()
	for i := 0; i < n; i++ {
		fit := dotRow(raw.Data[i*raw.Stride:i*raw.Stride+p], f.Coefficients)
		if r := d.Y[i] - fit; math.Abs(r-f.Residuals[i]) > 1e-8*(math.Abs(d.Y[i])+math.Abs(fit)+1) {
			return invalidf("quantreg: row %d: the design's response does not give the fit's residual", i)
		}
	}
	return nil
}

// covIID is summary.rq's se = "iid" on the rows d with residuals r.
func (f *QuantRegFit) covIID(d *Design, r []float64, h0 float64, res *QuantRegInference) ([][]float64, error) {
	n, p := d.Dims()
	tau := f.Tau
	pz := 0
	for _, v := range r {
		if math.Abs(v) < rqEps {
			pz++
		}
	}
	m := max(p+1, int(math.Ceil(float64(n)*h0)))
	if pz+m+1 > n {
		return nil, invalidf("quantreg: iid: %d rows are too few for the sparsity estimate (%d zero residuals + %d order statistics)", n, pz, m+1)
	}
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(a, b int) int {
		x, y := math.Abs(r[a]), math.Abs(r[b])
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	e := make([]float64, m+1)
	xt := make([]float64, m+1)
	for k := range e {
		e[k] = r[ord[pz+k]]
		xt[k] = float64(pz+k+1) / float64(n-p)
	}
	slices.Sort(e)
	// R: rq(ord.resid ~ xt). This small median regression is often not
	// unique; R's simplex then returns one of the optimal slopes and
	// warns, and so may this, at another optimal slope.
	sd, err := NewDesign([]string{"xt"}, [][]float64{xt}, e, true)
	if err != nil {
		return nil, err
	}
	sf, err := QuantReg(sd, QuantRegOptions{Tau: 0.5, Method: QuantRegSimplex})
	if err != nil {
		return nil, fmt.Errorf("calibrate: quantreg: iid sparsity: %w", err)
	}
	res.sparsity = sd
	res.SparsityUniqueness = rqUniqueness(sd, sf.Coefficients, 0.5)
	if res.SparsityUniqueness == NonUnique {
		res.Warnings = append(res.Warnings, "Solution may be nonunique")
	}
	sc := sf.Coefficients
	if sc[1] == 0 {
		sc[1] = 0 // +0, not −0: R's density is then +Inf
	}
	s := sc[1]
	res.Density = 1 / s
	if !(s > 0) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the sparsity estimate is %g (tied residuals): standard errors %g, as R reports them", s, math.Abs(s)))
	}
	xx, err := unscaledCovOf(d, nil)
	if err != nil {
		return nil, err
	}
	c := s * s * tau * (1 - tau)
	for i := range xx {
		for j := range xx[i] {
			xx[i][j] *= c
		}
	}
	return xx, nil
}

// covNID is summary.rq's se = "nid".
func (f *QuantRegFit) covNID(d *Design, h float64, res *QuantRegInference) ([][]float64, error) {
	n, p := d.Dims()
	tau := f.Tau
	hi, err := f.refitAt(d, tau+h, res)
	if err != nil {
		return nil, fmt.Errorf("calibrate: quantreg: nid: the fit at tau + h = %v: %w", tau+h, err)
	}
	lo, err := f.refitAt(d, tau-h, res)
	if err != nil {
		return nil, fmt.Errorf("calibrate: quantreg: nid: the fit at tau - h = %v: %w", tau-h, err)
	}
	db := make([]float64, p)
	for j := range db {
		db[j] = hi[j] - lo[j]
	}
	raw := d.X.RawMatrix()
	fd := make([]float64, n)
	dys := make([]float64, n)
	var sum, big float64
	for i := 0; i < n; i++ {
		dy := dotRow(raw.Data[i*raw.Stride:i*raw.Stride+p], db)
		dys[i] = dy
		big = math.Max(big, math.Abs(dy))
		if dy <= 0 {
			res.NonPositive++
		}
		fd[i] = math.Max(0, 2*h/(dy-rqEps))
		sum += fd[i]
	}
	for i, dy := range dys {
		// A row whose x is all 0 (a row of weight 0 in a weighted fit) has
		// a difference of exactly 0, not rounding noise.
		if math.Abs(dy) <= 1e-10*big && !zeroRow(raw.Data[i*raw.Stride:i*raw.Stride+p]) {
			res.NearZero++
		}
	}
	if res.NonPositive > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d non-positive fis", res.NonPositive))
	}
	res.Density = sum / float64(n)
	return sandwichRQ(d, fd, tau)
}

// refitAt refits the quantile regression of d (the rows as summary.rq has
// them: scaled by the weights of a weighted fit) at tau, unweighted, with
// f's method, as summary.rq does, and notes a non-unique refit.
func (f *QuantRegFit) refitAt(d *Design, tau float64, res *QuantRegInference) ([]float64, error) {
	g, err := quantRegFit(d, tau, f.Method, 0)
	if err != nil {
		return nil, err
	}
	u := rqUniqueness(d, g.Coefficients, tau)
	res.RefitUniqueness = append(res.RefitUniqueness, u)
	if u == NonUnique {
		res.Warnings = append(res.Warnings, "Solution may be nonunique")
	}
	return g.Coefficients, nil
}

// covKernel is summary.rq's se = "ker" on the rows d; u are f's residuals
// (y − X·b) of those rows.
func (f *QuantRegFit) covKernel(d *Design, u []float64, h float64, res *QuantRegInference) ([][]float64, error) {
	n, _ := d.Dims()
	tau := f.Tau
	var mean float64
	for _, v := range u {
		mean += v
	}
	mean /= float64(n)
	var ss float64
	for _, v := range u {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(n-1))
	s := slices.Clone(u)
	slices.Sort(s)
	q, err := stats.Quantiles(s, []float64{0.25, 0.75}, stats.Type7)
	if err != nil {
		return nil, invalidf("quantreg: ker: residual quartiles: %v", err)
	}
	hk := (stats.NormalQuantile(tau+h) - stats.NormalQuantile(tau-h)) * math.Min(sd, (q[1]-q[0])/1.34)
	fd := make([]float64, n)
	var sum float64
	for i, v := range u {
		z := v / hk
		fd[i] = math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) / hk
		sum += fd[i]
	}
	res.Density = sum / float64(n)
	if !(hk > 0) {
		return nil, invalidf("quantreg: ker: the kernel bandwidth %v is not positive (residuals without spread)", hk)
	}
	return sandwichRQ(d, fd, tau)
}

// zeroRow reports whether every value of row is 0.
func zeroRow(row []float64) bool {
	for _, v := range row {
		if v != 0 {
			return false
		}
	}
	return true
}

// sandwichRQ returns τ(1−τ)·H⁻¹(X'X)H⁻¹ with H = X'diag(f)X, H⁻¹ from the
// QR factor of √f∘X as summary.rq computes it.
func sandwichRQ(d *Design, f []float64, tau float64) ([][]float64, error) {
	_, p := d.Dims()
	sf := make([]float64, len(f))
	for i, v := range f {
		sf[i] = math.Sqrt(v)
	}
	hinv, err := unscaledCovOf(d, sf)
	if err != nil {
		return nil, err
	}
	xx := crossprod(d)
	tmp := make([][]float64, p)
	for i := range tmp {
		tmp[i] = make([]float64, p)
		for j := range tmp[i] {
			var s float64
			for k := 0; k < p; k++ {
				s += hinv[i][k] * xx[k][j]
			}
			tmp[i][j] = s
		}
	}
	c := tau * (1 - tau)
	cov := make([][]float64, p)
	for i := range cov {
		cov[i] = make([]float64, p)
	}
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			var s float64
			for k := 0; k < p; k++ {
				s += tmp[i][k] * hinv[k][j]
			}
			cov[i][j] = c * s
			cov[j][i] = c * s
		}
	}
	return cov, nil
}

// unscaledCovOf returns (X'SX)⁻¹ with S = diag(s²) (X'X⁻¹ for s nil) from
// the QR factor of s∘X with R's tolerance 1e-7; a rank-deficient product is
// an *AliasedError.
func unscaledCovOf(d *Design, s []float64) ([][]float64, error) {
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	at := func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
	if s != nil {
		at = func(i, j int) float64 { return raw.Data[i*raw.Stride+j] * s[i] }
	}
	q := newQR(n, p, at, 1e-7)
	if q.rank < p {
		var names []string
		for _, j := range q.aliased() {
			names = append(names, d.Names[j])
		}
		return nil, &AliasedError{Columns: names, Err: ErrRankDeficient}
	}
	return q.unscaledCov(), nil
}

// crossprod returns X'X.
func crossprod(d *Design) [][]float64 {
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	out := make([][]float64, p)
	for i := range out {
		out[i] = make([]float64, p)
	}
	for r := 0; r < n; r++ {
		row := raw.Data[r*raw.Stride : r*raw.Stride+p]
		for i := 0; i < p; i++ {
			for j := i; j < p; j++ {
				out[i][j] += row[i] * row[j]
			}
		}
	}
	for i := 0; i < p; i++ {
		for j := 0; j < i; j++ {
			out[i][j] = out[j][i]
		}
	}
	return out
}

// Summary returns the coefficient table in the layout of quantreg's
// print.summary.rq, with the interval bounds and R's warnings.
func (r *QuantRegInference) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Quantile regression, tau = %s, standard errors: %s\n\n", g4(r.Tau), r.SE)
	names := make([]string, len(r.Coefs))
	rows := make([][]string, len(r.Coefs))
	for j, c := range r.Coefs {
		names[j] = c.Name
		rows[j] = []string{g6(c.Estimate), naStr(c.StdErr, g6), naStr(c.Statistic, g4), pval(c.PValue), stars(c.PValue),
			naStr(c.Lower, g6), naStr(c.Upper, g6)}
	}
	lo := fmt.Sprintf("%.4g %%", 100*(1-r.Level)/2)
	hi := fmt.Sprintf("%.4g %%", 100*(1-(1-r.Level)/2))
	writeTable(&b, []string{"Value", "Std. Error", "t value", "Pr(>|t|)", "", lo, hi}, names, rows)
	fmt.Fprintf(&b, "\nDegrees of freedom: %d", r.DFResidual)
	if r.SE == QuantRegSEBoot {
		fmt.Fprintf(&b, "; %d bootstrap replicates (seed %d, %d rank-deficient left out)\n", len(r.Boot.Replicates), r.Boot.Seed, r.Boot.Failed)
	} else {
		fmt.Fprintf(&b, "; bandwidth %s; density %s\n", g4(r.Bandwidth), naStr(r.Density, g4))
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}
