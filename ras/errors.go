package ras

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Sentinel errors. Every error the package returns unwraps to one of them.
var (
	// ErrInvalidModel: a model failed validation.
	ErrInvalidModel = errors.New("ras: invalid model")
	// ErrInvalidAssessment: an assessment's own fields are invalid.
	ErrInvalidAssessment = errors.New("ras: invalid assessment")
	// ErrMissingAnswer: a question the model needs was not answered and the
	// model declares no default for it.
	ErrMissingAnswer = errors.New("ras: missing answer")
	// ErrInvalidAnswer: an answer names an unknown question or option, or a
	// number out of range.
	ErrInvalidAnswer = errors.New("ras: invalid answer")
	// ErrInvalidAmount: an amount of money is not finite, negative where it
	// must not be, or out of range.
	ErrInvalidAmount = errors.New("ras: invalid amount")
	// ErrInvalidDate: a date could not be parsed.
	ErrInvalidDate = errors.New("ras: invalid date")
	// ErrUnknownModel: no shipped model has that name.
	ErrUnknownModel = errors.New("ras: unknown model")
	// ErrCohort: the model does not apply to the assessment's cohort.
	ErrCohort = errors.New("ras: model does not apply to this cohort")
)

// FieldError is a problem with one field of a model or a record. Path names
// the field, for example "domains[2].questions[5].options[1].points" or
// "person.living_setting". Its message names the record first:
// "ras: assessment A-1: person.age: 150 is out of range 0..120", or
// "ras: model m: domains[0].id: must not be empty".
type FieldError struct {
	Record string // id of the assessment or model, when known
	Path   string
	Msg    string
	Err    error // the sentinel class
}

func (e *FieldError) Error() string { return "ras: " + e.body() }

func (e *FieldError) body() string {
	if e.Record != "" || e.Err == ErrInvalidAssessment {
		return fmt.Sprintf("%s: %s: %s", e.record(), e.Path, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// record names the record the field belongs to: "model X" for a model's
// field, else "assessment X".
func (e *FieldError) record() string {
	if e.Err == ErrInvalidModel {
		return "model " + quoteID(e.Record)
	}
	return "assessment " + quoteID(e.Record)
}

// Unwrap returns the sentinel class.
func (e *FieldError) Unwrap() error { return e.Err }

// FieldErrors is a list of field errors, returned when validation finds more
// than one problem. errors.As finds each *FieldError and errors.Is the
// sentinel.
type FieldErrors []*FieldError

func (es FieldErrors) Error() string {
	var b strings.Builder
	b.WriteString("ras: ")
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		if i > 0 && e.Record != "" && e.Record == es[i-1].Record && e.Err == es[i-1].Err {
			// The record is named once for a run of its fields.
			fmt.Fprintf(&b, "%s: %s", e.Path, e.Msg)
			continue
		}
		b.WriteString(e.body())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

type fieldErrors []struct{ path, msg string }

func (f *fieldErrors) add(path, msg string) {
	*f = append(*f, struct{ path, msg string }{path, msg})
}

func (f fieldErrors) err(record string, class error) error {
	if len(f) == 0 {
		return nil
	}
	out := make(FieldErrors, len(f))
	for i, e := range f {
		out[i] = &FieldError{Record: record, Path: e.path, Msg: e.msg, Err: class}
	}
	return out
}

// AnswerError reports a missing or invalid answer, or a fact about the
// person that a model needs and the assessment does not hold. Its message
// names the assessment and the field: "ras: assessment A-1: answers.q1:
// \"x\" is not an option", or "ras: assessment A-1: person.age: the model
// needs the person's age or date of birth".
type AnswerError struct {
	Assessment string // assessment id
	Question   string // the question, for an answer; empty otherwise
	// Path is the field at fault when it is not an answer (for example
	// "person.age" or "informal_help"); empty for an answer, whose path is
	// "answers." + Question.
	Path string
	Msg  string
	Err  error // ErrMissingAnswer or ErrInvalidAnswer
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("ras: assessment %s: %s: %s", quoteID(e.Assessment), e.path(), e.Msg)
}

// path returns the field at fault.
func (e *AnswerError) path() string {
	if e.Path != "" {
		return e.Path
	}
	return "answers." + quoteID(e.Question)
}

// Unwrap returns the sentinel class.
func (e *AnswerError) Unwrap() error { return e.Err }

// classError is an error with a message of its own, starting "ras: ", that
// unwraps to a sentinel class (or another error) whose text it does not
// repeat.
type classError struct {
	msg   string
	class error
}

func (e *classError) Error() string { return e.msg }
func (e *classError) Unwrap() error { return e.class }

// wrapf returns an error that reads "ras: " + the formatted message + ": "
// + err's message without its own "ras: " prefix, and unwraps to err: one
// prefix, however deep the wrapping.
func wrapf(err error, format string, args ...any) error {
	return &classError{msg: "ras: " + fmt.Sprintf(format, args...) + ": " + bare(err), class: err}
}

// bare returns err's message without the package prefix, to be put after
// another message that has it.
func bare(err error) string { return strings.TrimPrefix(err.Error(), "ras: ") }

// quoteID returns an id as it is when it is printable text, and quoted (with
// Go escapes) when it is empty or holds anything else, so that a message
// never carries a control character or broken text into a log; long ids are
// cut at 64 bytes.
func quoteID(id string) string {
	if id != "" && field.ID(id) == nil && !strings.ContainsAny(id, " :;\"") && len(id) <= 64 {
		return id
	}
	return quoteText(id)
}

// quoteText quotes s with Go escapes, cut at 64 bytes.
func quoteText(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "..."
	}
	return strconv.Quote(s)
}

// cohortList writes cohorts as "adult_social_care, carers".
func cohortList(cs []Cohort) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
