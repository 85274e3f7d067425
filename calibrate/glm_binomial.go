package calibrate

import (
	"fmt"
	"math"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// checkBinaryPredictions validates 0/1 outcomes y and predictions p of the
// same length, all finite.
func checkBinaryPredictions(y, p []float64, needBinary bool) error {
	if len(y) != len(p) {
		return lengthf("%d outcomes, %d predictions", len(y), len(p))
	}
	if len(y) == 0 {
		return fmt.Errorf("%w: no outcomes", ErrEmpty)
	}
	for i := range y {
		if err := finite(i, "y", y[i]); err != nil {
			return err
		}
		if err := finite(i, "prediction", p[i]); err != nil {
			return err
		}
		if needBinary && y[i] != 0 && y[i] != 1 {
			return &DataError{Row: i, Column: "y", Value: y[i], Err: fmt.Errorf("%w: outcome must be 0 or 1", ErrDomain)}
		}
	}
	return nil
}

// AUC returns the area under the ROC curve of scores p for 0/1 outcomes y in
// the Mann–Whitney form: (Σ ranks of the positives − n₁(n₁+1)/2)/(n₁n₀),
// with mid-ranks, so tied scores count ½. Both classes must be present
// (ErrInvalidInput otherwise).
func AUC(y, p []float64) (float64, error) {
	if err := checkBinaryPredictions(y, p, true); err != nil {
		return math.NaN(), err
	}
	r := stats.MidRanks(p)
	var n1, n0, s float64
	for i, v := range y {
		if v == 1 {
			n1++
			s += r[i]
		} else {
			n0++
		}
	}
	if n1 == 0 || n0 == 0 {
		return math.NaN(), invalidf("auc needs both outcomes (have %v ones, %v zeros)", n1, n0)
	}
	return (s - n1*(n1+1)/2) / (n1 * n0), nil
}

// Brier returns the Brier score mean((p − y)²) of probabilities p for
// outcomes y, both in [0, 1] (a *DataError wrapping ErrDomain otherwise).
func Brier(y, p []float64) (float64, error) {
	if err := checkProbabilities(y, p, false); err != nil {
		return math.NaN(), err
	}
	var s neumaier
	for i := range y {
		d := p[i] - y[i]
		s.add(d * d)
	}
	return s.sum() / float64(len(y)), nil
}

// CalibrationInTheLarge returns mean(y) − mean(p): positive when the
// predictions are too low on average. At a converged logistic fit with an
// intercept it is 0 up to rounding. y and p must lie in [0, 1] (a
// *DataError wrapping ErrDomain otherwise).
func CalibrationInTheLarge(y, p []float64) (float64, error) {
	if err := checkProbabilities(y, p, false); err != nil {
		return math.NaN(), err
	}
	return meanOf(y) - meanOf(p), nil
}

// meanOf is the mean with compensated summation and one refinement pass (as
// R's mean).
func meanOf(v []float64) float64 {
	var s neumaier
	for _, x := range v {
		s.add(x)
	}
	n := float64(len(v))
	m := s.sum() / n
	var t neumaier
	for _, x := range v {
		t.add(x - m)
	}
	return m + t.sum()/n
}
