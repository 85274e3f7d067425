package synth_test

import (
	"fmt"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

const exampleModel = `{
 "id": "example", "version": "1", "name": "Example", "family": "points",
 "cohorts": ["adult_social_care", "carers"],
 "support_types": [{"id": "care", "name": "Care", "hourly_rate": "25"}],
 "points": {"schedules": [{"id": "flat", "price_per_point": "12.50"}]},
 "domains": [
  {"id": "personal", "name": "Personal care", "support_type": "care", "questions": [
   {"id": "washing", "text": "Washing", "options": [
    {"id": "none", "label": "No help", "points": 0}, {"id": "some", "label": "Some help", "points": 3},
    {"id": "full", "label": "Full help", "points": 6}]}]},
  {"id": "safety", "name": "Staying safe", "support_type": "care", "questions": [
   {"id": "risk", "text": "Risk", "options": [
    {"id": "low", "label": "Low", "points": 0}, {"id": "high", "label": "High", "points": 4}]}]}
 ]}`

func Example() {
	m, err := ras.ParseModel(strings.NewReader(exampleModel))
	if err != nil {
		panic(err)
	}
	g, err := synth.New(m, synth.Options{Seed: 42})
	if err != nil {
		panic(err)
	}
	e, err := ras.Compile(m)
	if err != nil {
		panic(err)
	}
	for c := range g.Cases(4) {
		a := &c.Assessment
		r, err := e.Assess(a)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %-17s age %2d %-11s budget %6s planned %7s (mu %.2f)\n",
			a.Person.ID, a.Cohort, c.Age, a.Person.LivingSetting, r.Weekly().StringFixed(2), a.PlannedWeekly.StringFixed(2), c.Mu)
	}
	// Persons 0 and 1 are a child and a CHC patient, whom the model does
	// not serve.

	// Output:
	// P0000003 adult_social_care age 36 home_alone  budget   0.00 planned   18.78 (mu 60.00)
	// P0000004 adult_social_care age 41 home_family budget  50.00 planned  145.36 (mu 226.79)
	// P0000005 carers            age 62 home_family budget   0.00 planned   13.80 (mu 25.00)
	// P0000006 carers            age 65 home_family budget  37.50 planned  173.38 (mu 213.36)
}

func ExamplePerson() {
	p := synth.Person(42, 0)
	start := synth.DefaultStart()
	fmt.Println(p.ID, p.Cohort, p.Age, p.Setting, "assessed", p.AssessedOn(start), "born", p.BornOn(start))
	// Output:
	// P0000001 children 17 home_family assessed 2023-05-29 born 2006-02-26
}
