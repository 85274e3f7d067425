package carers

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// Findings worked by hand against SI 2015/313 reg. 3.
var (
	// Health route (reg. 3(2)(a)) with a significant impact on health: met.
	healthRoute = eligibility.CarerAssessment{ID: "secret-id", NecessaryCare: true, HealthDeteriorating: true,
		WellBeing: eligibility.WellBeingOf(eligibility.WellBeingHealth), SignificantImpact: true}
	// One outcome unmet (recreation) is enough for a carer, with a significant impact: met.
	oneOutcome = func() eligibility.CarerAssessment {
		a := eligibility.CarerAssessment{NecessaryCare: true, WellBeing: eligibility.WellBeingOf(eligibility.WellBeingParticipation), SignificantImpact: true}
		a.Outcomes[eligibility.CarerOutcomeRecreation] = eligibility.LimbPainDistressAnxiety
		return a
	}()
	// Health deteriorating but no significant impact: not met.
	noImpact = eligibility.CarerAssessment{NecessaryCare: true, HealthDeteriorating: true,
		WellBeing: eligibility.WellBeingOf(eligibility.WellBeingHealth)}
)

func TestCarerEligibility(t *testing.T) {
	for _, c := range []struct {
		name string
		a    eligibility.CarerAssessment
		met  bool
	}{{"health route", healthRoute, true}, {"one outcome", oneOutcome, true}, {"no impact", noImpact, false}} {
		a := c.a
		r, err := CarerEligibility(&Carer{Eligibility: &a})
		if err != nil || r.Met != c.met {
			t.Errorf("%s: met %v err %v, want %v", c.name, r.Met, err, c.met)
		}
	}
	if _, err := CarerEligibility(&Carer{}); !errors.Is(err, ErrMissingField) {
		t.Errorf("no findings: %v", err)
	}
	bad := healthRoute
	bad.Outcomes[eligibility.CarerOutcomeNutrition] = eligibility.LimbSignificantlyLonger
	_, err := CarerEligibility(&Carer{Eligibility: &bad})
	if !errors.Is(err, ErrBadValue) || !errors.Is(err, eligibility.ErrCarerSignificantlyLonger) {
		t.Errorf("carer limb: %v", err)
	}
	if strings.Contains(err.Error(), "secret-id") {
		t.Errorf("message names the record: %v", err)
	}
	c := Carer{CarerID: "C", PersonID: "P", Eligibility: &bad}
	var re *RecordError
	if err := c.Validate(); !errors.As(err, &re) || re.Field != "eligibility" {
		t.Errorf("Validate: %v", err)
	}
}

func TestSummariseEligibility(t *testing.T) {
	// Cohort "a": 8 people, each with a carer: 6 with findings, 5 met (health route), 1 not.
	// Cohort "b": 7 people, each with a carer: 7 with findings, 2 met (one outcome), 5 not.
	var people []Person
	var cs []Carer
	add := func(cohort string, i int, f *eligibility.CarerAssessment) {
		id := fmt.Sprintf("%s%d", cohort, i)
		people = append(people, Person{PersonID: id, Cohort: cohort})
		cs = append(cs, Carer{CarerID: "c" + id, PersonID: id, WeeklyHours: 1000, Eligibility: f})
	}
	for i := range 8 {
		switch {
		case i < 5:
			add("a", i, &healthRoute)
		case i == 5:
			add("a", i, &noImpact)
		default:
			add("a", i, nil)
		}
	}
	for i := range 7 {
		if i < 2 {
			add("b", i, &oneOutcome)
		} else {
			add("b", i, &noImpact)
		}
	}
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	vals, _ := v.ValueAll(nil, cs)
	s, err := Summarise(people, cs, vals, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.All.CarersAssessed != 13 || s.All.CarersEligible != 7 {
		t.Errorf("all: assessed %d eligible %d, want 13, 7", s.All.CarersAssessed, s.All.CarersEligible)
	}
	if a, b := s.ByCohort[0], s.ByCohort[1]; a.CarersAssessed != 6 || a.CarersEligible != 5 || b.CarersAssessed != 7 || b.CarersEligible != 2 {
		t.Errorf("by cohort: %+v %+v", a, b)
	}
	p, err := s.Publish("cohort", disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Table [[5, 1], [2, 5]]: 1 and 2 primary; row a and row b each have one hidden cell, so
	// their other cells (5 and 5) are hidden too; every cell is hidden. Totals list [7, 6]: shown.
	for i := range 2 {
		for j := range 2 {
			if !p.Eligibility.Hidden(i, j) {
				t.Errorf("eligibility cell %d,%d shown", i, j)
			}
		}
	}
	var buf bytes.Buffer
	if err := p.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if !strings.HasSuffix(lines[1], ",*,*") || !strings.HasSuffix(lines[2], ",*,*") || !strings.HasSuffix(lines[3], ",7,6") {
		t.Errorf("csv:\n%s", buf.String())
	}
	// Invalid findings are a record error naming the index.
	bad := healthRoute
	bad.WellBeing = 0 // significant impact with no area
	cs[3].Eligibility = &bad
	_, err = Summarise(people, cs, vals, SummaryOptions{})
	var re *RecordError
	if !errors.As(err, &re) || re.Index != 3 || re.Field != "eligibility" || !errors.Is(err, eligibility.ErrImpactWithoutArea) {
		t.Errorf("invalid findings: %v", err)
	}
}
