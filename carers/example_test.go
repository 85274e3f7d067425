package carers_test

import (
	"fmt"
	"os"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

func Example() {
	hours := func(s string) carers.Hours { h, _ := carers.ParseHours(s); return h }
	date := func(s string) (d carers.Carer) { d.AssessedOn, _ = carers.Date(s); return d }

	// Two assessments of the same caring relationship, six months apart.
	before := date("2024-01-15")
	before.CarerID, before.PersonID, before.WeeklyHours = "C1", "P1", hours("35")
	before.LivesWith, before.OtherSupport, before.BehaviourToCarer = carers.Yes, carers.Yes, carers.BehaviourLow
	before.StrainInstrument, before.StrainScore = "csi", 5

	now := before
	now.AssessedOn, _ = carers.Date("2024-07-15")
	now.WeeklyHours = hours("55")
	now.OtherSupport, now.BehaviourToCarer, now.StrainScore = carers.No, carers.BehaviourHigh, 8

	// Value the hours at the Carers UK 2021 replacement cost, £25 an hour.
	v, _ := carers.NewReplacementCost(carers.DefaultRateCard(), carers.ValuationOptions{})
	val, _ := v.Value(&now)
	fmt.Printf("%s: £%s a week, £%s a year\n", val.Basis.Method, val.Weekly().StringFixed(2), val.Annual().StringFixed(2))

	// The same hours at a wage the caller states (opportunity cost).
	w, _ := carers.NewOpportunityCost(carers.Wage{PerHour: decimal.RequireFromString("12.00"), Source: "example wage"}, carers.ValuationOptions{})
	oc, _ := w.Value(&now)
	fmt.Printf("%s: £%s a week\n", oc.Basis.Method, oc.Weekly().StringFixed(2))

	// Flag risk and show the change since the previous assessment.
	m, _ := carers.NewRiskModel(carers.DefaultRiskConfig(), nil)
	list, _ := m.Prioritise([]carers.Carer{now}, []carers.Carer{before}, carers.PriorityOptions{})
	_ = m.WritePriorities(os.Stdout, list)

	// Output:
	// replacement_cost: £1375.00 a week, £71500.00 a year
	// opportunity_cost: £660.00 a week
	// Flags for a practitioner to review, not a safeguarding decision: the indicators prompt professional judgement and do not predict or establish harm.
	// 1. carer C1, person P1: high (score 8), rising +7 since previous assessment
	//    - behaviour that challenges directed at the carer recorded as high (flags at moderate or above) (+3)
	//    - strain score 8 on csi (high at 7 or more) (+2)
	//    - carer has no other practical or emotional support (+1)
	//    - carer lives with the person cared for (+1)
	//    - cares 55.00 hours a week (flags at 50.00 or more) (+1)
	//    * new since previous assessment: behaviour that challenges directed at the carer
	//    * new since previous assessment: high carer strain
	//    * new since previous assessment: no other support
	//    * new since previous assessment: very high hours of care
	//    ? not recorded: carer's own health deteriorating; breaks or outside help refused
}

func ExampleInstrument_Score() {
	csi := carers.BuiltinInstruments()["csi"]
	answers := []string{"yes", "yes", "no", "yes", "no", "yes", "yes", "no", "yes", "yes", "no", "no", "yes"}
	s, _ := csi.Score(answers)
	fmt.Println(csi.Name, s.Total, s.Band, s.High)
	// Output: Caregiver Strain Index 8 high strain true
}

func ExampleSummarise() {
	people := []carers.Person{{PersonID: "P1", Cohort: "older"}, {PersonID: "P2", Cohort: "older"}, {PersonID: "P3", Cohort: "ld"}}
	cs := []carers.Carer{
		{CarerID: "A", PersonID: "P1", WeeklyHours: 1000}, // 10 h
		{CarerID: "B", PersonID: "P3", WeeklyHours: 5500}, // 55 h
	}
	v, _ := carers.NewReplacementCost(carers.DefaultRateCard(), carers.ValuationOptions{})
	vals, _ := v.ValueAll(nil, cs)
	s, _ := carers.Summarise(people, cs, vals, carers.SummaryOptions{})
	fmt.Printf("share with a carer %.2f; mean £%s, median £%s a week per adult\n",
		s.All.ShareWithCarer, s.All.PerAdult.Mean.StringFixed(2), s.All.PerAdult.Median.StringFixed(2))
	for i, b := range s.Bands {
		fmt.Printf("%s hours: %d\n", b.Label, s.All.HoursBands[i])
	}
	// Output:
	// share with a carer 0.67; mean £541.67, median £250.00 a week per adult
	// 19 or less hours: 1
	// 20 to 49 hours: 0
	// 50 or more hours: 1
}

func ExampleFromAssessment() {
	// A RAS assessment records who helps the person, with what and for how long.
	a := ras.Assessment{
		ID: "A1", Date: ras.Date{Year: 2024, Month: 3, Day: 4}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P1", Locality: "North"},
		InformalHelp: []ras.InformalHelp{
			{Helper: "spouse", HelperID: "C7", Activity: "personal_care", HoursPerWeek: 30, LivesWith: true},
			{Helper: "spouse", HelperID: "C7", Activity: "meals", HoursPerWeek: 7.5, LivesWith: true},
			{Helper: "son", Activity: "shopping", HoursPerWeek: 3},
		},
	}
	x, _ := carers.FromAssessment(&a, carers.ConvertOptions{})
	v, _ := carers.NewReplacementCost(carers.DefaultRateCard(), carers.ValuationOptions{})
	for _, c := range x.Carers {
		val, _ := v.Value(&c)
		fmt.Printf("%s cares for %s: %s h a week %v, lives with: %s; £%s a week\n",
			c.CarerID, c.PersonID, c.WeeklyHours, c.Split, c.LivesWith, val.Weekly().StringFixed(2))
	}
	// Output:
	// C7 cares for P1: 37.50 h a week [{personal_care any 30.00} {domestic any 7.50}], lives with: yes; £937.50 a week
	// P1-H2 cares for P1: 3.00 h a week [{practical any 3.00}], lives with: no; £75.00 a week
}

func ExampleCarerEligibility() {
	// A carer's assessment found her health at risk of deteriorating, with a significant
	// impact on her well-being (health): reg. 3(2)(a) needs no unmet outcome.
	c := carers.Carer{CarerID: "C7", PersonID: "P1", Eligibility: &eligibility.CarerAssessment{
		NecessaryCare: true, HealthDeteriorating: true,
		WellBeing: eligibility.WellBeingOf(eligibility.WellBeingHealth), SignificantImpact: true,
	}}
	r, _ := carers.CarerEligibility(&c)
	fmt.Println("meets the carer eligibility criteria:", r.Met, "health route:", r.HealthRoute)
	// Output: meets the carer eligibility criteria: true health route: true
}

func ExampleGenerate() {
	s, _ := carers.Generate(1, 2000, carers.GenerateOptions{})
	assessed := 0
	for _, c := range s.Current {
		if c.Eligibility != nil {
			assessed++
		}
	}
	fmt.Println("adults with needs:", len(s.People))
	fmt.Println("caring relationships:", len(s.Current), "of which carers with their own assessment:", assessed)
	fmt.Println("earlier assessments:", len(s.Previous))
	c := s.Current[0]
	fmt.Printf("first: carer %s cares for %s, %s h a week, lives with: %s\n", c.CarerID, c.PersonID, c.WeeklyHours, c.LivesWith)
	// Output:
	// adults with needs: 1476
	// caring relationships: 913 of which carers with their own assessment: 255
	// earlier assessments: 101
	// first: carer P0000002 cares for X0000002, 18.00 h a week, lives with: no
}
