package cld

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Q3 return of 2023/24 (imported before the year-end one).
const (
	acQ3Start, acQ3End, acQ3Import = "2023-04-01", "2023-12-31", "2024-01-20 09:00:00"
	acLateImport                   = "2024-06-15 09:00:00" // a resubmission after the window
)

// TestASCOF2BCWorked is a worked case of ASCOF 2B/2C with one person per
// rule. Default birth June 1950: 73 at the snapshot 2024-04-01, so 2C.
//
//	N1  residential from 2023-06-01, open                          → 2C
//	N2  nursing 2023-07-01 to 2024-02-01 (ended before the snapshot) → out (ended)
//	N3  residential from 2023-08-01: open in the Q3 return, ended
//	    2024-01-10 in the year-end return (its latest edition)     → out (ended; closed)
//	N4  residential from 2023-09-01: the year-end return has it twice,
//	    ended 2024-01-31 and open (reopened)                       → 2C
//	N5  residential since 2022-05-01 (a previous admission) and
//	    nursing from 2023-10-01                                    → out (previous)
//	N6  residential since 2021 at council E2, admitted at E1 on
//	    2023-11-01: the code joins previous admissions on the person → out (previous)
//	N7  born April 1959: 64 at the period end but 65 at the snapshot → 2C
//	N8  born May 1959: 64 at the snapshot                           → 2B
//	N9  born May 2006: 17 at the snapshot                           → out (under 18)
//	N10 born April 2006: 18 at the snapshot (6,575 days)            → 2B
//	N11 no birth year or month                                      → out (no age)
//	N12 residential from 2023-12-01, open in the Q3 return; a late
//	    resubmission (2024-06-15) ends it on 2024-02-01             → out; 2C with ImportBy 2024-04-30
//	N13 residential from 2023-06-15, open; a nursing row without the
//	    NHS number whose local id L13 is carried with it           → 2C once (the row is removed)
//	N14 community support                                          → out (type)
//	N15 a carer's residential row                                  → out (client type)
//	N16 an assessment carrying the residential type                → out (event type)
//
// E1: 2B = N8, N10 = 2; 2C = N1, N4, N7, N13 = 4. E2: 0 and 0.
func TestASCOF2BCWorked(t *testing.T) {
	res := func(nhs, start, end string) acr {
		return acr{nhs: nhs, local: "L" + nhs[1:], typ: "Service", st: lResidential, comp: "Long Term Residential Care", dm: lComm, start: start, end: end}
	}
	q3 := func(r acr) acr { r.ps, r.pe, r.imp = acQ3Start, acQ3End, acQ3Import; return r }
	with := func(r acr, f func(*acr)) acr { f(&r); return r }
	rows := []acr{
		res("N1", "2023-06-01", ""),
		with(res("N2", "2023-07-01", "2024-02-01"), func(r *acr) { r.st = lNursing }),
		q3(res("N3", "2023-08-01", "")),
		res("N3", "2023-08-01", "2024-01-10"),
		res("N4", "2023-09-01", "2024-01-31"),
		res("N4", "2023-09-01", ""),
		res("N5", "2022-05-01", ""),
		with(res("N5", "2023-10-01", ""), func(r *acr) { r.st = lNursing }),
		with(res("N6", "2021-01-01", ""), func(r *acr) { r.la = "E2" }),
		res("N6", "2023-11-01", ""),
		with(res("N7", "2023-05-01", ""), func(r *acr) { r.by, r.bm = "1959", "4" }),
		with(res("N8", "2023-05-01", ""), func(r *acr) { r.by, r.bm = "1959", "5" }),
		with(res("N9", "2023-05-01", ""), func(r *acr) { r.by, r.bm = "2006", "5" }),
		with(res("N10", "2023-05-01", ""), func(r *acr) { r.by, r.bm = "2006", "4" }),
		with(res("N11", "2023-05-01", ""), func(r *acr) { r.by, r.bm = "-", "-" }),
		q3(res("N12", "2023-12-01", "")),
		with(res("N12", "2023-12-01", "2024-02-01"), func(r *acr) { r.imp = acLateImport }),
		res("N13", "2023-06-15", ""),
		with(res("N13", "2023-07-01", ""), func(r *acr) { r.nhs, r.st = "-", lNursing }),
		with(res("N14", "2023-05-01", ""), func(r *acr) { r.st = lCommunity }),
		with(res("N15", "2023-05-01", ""), func(r *acr) { r.client = "Carer" }),
		with(res("N16", "2023-05-01", ""), func(r *acr) { r.typ = "Assessment" }),
	}
	d := acRead(t, rows)
	pop := map[string]PopulationEstimate{"E1": {Aged18To64: 100_000, Aged65AndOver: 40_000}}
	tb, err := ASCOF2BC(d, acFY, MeasureOptions{Population: pop})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, tb, "E1", "2B", "18 to 64", 2, 100_000)
	acWant(t, tb, "E1", "2C", "65 and over", 4, 40_000)
	acWant(t, tb, "E2", "2B", "18 to 64", 0, 0)
	acWant(t, tb, "E2", "2C", "65 and over", 0, 0)
	// rates per 100,000: 2 / 100,000 and 4 / 40,000
	if r := acRow(t, tb, "E1", "2B", "18 to 64"); r.Outcome != defined(2) {
		t.Errorf("2B rate %v, want 2.0", r.Outcome)
	}
	if r := acRow(t, tb, "E1", "2C", "65 and over"); r.Outcome != defined(10) {
		t.Errorf("2C rate %v, want 10.0", r.Outcome)
	}
	// no population for E2, so none for all councils either
	for _, code := range []string{"E2", ""} {
		if r := acRow(t, tb, code, "2C", "65 and over"); r.HasDenominator || r.Outcome.Defined() || r.Outcome.Undefined != "no population estimate given" {
			t.Errorf("%q: %+v, want an undefined rate without a population", code, r)
		}
	}
	acWant(t, tb, "", "2C", "65 and over", 4, 40_000)
	// the steps, counted on paper
	for _, s := range []struct {
		prefix string
		n      int
	}{
		{"event type is Service", 1},                  // N16
		{"client type is Service User", 1},            // N15
		{"service type is long-term residential", 1},  // N14
		{"birth month and year known", 1},             // N11
		{"person rule: rows with only a local id", 1}, // N13's nursing row
		{"ends on or after the snapshot", 4},          // N2; N3, N4 and N12 year-end rows
		{"the event's latest edition", 2},             // N3's and N12's Q3 rows
		{"clients with a residential", 4},             // N2, N3, N6 at E2, N12
		{"new admission", 2},                          // N5, N6 at E1
		{"aged 18 or over at the snapshot", 1},        // N9
	} {
		if got := acStep(t, tb.Steps, s.prefix); got != s.n {
			t.Errorf("step %q removed %d, want %d", s.prefix, got, s.n)
		}
	}
	// the import cut-off: the late resubmission is not looked at, so N12's
	// Q3 edition stands (open) and is a 2C admission
	tb, err = ASCOF2BC(d, acFY, MeasureOptions{ImportBy: acDay(2024, time.April, 30)})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, tb, "E1", "2C", "65 and over", 5, 0)
	if got := acStep(t, tb.Steps, "the event's latest edition"); got != 1 {
		t.Errorf("with the cut-off, %d rows closed by a later edition, want 1 (N3)", got)
	}
	if r := acRow(t, tb, "E1", "2C", "65 and over"); r.Outcome.Defined() {
		t.Errorf("rate without population: %v", r.Outcome)
	}
}

func TestASCOF2BCPopulationZeroAndErrors(t *testing.T) {
	d := acRead(t, []acr{{typ: "Service", st: lResidential, start: "2023-06-01"}})
	tb, err := ASCOF2BC(d, acFY, MeasureOptions{Population: map[string]PopulationEstimate{"E1": {Aged18To64: 0, Aged65AndOver: 0}}})
	if err != nil {
		t.Fatal(err)
	}
	if r := acRow(t, tb, "E1", "2C", "65 and over"); r.Numerator != 1 || r.Outcome.Undefined != "population estimate is zero" {
		t.Errorf("%+v", r)
	}
	if _, err := ASCOF2BC(d, acFY, MeasureOptions{Population: map[string]PopulationEstimate{"E1": {Aged18To64: -1}}}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("negative population: %v", err)
	}
	if _, err := ASCOF2BC(d, Period{}, MeasureOptions{}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("zero period: %v", err)
	}
}

func TestReadPopulation(t *testing.T) {
	in := "\ufeffLA_Code,Name,Aged 18 to 64,Aged 65 and over\nE06000001,Hartlepool,57000,19000\n\nE06000002,Middlesbrough,90000,23000\n"
	pop, err := ReadPopulation(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(pop) != 2 || pop["E06000001"] != (PopulationEstimate{57000, 19000}) || pop["E06000002"] != (PopulationEstimate{90000, 23000}) {
		t.Errorf("%+v", pop)
	}
	for _, c := range []struct {
		in   string
		err  error
		line int
	}{
		{"Code,18-64\nE1,5\n", ErrHeader, 0},
		{"ONS code,18-64,65+\nE1,5,x\n", ErrNumber, 2},
		{"ONS code,18-64,65+\nE1,5,6\nE1,5,6\n", ErrInvalidOptions, 3},
		{"ONS code,18-64,65+\nE1,,6\n", ErrMissing, 2},
		{"ONS code,18-64,65+\nE1,-5,6\n", ErrNumber, 2},
		{"ONS code,18-64,65+\nE1,5\n", ErrFieldCount, 2},
		{"", ErrHeader, 0},
	} {
		_, err := ReadPopulation(strings.NewReader(c.in))
		if !errors.Is(err, c.err) {
			t.Errorf("%q: %v, want %v", c.in, err, c.err)
			continue
		}
		var re *RowError
		if c.line > 0 && (!errors.As(err, &re) || re.Line != c.line) {
			t.Errorf("%q: %v, want line %d", c.in, err, c.line)
		}
	}
}

// TestASCOFTableCSV checks the published long layout, the suppression of
// small counts and the undefined mark.
func TestASCOFTableCSV(t *testing.T) {
	d := acRead(t, []acr{
		{nhs: "N1", typ: "Service", st: lResidential, start: "2023-06-01"},
		{nhs: "N2", la: "E2", typ: "Service", st: lResidential, start: "2023-06-01"},
		{nhs: "N3", la: "E2", typ: "Service", st: lResidential, start: "2023-06-01"},
	})
	tb, err := ASCOF2BC(d, acFY, MeasureOptions{Population: map[string]PopulationEstimate{"E1": {1000, 2000}, "E2": {3000, 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tb.WriteCSV(&b, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	// 2C at E1: 1 / 2,000 × 100,000 = 50.0; at E2: 2 / 4,000 × 100,000 = 50.0
	for _, line := range []string{
		"Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,Disaggregation level,Measure type,Measure value",
		"E1,Council E1,Local authority,E1,2C,65 and over,Numerator,1",
		"E1,Council E1,Local authority,E1,2C,65 and over,Denominator,2000",
		"E1,Council E1,Local authority,E1,2C,65 and over,Outcome,50.0",
		"E2,Council E2,Local authority,E2,2B,18 to 64,Outcome,0.0",
		"All,All councils,All councils in the data,,2C,65 and over,Numerator,3",
		"All,All councils,All councils in the data,,2C,65 and over,Denominator,6000",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("missing line %q in\n%s", line, b.String())
		}
	}
	// suppression: 1 and 2 are below 5, and so is their all-councils
	// total, 3 (a small count is hidden wherever it is); the population
	// is not hidden; the outcome goes with its numerator
	s, err := tb.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := s.WriteCSV(&b, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"E1,Council E1,Local authority,E1,2C,65 and over,Numerator,*",
		"E1,Council E1,Local authority,E1,2C,65 and over,Denominator,2000",
		"E1,Council E1,Local authority,E1,2C,65 and over,Outcome,*",
		"All,All councils,All councils in the data,,2C,65 and over,Numerator,*",
		"All,All councils,All councils in the data,,2C,65 and over,Denominator,6000",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("missing line %q in\n%s", line, b.String())
		}
	}
	if tb.Rows[0].NumeratorStatus.Hidden() {
		t.Error("Suppress changed the original table")
	}
	// undefined rates are written as such
	tb, _ = ASCOF2BC(d, acFY, MeasureOptions{})
	b.Reset()
	if err := tb.WriteCSV(&b, CSVOptions{UndefinedMark: "[x]"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "E1,Council E1,Local authority,E1,2C,65 and over,Outcome,[x]\n") ||
		!strings.Contains(b.String(), "E1,Council E1,Local authority,E1,2C,65 and over,Denominator,[x]\n") {
		t.Errorf("undefined marks:\n%s", b.String())
	}
}
