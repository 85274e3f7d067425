package eligibility

import (
	"errors"
	"strings"
	"testing"
)

// Cases below are derived by hand from the text of SI 2015/313 regs 2 and 3.

func adult(impair bool, impact bool, wb WellBeingSet, unmet map[Outcome]Limbs) *AdultAssessment {
	a := &AdultAssessment{ID: "t", ImpairmentOrIllness: impair, SignificantImpact: impact, WellBeing: wb}
	for o, l := range unmet {
		a.Outcomes[o] = l
	}
	return a
}

func TestEvaluateAdult(t *testing.T) {
	dig := WellBeingOf(WellBeingDignity)
	wa := LimbWithoutAssistance
	tests := []struct {
		name   string
		in     *AdultAssessment
		met    bool
		failed Conditions
		unmet  int
	}{
		{"zero value", &AdultAssessment{}, false, Conditions(ConditionNeedsArise | ConditionEffect | ConditionSignificantImpact), 0},
		// Boundary: reg. 2(1)(b) "two or more".
		{"one outcome is not enough", adult(true, true, dig, map[Outcome]Limbs{OutcomeNutrition: wa}), false, Conditions(ConditionEffect), 1},
		{"two outcomes are enough", adult(true, true, dig, map[Outcome]Limbs{OutcomeNutrition: wa, OutcomePersonalHygiene: wa}), true, 0, 2},
		{"one outcome by all four limbs is still one", adult(true, true, dig, map[Outcome]Limbs{OutcomeToiletNeeds: AdultLimbs}), false, Conditions(ConditionEffect), 1},
		{"all ten outcomes", adult(true, true, dig, map[Outcome]Limbs{0: wa, 1: wa, 2: wa, 3: wa, 4: wa, 5: wa, 6: wa, 7: wa, 8: wa, 9: wa}), true, 0, 10},
		// Each of the four limbs counts on its own (reg. 2(3)(a)-(d)).
		{"limb a", adult(true, true, dig, map[Outcome]Limbs{OutcomeClothed: LimbWithoutAssistance, OutcomeHomeSafely: LimbWithoutAssistance}), true, 0, 2},
		{"limb b", adult(true, true, dig, map[Outcome]Limbs{OutcomeClothed: LimbPainDistressAnxiety, OutcomeHomeSafely: LimbPainDistressAnxiety}), true, 0, 2},
		{"limb c", adult(true, true, dig, map[Outcome]Limbs{OutcomeClothed: LimbEndangersHealthSafety, OutcomeHomeSafely: LimbEndangersHealthSafety}), true, 0, 2},
		{"limb d significantly longer", adult(true, true, dig, map[Outcome]Limbs{OutcomeHabitableHome: LimbSignificantlyLonger, OutcomeChildCaring: LimbSignificantlyLonger}), true, 0, 2},
		// Conditions 1 and 3 each fail alone.
		{"no impairment", adult(false, true, dig, map[Outcome]Limbs{OutcomeRelationships: wa, OutcomeWorkEducation: wa}), false, Conditions(ConditionNeedsArise), 2},
		{"no significant impact", adult(true, false, dig, map[Outcome]Limbs{OutcomeRelationships: wa, OutcomeCommunityServices: wa}), false, Conditions(ConditionSignificantImpact), 2},
		{"no significant impact, no area", adult(true, false, 0, map[Outcome]Limbs{OutcomeRelationships: wa, OutcomeCommunityServices: wa}), false, Conditions(ConditionSignificantImpact), 2},
		{"impact across all nine areas", adult(true, true, allWellBeing, map[Outcome]Limbs{OutcomeRelationships: wa, OutcomeCommunityServices: wa}), true, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := EvaluateAdult(tc.in)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if r.Met != tc.met || r.Failed != tc.failed || r.Unmet.Count() != tc.unmet {
				t.Errorf("got met=%v failed=%v unmet=%d, want met=%v failed=%v unmet=%d", r.Met, r.Failed, r.Unmet.Count(), tc.met, tc.failed, tc.unmet)
			}
			for o := range Outcome(NumOutcomes) {
				if r.Unmet.Has(int(o)) != (tc.in.Outcomes[o] != 0) || r.Limbs[o] != tc.in.Outcomes[o] {
					t.Errorf("outcome %v: unmet=%v limbs=%v, input limbs %v", o, r.Unmet.Has(int(o)), r.Limbs[o], tc.in.Outcomes[o])
				}
			}
			if r.WellBeing != tc.in.WellBeing {
				t.Errorf("well-being: got %b, want %b", r.WellBeing, tc.in.WellBeing)
			}
		})
	}
}

func TestEvaluateAdultInvalid(t *testing.T) {
	tests := []struct {
		name  string
		in    *AdultAssessment
		want  error
		field string
	}{
		{"unknown limb bit", adult(true, true, 1, map[Outcome]Limbs{OutcomeClothed: 1 << 4}), ErrInvalidLimb, "outcomes.appropriately_clothed"},
		{"high limb bit", adult(true, true, 1, map[Outcome]Limbs{OutcomeChildCaring: 0x80 | LimbWithoutAssistance}), ErrInvalidLimb, "outcomes.caring_for_child"},
		{"unknown well-being bit", adult(true, true, 1<<9, nil), ErrInvalidWellBeing, "well_being"},
		{"impact without area", adult(true, true, 0, nil), ErrImpactWithoutArea, "significant_impact"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := EvaluateAdult(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got error %v, want %v", err, tc.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || fe.ID != "t" {
				t.Fatalf("got %#v, want *FieldError with field %q and id t", err, tc.field)
			}
			if !strings.HasPrefix(err.Error(), "eligibility: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
			if r != (AdultResult{}) {
				t.Errorf("result not zero on error: %+v", r)
			}
		})
	}
}

func carer(necessary, health, impact bool, wb WellBeingSet, unmet map[CarerOutcome]Limbs) *CarerAssessment {
	c := &CarerAssessment{ID: "c", NecessaryCare: necessary, HealthDeteriorating: health, SignificantImpact: impact, WellBeing: wb}
	for o, l := range unmet {
		c.Outcomes[o] = l
	}
	return c
}

func TestEvaluateCarer(t *testing.T) {
	h := WellBeingOf(WellBeingHealth)
	wa := LimbWithoutAssistance
	tests := []struct {
		name   string
		in     *CarerAssessment
		met    bool
		failed Conditions
	}{
		{"zero value", &CarerAssessment{}, false, Conditions(ConditionNeedsArise | ConditionEffect | ConditionSignificantImpact)},
		// reg. 3(2)(b) "any of": one outcome is enough (contrast adults).
		{"one outcome is enough", carer(true, false, true, h, map[CarerOutcome]Limbs{CarerOutcomeRecreation: wa}), true, 0},
		{"no outcome, no health route", carer(true, false, true, h, nil), false, Conditions(ConditionEffect)},
		// reg. 3(2)(a): the health route needs no outcome.
		{"health route alone", carer(true, true, true, h, nil), true, 0},
		{"health route and outcome", carer(true, true, true, h, map[CarerOutcome]Limbs{CarerOutcomeNutrition: wa}), true, 0},
		{"health route but no necessary care", carer(false, true, true, h, nil), false, Conditions(ConditionNeedsArise)},
		{"health route but no significant impact", carer(true, true, false, h, nil), false, Conditions(ConditionSignificantImpact)},
		// The three carer limbs (reg. 3(3)(a)-(c)).
		{"limb a", carer(true, false, true, h, map[CarerOutcome]Limbs{CarerOutcomeChildCaring: LimbWithoutAssistance}), true, 0},
		{"limb b", carer(true, false, true, h, map[CarerOutcome]Limbs{CarerOutcomeOtherCaring: LimbPainDistressAnxiety}), true, 0},
		{"limb c", carer(true, false, true, h, map[CarerOutcome]Limbs{CarerOutcomeHabitableHome: LimbEndangersHealthSafety}), true, 0},
		{"all three limbs, all eight outcomes", carer(true, false, true, h, map[CarerOutcome]Limbs{0: CarerLimbs, 1: CarerLimbs, 2: CarerLimbs, 3: CarerLimbs, 4: CarerLimbs, 5: CarerLimbs, 6: CarerLimbs, 7: CarerLimbs}), true, 0},
		{"nothing holds", carer(false, false, false, 0, nil), false, Conditions(ConditionNeedsArise | ConditionEffect | ConditionSignificantImpact)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := EvaluateCarer(tc.in)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if r.Met != tc.met || r.Failed != tc.failed {
				t.Errorf("got met=%v failed=%v, want met=%v failed=%v", r.Met, r.Failed, tc.met, tc.failed)
			}
			if r.HealthRoute != tc.in.HealthDeteriorating || r.Limbs != tc.in.Outcomes {
				t.Errorf("health route %v limbs %v do not echo the input", r.HealthRoute, r.Limbs)
			}
		})
	}
}

// The carers' missing limb: reg. 3(3) has no "takes significantly longer".
func TestCarerSignificantlyLongerIsAnError(t *testing.T) {
	for o := range CarerOutcome(NumCarerOutcomes) {
		for _, l := range []Limbs{LimbSignificantlyLonger, LimbSignificantlyLonger | LimbWithoutAssistance} {
			c := carer(true, true, true, 1, map[CarerOutcome]Limbs{o: l})
			_, err := EvaluateCarer(c)
			if !errors.Is(err, ErrCarerSignificantlyLonger) {
				t.Fatalf("outcome %v limbs %v: got %v, want ErrCarerSignificantlyLonger", o, l, err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "outcomes."+o.String() {
				t.Errorf("outcome %v: error %v does not name the outcome", o, err)
			}
			if !strings.Contains(err.Error(), "reg. 3(3)") {
				t.Errorf("message %q does not cite reg. 3(3)", err)
			}
		}
	}
	// The same limb is fine for an adult.
	a := adult(true, true, 1, map[Outcome]Limbs{OutcomeNutrition: LimbSignificantlyLonger, OutcomeClothed: LimbSignificantlyLonger})
	if r, err := EvaluateAdult(a); err != nil || !r.Met {
		t.Errorf("adult with significantly-longer limb: met=%v err=%v, want met", r.Met, err)
	}
}

func TestEvaluateCarerInvalid(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   *CarerAssessment
		want error
	}{
		{"unknown limb", carer(true, false, true, 1, map[CarerOutcome]Limbs{CarerOutcomeNutrition: 1 << 5}), ErrInvalidLimb},
		{"unknown well-being", carer(true, false, true, 1<<12, nil), ErrInvalidWellBeing},
		{"impact without area", carer(true, true, true, 0, nil), ErrImpactWithoutArea},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := EvaluateCarer(tc.in); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// The lists must have the sizes the regulation and the Act give them, and
// the texts must match the regulation's wording for a few spot checks.
func TestListsAgainstRegulationText(t *testing.T) {
	if NumOutcomes != 10 || NumCarerOutcomes != 8 || NumWellBeingAreas != 9 {
		t.Fatalf("list sizes %d/%d/%d, want 10/8/9", NumOutcomes, NumCarerOutcomes, NumWellBeingAreas)
	}
	checks := []struct{ got, want string }{
		{OutcomeNutrition.Paragraph(), "reg. 2(2)(a)"},
		{OutcomeChildCaring.Paragraph(), "reg. 2(2)(j)"},
		{OutcomeHomeSafely.Text(), "being able to make use of the adult's home safely"},
		{OutcomeWorkEducation.Text(), "accessing and engaging in work, training, education or volunteering"},
		{CarerOutcomeRecreation.Paragraph(), "reg. 3(2)(b)(viii)"},
		{CarerOutcomeWorkEducation.Text(), "engaging in work, training, education or volunteering"},
		{CarerOutcomeOtherCaring.Text(), "providing care to other persons for whom the carer provides care"},
		{WellBeingContribution.Text(), "the individual's contribution to society"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	seen := map[string]bool{}
	for o := range Outcome(NumOutcomes) {
		if seen["a"+o.String()] {
			t.Errorf("duplicate key %q", o)
		}
		seen["a"+o.String()] = true
	}
	for o := range CarerOutcome(NumCarerOutcomes) {
		if seen["c"+o.String()] {
			t.Errorf("duplicate key %q", o)
		}
		seen["c"+o.String()] = true
	}
}

func TestAdultReasons(t *testing.T) {
	a := adult(true, true, WellBeingOf(WellBeingDignity, WellBeingHealth), map[Outcome]Limbs{
		OutcomePersonalHygiene: LimbWithoutAssistance,
		OutcomeNutrition:       LimbPainDistressAnxiety | LimbSignificantlyLonger,
	})
	r, err := EvaluateAdult(a)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(r.Reasons(), "\n")
	for _, want := range []string{
		"meet the eligibility criteria",
		"unable to achieve two of the ten specified outcomes",
		"Unable to achieve managing and maintaining nutrition (reg. 2(2)(a)): able to achieve it without assistance but doing so causes significant pain, distress or anxiety; and able to achieve it without assistance but takes significantly longer",
		"maintaining personal hygiene (reg. 2(2)(b)): unable to achieve it without assistance.",
		"affecting personal dignity (including treatment of the individual with respect) and physical and mental health and emotional well-being.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reasons lack %q:\n%s", want, got)
		}
	}
	a.Outcomes[OutcomeNutrition] = 0
	a.SignificantImpact = false
	r, _ = EvaluateAdult(a)
	got = strings.Join(r.Reasons(), "\n")
	for _, want := range []string{
		"do not meet the eligibility criteria (SI 2015/313 reg. 2(1)): condition 2 and condition 3 do not hold.",
		"unable to achieve one of the ten specified outcomes, and two or more are needed",
		"an impact short of significant was noted on",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reasons lack %q:\n%s", want, got)
		}
	}
}

func TestCarerReasons(t *testing.T) {
	r, _ := EvaluateCarer(carer(true, true, true, WellBeingOf(WellBeingHealth), nil))
	got := strings.Join(r.Reasons(), "\n")
	if !strings.Contains(got, "no outcome needs to be unmet on this route") {
		t.Errorf("health-route reason missing:\n%s", got)
	}
	r, _ = EvaluateCarer(carer(false, false, true, WellBeingOf(WellBeingHealth), nil))
	got = strings.Join(r.Reasons(), "\n")
	if !strings.Contains(got, "condition 1 and condition 2 do not hold") {
		t.Errorf("failed-conditions reason missing:\n%s", got)
	}
}
