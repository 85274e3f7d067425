package ras_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stretchr/testify/require"
)

// baseModel is a small points model: three questions in two domains.
//
//	d1: q1 (a 0, b 2, c 5), q2 (a 0, b 3)      support type pc at £20/h
//	d2: q3 (a 0, b 4, c 10)                     support type dom at £15/h
func baseModel() map[string]any {
	opts := func(pts ...int) []any {
		ids := []string{"a", "b", "c"}
		var out []any
		for i, p := range pts {
			out = append(out, map[string]any{"id": ids[i], "label": "option " + ids[i], "points": p})
		}
		return out
	}
	return map[string]any{
		"id": "test", "version": "1", "name": "Test model", "family": "points",
		"cohorts":       []any{"adult_social_care", "carers"},
		"support_types": []any{map[string]any{"id": "pc", "name": "Personal care", "hourly_rate": "20.00"}, map[string]any{"id": "dom", "name": "Domestic", "hourly_rate": "15.00"}},
		"domains": []any{
			map[string]any{"id": "d1", "name": "Domain one", "support_type": "pc", "questions": []any{
				map[string]any{"id": "q1", "text": "Question one", "options": opts(0, 2, 5)},
				map[string]any{"id": "q2", "text": "Question two", "options": opts(0, 3)},
			}},
			map[string]any{"id": "d2", "name": "Domain two", "support_type": "dom", "questions": []any{
				map[string]any{"id": "q3", "text": "Question three", "options": opts(0, 4, 10)},
			}},
		},
		"points": map[string]any{"schedules": []any{map[string]any{"id": "s", "price_per_point": "10.00"}}},
	}
}

// set changes the value at a dotted path ("domains.0.questions.1.id") of
// a JSON-like tree; a nil value deletes the key.
func set(tree map[string]any, path string, v any) map[string]any {
	parts := strings.Split(path, ".")
	var cur any = tree
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if v == nil {
					delete(c, p)
				} else {
					c[p] = v
				}
				return tree
			}
			if _, ok := c[p]; !ok {
				c[p] = map[string]any{}
			}
			cur = c[p]
		case []any:
			idx := 0
			for _, ch := range p {
				idx = idx*10 + int(ch-'0')
			}
			if last {
				c[idx] = v
				return tree
			}
			cur = c[idx]
		}
	}
	return tree
}

func compileTree(t *testing.T, tree map[string]any) (*ras.Engine, error) {
	t.Helper()
	b, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ras.ParseModel(strings.NewReader(string(b)))
	if err != nil {
		return nil, err
	}
	return ras.Compile(m)
}

func mustCompile(t *testing.T, tree map[string]any) *ras.Engine {
	t.Helper()
	e, err := compileTree(t, tree)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return e
}

func adult(id string, as ras.Answers) *ras.Assessment {
	return &ras.Assessment{ID: id, Date: ras.Date{Year: 2025, Month: 1, Day: 6}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P" + id, Age: intp(70), LivingSetting: ras.SettingHomeAlone}, Answers: as}
}

func TestPointsRules(t *testing.T) {
	bands := []any{
		map[string]any{"name": "low", "min_points": 0, "max_points": 4, "weekly": "0"},
		map[string]any{"name": "mid", "min_points": 5, "max_points": 9, "weekly": "100.00"},
		map[string]any{"name": "high", "min_points": 10, "weekly": "250.00"},
	}
	curve := []any{map[string]any{"points": 0, "weekly": "0"}, map[string]any{"points": 10, "weekly": "50.00"}, map[string]any{"points": 16, "weekly": "80.00"}}
	tests := []struct {
		name     string
		schedule map[string]any
		answers  ras.Answers
		weekly   string
		annual   string
	}{
		// q1 b 2 + q2 b 3 + q3 b 4 = 9 points × £10 = £90; × 52 = £4,680.
		{"price per point", map[string]any{"id": "s", "price_per_point": "10.00"}, answers("q1", "b", "q2", "b", "q3", "b"), "90.00", "4680.00"},
		// d1 5 points × £12 + d2 4 × £7.50 = £90.
		{"domain prices", map[string]any{"id": "s", "domain_prices": map[string]any{"d1": "12.00", "d2": "7.50"}}, answers("q1", "b", "q2", "b", "q3", "b"), "90.00", "4680.00"},
		// A domain without a price contributes nothing: d1 5 × £12 = £60.
		{"domain without price", map[string]any{"id": "s", "domain_prices": map[string]any{"d1": "12.00"}}, answers("q1", "b", "q2", "b", "q3", "b"), "60.00", "3120.00"},
		{"band low edge", map[string]any{"id": "s", "bands": bands}, answers("q1", "c", "q2", "a", "q3", "a"), "100.00", "5200.00"},  // 5 points
		{"band high edge", map[string]any{"id": "s", "bands": bands}, answers("q1", "b", "q2", "b", "q3", "b"), "100.00", "5200.00"}, // 9 points
		{"band open top", map[string]any{"id": "s", "bands": bands}, answers("q1", "c", "q2", "b", "q3", "c"), "250.00", "13000.00"}, // 18 points
		{"band zero", map[string]any{"id": "s", "bands": bands}, answers("q1", "a", "q2", "a", "q3", "a"), "0.00", "0.00"},
		// 9 points on (0, £0)–(10, £50): £45.
		{"curve first segment", map[string]any{"id": "s", "curve": curve}, answers("q1", "b", "q2", "b", "q3", "b"), "45.00", "2340.00"},
		// 13 points on (10, £50)–(16, £80): 50 + 30 × 3/6 = £65.
		{"curve second segment", map[string]any{"id": "s", "curve": curve}, answers("q1", "c", "q2", "b", "q3", "c"[:1]), "65.00", "3380.00"},
		// 18 points, beyond the last knot: flat at £80.
		{"curve beyond last knot", map[string]any{"id": "s", "curve": curve}, answers("q1", "c", "q2", "b", "q3", "c"), "80.00", "4160.00"},
	}
	tests[8].answers = answers("q1", "c", "q2", "b", "q3", "a") // 5 + 3 + 0 = 8: 50 × 8/10 = £40
	tests[8].weekly, tests[8].annual = "40.00", "2080.00"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree := set(baseModel(), "points.schedules", []any{tc.schedule})
			e := mustCompile(t, tree)
			r := assess(t, e, adult("A", tc.answers))
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
			wantMoney(t, "annual", r.Annual(), tc.annual)
		})
	}
}

func TestSchedulesByCohort(t *testing.T) {
	tree := set(baseModel(), "points.schedules", []any{
		map[string]any{"id": "carers", "cohorts": []any{"carers"}, "price_per_point": "1.00"},
		map[string]any{"id": "rest", "price_per_point": "10.00"},
	})
	e := mustCompile(t, tree)
	as := answers("q1", "b", "q2", "b", "q3", "b") // 9 points
	a := adult("A", as)
	wantMoney(t, "adult", assess(t, e, a).Weekly(), "90.00")
	a.Cohort = ras.CohortCarer
	wantMoney(t, "carer", assess(t, e, a).Weekly(), "9.00")
	a.Cohort = ras.CohortChildren
	if _, err := e.Assess(a); !errors.Is(err, ras.ErrCohort) {
		t.Errorf("children: error %v, want ErrCohort", err)
	}
}

func TestLimits(t *testing.T) {
	tree := baseModel()
	set(tree, "limits", map[string]any{"floor_weekly": "25.00", "floor_support_type": "pc", "cap_weekly": "150.00",
		"setting_caps": []any{map[string]any{"id": "home", "name": "Care home", "settings": []any{"residential"}, "cap_weekly": "60.00"}}})
	e := mustCompile(t, tree)
	tests := []struct {
		name    string
		setting ras.LivingSetting
		answers ras.Answers
		weekly  string
		hours   string // personal care hours
	}{
		// 0 points → £0, raised to the £25 floor, all personal care: 1.25 h.
		{"floor with no points", ras.SettingHomeAlone, answers("q1", "a", "q2", "a", "q3", "a"), "25.00", "1.25"},
		// 2 points → £20 → floor £25; d1 holds all the money: 25/20 = 1.25 h.
		{"floor scales", ras.SettingHomeAlone, answers("q1", "b", "q2", "a", "q3", "a"), "25.00", "1.25"},
		// 18 points → £180 → cap £150. d1 has 8/18 of it: £66.67 → 3.33 h.
		{"cap", ras.SettingHomeAlone, answers("q1", "c", "q2", "b", "q3", "c"), "150.00", "3.33"},
		// In a care home: £180 → setting cap £60; d1 8/18: £26.67 → 1.33 h.
		{"setting cap", ras.SettingResidential, answers("q1", "c", "q2", "b", "q3", "c"), "60.00", "1.33"},
		// Between floor and cap: 9 points → £90; d1 5/9 → £50 → 2.5 h.
		{"unchanged", ras.SettingResidential, answers("q1", "b", "q2", "b", "q3", "a"), "50.00", "2.50"},
	}
	tests[4].answers = answers("q1", "b", "q2", "b", "q3", "a") // 5 points → £50, all d1 → 2.5 h
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := adult("A", tc.answers)
			a.Person.LivingSetting = tc.setting
			r := assess(t, e, a)
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
			for _, h := range r.Hours() {
				if h.SupportType == "pc" && h.Hours.StringFixed(2) != tc.hours {
					t.Errorf("personal care hours = %s, want %s", h.Hours, tc.hours)
				}
			}
		})
	}
}

func TestRounding(t *testing.T) {
	// q1 b (2 points) at £5.0025 a point = £10.005 a week exactly.
	// Annual = 10.005 × 52 = 520.26 exactly: rounded once from the exact
	// weekly amount, not 10.01 × 52 = 520.52.
	tests := []struct {
		mode, unit     string
		price          string
		weekly, annual string
	}{
		{"half_up", "0.01", "5.0025", "10.01", "520.26"},
		{"half_even", "0.01", "5.0025", "10.00", "520.26"},
		{"up", "0.01", "5.0025", "10.01", "520.26"},
		{"down", "0.01", "5.0025", "10.00", "520.26"},
		// £5.00125 × 2 = 10.0025: annual 520.13 exactly.
		{"half_up", "0.01", "5.00125", "10.00", "520.13"},
		{"up", "0.01", "5.00125", "10.01", "520.13"},
		// Whole pounds: £10.50 → 11 (half up), 10 (half even); 546 a year.
		{"half_up", "1", "5.25", "11.00", "546.00"},
		{"half_even", "1", "5.25", "10.00", "546.00"},
		{"down", "1", "5.25", "10.00", "546.00"},
		// Five pence: 10.005 → 10.00 (nearest 0.05); 520.26 → 520.25.
		{"half_up", "0.05", "5.0025", "10.00", "520.25"},
	}
	for _, tc := range tests {
		t.Run(tc.mode+"_"+tc.unit+"_"+tc.price, func(t *testing.T) {
			tree := set(baseModel(), "points.schedules", []any{map[string]any{"id": "s", "price_per_point": tc.price}})
			set(tree, "rounding", map[string]any{"mode": tc.mode, "unit": tc.unit})
			e := mustCompile(t, tree)
			r := assess(t, e, adult("A", answers("q1", "b", "q2", "a", "q3", "a")))
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
			wantMoney(t, "annual", r.Annual(), tc.annual)
		})
	}
	// Weeks per year with decimals: 52.143 × £90 = £4,692.87.
	tree := set(baseModel(), "weeks_per_year", "52.143")
	e := mustCompile(t, tree)
	wantMoney(t, "annual at 52.143 weeks", assess(t, e, adult("A", answers("q1", "b", "q2", "b", "q3", "b"))).Annual(), "4692.87")
}

func TestMissingAndInvalidAnswers(t *testing.T) {
	tree := baseModel()
	set(tree, "domains.0.questions.1.default", "b")
	set(tree, "domains.1.questions.0.cohorts", []any{"carers"})
	strict := mustCompile(t, tree)
	set(tree, "missing", "default")
	lenient := mustCompile(t, tree)
	tests := []struct {
		name    string
		e       *ras.Engine
		answers ras.Answers
		weekly  string
		err     error
		field   string
	}{
		{"all answered", strict, answers("q1", "b", "q2", "a"), "20.00", nil, ""},
		// q3 applies only to carers: an adult need not answer it.
		{"not applicable skipped", strict, answers("q1", "c", "q2", "b"), "80.00", nil, ""},
		{"missing is an error", strict, answers("q1", "b"), "", ras.ErrMissingAnswer, "q2"},
		// Policy "default": q2 takes its default b (3 points): 2 + 3 = 5.
		{"missing takes default", lenient, answers("q1", "b"), "50.00", nil, ""},
		{"missing without default", lenient, answers("q2", "a"), "", ras.ErrMissingAnswer, "q1"},
		{"unknown option", strict, answers("q1", "z", "q2", "a"), "", ras.ErrInvalidAnswer, "q1"},
		{"unknown question", strict, answers("q1", "a", "q2", "a", "q9", "a"), "", ras.ErrInvalidAnswer, "q9"},
		{"answered twice", strict, answers("q1", "a", "q2", "a", "q1", "b"), "", ras.ErrInvalidAnswer, "q1"},
		{"number for a choice", strict, ras.Answers{value("q1", 2), {Question: "q2", Option: "a"}}, "", ras.ErrInvalidAnswer, "q1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.e.Assess(adult("A7", tc.answers))
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				var ae *ras.AnswerError
				require.ErrorAs(t, err, &ae)
				require.Equal(t, "A7", ae.Assessment, "assessment named in %v", err)
				require.Equal(t, tc.field, ae.Question, "question named in %v", err)
				return
			}
			require.NoError(t, err)
			wantMoney(t, "weekly", r.Weekly(), tc.weekly)
		})
	}
}
