package cld

import (
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// FuzzMeasures runs every measure (Measures) on whatever the reader
// accepts and checks that nothing panics and the results are coherent:
// counts are not negative, a numerator never exceeds its denominator, an
// outcome is defined exactly when its denominator is positive, the waits
// add up, the SALT tables' totals are their cells' (tables of requests
// and episodes), every step's counts are not negative, and every table
// is suppressed, written and laid out as grids.
func FuzzMeasures(f *testing.F) {
	f.Add(acText(acStory(oEnded, acSvc(lLowLevel, "2023-06-12", "2023-07-01", oEnded))))
	f.Add(acText(acWaitStories()))
	f.Add(acText([]acr{{typ: "Service", st: lResidential, start: "2023-06-01"}, {client: "Carer", typ: "Service", st: lCarerDirect, dm: lDP, start: "2023-06-01"},
		{la: "E2", nhs: "-", typ: "Review", st: lCommunity, start: "2023-07-01", end: "2023-07-02", gender: "Female"}}))
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Read(strings.NewReader(in), Options{})
		if err != nil {
			return
		}
		p := FinancialYear(2023)
		res, err := Measures(d, p, MeasureOptions{RunDate: acDay(2024, 1, 15), ImportBy: acDay(2024, 4, 30), NewClientsOnly: len(in)%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		steps := func(what string, ss Steps) {
			for _, s := range ss {
				if s.After < 0 || s.Before < 0 {
					t.Fatalf("%s: step %+v", what, s)
				}
			}
		}
		for _, tb := range res.ASCOFTables() {
			steps(tb.Measure, tb.Steps)
			for _, r := range tb.Rows {
				if r.Numerator < 0 || r.Denominator < 0 {
					t.Fatalf("%s: %+v", tb.Measure, r)
				}
				v := r.Outcome
				if v.Defined() && (math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Value < 0) {
					t.Fatalf("%s: outcome %v", tb.Measure, v.Value)
				}
				if tb.Measure != "2B/2C" && (r.Numerator > r.Denominator || v.Defined() != (r.Denominator > 0) || v.Value > 100) {
					t.Fatalf("%s: %+v", tb.Measure, r)
				}
			}
		}
		for _, tb := range res.SALTTables() {
			for _, b := range append(tb.blocks(CSVOptions{}), &tb.All) {
				sum := 0
				for _, n := range b.Cells {
					if n < 0 {
						t.Fatalf("%s %s: %+v", tb.Measure, tb.Name, b)
					}
					sum += n
				}
				if !tb.Distinct && sum != b.Total {
					t.Fatalf("%s %s: cells add up to %d, total %d", tb.Measure, tb.Name, sum, b.Total)
				}
			}
		}
		for _, ss := range []Steps{res.STS001.Steps, res.STS002a.Steps, res.STS002b.Steps, res.LTS001a.Steps, res.LTS001b.Steps,
			res.LTS001c.Steps, res.LTS003.Steps, res.LTS004.Steps, res.Waits.Steps} {
			steps("SALT or waits", ss)
		}
		for _, r := range res.Waits.Rows {
			if r.Started != r.Ended+r.Censored || r.Censored < 0 || r.Completed < 0 {
				t.Fatalf("%+v", r)
			}
			for _, v := range []Figure{r.Median, r.Lower, r.Upper, r.Mean, r.MedianOfEnded} {
				if v.Defined() && (math.IsNaN(v.Value) || v.Value < 0) {
					t.Fatalf("%+v", r)
				}
			}
		}
		sup, err := res.Suppress(disclosure.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range sup.Outputs() {
			if err := o.WriteCSV(io.Discard, CSVOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := o.Grids(CSVOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
