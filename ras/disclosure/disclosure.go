package disclosure

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrNegative: a count is negative.
	ErrNegative = errors.New("disclosure: negative count")
	// ErrRagged: the rows of a table differ in length.
	ErrRagged = errors.New("disclosure: rows of different lengths")
	// ErrThreshold: Options.Threshold is negative.
	ErrThreshold = errors.New("disclosure: negative threshold")
)

// CellError reports a bad count and where it is. For a list Col is the
// index and Row is 0.
type CellError struct {
	Row, Col int
	Value    int
	Err      error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("disclosure: cell [%d][%d] = %d: %v", e.Row, e.Col, e.Value, e.Err)
}

// Unwrap returns the sentinel error.
func (e *CellError) Unwrap() error { return e.Err }

// DefaultThreshold is the threshold used when Options.Threshold is 0.
const DefaultThreshold = 5

// Options controls suppression. The zero value means: threshold 5, zeros
// shown, totals published (secondary suppression on), hidden cells rendered
// as "*".
type Options struct {
	// Threshold: counts c with 0 < c < Threshold are hidden (primary).
	// 0 means DefaultThreshold (5); negative is an error.
	Threshold int
	// SuppressZeros also hides zero counts (as primary). Default false:
	// zeros are shown.
	SuppressZeros bool
	// WithoutTotals says that no totals are published, so secondary
	// suppression is not needed and is skipped. Default false.
	WithoutTotals bool
	// PrimaryMark is what Format prints for a primary-suppressed cell;
	// "" means "*". "<5" (for threshold 5) is a common alternative.
	PrimaryMark string
	// SecondaryMark is what Format prints for a secondary-suppressed cell;
	// "" means "*".
	SecondaryMark string
}

// Validate reports ErrThreshold for a negative threshold.
func (o Options) Validate() error {
	if o.Threshold < 0 {
		return fmt.Errorf("%w: %d", ErrThreshold, o.Threshold)
	}
	return nil
}

func (o Options) resolved() Options {
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.PrimaryMark == "" {
		o.PrimaryMark = "*"
	}
	if o.SecondaryMark == "" {
		o.SecondaryMark = "*"
	}
	return o
}

// primary reports whether count c is primary-suppressed.
func (o Options) primary(c int) bool {
	if c == 0 {
		return o.SuppressZeros
	}
	return c < o.Threshold
}

// Status says whether a cell is shown and, if not, why.
type Status uint8

const (
	// Shown: the count is published.
	Shown Status = iota
	// Primary: the count is below the threshold (or a suppressed zero).
	Primary
	// Secondary: hidden so that a primary cell cannot be recovered from a
	// total.
	Secondary
)

// Hidden reports whether the cell must not be published (Primary or
// Secondary); figures derived from it must be hidden too.
func (s Status) Hidden() bool { return s != Shown }

// String returns "shown", "primary" or "secondary".
func (s Status) String() string {
	switch s {
	case Shown:
		return "shown"
	case Primary:
		return "primary"
	case Secondary:
		return "secondary"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText returns the String form, so that JSON and other text
// encodings say "shown", "primary" or "secondary" rather than a number.
func (s Status) MarshalText() ([]byte, error) {
	if s > Secondary {
		return nil, fmt.Errorf("disclosure: status %d out of range", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses "shown", "primary" or "secondary".
func (s *Status) UnmarshalText(text []byte) error {
	for _, v := range []Status{Shown, Primary, Secondary} {
		if string(text) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("disclosure: unknown status %q", text)
}

func (o Options) format(c int, s Status) string {
	switch s {
	case Primary:
		return o.PrimaryMark
	case Secondary:
		return o.SecondaryMark
	}
	return strconv.Itoa(c)
}

// List is a suppressed one-way list of counts.
type List struct {
	Counts  []int    // the counts, copied from the input
	Status  []Status // per count
	Options Options  // the options used, with defaults filled in
}

// Hidden reports whether count i must not be published.
func (l *List) Hidden(i int) bool { return l.Status[i].Hidden() }

// Format renders count i: the number, or the mark for a hidden cell.
func (l *List) Format(i int) string { return l.Options.format(l.Counts[i], l.Status[i]) }

// SuppressList applies the package's rule to a list of counts whose total
// is published (unless opts.WithoutTotals): primary suppression, then, if
// exactly one count of two or more is hidden, the smallest shown non-zero
// count (else the first shown zero) is hidden as well.
func SuppressList(counts []int, opts Options) (*List, error) {
	cells := make([]int, len(counts))
	for i := range cells {
		cells[i] = i
	}
	return SuppressLines(counts, []Line{{Cells: cells, Total: -1}}, opts)
}

// Table is a suppressed two-way table (rows × columns).
type Table struct {
	Counts  [][]int    // the counts, copied from the input
	Status  [][]Status // per cell, same shape as Counts
	Options Options    // the options used, with defaults filled in
}

// Hidden reports whether cell (i, j) must not be published.
func (t *Table) Hidden(i, j int) bool { return t.Status[i][j].Hidden() }

// Format renders cell (i, j): the number, or the mark for a hidden cell.
func (t *Table) Format(i, j int) string { return t.Options.format(t.Counts[i][j], t.Status[i][j]) }

// SuppressTable applies the package's rule (see the package documentation)
// to a table whose row, column and grand totals are published (unless
// opts.WithoutTotals). All rows must have the same length.
func SuppressTable(counts [][]int, opts Options) (*Table, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	o := opts.resolved()
	nr := len(counts)
	nc := 0
	if nr > 0 {
		nc = len(counts[0])
	}
	t := &Table{Counts: make([][]int, nr), Status: make([][]Status, nr), Options: o}
	for i, row := range counts {
		if len(row) != nc {
			return nil, fmt.Errorf("%w: row %d has %d cells, row 0 has %d", ErrRagged, i, len(row), nc)
		}
		t.Counts[i] = append([]int(nil), row...)
		t.Status[i] = make([]Status, nc)
		for j, c := range row {
			if c < 0 {
				return nil, &CellError{Row: i, Col: j, Value: c, Err: ErrNegative}
			}
			if o.primary(c) {
				t.Status[i][j] = Primary
			}
		}
	}
	if o.WithoutTotals {
		return t, nil
	}
	for changed := true; changed; {
		changed = false
		for i := range nr {
			changed = protectLine(nc,
				func(k int) int { return t.Counts[i][k] },
				func(k int) *Status { return &t.Status[i][k] }) || changed
		}
		for j := range nc {
			changed = protectLine(nr,
				func(k int) int { return t.Counts[k][j] },
				func(k int) *Status { return &t.Status[k][j] }) || changed
		}
	}
	return t, nil
}

// protectLine hides one more cell of a line of n cells if exactly one is
// hidden and n > 1: the shown cell with the smallest non-zero count (lowest
// index on ties), else the first shown zero. It reports whether it hid one.
func protectLine(n int, count func(int) int, status func(int) *Status) bool {
	if n < 2 {
		return false
	}
	hidden := 0
	best, firstZero := -1, -1
	for k := range n {
		if status(k).Hidden() {
			hidden++
			continue
		}
		switch c := count(k); {
		case c == 0:
			if firstZero < 0 {
				firstZero = k
			}
		case best < 0 || c < count(best):
			best = k
		}
	}
	if hidden != 1 {
		return false
	}
	if best < 0 {
		best = firstZero
	}
	// n > 1 and one hidden cell: at least one cell is shown, so best >= 0.
	*status(best) = Secondary
	return true
}
