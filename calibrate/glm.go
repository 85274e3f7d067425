package calibrate

import (
	"errors"
	"fmt"
	"gonum.org/v1/gonum/floats"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"gonum.org/v1/gonum/mat"
)

// GLMSolver chooses how each weighted least-squares step of IRLS is solved.
type GLMSolver int

const (
	// SolverAuto (the zero value) uses SolverQR for designs with n·p ≤ 2²⁰
	// cells and SolverNormal above.
	SolverAuto GLMSolver = iota
	// SolverQR solves each step by Householder QR with R's limited column
	// pivoting (LINPACK dqrdc2, tolerance min(1e-7, Epsilon/1000)), as
	// R's glm.fit does.
	SolverQR
	// SolverNormal solves each step by the normal equations X'WX b = X'Wz
	// with a Cholesky factorisation that detects aliased columns in order (a
	// column is aliased when its squared residual norm after the earlier
	// columns falls below 1e-10 of its squared norm). When the working
	// weights do not change between iterations (Gamma/log, Gaussian/identity
	// with unit prior weights) X'WX is formed once. The IRLS fixed point is
	// the same as with QR; standard errors carry a relative error of about
	// κ(X'WX)·1e-16.
	SolverNormal
)

// GLMOptions controls GLM. The zero value fits a Gaussian/identity model with
// R's defaults.
type GLMOptions struct {
	// Family is the error distribution (zero value Gaussian).
	Family Family
	// Link is the link function; CanonicalLink (zero) means the family's
	// canonical link. The pair must be one R accepts (see Family.resolve).
	Link Link
	// Weights are prior weights (R's glm(weights=)): finite, ≥ 0, not all
	// zero. nil means all 1. Rows with weight 0 are excluded from the
	// estimation and from the degrees of freedom, as in R.
	Weights []float64
	// Epsilon is the convergence tolerance on the relative deviance change
	// |dev − devold|/(|dev| + 0.1); 0 means 1e-8 (glm.control).
	Epsilon float64
	// MaxIter is the maximum number of IRLS iterations; 0 means 25.
	MaxIter int
	// Start gives starting coefficients (R's start=); nil means R's
	// family-specific starting means (binomial (w·y+0.5)/(w+1), poisson
	// y+0.1, Gamma and gaussian y).
	Start []float64
	// ConfLevel is the level of the Wald confidence intervals; 0 means 0.95.
	ConfLevel float64
	// Solver selects the least-squares method; the zero value chooses by size.
	Solver GLMSolver
	// Offset is a known term added to each row's linear predictor with
	// coefficient 1 (R's glm(offset=)), for example log(weeks) to model a
	// weekly rate from totals over different periods. nil means none.
	// With an offset and an intercept the null deviance is that of the
	// intercept-only model with the offset, as R computes it.
	Offset []float64
}

// GLMFit is a generalized linear model fitted by IRLS, replicating R's
// glm.fit and summary.glm.
//
// A fit is read-only after GLM returns and safe for concurrent use. It keeps
// a reference to its design (for AnovaGLM), which therefore must not be
// modified.
type GLMFit struct {
	Family   Family
	Link     Link
	Response string // the design's response name
	Names    []string
	// Coefs is the coefficient table. Statistic is a t value when the
	// dispersion is estimated (Gaussian, Gamma; p-values and intervals from
	// t(DFResidual)) and a z value when it is fixed at 1 (Binomial, Poisson;
	// normal p-values and intervals). Intervals are Wald intervals
	// estimate ± q·SE at ConfLevel (R's confint.default for z; for t the t
	// quantile is used). Aliased coefficients are NaN.
	Coefs []Coef
	// Coefficients are the estimates (NaN for aliased columns).
	Coefficients []float64
	// Vcov is dispersion·(X'WX)⁻¹ over all columns (NaN rows/columns for
	// aliased ones), W being the working weights of the last iteration.
	Vcov *mat.SymDense
	// Dispersion is 1 for Binomial and Poisson, otherwise the Pearson
	// estimate Σ wᵢ rᵢ² / DFResidual with working weights and working
	// residuals (summary.glm); NaN with no residual degrees of freedom.
	Dispersion      float64
	DispersionFixed bool
	StatisticName   string // "t" or "z"
	ConfLevel       float64

	Deviance, NullDeviance float64
	DFResidual, DFNull     int
	// PearsonChi2 is Σ priorweight·(y − μ)²/V(μ).
	PearsonChi2 float64
	// AIC is R's fit$aic: family AIC + 2·rank (Gamma plugs in the dispersion
	// deviance/Σw, Gaussian deviance/n). LogLik is R's logLik.glm: (rank, +1
	// for Gaussian and Gamma) − AIC/2, and DF that parameter count. BIC is
	// −2·LogLik + log(nobs)·DF with nobs the rows of positive weight.
	AIC, LogLik, BIC float64
	DF               int

	Rank    int
	Aliased []string
	NObs    int // rows with positive prior weight

	Iterations int
	Converged  bool
	// Boundary reports that a step had to be halved (R's fit$boundary).
	Boundary bool
	// LastChange is the last relative deviance change.
	LastChange float64

	// Per observation (all rows, including zero-weight ones):
	Y               []float64 // response
	Fitted          []float64 // μ̂
	LinearPredictor []float64 // η̂
	PriorWeights    []float64
	// WorkingWeights are R's fit$weights: w = priorweight·(dμ/dη)²/V(μ) at
	// the start of the last iteration (0 for excluded rows).
	WorkingWeights []float64
	// WorkingResiduals are R's fit$residuals: (y − μ̂)/(dμ/dη).
	WorkingResiduals []float64
	// Offset is the offset the fit was given (nil for none); LinearPredictor
	// includes it.
	Offset []float64

	intercept bool
	d         *Design // the design fitted (for AnovaGLM's nesting check)
	eps       float64 // the convergence tolerance and iteration limit used,
	maxit     int     // for refits (ConfintProfile)
}

// GLM fits a generalized linear model by iteratively reweighted least
// squares, replicating R's glm.fit: starting values from the family's
// initialize expression (or opt.Start), the stopping rule
// |dev − devold|/(|dev| + 0.1) < Epsilon, step halving when the deviance is
// not finite or η/μ leave their domain, and each weighted least-squares
// step solved as opt.Solver says.
//
// Errors: an invalid design (see Design.Validate), bad weights, a response the
// family cannot take (*DomainError naming the rows: Gamma needs y > 0,
// Poisson y ≥ 0, Binomial 0 ≤ y ≤ 1, Gaussian with log link y > 0 and with
// inverse link y ≠ 0 unless Start is given), an invalid family/link pair, or
// a failure to find valid coefficients (ErrDomain). If the iteration limit is
// reached, GLM returns the fit of the last iteration (Converged false) and
// a *ConvergenceError wrapping ErrNotConverged with the iteration count and
// the last relative deviance change; callers that accept unconverged fits (as
// R does, with a warning) can use both.
func GLM(d *Design, opt GLMOptions) (*GLMFit, error) {
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	// The design's values (finite X and y, an intercept column of ones) are
	// checked in the passes the fit makes anyway: y with the family's
	// response, X in the first Gram matrix (see irls.check), not in a pass
	// of their own. Whenever that is not yet done when an error arises, or
	// those passes see a suspect value, the full check (Design.Validate's)
	// runs and its error, naming the first bad row, comes first, as if the
	// design had been validated on entry.
	var xChecked bool
	fit, err := glm(d, opt, &xChecked)
	if err != nil && !xChecked {
		if verr := d.checkValues(); verr != nil {
			return nil, verr
		}
	}
	return fit, err
}

// glm is GLM once the design's shape is checked. It sets *xChecked once
// the design's values are known to be valid.
func glm(d *Design, opt GLMOptions, xChecked *bool) (*GLMFit, error) {
	lnk, err := opt.Family.resolve(opt.Link)
	if err != nil {
		return nil, err
	}
	n, p := d.Dims()
	fam := opt.Family
	eps := opt.Epsilon
	if eps == 0 {
		eps = 1e-8
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, invalidf("glm: epsilon %v must be > 0", opt.Epsilon)
	}
	maxit := opt.MaxIter
	if maxit == 0 {
		maxit = 25
	}
	if maxit < 0 {
		return nil, invalidf("glm: MaxIter %d must be ≥ 0", opt.MaxIter)
	}
	conf := opt.ConfLevel
	if conf == 0 {
		conf = 0.95
	}
	if !(conf > 0 && conf < 1) {
		return nil, invalidf("glm: confidence level %v must be in (0, 1)", opt.ConfLevel)
	}
	prior := make([]float64, n)
	if opt.Weights == nil {
		for i := range prior {
			prior[i] = 1
		}
	} else {
		if err := checkPriorWeights(opt.Weights, n); err != nil {
			return nil, err
		}
		copy(prior, opt.Weights)
	}
	if opt.Start != nil && len(opt.Start) != p {
		return nil, lengthf("glm: start has %d values, design has %d columns", len(opt.Start), p)
	}
	for j, v := range opt.Start {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &DataError{Row: j, Column: "start", Value: v, Err: ErrNonFinite}
		}
	}
	var off []float64
	if opt.Offset != nil {
		if err := checkOffset(opt.Offset, n, "design"); err != nil {
			return nil, err
		}
		off = slices.Clone(opt.Offset)
	}
	y := slices.Clone(d.Y)
	for _, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, d.checkValues()
		}
	}
	if err := checkFamilyResponse(fam, lnk, y, prior, d.responseName(), opt.Start != nil); err != nil {
		return nil, err
	}
	raw := d.X.RawMatrix()
	solver := opt.Solver
	if solver == SolverAuto {
		if n*p <= 1<<20 {
			solver = SolverQR
		} else {
			solver = SolverNormal
		}
	}
	st := &irls{
		x: raw.Data, stride: raw.Stride, n: n, p: p,
		y: y, prior: prior, fam: fam, link: lnk, off: off,
		eps: eps, maxit: maxit, solver: solver,
		check: d, checked: xChecked,
	}
	if solver != SolverNormal {
		// Small designs (QR): checked on their own before the fit.
		if err := d.checkValues(); err != nil {
			return nil, err
		}
		*xChecked = true
	}
	if err := st.run(opt.Start); err != nil && !errors.Is(err, ErrNotConverged) {
		return nil, err
	}
	fit := st.result(d, conf)
	if off != nil && fit.intercept {
		// R's glm: the null deviance is the deviance of the intercept-only
		// model with the offset, fitted from the model's fitted values.
		ones := make([]float64, n)
		for i := range ones {
			ones[i] = 1
		}
		null := &irls{
			x: ones, stride: 1, n: n, p: 1,
			y: y, prior: prior, fam: fam, link: lnk, off: off, startMu: fit.Fitted,
			eps: eps, maxit: maxit, solver: SolverQR,
		}
		if err := null.run(nil); err != nil && !errors.Is(err, ErrNotConverged) {
			return nil, fmt.Errorf("glm: the null model with the offset: %w", err)
		}
		fit.NullDeviance = null.dev
	}
	if !fit.Converged {
		return fit, &ConvergenceError{Method: "glm", Iterations: fit.Iterations, LastChange: fit.LastChange, Tolerance: eps, Err: ErrNotConverged}
	}
	return fit, nil
}

// checkOffset checks an offset for n rows of what (the design, or x).
func checkOffset(off []float64, n int, what string) error {
	if len(off) != n {
		return lengthf("glm: offset has %d values, %s has %d rows", len(off), what, n)
	}
	for i, v := range off {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &DataError{Row: i, Column: "offset", Value: v, Err: ErrNonFinite}
		}
	}
	return nil
}

func checkPriorWeights(w []float64, n int) error {
	if len(w) != n {
		return lengthf("glm: weights have %d values, design has %d rows", len(w), n)
	}
	pos := false
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &DataError{Row: i, Column: "weights", Value: v, Err: ErrNonFinite}
		}
		if v < 0 {
			return &DataError{Row: i, Column: "weights", Value: v, Err: fmt.Errorf("%w: negative weight", ErrInvalidInput)}
		}
		if v > 0 {
			pos = true
		}
	}
	if !pos {
		return fmt.Errorf("%w: every weight is zero", ErrEmpty)
	}
	return nil
}

// checkFamilyResponse applies the family's initialize checks. Binomial
// responses of zero-weight rows are set to 0 first, as R does.
func checkFamilyResponse(fam Family, lnk Link, y, prior []float64, name string, haveStart bool) error {
	var rows []int
	var reason string
	switch fam {
	case Gamma:
		reason = "the Gamma family needs y > 0"
		for i, v := range y {
			if v <= 0 {
				rows = append(rows, i)
			}
		}
	case Poisson:
		reason = "the Poisson family needs y ≥ 0"
		for i, v := range y {
			if v < 0 {
				rows = append(rows, i)
			}
		}
	case Binomial:
		reason = "the binomial family needs 0 ≤ y ≤ 1"
		for i, v := range y {
			if prior[i] == 0 {
				y[i] = 0
				continue
			}
			if v < 0 || v > 1 {
				rows = append(rows, i)
			}
		}
	case Gaussian:
		if haveStart {
			return nil
		}
		switch lnk {
		case Log:
			reason = "gaussian with log link needs y > 0 for starting values (give Start)"
			for i, v := range y {
				if v <= 0 {
					rows = append(rows, i)
				}
			}
		case Inverse:
			reason = "gaussian with inverse link needs y ≠ 0 for starting values (give Start)"
			for i, v := range y {
				if v == 0 {
					rows = append(rows, i)
				}
			}
		}
	}
	if len(rows) > 0 {
		return &DomainError{Column: name, Rows: rows, Reason: reason, Err: ErrDomain}
	}
	return nil
}

// irls is the state of one glm.fit run on raw row-major data.
type irls struct {
	x        []float64
	stride   int
	n, p     int
	y, prior []float64
	fam      Family
	link     Link
	off      []float64 // offset added to η (nil: none)
	startMu  []float64 // starting means (R's mustart); nil: the family's
	startEta []float64 // starting η (R's etastart), before startMu
	eps      float64
	maxit    int
	solver   GLMSolver
	eta, mu  []float64
	coef     []float64
	w        []float64 // working weights w² (0 for rows not "good")
	iter     int
	conv     bool
	boundary bool
	dev      float64
	lastRel  float64
	qr       *qrDecomp // last QR (SolverQR)
	chol     *cholGram // last factorisation (SolverNormal)
	cholW    []float64 // weights cholGram was built with
	good     []bool    // rows used in the last WLS step
	goodIdx  []int     // their indices (nil when all rows are good)
	// pre is set when setEtaFused has computed the working response and
	// weights (in z, sw, good) and X'Wz (preRHS) for the next iteration.
	pre     bool
	preGood int
	preRHS  []float64
	qrBuf   []float64
	// In the fused path the deviance is added up in the same pass:
	// fusedDev holds it; logY caches log y for Gamma/log, whose deviance
	// term log(y/μ) is then log y − η (one logarithm per row per fit, not
	// per iteration; equal to the last bit or two).
	fusedDev float64
	logY     []float64
	// check, if not nil, is the design whose values (X finite, intercept
	// column of ones) the first Gram matrix checks, setting *checked; see
	// GLM.
	check   *Design
	checked *bool
}

func (s *irls) rowDot(i int, b []float64) float64 {
	row := s.x[i*s.stride : i*s.stride+s.p]
	v := 0.0
	for j, x := range row {
		v += x * b[j]
	}
	return v
}

func (s *irls) setEta(b []float64) {
	s.pre = false
	for i := 0; i < s.n; i++ {
		s.eta[i] = s.rowDot(i, b)
		if s.off != nil {
			s.eta[i] += s.off[i]
		}
		s.mu[i] = linkinv(s.link, s.eta[i])
	}
}

// working returns the working response z, √weight and whether row i is
// used ("good"), as glm.fit computes them; bad is set for the conditions
// on which glm.fit stops (NA or 0 variance, NA dμ/dη).
func (s *irls) working(i int) (z, sw float64, good, bad bool) {
	var me float64
	if s.link == Log {
		me = s.mu[i] // log link: dμ/dη = max(exp(η), ε) = μ exactly
	} else {
		me = muEta(s.link, s.eta[i])
	}
	v := variance(s.fam, s.mu[i])
	if math.IsNaN(v) || (v == 0 && s.prior[i] > 0) || (math.IsNaN(me) && s.prior[i] > 0) {
		return 0, 0, false, true
	}
	if s.prior[i] > 0 && me != 0 {
		e := s.eta[i]
		if s.off != nil {
			e -= s.off[i] // the working response excludes the offset
		}
		return e + (s.y[i]-s.mu[i])/me, math.Sqrt(s.prior[i] * me * me / v), true, false
	}
	return 0, 0, false, false
}

// setEtaFused is setEta that also computes the next iteration's working
// response and weights and accumulates X'Wz, in the same pass over X. It is
// used with the normal equations when the working weights cannot change
// (Gamma/log, Gaussian/identity), where X'WX is factorised once. Long
// designs are split into fixed chunks run in parallel; the partial sums
// (X'Wz, the deviance) are added in chunk order, so the result does not
// depend on GOMAXPROCS.
func (s *irls) setEtaFused(b, z, sw []float64) {
	p := s.p
	if s.preRHS == nil {
		s.preRHS = make([]float64, p)
	}
	gammaLog := s.fam == Gamma && s.link == Log
	if gammaLog && s.logY == nil {
		s.logY = make([]float64, s.n)
		forChunks(s.n, rowChunk, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				s.logY[i] = math.Log(s.y[i])
			}
		})
	}
	nc := (s.n + rowChunk - 1) / rowChunk
	rhsPart := make([]float64, nc*p)
	devPart := make([]float64, nc)
	goodPart := make([]int, nc)
	badPart := make([]bool, nc)
	forChunks(s.n, rowChunk, func(c, lo, hi int) {
		rhs := rhsPart[c*p : (c+1)*p]
		var dev neumaier // block sums of sumBlock rows, compensated
		blk := 0.0
		good := 0
		for i := lo; i < hi; i++ {
			if (i-lo)%sumBlock == 0 && i > lo {
				dev.add(blk)
				blk = 0
			}
			row := s.x[i*s.stride : i*s.stride+p]
			e := floats.Dot(row, b) // assembly dot product
			if s.off != nil {
				e += s.off[i]
			}
			s.eta[i] = e
			mu := linkinv(s.link, e)
			s.mu[i] = mu
			w := 1.0
			if s.prior != nil {
				w = s.prior[i]
			}
			if gammaLog {
				blk += -2 * w * (s.logY[i] - e - (s.y[i]-mu)/mu)
			} else {
				d := s.y[i] - mu
				blk += w * d * d
			}
			zi, swi, g, bad := s.working(i)
			if bad {
				badPart[c] = true
			}
			z[i], sw[i], s.good[i] = zi, swi, g
			if g {
				good++
				if wz := swi * swi * zi; wz != 0 {
					floats.AddScaled(rhs, wz, row) // assembly axpy
				}
			}
		}
		dev.add(blk)
		devPart[c] = dev.sum()
		goodPart[c] = good
	})
	rhs := s.preRHS
	clear(rhs)
	var dev neumaier
	s.pre = true
	s.preGood = 0
	for c := 0; c < nc; c++ {
		floats.Add(rhs, rhsPart[c*p:(c+1)*p])
		dev.add(devPart[c])
		s.preGood += goodPart[c]
		if badPart[c] {
			s.pre = false
		}
	}
	if nc == 1 {
		s.fusedDev = devPart[0]
	} else {
		s.fusedDev = dev.sum()
	}
}

func (s *irls) run(start []float64) error {
	n, p := s.n, s.p
	s.eta = make([]float64, n)
	s.mu = make([]float64, n)
	s.w = make([]float64, n)
	s.good = make([]bool, n)
	var coefold []float64
	if start != nil {
		coefold = slices.Clone(start)
		s.coef = slices.Clone(start)
		s.setEta(start)
	} else {
		s.coef = make([]float64, p)
		// Gamma/log starts from μ = y, so η = log y: computed once and kept
		// for the deviance and the AIC.
		startLogY := s.fam == Gamma && s.link == Log && s.startEta == nil && s.startMu == nil
		if startLogY {
			s.logY = make([]float64, n)
		}
		forChunks(n, rowChunk, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				if s.startEta != nil {
					s.eta[i] = s.startEta[i]
				} else {
					m := s.startMean(i)
					if s.startMu != nil {
						m = s.startMu[i]
					}
					s.eta[i] = linkfun(s.link, m) // no offset, as glm.fit
					if startLogY {
						s.logY[i] = s.eta[i]
					}
				}
				s.mu[i] = linkinv(s.link, s.eta[i])
			}
		})
	}
	if !(validMu(s.fam, s.mu) && validEta(s.link, s.eta)) {
		return fmt.Errorf("%w: glm: cannot find valid starting values: please specify some", ErrDomain)
	}
	devold := deviance(s.fam, s.y, s.mu, s.prior)
	z := make([]float64, n)
	sw := make([]float64, n)
	newCoef := make([]float64, p)
	for s.iter = 1; s.iter <= s.maxit; s.iter++ {
		ngood := 0
		if s.pre {
			ngood = s.preGood
		} else {
			var err error
			if ngood, err = s.workingAll(z, sw); err != nil {
				return err
			}
		}
		if ngood == 0 {
			s.conv = false
			return fmt.Errorf("%w: glm: no observations informative at iteration %d", ErrDomain, s.iter)
		}
		for i := range s.w {
			s.w[i] = sw[i] * sw[i]
		}
		s.goodIdx = nil
		if ngood < n {
			s.goodIdx = make([]int, 0, ngood)
			for i, g := range s.good {
				if g {
					s.goodIdx = append(s.goodIdx, i)
				}
			}
		}
		if err := s.wls(z, sw, newCoef); err != nil {
			return err
		}
		for _, c := range newCoef {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				s.conv = false
				return fmt.Errorf("%w: glm: non-finite coefficients at iteration %d", ErrDomain, s.iter)
			}
		}
		if ngood < s.rank() {
			return fmt.Errorf("%w: glm: X matrix has rank %d, but only %d observations", ErrInvalidInput, s.rank(), ngood)
		}
		copy(s.coef, newCoef)
		var dev float64
		if s.solver == SolverNormal && s.constW() {
			s.setEtaFused(s.coef, z, sw)
			dev = s.fusedDev
		} else {
			s.setEta(s.coef)
			dev = deviance(s.fam, s.y, s.mu, s.prior)
		}
		s.boundary = false
		if math.IsNaN(dev) || math.IsInf(dev, 0) {
			if coefold == nil {
				return fmt.Errorf("%w: glm: no valid set of coefficients has been found: please supply starting values", ErrDomain)
			}
			for ii := 1; math.IsNaN(dev) || math.IsInf(dev, 0); ii++ {
				if ii > s.maxit {
					return fmt.Errorf("%w: glm: inner loop 1; cannot correct step size", ErrDomain)
				}
				for j := range s.coef {
					s.coef[j] = (s.coef[j] + coefold[j]) / 2
				}
				s.setEta(s.coef)
				dev = deviance(s.fam, s.y, s.mu, s.prior)
			}
			s.boundary = true
		}
		if !(validEta(s.link, s.eta) && validMu(s.fam, s.mu)) {
			if coefold == nil {
				return fmt.Errorf("%w: glm: no valid set of coefficients has been found: please supply starting values", ErrDomain)
			}
			for ii := 1; !(validEta(s.link, s.eta) && validMu(s.fam, s.mu)); ii++ {
				if ii > s.maxit {
					return fmt.Errorf("%w: glm: inner loop 2; cannot correct step size", ErrDomain)
				}
				for j := range s.coef {
					s.coef[j] = (s.coef[j] + coefold[j]) / 2
				}
				s.setEta(s.coef)
			}
			s.boundary = true
			dev = deviance(s.fam, s.y, s.mu, s.prior)
		}
		s.dev = dev
		s.lastRel = math.Abs(dev-devold) / (math.Abs(dev) + 0.1)
		if s.lastRel < s.eps {
			s.conv = true
			return nil
		}
		devold = dev
		coefold = slices.Clone(s.coef)
	}
	s.iter = s.maxit
	return ErrNotConverged
}

// workingAll sets the working response z, √weights sw and good of every
// row (see working) and returns the number of good rows, or the error
// glm.fit stops with at the first bad row.
func (s *irls) workingAll(z, sw []float64) (int, error) {
	nc := (s.n + rowChunk - 1) / rowChunk
	goodPart := make([]int, nc)
	firstBad := make([]int, nc)
	forChunks(s.n, rowChunk, func(c, lo, hi int) {
		firstBad[c] = -1
		good := 0
		for i := lo; i < hi; i++ {
			zi, swi, g, bad := s.working(i)
			if bad && firstBad[c] < 0 {
				firstBad[c] = i
			}
			s.good[i] = g
			z[i], sw[i] = zi, swi
			if g {
				good++
			}
		}
		goodPart[c] = good
	})
	ngood := 0
	for c := 0; c < nc; c++ {
		if i := firstBad[c]; i >= 0 {
			me := muEta(s.link, s.eta[i])
			v := variance(s.fam, s.mu[i])
			switch {
			case math.IsNaN(v):
				return 0, fmt.Errorf("%w: glm: NAs in V(mu)", ErrDomain)
			case v == 0:
				return 0, fmt.Errorf("%w: glm: 0s in V(mu)", ErrDomain)
			case math.IsNaN(me):
				return 0, fmt.Errorf("%w: glm: NAs in d(mu)/d(eta)", ErrDomain)
			}
		}
		ngood += goodPart[c]
	}
	return ngood, nil
}

// startMean is R's family initialize expression for row i's starting mean:
// binomial (w·y + 0.5)/(w + 1), poisson y + 0.1, otherwise y.
func (s *irls) startMean(i int) float64 {
	switch s.fam {
	case Binomial:
		return (s.prior[i]*s.y[i] + 0.5) / (s.prior[i] + 1)
	case Poisson:
		return s.y[i] + 0.1
	}
	return s.y[i]
}

// constW reports that the working weights equal the prior weights whatever
// μ is: Gamma/log (μ²/μ²) and Gaussian/identity.
func (s *irls) constW() bool {
	return (s.fam == Gamma && s.link == Log) || (s.fam == Gaussian && s.link == Identity)
}

func (s *irls) rank() int {
	if s.qr != nil {
		return s.qr.rank
	}
	if s.chol != nil {
		return s.chol.rank
	}
	return s.p
}

// wls solves the weighted least-squares step min Σ (sw·(z − x'b))² over the
// good rows into coef (aliased columns get 0, as R's Cdqrls).
func (s *irls) wls(z, sw, coef []float64) error {
	n, p := s.n, s.p
	if s.solver == SolverQR {
		rows := s.goodIdx
		ng := n
		if rows != nil {
			ng = len(rows)
		}
		// One n×p buffer for the whole fit (the previous step's QR is not
		// needed once the next one is computed).
		if cap(s.qrBuf) < ng*p {
			s.qrBuf = make([]float64, ng*p)
		}
		a := s.qrBuf[:ng*p]
		zw := make([]float64, ng)
		for k := 0; k < ng; k++ {
			i := k
			if rows != nil {
				i = rows[k]
			}
			row := s.x[i*s.stride : i*s.stride+p]
			for j, v := range row {
				a[j*ng+k] = v * sw[i]
			}
			zw[k] = z[i] * sw[i]
		}
		tol := math.Min(1e-7, s.eps/1000)
		s.qr = qrInPlace(ng, p, a, tol)
		copy(coef, s.qr.solve(zw))
		return nil
	}
	// Normal equations; reuse the factorisation when the weights are unchanged.
	if s.chol == nil || !slices.Equal(s.cholW, s.w) {
		var g []float64
		if s.check != nil && !*s.checked {
			var err error
			if g, err = s.gramChecked(z, sw); err != nil {
				return err
			}
		} else {
			g = gramXy(s.x, s.stride, n, p, z, sw, s.goodIdx)
		}
		gm := make([]float64, p*p)
		for i := 0; i < p; i++ {
			copy(gm[i*p:(i+1)*p], g[i*(p+1):i*(p+1)+p])
		}
		s.chol = newCholGram(gm, p, 1e-10)
		s.cholW = slices.Clone(s.w)
	}
	if s.pre {
		copy(coef, s.chol.solve(s.preRHS))
		return nil
	}
	// X'Wz in fixed chunks added in order.
	nc := (n + rowChunk - 1) / rowChunk
	part := make([]float64, nc*p)
	forChunks(n, rowChunk, func(c, lo, hi int) {
		rhs := part[c*p : (c+1)*p]
		for i := lo; i < hi; i++ {
			wz := s.w[i] * z[i]
			if wz == 0 {
				continue
			}
			row := s.x[i*s.stride : i*s.stride+p]
			for j, v := range row {
				rhs[j] += v * wz
			}
		}
	})
	rhs := part[:p]
	for c := 1; c < nc; c++ {
		floats.Add(rhs, part[c*p:(c+1)*p])
	}
	copy(coef, s.chol.solve(rhs))
	return nil
}

// gramChecked is the first Gram matrix of the normal equations (see wls),
// which also checks the design's values: a value that is not finite in a
// row used makes the matrix's diagonal (sums of squares) not finite, and
// the intercept column is checked as the rows are read. When either shows,
// or rows were left out of the step (zero weight), the full check names
// the first bad row; otherwise, or when it finds none (sums of squares too
// large), the values are valid and *s.checked is set.
func (s *irls) gramChecked(z, sw []float64) ([]float64, error) {
	d := s.check
	g, suspect := gramXyCheck(s.x, s.stride, s.n, s.p, z, sw, s.goodIdx, d.InterceptIndex())
	q := s.p + 1
	for j := 0; j < s.p && !suspect; j++ {
		if v := g[j*q+j]; math.IsNaN(v) || math.IsInf(v, 0) {
			suspect = true
		}
	}
	if suspect || s.goodIdx != nil {
		if err := d.checkValues(); err != nil {
			return nil, err
		}
	}
	*s.checked = true
	return g, nil
}

// result assembles the GLMFit as glm.fit and summary.glm do.
func (s *irls) result(d *Design, conf float64) *GLMFit {
	n, p := s.n, s.p
	fam, lnk := s.fam, s.link
	f := &GLMFit{
		Family: fam, Link: lnk, Response: d.responseName(), Names: slices.Clone(d.Names), ConfLevel: conf,
		Y: s.y, Fitted: s.mu, LinearPredictor: s.eta, PriorWeights: s.prior,
		WorkingWeights: s.w, Iterations: s.iter, Converged: s.conv, Boundary: s.boundary,
		LastChange: s.lastRel, Deviance: s.dev, intercept: d.HasIntercept(), d: d,
		eps: s.eps, maxit: s.maxit,
	}
	var cov [][]float64
	var aliased []int
	if s.qr != nil {
		f.Rank = s.qr.rank
		cov = s.qr.unscaledCov()
		aliased = s.qr.aliased()
	} else {
		f.Rank = s.chol.rank
		cov = s.chol.unscaledCov()
		aliased = s.chol.aliased()
	}
	f.Coefficients = slices.Clone(s.coef)
	for _, j := range aliased {
		f.Coefficients[j] = math.NaN()
		f.Aliased = append(f.Aliased, d.Names[j])
	}
	f.WorkingResiduals = make([]float64, n)
	f.PearsonChi2 = sumChunks(n, func(lo, hi int) float64 {
		var pear neumaier
		for i := lo; i < hi; i++ {
			me := s.mu[i] // log link: dμ/dη = max(exp(η), ε) = μ
			if lnk != Log {
				me = muEta(lnk, s.eta[i])
			}
			f.WorkingResiduals[i] = (s.y[i] - s.mu[i]) / me
			r := s.y[i] - s.mu[i]
			pear.add(s.prior[i] * r * r / variance(fam, s.mu[i]))
		}
		return pear.sum()
	})
	nok := 0
	for _, w := range s.prior {
		if w != 0 {
			nok++
		}
	}
	sw := sumChunks(n, func(lo, hi int) float64 {
		var t neumaier
		for _, w := range s.prior[lo:hi] {
			t.add(w)
		}
		return t.sum()
	})
	swy := sumChunks(n, func(lo, hi int) float64 {
		var t neumaier
		for i := lo; i < hi; i++ {
			t.add(s.prior[i] * s.y[i])
		}
		return t.sum()
	})
	f.NObs = nok
	nullMu := make([]float64, n)
	m0 := linkinv(lnk, 0)
	if f.intercept {
		m0 = swy / sw
	}
	// As glm.fit: without an intercept the null model is the offset alone
	// (η = 0 without one); with an intercept and an offset, GLM replaces
	// this null deviance with that of a refit.
	for i := range nullMu {
		nullMu[i] = m0
		if s.off != nil && !f.intercept {
			nullMu[i] = linkinv(lnk, s.off[i])
		}
	}
	f.Offset = s.off
	f.NullDeviance = deviance(fam, s.y, nullMu, s.prior)
	f.DFNull = nok
	if f.intercept {
		f.DFNull--
	}
	f.DFResidual = nok - f.Rank
	f.AIC = familyAIC(fam, s.y, s.mu, s.prior, s.dev, s.logY) + 2*float64(f.Rank)
	f.DF = f.Rank
	if fam == Gaussian || fam == Gamma {
		f.DF++
	}
	f.LogLik = float64(f.DF) - f.AIC/2
	f.BIC = -2*f.LogLik + math.Log(float64(nok))*float64(f.DF)

	f.DispersionFixed = fam == Binomial || fam == Poisson
	if f.DispersionFixed {
		f.Dispersion = 1
		f.StatisticName = "z"
	} else {
		f.StatisticName = "t"
		if f.DFResidual > 0 {
			ss := sumChunks(n, func(lo, hi int) float64 {
				var t neumaier
				for i := lo; i < hi; i++ {
					if s.w[i] > 0 {
						r := f.WorkingResiduals[i]
						t.add(s.w[i] * r * r)
					}
				}
				return t.sum()
			})
			f.Dispersion = ss / float64(f.DFResidual)
		} else {
			f.Dispersion = math.NaN()
		}
	}
	f.Vcov = mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			f.Vcov.SetSym(i, j, f.Dispersion*cov[i][j])
		}
	}
	var q float64
	if f.DispersionFixed {
		q = stats.NormalQuantile(1 - (1-conf)/2)
	} else if f.DFResidual > 0 {
		q = stats.StudentTQuantile(1-(1-conf)/2, float64(f.DFResidual))
	} else {
		q = math.NaN()
	}
	f.Coefs = make([]Coef, p)
	for j := 0; j < p; j++ {
		c := Coef{Name: d.Names[j], Estimate: f.Coefficients[j]}
		if math.IsNaN(c.Estimate) {
			c.Aliased = true
			c.StdErr, c.Statistic, c.PValue, c.Lower, c.Upper = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
			f.Coefs[j] = c
			continue
		}
		c.StdErr = math.Sqrt(f.Vcov.At(j, j))
		c.Statistic = c.Estimate / c.StdErr
		if f.DispersionFixed {
			c.PValue = 2 * stats.NormalSurvival(math.Abs(c.Statistic))
		} else if f.DFResidual > 0 {
			c.PValue = 2 * stats.StudentTSurvival(math.Abs(c.Statistic), float64(f.DFResidual))
		} else {
			c.PValue = math.NaN()
		}
		c.Lower = c.Estimate - q*c.StdErr
		c.Upper = c.Estimate + q*c.StdErr
		f.Coefs[j] = c
	}
	return f
}

// ResponseResiduals returns y − μ̂.
func (f *GLMFit) ResponseResiduals() []float64 {
	r := make([]float64, len(f.Y))
	for i := range r {
		r[i] = f.Y[i] - f.Fitted[i]
	}
	return r
}

// PearsonResiduals returns (y − μ̂)·√priorweight/√V(μ̂) (R's
// residuals(type = "pearson")).
func (f *GLMFit) PearsonResiduals() []float64 {
	r := make([]float64, len(f.Y))
	for i := range r {
		r[i] = (f.Y[i] - f.Fitted[i]) * math.Sqrt(f.PriorWeights[i]) / math.Sqrt(variance(f.Family, f.Fitted[i]))
	}
	return r
}

// DevianceResiduals returns sign(y − μ̂)·√dᵢ, dᵢ the deviance contributions
// (R's default residuals.glm).
func (f *GLMFit) DevianceResiduals() []float64 {
	r := make([]float64, len(f.Y))
	for i := range r {
		d := math.Sqrt(math.Max(devResid(f.Family, f.Y[i], f.Fitted[i], f.PriorWeights[i]), 0))
		if f.Y[i] < f.Fitted[i] {
			d = -d
		}
		r[i] = d
	}
	return r
}

// Scale selects the scale of GLM predictions.
type Scale int

const (
	// ResponseScale (the zero value) predicts μ = g⁻¹(x'b).
	ResponseScale Scale = iota
	// LinkScale predicts η = x'b.
	LinkScale
)

// Predict returns predictions for the rows of x, which must have the
// design's columns in the same order (an intercept column included).
// Aliased coefficients count as 0, as R's predict does. Non-finite values
// give a *DataError. It adds no offset: for a fit with one, use
// PredictOffset.
func (f *GLMFit) Predict(x mat.Matrix, scale Scale) ([]float64, error) {
	return f.PredictOffset(x, nil, scale)
}

// PredictOffset is Predict with an offset added to each row's linear
// predictor (nil for none), as R's predict.glm does with the offset of the
// new data.
func (f *GLMFit) PredictOffset(x mat.Matrix, offset []float64, scale Scale) ([]float64, error) {
	r, c := x.Dims()
	if c != len(f.Coefficients) {
		return nil, lengthf("glm: predict: %d columns, the fit has %d coefficients", c, len(f.Coefficients))
	}
	if offset != nil {
		if err := checkOffset(offset, r, "x"); err != nil {
			return nil, err
		}
	}
	out := make([]float64, r)
	for i := 0; i < r; i++ {
		eta := 0.0
		if offset != nil {
			eta = offset[i]
		}
		for j := 0; j < c; j++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &DataError{Row: i, Column: f.Names[j], Value: v, Err: ErrNonFinite}
			}
			if b := f.Coefficients[j]; !math.IsNaN(b) {
				eta += v * b
			}
		}
		if scale == LinkScale {
			out[i] = eta
		} else {
			out[i] = linkinv(f.Link, eta)
		}
	}
	return out, nil
}
