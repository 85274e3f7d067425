package carers

import (
	"errors"
	"fmt"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Sentinel errors. Every error returned by this package wraps one of these, so callers can
// classify failures with errors.Is; detailed errors (*RowError, *RecordError, *ConfigError)
// carry the position and unwrap to the sentinel.
var (
	// ErrNegativeHours: hours of care below zero.
	ErrNegativeHours = errors.New("carers: negative hours")
	// ErrHoursRange: hours not finite, more than 168 a week, or finer than the 0.01 h resolution
	// allows to be represented.
	ErrHoursRange = errors.New("carers: hours out of range")
	// ErrHoursMismatch: the activity/period breakdown does not add up to the weekly hours.
	ErrHoursMismatch = errors.New("carers: hours breakdown does not sum to weekly hours")
	// ErrScoreRange: a strain score or item response outside the instrument's range.
	ErrScoreRange = errors.New("carers: score out of range")
	// ErrDateOrder: dates out of order (caring since after the assessment date, or a
	// reassessment dated before the assessment it follows).
	ErrDateOrder = errors.New("carers: dates out of order")
	// ErrMissingField: a required field is empty.
	ErrMissingField = errors.New("carers: missing required field")
	// ErrBadValue: a field could not be parsed or is not one of its allowed values.
	ErrBadValue = errors.New("carers: invalid value")
	// ErrUnknownInstrument: a strain instrument id that is not known.
	ErrUnknownInstrument = errors.New("carers: unknown instrument")
	// ErrHeader: the CSV header is missing a required column, repeats a column or names an
	// unknown column.
	ErrHeader = errors.New("carers: invalid header")
	// ErrFieldCount: a CSV row with a different number of fields from the header.
	ErrFieldCount = errors.New("carers: wrong number of fields")
	// ErrInvalidConfig: an instrument, rate card or risk configuration that fails validation.
	ErrInvalidConfig = errors.New("carers: invalid configuration")
	// ErrNotFinite: a NaN or infinite float handed to the money conversion.
	ErrNotFinite = errors.New("carers: value not finite")
	// ErrMismatch: parallel slices of different lengths, or records that do not belong together.
	ErrMismatch = errors.New("carers: mismatched inputs")
)

// RowError reports a problem in one field of one CSV row. Line is the 1-based line number in
// the input (the header is line 1), Column the 1-based field index (0 when the error concerns
// the whole row), Field the column name. It never includes the field's value, which may be
// personal data.
type RowError struct {
	Line   int
	Column int
	Field  string
	Err    error
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("carers: line %d: %v", e.Line, trimPrefix(e.Err))
	}
	return fmt.Sprintf("carers: line %d, column %d (%s): %v", e.Line, e.Column, e.Field, trimPrefix(e.Err))
}

// Unwrap returns the underlying error, usually one of the sentinels.
func (e *RowError) Unwrap() error { return e.Err }

// RecordError reports a problem in one field of an in-memory record. Index is the record's
// position in the slice handed in (0-based), or -1 for a single record.
type RecordError struct {
	Index int
	Field string
	Err   error
}

func (e *RecordError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("carers: record field %s: %v", e.Field, trimPrefix(e.Err))
	}
	return fmt.Sprintf("carers: record %d, field %s: %v", e.Index, e.Field, trimPrefix(e.Err))
}

// Unwrap returns the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

// ConfigError reports a validation failure in a configuration document (instrument, rate card,
// risk configuration). Path locates the offending value in JSON terms, e.g. "items[3].id".
type ConfigError struct {
	Config string // what was being validated, e.g. `instrument "csi"`
	Path   string
	Err    error
}

func (e *ConfigError) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("carers: %s: %v", e.Config, trimPrefix(e.Err))
	}
	return fmt.Sprintf("carers: %s: %s: %v", e.Config, e.Path, trimPrefix(e.Err))
}

// Unwrap returns the underlying error.
func (e *ConfigError) Unwrap() error { return e.Err }

// trimPrefix formats err without a leading "carers: " so that wrapped messages do not repeat
// the package name.
func trimPrefix(err error) string {
	s := err.Error()
	const p = "carers: "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// detail wraps a sentinel with extra text while keeping errors.Is working.
func detail(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
}

// asRecordError is errors.As for *RecordError.
func asRecordError(err error, target **RecordError) bool { return errors.As(err, target) }

// checkID checks an identifier: ErrMissingField when empty, ErrBadValue wrapping
// field.ErrText when it is not valid UTF-8 or holds a control character. The message says
// where in the id the fault is, never the id.
func checkID(id string) error {
	if id == "" {
		return ErrMissingField
	}
	if err := field.ID(id); err != nil {
		return fmt.Errorf("%w: identifier %w", ErrBadValue, err)
	}
	return nil
}

// checkYear returns ErrBadValue wrapping field.ErrYear for a date outside the years
// field.MinYear–field.MaxYear, without repeating the date.
func checkYear(t time.Time) error {
	if field.Year(t.Year()) != nil {
		return fmt.Errorf("%w: the year is outside %d–%d (%w)", ErrBadValue, field.MinYear, field.MaxYear, field.ErrYear)
	}
	return nil
}
