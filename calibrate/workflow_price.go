package calibrate

import (
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Workflow 1: re-estimate the price per point (In Control's test-group
// method): cost = price × total points, a regression through the origin,
// by least squares with HC3 standard errors or by Huber M-estimation, pooled
// and per cohort.

// PriceOptions control EstimatePricePerPoint. The zero value fits least
// squares through the origin, pooled over cohorts, with 95% intervals and
// prices rounded to the penny.
type PriceOptions struct {
	// Robust fits Huber M-estimates (RLM, MASS::rlm's loop) instead of
	// least squares.
	Robust bool
	// HuberK is Huber's tuning constant; 0 means 1.345.
	HuberK float64
	// ByCohort also estimates one price per cohort present.
	ByCohort bool
	// Level is the confidence level of the least-squares intervals; 0 means
	// 0.95.
	Level float64
	// Unit is the rounding unit of the published price, rounded half away
	// from zero; 0 means 0.01 (a whole penny per point).
	Unit decimal.Decimal
}

// PriceEstimate is one estimated price per point.
type PriceEstimate struct {
	// Cohort is the cohort, or "" for all cohorts pooled.
	Cohort ras.Cohort
	N      int
	// Price is the estimated pounds a week per point. StdErr is its HC3
	// standard error (least squares) or summary.rlm's (Huber); Lower and
	// Upper bound its interval (least squares only; NaN for Huber, as R
	// gives none).
	Price, StdErr, Lower, Upper float64
	// Ratio is Σ cost / Σ points, the simple test-group price.
	Ratio float64
	// PricePerPoint is Price rounded to the unit, as published.
	PricePerPoint decimal.Decimal
}

// PriceResult holds the pooled price and, with ByCohort, one per cohort in
// package ras's cohort order.
type PriceResult struct {
	Method   string
	Overall  PriceEstimate
	ByCohort []PriceEstimate
}

// EstimatePricePerPoint estimates the price per point from the design's
// planned costs (d.Design.Y) and total points (d.TotalPoints). Errors: a
// group whose points are all zero (ErrInvalidInput); the estimators' errors.
func EstimatePricePerPoint(d *AssessmentDesign, opt PriceOptions) (*PriceResult, error) {
	if d == nil || d.Design == nil {
		return nil, invalidf("price per point: no design")
	}
	if opt.Unit.IsZero() {
		opt.Unit = decimal.New(1, -2)
	}
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	res := &PriceResult{Method: "least squares through the origin, HC3 standard errors"}
	if opt.Robust {
		res.Method = "Huber M-estimation through the origin (MASS::rlm)"
	}
	all := make([]int, len(d.IDs))
	for i := range all {
		all[i] = i
	}
	var err error
	if res.Overall, err = priceFor(d, all, "", opt); err != nil {
		return nil, err
	}
	if opt.ByCohort {
		for _, c := range ras.Cohorts() {
			var rows []int
			for i, k := range d.Cohort {
				if k == c {
					rows = append(rows, i)
				}
			}
			if len(rows) == 0 {
				continue
			}
			e, err := priceFor(d, rows, c, opt)
			if err != nil {
				return nil, err
			}
			res.ByCohort = append(res.ByCohort, e)
		}
	}
	return res, nil
}

func priceFor(d *AssessmentDesign, rows []int, c ras.Cohort, opt PriceOptions) (PriceEstimate, error) {
	e := PriceEstimate{Cohort: c, N: len(rows)}
	x := make([]float64, len(rows))
	y := make([]float64, len(rows))
	var sx, sy float64
	for k, i := range rows {
		x[k], y[k] = d.TotalPoints[i], d.Design.Y[i]
		sx += x[k]
		sy += y[k]
	}
	what := "all cohorts"
	if c != "" {
		what = "cohort " + string(c)
	}
	if sx == 0 {
		return e, invalidf("price per point, %s: every total of points is zero", what)
	}
	e.Ratio = sy / sx
	des := &Design{Names: []string{"total_points"}, X: mat.NewDense(len(rows), 1, x), Y: y, Response: d.Design.Response}
	if opt.Robust {
		f, err := RLM(des, RLMOptions{K: opt.HuberK})
		if err != nil {
			return e, fmt.Errorf("calibrate: price per point, %s: %w", what, err)
		}
		e.Price, e.StdErr = f.Coefficients[0], f.Coefs[0].StdErr
		e.Lower, e.Upper = math.NaN(), math.NaN()
	} else {
		f, err := OLS(des, Options{Level: opt.Level})
		if err != nil {
			return e, fmt.Errorf("calibrate: price per point, %s: %w", what, err)
		}
		cs, err := f.CoefsHC(HC3)
		if err != nil {
			return e, fmt.Errorf("calibrate: price per point, %s: %w", what, err)
		}
		e.Price, e.StdErr, e.Lower, e.Upper = cs[0].Estimate, cs[0].StdErr, cs[0].Lower, cs[0].Upper
	}
	p, err := roundMoney(e.Price, opt.Unit)
	if err != nil {
		return e, err
	}
	if p.IsNegative() {
		return e, invalidf("price per point, %s: the estimate %.4f is negative", what, e.Price)
	}
	e.PricePerPoint = p
	return e, nil
}

// Schedules returns price-per-point schedules: one per estimated cohort
// (with ByCohort), then the pooled price for every other cohort.
func (r *PriceResult) Schedules() []ras.PriceSchedule {
	var out []ras.PriceSchedule
	for _, e := range r.ByCohort {
		p := e.PricePerPoint
		out = append(out, ras.PriceSchedule{ID: "price_" + string(e.Cohort), Name: "Price per point, " + string(e.Cohort), Cohorts: []ras.Cohort{e.Cohort}, PricePerPoint: &p})
	}
	p := r.Overall.PricePerPoint
	return append(out, ras.PriceSchedule{ID: "price_all", Name: "Price per point", PricePerPoint: &p})
}

// Export returns the source model's questionnaire with these prices as a
// points-family model (see ExportPoints).
func (r *PriceResult) Export(d *AssessmentDesign, opt ExportOptions) (*ras.Model, error) {
	if opt.Method == "" {
		opt.Method = "price per point by " + r.Method
	}
	return ExportPoints(d, r.Schedules(), opt)
}

// ---- Workflow 2: bands ----

// BandOptions control EstimateBands. The zero value makes 5 bands with at
// least one assessment each, amounts rounded to the penny, over all rows.
type BandOptions struct {
	// NumBands is the number of bands; 0 means 5. Ignored when Cuts is set.
	NumBands int
	// Cuts, if set, are the fixed lowest totals of the second, third, …
	// bands (strictly increasing, > 0); only the amounts are estimated.
	Cuts []int
	// MinPerBand is the least number of assessments in a band when the
	// thresholds are chosen; 0 means 1.
	MinPerBand int
	// Cohort, if set, uses only that cohort's rows.
	Cohort ras.Cohort
	// Unit is the rounding unit of the amounts; 0 means 0.01.
	Unit decimal.Decimal
}

// BandEstimate is one estimated band.
type BandEstimate struct {
	Name      string
	MinPoints int
	MaxPoints *int // nil for the last, open band
	N         int
	// MeanCost is the mean planned cost of the band's assessments; Amount
	// the mean of the monotone (isotonic) fit over them, which never falls
	// from one band to the next; Weekly is Amount rounded, as published.
	MeanCost, Amount float64
	Weekly           decimal.Decimal
}

// BandResult holds the isotonic fit of cost on total points and the bands.
type BandResult struct {
	Iso   *IsotonicFit
	Bands []BandEstimate
	// SSE is Σ (cost − band amount)² over the rows; RSquared is 1 − SSE/TSS.
	SSE, RSquared float64
	N             int
	Cohort        ras.Cohort
}

// EstimateBands re-estimates band thresholds and amounts, monotone in need:
// an isotonic (non-decreasing) regression of cost on total points, then the
// bands. With Cuts the thresholds are given; otherwise they are chosen by
// dynamic programming to minimise Σ w·(fitted − band mean)² over the unique
// totals, which keeps the amounts non-decreasing (a band's amount is a
// weighted mean of a contiguous run of a non-decreasing fit). The first band
// starts at 0 points and the last is open, so the bands cover every total
// without gaps or overlaps.
func EstimateBands(d *AssessmentDesign, opt BandOptions) (*BandResult, error) {
	if d == nil || d.Design == nil {
		return nil, invalidf("bands: no design")
	}
	if opt.Unit.IsZero() {
		opt.Unit = decimal.New(1, -2)
	}
	if opt.MinPerBand == 0 {
		opt.MinPerBand = 1
	}
	var x, y []float64
	for i := range d.IDs {
		if opt.Cohort == "" || d.Cohort[i] == opt.Cohort {
			x = append(x, d.TotalPoints[i])
			y = append(y, d.Design.Y[i])
		}
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("%w: bands: no rows for cohort %q", ErrEmpty, opt.Cohort)
	}
	iso, err := Isotonic(x, y, nil, IsotonicOptions{})
	if err != nil {
		return nil, err
	}
	m := len(iso.X)
	// starts[k] is the index into iso.X of band k's first total.
	var starts []int
	if opt.Cuts != nil {
		for i, c := range opt.Cuts {
			if c <= 0 || i > 0 && c <= opt.Cuts[i-1] {
				return nil, invalidf("bands: cuts must be positive and strictly increasing, not %v", opt.Cuts)
			}
		}
		starts = nil
	} else {
		k := opt.NumBands
		if k == 0 {
			k = 5
		}
		if k < 1 {
			return nil, invalidf("bands: %d bands", k)
		}
		starts, err = segment(iso, min(k, m), opt.MinPerBand)
		if err != nil {
			return nil, err
		}
	}
	res := &BandResult{Iso: iso, N: len(x), Cohort: opt.Cohort}
	// Band lower thresholds in points.
	var mins []int
	if opt.Cuts != nil {
		mins = append([]int{0}, opt.Cuts...)
	} else {
		mins = []int{0}
		for _, s := range starts[1:] {
			mins = append(mins, int(iso.X[s]))
		}
	}
	for k, lo := range mins {
		b := BandEstimate{Name: fmt.Sprintf("Band %d", k+1), MinPoints: lo}
		if k+1 < len(mins) {
			hi := mins[k+1] - 1
			b.MaxPoints = &hi
		}
		res.Bands = append(res.Bands, b)
	}
	band := func(v float64) int {
		k := 0
		for k+1 < len(mins) && v >= float64(mins[k+1]) {
			k++
		}
		return k
	}
	sumFit := make([]float64, len(mins))
	sumY := make([]float64, len(mins))
	for i, v := range x {
		k := band(v)
		res.Bands[k].N++
		sumFit[k] += iso.Predict(v)
		sumY[k] += y[i]
	}
	prev := math.Inf(-1)
	for k := range res.Bands {
		b := &res.Bands[k]
		if b.N == 0 {
			// An empty band (fixed cuts): carry the previous amount, so the
			// schedule stays monotone.
			b.Amount, b.MeanCost = math.Max(prev, 0), math.NaN()
		} else {
			b.Amount, b.MeanCost = sumFit[k]/float64(b.N), sumY[k]/float64(b.N)
		}
		if b.Amount < prev { // rounding noise only
			b.Amount = prev
		}
		prev = b.Amount
		if b.Weekly, err = roundMoney(math.Max(b.Amount, 0), opt.Unit); err != nil {
			return nil, err
		}
	}
	var tss, mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	for i, v := range x {
		e := y[i] - res.Bands[band(v)].Amount
		res.SSE += e * e
		tss += (y[i] - mean) * (y[i] - mean)
	}
	res.RSquared = 1 - res.SSE/tss
	return res, nil
}

// segment splits the isotonic fit's unique totals into k contiguous runs
// minimising the weighted within-run sum of squares of the fitted values,
// each run holding at least minN observations. It returns the first index
// of each run.
func segment(iso *IsotonicFit, k, minN int) ([]int, error) {
	m := len(iso.X)
	// Prefix sums of weight, w·f and w·f².
	W := make([]float64, m+1)
	S := make([]float64, m+1)
	Q := make([]float64, m+1)
	N := make([]int, m+1)
	for i := 0; i < m; i++ {
		w, f := iso.Weight[i], iso.Fitted[i]
		W[i+1], S[i+1], Q[i+1], N[i+1] = W[i]+w, S[i]+w*f, Q[i]+w*f*f, N[i]+iso.N[i]
	}
	cost := func(a, b int) float64 { // runs a..b−1
		w := W[b] - W[a]
		s := S[b] - S[a]
		return math.Max(Q[b]-Q[a]-s*s/w, 0)
	}
	inf := math.Inf(1)
	// best[j][b]: least cost of splitting 0..b−1 into j runs.
	best := make([][]float64, k+1)
	from := make([][]int, k+1)
	for j := range best {
		best[j] = make([]float64, m+1)
		from[j] = make([]int, m+1)
		for b := range best[j] {
			best[j][b] = inf
		}
	}
	best[0][0] = 0
	for j := 1; j <= k; j++ {
		for b := 1; b <= m; b++ {
			for a := j - 1; a < b; a++ {
				if best[j-1][a] == inf || N[b]-N[a] < minN {
					continue
				}
				if c := best[j-1][a] + cost(a, b); c < best[j][b] {
					best[j][b], from[j][b] = c, a
				}
			}
		}
	}
	// Use the most runs (≤ k) that the minimum size allows.
	j := k
	for j > 0 && best[j][m] == inf {
		j--
	}
	if j == 0 {
		return nil, invalidf("bands: fewer assessments (%d) than the minimum per band (%d)", N[m], minN)
	}
	starts := make([]int, j)
	b := m
	for jj := j; jj >= 1; jj-- {
		a := from[jj][b]
		starts[jj-1] = a
		b = a
	}
	return starts, nil
}

// Schedule returns the bands as a price schedule for the given cohorts
// (every cohort when nil).
func (r *BandResult) Schedule(id string, cohorts []ras.Cohort) ras.PriceSchedule {
	s := ras.PriceSchedule{ID: id, Name: "Bands", Cohorts: slices.Clone(cohorts)}
	for _, b := range r.Bands {
		nb := ras.Band{Name: b.Name, MinPoints: b.MinPoints, Weekly: b.Weekly}
		if b.MaxPoints != nil {
			v := *b.MaxPoints
			nb.MaxPoints = &v
		}
		s.Bands = append(s.Bands, nb)
	}
	return s
}
