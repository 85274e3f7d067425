package calibrate

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// simSpec is the design of the simulations: the domains' points, age over
// 65, informal hours, living setting and cohort (the terms of synth's cost
// model), zero costs excluded.
func simSpec() DesignSpec {
	return DesignSpec{AllDomains: true, AgeOver: []int{65}, InformalHours: true,
		Settings: &LevelSpec{Reference: string(ras.SettingHomeAlone)}, Cohorts: &LevelSpec{Reference: string(ras.CohortAdult)}, Costs: CostsExclude}
}

// constantFitter exports a model whose amount is £amount a week for
// everyone, whatever the training rows (the design's intercept column).
func constantFitter(amount float64) ModelFitter {
	return func(d *AssessmentDesign) (*ras.Model, error) {
		return ExportCoefficients(d, []float64{amount}, ras.RegressionRules{Link: ras.LinkIdentity}, ExportOptions{})
	}
}

// handDesign is n synthetic adults whose planned weekly costs are £101,
// £102, …, £(100+n), and an intercept-only design of them: against a model
// that gives £100 to everyone, their absolute scores are 1, 2, …, n.
func handDesign(t *testing.T, n int) (*AssessmentDesign, []ras.Assessment) {
	t.Helper()
	src, cs := synthAssessments(t, ras.ModelPoints, 4*n, 21, nil)
	var as []ras.Assessment
	for i := range cs {
		if cs[i].Assessment.Cohort == ras.CohortAdult && len(as) < n {
			a := cs[i].Assessment
			y := decimal.NewFromInt(int64(101 + len(as)))
			a.PlannedWeekly = &y
			as = append(as, a)
		}
	}
	if len(as) < n {
		t.Fatalf("only %d adults", len(as))
	}
	d, err := BuildDesign(src, as, DesignSpec{})
	mustNo(t, err)
	return d, as
}

// TestConformalQuantileByHand: with scores 1, 2, …, 19 (out of fold, all
// rows), the quantile is the ⌈20·level⌉-th smallest: 16 at 80%, 18 at 90%,
// 19 at 95%; at 96% ⌈19.2⌉ = 20 > 19, and the range would be unbounded: an
// error, not an infinite range.
func TestConformalQuantileByHand(t *testing.T) {
	d, as := handDesign(t, 19)
	for _, c := range []struct {
		level float64
		k     int
	}{{0.8, 16}, {0.9, 18}, {0.95, 19}, {0.5, 10}} {
		res, err := Conformal(d, as, constantFitter(100), ConformalOptions{Level: c.level, Method: CrossValidationConformal, K: 5, Score: ras.ScoreAbsolute, By: "none"})
		mustNo(t, err)
		equal(t, 1, len(res.Groups))
		g := res.Groups[0]
		equal(t, ras.RangeAll, g.Group)
		equal(t, 19, g.N, "n")
		equal(t, c.k, g.Rank, "rank at level %v", c.level)
		inDelta(t, float64(c.k), g.Quantile, 1e-9, "quantile at level %v", c.level)
		equal(t, ras.RangeGroup{Quantile: g.Quantile, N: 19}, res.Model.Range.Groups[ras.RangeAll])
		equal(t, ras.RangeCrossValidation, res.Model.Range.Method)
		isTrue(t, res.Model.Range.By == "" && res.Model.Range.MinScale == nil, "no grouping, no minimum scale")
	}
	_, err := Conformal(d, as, constantFitter(100), ConformalOptions{Level: 0.96, Method: CrossValidationConformal, K: 5, Score: ras.ScoreAbsolute, By: "none"})
	errIs(t, err, ErrTooFewCases)
	errIs(t, err, ErrInvalidInput)
	isTrue(t, err != nil && strings.Contains(err.Error(), "19 calibration cases, fewer than the 24 a range at level 0.96 needs"), "message: %v", err)
	// With OmitSmallGroups, no group is left: still an error.
	_, err = Conformal(d, as, constantFitter(100), ConformalOptions{Level: 0.96, Method: CrossValidationConformal, K: 5, Score: ras.ScoreAbsolute, By: "none", OmitSmallGroups: true})
	errIs(t, err, ErrTooFewCases)

	// Split: round(0.25 × 19) = 5 rows held out; at 80%, k = ⌈6·0.8⌉ = 5:
	// the largest of their scores.
	res, err := Conformal(d, as, constantFitter(100), ConformalOptions{Score: ras.ScoreAbsolute, By: "none", Seed: 4})
	mustNo(t, err)
	equal(t, 5, len(res.Rows))
	equal(t, 14, len(res.Train))
	all := append(slices.Clone(res.Rows), res.Train...)
	slices.Sort(all)
	for i, r := range all {
		equal(t, i, r, "held-out and training rows partition the design")
	}
	inDelta(t, slices.Max(res.Scores), res.Groups[0].Quantile, 0, "the largest held-out score")
	for t2, i := range res.Rows {
		inDelta(t, float64(i+1), res.Scores[t2], 1e-9, "row %d's score", i)
		inDelta(t, 100, res.Amount[t2], 0, "amount")
	}
	_, err = Conformal(d, as, constantFitter(100), ConformalOptions{Level: 0.9, Score: ras.ScoreAbsolute, By: "none"})
	errIs(t, err, ErrTooFewCases)
	isTrue(t, err != nil && strings.Contains(err.Error(), "group all: 5 of its 19 assessments held out (share 0.25), fewer than the 9"), "message: %v", err)
}

// TestConformalScoresAreTheEngines: each calibration row's planned cost lies
// in the range the engine gives it exactly when its score is at most the
// quantile; the amounts are the engine's; ranges are by cohort.
func TestConformalScoresAreTheEngines(t *testing.T) {
	src, cs := synthAssessments(t, ras.ModelPoints, 3000, 5, nil)
	as := assessmentsOf(cs)
	d, err := BuildDesign(src, as, simSpec())
	mustNo(t, err)
	for _, score := range []ras.RangeScore{ras.ScoreAbsolute, ras.ScoreRelative, ras.ScoreLog} {
		res, err := Conformal(d, as, FitSqrt(SqrtVariance, ExportOptions{Limits: &ras.Limits{CapWeekly: decPtr("900")}}), ConformalOptions{Score: score, Level: 0.9, MinScale: map[bool]float64{true: 0, false: 20}[score == ras.ScoreAbsolute]})
		mustNo(t, err)
		eng, err := ras.Compile(res.Model)
		mustNo(t, err)
		q := map[string]float64{}
		for _, g := range res.Groups {
			q[g.Group] = g.Quantile
			isTrue(t, g.N >= 9 && !g.Omitted, "group %s: n %d", g.Group, g.N)
		}
		equal(t, 4, len(q), "four cohorts")
		equal(t, "cohort", res.Range.By)
		isTrue(t, len(res.Rows) > 600 && len(res.Rows) < 800, "%d rows held out of %d", len(res.Rows), len(d.IDs))
		covered := 0
		var r ras.Result
		for t2, i := range res.Rows {
			a := &as[d.Index[i]]
			mustNo(t, eng.AssessInto(a, &r, ras.AssessOptions{}))
			// The model was fitted without this row: the exported model
			// is the fit on the training rows.
			inDelta(t, r.ExactBeforeLimits().InexactFloat64(), res.Amount[t2], 0, "amount of row %d", i)
			lo, hi, ok := r.RangePence()
			isTrue(t, ok, "row %d has a range", i)
			y := a.PlannedWeekly.Shift(2).IntPart()
			in := lo <= y && y <= hi
			if in {
				covered++
			}
			s, qq := res.Scores[t2], q[res.Group[t2]]
			if in != (s <= qq) && math.Abs(s-qq) > 1e-9*qq {
				t.Errorf("%s: row %d: planned %d pence in [%d, %d] is %v, but score %v ≤ q %v is %v", score, i, y, lo, hi, in, s, qq, s <= qq)
			}
		}
		// In each group, k of the n calibration scores are at most q: at
		// least 90% of the held-out rows are in their ranges.
		rate := float64(covered) / float64(len(res.Rows))
		isTrue(t, rate >= 0.9 && rate < 0.92, "%s: %.4f of the calibration rows in their ranges", score, rate)
	}
}

// TestConformalGroups: by living setting; a small group is an error naming
// it, or, with OmitSmallGroups, left without a range; the result is
// reproducible from the seed; the period comes from the dates.
func TestConformalGroups(t *testing.T) {
	src, cs := synthAssessments(t, ras.ModelPoints, 900, 9, nil)
	as := assessmentsOf(cs)
	d, err := BuildDesign(src, as, simSpec())
	mustNo(t, err)
	opt := ConformalOptions{Level: 0.95, By: "living_setting", CalibrationShare: 0.1}
	_, err = Conformal(d, as, FitOLS(ExportOptions{}), opt)
	errIs(t, err, ErrTooFewCases)
	isTrue(t, err != nil && strings.Contains(err.Error(), "living setting nursing:"), "names the group: %v", err)
	opt.OmitSmallGroups = true
	res, err := Conformal(d, as, FitOLS(ExportOptions{}), opt)
	mustNo(t, err)
	var omitted, kept []string
	for _, g := range res.Groups {
		if g.Omitted {
			omitted = append(omitted, g.Group)
			isTrue(t, g.N < 19 && g.MinCases == 19, "%s omitted with %d of 19", g.Group, g.N)
		} else {
			kept = append(kept, g.Group)
		}
	}
	isTrue(t, slices.Contains(omitted, "nursing") && len(kept) > 0, "omitted %v kept %v", omitted, kept)
	for _, g := range omitted {
		_, ok := res.Range.Groups[g]
		isTrue(t, !ok, "omitted group %s is not in the range", g)
	}
	equal(t, "2023 to 2024", res.Range.Period)
	again, err := Conformal(d, as, FitOLS(ExportOptions{}), opt)
	mustNo(t, err)
	equal(t, res.Rows, again.Rows, "same seed, same split")
	equal(t, res.Range, again.Range)
	opt.Seed = 1
	other, err := Conformal(d, as, FitOLS(ExportOptions{}), opt)
	mustNo(t, err)
	isTrue(t, !slices.Equal(res.Rows, other.Rows), "another seed holds out other rows")
	opt.Period = "April 2023 to March 2025"
	named, err := Conformal(d, as, FitOLS(ExportOptions{}), opt)
	mustNo(t, err)
	equal(t, "April 2023 to March 2025", named.Model.Range.Period)
}

// TestConformalBadInput: every argument is checked, with a clear error.
func TestConformalBadInput(t *testing.T) {
	src, cs := synthAssessments(t, ras.ModelPoints, 400, 2, nil)
	as := assessmentsOf(cs)
	d, err := BuildDesign(src, as, simSpec())
	mustNo(t, err)
	fit := FitOLS(ExportOptions{})
	for _, c := range []struct {
		opt  ConformalOptions
		want string
	}{
		{ConformalOptions{Level: 1}, "level 1 must be between 0 and 1"},
		{ConformalOptions{Level: -0.8}, "must be between 0 and 1"},
		{ConformalOptions{Level: 0.1234567}, "more than 6 decimal places"},
		{ConformalOptions{Score: "squared"}, "unknown score"},
		{ConformalOptions{Score: ras.ScoreAbsolute, MinScale: 5}, "takes no minimum scale"},
		{ConformalOptions{MinScale: -1}, "must be positive"},
		{ConformalOptions{MinScale: 0.123456789}, "more than 8 decimal places"},
		{ConformalOptions{By: "locality"}, "cohort, living_setting or none"},
		{ConformalOptions{CalibrationShare: 1}, "between 0 and 1"},
		{ConformalOptions{Method: CrossValidationConformal, CalibrationShare: 0.5}, "split conformal only"},
		{ConformalOptions{Method: 7}, "unknown method"},
		{ConformalOptions{Method: CrossValidationConformal, K: 1}, "folds"},
	} {
		_, err := Conformal(d, as, fit, c.opt)
		errIs(t, err, ErrInvalidInput)
		isTrue(t, err != nil && strings.Contains(err.Error(), c.want), "%+v: want …%s…, got %v", c.opt, c.want, err)
	}
	_, err = Conformal(d, as[1:], fit, ConformalOptions{})
	errIs(t, err, ErrInvalidInput)
	isTrue(t, strings.Contains(err.Error(), "pass the slice the design was built from"), "%v", err)
	_, err = Conformal(&AssessmentDesign{}, as, fit, ConformalOptions{})
	errIs(t, err, ErrInvalidInput)
	_, err = Conformal(d, as, nil, ConformalOptions{})
	errIs(t, err, ErrInvalidInput)
	spec := simSpec()
	spec.Response = func(a *ras.Assessment) (float64, bool) { return 1, true }
	spec.Costs = CostsError
	dr, err := BuildDesign(src, as, spec)
	mustNo(t, err)
	_, err = Conformal(dr, as, fit, ConformalOptions{})
	errIs(t, err, ErrInvalidInput)
	// A fitter that fails, and one that gives a probability.
	boom := errors.New("boom")
	_, err = Conformal(d, as, func(*AssessmentDesign) (*ras.Model, error) { return nil, boom }, ConformalOptions{Method: CrossValidationConformal})
	errIs(t, err, boom)
	isTrue(t, strings.Contains(err.Error(), "fold 1: fit: boom"), "%v", err)
	logit := func(tr *AssessmentDesign) (*ras.Model, error) {
		return ExportCoefficients(tr, make([]float64, len(tr.Columns)), ras.RegressionRules{Link: ras.LinkLogit}, ExportOptions{})
	}
	_, err = Conformal(d, as, logit, ConformalOptions{})
	errIs(t, err, ErrInvalidInput)
	isTrue(t, strings.Contains(err.Error(), "probability"), "%v", err)
}

// TestCoverageOf counts by hand: a range of £89.50 to £110.50 covers 89.50
// and 110.50 (ends included), not 89.49 or 110.51; no planned cost is not
// counted.
func TestCoverageOf(t *testing.T) {
	d, as := handDesign(t, 19)
	res, err := Conformal(d, as, constantFitter(100), ConformalOptions{Level: 0.8, Method: CrossValidationConformal, K: 5, Score: ras.ScoreAbsolute, By: "none"})
	mustNo(t, err)
	res.Model.Range.Groups[ras.RangeAll] = ras.RangeGroup{Quantile: 10.5, N: 19}
	eng, err := ras.Compile(res.Model)
	mustNo(t, err)
	test := slices.Clone(as[:5])
	for i, v := range []string{"89.49", "89.50", "110.50", "110.51"} {
		p := decimal.RequireFromString(v)
		test[i].PlannedWeekly = &p
	}
	test[4].PlannedWeekly = nil
	cov, err := CoverageOf(eng, test)
	mustNo(t, err)
	equal(t, 2, len(cov))
	for _, c := range cov {
		equal(t, 4, c.N, c.Group)
		equal(t, 2, c.Covered, c.Group)
		inDelta(t, 0.5, c.Rate, 0, c.Group)
		inDelta(t, 0.25, c.StdErr, 1e-15, c.Group)
		inDelta(t, 21, c.MeanWidth, 1e-12, c.Group)
	}
	equal(t, "overall", cov[0].Group)
	equal(t, ras.RangeAll, cov[1].Group)
	noRange, _ := ras.Compile(src(t, d))
	_, err = CoverageOf(noRange, test)
	errIs(t, err, ErrInvalidInput)
}

func src(t *testing.T, d *AssessmentDesign) *ras.Model {
	t.Helper()
	m, err := ExportCoefficients(d, []float64{100}, ras.RegressionRules{Link: ras.LinkIdentity}, ExportOptions{})
	mustNo(t, err)
	return m
}

// TestExportRange: ExportOptions.Range attaches a copy of a range.
func TestExportRange(t *testing.T) {
	d, as := handDesign(t, 19)
	res, err := Conformal(d, as, constantFitter(100), ConformalOptions{Method: CrossValidationConformal, K: 5, Score: ras.ScoreLog, MinScale: 2.5, By: "none"})
	mustNo(t, err)
	m, err := ExportCoefficients(d, []float64{100}, ras.RegressionRules{Link: ras.LinkIdentity}, ExportOptions{ID: "again", Range: res.Range})
	mustNo(t, err)
	equal(t, res.Range, m.Range)
	isTrue(t, m.Range != res.Range && m.Range.MinScale != res.Range.MinScale, "a copy")
	equal(t, "2.5", m.Range.MinScale.String())
	res.Range.Groups[ras.RangeAll] = ras.RangeGroup{Quantile: 99, N: 19}
	isTrue(t, m.Range.Groups[ras.RangeAll].Quantile != 99, "the copy does not follow the original")
}

func decPtr(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// TestScaleModelDropsRange: a scaled model (cost neutrality) loses its
// range, which was calibrated on the unscaled amounts.
func TestScaleModelDropsRange(t *testing.T) {
	d, as := handDesign(t, 19)
	res, err := Conformal(d, as, constantFitter(100), ConformalOptions{Method: CrossValidationConformal, K: 5, By: "none"})
	mustNo(t, err)
	isTrue(t, res.Model.Range != nil, "calibrated")
	s, err := ScaleModel(res.Model, 1.1, "2")
	mustNo(t, err)
	isTrue(t, s.Range == nil, "the scaled model has no range")
	isTrue(t, res.Model.Range != nil, "the original keeps its range")
}
