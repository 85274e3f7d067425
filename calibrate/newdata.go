package calibrate

import (
	"fmt"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Prediction straight from the data a researcher has: assessments through
// an AssessmentDesign's recorded columns, or a Frame through a
// ModelMatrix's formula, factor levels and coding.

// Predict returns the predictions of a fit for new assessments: each
// assessment becomes a design row through the design's recorded columns
// (Matrix), then p predicts. p is a fit on this design: *LinearFit,
// *TwoPartFit, *RLMFit, *QuantRegFit, GLMFit.Predictor(scale),
// LogFit.CostPredictor(how) or SqrtFit.CostPredictor(how). A fit whose
// columns are not the design's is an error (ErrInvalidInput); so is an
// assessment the source model rejects (*AssessmentError).
func (d *AssessmentDesign) Predict(p Predictor, as []ras.Assessment) ([]float64, error) {
	if d == nil || d.Design == nil {
		return nil, invalidf("predict: no design")
	}
	if err := checkPredictorNames(p, d.Design.Names); err != nil {
		return nil, err
	}
	x, err := d.Matrix(as)
	if err != nil {
		return nil, err
	}
	return p.Predict(x)
}

// Predict returns the predictions of a fit for the rows of a new frame: the
// frame's rows become design rows with this matrix's columns (Matrix: the
// formula's variables, the fitted factor levels and coding), then p
// predicts. p is a fit on this matrix's design, as for
// AssessmentDesign.Predict.
func (m *ModelMatrix) Predict(p Predictor, fr *Frame) ([]float64, error) {
	if err := checkPredictorNames(p, m.Names); err != nil {
		return nil, err
	}
	x, err := m.Matrix(fr)
	if err != nil {
		return nil, err
	}
	return p.Predict(x)
}

// namedPredictor is a Predictor that knows the design columns it was
// fitted on.
type namedPredictor interface {
	columnNames() []string
}

func checkPredictorNames(p Predictor, names []string) error {
	if p == nil {
		return invalidf("predict: no fit")
	}
	np, ok := p.(namedPredictor)
	if !ok {
		return nil
	}
	if got := np.columnNames(); !slices.Equal(got, names) {
		return invalidf("predict: the fit's columns %s are not the design's %s", quoteList(got), quoteList(names))
	}
	return nil
}

func (f *LinearFit) columnNames() []string   { return f.Names }
func (f *RLMFit) columnNames() []string      { return f.Names }
func (f *QuantRegFit) columnNames() []string { return f.Names }
func (f *TwoPartFit) columnNames() []string  { return f.Any.Names }
func (p glmScalePredictor) columnNames() []string {
	return p.f.Names
}
func (p logPredictor) columnNames() []string  { return p.f.Log.Names }
func (p sqrtPredictor) columnNames() []string { return p.f.Sqrt.Names }

// Predictor returns a Predictor of the GLM on the given scale (the response
// scale μ = g⁻¹(x'b) for ResponseScale, the linear predictor for
// LinkScale). It adds no offset.
func (f *GLMFit) Predictor(scale Scale) Predictor { return glmScalePredictor{f, scale} }

type glmScalePredictor struct {
	f     *GLMFit
	scale Scale
}

func (p glmScalePredictor) Predict(x mat.Matrix) ([]float64, error) { return p.f.Predict(x, p.scale) }

// Predict returns x·b for the rows of x, which must have the design's
// columns in order.
func (f *RLMFit) Predict(x mat.Matrix) ([]float64, error) {
	return predictLinear(x, f.Names, f.Coefficients)
}

// Predict returns x·b, the fitted τ-quantile, for the rows of x, which must
// have the design's columns in order.
func (f *QuantRegFit) Predict(x mat.Matrix) ([]float64, error) {
	return predictLinear(x, f.Names, f.Coefficients)
}

// predictLinear returns x·b, counting NaN (aliased) coefficients as 0;
// non-finite values of x are a *DataError.
func predictLinear(x mat.Matrix, names []string, b []float64) ([]float64, error) {
	if x == nil {
		return nil, fmt.Errorf("%w: no matrix", ErrEmpty)
	}
	r, c := x.Dims()
	if c != len(b) {
		return nil, lengthf("matrix has %d columns, fit has %d coefficients", c, len(b))
	}
	out := make([]float64, r)
	for i := 0; i < r; i++ {
		s := 0.0
		for j := 0; j < c; j++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &DataError{Row: i, Column: names[j], Value: v, Err: ErrNonFinite}
			}
			if !math.IsNaN(b[j]) {
				s += v * b[j]
			}
		}
		out[i] = s
	}
	return out, nil
}
