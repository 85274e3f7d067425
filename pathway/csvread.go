package pathway

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/internal/field"
)

// RowError reports a rejected CSV row: the line (1-based, the header being
// line 1 in a file without a byte-order mark or blank lines), the column
// (1-based field number; for ErrFieldCount the first field beyond the
// header or the first one missing; 0 when the problem is the whole row),
// the column's name ("" for ErrFieldCount and ErrCSV) and the reason, which
// unwraps to a sentinel error (ErrMissing, ErrID, ErrDate,
// ErrUnknownEventType, ErrUnknownService, ErrNumber, ErrNegativeAmount,
// ErrEndBeforeStart, ErrFieldCount, ErrCSV, ErrText).
type RowError struct {
	Line   int
	Column int
	Field  string
	Err    error
}

func (e *RowError) Error() string {
	switch {
	case e.Column == 0:
		return fmt.Sprintf("pathway: line %d: %v", e.Line, e.Err)
	case e.Field == "":
		return fmt.Sprintf("pathway: line %d, column %d: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("pathway: line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// ReadReport accounts for every data row a reader saw: Rows = Accepted +
// len(Rejected). Accepted records carry their Line; each rejected row has
// one RowError giving the first problem found.
type ReadReport struct {
	Rows     int
	Accepted int
	Rejected []*RowError
}

// column describes one CSV column a reader understands.
type column struct {
	name     string
	aliases  []string
	required bool
}

// csvTable reads a CSV with a header, mapping known columns by name.
type csvTable struct {
	r     *csv.Reader
	cols  []column
	pos   []int // field index of each column, -1 if absent
	width int   // fields in the header
	rec   []string
	line  int
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func newCSVTable(r io.Reader, cols []column) (*csvTable, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, bom) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: empty input, no header", ErrHeader)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	t := &csvTable{r: cr, cols: cols, pos: make([]int, len(cols)), width: len(header)}
	idx := map[string]int{}
	for i, h := range header {
		n := normName(h)
		if _, dup := idx[n]; dup && n != "" {
			return nil, fmt.Errorf("%w: column %q appears twice", ErrHeader, h)
		}
		idx[n] = i
	}
	var missing []string
	for c, col := range cols {
		t.pos[c] = -1
		for _, n := range append([]string{col.name}, col.aliases...) {
			if i, ok := idx[n]; ok {
				t.pos[c] = i
				break
			}
		}
		if t.pos[c] < 0 && col.required {
			missing = append(missing, col.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: missing required column(s) %s", ErrHeader, strings.Join(missing, ", "))
	}
	return t, nil
}

// next reads the next row. It returns io.EOF at the end, a *RowError for a
// malformed row or one whose number of fields differs from the header's
// (reading can continue), or another error (fatal).
func (t *csvTable) next() error {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.line = pe.StartLine
			if pe.Line > pe.StartLine {
				// A quote left open swallows the lines after it, up to the
				// next quote or the end: say which lines were lost.
				return &RowError{Line: pe.StartLine, Err: fmt.Errorf("%w: %v; lines %d to %d could not be read as rows", ErrCSV, pe.Err, pe.StartLine, pe.Line)}
			}
			return &RowError{Line: pe.StartLine, Err: fmt.Errorf("%w: %v", ErrCSV, pe.Err)}
		}
		if err != nil {
			return err
		}
		t.line, _ = t.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		t.rec = rec
		if len(rec) != t.width {
			// Column: the first field beyond the header, or the first one missing.
			return &RowError{Line: t.line, Column: min(len(rec), t.width) + 1,
				Err: fmt.Errorf("%w: %d fields, the header has %d", ErrFieldCount, len(rec), t.width)}
		}
		return nil
	}
}

// get returns column c's trimmed value ("" if the column is absent).
func (t *csvTable) get(c int) string {
	if t.pos[c] < 0 {
		return ""
	}
	return strings.TrimSpace(t.rec[t.pos[c]])
}

func (t *csvTable) fail(c int, err error) *RowError {
	col := 0
	if t.pos[c] >= 0 {
		col = t.pos[c] + 1
	}
	return &RowError{Line: t.line, Column: col, Field: t.cols[c].name, Err: err}
}

// required returns column c's value or a RowError when it is empty.
func (t *csvTable) required(c int) (string, *RowError) {
	v := t.get(c)
	if v == "" {
		return "", t.fail(c, ErrMissing)
	}
	return v, nil
}

// id returns identifier column c's value ("" if absent or empty), or a
// RowError when it is required and empty (ErrMissing) or is not valid UTF-8
// or holds a control character (ErrID wrapping field.ErrText).
func (t *csvTable) id(c int, need bool) (string, *RowError) {
	v := t.get(c)
	if v == "" {
		if need {
			return "", t.fail(c, ErrMissing)
		}
		return "", nil
	}
	if err := field.ID(v); err != nil {
		return "", t.fail(c, fmt.Errorf("%w: %w", ErrID, err))
	}
	return v, nil
}

// text returns free-text column c's value ("" if absent or empty), or a
// RowError (ErrText wrapping field.ErrText) when it is not valid UTF-8 or
// holds a control character, as an id would.
func (t *csvTable) text(c int) (string, *RowError) {
	v := t.get(c)
	if err := field.ID(v); err != nil {
		return "", t.fail(c, fmt.Errorf("%w: %w", ErrText, err))
	}
	return v, nil
}

func (t *csvTable) date(c int, need bool) (Date, *RowError) {
	v := t.get(c)
	if v == "" {
		if need {
			return NoDate, t.fail(c, fmt.Errorf("%w: date missing", ErrDate))
		}
		return NoDate, nil
	}
	d, err := ParseDate(v)
	if err != nil {
		return NoDate, t.fail(c, err)
	}
	return d, nil
}

// parseAmount parses a plain decimal amount (optional leading "£" or "-",
// digits, at most one point; no exponent, at most 15 digits before the point
// and 8 after) so that hostile input cannot make huge numbers. Text that is
// not a number in plain decimal notation at all (hexadecimal, digit
// separators, Inf, NaN) also wraps field.ErrNotDecimal.
func parseAmount(s string) (decimal.Decimal, error) {
	s = strings.TrimPrefix(s, "£")
	body := strings.TrimPrefix(s, "-")
	if _, err := field.Float(body); errors.Is(err, field.ErrNotDecimal) {
		return decimal.Zero, fmt.Errorf("%w: %q (want a plain decimal such as 123.45): %w", ErrNumber, s, field.ErrNotDecimal)
	}
	intPart, frac, hasPoint := strings.Cut(body, ".")
	ok := len(intPart)+len(frac) > 0 && len(intPart) <= 15 && len(frac) <= 8 && (!hasPoint || len(frac) > 0 || len(intPart) > 0)
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				ok = false
			}
		}
	}
	if !ok {
		return decimal.Zero, fmt.Errorf("%w: %q (want a plain decimal such as 123.45)", ErrNumber, s)
	}
	return decimal.NewFromString(s)
}

func (t *csvTable) amount(c int, need bool) (decimal.Decimal, *RowError) {
	v := t.get(c)
	if v == "" {
		if need {
			return decimal.Zero, t.fail(c, ErrMissing)
		}
		return decimal.Zero, nil
	}
	d, err := parseAmount(v)
	if err != nil {
		return decimal.Zero, t.fail(c, err)
	}
	if d.Sign() < 0 {
		return decimal.Zero, t.fail(c, fmt.Errorf("%w: %s", ErrNegativeAmount, v))
	}
	return d, nil
}

// readAll drives a reader: row parses the current row into a record.
func readAll[T any](r io.Reader, cols []column, row func(t *csvTable) (T, *RowError)) ([]T, *ReadReport, error) {
	t, err := newCSVTable(r, cols)
	if err != nil {
		return nil, nil, err
	}
	rep := &ReadReport{}
	var out []T
	for {
		err := t.next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			rep.Rows++
			rep.Rejected = append(rep.Rejected, re)
			continue
		}
		if err != nil {
			return out, rep, fmt.Errorf("pathway: reading line %d: %w", t.line, err)
		}
		rep.Rows++
		rec, re := row(t)
		if re != nil {
			rep.Rejected = append(rep.Rejected, re)
			continue
		}
		rep.Accepted++
		out = append(out, rec)
	}
	return out, rep, nil
}

const (
	evPerson = iota
	evType
	evDate
	evEpisode
	evOutcome
	evID
	evService
)

var eventCols = []column{
	{name: "person_id", aliases: []string{"la_person_unique_identifier", "person"}, required: true},
	{name: "event_type", required: true},
	{name: "event_date", aliases: []string{"date", "event_start_date"}, required: true},
	{name: "episode_id", aliases: []string{"episode", "case_id"}},
	{name: "event_outcome", aliases: []string{"outcome"}},
	{name: "event_id", aliases: []string{"event_reference"}},
	{name: "service_id"},
}

// ReadEvents reads pathway events from CSV with a header row. Columns
// (case-insensitive; spaces or underscores): person_id, event_type,
// event_date (required); episode_id, event_outcome, event_id, service_id
// (optional). Unknown columns are ignored. Event types are parsed by
// ParseEventType, dates by ParseDate. A UTF-8 byte-order mark and CRLF line
// ends are accepted. Rows that cannot be used are reported in the
// ReadReport, not returned; the error is non-nil only for a bad header or a
// read failure.
func ReadEvents(r io.Reader) ([]Event, *ReadReport, error) {
	return readAll(r, eventCols, func(t *csvTable) (Event, *RowError) {
		e := Event{Line: t.line}
		var re *RowError
		if e.PersonID, re = t.id(evPerson, true); re != nil {
			return e, re
		}
		ts, re := t.required(evType)
		if re != nil {
			return e, re
		}
		et, err := ParseEventType(ts)
		if err != nil {
			return e, t.fail(evType, err)
		}
		e.Type = et
		if e.Date, re = t.date(evDate, true); re != nil {
			return e, re
		}
		if e.Episode, re = t.id(evEpisode, false); re != nil {
			return e, re
		}
		if e.Outcome, re = t.text(evOutcome); re != nil {
			return e, re
		}
		e.Class = ClassifyOutcome(e.Outcome)
		if e.EventID, re = t.id(evID, false); re != nil {
			return e, re
		}
		if e.ServiceID, re = t.id(evService, false); re != nil {
			return e, re
		}
		return e, nil
	})
}

const (
	svID = iota
	svPerson
	svType
	svStart
	svEnd
	svProvider
	svEpisode
	svUnits
	svCost
)

var serviceCols = []column{
	{name: "service_id", required: true},
	{name: "person_id", aliases: []string{"la_person_unique_identifier", "person"}, required: true},
	{name: "service_type", required: true},
	{name: "start_date", aliases: []string{"service_start", "start"}, required: true},
	{name: "end_date", aliases: []string{"service_end", "end"}},
	{name: "provider", aliases: []string{"provider_name", "provider_cqc_location_name"}},
	{name: "episode_id", aliases: []string{"episode", "case_id"}},
	{name: "planned_units_per_week", aliases: []string{"units_per_week"}},
	{name: "unit_cost"},
}

// ReadServices reads commissioned services from CSV. Columns: service_id,
// person_id, service_type, start_date (required); end_date (empty while
// open), provider, episode_id, planned_units_per_week, unit_cost (optional;
// plain decimals, >= 0). Rejected: missing or unparseable dates, end before
// start, unknown service types, negative or unparseable units or cost.
func ReadServices(r io.Reader) ([]Service, *ReadReport, error) {
	return readAll(r, serviceCols, func(t *csvTable) (Service, *RowError) {
		s := Service{Line: t.line}
		var re *RowError
		if s.ServiceID, re = t.id(svID, true); re != nil {
			return s, re
		}
		if s.PersonID, re = t.id(svPerson, true); re != nil {
			return s, re
		}
		ts, re := t.required(svType)
		if re != nil {
			return s, re
		}
		st, err := ParseServiceType(ts)
		if err != nil {
			return s, t.fail(svType, err)
		}
		s.Type = st
		if s.Start, re = t.date(svStart, true); re != nil {
			return s, re
		}
		if s.End, re = t.date(svEnd, false); re != nil {
			return s, re
		}
		if s.End.Valid() && s.End < s.Start {
			return s, t.fail(svEnd, fmt.Errorf("%w: ends %v, starts %v", ErrEndBeforeStart, s.End, s.Start))
		}
		if s.Provider, re = t.text(svProvider); re != nil {
			return s, re
		}
		if s.Episode, re = t.id(svEpisode, false); re != nil {
			return s, re
		}
		if s.PlannedUnitsPerWeek, re = t.amount(svUnits, false); re != nil {
			return s, re
		}
		if s.UnitCost, re = t.amount(svCost, false); re != nil {
			return s, re
		}
		return s, nil
	})
}

const (
	fnPerson = iota
	fnService
	fnStart
	fnEnd
	fnAmount
	fnID
)

var financeCols = []column{
	{name: "person_id", aliases: []string{"la_person_unique_identifier", "person"}, required: true},
	{name: "service_id"},
	{name: "period_start", aliases: []string{"period", "date"}, required: true},
	{name: "period_end"},
	{name: "amount", required: true},
	{name: "transaction_id"},
}

// ReadTransactions reads finance transactions from CSV. Columns: person_id,
// period_start, amount (required); service_id, period_end (defaults to
// period_start), transaction_id (optional). Amounts are plain decimals in
// pounds (an optional leading "£"); negative amounts are rejected, as are
// missing or unparseable dates and a period that ends before it starts.
func ReadTransactions(r io.Reader) ([]Transaction, *ReadReport, error) {
	return readAll(r, financeCols, func(t *csvTable) (Transaction, *RowError) {
		x := Transaction{Line: t.line}
		var re *RowError
		if x.PersonID, re = t.id(fnPerson, true); re != nil {
			return x, re
		}
		if x.ServiceID, re = t.id(fnService, false); re != nil {
			return x, re
		}
		if x.PeriodStart, re = t.date(fnStart, true); re != nil {
			return x, re
		}
		if x.PeriodEnd, re = t.date(fnEnd, false); re != nil {
			return x, re
		}
		if !x.PeriodEnd.Valid() {
			x.PeriodEnd = x.PeriodStart
		}
		if x.PeriodEnd < x.PeriodStart {
			return x, t.fail(fnEnd, fmt.Errorf("%w: period ends %v, starts %v", ErrEndBeforeStart, x.PeriodEnd, x.PeriodStart))
		}
		if x.Amount, re = t.amount(fnAmount, true); re != nil {
			return x, re
		}
		if x.TransactionID, re = t.id(fnID, false); re != nil {
			return x, re
		}
		return x, nil
	})
}
