package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/pathway/cld"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// synthCLD is a synthetic CLD file written for a test, with the
// generator's truth.
type synthCLD struct {
	path string
	sum  *cld.SynthSummary
	rows []cld.TruthRow
	// council is each truth person's council, by ras/synth index.
	council map[int]int
}

func writeSynthCLD(t *testing.T, opt cld.SynthOptions) *synthCLD {
	t.Helper()
	s := &synthCLD{path: filepath.Join(t.TempDir(), "cld.csv"), council: map[int]int{}}
	var buf bytes.Buffer
	sum, err := cld.Synthesize(&buf, opt, &cld.SynthTruth{
		Row:    func(r *cld.TruthRow) { s.rows = append(s.rows, *r) },
		Person: func(p *cld.TruthPerson) { s.council[p.Index] = p.Council },
	})
	if err != nil {
		t.Fatal(err)
	}
	s.sum = sum
	if err := os.WriteFile(s.path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// badCLDRows appends to a CLD file rows the reader must reject (an event
// type outside its list, an impossible start date, a row with a field
// missing) and one it accepts with an invalid gender; it returns the
// reasons of the rejections expected.
func badCLDRows(t *testing.T, path string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head, first := recs[0], recs[1]
	col := func(name string) int {
		i := slices.Index(head, name)
		if i < 0 {
			t.Fatalf("no column %s", name)
		}
		return i
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	row := func(change func(r []string) []string) {
		r := change(slices.Clone(first))
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	row(func(r []string) []string { r[col("Event_Type")] = "Referral"; return r })
	row(func(r []string) []string { r[col("Event_Start_Date")] = "2023-02-30"; return r })
	row(func(r []string) []string { return r[:len(r)-1] })
	row(func(r []string) []string { r[col("Gender")] = "Alien"; return r })
	w.Flush()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(out.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return map[string]int{cld.ErrNotInList.Error(): 1, cld.ErrDate.Error(): 1, cld.ErrFieldCount.Error(): 1}
}

// packageGrids computes what the national section should publish with
// pathway/cld's own API: the file read, every measure for the year with
// the main job's default window, suppressed, all councils.
func packageGrids(t *testing.T, path string, per cld.Period) (pub, raw []cld.Grid, d *cld.Data) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err = cld.Read(f, cld.Options{SkipUnknownColumns: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := cld.Measures(d, per, cld.MeasureOptions{Window: cld.Window{After: per.End.Time(), By: per.End.AddDays(31)}})
	if err != nil {
		t.Fatal(err)
	}
	sup, err := res.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	grids := func(r *cld.Results) []cld.Grid {
		var gs []cld.Grid
		for _, o := range r.Outputs() {
			g, err := o.Grids(cld.CSVOptions{AllOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			gs = append(gs, g...)
		}
		return gs
	}
	return grids(sup), grids(res), d
}

// jsonGrids returns the national section's grids in the order of
// Results.Outputs: SALT, ASCOF, waiting times.
func jsonGrids(t *testing.T, res map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, k := range []string{"salt", "ascof"} {
		for _, g := range get(t, res, "national_measures", k).([]any) {
			out = append(out, g.(map[string]any))
		}
	}
	return append(out, get(t, res, "national_measures", "waiting_times").(map[string]any))
}

// TestNationalMeasures runs the main job with -cld on a small synthetic
// CLD file of two councils with bad rows added, and checks the National
// measures section in report.md, report.html and results.json: every table
// against pathway/cld's own results, the data-quality counts against the
// generator's truth, the bad rows rejected and accounted for, suppression
// applied, and the pathway from CLD against one join of the whole file.
func TestNationalMeasures(t *testing.T) {
	t.Parallel()
	s := writeSynthCLD(t, cld.SynthOptions{Seed: 4, Persons: 1500, Councils: 2})
	rejected := badCLDRows(t, s.path)
	// Batches of about 2,000 rows: the pathway from CLD is made of several
	// joins, and must equal one join of the whole file.
	dir, res, stdout := runCounty(t, options{Seed: 4, N: 600, K: 3, Top: 5, Model: ras.ModelPoints, CLD: s.path, CLDCouncils: 1, cldBatchRows: 2000})
	acct := checkAccounting(t, res)

	// The bad rows: rejected with their reasons, counted; never an abort.
	a := acct[kindCLD]
	if a == nil {
		t.Fatalf("no %q in the accounting", kindCLD)
	}
	rej := reasons(t, a, "rejected")
	for r, n := range rejected {
		if rej[r] != float64(n) {
			t.Errorf("CLD rows rejected for %q: %v, want %d (all: %v)", r, rej[r], n, rej)
		}
	}
	if got, want := a["read"].(float64), float64(len(s.rows)+4); got != want {
		t.Errorf("CLD rows read %v, want %v (written %d + 4 added)", got, want, len(s.rows))
	}
	if ex, _ := a["rejected_examples"].([]any); len(ex) != 3 || !strings.HasPrefix(ex[0].(string), "line ") {
		t.Errorf("CLD rejection examples %v", ex)
	}
	if !strings.Contains(stdout, kindCLD) || !strings.Contains(stdout, "National measures (2023-04-01 to 2024-03-31, 2 councils)") {
		t.Errorf("stdout lacks the CLD accounting or summary:\n%s", stdout)
	}

	readmeKeys(t, get(t, res, "national_measures"), "national_measures")

	// The period: the financial year of the file's latest reporting period.
	if got := get(t, res, "national_measures", "period", "start"); got != s.sum.Period.Start.String() {
		t.Errorf("period starts %v, want %v", got, s.sum.Period.Start)
	}

	// Every table, all councils, as pathway/cld publishes it.
	pub, raw, d := packageGrids(t, s.path, s.sum.Period)
	js := jsonGrids(t, res)
	if len(js) != len(pub) {
		t.Fatalf("%d tables in results.json, pathway/cld has %d", len(js), len(pub))
	}
	hidden, small := 0, 0
	for k, g := range pub {
		jg := js[k]
		if jg["measure"] != g.Measure || jg["table"] != g.Name {
			t.Errorf("table %d: %v %v, want %s %s", k, jg["measure"], jg["table"], g.Measure, g.Name)
			continue
		}
		for r, row := range g.Rows {
			for c, cell := range row.Cells {
				jc := get(t, jg, "rows", r, "cells", c).(map[string]any)
				if jc["text"] != cell.Text {
					t.Errorf("%s %s row %q col %d: %v, want %q", g.Measure, g.Name, row.Label, c, jc["text"], cell.Text)
				}
				sup := jc["suppressed"].(bool)
				if sup {
					hidden++
					if jc["value"] != nil {
						t.Errorf("%s %s row %q col %d: hidden, but its value %v is in results.json", g.Measure, g.Name, row.Label, c, jc["value"])
					}
				}
				// A count of 1 to 4, in a cell or a total, is never shown.
				if n, err := strconv.Atoi(raw[k].Rows[r].Cells[c].Text); err == nil && n >= 1 && n < 5 {
					small++
					if !sup {
						t.Errorf("%s %s row %q col %d: a count of %d is shown", g.Measure, g.Name, row.Label, c, n)
					}
				}
			}
		}
	}
	if hidden == 0 || small == 0 {
		t.Errorf("%d cells hidden, %d small counts: the test does not exercise suppression", hidden, small)
	}

	// Data quality against the generator's truth: the invalid and variant
	// values it wrote, field by field (the added row's gender too).
	wantInvalid := map[string]int{"Gender": 1}
	wantVariant := map[string]int{}
	rowsBy := map[string]int{}
	for _, r := range s.rows {
		rowsBy[s.sum.Councils[s.council[r.Person]].Code]++
		if !r.HasCorrupt {
			continue
		}
		if r.Variant {
			wantVariant[r.Corrupt.String()]++
		} else {
			wantInvalid[r.Corrupt.String()]++
		}
	}
	fields := map[string]map[string]any{}
	for _, f := range get(t, res, "national_measures", "data_quality", "fields").([]any) {
		fields[f.(map[string]any)["field"].(string)] = f.(map[string]any)
	}
	for field, want := range wantInvalid {
		if got := fields[field]["invalid"]; got != float64(want) {
			t.Errorf("data quality %s: %v invalid, the generator wrote %d", field, got, want)
		}
	}
	for field, want := range wantVariant {
		if got := fields[field]["variant_spelling"]; got != float64(want) {
			t.Errorf("data quality %s: %v variant spellings, the generator wrote %d", field, got, want)
		}
	}
	if len(wantInvalid) < 3 || len(wantVariant) < 1 {
		t.Errorf("the generator wrote too few bad values to test: %v %v", wantInvalid, wantVariant)
	}
	for i := range get(t, res, "national_measures", "councils").([]any) {
		c := get(t, res, "national_measures", "councils", i).(map[string]any)
		code := c["la_code"].(string)
		// The added rows copy the first row: its council has 1 more
		// accepted row (the invalid gender).
		want := rowsBy[code]
		if code == s.sum.Councils[s.council[s.rows[0].Person]].Code {
			want++
		}
		if c["rows"] != float64(want) {
			t.Errorf("council %s: %v rows, the generator wrote %d", code, c["rows"], want)
		}
	}

	// The ASCOF outcomes by council: both councils, every measure.
	if n := len(get(t, res, "national_measures", "ascof_by_council").([]any)); n != 2*8 {
		t.Errorf("%d ASCOF outcomes by council, want 16 (2 councils × 8 measures)", n)
	}
	// In the report, one row a council, every measure a column.
	if _, tbl, ok := strings.Cut(string(mustRead(t, filepath.Join(dir, reportFile))), "**ASCOF outcomes by council"); !ok {
		t.Error("report.md has no table of the ASCOF outcomes by council")
	} else {
		// the caption, a blank line, then the table up to the next one
		if parts := strings.SplitN(tbl, "\n\n", 3); len(parts) == 3 {
			tbl = parts[1]
		}
		var rows []string
		for _, l := range strings.Split(tbl, "\n") {
			if strings.HasPrefix(l, "| Synthetic") {
				rows = append(rows, l)
			}
		}
		if len(rows) != 2 {
			t.Errorf("ASCOF outcomes by council: %d rows, want one for each of 2 councils:\n%s", len(rows), strings.Join(rows, "\n"))
		}
		for _, l := range rows {
			if strings.Count(l, "|") != 10 || strings.Contains(l, "—") {
				t.Errorf("ASCOF outcomes by council: row %q, want 8 figures", l)
			}
		}
	}
	// Without -population, the rates per 100,000 are stated undefined.
	if got := get(t, res, "national_measures", "rates_undefined"); got != ratesUndefined {
		t.Errorf("rates_undefined %v", got)
	}

	// The pathway from CLD, made in batches, against one join of the whole
	// file: the waits of the period and the Kaplan–Meier median; the
	// planned cost in the period, computed here in exact rationals.
	pd, err := d.Pathway(cld.PathwayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := pathway.Join(pd.Events, pd.Services, nil, pathway.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waits, _ := j.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, nil)
	per := s.sum.Period
	waits = slices.DeleteFunc(waits, func(w pathway.Wait) bool { return w.Start < per.Start || w.Start > per.End })
	times, events, err := pathway.CensorWaits(waits, per.End, pathway.CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	km, err := pathway.KaplanMeier(times, events, pathway.KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := num(t, res, "national_measures", "pathway", "waits"); got != float64(len(waits)) {
		t.Errorf("pathway from CLD: %v waits, one join gives %d", got, len(waits))
	}
	if got, want := num(t, res, "national_measures", "pathway", "overall", "median_days"), km.Median().Value; got != want {
		t.Errorf("pathway from CLD: median %v, one join gives %v", got, want)
	}
	if got := num(t, res, "national_measures", "pathway", "records", "events"); got != float64(len(pd.Events)) {
		t.Errorf("pathway from CLD: %v events, one conversion gives %d", got, len(pd.Events))
	}
	total := new(big.Rat)
	for k := range pd.Services {
		sv, row := &pd.Services[k], pd.ServiceRow[k]
		from, to := max(sv.Start, per.Start), per.End
		if sv.End.Valid() {
			to = min(to, sv.End)
		}
		if to < from || d.Flags[row]&cld.HasUnitCost == 0 || d.Flags[row]&cld.HasPlannedUnits == 0 {
			continue
		}
		units, ok := new(big.Rat).SetString(strconv.FormatFloat(d.PlannedUnits[row], 'f', -1, 64))
		if !ok {
			t.Fatal("units")
		}
		// the weekly cost in pence, unit cost (micro-pounds) / 10^4 × units,
		// rounded half away from zero (pathway.Service.PlannedWeeklyCost),
		// then × days / 7, rounded again
		round := func(p *big.Rat) *big.Int {
			q, rem := new(big.Int).QuoRem(p.Num(), p.Denom(), new(big.Int))
			if new(big.Int).Mul(rem, big.NewInt(2)).CmpAbs(p.Denom()) >= 0 {
				q.Add(q, big.NewInt(1))
			}
			return q
		}
		weekly := round(new(big.Rat).Mul(new(big.Rat).SetFrac64(d.UnitCost[row], 10_000), units))
		q := round(new(big.Rat).SetFrac(new(big.Int).Mul(weekly, big.NewInt(int64(to-from+1))), big.NewInt(7)))
		total.Add(total, new(big.Rat).SetInt(q))
	}
	want := total.Quo(total, big.NewRat(100, 1)).FloatString(2)
	if got := get(t, res, "national_measures", "pathway", "money", "total", "planned_in_period"); got != want {
		t.Errorf("planned cost in the period %v, want %s", got, want)
	}

	// report.md and report.html.
	md, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## National measures", "### Rows and data quality", "### SALT: short- and long-term support", "### ASCOF", "### Waiting times",
		"### The pathway from CLD", "**STS001 18 to 64 (all councils): Requests for support from new clients aged 18 to 64",
		"**2E (all councils): The proportion of people who receive long-term support who live in their home or with family**",
		"**ASCOF outcomes by council", "**Waiting times (all councils)", "### The pathway from CLD by council", "**Planned cost in the period 2023-04-01 to 2024-03-31 by CLD service type**",
		"rejected 1 × cld: invalid date", "| \\*", "2B and 2C per 100,000 population: no population estimates were given"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	checkHTMLOf(t, dir, true, sectionsWithNational(), append(slices.Clone(chartFiles), chartCLDKM, chartCLDFunnel))

	// The tables as CSV in their publication layouts.
	for name, head := range map[string][]string{
		"sts001_18_to_64.csv": cld.TableCSVHeader, "lts001b_table_1a.csv": cld.TableCSVHeader,
		"ascof_2e.csv": cld.ASCOFCSVHeader, "waiting_times.csv": cld.WaitTimesCSVHeader, "sts001_steps.csv": cld.StepsCSVHeader,
		"data_quality.csv": {"council", "field", "status", "count", "value", "recorded_as"},
	} {
		f, err := os.Open(filepath.Join(dir, cldDir, name))
		if err != nil {
			t.Error(err)
			continue
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(recs) < 2 || !slices.Equal(recs[0][:len(head)], head) {
			t.Errorf("%s: header %v, want %v…", name, recs[0], head)
		}
		if strings.HasSuffix(name, "_steps.csv") || name == "data_quality.csv" {
			continue
		}
		if name != "sts001_18_to_64.csv" {
			continue
		}
		// Every council's block and the all-councils block.
		codes := map[string]bool{}
		for _, r := range recs[1:] {
			codes[r[slices.Index(recs[0], "LA_Code")]] = true
		}
		for _, c := range append(slices.Clone(s.sum.Councils), cld.Council{Code: "All"}) {
			if !codes[c.Code] {
				t.Errorf("%s has no block for %s", name, c.Code)
			}
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sectionsWithNational are the report's sections with a CLD file.
func sectionsWithNational() []string {
	r := &results{National: &nationalSection{}}
	return r.sectionList()
}

// TestNationalMeasuresWithIn runs -in on the shipped sample with -cld: the
// Pathway section stays the native files', the pathway from CLD is beside
// it, and both files' rows are accounted for.
func TestNationalMeasuresWithIn(t *testing.T) {
	t.Parallel()
	s := writeSynthCLD(t, cld.SynthOptions{Seed: 2, Persons: 400, Layout: cld.LayoutCouncil})
	pop := filepath.Join(t.TempDir(), "population.csv")
	if err := os.WriteFile(pop, []byte("LA_Code,Aged 18 to 64,Aged 65 and over\n"+s.sum.Councils[0].Code+",200000,60000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, res, _ := runCounty(t, options{In: sampleDir, K: 3, Top: 5, Model: ras.ModelPoints, CLD: s.path, CLDCouncils: 1, Population: pop, noCharts: true})
	acct := checkAccounting(t, res)
	if got := acct[kindEvents]["read"].(float64); got != float64(dataRows(t, filepath.Join(sampleDir, fileEvents))) {
		t.Errorf("native events read %v", got)
	}
	if got := acct[kindCLD]["read"].(float64); got != float64(len(s.rows)) {
		t.Errorf("CLD rows read %v, want %d", got, len(s.rows))
	}
	if got := get(t, res, "national_measures", "rates_undefined"); got != nil {
		t.Errorf("rates_undefined %v with a population", got)
	}
	if got := get(t, res, "national_measures", "layout"); got != cld.LayoutCouncil.String() {
		t.Errorf("layout %v", got)
	}
	// The native pathway section is the sample's, as without -cld.
	_, alone, _ := runCounty(t, options{In: sampleDir, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	for _, k := range []string{"waits", "pathways"} {
		if a, b := num(t, res, "pathway", k), num(t, alone, "pathway", k); a != b {
			t.Errorf("pathway %s: %v with -cld, %v without", k, a, b)
		}
	}
	// 2B and 2C are rates per 100,000 of the population given.
	for _, row := range get(t, res, "national_measures", "ascof").([]any) {
		g := row.(map[string]any)
		if g["measure"] != "2B/2C" {
			continue
		}
		for i, pop := range []float64{200000, 60000} {
			n := num(t, g, "rows", i, "cells", 0, "value")
			if got, want := num(t, g, "rows", i, "cells", 2, "value"), n/pop*100000; math.Abs(got-want) > 1e-9*want {
				t.Errorf("2B/2C row %d: rate %v, want %v (%v admissions per %v)", i, got, want, n, pop)
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Pathway", "### By team", "## National measures", "they are not merged with these", "One council only: no comparison across councils.",
		"2B and 2C per 100,000 population: the ONS mid-year population estimates of"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}

// TestSyntheticCLD: -synthetic-cld makes a CLD file of the county's
// persons, written with -write-csv; read back with -cld it gives the same
// section.
func TestSyntheticCLD(t *testing.T) {
	t.Parallel()
	csvDir := t.TempDir()
	_, gen, _ := runCounty(t, options{Seed: 6, N: 500, K: 3, Top: 5, Model: ras.ModelPoints, SyntheticCLD: true, CLDCouncils: 3, WriteCSV: csvDir, noCharts: true})
	_, back, _ := runCounty(t, options{Seed: 6, N: 500, K: 3, Top: 5, Model: ras.ModelPoints, CLD: filepath.Join(csvDir, cldFile), CLDCouncils: 1, noCharts: true})
	if get(t, gen, "national_measures", "synthetic") != true || get(t, back, "national_measures", "synthetic") != false {
		t.Error("synthetic flags")
	}
	if n := len(get(t, gen, "national_measures", "councils").([]any)); n != 3 {
		t.Errorf("%d councils, want 3", n)
	}
	for _, k := range []string{"salt", "ascof", "waiting_times", "data_quality", "rows"} {
		if a, b := fmt.Sprint(get(t, gen, "national_measures", k)), fmt.Sprint(get(t, back, "national_measures", k)); a != b {
			t.Errorf("national_measures.%s differs between -synthetic-cld and -cld of its file", k)
		}
	}
	// Without the flag, no section and no CLD work.
	_, plain, _ := runCounty(t, options{Seed: 6, N: 500, K: 3, Top: 5, Model: ras.ModelPoints, CLDCouncils: 1, noCharts: true})
	if plain["national_measures"] != nil {
		t.Error("national_measures without -cld")
	}
}

// TestREADMECLDLists: the README's table of the defined lists is the
// package's.
func TestREADMECLDLists(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "| list | values |")
	if !ok {
		t.Fatal("README has no table of the defined lists")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	for l := cld.ListEventType; l <= cld.ListCostFrequency; l++ {
		prefix := "| `" + l.String() + "` | "
		found := false
		for _, line := range strings.Split(table, "\n") {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				found = true
				if got := strings.Split(strings.TrimSuffix(rest, " |"), "; "); !slices.Equal(got, l.Values()) {
					t.Errorf("README's %s list: %q, want %q", l, got, l.Values())
				}
			}
		}
		if !found {
			t.Errorf("README does not list the values of %s", l)
		}
	}
}

// readmeKeys checks that every key of a results.json object is in the
// README, in backquotes.
func readmeKeys(t *testing.T, v any, path string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !bytes.Contains(b, []byte("`"+k+"`")) && !bytes.Contains(b, []byte("`"+k+"[]`")) && !missing[path+"."+k] {
					missing[path+"."+k] = true
					t.Errorf("README does not document %s.%s", path, k)
				}
				walk(e, path+"."+k)
			}
		case []any:
			for _, e := range x {
				walk(e, path+"[]")
			}
		}
	}
	walk(v, path)
}
