// Package disclosure applies small-number suppression to counts before they
// are published, so that no person can be singled out from an aggregate
// table. It works on a list of counts with a published total ([SuppressList]),
// on a two-way table with published row and column totals
// ([SuppressTable]), and on counts in lines of any shape, a line's total
// being published outright or itself a count that may be hidden
// ([SuppressLines]: several areas' tables and the table of their sums).
//
// # The rule
//
// Let T be Options.Threshold (5 when zero).
//
// Primary suppression: a count c with 0 < c < T is hidden (status
// [Primary]). A zero count is shown by default, because a true zero
// discloses nothing about a person and hiding every zero makes tables
// unreadable; set Options.SuppressZeros to hide zeros too (they are then
// Primary). Counts >= T are never primary-suppressed. With T = 5 this is the
// usual "fewer than 5" rule: 1, 2, 3 and 4 are hidden.
//
// Secondary (complementary) suppression: row totals, column totals and the
// grand total (for a list, its total) are assumed to be published, so a
// single hidden cell in a line (a row, a column, or the list) could be
// recovered by subtracting the shown cells from the line's total. Therefore,
// whenever a line of more than one cell has exactly one hidden cell, one more
// cell of that line is hidden (status [Secondary]): the shown cell with the
// smallest non-zero count, or, if every shown cell of the line is zero, the
// first shown zero. Ties are broken by the lowest index (leftmost in a row,
// topmost in a column). Hiding a cell can leave another line with a single
// hidden cell, so the step is repeated — all rows in order, then all
// columns in order — until no line of more than one cell has exactly one
// hidden cell. Each step hides one more cell, so this ends. A line that
// consists of a single cell is left alone (its only cell equals its total).
//
// Lines taken together can give away what no line does alone: with x + y,
// y + z and x + z each known from a line, x is their alternating sum over
// two. [SuppressLines] therefore audits its result: by exact elimination
// over the lines' equations it finds every primary count that the shown
// counts determine, and hides one more count of an equation that
// determines it (one whose hiding leaves it undetermined, when there is
// one: the smallest non-zero), applying the line rule again, until no
// primary count is determined. A secondary count may stay determined: it
// is not small, and was hidden only to protect others. A count that the
// lines determine however many counts are hidden (a cell alone in a line
// whose total is published outright) cannot be protected and is left as
// it is.
//
// Set Options.WithoutTotals when no totals at all are published; then only
// primary suppression is applied.
//
// # What it does not do
//
// The rule stops exact recovery of a hidden cell by subtraction within one
// line, and [SuppressLines] stops exact recovery of a primary count from
// all its lines together. Neither guarantees protection against every
// inference: the sum of the hidden cells of a line can still be derived
// from the total, and the lines with the counts' being non-negative (a
// linear-programming attack) can bound hidden cells, sometimes narrowly.
// [SuppressList] and [SuppressTable] do not audit (in a list no count is
// determined by its one line; in a two-way table a hidden cell can be
// determined only in rare patterns of hidden cells joined by a single
// cell). [SuppressList] and [SuppressTable] take their totals to be
// published as the caller computes them and do not suppress them; if a
// total may itself be below the threshold, give it to [SuppressLines] as a
// count of its own (a line's Total index), where it is hidden when small
// and protected with its line. Rounding and merging of categories are the
// caller's job.
//
// # Derived figures
//
// A rate, share or percentage computed from a hidden count discloses that
// count, so it must be hidden too: use [Table.Hidden], [List.Hidden] or
// [Status.Hidden] to blank derived figures cell by cell. [Table.Format] and
// [List.Format] render a cell as its count or, when hidden, as
// Options.PrimaryMark or Options.SecondaryMark ("*" by default for both, so
// that readers cannot tell which hidden cells are the small ones; set
// PrimaryMark to "<5" to follow the "<5" convention).
//
// # Errors
//
// A negative count is an error ([ErrNegative], reported as a *[CellError]
// with its position), as are rows of different lengths ([ErrRagged]), a
// line naming a count that is not there ([ErrLine]) and a negative
// threshold ([ErrThreshold]). Inputs are not modified; results are
// plain values, safe to read concurrently.
package disclosure
