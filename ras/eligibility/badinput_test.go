package eligibility

// Regression tests for bad input (issue #13, items 8, 13 and 14).

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// #13 item 8: a key given twice is an error in every decoder, at the top
// level as in nested objects; encoding/json would keep the last.
func TestDecodeRepeatedKeys(t *testing.T) {
	tests := []struct {
		name  string
		dec   func(string) error
		in    string
		field string
	}{
		{"adult id", adultDec, `{"id":"X","id":"A-1","impairment_or_illness":true}`, "id"},
		{"adult flag", adultDec, `{"id":"A-1","significant_impact":true,"well_being":["health"],"significant_impact":false}`, "significant_impact"},
		{"adult limbs in outcome", adultDec, `{"id":"A-1","outcomes":{"nutrition":["without_assistance"],"nutrition":[]}}`, "outcomes.nutrition"},
		{"carer id", carerDec, `{"id":"X","id":"C-1","necessary_care":true}`, "id"},
		{"carer outcome", carerDec, `{"id":"C-1","outcomes":{"recreation":["without_assistance"],"recreation":[]}}`, "outcomes.recreation"},
		{"carer health", carerDec, `{"id":"C-1","health_deteriorating":true,"health_deteriorating":false}`, "health_deteriorating"},
		{"dst id", dstDec, strings.Replace(allDST(`"behaviour":"low"`), `{"id":"P",`, `{"id":"X","id":"P",`, 1), "id"},
		{"dst levels", dstDec, strings.Replace(allDST(`"behaviour":"low"`), `"behaviour":"low"`, `"behaviour":"low","behaviour":"priority"`, 1), "levels.behaviour"},
		{"checklist id", checklistDec, strings.Replace(allChecklist(), `{"id":"k1"`, `{"id":"X","id":"k1"`, 1), "id"},
		{"checklist score", checklistDec, strings.Replace(allChecklist(), `"breathing":"C"`, `"breathing":"C","breathing":"A"`, 1), "scores.breathing"},
		{"options threshold", optsDec, `{"high_moderate_min_domains":2,"high_moderate_min_domains":5}`, "high_moderate_min_domains"},
		{"options level", optsDec, `{"severe_others_min_level":"low","severe_others_min_level":"high"}`, "severe_others_min_level"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.dec(tc.in)
			if !errors.Is(err, ErrRepeatedKey) {
				t.Fatalf("error = %v, want ErrRepeatedKey", err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("error %v names field %v, want %s", err, fe, tc.field)
			}
		})
	}
}

// allChecklist returns a valid Checklist, every domain scored C, as JSON.
func allChecklist() string {
	b, err := json.Marshal(checklistWith(nil))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// #13 item 13: keys match exactly; encoding/json would match them in any
// case.
func TestDecodeKeyCase(t *testing.T) {
	tests := []struct {
		name string
		dec  func(string) error
		in   string
		key  string
	}{
		{"adult ID", adultDec, `{"ID":"A-1"}`, "ID"},
		{"adult Significant_Impact", adultDec, `{"id":"A-1","well_being":["health"],"Significant_Impact":true}`, "Significant_Impact"},
		{"carer NECESSARY_CARE", carerDec, `{"id":"C-1","NECESSARY_CARE":true}`, "NECESSARY_CARE"},
		{"dst Levels", dstDec, strings.Replace(allDST(`"behaviour":"low"`), `"levels"`, `"Levels"`, 1), "Levels"},
		{"checklist Scores", checklistDec, strings.Replace(allChecklist(), `"scores"`, `"Scores"`, 1), "Scores"},
		{"options", optsDec, `{"High_Moderate_Min_Domains":3}`, "High_Moderate_Min_Domains"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.dec(tc.in)
			if !errors.Is(err, ErrUnknownName) {
				t.Fatalf("error = %v, want ErrUnknownName", err)
			}
			if !strings.Contains(err.Error(), `"`+tc.key+`"`) {
				t.Errorf("error %q does not name the key %q", err, tc.key)
			}
		})
	}
	// Names inside (outcomes, domains, levels, limbs) were exact already.
	if err := adultDec(`{"id":"A-1","outcomes":{"Nutrition":["without_assistance"]}}`); !errors.Is(err, ErrUnknownName) {
		t.Errorf("outcome in another case: %v", err)
	}
}

// #13 item 13: ids that are not valid UTF-8 or hold control characters are
// rejected, by the decoders and the Evaluate functions alike; input that is
// not valid UTF-8 is rejected before encoding/json turns it into U+FFFD.
func TestBadIDs(t *testing.T) {
	for _, in := range []string{`{"id":"A\u0000"}`, `{"id":"A\u001b[2J"}`, `{"id":"A\u0085"}`, "{\"id\":\"A\xff\"}"} {
		err := adultDec(in)
		if !errors.Is(err, ErrInvalidText) {
			t.Errorf("%q: error = %v, want ErrInvalidText", in, err)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x00\x1b\u0085\xff") {
			t.Errorf("%q: the message carries the bad bytes: %q", in, err)
		}
	}
	if err := carerDec(`{"id":"C\u0007"}`); !errors.Is(err, ErrInvalidText) {
		t.Errorf("carer: %v", err)
	}
	if err := dstDec(strings.Replace(allDST(`"behaviour":"low"`), `"id":"P"`, `"id":"P\u0000"`, 1)); !errors.Is(err, ErrInvalidText) {
		t.Errorf("dst: %v", err)
	}
	a := AdultAssessment{ID: "A\x00"}
	if _, err := EvaluateAdult(&a); !errors.Is(err, ErrInvalidText) {
		t.Errorf("EvaluateAdult: %v", err)
	}
	c := CarerAssessment{ID: "C\xff"}
	if _, err := EvaluateCarer(&c); !errors.Is(err, ErrInvalidText) {
		t.Errorf("EvaluateCarer: %v", err)
	}
	d := DST{ID: "D\x01"}
	for dom := range Domain(NumDomains - 1) {
		d.Levels[dom] = LevelNoNeeds
	}
	if _, err := EvaluateDST(&d, DSTOptions{}); !errors.Is(err, ErrInvalidText) {
		t.Errorf("EvaluateDST: %v", err)
	}
	k := *checklistWith(nil)
	k.ID = "K\x7f"
	if _, err := EvaluateChecklist(&k); !errors.Is(err, ErrInvalidText) {
		t.Errorf("EvaluateChecklist: %v", err)
	}
	// Ids of any other printable text are fine.
	ok := AdultAssessment{ID: "Añ-1 ✓"}
	if _, err := EvaluateAdult(&ok); err != nil {
		t.Errorf("printable id: %v", err)
	}
}

// #13 item 14: an undefined rate is stated as undefined, never NaN.
func TestRateUndefined(t *testing.T) {
	shown := TableRow{N: 4, Counts: []int64{3, 1}, Status: []disclosure.Status{disclosure.Shown, disclosure.Shown}}
	if r, ok := shown.Rate(0); !ok || r != 0.75 {
		t.Errorf("Rate(0) = %v, %v; want 0.75, true", r, ok)
	}
	for name, tc := range map[string]struct {
		row TableRow
		j   int
	}{
		"no results":     {TableRow{N: 0, Counts: []int64{0}, Status: []disclosure.Status{disclosure.Shown}}, 0},
		"hidden cell":    {TableRow{N: 4, Counts: []int64{0, 0}, Status: []disclosure.Status{disclosure.Primary, disclosure.Secondary}}, 1},
		"no such column": {shown, 2},
		"negative index": {shown, -1},
	} {
		if r, ok := tc.row.Rate(tc.j); ok || r != 0 {
			t.Errorf("%s: Rate(%d) = %v, %v; want 0, false", name, tc.j, r, ok)
		}
	}
}

// The bad-input battery: a value of the wrong JSON type inside outcomes,
// levels, scores or well-being, input that is not well-formed and data
// after the record gave errors that named no field and wrapped no sentinel
// ("eligibility: limbs: json: cannot unmarshal number into Go value of
// type string"); an options level named "level", not its key.
func TestDecodeMalformed(t *testing.T) {
	optsDec := func(s string) error { _, err := DecodeDSTOptions(strings.NewReader(s)); return err }
	tests := []struct {
		name     string
		dec      func(string) error
		in       string
		field    string
		sentinel error
	}{
		{"limb a number", adultDec, `{"id":"A-1","outcomes":{"nutrition":[5]}}`, "outcomes.nutrition", ErrMalformed},
		{"limbs an object", carerDec, `{"id":"C-1","outcomes":{"recreation":{}}}`, "outcomes.recreation", ErrMalformed},
		{"outcomes an array", adultDec, `{"id":"A-1","outcomes":[]}`, "outcomes", ErrMalformed},
		{"well-being a string", adultDec, `{"id":"A-1","well_being":"health"}`, "well_being", ErrMalformed},
		{"level a number", dstDec, strings.Replace(allDST(`"behaviour":"low"`), `"behaviour":"low"`, `"behaviour":3`, 1), "levels.behaviour", ErrMalformed},
		{"score true", checklistDec, regexp.MustCompile(`"breathing":"[ABC]"`).ReplaceAllString(allChecklist(), `"breathing":true`), "scores.breathing", ErrMalformed},
		{"id a number", adultDec, `{"id":5}`, "id", ErrMalformed},
		{"flag a string", carerDec, `{"id":"C-1","necessary_care":"yes"}`, "necessary_care", ErrMalformed},
		{"truncated", adultDec, `{"id":"A-1","outcomes":{`, "(adult assessment)", ErrMalformed},
		{"not JSON", carerDec, `{id}`, "(carer assessment)", ErrMalformed},
		{"empty", carerDec, ``, "(carer assessment)", ErrMalformed},
		{"trailing data", dstDec, allDST(`"behaviour":"low"`) + ` {}`, "(DST)", ErrMalformed},
		{"unknown key", adultDec, `{"id":"A-1","zz":1}`, "(adult assessment)", ErrUnknownName},
		{"options level a number", optsDec, `{"severe_others_min_level":2}`, "severe_others_min_level", ErrMalformed},
		{"options level unknown", optsDec, `{"severe_others_min_level":"huge"}`, "severe_others_min_level", ErrUnknownName},
		// null: encoding/json would read a flag of null as false.
		{"flag null", carerDec, `{"id":"C-1","necessary_care":null}`, "necessary_care", ErrMalformed},
		{"limbs null", adultDec, `{"id":"A-1","outcomes":{"nutrition":null}}`, "outcomes.nutrition", ErrMalformed},
		{"id null", dstDec, `{"id":null}`, "id", ErrMalformed},
		{"record null", carerDec, `null`, "(carer assessment)", ErrMalformed},
	}
	for _, tc := range tests {
		err := tc.dec(tc.in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: %v; want a *FieldError at %s wrapping %v", tc.name, err, tc.field, tc.sentinel)
		}
	}
}
