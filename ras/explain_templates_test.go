package ras

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestExplainReferenceCurrent: ras/explain.md documents every step, its
// fields and its shipped wording, as the code has them.
func TestExplainReferenceCurrent(t *testing.T) {
	got := explainReference()
	if *update {
		if err := os.WriteFile("explain.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("explain.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("explain.md is out of date: run go test ./ras -run TestExplainReferenceCurrent -update")
	}
}

// TestExplainStepsDocumented: every step has a default template, and every
// field of its data a doc tag and a type templates can print.
func TestExplainStepsDocumented(t *testing.T) {
	defaults := DefaultExplainTemplates()
	seen := map[string]bool{}
	for _, s := range explainSteps {
		if seen[s.key] {
			t.Errorf("step %q listed twice", s.key)
		}
		seen[s.key] = true
		if strings.TrimSpace(defaults[s.key]) == "" {
			t.Errorf("step %q has no default wording", s.key)
		}
		ty := reflect.TypeOf(s.data)
		for i := range ty.NumField() {
			f := ty.Field(i)
			if f.Tag.Get("doc") == "" {
				t.Errorf("%s.%s has no doc tag", s.key, f.Name)
			}
			switch f.Type.Kind() {
			case reflect.String, reflect.Int, reflect.Bool:
			default:
				t.Errorf("%s.%s is a %s; step data hold strings, ints and bools", s.key, f.Name, f.Type.Kind())
			}
		}
	}
	for k := range defaults {
		if !seen[k] {
			t.Errorf("explain.templates.json has %q, which is not a step", k)
		}
	}
}

// TestExplainTemplatesValidated: a template set is checked when it is
// made, and each problem names its key.
func TestExplainTemplatesValidated(t *testing.T) {
	tests := []struct {
		name string
		src  map[string]string
		key  string
		msg  string
	}{
		{"unknown step", map[string]string{"anwser": "x"}, "templates.anwser", "no such step"},
		{"does not parse", map[string]string{"cap": "{{.Amount"}, "templates.cap", "does not parse"},
		{"missing field", map[string]string{"cap": "cap {{.Amont}}"}, "templates.cap", "uses the field Amont, which this step does not have (its fields: Limit, Amount, Before, After)"},
		{"missing field in a branch", map[string]string{"answer": "{{if .Minutes}}{{.Minuets}}{{end}}"}, "templates.answer", "uses the field Minuets"},
		{"unknown function", map[string]string{"cap": "{{upper .Amount}}"}, "templates.cap", "does not parse"},
		{"a field of a step without fields", map[string]string{"footer": "{{.Text}}"}, "templates.footer", "uses the field Text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewExplainTemplates(tc.src)
			if !errors.Is(err, ErrInvalidTemplate) {
				t.Fatalf("error %v, want ErrInvalidTemplate", err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Path != tc.key || !strings.Contains(fe.Msg, tc.msg) {
				t.Fatalf("error %q, want %s: …%s…", err, tc.key, tc.msg)
			}
		})
	}
	// Every problem is reported.
	_, err := NewExplainTemplates(map[string]string{"a": "", "cap": "{{.X}}"})
	var fes FieldErrors
	if !errors.As(err, &fes) || len(fes) != 2 {
		t.Fatalf("error %v, want two problems", err)
	}
	// From JSON: a key twice is an error; not an object is an error.
	if _, err := ReadExplainTemplates(strings.NewReader(`{"cap": "a", "cap": "b"}`)); !errors.Is(err, ErrInvalidTemplate) || !strings.Contains(err.Error(), "cap: appears twice") {
		t.Errorf("a key twice: %v", err)
	}
	if _, err := ReadExplainTemplates(strings.NewReader(`["cap"]`)); !errors.Is(err, ErrInvalidTemplate) {
		t.Errorf("an array: %v", err)
	}
	// The shipped wording reads back as it is.
	b, err := os.ReadFile("explain.templates.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadExplainTemplates(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
}

// TestExplainWith: a council's wording replaces the default for the steps
// it gives, and a template that writes nothing leaves its step out.
func TestExplainWith(t *testing.T) {
	e, err := Load(ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases()
	r, err := e.Assess(&cases[0].a) // points-adult
	if err != nil {
		t.Fatal(err)
	}
	ts, err := NewExplainTemplates(map[string]string{
		"title":          "Your budget ({{.Assessment}})",
		"answer":         "",
		"answer_default": "",
		"domain":         "",
		"budget":         "Cyllideb: {{.Weekly}} yr wythnos.",
		"footer":         "",
		"annual":         "{{.Amount}} a year.",
		"breakdown":      "",
		"hours_line":     "",
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.ExplainWith(&buf, ExplainOptions{Templates: ts}); err != nil {
		t.Fatal(err)
	}
	want := `Your budget (A1)

  Personal care: 6 points in all.

  Moving about: 7 points in all.

  Food and drink: 6 points in all.

  Keeping my home: 7 points in all.

  Health and medicines: 2 points in all.

  Staying safe: 3 points in all.

  Relationships and communication: 3 points in all.

  Community, work and learning: 5 points in all.

  Making decisions and managing money: 2 points in all.

  Family carers: 0 points in all.

Your answers add up to 41 points. At £7.85 a point (Adult social care), that is £321.85 a week.

Cyllideb: £321.85 yr wythnos.
£16,736.20 a year.
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestLowerName: names are lowered for mid-sentence use, but not proper
// nouns or acronyms.
func TestLowerName(t *testing.T) {
	for in, want := range map[string]string{
		"Personal care":          "personal care",
		"NHS-funded nursing":     "NHS-funded nursing",
		"Shared Lives carers":    "Shared Lives carers",
		"QSI Q16":                "QSI Q16",
		"Breaks for carers":      "breaks for carers",
		"Élan":                   "élan",
		"personal care":          "personal care",
		"":                       "",
		"Meals for 2 people":     "Meals for 2 people",
		"Support from NHS staff": "Support from NHS staff",
	} {
		if got := lowerName(in); got != want {
			t.Errorf("lowerName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExplainProperNouns: names are shown as the model writes them: a
// schedule named "... schedule" is not "schedule schedule"; "NHS-funded"
// keeps its capitals in mid-sentence; a regression term without a label is
// described in words, not by its name or ids.
func TestExplainProperNouns(t *testing.T) {
	m, err := ParseModel(strings.NewReader(regLogModel))
	if err != nil {
		t.Fatal(err)
	}
	m.SupportTypes[0].Name = "NHS-funded nursing"
	e, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	age := 85
	a := &Assessment{ID: "R-1", Date: Date{Year: 2025, Month: 1, Day: 6}, Cohort: CohortCHC,
		Person:  Person{ID: "P", Age: &age, LivingSetting: SettingHomeFamily},
		Answers: Answers{{Question: "q1", Option: "some"}, {Question: "hrs", Value: 10, IsValue: true}}}
	r, err := e.Assess(a)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Explain(&buf); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, s := range []string{
		"hours a week of NHS-funded nursing",
		"+ 0.20  Washing (points): 2 × 0.1",
		"+ 0.05  some help washing",
		"+ 0.10  Hours of help: 10 × 0.01",
		"+ 0.20  NHS Continuing Healthcare",
		"− 0.09  Age: 85 × −0.001",
		"+ 0.10  Aged 80 or over, NHS Continuing Healthcare",
		"+ 0.04  Points in Daily living: 2 × 0.02",
		"e to the power of the score, times a smearing factor of 1.04",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("explanation lacks %q:\n%s", s, got)
		}
	}
	for _, s := range []string{"q1_some", "chc", "old_chc", "intercept)", "schedule schedule", "nhs-funded"} {
		if strings.Contains(got, s) {
			t.Errorf("explanation has %q:\n%s", s, got)
		}
	}

	pm, err := LoadModel(ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	pm.Points.Schedules[3].Name = "Adult schedule"
	pe, err := Compile(pm)
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases()
	pr, err := pe.Assess(&cases[0].a)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := pr.Explain(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "At £7.85 a point (Adult schedule), that is £321.85 a week.") {
		t.Errorf("the schedule is not named as written:\n%s", buf.String())
	}
}
