package ras_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

func TestModelValidation(t *testing.T) {
	bandsTree := func(bands ...any) func(map[string]any) {
		return func(m map[string]any) { set(m, "points.schedules", []any{map[string]any{"id": "s", "bands": bands}}) }
	}
	band := func(lo int, hi any, w string) map[string]any {
		b := map[string]any{"min_points": lo, "weekly": w}
		if hi != nil {
			b["max_points"] = hi
		}
		return b
	}
	tests := []struct {
		name   string
		base   func() map[string]any
		mutate func(map[string]any)
		path   string
		msg    string
	}{
		{"unknown field deep", baseModel, func(m map[string]any) { set(m, "domains.0.questions.1.pointz", 3) }, "domains[0].questions[1].pointz", "unknown field"},
		{"unknown top-level field", baseModel, func(m map[string]any) { m["colour"] = "red" }, "colour", "unknown field"},
		{"negative points", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.options.1.points", -1) }, "domains[0].questions[0].options[1].points", "must not be negative"},
		{"wrong type", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.options.1.points", "two") }, "domains[0].questions[0].options[1].points", "must be a whole number"},
		{"missing required rate", baseModel, func(m map[string]any) { set(m, "support_types.0.hourly_rate", nil) }, "support_types[0].hourly_rate", "is required"},
		{"missing required cap", baseModel, func(m map[string]any) {
			set(m, "limits", map[string]any{"setting_caps": []any{map[string]any{"id": "c", "name": "C", "settings": []any{"residential"}}}})
		}, "limits.setting_caps[0].cap_weekly", "is required"},
		{"points too large", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.options.1.points", 2000000) }, "domains[0].questions[0].options[1].points", "at most 1000000"},
		{"rounding unit too large", baseModel, func(m map[string]any) { set(m, "rounding", map[string]any{"unit": "100000"}) }, "rounding.unit", "at most 1000"},
		{"weeks below one", baseModel, func(m map[string]any) { set(m, "weeks_per_year", "0.5") }, "weeks_per_year", "between 1 and 53"},
		{"reserved question id", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.id", "safety") }, "domains[0].questions[0].id", "reserved"},
		{"schedule never used", baseModel, func(m map[string]any) {
			set(m, "points.schedules", []any{map[string]any{"id": "all", "price_per_point": "1"}, map[string]any{"id": "carers", "cohorts": []any{"carers"}, "price_per_point": "2"}})
		}, "points.schedules[1]", "never used"},
		{"setting cap below floor", baseModel, func(m map[string]any) {
			set(m, "limits", map[string]any{"floor_weekly": "50", "floor_support_type": "pc", "setting_caps": []any{map[string]any{"id": "c", "name": "C", "settings": []any{"residential"}, "cap_weekly": "40"}}})
		}, "limits.setting_caps[0].cap_weekly", "below floor_weekly"},
		{"duplicate question", baseModel, func(m map[string]any) { set(m, "domains.1.questions.0.id", "q1") }, "domains[1].questions[0].id", "duplicate question id \"q1\""},
		{"duplicate option", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.options.1.id", "a") }, "domains[0].questions[0].options[1].id", "duplicate id"},
		{"duplicate domain", baseModel, func(m map[string]any) { set(m, "domains.1.id", "d1") }, "domains[1].id", "duplicate id"},
		{"dangling support type", baseModel, func(m map[string]any) { set(m, "domains.0.support_type", "nursing") }, "domains[0].support_type", "unknown support type"},
		{"dangling default", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.default", "z") }, "domains[0].questions[0].default", "unknown option"},
		{"dangling domain price", baseModel, func(m map[string]any) {
			set(m, "points.schedules", []any{map[string]any{"id": "s", "domain_prices": map[string]any{"d9": "1"}}})
		}, "points.schedules[0].domain_prices.d9", "unknown domain"},
		{"question cohort outside model", baseModel, func(m map[string]any) { set(m, "domains.0.questions.0.cohorts", []any{"children"}) }, "domains[0].questions[0].cohorts[0]", "not one of the model's cohorts"},
		{"negative rate", baseModel, func(m map[string]any) { set(m, "support_types.0.hourly_rate", "-1") }, "support_types[0].hourly_rate", "must not be negative"},
		{"negative price", baseModel, func(m map[string]any) { set(m, "points.schedules.0.price_per_point", "-0.01") }, "points.schedules[0].price_per_point", "must not be negative"},
		{"two pricing methods", baseModel, func(m map[string]any) {
			set(m, "points.schedules.0.curve", []any{map[string]any{"points": 0, "weekly": "0"}, map[string]any{"points": 5, "weekly": "5"}})
		}, "points.schedules[0]", "exactly one of"},
		{"cohort not priced", baseModel, func(m map[string]any) { set(m, "points.schedules.0.cohorts", []any{"carers"}) }, "points.schedules", "no schedule prices cohort \"adult_social_care\""},
		{"band not from zero", baseModel, bandsTree(band(1, 9, "1"), band(10, nil, "2")), "points.schedules[0].bands[0].min_points", "must start at 0"},
		{"bands overlap", baseModel, bandsTree(band(0, 9, "1"), band(9, nil, "2")), "points.schedules[0].bands[1].min_points", "overlaps band 0"},
		{"bands leave a gap", baseModel, bandsTree(band(0, 9, "1"), band(11, nil, "2")), "points.schedules[0].bands[1].min_points", "points 10 to 10 are in no band"},
		{"bands stop short", baseModel, bandsTree(band(0, 9, "1"), band(10, 15, "2")), "points.schedules[0].bands[1].max_points", "totals 16 to 18 are in no band"},
		{"band after open band", baseModel, bandsTree(band(0, nil, "1"), band(10, nil, "2")), "points.schedules[0].bands[1]", "no upper end"},
		{"curve not rising", baseModel, func(m map[string]any) {
			set(m, "points.schedules", []any{map[string]any{"id": "s", "curve": []any{map[string]any{"points": 0, "weekly": "0"}, map[string]any{"points": 0, "weekly": "5"}}}})
		}, "points.schedules[0].curve[1].points", "rise strictly"},
		{"too many decimals", baseModel, func(m map[string]any) { set(m, "points.schedules.0.price_per_point", "0.000000001") }, "points.schedules[0].price_per_point", "more than 8 decimal places"},
		{"rounding unit below a penny", baseModel, func(m map[string]any) { set(m, "rounding", map[string]any{"unit": "0.001"}) }, "rounding.unit", "whole number of pence"},
		{"bad rounding mode", baseModel, func(m map[string]any) { set(m, "rounding", map[string]any{"mode": "sideways"}) }, "rounding.mode", "must be half_up"},
		{"floor needs support type", baseModel, func(m map[string]any) { set(m, "limits", map[string]any{"floor_weekly": "5"}) }, "limits.floor_support_type", "must name a support type"},
		{"cap below floor", baseModel, func(m map[string]any) {
			set(m, "limits", map[string]any{"floor_weekly": "5", "floor_support_type": "pc", "cap_weekly": "4"})
		}, "limits.cap_weekly", "at least floor_weekly"},
		{"family block missing", baseModel, func(m map[string]any) { delete(m, "points") }, "points", "must be present"},
		{"other family's block", baseModel, func(m map[string]any) { m["hours"] = map[string]any{"activities": []any{}} }, "hours", "not allowed in a points model"},
		{"unknown cohort", baseModel, func(m map[string]any) { m["cohorts"] = []any{"martians"} }, "cohorts[0]", "unknown cohort"},
		// Hours family.
		{"adjustment unknown option", hoursModel, func(m map[string]any) { set(m, "hours.adjustments.0.factors", map[string]any{"maybe": "2"}) }, "hours.adjustments[0].factors.maybe", "has no option"},
		{"adjustment unknown activity", hoursModel, func(m map[string]any) { set(m, "hours.adjustments.0.activities", []any{"fly"}) }, "hours.adjustments[0].activities[0]", "unknown activity"},
		{"fraction above one", hoursModel, func(m map[string]any) { set(m, "hours.deductions.0.fractions", map[string]any{"half": "1.5"}) }, "hours.deductions[0].fractions.half", "must lie between"},
		{"fractions missing", hoursModel, func(m map[string]any) { set(m, "hours.deductions.0.fractions", nil) }, "hours.deductions[0].fractions", "at least one option"},
		{"unknown informal activity", hoursModel, func(m map[string]any) { set(m, "hours.deductions.2.informal_activity", "persnal_care") }, "hours.deductions[2].informal_activity", "must be one of"},
		{"hours question beyond a week", hoursModel, func(m map[string]any) { set(m, "domains.1.questions.2.max", 500) }, "hours.deductions[1].hours_question", "0 to 168"},
		{"deduction with two sources", hoursModel, func(m map[string]any) { set(m, "hours.deductions.1.informal_activity", "shopping") }, "hours.deductions[1]", "exactly one source"},
		{"deduction hours from a choice", hoursModel, func(m map[string]any) { set(m, "hours.deductions.1.hours_question", "qc") }, "hours.deductions[1].hours_question", "must be a number question"},
		{"negative minutes", hoursModel, func(m map[string]any) { set(m, "domains.0.questions.0.options.1.minutes", "-5") }, "domains[0].questions[0].options[1].minutes", "must not be negative"},
		{"addition both weekly and hours", hoursModel, func(m map[string]any) { set(m, "hours.additions.0.hours", map[string]any{"sleep": "8"}) }, "hours.additions[0].hours.sleep", "also has a weekly amount"},
		{"activity unknown support type", hoursModel, func(m map[string]any) { set(m, "hours.activities.0.support_type", "magic") }, "hours.activities[0].support_type", "unknown support type"},
		{"number question without range", hoursModel, func(m map[string]any) { set(m, "domains.1.questions.2.max", nil) }, "domains[1].questions[2]", "needs min and max"},
		// Regression family.
		{"factor with two forms", func() map[string]any { return regModel("identity", nil) }, func(m map[string]any) { set(m, "regression.terms.0.factors.0.question", "q1") }, "regression.terms[0].factors[0]", "exactly one form"},
		{"unknown variable", func() map[string]any { return regModel("identity", nil) }, func(m map[string]any) { set(m, "regression.terms.5.factors.0.variable", "height") }, "regression.terms[5].factors[0].variable", "must be age"},
		{"dangling term question", func() map[string]any { return regModel("identity", nil) }, func(m map[string]any) { set(m, "regression.terms.1.factors.0.question", "q99") }, "regression.terms[1].factors[0].question", "unknown question"},
		{"duplicate term", func() map[string]any { return regModel("identity", nil) }, func(m map[string]any) { set(m, "regression.terms.1.name", "d1") }, "regression.terms[1].name", "duplicate id"},
		{"shares not summing to one", func() map[string]any { return regModel("identity", nil) }, func(m map[string]any) {
			set(m, "regression.shares", map[string]any{"pc": "0.5", "dom": "0.4"})
		}, "regression.shares", "must sum to 1"},
		{"variance correction on log", func() map[string]any { return regModel("log", nil) }, func(m map[string]any) { set(m, "regression.variance_correction", 2.0) }, "regression.variance_correction", "only to the sqrt link"},
		{"factor cohort outside model", func() map[string]any { return regModel("identity", nil) }, func(m map[string]any) {
			set(m, "regression.terms.3.factors.0.cohorts", []any{"children"})
		}, "regression.terms[3].factors[0].cohorts[0]", "not one of the model's cohorts"},
		{"bad link", func() map[string]any { return regModel("probit", nil) }, func(m map[string]any) {}, "regression.link", "must be identity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree := tc.base()
			tc.mutate(tree)
			_, err := compileTree(t, tree)
			if err == nil {
				t.Fatalf("no error, want %s: %s", tc.path, tc.msg)
			}
			if !errors.Is(err, ras.ErrInvalidModel) {
				t.Errorf("error %v does not unwrap to ErrInvalidModel", err)
			}
			want := tc.path + ": "
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error = %q\nwant it to name %q with %q", err, tc.path, tc.msg)
			}
			var fe *ras.FieldError
			if !errors.As(err, &fe) {
				t.Errorf("errors.As(*FieldError) failed for %v", err)
			}
		})
	}
	// The unmodified bases are valid.
	for _, base := range []func() map[string]any{baseModel, hoursModel, func() map[string]any { return regModel("sqrt", nil) }} {
		if _, err := compileTree(t, base()); err != nil {
			t.Errorf("base model invalid: %v", err)
		}
	}
}

func TestAssessmentValidate(t *testing.T) {
	ok := func() *ras.Assessment { return adult("A1", answers("q1", "a")) }
	tests := []struct {
		name   string
		mutate func(*ras.Assessment)
		path   string
	}{
		{"no id", func(a *ras.Assessment) { a.ID = "" }, "id"},
		{"no date", func(a *ras.Assessment) { a.Date = ras.Date{} }, "date"},
		{"bad cohort", func(a *ras.Assessment) { a.Cohort = "elves" }, "cohort"},
		{"no person", func(a *ras.Assessment) { a.Person.ID = "" }, "person.id"},
		{"bad setting", func(a *ras.Assessment) { a.Person.LivingSetting = "castle" }, "person.living_setting"},
		{"bad age", func(a *ras.Assessment) { a.Person.Age = intp(130) }, "person.age"},
		{"born after", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 2030, Month: 1, Day: 1} }, "person.date_of_birth"},
		{"bad safety", func(a *ras.Assessment) { a.Safety = "perilous" }, "safety"},
		{"negative informal hours", func(a *ras.Assessment) {
			a.InformalHelp = []ras.InformalHelp{{Helper: "son", Activity: "meals", HoursPerWeek: -2}}
		}, "informal_help[0].hours_per_week"},
		{"negative planned", func(a *ras.Assessment) { d := dec("-1"); a.PlannedWeekly = &d }, "planned_weekly"},
		{"decision before assessment", func(a *ras.Assessment) {
			a.Eligibility = []ras.Eligibility{{Framework: "care_act_adult", Decision: ras.DecisionEligible, DecidedOn: ras.Date{Year: 2024, Month: 1, Day: 1}}}
		}, "eligibility[0].decided_on"},
		{"answered twice", func(a *ras.Assessment) { a.Answers = answers("q1", "a", "q1", "b") }, "answers.q1"},
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("valid assessment: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := ok()
			tc.mutate(a)
			err := a.Validate()
			var fe *ras.FieldError
			if !errors.Is(err, ras.ErrInvalidAssessment) || !errors.As(err, &fe) {
				t.Fatalf("error = %v, want an invalid-assessment field error", err)
			}
			if fe.Path != tc.path || fe.Record != a.ID {
				t.Errorf("error names %s/%s, want %s/%s", fe.Record, fe.Path, a.ID, tc.path)
			}
		})
	}
}

func TestDuplicateKeys(t *testing.T) {
	in := `{"id":"t","version":"1","name":"T","family":"points","cohorts":["adult_social_care"],
	"support_types":[{"id":"pc","name":"PC","hourly_rate":"20"}],
	"domains":[{"id":"d","name":"D","support_type":"pc","questions":[{"id":"q","text":"Q","options":[{"id":"a","label":"A","points":0},{"id":"b","label":"B","points":1}]}]}],
	"points":{"schedules":[{"id":"s","price_per_point":"10","price_per_point":"1000"}]}}`
	_, err := ras.ParseModel(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "points.schedules[0].price_per_point: appears twice") {
		t.Fatalf("error = %v, want the duplicate key named", err)
	}
}
