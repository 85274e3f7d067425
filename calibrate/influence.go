package calibrate

import "math"

// Influence holds R's per-observation regression diagnostics for a
// LinearFit: hat values, standardised and studentised residuals, and Cook's
// distances. Rows that are not part of the fit (zero analytic weight, or
// outside a cross-validation subset) are NaN, except Leverage (see
// LinearFit.Leverage).
type Influence struct {
	Leverage []float64 // hat values h_i
	// Standardized is R's rstandard: √w_i·e_i / (σ·√(1 − h_i)).
	Standardized []float64
	// Studentized is R's rstudent: √w_i·e_i / (σ_(i)·√(1 − h_i)), with
	// σ_(i)² = (RSS − w_i·e_i²/(1 − h_i)) / (df − 1) the residual variance
	// without row i.
	Studentized []float64
	// Cooks is R's cooks.distance: Standardized² · h_i / (Rank·(1 − h_i)).
	Cooks []float64
}

// Influence computes the regression diagnostics (R's influence.measures
// subset used for outlier policies, such as |rstudent| > 3 or Cook's
// distance > 4/n). Rows with h_i = 1 get NaN standardised and studentised
// residuals and Cook's distances, as in R. Frequency-weighted fits are
// not supported (deleting one row would delete a group of copies) and
// return an error wrapping ErrInvalidInput; so does a fit with fewer than 2
// residual degrees of freedom (ErrNoResidualDF).
func (f *LinearFit) Influence() (*Influence, error) {
	if f.WeightKind == Frequency {
		return nil, invalidf("influence measures are not defined for frequency weights")
	}
	if !(f.DFResidual > 1) {
		return nil, ErrNoResidualDF
	}
	n := len(f.Residuals)
	h := f.Leverage()
	inf := &Influence{
		Leverage:     h,
		Standardized: make([]float64, n),
		Studentized:  make([]float64, n),
		Cooks:        make([]float64, n),
	}
	for i := range inf.Standardized {
		inf.Standardized[i] = math.NaN()
		inf.Studentized[i] = math.NaN()
		inf.Cooks[i] = math.NaN()
	}
	df := f.DFResidual
	k := float64(f.Rank)
	one := func(i int) {
		w := 1.0
		if f.Weights != nil {
			w = f.Weights[i]
		}
		if w == 0 {
			return
		}
		e := math.Sqrt(w) * f.Residuals[i]
		omh := 1 - h[i]
		if !(omh > 1e-14) {
			return
		}
		r := e / (f.Sigma * math.Sqrt(omh))
		inf.Standardized[i] = r
		s2 := (f.RSS - e*e/omh) / (df - 1)
		inf.Studentized[i] = e / (math.Sqrt(s2) * math.Sqrt(omh))
		inf.Cooks[i] = r * r * h[i] / (k * omh)
	}
	if f.rows != nil {
		for _, i := range f.rows {
			one(i)
		}
	} else {
		for i := 0; i < n; i++ {
			one(i)
		}
	}
	return inf, nil
}
