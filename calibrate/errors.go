package calibrate

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, so callers can classify failures with errors.Is.
var (
	// ErrInvalidInput reports an argument that is unusable for a reason not
	// covered by a more specific sentinel (bad option, duplicate column name,
	// negative weight, unknown weight kind, ...).
	ErrInvalidInput = errors.New("calibrate: invalid input")
	// ErrNonFinite reports a NaN or ±Inf in a design, response or weight.
	// It is always wrapped in a *DataError naming the row and the column.
	ErrNonFinite = errors.New("calibrate: non-finite value")
	// ErrLength reports slices or matrices whose lengths do not agree.
	ErrLength = errors.New("calibrate: length mismatch")
	// ErrEmpty reports a design with no rows or no columns.
	ErrEmpty = errors.New("calibrate: empty design")
	// ErrRankDeficient reports linearly dependent design columns when the
	// caller asked for an error instead of R-style aliasing; it is wrapped in
	// an *AliasedError naming the columns.
	ErrRankDeficient = errors.New("calibrate: rank-deficient design")
	// ErrNoResidualDF reports a fit with no residual degrees of freedom where
	// a quantity needs them.
	ErrNoResidualDF = errors.New("calibrate: no residual degrees of freedom")
	// ErrDomain reports response values that a transformation or a GLM family
	// cannot take (log of a non-positive cost, a negative count, ...). It is
	// wrapped in a *DomainError naming the rows.
	ErrDomain = errors.New("calibrate: value outside the domain")
	// ErrNotConverged reports an iterative fit that stopped before meeting
	// its convergence criterion; it is wrapped in a *ConvergenceError.
	ErrNotConverged = errors.New("calibrate: not converged")
)

// DataError reports a bad value at one cell of the input.
//
// Row is the 0-based row index in the design (the observation); Column is
// the design column name, or the response / weight name for those vectors.
type DataError struct {
	Row    int
	Column string
	Value  float64
	Err    error // a sentinel, usually ErrNonFinite or ErrInvalidInput
}

func (e *DataError) Error() string {
	return fmt.Sprintf("calibrate: row %d (0-based), column %q: value %v: %s",
		e.Row, e.Column, e.Value, strings.TrimPrefix(e.Err.Error(), "calibrate: "))
}

func (e *DataError) Unwrap() error { return e.Err }

// DomainError reports rows whose values lie outside the domain of a
// transformation or a family, for example non-positive costs under log.
// Rows holds every offending 0-based row index, in increasing order.
type DomainError struct {
	Column string
	Rows   []int
	Reason string // e.g. "log needs cost > 0"
	Err    error  // ErrDomain
}

func (e *DomainError) Error() string {
	const show = 10
	var b strings.Builder
	fmt.Fprintf(&b, "calibrate: column %q: %d row(s) outside the domain (%s): rows (0-based) ",
		e.Column, len(e.Rows), e.Reason)
	for i, r := range e.Rows {
		if i == show {
			fmt.Fprintf(&b, ", ... (%d more)", len(e.Rows)-show)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", r)
	}
	return b.String()
}

func (e *DomainError) Unwrap() error { return e.Err }

// AliasedError names design columns that are linear combinations of the
// columns before them (R reports their coefficients as NA).
type AliasedError struct {
	Columns []string
	Err     error // ErrRankDeficient
}

func (e *AliasedError) Error() string {
	return fmt.Sprintf("calibrate: rank-deficient design: aliased column(s) %s",
		quoteList(e.Columns))
}

func (e *AliasedError) Unwrap() error { return e.Err }

// ConvergenceError reports an iterative fit that did not converge.
type ConvergenceError struct {
	Method     string  // e.g. "glm", "rlm"
	Iterations int     // iterations performed
	LastChange float64 // the last value of the convergence criterion
	Tolerance  float64 // the tolerance it had to fall below
	Err        error   // ErrNotConverged
}

func (e *ConvergenceError) Error() string {
	return fmt.Sprintf("calibrate: %s not converged after %d iterations: last change %g (tolerance %g)",
		e.Method, e.Iterations, e.LastChange, e.Tolerance)
}

func (e *ConvergenceError) Unwrap() error { return e.Err }

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// invalidf returns an error wrapping ErrInvalidInput with a formatted detail.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidInput}, args...)...)
}

// lengthf returns an error wrapping ErrLength with a formatted detail.
func lengthf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrLength}, args...)...)
}
