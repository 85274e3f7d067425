package calibrate

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// tinyModel: two domains, a choice question for children only, a number
// question, missing answers take defaults.
const tinyModel = `{
 "id": "tiny", "version": "1", "name": "Tiny", "family": "points",
 "cohorts": ["adult_social_care", "children"], "missing": "default",
 "support_types": [{"id": "pc", "name": "Personal care", "hourly_rate": "20"}],
 "domains": [
  {"id": "care", "name": "Care", "support_type": "pc", "questions": [
    {"id": "wash", "text": "Washing", "default": "none", "options": [
      {"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 2}, {"id": "all", "label": "All", "points": 5}]},
    {"id": "school", "text": "School", "cohorts": ["children"], "options": [
      {"id": "no", "label": "No", "points": 0}, {"id": "yes", "label": "Yes", "points": 3}]}]},
  {"id": "home", "name": "Home", "support_type": "pc", "questions": [
    {"id": "clean", "text": "Cleaning", "options": [
      {"id": "none", "label": "None", "points": 0}, {"id": "lots", "label": "Lots", "points": 4}]},
    {"id": "hours", "text": "Hours of help", "type": "number", "min": 0, "max": 50, "default_value": 7}]}],
 "points": {"schedules": [{"id": "all", "price_per_point": "10"}]}
}`

func tinyAssessment(id string, cohort ras.Cohort, age int, setting ras.LivingSetting, cost string, answers ras.Answers, informal float64) ras.Assessment {
	a := ras.Assessment{ID: id, Date: ras.Date{}, Cohort: cohort, Person: ras.Person{ID: "P" + id, Age: &age, LivingSetting: setting}, Answers: answers}
	if cost != "" {
		c := decimal.RequireFromString(cost)
		a.PlannedWeekly = &c
	}
	if informal > 0 {
		a.InformalHelp = []ras.InformalHelp{{Helper: "spouse", Activity: "personal_care", HoursPerWeek: informal}}
	}
	return a
}

func tinyData(t testing.TB) (*ras.Model, []ras.Assessment) {
	t.Helper()
	m, err := ras.ParseModel(strings.NewReader(tinyModel))
	mustNo(t, err)
	opt := func(q, o string) ras.Answer { return ras.Answer{Question: q, Option: o} }
	num := func(q string, v float64) ras.Answer { return ras.Answer{Question: q, Value: v, IsValue: true} }
	as := []ras.Assessment{
		// wash=some (2) + clean=lots (4); hours 10.
		tinyAssessment("A1", ras.CohortAdult, 70, ras.SettingHomeAlone, "120.50", ras.Answers{opt("wash", "some"), opt("clean", "lots"), num("hours", 10)}, 3),
		// wash missing → default none; school yes (3); clean none; hours default 7.
		tinyAssessment("A2", ras.CohortChildren, 9, ras.SettingHomeFamily, "80", ras.Answers{opt("school", "yes"), opt("clean", "none")}, 0),
		// wash=all (5); school answered but not applicable to adults.
		tinyAssessment("A3", ras.CohortAdult, 40, ras.SettingHomeFamily, "0", ras.Answers{opt("wash", "all"), opt("school", "yes"), opt("clean", "lots"), num("hours", 0)}, 12.5),
		// no planned cost.
		tinyAssessment("A4", ras.CohortAdult, 66, ras.SettingResidential, "", ras.Answers{opt("wash", "some"), opt("clean", "none"), num("hours", 1)}, 0),
		tinyAssessment("A5", ras.CohortAdult, 90, ras.SettingResidential, "300", ras.Answers{opt("wash", "all"), opt("clean", "none"), num("hours", 2)}, 0),
	}
	day, err := ras.ParseDate("2024-05-01")
	mustNo(t, err)
	for i := range as {
		as[i].Date = day
	}
	return m, as
}

func TestBuildDesignByHand(t *testing.T) {
	m, as := tinyData(t)
	spec := DesignSpec{
		AllDomains:    true,
		TotalPoints:   true,
		Items:         []ItemSpec{{Question: "wash", Reference: "none"}, {Question: "school", Reference: "no"}, {Question: "hours"}},
		Age:           true,
		AgeOver:       []int{65},
		AgeBands:      &AgeBandSpec{Cuts: []int{18, 65}, Reference: "18-64"},
		InformalHours: true,
		Settings:      &LevelSpec{Reference: "home_alone"},
		Cohorts:       &LevelSpec{Reference: "adult_social_care"},
		Interactions:  [][2]string{{"living_setting", "care"}, {"age_over_65", "wash=all"}},
		Costs:         CostsExclude,
	}
	d, err := BuildDesign(m, as, spec)
	mustNo(t, err)
	wantNames := []string{InterceptName, "care", "home", "total_points", "wash=some", "wash=all", "school=yes", "hours",
		"age", "age_over_65", "age_band=0-17", "age_band=65+", "informal_hours",
		"living_setting=home_family", "living_setting=residential", "cohort=children",
		"living_setting=home_family:care", "living_setting=residential:care", "age_over_65:wash=all"}
	equal(t, wantNames, d.Design.Names)
	equal(t, []string{"A1", "A2", "A5"}, d.IDs)
	equal(t, []Exclusion{{Index: 2, ID: "A3", Reason: "zero planned cost"}, {Index: 3, ID: "A4", Reason: "no planned cost"}}, d.Excluded)
	// Worked by hand from the answers above.
	want := [][]float64{
		{1, 2, 4, 6, 1, 0, 0, 10, 70, 5, 0, 1, 3, 0, 0, 0, 0, 0, 0},
		{1, 3, 0, 3, 0, 0, 1, 7, 9, 0, 1, 0, 0, 1, 0, 1, 3, 0, 0},
		{1, 5, 0, 5, 0, 1, 0, 2, 90, 25, 0, 1, 0, 0, 1, 0, 0, 5, 25},
	}
	for i, row := range want {
		for j, v := range row {
			if got := d.Design.X.At(i, j); got != v {
				t.Errorf("row %s column %s: got %v, want %v", d.IDs[i], d.Design.Names[j], got, v)
			}
		}
	}
	equal(t, []float64{120.5, 80, 300}, d.Design.Y)
	equal(t, "planned_weekly", d.Design.Response)
	g, err := d.Group("age_band")
	mustNo(t, err)
	equal(t, []string{"65+", "0-17", "65+"}, g)
	// Matrix rebuilds the same rows for new data.
	x, err := d.Matrix([]ras.Assessment{as[0], as[4]})
	mustNo(t, err)
	for j := range wantNames {
		if x.At(0, j) != want[0][j] || x.At(1, j) != want[2][j] {
			t.Errorf("Matrix column %s differs from the design", wantNames[j])
		}
	}
	// Subset keeps per-row data aligned.
	s, err := d.Subset([]int{2, 0})
	mustNo(t, err)
	equal(t, []string{"A5", "A1"}, s.IDs)
	equal(t, []float64{300, 120.5}, s.Design.Y)
}

func TestBuildDesignCostPolicies(t *testing.T) {
	m, as := tinyData(t)
	spec := DesignSpec{Domains: []string{"care"}}
	_, err := BuildDesign(m, as, spec)
	var ce *CostError
	if !errors.As(err, &ce) || !errors.Is(err, ErrNoCost) {
		t.Fatalf("default policy: got %v, want a *CostError", err)
	}
	equal(t, []string{"A3"}, ce.Zero)
	equal(t, []string{"A4"}, ce.Missing)
	if !strings.Contains(err.Error(), "A3") || !strings.Contains(err.Error(), "A4") || !strings.HasPrefix(err.Error(), "calibrate: ") {
		t.Errorf("error does not name the assessments: %v", err)
	}
	spec.Costs = CostsTwoPart
	d, err := BuildDesign(m, as, spec)
	mustNo(t, err)
	equal(t, []string{"A1", "A2", "A3", "A5"}, d.IDs)
	equal(t, []Exclusion{{Index: 3, ID: "A4", Reason: "no planned cost"}}, d.Excluded)
	equal(t, []float64{1, 1, 0, 1}, d.AnyCost().Design.Y)
	pos, err := d.Positive()
	mustNo(t, err)
	equal(t, []string{"A1", "A2", "A5"}, pos.IDs)

	// A custom response: zeros are not special.
	spec = DesignSpec{Domains: []string{"care"}, Costs: CostsExclude, ResponseName: "is_adult",
		Response: func(a *ras.Assessment) (float64, bool) {
			if a.Cohort == ras.CohortAdult {
				return 1, true
			}
			return 0, true
		}}
	d, err = BuildDesign(m, as, spec)
	mustNo(t, err)
	equal(t, []float64{1, 0, 1, 1, 1}, d.Design.Y)
	equal(t, "is_adult", d.Design.Response)
}

func TestBuildDesignErrors(t *testing.T) {
	m, as := tinyData(t)
	ok := DesignSpec{Costs: CostsExclude}
	cases := []struct {
		name string
		spec func(s *DesignSpec)
		as   func([]ras.Assessment) []ras.Assessment
		want error
	}{
		{"no reference", func(s *DesignSpec) { s.Items = []ItemSpec{{Question: "wash"}} }, nil, ErrInvalidInput},
		{"bad reference", func(s *DesignSpec) { s.Items = []ItemSpec{{Question: "wash", Reference: "x"}} }, nil, ErrInvalidInput},
		{"unknown question", func(s *DesignSpec) { s.Items = []ItemSpec{{Question: "nope", Score: true}} }, nil, ErrInvalidInput},
		{"unknown domain", func(s *DesignSpec) { s.Domains = []string{"nope"} }, nil, ErrInvalidInput},
		{"setting reference", func(s *DesignSpec) { s.Settings = &LevelSpec{} }, nil, ErrInvalidInput},
		{"cohort level", func(s *DesignSpec) { s.Cohorts = &LevelSpec{Reference: "children", Levels: []string{"martians"}} }, nil, ErrInvalidInput},
		{"age cuts", func(s *DesignSpec) { s.AgeBands = &AgeBandSpec{Cuts: []int{65, 18}, Reference: "0-17"} }, nil, ErrInvalidInput},
		{"age band reference", func(s *DesignSpec) { s.AgeBands = &AgeBandSpec{Cuts: []int{18}, Reference: "adults"} }, nil, ErrInvalidInput},
		{"interaction", func(s *DesignSpec) { s.Interactions = [][2]string{{"care", "nope"}} }, nil, ErrInvalidInput},
		{"duplicate column", func(s *DesignSpec) {
			s.Domains = []string{"care"}
			s.Items = []ItemSpec{{Question: "wash", Score: true}, {Question: "wash", Score: true}}
		}, nil, ErrInvalidInput},
		{"two-part with a response", func(s *DesignSpec) {
			s.Costs = CostsTwoPart
			s.Response = func(*ras.Assessment) (float64, bool) { return 1, true }
		}, nil, ErrInvalidInput},
		{"invalid answer", nil, func(as []ras.Assessment) []ras.Assessment {
			as[0].Answers = append(slices.Clone(as[0].Answers), ras.Answer{Question: "bogus", Option: "x"})
			return as
		}, ras.ErrInvalidAnswer},
		{"no age", func(s *DesignSpec) { s.Age = true }, func(as []ras.Assessment) []ras.Assessment {
			as[1].Person.Age = nil
			return as
		}, ErrInvalidInput},
		{"nothing left", nil, func(as []ras.Assessment) []ras.Assessment { return as[2:4] }, ErrEmpty},
		{"non-finite response", func(s *DesignSpec) {
			s.Response = func(*ras.Assessment) (float64, bool) { return math.NaN(), true }
		}, nil, ErrNonFinite},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := ok
			if c.spec != nil {
				c.spec(&spec)
			}
			in := slices.Clone(as)
			if c.as != nil {
				in = c.as(in)
			}
			_, err := BuildDesign(m, in, spec)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "calibrate: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
	// SkipInvalid lists the rejected assessment instead.
	in := slices.Clone(as)
	in[0].Answers = ras.Answers{{Question: "bogus", Option: "x"}}
	d, err := BuildDesign(m, in, DesignSpec{Costs: CostsExclude, SkipInvalid: true})
	mustNo(t, err)
	if len(d.Excluded) != 3 || d.Excluded[0].ID != "A1" || !strings.Contains(d.Excluded[0].Reason, "bogus") {
		t.Errorf("SkipInvalid: excluded %v", d.Excluded)
	}
	var ae *AssessmentError
	in[0].Answers = ras.Answers{{Question: "bogus", Option: "x"}}
	if _, err := BuildDesign(m, in, ok); !errors.As(err, &ae) || ae.ID != "A1" || ae.Index != 0 {
		t.Errorf("AssessmentError: got %v", err)
	}
}

// TestBuildDesignBadCost is issue #13 item 9: a negative planned weekly cost was taken as the
// response. It is rejected naming the assessment, as is a cost too large for a float64; under
// SkipInvalid the assessment is excluded and listed instead.
func TestBuildDesignBadCost(t *testing.T) {
	m, as := tinyData(t)
	for _, c := range []struct {
		cost string
		want error
	}{{"-0.01", ErrDomain}, {"-120.50", ErrDomain}, {"1e400", ErrNonFinite}} {
		for _, policy := range []CostPolicy{CostsError, CostsExclude, CostsTwoPart} {
			in := slices.Clone(as)
			bad := decimal.RequireFromString(c.cost)
			in[4].PlannedWeekly = &bad
			_, err := BuildDesign(m, in, DesignSpec{Costs: policy})
			var ae *AssessmentError
			if !errors.As(err, &ae) || ae.ID != "A5" || ae.Index != 4 || !errors.Is(err, c.want) || !errors.Is(err, ErrInvalidInput) {
				t.Errorf("cost %s, policy %d: got %v, want an *AssessmentError for A5 (index 4) wrapping %v", c.cost, policy, err, c.want)
			}
			// The same a chunk at a time (the bad row in the second chunk).
			_, err = BuildDesignFrom(m, chunked(in, 3), DesignSpec{Costs: policy})
			if !errors.As(err, &ae) || ae.ID != "A5" || ae.Index != 4 || !errors.Is(err, c.want) {
				t.Errorf("BuildDesignFrom, cost %s, policy %d: got %v, want an *AssessmentError for A5 (index 4) wrapping %v", c.cost, policy, err, c.want)
			}
			d, err := BuildDesign(m, in, DesignSpec{Costs: CostsExclude, SkipInvalid: true})
			mustNo(t, err)
			equal(t, []string{"A1", "A2"}, d.IDs)
			if n := len(d.Excluded); n != 3 || d.Excluded[2].ID != "A5" || !strings.Contains(d.Excluded[2].Reason, "planned weekly cost") {
				t.Errorf("cost %s under SkipInvalid: excluded %v", c.cost, d.Excluded)
			}
		}
	}
}
