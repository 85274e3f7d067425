package eligibility

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

var sentinels = []error{ErrInvalidLimb, ErrCarerSignificantlyLonger, ErrInvalidWellBeing, ErrImpactWithoutArea,
	ErrUnknownLevel, ErrLevelNotAllowed, ErrMissingLevel, ErrInvalidScore, ErrMissingScore, ErrUnknownName, ErrInvalidOptions,
	ErrRepeatedKey, ErrInvalidText}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzDecode feeds arbitrary bytes to every JSON decoder. Decoding must
// never panic; whatever decodes must evaluate without error and survive a
// marshal/decode round trip unchanged.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"id":"A-1","impairment_or_illness":true,"outcomes":{"nutrition":["without_assistance"],"personal_hygiene":["significantly_longer"]},"well_being":["health"],"significant_impact":true}`,
		`{"necessary_care":true,"health_deteriorating":true,"outcomes":{"recreation":["pain_distress_anxiety"]},"well_being":["control"],"significant_impact":true}`,
		allDST(`"breathing":"priority"`),
		allDST(`"altered_states_of_consciousness":"severe"`),
		`{"scores":{"breathing":"A","nutrition":"B","continence":"C","skin":"C","mobility":"C","communication":"C","psychological_emotional":"C","cognition":"C","behaviour":"C","drug_therapies":"C","altered_states_of_consciousness":"C"}}`,
		`{"severe_others_min_level":"moderate","severe_others_min_domains":3}`,
		`{"outcomes":{"nutrition":["x"],"nutrition":[]}}`, `null`, `{}`, `[`, `{"outcomes":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if a, err := DecodeAdult(bytes.NewReader(b)); err == nil {
			if _, err := EvaluateAdult(&a); err != nil {
				t.Fatalf("decoded adult does not evaluate: %v", err)
			}
			enc, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			if back, err := DecodeAdult(bytes.NewReader(enc)); err != nil || back != a {
				t.Fatalf("adult round trip: %s: %+v %v", enc, back, err)
			}
		}
		if c, err := DecodeCarer(bytes.NewReader(b)); err == nil {
			if _, err := EvaluateCarer(&c); err != nil {
				t.Fatalf("decoded carer does not evaluate: %v", err)
			}
			enc, _ := json.Marshal(c)
			if back, err := DecodeCarer(bytes.NewReader(enc)); err != nil || back != c {
				t.Fatalf("carer round trip: %s: %+v %v", enc, back, err)
			}
		}
		if d, err := DecodeDST(bytes.NewReader(b)); err == nil {
			if _, err := EvaluateDST(&d, DSTOptions{}); err != nil {
				t.Fatalf("decoded DST does not evaluate: %v", err)
			}
			enc, _ := json.Marshal(d)
			if back, err := DecodeDST(bytes.NewReader(enc)); err != nil || back != d {
				t.Fatalf("DST round trip: %s: %+v %v", enc, back, err)
			}
		}
		if c, err := DecodeChecklist(bytes.NewReader(b)); err == nil {
			if _, err := EvaluateChecklist(&c); err != nil {
				t.Fatalf("decoded Checklist does not evaluate: %v", err)
			}
			enc, _ := json.Marshal(c)
			if back, err := DecodeChecklist(bytes.NewReader(enc)); err != nil || back != c {
				t.Fatalf("Checklist round trip: %s: %+v %v", enc, back, err)
			}
		}
		if o, err := DecodeDSTOptions(bytes.NewReader(b)); err == nil {
			if err := o.Validate(); err != nil {
				t.Fatalf("decoded options do not validate: %v", err)
			}
		}
	})
}

// FuzzRules builds rule inputs from raw bytes (any bit pattern, valid or
// not) and checks the evaluation against the rule text, recomputed here
// by plain loops: errors only for undefined bits, and Met exactly when the
// three conditions hold.
func FuzzRules(f *testing.F) {
	f.Add([]byte{1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1}, uint8(0))
	f.Add(bytes.Repeat([]byte{0xff}, 40), uint8(3))
	f.Add(make([]byte, 40), uint8(1))
	f.Add([]byte{8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 1, 6, 6, 6, 5, 5, 5, 5, 4, 4, 4, 4}, uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, sel uint8) {
		get := func(i int) byte {
			if i < len(b) {
				return b[i]
			}
			return 0
		}
		// Adult.
		var a AdultAssessment
		for o := range a.Outcomes {
			a.Outcomes[o] = Limbs(get(o))
		}
		a.WellBeing = WellBeingSet(uint16(get(10)) | uint16(get(11))<<8)
		a.ImpairmentOrIllness, a.SignificantImpact = get(12)&1 != 0, get(12)&2 != 0
		ra, err := EvaluateAdult(&a)
		validA := a.WellBeing < 1<<9 && !(a.SignificantImpact && a.WellBeing == 0)
		unmet := 0
		for _, l := range a.Outcomes {
			if l > 15 {
				validA = false
			}
			if l != 0 {
				unmet++
			}
		}
		if (err == nil) != validA || (err != nil && !isSentinel(err)) {
			t.Fatalf("adult %+v: err %v, valid %v", a, err, validA)
		}
		if err == nil && ra.Met != (a.ImpairmentOrIllness && unmet >= 2 && a.SignificantImpact) {
			t.Fatalf("adult %+v: met %v", a, ra.Met)
		}
		if err == nil {
			_ = ra.Reasons()
		}
		// Carer.
		var c CarerAssessment
		for o := range c.Outcomes {
			c.Outcomes[o] = Limbs(get(13 + o))
		}
		c.WellBeing = WellBeingSet(uint16(get(21)) | uint16(get(22))<<8)
		c.NecessaryCare, c.HealthDeteriorating, c.SignificantImpact = get(23)&1 != 0, get(23)&2 != 0, get(23)&4 != 0
		rc, err := EvaluateCarer(&c)
		validC := c.WellBeing < 1<<9 && !(c.SignificantImpact && c.WellBeing == 0)
		unmet, longer, undefined := 0, false, false
		for _, l := range c.Outcomes {
			if l > 7 {
				validC = false
			}
			if l > 15 {
				undefined = true
			}
			if l&8 != 0 {
				longer = true
			}
			if l != 0 {
				unmet++
			}
		}
		if (err == nil) != validC || (err != nil && !isSentinel(err)) {
			t.Fatalf("carer %+v: err %v, valid %v", c, err, validC)
		}
		if longer && !undefined && !errors.Is(err, ErrCarerSignificantlyLonger) {
			t.Fatalf("carer %+v with significantly-longer limb: err %v", c, err)
		}
		if err == nil && rc.Met != (c.NecessaryCare && (c.HealthDeteriorating || unmet >= 1) && c.SignificantImpact) {
			t.Fatalf("carer %+v: met %v", c, rc.Met)
		}
		if err == nil {
			_ = rc.Reasons()
		}
		// DST.
		var d DST
		for i := range d.Levels {
			d.Levels[i] = Level(get(24+i) % 9)
		}
		opts := DSTOptions{SevereOthersMinLevel: Level(sel % 5), SevereOthersMinDomains: int(sel>>3) % 13, HighModerateMinDomains: int(sel>>4) % 14}
		rd, err := EvaluateDST(&d, opts)
		if err != nil && !isSentinel(err) {
			t.Fatalf("DST %+v: error %v wraps no sentinel", d, err)
		}
		if err == nil {
			prio, sev := 0, 0
			for _, l := range d.Levels {
				switch l {
				case LevelPriority:
					prio++
				case LevelSevere:
					sev++
				}
			}
			if rd.Indicators.Has(IndicatorPriority) != (prio > 0) || rd.Indicators.Has(IndicatorTwoSevere) != (sev >= 2) {
				t.Fatalf("DST %+v: indicators %v", d, rd.Indicators)
			}
			if rd.Indicators.Has(IndicatorSevereWithOthers) && sev != 1 {
				t.Fatalf("DST %+v: severe-with-others with %d severe", d, sev)
			}
			_ = rd.Reasons()
		}
		// Checklist.
		var k Checklist
		for i := range k.Scores {
			k.Scores[i] = Score(get(36+i) % 5)
		}
		rk, err := EvaluateChecklist(&k)
		if err != nil && !isSentinel(err) {
			t.Fatalf("Checklist %+v: error %v wraps no sentinel", k, err)
		}
		if err == nil {
			nA, nB, aStar := 0, 0, false
			for dom, s := range k.Scores {
				if s == ScoreA {
					nA++
					switch Domain(dom) {
					case DomainBreathing, DomainBehaviour, DomainDrugTherapies, DomainAlteredStates:
						aStar = true
					}
				}
				if s == ScoreB {
					nB++
				}
			}
			want := nA >= 2 || nB >= 5 || (nA >= 1 && nB >= 4) || aStar
			if rk.FullAssessment() != want {
				t.Fatalf("Checklist %+v: full assessment %v, want %v", k, rk.FullAssessment(), want)
			}
			_ = rk.Reasons()
		}
	})
}
