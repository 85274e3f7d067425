package ras_test

// Regression tests: the engine validates what it scores (issue #13, item
// 5), and error messages have one prefix and say where (issue #16, item 5).

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stonesoup-care/stonesoup/ras"
)

// invalidAssessments are assessments Validate rejects in the fields the
// engine uses, each with the path at fault.
func invalidAssessments() []struct {
	name   string
	path   string
	mutate func(*ras.Assessment)
} {
	return []struct {
		name   string
		path   string
		mutate func(*ras.Assessment)
	}{
		{"age -5", "person.age", func(a *ras.Assessment) { a.Person.Age = intp(-5) }},
		{"age 150", "person.age", func(a *ras.Assessment) { a.Person.Age = intp(150) }},
		{"empty id", "id", func(a *ras.Assessment) { a.ID = "" }},
		{"id with NUL", "id", func(a *ras.Assessment) { a.ID = "A\x001" }},
		{"empty person id", "person.id", func(a *ras.Assessment) { a.Person.ID = "" }},
		{"person id not UTF-8", "person.id", func(a *ras.Assessment) { a.Person.ID = "P\xff" }},
		{"zero date", "date", func(a *ras.Assessment) { a.Date = ras.Date{} }},
		{"month 13", "date", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2025, Month: 13, Day: 1} }},
		{"30 February", "date", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2025, Month: 2, Day: 30} }},
		{"year 9999", "date", func(a *ras.Assessment) { a.Date = ras.Date{Year: 9999, Month: 12, Day: 31} }},
		{"date of birth in year 0", "person.date_of_birth", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 0, Month: 1, Day: 1} }},
		{"born after the assessment", "person.date_of_birth", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 2026, Month: 1, Day: 1} }},
		{"derived age 125", "person.date_of_birth", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 1900, Month: 1, Day: 1} }},
		{"unknown cohort", "cohort", func(a *ras.Assessment) { a.Cohort = "elves" }},
		{"unknown setting", "person.living_setting", func(a *ras.Assessment) { a.Person.LivingSetting = "castle" }},
		{"negative informal hours", "informal_help[0].hours_per_week", func(a *ras.Assessment) {
			a.InformalHelp = []ras.InformalHelp{{Helper: "son", Activity: "meals", HoursPerWeek: -1}}
		}},
	}
}

// #13 item 5: every entry point of the engine rejects what Validate
// rejects in the fields it uses, with Validate's error, and gives no
// budget.
func TestAssessValidates(t *testing.T) {
	e := mustCompile(t, regModel("identity", nil)) // uses age, setting, cohort and informal help
	for _, tc := range invalidAssessments() {
		t.Run(tc.name, func(t *testing.T) {
			a := adult("A-1", answers("q1", "b", "q2", "b", "q3", "a"))
			tc.mutate(a)
			want := a.Validate()
			requirePath(t, want, tc.path, "")

			r, err := e.Assess(a)
			require.Nil(t, r)
			require.EqualError(t, err, want.Error(), "Assess")

			var res ras.Result
			err = e.AssessInto(a, &res, ras.AssessOptions{})
			require.EqualError(t, err, want.Error(), "AssessInto")
			require.False(t, res.OK(), "AssessInto left a result marked OK")
			var fe *ras.FieldError
			require.ErrorAs(t, err, &fe)
			require.ErrorIs(t, err, ras.ErrInvalidAssessment)

			rs, err := e.AssessBatch(context.Background(), []ras.Assessment{*a}, ras.BatchOptions{Workers: 1})
			var be *ras.BatchError
			require.ErrorAs(t, err, &be)
			require.EqualError(t, be.Failed[0], want.Error(), "AssessBatch")
			require.False(t, rs[0].OK())

			for res, err := range e.AssessSeq(func(yield func(*ras.Assessment) bool) { yield(a) }, ras.AssessOptions{}) {
				require.Nil(t, res)
				require.EqualError(t, err, want.Error(), "AssessSeq")
			}
		})
	}
	// The valid assessment these were made from is assessed.
	_, err := e.Assess(adult("A-1", answers("q1", "b", "q2", "b", "q3", "a")))
	require.NoError(t, err)
}

// #16 item 5: one "ras:" prefix; paths that say where.
func TestErrorMessages(t *testing.T) {
	e := mustCompile(t, regModel("identity", nil))
	noAge := adult("A-1", answers("q1", "b", "q2", "b", "q3", "a"))
	noAge.Person.Age = nil
	_, errNoAge := e.Assess(noAge)
	old := adult("A-1", answers("q1", "a"))
	old.Person.Age = intp(150)
	carer := adult("A-1", answers("q1", "a"))
	carer.Cohort = ras.CohortCHC
	_, errCohort := e.Assess(carer)
	_, errUnknown := ras.LoadModel("nope")
	_, errAmount := ras.MicroPenceFromFloat(1e300)
	_, errNil := ras.Compile(nil)
	_, errEngine := (&ras.Engine{}).Assess(old)
	_, _, errCSV := ras.ReadCSV(strings.NewReader(""), ras.ReadOptions{})
	_, _, errJSON := ras.ReadJSON(strings.NewReader("{}"), ras.ReadOptions{})
	_, _, errTail := ras.ReadJSON(strings.NewReader("[] []"), ras.ReadOptions{})
	_, rep, _ := ras.ReadCSV(strings.NewReader("assessment_id,date,cohort,person_id,age,living_setting\n"+
		"A-1,2025-13-01,adult_social_care,P1,70,home_alone\n"+
		"A-2,2025-01-02,adult_social_care,P2,150,home_alone\n"), ras.ReadOptions{})
	_, repJSON, _ := ras.ReadJSON(strings.NewReader(`[{"id":"A-1","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","age":150,"living_setting":"home_alone"},"answers":{}}]`), ras.ReadOptions{})
	_, errBatch := e.AssessBatch(context.Background(), []ras.Assessment{*old}, ras.BatchOptions{})
	var r ras.Result
	errExplain := r.Explain(&bytes.Buffer{})

	tests := []struct {
		name  string
		err   error
		want  string // the message, or a part of it
		exact bool
		class error
	}{
		{"validate", old.Validate(), "ras: assessment A-1: person.age: 150 is out of range 0..120", true, ras.ErrInvalidAssessment},
		{"person field", errNoAge, "ras: assessment A-1: person.age: the model needs the person's age or date of birth", true, ras.ErrMissingAnswer},
		{"cohort", errCohort, "ras: assessment A-1: cohort: model test serves adult_social_care, carers, not \"continuing_healthcare\": model does not apply to this cohort", true, ras.ErrCohort},
		{"unknown model", errUnknown, `ras: "nope" (shipped models:`, false, ras.ErrUnknownModel},
		{"amount", errAmount, "ras: amount 1e+300 is out of range: invalid amount", true, ras.ErrInvalidAmount},
		{"nil model", errNil, "ras: nil model: invalid model", true, ras.ErrInvalidModel},
		{"zero engine", errEngine, "ras: the engine was not made by Compile or Load: invalid model", true, ras.ErrInvalidModel},
		{"no header", errCSV, "ras: CSV has no header row: rejected row", true, ras.ErrRow},
		{"not an array", errJSON, "ras: JSON input must be an array of assessments: rejected row", true, ras.ErrRow},
		{"trailing data", errTail, "ras: reading JSON: data after the array of assessments (byte offset 2): rejected row", true, ras.ErrRow},
		{"CSV date", rep.Rejected[0], `ras: line 2, column 2 (date), assessment A-1: "2025-13-01": month 13 is not a month`, true, ras.ErrInvalidDate},
		{"CSV field", rep.Rejected[1], "ras: line 3, column 5 (age): assessment A-2: person.age: 150 is out of range 0..120", true, ras.ErrInvalidAssessment},
		{"JSON field", repJSON.Rejected[0], "ras: record 0: assessment A-1: person.age: 150 is out of range 0..120", true, ras.ErrInvalidAssessment},
		{"batch", errBatch, "ras: 1 assessments could not be assessed (first: assessment A-1: person.age: 150 is out of range 0..120)", true, ras.ErrInvalidAssessment},
		{"explain", errExplain, "ras: Explain: the result holds no successful assessment: invalid assessment", true, ras.ErrInvalidAssessment},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, tc.err)
			msg := tc.err.Error()
			if tc.exact {
				require.Equal(t, tc.want, msg)
			} else {
				require.Contains(t, msg, tc.want)
			}
			require.Equal(t, 1, strings.Count(msg, "ras:"), "one prefix in %q", msg)
			require.NotContains(t, msg, "answers.person")
			require.ErrorIs(t, tc.err, tc.class)
		})
	}
	var ae *ras.AnswerError
	require.ErrorAs(t, errNoAge, &ae)
	require.Equal(t, "person.age", ae.Path)
	require.Empty(t, ae.Question)
	require.True(t, errors.Is(rep.Rejected[0], ras.ErrRow))
}
