package badinput

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// TestRASParseDate: every hostile value, and digits everywhere.
func TestRASParseDate(t *testing.T) {
	n := 0
	vals := []string{}
	for _, hv := range hostileValues {
		vals = append(vals, hv.v)
	}
	vals = append(vals, "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "0000-00-00", "2025-00-10",
		"2025-04-31", "２０２５-01-01", "2025-01-01 ", " 2025-01-01", "2025/01/01", "+025-01-01", "-025-01-01", "2025-01-1\x00")
	for _, v := range vals {
		n++
		what := fmt.Sprintf("ras.ParseDate(%q)", short(v))
		var d ras.Date
		var err error
		if safely(t, what, func() { d, err = ras.ParseDate(v) }) {
			continue
		}
		// Any year 0000–9999 parses; the window is the records' rule.
		ok := len(v) == 10 && isoDate("2000"+v[4:]) && strings.Trim(v[:4], "0123456789") == "" &&
			!(v[5:10] == "02-29" && !isoDate(v[:4]+"-01-01") && false)
		if ok && v[5:10] == "02-29" {
			y := 0
			fmt.Sscanf(v[:4], "%d", &y)
			ok = y%4 == 0 && (y%100 != 0 || y%400 == 0)
		}
		switch {
		case err == nil && !ok:
			reportf(t, "%s: SILENTLY ACCEPTED as %v", what, d)
		case err != nil && ok:
			reportf(t, "%s: OVER-REJECTED: %v", what, err)
		case err != nil && !errors.Is(err, ras.ErrInvalidDate):
			reportf(t, "%s: %v does not unwrap to ErrInvalidDate", what, err)
		}
	}
	fed("ras.ParseDate", n)
}

// hostileAssessments mutates one valid assessment field by field, in
// memory, with values no reader would let through.
func hostileAssessments(t *testing.T) []struct {
	name string
	a    ras.Assessment
} {
	base := validAssessment(t)
	type ha = struct {
		name string
		a    ras.Assessment
	}
	var out []ha
	mut := func(name string, f func(a *ras.Assessment)) {
		a := base
		a.Person.Age = nil
		if base.Person.Age != nil {
			v := *base.Person.Age
			a.Person.Age = &v
		}
		a.Answers = slices.Clone(base.Answers)
		a.InformalHelp = slices.Clone(base.InformalHelp)
		a.Independence = slices.Clone(base.Independence)
		a.Eligibility = slices.Clone(base.Eligibility)
		f(&a)
		out = append(out, ha{name, a})
	}
	for _, hv := range hostileValues {
		v := hv.v
		mut("id = "+hv.name, func(a *ras.Assessment) { a.ID = v })
		mut("person.id = "+hv.name, func(a *ras.Assessment) { a.Person.ID = v })
		mut("cohort = "+hv.name, func(a *ras.Assessment) { a.Cohort = ras.Cohort(v) })
		mut("living_setting = "+hv.name, func(a *ras.Assessment) { a.Person.LivingSetting = ras.LivingSetting(v) })
		mut("safety = "+hv.name, func(a *ras.Assessment) { a.Safety = ras.SafetyLevel(v) })
		mut("locality = "+hv.name, func(a *ras.Assessment) { a.Person.Locality = v })
		mut("answer option = "+hv.name, func(a *ras.Assessment) { a.Answers[0].Option = v })
		mut("answer question = "+hv.name, func(a *ras.Assessment) { a.Answers[0].Question = v })
		mut("informal activity = "+hv.name, func(a *ras.Assessment) { a.InformalHelp[0].Activity = v })
		mut("eligibility framework = "+hv.name, func(a *ras.Assessment) { a.Eligibility[0].Framework = v })
		mut("model_version = "+hv.name, func(a *ras.Assessment) { a.ModelVersion = v })
	}
	for _, d := range []ras.Date{{}, {Year: 2025, Month: 13, Day: 1}, {Year: 2025, Month: 2, Day: 30}, {Year: 9999, Month: 12, Day: 31},
		{Year: -1, Month: 1, Day: 1}, {Year: 2025, Month: 0, Day: 1}, {Year: 2025, Month: 1, Day: 0}, {Year: 2025, Month: 1, Day: -5},
		{Year: math.MaxInt, Month: 1, Day: 1}, {Year: 1899, Month: 12, Day: 31}, {Year: 2101, Month: 1, Day: 1}} {
		mut(fmt.Sprintf("date = %+v", d), func(a *ras.Assessment) { a.Date = d })
		mut(fmt.Sprintf("date_of_birth = %+v", d), func(a *ras.Assessment) { a.Person.DateOfBirth = d; a.Person.Age = nil })
		mut(fmt.Sprintf("decided_on = %+v", d), func(a *ras.Assessment) { a.Eligibility[0].DecidedOn = d })
		mut(fmt.Sprintf("budget_start = %+v", d), func(a *ras.Assessment) { a.BudgetStart = d })
	}
	for _, age := range []int{-5, -1, 121, 150, math.MinInt, math.MaxInt, 63} {
		mut(fmt.Sprintf("age = %d", age), func(a *ras.Assessment) { a.Person.Age = &age })
		mut(fmt.Sprintf("age = %d without a date of birth", age), func(a *ras.Assessment) { a.Person.Age = &age; a.Person.DateOfBirth = ras.Date{} })
	}
	for _, h := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, -0.0, 168.0001, 1e300, math.SmallestNonzeroFloat64} {
		mut(fmt.Sprintf("informal hours = %v", h), func(a *ras.Assessment) { a.InformalHelp[0].HoursPerWeek = h })
		mut(fmt.Sprintf("number answer = %v", h), func(a *ras.Assessment) { a.Answers[0] = ras.Number(a.Answers[0].Question, h) })
	}
	for _, s := range []string{"-1", "-0.01", "1e30", "90000000.01", "0.000000001", "-0"} {
		d := decimal.RequireFromString(s)
		mut("planned_weekly = "+s, func(a *ras.Assessment) { a.PlannedWeekly = &d })
		mut("estimate = "+s, func(a *ras.Assessment) { a.Estimate = &ras.Estimate{Weekly: d, Annual: d} })
	}
	mut("answers empty", func(a *ras.Assessment) { a.Answers = nil })
	mut("answer given twice", func(a *ras.Assessment) { a.Answers = append(a.Answers, a.Answers[0]) })
	mut("answer of an unknown question", func(a *ras.Assessment) { a.Answers = append(a.Answers, ras.Choice("nope", "none")) })
	mut("10000 answers", func(a *ras.Assessment) {
		for i := range 10000 {
			a.Answers = append(a.Answers, ras.Choice(fmt.Sprintf("q%d", i), "none"))
		}
	})
	mut("a number for a choice", func(a *ras.Assessment) { a.Answers[0] = ras.Number(a.Answers[0].Question, 1) })
	mut("date of birth after the date", func(a *ras.Assessment) {
		a.Person.DateOfBirth = ras.Date{Year: 2025, Month: 1, Day: 1}
		a.Person.Age = nil
	})
	mut("age disagrees with date of birth", func(a *ras.Assessment) { v := 30; a.Person.Age = &v })
	mut("decision before the assessment", func(a *ras.Assessment) { a.Eligibility[0].DecidedOn = ras.Date{Year: 2020, Month: 1, Day: 1} })
	mut("unknown decision", func(a *ras.Assessment) { a.Eligibility[0].Decision = "maybe" })
	mut("add-on unknown to the model", func(a *ras.Assessment) {
		a.AddOns = []ras.ApprovedAddOn{{AddOn: "san", ApprovedOn: a.Date}}
	})
	return out
}

// TestRASEngine: every hostile assessment through Assess, AssessInto,
// AssessBatch and AssessSeq of each shipped model. Each entry point must
// agree with Validate (an assessment it rejects gets no budget) and with
// the others, never panic, and give no NaN.
func TestRASEngine(t *testing.T) {
	has := hostileAssessments(t)
	for _, name := range ras.ModelNames() {
		eng, err := ras.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		as := make([]ras.Assessment, len(has))
		for i, h := range has {
			as[i] = h.a
			n++
			what := fmt.Sprintf("%s: Assess(%s)", name, h.name)
			var r *ras.Result
			var err error
			if safely(t, what, func() { r, err = eng.Assess(&as[i]) }) {
				continue
			}
			verr := as[i].Validate()
			if unscored(h.name) || (strings.HasPrefix(h.name, "budget_start") || strings.HasPrefix(h.name, "add-on")) && eng.Model().Composition == nil {
				verr = nil // documented: the engine leaves the fields scoring does not use to Validate
			}
			switch {
			case verr != nil && err == nil:
				reportf(t, "%s: SILENTLY ACCEPTED: Validate says %v, Assess gives a budget", what, verr)
			case verr != nil && name == ras.ModelPoints && err.Error() != verr.Error() && !strings.HasPrefix(h.name, "answer"):
				reportf(t, "%s: Assess says %v, Validate %v", what, err, verr)
			case err != nil && !isAny(err, []error{ras.ErrInvalidAssessment, ras.ErrInvalidAnswer, ras.ErrMissingAnswer, ras.ErrCohort, ras.ErrInvalidAmount}):
				reportf(t, "%s: %v unwraps to no sentinel of ras", what, err)
			}
			if err == nil {
				checkResult(t, what, r)
			}
			var r2 ras.Result
			var err2 error
			safely(t, what+" AssessInto", func() { err2 = eng.AssessInto(&as[i], &r2, ras.AssessOptions{Trace: true}) })
			if (err == nil) != (err2 == nil) {
				reportf(t, "%s: Assess and AssessInto disagree: %v / %v", what, err, err2)
			}
			if err2 == nil {
				var b strings.Builder
				safely(t, what+" Explain", func() {
					if err := r2.Explain(&b); err != nil {
						reportf(t, "%s: Explain: %v", what, err)
					}
				})
				if x := strings.ReplaceAll(b.String(), as[i].ID, ""); strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
					reportf(t, "%s: the explanation prints NaN or Inf", what)
				}
			}
		}
		// The batch and the sequence say the same, record by record.
		var batchErr error
		var rs []ras.Result
		safely(t, name+": AssessBatch", func() { rs, batchErr = eng.AssessBatch(context.Background(), as, ras.BatchOptions{Workers: 2}) })
		var be *ras.BatchError
		if batchErr != nil && !errors.As(batchErr, &be) {
			reportf(t, "%s: AssessBatch: %v is not a *BatchError", name, batchErr)
		}
		_ = rs
		i := 0
		safely(t, name+": AssessSeq", func() {
			seq := func(yield func(*ras.Assessment) bool) {
				for k := range as {
					if !yield(&as[k]) {
						return
					}
				}
			}
			for r, err := range eng.AssessSeq(seq, ras.AssessOptions{}) {
				_, want := eng.Assess(&as[i])
				if (err == nil) != (want == nil) {
					reportf(t, "%s: AssessSeq(%s): %v, Assess %v", name, has[i].name, err, want)
				}
				if err == nil {
					checkResult(t, name+": AssessSeq("+has[i].name+")", r)
				}
				i++
			}
		})
		fed("ras.Engine.Assess/Into/Batch/Seq", 4*n)
	}
}

func checkResult(t *testing.T, what string, r *ras.Result) {
	t.Helper()
	if math.IsNaN(r.Probability) || math.IsInf(r.Probability, 0) || math.IsNaN(r.Eta) || math.IsInf(r.Eta, 0) {
		reportf(t, "%s: NON-FINITE probability %v or eta %v", what, r.Probability, r.Eta)
	}
	if p := nonFinite(r.Hours()); p != "" {
		reportf(t, "%s: NON-FINITE hours at %s", what, p)
	}
	if r.HasBudget && r.Weekly().IsNegative() {
		reportf(t, "%s: a negative budget %v", what, r.Weekly())
	}
}

// TestDisclosure: counts and options no publication should take.
func TestDisclosure(t *testing.T) {
	n := 0
	opts := []disclosure.Options{{}, {Threshold: -1}, {Threshold: math.MaxInt}, {Threshold: 1}, {SuppressZeros: true},
		{WithoutTotals: true}, {PrimaryMark: "\x00"}, {PrimaryMark: "\xff"}, {SecondaryMark: strings.Repeat("*", 10000)}}
	lists := [][]int{nil, {}, {-1}, {0}, {math.MaxInt, 1}, {math.MaxInt, math.MaxInt}, {1, 2, 3}, {4}, {5, 5, 0, 1}, {math.MinInt}}
	tables := [][][]int{nil, {}, {{}}, {{1, 2}, {3}}, {{-1, 10}, {10, 10}}, {{1}}, {{math.MaxInt, math.MaxInt}, {1, 1}}, {{1, 2}, {3, 4}}, {{0, 0}, {0, 0}}}
	for _, o := range opts {
		for _, l := range lists {
			n++
			what := fmt.Sprintf("disclosure.SuppressList(%v, %+v)", l, o)
			safely(t, what, func() {
				res, err := disclosure.SuppressList(l, o)
				mustFail := o.Threshold < 0 || slices.ContainsFunc(l, func(c int) bool { return c < 0 }) || o.Validate() != nil
				if mustFail && err == nil {
					reportf(t, "%s: SILENTLY ACCEPTED", what)
				}
				if err == nil {
					checkCountsKept(t, what, l, res.Counts)
				}
			})
		}
		for _, tb := range tables {
			n++
			what := fmt.Sprintf("disclosure.SuppressTable(%v, %+v)", tb, o)
			safely(t, what, func() {
				_, err := disclosure.SuppressTable(tb, o)
				neg := false
				for _, r := range tb {
					if slices.ContainsFunc(r, func(c int) bool { return c < 0 }) {
						neg = true
					}
				}
				if (o.Threshold < 0 || neg || o.Validate() != nil) && err == nil {
					reportf(t, "%s: SILENTLY ACCEPTED", what)
				}
			})
		}
	}
	fed("ras/disclosure.SuppressList/Table", n)
}

func checkCountsKept(t *testing.T, what string, in, out []int) {
	t.Helper()
	if !slices.Equal(in, out) && !(len(in) == 0 && len(out) == 0) {
		reportf(t, "%s: the counts changed: %v → %v", what, in, out)
	}
}

// TestSynthOptions: generator options out of range.
func TestSynthOptions(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	bad := synth.DefaultCostModel(m)
	bad.GammaShape = -1
	nanCost := synth.DefaultCostModel(m)
	nanCost.Intercept = nan
	cases := []struct {
		name     string
		o        synth.Options
		mustFail bool
	}{
		{"start year 0", synth.Options{Start: ras.Date{Year: 0, Month: 1, Day: 1}}, true},
		{"start 9999-12-31", synth.Options{Start: ras.Date{Year: 9999, Month: 12, Day: 31}}, true},
		{"start 2100-12-31 (window past 2100)", synth.Options{Start: ras.Date{Year: 2100, Month: 12, Day: 31}}, true},
		{"start 30 February", synth.Options{Start: ras.Date{Year: 2025, Month: 2, Day: 30}}, true},
		{"start month 13", synth.Options{Start: ras.Date{Year: 2025, Month: 13, Day: 1}}, true},
		{"unknown cohort", synth.Options{Cohorts: []ras.Cohort{"nope"}}, true},
		{"empty cohort list", synth.Options{Cohorts: []ras.Cohort{}}, false},
		{"cohort twice", synth.Options{Cohorts: []ras.Cohort{ras.CohortAdult, ras.CohortAdult}}, false},
		{"negative domain noise", synth.Options{DomainNoise: -1}, true},
		{"NaN domain noise", synth.Options{DomainNoise: nan}, true},
		{"Inf item noise", synth.Options{ItemNoise: math.Inf(1)}, true},
		{"NaN item noise", synth.Options{ItemNoise: nan}, true},
		{"negative gamma shape", synth.Options{Cost: &bad}, true},
		{"NaN intercept", synth.Options{Cost: &nanCost}, true},
		{"setting answer of an unknown question", synth.Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"nope": {ras.SettingHomeAlone: "x"}}}, true},
		{"setting answer of an unknown option", synth.Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"washing": {ras.SettingHomeAlone: "x"}}}, true},
		{"setting answer of an unknown setting", synth.Options{SettingAnswers: map[string]map[ras.LivingSetting]string{"washing": {"castle": "some"}}}, true},
		{"negative workers", synth.Options{Workers: -3}, false},
	}
	for _, c := range cases {
		what := "synth.New: " + c.name
		safely(t, what, func() {
			g, err := synth.New(m, c.o)
			if c.mustFail && err == nil {
				reportf(t, "%s: SILENTLY ACCEPTED", what)
			}
			if err != nil {
				if !errors.Is(err, synth.ErrInvalidOptions) {
					reportf(t, "%s: %v does not unwrap to ErrInvalidOptions", what, err)
				}
				return
			}
			for _, k := range []int{-1, 0, 3} {
				for cs := range g.Cases(k) {
					if err := cs.Assessment.Validate(); err != nil {
						reportf(t, "%s: a generated assessment is invalid: %v", what, err)
					}
					if p := nonFinite(cs); p != "" {
						reportf(t, "%s: NON-FINITE %s", what, p)
					}
				}
			}
		})
	}
	safely(t, "synth.New(nil model)", func() {
		if _, err := synth.New(nil, synth.Options{}); err == nil {
			reportf(t, "synth.New(nil): no error")
		}
	})
	fed("ras/synth.New", len(cases)+1)
}

// unscored says whether a mutation is of a field scoring does not use
// (AssessInto's documentation: safety, amounts, eligibility decisions and
// the other text fields are left to Validate).
func unscored(name string) bool {
	for _, p := range []string{"safety", "locality", "eligibility", "model_version", "planned_weekly", "estimate", "decided_on", "unknown decision", "decision before"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
