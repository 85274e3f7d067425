package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/examples/internal/study"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Names of the files written to the output folder.
const (
	reportFile       = "report.md"
	htmlFile         = "report.html"
	resultsFile      = "results.json"
	recalibratedFile = "recalibrated.json"
	neutralFile      = "recalibrated_cost_neutral.json"
)

// Settings of the analysis, stated in the report.
const (
	tolerancePct  = 10    // estimate against plan: within ±10% of the estimate
	targetDays    = 28    // pathway: service start within 28 days of assessment
	quantSubRows  = 20000 // quantile-regression CV runs on a systematic subsample of this many rows
	scatterPoints = 4000  // scatter plots show a systematic sample of about this many points
)

// results are the figures of the report. Their JSON (results.json) is
// documented in the README: keys are snake_case, dates "YYYY-MM-DD", money
// decimal strings of pounds, undefined numbers null, and a count hidden by
// small-number suppression null beside "suppressed": true.
type results struct {
	c *county
	o options

	Source     string     `json:"source"`
	Synthetic  bool       `json:"synthetic"`
	Model      string     `json:"model"`
	Accounting []*account `json:"accounting"`

	Estimate    *estimateSection    `json:"estimate_vs_plan"`
	Calibration *calibrationSection `json:"calibration"`
	Carers      *carersSection      `json:"carers"`
	Children    *childrenSection    `json:"children"`
	Pathway     *pathwaySection     `json:"pathway"`
	Eligibility *eligibilitySection `json:"eligibility"`
	// National is the CLD section (-cld, -synthetic-cld); nil without.
	National *nationalSection `json:"national_measures,omitempty"`
	Timing   timing           `json:"timing"`

	// figures holds each chart's finding and SVG, by file name (set by
	// charts).
	figures map[string]chartOut
}

// count is a published count: null in JSON when small-number suppression
// hides it.
type count struct {
	N      int
	Hidden bool
}

// MarshalJSON writes the count, or null when it is hidden.
func (c count) MarshalJSON() ([]byte, error) {
	if c.Hidden {
		return []byte("null"), nil
	}
	return []byte(strconv.Itoa(c.N)), nil
}

// String is the count as a report shows it: "*" when hidden.
func (c count) String() string {
	if c.Hidden {
		return "*"
	}
	return report.Int(c.N)
}

// shown is count i of a suppressed list.
func shown(l *disclosure.List, i int) count { return count{l.Counts[i], l.Hidden(i)} }

// small is a count published on its own: hidden when 1 to 4.
func small(n int) count { return count{n, n > 0 && n < disclosure.DefaultThreshold} }

func analyse(ctx context.Context, c *county, o options, p *progress, national *nationalSection) (*results, error) {
	r := &results{c: c, o: o, Source: c.source, Synthetic: c.synthetic, Model: c.model.ID + " " + c.model.Version, National: national}
	for _, k := range c.kinds {
		r.Accounting = append(r.Accounting, c.acct[k])
	}
	var err error
	if r.Estimate, err = estimateVsPlan(c); err != nil {
		return nil, fmt.Errorf("estimate against plan: %w", err)
	}
	p.step("estimate against plan")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Calibration runs beside the other sections: they only read the
	// county. The eligibility predictions wait for the calibration's
	// cross-validation, so that the two largest fits, each with copies of
	// its training rows, are not in memory at once.
	var wg sync.WaitGroup
	var calErr, restErr error
	cvDone := make(chan struct{})
	doneCV := sync.OnceFunc(func() { close(cvDone) })
	cal := p.lane("calibration")
	wg.Go(func() {
		defer doneCV()
		if r.Calibration, calErr = calibration(ctx, c, o, cal, doneCV); calErr != nil {
			calErr = fmt.Errorf("calibration: %w", calErr)
		}
	})
	rest := p.lane("sections")
	wg.Go(func() { restErr = r.sections(ctx, c, o, rest, cvDone) })
	wg.Wait()
	p.sync()
	if err := errors.Join(calErr, restErr); err != nil {
		return nil, err
	}
	return r, nil
}

// sections analyses carers, children, the pathway and eligibility; the
// eligibility predictions start once cvDone is closed.
func (r *results) sections(ctx context.Context, c *county, o options, l *lane, cvDone <-chan struct{}) error {
	var err error
	if r.Carers, err = carersAnalysis(c, o); err != nil {
		return fmt.Errorf("carers: %w", err)
	}
	l.step("carers: value of unpaid care, carers at risk")
	if r.Children, err = childrenAnalysis(c); err != nil {
		return fmt.Errorf("children: %w", err)
	}
	l.step("children: centiles of independence by age")
	if r.Pathway, err = pathwayAnalysis(c); err != nil {
		return fmt.Errorf("pathway: %w", err)
	}
	l.step("pathway: Kaplan–Meier, benchmarking, funnel")
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.Eligibility, err = eligibilityAnalysis(ctx, c, o, l, cvDone); err != nil {
		return fmt.Errorf("eligibility: %w", err)
	}
	return nil
}

// penceMoney turns whole pence into pounds.
func penceMoney(p int64) decimal.Decimal { return decimal.New(p, -2) }

// ---------------------------------------------------------------------------
// Estimate against plan.

type estimateSection struct {
	TolerancePct float64      `json:"tolerance_pct"`
	WithPlan     int          `json:"with_plan"`
	WithoutPlan  int          `json:"without_plan"`
	Overall      monitorRow   `json:"overall"`
	ByCohort     []monitorRow `json:"by_cohort"`
	ByQuarter    []monitorRow `json:"by_quarter"`
	Drift        *driftRow    `json:"drift,omitempty"`

	est, plan []float64 // weekly pounds, for the scatter plot
}

// monitorRow is one group's estimates against plans. A group of fewer than
// 10 is suppressed: only its label is published.
type monitorRow struct {
	Label         string  `json:"label"`
	N             count   `json:"n"`
	TotalEstimate string  `json:"total_estimate_weekly,omitempty"`
	TotalPlanned  string  `json:"total_planned_weekly,omitempty"`
	TotalDiff     string  `json:"total_difference_weekly,omitempty"`
	Ratio         float64 `json:"planned_over_estimate"`
	MedianPct     float64 `json:"median_difference_pct"`
	WithinPct     float64 `json:"within_tolerance_pct"`
	Above         count   `json:"above"`
	Below         count   `json:"below"`
	Suppressed    bool    `json:"suppressed"`

	totalEstimate, totalPlanned, totalDiff decimal.Decimal
}

// driftRow is the drift of the percentage difference, in points a quarter.
type driftRow struct {
	SlopePerQuarter float64 `json:"slope_per_quarter"`
	StdErr          float64 `json:"std_err"`
	Lower           float64 `json:"lower_95"`
	Upper           float64 `json:"upper_95"`
	Quarters        int     `json:"quarters"`
}

func monitorRowOf(s calibrate.MonitorSummary) monitorRow {
	if s.Suppressed {
		nan := math.NaN()
		return monitorRow{Label: s.Label, N: count{s.N, true}, Ratio: nan, MedianPct: nan, WithinPct: nan,
			Above: count{Hidden: true}, Below: count{Hidden: true}, Suppressed: true}
	}
	return monitorRow{Label: s.Label, N: count{N: s.N}, TotalEstimate: s.TotalEstimate.StringFixed(2), TotalPlanned: s.TotalPlanned.StringFixed(2),
		TotalDiff: s.TotalDiff.StringFixed(2), Ratio: s.Ratio, MedianPct: s.MedianPct, WithinPct: s.WithinPct, Above: count{N: s.Above}, Below: count{N: s.Below},
		totalEstimate: s.TotalEstimate, totalPlanned: s.TotalPlanned, totalDiff: s.TotalDiff}
}

func estimateVsPlan(c *county) (*estimateSection, error) {
	s := &estimateSection{TolerancePct: tolerancePct}
	var recs []calibrate.MonitorRecord
	for i := range c.as.len() {
		planned, ok := c.as.planned(i)
		if !ok {
			s.WithoutPlan++
			continue
		}
		est := penceMoney(c.estimates[i])
		recs = append(recs, calibrate.MonitorRecord{ID: c.as.id[i], Date: c.as.dateOf(i), Estimate: est, Planned: planned, Group: string(c.as.cohortOf(i))})
		e, _ := est.Float64()
		pl, _ := planned.Float64()
		s.est, s.plan = append(s.est, e), append(s.plan, pl)
	}
	s.WithPlan = len(recs)
	if len(recs) == 0 {
		return s, nil
	}
	m, err := calibrate.Monitor(recs, calibrate.MonitorOptions{TolerancePct: tolerancePct, Period: calibrate.Quarter, MinCount: 10})
	if err != nil {
		return nil, err
	}
	s.Overall = monitorRowOf(m.Overall)
	s.Overall.Label = "all"
	for _, g := range m.Groups {
		s.ByCohort = append(s.ByCohort, monitorRowOf(g))
	}
	for _, q := range m.Periods {
		s.ByQuarter = append(s.ByQuarter, monitorRowOf(q))
	}
	if d := m.Drift; d != nil {
		s.Drift = &driftRow{SlopePerQuarter: d.SlopePerPeriod, StdErr: d.StdErr, Lower: d.Lower, Upper: d.Upper, Quarters: d.Periods}
	}
	return s, nil
}

// ---------------------------------------------------------------------------
// Calibration.

type calibrationSection struct {
	DesignRows int         `json:"design_rows"`
	DesignCols int         `json:"design_columns"`
	Columns    []string    `json:"columns"`
	Excluded   int         `json:"excluded_no_positive_cost"`
	K          int         `json:"folds"`
	Methods    []methodRow `json:"methods"`
	Best       string      `json:"best"`
	// Model is the best method refitted on every row, as fitted;
	// NeutralModel is Model scaled for cost neutrality, the model the
	// gainers and losers describe.
	Model        modelRow    `json:"model"`
	NeutralModel modelRow    `json:"cost_neutral_model"`
	Neutral      neutralRow  `json:"cost_neutral"`
	Impact       []impactRow `json:"impact"`
	Largest      []changeRow `json:"largest_changes"`
	Subsampled   string      `json:"subsample_note,omitempty"`
	HuberNote    string      `json:"huber_note,omitempty"`

	changes []float64 // weekly change per case, for the chart
	impact  *calibrate.Impact
	scores  []study.MethodResult
}

type methodRow struct {
	Name      string  `json:"name"`
	Rows      int     `json:"rows"`
	RMSE      float64 `json:"rmse"`
	MAE       float64 `json:"mae"`
	R2        float64 `json:"r_squared"`
	Bias      float64 `json:"bias"`
	Within50  float64 `json:"within_50_pounds_pct"`
	Within10  float64 `json:"within_10_pct"`
	Within25  float64 `json:"within_25_pct"`
	Subsample bool    `json:"subsample"`
	Err       string  `json:"error,omitempty"`
}

// modelRow names a model written to the output folder.
type modelRow struct {
	ID          string `json:"id"`
	Version     string `json:"version"`
	File        string `json:"file"`
	Description string `json:"description"`
}

type neutralRow struct {
	Factor     float64 `json:"factor"`
	Before     string  `json:"before_weekly"`
	After      string  `json:"after_weekly"`
	Target     string  `json:"target_weekly"`
	Iterations int     `json:"iterations"`

	before, after, target decimal.Decimal
}

// impactRow is one group of the gainers and losers (see
// study.ImpactTable for the suppression).
type impactRow struct {
	Group      string  `json:"group"`
	Level      string  `json:"level"`
	N          count   `json:"n"`
	Gainers    count   `json:"gainers"`
	Losers     count   `json:"losers"`
	Unchanged  count   `json:"unchanged"`
	TotalOld   string  `json:"total_current_weekly,omitempty"`
	TotalNew   string  `json:"total_recalibrated_weekly,omitempty"`
	MeanChange float64 `json:"mean_change_weekly"`
	P10        float64 `json:"change_p10"`
	Median     float64 `json:"change_median"`
	P90        float64 `json:"change_p90"`
	Suppressed bool    `json:"suppressed"`
}

type changeRow struct {
	ID     string  `json:"assessment_id"`
	Old    string  `json:"current_weekly"`
	New    string  `json:"recalibrated_weekly"`
	Change float64 `json:"change_weekly"`

	old, new, change decimal.Decimal
}

// calibration is the calibration section; it calls cvDone once the methods'
// cross-validation is over.
func calibration(ctx context.Context, c *county, o options, p *lane, cvDone func()) (*calibrationSection, error) {
	s := &calibrationSection{K: o.K}
	spec := calibrate.DesignSpec{
		AllDomains: true,
		AgeOver:    []int{65},
		// Children (the cohort) are all under 18: bands start at 65 so that
		// no age band duplicates the children cohort column.
		AgeBands:      &calibrate.AgeBandSpec{Cuts: []int{65, 85}, Reference: "0-64"},
		InformalHours: true,
		Settings:      &calibrate.LevelSpec{Reference: string(ras.SettingHomeAlone)},
		Cohorts:       &calibrate.LevelSpec{Reference: string(ras.CohortAdult)},
		Costs:         calibrate.CostsExclude,
		SkipInvalid:   true,
	}
	d, err := calibrate.BuildDesignFrom(c.model, c.as.chunks(nil), spec)
	if err != nil {
		return nil, err
	}
	n, cols := d.Design.Dims()
	s.DesignRows, s.DesignCols, s.Columns, s.Excluded = n, cols, d.Design.Names, len(d.Excluded)
	p.step(fmt.Sprintf("calibration design %d × %d", n, cols))

	methods := []calibrate.Method{
		calibrate.MethodOLS(),
		calibrate.MethodSqrt(calibrate.SqrtVariance),
		calibrate.MethodLog(calibrate.LogSmearing),
		calibrate.MethodGLM(calibrate.Gamma, calibrate.Log),
	}
	if study.IncludeHuber(n) {
		methods = append(methods, calibrate.MethodHuber(0))
	}
	s.HuberNote = study.HuberNote(n)
	folds, err := calibrate.MakeFolds(n, o.K, o.Seed)
	if err != nil {
		return nil, err
	}
	cv := calibrate.CVOptions{Folds: folds, Bands: study.Bands}
	// Median regression on a systematic subsample (every k-th row), beside
	// OLS on the same rows for comparison.
	sub := d.Design
	subCV := cv
	if n > quantSubRows {
		step := (n + quantSubRows - 1) / quantSubRows
		var rows []int
		for i := 0; i < n; i += step {
			rows = append(rows, i)
		}
		if sub, err = d.Design.SubsetRows(rows); err != nil {
			return nil, err
		}
		s.Subsampled = fmt.Sprintf("Median regression is cross-validated on a systematic subsample of %s of the %s rows (every %s row, on their own folds), beside OLS on the same rows: its interior-point fit is the slowest of the methods.",
			report.Int(len(rows)), report.Int(n), ordinal(step))
		subCV = calibrate.CVOptions{K: o.K, Seed: o.Seed, Bands: study.Bands}
	}
	subRows, _ := sub.Dims()
	// Each method's cross-validation is a job of its own, over the same
	// folds; each job fits its folds on GOMAXPROCS goroutines (or
	// o.Workers).
	jobs := make([]cvJob, 0, len(methods)+2)
	for _, m := range methods {
		jobs = append(jobs, cvJob{d: d.Design, m: m, opt: cv})
	}
	jobs = append(jobs, cvJob{d: sub, m: calibrate.MethodQuantile(0.5), opt: subCV, sub: sub != d.Design})
	if sub != d.Design {
		jobs = append(jobs, cvJob{d: sub, m: calibrate.MethodOLS(), opt: subCV, sub: true})
	}
	if err := runCV(ctx, jobs, workers(o.Workers)); err != nil {
		return nil, err
	}
	cvDone()
	p.step(fmt.Sprintf("%d-fold CV of %d methods on %d rows, median regression on %d", o.K, len(methods), n, subRows))
	scores := make([]calibrate.MethodScore, len(methods))
	for i := range methods {
		scores[i] = jobs[i].score
	}
	var subScores []calibrate.MethodScore
	for _, j := range jobs[len(methods):] {
		subScores = append(subScores, j.score)
	}
	best := -1
	add := func(sc calibrate.MethodScore, rows int, subsample bool) {
		m := methodRow{Name: sc.Name, Rows: rows, Subsample: subsample}
		mr := study.MethodResult{Name: sc.Name, Rows: rows, Subsample: subsample, Err: sc.Err}
		if sc.Err != nil {
			m.Err = sc.Err.Error()
		} else {
			pm := sc.CV.Pooled
			mr.Pooled = pm
			m.RMSE, m.MAE, m.R2, m.Bias = pm.RMSE, pm.MAE, pm.RSquared, pm.Bias
			m.Within50, m.Within10, m.Within25 = pm.WithinAbs[0], pm.WithinPct[0], pm.WithinPct[1]
		}
		s.Methods = append(s.Methods, m)
		s.scores = append(s.scores, mr)
	}
	for i, sc := range scores {
		add(sc, n, false)
		if sc.Err == nil && (best < 0 || sc.CV.Pooled.RMSE < scores[best].CV.Pooled.RMSE) {
			best = i
		}
	}
	for _, sc := range subScores {
		add(sc, subRows, sub != d.Design)
	}
	if best < 0 {
		return nil, fmt.Errorf("every method failed: %v", scores[0].Err)
	}
	s.Best = scores[best].Name

	newModel, err := fitAndExport(d, best)
	if err != nil {
		return nil, err
	}
	s.Model = modelRow{ID: newModel.ID, Version: newModel.Version, File: recalibratedFile, Description: newModel.Description}
	if err := writeModel(filepath.Join(o.Out, recalibratedFile), newModel); err != nil {
		return nil, err
	}
	p.step("refit and export " + s.Best)

	old := make([]decimal.Decimal, len(d.Index))
	for k, i := range d.Index {
		old[k] = penceMoney(c.estimates[i])
	}
	// The costed assessments are the design's rows.
	neutral, err := calibrate.CostNeutralFrom(newModel, c.as.chunks(d.Index), calibrate.NeutralOptions{Version: newModel.Version + "-neutral"})
	if err != nil {
		return nil, err
	}
	nm := neutral.Model
	nm.Description = fmt.Sprintf("%s Scaled by %s for cost neutrality: its total over the %s costed assessments meets the total of their plans.",
		newModel.Description, report.Num(neutral.Factor, 6), report.Int(len(d.Index)))
	s.NeutralModel = modelRow{ID: nm.ID, Version: nm.Version, File: neutralFile, Description: nm.Description}
	if err := writeModel(filepath.Join(o.Out, neutralFile), nm); err != nil {
		return nil, err
	}
	s.Neutral = neutralRow{Factor: neutral.Factor, Before: neutral.Before.StringFixed(2), After: neutral.After.StringFixed(2),
		Target: neutral.Target.StringFixed(2), Iterations: neutral.Iterations, before: neutral.Before, after: neutral.After, target: neutral.Target}
	cohort := make([]string, len(d.Index))
	setting := make([]string, len(d.Index))
	for k := range d.Index {
		cohort[k], setting[k] = string(d.Cohort[k]), string(d.Setting[k])
	}
	imp, err := calibrate.ImpactOf(d.IDs, old, neutral.Amounts, study.ImpactOptions(map[string][]string{"cohort": cohort, "living_setting": setting}))
	if err != nil {
		return nil, err
	}
	s.impact = imp
	for _, g := range append([]calibrate.ImpactSummary{imp.Overall}, imp.ByGroup...) {
		r := impactRow{Group: orLabel(g.Group, "all"), Level: orLabel(g.Level, "all"), N: count{N: g.N}, MeanChange: g.MeanChange, Suppressed: g.Suppressed}
		if g.Suppressed {
			r.N = small(g.N)
			r.Gainers, r.Losers, r.Unchanged = count{Hidden: true}, count{Hidden: true}, count{Hidden: true}
			r.P10, r.Median, r.P90 = math.NaN(), math.NaN(), math.NaN()
		} else {
			gl, err := disclosure.SuppressList([]int{g.Gainers, g.Losers, g.Unchanged}, disclosure.Options{})
			if err != nil {
				return nil, err
			}
			r.Gainers, r.Losers, r.Unchanged = shown(gl, 0), shown(gl, 1), shown(gl, 2)
			r.TotalOld, r.TotalNew = g.TotalOld.StringFixed(2), g.TotalNew.StringFixed(2)
			r.P10, r.Median, r.P90 = g.Quantiles[0], g.Quantiles[1], g.Quantiles[2]
		}
		s.Impact = append(s.Impact, r)
	}
	s.changes = make([]float64, len(imp.Cases))
	for i, cs := range imp.Cases {
		ch, _ := cs.Change.Float64()
		s.changes[i] = ch
	}
	top := largest(imp.Cases, 5)
	for _, i := range top {
		cs := imp.Cases[i]
		ch, _ := cs.Change.Float64()
		s.Largest = append(s.Largest, changeRow{ID: cs.ID, Old: cs.Old.StringFixed(2), New: cs.New.StringFixed(2), Change: ch, old: cs.Old, new: cs.New, change: cs.Change})
	}
	imp.Cases = nil // the report needs only the summaries
	p.step("cost neutrality, gainers and losers")
	return s, nil
}

// largest returns the indices of the n largest changes either way, the
// earlier case first among equal ones (the first n of a stable sort by
// size, in one pass).
func largest(cases []calibrate.CaseImpact, n int) []int {
	var top []int
	var topAbs []decimal.Decimal
	for i := range cases {
		a := cases[i].Change.Abs()
		k := len(top)
		for k > 0 && a.Cmp(topAbs[k-1]) > 0 {
			k--
		}
		if k < n {
			top, topAbs = slices.Insert(top, k, i), slices.Insert(topAbs, k, a)
			top, topAbs = top[:min(n, len(top))], topAbs[:min(n, len(topAbs))]
		}
	}
	return top
}

// writeModel writes a model's JSON into a file.
func writeModel(name string, m *ras.Model) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := m.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ordinal is n as an ordinal in words or figures: "2nd", "10th".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return report.Int(n) + suffix
}

// fitAndExport refits method i of the comparison on the whole design and
// exports it as a ras model.
func fitAndExport(d *calibrate.AssessmentDesign, i int) (*ras.Model, error) {
	opt := calibrate.ExportOptions{Version: "1"}
	switch i {
	case 0:
		f, err := calibrate.OLS(d.Design, calibrate.Options{})
		if err != nil {
			return nil, err
		}
		opt.Method = "OLS on planned weekly cost"
		return calibrate.ExportLinear(d, f, opt)
	case 1:
		f, err := calibrate.SqrtOLS(d.Design, calibrate.Options{})
		if err != nil {
			return nil, err
		}
		opt.Method = "OLS on √(planned weekly cost)"
		return calibrate.ExportSqrt(d, f, calibrate.SqrtVariance, opt)
	case 2:
		f, err := calibrate.LogOLS(d.Design, calibrate.LogOptions{})
		if err != nil {
			return nil, err
		}
		opt.Method = "OLS on log(planned weekly cost), Duan smearing"
		return calibrate.ExportLog(d, f, calibrate.LogSmearing, "", opt)
	case 3:
		f, err := calibrate.GLM(d.Design, calibrate.GLMOptions{Family: calibrate.Gamma, Link: calibrate.Log})
		if err != nil {
			return nil, err
		}
		return calibrate.ExportGLM(d, f, opt)
	default:
		f, err := calibrate.RLM(d.Design, calibrate.RLMOptions{})
		if err != nil {
			return nil, err
		}
		opt.Method = "Huber M-estimation on planned weekly cost"
		return calibrate.ExportCoefficients(d, f.Coefficients, ras.RegressionRules{Link: ras.LinkIdentity}, opt)
	}
}

// cvJob is the cross-validation of one method.
type cvJob struct {
	d     *calibrate.Design
	m     calibrate.Method
	opt   calibrate.CVOptions
	sub   bool
	score calibrate.MethodScore
}

// runCV runs the jobs one after the other, each fitting its folds on
// workers goroutines (calibrate.CVOptions.Workers): no more than workers
// fits, each with a copy of its training rows, are in memory at once, and
// the results do not depend on the number of workers.
func runCV(ctx context.Context, jobs []cvJob, workers int) error {
	for i := range jobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := &jobs[i]
		opt := j.opt
		opt.Workers = max(1, workers)
		sc, err := calibrate.CompareMethods(j.d, []calibrate.Method{j.m}, opt)
		if err != nil {
			return fmt.Errorf("%s: %w", j.m.Name, err)
		}
		j.score = sc[0]
	}
	return nil
}

// workers is n, or GOMAXPROCS when n is 0 or less.
func workers(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}
