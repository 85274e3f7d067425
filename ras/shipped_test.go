package ras_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// answers builds answers from question/option pairs.
func answers(kv ...string) ras.Answers {
	var out ras.Answers
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, ras.Answer{Question: kv[i], Option: kv[i+1]})
	}
	return out
}

func value(q string, v float64) ras.Answer { return ras.Answer{Question: q, Value: v, IsValue: true} }

func intp(i int) *int { return &i }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func mustLoad(t testing.TB, name string) *ras.Engine {
	t.Helper()
	e, err := ras.Load(name)
	if err != nil {
		t.Fatalf("Load(%q): %v", name, err)
	}
	return e
}

func assess(t *testing.T, e *ras.Engine, a *ras.Assessment) *ras.Result {
	t.Helper()
	r, err := e.Assess(a)
	if err != nil {
		t.Fatalf("Assess(%s): %v", a.ID, err)
	}
	return r
}

func wantMoney(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// pointsAnswers is a worked example for the points model. By domain:
//
//	personal care  washing some 2, dressing lots 3, toileting none 0,
//	               continence some 1, eating none 0            = 6
//	mobility       indoors some 1, transfers some 2, outdoors lots 2,
//	               falls some 2                                = 7
//	nutrition      meal_prep lots 3, shopping all 3, diet none 0 = 6
//	home           cleaning all 3, laundry all 3, home_safety some 1 = 7
//	health         medication some 1, conditions some 1, skin none 0 = 2
//	safety         risk_self none 0, risk_others none 0,
//	               supervision some 3, nights none 0           = 3
//	relationships  family some 1, lonely lots 2, communication none 0 = 3
//	community      community_access lots 2, work none 0, leisure some 1,
//	               transport lots 2                            = 5
//	decisions      decisions some 1, money some 1              = 2
//	carer          not answered: the defaults yes 0, none 0, yes 0 = 0
//	total                                                      = 41
func pointsAnswers() ras.Answers {
	return answers(
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

func person(setting ras.LivingSetting, age int) ras.Person {
	return ras.Person{ID: "P1", Age: intp(age), LivingSetting: setting}
}

func TestPointsModelWorkedExamples(t *testing.T) {
	e := mustLoad(t, ras.ModelPoints)
	date := ras.Date{Year: 2025, Month: 4, Day: 1}
	withSchool := func(opt string) ras.Answers {
		as := pointsAnswers()
		return append(as, ras.Answer{Question: "school", Option: opt})
	}
	tests := []struct {
		name           string
		cohort         ras.Cohort
		setting        ras.LivingSetting
		answers        ras.Answers
		points         int64
		weekly, annual string
		hours          map[string]string // support type → hours
	}{
		// Adults: 41 points × £7.85 = £321.85; × 52 = £16,736.20. Money by
		// domain support type: personal care (6+7+2+3=18 points) £141.30,
		// domestic (6+7=13) £102.05, social (3+5+2=10) £78.50. Hours at the
		// rates: 141.30/24.50 = 5.767 → 5.77; 102.05/21 = 4.860 → 4.86;
		// 78.50/19.50 = 4.026 → 4.03.
		{"adult price per point", ras.CohortAdult, ras.SettingHomeAlone, pointsAnswers(), 41, "321.85", "16736.20",
			map[string]string{"personal_care": "5.77", "domestic": "4.86", "social": "4.03"}},
		// Continuing Healthcare, price per point per domain:
		// 6×16 + 7×16 + 6×9 + 7×8 + 2×22 + 3×24 + 3×6 + 5×6 + 2×7 + 0×10
		// = 96+112+54+56+44+72+18+30+14 = £496.00; × 52 = £25,792.00.
		{"chc domain prices", ras.CohortCHC, ras.SettingHomeFamily, pointsAnswers(), 41, "496.00", "25792.00", nil},
		// Children: 41 + school some 2 = 43, in "Some support" (25–44): £190.
		{"children band", ras.CohortChildren, ras.SettingHomeFamily, withSchool("some"), 43, "190.00", "9880.00", nil},
		// 41 + school all 6 = 47, in "Lots of support" (45–69): £340.
		{"children next band", ras.CohortChildren, ras.SettingHomeFamily, withSchool("all"), 47, "340.00", "17680.00", nil},
		// 41 + school none 0 = 41; the band boundary 44/45 is tested below.
		// Carers: 41 points on the curve between (30, £100) and (60, £140):
		// 100 + 40 × 11/30 = £114.6667 → £114.67; annual 114.6667 × 52 =
		// 5962.6667 → £5,962.67.
		{"carers curve", ras.CohortCarer, ras.SettingHomeFamily, pointsAnswers(), 41, "114.67", "5962.67", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &ras.Assessment{ID: "A1", Date: date, Cohort: tc.cohort, Person: person(tc.setting, 40), Answers: tc.answers}
			r := assess(t, e, a)
			if r.TotalPoints != tc.points {
				t.Errorf("total points = %d, want %d", r.TotalPoints, tc.points)
			}
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
			wantMoney(t, "annual", r.Annual(), tc.annual)
			for st, h := range tc.hours {
				found := false
				for _, hl := range r.Hours() {
					if hl.SupportType == st {
						found = true
						wantMoney(t, "hours of "+st, hl.Hours, h)
					}
				}
				if !found {
					t.Errorf("no hours line for %s", st)
				}
			}
		})
	}
}

// maxAnswers answers every question applying to the cohort with its
// highest-scoring option.
func maxAnswers(m *ras.Model, c ras.Cohort) ras.Answers {
	var out ras.Answers
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			if len(q.Cohorts) > 0 && q.Cohorts[0] != c {
				continue
			}
			best := q.Options[0]
			for _, o := range q.Options {
				if o.Points > best.Points {
					best = o
				}
			}
			out = append(out, ras.Answer{Question: q.ID, Option: best.ID})
		}
	}
	return out
}

func TestPointsModelLimits(t *testing.T) {
	e := mustLoad(t, ras.ModelPoints)
	m := e.Model()
	date := ras.Date{Year: 2025, Month: 4, Day: 1}
	// An adult with two points: 2 × £7.85 = £15.70, raised to the £30 floor.
	low := answers("washing", "some")
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			if q.ID != "washing" && q.ID != "school" && q.Default == "" {
				low = append(low, ras.Answer{Question: q.ID, Option: q.Options[0].ID})
			}
		}
	}
	tests := []struct {
		name    string
		cohort  ras.Cohort
		setting ras.LivingSetting
		answers ras.Answers
		weekly  string
		rule    string
	}{
		{"floor", ras.CohortAdult, ras.SettingHomeAlone, low, "30.00", "floor"},
		// Every adult question at its maximum: 155 points × £7.85 =
		// £1,216.75, under the £1,250 cap; in a care home, capped at £900.
		{"no cap", ras.CohortAdult, ras.SettingHomeAlone, maxAnswers(m, ras.CohortAdult), "1216.75", ""},
		{"care home cap", ras.CohortAdult, ras.SettingResidential, maxAnswers(m, ras.CohortAdult), "900.00", "care_home"},
		// CHC at the maximum: 28×16 + 18×16 + 10×9 + 10×8 + 14×22 + 31×24 +
		// 10×6 + 13×6 + 7×7 + 14×10 = £2,285, capped at £1,250.
		{"overall cap", ras.CohortCHC, ras.SettingHomeAlone, maxAnswers(m, ras.CohortCHC), "1250.00", "cap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &ras.Assessment{ID: "A1", Date: date, Cohort: tc.cohort, Person: person(tc.setting, 50), Answers: tc.answers}
			r := assess(t, e, a)
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
			var rules []string
			for _, ad := range r.Adjustments {
				rules = append(rules, ad.Rule)
			}
			if tc.rule == "" && len(rules) != 0 || tc.rule != "" && (len(rules) == 0 || rules[len(rules)-1] != tc.rule) {
				t.Errorf("adjustments = %v, want last %q", rules, tc.rule)
			}
			// The hours breakdown adds up to the budget.
			sum := decimal.Zero
			for _, h := range r.Hours() {
				sum = sum.Add(h.Weekly)
			}
			if !sum.Equal(r.ExactWeekly()) {
				t.Errorf("hours lines add up to %s, want %s", sum, r.ExactWeekly())
			}
		})
	}
}

// TestHoursModelWorkedExample checks the hours model against a case worked
// by hand from its rules.
//
//	pc_morning  wash some 105 + dress prompt 35 + toilet none 0 + groom prompt 35 = 175 min
//	pc_evening  wash prompt 35 + undress some 70 + bed none 0 = 105
//	pc_day      0
//	meals       lunch prompt 35 + evening meal some 140 = 175; medication prompt 35
//	household   cleaning some 60 + laundry some 60 + shopping full 120 = 240
//	social      activities some 120; work 0; safety: left alone "a few hours" 210
//	mobility "some": personal care × 1.25 → morning 218.75, evening 131.25
//	informal personal care "some" (¼) → morning 164.0625, evening 98.4375
//	informal meals "half" → 87.5; household 2 hours → 240 − 120 = 120
//	informal help records: 1.5 h of emotional support → social 120 − 90 = 30
//	personal care: (164.0625 + 98.4375 + 87.5 + 35 + 210) = 595 min × £24.50/60
//	            = £242.958333…
//	domestic 120 min × £21/60 = £42; social 30 × £19.50/60 = £9.75
//	respite (breaks "short") 3 h × £22 = £66
//	weekly = £360.708333… → rounded up £360.71
//	annual = 360.708333… × 52.143 = 18,808.414625 → rounded up £18,808.42
func TestHoursModelWorkedExample(t *testing.T) {
	e := mustLoad(t, ras.ModelHours)
	a := hoursWorkedAssessment()
	r := assess(t, e, a)
	wantMoney(t, "weekly", r.Weekly(), "360.71")
	wantMoney(t, "annual", r.Annual(), "18808.42")
	want := map[string]string{"personal_care": "9.92", "domestic": "2.00", "social": "0.50", "respite": "3.00"}
	got := map[string]string{}
	for _, h := range r.Hours() {
		got[h.SupportType] = h.Hours.StringFixed(2)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("hours of %s = %q, want %s", k, got[k], v)
		}
	}
	var buf bytes.Buffer
	if err := r.Explain(&buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"£360.71 a week", "2 hours is taken off the time for household tasks", "a quarter of the time for personal care in the morning", "multiplied by 1.25"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("explanation lacks %q:\n%s", s, buf.String())
		}
	}
}

// hoursWorkedAssessment is the worked example of TestHoursModelWorkedExample.
func hoursWorkedAssessment() *ras.Assessment {
	as := answers(
		"wash_morning", "some", "dress_morning", "prompt", "toilet_morning", "none", "groom", "prompt",
		"wash_evening", "prompt", "undress", "some", "bed", "none",
		"toilet_day", "none", "continence", "none", "reposition", "none",
		"breakfast", "none", "lunch", "prompt", "evening_meal", "some", "drinks", "none", "medicines", "prompt",
		"cleaning", "some", "laundry", "some", "shopping", "full",
		"activities", "some", "relationships", "none", "work_learning", "none",
		"left_alone", "hours", "wandering", "no", "behaviour", "no",
		"mobility_positioning", "some", "memory", "none", "two_workers", "no",
		"informal_personal_care", "some", "informal_meals", "half")
	as = append(as, value("informal_household_hours", 2))
	as = append(as, answers("night_support", "none", "carer_breaks", "short")...)
	return &ras.Assessment{ID: "H1", Date: ras.Date{Year: 2025, Month: 6, Day: 2}, Cohort: ras.CohortAdult,
		Person: person(ras.SettingHomeFamily, 81), Answers: as,
		InformalHelp: []ras.InformalHelp{{Helper: "daughter", Activity: ras.InformalEmotional, HoursPerWeek: 1.5}}}
}

// TestIBudgetWorkedExample checks Model 5b against the published formula,
// worked by hand: a 25-year-old in independent or supported living (ILSL)
// with FSum 17, BSum 4, Q16 3, Q18 2, Q20 4, Q21 1, Q23 0, Q28 1, Q33 2,
// Q34 0, Q36 3, Q43 1:
//
//	η = 27.5720 + 35.8220 + 47.8473 + 0.4954×4 + 2.0529×17 + 1.4501×4
//	  + 2.4984×3 + 5.8537×2 + 2.6772×4 + 2.7878×1 + 6.3555×0 + 2.2803×1
//	  + 1.2233×2 + 2.1764×0 + 2.6734×3 + 1.9304×1 = 201.2993
//	annual = 201.2993² = 40,521.40818 → $40,521.41; weekly /52 = $779.26.
//
// With the variance correction σ² = 949.9: 41,471.30818 → $41,471.31.
func TestIBudgetWorkedExample(t *testing.T) {
	as := answers("placement", "ilsl",
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
		as = append(as, ras.Answer{Question: "q" + itoa(q), Option: v})
	}
	a := &ras.Assessment{ID: "F1", Date: ras.Date{Year: 2015, Month: 7, Day: 1}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P1", DateOfBirth: ras.Date{Year: 1990, Month: 3, Day: 15}, LivingSetting: ras.SettingSupportedLiving}, Answers: as}
	e := mustLoad(t, ras.ModelIBudget5b)
	r := assess(t, e, a)
	if d := r.Eta - 201.2993; d > 1e-9 || d < -1e-9 {
		t.Errorf("η = %.10f, want 201.2993", r.Eta)
	}
	wantMoney(t, "annual", r.Annual(), "40521.41")
	wantMoney(t, "weekly", r.Weekly(), "779.26")

	m, err := ras.LoadModel(ras.ModelIBudget5b)
	if err != nil {
		t.Fatal(err)
	}
	m.Regression.VarianceCorrection = 949.9
	e2, err := ras.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	r2 := assess(t, e2, a)
	wantMoney(t, "annual with variance correction", r2.Annual(), "41471.31")
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

func TestShippedModelsLoad(t *testing.T) {
	names := ras.ModelNames()
	if len(names) != 4 {
		t.Fatalf("ModelNames() = %v, want four models", names)
	}
	for _, n := range names {
		m, err := ras.LoadModel(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		q := 0
		for _, d := range m.Domains {
			q += len(d.Questions)
		}
		if len(m.Domains) < 8 || q < 30 {
			t.Errorf("%s has %d domains and %d questions; want at least 8 and 30", n, len(m.Domains), q)
		}
	}
	if _, err := ras.LoadModel("no-such-model"); !errorsIs(err, ras.ErrUnknownModel) {
		t.Errorf("LoadModel(unknown) error = %v, want ErrUnknownModel", err)
	}
}
