package main

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// sameAssessment reports how a and b differ ("" when they are equal field
// by field; planned amounts are compared by value and exponent, since a
// decimal's internals may differ for the same number).
func sameAssessment(a, b ras.Assessment) string {
	pa, pb := a.PlannedWeekly, b.PlannedWeekly
	switch {
	case (pa == nil) != (pb == nil):
		return "planned_weekly: one is missing"
	case pa != nil && (!pa.Equal(*pb) || pa.Exponent() != pb.Exponent()):
		return "planned_weekly: " + pa.String() + " ≠ " + pb.String()
	}
	a.PlannedWeekly, b.PlannedWeekly = nil, nil
	if !reflect.DeepEqual(a, b) {
		return "fields differ"
	}
	for k := range a.Answers {
		if math.Float64bits(a.Answers[k].Value) != math.Float64bits(b.Answers[k].Value) {
			return "answer " + a.Answers[k].Question + ": values differ in their bits"
		}
	}
	return ""
}

func checkRoundTrip(t *testing.T, name string, as []ras.Assessment) *assessments {
	t.Helper()
	s := newAssessments()
	for i := range as {
		if err := s.add(&as[i]); err != nil {
			t.Fatalf("%s: add %d: %v", name, i, err)
		}
	}
	if s.len() != len(as) {
		t.Fatalf("%s: %d stored, want %d", name, s.len(), len(as))
	}
	// Every chunk size, and decoding the same storage again, gives back
	// the same assessments.
	k := 0
	for _, pass := range []int{1, 2} {
		k = 0
		for chunk := range s.chunks(nil) {
			for j := range chunk {
				if why := sameAssessment(chunk[j], as[k]); why != "" {
					t.Fatalf("%s pass %d: assessment %d (%s): %s\n got %+v\nwant %+v", name, pass, k, as[k].ID, why, chunk[j], as[k])
				}
				k++
			}
		}
	}
	if k != len(as) {
		t.Fatalf("%s: chunks gave %d assessments, want %d", name, k, len(as))
	}
	var rows []int
	for i := len(as) - 1; i >= 0; i -= 3 {
		rows = append([]int{i}, rows...)
	}
	k = 0
	for chunk := range s.chunks(rows) {
		for j := range chunk {
			if why := sameAssessment(chunk[j], as[rows[k]]); why != "" {
				t.Fatalf("%s: row %d: %s", name, rows[k], why)
			}
			k++
		}
	}
	for i := range as {
		a := &as[i]
		p, ok := s.planned(i)
		if s.cohortOf(i) != a.Cohort || s.localityOf(i) != a.Person.Locality || s.dateOf(i) != a.Date || s.settingOf(i) != a.Person.LivingSetting ||
			s.hasPlan(i) != (a.PlannedWeekly != nil) || ok != (a.PlannedWeekly != nil) || (ok && !p.Equal(*a.PlannedWeekly)) {
			t.Fatalf("%s: accessors of assessment %d differ", name, i)
		}
	}
	return s
}

// TestStoreRoundTrip: the compact store gives back every field of the
// assessments it holds, for each shipped model's synthetic assessments,
// the sample county's CSV, and odd cases no generator makes.
func TestStoreRoundTrip(t *testing.T) {
	for _, name := range ras.ModelNames() {
		m, err := ras.LoadModel(name)
		if err != nil {
			t.Fatal(err)
		}
		g, err := synth.New(m, synth.Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var as []ras.Assessment
		for a := range g.Assessments(3000) {
			as = append(as, *a)
		}
		checkRoundTrip(t, name, as)
	}

	f, err := os.Open(filepath.Join(sampleDir, fileAssessments))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, _ := ras.LoadModel(ras.ModelPoints)
	as, _, err := ras.ReadCSV(bufio.NewReader(f), ras.ReadOptions{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, "sample", as)

	age := 41
	big, _ := decimal.NewFromString("12.345678901234567890123")
	odd := []ras.Assessment{
		{},
		{ID: "a", Date: ras.Date{Year: 2024, Month: 2, Day: 29}, Person: ras.Person{ID: "p", Age: &age},
			Answers:      ras.Answers{{Question: "q", Option: "o", Value: 2.5}, {Question: "n", Value: math.Copysign(0, -1), IsValue: true}, {Question: "q2", Option: "o"}},
			Estimate:     &ras.Estimate{},
			Eligibility:  []ras.Eligibility{{Framework: "chc", Decision: ras.DecisionPending, Basis: "rule 1"}},
			InformalHelp: []ras.InformalHelp{{Helper: "son", HelperID: "C1", Activity: "meals", HoursPerWeek: 0.1, LivesWith: true}}},
		{ID: "b", PlannedWeekly: &big},
		{ID: "c", PlannedWeekly: new(decimal.Decimal)},
		{ID: "d", BudgetStart: ras.Date{Year: 2026, Month: 1, Day: 1}, AddOns: []ras.ApprovedAddOn{
			{AddOn: "san", Amount: &big, ApprovedOn: ras.Date{Year: 2025, Month: 12, Day: 1}, Reference: "R-1"},
			{AddOn: "one_time", ApprovedOn: ras.Date{Year: 2025, Month: 12, Day: 2}}}},
	}
	s := checkRoundTrip(t, "odd cases", odd)
	if s.len() != 5 {
		t.Fatal("odd cases not all stored")
	}
	// A date the store cannot pack is an error, and the store is left as
	// it was.
	if err := s.add(&ras.Assessment{ID: "d", Date: ras.Date{Year: 2024, Month: 1, Day: 99}}); err == nil || s.len() != 5 || len(s.id) != 5 || len(s.ansOff) != 6 {
		t.Fatalf("unpackable date: err %v, %d stored", err, s.len())
	}
	checkRoundTrip(t, "odd cases again", odd)
}

// TestStoreKeep: keep selects rows in order.
func TestStoreKeep(t *testing.T) {
	m, _ := ras.LoadModel(ras.ModelPoints)
	g, _ := synth.New(m, synth.Options{Seed: 5})
	var as []ras.Assessment
	for a := range g.Assessments(500) {
		as = append(as, *a)
	}
	s := checkRoundTrip(t, "all", as)
	rows := []int{0, 7, 8, 250, 499}
	k, err := s.keep(rows)
	if err != nil {
		t.Fatal(err)
	}
	var want []ras.Assessment
	for _, i := range rows {
		want = append(want, as[i])
	}
	checkRoundTrip(t, "kept", want)
	i := 0
	for chunk := range k.chunks(nil) {
		for j := range chunk {
			if why := sameAssessment(chunk[j], want[i]); why != "" {
				t.Fatalf("kept row %d: %s", i, why)
			}
			i++
		}
	}
}
