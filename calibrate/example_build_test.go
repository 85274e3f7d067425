package calibrate_test

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/ras"
)

// A questionnaire of one domain with two questions, priced per point.
const exampleModel = `{"id": "mini", "version": "1", "name": "Mini", "family": "points",
 "cohorts": ["adult_social_care"], "missing": "error",
 "support_types": [{"id": "pc", "name": "Personal care", "hourly_rate": "20"}],
 "domains": [{"id": "care", "name": "Care", "support_type": "pc", "questions": [
  {"id": "wash", "text": "Washing", "options": [{"id": "none", "label": "None", "points": 0},
    {"id": "some", "label": "Some", "points": 2}, {"id": "all", "label": "All", "points": 5}]},
  {"id": "meals", "text": "Meals", "options": [{"id": "no", "label": "No", "points": 0},
    {"id": "yes", "label": "Yes", "points": 3}]}]}],
 "points": {"schedules": [{"id": "all", "price_per_point": "10"}]}}`

// Build a design from assessments, fit least squares, export the fit as a
// ras model and run it through the engine.
func ExampleBuildDesign() {
	m, err := ras.ParseModel(strings.NewReader(exampleModel))
	if err != nil {
		panic(err)
	}
	day, _ := ras.ParseDate("2025-01-06")
	var as []ras.Assessment
	for i, c := range []struct{ wash, meals, cost string }{
		{"none", "no", "20"}, {"some", "no", "62"}, {"all", "no", "95"},
		{"none", "yes", "48"}, {"some", "yes", "90"}, {"all", "yes", "131"},
	} {
		age := 70
		cost := decimal.RequireFromString(c.cost)
		as = append(as, ras.Assessment{ID: fmt.Sprintf("A%d", i+1), Date: day, Cohort: ras.CohortAdult,
			Person:        ras.Person{ID: fmt.Sprintf("P%d", i+1), Age: &age, LivingSetting: ras.SettingHomeAlone},
			Answers:       ras.Answers{{Question: "wash", Option: c.wash}, {Question: "meals", Option: c.meals}},
			PlannedWeekly: &cost})
	}
	d, err := calibrate.BuildDesign(m, as, calibrate.DesignSpec{Items: []calibrate.ItemSpec{
		{Question: "wash", Reference: "none"}, {Question: "meals", Reference: "no"}}})
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Join(d.Design.Names, " | "))
	f, err := calibrate.OLS(d.Design, calibrate.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range f.Coefs {
		fmt.Printf("%-12s %7.3f\n", c.Name, c.Estimate)
	}
	nm, err := calibrate.ExportLinear(d, f, calibrate.ExportOptions{Version: "2025.1"})
	if err != nil {
		panic(err)
	}
	eng, err := ras.Compile(nm)
	if err != nil {
		panic(err)
	}
	r, err := eng.Assess(&as[4])
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %s: %s a week (fitted %.4f)\n", nm.ID, nm.Version, r.Weekly().StringFixed(2), f.Fitted[4])
	// The design is balanced and the costs additive, so by hand: meals =
	// mean(yes) − mean(no) = 89.667 − 59 = 30.667; the washing effects are
	// differences of row means (34, 76, 113): 42 and 79; the intercept is
	// 34 − 30.667/2 = 18.667; A5 (some, yes) is 18.667 + 42 + 30.667.

	// Output:
	// (Intercept) | wash=some | wash=all | meals=yes
	// (Intercept)   18.667
	// wash=some     42.000
	// wash=all      79.000
	// meals=yes     30.667
	// mini-calibrated 2025.1: 91.33 a week (fitted 91.3333)
}
