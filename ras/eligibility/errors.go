package eligibility

import (
	"errors"
	"fmt"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Sentinel errors. Every error returned by this package wraps one of them,
// so callers can test the class with errors.Is.
var (
	// ErrInvalidLimb: a set of "unable to achieve" limbs holds a bit that is
	// not one of the defined limbs.
	ErrInvalidLimb = errors.New("eligibility: invalid unable-to-achieve limb")

	// ErrCarerSignificantlyLonger: the "takes significantly longer" limb
	// (reg. 2(3)(d)) was given for a carer's outcome. Regulation 3(3) has no
	// such limb, so the input is rejected rather than silently ignored.
	ErrCarerSignificantlyLonger = errors.New(`eligibility: carers have no "takes significantly longer" limb (SI 2015/313 reg. 3(3))`)

	// ErrInvalidWellBeing: a well-being set holds a bit that is not one of
	// the nine areas of Care Act 2014 s.1(2).
	ErrInvalidWellBeing = errors.New("eligibility: invalid well-being area")

	// ErrImpactWithoutArea: a significant impact on well-being was recorded
	// but no well-being area was named as affected.
	ErrImpactWithoutArea = errors.New("eligibility: significant impact recorded with no well-being area affected")

	// ErrUnknownLevel: a DST level value outside the defined range.
	ErrUnknownLevel = errors.New("eligibility: unknown DST level")

	// ErrLevelNotAllowed: a DST level that exists but that the domain does
	// not have (for example Priority in Nutrition, Severe in Altered states
	// of consciousness).
	ErrLevelNotAllowed = errors.New("eligibility: level not allowed for this DST domain")

	// ErrMissingLevel: a DST domain (other than "Other significant care
	// needs") has no level recorded.
	ErrMissingLevel = errors.New("eligibility: DST domain has no level recorded")

	// ErrInvalidScore: a Checklist score outside A, B, C.
	ErrInvalidScore = errors.New("eligibility: invalid Checklist score")

	// ErrMissingScore: a Checklist domain has no score recorded.
	ErrMissingScore = errors.New("eligibility: Checklist domain has no score recorded")

	// ErrUnknownName: a name in JSON input (outcome, limb, well-being area,
	// domain, level or score) that this package does not define.
	ErrUnknownName = errors.New("eligibility: unknown name")

	// ErrRepeatedKey: a key given twice in one JSON object. encoding/json
	// would keep the last silently; the decoders reject it.
	ErrRepeatedKey = errors.New("eligibility: key repeated in a JSON object")

	// ErrInvalidText: an id that is not valid UTF-8 or holds a control
	// character (U+0000–U+001F, U+007F–U+009F), or JSON input that is not
	// valid UTF-8.
	ErrInvalidText = errors.New("eligibility: invalid text")

	// ErrMalformed: JSON input that is not one record of the documented
	// shape: not well-formed, a value of the wrong JSON type (a number
	// where a list of limb names goes), data after the record, or a record
	// longer than 1 MiB.
	ErrMalformed = errors.New("eligibility: malformed record")

	// ErrInvalidOptions: an options struct failed Validate.
	ErrInvalidOptions = errors.New("eligibility: invalid options")
)

// FieldError reports a problem with one field of one input record. It
// unwraps to one of the sentinel errors.
type FieldError struct {
	ID    string // the record's id (may be empty)
	Field string // the field, for example "outcomes.nutrition" or "well_being"
	Value string // the offending value, rendered for humans (may be empty)
	Err   error  // a sentinel error
}

func (e *FieldError) Error() string {
	msg := e.Err.Error()
	if len(msg) > len("eligibility: ") && msg[:len("eligibility: ")] == "eligibility: " {
		msg = msg[len("eligibility: "):]
	}
	rec := ""
	if e.ID != "" {
		rec = fmt.Sprintf("record %q: ", e.ID)
	}
	if e.Value != "" {
		return fmt.Sprintf("eligibility: %sfield %s: value %s: %s", rec, e.Field, e.Value, msg)
	}
	return fmt.Sprintf("eligibility: %sfield %s: %s", rec, e.Field, msg)
}

func (e *FieldError) Unwrap() error { return e.Err }

// LevelError reports a DST level that the domain does not allow (or an
// unknown or missing level). It names the domain and the level and lists
// the levels the domain allows. It unwraps to ErrLevelNotAllowed,
// ErrUnknownLevel or ErrMissingLevel.
type LevelError struct {
	ID     string
	Domain Domain
	Level  Level
	Err    error
}

func (e *LevelError) Error() string {
	rec := ""
	if e.ID != "" {
		rec = fmt.Sprintf("record %q: ", e.ID)
	}
	switch e.Err {
	case ErrUnknownLevel:
		return fmt.Sprintf("eligibility: %sDST domain %q: unknown level value %d", rec, e.Domain.Title(), uint8(e.Level))
	case ErrMissingLevel:
		return fmt.Sprintf("eligibility: %sDST domain %q: no level recorded (allowed: %s)", rec, e.Domain.Title(), AllowedLevels(e.Domain))
	}
	return fmt.Sprintf("eligibility: %sDST domain %q has no %q level (allowed: %s)", rec, e.Domain.Title(), e.Level.Title(), AllowedLevels(e.Domain))
}

func (e *LevelError) Unwrap() error { return e.Err }

// idOK reports whether a record id is valid UTF-8 without control
// characters (field.ID), checking ASCII inline.
func idOK(id string) bool {
	for i := 0; i < len(id); i++ {
		if c := id[i]; c < 0x20 || c >= 0x7f {
			return field.ID(id) == nil
		}
	}
	return true
}

// checkID returns a *FieldError wrapping ErrInvalidText for an id that is
// not valid UTF-8 or holds a control character, and nil otherwise.
func checkID(id string) error {
	if field.ID(id) != nil {
		// The value is quoted with Go escapes: "A\x00".
		return &FieldError{ID: id, Field: "id", Value: quote(id), Err: ErrInvalidText}
	}
	return nil
}
