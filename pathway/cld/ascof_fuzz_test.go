package cld

import (
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// FuzzASCOF runs every measure on whatever the reader accepts and checks
// that nothing panics and the results are coherent: counts are not
// negative, a numerator never exceeds its denominator, an outcome is
// defined exactly when its denominator is positive, and the waits add
// up.
func FuzzASCOF(f *testing.F) {
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
		check := func(tb *ASCOFTable) {
			for _, s := range tb.Steps {
				if s.After < 0 || s.Before < 0 {
					t.Fatalf("%s: step %+v", tb.Measure, s)
				}
			}
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
			s, err := tb.Suppress(disclosure.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.WriteCSV(io.Discard, CSVOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		a, err := ASCOF2A(d, p, MeasureOptions{RunDate: acDay(2024, 1, 15)})
		if err != nil {
			t.Fatal(err)
		}
		check(&a.ASCOFTable)
		for _, run := range []func() (*ASCOFTable, error){
			func() (*ASCOFTable, error) { return ASCOF2BC(d, p, MeasureOptions{ImportBy: acDay(2024, 4, 30)}) },
			func() (*ASCOFTable, error) { return ASCOF2E(d, p, MeasureOptions{}) },
			func() (*ASCOFTable, error) { return ASCOF3D(d, p, MeasureOptions{}) },
		} {
			tb, err := run()
			if err != nil {
				t.Fatal(err)
			}
			check(tb)
		}
		w, err := WaitTimes(d, p, MeasureOptions{NewClientsOnly: len(in)%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range w.Rows {
			if r.Started != r.Ended+r.Censored || r.Censored < 0 || r.Completed < 0 {
				t.Fatalf("%+v", r)
			}
			for _, v := range []Figure{r.Median, r.Lower, r.Upper, r.Mean, r.MedianOfEnded} {
				if v.Defined() && (math.IsNaN(v.Value) || v.Value < 0) {
					t.Fatalf("%+v", r)
				}
			}
		}
		if err := w.WriteCSV(io.Discard, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}
