package eligibility

import (
	"math/bits"
	"strconv"
	"strings"
)

// Outcome is one of the ten outcomes specified for adults in regulation
// 2(2)(a)–(j) of the Care and Support (Eligibility Criteria) Regulations
// 2015 (SI 2015/313). The values run from 0 to NumOutcomes-1 in the order of
// the regulation and index AdultAssessment.Outcomes.
type Outcome uint8

// The ten adult outcomes, in the order of reg. 2(2).
const (
	OutcomeNutrition         Outcome = iota // reg. 2(2)(a)
	OutcomePersonalHygiene                  // reg. 2(2)(b)
	OutcomeToiletNeeds                      // reg. 2(2)(c)
	OutcomeClothed                          // reg. 2(2)(d)
	OutcomeHomeSafely                       // reg. 2(2)(e)
	OutcomeHabitableHome                    // reg. 2(2)(f)
	OutcomeRelationships                    // reg. 2(2)(g)
	OutcomeWorkEducation                    // reg. 2(2)(h)
	OutcomeCommunityServices                // reg. 2(2)(i)
	OutcomeChildCaring                      // reg. 2(2)(j)
	NumOutcomes              = 10
)

// AdultOutcomesRequired is the number of outcomes an adult must be unable
// to achieve: "two or more" (reg. 2(1)(b)).
const AdultOutcomesRequired = 2

var outcomeKeys = [NumOutcomes]string{
	"nutrition",
	"personal_hygiene",
	"toilet_needs",
	"appropriately_clothed",
	"home_safely",
	"habitable_home",
	"relationships",
	"work_education_volunteering",
	"community_facilities",
	"caring_for_child",
}

var outcomeTexts = [NumOutcomes]string{
	"managing and maintaining nutrition",
	"maintaining personal hygiene",
	"managing toilet needs",
	"being appropriately clothed",
	"being able to make use of the adult's home safely",
	"maintaining a habitable home environment",
	"developing and maintaining family or other personal relationships",
	"accessing and engaging in work, training, education or volunteering",
	"making use of necessary facilities or services in the local community including public transport, and recreational facilities or services",
	"carrying out any caring responsibilities the adult has for a child",
}

// String returns the outcome's snake_case key (used in JSON), for example
// "personal_hygiene". Out-of-range values give "outcome(N)".
func (o Outcome) String() string {
	if o < NumOutcomes {
		return outcomeKeys[o]
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// Text returns the outcome in the words of reg. 2(2).
func (o Outcome) Text() string {
	if o < NumOutcomes {
		return outcomeTexts[o]
	}
	return o.String()
}

// Paragraph returns the regulation reference, for example "reg. 2(2)(b)".
func (o Outcome) Paragraph() string {
	if o < NumOutcomes {
		return "reg. 2(2)(" + string(rune('a'+o)) + ")"
	}
	return o.String()
}

// CarerOutcome is one of the eight outcomes specified for carers in
// regulation 3(2)(b)(i)–(viii). Values run from 0 to NumCarerOutcomes-1 and
// index CarerAssessment.Outcomes.
type CarerOutcome uint8

// The eight carer outcomes, in the order of reg. 3(2)(b).
const (
	CarerOutcomeChildCaring       CarerOutcome = iota // reg. 3(2)(b)(i)
	CarerOutcomeOtherCaring                           // reg. 3(2)(b)(ii)
	CarerOutcomeHabitableHome                         // reg. 3(2)(b)(iii)
	CarerOutcomeNutrition                             // reg. 3(2)(b)(iv)
	CarerOutcomeRelationships                         // reg. 3(2)(b)(v)
	CarerOutcomeWorkEducation                         // reg. 3(2)(b)(vi)
	CarerOutcomeCommunityServices                     // reg. 3(2)(b)(vii)
	CarerOutcomeRecreation                            // reg. 3(2)(b)(viii)
	NumCarerOutcomes              = 8
)

// CarerOutcomesRequired is the number of outcomes a carer must be unable to
// achieve when the health route does not apply: "any of" (reg. 3(2)(b)).
const CarerOutcomesRequired = 1

var carerOutcomeKeys = [NumCarerOutcomes]string{
	"caring_for_child",
	"caring_for_others",
	"habitable_home",
	"nutrition",
	"relationships",
	"work_education_volunteering",
	"community_facilities",
	"recreation",
}

var carerOutcomeTexts = [NumCarerOutcomes]string{
	"carrying out any caring responsibilities the carer has for a child",
	"providing care to other persons for whom the carer provides care",
	"maintaining a habitable home environment in the carer's home (whether or not this is also the home of the adult needing care)",
	"managing and maintaining nutrition",
	"developing and maintaining family or other personal relationships",
	"engaging in work, training, education or volunteering",
	"making use of necessary facilities or services in the local community, including recreational facilities or services",
	"engaging in recreational activities",
}

var romans = [NumCarerOutcomes]string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii"}

// String returns the carer outcome's snake_case key (used in JSON).
func (o CarerOutcome) String() string {
	if o < NumCarerOutcomes {
		return carerOutcomeKeys[o]
	}
	return "carer_outcome(" + strconv.Itoa(int(o)) + ")"
}

// Text returns the outcome in the words of reg. 3(2)(b).
func (o CarerOutcome) Text() string {
	if o < NumCarerOutcomes {
		return carerOutcomeTexts[o]
	}
	return o.String()
}

// Paragraph returns the regulation reference, for example "reg. 3(2)(b)(iv)".
func (o CarerOutcome) Paragraph() string {
	if o < NumCarerOutcomes {
		return "reg. 3(2)(b)(" + romans[o] + ")"
	}
	return o.String()
}

// Limbs is a bitset of the ways in which a person is "unable to achieve" an
// outcome (reg. 2(3) for adults, reg. 3(3) for carers). The zero value means
// the outcome can be achieved. Carers have only the first three limbs.
type Limbs uint8

// The limbs of "unable to achieve".
const (
	// LimbWithoutAssistance: unable to achieve it without assistance
	// (reg. 2(3)(a), 3(3)(a)). The statutory guidance (para. 6.107) reads
	// this as including where the person needs prompting.
	LimbWithoutAssistance Limbs = 1 << iota
	// LimbPainDistressAnxiety: able without assistance, but doing so causes
	// significant pain, distress or anxiety (reg. 2(3)(b), 3(3)(b)).
	LimbPainDistressAnxiety
	// LimbEndangersHealthSafety: able without assistance, but doing so
	// endangers or is likely to endanger the health or safety of the person
	// or of others (reg. 2(3)(c), 3(3)(c)).
	LimbEndangersHealthSafety
	// LimbSignificantlyLonger: able without assistance, but takes
	// significantly longer than would normally be expected (reg. 2(3)(d)).
	// Adults only: giving it for a carer is an error
	// (ErrCarerSignificantlyLonger).
	LimbSignificantlyLonger

	// AdultLimbs is the set of limbs defined for adults.
	AdultLimbs = LimbWithoutAssistance | LimbPainDistressAnxiety | LimbEndangersHealthSafety | LimbSignificantlyLonger
	// CarerLimbs is the set of limbs defined for carers.
	CarerLimbs = LimbWithoutAssistance | LimbPainDistressAnxiety | LimbEndangersHealthSafety
)

var limbKeys = [4]string{"without_assistance", "pain_distress_anxiety", "endangers_health_safety", "significantly_longer"}
var limbTexts = [4]string{
	"unable to achieve it without assistance",
	"able to achieve it without assistance but doing so causes significant pain, distress or anxiety",
	"able to achieve it without assistance but doing so endangers or is likely to endanger the health or safety of the person or of others",
	"able to achieve it without assistance but takes significantly longer than would normally be expected",
}

// Has reports whether every limb in m is in l.
func (l Limbs) Has(m Limbs) bool { return l&m == m }

// Count returns the number of limbs in l.
func (l Limbs) Count() int { return bits.OnesCount8(uint8(l)) }

// String lists the keys of the limbs in l joined by "|", or "none".
func (l Limbs) String() string {
	if l == 0 {
		return "none"
	}
	var parts []string
	for i := range 8 {
		if l&(1<<i) == 0 {
			continue
		}
		if i < len(limbKeys) {
			parts = append(parts, limbKeys[i])
		} else {
			parts = append(parts, "limb("+strconv.Itoa(i)+")")
		}
	}
	return strings.Join(parts, "|")
}

// texts returns the plain-English description of each limb in l.
func (l Limbs) texts() []string {
	var out []string
	for i := range limbTexts {
		if l&(1<<i) != 0 {
			out = append(out, limbTexts[i])
		}
	}
	return out
}

// WellBeingArea is one of the nine areas of well-being in section 1(2)(a)–(i)
// of the Care Act 2014, used by the "significant impact on well-being"
// condition (reg. 2(1)(c), 3(1)(c)).
type WellBeingArea uint8

// The nine well-being areas, in the order of Care Act 2014 s.1(2).
const (
	WellBeingDignity        WellBeingArea = iota // s.1(2)(a)
	WellBeingHealth                              // s.1(2)(b)
	WellBeingProtection                          // s.1(2)(c)
	WellBeingControl                             // s.1(2)(d)
	WellBeingParticipation                       // s.1(2)(e)
	WellBeingSocialEconomic                      // s.1(2)(f)
	WellBeingRelationships                       // s.1(2)(g)
	WellBeingAccommodation                       // s.1(2)(h)
	WellBeingContribution                        // s.1(2)(i)
	NumWellBeingAreas       = 9
)

var wellBeingKeys = [NumWellBeingAreas]string{
	"personal_dignity",
	"health",
	"protection_from_abuse",
	"control",
	"participation",
	"social_economic",
	"relationships",
	"accommodation",
	"contribution_to_society",
}

var wellBeingTexts = [NumWellBeingAreas]string{
	"personal dignity (including treatment of the individual with respect)",
	"physical and mental health and emotional well-being",
	"protection from abuse and neglect",
	"control by the individual over day-to-day life (including over care and support, or support, provided and the way it is provided)",
	"participation in work, education, training or recreation",
	"social and economic well-being",
	"domestic, family and personal relationships",
	"suitability of living accommodation",
	"the individual's contribution to society",
}

// String returns the area's snake_case key (used in JSON).
func (w WellBeingArea) String() string {
	if w < NumWellBeingAreas {
		return wellBeingKeys[w]
	}
	return "well_being(" + strconv.Itoa(int(w)) + ")"
}

// Text returns the area in the words of Care Act 2014 s.1(2).
func (w WellBeingArea) Text() string {
	if w < NumWellBeingAreas {
		return wellBeingTexts[w]
	}
	return w.String()
}

// WellBeingSet is a bitset of well-being areas: bit i is WellBeingArea(i).
type WellBeingSet uint16

// allWellBeing has the nine defined bits.
const allWellBeing WellBeingSet = 1<<NumWellBeingAreas - 1

// WellBeingOf returns the set holding the given areas.
func WellBeingOf(areas ...WellBeingArea) WellBeingSet {
	var s WellBeingSet
	for _, a := range areas {
		s |= 1 << a
	}
	return s
}

// Has reports whether a is in s.
func (s WellBeingSet) Has(a WellBeingArea) bool { return a < 16 && s&(1<<a) != 0 }

// Count returns the number of areas in s.
func (s WellBeingSet) Count() int { return bits.OnesCount16(uint16(s)) }

// Areas returns the areas in s in the order of s.1(2).
func (s WellBeingSet) Areas() []WellBeingArea {
	var out []WellBeingArea
	for a := range WellBeingArea(NumWellBeingAreas) {
		if s.Has(a) {
			out = append(out, a)
		}
	}
	return out
}

// Condition is one of the three conditions that must all hold (reg. 2(1)
// for adults, reg. 3(1) for carers).
type Condition uint8

// The three conditions, as bits of a Conditions set.
const (
	// ConditionNeedsArise: adults, the needs arise from or are related to a
	// physical or mental impairment or illness (reg. 2(1)(a)); carers, the
	// needs arise as a consequence of providing necessary care for an adult
	// (reg. 3(1)(a)).
	ConditionNeedsArise Condition = 1 << iota
	// ConditionEffect: adults, unable to achieve two or more outcomes
	// (reg. 2(1)(b)); carers, the carer's health is, or is at risk of,
	// deteriorating, or the carer is unable to achieve any of the outcomes
	// (reg. 3(1)(b), 3(2)).
	ConditionEffect
	// ConditionSignificantImpact: as a consequence there is, or is likely to
	// be, a significant impact on well-being (reg. 2(1)(c), 3(1)(c)).
	ConditionSignificantImpact
)

// Conditions is a bitset of Condition values.
type Conditions uint8

// Has reports whether c is in s.
func (s Conditions) Has(c Condition) bool { return s&Conditions(c) != 0 }

// String lists the failed conditions by key, or "none".
func (s Conditions) String() string {
	if s == 0 {
		return "none"
	}
	var parts []string
	if s.Has(ConditionNeedsArise) {
		parts = append(parts, "needs_arise")
	}
	if s.Has(ConditionEffect) {
		parts = append(parts, "effect")
	}
	if s.Has(ConditionSignificantImpact) {
		parts = append(parts, "significant_impact")
	}
	return strings.Join(parts, "|")
}

// OutcomeSet is a bitset of outcomes: bit i is Outcome(i) for adults or
// CarerOutcome(i) for carers.
type OutcomeSet uint16

// Has reports whether outcome index i is in s.
func (s OutcomeSet) Has(i int) bool { return i >= 0 && i < 16 && s&(1<<i) != 0 }

// Count returns the number of outcomes in s.
func (s OutcomeSet) Count() int { return bits.OnesCount16(uint16(s)) }

// AdultAssessment is the input for the adult eligibility rule (reg. 2). It
// records the assessor's findings; the rule combines them exactly as the
// regulation does. The zero value is a valid assessment whose needs do not
// meet the criteria.
//
// Where the level of need fluctuates, the findings should describe the
// need over a period long enough to establish it accurately (reg. 2(4));
// this package takes the findings as given.
type AdultAssessment struct {
	// ID identifies the assessment in errors. It is not used by the rule.
	ID string `json:"id"`
	// ImpairmentOrIllness: the needs arise from or are related to a
	// physical or mental impairment or illness (reg. 2(1)(a)).
	ImpairmentOrIllness bool `json:"impairment_or_illness"`
	// Outcomes[o] is the set of limbs by which the adult is unable to
	// achieve outcome o; 0 means the adult can achieve it. Indexed by
	// Outcome. In JSON, an object keyed by outcome name whose values are
	// arrays of limb names; outcomes left out are achievable.
	Outcomes AdultOutcomes `json:"outcomes"`
	// WellBeing is the set of well-being areas on which the assessor found
	// an impact.
	WellBeing WellBeingSet `json:"well_being"`
	// SignificantImpact: as a consequence of being unable to achieve the
	// outcomes there is, or is likely to be, a significant impact on the
	// adult's well-being (reg. 2(1)(c)). The impact may be on one area or
	// cumulative across several, so this is the assessor's judgement and is
	// not derived from WellBeing; but it requires at least one area in
	// WellBeing (ErrImpactWithoutArea).
	SignificantImpact bool `json:"significant_impact"`
}

// AdultOutcomes holds the limbs for each adult outcome, indexed by Outcome.
type AdultOutcomes [NumOutcomes]Limbs

// CarerOutcomes holds the limbs for each carer outcome, indexed by
// CarerOutcome.
type CarerOutcomes [NumCarerOutcomes]Limbs

// CarerAssessment is the input for the carer eligibility rule (reg. 3). The
// zero value is a valid assessment whose needs do not meet the criteria.
type CarerAssessment struct {
	// ID identifies the assessment in errors. It is not used by the rule.
	ID string `json:"id"`
	// NecessaryCare: the needs arise as a consequence of providing
	// necessary care for an adult (reg. 3(1)(a)).
	NecessaryCare bool `json:"necessary_care"`
	// HealthDeteriorating: the carer's physical or mental health is, or is
	// at risk of, deteriorating (reg. 3(2)(a)). On its own this satisfies
	// the second condition, with no outcome needed.
	HealthDeteriorating bool `json:"health_deteriorating"`
	// Outcomes[o] is the set of limbs by which the carer is unable to
	// achieve outcome o (reg. 3(2)(b), 3(3)); 0 means achievable. Only the
	// three carer limbs are allowed: LimbSignificantlyLonger is an error
	// (ErrCarerSignificantlyLonger).
	Outcomes CarerOutcomes `json:"outcomes"`
	// WellBeing is the set of well-being areas on which the assessor found
	// an impact.
	WellBeing WellBeingSet `json:"well_being"`
	// SignificantImpact: as a consequence there is, or is likely to be, a
	// significant impact on the carer's well-being (reg. 3(1)(c)). Requires
	// at least one area in WellBeing.
	SignificantImpact bool `json:"significant_impact"`
}

// AdultResult is the reading of reg. 2 for one adult. It is a plain value;
// Reasons renders the explanation on demand.
type AdultResult struct {
	// Met: the adult's needs meet the eligibility criteria (all three
	// conditions hold).
	Met bool
	// Failed is the set of conditions that do not hold (empty when Met).
	Failed Conditions
	// Unmet is the set of outcomes the adult is unable to achieve.
	Unmet OutcomeSet
	// Limbs[o] is the set of limbs by which outcome o is unmet.
	Limbs AdultOutcomes
	// WellBeing is the set of well-being areas affected.
	WellBeing WellBeingSet
	// SignificantImpact echoes the input finding.
	SignificantImpact bool
	// ImpairmentOrIllness echoes the input finding.
	ImpairmentOrIllness bool
}

// CarerResult is the reading of reg. 3 for one carer.
type CarerResult struct {
	// Met: the carer's needs meet the eligibility criteria.
	Met bool
	// Failed is the set of conditions that do not hold (empty when Met).
	Failed Conditions
	// HealthRoute: the carer's health is, or is at risk of, deteriorating
	// (reg. 3(2)(a)).
	HealthRoute bool
	// Unmet is the set of carer outcomes the carer is unable to achieve
	// (reg. 3(2)(b)); bit i is CarerOutcome(i).
	Unmet OutcomeSet
	// Limbs[o] is the set of limbs by which carer outcome o is unmet.
	Limbs CarerOutcomes
	// WellBeing is the set of well-being areas affected.
	WellBeing WellBeingSet
	// SignificantImpact echoes the input finding.
	SignificantImpact bool
	// NecessaryCare echoes the input finding.
	NecessaryCare bool
}

// Validate checks a for values the regulation does not define: limb bits
// other than the four adult limbs, well-being bits other than the nine
// areas, and a significant impact with no area named. The error is a
// *FieldError.
func (a *AdultAssessment) Validate() error {
	if err := checkID(a.ID); err != nil {
		return err
	}
	for o, l := range a.Outcomes {
		if l&^AdultLimbs != 0 {
			return &FieldError{ID: a.ID, Field: "outcomes." + Outcome(o).String(), Value: Limbs(l &^ AdultLimbs).String(), Err: ErrInvalidLimb}
		}
	}
	return validateWellBeing(a.ID, a.WellBeing, a.SignificantImpact)
}

// Validate checks c as AdultAssessment.Validate does, and also rejects the
// "takes significantly longer" limb, which carers do not have
// (ErrCarerSignificantlyLonger).
func (c *CarerAssessment) Validate() error {
	if err := checkID(c.ID); err != nil {
		return err
	}
	for o, l := range c.Outcomes {
		if l&LimbSignificantlyLonger != 0 {
			return &FieldError{ID: c.ID, Field: "outcomes." + CarerOutcome(o).String(), Value: "significantly_longer", Err: ErrCarerSignificantlyLonger}
		}
		if l&^CarerLimbs != 0 {
			return &FieldError{ID: c.ID, Field: "outcomes." + CarerOutcome(o).String(), Value: Limbs(l &^ CarerLimbs).String(), Err: ErrInvalidLimb}
		}
	}
	return validateWellBeing(c.ID, c.WellBeing, c.SignificantImpact)
}

func validateWellBeing(id string, w WellBeingSet, impact bool) error {
	if w&^allWellBeing != 0 {
		return &FieldError{ID: id, Field: "well_being", Value: "bits " + strconv.Itoa(int(w&^allWellBeing)), Err: ErrInvalidWellBeing}
	}
	if impact && w == 0 {
		return &FieldError{ID: id, Field: "significant_impact", Err: ErrImpactWithoutArea}
	}
	return nil
}

// EvaluateAdult applies regulation 2 to a. It validates a first (see
// AdultAssessment.Validate) and returns the zero AdultResult with the error
// if a is invalid. It does not allocate for valid input and is safe for
// concurrent use.
func EvaluateAdult(a *AdultAssessment) (AdultResult, error) {
	var r AdultResult
	var unmet OutcomeSet
	var bad Limbs
	for o, l := range a.Outcomes {
		bad |= l
		if l != 0 {
			unmet |= 1 << o
		}
	}
	if bad&^AdultLimbs != 0 || a.WellBeing&^allWellBeing != 0 || (a.SignificantImpact && a.WellBeing == 0) || !idOK(a.ID) {
		return r, a.Validate()
	}
	r.Unmet = unmet
	r.Limbs = a.Outcomes
	r.WellBeing = a.WellBeing
	r.SignificantImpact = a.SignificantImpact
	r.ImpairmentOrIllness = a.ImpairmentOrIllness
	if !a.ImpairmentOrIllness {
		r.Failed |= Conditions(ConditionNeedsArise)
	}
	if bits.OnesCount16(uint16(unmet)) < AdultOutcomesRequired {
		r.Failed |= Conditions(ConditionEffect)
	}
	if !a.SignificantImpact {
		r.Failed |= Conditions(ConditionSignificantImpact)
	}
	r.Met = r.Failed == 0
	return r, nil
}

// EvaluateCarer applies regulation 3 to c. It validates c first (see
// CarerAssessment.Validate). It does not allocate for valid input and is
// safe for concurrent use.
func EvaluateCarer(c *CarerAssessment) (CarerResult, error) {
	var r CarerResult
	var unmet OutcomeSet
	var bad Limbs
	for o, l := range c.Outcomes {
		bad |= l
		if l != 0 {
			unmet |= 1 << o
		}
	}
	if bad&^CarerLimbs != 0 || c.WellBeing&^allWellBeing != 0 || (c.SignificantImpact && c.WellBeing == 0) || !idOK(c.ID) {
		return r, c.Validate()
	}
	r.Unmet = unmet
	r.Limbs = c.Outcomes
	r.WellBeing = c.WellBeing
	r.HealthRoute = c.HealthDeteriorating
	r.SignificantImpact = c.SignificantImpact
	r.NecessaryCare = c.NecessaryCare
	if !c.NecessaryCare {
		r.Failed |= Conditions(ConditionNeedsArise)
	}
	if !c.HealthDeteriorating && bits.OnesCount16(uint16(unmet)) < CarerOutcomesRequired {
		r.Failed |= Conditions(ConditionEffect)
	}
	if !c.SignificantImpact {
		r.Failed |= Conditions(ConditionSignificantImpact)
	}
	r.Met = r.Failed == 0
	return r, nil
}
