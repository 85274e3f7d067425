package ras_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// Example_readme is the README's "In code" example: the README quotes its
// body, and TestREADMEQuotesExample checks that the two are the same.
func Example_readme() {
	engine, err := ras.Load(ras.ModelPoints) // or ras.Compile(yourModel)
	if err != nil {
		fmt.Println(err)
		return
	}
	age := 78
	a := &ras.Assessment{
		ID: "A-1001", Date: ras.Date{Year: 2025, Month: 5, Day: 12}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P-501", Age: &age, LivingSetting: ras.SettingHomeAlone},
		// One answer per question of the model that applies to the cohort
		// (34 of stonesoup-points' 35 for an adult): a missing answer is an
		// error naming the question, never a zero.
		Answers: ras.Answers{
			{Question: "washing", Option: "some"}, {Question: "dressing", Option: "lots"},
			{Question: "toileting", Option: "some"}, {Question: "continence", Option: "none"},
			{Question: "eating", Option: "none"}, {Question: "indoors", Option: "some"},
			{Question: "transfers", Option: "some"}, {Question: "outdoors", Option: "lots"},
			{Question: "falls", Option: "some"}, {Question: "meal_prep", Option: "lots"},
			{Question: "shopping", Option: "all"}, {Question: "diet", Option: "none"},
			{Question: "cleaning", Option: "lots"}, {Question: "laundry", Option: "lots"},
			{Question: "home_safety", Option: "some"}, {Question: "medication", Option: "some"},
			{Question: "conditions", Option: "some"}, {Question: "skin", Option: "none"},
			{Question: "risk_self", Option: "none"}, {Question: "risk_others", Option: "none"},
			{Question: "supervision", Option: "some"}, {Question: "nights", Option: "none"},
			{Question: "family", Option: "some"}, {Question: "lonely", Option: "lots"},
			{Question: "communication", Option: "none"}, {Question: "community_access", Option: "lots"},
			{Question: "work", Option: "none"}, {Question: "leisure", Option: "some"},
			{Question: "transport", Option: "lots"}, {Question: "decisions", Option: "some"},
			{Question: "money", Option: "lots"}, {Question: "carer_willing", Option: "partly"},
			{Question: "carer_health", Option: "some"}, {Question: "carer_breaks", Option: "some"},
		},
	}
	r, err := engine.Assess(a) // errors name the assessment and the question
	if err != nil {
		fmt.Println(err)
		return
	}
	// Weekly and Annual are decimal.Decimal, rounded once by the model's
	// rule; ras.FormatMoney shows money the one way stonesoup does.
	fmt.Println(ras.FormatMoney(r.Weekly(), ""), "a week,", ras.FormatMoney(r.Annual(), ""), "a year")
	for _, h := range r.Hours() {
		fmt.Println(h.Name+":", h.Hours.StringFixed(2), "hours a week")
	}
	// r.Explain(os.Stdout) writes which answer and which rule produced
	// each pound, in words, with the rounding shown.

	// Output:
	// £376.80 a week, £19,593.60 a year
	// Personal care: 6.09 hours a week
	// Help at home: 4.11 hours a week
	// Social and community support: 4.43 hours a week
	// Breaks for carers: 2.50 hours a week
}

// readmeBlock returns the go code block of the README's section "## In
// code".
func readmeBlock(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## In code\n")
	if !ok {
		t.Fatal(`README.md has no section "## In code"`)
	}
	_, code, ok := strings.Cut(sec, "```go\n")
	if !ok {
		t.Fatal(`README.md's "In code" has no go code block`)
	}
	code, _, ok = strings.Cut(code, "```\n")
	if !ok {
		t.Fatal(`README.md's "In code" code block is not closed`)
	}
	return code
}

// exampleBody returns the body of func name in this file, one tab of
// indentation removed.
func exampleBody(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("example_readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\nfunc "+name+"() {\n")
	if !ok {
		t.Fatalf("no func %s", name)
	}
	body, _, ok := strings.Cut(rest, "\n}\n")
	if !ok {
		t.Fatalf("func %s has no end", name)
	}
	var out strings.Builder
	for _, line := range strings.Split(body, "\n") {
		out.WriteString(strings.TrimPrefix(line, "\t") + "\n")
	}
	return out.String()
}

// TestREADMEQuotesExample: the README's "In code" block is Example_readme's
// body, so that the README shows code that compiles and whose output is
// tested.
func TestREADMEQuotesExample(t *testing.T) {
	got, want := readmeBlock(t), exampleBody(t, "Example_readme")
	if got != want {
		t.Errorf("README.md's \"In code\" block differs from Example_readme's body (ras/example_readme_test.go).\nREADME:\n%s\nexample:\n%s", got, want)
	}
}
