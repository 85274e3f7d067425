// Calibration-study runs a whole RAS calibration study on synthetic data:
// it generates assessments with planned costs, scores them with a shipped
// model, reports the estimates against the plans, compares several
// calibration methods by cross-validation, produces a recalibrated model,
// compares it with the old one, and writes a markdown report, the new model's
// JSON and PNG charts into an output folder.
//
//	go run ./examples/calibration-study
//	go run ./examples/calibration-study -n 20000 -k 5 -out /tmp/study
package main

import (
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stonesoup-care/stonesoup/calibrate"
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

func main() {
	var c Config
	flag.IntVar(&c.N, "n", 200_000, "number of synthetic assessments")
	flag.Uint64Var(&c.Seed, "seed", 1, "seed of the synthetic population")
	flag.IntVar(&c.K, "k", 5, "cross-validation folds")
	flag.StringVar(&c.Out, "out", filepath.Join("out", "calibration-study"), "output folder")
	flag.StringVar(&c.Model, "model", ras.ModelPoints, "shipped model to recalibrate")
	flag.Parse()
	start := time.Now()
	if err := run(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "calibration-study:", err)
		os.Exit(1)
	}
	fmt.Printf("done in %.1f s\n", time.Since(start).Seconds())
}

// hugeN is the design size above which Huber M-estimation is not
// cross-validated.
const hugeN = 50_000

var bands = calibrate.Bands{Abs: []float64{25, 50, 100}, Pct: []float64{10, 20}}

func run(log io.Writer, c Config) error {
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return err
	}
	t0 := time.Now()
	step := func(what string) {
		fmt.Fprintf(log, "%-55s %6.2f s\n", what, time.Since(t0).Seconds())
	}
	var rep strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&rep, format, args...) }

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
	step(fmt.Sprintf("generated %d assessments", len(as)))
	w("# Calibration study: %s %s\n\n", old.ID, old.Version)
	w("%d synthetic assessments (seed %d) from `ras/synth` with its default cost model: multiplicative noise, %.1f%% zero costs and %.2f%% outliers.\n\n",
		len(as), c.Seed, 100*g.CostModel().ZeroShare, 100*g.CostModel().OutlierShare)

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
	writeMonitor(&rep, mon, len(noPlan))

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
	w("## Design\n\n%d rows × %d columns: %s.\n\n%d assessments excluded (zero or missing planned cost), each listed in `excluded.csv`.\n\n",
		n, p, strings.Join(d.Design.Names, ", "), len(d.Excluded))
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
	w("Outlier policy |studentized residual| > 3 (Florida's rule) would exclude %d cases (%.2f%%), listed in `outliers.csv`. The fits below keep them: removing them flatters R² and hurts complex cases.\n\n",
		len(out.Excluded), 100*out.Share)
	step("OLS and outlier screen")

	methods := []calibrate.Method{
		calibrate.MethodOLS(),
		calibrate.MethodSqrt(calibrate.SqrtVariance),
		calibrate.MethodSqrt(calibrate.SqrtNaive),
		calibrate.MethodLog(calibrate.LogSmearing),
		calibrate.MethodGLM(calibrate.Gamma, calibrate.Log),
	}
	// Huber M-estimation iterates weighted least squares about twenty
	// times per fit; at 200,000 rows its cross-validation alone takes
	// longer than the rest of the study, so it joins only smaller studies.
	if n <= hugeN {
		methods = append(methods, calibrate.MethodHuber(0))
	}
	scores, err := calibrate.CompareMethods(d.Design, methods, calibrate.CVOptions{K: c.K, Seed: c.Seed, Bands: bands})
	if err != nil {
		return err
	}
	step(fmt.Sprintf("%d-fold CV of %d methods", c.K, len(methods)))
	w("## Methods compared by %d-fold cross-validation (same folds for every method)\n\nOut-of-fold predictions pooled over the folds; bias is mean(planned − predicted).\n\n", c.K)
	if err := calibrate.WriteMethodTable(&rep, scores, bands); err != nil {
		return err
	}
	if n > hugeN {
		w("\nHuber M-estimation was left out of the cross-validation above %d rows (run with -n %d or fewer to include it).\n", hugeN, hugeN)
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
	w("\nLowest cross-validated RMSE: **%s**.\n\n", scores[best].Name)

	// 5. The recalibrated model, exported and compared with the old one.
	newModel, fitted, err := fitAndExport(d, best)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(c.Out, "recalibrated.json"))
	if err != nil {
		return err
	}
	if err := newModel.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	step("refit and export " + scores[best].Name)
	neutral, err := calibrate.CostNeutral(newModel, keep(as, d.Index), calibrate.NeutralOptions{Version: newModel.Version + "-neutral"})
	if err != nil {
		return err
	}
	step("cost-neutral scaling")
	w("## Recalibrated model\n\n`recalibrated.json`: model %s version %s, family %s, link %s. %s\n\n", newModel.ID, newModel.Version, newModel.Family, newModel.Regression.Link, newModel.Description)
	w("Cost neutrality: scaling it by %.4f brings its total over the %d costed assessments from £%s to £%s a week (planned £%s), after %d engine passes.\n\n",
		neutral.Factor, len(d.IDs), neutral.Before.StringFixed(2), neutral.After.StringFixed(2), neutral.Target.StringFixed(2), neutral.Iterations)
	cmp, err := calibrate.CompareModels(old, newModel, as, calibrate.CompareOptions{Bands: bands, AgeBands: &calibrate.AgeBandSpec{Cuts: []int{18, 65, 85}, Reference: "18-64"}, MinCount: 10})
	if err != nil {
		return err
	}
	step("old vs new comparison")
	if err := cmp.WriteMarkdown(&rep); err != nil {
		return err
	}

	// 6. Charts.
	if err := charts(c.Out, d, fitted, cmp); err != nil {
		return err
	}
	step("charts")
	w("\n## Charts\n\n![predicted against planned](predicted_vs_planned.png)\n\n![residuals against points](residuals_vs_points.png)\n\n![within ±10%% by subgroup](within_band_by_subgroup.png)\n")
	if err := os.WriteFile(filepath.Join(c.Out, "report.md"), []byte(rep.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %s\n", c.Out)
	return nil
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

func writeMonitor(b *strings.Builder, m *calibrate.MonitorReport, noPlan int) {
	o := m.Overall
	fmt.Fprintf(b, "## The shipped model's estimates against the planned amounts\n\n")
	fmt.Fprintf(b, "%d assessments with a plan (%d without one). Total estimated £%s a week, planned £%s (planned/estimated %.3f). %.1f%% of plans lie within ±%g%% of the estimate; %d above and %d below it. Median difference %.1f%%.\n\n",
		o.N, noPlan, o.TotalEstimate.StringFixed(2), o.TotalPlanned.StringFixed(2), o.Ratio, o.WithinPct, m.Options.TolerancePct, o.Above, o.Below, o.MedianPct)
	b.WriteString("| quarter | n | estimated | planned | planned/estimated | median % diff | within ±10% |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range append(m.Periods, m.Groups...) {
		fmt.Fprintf(b, "| %s | %d | £%s | £%s | %.3f | %.1f%% | %.1f%% |\n", s.Label, s.N, s.TotalEstimate.StringFixed(2), s.TotalPlanned.StringFixed(2), s.Ratio, s.MedianPct, s.WithinPct)
	}
	if d := m.Drift; d != nil {
		fmt.Fprintf(b, "\nDrift: %.3f percentage points a quarter (95%% CI %.3f to %.3f, HC3) over %d quarters.\n\n", d.SlopePerPeriod, d.Lower, d.Upper, d.Periods)
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
	p.X.Label.Text = "predicted"
	p.Y.Label.Text = "planned"
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
	p.X.Label.Text = "total points"
	p.Y.Label.Text = "residual, weekly £"
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
	p.Title.Text = fmt.Sprintf("%% of plans within ±%g%% of the estimate, by subgroup", bands.Pct[0])
	p.Y.Label.Text = "%"
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
