package ras_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stretchr/testify/require"
)

func testModel(t *testing.T) *ras.Model {
	t.Helper()
	b, _ := json.Marshal(hoursModel())
	m, err := ras.ParseModel(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const csvHeader = "assessment_id,date,cohort,person_id,age,living_setting,planned_weekly,informal_help,qw,qs,qh\n"

func TestReadCSV(t *testing.T) {
	m := testModel(t)
	in := "\xef\xbb\xbf" + strings.ReplaceAll(csvHeader+
		"A1,2025-01-02,adult_social_care,P1,70,home_alone,120.50,son|personal_care|3|yes;friend|shopping|1,some,none,2\n"+
		"A2,2025-02-30,adult_social_care,P2,70,home_alone,,,some,none,1\n"+ // bad date
		"A3,2025-01-02,adult_social_care,P3,70,castle,,,some,none,1\n"+ // bad setting
		"A4,2025-01-02,adult_social_care,P4,70,home_alone,,,lots,none,1\n"+ // unknown option
		"A5,2025-01-02,adult_social_care,P5,70,home_alone,,,some,none,99\n"+ // number out of range
		"A6,2025-01-02,adult_social_care,P6,70,home_alone,,son|personal_care|-3,some,none,1\n"+ // negative hours
		"A7,2025-01-02,adult_social_care,P7,seventy,home_alone,,,some,none,1\n"+ // bad age
		"A8,2025-01-02,adult_social_care,P8,70,home_alone,,,some,none\n"+ // short row
		"A9,2025-01-02,adult_social_care,P9,70,home_alone,-5,,some,,\n", // negative planned; missing answers are fine here
		"\n", "\r\n")
	as, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 9 || rep.Accepted != 1 || len(rep.Rejected) != 8 || len(as) != 1 {
		t.Fatalf("report %v with %d assessments; want 9 rows, 1 accepted, 8 rejected", rep, len(as))
	}
	a := as[0]
	if a.ID != "A1" || a.PlannedWeekly.String() != "120.5" || len(a.InformalHelp) != 2 || !a.InformalHelp[0].LivesWith || a.InformalHelp[1].HoursPerWeek != 1 {
		t.Errorf("A1 read as %+v", a)
	}
	if got, _ := a.Answers.Get("qh"); !got.IsValue || got.Value != 2 {
		t.Errorf("qh = %+v, want the number 2", got)
	}
	want := []struct {
		line   int
		field  string
		record string
		msg    string
	}{
		{3, "date", "A2", `"2025-02-30": day 30 is not a day of February 2025`},
		{4, "living_setting", "A3", "unknown living setting"},
		{5, "qw", "A4", "not an option"},
		{6, "qh", "A5", "not a number between 0 and 20"},
		{7, "informal_help", "A6", "out of range"},
		{8, "age", "A7", "not a whole number"},
		{9, "", "", "has 10 fields, the header has 11"},
		{10, "planned_weekly", "A9", "must not be negative"},
	}
	for i, w := range want {
		re := rep.Rejected[i]
		if re.Line != w.line || re.Field != w.field || re.Record != w.record || !strings.Contains(re.Error(), w.msg) || !errors.Is(re, ras.ErrRow) {
			t.Errorf("rejection %d = %+v (%v); want line %d field %q record %q with %q", i, re, re, w.line, w.field, w.record, w.msg)
		}
	}
	if !errors.Is(rep.Rejected[2], ras.ErrInvalidAnswer) {
		t.Errorf("unknown option rejection does not unwrap to ErrInvalidAnswer: %v", rep.Rejected[2])
	}
}

func TestReadCSVHeaderErrors(t *testing.T) {
	m := testModel(t)
	tests := []struct{ name, in, msg string }{
		{"empty", "", "no header"},
		{"missing required", "assessment_id,date,cohort,person_id\n", "living_setting"},
		{"duplicate column", "assessment_id,date,cohort,person_id,living_setting,qw,qw\n", "duplicate column"},
		{"unknown column", "assessment_id,date,cohort,person_id,living_setting,qx\n", "not a field and not a question"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ras.ReadCSV(strings.NewReader(tc.in), ras.ReadOptions{Model: m})
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error = %v, want %q", err, tc.msg)
			}
		})
	}
	_, rep, err := ras.ReadCSV(strings.NewReader("assessment_id,date,cohort,person_id,living_setting,qx\n"), ras.ReadOptions{Model: m, IgnoreUnknownColumns: true})
	if err != nil || rep.Rows != 0 {
		t.Errorf("IgnoreUnknownColumns: %v, %v", rep, err)
	}
}

func TestCSVAndJSONRoundTrip(t *testing.T) {
	m := testModel(t)
	planned := dec("99.99")
	as := []ras.Assessment{{
		ID: "A1", Date: ras.Date{Year: 2025, Month: 3, Day: 4}, Cohort: ras.CohortAdult, Model: "h", ModelVersion: "1",
		Person:  ras.Person{ID: "P1", DateOfBirth: ras.Date{Year: 1950, Month: 6, Day: 7}, LivingSetting: ras.SettingHomeFamily, Locality: "North", Gender: "F"},
		Answers: append(answers("qw", "some", "qs", "full"), value("qh", 2.5)), Safety: ras.SafetyRegular, CaredForID: "",
		PlannedWeekly: &planned,
		InformalHelp:  []ras.InformalHelp{{Helper: "spouse", Activity: "personal_care", HoursPerWeek: 10, LivesWith: true}},
		Independence:  []ras.ActivityLevel{{Activity: "washing", Level: "some_help"}},
		Eligibility:   []ras.Eligibility{{Framework: "care_act_adult", Decision: ras.DecisionEligible, DecidedOn: ras.Date{Year: 2025, Month: 3, Day: 10}}},
	}}
	var buf bytes.Buffer
	if err := ras.WriteCSV(&buf, m, as); err != nil {
		t.Fatal(err)
	}
	got, rep, err := ras.ReadCSV(&buf, ras.ReadOptions{Model: m})
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("read back: %v %v", rep, err)
	}
	if !reflect.DeepEqual(normal(got[0]), normal(as[0])) {
		t.Errorf("CSV round trip:\n got %+v\nwant %+v", got[0], as[0])
	}
	buf.Reset()
	if err := ras.WriteJSON(&buf, as); err != nil {
		t.Fatal(err)
	}
	got, rep, err = ras.ReadJSON(&buf, ras.ReadOptions{Model: m})
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("read back JSON: %v %v", rep, err)
	}
	if !reflect.DeepEqual(normal(got[0]), normal(as[0])) {
		t.Errorf("JSON round trip:\n got %+v\nwant %+v", got[0], as[0])
	}
}

// normal replaces decimals by their strings so DeepEqual compares values.
func normal(a ras.Assessment) any {
	b, _ := json.Marshal(a)
	var v any
	json.Unmarshal(b, &v)
	return v
}

func TestReadJSONRejections(t *testing.T) {
	m := testModel(t)
	in := `[
 {"id":"A1","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P1","living_setting":"home_alone"},"answers":{"qw":"some","qh":3}},
 {"id":"A2","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P2","living_setting":"home_alone"},"answers":{"qw":"some"},"shoe_size":9},
 {"id":"A3","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P3","living_setting":"home_alone"},"answers":{"qw":"loads"}},
 {"id":"","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P4","living_setting":"home_alone"},"answers":{}}
]`
	as, rep, err := ras.ReadJSON(strings.NewReader(in), ras.ReadOptions{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || rep.Rows != 4 || len(rep.Rejected) != 3 {
		t.Fatalf("report %v", rep)
	}
	for i, w := range []string{"assessment A2: shoe_size: unknown field", "answers.qw", "id: must not be empty"} {
		if !strings.Contains(rep.Rejected[i].Error(), w) {
			t.Errorf("rejection %d = %v, want %q", i, rep.Rejected[i], w)
		}
	}
}

func TestWriteResults(t *testing.T) {
	e := mustCompile(t, hoursModel())
	a := adult("H", append(answers("qw", "some", "qs", "some", "qc", "no", "qi", "none"), value("qh", 0), ras.Answer{Question: "qn", Option: "none"}))
	r := assess(t, e, a)
	var buf bytes.Buffer
	if err := ras.WriteResultsCSV(&buf, e, []ras.Result{*r}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "status,assessment_id,person_id,cohort,model,model_version,points_care,points_other,total_points,weekly,annual") {
		t.Fatalf("results CSV:\n%s", buf.String())
	}
	// £66 a week (see TestHoursRules); 2 h of personal care at £48, 1 h domestic at £18.
	if !strings.Contains(lines[1], ",66.00,3432.00,66,,2.00,48,1.00,18,0.00,0") {
		t.Errorf("results row = %s", lines[1])
	}
	buf.Reset()
	if err := ras.WriteResultsJSON(&buf, []ras.Result{*r}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"weekly": "66.00"`) || !strings.Contains(buf.String(), `"hours_per_week": "2.00"`) {
		t.Errorf("results JSON:\n%s", buf.String())
	}
}

func TestReadersRejectMore(t *testing.T) {
	m := testModel(t)
	in := csvHeader +
		"A1,2025-01-02,adult_social_care,P1,70,home_alone,,,some,none,NaN\n" + // NaN hours
		"A2,2025-01-02,adult_social_care,P2,70,home_alone,,,some,none,1\n" +
		"A2,2025-01-03,adult_social_care,P3,70,home_alone,,,some,none,1\n" + // duplicate id
		"A4,2025-01-02,adult_social_care,\"P4,70,home_alone,,,some,none,1\n" + // quote left open
		"A5,2025-01-02,adult_social_care,P5,70,home_alone,,,some,none,1\n"
	as, rep, err := ras.ReadCSV(strings.NewReader(in), ras.ReadOptions{Model: m})
	require.NoError(t, err)
	require.Len(t, as, 1)
	require.Equal(t, rep.Rows, rep.Accepted+len(rep.Rejected), "every row accounted for")
	require.Len(t, rep.Rejected, 3)
	require.Equal(t, "qh", rep.Rejected[0].Field)
	require.Contains(t, rep.Rejected[1].Error(), "duplicate assessment id (first on line 3)")
	require.Equal(t, 5, rep.Rejected[2].Line)
	require.Contains(t, rep.Rejected[2].Error(), "lines 5 to 6 could not be read")

	// WriteCSV refuses a value that would not read back.
	bad := []ras.Assessment{*adult("A9", answers("qw", "some"))}
	bad[0].InformalHelp = []ras.InformalHelp{{Helper: "mum;dad", Activity: "domestic", HoursPerWeek: 2}}
	err = ras.WriteCSV(&bytes.Buffer{}, m, bad)
	var fe *ras.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "informal_help[0].helper", fe.Path)

	// JSON: a byte-order mark is fine; a number for an option says so.
	js := "\xef\xbb\xbf" + `[{"id":"J1","date":"2025-01-01","cohort":"adult_social_care","person":{"id":"P1","living_setting":"home_alone"},"answers":{"qw":2}}]`
	_, rep, err = ras.ReadJSON(strings.NewReader(js), ras.ReadOptions{Model: m})
	require.NoError(t, err)
	require.Len(t, rep.Rejected, 1)
	require.Contains(t, rep.Rejected[0].Error(), "must be an option id (a string), not the number 2")
}
