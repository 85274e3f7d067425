package calibrate

import (
	"errors"
	"fmt"
	"math"
)

// AccuracyOptions control EvaluateProbabilities. The zero value means the
// defaults, field by field.
type AccuracyOptions struct {
	// AUC gives the AUC interval's method and level (DeLong, 95%).
	AUC AUCOptions
	// Groups is the number of groups of the calibration table; 10
	// (deciles) when zero.
	Groups int
	// Thresholds are the referral thresholds of the threshold table;
	// DefaultThresholds (0.05, 0.10, …, 0.95) when nil.
	Thresholds []float64
}

// ProbabilityAccuracy measures predicted probabilities against 0/1
// outcomes.
type ProbabilityAccuracy struct {
	// N cases, Events of them with y = 1.
	N, Events int
	// AUC is the area under the ROC curve (discrimination) with its
	// confidence interval.
	AUC AUCResult
	// Brier is mean((p − y)²).
	Brier float64
	// CalibrationInTheLarge is mean(y) − mean(p): positive when the
	// predictions are too low on average.
	CalibrationInTheLarge float64
	// Recalibration is the logistic recalibration of y on logit(p): its
	// Slope is the calibration slope.
	Recalibration Recalibration
	// Calibration is the table of observed against predicted by group of
	// predicted probability (deciles by default).
	Calibration []CalibrationGroup
	// Thresholds gives sensitivity, specificity, PPV, NPV and the referral
	// rate at each threshold.
	Thresholds []ThresholdMetrics
}

// EvaluateProbabilities measures probabilities p (strictly between 0 and
// 1) against 0/1 outcomes y: AUC with its interval, Brier score,
// calibration-in-the-large, calibration slope, the calibration table and
// the threshold table. Errors are those of the parts; a recalibration that
// does not converge (for example under complete separation) returns the
// accuracy with an error wrapping ErrNotConverged.
func EvaluateProbabilities(y, p []float64, opt AccuracyOptions) (*ProbabilityAccuracy, error) {
	if err := checkBinaryPredictions(y, p, true); err != nil {
		return nil, err
	}
	eta := make([]float64, len(p))
	for i, v := range p {
		if !(v > 0 && v < 1) {
			return nil, &DataError{Row: i, Column: "prediction", Value: v, Err: fmt.Errorf("%w: a probability must lie strictly between 0 and 1", ErrDomain)}
		}
		eta[i] = math.Log(v / (1 - v))
	}
	return evaluate(y, p, eta, opt)
}

// evaluate is EvaluateProbabilities with the linear predictor given (so
// that probabilities that round to 0 or 1 keep their logit).
func evaluate(y, p, eta []float64, opt AccuracyOptions) (*ProbabilityAccuracy, error) {
	groups := opt.Groups
	if groups == 0 {
		groups = 10
	}
	acc := &ProbabilityAccuracy{N: len(y)}
	for _, v := range y {
		if v == 1 {
			acc.Events++
		}
	}
	var err error
	if acc.AUC, err = AUCInterval(y, p, opt.AUC); err != nil {
		return nil, err
	}
	if acc.Brier, err = Brier(y, p); err != nil {
		return nil, err
	}
	if acc.CalibrationInTheLarge, err = CalibrationInTheLarge(y, p); err != nil {
		return nil, err
	}
	if acc.Calibration, err = CalibrationTable(y, p, groups); err != nil {
		return nil, err
	}
	if acc.Thresholds, err = ThresholdTable(y, p, opt.Thresholds); err != nil {
		return nil, err
	}
	acc.Recalibration, err = recalibrate(y, eta)
	if err != nil && !errors.Is(err, ErrNotConverged) {
		return nil, err
	}
	return acc, err
}

// EligibilityCVOptions control EligibilityModel.CrossValidate. The zero
// value means 10 random folds from seed 0 and the default accuracy
// options.
type EligibilityCVOptions struct {
	// K is the number of folds, ≥ 2; 10 when zero. Ignored when Folds is
	// set.
	K int
	// Seed seeds the balanced random fold assignment (MakeFolds), so the
	// folds, and every result, are the same on every run.
	Seed uint64
	// Folds, if not nil, assigns each design row to a fold 1..K (K the
	// largest value); every fold must have a row.
	Folds []int
	// Accuracy are the options of the accuracy measures.
	Accuracy AccuracyOptions
}

// FoldAccuracy is the accuracy within one fold.
type FoldAccuracy struct {
	Fold, N, Events int
	// AUC is NaN when the fold has one kind of decision only; Brier is
	// always defined.
	AUC, Brier float64
}

// EligibilityCV holds a k-fold cross-validation of an eligibility model:
// every case predicted by a model fitted without its fold.
type EligibilityCV struct {
	K     int
	Folds []int // fold of each design row, 1..K
	// Per design row: the outcome, the out-of-fold linear predictor and
	// probability.
	Y, Eta, Probability []float64
	// Accuracy measures the out-of-fold probabilities; this is the honest
	// estimate of how the model does on new cases. Its AUC interval and
	// slope interval treat the pooled out-of-fold predictions as fixed
	// scores: they leave out the variability from refitting the model.
	Accuracy *ProbabilityAccuracy
	PerFold  []FoldAccuracy
}

// CrossValidate refits the model's logistic regression K times, each time
// without one fold, predicts the left-out fold, and measures the
// out-of-fold probabilities. The folds are deterministic (from opt.Seed or
// opt.Folds). Design columns that are constant within a training set are
// aliased there and count as 0, as in R's predict.
//
// Errors: bad options or folds (ErrInvalidInput, ErrLength); a fold's fit
// failing or not converging, wrapped with the fold number; accuracy errors
// (a recalibration that does not converge returns the result with an
// error wrapping ErrNotConverged).
func (em *EligibilityModel) CrossValidate(opt EligibilityCVOptions) (*EligibilityCV, error) {
	d := em.Design.Design
	n, p := d.Dims()
	folds, k, err := eligibilityFolds(n, opt)
	if err != nil {
		return nil, err
	}
	cv := &EligibilityCV{K: k, Folds: folds, Y: d.Y, Eta: make([]float64, n), Probability: make([]float64, n)}
	gopt := em.glm
	raw := d.X.RawMatrix()
	train := make([]int, 0, n)
	for f := 1; f <= k; f++ {
		train = train[:0]
		for i, g := range folds {
			if g != f {
				train = append(train, i)
			}
		}
		td, err := d.SubsetRows(train)
		if err != nil {
			return nil, err
		}
		fit, err := GLM(td, gopt)
		if err != nil {
			return nil, fmt.Errorf("calibrate: eligibility cross-validation: fold %d: %w", f, err)
		}
		b := fit.Coefficients
		for i, g := range folds {
			if g != f {
				continue
			}
			row := raw.Data[i*raw.Stride : i*raw.Stride+p]
			eta := 0.0
			for j, v := range row {
				if !math.IsNaN(b[j]) {
					eta += v * b[j]
				}
			}
			cv.Eta[i] = eta
			cv.Probability[i] = 1 / (1 + math.Exp(-eta))
		}
	}
	for f := 1; f <= k; f++ {
		var ys, ps []float64
		for i, g := range folds {
			if g == f {
				ys = append(ys, d.Y[i])
				ps = append(ps, cv.Probability[i])
			}
		}
		fa := FoldAccuracy{Fold: f, N: len(ys), AUC: math.NaN()}
		for _, v := range ys {
			if v == 1 {
				fa.Events++
			}
		}
		if fa.Events > 0 && fa.Events < fa.N {
			fa.AUC, _ = AUC(ys, ps)
		}
		fa.Brier, _ = Brier(ys, ps)
		cv.PerFold = append(cv.PerFold, fa)
	}
	cv.Accuracy, err = evaluate(d.Y, cv.Probability, cv.Eta, opt.Accuracy)
	if cv.Accuracy == nil {
		return nil, err
	}
	return cv, err
}

// Apparent measures the model on the assessments it was fitted on. It is
// optimistic; CrossValidate gives the honest figures.
func (em *EligibilityModel) Apparent(opt AccuracyOptions) (*ProbabilityAccuracy, error) {
	return evaluate(em.Fit.Y, em.Fit.Fitted, em.Fit.LinearPredictor, opt)
}

func eligibilityFolds(n int, opt EligibilityCVOptions) ([]int, int, error) {
	if opt.Folds == nil {
		k := opt.K
		if k == 0 {
			k = 10
		}
		if k < 2 || k > n {
			return nil, 0, invalidf("eligibility cross-validation: %d folds for %d cases (need 2 to n)", k, n)
		}
		f, err := MakeFolds(n, k, opt.Seed)
		return f, k, err
	}
	if len(opt.Folds) != n {
		return nil, 0, lengthf("eligibility cross-validation: %d fold labels for %d cases", len(opt.Folds), n)
	}
	k := 0
	for i, v := range opt.Folds {
		if v < 1 {
			return nil, 0, invalidf("eligibility cross-validation: row %d: fold %d (folds are numbered from 1)", i, v)
		}
		k = max(k, v)
	}
	if k < 2 {
		return nil, 0, invalidf("eligibility cross-validation: only one fold")
	}
	cnt := make([]int, k+1)
	for _, v := range opt.Folds {
		cnt[v]++
	}
	for f := 1; f <= k; f++ {
		if cnt[f] == 0 {
			return nil, 0, invalidf("eligibility cross-validation: fold %d of %d has no rows", f, k)
		}
	}
	return append([]int(nil), opt.Folds...), k, nil
}
