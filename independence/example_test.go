package independence_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

func ExampleInstrument_Score() {
	in, err := independence.Builtin("barthel-100")
	if err != nil {
		panic(err)
	}
	s, err := in.Score(independence.Assessment{
		PersonID: "P001",
		Date:     time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Levels: map[string]string{
			"feeding": "independent", "bathing": "unable", "grooming": "independent",
			"dressing": "needs_help", "bowels": "in_control", "bladder": "occasional_accidents",
			"toilet_use": "needs_help", "transfers": "minor_help", "mobility": "10", "stairs": "unable",
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %v/%v, %s\n", s.PersonID, s.Total, in.MaxTotal(), s.Band)

	// A level the instrument lacks is an error naming the record and field.
	_, err = in.Score(independence.Assessment{PersonID: "P002", Levels: map[string]string{"feeding": "sometimes"}})
	fmt.Println(strings.SplitN(err.Error(), "\n", 2)[0])
	// Output:
	// P001: 60/100, heavily dependent
	// independence: record 0 (person "P002") field "feeding" value "sometimes": level "sometimes" not defined for this item in instrument barthel-100 (levels [unable needs_help independent]): level not in instrument
}

func ExampleLMSTable_Z() {
	// WHO Child Growth Standards, weight-for-age, boys, months 0 and 1
	// (L, M, S as published by WHO).
	csv := "Month,L,M,S\n0,0.3487,3.3464,0.14602\n1,0.2297,4.4709,0.13395\n"
	tab, err := independence.ReadLMSCSV(strings.NewReader(csv), independence.LMSReadOptions{Name: "wfa boys", AgeColumn: "Month"})
	if err != nil {
		panic(err)
	}
	z, _ := tab.Z(0, 2.5, independence.LMSOptions{})
	c, _ := tab.Centile(0, 2.5, independence.LMSOptions{})
	sd2, _ := tab.ValueAtZ(0, 2, independence.LMSOptions{})
	mid, _ := tab.Expected(0.5) // median half-way, interpolated linearly
	fmt.Printf("z = %.2f, centile %.1f, +2 SD line %.1f kg, median at 0.5 months %.3f kg\n", z, c, sd2, mid)
	// Output:
	// z = -1.90, centile 2.9, +2 SD line 4.4 kg, median at 0.5 months 3.909 kg
}

func ExampleAgeBandCentiles() {
	ages := []float64{2.5, 3, 3.5, 4, 6, 7, 7.5, 8}
	scores := []float64{2, 3, 3, 5, 8, 9, 11, 12}
	bands := []independence.AgeBand{{Label: "2–5", Min: 2, Max: 5}, {Label: "5–8", Min: 5, Max: 8}}
	tab, err := independence.AgeBandCentiles(ages, scores, bands, independence.CentileOptions{Probs: []float64{0.1, 0.5, 0.9}})
	if err != nil {
		panic(err)
	}
	for _, b := range tab.Bands {
		fmt.Printf("%s n=%d P10=%.2f P50=%.2f P90=%.2f\n", b.Band.Label, b.N, b.Centiles[0], b.Centiles[1], b.Centiles[2])
	}
	fmt.Println("outside:", tab.Outside)
	// Output:
	// 2–5 n=4 P10=2.30 P50=3.00 P90=4.40
	// 5–8 n=3 P10=8.20 P50=9.00 P90=10.60
	// outside: 1
}

func ExampleMannKendall() {
	months := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	score := []float64{3, 4, 4, 6, 5, 7, 8, 8}
	r, err := independence.MannKendall(months, score)
	if err != nil {
		panic(err)
	}
	fmt.Printf("S=%v tau_b=%.3f z=%.3f p=%.4f Sen=%.3f per month\n", r.S, r.TauB, r.Z, r.PValue, r.SensSlope)
	// Output:
	// S=24 tau_b=0.889 z=3.016 p=0.0026 Sen=0.775 per month
}

func ExampleSynthChildren() {
	// The children among the first 200 ras/synth persons of seed 1, each
	// with yearly reassessments on personal-care-4 (the default).
	series, err := independence.SynthChildren(1, 200, independence.SynthChildOptions{})
	if err != nil {
		panic(err)
	}
	in, _ := independence.Builtin("personal-care-4")
	s := series[0]
	for _, x := range series {
		if len(x.Assessments) >= 4 {
			s = x // the first child with four or more
			break
		}
	}
	scores, err := in.ScoreAll(s.Assessments)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d children; %s (person %d) has %d assessments:\n", len(series), s.PersonID, s.Index, len(scores))
	for _, sc := range scores {
		fmt.Printf("  %s age %4.1f total %2v/15\n", sc.Date.Format(time.DateOnly), sc.AgeYears, sc.Total)
	}
	// Output:
	// 20 children; P0000027 (person 26) has 5 assessments:
	//   2019-07-11 age 10.4 total  5/15
	//   2020-06-16 age 11.3 total  7/15
	//   2021-06-08 age 12.3 total  7/15
	//   2022-05-16 age 13.2 total  8/15
	//   2023-04-18 age 14.1 total  8/15
}

func ExampleFromRAS() {
	// A child's RAS assessment, with the activity "washing" recorded under
	// its own name: rename it to the personal-care-4 item.
	a := &ras.Assessment{
		ID: "A1", Date: ras.Date{Year: 2024, Month: 3, Day: 11}, Cohort: ras.CohortChildren,
		Person: ras.Person{ID: "P0000042", DateOfBirth: ras.Date{Year: 2015, Month: 3, Day: 10}},
		Independence: []ras.ActivityLevel{
			{Activity: "nutrition", Level: "independent"}, {Activity: "washing", Level: "some_help"},
			{Activity: "toilet", Level: "prompting"}, {Activity: "clothing", Level: "full_help"},
			{Activity: "home_safety", Level: "independent"},
		},
		InformalHelp: []ras.InformalHelp{
			{Helper: "parent", Activity: "personal_care", HoursPerWeek: 10.5},
			{Helper: "grandparent", Activity: "washing", HoursPerWeek: 2},
		},
	}
	in, _ := independence.Builtin("personal-care-4")
	as, help, err := independence.FromRAS(a, independence.RASOptions{Instrument: in, Activities: map[string]string{"washing": "hygiene"}})
	if err != nil {
		panic(err)
	}
	s, _ := in.Score(as)
	p, _ := independence.BuildProfile(in, s, help)
	fmt.Printf("%s age %.3f total %v/15, %v hours of help a week\n", s.PersonID, s.AgeYears, s.Total, p.TotalHoursPerWeek)
	for _, act := range p.Activities {
		fmt.Printf("  %s: %v h by %v (level %q)\n", act.Activity, act.HoursPerWeek, act.Helpers, act.Level)
	}
	// Output:
	// P0000042 age 9.003 total 9/15, 12.5 hours of help a week
	//   hygiene: 2 h by [other_relative] (level "needs some help")
	//   personal_care: 10.5 h by [parent] (level "")
}

func ExamplePublishScoreCentiles() {
	// Scores of 12 children aged 5–10 and of 3 aged 10–15 (one assessed
	// twice). The 3 is hidden, and the 12 with it (else 3 = total − 12);
	// the 5–10 band keeps its centiles, the 10–15 band has too few children.
	var scores []independence.Score
	for i := range 12 {
		scores = append(scores, independence.Score{PersonID: fmt.Sprintf("C%02d", i), AgeYears: 5 + 0.4*float64(i), Total: float64(i % 6)})
	}
	for i, id := range []string{"D1", "D2", "D3", "D3"} {
		scores = append(scores, independence.Score{PersonID: id, AgeYears: 11 + float64(i), Total: 9})
	}
	bands := []independence.AgeBand{{Label: "5–10", Min: 5, Max: 10}, {Label: "10–15", Min: 10, Max: 15}}
	p, err := independence.PublishScoreCentiles(scores, bands, independence.CentileOptions{Probs: []float64{0.25, 0.5, 0.75}}, disclosure.Options{})
	if err != nil {
		panic(err)
	}
	p.WriteMarkdown(os.Stdout, 1)
	// Output:
	// | Age (years) | Children | Mean | P25 | P50 | P75 |
	// |---|---:|---:|---:|---:|---:|
	// | 5–10 | * | 2.5 | 1.0 | 2.5 | 4.0 |
	// | 10–15 | * | * | * | * | * |
	//
	// Counts of children from 1 to 4 are hidden (*), with one more count where needed so that a hidden count cannot be recovered from the total (*); bands with fewer than 5 children have their mean and centiles hidden.
}
