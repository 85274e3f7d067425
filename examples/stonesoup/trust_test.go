package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Numbers a reader can trust (issue #14 §3) and undefined results stated
// as undefined (issue #13 item 14).

// checkWording fails on what a report must never print: NaN or Inf, money
// without thousands separators or with a hyphen for a minus, "p = 0", and
// plurals after 1.
func checkWording(t *testing.T, name, text string) {
	t.Helper()
	for _, re := range []struct{ pattern, why string }{
		{`\bNaN\b|[+-]?\bInf\b`, "an undefined number printed as NaN or Inf"},
		{`£\d{4}`, "money without thousands separators"},
		{`-£|£-|£\d+\.\d(\D|$)|£\d+(,\d{3})*[^.,\d/]`, "money not in the one format (−£1,234.50)"},
		{`p = 0(\.0+)?\b[^.]`, `"p = 0" instead of "p < 0.001"`},
		{`\b1 (engine passes|assessments|persons|children|waits|pathways|teams|quarters|days|records)\b`, "a plural after 1"},
		{`£280\b[^,.]`, "the unsourced £280 figure"},
	} {
		if m := regexp.MustCompile(re.pattern).FindString(text); m != "" {
			i := strings.Index(text, m)
			t.Errorf("%s: %s: %q in …%s…", name, re.why, m, text[max(0, i-60):min(len(text), i+60)])
		}
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Issue #13 item 14: when every planned amount is equal, R² is undefined
// and the report says so; nothing prints NaN anywhere.
func TestEqualPlansStatedUndefined(t *testing.T) {
	t.Parallel()
	in := copySample(t)
	editCSV(t, filepath.Join(in, fileAssessments), func(h, r []string, i int) {
		r[col(t, h, "planned_weekly")] = "250.00"
	})
	dir, res, _ := runCounty(t, options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	md := readFile(t, dir, reportFile)
	checkWording(t, reportFile, md)
	checkWording(t, htmlFile, readFile(t, dir, htmlFile))
	if js := readFile(t, dir, resultsFile); regexp.MustCompile(`\bNaN\b|\bInf`).MatchString(js) {
		t.Errorf("results.json holds NaN or Inf")
	}
	if !regexp.MustCompile(`\| OLS \| 400 \| £0\.00 \| £0\.00 \| undefined \|`).MatchString(md) {
		t.Errorf("the methods table does not state R² as undefined:\n%s", md[strings.Index(md, "| method |"):][:600])
	}
	if r2 := get(t, res, "calibration", "methods", 0, "r_squared"); r2 != nil {
		t.Errorf("results.json: R² is %v, want null", r2)
	}
}

// Issue #14 §3 item 1: with a model the findings mapping is not written
// for, the rules are not read and the report says why; with a mapping for
// that model they are; a mapping naming a question the model lacks is an
// error.
func TestEligibilityNeedsAMappingForTheModel(t *testing.T) {
	t.Parallel()
	dir, res, stdout := runCounty(t, options{Seed: 4, N: 2000, K: 3, Top: 5, Model: ras.ModelIBudget5b, noCharts: true})
	why, _ := get(t, res, "eligibility", "rules_not_read").(string)
	if !strings.Contains(why, "written for the stonesoup-points questionnaire, not for ibudget-5b") {
		t.Errorf("rules_not_read = %q", why)
	}
	if n := num(t, res, "eligibility", "adults_read"); n != 0 {
		t.Errorf("adults read %v, want 0", n)
	}
	for _, tb := range get(t, res, "eligibility", "tables").([]any) {
		if name := tb.(map[string]any)["name"].(string); !strings.HasPrefix(name, "carer") {
			t.Errorf("table %s published without a mapping", name)
		}
	}
	md := readFile(t, dir, reportFile)
	if !strings.Contains(md, "**The national rules for adults and for continuing healthcare are not read here:**") || !strings.Contains(stdout, "are not read") {
		t.Errorf("the report or the summary does not say why the rules are not read")
	}
	checkWording(t, reportFile, md)
	if strings.Contains(md, "meet the criteria") {
		t.Errorf("the report publishes adults meeting the criteria")
	}

	// A mapping for ibudget-5b.
	_, res, _ = runCounty(t, options{Seed: 4, N: 2000, K: 3, Top: 5, Model: ras.ModelIBudget5b, FindingsMap: "testdata/findings-ibudget-5b.json", noCharts: true})
	if why := get(t, res, "eligibility", "rules_not_read"); why != nil {
		t.Errorf("with a mapping: rules_not_read = %v", why)
	}
	if n := num(t, res, "eligibility", "adults_read"); n == 0 {
		t.Errorf("with a mapping: no adult read")
	}

	// Mappings that do not fit.
	bad := filepath.Join(t.TempDir(), "map.json")
	for _, tc := range []struct{ model, mapping, want string }{
		{ras.ModelIBudget5b, `{"model": "ibudget-5b", "outcomes": {"nutrition": ["eating"]}}`, `question "eating" is not a question of ibudget-5b`},
		{ras.ModelIBudget5b, `{"model": "ibudget-5b", "outcomes": {"feeding": ["q16"]}}`, `unknown outcome "feeding"`},
		{ras.ModelIBudget5b, `{"model": "ibudget-5b", "dst_domains": {"mood": ["q16"]}}`, `unknown domain "mood"`},
		{ras.ModelIBudget5b, `{"model": "stonesoup-points"}`, "written for stonesoup-points"},
		{ras.ModelIBudget5b, `{"model": "ibudget-5b", "model": "ibudget-5b"}`, "key given twice"},
		{ras.ModelIBudget5b, `{"model": "ibudget-5b", "outcomes": null}`, "outcomes: null"},
		{ras.ModelIBudget5b, `{"Model": "ibudget-5b"}`, "key in the wrong case"},
		{ras.ModelIBudget5b, `{"model": "ibudget-5b"} []`, "trailing data"},
	} {
		if err := os.WriteFile(bad, []byte(tc.mapping), 0o644); err != nil {
			t.Fatal(err)
		}
		o := options{Seed: 4, N: 100, K: 3, Model: tc.model, FindingsMap: bad, Out: t.TempDir(), Quiet: true, noCharts: true}
		if err := run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mapping %s: %v, want an error naming %q", tc.mapping, err, tc.want)
		}
	}
}

// Issue #14 §3 item 2: the calibration of the eligibility predictions is
// tested, the statistic agrees with the published deciles, and the report
// says in words whether the predictions are miscalibrated.
func TestEligibilityCalibrationTested(t *testing.T) {
	t.Parallel()
	dir, res, _ := runCounty(t, options{Seed: 3, N: 5000, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	md := readFile(t, dir, reportFile)
	for i := range get(t, res, "eligibility", "predictions").([]any) {
		fw := get(t, res, "eligibility", "predictions", i, "framework").(string)
		hlP := num(t, res, "eligibility", "predictions", i, "hosmer_lemeshow", "p_value")
		zP := num(t, res, "eligibility", "predictions", i, "spiegelhalter", "p_value")
		stat := num(t, res, "eligibility", "predictions", i, "hosmer_lemeshow", "statistic")
		// Ĉ from the published deciles (none is hidden at this size).
		var c float64
		for _, d := range get(t, res, "eligibility", "predictions", i, "deciles").([]any) {
			m := d.(map[string]any)
			n, o := m["n"].(float64), m["eligible"].(float64)
			e := m["mean_predicted"].(float64) * n
			c += (o - e) * (o - e) / (e * (1 - e/n))
		}
		if math.Abs(c-stat) > 1e-9*stat {
			t.Errorf("%s: Hosmer–Lemeshow %v, from the published deciles %v", fw, stat, c)
		}
		mis := hlP < 0.05 || zP < 0.05
		said := strings.Contains(md, "- "+fw+": the predictions are **miscalibrated**")
		clean := strings.Contains(md, "- "+fw+": the tests find no evidence of miscalibration")
		if said != mis || clean == mis {
			t.Errorf("%s: p-values %v and %v, but the report says miscalibrated %v, no evidence %v", fw, hlP, zP, said, clean)
		}
	}
	if !strings.Contains(md, "Hosmer–Lemeshow χ² = ") || !strings.Contains(md, "Spiegelhalter's z = ") {
		t.Errorf("the report does not give the tests")
	}
}

// Issue #14 §3 item 3: the model the gainers and losers describe (scaled
// for cost neutrality) is written beside the fitted one, and each file's
// total over the costed assessments is the one the report gives.
func TestCostNeutralModelWritten(t *testing.T) {
	t.Parallel()
	dir, res, _ := runCounty(t, options{In: sampleDir, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	model, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(sampleDir, fileAssessments))
	if err != nil {
		t.Fatal(err)
	}
	as, _, err := ras.ReadCSV(f, ras.ReadOptions{Model: model})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var costed []ras.Assessment
	for _, a := range as {
		if a.PlannedWeekly != nil && a.PlannedWeekly.IsPositive() {
			costed = append(costed, a)
		}
	}
	total := func(file string) decimal.Decimal {
		m, err := ras.ReadModelFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		eng, err := ras.Compile(m)
		if err != nil {
			t.Fatal(err)
		}
		sum := decimal.Zero
		for i := range costed {
			r, err := eng.Assess(&costed[i])
			if err != nil {
				t.Fatal(err)
			}
			sum = sum.Add(r.Weekly())
		}
		return sum
	}
	for _, x := range []struct {
		file string
		path []any
	}{
		{recalibratedFile, []any{"calibration", "cost_neutral", "before_weekly"}},
		{neutralFile, []any{"calibration", "cost_neutral", "after_weekly"}},
		{neutralFile, []any{"calibration", "impact", 0, "total_recalibrated_weekly"}},
	} {
		want := decimal.RequireFromString(get(t, res, x.path...).(string))
		if got := total(x.file); !got.Equal(want) {
			t.Errorf("%s scores the costed assessments at %s a week; %v says %s", x.file, got, x.path, want)
		}
	}
	if get(t, res, "calibration", "cost_neutral_model", "file") != neutralFile || get(t, res, "calibration", "model", "file") != recalibratedFile {
		t.Errorf("results.json does not name the model files")
	}
	md := readFile(t, dir, reportFile)
	if !strings.Contains(md, "`"+neutralFile+"` is that model scaled by") {
		t.Errorf("the report does not say which model is which")
	}
}

// Issue #14 §3 item 4: sections that count differently say why: the
// carers' own assessments, and a prediction that could not be fitted
// shows how many cases it had.
func TestCountsExplained(t *testing.T) {
	t.Parallel()
	dir, res, _ := runCounty(t, options{In: sampleDir, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	md := readFile(t, dir, reportFile)
	read := num(t, res, "eligibility", "carers_read")
	notAdults := num(t, res, "eligibility", "carers_read_not_of_adults_with_needs")
	if assessed := num(t, res, "carers", "carers_of_adults_assessed"); read-notAdults != assessed {
		t.Errorf("carers: %v assessed; eligibility: %v read, %v not of adults with needs", assessed, read, notAdults)
	}
	if !strings.Contains(md, "so its counts are larger") || !strings.Contains(md, "shows fewer") {
		t.Errorf("the carers and eligibility sections do not say why their counts differ")
	}
	// The sample's continuing-healthcare decisions are too few to fit:
	// the row shows them.
	model, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(sampleDir, fileAssessments))
	if err != nil {
		t.Fatal(err)
	}
	as, _, err := ras.ReadCSV(f, ras.ReadOptions{Model: model})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	chc := 0
	for i := range as {
		if _, ok := decision(&as[i], calibrate.FrameworkCHC); ok && as[i].Cohort == ras.CohortCHC {
			chc++
		}
	}
	for i := range get(t, res, "eligibility", "predictions").([]any) {
		if get(t, res, "eligibility", "predictions", i, "framework") != calibrate.FrameworkCHC {
			continue
		}
		if n := num(t, res, "eligibility", "predictions", i, "n"); n != float64(chc) {
			t.Errorf("chc prediction: n %v, the sample has %d with a decision", n, chc)
		}
		if get(t, res, "eligibility", "predictions", i, "error") != nil && !strings.Contains(md, "| chc | "+strconv.Itoa(chc)+" |") {
			t.Errorf("the report's chc row does not show its %d cases", chc)
		}
	}
}

// Issue #14 §3 item 8: results.json's keys are snake_case, its dates
// YYYY-MM-DD, its counts and scores numbers, and a Wilson bound of a few
// units in the last place is 0.
func TestResultsJSONSchema(t *testing.T) {
	t.Parallel()
	_, res, _ := runCounty(t, options{Seed: 3, N: 3000, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !snake.MatchString(k) {
					t.Errorf("key %q at %s is not snake_case", k, path)
				}
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(path+"["+strconv.Itoa(i)+"]", e)
			}
		case string:
			if x == "NaN" || x == "Inf" || x == "*" {
				t.Errorf("%s = %q", path, x)
			}
		}
	}
	walk("", res)
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for _, p := range [][]any{{"pathway", "extract_date"}, {"pathway", "open_waits_at_extract", "on"}} {
		if s, ok := get(t, res, p...).(string); !ok || !date.MatchString(s) {
			t.Errorf("%v = %v, want a YYYY-MM-DD string", p, get(t, res, p...))
		}
	}
	for i := range get(t, res, "carers", "priorities").([]any) {
		for _, k := range []string{"score_change", "days_since_previous", "score"} {
			if v := get(t, res, "carers", "priorities", i, k); v != nil {
				if _, ok := v.(float64); !ok {
					t.Errorf("carers.priorities[%d].%s = %v, want a number", i, k, v)
				}
			}
		}
	}
	for i := range get(t, res, "pathway", "by_service_type").([]any) {
		if get(t, res, "pathway", "by_service_type", i, "group") == groupAwaiting {
			if lo := num(t, res, "pathway", "by_service_type", i, "share_lower"); lo != 0 {
				t.Errorf("awaiting: Wilson lower bound %v with no waits within the target, want 0", lo)
			}
		}
	}
}

// Issue #14 §3 items 6, 7: money one way, p-values, plurals, no unsourced
// figure, in every part of the report.
func TestReportWording(t *testing.T) {
	t.Parallel()
	dir, _, stdout := runCounty(t, options{Seed: 3, N: 3000, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	checkWording(t, reportFile, readFile(t, dir, reportFile))
	checkWording(t, htmlFile, readFile(t, dir, htmlFile))
	checkWording(t, "standard output", stdout)
	if md := readFile(t, dir, reportFile); !strings.Contains(md, "after 1 engine pass.") && !regexp.MustCompile(`after \d+ engine passes`).MatchString(md) {
		t.Errorf("the engine passes are not counted in words")
	}
}

// Issue #14 §3 item 9: every chart's axes say their units, the
// Kaplan–Meier axis covers the follow-up, ages are ticked every year and
// labelled every two, and the legend goes where the data are not.
func TestChartsAxesAndLegends(t *testing.T) {
	t.Parallel()
	o := options{Seed: 3, N: 3000, K: 3, Top: 5, Model: ras.ModelPoints, Out: t.TempDir(), Quiet: true, noCharts: true}
	model, err := loadModel(o.Model)
	if err != nil {
		t.Fatal(err)
	}
	p := newProgress(&bytes.Buffer{}, true)
	c, err := generateCounty(context.Background(), o, model, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.validateAndJoin(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	r, err := analyse(context.Background(), c, o, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	units := regexp.MustCompile(`£|%|days|years|number|share|probability|score`)
	for _, ch := range r.chartList() {
		pl, alt, err := ch.draw()
		if err != nil {
			t.Fatalf("%s: %v", ch.name, err)
		}
		if len(alt) < 40 {
			t.Errorf("%s: finding %q", ch.name, alt)
		}
		if !units.MatchString(pl.Y.Label.Text) {
			t.Errorf("%s: y axis %q has no unit", ch.name, pl.Y.Label.Text)
		}
		if _, nominal := pl.X.Tick.Marker.(plot.ConstantTicks); !nominal && !units.MatchString(pl.X.Label.Text) {
			t.Errorf("%s: x axis %q has no unit", ch.name, pl.X.Label.Text)
		}
		if ch.name == chartKM && pl.X.Max < r.Pathway.FollowUp {
			t.Errorf("Kaplan–Meier x axis ends at %v, before the follow-up %v", pl.X.Max, r.Pathway.FollowUp)
		}
	}
	ticks := ageTicks{}.Ticks(0, 18)
	if len(ticks) != 19 || ticks[2].Label != "2" || ticks[3].Label != "" {
		t.Errorf("age ticks %v", ticks)
	}
	// The legend goes to the corner without data.
	pl := plot.New()
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = 0, 10, 0, 10
	var corner []plotter.XY
	for i := range 10 {
		corner = append(corner, plotter.XY{X: 8 + float64(i)/10, Y: 8}, plotter.XY{X: 1, Y: 1}, plotter.XY{X: 1, Y: 9})
	}
	placeLegend(pl, corner)
	if pl.Legend.Top || pl.Legend.Left {
		t.Errorf("with data in three corners, the legend went to top %v left %v, want the empty bottom right", pl.Legend.Top, pl.Legend.Left)
	}
}

// TestCarersUndefined: a county whose carers.csv has a header only names
// the valuation basis, and one without adults with needs states the share
// with a carer as undefined: null in results.json, and the section
// marshals with encoding/json alone.
func TestCarersUndefined(t *testing.T) {
	t.Parallel()
	in := t.TempDir()
	for _, f := range []string{fileManifest, fileAssessments, fileEvents, fileServices, fileFinance, fileCarers, fileFindings, fileChildren} {
		b, err := os.ReadFile(filepath.Join(sampleDir, f))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		switch f {
		case fileCarers:
			b = []byte(lines[0]) // the header only
		case fileAssessments:
			keep := []string{lines[0]} // children only: no adult with needs
			for _, l := range lines[1:] {
				if strings.Contains(l, ","+string(ras.CohortChildren)+",") {
					keep = append(keep, l)
				}
			}
			b = []byte(strings.Join(keep, ""))
		}
		if err := os.WriteFile(filepath.Join(in, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir, res, _ := runCounty(t, options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	if got := num(t, res, "carers", "adults_with_needs"); got != 0 {
		t.Fatalf("adults with needs %v, want none", got)
	}
	if got := get(t, res, "carers", "share_with_carer"); got != nil {
		t.Errorf("share_with_carer %v, want null", got)
	}
	md, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0 (no share: no adults with needs) have at least one unpaid carer", "Valued at the replacement cost (replacement_cost, card "} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if strings.Contains(string(md), "no valuation basis") || strings.Contains(string(md), "NaN") {
		t.Error("report.md says no valuation basis, or NaN")
	}
	// encoding/json alone marshals an undefined share as null.
	b, err := json.Marshal(&carersSection{ShareWithCarer: definedOrNil(math.NaN()), ByLocality: []localityRow{{Share: definedOrNil(math.Inf(1))}}})
	if err != nil || !bytes.Contains(b, []byte(`"share_with_carer":null`)) {
		t.Errorf("json.Marshal: %s, %v", b, err)
	}
}
