package carers

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// The bad-input battery: the JSON configurations (rate card, risk
// configuration, instrument) were read with encoding/json, which keeps the
// last of a key given twice, matches "Weight" to "weight", reads null as
// zero, turns invalid UTF-8 into U+FFFD, and stops at a stray "]"; ids
// holding NUL were accepted. ras and ras/eligibility reject all of these.
func TestConfigStrictJSON(t *testing.T) {
	risk, err := os.ReadFile("risk_default.json")
	if err != nil {
		t.Fatal(err)
	}
	csi, err := builtinFS.ReadFile("instruments/csi.json")
	if err != nil {
		t.Fatal(err)
	}
	card, _ := json.Marshal(DefaultRateCard())
	readers := map[string]func(string) error{
		"rate card":   func(s string) error { _, err := ReadRateCard(strings.NewReader(s)); return err },
		"risk config": func(s string) error { _, err := ReadRiskConfig(strings.NewReader(s)); return err },
		"instrument":  func(s string) error { _, err := ReadInstrument(strings.NewReader(s)); return err },
	}
	docs := map[string]string{"rate card": string(card), "risk config": string(risk), "instrument": string(csi)}
	for name, read := range readers {
		doc := docs[name]
		if err := read(doc); err != nil {
			t.Fatalf("%s: the shipped document: %v", name, err)
		}
		first := doc[strings.Index(doc, `"`):]
		key := first[1 : strings.Index(first[1:], `"`)+1]
		for what, bad := range map[string]string{
			"key given twice":     strings.Replace(doc, "{", `{"`+key+`":null,`, 1),
			"key in another case": strings.Replace(doc, `"`+key+`"`, `"`+strings.ToUpper(key)+`"`, 1),
			"null":                strings.Replace(doc, `"`+key+`":`, `"`+key+`":null,"zz":`, 1),
			"invalid UTF-8":       strings.Replace(doc, `"`+key+`"`, "\"\xff"+key+`"`, 1),
			"stray ]":             doc + "]",
			"stray }":             doc + "}",
		} {
			err := read(bad)
			var ce *ConfigError
			if !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &ce) {
				t.Errorf("%s with %s: %v, want a *ConfigError wrapping ErrInvalidConfig", name, what, err)
			}
		}
	}
	// Ids and texts that are not valid text.
	in := strings.Replace(string(csi), `"id": "`, "\"id\": \"\\u0000", 2)
	if _, err := ReadInstrument(strings.NewReader(in)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("instrument item id with NUL: %v", err)
	}
	c := DefaultRateCard()
	c.Source = "a\x00b"
	var ce *ConfigError
	if err := c.Validate(); !errors.As(err, &ce) || ce.Path != "source" {
		t.Errorf("rate card source with NUL: %v", err)
	}
}
