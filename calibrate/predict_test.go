package calibrate

import (
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"gonum.org/v1/gonum/mat"
)

// Intervals by their definition from the coefficient covariance:
// se_fit² = x₀'·Vcov·x₀; on the design's own rows se_fit² = σ²·h_i.
func TestPredictIntervalDefinition(t *testing.T) {
	d := heteroDesign(41, 40)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	x0 := mat.NewDense(3, 3, []float64{1, 0, 0, 1, 12, -2, 1, 5, 0.5})
	for _, typ := range []IntervalType{ConfidenceInterval, PredictionInterval} {
		p, err := f.PredictInterval(x0, PredictOptions{Interval: typ, Level: 0.9})
		mustNo(t, err)
		tq := stats.StudentTQuantile(0.95, f.DFResidual)
		for i := 0; i < 3; i++ {
			var v, fit float64
			for a := 0; a < 3; a++ {
				fit += x0.At(i, a) * f.Estimates[a]
				for b := 0; b < 3; b++ {
					v += x0.At(i, a) * f.Vcov.At(a, b) * x0.At(i, b)
				}
			}
			inDelta(t, fit, p.Fit[i], 1e-12*(1+math.Abs(fit)))
			inDelta(t, math.Sqrt(v), p.SEFit[i], 1e-10*math.Sqrt(v))
			half := tq * math.Sqrt(v)
			if typ == PredictionInterval {
				half = tq * math.Sqrt(v+f.Sigma*f.Sigma)
			}
			inDelta(t, fit-half, p.Lower[i], 1e-10*(1+math.Abs(fit)))
			inDelta(t, fit+half, p.Upper[i], 1e-10*(1+math.Abs(fit)))
		}
		isTrue(t, len(p.Warnings) == 0, "no warning for an unweighted fit")
	}
	p, err := f.PredictInterval(d.X, PredictOptions{})
	mustNo(t, err)
	h := f.Leverage()
	for i, se := range p.SEFit {
		inDelta(t, f.Sigma*math.Sqrt(h[i]), se, 1e-10*se, "row %d", i)
	}
	equal(t, 0.95, p.Level)
}

// Weighted fits: new weights divide the prediction variance; without them
// R assumes weight 1 and warns.
func TestPredictIntervalWeights(t *testing.T) {
	d := heteroDesign(42, 30)
	w := make([]float64, 30)
	for i := range w {
		w[i] = 1 + float64(i%4)
	}
	f, err := WLS(d, w, Analytic, Options{})
	mustNo(t, err)
	x0 := mat.NewDense(2, 3, []float64{1, 3, 0, 1, 7, 1})
	p1, err := f.PredictInterval(x0, PredictOptions{Interval: PredictionInterval})
	mustNo(t, err)
	equal(t, []string{"Assuming constant prediction variance even though model fit is weighted"}, p1.Warnings)
	p4, err := f.PredictInterval(x0, PredictOptions{Interval: PredictionInterval, Weights: []float64{4, 4}})
	mustNo(t, err)
	isTrue(t, len(p4.Warnings) == 0, "no warning with weights")
	tq := stats.StudentTQuantile(0.975, f.DFResidual)
	for i := range 2 {
		se := p4.SEFit[i]
		inDelta(t, tq*math.Sqrt(se*se+f.Sigma*f.Sigma/4), p4.Upper[i]-p4.Fit[i], 1e-10)
		isTrue(t, p4.Upper[i]-p4.Lower[i] < p1.Upper[i]-p1.Lower[i], "weight 4 narrows the interval")
	}
	c, err := f.PredictInterval(x0, PredictOptions{Weights: []float64{4, 4}})
	mustNo(t, err)
	isTrue(t, len(c.Warnings) == 0, "confidence intervals ignore weights")
	// Errors.
	_, err = f.PredictInterval(x0, PredictOptions{Interval: PredictionInterval, Weights: []float64{1}})
	errIs(t, err, ErrLength)
	_, err = f.PredictInterval(x0, PredictOptions{Interval: PredictionInterval, Weights: []float64{1, 0}})
	errIs(t, err, ErrInvalidInput)
	_, err = f.PredictInterval(x0, PredictOptions{Level: 1})
	errIs(t, err, ErrInvalidInput)
	_, err = f.PredictInterval(x0, PredictOptions{Interval: IntervalType(7)})
	errIs(t, err, ErrInvalidInput)
	_, err = f.PredictInterval(mat.NewDense(1, 2, nil), PredictOptions{})
	errIs(t, err, ErrLength)
	_, err = f.PredictInterval(nil, PredictOptions{})
	errIs(t, err, ErrEmpty)
	bad := mat.NewDense(1, 3, []float64{1, math.Inf(1), 0})
	_, err = f.PredictInterval(bad, PredictOptions{})
	errIs(t, err, ErrNonFinite)
}

// With no residual degrees of freedom the intervals are undefined (NaN),
// as R's NaN bounds.
func TestPredictIntervalNoDF(t *testing.T) {
	d := mustDesign(t, []string{"x"}, [][]float64{{1, 2}}, []float64{3, 5}, true)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	p, err := f.PredictInterval(mat.NewDense(1, 2, []float64{1, 3}), PredictOptions{})
	mustNo(t, err)
	inDelta(t, 7, p.Fit[0], 1e-12)
	isTrue(t, math.IsNaN(p.Lower[0]) && math.IsNaN(p.Upper[0]) && math.IsNaN(p.SEFit[0]), "undefined: %+v", p)
}
