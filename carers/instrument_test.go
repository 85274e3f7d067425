package carers

import (
	"errors"
	"strings"
	"testing"
)

func TestBuiltinInstruments(t *testing.T) {
	m := BuiltinInstruments()
	csi, mcsi := m["csi"], m["mcsi"]
	if csi == nil || mcsi == nil || len(m) != 2 {
		t.Fatalf("builtins %v", instrumentIDs(m))
	}
	if len(csi.Items) != 13 || csi.MinTotal() != 0 || csi.MaxTotal() != 13 {
		t.Errorf("csi: %d items, %d..%d; want 13 items 0..13", len(csi.Items), csi.MinTotal(), csi.MaxTotal())
	}
	if th, ok := csi.HighThreshold(); !ok || th != 7 {
		t.Errorf("csi high threshold %d %v, want 7 (Robinson 1983)", th, ok)
	}
	if len(mcsi.Items) != 13 || mcsi.MaxTotal() != 26 {
		t.Errorf("mcsi: %d items, max %d; want 13 and 26", len(mcsi.Items), mcsi.MaxTotal())
	}
	if _, ok := mcsi.HighThreshold(); ok || len(mcsi.Bands) != 0 {
		t.Error("mcsi must have no cut-off")
	}
	// Fresh copies: changing one does not change the next.
	csi.Items[0].Label = "x"
	if BuiltinInstruments()["csi"].Items[0].Label == "x" {
		t.Error("BuiltinInstruments shares state")
	}
}

func TestScoreCSI(t *testing.T) {
	csi := BuiltinInstruments()["csi"]
	yes := func(n int) []string {
		r := make([]string, 13)
		for i := range r {
			r[i] = "no"
			if i < n {
				r[i] = "yes"
			}
		}
		return r
	}
	tests := []struct {
		yes  int
		high bool
	}{{0, false}, {6, false}, {7, true}, {13, true}}
	for _, tc := range tests {
		s, err := csi.Score(yes(tc.yes))
		if err != nil {
			t.Fatal(err)
		}
		if s.Total != tc.yes || s.High != tc.high || !s.HasCutoff {
			t.Errorf("%d yes: got %+v, want total %d high %v", tc.yes, s, tc.yes, tc.high)
		}
	}
	r := yes(3)
	r[4] = "sometimes"
	_, err := csi.Score(r)
	var re *RecordError
	if !errors.Is(err, ErrScoreRange) || !errors.As(err, &re) || re.Field != "items[4]" || !strings.Contains(err.Error(), "item family") {
		t.Errorf("bad response: %v", err)
	}
	r[4] = ""
	if _, err := csi.Score(r); !errors.Is(err, ErrMissingField) {
		t.Errorf("missing response: %v", err)
	}
	if _, err := csi.Score(r[:12]); !errors.Is(err, ErrMismatch) {
		t.Errorf("12 responses: %v", err)
	}
	for _, tot := range []int{-1, 14} {
		if _, err := csi.Classify(tot); !errors.Is(err, ErrScoreRange) {
			t.Errorf("Classify(%d): %v", tot, err)
		}
	}
}

func TestScoreMCSI(t *testing.T) {
	// Worked by hand: 4 × regular (2) + 5 × sometimes (1) + 4 × no (0) = 13.
	mcsi := BuiltinInstruments()["mcsi"]
	r := []string{"regular", "regular", "regular", "regular", "sometimes", "sometimes", "sometimes",
		"sometimes", "sometimes", "no", "no", "no", "no"}
	s, err := mcsi.Score(r)
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 13 || s.High || s.HasCutoff || s.Band != "" {
		t.Errorf("got %+v, want total 13 and no band or cut-off", s)
	}
	if s, _ := mcsi.Classify(26); s.High {
		t.Error("mcsi 26 flagged high without a cut-off")
	}
	if _, err := mcsi.Classify(27); !errors.Is(err, ErrScoreRange) {
		t.Errorf("27: %v", err)
	}
}

func TestReadInstrumentAddsNewInstrument(t *testing.T) {
	// A made-up 3-item instrument scored 0–4 per item with two bands: no code changes needed.
	const js = `{"id":"demo-3","name":"Demo","source":"made up for a test","items":[
	 {"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"}],
	 "responses":[{"code":"0","label":"never","score":0},{"code":"4","label":"always","score":4},{"code":"2","label":"sometimes","score":2}],
	 "bands":[{"label":"low","min":0,"max":5},{"label":"high","min":6,"max":12,"high":true}]}`
	in, err := ReadInstrument(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	s, err := in.Score([]string{"4", "2", "0"})
	if err != nil || s.Total != 6 || !s.High || s.Band != "high" {
		t.Errorf("got %+v %v, want total 6 high", s, err)
	}
}

func TestInstrumentValidate(t *testing.T) {
	base := `{"id":"x","name":"X","source":"S","items":[{"id":"a","label":"A"},{"id":"b","label":"B"}],
	 "responses":[{"code":"n","label":"no","score":0},{"code":"y","label":"yes","score":1}]%s}`
	tests := []struct {
		name, js, path string
	}{
		{"unknown field", `{"id":"x","bogus":1}`, "bogus"},
		{"empty id", strings.Replace(base, `"id":"x"`, `"id":""`, 1), "id"},
		{"upper id", strings.Replace(base, `"id":"x"`, `"id":"X"`, 1), "id"},
		{"no source", strings.Replace(base, `"source":"S"`, `"source":" "`, 1), "source"},
		{"dup item", strings.Replace(base, `{"id":"b"`, `{"id":"a"`, 1), "items[1].id"},
		{"empty label", strings.Replace(base, `"label":"B"`, `"label":""`, 1), "items[1].label"},
		{"one response", strings.Replace(base, `,{"code":"y","label":"yes","score":1}`, ``, 1), "responses"},
		{"dup code", strings.Replace(base, `"code":"y"`, `"code":"n"`, 1), "responses[1].code"},
		{"negative score", strings.Replace(base, `"score":1`, `"score":-1`, 1), "responses[1].score"},
		{"band above max", strings.Replace(base, "%s", `,"bands":[{"label":"h","min":1,"max":3}]`, 1), "bands[0].max"},
		{"band overlap", strings.Replace(base, "%s", `,"bands":[{"label":"l","min":0,"max":1},{"label":"h","min":1,"max":2}]`, 1), "bands[1].min"},
	}
	for _, tc := range tests {
		js := strings.Replace(tc.js, "%s", "", 1)
		_, err := ReadInstrument(strings.NewReader(js))
		var ce *ConfigError
		if !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &ce) || ce.Path != tc.path {
			t.Errorf("%s: got %v, want path %q", tc.name, err, tc.path)
		}
	}
}
