package pathway_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// Pathway data for the first ten ras/synth persons of seed 1, with a
// planned amount of £400 a week for each: every pathway starts with a
// request before the person's ras/synth assessment date, and every service
// starts after it.
func ExampleSynthesize() {
	const seed = 1
	ids := make([]string, 10)
	planned := map[string]decimal.Decimal{}
	for i := range ids {
		ids[i] = synth.PersonID(i)
		planned[ids[i]] = decimal.NewFromInt(400)
	}
	s, err := pathway.Synthesize(ids, pathway.SynthOptions{Seed: seed, Planned: planned})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("period:", s.Start, "to", s.Extract)
	assessed := map[string]pathway.Date{}
	for i, p := range s.Persons {
		f := synth.Person(seed, i)
		a := f.AssessedOn(synth.DefaultStart())
		assessed[p.ID] = p.Assessed
		if p.Team != f.Locality || p.Assessed != pathway.NewDate(a.Year, a.Month, a.Day) {
			fmt.Println("disagrees with ras/synth:", p.ID)
		}
	}
	ok := true
	for _, e := range s.Events {
		if e.Type == pathway.EventRequest && e.Date >= assessed[e.PersonID] {
			ok = false
		}
	}
	for _, v := range s.Services {
		if v.Start <= assessed[v.PersonID] {
			ok = false
		}
	}
	fmt.Println("requests before and services after the assessment:", ok)
	// Output:
	// period: 2023-04-01 to 2025-01-01
	// requests before and services after the assessment: true
}
