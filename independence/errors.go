package independence

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Every error returned by this package wraps one of these,
// so callers can classify failures with errors.Is.
var (
	// ErrInvalidInstrument: an instrument definition fails validation.
	ErrInvalidInstrument = errors.New("independence: invalid instrument")
	// ErrUnknownItem: an assessment names an item (activity) the instrument lacks.
	ErrUnknownItem = errors.New("independence: item not in instrument")
	// ErrMissingItem: an assessment leaves out an item the instrument requires.
	ErrMissingItem = errors.New("independence: item missing")
	// ErrUnknownLevel: a level code the item does not define.
	ErrUnknownLevel = errors.New("independence: level not in instrument")
	// ErrScoreOutOfRange: a numeric score outside the item's range or not one
	// of its permitted scores.
	ErrScoreOutOfRange = errors.New("independence: score out of range")
	// ErrNegativeHours: hours of help below zero (or above 168 a week).
	ErrNegativeHours = errors.New("independence: hours out of range")
	// ErrDateOrder: reassessment dates of one person not strictly increasing.
	ErrDateOrder = errors.New("independence: dates out of order")
	// ErrInvalidValue: a value that is NaN, infinite, empty or otherwise unusable.
	ErrInvalidValue = errors.New("independence: invalid value")
	// ErrAgeOutOfRange: an age outside an LMS table's ages or outside all bands.
	ErrAgeOutOfRange = errors.New("independence: age out of range")
	// ErrInvalidLMS: an LMS table or LMS triple that cannot be used.
	ErrInvalidLMS = errors.New("independence: invalid LMS table")
	// ErrTooFew: too few observations for the statistic.
	ErrTooFew = errors.New("independence: too few observations")
	// ErrLength: input slices of different lengths.
	ErrLength = errors.New("independence: slices of different lengths")
	// ErrFieldCount: a CSV row with more or fewer fields than the header.
	ErrFieldCount = errors.New("independence: wrong number of fields")
	// ErrHeader: a CSV header lacks a required column or repeats one.
	ErrHeader = errors.New("independence: bad CSV header")
	// ErrInvalidOptions: an options or rule struct fails validation.
	ErrInvalidOptions = errors.New("independence: invalid options")
)

// FieldError reports a problem at a path inside a configuration document,
// such as "items[3].levels[1].score" in an instrument. It unwraps to Err.
type FieldError struct {
	Path string // JSON-style path of the offending field
	Msg  string // what is wrong
	Err  error  // sentinel, e.g. ErrInvalidInstrument
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("independence: %s: %s", e.Path, e.Msg)
}

func (e *FieldError) Unwrap() error { return e.Err }

// RecordError reports a problem with one input record (an assessment, a
// help entry, a reassessment) passed as a Go value. Record is the 0-based
// index in the input slice.
type RecordError struct {
	Record   int    // 0-based index of the record in its input slice
	PersonID string // person the record belongs to ("" if unknown)
	Field    string // field (or item code) at fault
	Value    string // offending value as text ("" if not applicable)
	Msg      string // detail
	Err      error  // sentinel
}

func (e *RecordError) Error() string {
	s := "independence: record " + strconv.Itoa(e.Record)
	if e.PersonID != "" {
		s += " (person " + strconv.Quote(e.PersonID) + ")"
	}
	s += " field " + strconv.Quote(e.Field)
	if e.Value != "" {
		s += " value " + strconv.Quote(e.Value)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s + ": " + trimPkg(e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// RowError reports a problem with one CSV row. Line is 1-based and counts
// the header as line 1; Column is 1-based (0 when the whole row is at fault).
type RowError struct {
	Line   int
	Column int
	Field  string // column name
	Value  string // offending cell text
	Msg    string
	Err    error
}

func (e *RowError) Error() string {
	s := "independence: line " + strconv.Itoa(e.Line)
	if e.Column > 0 {
		s += " column " + strconv.Itoa(e.Column)
	}
	if e.Field != "" {
		s += " field " + strconv.Quote(e.Field)
	}
	if e.Value != "" {
		s += " value " + strconv.Quote(e.Value)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s + ": " + trimPkg(e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// trimPkg returns err's message without a leading "independence: " so that
// wrapped messages do not repeat the package name.
func trimPkg(err error) string {
	if err == nil {
		return "error"
	}
	const p = "independence: "
	s := err.Error()
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
