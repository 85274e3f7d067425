package cld

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// ReadReport accounts for every record read: Rows = Accepted + Rejected.
// Rejected rows are counted by reason in RejectedBy; the first
// Options.MaxErrors of them are in Errors with line, column and reason.
// Findings are problems in accepted rows (a value outside its list, a
// blank mandatory field, an invalid cost…); they are all counted in
// Quality, and the first Options.MaxFindings are in Findings.
type ReadReport struct {
	Layout   Layout
	Rows     int
	Accepted int
	Rejected int
	// RejectedBy counts rejected rows by reason (the sentinel the row's
	// RowError unwraps to).
	RejectedBy []ReasonCount
	Errors     []*RowError
	// ErrorsDropped is Rejected − len(Errors).
	ErrorsDropped int

	// Columns says what became of each header column; Absent lists the
	// typed columns the file does not have (their values are blank in
	// every row and are not counted in Quality).
	Columns []ColumnUse
	Absent  []string

	Quality       *Quality
	Findings      []Finding
	FindingsTotal int

	// Superseded is the number of accepted rows in submissions superseded
	// by a later import of the same council and reporting period
	// (Submission.SupersededBy ≥ 0). They are kept in Data: measures
	// choose which rows to use (see Data.LatestSubmissions).
	Superseded int
	// Persons is the hybrid person rule applied to every accepted row
	// (Data.Person): how many rows were keyed by NHS number, by local id,
	// and how many were removed.
	Persons PersonCounts
}

// ReasonCount is a number of rows with one reason.
type ReasonCount struct {
	Reason error
	Count  int
}

// Status is the state of one field of one accepted row, as NHS England's
// data-quality reports class them.
type Status uint8

// Statuses.
const (
	// StatusValid: a valid value (for a defined list: the canonical
	// spelling, up to letter case).
	StatusValid Status = iota
	// StatusVariant: a defined-list value in a variant spelling, recorded
	// as the canonical value.
	StatusVariant
	// StatusBlank: blank, and not mandatory in this row.
	StatusBlank
	// StatusBlankMandatory: blank though mandatory in this row.
	StatusBlankMandatory
	// StatusInvalid: a value outside its list, or that fails validation;
	// the row's value is recorded as invalid (or unknown).
	StatusInvalid
	numStatus
)

var statusNames = [numStatus]string{"valid", "variant spelling", "blank", "blank (mandatory)", "invalid"}

// String names the status.
func (s Status) String() string {
	if s < numStatus {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Finding is a problem in one field of an accepted row. Err unwraps to
// ErrNotInList, ErrVariant, ErrBlankMandatory, ErrNumber, ErrNHSNumber,
// ErrBirth or ErrNoPerson.
type Finding struct {
	Line   int
	Column int    // 1-based field number, 0 when the column is absent
	Field  string // the column's name in reports
	Status Status
	// Value is the text as given (at most 64 bytes kept); empty for blank
	// fields. NHS numbers and person ids are not repeated.
	Value string
	Err   error
}

func (f Finding) Error() string {
	if f.Column == 0 {
		return fmt.Sprintf("cld: line %d (%s): %v", f.Line, f.Field, f.Err)
	}
	return fmt.Sprintf("cld: line %d, column %d (%s): %v", f.Line, f.Column, f.Field, f.Err)
}

func (f Finding) Unwrap() error { return f.Err }

// Quality counts the status of every typed field of every accepted row by
// council, in the long form of NHS England's data-quality reports, and
// lists the values outside their lists and the variant spellings.
type Quality struct {
	layout   Layout
	councils []string
	counts   [][numCols][numStatus]int
	present  [numCols]bool
	// Values lists each distinct invalid value and variant spelling by
	// council and field, most frequent first within a field. At most
	// maxDistinctValues are listed; ValuesDropped counts the rest.
	Values        []ValueCount
	ValuesDropped int
}

// ValueCount is how often one council gave one invalid or variant value
// in one field.
type ValueCount struct {
	Council string
	Field   string
	Status  Status // StatusInvalid or StatusVariant
	Value   string
	// Canonical is the value a variant spelling was recorded as.
	Canonical string
	Count     int
}

// QualityRow is one line of the long-form data-quality table.
type QualityRow struct {
	Council string
	Field   string
	Status  Status
	Count   int
}

// Fields returns the names of the typed fields present in the file
// (NHS England's spellings; the specification's for the council layout's
// own columns).
func (q *Quality) Fields() []string {
	var out []string
	for c := range numCols {
		if q.present[c] {
			out = append(out, nameIn(c, q.layout))
		}
	}
	return out
}

// Count returns how many accepted rows of the council (all councils when
// council is "") had field in status s.
func (q *Quality) Count(council, field string, s Status) int {
	c := colByName(field)
	if c >= numCols || !q.present[c] || s >= numStatus {
		return 0
	}
	n := 0
	for k, name := range q.councils {
		if council == "" || council == name {
			n += q.counts[k][c][s]
		}
	}
	return n
}

// colByName finds a typed column by any of its names.
func colByName(field string) colID {
	if ref, ok := headerIndex[string(headerKey(field))]; ok {
		return ref.col
	}
	return numCols
}

// Rows returns the non-zero counts by council, field and status.
func (q *Quality) Rows() []QualityRow {
	var out []QualityRow
	for k, name := range q.councils {
		for c := range numCols {
			if !q.present[c] {
				continue
			}
			for s := range numStatus {
				if n := q.counts[k][c][s]; n > 0 {
					out = append(out, QualityRow{Council: name, Field: nameIn(c, q.layout), Status: s, Count: n})
				}
			}
		}
	}
	return out
}

// WriteCSV writes the long-form table (council, field, status, count)
// followed by the invalid and variant values (council, field, status,
// count, value, recorded_as), one CSV with a header.
func (q *Quality) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"council", "field", "status", "count", "value", "recorded_as"})
	for _, r := range q.Rows() {
		_ = cw.Write([]string{r.Council, r.Field, r.Status.String(), strconv.Itoa(r.Count), "", ""})
	}
	for _, v := range q.Values {
		_ = cw.Write([]string{v.Council, v.Field, v.Status.String(), strconv.Itoa(v.Count), v.Value, v.Canonical})
	}
	cw.Flush()
	return cw.Error()
}

// maxDistinctValues bounds the distinct invalid and variant values listed.
const maxDistinctValues = 10_000

type valueKey struct {
	council uint32
	col     colID
	status  Status
	value   string
}

// qualityBuilder accumulates Quality while reading.
type qualityBuilder struct {
	q       Quality
	values  map[valueKey]int
	canon   map[valueKey]string
	dropped int
}

func (b *qualityBuilder) council(name string) {
	b.q.councils = append(b.q.councils, name)
	b.q.counts = append(b.q.counts, [numCols][numStatus]int{})
}

func (b *qualityBuilder) value(council uint32, c colID, s Status, v []byte, canonical string) {
	k := valueKey{council, c, s, ""}
	if b.values == nil {
		b.values, b.canon = map[valueKey]int{}, map[valueKey]string{}
	}
	k.value = string(v)
	if _, ok := b.values[k]; !ok && len(b.values) >= maxDistinctValues {
		b.dropped++
		return
	}
	b.values[k]++
	if canonical != "" {
		b.canon[k] = canonical
	}
}

func (b *qualityBuilder) finish() *Quality {
	q := &b.q
	for k, n := range b.values {
		q.Values = append(q.Values, ValueCount{Council: q.councils[k.council], Field: nameIn(k.col, q.layout),
			Status: k.status, Value: k.value, Canonical: b.canon[k], Count: n})
	}
	slices.SortFunc(q.Values, func(a, b ValueCount) int {
		return cmp.Or(cmp.Compare(a.Council, b.Council), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Status, b.Status),
			cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	q.ValuesDropped = b.dropped
	return q
}

// rejectReasons are the sentinels a RowError unwraps to, in report order.
var rejectReasons = []error{ErrCSV, ErrFieldCount, ErrMissing, ErrDate, ErrEndBeforeStart, ErrText, ErrNotInList}

func reasonOf(err error) error {
	for _, s := range rejectReasons {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}
