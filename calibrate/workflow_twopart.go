package calibrate

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Two-part model for zero costs: the probability of any cost (Binomial GLM,
// logit link) times the cost given any (Gamma GLM, log link), so that
// E[cost] = P(cost > 0) × E[cost | cost > 0].

// TwoPartFit is a two-part cost model.
type TwoPartFit struct {
	// Any is the Binomial/logit fit of 1{cost > 0} on every row; Cost the
	// Gamma/log fit of the cost on the rows with a positive cost.
	Any, Cost *GLMFit
	// AnyDesign and CostDesign are the designs they were fitted on.
	AnyDesign, CostDesign *AssessmentDesign
	// Fitted is P × μ for every row of the design given to FitTwoPart.
	Fitted []float64
}

// FitTwoPart fits the two parts on a design built with CostsTwoPart (zero
// costs kept). Either GLM failing to converge is an error.
func FitTwoPart(d *AssessmentDesign) (*TwoPartFit, error) {
	if d == nil || d.Design == nil {
		return nil, invalidf("two-part: no design")
	}
	anyD := d.AnyCost()
	pos, err := d.Positive()
	if err != nil {
		return nil, err
	}
	fa, err := GLM(anyD.Design, GLMOptions{Family: Binomial, Link: Logit})
	if err != nil {
		return nil, fmt.Errorf("calibrate: two-part, probability of any cost: %w", err)
	}
	fc, err := GLM(pos.Design, GLMOptions{Family: Gamma, Link: Log})
	if err != nil {
		return nil, fmt.Errorf("calibrate: two-part, cost given any: %w", err)
	}
	f := &TwoPartFit{Any: fa, Cost: fc, AnyDesign: anyD, CostDesign: pos}
	if f.Fitted, err = f.Predict(d.Design.X); err != nil {
		return nil, err
	}
	return f, nil
}

// Predict returns P × μ for the rows of x (the design's columns).
func (f *TwoPartFit) Predict(x mat.Matrix) ([]float64, error) {
	p, err := f.Any.Predict(x, ResponseScale)
	if err != nil {
		return nil, err
	}
	mu, err := f.Cost.Predict(x, ResponseScale)
	if err != nil {
		return nil, err
	}
	for i := range p {
		p[i] *= mu[i]
	}
	return p, nil
}

// Export returns the two parts as ras models: a logit model giving the
// probability of any cost (Result.Probability) and a log-link model giving
// the cost given any (Result.Weekly). A ras model holds one linear
// predictor, so the expected cost is their product, formed by the caller;
// the models' ids get the suffixes "-any" and "-cost".
func (f *TwoPartFit) Export(opt ExportOptions) (anyModel, costModel *ras.Model, err error) {
	oa, oc := opt, opt
	if opt.ID == "" {
		opt.ID = f.AnyDesign.model.ID + "-calibrated"
	}
	oa.ID, oc.ID = opt.ID+"-any", opt.ID+"-cost"
	oa.Limits = nil
	if anyModel, err = ExportGLM(f.AnyDesign, f.Any, oa); err != nil {
		return nil, nil, err
	}
	if costModel, err = ExportGLM(f.CostDesign, f.Cost, oc); err != nil {
		return nil, nil, err
	}
	return anyModel, costModel, nil
}
