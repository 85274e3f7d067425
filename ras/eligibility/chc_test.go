package eligibility

import (
	"errors"
	"strings"
	"testing"
)

// wantLevels is the table of domain.md §2.3 (2022 DST descriptor tables),
// written out again by hand so the test does not read domainLevels.
var wantLevels = map[Domain][]Level{
	DomainBreathing:     {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere, LevelPriority},
	DomainNutrition:     {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere},
	DomainContinence:    {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh},
	DomainSkin:          {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere},
	DomainMobility:      {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere},
	DomainCommunication: {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh},
	DomainPsychological: {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh},
	DomainCognition:     {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere},
	DomainBehaviour:     {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere, LevelPriority},
	DomainDrugTherapies: {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelSevere, LevelPriority},
	DomainAlteredStates: {LevelNoNeeds, LevelLow, LevelModerate, LevelHigh, LevelPriority},
	DomainOther:         {LevelLow, LevelModerate, LevelHigh, LevelSevere},
}

func TestAllowedLevels(t *testing.T) {
	if len(wantLevels) != NumDomains {
		t.Fatalf("test table has %d domains", len(wantLevels))
	}
	for d, want := range wantLevels {
		var s LevelSet
		for _, l := range want {
			s |= 1 << l
		}
		if got := AllowedLevels(d); got != s {
			t.Errorf("%s: got %s, want %s", d.Title(), got, s)
		}
	}
	// Spot checks named in the issue.
	if AllowedLevels(DomainAlteredStates).Has(LevelSevere) || !AllowedLevels(DomainAlteredStates).Has(LevelModerate) {
		t.Error("Altered states of consciousness must lack Severe and have Moderate")
	}
	if AllowedLevels(DomainNutrition).Has(LevelPriority) {
		t.Error("Nutrition must have no Priority")
	}
	want := DomainSet(1<<DomainBreathing | 1<<DomainBehaviour | 1<<DomainDrugTherapies | 1<<DomainAlteredStates)
	if got := PriorityDomains(); got != want {
		t.Errorf("Priority domains: got %s, want Breathing, Behaviour, Drug therapies, ASC", got.titles())
	}
	if AllowedLevels(NumDomains) != 0 {
		t.Error("unknown domain should allow nothing")
	}
}

// baseDST is a valid DST with every domain at No needs (Other: not recorded).
func baseDST() DST {
	var d DST
	d.ID = "p1"
	for i := range d.Levels {
		d.Levels[i] = LevelNoNeeds
	}
	d.Levels[DomainOther] = LevelNotRecorded
	return d
}

// Every level a domain lacks is a validation error naming the domain and
// the level, and every level it has is accepted.
func TestEveryInvalidLevel(t *testing.T) {
	nInvalid := 0
	for d := range Domain(NumDomains) {
		allowed := map[Level]bool{}
		for _, l := range wantLevels[d] {
			allowed[l] = true
		}
		for l := range Level(NumLevels + 2) {
			dst := baseDST()
			dst.Levels[d] = l
			_, err := EvaluateDST(&dst, DSTOptions{})
			switch {
			case l == LevelNotRecorded && d == DomainOther, allowed[l]:
				if err != nil {
					t.Errorf("%s %s: unexpected error %v", d.Title(), l.Title(), err)
				}
				continue
			case l == LevelNotRecorded:
				if !errors.Is(err, ErrMissingLevel) {
					t.Errorf("%s not recorded: got %v, want ErrMissingLevel", d.Title(), err)
				}
			case l >= NumLevels:
				if !errors.Is(err, ErrUnknownLevel) {
					t.Errorf("%s level %d: got %v, want ErrUnknownLevel", d.Title(), l, err)
				}
			default:
				nInvalid++
				if !errors.Is(err, ErrLevelNotAllowed) {
					t.Errorf("%s %s: got %v, want ErrLevelNotAllowed", d.Title(), l.Title(), err)
					continue
				}
				if !strings.Contains(err.Error(), d.Title()) || !strings.Contains(err.Error(), `"`+l.Title()+`"`) {
					t.Errorf("message %q does not name domain and level", err)
				}
			}
			var le *LevelError
			if !errors.As(err, &le) || le.Domain != d || le.Level != l || le.ID != "p1" {
				t.Errorf("%s %d: error %#v is not a *LevelError for this domain and level", d.Title(), l, err)
			}
		}
	}
	// Invalid (domain, known level) pairs: Nutrition 1, Continence 2,
	// Skin 1, Mobility 1, Communication 2, Psychological 2, Cognition 1,
	// ASC 1, Other 2 (No needs, Priority) = 13.
	if nInvalid != 13 {
		t.Errorf("checked %d invalid domain-level pairs, want 13", nInvalid)
	}
}

func dstWith(levels map[Domain]Level) *DST {
	d := baseDST()
	for k, v := range levels {
		d.Levels[k] = v
	}
	return &d
}

func TestDSTIndicators(t *testing.T) {
	P, S, H, M, L := LevelPriority, LevelSevere, LevelHigh, LevelModerate, LevelLow
	tests := []struct {
		name string
		in   map[Domain]Level
		opts DSTOptions
		want Indicators
	}{
		{"all no needs", nil, DSTOptions{}, 0},
		// Clear: one Priority, in each of the four domains that carry it.
		{"priority breathing", map[Domain]Level{DomainBreathing: P}, DSTOptions{}, IndicatorPriority},
		{"priority behaviour", map[Domain]Level{DomainBehaviour: P}, DSTOptions{}, IndicatorPriority},
		{"priority drug therapies", map[Domain]Level{DomainDrugTherapies: P}, DSTOptions{}, IndicatorPriority},
		{"priority ASC", map[Domain]Level{DomainAlteredStates: P}, DSTOptions{}, IndicatorPriority},
		// Clear: two or more Severe (boundary one vs two).
		{"two severe", map[Domain]Level{DomainMobility: S, DomainCognition: S}, DSTOptions{}, IndicatorTwoSevere},
		{"three severe incl other", map[Domain]Level{DomainMobility: S, DomainSkin: S, DomainOther: S}, DSTOptions{}, IndicatorTwoSevere},
		{"one severe alone", map[Domain]Level{DomainNutrition: S}, DSTOptions{}, 0},
		// May: one Severe with needs (default: Low or above) in 2+ others.
		{"one severe, one other low", map[Domain]Level{DomainNutrition: S, DomainSkin: L}, DSTOptions{}, 0},
		{"one severe, two others low", map[Domain]Level{DomainNutrition: S, DomainSkin: L, DomainContinence: L}, DSTOptions{}, IndicatorSevereWithOthers},
		{"one severe, other recorded low", map[Domain]Level{DomainNutrition: S, DomainOther: L, DomainSkin: L}, DSTOptions{}, IndicatorSevereWithOthers},
		{"one severe, two low, min level moderate", map[Domain]Level{DomainNutrition: S, DomainSkin: L, DomainContinence: L}, DSTOptions{SevereOthersMinLevel: M}, 0},
		{"one severe, two moderate, min level moderate", map[Domain]Level{DomainNutrition: S, DomainSkin: M, DomainContinence: M}, DSTOptions{SevereOthersMinLevel: M}, IndicatorSevereWithOthers | IndicatorHighModerate},
		{"one severe, three low, min 4", map[Domain]Level{DomainNutrition: S, DomainSkin: L, DomainContinence: L, DomainMobility: L}, DSTOptions{SevereOthersMinDomains: 4}, 0},
		{"one severe, four low, min 4", map[Domain]Level{DomainNutrition: S, DomainSkin: L, DomainContinence: L, DomainMobility: L, DomainBreathing: L}, DSTOptions{SevereOthersMinDomains: 4}, IndicatorSevereWithOthers},
		// May: a number (default 2) of domains at High and/or Moderate.
		{"one high", map[Domain]Level{DomainBehaviour: H}, DSTOptions{}, 0},
		{"one high one moderate", map[Domain]Level{DomainBehaviour: H, DomainCognition: M}, DSTOptions{}, IndicatorHighModerate},
		{"two moderate", map[Domain]Level{DomainBehaviour: M, DomainCognition: M}, DSTOptions{}, IndicatorHighModerate},
		{"three high, threshold 4", map[Domain]Level{DomainBehaviour: H, DomainCognition: H, DomainMobility: H}, DSTOptions{HighModerateMinDomains: 4}, 0},
		{"four high/moderate, threshold 4", map[Domain]Level{DomainBehaviour: H, DomainCognition: H, DomainMobility: M, DomainContinence: M}, DSTOptions{HighModerateMinDomains: 4}, IndicatorHighModerate},
		// Clear and may together; several flags.
		{"priority and two severe", map[Domain]Level{DomainBreathing: P, DomainSkin: S, DomainNutrition: S}, DSTOptions{}, IndicatorPriority | IndicatorTwoSevere},
		{"priority and high/moderate", map[Domain]Level{DomainAlteredStates: P, DomainSkin: H, DomainNutrition: M}, DSTOptions{}, IndicatorPriority | IndicatorHighModerate},
		{"two severe do not give severe-with-others", map[Domain]Level{DomainSkin: S, DomainNutrition: S, DomainMobility: L, DomainContinence: L}, DSTOptions{}, IndicatorTwoSevere},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := EvaluateDST(dstWith(tc.in), tc.opts)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if r.Indicators != tc.want {
				t.Errorf("got %v, want %v", r.Indicators, tc.want)
			}
			if r.Clear() != (tc.want&ClearIndicators != 0) || r.ForJudgement() != (tc.want&JudgementIndicators != 0) {
				t.Errorf("Clear/ForJudgement disagree with %v", tc.want)
			}
			total := 0
			for l := range Level(NumLevels) {
				total += r.Count(l)
			}
			if total != NumDomains {
				t.Errorf("level counts sum to %d, want 12", total)
			}
		})
	}
}

func TestDSTOptionsValidate(t *testing.T) {
	bad := []DSTOptions{
		{SevereOthersMinLevel: LevelNoNeeds},
		{SevereOthersMinLevel: LevelSevere},
		{SevereOthersMinLevel: 200},
		{SevereOthersMinDomains: -1},
		{SevereOthersMinDomains: 12},
		{HighModerateMinDomains: -1},
		{HighModerateMinDomains: 13},
	}
	for _, o := range bad {
		if err := o.Validate(); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: got %v, want ErrInvalidOptions", o, err)
		}
		d := baseDST()
		if _, err := EvaluateDST(&d, o); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("EvaluateDST %+v: got %v, want ErrInvalidOptions", o, err)
		}
	}
	good := []DSTOptions{{}, {SevereOthersMinLevel: LevelLow}, {SevereOthersMinLevel: LevelHigh, SevereOthersMinDomains: 11, HighModerateMinDomains: 12}}
	for _, o := range good {
		if err := o.Validate(); err != nil {
			t.Errorf("%+v: unexpected %v", o, err)
		}
	}
}

func checklistWith(scores map[Domain]Score) *Checklist {
	c := &Checklist{ID: "k1"}
	for i := range c.Scores {
		c.Scores[i] = ScoreC
	}
	for d, s := range scores {
		c.Scores[d] = s
	}
	return c
}

func TestChecklistThresholds(t *testing.T) {
	A, B := ScoreA, ScoreB
	// Domains without an asterisk, for counting tests.
	n := []Domain{DomainNutrition, DomainContinence, DomainSkin, DomainMobility, DomainCommunication, DomainPsychological, DomainCognition}
	tests := []struct {
		name string
		in   map[Domain]Score
		want ChecklistFlags
	}{
		{"all C", nil, 0},
		// Two or more A (boundary one vs two).
		{"one A", map[Domain]Score{n[0]: A}, 0},
		{"two A", map[Domain]Score{n[0]: A, n[1]: A}, ChecklistTwoA},
		// Five or more B (boundary four vs five).
		{"four B", map[Domain]Score{n[0]: B, n[1]: B, n[2]: B, n[3]: B}, 0},
		{"five B", map[Domain]Score{n[0]: B, n[1]: B, n[2]: B, n[3]: B, n[4]: B}, ChecklistFiveB},
		// One A with four B (boundary three vs four B).
		{"one A three B", map[Domain]Score{n[0]: A, n[1]: B, n[2]: B, n[3]: B}, 0},
		{"one A four B", map[Domain]Score{n[0]: A, n[1]: B, n[2]: B, n[3]: B, n[4]: B}, ChecklistOneAFourB},
		{"two A four B", map[Domain]Score{n[0]: A, n[5]: A, n[1]: B, n[2]: B, n[3]: B, n[4]: B}, ChecklistTwoA | ChecklistOneAFourB},
		{"one A five B", map[Domain]Score{n[0]: A, n[1]: B, n[2]: B, n[3]: B, n[4]: B, n[5]: B}, ChecklistFiveB | ChecklistOneAFourB},
		// Any A in an asterisked domain, with everything else C.
		{"A breathing", map[Domain]Score{DomainBreathing: A}, ChecklistAPriority},
		{"A behaviour", map[Domain]Score{DomainBehaviour: A}, ChecklistAPriority},
		{"A drug therapies", map[Domain]Score{DomainDrugTherapies: A}, ChecklistAPriority},
		{"A altered states", map[Domain]Score{DomainAlteredStates: A}, ChecklistAPriority},
		{"B in asterisked domain is not enough", map[Domain]Score{DomainBreathing: B, DomainBehaviour: B}, 0},
		{"A breathing and A nutrition", map[Domain]Score{DomainBreathing: A, DomainNutrition: A}, ChecklistTwoA | ChecklistAPriority},
		{"all A", map[Domain]Score{0: A, 1: A, 2: A, 3: A, 4: A, 5: A, 6: A, 7: A, 8: A, 9: A, 10: A}, ChecklistTwoA | ChecklistAPriority},
		{"all B", map[Domain]Score{0: B, 1: B, 2: B, 3: B, 4: B, 5: B, 6: B, 7: B, 8: B, 9: B, 10: B}, ChecklistFiveB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := EvaluateChecklist(checklistWith(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Flags != tc.want {
				t.Errorf("got %v, want %v", r.Flags, tc.want)
			}
			if r.FullAssessment() != (tc.want != 0) {
				t.Errorf("FullAssessment %v, want %v", r.FullAssessment(), tc.want != 0)
			}
			if int(r.A)+int(r.B)+int(r.C) != NumChecklistDomains {
				t.Errorf("A+B+C = %d, want 11", int(r.A)+int(r.B)+int(r.C))
			}
		})
	}
}

func TestChecklistInvalid(t *testing.T) {
	c := checklistWith(map[Domain]Score{DomainSkin: ScoreNotRecorded})
	_, err := EvaluateChecklist(c)
	var fe *FieldError
	if !errors.Is(err, ErrMissingScore) || !errors.As(err, &fe) || fe.Field != "scores.skin" {
		t.Errorf("missing score: got %v", err)
	}
	c = checklistWith(map[Domain]Score{DomainCognition: 9})
	if _, err := EvaluateChecklist(c); !errors.Is(err, ErrInvalidScore) {
		t.Errorf("invalid score: got %v", err)
	}
}

func TestDSTReasons(t *testing.T) {
	r, _ := EvaluateDST(dstWith(map[Domain]Level{DomainBreathing: LevelPriority, DomainSkin: LevelSevere, DomainMobility: LevelSevere}), DSTOptions{})
	got := strings.Join(r.Reasons(), "\n")
	for _, want := range []string{
		"Clear indicator: Priority needs in Breathing",
		"Severe needs in two domains (Skin (including tissue viability) and Mobility)",
		"they are not a decision",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reasons lack %q:\n%s", want, got)
		}
	}
	r, _ = EvaluateDST(dstWith(map[Domain]Level{DomainCognition: LevelSevere, DomainSkin: LevelLow, DomainMobility: LevelHigh}), DSTOptions{})
	got = strings.Join(r.Reasons(), "\n")
	if !strings.Contains(got, "one domain Severe (Cognition) together with needs at Low or above in two other domains (threshold 2)") {
		t.Errorf("severe-with-others reason missing:\n%s", got)
	}
	r, _ = EvaluateDST(dstWith(nil), DSTOptions{})
	if got := strings.Join(r.Reasons(), "\n"); !strings.Contains(got, "No DST indicator applies") {
		t.Errorf("no-indicator reason missing:\n%s", got)
	}
}

func TestChecklistReasons(t *testing.T) {
	r, _ := EvaluateChecklist(checklistWith(map[Domain]Score{DomainAlteredStates: ScoreA}))
	got := strings.Join(r.Reasons(), "\n")
	for _, want := range []string{"one A, no B, ten C", "asterisked domain (Altered states of consciousness)", "not a decision"} {
		if !strings.Contains(got, want) {
			t.Errorf("reasons lack %q:\n%s", want, got)
		}
	}
}
