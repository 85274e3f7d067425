package ras_test

// Regression tests for bad input (issue #13) and for the error messages
// (issue #16, item 5). Each test names the item it covers.

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/stonesoup-care/stonesoup/ras"
)

// rejection returns the report's rejection of the row on line (CSV) or of
// record index (JSON), failing the test if there is none.
func rejection(t *testing.T, rep *ras.ReadReport, line, index int) *ras.RowError {
	t.Helper()
	for _, re := range rep.Rejected {
		if (line > 0 && re.Line == line) || (line == 0 && re.Index == index) {
			return re
		}
	}
	t.Fatalf("no rejection of line %d / record %d in %v: %v", line, index, rep, rep.Rejected)
	return nil
}

// #13 item 2: ReadCSV checks an age derived from date_of_birth and date
// as it checks a recorded age, and the years of both dates.
func TestReadCSVDerivedAge(t *testing.T) {
	in := "assessment_id,date,cohort,person_id,date_of_birth,living_setting\n" +
		"A1,2025-01-02,adult_social_care,P1,0000-01-01,home_alone\n" + // age 2024
		"A2,9999-12-31,adult_social_care,P2,1976-03-01,home_alone\n" + // age 8023
		"A3,2025-06-01,adult_social_care,P3,1900-01-01,home_alone\n" + // age 125
		"A4,2025-06-01,adult_social_care,P4,1905-06-01,home_alone\n" + // age 120: the oldest accepted
		"A5,2025-06-01,adult_social_care,P5,1905-06-02,home_alone\n" // age 119
	as, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, 3, len(rep.Rejected), "rejections: %v", rep.Rejected)
	for _, w := range []struct {
		line  int
		field string
		msg   string
	}{
		{2, "date_of_birth", "person.date_of_birth: 0000-01-01: year 0 is outside 1900–2100"},
		{3, "date", "date: 9999-12-31: year 9999 is outside 1900–2100"},
		{4, "date_of_birth", "person.date_of_birth: 1900-01-01 gives an age of 125 on 2025-06-01, out of range 0..120"},
	} {
		re := rejection(t, rep, w.line, 0)
		require.Equal(t, w.field, re.Field, "line %d", w.line)
		require.Contains(t, re.Error(), w.msg)
		require.ErrorIs(t, re, ras.ErrInvalidAssessment)
	}
	require.Len(t, as, 2)
	age, _ := as[0].Person.AgeOn(as[0].Date)
	require.Equal(t, 120, age)
}

// #13 item 3 and the number decision of item 13: number fields read from
// text accept plain decimal notation only, and finite values.
func TestReadCSVNumbers(t *testing.T) {
	m := testModel(t)
	row := func(id, planned, informal, qh string) string {
		return id + ",2025-01-02,adult_social_care,P" + id + ",70,home_alone," + planned + "," + informal + ",some,none," + qh + "\n"
	}
	in := csvHeader +
		row("A1", "1e400", "", "2") +
		row("A2", "0x1p3", "", "2") +
		row("A3", "1_0", "", "2") +
		row("A4", "Inf", "", "2") +
		row("A5", "NaN", "", "2") +
		row("A6", "1e300", "", "2") + // finite, beyond the engine's range
		row("A7", "", "son|meals|0x1p3", "2") +
		row("A8", "", "son|meals|1_0", "2") +
		row("A9", "", "", "0x1p1") +
		row("A10", "", "", "1_0") +
		row("A11", "", "", "Infinity") +
		row("A12", "1.2e2", "son|meals|2.5", "1e1") // plain decimal, with exponents: accepted
	as, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{Model: m})
	require.NoError(t, err)
	require.Equal(t, rep.Rows, rep.Accepted+len(rep.Rejected))
	want := map[int]string{2: "planned_weekly", 3: "planned_weekly", 4: "planned_weekly", 5: "planned_weekly", 6: "planned_weekly",
		7: "planned_weekly", 8: "informal_help", 9: "informal_help", 10: "qh", 11: "qh", 12: "qh"}
	for line, f := range want {
		re := rejection(t, rep, line, 0)
		require.Equal(t, f, re.Field, "line %d: %v", line, re)
	}
	require.Len(t, as, 1)
	require.Equal(t, "A12", as[0].ID)
	require.Equal(t, "120", as[0].PlannedWeekly.String())

	// JSON: an amount beyond the range, even one whose comparison would
	// build a billion-digit number, is rejected at once.
	js := `[{"id":"J1","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P1","living_setting":"home_alone"},"answers":{},"planned_weekly":1e400},
	{"id":"J2","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P2","living_setting":"home_alone"},"answers":{},"planned_weekly":"1e999999999"},
	{"id":"J3","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P3","living_setting":"home_alone"},"answers":{},"planned_weekly":"0x1p3"}]`
	start := time.Now()
	_, rep, err = ras.ReadJSON(strings.NewReader(js), ras.ReadOptions{})
	require.NoError(t, err)
	require.Less(t, time.Since(start), 10*time.Second)
	require.Len(t, rep.Rejected, 3)
	for i, re := range rep.Rejected {
		require.Equal(t, "planned_weekly", re.Field, "record %d: %v", i, re)
	}
	// In Go: a planned amount out of range fails Validate.
	a := adult("V", answers("q1", "a"))
	huge := dec("1e400")
	a.PlannedWeekly = &huge
	requirePath(t, a.Validate(), "planned_weekly", "beyond the engine's range")
}

// #13 item 4: ReadJSON reads one array and nothing after it.
func TestReadJSONTrailingData(t *testing.T) {
	rec := `{"id":"%s","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","living_setting":"home_alone"},"answers":{}}`
	arr := "[" + strings.Replace(rec, "%s", "A1", 1) + "]"
	for _, tail := range []string{"\n" + "[" + strings.Replace(rec, "%s", "A2", 1) + "]", " x", " {}", "]", " 1"} {
		as, rep, err := ras.ReadJSON(strings.NewReader(arr+tail), ras.ReadOptions{})
		require.Error(t, err, "tail %q", tail)
		require.ErrorIs(t, err, ras.ErrRow, "tail %q", tail)
		require.Len(t, as, 1, "the records before the fault are returned")
		require.Equal(t, 1, rep.Accepted)
	}
	for _, tail := range []string{"", "\n", " \r\n\t "} {
		_, _, err := ras.ReadJSON(strings.NewReader(arr+tail), ras.ReadOptions{})
		require.NoError(t, err, "tail %q", tail)
	}
}

// #13 item 6: Validate accepts only days of the calendar.
func TestValidateCalendar(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*ras.Assessment)
		path   string
		msg    string
	}{
		{"month 13", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2025, Month: 13, Day: 1} }, "date", "2025-13-01: month 13 is not a month"},
		{"month 0", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2025, Month: 0, Day: 1} }, "date", "month 0 is not a month"},
		{"30 February", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2025, Month: 2, Day: 30} }, "date", "day 30 is not a day of February 2025"},
		{"29 February in a common year", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2025, Month: 2, Day: 29} }, "date", "day 29 is not a day of February 2025"},
		{"31 April of birth", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 1950, Month: 4, Day: 31} }, "person.date_of_birth", "day 31 is not a day of April 1950"},
		{"decision on day 0", func(a *ras.Assessment) {
			a.Eligibility = []ras.Eligibility{{Framework: ras.FrameworkCareActAdult, Decision: ras.DecisionEligible, DecidedOn: ras.Date{Year: 2025, Month: 3, Day: 0}}}
		}, "eligibility[0].decided_on", "day 0 is not a day of March 2025"},
		{"decision in 2101", func(a *ras.Assessment) {
			a.Eligibility = []ras.Eligibility{{Framework: ras.FrameworkCareActAdult, Decision: ras.DecisionEligible, DecidedOn: ras.Date{Year: 2101, Month: 1, Day: 1}}}
		}, "eligibility[0].decided_on", "year 2101 is outside 1900–2100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := adult("A-1", answers("q1", "a"))
			tc.mutate(a)
			requirePath(t, a.Validate(), tc.path, tc.msg)
		})
	}
	ok := adult("A-1", answers("q1", "a"))
	ok.Date = ras.Date{Year: 2024, Month: 2, Day: 29}
	ok.Person.DateOfBirth = ras.Date{Year: 1904, Month: 3, Day: 1}
	ok.Person.Age = intp(119)
	require.NoError(t, ok.Validate(), "29 February of a leap year; born 1904, aged 119")
}

// requirePath checks that err is an invalid-assessment error naming the
// field path with a message containing msg.
func requirePath(t *testing.T, err error, path, msg string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, ras.ErrInvalidAssessment)
	var fes ras.FieldErrors
	require.ErrorAs(t, err, &fes)
	for _, fe := range fes {
		if fe.Path == path && strings.Contains(fe.Msg, msg) {
			return
		}
	}
	t.Fatalf("error %q does not name %s with %q", err, path, msg)
}

// #13 item 11: a malformed decimal in a model names its field.
func TestParseModelDecimalPath(t *testing.T) {
	for _, v := range []any{"NaN", "Infinity", "1e999999999", "12,50", "0x1p3", "1_0", " 1", json.Number("1e400")} {
		tree := baseModel()
		set(tree, "points.schedules.0.price_per_point", v)
		b, err := json.Marshal(tree)
		require.NoError(t, err)
		_, err = ras.ParseModel(bytes.NewReader(b))
		require.Error(t, err, "%v", v)
		require.ErrorIs(t, err, ras.ErrInvalidModel)
		var fe *ras.FieldError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, "points.schedules[0].price_per_point", fe.Path, "%v: %v", v, err)
		require.Contains(t, err.Error(), "points.schedules[0].price_per_point: must be a decimal number in plain notation")
	}
}

// #13 item 13, ids and text: invalid UTF-8 and control characters are
// rejected in assessments (Go, CSV and JSON), models and answers.
func TestBadText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*ras.Assessment)
		path   string
	}{
		{"cared_for_id", func(a *ras.Assessment) { a.CaredForID = "C\x00" }, "cared_for_id"},
		{"helper_id", func(a *ras.Assessment) {
			a.InformalHelp = []ras.InformalHelp{{Helper: "son", HelperID: "\xc3", Activity: "meals", HoursPerWeek: 1}}
		}, "informal_help[0].helper_id"},
		{"option id", func(a *ras.Assessment) { a.Answers = answers("q1", "a\x07") }, "answers.q1"},
		{"question id", func(a *ras.Assessment) { a.Answers = answers("q\u00851", "a") }, "answers[0]"},
		{"locality", func(a *ras.Assessment) { a.Person.Locality = "North\x1b[31m" }, "person.locality"},
		{"independence level", func(a *ras.Assessment) {
			a.Independence = []ras.ActivityLevel{{Activity: "washing", Level: "some\x00"}}
		}, "independence[0].level"},
	} {
		a := adult("A-1", answers("q1", "a"))
		tc.mutate(a)
		requirePath(t, a.Validate(), tc.path, "not valid text")
	}

	a := adult("A-1", answers("q1", "a"))
	a.Independence = []ras.ActivityLevel{{Activity: "", Level: "full_help"}}
	requirePath(t, a.Validate(), "independence[0].activity", "must not be empty")

	// CSV: a NUL in an id rejects the row at the column; a control
	// character in a column name rejects the file.
	in := "assessment_id,date,cohort,person_id,age,living_setting,locality\n" +
		"A\x001,2025-01-02,adult_social_care,P1,70,home_alone,\n" +
		"A2,2025-01-02,adult_social_care,P\xff,70,home_alone,\n" +
		"A3,2025-01-02,adult_social_care,P3,70,home_alone,North\x07\n"
	_, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Rejected, 3)
	require.Equal(t, "assessment_id", rep.Rejected[0].Field)
	require.Equal(t, "person_id", rep.Rejected[1].Field)
	require.Equal(t, "locality", rep.Rejected[2].Field)
	require.Equal(t, 7, rep.Rejected[2].Column)
	require.NotContains(t, rep.Rejected[0].Error(), "\x00", "the message carries no control character")
	_, _, err = ras.ReadCSV(strings.NewReader("assessment_id,date,cohort,person_id,living_setting,q\x1b\n"), ras.ReadOptions{})
	var re *ras.RowError
	require.ErrorAs(t, err, &re)
	require.Equal(t, 6, re.Column)
	require.NotContains(t, err.Error(), "\x1b")

	// The engine's error for an answer it does not know quotes the id.
	e := mustCompile(t, baseModel())
	_, err = e.Assess(adult("A-1", answers("q1", "a", "q\x1b[2J", "b")))
	require.ErrorIs(t, err, ras.ErrInvalidAnswer)
	require.Contains(t, err.Error(), `answers."q\x1b[2J": no such question`)

	// JSON: invalid UTF-8 (which encoding/json would turn into U+FFFD), an
	// escaped NUL, a key in the wrong case, a key given twice.
	rec := func(s string) string {
		return `{"id":"J","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","living_setting":"home_alone"},"answers":{}` + s + `}`
	}
	js := "[" + strings.Join([]string{
		`{"id":"J1` + "\xff" + `","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","living_setting":"home_alone"},"answers":{}}`,
		`{"id":"J\u0000","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","living_setting":"home_alone"},"answers":{}}`,
		rec(`,"Cohort":"carers"`),
		rec(`,"cohort":"carers"`),
		`{"id":"J5","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","living_setting":"home_alone","Age":40},"answers":{}}`,
		`{"id":"J6","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P","living_setting":"home_alone"},"answers":{"q1":"a","q1":"b"}}`,
	}, ",") + "]"
	_, rep, err = ras.ReadJSON(strings.NewReader(js), ras.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, 0, rep.Accepted, "%v", rep.Rejected)
	for i, w := range []struct{ field, msg string }{
		{"", "byte 9 of the record is not valid UTF-8"},
		{"id", "not valid text"},
		{"Cohort", "Cohort: unknown field"},
		{"cohort", "cohort: appears twice"},
		{"person.Age", "person.Age: unknown field"},
		{"answers.q1", "answers.q1: appears twice"},
	} {
		re := rep.Rejected[i]
		require.Equal(t, w.field, re.Field, "record %d: %v", i, re)
		require.Contains(t, re.Error(), w.msg, "record %d", i)
		require.ErrorIs(t, re, ras.ErrInvalidAssessment, "record %d", i)
	}

	// Models: control characters in ids, and invalid UTF-8 anywhere.
	tree := baseModel()
	set(tree, "domains.0.questions.1.options.0.id", "a\x00")
	b, _ := json.Marshal(tree)
	_, err = ras.ParseModel(bytes.NewReader(b))
	var fe *ras.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "domains[0].questions[1].options[0].id", fe.Path, "%v", err)
	b, _ = json.Marshal(baseModel())
	b = bytes.Replace(b, []byte("Question one"), []byte("Question \xff"), 1)
	_, err = ras.ParseModel(bytes.NewReader(b))
	require.ErrorIs(t, err, ras.ErrInvalidModel)
	require.Contains(t, err.Error(), "is not valid UTF-8")
}

// #13 item 13, frameworks: an eligibility decision names a known
// framework.
func TestUnknownFramework(t *testing.T) {
	a := adult("A-1", answers("q1", "a"))
	a.Eligibility = []ras.Eligibility{{Framework: "care_act_adlt", Decision: ras.DecisionEligible}}
	requirePath(t, a.Validate(), "eligibility[0].framework", `unknown framework "care_act_adlt"`)
	for _, f := range ras.Frameworks() {
		a.Eligibility[0].Framework = f
		require.NoError(t, a.Validate(), f)
	}
	in := "assessment_id,date,cohort,person_id,age,living_setting,eligibility\n" +
		"A1,2025-01-02,adult_social_care,P1,70,home_alone,CHC|eligible|2025-01-03\n"
	_, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Rejected, 1)
	require.Equal(t, "eligibility", rep.Rejected[0].Field)
}

// #16 item 5: ParseDate says what is wrong with a date in the right form.
func TestParseDateMessages(t *testing.T) {
	for in, want := range map[string]string{
		"2025-13-01": `ras: "2025-13-01": month 13 is not a month`,
		"2025-00-10": `ras: "2025-00-10": month 0 is not a month`,
		"2025-02-30": `ras: "2025-02-30": day 30 is not a day of February 2025`,
		"2023-02-29": `ras: "2023-02-29": day 29 is not a day of February 2023`,
		"2025-06-31": `ras: "2025-06-31": day 31 is not a day of June 2025`,
		"2025-01-00": `ras: "2025-01-00": day 0 is not a day of January 2025`,
		"2025/01/01": `ras: "2025/01/01" is not a date in the form YYYY-MM-DD`,
		"2025-1-01":  `ras: "2025-1-01" is not a date in the form YYYY-MM-DD`,
		"+025-01-01": `ras: "+025-01-01" is not a date in the form YYYY-MM-DD`,
		"":           `ras: "" is not a date in the form YYYY-MM-DD`,
	} {
		_, err := ras.ParseDate(in)
		require.EqualError(t, err, want)
		require.ErrorIs(t, err, ras.ErrInvalidDate)
	}
	for _, in := range []string{"2024-02-29", "2000-02-29", "0000-01-01", "9999-12-31", "2025-12-31"} {
		d, err := ras.ParseDate(in)
		require.NoError(t, err, in)
		require.Equal(t, in, d.String())
	}
	_, err := ras.ParseDate("1900-02-29")
	require.Error(t, err, "1900 is not a leap year")
}

// The bad-input battery: a malformed CSV record is the whole row's fault
// (column 0); encoding/csv's column is a byte of the line, which the
// message gives, not a field ("line 3, column 34" named no column of a
// 5-column file).
func TestReadCSVMalformedRowColumn(t *testing.T) {
	in := "assessment_id,date,cohort,person_id,living_setting\n" +
		"A1,2025-01-02,adult_social_care,P1,home_alone\n" +
		"A2,2025-01-02,adult_social_care,P\"2,home_alone\n"
	_, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Rejected, 1)
	re := rep.Rejected[0]
	require.Equal(t, 3, re.Line)
	require.Equal(t, 0, re.Column, "%v", re)
	require.Contains(t, re.Error(), "(byte 34 of the line)")
	require.ErrorIs(t, re, ras.ErrRow)
}

// The bad-input battery: ParseModel took a model followed by a stray "]"
// or "}" (json.Decoder.More is false before them), and a version holding
// NUL or another control character, which an assessment's model_version
// may not hold and which results carry.
func TestParseModelTrailingBracketAndVersionText(t *testing.T) {
	var buf bytes.Buffer
	m, err := ras.LoadModel(ras.ModelPoints)
	require.NoError(t, err)
	require.NoError(t, m.WriteJSON(&buf))
	for _, tail := range []string{"]", "}", " ]", "\n}"} {
		_, err := ras.ParseModel(strings.NewReader(buf.String() + tail))
		require.ErrorIs(t, err, ras.ErrInvalidModel, "tail %q", tail)
		require.Contains(t, err.Error(), "unexpected data after the model object")
	}
	for _, v := range []string{"1.0\x00", "1.0\a", "1\xff"} {
		b := bytes.Replace(buf.Bytes(), []byte(`"version": "1.0.0"`), []byte(`"version": `+strconvQuote(v)), 1)
		_, err := ras.ParseModel(bytes.NewReader(b))
		var fe *ras.FieldError
		require.ErrorAs(t, err, &fe, "version %q", v)
		if v != "1\xff" { // invalid UTF-8 is refused before, at its byte
			require.Equal(t, "version", fe.Path)
		}
	}
}

// strconvQuote quotes s as JSON would, keeping invalid UTF-8 bytes raw.
func strconvQuote(s string) string {
	if !utf8.ValidString(s) {
		return `"` + s + `"`
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// The bad-input battery: ReadJSON read null as the field's zero value (an
// informal helper's "hours_per_week": null as 0 hours) while ParseModel
// refuses null for every field; and input that stops being JSON gave an
// error that unwrapped to no sentinel of the package.
func TestReadJSONNullAndSyntax(t *testing.T) {
	rec := `{"id":"A1","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P1","living_setting":"home_alone"},"answers":{},` +
		`"informal_help":[{"helper":"son","activity":"meals","hours_per_week":HOURS}]}`
	as, rep, err := ras.ReadJSON(strings.NewReader("["+strings.Replace(rec, "HOURS", "null", 1)+"]"), ras.ReadOptions{})
	require.NoError(t, err)
	require.Empty(t, as)
	require.Len(t, rep.Rejected, 1)
	require.Equal(t, "informal_help[0].hours_per_week", rep.Rejected[0].Field)
	require.Contains(t, rep.Rejected[0].Error(), "must not be null")
	for _, s := range []string{`"planned_weekly":null,`, `"model":null,`, `"eligibility":null,`} {
		in := "[" + strings.Replace(strings.Replace(rec, "HOURS", "2", 1), `"answers":{},`, `"answers":{},`+s, 1) + "]"
		_, rep, err := ras.ReadJSON(strings.NewReader(in), ras.ReadOptions{})
		require.NoError(t, err)
		require.Len(t, rep.Rejected, 1, s)
	}
	for _, in := range []string{"", "[", "[{", `[{"id":`, "x", "[1,"} {
		_, _, err := ras.ReadJSON(strings.NewReader(in), ras.ReadOptions{})
		require.ErrorIs(t, err, ras.ErrRow, "%q", in)
		require.Contains(t, err.Error(), "byte offset", "%q", in)
		require.Equal(t, 1, strings.Count(err.Error(), "ras:"), "%q", err)
	}
}
