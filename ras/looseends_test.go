package ras_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/stonesoup-care/stonesoup/ras"
)

// #16 loose ends: an option's minutes with more than 6 decimal places (the
// engine counts millionths of a minute) is refused by ParseModel with its
// path. With 9 places it used to pass ParseModel and make Compile panic
// ("validated amount out of range"); with 7 or 8 it was silently
// truncated.
func TestParseModelMinutesPlaces(t *testing.T) {
	b, err := os.ReadFile("models/stonesoup-hours.json")
	require.NoError(t, err)
	var tree map[string]any
	require.NoError(t, json.Unmarshal(b, &tree))
	opt := tree["domains"].([]any)[0].(map[string]any)["questions"].([]any)[0].(map[string]any)["options"].([]any)[1].(map[string]any)
	for _, v := range []string{"10.123456789", "10.12345678", "10.1234567"} {
		opt["minutes"] = v
		b, err := json.Marshal(tree)
		require.NoError(t, err)
		require.NotPanics(t, func() {
			_, err = ras.ParseModel(bytes.NewReader(b))
		})
		var fe *ras.FieldError
		require.ErrorAs(t, err, &fe, v)
		require.Equal(t, "domains[0].questions[0].options[1].minutes", fe.Path, v)
		require.Contains(t, fe.Msg, "more than 6 decimal places", v)
	}
	opt["minutes"] = "10.123456"
	b, err = json.Marshal(tree)
	require.NoError(t, err)
	m, err := ras.ParseModel(bytes.NewReader(b))
	require.NoError(t, err)
	_, err = ras.Compile(m)
	require.NoError(t, err)
}

// #16 loose ends: ParseModel reads decimal strings in plain notation only,
// as the schema does; null is refused for every field (it used to be read
// as the field's zero value: "intercept": null as 0); a currency must be
// three capital letters A to Z.
func TestParseModelSpellings(t *testing.T) {
	refused := []struct {
		path string // dotted, into baseModel's tree
		v    any
		at   string // the error's path
		msg  string
	}{
		{"points.schedules.0.price_per_point", "2.45e1", "points.schedules[0].price_per_point", "plain notation"},
		{"points.schedules.0.price_per_point", "1E2", "points.schedules[0].price_per_point", "plain notation"},
		{"points.schedules.0.price_per_point", ".5", "points.schedules[0].price_per_point", "plain notation"},
		{"points.schedules.0.price_per_point", "5.", "points.schedules[0].price_per_point", "plain notation"},
		{"points.schedules.0.price_per_point", "+5", "points.schedules[0].price_per_point", "plain notation"},
		{"points.schedules.0.price_per_point", "\u22125", "points.schedules[0].price_per_point", "plain notation"},
		{"points.schedules.0.price_per_point", "-0", "points.schedules[0].price_per_point", "must not be negative"},
		{"points.schedules.0.price_per_point", jsonNull{}, "points.schedules[0].price_per_point", "must not be null"},
		{"description", jsonNull{}, "description", "must not be null"},
		{"support_types", jsonNull{}, "support_types", "must not be null"},
		{"currency", "123", "currency", "three-letter ISO 4217 code"},
		{"currency", "GB1", "currency", "three-letter ISO 4217 code"},
		{"currency", "gbp", "currency", "three-letter ISO 4217 code"},
	}
	for _, tc := range refused {
		tree := baseModel()
		set(tree, tc.path, tc.v)
		b, err := json.Marshal(tree)
		require.NoError(t, err)
		_, err = ras.ParseModel(bytes.NewReader(b))
		require.ErrorIs(t, err, ras.ErrInvalidModel, "%s=%v", tc.path, tc.v)
		var fe *ras.FieldError
		require.ErrorAs(t, err, &fe, "%s=%v", tc.path, tc.v)
		require.Equal(t, tc.at, fe.Path, "%s=%v: %v", tc.path, tc.v, err)
		require.Contains(t, fe.Msg, tc.msg, "%s=%v", tc.path, tc.v)
	}
	// A JSON number is read by its value, in any JSON spelling, as the
	// schema reads it.
	for _, v := range []any{json.Number("2.45e1"), json.Number("24.5"), "24.5", "0024.50"} {
		tree := baseModel()
		set(tree, "points.schedules.0.price_per_point", v)
		b, err := json.Marshal(tree)
		require.NoError(t, err)
		m, err := ras.ParseModel(bytes.NewReader(b))
		require.NoError(t, err, "%v", v)
		require.True(t, m.Points.Schedules[0].PricePerPoint.Equal(decimal.RequireFromString("24.5")), "%v", v)
	}

	// A regression intercept of null.
	r, err := ras.LoadModel(ras.ModelIBudget5b)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	b := bytes.Replace(buf.Bytes(), []byte(`"intercept": 27.572`), []byte(`"intercept": null`), 1)
	require.NotEqual(t, buf.Bytes(), b)
	_, err = ras.ParseModel(bytes.NewReader(b))
	var fe *ras.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "regression.intercept", fe.Path, "%v", err)
}

// jsonNull marshals as null (set deletes a key given nil).
type jsonNull struct{}

func (jsonNull) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// A model built in Go, with required lists left nil, is written by
// WriteJSON as ParseModel reads it ([], not null).
func TestWriteJSONNilLists(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelIBudget5b)
	require.NoError(t, err)
	m.SupportTypes = nil
	m.Regression.Terms = nil
	var buf bytes.Buffer
	require.NoError(t, m.WriteJSON(&buf))
	require.NotContains(t, buf.String(), "null")
	m2, err := ras.ParseModel(&buf)
	require.NoError(t, err)
	require.NotNil(t, m2.SupportTypes)
	require.Empty(t, m2.SupportTypes)
	require.Nil(t, m.SupportTypes, "WriteJSON changed the model it wrote")
}

// #16 loose ends: an assessment holding both an age and a date of birth
// that disagree is invalid, the error naming both fields; the engine
// returns the same error, and the readers reject the row at the age
// column.
func TestAgeAndDateOfBirthAgree(t *testing.T) {
	a := adult("A-1", answers("q1", "a", "q2", "a", "q3", "a"))
	a.Date = ras.Date{Year: 2025, Month: 3, Day: 1}
	a.Person.DateOfBirth = ras.Date{Year: 1960, Month: 3, Day: 2} // 64 on 1 March 2025
	a.Person.Age = intp(65)
	verr := a.Validate()
	requirePath(t, verr, "person.age", "65 disagrees with person.date_of_birth 1960-03-02, which gives an age of 64 on the assessment date 2025-03-01")

	e, err := compileTree(t, baseModel())
	require.NoError(t, err)
	_, aerr := e.Assess(a)
	require.Error(t, aerr)
	require.Equal(t, verr.Error(), aerr.Error())

	a.Person.Age = intp(64)
	require.NoError(t, a.Validate())
	_, err = e.Assess(a)
	require.NoError(t, err)

	// Born on 29 February: on 28 February of a common year the birthday is
	// counted on 1 March (AgeOn), or on 28 February by some systems; both
	// ages agree. A day earlier only one does.
	a.Person.DateOfBirth = ras.Date{Year: 2000, Month: 2, Day: 29}
	a.Date = ras.Date{Year: 2025, Month: 2, Day: 28}
	for _, age := range []int{24, 25} {
		a.Person.Age = intp(age)
		require.NoError(t, a.Validate(), "age %d", age)
	}
	a.Person.Age = intp(26)
	requirePath(t, a.Validate(), "person.age", "26 disagrees")
	a.Date = ras.Date{Year: 2025, Month: 2, Day: 27}
	a.Person.Age = intp(25)
	requirePath(t, a.Validate(), "person.age", "25 disagrees")

	// CSV: the row is rejected at the age column.
	csv := "assessment_id,date,cohort,person_id,date_of_birth,age,living_setting,q1\n" +
		"A-1,2025-03-01,adult_social_care,P1,1960-03-02,65,home_alone,a\n" +
		"A-2,2025-03-01,adult_social_care,P2,1960-03-02,64,home_alone,a\n"
	as, rep, err := ras.ReadCSV(strings.NewReader(csv), ras.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, as, 1)
	require.Len(t, rep.Rejected, 1)
	re := rep.Rejected[0]
	require.Equal(t, 2, re.Line)
	require.Equal(t, 6, re.Column)
	require.Equal(t, "age", re.Field)
	require.Contains(t, re.Error(), "person.date_of_birth 1960-03-02")
	var fe *ras.FieldError
	require.True(t, errors.As(re, &fe))
}
