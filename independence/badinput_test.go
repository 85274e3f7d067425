package independence

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// The bad-input battery: LoadInstrument used encoding/json, so a key given
// twice kept the last, "Code" was read as "code", null as "" or 0, invalid
// UTF-8 as U+FFFD, and json.Decoder.More missed a stray "]" after the
// object; a level code holding NUL was accepted; and Score took a NaN or
// negative age or a person id holding NUL and carried them into its result.
func TestBadInputInstrumentAndScore(t *testing.T) {
	in, err := Builtin("personal-care-4")
	if err != nil {
		t.Fatal(err)
	}
	def := `{"id":"x","name":"X","levels":[{"code":"no","label":"No","score":0},{"code":"yes","label":"Yes","score":1}],"items":[{"code":"eat","label":"Eating"}]}`
	if _, err := LoadInstrument(strings.NewReader(def)); err != nil {
		t.Fatal(err)
	}
	for what, bad := range map[string]string{
		"key given twice":     strings.Replace(def, `"name":"X"`, `"name":"X","name":"Y"`, 1),
		"key in another case": strings.Replace(def, `{"code":"eat"`, `{"Code":"eat"`, 1),
		"null":                strings.Replace(def, `"label":"Eating"`, `"label":null`, 1),
		"invalid UTF-8":       strings.Replace(def, `"Eating"`, "\"Eat\xffing\"", 1),
		"stray ]":             def + "]",
		"level code with NUL": strings.Replace(def, `"code":"no"`, `"code":"n\u0000o"`, 1),
		"version with NUL":    strings.Replace(def, `"name":"X"`, `"name":"X","version":"1\u0000"`, 1),
	} {
		if _, err := LoadInstrument(strings.NewReader(bad)); !errors.Is(err, ErrInvalidInstrument) {
			t.Errorf("%s: %v, want ErrInvalidInstrument", what, err)
		}
	}
	levels := map[string]string{"nutrition": "3", "hygiene": "0", "toilet": "1", "clothing": "2", "home_safety": "3"}
	for _, a := range []Assessment{
		{PersonID: "P1", AgeYears: math.NaN(), Levels: levels},
		{PersonID: "P1", AgeYears: math.Inf(1), Levels: levels},
		{PersonID: "P1", AgeYears: -1, Levels: levels},
		{PersonID: "P\x001", AgeYears: 7, Levels: levels},
	} {
		a.Date = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		_, err := in.Score(a)
		var re *RecordError
		if !errors.Is(err, ErrInvalidValue) || !errors.As(err, &re) || (re.Field != "age_years" && re.Field != "person_id") {
			t.Errorf("Score(%q, age %v): %v, want a *RecordError at age_years or person_id", a.PersonID, a.AgeYears, err)
		}
	}
}
