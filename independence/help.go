package independence

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Helper relationships accepted in HelpEntry.Relationship.
const (
	HelperPartner       = "partner"
	HelperParent        = "parent"
	HelperChild         = "child"
	HelperSibling       = "sibling"
	HelperOtherRelative = "other_relative"
	HelperFriend        = "friend"
	HelperNeighbour     = "neighbour"
	HelperOther         = "other"
)

// HelperRelationships lists the accepted helper relationships.
func HelperRelationships() []string {
	return []string{HelperPartner, HelperParent, HelperChild, HelperSibling,
		HelperOtherRelative, HelperFriend, HelperNeighbour, HelperOther}
}

// MaxHoursPerWeek is the number of hours in a week; no helper can give more
// help than that to one activity.
const MaxHoursPerWeek = 168

// HelpEntry records informal (unpaid) help around the home: who helps the
// person with what, and for how many hours a week.
type HelpEntry struct {
	PersonID     string  `json:"person_id"`      // person helped
	HelperID     string  `json:"helper_id"`      // optional key of the helper ("" if unknown)
	Relationship string  `json:"relationship"`   // one of HelperRelationships
	Activity     string  `json:"activity"`       // [a-z0-9_]+: an instrument item code or a household task
	HoursPerWeek float64 `json:"hours_per_week"` // 0 ≤ hours ≤ 168
}

// Validate checks one entry; rec is its index in the caller's slice (used in
// the *RecordError it returns). Negative (or more than 168) hours unwrap to
// ErrNegativeHours; other problems to ErrInvalidValue, which for a person or
// helper id that is not valid UTF-8 or holds a control character also wraps
// field.ErrText.
func (h HelpEntry) Validate(rec int) error {
	var errs []error
	bad := func(field, value, msg string, err error) {
		errs = append(errs, &RecordError{Record: rec, PersonID: h.PersonID, Field: field, Value: value, Msg: msg, Err: err})
	}
	if strings.TrimSpace(h.PersonID) == "" {
		bad("person_id", "", "must not be empty", ErrInvalidValue)
	} else if msg, err := checkID(h.PersonID); err != nil {
		bad("person_id", h.PersonID, msg, err)
	}
	if msg, err := checkID(h.HelperID); err != nil {
		bad("helper_id", h.HelperID, msg, err)
	}
	if !slices.Contains(HelperRelationships(), h.Relationship) {
		bad("relationship", h.Relationship, fmt.Sprintf("must be one of %v", HelperRelationships()), ErrInvalidValue)
	}
	if !validCode(h.Activity, false) {
		bad("activity", h.Activity, "must be non-empty and use only a-z, 0-9 and _", ErrInvalidValue)
	}
	switch {
	case !finite(h.HoursPerWeek):
		bad("hours_per_week", strconv.FormatFloat(h.HoursPerWeek, 'g', -1, 64), "must be a finite number", ErrInvalidValue)
	case h.HoursPerWeek < 0:
		bad("hours_per_week", strconv.FormatFloat(h.HoursPerWeek, 'g', -1, 64), "hours must not be negative", ErrNegativeHours)
	case h.HoursPerWeek > MaxHoursPerWeek:
		bad("hours_per_week", strconv.FormatFloat(h.HoursPerWeek, 'g', -1, 64), "more than the 168 hours in a week", ErrNegativeHours)
	}
	return errors.Join(errs...)
}

// ActivityHelp is the informal help with one activity.
type ActivityHelp struct {
	Activity     string
	HoursPerWeek float64
	Helpers      []string // relationships, sorted, distinct
	// Level is the person's level label in this activity if the activity is
	// an item of the scored instrument, "" otherwise.
	Level string
}

// Profile is a person's independence profile: their scored assessment and
// the informal help they get around the home.
type Profile struct {
	PersonID          string
	Score             Score
	HasScore          bool               // false if the profile was built without a score
	Help              []HelpEntry        // the person's entries, in input order
	TotalHoursPerWeek float64            // all informal help
	HoursByHelper     map[string]float64 // by relationship
	Activities        []ActivityHelp     // by activity, sorted by activity code
}

// BuildProfile assembles the independence profile of the person of s from
// the help entries whose PersonID matches (others are ignored). in is the
// instrument that produced s (used to name levels of helped activities); it
// may be nil. Every matching entry is validated; invalid ones make the whole
// call fail with their *RecordError values joined.
func BuildProfile(in *Instrument, s Score, help []HelpEntry) (Profile, error) {
	p := Profile{PersonID: s.PersonID, Score: s, HasScore: true, HoursByHelper: map[string]float64{}}
	return p, p.addHelp(in, help)
}

// BuildProfiles builds a profile for every person with a score or a help
// entry, in order of first appearance (scores first). A person with more
// than one score keeps the latest by Date.
func BuildProfiles(in *Instrument, scores []Score, help []HelpEntry) ([]Profile, error) {
	var order []string
	byID := map[string]*Profile{}
	for _, s := range scores {
		p, ok := byID[s.PersonID]
		if !ok {
			p = &Profile{PersonID: s.PersonID, HoursByHelper: map[string]float64{}}
			byID[s.PersonID] = p
			order = append(order, s.PersonID)
		}
		if !p.HasScore || s.Date.After(p.Score.Date) {
			p.Score, p.HasScore = s, true
		}
	}
	var errs []error
	grouped := map[string][]int{}
	for i, h := range help {
		if err := h.Validate(i); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, ok := byID[h.PersonID]; !ok {
			byID[h.PersonID] = &Profile{PersonID: h.PersonID, HoursByHelper: map[string]float64{}}
			order = append(order, h.PersonID)
		}
		grouped[h.PersonID] = append(grouped[h.PersonID], i)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := make([]Profile, 0, len(order))
	for _, id := range order {
		p := byID[id]
		for _, i := range grouped[id] {
			p.Help = append(p.Help, help[i])
		}
		p.summarise(in)
		out = append(out, *p)
	}
	return out, nil
}

func (p *Profile) addHelp(in *Instrument, help []HelpEntry) error {
	var errs []error
	for i, h := range help {
		if h.PersonID != p.PersonID {
			continue
		}
		if err := h.Validate(i); err != nil {
			errs = append(errs, err)
			continue
		}
		p.Help = append(p.Help, h)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	p.summarise(in)
	return nil
}

func (p *Profile) summarise(in *Instrument) {
	acts := map[string]*ActivityHelp{}
	for _, h := range p.Help {
		p.TotalHoursPerWeek += h.HoursPerWeek
		p.HoursByHelper[h.Relationship] += h.HoursPerWeek
		a, ok := acts[h.Activity]
		if !ok {
			a = &ActivityHelp{Activity: h.Activity}
			acts[h.Activity] = a
		}
		a.HoursPerWeek += h.HoursPerWeek
		if !slices.Contains(a.Helpers, h.Relationship) {
			a.Helpers = append(a.Helpers, h.Relationship)
		}
	}
	p.Activities = make([]ActivityHelp, 0, len(acts))
	for _, a := range acts {
		slices.Sort(a.Helpers)
		if in != nil && p.HasScore && p.Score.InstrumentID == in.ID {
			if ix, err := in.index(); err == nil {
				if i, ok := ix.items[a.Activity]; ok && i < len(p.Score.LevelIndex) {
					a.Level = ix.levels[i][p.Score.LevelIndex[i]].Label
				}
			}
		}
		p.Activities = append(p.Activities, *a)
	}
	slices.SortFunc(p.Activities, func(x, y ActivityHelp) int { return strings.Compare(x.Activity, y.Activity) })
}
