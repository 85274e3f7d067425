package independence

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Assessment is one rating of a person on an instrument.
type Assessment struct {
	PersonID string    // pseudonymous key, e.g. a ras/synth person ID
	Date     time.Time // date of the assessment
	AgeYears float64   // age at assessment in years (needed for children's methods)
	// Levels maps item code to the level reached: a level code of the item
	// ("some_help") or its score written as a number ("5").
	Levels map[string]string
}

// Score is a scored assessment.
type Score struct {
	PersonID     string
	InstrumentID string
	Date         time.Time
	AgeYears     float64
	Total        float64            // sum of item scores
	ItemScores   []float64          // per item, in the instrument's item order
	LevelIndex   []int              // per item: 0 = least independent level
	Domains      map[string]float64 // subtotal per item domain (nil if the instrument has none)
	Band         string             // label of the band holding Total, "" if none
}

// ResolveLevel returns the index (0 = least independent) of the level that
// value denotes for the item: a level code, or a number in plain decimal
// notation (internal/field.Float: "2", "2.0", "2e0"; not "0x1p1", "Inf" or
// "NaN") equal to one of the item's scores. Errors: ErrUnknownItem,
// ErrScoreOutOfRange for a number outside the item's range or between its
// permitted scores, ErrUnknownLevel for any other text.
func (in *Instrument) ResolveLevel(item, value string) (int, error) {
	ix, err := in.index()
	if err != nil {
		return 0, err
	}
	i, ok := ix.items[item]
	if !ok {
		return 0, fmt.Errorf("independence: item %q: %w (instrument %s)", item, ErrUnknownItem, in.ID)
	}
	return ix.resolve(i, value, in.ID)
}

func (ix *instrumentIndex) resolve(i int, value, instID string) (int, error) {
	j, msg, err := ix.resolveMsg(i, value, instID)
	if err != nil {
		return 0, fmt.Errorf("independence: %s: %w", msg, err)
	}
	return j, nil
}

// resolveMsg returns the level index, or a message and a sentinel error.
func (ix *instrumentIndex) resolveMsg(i int, value, instID string) (int, string, error) {
	v := strings.TrimSpace(value)
	if j, ok := ix.codes[i][v]; ok {
		return j, "", nil
	}
	if x, err := field.Float(v); err == nil {
		if j, ok := ix.scores[i][x]; ok {
			return j, "", nil
		}
		r := ix.itemRange[i]
		if x < r[0] || x > r[1] {
			return 0, fmt.Sprintf("score %s outside [%v, %v]", v, r[0], r[1]), ErrScoreOutOfRange
		}
		return 0, fmt.Sprintf("score %s is not one of the permitted scores %v", v, levelScores(ix.levels[i])), ErrScoreOutOfRange
	}
	return 0, fmt.Sprintf("level %q not defined for this item in instrument %s (levels %v)", v, instID, levelCodes(ix.levels[i])), ErrUnknownLevel
}

func levelScores(lv []Level) []float64 {
	out := make([]float64, len(lv))
	for i, l := range lv {
		out[i] = l.Score
	}
	return out
}

func levelCodes(lv []Level) []string {
	out := make([]string, len(lv))
	for i, l := range lv {
		out[i] = l.Code
	}
	return out
}

// Score scores one assessment. Every item of the instrument must be
// present and every level must be one the item defines; the person id, if
// any, must be valid text and the age a number of years in [0, 130], as
// ReadAssessmentsCSV requires. Errors are *RecordError values (Record 0,
// Field = item code, "person_id" or "age_years") unwrapping to
// ErrUnknownItem, ErrMissingItem, ErrUnknownLevel, ErrScoreOutOfRange or
// ErrInvalidValue; all problems of the assessment are joined.
func (in *Instrument) Score(a Assessment) (Score, error) {
	return in.scoreRecord(0, a)
}

func (in *Instrument) scoreRecord(rec int, a Assessment) (Score, error) {
	ix, err := in.index()
	if err != nil {
		return Score{}, err
	}
	n := len(in.Items)
	s := Score{
		PersonID: a.PersonID, InstrumentID: in.ID, Date: a.Date, AgeYears: a.AgeYears,
		ItemScores: make([]float64, n), LevelIndex: make([]int, n),
	}
	var errs []error
	// The person's id and age, as ReadAssessmentsCSV checks them: a NaN
	// age would reach every table by age.
	if msg, err := checkID(a.PersonID); err != nil {
		errs = append(errs, &RecordError{Record: rec, Field: "person_id", Value: a.PersonID, Msg: msg, Err: err})
	}
	if !(a.AgeYears >= 0 && a.AgeYears <= 130) {
		errs = append(errs, &RecordError{Record: rec, PersonID: a.PersonID, Field: "age_years", Value: strconv.FormatFloat(a.AgeYears, 'g', -1, 64),
			Msg: "want a number of years in [0, 130]", Err: ErrInvalidValue})
	}
	// Unknown items, in sorted order so that messages are deterministic.
	var unknown []string
	for code := range a.Levels {
		if _, ok := ix.items[code]; !ok {
			unknown = append(unknown, code)
		}
	}
	slices.Sort(unknown)
	for _, code := range unknown {
		errs = append(errs, &RecordError{Record: rec, PersonID: a.PersonID, Field: code, Value: a.Levels[code],
			Msg: "instrument " + in.ID + " has no such item", Err: ErrUnknownItem})
	}
	for i, it := range in.Items {
		v, ok := a.Levels[it.Code]
		if !ok {
			errs = append(errs, &RecordError{Record: rec, PersonID: a.PersonID, Field: it.Code, Err: ErrMissingItem})
			continue
		}
		j, msg, err := ix.resolveMsg(i, v, in.ID)
		if err != nil {
			errs = append(errs, &RecordError{Record: rec, PersonID: a.PersonID, Field: it.Code, Value: v, Msg: msg, Err: err})
			continue
		}
		s.LevelIndex[i] = j
		sc := ix.levels[i][j].Score
		s.ItemScores[i] = sc
		s.Total += sc
		if it.Domain != "" {
			if s.Domains == nil {
				s.Domains = make(map[string]float64, len(ix.domains))
			}
			s.Domains[it.Domain] += sc
		}
	}
	if len(errs) > 0 {
		return Score{}, errors.Join(errs...)
	}
	s.Band = in.BandOf(s.Total)
	return s, nil
}

// ScoreAll scores each assessment. It returns the scores of the accepted
// assessments (in input order) and, if any were rejected, an error joining
// one *RecordError per problem, each naming the record's index, person
// and field.
func (in *Instrument) ScoreAll(as []Assessment) ([]Score, error) {
	if _, err := in.index(); err != nil {
		return nil, err
	}
	out := make([]Score, 0, len(as))
	var errs []error
	for r, a := range as {
		s, err := in.scoreRecord(r, a)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, s)
	}
	return out, errors.Join(errs...)
}
