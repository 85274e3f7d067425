package ras_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

func ExampleEngine_Assess() {
	e, err := ras.Load(ras.ModelPoints)
	if err != nil {
		fmt.Println(err)
		return
	}
	age := 78
	a := &ras.Assessment{
		ID: "A-1001", Date: ras.Date{Year: 2025, Month: 5, Day: 12}, Cohort: ras.CohortAdult,
		Person:  ras.Person{ID: "P-501", Age: &age, LivingSetting: ras.SettingHomeAlone},
		Answers: pointsAnswers(), // 41 points in all; see the worked example in the tests
	}
	r, err := e.Assess(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("points:", r.TotalPoints)
	fmt.Println("weekly:", r.Weekly().StringFixed(2))
	fmt.Println("annual:", r.Annual().StringFixed(2))
	for _, h := range r.Hours() {
		fmt.Printf("%s: %s hours\n", h.Name, h.Hours.StringFixed(2))
	}
	// Output:
	// points: 41
	// weekly: 321.85
	// annual: 16736.20
	// Personal care: 5.77 hours
	// Help at home: 4.86 hours
	// Social and community support: 4.03 hours
}

func ExampleResult_Explain() {
	e, _ := ras.Load(ras.ModelPoints)
	age := 9
	a := &ras.Assessment{
		ID: "C-7", Date: ras.Date{Year: 2025, Month: 9, Day: 1}, Cohort: ras.CohortChildren,
		Person: ras.Person{ID: "P-9", Age: &age, LivingSetting: ras.SettingHomeFamily},
		Answers: answers("washing", "some", "dressing", "some", "toileting", "none", "continence", "none", "eating", "none",
			"indoors", "none", "transfers", "none", "outdoors", "some", "falls", "none",
			"meal_prep", "all", "shopping", "all", "diet", "none",
			"cleaning", "all", "laundry", "all", "home_safety", "all",
			"medication", "none", "conditions", "none", "skin", "none",
			"risk_self", "none", "risk_others", "none", "supervision", "some", "nights", "none",
			"family", "none", "lonely", "none", "communication", "none",
			"community_access", "some", "work", "none", "leisure", "none", "transport", "some", "school", "some",
			"decisions", "some", "money", "all",
			"carer_willing", "partly", "carer_health", "none", "carer_breaks", "some"),
	}
	r, err := e.Assess(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	// By support type: personal care 4+1+0+3 = 8 points, help at home
	// 7+10 = 17, social 0+4+4 = 8, carers' breaks 5: £190 × 8/38 = £40 at
	// £24.50/h = 1.63 h; × 17/38 = £85 at £21 = 4.05 h; £40 at £19.50 =
	// 2.05 h; × 5/38 = £25 at £22 = 1.14 h.
	r.Explain(os.Stdout)
	// Output:
	// Indicative personal budget for assessment C-7 (model Stonesoup points RAS, version 1.0.0)
	//
	// Personal care
	//   - Washing and bathing: you answered "I need some help", 2 points.
	//   - Getting dressed and undressed: you answered "I need some help", 2 points.
	//   - Using the toilet: you answered "I can do this myself", 0 points.
	//   - Managing continence: you answered "I can do this myself", 0 points.
	//   - Eating and drinking: you answered "I can do this myself", 0 points.
	//   Personal care: 4 points in all.
	//
	// Moving about
	//   - Moving around indoors: you answered "I can do this myself", 0 points.
	//   - Getting in and out of bed or a chair: you answered "I can do this myself", 0 points.
	//   - Getting out of the house: you answered "I need some help", 1 point.
	//   - Risk of falling: you answered "I rarely or never fall", 0 points.
	//   Moving about: 1 point in all.
	//
	// Food and drink
	//   - Preparing meals: you answered "Someone has to do this for me", 4 points.
	//   - Shopping for food: you answered "Someone has to do this for me", 3 points.
	//   - Following a special diet: you answered "No special diet", 0 points.
	//   Food and drink: 7 points in all.
	//
	// Keeping my home
	//   - Cleaning and tidying: you answered "Someone has to do this for me", 3 points.
	//   - Washing and ironing clothes: you answered "Someone has to do this for me", 3 points.
	//   - Keeping my home safe (heating, doors, appliances): you answered "Someone has to do this for me", 4 points.
	//   Keeping my home: 10 points in all.
	//
	// Health and medicines
	//   - Taking medicines: you answered "I can do this myself", 0 points.
	//   - Managing a long-term health condition: you answered "I can do this myself", 0 points.
	//   - Looking after my skin: you answered "I can do this myself", 0 points.
	//   Health and medicines: 0 points in all.
	//
	// Staying safe
	//   - Risk of harm to myself: you answered "I can do this myself", 0 points.
	//   - Risk of harm to other people: you answered "I can do this myself", 0 points.
	//   - How long I can be left alone: you answered "A few hours", 3 points.
	//   - Support at night: you answered "I need no help at night", 0 points.
	//   Staying safe: 3 points in all.
	//
	// Relationships and communication
	//   - Keeping in touch with family and friends: you answered "I can do this myself", 0 points.
	//   - Feeling lonely or isolated: you answered "Rarely", 0 points.
	//   - Making myself understood: you answered "I can do this myself", 0 points.
	//   Relationships and communication: 0 points in all.
	//
	// Community, work and learning
	//   - Taking part in community life: you answered "I need some help", 1 point.
	//   - Work, learning or volunteering: you answered "I can do this myself", 0 points.
	//   - Hobbies and leisure: you answered "I can do this myself", 0 points.
	//   - Using transport: you answered "I need some help", 1 point.
	//   - Support to attend school or college: you answered "I need some help", 2 points.
	//   Community, work and learning: 4 points in all.
	//
	// Making decisions and managing money
	//   - Making everyday decisions: you answered "I need some help", 1 point.
	//   - Managing money and bills: you answered "Someone has to do this for me", 3 points.
	//   Making decisions and managing money: 4 points in all.
	//
	// Family carers
	//   - Is a family member or friend willing and able to keep helping?: you answered "Yes, but it is getting harder", 3 points.
	//   - How is your carer's own health affected?: you answered "Not affected", 0 points.
	//   - Does your carer get breaks?: you answered "Some, not enough", 2 points.
	//   Family carers: 5 points in all.
	//
	// Your answers add up to 38 points, which is in the "Some support" band (25 to 44 points; Children's support bands). That band gives £190.00 a week.
	//
	// Indicative budget: £190.00 a week, £9,880.00 a year.
	// The annual amount is worked out from the exact weekly amount: £190.00 × 52 weeks = £9,880.00.
	// This is about:
	//   - 1.63 hours a week of personal care (£40.00)
	//   - 4.05 hours a week of help at home (£85.00)
	//   - 2.05 hours a week of social and community support (£40.00)
	//   - 1.14 hours a week of breaks for carers (£25.00)
	// This is an indicative amount. Your support plan will confirm the budget you need.
}

// Florida's iBudget rule: each person's algorithm amount plus approved
// Significant Additional Needs funding, pro-rated to the part of the fiscal
// year left (Result.Total), then the caseload capped at the appropriation.
// The figures are worked by hand in TestFloridaWorkedExample.
func ExampleEngine_ComposeCaseload() {
	e, _ := ras.Load(ras.ModelIBudgetFlorida)
	rs, err := e.AssessBatch(context.Background(), floridaCaseload(), ras.BatchOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	appropriation := decimal.RequireFromString("40000.00")
	cl, err := e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: &appropriation})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("requested:", ras.FormatMoney(cl.Requested, "USD"), "scale:", cl.Scale)
	for _, p := range cl.People {
		fmt.Println(p.AssessmentID, ras.FormatMoney(p.Before, "USD"), "→", ras.FormatMoney(p.After, "USD"))
	}
	fmt.Println("allocated:", ras.FormatMoney(cl.Allocated, "USD"))
	// Output:
	// requested: $46,304.24 scale: 0.8638517768
	// FL-A $23,997.07 → $20,729.91
	// FL-B $7,695.43 → $6,647.71
	// FL-C $14,611.74 → $12,622.38
	// allocated: $40,000.00
}

// A council words the explanation its own way: here the budget line, in
// Welsh, and the footer left out; the other steps keep the shipped wording.
func ExampleNewExplainTemplates() {
	ts, err := ras.NewExplainTemplates(map[string]string{
		"budget": "Cyllideb ddangosol: {{.Weekly}} yr wythnos, {{.Annual}} y flwyddyn.",
		"footer": "",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := ras.Load(ras.ModelPoints)
	r, _ := e.Assess(&ras.Assessment{ID: "A-1", Date: ras.Date{Year: 2025, Month: 4, Day: 1}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P-1", Age: intp(40), LivingSetting: ras.SettingHomeAlone}, Answers: pointsAnswers()})
	var buf bytes.Buffer
	r.ExplainWith(&buf, ras.ExplainOptions{Templates: ts})
	_, tail, _ := strings.Cut(buf.String(), "Your answers add up")
	fmt.Print("Your answers add up" + tail)

	// A template that names a field its step does not have is refused.
	_, err = ras.NewExplainTemplates(map[string]string{"cap": "Capped at {{.Cap}}."})
	fmt.Println(err)
	// Output:
	// Your answers add up to 41 points. At £7.85 a point (Adult social care), that is £321.85 a week.
	//
	// Cyllideb ddangosol: £321.85 yr wythnos, £16,736.20 y flwyddyn.
	// The annual amount is worked out from the exact weekly amount: £321.85 × 52 weeks = £16,736.20.
	// This is about:
	//   - 5.77 hours a week of personal care (£141.30)
	//   - 4.86 hours a week of help at home (£102.05)
	//   - 4.03 hours a week of social and community support (£78.50)
	// ras: templates.cap: uses the field Cap, which this step does not have (its fields: Limit, Amount, Before, After)
}
