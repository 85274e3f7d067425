package disclosure

import (
	"errors"
	"fmt"
)

// ErrLine: a line names a count that is not there.
var ErrLine = errors.New("disclosure: line index out of range")

// Line is a group of counts whose total is published, for SuppressLines:
// Cells are the indices of its counts, and Total the index of the count
// that is their total, itself subject to suppression (an all-areas count
// beside the areas' counts, say), or −1 when the total is published
// outright (a table's row and column totals).
type Line struct {
	Cells []int
	Total int
}

// SuppressLines applies the package's rule to counts arranged in lines of
// any shape: several tables and the table of their sums, a table and its
// totals across groups. Primary suppression hides every small count;
// then, until no line changes, a line whose members (its cells, and its
// total when that is a count) have exactly one hidden member hides one
// more: the shown member with the smallest non-zero count (cells before
// the total, lowest index on ties), else the first shown zero. A total
// that is a count is a member like the cells: a line with its total and
// one cell hidden needs nothing more, and a hidden total whose cells are
// all shown (their sum would give it away) is protected by hiding one of
// them. So, once done, no line of two or more members has exactly one
// hidden member: none is the difference of the shown ones. Then the
// result is audited (see the package documentation): no primary count is
// determined by the lines taken together either. A line of one cell and
// a total published outright cannot be protected (the cell is the
// total); give such a total as a count. SuppressTable's rule is that of
// SuppressLines with a line per row and per column, their totals
// published outright, without the audit. With opts.WithoutTotals only
// primary suppression is applied.
func SuppressLines(counts []int, lines []Line, opts Options) (*List, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	o := opts.resolved()
	l := &List{Counts: append([]int(nil), counts...), Status: make([]Status, len(counts)), Options: o}
	for i, c := range counts {
		if c < 0 {
			return nil, &CellError{Row: 0, Col: i, Value: c, Err: ErrNegative}
		}
		if o.primary(c) {
			l.Status[i] = Primary
		}
	}
	members := make([][]int, len(lines))
	for k, ln := range lines {
		m := append([]int(nil), ln.Cells...)
		if ln.Total >= 0 {
			m = append(m, ln.Total)
		} else if ln.Total != -1 {
			return nil, fmt.Errorf("%w: line %d, total %d", ErrLine, k, ln.Total)
		}
		for _, i := range m {
			if i < 0 || i >= len(counts) {
				return nil, fmt.Errorf("%w: line %d, index %d of %d counts", ErrLine, k, i, len(counts))
			}
		}
		members[k] = m
	}
	if o.WithoutTotals {
		return l, nil
	}
	l.audit(lines, members)
	return l, nil
}
