package independence

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
)

// DefaultRASHelpers returns the default mapping of ras helper relationships
// (ras.InformalHelp.Helper, as ras/synth writes them) to this package's
// HelperRelationships: spouse → partner, daughter and son → child,
// grandparent → other_relative; parent, sibling, friend and neighbour are
// the same in both.
func DefaultRASHelpers() map[string]string {
	return map[string]string{
		"spouse": HelperPartner, "partner": HelperPartner, "husband": HelperPartner, "wife": HelperPartner,
		"daughter": HelperChild, "son": HelperChild,
		"parent": HelperParent, "mother": HelperParent, "father": HelperParent,
		"grandparent": HelperOtherRelative,
		"sibling":     HelperSibling, "brother": HelperSibling, "sister": HelperSibling,
		"friend": HelperFriend, "neighbour": HelperNeighbour,
	}
}

// defaultRASHelpers is DefaultRASHelpers, built once and never modified.
var defaultRASHelpers = DefaultRASHelpers()

// RASOptions configure FromRAS. The zero value means the defaults.
type RASOptions struct {
	// Instrument, if set, is the instrument the assessment will be scored
	// on: every activity and level is then checked against it, and a
	// mismatch is an error (ErrUnknownItem, ErrUnknownLevel) naming the
	// field. Default nil: not checked here (Instrument.Score checks later).
	Instrument *Instrument
	// Activities renames ras activities (ras.ActivityLevel.Activity and
	// ras.InformalHelp.Activity) to item codes, for example "washing" →
	// "hygiene". Names not in the map are kept. Default nil: none renamed
	// (ras/synth's activities are already personal-care-4's item codes).
	Activities map[string]string
	// Levels renames ras levels (ras.ActivityLevel.Level) to the
	// instrument's level codes. Names not in the map are kept. Default
	// nil: none renamed (ras/synth's levels are DefaultLevels' codes).
	Levels map[string]string
	// Helpers maps ras helper relationships to HelperRelationships; it is
	// consulted first, then DefaultRASHelpers. A relationship in neither,
	// and not itself one of HelperRelationships, becomes HelperOther.
	// Matching ignores case and surrounding space. Default nil.
	Helpers map[string]string
}

// FromRAS converts one RAS assessment into an Assessment and the person's
// informal help, so that RAS data feeds this package directly. The mapping:
//
//   - PersonID: a.Person.ID (must not be empty, and must be valid UTF-8
//     without control characters).
//   - Date: a.Date at midnight UTC (must not be the zero Date; its year,
//     like a date of birth's, must lie in 1900–2100).
//   - AgeYears: AgeYears(a.Person.DateOfBirth, a.Date); if no date of
//     birth is held, a.Person.Age in completed years (a lower bound of the
//     exact age, by up to a year). Neither is an error (field
//     person.date_of_birth); a birth after the assessment too
//     (ErrDateOrder).
//   - Levels: one entry per a.Independence record, item code
//     Activities[activity] (or the activity), level Levels[level] (or the
//     level). An activity given twice is an error.
//   - Help: one HelpEntry per a.InformalHelp record, with PersonID,
//     HelperID and HoursPerWeek copied, Relationship mapped (see
//     RASOptions.Helpers) and Activity renamed by Activities. LivesWith is
//     not carried over (HelpEntry has no such field). Each entry is
//     validated as HelpEntry.Validate does (hours 0–168: ErrNegativeHours;
//     a helper id that is not valid UTF-8 or holds a control character).
//
// a.Answers, Safety, Estimate and the rest are not used. Errors are
// *RecordError values with Record 0 and Field naming the ras field
// ("independence[2].level", "informal_help[0].hours_per_week"), all joined.
func FromRAS(a *ras.Assessment, opt RASOptions) (Assessment, []HelpEntry, error) {
	return fromRAS(0, a, opt)
}

// FromRASAll converts each assessment with FromRAS. It returns the
// assessments accepted, in input order, with the help entries of those,
// and an error joining the *RecordError values of the rejected ones, each
// naming its index in as.
func FromRASAll(as []ras.Assessment, opt RASOptions) ([]Assessment, []HelpEntry, error) {
	out := make([]Assessment, 0, len(as))
	var help []HelpEntry
	var errs []error
	for i := range as {
		a, h, err := fromRAS(i, &as[i], opt)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, a)
		help = append(help, h...)
	}
	return out, help, errors.Join(errs...)
}

func fromRAS(rec int, a *ras.Assessment, opt RASOptions) (Assessment, []HelpEntry, error) {
	if a == nil {
		return Assessment{}, nil, &RecordError{Record: rec, Field: "assessment", Msg: "nil", Err: ErrInvalidValue}
	}
	pid := a.Person.ID
	var errs []error
	bad := func(field, value, msg string, err error) {
		errs = append(errs, &RecordError{Record: rec, PersonID: pid, Field: field, Value: value, Msg: msg, Err: err})
	}
	if strings.TrimSpace(pid) == "" {
		bad("person.id", "", "must not be empty", ErrInvalidValue)
	} else if msg, err := checkID(pid); err != nil {
		bad("person.id", pid, msg, err)
	}
	out := Assessment{PersonID: pid, Levels: make(map[string]string, len(a.Independence))}
	switch {
	case a.Date.IsZero():
		bad("date", "", "missing", ErrInvalidValue)
	case !realDate(a.Date):
		bad("date", fmt.Sprintf("%d-%d-%d", a.Date.Year, a.Date.Month, a.Date.Day), "not a calendar date", ErrInvalidValue)
	case field.Year(a.Date.Year) != nil:
		bad("date", a.Date.String(), yearMsg, errYear)
	default:
		out.Date = a.Date.Time()
		switch {
		case !a.Person.DateOfBirth.IsZero() && !realDate(a.Person.DateOfBirth):
			dob := a.Person.DateOfBirth
			bad("person.date_of_birth", fmt.Sprintf("%d-%d-%d", dob.Year, dob.Month, dob.Day), "not a calendar date", ErrInvalidValue)
		case !a.Person.DateOfBirth.IsZero() && field.Year(a.Person.DateOfBirth.Year) != nil:
			bad("person.date_of_birth", a.Person.DateOfBirth.String(), yearMsg, errYear)
		case !a.Person.DateOfBirth.IsZero():
			if a.Date.Before(a.Person.DateOfBirth) {
				bad("person.date_of_birth", a.Person.DateOfBirth.String(), "after the assessment date "+a.Date.String(), ErrDateOrder)
			} else {
				out.AgeYears = AgeYears(a.Person.DateOfBirth, a.Date)
			}
		case a.Person.Age != nil:
			if *a.Person.Age < 0 {
				bad("person.age", strconv.Itoa(*a.Person.Age), "must not be negative", ErrInvalidValue)
			}
			out.AgeYears = float64(*a.Person.Age)
		default:
			bad("person.date_of_birth", "", "neither a date of birth nor an age is held", ErrInvalidValue)
		}
	}
	var ix *instrumentIndex
	if opt.Instrument != nil {
		var err error
		if ix, err = opt.Instrument.index(); err != nil {
			return Assessment{}, nil, err
		}
	}
	for k, al := range a.Independence {
		f := "independence[" + strconv.Itoa(k) + "]"
		item := rename(opt.Activities, al.Activity)
		level := rename(opt.Levels, al.Level)
		if _, dup := out.Levels[item]; dup {
			bad(f+".activity", al.Activity, "activity given twice", ErrInvalidValue)
			continue
		}
		if ix != nil {
			i, ok := ix.items[item]
			if !ok {
				bad(f+".activity", al.Activity, fmt.Sprintf("item %q not in instrument %s", item, opt.Instrument.ID), ErrUnknownItem)
				continue
			}
			if _, msg, err := ix.resolveMsg(i, level, opt.Instrument.ID); err != nil {
				bad(f+".level", al.Level, msg, err)
				continue
			}
		}
		out.Levels[item] = level
	}
	help := make([]HelpEntry, 0, len(a.InformalHelp))
	for k, ih := range a.InformalHelp {
		h := HelpEntry{PersonID: pid, HelperID: ih.HelperID, Relationship: MapRASHelper(ih.Helper, opt.Helpers),
			Activity: rename(opt.Activities, ih.Activity), HoursPerWeek: ih.HoursPerWeek}
		if strings.TrimSpace(ih.Helper) == "" {
			bad("informal_help["+strconv.Itoa(k)+"].helper", "", "must not be empty", ErrInvalidValue)
		}
		if err := h.Validate(rec); err != nil {
			for _, e := range unjoin(err) {
				var re *RecordError
				if errors.As(e, &re) && re.Field != "person_id" { // the person's id is reported once, above
					re.Field = "informal_help[" + strconv.Itoa(k) + "]." + re.Field
					errs = append(errs, re)
				}
			}
			continue
		}
		help = append(help, h)
	}
	if err := errors.Join(errs...); err != nil {
		return Assessment{}, nil, err
	}
	return out, help, nil
}

// yearMsg and errYear report a date outside the years field.MinYear–MaxYear.
var (
	yearMsg = fmt.Sprintf("the year is outside %d–%d", field.MinYear, field.MaxYear)
	errYear = bothErrors{ErrInvalidValue, field.ErrYear}
)

// realDate reports whether d is a calendar date (month 1–12, a day the
// month has, a year from 1 to 9999).
func realDate(d ras.Date) bool {
	t := d.Time()
	return d.Year >= 1 && d.Year <= 9999 && t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

func rename(m map[string]string, s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	return s
}

// MapRASHelper maps a ras helper relationship to one of
// HelperRelationships: by extra (if non-nil), then DefaultRASHelpers, then
// unchanged if it already is one, else HelperOther. Case and surrounding
// space are ignored.
func MapRASHelper(rel string, extra map[string]string) string {
	r := strings.ToLower(strings.TrimSpace(rel))
	if v, ok := extra[r]; ok {
		return v
	}
	if v, ok := extra[rel]; ok {
		return v
	}
	if v, ok := defaultRASHelpers[r]; ok {
		return v
	}
	if slices.Contains(HelperRelationships(), r) {
		return r
	}
	return HelperOther
}

// AgeYears returns the age in years on date on of a person born on born:
// the completed years (ras.Date.AgeOn) plus the fraction of the current
// year of age gone, (days since the last birthday) / (days from the last
// birthday to the next). So its integer part is always the age in
// completed years, unlike days/365.25, which puts a birthday a day or so
// late. A 29 February birthday falls on 1 March in other years, as in
// ras.Date.AgeOn. on before born gives a negative age.
func AgeYears(born, on ras.Date) float64 {
	y := born.AgeOn(on)
	last := time.Date(born.Year+y, born.Month, born.Day, 0, 0, 0, 0, time.UTC)
	next := time.Date(born.Year+y+1, born.Month, born.Day, 0, 0, 0, 0, time.UTC)
	f := on.Time().Sub(last).Hours() / next.Sub(last).Hours()
	return float64(y) + min(max(f, 0), math.Nextafter(1, 0))
}
