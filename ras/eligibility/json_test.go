package eligibility

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestDecodeAdult(t *testing.T) {
	in := `{"id":"A-1","impairment_or_illness":true,
	 "outcomes":{"nutrition":["without_assistance"],"personal_hygiene":["pain_distress_anxiety","significantly_longer"]},
	 "well_being":["personal_dignity","health"],"significant_impact":true}`
	a, err := DecodeAdult(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := AdultAssessment{ID: "A-1", ImpairmentOrIllness: true, WellBeing: WellBeingOf(WellBeingDignity, WellBeingHealth), SignificantImpact: true}
	want.Outcomes[OutcomeNutrition] = LimbWithoutAssistance
	want.Outcomes[OutcomePersonalHygiene] = LimbPainDistressAnxiety | LimbSignificantlyLonger
	if a != want {
		t.Fatalf("got %+v, want %+v", a, want)
	}
	// Round trip.
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeAdult(strings.NewReader(string(b)))
	if err != nil || back != a {
		t.Fatalf("round trip: %s -> %+v, %v", b, back, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		dec  func(string) error
		in   string
		want error // nil: any error
	}{
		{"adult unknown field", adultDec, `{"id":"x","colour":"red"}`, nil},
		{"adult unknown outcome", adultDec, `{"outcomes":{"flying":["without_assistance"]}}`, ErrUnknownName},
		{"adult unknown limb", adultDec, `{"outcomes":{"nutrition":["slowly"]}}`, ErrUnknownName},
		{"adult repeated outcome", adultDec, `{"outcomes":{"nutrition":["without_assistance"],"nutrition":[]}}`, ErrRepeatedKey},
		{"adult unknown area", adultDec, `{"well_being":["happiness"]}`, ErrUnknownName},
		{"adult impact without area", adultDec, `{"significant_impact":true}`, ErrImpactWithoutArea},
		{"adult trailing data", adultDec, `{} {}`, nil},
		{"adult outcomes not an object", adultDec, `{"outcomes":[1,2]}`, nil},
		{"carer significantly longer", carerDec, `{"outcomes":{"recreation":["significantly_longer"]}}`, ErrCarerSignificantlyLonger},
		{"carer adult-only outcome", carerDec, `{"outcomes":{"personal_hygiene":["without_assistance"]}}`, ErrUnknownName},
		{"dst level not allowed", dstDec, allDST(`"nutrition":"priority"`), ErrLevelNotAllowed},
		{"dst ASC severe", dstDec, allDST(`"altered_states_of_consciousness":"severe"`), ErrLevelNotAllowed},
		{"dst missing domain", dstDec, `{"levels":{"breathing":"low"}}`, ErrMissingLevel},
		{"dst unknown domain", dstDec, `{"levels":{"happiness":"low"}}`, ErrUnknownName},
		{"dst unknown level", dstDec, `{"levels":{"breathing":"extreme"}}`, ErrUnknownName},
		{"checklist other domain", checklistDec, `{"scores":{"other_significant_care_needs":"A"}}`, ErrUnknownName},
		{"checklist bad score", checklistDec, `{"scores":{"breathing":"D"}}`, ErrUnknownName},
		{"checklist missing", checklistDec, `{"scores":{"breathing":"A"}}`, ErrMissingScore},
		{"options bad level", optsDec, `{"severe_others_min_level":"severe"}`, ErrInvalidOptions},
		{"options unknown field", optsDec, `{"severe_threshold":3}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.dec(tc.in)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "eligibility: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
}

func adultDec(s string) error     { _, err := DecodeAdult(strings.NewReader(s)); return err }
func carerDec(s string) error     { _, err := DecodeCarer(strings.NewReader(s)); return err }
func dstDec(s string) error       { _, err := DecodeDST(strings.NewReader(s)); return err }
func checklistDec(s string) error { _, err := DecodeChecklist(strings.NewReader(s)); return err }
func optsDec(s string) error      { _, err := DecodeDSTOptions(strings.NewReader(s)); return err }

// allDST returns a DST with every domain at no_needs except the override.
func allDST(override string) string {
	var parts []string
	key := strings.SplitN(override, ":", 2)[0]
	for d := range Domain(NumDomains - 1) {
		if `"`+d.String()+`"` != key {
			parts = append(parts, `"`+d.String()+`":"no_needs"`)
		}
	}
	parts = append(parts, override)
	return `{"id":"P","levels":{` + strings.Join(parts, ",") + `}}`
}

func TestDecodeDSTAndChecklistRoundTrip(t *testing.T) {
	d, err := DecodeDST(strings.NewReader(allDST(`"behaviour":"priority"`)))
	if err != nil {
		t.Fatal(err)
	}
	if d.Levels[DomainBehaviour] != LevelPriority || d.Levels[DomainOther] != LevelNotRecorded || d.Levels[DomainBreathing] != LevelNoNeeds {
		t.Fatalf("decoded %+v", d)
	}
	b, _ := json.Marshal(d)
	back, err := DecodeDST(strings.NewReader(string(b)))
	if err != nil || back != d {
		t.Fatalf("round trip %s: %+v %v", b, back, err)
	}
	c := *checklistWith(map[Domain]Score{DomainBreathing: ScoreA, DomainSkin: ScoreB})
	b, _ = json.Marshal(c)
	cb, err := DecodeChecklist(strings.NewReader(string(b)))
	if err != nil || cb != c {
		t.Fatalf("checklist round trip %s: %+v %v", b, cb, err)
	}
	cr := CarerAssessment{ID: "c", NecessaryCare: true, HealthDeteriorating: true, WellBeing: 3, SignificantImpact: true}
	cr.Outcomes[CarerOutcomeRecreation] = CarerLimbs
	b, _ = json.Marshal(cr)
	crb, err := DecodeCarer(strings.NewReader(string(b)))
	if err != nil || crb != cr {
		t.Fatalf("carer round trip %s: %+v %v", b, crb, err)
	}
}
