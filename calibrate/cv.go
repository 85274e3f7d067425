package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Metrics summarises the agreement of predictions with actual values.
type Metrics struct {
	N        int
	RMSE     float64 // √mean(e²), e = actual − predicted
	MAE      float64 // mean|e|
	Bias     float64 // mean(e): positive means under-prediction
	RSquared float64 // 1 − Σe²/Σ(y − ȳ)², ȳ the mean of these rows; NaN if Σ(y − ȳ)² = 0
	// WithinAbs[k] is the percentage (0–100) of rows with |e| ≤ AbsBands[k]
	// (for example ±£50 a week).
	WithinAbs []float64
	// WithinPct[k] is the percentage of rows with |e| ≤ PctBands[k]/100·|y|;
	// a row with y = 0 counts as within only if its prediction is 0.
	WithinPct []float64
}

// Bands are the tolerance bands of Metrics: absolute (in the units of y,
// e.g. pounds) and relative (in percent of the actual value).
type Bands struct {
	Abs []float64
	Pct []float64
}

func (b Bands) validate() error {
	for _, v := range b.Abs {
		if !(v >= 0) || math.IsInf(v, 0) {
			return invalidf("absolute band %v must be finite and >= 0", v)
		}
	}
	for _, v := range b.Pct {
		if !(v >= 0) || math.IsInf(v, 0) {
			return invalidf("percentage band %v must be finite and >= 0", v)
		}
	}
	return nil
}

// Accuracy computes Metrics of predicted against actual. Errors:
// ErrLength, ErrEmpty, ErrNonFinite (a *DataError naming the row), or
// ErrInvalidInput for a bad band or errors so large (beyond about 1e154)
// that their sum of squares overflows.
func Accuracy(actual, predicted []float64, bands Bands) (Metrics, error) {
	if len(actual) != len(predicted) {
		return Metrics{}, lengthf("%d actual values, %d predictions", len(actual), len(predicted))
	}
	if len(actual) == 0 {
		return Metrics{}, fmt.Errorf("%w: no values", ErrEmpty)
	}
	if err := bands.validate(); err != nil {
		return Metrics{}, err
	}
	for i := range actual {
		if v := actual[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return Metrics{}, &DataError{Row: i, Column: "actual", Value: v, Err: ErrNonFinite}
		}
		if v := predicted[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return Metrics{}, &DataError{Row: i, Column: "predicted", Value: v, Err: ErrNonFinite}
		}
	}
	m := metricsOf(nil, actual, predicted, bands)
	if math.IsInf(m.RMSE, 0) || math.IsNaN(m.RMSE) || math.IsInf(m.MAE, 0) || math.IsNaN(m.Bias) || math.IsInf(m.Bias, 0) {
		// Errors near ±1e154 or beyond: their squares or sums overflow.
		return Metrics{}, invalidf("sums of squares overflow: values too large")
	}
	return m, nil
}

// metricsOf computes Metrics over rows (all if nil) without validation.
func metricsOf(rows []int, y, pred []float64, bands Bands) Metrics {
	m := Metrics{WithinAbs: make([]float64, len(bands.Abs)), WithinPct: make([]float64, len(bands.Pct))}
	var sy, se, sae, sse float64
	n := 0
	each := func(fn func(i int)) {
		if rows == nil {
			for i := range y {
				fn(i)
			}
			return
		}
		for _, i := range rows {
			fn(i)
		}
	}
	each(func(i int) {
		e := y[i] - pred[i]
		n++
		sy += y[i]
		se += e
		sae += math.Abs(e)
		sse += e * e
		for k, b := range bands.Abs {
			if math.Abs(e) <= b {
				m.WithinAbs[k]++
			}
		}
		for k, b := range bands.Pct {
			if math.Abs(e) <= b/100*math.Abs(y[i]) {
				m.WithinPct[k]++
			}
		}
	})
	mean := sy / float64(n)
	var tss float64
	each(func(i int) {
		d := y[i] - mean
		tss += d * d
	})
	fn := float64(n)
	m.N = n
	m.RMSE = math.Sqrt(sse / fn)
	m.MAE = sae / fn
	m.Bias = se / fn
	m.RSquared = math.NaN()
	if tss > 0 {
		m.RSquared = 1 - sse/tss
	}
	for k := range m.WithinAbs {
		m.WithinAbs[k] *= 100 / fn
	}
	for k := range m.WithinPct {
		m.WithinPct[k] *= 100 / fn
	}
	return m
}

// CVOptions controls k-fold cross-validation. The zero value means 10
// random folds from seed 0.
type CVOptions struct {
	// K is the number of folds, ≥ 2; 0 means 10. Ignored when Folds is set.
	K int
	// Seed seeds the random, balanced fold assignment (PCG from
	// math/rand/v2, so it is the same on every platform and Go version that
	// keeps PCG's stream): the rows are permuted and row at permuted
	// position t gets fold t mod K + 1.
	Seed uint64
	// Folds, if not nil, assigns every row to a fold 1..K (K = the largest
	// value); every fold must have at least one row.
	Folds []int
	// Bands are the tolerance bands reported in the metrics.
	Bands Bands
	// Fit are the options of each OLS fit.
	Fit Options
	// Workers is how many folds CrossValidate (and CompareMethods) fits at
	// once, each on a goroutine of its own holding a copy of its training
	// rows; 0 or 1 fits them one after the other. The result does not
	// depend on it. The Fitter must then be safe for concurrent use, as
	// every Method of this package is.
	Workers int
}

// CVResult holds the out-of-fold predictions and metrics of a k-fold
// cross-validation.
type CVResult struct {
	K       int
	Folds   []int     // fold of every row, 1..K
	OOF     []float64 // out-of-fold prediction of every row
	PerFold []Metrics // metrics of fold k at index k−1
	Pooled  Metrics   // metrics over all out-of-fold predictions
	// MeanFoldRMSE and MeanFoldMAE are unweighted means of the per-fold
	// values (R's usual mean(cv_rmse)).
	MeanFoldRMSE, MeanFoldMAE float64
}

// MakeFolds returns a balanced random assignment of n rows to k folds
// (1..k), reproducible from seed. See CVOptions.Seed.
func MakeFolds(n, k int, seed uint64) ([]int, error) {
	if n <= 0 {
		return nil, fmt.Errorf("%w: no rows", ErrEmpty)
	}
	if k < 2 || k > n {
		return nil, invalidf("%d folds for %d rows: need 2 <= k <= n", k, n)
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	perm := r.Perm(n)
	folds := make([]int, n)
	for t, i := range perm {
		folds[i] = t%k + 1
	}
	return folds, nil
}

func (o CVOptions) folds(n int) ([]int, int, error) {
	if o.Folds == nil {
		k := o.K
		if k == 0 {
			k = 10
		}
		f, err := MakeFolds(n, k, o.Seed)
		return f, k, err
	}
	if len(o.Folds) != n {
		return nil, 0, lengthf("%d fold labels for %d rows", len(o.Folds), n)
	}
	k := 0
	for i, v := range o.Folds {
		if v < 1 {
			return nil, 0, &DataError{Row: i, Column: "fold", Value: float64(v),
				Err: invalidf("fold labels must be 1..K")}
		}
		k = max(k, v)
	}
	if k < 2 {
		return nil, 0, invalidf("only one fold")
	}
	cnt := make([]int, k+1)
	for _, v := range o.Folds {
		cnt[v]++
	}
	for f := 1; f <= k; f++ {
		if cnt[f] == 0 {
			return nil, 0, invalidf("fold %d of %d has no rows", f, k)
		}
	}
	return append([]int(nil), o.Folds...), k, nil
}

// Predictor is a fitted model that predicts from a design-shaped matrix.
type Predictor interface {
	Predict(x mat.Matrix) ([]float64, error)
}

// Fitter fits a model on a training design.
type Fitter func(train *Design) (Predictor, error)

// CrossValidate runs k-fold cross-validation of any model: for each fold
// it fits on the other rows (a copy of them) and predicts the fold. The
// design is validated once. Errors from fit are returned wrapped with the
// fold number.
func CrossValidate(d *Design, fit Fitter, opt CVOptions) (*CVResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if err := opt.Bands.validate(); err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	folds, k, err := opt.folds(n)
	if err != nil {
		return nil, err
	}
	train, test := splitFolds(folds, k)
	// Each fold's out-of-fold predictions, or the error that stopped it;
	// the first fold in order with an error is reported, as when the folds
	// are fitted one after the other.
	preds := make([][]float64, k+1)
	errs := make([]error, k+1)
	fold := func(f int) {
		td, err := d.SubsetRows(train[f])
		if err != nil {
			errs[f] = err
			return
		}
		m, err := fit(td)
		if err != nil {
			errs[f] = &foldError{fold: f, err: err}
			return
		}
		tx, _ := d.SubsetRows(test[f])
		pr, err := m.Predict(tx.X)
		if err != nil {
			errs[f] = &foldError{fold: f, err: err}
			return
		}
		if len(pr) != len(test[f]) {
			errs[f] = lengthf("fold %d: %d predictions for %d rows", f, len(pr), len(test[f]))
			return
		}
		preds[f] = pr
	}
	if w := min(opt.Workers, k); w > 1 {
		next := make(chan int)
		var wg sync.WaitGroup
		for range w {
			wg.Go(func() {
				for f := range next {
					fold(f)
				}
			})
		}
		for f := 1; f <= k; f++ {
			next <- f
		}
		close(next)
		wg.Wait()
	} else {
		for f := 1; f <= k && errs[f-1] == nil; f++ {
			fold(f)
		}
	}
	oof := make([]float64, n)
	for f := 1; f <= k; f++ {
		if errs[f] != nil {
			return nil, errs[f]
		}
		for t, i := range test[f] {
			oof[i] = preds[f][t]
		}
	}
	return cvResult(d.Y, oof, folds, k, test, opt.Bands), nil
}

// CrossValidateOLS cross-validates OLS on the design without copying it.
// The Gram matrix of each fold is accumulated once; each training fit
// starts from the total minus its fold's part and is then refined with
// residuals computed in full over its training rows, so every fold's fit
// has the accuracy of a separate OLS fit.
func CrossValidateOLS(d *Design, opt CVOptions) (*CVResult, error) {
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	if err := opt.Bands.validate(); err != nil {
		return nil, err
	}
	fitOpt, err := opt.Fit.withDefaults()
	if err != nil {
		return nil, err
	}
	n, p := d.Dims()
	folds, k, err := opt.folds(n)
	if err != nil {
		return nil, err
	}
	train, test := splitFolds(folds, k)
	raw := d.X.RawMatrix()
	q := p + 1
	parts := make([][]float64, k+1)
	total := make([]float64, q*q)
	for f := 1; f <= k; f++ {
		parts[f] = gramXy(raw.Data, raw.Stride, n, p, d.Y, nil, test[f])
		for i, v := range parts[f] {
			total[i] += v
		}
	}
	for _, v := range total {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if err := d.checkValues(); err != nil {
				return nil, err
			}
			return nil, invalidf("sums of squares overflow: values too large")
		}
	}
	oof := make([]float64, n)
	g := make([]float64, q*q)
	for f := 1; f <= k; f++ {
		for i := range g {
			g[i] = total[i] - parts[f][i]
		}
		fit, err := fitLinearGram(d, nil, 0, train[f], fitOpt, nil, g)
		if err != nil {
			return nil, &foldError{fold: f, err: err}
		}
		// The fit's fitted values cover every design row: those of the
		// held-out fold are its out-of-fold predictions.
		for _, i := range test[f] {
			oof[i] = fit.Fitted[i]
		}
	}
	return cvResult(d.Y, oof, folds, k, test, opt.Bands), nil
}

func splitFolds(folds []int, k int) (train, test [][]int) {
	train = make([][]int, k+1)
	test = make([][]int, k+1)
	for i, f := range folds {
		test[f] = append(test[f], i)
	}
	for f := 1; f <= k; f++ {
		tr := make([]int, 0, len(folds)-len(test[f]))
		for i, g := range folds {
			if g != f {
				tr = append(tr, i)
			}
		}
		train[f] = tr
	}
	return train, test
}

func cvResult(y, oof []float64, folds []int, k int, test [][]int, bands Bands) *CVResult {
	r := &CVResult{K: k, Folds: folds, OOF: oof, PerFold: make([]Metrics, k)}
	for f := 1; f <= k; f++ {
		m := metricsOf(test[f], y, oof, bands)
		r.PerFold[f-1] = m
		r.MeanFoldRMSE += m.RMSE
		r.MeanFoldMAE += m.MAE
	}
	r.MeanFoldRMSE /= float64(k)
	r.MeanFoldMAE /= float64(k)
	r.Pooled = metricsOf(nil, y, oof, bands)
	return r
}

// foldError is the error of one cross-validation fold: "calibrate: fold
// 2: " and the fold's error without its own "calibrate: ".
type foldError struct {
	fold int
	err  error
}

func (e *foldError) Error() string {
	return "calibrate: fold " + strconv.Itoa(e.fold) + ": " + strings.TrimPrefix(e.err.Error(), "calibrate: ")
}

func (e *foldError) Unwrap() error { return e.err }
