package carers

import (
	"fmt"
	"time"

	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// Tri is a yes/no answer that may be unrecorded. The zero value is Unknown, so a field left
// unset never counts as "no".
type Tri uint8

// Tri values.
const (
	Unknown Tri = iota
	No
	Yes
)

var triNames = [...]string{"unknown", "no", "yes"}

// String returns "unknown", "no" or "yes".
func (t Tri) String() string {
	if int(t) < len(triNames) {
		return triNames[t]
	}
	return fmt.Sprintf("Tri(%d)", uint8(t))
}

// ParseTri parses yes/no answers: "yes", "y", "true", "1" give Yes; "no", "n", "false", "0"
// give No; "", "unknown" and "not_recorded" give Unknown (case-insensitive).
func ParseTri(s string) (Tri, error) {
	switch lower(s) {
	case "yes", "y", "true", "1":
		return Yes, nil
	case "no", "n", "false", "0":
		return No, nil
	case "", "unknown", "not_recorded":
		return Unknown, nil
	}
	return Unknown, detail(ErrBadValue, "want yes, no or blank")
}

// Behaviour is how often or how severely the person cared for shows behaviour that challenges
// directed at the carer (verbal or physical aggression, intimidation, damage to the carer's
// property), as recorded at the assessment. The words follow the levels of the NHS CHC
// Decision Support Tool's behaviour domain, but this is the carer-directed part only, recorded
// by the practitioner. The zero value is BehaviourUnknown.
type Behaviour uint8

// Behaviour levels, in increasing order.
const (
	BehaviourUnknown  Behaviour = iota // not recorded
	BehaviourNone                      // none directed at the carer
	BehaviourLow                       // occasional, low impact
	BehaviourModerate                  // frequent or with some impact on the carer
	BehaviourHigh                      // frequent with significant impact, or any physical harm
	BehaviourSevere                    // serious, persistent, carer's safety at risk
	numBehaviour
)

var behaviourNames = [numBehaviour]string{"unknown", "none", "low", "moderate", "high", "severe"}

// String returns the level's name.
func (b Behaviour) String() string {
	if b < numBehaviour {
		return behaviourNames[b]
	}
	return fmt.Sprintf("Behaviour(%d)", uint8(b))
}

// MarshalText implements encoding.TextMarshaler.
func (b Behaviour) MarshalText() ([]byte, error) {
	if b >= numBehaviour {
		return nil, detail(ErrBadValue, "behaviour level %d", uint8(b))
	}
	return []byte(b.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *Behaviour) UnmarshalText(t []byte) error {
	v, err := ParseBehaviour(string(t))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// ParseBehaviour parses a behaviour level name (case-insensitive); "" gives BehaviourUnknown.
func ParseBehaviour(s string) (Behaviour, error) {
	s = lower(s)
	if s == "" || s == "not_recorded" {
		return BehaviourUnknown, nil
	}
	for i, n := range behaviourNames {
		if n == s {
			return Behaviour(i), nil
		}
	}
	return 0, detail(ErrBadValue, "unknown behaviour level (want none, low, moderate, high or severe)")
}

// CareHours is part of a carer's weekly hours spent on one activity in one period.
type CareHours struct {
	Activity Activity `json:"activity"`
	Period   Period   `json:"period"`
	Hours    Hours    `json:"hours"`
}

// NoScore marks Carer.StrainScore as not recorded.
const NoScore = -1

// Carer is one caring relationship as recorded at one assessment: an unpaid carer (CarerID)
// caring for one adult with needs (PersonID). A carer who cares for two people has two
// records; a reassessment is a new record with a later AssessedOn.
//
// Identifiers are opaque strings; they are never written into error messages.
type Carer struct {
	CarerID  string
	PersonID string

	// AssessedOn is the date of the carer's assessment or review (zero if not recorded).
	AssessedOn time.Time
	// CaringSince is when the caring began (zero if not recorded); not after AssessedOn.
	CaringSince time.Time

	// WeeklyHours is the unpaid care this carer gives this person in a usual week, 0–168 h.
	WeeklyHours Hours
	// Split optionally breaks WeeklyHours down by activity and period for rate cards that price
	// them differently. When non-empty its hours must add up to WeeklyHours exactly.
	Split []CareHours

	// Risk indicators drawn from the assessment.
	BehaviourToCarer    Behaviour // behaviour that challenges, directed at the carer
	LivesWith           Tri       // carer lives with the person cared for
	OtherSupport        Tri       // carer has other practical or emotional support
	HealthDeteriorating Tri       // carer's own health deteriorating
	BreaksRefused       Tri       // the person refuses breaks or outside help offered to the carer

	// StrainInstrument is the id of the strain instrument used ("" if none), StrainScore its
	// total, or NoScore.
	StrainInstrument string
	StrainScore      int

	// Eligibility holds the findings of the carer's own assessment under the Care Act 2014
	// (SI 2015/313 reg. 3), nil when the carer has no assessment of their own or it is not held.
	// [Summarise] counts carers whose needs meet the criteria (see [CarerEligibility]). Its ID
	// is never used or reported by this package. ReadCSV and WriteCSV do not carry it.
	Eligibility *eligibility.CarerAssessment
}

// Validate checks one record: identifiers present, valid UTF-8 and free of control
// characters; hours in 0–168, the breakdown adding up; dates in the years 1900–2100 and in
// order; a strain score only with an instrument; and valid eligibility findings when present. It does
// not check the score against the instrument's range (see Instrument.CheckTotal). Errors are
// *RecordError with Index -1.
func (c *Carer) Validate() error {
	return c.validate(-1)
}

func (c *Carer) validate(index int) error {
	fail := func(field string, err error) error { return &RecordError{Index: index, Field: field, Err: err} }
	if err := checkID(c.CarerID); err != nil {
		return fail("carer_id", err)
	}
	if err := checkID(c.PersonID); err != nil {
		return fail("person_id", err)
	}
	if err := c.validateHours(index); err != nil {
		return err
	}
	for _, d := range [...]struct {
		f string
		t time.Time
	}{{"assessed_on", c.AssessedOn}, {"caring_since", c.CaringSince}} {
		if !d.t.IsZero() {
			if err := checkYear(d.t); err != nil {
				return fail(d.f, err)
			}
		}
	}
	if !c.CaringSince.IsZero() && !c.AssessedOn.IsZero() && c.CaringSince.After(c.AssessedOn) {
		return fail("caring_since", detail(ErrDateOrder, "caring since is after the assessment date"))
	}
	if c.BehaviourToCarer >= numBehaviour {
		return fail("behaviour_to_carer", detail(ErrBadValue, "behaviour level %d", c.BehaviourToCarer))
	}
	for _, t := range [...]struct {
		f string
		v Tri
	}{{"lives_with", c.LivesWith}, {"other_support", c.OtherSupport},
		{"carer_health_deteriorating", c.HealthDeteriorating}, {"breaks_refused", c.BreaksRefused}} {
		if t.v > Yes {
			return fail(t.f, detail(ErrBadValue, "tri-state %d", t.v))
		}
	}
	if c.StrainInstrument == "" && c.StrainScore != NoScore && c.StrainScore != 0 {
		return fail("strain_instrument", detail(ErrMissingField, "strain score without an instrument"))
	}
	if c.StrainInstrument != "" && c.StrainScore < 0 && c.StrainScore != NoScore {
		return fail("strain_score", ErrScoreRange)
	}
	if c.Eligibility != nil {
		if _, err := CarerEligibility(c); err != nil {
			return fail("eligibility", err)
		}
	}
	return nil
}

// validateHours checks the weekly hours and their breakdown.
func (c *Carer) validateHours(index int) error {
	fail := func(field string, err error) error { return &RecordError{Index: index, Field: field, Err: err} }
	if c.WeeklyHours < 0 {
		return fail("weekly_hours", ErrNegativeHours)
	}
	if c.WeeklyHours > MaxWeeklyHours {
		return fail("weekly_hours", detail(ErrHoursRange, "more than 168 hours a week"))
	}
	if len(c.Split) > 0 {
		var sum Hours
		for i, s := range c.Split {
			f := fmt.Sprintf("split[%d].hours", i)
			if s.Hours < 0 {
				return fail(f, ErrNegativeHours)
			}
			if s.Hours > MaxWeeklyHours {
				return fail(f, detail(ErrHoursRange, "more than 168 hours a week"))
			}
			if s.Activity >= numActivities {
				return fail(fmt.Sprintf("split[%d].activity", i), detail(ErrBadValue, "activity %d", s.Activity))
			}
			if s.Period >= numPeriods {
				return fail(fmt.Sprintf("split[%d].period", i), detail(ErrBadValue, "period %d", s.Period))
			}
			sum += s.Hours
		}
		if sum != c.WeeklyHours {
			return fail("split", detail(ErrHoursMismatch, "breakdown %s h, weekly %s h", sum, c.WeeklyHours))
		}
	}
	return nil
}

// hasScore reports whether a strain score is recorded.
func (c *Carer) hasScore() bool { return c.StrainInstrument != "" && c.StrainScore >= 0 }

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
