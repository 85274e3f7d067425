package cld

import (
	"errors"
	"fmt"
)

// Sentinel errors. Rejected rows are *RowError values and findings are
// Finding values; both unwrap to one of these.
var (
	// ErrHeader: the header is missing, repeats a column, lacks a required
	// column or mixes the two layouts. Read returns it; nothing is read.
	ErrHeader = errors.New("cld: bad header")
	// ErrInvalidOptions: an Options, Period or Window value is invalid.
	ErrInvalidOptions = errors.New("cld: invalid options")

	// ErrCSV: the row is not well-formed CSV (a bare or unterminated quote,
	// a record longer than Options.MaxRecordBytes).
	ErrCSV = errors.New("cld: malformed CSV")
	// ErrFieldCount: the row has more or fewer fields than the header.
	ErrFieldCount = errors.New("cld: wrong number of fields")
	// ErrMissing: a required value is blank.
	ErrMissing = errors.New("cld: required value missing")
	// ErrDate: a date that is not a real date (YYYY-MM-DD or DD/MM/YYYY,
	// years 1900–2100).
	ErrDate = errors.New("cld: invalid date")
	// ErrEndBeforeStart: an event or reporting period that ends before it
	// starts.
	ErrEndBeforeStart = errors.New("cld: end before start")
	// ErrText: an identifier or other text that is not valid UTF-8 or
	// holds a control character.
	ErrText = errors.New("cld: invalid text")
	// ErrNotInList: a value outside its defined list (a rejection for the
	// event type; a finding for every other list).
	ErrNotInList = errors.New("cld: value not in the defined list")

	// Finding-only reasons.

	// ErrNumber: a cost or planned-units value that is not a plain,
	// finite, non-negative decimal (costs: at most six decimal places).
	ErrNumber = errors.New("cld: invalid number")
	// ErrNHSNumber: an NHS number that is not ten digits with a valid
	// modulus-11 check digit (council layout).
	ErrNHSNumber = errors.New("cld: invalid NHS number")
	// ErrBirth: a birth year outside 1900–2100, a birth month outside 1–12,
	// or an invalid date of birth.
	ErrBirth = errors.New("cld: invalid birth date")
	// ErrBlankMandatory: a field the CLD specification makes mandatory for
	// this row is blank.
	ErrBlankMandatory = errors.New("cld: mandatory value blank")
	// ErrVariant: a defined-list value given in a variant spelling (other
	// dashes, spaces, colons, an alternative wording); it is recorded as
	// the canonical value. NHS England's SQL, which compares text exactly
	// (ignoring case), would not match it.
	ErrVariant = errors.New("cld: variant spelling of a defined-list value")
	// ErrNoPerson: neither an NHS number nor a local person id.
	ErrNoPerson = errors.New("cld: no person identifier")
)

func errorf(sentinel error, format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, a...)...)
}

// RowError is a rejected row: its line (where the record starts; the
// header is line 1), column (1-based field number, 0 when the problem is
// the whole row), the column's header and the reason, which unwraps to a
// sentinel (ErrCSV, ErrFieldCount, ErrMissing, ErrDate, ErrEndBeforeStart,
// ErrText, ErrNotInList).
type RowError struct {
	Line   int
	Column int
	Field  string
	Err    error
}

func (e *RowError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("cld: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("cld: line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }
