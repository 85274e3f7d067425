package independence

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// RowStatus says whether one CSV data row was accepted and, if not, why.
type RowStatus struct {
	Line     int    // 1-based line of the row (the header is line 1)
	PersonID string // as read ("" if the cell was empty)
	Accepted bool
	Err      error // nil if accepted; otherwise *RowError values joined
}

// ReadReport lists every data row of a CSV input as accepted or rejected.
type ReadReport struct {
	Rows     []RowStatus
	Accepted int
	Rejected int
}

// Err joins the errors of all rejected rows (nil if none).
func (r *ReadReport) Err() error {
	var errs []error
	for _, s := range r.Rows {
		if s.Err != nil {
			errs = append(errs, s.Err)
		}
	}
	return errors.Join(errs...)
}

type csvTable struct {
	cr     *csv.Reader
	header []string
	col    map[string]int
}

func openCSV(r io.Reader) (*csvTable, error) {
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("independence: CSV: empty input: %w", ErrHeader)
		}
		return nil, fmt.Errorf("%w: CSV header: %w", ErrHeader, err)
	}
	t := &csvTable{cr: cr, header: slices.Clone(header), col: map[string]int{}}
	for c, h := range header {
		h = strings.TrimSpace(h)
		t.header[c] = h
		if _, dup := t.col[h]; dup {
			return nil, &RowError{Line: 1, Column: c + 1, Field: h, Msg: "duplicate column", Err: ErrHeader}
		}
		t.col[h] = c
	}
	return t, nil
}

func (t *csvTable) require(names ...string) error {
	for _, n := range names {
		if _, ok := t.col[n]; !ok {
			return &RowError{Line: 1, Field: n, Msg: fmt.Sprintf("missing column (header %q)", strings.Join(t.header, ",")), Err: ErrHeader}
		}
	}
	return nil
}

// next returns the next record and its line; io.EOF at the end. A CSV
// syntax error is returned as a *RowError for that row (reading continues).
func (t *csvTable) next() ([]string, int, error) {
	rec, err := t.cr.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, &RowError{Line: pe.StartLine, Msg: csvProblem(pe), Err: ErrInvalidValue}
		}
		return nil, 0, fmt.Errorf("independence: CSV: %w", err)
	}
	line, _ := t.cr.FieldPos(0)
	return rec, line, nil
}

// csvProblem says what encoding/csv found wrong with a record, the whole
// row being at fault (its RowError has column 0): the cause, where in the
// line, and the lines a quote left open swallowed (up to the next quote or
// the end), which are lost as rows.
func csvProblem(pe *csv.ParseError) string {
	if pe.Line > pe.StartLine {
		return fmt.Sprintf("%v; lines %d to %d could not be read as rows", pe.Err, pe.StartLine, pe.Line)
	}
	return fmt.Sprintf("%v (byte %d of the line)", pe.Err, pe.Column)
}

// width returns a *RowError (ErrFieldCount) for a row with more or fewer
// fields than the header, naming the first field beyond the header or the
// first one missing; nil otherwise.
func (t *csvTable) width(rec []string, line int) error {
	if len(rec) == len(t.header) {
		return nil
	}
	col, name := len(t.header)+1, ""
	if len(rec) < len(t.header) {
		col, name = len(rec)+1, t.header[len(rec)]
	}
	return &RowError{Line: line, Column: col, Field: name,
		Msg: fmt.Sprintf("%d fields, the header has %d", len(rec), len(t.header)), Err: ErrFieldCount}
}

// reject lists a row as rejected for err.
func (rep *ReadReport) reject(line int, pid string, err error) {
	rep.Rows = append(rep.Rows, RowStatus{Line: line, PersonID: pid, Err: err})
	rep.Rejected++
}

// bothErrors wraps two sentinels, a class of this package and a detail
// (for errors.Is with either).
type bothErrors [2]error

func (e bothErrors) Error() string   { return e[0].Error() + ": " + trimPkg(e[1]) }
func (e bothErrors) Unwrap() []error { return e[:] }

// checkID returns nil for an id that is valid UTF-8 without control
// characters, else a message saying where the fault is and an error
// wrapping ErrInvalidValue and field.ErrText.
func checkID(id string) (string, error) {
	if err := field.ID(id); err != nil {
		return strings.TrimSuffix(err.Error(), ": "+field.ErrText.Error()), bothErrors{ErrInvalidValue, field.ErrText}
	}
	return "", nil
}

// parseNumber parses a number in plain decimal notation
// (internal/field.Float). When s is not one it returns a message and the
// field sentinel (field.ErrNotDecimal or field.ErrNotFinite).
func parseNumber(s string) (float64, string, error) {
	x, err := field.Float(s)
	switch {
	case errors.Is(err, field.ErrNotFinite):
		return 0, "too large for a float64", field.ErrNotFinite
	case err != nil:
		return 0, "want a number in decimal digits, such as 12.5", field.ErrNotDecimal
	}
	return x, "", nil
}

func (t *csvTable) cell(rec []string, name string) (string, int) {
	c, ok := t.col[name]
	if !ok {
		return "", 0
	}
	if c >= len(rec) {
		return "", c + 1
	}
	return strings.TrimSpace(rec[c]), c + 1
}

// maxRowErrors bounds the rejected rows a reader keeps going after a
// syntax error storm (each rejected row is still listed).
const maxSyntaxErrors = 1000

// Assessment CSV columns.
const (
	ColPersonID   = "person_id"
	ColAssessedOn = "assessed_on" // YYYY-MM-DD
	ColAgeYears   = "age_years"
)

// ReadAssessmentsCSV reads assessments on instrument in from CSV. The
// header must hold person_id, assessed_on (YYYY-MM-DD), age_years and one
// column per item code of the instrument, and nothing else. Each cell of an
// item column is a level code or the level's score. A UTF-8 byte-order
// mark and CRLF line endings are accepted.
//
// Every data row is listed in the report as accepted or rejected with its
// reason (*RowError values naming line, column and field: ErrFieldCount for
// a row with more or fewer fields than the header; ErrInvalidValue, also
// wrapping field.ErrText for a person_id that is not valid UTF-8 or holds a
// control character, field.ErrYear for a date outside 1900–2100, and
// field.ErrNotDecimal or field.ErrNotFinite for an age not in plain decimal
// notation; ErrUnknownLevel for a cell that is neither a level code nor a
// number in plain decimal notation (so "0x1p1" is not the score 2);
// ErrScoreOutOfRange; ErrDateOrder when a person's date is not after their
// previous accepted row). The returned error is non-nil
// only for a bad header (ErrHeader) or a read failure; rejected rows do not
// make it non-nil (see ReadReport.Err).
func ReadAssessmentsCSV(r io.Reader, in *Instrument) ([]Assessment, *ReadReport, error) {
	ix, err := in.index()
	if err != nil {
		return nil, nil, err
	}
	t, err := openCSV(r)
	if err != nil {
		return nil, nil, err
	}
	if err := t.require(ColPersonID, ColAssessedOn, ColAgeYears); err != nil {
		return nil, nil, err
	}
	itemCols := make([]string, len(in.Items))
	for i, it := range in.Items {
		itemCols[i] = it.Code
	}
	if err := t.require(itemCols...); err != nil {
		return nil, nil, err
	}
	for c, h := range t.header {
		if _, ok := ix.items[h]; !ok && h != ColPersonID && h != ColAssessedOn && h != ColAgeYears {
			return nil, nil, &RowError{Line: 1, Column: c + 1, Field: h, Msg: "unknown column: not an item of instrument " + in.ID, Err: ErrHeader}
		}
	}
	rep := &ReadReport{}
	var out []Assessment
	lastDate := map[string]struct {
		d    time.Time
		line int
	}{}
	syntax := 0
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := rep.malformed(line, err, &syntax); err != nil {
				return out, rep, err
			}
			continue
		}
		if err := t.width(rec, line); err != nil {
			pid, _ := t.cell(rec, ColPersonID)
			rep.reject(line, pid, err)
			continue
		}
		var errs []error
		bad := func(col int, field, value, msg string, e error) {
			errs = append(errs, &RowError{Line: line, Column: col, Field: field, Value: value, Msg: msg, Err: e})
		}
		pid, pc := t.cell(rec, ColPersonID)
		if pid == "" {
			bad(pc, ColPersonID, "", "must not be empty", ErrInvalidValue)
		} else if msg, err := checkID(pid); err != nil {
			bad(pc, ColPersonID, pid, msg, err)
			pid = "" // not a key for the date order below
		}
		ds, dc := t.cell(rec, ColAssessedOn)
		date, derr := time.Parse(time.DateOnly, ds)
		if derr != nil {
			bad(dc, ColAssessedOn, ds, "want a date YYYY-MM-DD", ErrInvalidValue)
		} else if field.Year(date.Year()) != nil {
			derr = field.ErrYear
			bad(dc, ColAssessedOn, ds, yearMsg, errYear)
		}
		as, ac := t.cell(rec, ColAgeYears)
		age, msg, aerr := parseNumber(as)
		switch {
		case aerr != nil:
			bad(ac, ColAgeYears, as, msg, bothErrors{ErrInvalidValue, aerr})
		case age < 0 || age > 130:
			bad(ac, ColAgeYears, as, "want a number of years in [0, 130]", ErrInvalidValue)
		}
		levels := make(map[string]string, len(in.Items))
		for i, it := range in.Items {
			v, c := t.cell(rec, it.Code)
			if _, msg, e := ix.resolveMsg(i, v, in.ID); e != nil {
				bad(c, it.Code, v, msg, e)
				continue
			}
			levels[it.Code] = v
		}
		if derr == nil && pid != "" {
			if prev, ok := lastDate[pid]; ok && !date.After(prev.d) {
				bad(dc, ColAssessedOn, ds, fmt.Sprintf("not after the person's previous assessment on line %d (%s)", prev.line, prev.d.Format(time.DateOnly)), ErrDateOrder)
			}
		}
		if len(errs) > 0 {
			rep.reject(line, pid, errors.Join(errs...))
			continue
		}
		lastDate[pid] = struct {
			d    time.Time
			line int
		}{date, line}
		out = append(out, Assessment{PersonID: pid, Date: date, AgeYears: age, Levels: levels})
		rep.Rows = append(rep.Rows, RowStatus{Line: line, PersonID: pid, Accepted: true})
		rep.Accepted++
	}
	return out, rep, nil
}

// Help CSV columns.
const (
	ColHelperID     = "helper_id" // optional
	ColRelationship = "relationship"
	ColActivity     = "activity"
	ColHoursPerWeek = "hours_per_week"
)

// ReadHelpCSV reads informal help entries from CSV with columns person_id,
// relationship, activity, hours_per_week and optionally helper_id (other
// columns are an error). Rows are validated as HelpEntry.Validate does
// (negative hours → ErrNegativeHours; ids that are not valid UTF-8 or hold a
// control character → ErrInvalidValue wrapping field.ErrText); hours must be
// in plain decimal notation (ErrInvalidValue wrapping field.ErrNotDecimal or
// field.ErrNotFinite); a row with more or fewer fields than the header is
// rejected with ErrFieldCount. Every row is listed in the report. The error
// is non-nil only for a bad header or a read failure.
func ReadHelpCSV(r io.Reader) ([]HelpEntry, *ReadReport, error) {
	t, err := openCSV(r)
	if err != nil {
		return nil, nil, err
	}
	if err := t.require(ColPersonID, ColRelationship, ColActivity, ColHoursPerWeek); err != nil {
		return nil, nil, err
	}
	known := []string{ColPersonID, ColHelperID, ColRelationship, ColActivity, ColHoursPerWeek}
	for c, h := range t.header {
		if !slices.Contains(known, h) {
			return nil, nil, &RowError{Line: 1, Column: c + 1, Field: h, Msg: fmt.Sprintf("unknown column (want %v)", known), Err: ErrHeader}
		}
	}
	rep := &ReadReport{}
	var out []HelpEntry
	syntax := 0
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := rep.malformed(line, err, &syntax); err != nil {
				return out, rep, err
			}
			continue
		}
		if err := t.width(rec, line); err != nil {
			pid, _ := t.cell(rec, ColPersonID)
			rep.reject(line, pid, err)
			continue
		}
		var h HelpEntry
		h.PersonID, _ = t.cell(rec, ColPersonID)
		h.HelperID, _ = t.cell(rec, ColHelperID)
		h.Relationship, _ = t.cell(rec, ColRelationship)
		h.Activity, _ = t.cell(rec, ColActivity)
		hs, hc := t.cell(rec, ColHoursPerWeek)
		var errs []error
		x, msg, perr := parseNumber(hs)
		if perr != nil {
			errs = append(errs, &RowError{Line: line, Column: hc, Field: ColHoursPerWeek, Value: hs, Msg: msg, Err: bothErrors{ErrInvalidValue, perr}})
		} else {
			h.HoursPerWeek = x
		}
		if verr := h.Validate(0); verr != nil {
			for _, e := range unjoin(verr) {
				var re *RecordError
				if errors.As(e, &re) {
					if perr != nil && re.Field == ColHoursPerWeek {
						continue
					}
					_, col := t.cell(rec, re.Field)
					errs = append(errs, &RowError{Line: line, Column: col, Field: re.Field, Value: re.Value, Msg: re.Msg, Err: re.Err})
				}
			}
		}
		if len(errs) > 0 {
			rep.reject(line, h.PersonID, errors.Join(errs...))
			continue
		}
		out = append(out, h)
		rep.Rows = append(rep.Rows, RowStatus{Line: line, PersonID: h.PersonID, Accepted: true})
		rep.Accepted++
	}
	return out, rep, nil
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// malformed records a row the CSV reader could not parse as rejected. It
// returns an error, ending the read, for an I/O error or after
// maxSyntaxErrors malformed rows.
func (rep *ReadReport) malformed(line int, err error, syntax *int) error {
	var re *RowError
	if !errors.As(err, &re) {
		return err
	}
	rep.reject(line, "", err)
	if *syntax++; *syntax > maxSyntaxErrors {
		return fmt.Errorf("independence: CSV: more than %d malformed rows, giving up: %w", maxSyntaxErrors, ErrInvalidValue)
	}
	return nil
}
