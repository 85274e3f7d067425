package ras

import (
	"bytes"

	"github.com/shopspring/decimal"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The golden explanations pin the default wording of Explain for each
// shipped model, one file per case in testdata/golden. Run
// go test ./ras -run TestExplainGolden -update to rewrite them after a
// change of wording, and read the difference: each file was checked line by
// line against the arithmetic of its model (see the comments of the cases).

// pairs builds answers from question/option pairs.
func pairs(kv ...string) Answers {
	var out Answers
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Answer{Question: kv[i], Option: kv[i+1]})
	}
	return out
}

// goldenPointsAnswers: 41 points for an adult (see TestPointsModelWorkedExamples).
func goldenPointsAnswers() Answers {
	return pairs(
		"washing", "some", "dressing", "lots", "toileting", "none", "continence", "some", "eating", "none",
		"indoors", "some", "transfers", "some", "outdoors", "lots", "falls", "some",
		"meal_prep", "lots", "shopping", "all", "diet", "none",
		"cleaning", "all", "laundry", "all", "home_safety", "some",
		"medication", "some", "conditions", "some", "skin", "none",
		"risk_self", "none", "risk_others", "none", "supervision", "some", "nights", "none",
		"family", "some", "lonely", "lots", "communication", "none",
		"community_access", "lots", "work", "none", "leisure", "some", "transport", "lots",
		"decisions", "some", "money", "some")
}

// goldenHoursAnswers is the worked example of TestHoursModelWorkedExample.
func goldenHoursAnswers() Answers {
	as := pairs(
		"wash_morning", "some", "dress_morning", "prompt", "toilet_morning", "none", "groom", "prompt",
		"wash_evening", "prompt", "undress", "some", "bed", "none",
		"toilet_day", "none", "continence", "none", "reposition", "none",
		"breakfast", "none", "lunch", "prompt", "evening_meal", "some", "drinks", "none", "medicines", "prompt",
		"cleaning", "some", "laundry", "some", "shopping", "full",
		"activities", "some", "relationships", "none", "work_learning", "none",
		"left_alone", "hours", "wandering", "no", "behaviour", "no",
		"mobility_positioning", "some", "memory", "none", "two_workers", "no",
		"informal_personal_care", "some", "informal_meals", "half")
	as = append(as, Answer{Question: "informal_household_hours", Value: 2, IsValue: true})
	return append(as, pairs("night_support", "none", "carer_breaks", "short")...)
}

// goldenIBudgetAnswers is the worked example of TestIBudgetWorkedExample:
// placement, then Q14–Q50.
func goldenIBudgetAnswers(placement string) Answers {
	as := pairs("placement", placement,
		"q14", "1", "q15", "0", "q16", "3", "q17", "2", "q18", "2", "q19", "1", "q20", "4", "q21", "1", "q22", "0", "q23", "0", "q24", "3",
		"q25", "1", "q26", "0", "q27", "2", "q28", "1", "q29", "0", "q30", "0")
	for q := 32; q <= 50; q++ {
		v := "0"
		switch q {
		case 33:
			v = "2"
		case 36:
			v = "3"
		case 43:
			v = "1"
		}
		as = append(as, Answer{Question: "q" + strconv.Itoa(q), Option: v})
	}
	return as
}

type goldenCase struct {
	name  string
	model string
	a     Assessment
	// others and capAt: a caseload capped (Engine.ComposeCaseload) with a
	// before a's explanation is written.
	others []Assessment
	capAt  string
	// edit changes the shipped model first (a budget range, say).
	edit func(*Model)
}

// goldenRange gives the points model a budget range by cohort (log score,
// minimum scale £10): adults q = 0.62 on 1,234 assessments. Checked with
// Python's math.exp and decimal: for the adult of points-adult (£321.85 a
// week, 52 weeks), 321.85·e^−0.62 = 173.137417239846, rounded down £173.13,
// × 52 = 9,003.1456… → £9,003.14; 321.85·e^0.62 = 598.2959902682452,
// rounded up £598.30, × 52 = 31,111.3914… → £31,111.40. For the care home
// of points-care-home-cap (£1,216.75 before the £900.00 setting cap), the
// range is about the amount before the cap: 1,216.75·e^−0.62 =
// 654.5438944433201 → £654.54 (× 52 = 34,036.2825… → £34,036.28) and
// 1,216.75·e^0.62 = 2,261.8506949165367 → £2,261.86 (× 52 = 117,616.2361…
// → £117,616.24).
func goldenRange(m *Model) {
	ms := decimal.RequireFromString("10")
	m.Range = &RangeRules{Level: decimal.RequireFromString("0.8"), Method: RangeSplitConformal, Score: ScoreLog, MinScale: &ms, By: "cohort",
		Groups: map[string]RangeGroup{string(CohortAdult): {Quantile: 0.62, N: 1234}, string(CohortCHC): {Quantile: 0.55, N: 96}}, Period: "2025"}
}

func goldenCases() []goldenCase {
	age := func(n int) *int { return &n }
	date := Date{Year: 2025, Month: 4, Day: 1}
	adult := func(id string, c Cohort, s LivingSetting, as Answers) Assessment {
		return Assessment{ID: id, Date: date, Cohort: c, Person: Person{ID: "P-" + id, Age: age(40), LivingSetting: s}, Answers: as}
	}
	withSchool := append(goldenPointsAnswers(), Answer{Question: "school", Option: "some"})
	// The highest-scoring answer to every adult question.
	var high Answers
	m, _ := LoadModel(ModelPoints)
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			if len(q.Cohorts) > 0 {
				continue
			}
			best := q.Options[0]
			for _, o := range q.Options {
				if o.Points > best.Points {
					best = o
				}
			}
			high = append(high, Answer{Question: q.ID, Option: best.ID})
		}
	}
	low := pairs(
		"washing", "none", "dressing", "none", "toileting", "none", "continence", "none", "eating", "none",
		"indoors", "none", "transfers", "none", "outdoors", "some", "falls", "none",
		"meal_prep", "none", "shopping", "none", "diet", "none",
		"cleaning", "none", "laundry", "none", "home_safety", "none",
		"medication", "none", "conditions", "none", "skin", "none",
		"risk_self", "none", "risk_others", "none", "supervision", "none", "nights", "none",
		"family", "none", "lonely", "none", "communication", "none",
		"community_access", "none", "work", "none", "leisure", "none", "transport", "none",
		"decisions", "none", "money", "none")
	hours := adult("H1", CohortAdult, SettingHomeFamily, goldenHoursAnswers())
	hours.Date, hours.Person.Age = Date{Year: 2025, Month: 6, Day: 2}, age(81)
	hours.InformalHelp = []InformalHelp{{Helper: "daughter", Activity: InformalEmotional, HoursPerWeek: 1.5}}
	ib := Assessment{ID: "F1", Date: Date{Year: 2015, Month: 7, Day: 1}, Cohort: CohortAdult,
		Person: Person{ID: "P1", DateOfBirth: Date{Year: 1990, Month: 3, Day: 15}, LivingSetting: SettingSupportedLiving}, Answers: goldenIBudgetAnswers("ilsl")}
	ibChild := Assessment{ID: "F2", Date: Date{Year: 2015, Month: 7, Day: 1}, Cohort: CohortChildren,
		Person: Person{ID: "P2", Age: age(12), LivingSetting: SettingHomeFamily}, Answers: goldenIBudgetAnswers("fh")}
	// Florida's caseload of TestFloridaWorkedExample (compose_test.go).
	amt := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	flA := Assessment{ID: "FL-A", Date: Date{Year: 2025, Month: 12, Day: 10}, Cohort: CohortAdult, BudgetStart: Date{Year: 2026, Month: 1, Day: 1},
		Person:  Person{ID: "P-A", DateOfBirth: Date{Year: 1990, Month: 3, Day: 15}, LivingSetting: SettingSupportedLiving},
		Answers: goldenIBudgetAnswers("ilsl"),
		AddOns: []ApprovedAddOn{
			{AddOn: "san", Amount: amt("5000.00"), ApprovedOn: Date{Year: 2025, Month: 12, Day: 15}, Reference: "SAN-2025-0042"},
			{AddOn: "san_one_time", Amount: amt("1200.00"), ApprovedOn: Date{Year: 2025, Month: 12, Day: 15}},
		}}
	flB := Assessment{ID: "FL-B", Date: Date{Year: 2025, Month: 6, Day: 20}, Cohort: CohortChildren, BudgetStart: Date{Year: 2025, Month: 7, Day: 1},
		Person: Person{ID: "P-B", Age: age(12), LivingSetting: SettingHomeFamily}, Answers: goldenIBudgetAnswers("fh")}
	flC := Assessment{ID: "FL-C", Date: Date{Year: 2026, Month: 2, Day: 20}, Cohort: CohortAdult, BudgetStart: Date{Year: 2026, Month: 3, Day: 15},
		Person:  Person{ID: "P-C", Age: age(45), LivingSetting: SettingResidential},
		Answers: goldenIBudgetAnswers("rh1"),
		AddOns:  []ApprovedAddOn{{AddOn: "san", Amount: amt("2500"), ApprovedOn: Date{Year: 2026, Month: 2, Day: 25}}}}
	return []goldenCase{
		{name: "points-adult", model: ModelPoints, a: adult("A1", CohortAdult, SettingHomeAlone, goldenPointsAnswers())},
		{name: "points-chc", model: ModelPoints, a: adult("A2", CohortCHC, SettingHomeFamily, goldenPointsAnswers())},
		{name: "points-children", model: ModelPoints, a: adult("A3", CohortChildren, SettingHomeFamily, withSchool)},
		{name: "points-carers", model: ModelPoints, a: adult("A4", CohortCarer, SettingHomeFamily, goldenPointsAnswers())},
		{name: "points-care-home-cap", model: ModelPoints, a: adult("A5", CohortAdult, SettingResidential, high)},
		{name: "points-floor", model: ModelPoints, a: adult("A6", CohortAdult, SettingHomeAlone, low)},
		{name: "hours-worked", model: ModelHours, a: hours},
		{name: "ibudget-5b-ilsl", model: ModelIBudget5b, a: ib},
		{name: "ibudget-5b-family-home", model: ModelIBudget5b, a: ibChild},
		{name: "ibudget-florida-capped", model: ModelIBudgetFlorida, a: flA, others: []Assessment{flB, flC}, capAt: "40000.00"},
		{name: "ibudget-florida-residential", model: ModelIBudgetFlorida, a: flC},
		{name: "points-adult-range", model: ModelPoints, a: adult("A1", CohortAdult, SettingHomeAlone, goldenPointsAnswers()), edit: goldenRange},
		{name: "points-care-home-cap-range", model: ModelPoints, a: adult("A5", CohortAdult, SettingResidential, high), edit: goldenRange},
	}
}

func TestExplainGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			m, err := LoadModel(tc.model)
			if err != nil {
				t.Fatal(err)
			}
			if tc.edit != nil {
				tc.edit(m)
			}
			e, err := Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			r, err := e.Assess(&tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if tc.capAt != "" {
				rs := []Result{*r}
				for i := range tc.others {
					o, err := e.Assess(&tc.others[i])
					if err != nil {
						t.Fatal(err)
					}
					rs = append(rs, *o)
				}
				capAt := decimal.RequireFromString(tc.capAt)
				if _, err := e.ComposeCaseload(rs, CaseloadOptions{Cap: &capAt}); err != nil {
					t.Fatal(err)
				}
				r = &rs[0]
			}
			var buf bytes.Buffer
			if err := r.Explain(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s: the explanation differs from the golden file (run with -update and read the difference):\n%s", path, buf.String())
			}
		})
	}
}
