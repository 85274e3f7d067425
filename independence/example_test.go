package independence_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/independence"
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
