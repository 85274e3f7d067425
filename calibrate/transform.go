package calibrate

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// LogRetransform chooses how a log-scale prediction is taken back to the
// cost scale. The zero value is Duan's smearing.
type LogRetransform int

const (
	// LogSmearing multiplies exp(x'b) by Duan's (1983) smearing factor
	// mean(exp(e)): by group when the fit has groups, otherwise global.
	LogSmearing LogRetransform = iota
	// LogSmearingGlobal uses the global smearing factor even when the fit
	// has groups.
	LogSmearingGlobal
	// LogNormalTheory multiplies exp(x'b) by exp(σ²/2) (lognormal errors,
	// σ² = RSS/(n − p)).
	LogNormalTheory
	// LogNaive returns exp(x'b): the median, not the mean, under symmetric
	// errors. It understates mean cost.
	LogNaive
)

// LogOptions controls LogOLS.
type LogOptions struct {
	Options // estimation options for the log-scale fit
	// Groups, if not nil, gives the smearing group of every design row
	// (for example the living setting); smearing factors are then also
	// computed per group. Nil means global smearing only.
	Groups []string
}

// LogFit is an OLS fit of log(y) with its retransformation factors.
type LogFit struct {
	Log *LinearFit // the fit on the log scale; its Fitted and Residuals are logs
	// Smearing is Duan's global factor mean(exp(e)) over the fitted rows.
	Smearing float64
	// GroupSmearing holds mean(exp(e)) over the rows of each group; nil
	// without groups.
	GroupSmearing map[string]float64
	// NormalFactor is exp(σ²/2), the lognormal-theory factor.
	NormalFactor float64
	groups       []string
}

// LogOLS fits log(y) = Xb + e by OLS on the design's rows (every y must be
// > 0; otherwise a *DomainError lists the rows) and computes Duan's
// smearing factors.
func LogOLS(d *Design, opt LogOptions) (*LogFit, error) {
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	if opt.Groups != nil && len(opt.Groups) != n {
		return nil, lengthf("%d groups for %d rows", len(opt.Groups), n)
	}
	var bad []int
	ly := make([]float64, n)
	for i, v := range d.Y {
		if !(v > 0) || math.IsInf(v, 1) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &DataError{Row: i, Column: d.responseName(), Value: v, Err: ErrNonFinite}
			}
			bad = append(bad, i)
			continue
		}
		ly[i] = math.Log(v)
	}
	if bad != nil {
		return nil, &DomainError{Column: d.responseName(), Rows: bad, Reason: "log needs values > 0", Err: ErrDomain}
	}
	ld := &Design{Names: d.Names, X: d.X, Y: ly, Response: "log(" + d.responseName() + ")"}
	lf, err := OLS(ld, opt.Options)
	if err != nil {
		return nil, err
	}
	f := &LogFit{Log: lf, NormalFactor: math.Exp(lf.Sigma * lf.Sigma / 2)}
	s := 0.0
	for _, e := range lf.Residuals {
		s += math.Exp(e)
	}
	f.Smearing = s / float64(n)
	if opt.Groups != nil {
		f.groups = append([]string(nil), opt.Groups...)
		sum := map[string]float64{}
		cnt := map[string]int{}
		for i, g := range opt.Groups {
			sum[g] += math.Exp(lf.Residuals[i])
			cnt[g]++
		}
		f.GroupSmearing = make(map[string]float64, len(sum))
		for g, v := range sum {
			f.GroupSmearing[g] = v / float64(cnt[g])
		}
	}
	return f, nil
}

// factor returns the multiplicative factor for a row in group g.
func (f *LogFit) factor(how LogRetransform, g string, row int) (float64, error) {
	switch how {
	case LogSmearing:
		if f.GroupSmearing == nil {
			return f.Smearing, nil
		}
		v, ok := f.GroupSmearing[g]
		if !ok {
			return 0, &DataError{Row: row, Column: "group", Value: math.NaN(),
				Err: invalidf("group %q has no smearing factor (not in the fitted data)", g)}
		}
		return v, nil
	case LogSmearingGlobal:
		return f.Smearing, nil
	case LogNormalTheory:
		return f.NormalFactor, nil
	case LogNaive:
		return 1, nil
	}
	return 0, invalidf("unknown log retransformation %d", int(how))
}

// FittedCost returns the retransformed predictions for the fitted rows.
func (f *LogFit) FittedCost(how LogRetransform) ([]float64, error) {
	out := make([]float64, len(f.Log.Fitted))
	for i, mu := range f.Log.Fitted {
		g := ""
		if f.groups != nil {
			g = f.groups[i]
		}
		c, err := f.factor(how, g, i)
		if err != nil {
			return nil, err
		}
		out[i] = math.Exp(mu) * c
	}
	return out, nil
}

// PredictCost returns retransformed predictions for new rows x (one column
// per design column). groups gives each row's group for LogSmearing on a
// grouped fit and is ignored otherwise (it may then be nil).
func (f *LogFit) PredictCost(x mat.Matrix, groups []string, how LogRetransform) ([]float64, error) {
	mu, err := f.Log.Predict(x)
	if err != nil {
		return nil, err
	}
	if how == LogSmearing && f.GroupSmearing != nil && len(groups) != len(mu) {
		return nil, lengthf("%d groups for %d rows", len(groups), len(mu))
	}
	for i := range mu {
		g := ""
		if groups != nil && i < len(groups) {
			g = groups[i]
		}
		c, err := f.factor(how, g, i)
		if err != nil {
			return nil, err
		}
		mu[i] = math.Exp(mu[i]) * c
	}
	return mu, nil
}

// Groups returns the smearing groups in sorted order (nil without groups).
func (f *LogFit) Groups() []string {
	if f.GroupSmearing == nil {
		return nil
	}
	out := make([]string, 0, len(f.GroupSmearing))
	for g := range f.GroupSmearing {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// SqrtRetransform chooses how a square-root-scale prediction μ is taken
// back to the cost scale. The zero value is the variance correction.
type SqrtRetransform int

const (
	// SqrtVariance returns μ² + σ², σ² = RSS/(n − p): E[(μ + e)²] with the
	// unbiased residual variance. μ < 0 is squared as is.
	SqrtVariance SqrtRetransform = iota
	// SqrtVarianceMLE returns μ² + RSS/n.
	SqrtVarianceMLE
	// SqrtSmearing returns Duan's smearing estimate mean_j (μ + e_j)²
	// = μ² + 2μ·ē + mean(e²), which equals SqrtVarianceMLE when the design
	// has an intercept (ē = 0).
	SqrtSmearing
	// SqrtNaive returns μ², as Florida's iBudget does; it understates the
	// mean by σ².
	SqrtNaive
)

// SqrtFit is an OLS fit of √y with its retransformation constants.
type SqrtFit struct {
	Sqrt      *LinearFit // the fit on the square-root scale
	Sigma2    float64    // RSS/(n − p)
	Sigma2MLE float64    // RSS/n
	MeanResid float64    // ē over the fitted rows (0 up to rounding with an intercept)
}

// SqrtOLS fits √y = Xb + e by OLS (every y must be ≥ 0; otherwise a
// *DomainError lists the rows).
func SqrtOLS(d *Design, opt Options) (*SqrtFit, error) {
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	var bad []int
	sy := make([]float64, n)
	for i, v := range d.Y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &DataError{Row: i, Column: d.responseName(), Value: v, Err: ErrNonFinite}
		}
		if v < 0 {
			bad = append(bad, i)
			continue
		}
		sy[i] = math.Sqrt(v)
	}
	if bad != nil {
		return nil, &DomainError{Column: d.responseName(), Rows: bad, Reason: "sqrt needs values >= 0", Err: ErrDomain}
	}
	sd := &Design{Names: d.Names, X: d.X, Y: sy, Response: "sqrt(" + d.responseName() + ")"}
	sf, err := OLS(sd, opt)
	if err != nil {
		return nil, err
	}
	f := &SqrtFit{Sqrt: sf, Sigma2: sf.Sigma * sf.Sigma, Sigma2MLE: sf.RSS / sf.NObs}
	if sf.DFResidual > 0 {
		f.Sigma2 = sf.RSS / sf.DFResidual
	}
	s := 0.0
	for _, e := range sf.Residuals {
		s += e
	}
	f.MeanResid = s / float64(n)
	return f, nil
}

func (f *SqrtFit) retransform(mu float64, how SqrtRetransform) (float64, error) {
	switch how {
	case SqrtVariance:
		return mu*mu + f.Sigma2, nil
	case SqrtVarianceMLE:
		return mu*mu + f.Sigma2MLE, nil
	case SqrtSmearing:
		return mu*mu + 2*mu*f.MeanResid + f.Sigma2MLE, nil
	case SqrtNaive:
		return mu * mu, nil
	}
	return 0, invalidf("unknown sqrt retransformation %d", int(how))
}

// FittedCost returns the retransformed predictions for the fitted rows.
func (f *SqrtFit) FittedCost(how SqrtRetransform) ([]float64, error) {
	out := make([]float64, len(f.Sqrt.Fitted))
	for i, mu := range f.Sqrt.Fitted {
		v, err := f.retransform(mu, how)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// PredictCost returns retransformed predictions for new rows x.
func (f *SqrtFit) PredictCost(x mat.Matrix, how SqrtRetransform) ([]float64, error) {
	mu, err := f.Sqrt.Predict(x)
	if err != nil {
		return nil, err
	}
	for i := range mu {
		if mu[i], err = f.retransform(mu[i], how); err != nil {
			return nil, err
		}
	}
	return mu, nil
}

// CostPredictor returns a Predictor whose predictions are on the cost scale,
// retransformed by how (for CrossValidate and comparisons). Grouped
// smearing needs each new row's group, which a matrix does not carry: use
// PredictCost for it; with LogSmearing on a grouped fit the predictor
// returns an error wrapping ErrLength.
func (f *LogFit) CostPredictor(how LogRetransform) Predictor { return logPredictor{f, how} }

type logPredictor struct {
	f   *LogFit
	how LogRetransform
}

func (p logPredictor) Predict(x mat.Matrix) ([]float64, error) { return p.f.PredictCost(x, nil, p.how) }

// CostPredictor returns a Predictor whose predictions are on the cost scale,
// retransformed by how.
func (f *SqrtFit) CostPredictor(how SqrtRetransform) Predictor { return sqrtPredictor{f, how} }

type sqrtPredictor struct {
	f   *SqrtFit
	how SqrtRetransform
}

func (p sqrtPredictor) Predict(x mat.Matrix) ([]float64, error) { return p.f.PredictCost(x, p.how) }

// LogOLSFitter returns a Fitter for CrossValidate that fits LogOLS on the
// training rows (without groups) and predicts costs by how.
func LogOLSFitter(opt Options, how LogRetransform) Fitter {
	return func(train *Design) (Predictor, error) {
		f, err := LogOLS(train, LogOptions{Options: opt})
		if err != nil {
			return nil, err
		}
		return f.CostPredictor(how), nil
	}
}

// SqrtOLSFitter returns a Fitter for CrossValidate that fits SqrtOLS on the
// training rows and predicts costs by how.
func SqrtOLSFitter(opt Options, how SqrtRetransform) Fitter {
	return func(train *Design) (Predictor, error) {
		f, err := SqrtOLS(train, opt)
		if err != nil {
			return nil, err
		}
		return f.CostPredictor(how), nil
	}
}
