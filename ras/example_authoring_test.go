package ras_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
)

// A council writes its own points model as JSON (an editor can check it
// against ras.ModelSchema as it is typed), loads it, compiles it, builds a
// person's answers by question and option id, and explains the budget.
func Example_authoring() {
	const model = `{
	  "id": "my-council", "version": "2025.1", "name": "My Council RAS", "family": "points",
	  "cohorts": ["adult_social_care"],
	  "support_types": [
	    {"id": "personal_care", "name": "Personal care", "hourly_rate": "25.00"},
	    {"id": "domestic", "name": "Help at home", "hourly_rate": "20.00"}],
	  "domains": [
	    {"id": "care", "name": "Personal care", "support_type": "personal_care", "questions": [
	      {"id": "washing", "text": "Washing and bathing", "options": [
	        {"id": "none", "label": "I can do this myself", "points": 0},
	        {"id": "some", "label": "I need some help", "points": 3},
	        {"id": "all", "label": "Someone has to do this for me", "points": 6}]},
	      {"id": "dressing", "text": "Getting dressed", "options": [
	        {"id": "none", "label": "I can do this myself", "points": 0},
	        {"id": "some", "label": "I need some help", "points": 2}]}]},
	    {"id": "home", "name": "Keeping my home", "support_type": "domestic", "questions": [
	      {"id": "cleaning", "text": "Cleaning", "options": [
	        {"id": "none", "label": "I can do this myself", "points": 0},
	        {"id": "some", "label": "I need some help", "points": 2}]}]}],
	  "points": {"schedules": [{"id": "adults", "name": "Adult price", "price_per_point": "12.50"}]},
	  "limits": {"floor_weekly": "20.00", "floor_support_type": "personal_care", "cap_weekly": "500.00"}
	}`
	m, err := ras.ParseModel(strings.NewReader(model))
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := ras.Compile(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	answers, err := e.NewAnswers().
		Choice("washing", "some").
		Choice("dressing", "some").
		Choice("cleaning", "none").
		Answers()
	if err != nil {
		fmt.Println(err)
		return
	}
	age := 81
	r, err := e.Assess(&ras.Assessment{
		ID: "A-1", Date: ras.Date{Year: 2025, Month: 6, Day: 2}, Cohort: ras.CohortAdult,
		Person:  ras.Person{ID: "P-1", Age: &age, LivingSetting: ras.SettingHomeAlone},
		Answers: answers,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// 3 + 2 + 0 = 5 points × £12.50 = £62.50 a week, × 52 = £3250 a year;
	// all of it personal care at £25 an hour: 2.5 hours.
	r.Explain(os.Stdout)
	// Output:
	// Indicative personal budget for assessment A-1 (model My Council RAS, version 2025.1)
	//
	// Personal care
	//   - Washing and bathing: you answered "I need some help", 3 points.
	//   - Getting dressed: you answered "I need some help", 2 points.
	//   Personal care: 5 points in all.
	//
	// Keeping my home
	//   - Cleaning: you answered "I can do this myself", 0 points.
	//   Keeping my home: 0 points in all.
	//
	// Your answers add up to 5 points. At £12.50 a point (Adult price), that is £62.50 a week.
	//
	// Indicative budget: £62.50 a week, £3,250.00 a year.
	// The annual amount is worked out from the exact weekly amount: £62.50 × 52 weeks = £3,250.00.
	// This is about:
	//   - 2.50 hours a week of personal care (£62.50)
	// This is an indicative amount. Your support plan will confirm the budget you need.
}

// DescribeModel writes a model's questionnaire, rules and limits as
// Markdown; here the limits of a shipped model.
func ExampleDescribeModel() {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := ras.DescribeModel(&b, m); err != nil {
		fmt.Println(err)
		return
	}
	out := b.String()
	fmt.Print(out[strings.Index(out, "## Limits"):])
	// Output:
	// ## Limits
	//
	// Applied last, in this order:
	//
	// 1. **Care home switch** (`care_home`): at most £900.00 a week for people living in: residential care home; nursing home.
	// 2. **Overall cap**: at most £1,250.00 a week.
	// 3. **Floor**: at least £30.00 a week; a top-up with nothing else to scale up is counted as personal care.
	//
	// A cap or floor scales the hours breakdown with the budget.
}
