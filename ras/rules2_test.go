package ras_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// hoursModel: activities wash (pc, £24/h) and shop (dom, £18/h).
//
//	qw  wash: none 0, some 120, full 300 minutes a week
//	qs  shop: none 0, some 60, full 120
//	qc  complexity: no, yes (wash × 1.5)
//	qi  informal share of washing: none 0, half 0.5
//	qh  informal hours of shopping (number 0..20)
//	qn  night: none, sleep (£100 a week), wake (10 h of night at £15/h)
func hoursModel() map[string]any {
	o := func(id string, minutes string) map[string]any {
		return map[string]any{"id": id, "label": id, "points": 0, "minutes": minutes}
	}
	c := func(ids ...string) []any {
		var out []any
		for _, id := range ids {
			out = append(out, map[string]any{"id": id, "label": id, "points": 0})
		}
		return out
	}
	return map[string]any{
		"id": "h", "version": "1", "name": "Hours test", "family": "hours", "cohorts": []any{"adult_social_care"},
		"support_types": []any{
			map[string]any{"id": "pc", "name": "Personal care", "hourly_rate": "24"},
			map[string]any{"id": "dom", "name": "Domestic", "hourly_rate": "18"},
			map[string]any{"id": "night", "name": "Night", "hourly_rate": "15"}},
		"domains": []any{
			map[string]any{"id": "care", "name": "Care", "questions": []any{
				map[string]any{"id": "qw", "text": "Washing", "activity": "wash", "options": []any{o("none", "0"), o("some", "120"), o("full", "300")}},
				map[string]any{"id": "qs", "text": "Shopping", "activity": "shop", "options": []any{o("none", "0"), o("some", "60"), o("full", "120")}},
			}},
			map[string]any{"id": "other", "name": "Other", "questions": []any{
				map[string]any{"id": "qc", "text": "Complexity", "options": c("no", "yes")},
				map[string]any{"id": "qi", "text": "Informal washing", "options": c("none", "half")},
				map[string]any{"id": "qh", "text": "Informal shopping hours", "type": "number", "min": 0, "max": 20},
				map[string]any{"id": "qn", "text": "Night", "options": c("none", "sleep", "wake")},
			}},
		},
		"hours": map[string]any{
			"activities": []any{
				map[string]any{"id": "wash", "name": "Washing", "support_type": "pc"},
				map[string]any{"id": "shop", "name": "Shopping", "support_type": "dom"}},
			"adjustments": []any{map[string]any{"id": "cx", "name": "Complexity", "question": "qc", "activities": []any{"wash"}, "factors": map[string]any{"yes": "1.5"}}},
			"deductions": []any{
				map[string]any{"id": "iw", "name": "Informal washing", "question": "qi", "activities": []any{"wash"}, "fractions": map[string]any{"none": "0", "half": "0.5"}},
				map[string]any{"id": "ih", "name": "Informal shopping", "hours_question": "qh", "activities": []any{"shop"}},
				map[string]any{"id": "ir", "name": "Recorded informal washing", "informal_activity": "personal_care", "activities": []any{"wash"}}},
			"additions": []any{map[string]any{"id": "night", "name": "Night", "question": "qn", "support_type": "night", "weekly": map[string]any{"sleep": "100"}, "hours": map[string]any{"wake": "10"}}},
		},
	}
}

func TestHoursRules(t *testing.T) {
	e := mustCompile(t, hoursModel())
	tests := []struct {
		name     string
		answers  ras.Answers
		informal float64
		weekly   string
		hours    map[string]string
	}{
		// wash 120 min × £24/60 = £48; shop 60 × £18/60 = £18: £66.
		{"minutes priced", append(answers("qw", "some", "qs", "some", "qc", "no", "qi", "none"), value("qh", 0), ras.Answer{Question: "qn", Option: "none"}), 0, "66.00",
			map[string]string{"pc": "2.00", "dom": "1.00"}},
		// wash 300 × 1.5 = 450 min → £180.
		{"complexity multiplies", append(answers("qw", "full", "qs", "none", "qc", "yes", "qi", "none"), value("qh", 0), ras.Answer{Question: "qn", Option: "none"}), 0, "180.00",
			map[string]string{"pc": "7.50"}},
		// 450 min, half by family → 225 min → £90.
		{"fraction deducted after adjustment", append(answers("qw", "full", "qs", "none", "qc", "yes", "qi", "half"), value("qh", 0), ras.Answer{Question: "qn", Option: "none"}), 0, "90.00",
			map[string]string{"pc": "3.75"}},
		// shop 120 min less 1.5 h → 30 min → £9.
		{"hours deducted", append(answers("qw", "none", "qs", "full", "qc", "no", "qi", "none"), value("qh", 1.5), ras.Answer{Question: "qn", Option: "none"}), 0, "9.00",
			map[string]string{"dom": "0.50"}},
		// shop 60 min less 3 h: never below zero → £0.
		{"deduction floors at zero", append(answers("qw", "none", "qs", "some", "qc", "no", "qi", "none"), value("qh", 3), ras.Answer{Question: "qn", Option: "none"}), 0, "0.00", nil},
		// wash 120 min less recorded informal personal care 0.5 h → 90 min → £36.
		{"recorded informal help", append(answers("qw", "some", "qs", "none", "qc", "no", "qi", "none"), value("qh", 0), ras.Answer{Question: "qn", Option: "none"}), 0.5, "36.00",
			map[string]string{"pc": "1.50"}},
		// Sleep-in: £100 a week, no hours.
		{"night weekly addition", append(answers("qw", "none", "qs", "none", "qc", "no", "qi", "none"), value("qh", 0), ras.Answer{Question: "qn", Option: "sleep"}), 0, "100.00",
			map[string]string{"night": "0.00"}},
		// Waking night: 10 h × £15 = £150.
		{"night hours addition", append(answers("qw", "none", "qs", "none", "qc", "no", "qi", "none"), value("qh", 0), ras.Answer{Question: "qn", Option: "wake"}), 0, "150.00",
			map[string]string{"night": "10.00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := adult("H", tc.answers)
			if tc.informal > 0 {
				a.InformalHelp = []ras.InformalHelp{{Helper: "son", Activity: "personal_care", HoursPerWeek: tc.informal}}
			}
			r := assess(t, e, a)
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
			got := map[string]string{}
			for _, h := range r.Hours() {
				got[h.SupportType] = h.Hours.StringFixed(2)
			}
			for k, v := range tc.hours {
				if got[k] != v {
					t.Errorf("hours of %s = %q, want %s (all: %v)", k, got[k], v, got)
				}
			}
		})
	}
	// A number answer out of range is an error naming the question.
	a := adult("H", append(answers("qw", "none", "qs", "none", "qc", "no", "qi", "none"), value("qh", 21), ras.Answer{Question: "qn", Option: "none"}))
	_, err := e.Assess(a)
	var ae *ras.AnswerError
	if !errors.As(err, &ae) || ae.Question != "qh" || !errors.Is(err, ras.ErrInvalidAnswer) {
		t.Errorf("out-of-range hours: error %v, want an invalid-answer error naming qh", err)
	}
}

// regModel: η = 1 + 2·[d1 points] + 0.5·[q2 is b] + 3·[supported living]
// + 4·[carers] + 0.1·[age 18–64] + 0.01·age + 0.2·informal hours
// + 0.3·[home_family]·[d1 points].
func regModel(link string, extra map[string]any) map[string]any {
	tree := baseModel()
	tree["family"] = "regression"
	delete(tree, "points")
	reg := map[string]any{"intercept": 1.0, "link": link, "terms": []any{
		map[string]any{"name": "d1", "coef": 2.0, "factors": []any{map[string]any{"domain": "d1"}}},
		map[string]any{"name": "q2b", "coef": 0.5, "factors": []any{map[string]any{"question": "q2", "option": "b"}}},
		map[string]any{"name": "sl", "coef": 3.0, "factors": []any{map[string]any{"settings": []any{"supported_living"}}}},
		map[string]any{"name": "carer", "coef": 4.0, "factors": []any{map[string]any{"cohorts": []any{"carers"}}}},
		map[string]any{"name": "working_age", "coef": 0.1, "factors": []any{map[string]any{"age_min": 18, "age_max": 64}}},
		map[string]any{"name": "age", "coef": 0.01, "factors": []any{map[string]any{"variable": "age"}}},
		map[string]any{"name": "informal", "coef": 0.2, "factors": []any{map[string]any{"variable": "informal_hours"}}},
		map[string]any{"name": "family_d1", "coef": 0.3, "factors": []any{map[string]any{"settings": []any{"home_family"}}, map[string]any{"domain": "d1"}}},
	}}
	for k, v := range extra {
		reg[k] = v
	}
	tree["regression"] = reg
	return tree
}

func TestRegressionRules(t *testing.T) {
	// Adult aged 70 at home alone, q1 b (2), q2 b (3): d1 = 5;
	// η = 1 + 10 + 0.5 + 0.7 = 12.2.
	base := func() *ras.Assessment { return adult("R", answers("q1", "b", "q2", "b", "q3", "a")) }
	tests := []struct {
		name   string
		link   string
		extra  map[string]any
		mutate func(*ras.Assessment)
		eta    float64
		weekly string // "" for a probability
		prob   float64
	}{
		{"identity", "identity", nil, nil, 12.2, "12.20", 0},
		// Supported living adds 3, age 40 gives 0.1 + 0.4: η = 1+10+0.5+3+0.1+0.4 = 15.
		{"settings and age band", "identity", nil, func(a *ras.Assessment) { a.Person.LivingSetting = ras.SettingSupportedLiving; a.Person.Age = intp(40) }, 15, "15.00", 0},
		// Carers cohort adds 4; 2.5 h of informal help adds 0.5: η = 16.7.
		{"cohort and informal hours", "identity", nil, func(a *ras.Assessment) {
			a.Cohort = ras.CohortCarer
			a.InformalHelp = []ras.InformalHelp{{Helper: "wife", Activity: "meals", HoursPerWeek: 2.5}}
		}, 16.7, "16.70", 0},
		// Interaction: home_family × d1 = 0.3 × 5 = 1.5: η = 13.7.
		{"interaction", "identity", nil, func(a *ras.Assessment) { a.Person.LivingSetting = ras.SettingHomeFamily }, 13.7, "13.70", 0},
		// sqrt: 12.2² + 10 = 158.84.
		{"sqrt with variance correction", "sqrt", map[string]any{"variance_correction": 10.0}, nil, 12.2, "158.84", 0},
		// log: exp(12.2) = 198,789.1511…; × 1.1 = 218,668.0663; per group: home_alone 2.0 → 397,578.3023
		{"log with smearing", "log", map[string]any{"smearing": 1.1}, nil, 12.2, "218668.07", 0},
		{"log with group smearing", "log", map[string]any{"smearing": 1.1, "smearing_by": "living_setting", "smearing_groups": map[string]any{"home_alone": 2.0}}, nil, 12.2, "397578.30", 0},
		// Annual output: 5,200 a year is £100 a week.
		{"annual output", "identity", map[string]any{"intercept": 5188.8, "output": "annual"}, nil, 5200, "100.00", 0},
		// logit: 1/(1+e^−12.2) = 0.99999498…
		{"logit", "logit", nil, nil, 12.2, "", 1 / (1 + math.Exp(-12.2))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := mustCompile(t, regModel(tc.link, tc.extra))
			a := base()
			if tc.mutate != nil {
				tc.mutate(a)
			}
			r := assess(t, e, a)
			if math.Abs(r.Eta-tc.eta) > 1e-9 {
				t.Errorf("η = %v, want %v", r.Eta, tc.eta)
			}
			if tc.weekly == "" {
				if r.HasBudget || math.Abs(r.Probability-tc.prob) > 1e-15 {
					t.Errorf("probability = %v (budget %v), want %v", r.Probability, r.HasBudget, tc.prob)
				}
				return
			}
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
		})
	}
	// An age band needs an age.
	e := mustCompile(t, regModel("identity", nil))
	a := base()
	a.Person.Age = nil
	if _, err := e.Assess(a); !errors.Is(err, ras.ErrMissingAnswer) {
		t.Errorf("no age: error %v, want ErrMissingAnswer", err)
	}
}
