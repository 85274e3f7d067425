package synth

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

var allModels = []struct {
	name string
	js   func() string
}{
	{"gen_synth", genSynthModelJSON},
	{"rich", func() string { return richModelJSON }},
	{"hours", func() string { return hoursModelJSON }},
	{"regression", func() string { return regressionModelJSON }},
}

// TestDeterminism: the same seed and options give the same cases however
// they are consumed: streamed, as a slice on any number of workers, or one
// at a time; and a shorter run is a prefix of a longer one.
func TestDeterminism(t *testing.T) {
	g := newGen(t, richModelJSON, Options{Seed: 3})
	const n = 700
	var streamed []Case
	for c := range g.Cases(n) {
		streamed = append(streamed, *c)
	}
	for _, w := range []int{1, 3, 8} {
		g2 := newGen(t, richModelJSON, Options{Seed: 3, Workers: w})
		if s := g2.Slice(n); !reflect.DeepEqual(s, streamed) {
			t.Fatalf("Slice with %d workers differs from Cases", w)
		}
	}
	short := g.Slice(100)
	if !reflect.DeepEqual(short, streamed[:100]) {
		t.Fatal("Slice(100) is not a prefix of Cases(700)")
	}
	for _, c := range streamed[:50] {
		one, ok := g.Case(c.Index)
		if !ok || !reflect.DeepEqual(one, c) {
			t.Fatalf("Case(%d) differs from the streamed case", c.Index)
		}
	}
	k := 0
	for a := range g.Assessments(n) {
		if !reflect.DeepEqual(*a, streamed[k].Assessment) {
			t.Fatalf("Assessments()[%d] differs", k)
		}
		k++
		if k == 10 {
			break
		}
	}
	other := newGen(t, richModelJSON, Options{Seed: 4}).Slice(100)
	same := 0
	for k := range other {
		if other[k].Cost == short[k].Cost {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 3 and 4 give the same cost for %d of 100 cases", same)
	}
	if g.Slice(0) != nil || len(g.Slice(-1)) != 0 {
		t.Error("Slice of no cases is not empty")
	}
}

// TestPersonStableAcrossModels: a person's facts in a case do not depend
// on the model or the options.
func TestPersonStableAcrossModels(t *testing.T) {
	const seed = 21
	start := ras.Date{Year: 2022, Month: 1, Day: 3}
	for _, m := range allModels {
		g := newGen(t, m.js(), Options{Seed: seed, Start: start, ItemNoise: 0.05, DomainNoise: 0.2})
		for c := range g.Cases(300) {
			p := Person(seed, c.Index)
			a := &c.Assessment
			if !reflect.DeepEqual(a.Person, p.RASPerson(start)) || a.Cohort != p.Cohort || a.Date != p.AssessedOn(start) ||
				!reflect.DeepEqual(a.InformalHelp, p.InformalHelp) || a.Safety != p.Safety || a.CaredForID != p.CaredForID ||
				c.Severity != p.Severity || c.Age != p.Age || a.ID != AssessmentID(c.Index) {
				t.Fatalf("%s: case %d does not carry Person(%d, %d)", m.name, c.Index, seed, c.Index)
			}
		}
	}
}

// TestAssessable: every generated assessment validates and is assessed
// without error by the compiled model; for the points models the engine's
// domain points equal the cost model's domain scores.
func TestAssessable(t *testing.T) {
	for _, m := range allModels {
		t.Run(m.name, func(t *testing.T) {
			model := parseModel(t, m.js())
			e, err := ras.Compile(model)
			if err != nil {
				t.Fatal(err)
			}
			g, err := New(model, Options{Seed: 8, ItemNoise: 0.1})
			if err != nil {
				t.Fatal(err)
			}
			var r ras.Result
			cohorts := map[ras.Cohort]int{}
			for c := range g.Cases(3000) {
				a := &c.Assessment
				cohorts[a.Cohort]++
				if err := a.Validate(); err != nil {
					t.Fatalf("case %d: %v", c.Index, err)
				}
				if err := e.AssessInto(a, &r, ras.AssessOptions{}); err != nil {
					t.Fatalf("case %d: %v", c.Index, err)
				}
				if a.PlannedWeekly == nil || a.PlannedWeekly.IsNegative() {
					t.Fatalf("case %d: planned weekly %v", c.Index, a.PlannedWeekly)
				}
				if model.Family == ras.FamilyPoints {
					for k, d := range r.Domains() {
						if float64(d.Points) != c.DomainScores[k] {
							t.Fatalf("case %d: domain %s: engine %d points, case score %v", c.Index, d.ID, d.Points, c.DomainScores[k])
						}
					}
				}
			}
			for _, c := range model.Cohorts {
				if cohorts[c] == 0 {
					t.Errorf("no case in cohort %s", c)
				}
			}
		})
	}
}

// TestAnswerOrdering: answers follow the options' order of need (points,
// or minutes in an hours model), whatever order the options are listed in,
// and number questions get sensible values.
func TestAnswerOrdering(t *testing.T) {
	g := newGen(t, hoursModelJSON, Options{Seed: 2})
	qs, _ := plan(g.model)
	want := map[string][]string{
		"pc_morning":          {"none", "some", "lots"},
		"mobility_difficulty": {"none", "some", "severe"}, // by adjustment factor
		"unpaid_share":        {"none", "some", "most"},   // by deduction fraction
		"night_need":          {"none", "sleeping", "waking"},
	}
	for _, q := range qs {
		if w, ok := want[q.id]; ok && !reflect.DeepEqual(q.order, w) {
			t.Errorf("%s: order %v, want %v", q.id, q.order, w)
		}
	}
	rich := newGen(t, richModelJSON, Options{Seed: 2})
	qs, _ = plan(rich.model)
	for _, q := range qs {
		if q.id == "pc_dressing" && !reflect.DeepEqual(q.order, []string{"none", "some", "all"}) {
			t.Errorf("pc_dressing: order %v", q.order)
		}
	}
	// Severe needs go with more points: mean severity rises across the
	// levels of pc_washing.
	var sum [4]float64
	var cnt [4]int
	level := map[string]int{"none": 0, "some": 1, "most": 2, "all": 3}
	for c := range rich.Cases(4000) {
		if a, ok := c.Assessment.Answers.Get("pc_washing"); ok {
			sum[level[a.Option]] += c.Severity
			cnt[level[a.Option]]++
		}
		if c.Assessment.Cohort == ras.CohortCarer {
			a, _ := c.Assessment.Answers.Get("carer_hours")
			p := Person(2, c.Index)
			if a.Value != math.Round(p.CaringHours) {
				t.Fatalf("case %d: carer_hours %v, caring hours %v", c.Index, a.Value, p.CaringHours)
			}
		} else if a, _ := c.Assessment.Answers.Get("informal_hours"); a.Value != math.Min(100, math.Round(c.InformalHours)) {
			t.Fatalf("case %d: informal_hours %v, informal help %v", c.Index, a.Value, c.InformalHours)
		}
	}
	for k := 1; k < 4; k++ {
		if sum[k]/float64(cnt[k]) <= sum[k-1]/float64(cnt[k-1]) {
			t.Errorf("mean severity at pc_washing level %d (%.3f) not above level %d (%.3f)", k, sum[k]/float64(cnt[k]), k-1, sum[k-1]/float64(cnt[k-1]))
		}
	}
	// The hours deduction question takes the informal hours (at most 40).
	for c := range g.Cases(2000) {
		a, _ := c.Assessment.Answers.Get("unpaid_pc_hours")
		if a.Value != math.Min(40, math.Round(c.InformalHours)) {
			t.Fatalf("case %d: unpaid_pc_hours %v, informal %v", c.Index, a.Value, c.InformalHours)
		}
	}
}

// TestDomainsCorrelated: a shared latent severity makes every pair of
// domains positively correlated.
func TestDomainsCorrelated(t *testing.T) {
	g := newGen(t, richModelJSON, Options{Seed: 6, Cohorts: []ras.Cohort{ras.CohortAdult}})
	const n = 5000
	adult := []int{0, 1, 2, 3, 4} // personal_care, mobility, health, safety, social
	x := make([][]float64, len(adult))
	for c := range g.Cases(n) {
		for k, d := range adult {
			x[k] = append(x[k], c.DomainScores[d])
		}
	}
	for a := range adult {
		for b := a + 1; b < len(adult); b++ {
			if r := pearson(x[a], x[b]); r < 0.15 {
				t.Errorf("corr(domain %d, domain %d) = %.3f, want > 0.15", adult[a], adult[b], r)
			}
		}
	}
}

func pearson(x, y []float64) float64 {
	mx, my := meanOf(x), meanOf(y)
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestCohortsOption: only the chosen cohorts are generated, persons keep
// their indices.
func TestCohortsOption(t *testing.T) {
	g := newGen(t, richModelJSON, Options{Seed: 1, Cohorts: []ras.Cohort{ras.CohortChildren}})
	n := 0
	for c := range g.Cases(200) {
		n++
		if c.Assessment.Cohort != ras.CohortChildren || Person(1, c.Index).Cohort != ras.CohortChildren {
			t.Fatalf("case %d is %s", c.Index, c.Assessment.Cohort)
		}
	}
	if n != 200 {
		t.Fatalf("%d cases, want 200", n)
	}
	for i := range 50 {
		c, ok := g.Case(i)
		if ok != (Person(1, i).Cohort == ras.CohortChildren) || ok && c.Index != i {
			t.Fatalf("Case(%d): ok %v", i, ok)
		}
	}
}

func TestNewErrors(t *testing.T) {
	m := parseModel(t, richModelJSON)
	cm := DefaultCostModel(m)
	with := func(f func(*CostModel)) *CostModel {
		c := DefaultCostModel(m)
		f(&c)
		return &c
	}
	for _, tc := range []struct {
		name  string
		model *ras.Model
		opt   Options
		want  error
		msg   string
	}{
		{"nil model", nil, Options{}, ErrInvalidModel, "model is nil"},
		{"invalid model", &ras.Model{}, Options{}, ErrInvalidModel, "invalid model"},
		{"unknown cohort", m, Options{Cohorts: []ras.Cohort{"elderly"}}, ErrInvalidOptions, "options.cohorts[0]"},
		{"cohort not served", parseModel(t, hoursModelJSON), Options{Cohorts: []ras.Cohort{ras.CohortCarer}}, ErrInvalidOptions, "does not serve"},
		{"empty cohorts", m, Options{Cohorts: []ras.Cohort{}}, ErrInvalidOptions, "options.cohorts"},
		{"bad start", m, Options{Start: ras.Date{Year: 2024, Month: 2, Day: 30}}, ErrInvalidOptions, "options.start"},
		{"start too early for dates of birth", m, Options{Start: ras.Date{Year: 1998, Month: 12, Day: 31}}, ErrInvalidOptions, "options.start: 1998-12-31"},
		{"start too late for the window", m, Options{Start: ras.Date{Year: 2099, Month: 6, Day: 1}}, ErrInvalidOptions, "outside the years 1900–2100"},
		{"start in year 0", m, Options{Start: ras.Date{Year: 0, Month: 1, Day: 1}}, ErrInvalidOptions, "options.start"},
		{"negative domain noise", m, Options{DomainNoise: -1}, ErrInvalidOptions, "options.domain_noise"},
		{"NaN item noise", m, Options{ItemNoise: math.NaN()}, ErrInvalidOptions, "options.item_noise"},
		{"unknown domain", m, Options{Cost: with(func(c *CostModel) { c.DomainCoef["nope"] = 1 })}, ErrInvalidOptions, "cost.domain_coef.nope"},
		{"zero share", m, Options{Cost: with(func(c *CostModel) { c.ZeroShare = 1.5 })}, ErrInvalidOptions, "cost.zero_share"},
		{"outlier share", m, Options{Cost: with(func(c *CostModel) { c.OutlierShare = -0.1 })}, ErrInvalidOptions, "cost.outlier_share"},
		{"gamma shape", m, Options{Cost: with(func(c *CostModel) { c.GammaShape = 0 })}, ErrInvalidOptions, "cost.gamma_shape"},
		{"sdlog", m, Options{Cost: with(func(c *CostModel) { c.LogSdlog = -1 })}, ErrInvalidOptions, "cost.log_sdlog"},
		{"outlier factors", m, Options{Cost: with(func(c *CostModel) { c.OutlierMin = 9; c.OutlierMax = 8 })}, ErrInvalidOptions, "cost.outlier_min"},
		{"intercept", m, Options{Cost: with(func(c *CostModel) { c.Intercept = math.Inf(1) })}, ErrInvalidOptions, "cost.intercept"},
		{"coef", m, Options{Cost: with(func(c *CostModel) { c.DomainCoef["health"] = math.NaN() })}, ErrInvalidOptions, "cost.domain_coef.health"},
		{"setting", m, Options{Cost: with(func(c *CostModel) { c.SettingEffect["castle"] = 1 })}, ErrInvalidOptions, "cost.setting_effect"},
		{"cohort", m, Options{Cost: with(func(c *CostModel) { c.CohortEffect["elderly"] = 1 })}, ErrInvalidOptions, "cost.cohort_effect"},
		{"setting answer question", m, Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"nope": nil}}, ErrInvalidOptions, "options.setting_answers.nope"},
		{"setting answer number question", m, Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"safe_nights": nil}}, ErrInvalidOptions, "options.setting_answers.safe_nights"},
		{"setting answer setting", m, Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"pc_washing": {"castle": "none"}}}, ErrInvalidOptions, "unknown living setting"},
		{"setting answer option", m, Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"pc_washing": {"residential": "nope"}}}, ErrInvalidOptions, "options.setting_answers.pc_washing.residential"},
		{"ok", m, Options{Cost: &cm, SettingAnswers: map[string]map[ras.LivingSetting]string{"pc_washing": {"residential": "all"}}}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.model, tc.opt)
			if !errors.Is(err, tc.want) || tc.want == nil && err != nil {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if err != nil && (!strings.HasPrefix(err.Error(), "synth: ") || !strings.Contains(err.Error(), tc.msg)) {
				t.Errorf("message %q does not start with synth: or lacks %q", err, tc.msg)
			}
		})
	}
}

// TestSettingAnswers: a fixed answer by setting changes only that answer.
func TestSettingAnswers(t *testing.T) {
	plain := newGen(t, richModelJSON, Options{Seed: 12}).Slice(500)
	fixed := newGen(t, richModelJSON, Options{Seed: 12, SettingAnswers: map[string]map[ras.LivingSetting]string{
		"pc_washing": {ras.SettingResidential: "all"}}}).Slice(500)
	changed := 0
	for k := range plain {
		a, b := plain[k].Assessment.Answers, fixed[k].Assessment.Answers
		for j := range a {
			res := fixed[k].Assessment.Person.LivingSetting == ras.SettingResidential
			switch {
			case a[j].Question == "pc_washing" && res:
				if b[j].Option != "all" {
					t.Fatalf("case %d: pc_washing %q in residential care", k, b[j].Option)
				}
				if a[j] != b[j] {
					changed++
				}
			case a[j] != b[j]:
				t.Fatalf("case %d: answer %s changed from %+v to %+v", k, a[j].Question, a[j], b[j])
			}
		}
	}
	if changed == 0 {
		t.Error("no answer changed")
	}
}
