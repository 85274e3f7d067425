package calibrate

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// HCType selects a heteroskedasticity-consistent covariance estimator, as
// in R's sandwich::vcovHC.
type HCType int

const (
	HC0 HCType = iota // White: (X'X)⁻¹ X' diag(e²) X (X'X)⁻¹
	HC1               // HC0 · n/(n − k)
	HC2               // e² / (1 − h)
	HC3               // e² / (1 − h)², h the leverage
)

func (t HCType) String() string {
	switch t {
	case HC0:
		return "HC0"
	case HC1:
		return "HC1"
	case HC2:
		return "HC2"
	case HC3:
		return "HC3"
	}
	return "HCType(?)"
}

// VcovHC returns the heteroskedasticity-consistent covariance of the
// coefficients (sandwich::vcovHC(fit, type)), p×p in design-column order,
// NaN for aliased coefficients.
//
// For analytic weights the score of row i is w_i·e_i·x_i and the leverage
// w_i·x_i'(X'WX)⁻¹x_i, as sandwich does for lm(weights = w). For frequency
// weights row i counts as w_i copies, each with score e_i·x_i and leverage
// x_i'(X'WX)⁻¹x_i, so the result equals that of the duplicated data. n in
// HC1 is NObs. Rows with 1 − h = 0 make HC2 and HC3 infinite; that is
// reported as an error wrapping ErrInvalidInput.
func (f *LinearFit) VcovHC(t HCType) (*mat.SymDense, error) {
	if t < HC0 || t > HC3 {
		return nil, invalidf("unknown HC type %d", int(t))
	}
	n, p := f.d.Dims()
	var h []float64
	if t == HC2 || t == HC3 {
		h = f.Leverage()
	}
	// sqrt of the meat weight per row: Σ ω_i x_i x_i' with
	// ω = w²e²/adj (analytic), w·e²/adj (frequency), e²/adj (OLS).
	s := make([]float64, n)
	use := func(i int) error {
		e := f.Residuals[i]
		om := e * e
		if f.Weights != nil {
			w := f.Weights[i]
			if f.WeightKind == Frequency {
				om *= w
			} else {
				om *= w * w
			}
		}
		if h != nil && om != 0 {
			one := 1 - h[i]
			if !(one > 0) {
				return &DataError{Row: i, Column: "leverage", Value: h[i],
					Err: invalidf("leverage 1: %v undefined", t)}
			}
			if t == HC2 {
				om /= one
			} else {
				om /= one * one
			}
		}
		s[i] = math.Sqrt(om)
		return nil
	}
	if f.rows != nil {
		for _, i := range f.rows {
			if err := use(i); err != nil {
				return nil, err
			}
		}
	} else {
		for i := 0; i < n; i++ {
			if err := use(i); err != nil {
				return nil, err
			}
		}
	}
	raw := f.d.X.RawMatrix()
	g := gramXy(raw.Data, raw.Stride, n, p, f.d.Y, s, f.rows)
	q := p + 1
	k := f.Rank
	meat := make([]float64, k*k)
	for a, i := range f.kept {
		for c, j := range f.kept {
			meat[a*k+c] = g[i*q+j]
		}
	}
	// bread·meat·bread with bread = (X'WX)⁻¹ over the kept columns.
	tmp := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for c := 0; c < k; c++ {
			sum := 0.0
			for l := 0; l < k; l++ {
				sum += f.vinv[a*k+l] * meat[l*k+c]
			}
			tmp[a*k+c] = sum
		}
	}
	adj := 1.0
	if t == HC1 {
		adj = f.NObs / (f.NObs - float64(k))
	}
	v := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			v.SetSym(i, j, math.NaN())
		}
	}
	for a, i := range f.kept {
		for c := a; c < k; c++ {
			sum := 0.0
			for l := 0; l < k; l++ {
				sum += tmp[a*k+l] * f.vinv[l*k+c]
			}
			v.SetSym(i, f.kept[c], sum*adj)
		}
	}
	return v, nil
}

// CoefsHC returns the coefficient table with robust standard errors of type
// t: t statistics and intervals on DFResidual degrees of freedom at the
// fit's Level (as lmtest::coeftest(fit, vcovHC(fit, type)) does).
func (f *LinearFit) CoefsHC(t HCType) ([]Coef, error) {
	v, err := f.VcovHC(t)
	if err != nil {
		return nil, err
	}
	return coefTable(f.Names, f.Estimates, v, f.DFResidual, f.Level), nil
}
