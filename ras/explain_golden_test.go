package ras

import (
	"bytes"
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
	return []goldenCase{
		{"points-adult", ModelPoints, adult("A1", CohortAdult, SettingHomeAlone, goldenPointsAnswers())},
		{"points-chc", ModelPoints, adult("A2", CohortCHC, SettingHomeFamily, goldenPointsAnswers())},
		{"points-children", ModelPoints, adult("A3", CohortChildren, SettingHomeFamily, withSchool)},
		{"points-carers", ModelPoints, adult("A4", CohortCarer, SettingHomeFamily, goldenPointsAnswers())},
		{"points-care-home-cap", ModelPoints, adult("A5", CohortAdult, SettingResidential, high)},
		{"points-floor", ModelPoints, adult("A6", CohortAdult, SettingHomeAlone, low)},
		{"hours-worked", ModelHours, hours},
		{"ibudget-5b-ilsl", ModelIBudget5b, ib},
		{"ibudget-5b-family-home", ModelIBudget5b, ibChild},
	}
}

func TestExplainGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Load(tc.model)
			if err != nil {
				t.Fatal(err)
			}
			r, err := e.Assess(&tc.a)
			if err != nil {
				t.Fatal(err)
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
