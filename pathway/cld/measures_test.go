package cld

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// TestMeasuresAsEach: Measures, which shares its work between measures,
// gives every table, record and step exactly as each measure's own
// function does, on a synthetic year with resubmissions and invalid
// values, with a cut-off and a run date.
func TestMeasuresAsEach(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 31, Persons: 4000, Councils: 3, Resubmit: 0.5, Invalid: 0.05})
	d, p := x.d, x.sum.Period
	opt := MeasureOptions{Window: x.sum.Window, ImportBy: acDay(2024, 4, 25), RunDate: acDay(2024, 3, 20)}
	all, err := Measures(d, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	each := map[string]func() (any, error){
		"STS001":  func() (any, error) { return STS001(d, p, opt) },
		"STS002a": func() (any, error) { return STS002a(d, p, opt) },
		"STS002b": func() (any, error) { return STS002b(d, p, opt) },
		"LTS001a": func() (any, error) { return LTS001a(d, p, opt) },
		"LTS001b": func() (any, error) { return LTS001b(d, p, opt) },
		"LTS001c": func() (any, error) { return LTS001c(d, p, opt) },
		"LTS003":  func() (any, error) { return LTS003(d, p, opt) },
		"LTS004":  func() (any, error) { return LTS004(d, p, opt) },
		"2A":      func() (any, error) { return ASCOF2A(d, p, opt) },
		"2B/2C":   func() (any, error) { return ASCOF2BC(d, p, opt) },
		"2E":      func() (any, error) { return ASCOF2E(d, p, opt) },
		"3D":      func() (any, error) { return ASCOF3D(d, p, opt) },
		"waits":   func() (any, error) { return WaitTimes(d, p, opt) },
	}
	shared := map[string]any{"STS001": all.STS001, "STS002a": all.STS002a, "STS002b": all.STS002b, "LTS001a": all.LTS001a,
		"LTS001b": all.LTS001b, "LTS001c": all.LTS001c, "LTS003": all.LTS003, "LTS004": all.LTS004, "2A": all.ASCOF2A,
		"2B/2C": all.ASCOF2BC, "2E": all.ASCOF2E, "3D": all.ASCOF3D, "waits": all.Waits}
	for name, f := range each {
		got, err := f()
		if err != nil {
			t.Fatal(err)
		}
		if js(got) != js(shared[name]) {
			t.Errorf("%s: Measures and the measure's own function differ", name)
		}
	}
	if all.STS001.Tables[0].All.Total == 0 || all.ASCOF2A.Rows[len(all.ASCOF2A.Rows)-1].Denominator == 0 || len(all.LTS001b.People) == 0 {
		t.Error("empty results")
	}
	if n := len(all.Outputs()); n != len(all.SALTTables())+4+1 {
		t.Errorf("%d outputs", n)
	}
	if _, err := Measures(d, Period{}, opt); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("empty period: %v", err)
	}
	if _, err := Measures(d, p, MeasureOptions{Population: map[string]PopulationEstimate{"E1": {Aged18To64: -1}}}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("negative population: %v", err)
	}
}

// TestGrids: every output's report tables hold the cells its CSV writes,
// with labels and statuses; a hidden cell shows its mark and no value.
func TestGrids(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 32, Persons: 1500, Councils: 2})
	res, err := Measures(x.d, x.sum.Period, MeasureOptions{Window: x.sum.Window})
	if err != nil {
		t.Fatal(err)
	}
	sup, err := res.Suppress(disclosure.Options{Threshold: 10, PrimaryMark: "<10", SecondaryMark: "x"})
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for k, o := range sup.Outputs() {
		gs, err := o.Grids(CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := o.WriteCSV(&b, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// the CSV's values, in order, are the grids' cells, in order
		var fromCSV, fromGrids []string
		_, isTable := o.(*Table)
		for _, r := range recs[1:] {
			if isTable {
				fromCSV = append(fromCSV, r[5:]...) // after Measure, Table, LA_Code, LA_Name and the row label
			} else {
				fromCSV = append(fromCSV, r[len(r)-1])
			}
		}
		for _, g := range gs {
			if len(g.Rows) == 0 || g.Code == "" || g.Title == "" {
				t.Fatalf("output %d: grid %+v", k, g)
			}
			for _, r := range g.Rows {
				if len(r.Cells) != len(g.Cols) {
					t.Fatalf("output %d (%s): row %q has %d cells for %d columns", k, g.Measure, r.Label, len(r.Cells), len(g.Cols))
				}
				for _, c := range r.Cells {
					fromGrids = append(fromGrids, c.Text)
					if c.Status.Hidden() {
						hidden++
						if c.Defined || c.Value != 0 || (c.Text != "<10" && c.Text != "x") {
							t.Fatalf("output %d: hidden cell %+v", k, c)
						}
					}
				}
			}
		}
		if strings.Join(fromCSV, "|") != strings.Join(fromGrids, "|") {
			t.Errorf("output %d (%T): CSV and grids differ", k, o)
		}
		// the all-councils grid alone
		gs, err = o.Grids(CSVOptions{AllOnly: true})
		if err != nil || len(gs) != 1 || gs[0].Code != "All" {
			t.Errorf("output %d: AllOnly grids %d, %v", k, len(gs), err)
		}
	}
	if hidden == 0 {
		t.Error("nothing hidden with a threshold of 10")
	}
	// suppression through the CSV options is the same as Suppress, for a
	// table that shares no totals with another (LTS001a's Table 1a: its
	// measure's other table, 1b, counts other people); a table of
	// LTS001b is suppressed with the tables it shares totals with
	var a, b bytes.Buffer
	opt := disclosure.Options{Threshold: 10, PrimaryMark: "<10", SecondaryMark: "x"}
	if err := res.LTS001a.Tables[0].WriteCSV(&a, CSVOptions{Suppress: true, Disclosure: opt}); err != nil {
		t.Fatal(err)
	}
	if err := sup.LTS001a.Tables[0].WriteCSV(&b, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() || !strings.Contains(a.String(), "<10") {
		t.Errorf("suppressed on writing\n%s\nSuppress\n%s", a.String(), b.String())
	}
	// some table of a measure whose tables share totals is suppressed
	// otherwise alone than with its measure
	differ := false
	for k, tb := range append(slices.Clone(res.LTS001b.Tables), res.STS001.Tables...) {
		joint := append(slices.Clone(sup.LTS001b.Tables), sup.STS001.Tables...)[k]
		a.Reset()
		b.Reset()
		if err := tb.WriteCSV(&a, CSVOptions{Suppress: true, Disclosure: opt}); err != nil {
			t.Fatal(err)
		}
		if err := joint.WriteCSV(&b, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		differ = differ || a.String() != b.String()
	}
	if !differ {
		t.Error("every table suppressed alone is as suppressed with its measure: the test does not see the links")
	}
	if res.LTS001b.Tables[0].Suppressed || !sup.LTS001b.Tables[0].Suppressed {
		t.Error("Suppress changed the original, or did not mark the copy")
	}
}

// TestStepsCSV writes a step log.
func TestStepsCSV(t *testing.T) {
	var s Steps
	s.add("client type is Service User", "rows", 10, 7)
	s.count("rows of the file, \"all\"", "rows", 10)
	var b bytes.Buffer
	if err := s.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "Rule,Unit,Before,After,Removed\nclient type is Service User,rows,10,7,3\n\"rows of the file, \"\"all\"\"\",rows,10,10,0\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestMemoryLimit: the limit is 1.6 times the data's footprint, which
// counts the columns (69 bytes a row here), the text columns and the
// interned identifiers, and the client order once built.
func TestMemoryLimit(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 33, Persons: 3000})
	d := x.d
	f := d.Footprint()
	if per := float64(f) / float64(d.Len()); per < 80 || per > 200 {
		t.Errorf("footprint %d bytes, %.0f a row", f, per)
	}
	d.order()
	if d.Footprint() <= f {
		t.Error("the client order is not counted")
	}
	if got := MemoryLimit(d); got != max(d.Footprint()*16/10, 256<<20) || MemoryLimit(&Data{}) != 256<<20 {
		t.Errorf("limit %d", got)
	}
}
