package ras

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestRangeRank checks k = ⌈(n+1)·level⌉ against hand-worked values,
// including a level whose product float64 gets wrong (0.07 × 100 is
// 7.000000000000001 in float64, whose ceiling is 8; the exact k is 7).
func TestRangeRank(t *testing.T) {
	for _, c := range []struct {
		n     int
		level string
		k     int
		ok    bool
	}{
		{4, "0.8", 4, true},    // ⌈5·0.8⌉ = 4
		{3, "0.8", 4, false},   // ⌈3.2⌉ = 4 > 3
		{9, "0.9", 9, true},    // ⌈9⌉
		{8, "0.9", 9, false},   // ⌈8.1⌉
		{19, "0.95", 19, true}, // ⌈19⌉
		{18, "0.95", 19, false},
		{99, "0.07", 7, true},     // ⌈7⌉, not 8
		{1000, "0.8", 801, true},  // ⌈800.8⌉
		{1499, "0.9", 1350, true}, // ⌈1350⌉
		{0, "0.5", 1, false},
	} {
		k, ok := RangeRank(c.n, decimal.RequireFromString(c.level))
		if k != c.k || ok != c.ok {
			t.Errorf("RangeRank(%d, %s) = %d, %v; want %d, %v", c.n, c.level, k, ok, c.k, c.ok)
		}
	}
	for _, c := range []struct {
		level string
		n     int
	}{{"0.8", 4}, {"0.9", 9}, {"0.95", 19}, {"0.5", 1}, {"0.75", 3}, {"0.07", 1}, {"0.999999", 999999}, {"0", 0}, {"1", 0}} {
		if got := RangeMinCases(decimal.RequireFromString(c.level)); got != c.n {
			t.Errorf("RangeMinCases(%s) = %d, want %d", c.level, got, c.n)
		}
	}
	// RangeMinCases is the least n that RangeRank accepts.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		level := decimal.New(int64(1+rng.IntN(999_999)), -6)
		n := rng.IntN(300)
		_, ok := RangeRank(n, level)
		if want := n >= RangeMinCases(level); ok != want {
			t.Fatalf("level %s, n %d: RangeRank ok %v, RangeMinCases %d", level, n, ok, RangeMinCases(level))
		}
	}
}

// rangeModel is a regression model whose amount is its intercept (pounds a
// week) for adults and carers, with a range.
func rangeModel(amount float64, r *RangeRules) *Model {
	return &Model{ID: "range-test", Version: "1", Name: "Range test", Family: FamilyRegression,
		Cohorts:      []Cohort{CohortAdult, CohortCarer},
		SupportTypes: []SupportType{},
		Domains:      []Domain{{ID: "d", Name: "Daily living", Questions: []Question{{ID: "q", Text: "Washing", Options: []Option{{ID: "a", Label: "A", Points: 0}, {ID: "b", Label: "B", Points: 1}}}}}},
		Regression:   &RegressionRules{Intercept: amount, Link: LinkIdentity, Terms: []Term{}},
		Range:        r,
	}
}

func rangeAssessment(c Cohort) *Assessment {
	age := 40
	return &Assessment{ID: "A1", Date: Date{Year: 2025, Month: 4, Day: 1}, Cohort: c,
		Person: Person{ID: "P1", Age: &age, LivingSetting: SettingHomeAlone}, Answers: pairs("q", "a")}
}

func decPtr(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// TestRangeBounds checks the engine's ranges against values worked by hand
// (the log score's with Python's math.exp, to 1e-15): the lower end
// rounded down and the upper up to the penny, weekly and annual (the
// exact weekly ends × 52, rounded once).
func TestRangeBounds(t *testing.T) {
	for _, c := range []struct {
		name   string
		amount float64
		r      RangeRules
		lo, hi string // weekly
		alo    string // annual
		ahi    string
	}{
		// 200 ± 50.5.
		{"absolute", 200, RangeRules{Score: ScoreAbsolute, Groups: map[string]RangeGroup{RangeAll: {Quantile: 50.5, N: 100}}}, "149.50", "250.50", "7774.00", "13026.00"},
		// 30 − 50.5 < 0: floored at 0.
		{"absolute floored", 30, RangeRules{Score: ScoreAbsolute, Groups: map[string]RangeGroup{RangeAll: {Quantile: 50.5, N: 100}}}, "0.00", "80.50", "0.00", "4186.00"},
		// 200 ± 0.4 × 200.
		{"relative", 200, RangeRules{Score: ScoreRelative, MinScale: decPtr("25"), Groups: map[string]RangeGroup{RangeAll: {Quantile: 0.4, N: 100}}}, "120.00", "280.00", "6240.00", "14560.00"},
		// 10 ± 0.4 × max(10, 25) = 10 ± 10.
		{"relative min scale", 10, RangeRules{Score: ScoreRelative, MinScale: decPtr("25"), Groups: map[string]RangeGroup{RangeAll: {Quantile: 0.4, N: 100}}}, "0.00", "20.00", "0.00", "1040.00"},
		// 200·e^−0.5 = 121.30613194252669, 200·e^0.5 = 329.74425414002565;
		// × 52 = 6307.9188610113879, 17146.701215281334.
		{"log", 200, RangeRules{Score: ScoreLog, MinScale: decPtr("10"), Groups: map[string]RangeGroup{RangeAll: {Quantile: 0.5, N: 100}}}, "121.30", "329.75", "6307.91", "17146.71"},
		// ln 12 − ln 10 = 0.182 ≤ 0.5: from 0; 12·e^0.5 = 19.78465524840154.
		{"log from zero", 12, RangeRules{Score: ScoreLog, MinScale: decPtr("10"), Groups: map[string]RangeGroup{RangeAll: {Quantile: 0.5, N: 100}}}, "0.00", "19.79", "0.00", "1028.81"},
		// A prediction below zero is an amount of 0: s = max(0, 10);
		// 10·e^0.5 = 16.487212707001282, × 52 = 857.33506076406666.
		{"log negative amount", -5, RangeRules{Score: ScoreLog, MinScale: decPtr("10"), Groups: map[string]RangeGroup{RangeAll: {Quantile: 0.5, N: 100}}}, "0.00", "16.49", "0.00", "857.34"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.r.Level, c.r.Method = decimal.RequireFromString("0.8"), RangeSplitConformal
			e, err := Compile(rangeModel(c.amount, &c.r))
			if err != nil {
				t.Fatal(err)
			}
			var r Result
			if err := e.AssessInto(rangeAssessment(CohortAdult), &r, AssessOptions{}); err != nil {
				t.Fatal(err)
			}
			br, ok := r.Range()
			if !ok {
				t.Fatal("no range")
			}
			for _, x := range []struct {
				name string
				got  decimal.Decimal
				want string
			}{{"weekly lower", br.WeeklyLower, c.lo}, {"weekly upper", br.WeeklyUpper, c.hi}, {"annual lower", br.AnnualLower, c.alo}, {"annual upper", br.AnnualUpper, c.ahi}} {
				if !x.got.Equal(decimal.RequireFromString(x.want)) {
					t.Errorf("%s = %s, want %s", x.name, x.got, x.want)
				}
			}
			lo, hi, ok := r.RangePence()
			if !ok || decimal.New(lo, -2).String() != br.WeeklyLower.String() || decimal.New(hi, -2).String() != br.WeeklyUpper.String() {
				t.Errorf("RangePence %d, %d, %v disagrees with Range %s, %s", lo, hi, ok, br.WeeklyLower, br.WeeklyUpper)
			}
			if br.Group != RangeAll || br.N != 100 || !br.Level.Equal(decimal.RequireFromString("0.8")) {
				t.Errorf("range %+v: want group all, n 100, level 0.8", br)
			}
		})
	}
}

// TestRangeMatchesScore: the range the engine gives is every planned cost
// whose score (RangeScore.Score, the function package calibrate calibrates
// with) is at most the quantile, to the penny: a penny inside each end
// scores at most q, a penny outside more than q (a lower end of 0 may be
// the exact end rounded down).
func TestRangeMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, score := range []RangeScore{ScoreAbsolute, ScoreRelative, ScoreLog} {
		for range 400 {
			a := math.Round(math.Exp(rng.Float64()*9-1)*1e6) / 1e6 // £0.37 to £3,000 a week
			var q float64
			var minScale *decimal.Decimal
			m := 0.0
			switch score {
			case ScoreAbsolute:
				q = math.Round(rng.Float64()*500*1e4) / 1e4
			case ScoreRelative:
				q = rng.Float64() * 2
			case ScoreLog:
				q = rng.Float64() * 2
			}
			if score != ScoreAbsolute {
				m = float64(1+rng.IntN(100)) / 4
				minScale = decPtr(decimal.NewFromFloat(m).String())
			}
			r := &RangeRules{Level: decimal.RequireFromString("0.9"), Method: RangeCrossValidation, Score: score, MinScale: minScale,
				Groups: map[string]RangeGroup{RangeAll: {Quantile: q, N: 50}}}
			e, err := Compile(rangeModel(a, r))
			if err != nil {
				t.Fatal(err)
			}
			var res Result
			if err := e.AssessInto(rangeAssessment(CohortCarer), &res, AssessOptions{}); err != nil {
				t.Fatal(err)
			}
			lo, hi, ok := res.RangePence()
			if !ok {
				t.Fatal("no range")
			}
			in := func(pence int64) bool { return score.Score(a, float64(pence)/100, m) <= q+1e-12 }
			if hi > lo+1 && !in(lo+1) {
				t.Errorf("%s a=%v q=%v m=%v: a penny above the lower end %d scores %v > q", score, a, q, m, lo, score.Score(a, float64(lo+1)/100, m))
			}
			if lo > 0 && in(lo-1) {
				t.Errorf("%s a=%v q=%v m=%v: a penny below the lower end %d scores %v ≤ q", score, a, q, m, lo, score.Score(a, float64(lo-1)/100, m))
			}
			if !in(hi - 1) {
				t.Errorf("%s a=%v q=%v m=%v: a penny below the upper end %d scores %v > q", score, a, q, m, hi, score.Score(a, float64(hi-1)/100, m))
			}
			if in(hi + 1) {
				t.Errorf("%s a=%v q=%v m=%v: a penny above the upper end %d scores %v ≤ q", score, a, q, m, hi, score.Score(a, float64(hi+1)/100, m))
			}
		}
	}
}

// TestRangeGroups: by cohort, each cohort has its own quantile; a cohort
// without one gets no range, and a model without a range none.
func TestRangeGroups(t *testing.T) {
	r := &RangeRules{Level: decimal.RequireFromString("0.8"), Method: RangeSplitConformal, Score: ScoreAbsolute, By: "cohort",
		Groups: map[string]RangeGroup{string(CohortAdult): {Quantile: 10, N: 40}}, Period: "2025"}
	e, err := Compile(rangeModel(100, r))
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := e.AssessInto(rangeAssessment(CohortAdult), &res, AssessOptions{}); err != nil {
		t.Fatal(err)
	}
	if lo, hi, ok := res.RangePence(); !ok || lo != 9000 || hi != 11000 {
		t.Errorf("adult range %d–%d (%v), want 9000–11000", lo, hi, ok)
	}
	if br, _ := res.Range(); br.Group != string(CohortAdult) || br.N != 40 {
		t.Errorf("adult range group %q n %d", br.Group, br.N)
	}
	if err := e.AssessInto(rangeAssessment(CohortCarer), &res, AssessOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := res.RangePence(); ok {
		t.Error("a carer (no quantile) has a range")
	}
	if _, ok := res.Range(); ok {
		t.Error("a carer (no quantile) has a Range")
	}
	var buf bytes.Buffer
	if err := res.Explain(&buf); err != nil || strings.Contains(buf.String(), "People assessed like you") {
		t.Errorf("a carer's explanation mentions a range (%v):\n%s", err, buf.String())
	}
	e2, err := Compile(rangeModel(100, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := e2.AssessInto(rangeAssessment(CohortAdult), &res, AssessOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := res.RangePence(); ok {
		t.Error("a model without a range gives one")
	}
	var zero Result
	if _, _, ok := zero.RangePence(); ok {
		t.Error("a zero Result has a range")
	}
}

// TestRangeNoAllocation: RangePence does not allocate, and AssessInto does
// not, with or without a range.
func TestRangeNoAllocation(t *testing.T) {
	r := &RangeRules{Level: decimal.RequireFromString("0.8"), Method: RangeSplitConformal, Score: ScoreLog, MinScale: decPtr("5"),
		Groups: map[string]RangeGroup{RangeAll: {Quantile: 0.7, N: 40}}}
	e, err := Compile(rangeModel(100, r))
	if err != nil {
		t.Fatal(err)
	}
	a := rangeAssessment(CohortAdult)
	var res Result
	if err := e.AssessInto(a, &res, AssessOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() {
		_ = e.AssessInto(a, &res, AssessOptions{})
		_, _, _ = res.RangePence()
	}); n != 0 {
		t.Errorf("AssessInto and RangePence allocate %v times", n)
	}
}

// TestRangeValidate: every rule, with the path of the field at fault.
func TestRangeValidate(t *testing.T) {
	ok := func() *RangeRules {
		return &RangeRules{Level: decimal.RequireFromString("0.8"), Method: RangeSplitConformal, Score: ScoreLog, MinScale: decPtr("10"), By: "cohort",
			Groups: map[string]RangeGroup{"adult_social_care": {Quantile: 0.6, N: 500}}, Period: "2025"}
	}
	if err := rangeModel(100, ok()).Validate(); err != nil {
		t.Fatalf("valid range refused: %v", err)
	}
	for _, c := range []struct {
		edit func(r *RangeRules, m *Model)
		path string
		msg  string
	}{
		{func(r *RangeRules, _ *Model) { r.Level = decimal.NewFromInt(1) }, "range.level", "between 0 and 1"},
		{func(r *RangeRules, _ *Model) { r.Level = decimal.Zero }, "range.level", "between 0 and 1"},
		{func(r *RangeRules, _ *Model) { r.Level = decimal.RequireFromString("0.1234567") }, "range.level", "more than 6 decimal places"},
		{func(r *RangeRules, _ *Model) { r.Method = "cv_plus" }, "range.method", "must be"},
		{func(r *RangeRules, _ *Model) { r.Score = "squared" }, "range.score", "must be"},
		{func(r *RangeRules, _ *Model) { r.MinScale = nil }, "range.min_scale", "is required with the log score"},
		{func(r *RangeRules, _ *Model) { r.MinScale = decPtr("0") }, "range.min_scale", "must be positive"},
		{func(r *RangeRules, _ *Model) { r.MinScale = decPtr("1.000000001") }, "range.min_scale", "more than 8 decimal places"},
		{func(r *RangeRules, _ *Model) { r.Score = ScoreAbsolute }, "range.min_scale", "applies only to the relative and log scores"},
		{func(r *RangeRules, _ *Model) { r.By = "locality" }, "range.by", "must be cohort or living_setting"},
		{func(r *RangeRules, _ *Model) { r.Groups = nil }, "range.groups", "at least one group"},
		{func(r *RangeRules, _ *Model) { r.Groups["elves"] = RangeGroup{Quantile: 1, N: 10} }, "range.groups.elves", "unknown cohort"},
		{func(r *RangeRules, _ *Model) { r.Groups["children"] = RangeGroup{Quantile: 1, N: 10} }, "range.groups.children", "does not serve cohort"},
		{func(r *RangeRules, _ *Model) { r.By = "" }, "range.groups.adult_social_care", `the only group is "all"`},
		{func(r *RangeRules, _ *Model) { r.By = "living_setting" }, "range.groups.adult_social_care", "unknown living setting"},
		{func(r *RangeRules, _ *Model) { r.Groups["adult_social_care"] = RangeGroup{Quantile: -0.1, N: 10} }, "range.groups.adult_social_care.quantile", "not negative"},
		{func(r *RangeRules, _ *Model) { r.Groups["adult_social_care"] = RangeGroup{Quantile: math.NaN(), N: 10} }, "range.groups.adult_social_care.quantile", "finite"},
		{func(r *RangeRules, _ *Model) { r.Groups["adult_social_care"] = RangeGroup{Quantile: 21, N: 10} }, "range.groups.adult_social_care.quantile", "more than 20"},
		{func(r *RangeRules, _ *Model) {
			r.Score, r.MinScale = ScoreRelative, decPtr("1")
			r.Groups["adult_social_care"] = RangeGroup{Quantile: 1001, N: 10}
		}, "range.groups.adult_social_care.quantile", "more than 1000"},
		{func(r *RangeRules, _ *Model) { r.Groups["adult_social_care"] = RangeGroup{Quantile: 0.5, N: 3} }, "range.groups.adult_social_care.n", "3 assessments cannot calibrate a range at level 0.8: the ⌈(n+1)·level⌉-th smallest score needs n ≥ 4"},
		{func(r *RangeRules, _ *Model) { r.Groups["adult_social_care"] = RangeGroup{Quantile: 0.5, N: 0} }, "range.groups.adult_social_care.n", "at least 1"},
		{func(r *RangeRules, _ *Model) { r.Period = "2025\n" }, "range.period", "control character"},
		{func(_ *RangeRules, m *Model) {
			m.Regression.Link = LinkLogit
		}, "range", "a logit model gives a probability"},
	} {
		r := ok()
		m := rangeModel(100, r)
		c.edit(r, m)
		err := m.Validate()
		if !errors.Is(err, ErrInvalidModel) {
			t.Errorf("%s: want ErrInvalidModel, got %v", c.path, err)
			continue
		}
		var fes FieldErrors
		if !errors.As(err, &fes) {
			t.Fatalf("%s: not FieldErrors: %v", c.path, err)
		}
		found := false
		for _, fe := range fes {
			if fe.Path == c.path && strings.Contains(fe.Msg, c.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("want %s: …%s…; got %v", c.path, c.msg, err)
		}
	}
}

// TestRangeJSONAndCSV: the result's JSON and CSV carry the range.
func TestRangeJSONAndCSV(t *testing.T) {
	r := &RangeRules{Level: decimal.RequireFromString("0.9"), Method: RangeSplitConformal, Score: ScoreRelative, MinScale: decPtr("25"), By: "cohort",
		Groups: map[string]RangeGroup{string(CohortAdult): {Quantile: 0.5, N: 1234}}}
	e, err := Compile(rangeModel(100, r))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Assess(rangeAssessment(CohortAdult))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `"range":{"level":"0.9","weekly_lower":"50.00","weekly_upper":"150.00","annual_lower":"2600.00","annual_upper":"7800.00","group":"adult_social_care","n":1234}`
	if !strings.Contains(string(b), want) {
		t.Errorf("JSON %s\nwant it to contain %s", b, want)
	}
	var buf bytes.Buffer
	if err := WriteResultsCSV(&buf, e, []Result{*res}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if !strings.Contains(lines[0], ",range_level,weekly_lower,weekly_upper") || !strings.Contains(lines[1], ",0.9,50.00,150.00") {
		t.Errorf("CSV:\n%s", buf.String())
	}
	// A model without a range writes no range columns and no range field.
	e2, _ := Compile(rangeModel(100, nil))
	res2, _ := e2.Assess(rangeAssessment(CohortAdult))
	buf.Reset()
	if err := WriteResultsCSV(&buf, e2, []Result{*res2}); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(res2)
	if strings.Contains(buf.String(), "range_level") || strings.Contains(string(b2), `"range":`) {
		t.Errorf("a model without a range writes one:\n%s\n%s", buf.String(), b2)
	}
}

// TestRangeDescribed: DescribeModel writes the range.
func TestRangeDescribed(t *testing.T) {
	r := &RangeRules{Level: decimal.RequireFromString("0.8"), Method: RangeSplitConformal, Score: ScoreLog, MinScale: decPtr("10"), By: "cohort",
		Groups: map[string]RangeGroup{string(CohortAdult): {Quantile: 0.61, N: 3200}}, Period: "2025"}
	var buf bytes.Buffer
	if err := DescribeModel(&buf, rangeModel(100, r)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Budget range", "80% of people's planned costs", "split conformal", "calibrated separately by cohort", "on assessments of 2025",
		"s·e^−q to s·e^q", "| Adult Social Care | 0.61 | 3,200 assessments |", "No range is given to people in: Carers."} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the description lacks %q:\n%s", want, buf.String())
		}
	}
}

// TestRangeRoundTrip: a model with a range, as WriteJSON writes it, reads
// back the same and satisfies the schema.
func TestRangeRoundTrip(t *testing.T) {
	s := compileModelSchema(t)
	for _, r := range []*RangeRules{
		{Level: decimal.RequireFromString("0.95"), Method: RangeCrossValidation, Score: ScoreRelative, MinScale: decPtr("12.5"), By: "living_setting",
			Groups: map[string]RangeGroup{"nursing": {Quantile: 0.33, N: 19}, "home_alone": {Quantile: 1.25, N: 200}}, Period: "2024 to 2025"},
		{Level: decimal.RequireFromString("0.8"), Method: RangeSplitConformal, Score: ScoreAbsolute, Groups: map[string]RangeGroup{RangeAll: {Quantile: 150.12345678, N: 4}}},
	} {
		var buf bytes.Buffer
		if err := rangeModel(100, r).WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if err := schemaValidate(s, buf.Bytes()); err != nil {
			t.Errorf("the schema refuses %s: %v", buf.String(), err)
		}
		m, err := ParseModel(&buf)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(m.Range)
		want, _ := json.Marshal(r)
		if !bytes.Equal(got, want) {
			t.Errorf("read back %s, want %s", got, want)
		}
	}
}
