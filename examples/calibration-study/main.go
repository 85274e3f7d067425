// Calibration-study runs a whole RAS calibration study on synthetic data:
// it generates assessments with planned costs, scores them with a shipped
// model, reports the estimates against the plans, compares several
// calibration methods by cross-validation, produces a recalibrated model,
// compares it with the old one, and writes a markdown report, the new model's
// JSON and PNG charts into an output folder.
//
//	go run ./examples/calibration-study
//	go run ./examples/calibration-study -n 20000 -k 5 -out out/study-20000
package main

import (
	"errors"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/examples/internal/study"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// Config is one study's settings.
type Config struct {
	N     int    // synthetic assessments
	Seed  uint64 // synthetic population
	K     int    // cross-validation folds
	Out   string // output folder
	Model string // shipped model to recalibrate
}

// newFlags returns the command line's flags, writing into c (defaults set).
func newFlags(c *Config, stderr io.Writer) *flag.FlagSet {
	*c = Config{N: 200_000, Seed: 1, K: 5, Out: filepath.Join("out", "calibration-study"), Model: ras.ModelPoints}
	fs := flag.NewFlagSet("calibration-study", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/calibration-study [flags]\n\n"+
			"Runs a RAS calibration study on synthetic assessments and writes report.md, the recalibrated models and charts into -out.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.IntVar(&c.N, "n", c.N, "number of synthetic assessments")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the synthetic population (reproducible runs)")
	fs.IntVar(&c.K, "k", c.K, "cross-validation folds")
	fs.StringVar(&c.Out, "out", c.Out, "output folder")
	fs.StringVar(&c.Model, "model", c.Model, "shipped model to recalibrate: "+strings.Join(ras.ModelNames(), ", "))
	return fs
}

// parse reads the command line.
func parse(args []string, stderr io.Writer) (Config, error) {
	var c Config
	fs := newFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case c.N < 100 || c.N > 5_000_000:
		return c, fmt.Errorf("-n %d: want 100 to 5,000,000 assessments", c.N)
	case c.K < 2 || c.K > 20:
		return c, fmt.Errorf("-k %d: want 2 to 20 folds", c.K)
	case strings.TrimSpace(c.Out) == "":
		return c, errors.New("-out must not be empty")
	}
	return c, nil
}

func main() {
	c, err := parse(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "calibration-study:", err)
		os.Exit(2)
	}
	start := time.Now()
	if err := run(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "calibration-study:", err)
		os.Exit(1)
	}
	fmt.Printf("done in %.1f s\n", time.Since(start).Seconds())
}

// Files written to the output folder.
const (
	reportFile       = "report.md"
	recalibratedFile = "recalibrated.json"
	neutralFile      = "recalibrated_cost_neutral.json"
)

func run(log io.Writer, c Config) error {
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return err
	}
	t0 := time.Now()
	step := func(what string) {
		fmt.Fprintf(log, "%-55s %6.2f s\n", what, time.Since(t0).Seconds())
	}

	// 1. Synthetic assessments and their planned costs.
	old, err := ras.LoadModel(c.Model)
	if err != nil {
		return err
	}
	g, err := synth.New(old, synth.Options{Seed: c.Seed})
	if err != nil {
		return err
	}
	cases := g.Slice(c.N)
	as := make([]ras.Assessment, len(cases))
	for i := range cases {
		as[i] = cases[i].Assessment
	}
	cases = nil
	step(fmt.Sprintf("generated %d assessments", len(as)))
	doc := &report.Document{Title: fmt.Sprintf("Calibration study: %s %s", old.ID, old.Version)}
	doc.Lead = append(doc.Lead, report.Paragraph{Text: fmt.Sprintf("**Synthetic data.** %s from `ras/synth` (seed %d) with its default cost model: multiplicative noise, %s zero costs and %s outliers. "+
		"Money is in pounds a week.", report.Count(len(as), "assessment", "assessments"), c.Seed, report.Share(g.CostModel().ZeroShare), report.Pct(100*g.CostModel().OutlierShare, 2))})

	// 2–3. Score with the shipped model; estimate against planned.
	eng, err := ras.Compile(old)
	if err != nil {
		return err
	}
	mon, noPlan, err := calibrate.MonitorAssessments(eng, as, calibrate.MonitorOptions{Period: calibrate.Quarter, TolerancePct: 10})
	if err != nil {
		return err
	}
	step("scored with the shipped model; monitoring")
	writeMonitor(doc.AddSection("The shipped model's estimates against the planned amounts"), mon, len(noPlan))

	// 4. Design and cross-validated comparison of methods.
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
	}
	d, err := calibrate.BuildDesign(old, as, spec)
	if err != nil {
		return err
	}
	n, p := d.Design.Dims()
	step(fmt.Sprintf("design %d × %d", n, p))
	sec := doc.AddSection("Design")
	sec.P(fmt.Sprintf("%s (each listed in `excluded.csv`); %s columns: %s.", study.FitRows(n, len(d.Excluded)), report.Int(p), strings.Join(d.Design.Names, ", ")))
	if err := writeExclusions(filepath.Join(c.Out, "excluded.csv"), d.Excluded); err != nil {
		return err
	}
	ols, err := calibrate.OLS(d.Design, calibrate.Options{})
	if err != nil {
		return err
	}
	out, err := calibrate.Outliers(d, ols, calibrate.OutlierPolicy{MaxStudentized: 3})
	if err != nil {
		return err
	}
	if err := writeExclusions(filepath.Join(c.Out, "outliers.csv"), out.Excluded); err != nil {
		return err
	}
	sec.P(fmt.Sprintf("Outlier policy |studentized residual| > 3 (Florida's rule) would exclude %s (%s), listed in `outliers.csv`. The fits below keep them: removing them flatters R² and hurts complex cases.",
		report.Count(len(out.Excluded), "case", "cases"), report.Pct(100*out.Share, 2)))
	step("OLS and outlier screen")

	methods := []calibrate.Method{
		calibrate.MethodOLS(),
		calibrate.MethodSqrt(calibrate.SqrtVariance),
		calibrate.MethodSqrt(calibrate.SqrtNaive),
		calibrate.MethodLog(calibrate.LogSmearing),
		calibrate.MethodGLM(calibrate.Gamma, calibrate.Log),
	}
	// Huber M-estimation iterates weighted least squares about twenty
	// times a fit: it joins the comparison up to study.HuberMaxRows rows,
	// as in the main job.
	if study.IncludeHuber(n) {
		methods = append(methods, calibrate.MethodHuber(0))
	}
	scores, err := calibrate.CompareMethods(d.Design, methods, calibrate.CVOptions{K: c.K, Seed: c.Seed, Bands: study.Bands})
	if err != nil {
		return err
	}
	step(fmt.Sprintf("%d-fold CV of %d methods", c.K, len(methods)))
	sec = doc.AddSection("Methods compared")
	var rs []study.MethodResult
	for _, sc := range scores {
		r := study.MethodResult{Name: sc.Name, Rows: n, Err: sc.Err}
		if sc.Err == nil {
			r.Pooled = sc.CV.Pooled
		}
		rs = append(rs, r)
	}
	sec.Table(study.MethodTable(fmt.Sprintf("Methods compared by %d-fold cross-validation (the same folds for every method)", c.K), rs))
	if note := study.HuberNote(n); note != "" {
		sec.P(note)
	}
	best := -1
	for i, s := range scores {
		if s.Err == nil && (best < 0 || s.CV.Pooled.RMSE < scores[best].CV.Pooled.RMSE) {
			best = i
		}
	}
	if best < 0 {
		return fmt.Errorf("every method failed")
	}
	sec.P(fmt.Sprintf("Lowest cross-validated RMSE: **%s**.", scores[best].Name))

	// 5. The recalibrated model, exported, scaled for cost neutrality and
	// compared with the old one.
	newModel, fitted, err := fitAndExport(d, methodIndex(scores[best].Name))
	if err != nil {
		return err
	}
	if err := writeModel(filepath.Join(c.Out, recalibratedFile), newModel); err != nil {
		return err
	}
	step("refit and export " + scores[best].Name)
	neutral, err := calibrate.CostNeutral(newModel, keep(as, d.Index), calibrate.NeutralOptions{Version: newModel.Version + "-neutral"})
	if err != nil {
		return err
	}
	nm := neutral.Model
	nm.Description = fmt.Sprintf("%s Scaled by %s for cost neutrality.", newModel.Description, report.Num(neutral.Factor, 6))
	if err := writeModel(filepath.Join(c.Out, neutralFile), nm); err != nil {
		return err
	}
	step("cost-neutral scaling")
	sec = doc.AddSection("Recalibrated model")
	sec.P(fmt.Sprintf("`%s` is the model as fitted: %s version %s, family %s, link %s. %s", recalibratedFile, newModel.ID, newModel.Version, newModel.Family, newModel.Regression.Link, newModel.Description))
	sec.P(fmt.Sprintf("`%s` is that model scaled by %s for cost neutrality: its total over the %s costed assessments goes from %s to %s a week (planned %s), after %s. "+
		"It is the model compared with the old one below.",
		neutralFile, report.Num(neutral.Factor, 4), report.Int(len(d.IDs)), report.Money(neutral.Before), report.Money(neutral.After), report.Money(neutral.Target),
		report.Count(neutral.Iterations, "engine pass", "engine passes")))
	cmp, err := calibrate.CompareModels(old, nm, as, calibrate.CompareOptions{Bands: study.Bands, AgeBands: &calibrate.AgeBandSpec{Cuts: []int{18, 65, 85}, Reference: "18-64"},
		MinCount: study.MinGroup, Impact: study.ImpactOptions(nil)})
	if err != nil {
		return err
	}
	step("old vs new comparison")
	if err := writeComparison(doc.AddSection("Old model against the cost-neutral new model"), cmp); err != nil {
		return err
	}

	// 6. Charts.
	if err := charts(c.Out, d, fitted, cmp); err != nil {
		return err
	}
	step("charts")
	sec = doc.AddSection("Charts")
	sec.Figure(report.Figure{File: "predicted_vs_planned.png", Caption: "Recalibrated model (as fitted): predicted against planned, a week",
		Alt: fmt.Sprintf("Predicted against planned weekly amounts of the recalibrated model (%s): the points scatter widely about the diagonal, cross-validated R² %s.", scores[best].Name, report.Num(scores[best].CV.Pooled.RSquared, 3))})
	sec.Figure(report.Figure{File: "residuals_vs_points.png", Caption: "Residuals against total points",
		Alt: "Residuals (planned − predicted) of the recalibrated model against the total points of the assessment."})
	sec.Figure(report.Figure{File: "within_band_by_subgroup.png", Caption: fmt.Sprintf("Plans within ±%g%% of the estimate by subgroup, old and new model", study.Bands.Pct[0]),
		Alt: fmt.Sprintf("Share of plans within ±%g%% of the estimate in each subgroup: overall %s with the old model and %s with the new.",
			study.Bands.Pct[0], report.Pct(cmp.Old.Metrics.WithinPct[0], 1), report.Pct(cmp.New.Metrics.WithinPct[0], 1))})
	f, err := os.Create(filepath.Join(c.Out, reportFile))
	if err != nil {
		return err
	}
	if err := doc.WriteMarkdown(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %s\n", c.Out)
	return nil
}

// methodIndex is the case of fitAndExport for a method's name.
func methodIndex(name string) int {
	switch name {
	case calibrate.MethodOLS().Name:
		return 0
	case calibrate.MethodSqrt(calibrate.SqrtVariance).Name:
		return 1
	case calibrate.MethodSqrt(calibrate.SqrtNaive).Name:
		return 2
	case calibrate.MethodLog(calibrate.LogSmearing).Name:
		return 3
	case calibrate.MethodGLM(calibrate.Gamma, calibrate.Log).Name:
		return 4
	}
	return 5
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

// writeComparison writes the comparison of the old and the new model: the
// fit to the plans overall and by subgroup, and the gainers and losers (the
// shared table of examples/internal/study).
func writeComparison(s *report.Section, c *calibrate.Comparison) error {
	s.P(fmt.Sprintf("Both models score all %s. Their fit to the plans is measured on the %s with a planned amount recorded (including plans of %s, which the design leaves out)%s; "+
		"gainers and losers are counted over all of them.",
		report.Count(c.N, "assessment", "assessments"), report.Int(c.NFit), report.Money(decimal.Zero), withoutPlan(len(c.Excluded))))
	cols := []string{"model", "#total a week", "#planned a week", "#RMSE", "#MAE", "#R²", "#bias"}
	for _, a := range study.Bands.Abs {
		cols = append(cols, "#within ±"+report.Pounds(a))
	}
	for _, p := range study.Bands.Pct {
		cols = append(cols, fmt.Sprintf("#within ±%g%%", p))
	}
	t := report.NewTable("Fit to the planned amounts", cols...)
	for _, m := range []struct {
		name string
		s    calibrate.ModelSummary
	}{{"old", c.Old}, {"new", c.New}} {
		row := []string{fmt.Sprintf("%s (%s %s)", m.name, m.s.ID, m.s.Version), report.Money(m.s.Total), report.Money(m.s.Planned),
			report.Pounds(m.s.Metrics.RMSE), report.Pounds(m.s.Metrics.MAE), report.Num(m.s.Metrics.RSquared, 4), report.Pounds(m.s.Metrics.Bias)}
		for _, v := range append(slices.Clone(m.s.Metrics.WithinAbs), m.s.Metrics.WithinPct...) {
			row = append(row, report.Pct(v, 1))
		}
		t.Row(row...)
	}
	s.Table(t)
	if len(c.Subgroups) > 0 {
		pct := study.Bands.Pct[0]
		t := report.NewTable("Fit per subgroup (bias is mean(planned − estimate): positive means the group is under-served)", "group", "level", "#n", "#mean planned", "#old bias", "#new bias",
			"#old RMSE", "#new RMSE", fmt.Sprintf("#old within ±%g%%", pct), fmt.Sprintf("#new within ±%g%%", pct))
		for _, g := range c.Subgroups {
			if g.Old.Suppressed {
				t.Row(g.Group, g.Level, "*", "*", "*", "*", "*", "*", "*", "*")
				continue
			}
			t.Row(g.Group, g.Level, report.Int(g.Old.N), report.Pounds(g.Old.MeanActual), report.Pounds(g.Old.Metrics.Bias), report.Pounds(g.New.Metrics.Bias),
				report.Pounds(g.Old.Metrics.RMSE), report.Pounds(g.New.Metrics.RMSE), report.Pct(g.Old.Metrics.WithinPct[0], 1), report.Pct(g.New.Metrics.WithinPct[0], 1))
		}
		t.Note = fmt.Sprintf("Subgroups of fewer than %d are hidden (*).", study.MinGroup)
		s.Table(t)
	}
	t, err := study.ImpactTable("Gainers and losers: the cost-neutral new model against the old, by subgroup", "old", "new", c.Impact)
	if err != nil {
		return err
	}
	s.Table(t)
	return nil
}

func withoutPlan(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + report.Count(n, "has", "have") + " none"
}

func keep(as []ras.Assessment, idx []int) []ras.Assessment {
	out := make([]ras.Assessment, len(idx))
	for k, i := range idx {
		out[k] = as[i]
	}
	return out
}

// fitAndExport refits method i of the comparison on the whole design and
// exports it; it returns the model and its fitted costs.
func fitAndExport(d *calibrate.AssessmentDesign, i int) (*ras.Model, []float64, error) {
	opt := calibrate.ExportOptions{Version: "1"}
	switch i {
	case 0:
		f, err := calibrate.OLS(d.Design, calibrate.Options{})
		if err != nil {
			return nil, nil, err
		}
		opt.Method = "OLS on planned weekly cost"
		m, err := calibrate.ExportLinear(d, f, opt)
		return m, f.Fitted, err
	case 1, 2:
		how := calibrate.SqrtVariance
		if i == 2 {
			how = calibrate.SqrtNaive
		}
		f, err := calibrate.SqrtOLS(d.Design, calibrate.Options{})
		if err != nil {
			return nil, nil, err
		}
		opt.Method = "OLS on √(planned weekly cost)"
		m, err := calibrate.ExportSqrt(d, f, how, opt)
		if err != nil {
			return nil, nil, err
		}
		fit, err := f.FittedCost(how)
		return m, fit, err
	case 3:
		f, err := calibrate.LogOLS(d.Design, calibrate.LogOptions{})
		if err != nil {
			return nil, nil, err
		}
		opt.Method = "OLS on log(planned weekly cost), Duan smearing"
		m, err := calibrate.ExportLog(d, f, calibrate.LogSmearing, "", opt)
		if err != nil {
			return nil, nil, err
		}
		fit, err := f.FittedCost(calibrate.LogSmearing)
		return m, fit, err
	case 4:
		f, err := calibrate.GLM(d.Design, calibrate.GLMOptions{Family: calibrate.Gamma, Link: calibrate.Log})
		if err != nil {
			return nil, nil, err
		}
		m, err := calibrate.ExportGLM(d, f, opt)
		return m, f.Fitted, err
	default:
		f, err := calibrate.RLM(d.Design, calibrate.RLMOptions{})
		if err != nil {
			return nil, nil, err
		}
		opt.Method = "Huber M-estimation on planned weekly cost"
		m, err := calibrate.ExportCoefficients(d, f.Coefficients, ras.RegressionRules{Link: ras.LinkIdentity}, opt)
		return m, f.Fitted, err
	}
}

func writeMonitor(s *report.Section, m *calibrate.MonitorReport, noPlan int) {
	o := m.Overall
	s.P(fmt.Sprintf("%s with a plan (%s without one). Total estimated %s a week, planned %s (planned/estimated %s). %s of plans lie within ±%g%% of the estimate; %s above and %s below it. Median difference %s.",
		report.Count(o.N, "assessment", "assessments"), report.Int(noPlan), report.Money(o.TotalEstimate), report.Money(o.TotalPlanned), report.Num(o.Ratio, 3),
		report.Pct(o.WithinPct, 1), m.Options.TolerancePct, report.Int(o.Above), report.Int(o.Below), report.Pct(o.MedianPct, 1)))
	t := report.NewTable("Estimate against plan by quarter and by cohort", "quarter or cohort", "#n", "#estimated a week", "#planned a week", "#planned/estimated", "#median % difference", fmt.Sprintf("#within ±%g%%", m.Options.TolerancePct))
	for _, x := range append(m.Periods, m.Groups...) {
		if x.Suppressed {
			t.Row(x.Label, "*", "*", "*", "*", "*", "*")
			continue
		}
		t.Row(x.Label, report.Int(x.N), report.Money(x.TotalEstimate), report.Money(x.TotalPlanned), report.Num(x.Ratio, 3), report.Pct(x.MedianPct, 1), report.Pct(x.WithinPct, 1))
	}
	s.Table(t)
	if d := m.Drift; d != nil {
		s.P(fmt.Sprintf("Drift: %s percentage points a quarter (95%% CI %s to %s, HC3) over %s.", report.Signed(d.SlopePerPeriod, 3), report.Num(d.Lower, 3), report.Num(d.Upper, 3), report.Count(d.Periods, "quarter", "quarters")))
	}
}

func writeExclusions(name string, ex []calibrate.Exclusion) error {
	var b strings.Builder
	b.WriteString("index,assessment_id,reason\n")
	for _, e := range ex {
		fmt.Fprintf(&b, "%d,%s,%q\n", e.Index, e.ID, e.Reason)
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

// charts draws predicted against planned, residuals against total points,
// and the % within ±10% by subgroup for the old and new models.
func charts(dir string, d *calibrate.AssessmentDesign, fitted []float64, cmp *calibrate.Comparison) error {
	n := len(fitted)
	stride := max(1, n/4000) // plot a systematic sample of about 4,000 cases
	var pv, rv plotter.XYs
	// Axes end at the 99.5th percentile of the planned costs, so that a
	// few huge plans do not squash the picture.
	ys := append([]float64(nil), d.Design.Y...)
	sort.Float64s(ys)
	lim := ys[int(0.995*float64(len(ys)-1))]
	for i := 0; i < n; i += stride {
		y := d.Design.Y[i]
		pv = append(pv, plotter.XY{X: fitted[i], Y: y})
		rv = append(rv, plotter.XY{X: d.TotalPoints[i], Y: y - fitted[i]})
	}
	p := plot.New()
	p.Title.Text = "Recalibrated model: predicted against planned (weekly £)"
	p.X.Label.Text = "predicted, £ a week"
	p.Y.Label.Text = "planned, £ a week"
	s, err := plotter.NewScatter(pv)
	if err != nil {
		return err
	}
	s.GlyphStyle.Radius = vg.Points(1.2)
	s.GlyphStyle.Color = color.NRGBA{R: 30, G: 90, B: 160, A: 110}
	diag := plotter.NewFunction(func(x float64) float64 { return x })
	diag.Color = color.RGBA{R: 200, A: 255}
	p.Add(s, diag)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, lim, 0, lim
	p.Title.Text += " (axes to the 99.5th percentile)"
	if err := p.Save(16*vg.Centimeter, 14*vg.Centimeter, filepath.Join(dir, "predicted_vs_planned.png")); err != nil {
		return err
	}

	p = plot.New()
	p.Title.Text = "Residuals (planned − predicted) against total points"
	p.X.Label.Text = "total points of the assessment"
	p.Y.Label.Text = "residual, £ a week"
	s, err = plotter.NewScatter(rv)
	if err != nil {
		return err
	}
	s.GlyphStyle.Radius = vg.Points(1.2)
	s.GlyphStyle.Color = color.NRGBA{R: 30, G: 120, B: 60, A: 110}
	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color = color.RGBA{R: 200, A: 255}
	p.Add(s, zero)
	p.Y.Min, p.Y.Max = -lim, lim
	if err := p.Save(16*vg.Centimeter, 12*vg.Centimeter, filepath.Join(dir, "residuals_vs_points.png")); err != nil {
		return err
	}

	var names []string
	var oldV, newV plotter.Values
	subs := append([]calibrate.SubgroupFit(nil), cmp.Subgroups...)
	sort.SliceStable(subs, func(i, j int) bool { return subs[i].Group < subs[j].Group })
	for _, sg := range subs {
		if sg.Old.Suppressed || len(sg.Old.Metrics.WithinPct) == 0 {
			continue
		}
		names = append(names, sg.Level)
		oldV = append(oldV, sg.Old.Metrics.WithinPct[0])
		newV = append(newV, sg.New.Metrics.WithinPct[0])
	}
	p = plot.New()
	p.Title.Text = fmt.Sprintf("%% of plans within ±%g%% of the estimate, by subgroup", study.Bands.Pct[0])
	p.Y.Label.Text = "% of plans"
	wbar := vg.Points(7)
	bo, err := plotter.NewBarChart(oldV, wbar)
	if err != nil {
		return err
	}
	bo.Color = color.RGBA{R: 160, G: 160, B: 160, A: 255}
	bo.Offset = -wbar / 2
	bn, err := plotter.NewBarChart(newV, wbar)
	if err != nil {
		return err
	}
	bn.Color = color.RGBA{R: 30, G: 90, B: 160, A: 255}
	bn.Offset = wbar / 2
	p.Add(bo, bn)
	p.Legend.Add("old "+cmp.Old.ID, bo)
	p.Legend.Add("new "+cmp.New.ID, bn)
	p.Legend.Top, p.Legend.Left = true, true
	top := 0.0
	for k := range oldV {
		top = math.Max(top, math.Max(oldV[k], newV[k]))
	}
	p.Y.Min, p.Y.Max = 0, 1.3*top
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = draw.XRight
	return p.Save(22*vg.Centimeter, 12*vg.Centimeter, filepath.Join(dir, "within_band_by_subgroup.png"))
}
