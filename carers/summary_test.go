package carers

import (
	"errors"
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

func TestSummarise(t *testing.T) {
	people := []Person{
		{"P1", "older", "north"}, {"P2", "older", "north"}, {"P3", "ld", "south"},
		{"P4", "ld", "south"}, {"P5", "older", "south"},
	}
	// Weekly values at £25/h: P2 10h = 250; P3 20h = 500; P4 35h = 875 (two carers, 15h + 20h);
	// P5 40h = 1000; P1 has no carer (0).
	carers := []Carer{
		{CarerID: "A", PersonID: "P2", WeeklyHours: h("10")},
		{CarerID: "B", PersonID: "P3", WeeklyHours: h("20")},
		{CarerID: "C", PersonID: "P4", WeeklyHours: h("15")},
		{CarerID: "D", PersonID: "P4", WeeklyHours: h("20")},
		{CarerID: "E", PersonID: "P5", WeeklyHours: h("40")},
	}
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	vals, err := v.ValueAll(nil, carers)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Summarise(people, carers, vals, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// All adults: 0, 250, 500, 875, 1000. Mean 2625/5 = 525. Type 7 quartiles: h = 4p + 1 →
	// Q1 = x[2] = 250, median = x[3] = 500, Q3 = x[4] = 875.
	a := s.All
	if a.People != 5 || a.WithCarer != 4 || a.ShareWithCarer != 0.8 || a.CarerRecords != 5 {
		t.Errorf("all: %+v", a)
	}
	checkStats(t, "all per adult", a.PerAdult, 5, "525", "250", "500", "875", "2625")
	// With a carer: 250, 500, 875, 1000. Mean 656.25; h = 3p + 1: Q1 = 250 + 0.75×250 = 437.50,
	// median = 500 + 0.5×375 = 687.50, Q3 = 875 + 0.25×125 = 906.25.
	checkStats(t, "all with carer", a.PerAdultWithCarer, 4, "656.25", "437.50", "687.50", "906.25", "2625")
	// Annual = weekly × 52: mean 525 × 52 = 27300.
	if !a.PerAdult.AnnualMean.Equal(dec("27300")) || !a.PerAdult.AnnualQ3.Equal(dec("45500")) {
		t.Errorf("annual %s %s", a.PerAdult.AnnualMean, a.PerAdult.AnnualQ3)
	}
	// Census 3 bands per carer record: 10, 15 → "19 or less"; 20, 20, 40 → "20 to 49".
	if got := a.HoursBands; len(got) != 3 || got[0] != 2 || got[1] != 3 || got[2] != 0 {
		t.Errorf("bands %v", got)
	}
	if len(s.ByCohort) != 2 || s.ByCohort[0].Group != "ld" || s.ByCohort[1].Group != "older" {
		t.Fatalf("cohorts %+v", s.ByCohort)
	}
	// ld: P3 500, P4 875 → mean 687.50, median 687.50.
	checkStats(t, "ld", s.ByCohort[0].PerAdult, 2, "687.50", "593.75", "687.50", "781.25", "1375")
	// older: P1 0, P2 250, P5 1000 → mean 416.67 (416.666… rounds up), median 250.
	checkStats(t, "older", s.ByCohort[1].PerAdult, 3, "416.67", "125", "250", "625", "1250")
	if o := s.ByCohort[1]; o.WithCarer != 2 || math.Abs(o.ShareWithCarer-2.0/3) > 1e-15 {
		t.Errorf("older share %v", o.ShareWithCarer)
	}
	// Localities: north P1, P2; south P3, P4, P5.
	if len(s.ByLocality) != 2 || s.ByLocality[0].People != 2 || s.ByLocality[1].CarerRecords != 4 {
		t.Errorf("localities %+v", s.ByLocality)
	}

	five, err := Summarise(people, carers, vals, SummaryOptions{Bands: CensusBands5()})
	if err != nil {
		t.Fatal(err)
	}
	// 10 → "10 to 19", 15 → "10 to 19", 20, 20 → "20 to 34", 40 → "35 to 49".
	if got := five.All.HoursBands; got[0] != 0 || got[1] != 2 || got[2] != 2 || got[3] != 1 || got[4] != 0 {
		t.Errorf("5 bands %v", got)
	}
}

func checkStats(t *testing.T, name string, s ValueStats, n int, mean, q1, med, q3, total string) {
	t.Helper()
	if s.N != n || !s.Defined || !s.Mean.Equal(dec(mean)) || !s.Q1.Equal(dec(q1)) || !s.Median.Equal(dec(med)) ||
		!s.Q3.Equal(dec(q3)) || !s.Total.Equal(dec(total)) {
		t.Errorf("%s: got n %d mean %s q1 %s median %s q3 %s total %s; want %d %s %s %s %s %s",
			name, s.N, s.Mean, s.Q1, s.Median, s.Q3, s.Total, n, mean, q1, med, q3, total)
	}
}

func TestSummariseErrors(t *testing.T) {
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	w, _ := NewOpportunityCost(Wage{PerHour: dec("10"), Source: "s"}, ValuationOptions{})
	people := []Person{{PersonID: "P1"}}
	c := []Carer{{CarerID: "A", PersonID: "P1", WeeklyHours: 100}, {CarerID: "A", PersonID: "P1", WeeklyHours: 100}}
	x, _ := v.Value(&c[0])
	y, _ := w.Value(&c[0])
	tests := []struct {
		name   string
		people []Person
		carers []Carer
		vals   []Valuation
		want   error
	}{
		{"lengths", people, c[:1], nil, ErrMismatch},
		{"duplicate relationship", people, c, []Valuation{x, x}, ErrDuplicate},
		{"mixed bases", people, []Carer{c[0], {CarerID: "B", PersonID: "P1", WeeklyHours: 100}}, []Valuation{x, y}, ErrMismatch},
		{"unmatched", people, []Carer{{CarerID: "A", PersonID: "P9", WeeklyHours: 100}}, []Valuation{x}, ErrMismatch},
		{"person twice", []Person{{PersonID: "P1"}, {PersonID: "P1"}}, nil, nil, ErrMismatch},
		{"NUL in a person's id", []Person{{PersonID: "P\x001"}}, nil, nil, field.ErrText},
		{"broken UTF-8 in a person's id", []Person{{PersonID: "P\xc3"}}, nil, nil, ErrBadValue},
	}
	for _, tc := range tests {
		if _, err := Summarise(tc.people, tc.carers, tc.vals, SummaryOptions{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	s, err := Summarise(people, []Carer{{CarerID: "A", PersonID: "P9", WeeklyHours: 100}}, []Valuation{x}, SummaryOptions{IgnoreUnmatched: true})
	if err != nil || s.Unmatched != 1 || s.All.WithCarer != 0 || s.All.PerAdultWithCarer.Defined {
		t.Errorf("IgnoreUnmatched: %v %+v", err, s)
	}
	if _, err := Summarise(people, nil, nil, SummaryOptions{Bands: []HoursBand{{"a", 5}}}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("bad bands: %v", err)
	}
}

// TestSummariseNoValuations is issue #13 item 1: people with no carer records (a carers.csv
// holding only its header) left Summary.Basis nil, and printing it panicked.
func TestSummariseNoValuations(t *testing.T) {
	people := []Person{{PersonID: "P1"}, {PersonID: "P2"}}
	s, err := Summarise(people, nil, nil, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Basis != nil {
		t.Errorf("Basis = %v with no valuations and no SummaryOptions.Basis, want nil", s.Basis)
	}
	if got, want := s.Basis.String(), "no valuation basis (nothing valued)"; got != want {
		t.Errorf("nil Basis.String() = %q, want %q", got, want)
	}
	if s.All.People != 2 || s.All.WithCarer != 0 || !s.All.PerAdult.Defined || !s.All.PerAdult.Mean.IsZero() ||
		s.All.PerAdultWithCarer.Defined {
		t.Errorf("all: %+v", s.All)
	}

	// With the basis stated, the summary carries it even when nothing was valued.
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	s, err = Summarise(people, nil, nil, SummaryOptions{Basis: v.Basis()})
	if err != nil {
		t.Fatal(err)
	}
	if s.Basis != v.Basis() {
		t.Errorf("Basis = %p, want the valuer's %p", s.Basis, v.Basis())
	}
	if got, want := s.Basis.String(), "replacement_cost, card carers_uk_2021 (default £25.00/h), 52 weeks/year"; got != want {
		t.Errorf("Basis.String() = %q, want %q", got, want)
	}

	// A stated basis must be the one the valuations were made on.
	w, _ := NewOpportunityCost(Wage{PerHour: dec("10"), Source: "s"}, ValuationOptions{})
	c := []Carer{{CarerID: "A", PersonID: "P1", WeeklyHours: 100}}
	x, _ := w.Value(&c[0])
	var re *RecordError
	if _, err := Summarise(people, c, []Valuation{x}, SummaryOptions{Basis: v.Basis()}); !errors.Is(err, ErrMismatch) ||
		!errors.As(err, &re) || re.Index != 0 || re.Field != "valuation" {
		t.Errorf("valuation on another basis: got %v, want a *RecordError for record 0 wrapping ErrMismatch", err)
	}
}
