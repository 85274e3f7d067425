package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/examples/internal/clitest"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// sampleDir is the shipped sample county (made with -n 400 -write-csv).
const sampleDir = "testdata/sample"

// runCounty runs the pipeline in-process and decodes results.json.
func runCounty(t *testing.T, o options) (dir string, res map[string]any, stdout string) {
	t.Helper()
	dir = t.TempDir()
	o.Out = dir
	o.Quiet = true
	var out, errb bytes.Buffer
	if err := run(context.Background(), o, &out, &errb); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, resultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	return dir, res, out.String()
}

// get walks a decoded JSON tree by keys and indexes.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("results.json: %v is not an object at %q", path, k)
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("results.json: %v has no element %d", path, k)
			}
			v = a[k]
		}
	}
	return v
}

func num(t *testing.T, v any, path ...any) float64 {
	t.Helper()
	x := get(t, v, path...)
	if x == nil {
		return math.NaN()
	}
	f, ok := x.(float64)
	if !ok {
		t.Fatalf("results.json: %v is %T, not a number", path, x)
	}
	return f
}

// checkAccounting checks that every record is accounted for, and returns
// the accounts by kind.
func checkAccounting(t *testing.T, res map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for i := range get(t, res, "accounting").([]any) {
		a := get(t, res, "accounting", i).(map[string]any)
		kind := a["kind"].(string)
		out[kind] = a
		sumOf := func(k string) float64 { return sumValues(reasons(t, a, k)) }
		read, acc, used := a["read"].(float64), a["accepted"].(float64), a["used"].(float64)
		if rej := sumOf("rejected"); read != rej+acc {
			t.Errorf("%s: read %v ≠ rejected %v + accepted %v", kind, read, rej, acc)
		}
		if ex := sumOf("excluded"); acc != ex+used {
			t.Errorf("%s: accepted %v ≠ excluded %v + used %v", kind, acc, ex, used)
		}
	}
	want := len(kinds)
	if res["national_measures"] != nil {
		want++ // the CLD file's rows
	}
	if len(out) != want {
		t.Errorf("accounting has %d kinds, want %d", len(out), want)
	}
	return out
}

func checkCharts(t *testing.T, dir string) {
	t.Helper()
	for _, name := range chartFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("chart %s: %v", name, err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("chart %s does not decode as PNG: %v", name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 200 {
			t.Errorf("chart %s is only %v", name, b)
		}
	}
}

// TestSmallCounty runs the pipeline on a synthetic county of 5,000 persons
// and checks the report's figures against the packages' own generators and
// APIs, computed here independently of the pipeline.
func TestSmallCounty(t *testing.T) {
	t.Parallel()
	const seed, n = 3, 5000
	dir, res, stdout := runCounty(t, options{Seed: seed, N: n, K: 3, Top: 10, Model: ras.ModelPoints})
	acct := checkAccounting(t, res)
	checkCharts(t, dir)
	report, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	md := string(report)

	// The same county, generated here.
	model, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	g, err := synth.New(model, synth.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := ras.Compile(model)
	if err != nil {
		t.Fatal(err)
	}
	cases := g.Slice(n)
	var r ras.Result

	// Estimate against plan: the share of plans within ±10% of the engine's
	// estimate, counted in whole pence.
	within, withPlan := 0, 0
	byCohort := map[string]int{}
	var ids []string
	adults := map[string]bool{}
	for i := range cases {
		a := &cases[i].Assessment
		if a.Cohort == ras.CohortAdult || a.Cohort == ras.CohortCHC {
			ids = append(ids, a.Person.ID)
			adults[a.Person.ID] = true
		}
		if err := eng.AssessInto(a, &r, ras.AssessOptions{}); err != nil {
			t.Fatal(err)
		}
		if a.PlannedWeekly == nil {
			continue
		}
		withPlan++
		byCohort[string(a.Cohort)]++
		est := r.WeeklyPence()
		plan := a.PlannedWeekly.Shift(2).IntPart()
		if d := plan - est; 10*max(d, -d) <= max(est, -est) {
			within++
		}
	}
	wantWithin := 100 * float64(within) / float64(withPlan)
	t.Logf("within ±10%%: %d of %d plans (%.4f%%)", within, withPlan, wantWithin)
	if got := num(t, res, "estimate_vs_plan", "overall", "within_tolerance_pct"); math.Abs(got-wantWithin) > 1e-9 {
		t.Errorf("within tolerance: got %v%%, want %v%%", got, wantWithin)
	}
	if got := num(t, res, "estimate_vs_plan", "with_plan"); got != float64(withPlan) {
		t.Errorf("with plan: got %v, want %d", got, withPlan)
	}
	for i, row := range get(t, res, "estimate_vs_plan", "by_cohort").([]any) {
		label := row.(map[string]any)["label"].(string)
		if got := num(t, res, "estimate_vs_plan", "by_cohort", i, "n"); got != float64(byCohort[label]) {
			t.Errorf("cohort %s: n %v, want %d", label, got, byCohort[label])
		}
	}
	if want := fmt.Sprintf("**%.1f%% of plans lie within ±10%% of the estimate**", wantWithin); !strings.Contains(md, want) {
		t.Errorf("report lacks %q", want)
	}

	// Pathway: the Kaplan–Meier median wait from assessment to service.
	y, m, d := g.Start().Time().Date()
	ps, err := pathway.Synthesize(ids, pathway.SynthOptions{Seed: seed, Start: pathway.NewDate(y, m, d), Months: 21})
	if err != nil {
		t.Fatal(err)
	}
	jr, err := pathway.Join(ps.Events, ps.Services, ps.Transactions, pathway.JoinOptions{MatchEpisode: true})
	if err != nil {
		t.Fatal(err)
	}
	waits, _ := jr.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, nil)
	times, events, err := pathway.CensorWaits(waits, ps.Extract, pathway.CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	km, err := pathway.KaplanMeier(times, events, pathway.KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	med := km.Median()
	t.Logf("KM median %v (%v to %v) over %d waits", med.Value, med.Lower, med.Upper, len(waits))
	for _, x := range []struct {
		key  string
		want float64
	}{{"median_days", med.Value}, {"median_lower", med.Lower}, {"median_upper", med.Upper}} {
		if got := num(t, res, "pathway", "overall", x.key); got != x.want {
			t.Errorf("pathway %s: got %v, want %v", x.key, got, x.want)
		}
	}
	if got := num(t, res, "pathway", "waits"); got != float64(len(waits)) {
		t.Errorf("waits: got %v, want %d", got, len(waits))
	}
	if want := fmt.Sprintf("Kaplan–Meier median wait **%s days** (95%% CI %s to %s)", days(med.Value), days(med.Lower), days(med.Upper)); !strings.Contains(md, want) {
		t.Errorf("report lacks %q", want)
	}
	for kind, want := range map[string]int{kindEvents: len(ps.Events), kindServices: len(ps.Services), kindFinance: len(ps.Transactions)} {
		if got := acct[kind]["read"].(float64); got != float64(want) {
			t.Errorf("%s: read %v, want %d", kind, got, want)
		}
	}

	// Carers: mean weekly value of unpaid care per adult with needs, at
	// £25 an hour, counting adults without a carer as £0, rounded once to
	// the penny.
	syn, err := carers.Generate(seed, n, carers.GenerateOptions{Start: g.Start()})
	if err != nil {
		t.Fatal(err)
	}
	var hundredths int64 // hours × 100
	for i := range syn.Current {
		if adults[syn.Current[i].PersonID] {
			hundredths += int64(syn.Current[i].WeeklyHours)
		}
	}
	// Weekly value in pence = hundredths of hours × 2500 pence / 100, per
	// record rounded half up to the penny; hours are whole half hours here,
	// so every record's value is exact.
	meanPence := float64(hundredths*25) / float64(len(adults))
	wantMean := decimal.NewFromFloat(meanPence).Round(0).Shift(-2).StringFixed(2)
	t.Logf("carers: mean £%s a week over %d adults", wantMean, len(adults))
	if got := get(t, res, "carers", "mean_weekly_per_adult"); got != wantMean {
		t.Errorf("carers mean per adult: got %v, want %s", got, wantMean)
	}
	if got := num(t, res, "carers", "adults_with_needs"); got != float64(len(adults)) {
		t.Errorf("adults with needs: got %v, want %d", got, len(adults))
	}
	if want := "| all (no carer counts £0.00) | **" + ras.FormatMoney(decimal.RequireFromString(wantMean), "") + "**"; !strings.Contains(md, want) {
		t.Errorf("report lacks %q", want)
	}
	if got := acct[kindCarers]["read"].(float64); got != float64(len(syn.Current)+len(syn.Previous)) {
		t.Errorf("carer records read %v, want %d", got, len(syn.Current)+len(syn.Previous))
	}

	// Children: every reassessment generated is counted.
	in, err := independence.Builtin(childInstrument)
	if err != nil {
		t.Fatal(err)
	}
	series, err := independence.SynthChildren(seed, n, independence.SynthChildOptions{Instrument: in, Start: g.Start()})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := num(t, res, "children", "assessments"), float64(len(independence.ChildAssessments(series))); got != want {
		t.Errorf("children's assessments: got %v, want %v", got, want)
	}
	if got := acct[kindAssessments]["used"].(float64); got != n {
		t.Errorf("assessments used %v, want %d", got, n)
	}

	// The recalibrated model loads and runs.
	nm, err := ras.ReadModelFile(filepath.Join(dir, recalibratedFile))
	if err != nil {
		t.Fatalf("recalibrated.json: %v", err)
	}
	if _, err := ras.Compile(nm); err != nil {
		t.Errorf("recalibrated model does not compile: %v", err)
	}
	// Eligibility predictions are measured.
	for i := range get(t, res, "eligibility", "predictions").([]any) {
		if e := get(t, res, "eligibility", "predictions", i, "error"); e != nil {
			t.Errorf("prediction %d failed: %v", i, e)
		}
		if auc := num(t, res, "eligibility", "predictions", i, "auc"); !(auc > 0.5 && auc <= 1) {
			t.Errorf("prediction %d: AUC %v", i, auc)
		}
	}
	for _, section := range []string{"## Records", "## Estimate against plan", "## Calibration", "### Gainers and losers under cost neutrality",
		"## Carers", "### Carers at risk of harm", "## Children", "## Pathway", "### By team", "## Eligibility", "### Predictions and their accuracy", "## Method and run"} {
		if !strings.Contains(md, section) {
			t.Errorf("report lacks %q", section)
		}
	}
	for _, name := range chartFiles {
		if !strings.Contains(md, "]("+name+" ") {
			t.Errorf("report does not show %s", name)
		}
	}
	if !strings.Contains(stdout, "RAS assessments") || !strings.Contains(stdout, "Wrote ") {
		t.Errorf("stdout lacks the accounting or the summary:\n%s", stdout)
	}
}

// dataRows counts the data rows of a CSV file (lines after the header).
func dataRows(t *testing.T, name string) int {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := -1
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			n++
		}
	}
	if strings.HasSuffix(name, ".jsonl") {
		n++ // no header
	}
	return n
}

// TestSample runs -in on the shipped sample: every row of every file is
// read and accounted for.
func TestSample(t *testing.T) {
	t.Parallel()
	dir, res, _ := runCounty(t, options{In: sampleDir, K: 3, Top: 5, Model: ras.ModelPoints})
	acct := checkAccounting(t, res)
	checkCharts(t, dir)
	for kind, file := range map[string]string{kindAssessments: fileAssessments, kindEvents: fileEvents, kindServices: fileServices,
		kindFinance: fileFinance, kindCarers: fileCarers, kindFindings: fileFindings, kindChildren: fileChildren} {
		want := dataRows(t, filepath.Join(sampleDir, file))
		if want == 0 {
			t.Errorf("sample %s is empty", file)
		}
		if got := acct[kind]["read"].(float64); got != float64(want) {
			t.Errorf("%s: read %v rows, the file has %d", file, got, want)
		}
	}
}

// TestBadRows adds bad rows to a copy of the sample: each is rejected with
// its reason and counted.
func TestBadRows(t *testing.T) {
	t.Parallel()
	in := t.TempDir()
	for _, f := range []string{fileManifest, fileAssessments, fileEvents, fileServices, fileFinance, fileCarers, fileFindings, fileChildren} {
		b, err := os.ReadFile(filepath.Join(sampleDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	appendLine := func(file, line string) {
		f, err := os.OpenFile(filepath.Join(in, file), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(line + "\n"); err != nil {
			t.Fatal(err)
		}
	}
	// A copy of the first assessment row with a bad date; an unknown event
	// type; a service ending before it starts; a negative amount; negative
	// hours of care; findings that are not JSON; an unknown level.
	firstRow := func(file string) []string {
		b, err := os.ReadFile(filepath.Join(in, file))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		return []string{lines[0], lines[1]}
	}
	hr := firstRow(fileAssessments)
	cols := strings.Split(hr[0], ",")
	vals := strings.Split(hr[1], ",")
	for i, c := range cols {
		switch c {
		case "date":
			vals[i] = "2024-02-30"
		case "assessment_id":
			vals[i] = "A-BAD"
		}
	}
	appendLine(fileAssessments, strings.Join(vals, ","))
	appendLine(fileEvents, ",P0000001,EP1,teleportation,2024-01-01,,")
	appendLine(fileServices, "S-BAD,P0000001,EP1,long_term_community,2024-03-01,2024-02-01,Homecare,10,24.50")
	appendLine(fileFinance, "T-BAD,P0000001,S1,2024-01-01,2024-01-28,-12.00")
	ch := firstRow(fileCarers)
	ccols := strings.Split(ch[0], ",")
	cvals := strings.Split(ch[1], ",")
	for i, c := range ccols {
		if c == "weekly_hours" {
			cvals[i] = "-3"
		}
	}
	appendLine(fileCarers, strings.Join(cvals, ","))
	appendLine(fileFindings, "{not json")
	kh := firstRow(fileChildren)
	kvals := strings.Split(kh[1], ",")
	kvals[len(kvals)-1] = "flying"
	appendLine(fileChildren, strings.Join(kvals, ","))

	_, res, _ := runCounty(t, options{In: in, K: 5, Top: 5, Model: ras.ModelPoints, noCharts: true})
	acct := checkAccounting(t, res)
	for _, k := range kinds {
		rej := reasons(t, acct[k], "rejected")
		if total := sumValues(rej); total != 1 {
			t.Errorf("%s: %v rows rejected (%v), want the 1 bad row", k, total, rej)
		}
		if ex, _ := acct[k]["rejected_examples"].([]any); len(ex) != 1 || !strings.HasPrefix(ex[0].(string), "line ") {
			t.Errorf("%s: rejection examples %v, want one naming its line", k, ex)
		}
	}
}

// TestWriteCSVRoundTrip writes a synthetic county with -write-csv and reads
// it back with -in: the figures agree.
func TestWriteCSVRoundTrip(t *testing.T) {
	t.Parallel()
	csvDir := t.TempDir()
	_, gen, _ := runCounty(t, options{Seed: 5, N: 600, K: 3, Top: 5, Model: ras.ModelPoints, WriteCSV: csvDir, noCharts: true})
	_, back, _ := runCounty(t, options{In: csvDir, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	ga, ba := checkAccounting(t, gen), checkAccounting(t, back)
	for _, k := range kinds {
		if ga[k]["used"] != ba[k]["used"] || ga[k]["read"] != ba[k]["read"] {
			t.Errorf("%s: generated read %v used %v, read back %v used %v", k, ga[k]["read"], ga[k]["used"], ba[k]["read"], ba[k]["used"])
		}
	}
	for _, path := range [][]any{
		{"estimate_vs_plan", "overall", "within_tolerance_pct"},
		{"estimate_vs_plan", "overall", "total_planned_weekly"},
		{"carers", "mean_weekly_per_adult"},
		{"carers", "carers_eligible"},
		{"carers", "at_highest_level"},
		{"pathway", "overall", "median_days"},
		{"pathway", "overall", "share_within_target"},
		{"children", "assessments"},
		{"children", "children_flagged"},
		{"eligibility", "adults_met"},
		{"eligibility", "decisions_agreeing_with_rule"},
		{"calibration", "best"},
	} {
		if g, b := get(t, gen, path...), get(t, back, path...); fmt.Sprint(g) != fmt.Sprint(b) {
			t.Errorf("%v: generated %v, read back %v", path, g, b)
		}
	}
}

func TestFlags(t *testing.T) {
	var o options
	clitest.Check(t, "stonesoup", newFlags(&o, &bytes.Buffer{}), func(args []string, stderr *bytes.Buffer) error {
		_, err := parseFlags(args, stderr)
		return err
	})
}

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{nil, true},
		{[]string{"-n", "10"}, false},
		{[]string{"-k", "1"}, false},
		{[]string{"-out", " "}, false},
		{[]string{"-in", "x", "-n", "0"}, true},
		{[]string{"extra"}, false},
		{[]string{"-seed", "7", "-n", "1000", "-out", "o"}, true},
		// CLD: the file or the synthetic one, the period and dates.
		{[]string{"-cld", "f.csv"}, true},
		{[]string{"-synthetic-cld", "-cld-councils", "4", "-period", "2022"}, true},
		{[]string{"-in", "x", "-cld", "f.csv", "-period-start", "2023-01-01", "-period-end", "2023-12-31", "-submitted-by", "2024-02-01",
			"-import-by", "2024-01-31", "-run-date", "2024-05-01", "-population", "p.csv"}, true},
		{[]string{"-period", "2023"}, false},      // without a CLD file
		{[]string{"-population", "p.csv"}, false}, // without a CLD file
		{[]string{"-cld-councils", "3"}, false},   // without -synthetic-cld
		{[]string{"-cld", "f.csv", "-cld-councils", "3"}, false},
		{[]string{"-cld", "f.csv", "-synthetic-cld"}, false},
		{[]string{"-in", "x", "-synthetic-cld"}, false},
		{[]string{"-synthetic-cld", "-cld-councils", "1000"}, false},
		{[]string{"-cld", "f.csv", "-period", "2023", "-period-start", "2023-04-01", "-period-end", "2024-03-31"}, false},
		{[]string{"-cld", "f.csv", "-period-start", "2023-04-01"}, false},
		{[]string{"-cld", "f.csv", "-period-start", "2024-04-01", "-period-end", "2024-03-31"}, false},
		{[]string{"-cld", "f.csv", "-period", "1066"}, false},
		{[]string{"-cld", "f.csv", "-run-date", "2024-13-01"}, false},
		{[]string{"-cld", "f.csv", "-submitted-by", "2024-02-30"}, false},
	} {
		_, err := parseFlags(tc.args, &bytes.Buffer{})
		if (err == nil) != tc.ok {
			t.Errorf("parseFlags(%q): err %v, want ok %v", tc.args, err, tc.ok)
		}
	}
}

// FuzzReadFindings: any input is read without panicking, and every
// non-blank line is accepted or rejected.
func FuzzReadFindings(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(sampleDir, fileFindings))
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	f.Add(lines[0] + "\n" + lines[1])
	f.Add("{not json\n\n\ufeff{}\r\n")
	f.Add(`{"id":"C/P","necessary_care":true,"outcomes":{"recreation":["significantly_longer"]}}`)
	f.Add(`{"id":"nocut"}`)
	model, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := newCounty(defaultOptions(), model)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.readFindings(strings.NewReader(in)); err != nil {
			return // a line too long for the scanner
		}
		a := c.acct[kindFindings]
		if a.Read != a.Accepted+a.rejectedTotal() || a.Accepted != len(c.findings) {
			t.Errorf("read %d, accepted %d, rejected %d, findings %d", a.Read, a.Accepted, a.rejectedTotal(), len(c.findings))
		}
	})
}
