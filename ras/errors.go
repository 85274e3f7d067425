package ras

import (
	"errors"
	"fmt"
	"strings"
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
// "person.living_setting".
type FieldError struct {
	Record string // id of the assessment or model, when known
	Path   string
	Msg    string
	Err    error // the sentinel class
}

func (e *FieldError) Error() string { return "ras: " + e.body() }

func (e *FieldError) body() string {
	if e.Record != "" {
		return fmt.Sprintf("%s: %s: %s", e.Record, e.Path, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
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

// AnswerError reports a missing or invalid answer.
type AnswerError struct {
	Assessment string // assessment id
	Question   string
	Msg        string
	Err        error // ErrMissingAnswer or ErrInvalidAnswer
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("ras: assessment %s: answers.%s: %s", e.Assessment, e.Question, e.Msg)
}

// Unwrap returns the sentinel class.
func (e *AnswerError) Unwrap() error { return e.Err }
