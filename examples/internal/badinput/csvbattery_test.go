package badinput

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// rejection is one reason a reader gave for rejecting a row.
type rejection struct {
	line, col int
	field     string
	err       error
}

// readOutcome is what a CSV reader made of a document, reduced to what the
// contract speaks of.
type readOutcome struct {
	fatal    error
	rows     int                 // data rows the reader says it read
	accepted int                 // rows accepted
	rejected map[int][]rejection // by line: every reason given
	rejRows  int                 // rows rejected (lines with a rejection)
	values   []map[string]string // what the accepted rows hold, by column, where the adapter says
}

// csvFormat describes one CSV reader: its columns, a valid row, and which
// values of each column it must accept.
type csvFormat struct {
	entry     string
	header    []string
	row       []string
	accept    map[string]rule // column → must the value be accepted?
	sentinels []error         // a rejection unwraps to one of these
	// fieldName maps a header name to the name a rejection gives it ("" if the reader
	// names it as in the header).
	fieldName func(h string) string
	// alt lists other columns a rejection caused by a column may name (the
	// column a cross-field check reports).
	alt map[string][]string
	// wholeRow lists the columns whose problems a reader may report for the
	// whole row (column 0) as documented.
	read func(doc string) readOutcome
	// keys are the columns made unique in a document of several rows.
	keys []string
	// skip lists columns not to vary (a key whose value other columns depend on).
	skip map[string]bool
}

// A rule says whether a value must be accepted (yes), rejected (no), or
// may be either (either: a documented choice the contract leaves open).
type rule func(v string) int

const (
	no     = 0
	yes    = 1
	either = -1
)

// must turns a predicate into a rule.
func must(p func(string) bool) rule {
	return func(v string) int {
		if p(v) {
			return yes
		}
		return no
	}
}

// unless is r, except that values for which open holds may go either way.
func unless(open func(string) bool, r rule) rule {
	return func(v string) int {
		if open(v) {
			return either
		}
		return r(v)
	}
}

// Predicates of what must be accepted.
func trim(v string) string { return strings.TrimSpace(v) }
func blank(v string) bool  { return trim(v) == "" }
func text(v string) bool   { return field.ID(trim(v)) == nil }
func idReq(v string) bool  { return !blank(v) && text(v) }
func idOpt(v string) bool  { return blank(v) || text(v) }
func never(string) bool    { return false }
func onlyBlank(v string) bool {
	return blank(v)
}
func oneOf(vals ...string) func(string) bool {
	return func(v string) bool {
		for _, w := range vals {
			if trim(v) == w {
				return true
			}
		}
		return false
	}
}
func or(fs ...func(string) bool) func(string) bool {
	return func(v string) bool {
		for _, f := range fs {
			if f(v) {
				return true
			}
		}
		return false
	}
}

// isoDate: YYYY-MM-DD, a day of the calendar, year 1900–2100.
func isoDate(v string) bool {
	s := trim(v)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	var y, m, d int
	if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil {
		return false
	}
	for _, c := range s[:4] + s[5:7] + s[8:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	dim := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		dim = 29
	}
	return d <= dim
}

// plainNumber: field.Float's rule, on the trimmed text.
func plainNumber(v string) (float64, bool) {
	x, err := field.Float(trim(v))
	return x, err == nil
}

func numberIn(lo, hi float64) func(string) bool {
	return func(v string) bool {
		x, ok := plainNumber(v)
		return ok && x >= lo && x <= hi
	}
}

// runCSVFormat varies every column of f's valid row through the hostile
// values, one at a time, and checks each outcome against the contract.
func runCSVFormat(t *testing.T, f csvFormat) {
	t.Helper()
	// The valid row itself is accepted.
	out := f.read(csvText(f.header, f.row))
	if out.fatal != nil || out.accepted != 1 {
		t.Fatalf("%s: the valid row is not accepted: %+v", f.entry, out)
	}
	n := 0
	for i, h := range f.header {
		if f.skip[h] {
			continue
		}
		accept := f.accept[h]
		if accept == nil {
			t.Fatalf("%s: no rule for column %s", f.entry, h)
		}
		for _, hv := range hostileValues {
			n++
			what := fmt.Sprintf("%s: column %s = %s (%q)", f.entry, h, hv.name, short(hv.v))
			var o readOutcome
			if safely(t, what, func() { o = f.read(csvText(f.header, with(f.row, i, hv.v))) }) {
				continue
			}
			checkOutcome(t, f, what, o, 1)
			want := accept(hv.v)
			rej := o.rejected[2]
			switch {
			case o.fatal != nil:
			case want == yes && len(rej) > 0:
				reportf(t, "%s: OVER-REJECTED: a value the contract accepts was rejected: %v", what, rej[0].err)
			case want == no && len(rej) == 0:
				reportf(t, "%s: SILENTLY ACCEPTED", what)
			case len(rej) > 0:
				// The rejection names this column (or the whole row for a
				// problem of the row as such).
				located := false
				for _, r := range rej {
					name := h
					if f.fieldName != nil {
						name = f.fieldName(h)
					}
					if r.col == i+1 && (r.field == name || r.field == h) {
						located = true
					}
					for _, a := range f.alt[h] {
						if r.field == a && r.col > 0 && f.header[r.col-1] == a {
							located = true
						}
					}
				}
				if !located {
					reportf(t, "%s: UNLOCATED: rejected, but not at column %d (%s): %v", what, i+1, h, rejList(rej))
				}
			}
		}
	}
	fed(f.entry, n)
}

// checkOutcome checks what holds for every document: no fatal error, the
// accounting, and every rejection located and classed.
func checkOutcome(t *testing.T, f csvFormat, what string, o readOutcome, rows int) {
	t.Helper()
	if o.fatal != nil {
		reportf(t, "%s: the whole read failed: %v", what, o.fatal)
		return
	}
	if rows >= 0 && o.rows != rows {
		reportf(t, "%s: %d rows read, want %d", what, o.rows, rows)
	}
	if o.accepted+o.rejRows != o.rows {
		reportf(t, "%s: ACCOUNTING: %d accepted + %d rejected ≠ %d read", what, o.accepted, o.rejRows, o.rows)
	}
	for line, rs := range o.rejected {
		for _, r := range rs {
			if r.line != line || r.line < 2 {
				reportf(t, "%s: UNLOCATED: rejection without its line: %+v", what, r)
			}
			if r.err == nil || !isAny(r.err, f.sentinels) {
				reportf(t, "%s: rejection %v unwraps to none of the package's sentinels", what, r.err)
			}
			if r.err != nil && !utf8.ValidString(r.err.Error()) {
				reportf(t, "%s: the message of %v is not valid UTF-8", what, r.err)
			}
		}
	}
}

func isAny(err error, targets []error) bool {
	for _, s := range targets {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func rejList(rs []rejection) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "[line %d col %d field %q: %v] ", r.line, r.col, r.field, r.err)
	}
	return b.String()
}

func short(s string) string {
	if len(s) > 40 {
		return s[:20] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}
