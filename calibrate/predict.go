package calibrate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// IntervalType chooses the interval of LinearFit.PredictInterval.
type IntervalType int

const (
	// ConfidenceInterval (the zero value) bounds the mean response x₀'β at
	// the new rows: fit ∓ t·se_fit.
	ConfidenceInterval IntervalType = iota
	// PredictionInterval bounds a new observation at the new rows:
	// fit ∓ t·√(se_fit² + σ̂²/w₀), w₀ the new row's weight (1 by default).
	PredictionInterval
)

func (t IntervalType) String() string {
	switch t {
	case ConfidenceInterval:
		return "confidence"
	case PredictionInterval:
		return "prediction"
	}
	return fmt.Sprintf("IntervalType(%d)", int(t))
}

// PredictOptions controls LinearFit.PredictInterval. The zero value gives
// 95% confidence intervals, as R's predict.lm(interval = "confidence").
type PredictOptions struct {
	// Interval chooses a confidence (zero value) or prediction interval.
	Interval IntervalType
	// Level is the coverage of the intervals, in (0, 1); 0 means 0.95.
	Level float64
	// Weights are the analytic weights of the new rows for prediction
	// intervals (R's predict.lm(weights =)): a new observation has variance
	// σ̂²/w₀. nil means 1 for every row, which R assumes with a warning when
	// the fit is weighted (see Prediction.Warnings). Ignored for confidence
	// intervals.
	Weights []float64
}

// Prediction holds predictions with standard errors and intervals for new
// rows, as R's predict.lm(newdata, se.fit = TRUE, interval = …, level).
type Prediction struct {
	Fit   []float64 // x₀'b
	SEFit []float64 // σ̂·√(x₀'(X'WX)⁻¹x₀), the standard error of the fitted mean
	// Lower and Upper bound the interval: Fit ∓ t·SEFit (confidence) or
	// Fit ∓ t·√(SEFit² + σ̂²/w₀) (prediction), t the (1 + Level)/2 quantile
	// of Student's t on DF degrees of freedom. NaN (undefined) when the fit
	// has no residual degrees of freedom.
	Lower, Upper  []float64
	DF            float64 // residual degrees of freedom of the fit
	ResidualScale float64 // σ̂
	Level         float64
	Interval      IntervalType
	// Warnings holds, in R's words, what predict.lm would warn about: a
	// prediction interval of a weighted fit without new weights ("Assuming
	// constant prediction variance even though model fit is weighted") and
	// a rank-deficient fit ("prediction from a rank-deficient fit may be
	// misleading"). The values are still R's.
	Warnings []string
}

// PredictInterval predicts the mean response at the rows of x (one column
// per design column, in the fit's order) with standard errors and
// confidence or prediction intervals, as R's predict.lm. The variance of
// the fitted mean x₀'(X'WX)⁻¹x₀·σ̂² is computed from the triangular factor
// as a sum of squares, so it never cancels to a negative number. As R, the
// coefficients of aliased columns count as zero.
//
// Frequency-weighted fits predict one new observation per row (variance
// σ̂²/w₀ with w₀ = 1 unless given). Errors: x nil or of the wrong width, a
// non-finite value (*DataError naming the row and column), a bad level,
// Weights of the wrong length or not positive and finite.
func (f *LinearFit) PredictInterval(x mat.Matrix, opt PredictOptions) (*Prediction, error) {
	if x == nil {
		return nil, fmt.Errorf("%w: no matrix", ErrEmpty)
	}
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, invalidf("predict: level %v not in (0, 1)", opt.Level)
	}
	if opt.Interval != ConfidenceInterval && opt.Interval != PredictionInterval {
		return nil, invalidf("predict: unknown interval type %d", int(opt.Interval))
	}
	r, c := x.Dims()
	if c != len(f.Names) {
		return nil, lengthf("predict: matrix has %d columns, fit has %d coefficients", c, len(f.Names))
	}
	if opt.Interval == PredictionInterval && opt.Weights != nil {
		if len(opt.Weights) != r {
			return nil, lengthf("predict: %d weights for %d rows", len(opt.Weights), r)
		}
		for i, w := range opt.Weights {
			if !(w > 0) || math.IsInf(w, 0) {
				return nil, &DataError{Row: i, Column: "weights", Value: w,
					Err: fmt.Errorf("%w: prediction weights must be positive and finite", ErrInvalidInput)}
			}
		}
	}
	p := &Prediction{
		Fit: make([]float64, r), SEFit: make([]float64, r), Lower: make([]float64, r), Upper: make([]float64, r),
		DF: f.DFResidual, ResidualScale: f.Sigma, Level: level, Interval: opt.Interval,
	}
	if opt.Interval == PredictionInterval && opt.Weights == nil && f.Weights != nil && f.WeightKind == Analytic {
		p.Warnings = append(p.Warnings, "Assuming constant prediction variance even though model fit is weighted")
	}
	if len(f.Aliased) > 0 {
		p.Warnings = append(p.Warnings, "prediction from a rank-deficient fit may be misleading")
	}
	k := f.Rank
	// (X'WX)⁻¹ = D⁻¹R⁻¹R⁻ᵀD⁻¹ over the kept columns, so
	// x₀'(X'WX)⁻¹x₀ = ‖R⁻ᵀD⁻¹x₀‖² (a forward substitution).
	z := make([]float64, k)
	tq := stats.StudentTQuantile((1+level)/2, f.DFResidual)
	s2 := f.Sigma * f.Sigma
	for i := 0; i < r; i++ {
		fit := 0.0
		for j := 0; j < c; j++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &DataError{Row: i, Column: f.Names[j], Value: v, Err: ErrNonFinite}
			}
			if b := f.Estimates[j]; !math.IsNaN(b) {
				fit += v * b
			}
		}
		for a, j := range f.kept {
			z[a] = x.At(i, j) / f.scale[a]
		}
		var q float64
		for a := 0; a < k; a++ {
			s := z[a]
			for l := 0; l < a; l++ {
				s -= f.rfac[l*k+a] * z[l]
			}
			z[a] = s / f.rfac[a*k+a]
			q += z[a] * z[a]
		}
		se := f.Sigma * math.Sqrt(q)
		half := tq * se
		if opt.Interval == PredictionInterval {
			w0 := 1.0
			if opt.Weights != nil {
				w0 = opt.Weights[i]
			}
			half = tq * math.Sqrt(se*se+s2/w0)
		}
		p.Fit[i], p.SEFit[i] = fit, se
		p.Lower[i], p.Upper[i] = fit-half, fit+half
	}
	return p, nil
}
