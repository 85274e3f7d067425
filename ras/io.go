package ras

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// ErrRow is the class of every rejected input row: errors.Is(err, ErrRow)
// holds for a *RowError.
var ErrRow = errors.New("ras: rejected row")

// RowError says why one input row or record was rejected: the line (CSV, 1
// for the header) or the index of the record (JSON, from 0), the column and
// its name, the record's id when it could be read, and the cause.
type RowError struct {
	Line   int    // CSV line number; 0 for JSON
	Index  int    // JSON record index; −1 for CSV
	Column int    // 1-based CSV column, 0 when the whole row is at fault
	Field  string // column name or JSON field path
	Record string // assessment id, when known
	Err    error
}

func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString("ras: ")
	if e.Index >= 0 {
		fmt.Fprintf(&b, "record %d", e.Index)
	} else {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
	}
	// A cause that names the assessment and the field (a *FieldError or an
	// *AnswerError) says where; otherwise the row error does.
	named := false
	var fe *FieldError
	var ae *AnswerError
	switch {
	case errors.As(e.Err, &fe):
		named = fe.Record == e.Record && (fe.Record != "" || fe.Err == ErrInvalidAssessment)
	case errors.As(e.Err, &ae):
		named = ae.Assessment == e.Record
	}
	if e.Field != "" && (e.Index < 0 || !named) {
		fmt.Fprintf(&b, " (%s)", quoteID(e.Field))
	}
	if e.Record != "" && !named {
		fmt.Fprintf(&b, ", assessment %s", quoteID(e.Record))
	}
	b.WriteString(": ")
	b.WriteString(bare(e.Err))
	return b.String()
}

// Unwrap returns the cause.
func (e *RowError) Unwrap() []error { return []error{e.Err, ErrRow} }

// ReadReport accounts for every row read: each is accepted or rejected, and
// each rejection carries its reason.
type ReadReport struct {
	Rows     int         // data rows or records read
	Accepted int         // rows returned as assessments
	Rejected []*RowError // one per rejected row, in input order
}

// String summarises the report in one line.
func (r *ReadReport) String() string {
	return fmt.Sprintf("%d rows read: %d accepted, %d rejected", r.Rows, r.Accepted, len(r.Rejected))
}

// ReadOptions control ReadCSV and ReadJSON. The zero value reads without a
// model.
type ReadOptions struct {
	// Model, when set, checks every answer against the questionnaire: an
	// unknown question or option, or a number out of range, rejects the
	// row. It also tells number answers (read as numbers) from options, and
	// makes the answers' ids share the model's strings, which an engine
	// compiled from the same model matches fastest. With no model, every CSV
	// answer is read as an option id.
	Model *Model
	// IgnoreUnknownColumns skips CSV columns that are neither a person or
	// assessment field nor a question of Model (only with Model). Without
	// it, such a column is a fatal error, because it is likely a typo that
	// would otherwise drop answers silently.
	IgnoreUnknownColumns bool
}

// The fixed CSV columns. Every other column is a question id.
const (
	colID           = "assessment_id"
	colDate         = "date"
	colCohort       = "cohort"
	colModel        = "model"
	colModelVersion = "model_version"
	colPerson       = "person_id"
	colDOB          = "date_of_birth"
	colAge          = "age"
	colSetting      = "living_setting"
	colLocality     = "locality"
	colGender       = "gender"
	colSafety       = "safety"
	colCaredFor     = "cared_for_id"
	colPlanned      = "planned_weekly"
	colInformal     = "informal_help"
	colIndependence = "independence"
	colEligibility  = "eligibility"
	colBudgetStart  = "budget_start"
	colAddOns       = "add_ons"
)

var fixedColumns = []string{colID, colDate, colCohort, colModel, colModelVersion, colPerson, colDOB, colAge, colSetting,
	colLocality, colGender, colSafety, colCaredFor, colPlanned, colInformal, colIndependence, colEligibility,
	colBudgetStart, colAddOns}

// AssessmentColumns returns the fixed CSV columns in the order WriteCSV
// writes them. The CSV format, one row per assessment:
//
//   - assessment_id, date (YYYY-MM-DD), cohort, person_id, living_setting:
//     required;
//   - model, model_version, date_of_birth, age, locality, gender, safety,
//     cared_for_id, planned_weekly (pounds, for example 312.50): optional;
//   - informal_help: "helper|activity|hours[|lives_with]" entries separated
//     by ";", for example "spouse|personal_care|10|yes;son|meals|3";
//   - independence: "activity=level" entries separated by ";";
//   - eligibility: "framework|decision|YYYY-MM-DD" entries separated by ";";
//   - budget_start: the date the budget starts (YYYY-MM-DD), for a model
//     that pro-rates;
//   - add_ons: approved add-ons, "add_on|amount|approved_on[|reference]"
//     entries separated by ";", the amount empty when the model fixes it,
//     for example "san|5000.00|2025-09-01|SAN-0042;equipment||2025-09-03";
//   - one column per question, headed by the question id; an empty cell is
//     a missing answer.
func AssessmentColumns() []string { return append([]string(nil), fixedColumns...) }

type questionInfo struct {
	id       string // the model's own string, so answers share its bytes
	number   bool
	min, max float64
	options  map[string]string // option id → the model's own string
}

func modelIndex(m *Model) map[string]*questionInfo {
	if m == nil {
		return nil
	}
	idx := map[string]*questionInfo{}
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			qi := &questionInfo{id: q.ID, number: q.Type == QuestionNumber, options: map[string]string{}}
			if q.Min != nil && q.Max != nil {
				qi.min, qi.max = *q.Min, *q.Max
			}
			for _, o := range q.Options {
				qi.options[o.ID] = o.ID
			}
			idx[q.ID] = qi
		}
	}
	return idx
}

// ReadCSV reads assessments, one per row (see AssessmentColumns for the
// format). A UTF-8 byte-order mark and CRLF line endings are accepted. Every
// row is either returned or listed in the report's rejections with its line,
// column and reason. The error is non-nil only when the input as a whole
// cannot be read (no header, a duplicate or unknown column, an I/O error).
func ReadCSV(r io.Reader, opt ReadOptions) ([]Assessment, *ReadReport, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, nil, wrapf(ErrRow, "CSV has no header row")
		}
		return nil, nil, fmt.Errorf("ras: reading CSV header: %w", err)
	}
	header = append([]string(nil), header...)
	idx := modelIndex(opt.Model)
	fixed := map[string]int{}
	type qcol struct {
		col  int
		id   string
		info *questionInfo
	}
	var qcols []qcol
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		if seen[h] {
			return nil, nil, &RowError{Line: 1, Index: -1, Column: i + 1, Field: h, Err: errors.New("duplicate column")}
		}
		seen[h] = true
		isFixed := false
		for _, f := range fixedColumns {
			if h == f {
				fixed[h] = i
				isFixed = true
			}
		}
		if isFixed {
			continue
		}
		if h == "" {
			return nil, nil, &RowError{Line: 1, Index: -1, Column: i + 1, Err: errors.New("empty column name")}
		}
		if !textOK(h) {
			return nil, nil, &RowError{Line: 1, Index: -1, Column: i + 1, Field: h, Err: fmt.Errorf("column name %s", textProblem(h))}
		}
		if idx != nil {
			info, ok := idx[h]
			if !ok {
				if opt.IgnoreUnknownColumns {
					continue
				}
				return nil, nil, &RowError{Line: 1, Index: -1, Column: i + 1, Field: h, Err: fmt.Errorf("not a field and not a question of model %s", opt.Model.ID)}
			}
			qcols = append(qcols, qcol{i, info.id, info})
			continue
		}
		qcols = append(qcols, qcol{i, h, nil})
	}
	for _, req := range []string{colID, colDate, colCohort, colPerson, colSetting} {
		if _, ok := fixed[req]; !ok {
			return nil, nil, &RowError{Line: 1, Index: -1, Field: req, Err: errors.New("required column is missing")}
		}
	}
	rep := &ReadReport{}
	var out []Assessment
	firstLine := map[string]int{} // assessment id → line of its first accepted row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rep.Rows++
				// The whole row is at fault (column 0): encoding/csv's column
				// is a byte of the line, not a field.
				re := &RowError{Line: pe.StartLine, Index: -1, Err: fmt.Errorf("%w (byte %d of the line)", pe.Err, pe.Column)}
				if pe.Line > pe.StartLine {
					// A quote left open swallows the lines after it, up to the
					// next quote or the end: say which lines were lost.
					re.Err = fmt.Errorf("%w; lines %d to %d could not be read as rows", pe.Err, pe.StartLine, pe.Line)
				}
				rep.Rejected = append(rep.Rejected, re)
				continue
			}
			return out, rep, fmt.Errorf("ras: reading CSV: %w", err)
		}
		rep.Rows++
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			rep.Rejected = append(rep.Rejected, &RowError{Line: line, Index: -1, Err: fmt.Errorf("has %d fields, the header has %d", len(rec), len(header))})
			continue
		}
		reject := func(col int, id string, err error) {
			rep.Rejected = append(rep.Rejected, &RowError{Line: line, Index: -1, Column: col + 1, Field: header[col], Record: id, Err: err})
		}
		get := func(name string) (string, int) {
			if i, ok := fixed[name]; ok {
				return strings.TrimSpace(rec[i]), i
			}
			return "", -1
		}
		var a Assessment
		a.ID, _ = get(colID)
		ok := true
		fail := func(col int, err error) {
			if ok {
				reject(col, a.ID, err)
			}
			ok = false
		}
		if s, c := get(colDate); s != "" {
			d, err := ParseDate(s)
			if err != nil {
				fail(c, err)
			}
			a.Date = d
		}
		s, _ := get(colCohort)
		a.Cohort = Cohort(s)
		a.Model, _ = get(colModel)
		a.ModelVersion, _ = get(colModelVersion)
		a.Person.ID, _ = get(colPerson)
		if s, c := get(colDOB); s != "" {
			d, err := ParseDate(s)
			if err != nil {
				fail(c, err)
			}
			a.Person.DateOfBirth = d
		}
		if s, c := get(colAge); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				fail(c, fmt.Errorf("age %q is not a whole number", s))
			}
			a.Person.Age = &n
		}
		s, _ = get(colSetting)
		a.Person.LivingSetting = LivingSetting(s)
		a.Person.Locality, _ = get(colLocality)
		a.Person.Gender, _ = get(colGender)
		s, _ = get(colSafety)
		a.Safety = SafetyLevel(s)
		a.CaredForID, _ = get(colCaredFor)
		if s, c := get(colPlanned); s != "" {
			d, err := parseAmount(s)
			if err != nil {
				fail(c, err)
			}
			a.PlannedWeekly = &d
		}
		if s, c := get(colInformal); s != "" {
			ih, err := parseInformal(s)
			if err != nil {
				fail(c, err)
			}
			a.InformalHelp = ih
		}
		if s, c := get(colIndependence); s != "" {
			il, err := parseIndependence(s)
			if err != nil {
				fail(c, err)
			}
			a.Independence = il
		}
		if s, c := get(colEligibility); s != "" {
			el, err := parseEligibility(s)
			if err != nil {
				fail(c, err)
			}
			a.Eligibility = el
		}
		if s, c := get(colBudgetStart); s != "" {
			d, err := ParseDate(s)
			if err != nil {
				fail(c, err)
			}
			a.BudgetStart = d
		}
		if s, c := get(colAddOns); s != "" {
			ao, err := parseAddOns(s)
			if err != nil {
				fail(c, err)
			}
			a.AddOns = ao
		}
		for _, q := range qcols {
			v := strings.TrimSpace(rec[q.col])
			if v == "" {
				continue
			}
			ans := Answer{Question: q.id, Option: v}
			if q.info != nil {
				if q.info.number {
					f, err := field.Float(v)
					if err != nil || !(f >= q.info.min && f <= q.info.max) {
						fail(q.col, fmt.Errorf("%q is not a number between %v and %v: %w", v, q.info.min, q.info.max, ErrInvalidAnswer))
						continue
					}
					ans = Answer{Question: q.id, Value: f, IsValue: true}
				} else if canon, ok := q.info.options[v]; ok {
					ans.Option = canon
				} else {
					fail(q.col, fmt.Errorf("%q is not an option of question %s: %w", v, q.id, ErrInvalidAnswer))
					continue
				}
			}
			a.Answers = append(a.Answers, ans)
		}
		if !ok {
			continue
		}
		if err := a.Validate(); err != nil {
			var fe *FieldError
			errors.As(err, &fe)
			if col := csvColumn(header, fe.Path); col >= 0 {
				reject(col, a.ID, err)
			} else {
				rep.Rejected = append(rep.Rejected, &RowError{Line: line, Index: -1, Field: fe.Path, Record: a.ID, Err: err})
			}
			continue
		}
		if l, dup := firstLine[a.ID]; dup {
			reject(fixed[colID], a.ID, fmt.Errorf("duplicate assessment id (first on line %d)", l))
			continue
		}
		firstLine[a.ID] = line
		rep.Accepted++
		out = append(out, a)
	}
	return out, rep, nil
}

// csvColumn returns the index of the CSV column that holds the field at a
// validation path, or -1 when no column holds it alone.
func csvColumn(header []string, path string) int {
	name := path
	switch {
	case strings.HasPrefix(path, "person."):
		name = map[string]string{"person.id": colPerson, "person.living_setting": colSetting, "person.age": colAge,
			"person.date_of_birth": colDOB, "person.locality": colLocality, "person.gender": colGender}[path]
	case strings.HasPrefix(path, "informal_help"):
		name = colInformal
	case strings.HasPrefix(path, "independence"):
		name = colIndependence
	case strings.HasPrefix(path, "eligibility"):
		name = colEligibility
	case strings.HasPrefix(path, "add_ons"):
		name = colAddOns
	case path == "id":
		name = colID
	case strings.HasPrefix(path, "answers."):
		name = strings.TrimPrefix(path, "answers.") // a question's column
	}
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// parseAmount reads an amount of pounds in plain decimal notation
// (field.Float's rule: no hexadecimal, digit separators, Inf or NaN, and
// finite as a float64), held exactly as a decimal. Its range is checked by
// Validate.
func parseAmount(s string) (decimal.Decimal, error) {
	if _, err := field.Float(s); err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s is not an amount in plain decimal notation", quoteText(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s is not an amount in plain decimal notation", quoteText(s))
	}
	return d, nil
}

func parseInformal(s string) ([]InformalHelp, error) {
	var out []InformalHelp
	for i, part := range strings.Split(s, ";") {
		f := strings.Split(strings.TrimSpace(part), "|")
		if len(f) < 3 || len(f) > 4 {
			return nil, fmt.Errorf("informal_help entry %d %q: want helper|activity|hours[|lives_with]", i+1, part)
		}
		h, err := field.Float(f[2])
		if err != nil {
			return nil, fmt.Errorf("informal_help entry %d: hours %q is not a number in plain decimal notation", i+1, f[2])
		}
		ih := InformalHelp{Helper: f[0], Activity: f[1], HoursPerWeek: h}
		if len(f) == 4 {
			switch f[3] {
			case "yes", "true", "1":
				ih.LivesWith = true
			case "no", "false", "0", "":
			default:
				return nil, fmt.Errorf("informal_help entry %d: lives_with %q is not yes or no", i+1, f[3])
			}
		}
		out = append(out, ih)
	}
	return out, nil
}

func parseIndependence(s string) ([]ActivityLevel, error) {
	var out []ActivityLevel
	for i, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("independence entry %d %q: want activity=level", i+1, part)
		}
		out = append(out, ActivityLevel{Activity: k, Level: v})
	}
	return out, nil
}

func parseAddOns(s string) ([]ApprovedAddOn, error) {
	var out []ApprovedAddOn
	for i, part := range strings.Split(s, ";") {
		f := strings.Split(strings.TrimSpace(part), "|")
		if len(f) < 3 || len(f) > 4 {
			return nil, fmt.Errorf("add_ons entry %d %q: want add_on|amount|approved_on[|reference]", i+1, part)
		}
		ao := ApprovedAddOn{AddOn: f[0]}
		if f[1] != "" {
			d, err := parseAmount(f[1])
			if err != nil {
				return nil, fmt.Errorf("add_ons entry %d: %w", i+1, err)
			}
			ao.Amount = &d
		}
		if f[2] != "" {
			d, err := ParseDate(f[2])
			if err != nil {
				return nil, fmt.Errorf("add_ons entry %d: %w", i+1, err)
			}
			ao.ApprovedOn = d
		}
		if len(f) == 4 {
			ao.Reference = f[3]
		}
		out = append(out, ao)
	}
	return out, nil
}

func parseEligibility(s string) ([]Eligibility, error) {
	var out []Eligibility
	for i, part := range strings.Split(s, ";") {
		f := strings.Split(strings.TrimSpace(part), "|")
		if len(f) != 3 {
			return nil, fmt.Errorf("eligibility entry %d %q: want framework|decision|YYYY-MM-DD", i+1, part)
		}
		e := Eligibility{Framework: f[0], Decision: Decision(f[1])}
		if f[2] != "" {
			d, err := ParseDate(f[2])
			if err != nil {
				return nil, fmt.Errorf("eligibility entry %d: %w", i+1, err)
			}
			e.DecidedOn = d
		}
		out = append(out, e)
	}
	return out, nil
}

// WriteCSV writes assessments in the format ReadCSV reads, with one column
// per question of m (in model order), so that a round trip keeps every
// field.
func WriteCSV(w io.Writer, m *Model, as []Assessment) error {
	cw := csv.NewWriter(w)
	header := AssessmentColumns()
	var qids []string
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			qids = append(qids, q.ID)
		}
	}
	if err := cw.Write(append(header, qids...)); err != nil {
		return err
	}
	row := make([]string, len(header)+len(qids))
	for i := range as {
		a := &as[i]
		if err := checkEncodable(a); err != nil {
			return err
		}
		clear(row)
		row[0], row[1], row[2], row[3], row[4], row[5] = a.ID, a.Date.String(), string(a.Cohort), a.Model, a.ModelVersion, a.Person.ID
		row[6] = a.Person.DateOfBirth.String()
		if a.Person.Age != nil {
			row[7] = strconv.Itoa(*a.Person.Age)
		}
		row[8], row[9], row[10], row[11], row[12] = string(a.Person.LivingSetting), a.Person.Locality, a.Person.Gender, string(a.Safety), a.CaredForID
		if a.PlannedWeekly != nil {
			row[13] = a.PlannedWeekly.String()
		}
		var parts []string
		for _, ih := range a.InformalHelp {
			p := ih.Helper + "|" + ih.Activity + "|" + strconv.FormatFloat(ih.HoursPerWeek, 'g', -1, 64)
			if ih.LivesWith {
				p += "|yes"
			}
			parts = append(parts, p)
		}
		row[14] = strings.Join(parts, ";")
		parts = parts[:0]
		for _, il := range a.Independence {
			parts = append(parts, il.Activity+"="+il.Level)
		}
		row[15] = strings.Join(parts, ";")
		parts = parts[:0]
		for _, el := range a.Eligibility {
			parts = append(parts, el.Framework+"|"+string(el.Decision)+"|"+el.DecidedOn.String())
		}
		row[16] = strings.Join(parts, ";")
		row[17] = a.BudgetStart.String()
		parts = parts[:0]
		for _, ao := range a.AddOns {
			amt := ""
			if ao.Amount != nil {
				amt = ao.Amount.String()
			}
			p := ao.AddOn + "|" + amt + "|" + ao.ApprovedOn.String()
			if ao.Reference != "" {
				p += "|" + ao.Reference
			}
			parts = append(parts, p)
		}
		row[18] = strings.Join(parts, ";")
		for j, q := range qids {
			if ans, ok := a.Answers.Get(q); ok {
				if ans.IsValue {
					row[len(header)+j] = strconv.FormatFloat(ans.Value, 'g', -1, 64)
				} else {
					row[len(header)+j] = ans.Option
				}
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// checkEncodable checks that the fields WriteCSV packs into one cell
// (informal help, independence, eligibility) hold none of the separators
// "|", ";" and "=", which would not read back.
func checkEncodable(a *Assessment) error {
	bad := func(path, v string) error {
		if strings.ContainsAny(v, "|;=") {
			return &FieldError{Record: a.ID, Path: path, Msg: fmt.Sprintf("%q contains one of | ; = and cannot be written to CSV", v), Err: ErrInvalidAssessment}
		}
		return nil
	}
	for i, ih := range a.InformalHelp {
		if err := errors.Join(bad(fmt.Sprintf("informal_help[%d].helper", i), ih.Helper), bad(fmt.Sprintf("informal_help[%d].activity", i), ih.Activity)); err != nil {
			return err
		}
	}
	for i, il := range a.Independence {
		if err := errors.Join(bad(fmt.Sprintf("independence[%d].activity", i), il.Activity), bad(fmt.Sprintf("independence[%d].level", i), il.Level)); err != nil {
			return err
		}
	}
	for i, el := range a.Eligibility {
		if err := errors.Join(bad(fmt.Sprintf("eligibility[%d].framework", i), el.Framework), bad(fmt.Sprintf("eligibility[%d].decision", i), string(el.Decision))); err != nil {
			return err
		}
	}
	for i, ao := range a.AddOns {
		if err := errors.Join(bad(fmt.Sprintf("add_ons[%d].add_on", i), ao.AddOn), bad(fmt.Sprintf("add_ons[%d].reference", i), ao.Reference)); err != nil {
			return err
		}
	}
	return nil
}

// ReadJSON reads a JSON array of assessments (a UTF-8 byte-order mark is
// allowed). A record is rejected, with its index, the field's path and the
// reason, for: text that is not valid UTF-8; a key given twice in one
// object; a key that is not a field of the record or matches one only in
// another case ("ID" for "id"); null for any field (encoding/json would read
// it as the zero value); a value of the wrong type; a date that is
// not a day of the calendar; an amount or number not in plain decimal
// notation, or out of range; anything Validate rejects; answers the model
// does not have; and an assessment id seen before. Every record is accepted
// or listed in the report's rejections. The error is non-nil when the input
// is not a JSON array, stops being well-formed JSON, or has anything but
// white space after the array: it names the record (a *RowError) or the
// byte offset, unwraps to ErrRow, and the records before it are returned
// and reported.
func ReadJSON(r io.Reader, opt ReadOptions) ([]Assessment, *ReadReport, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, jsonError(-1, dec.InputOffset(), err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, nil, wrapf(ErrRow, "JSON input must be an array of assessments")
	}
	idx := modelIndex(opt.Model)
	rep := &ReadReport{}
	var out []Assessment
	firstIndex := map[string]int{}
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// Not well-formed JSON: nothing after this point can be read.
			return out, rep, jsonError(i, dec.InputOffset(), err)
		}
		rep.Rows++
		if re := checkRecord(raw, i); re != nil {
			rep.Rejected = append(rep.Rejected, re)
			continue
		}
		var a Assessment
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&a); err != nil {
			re := &RowError{Index: i, Err: err}
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				re.Field = te.Field
				re.Err = fmt.Errorf("cannot hold a JSON %s", te.Value)
			}
			rep.Rejected = append(rep.Rejected, re)
			continue
		}
		if err := a.Validate(); err != nil {
			var fe *FieldError
			errors.As(err, &fe)
			rep.Rejected = append(rep.Rejected, &RowError{Index: i, Field: fe.Path, Record: a.ID, Err: err})
			continue
		}
		if idx != nil {
			if err := checkAnswers(idx, &a); err != nil {
				rep.Rejected = append(rep.Rejected, &RowError{Index: i, Field: "answers." + err.Question, Record: a.ID, Err: err})
				continue
			}
		}
		if j, dup := firstIndex[a.ID]; dup {
			rep.Rejected = append(rep.Rejected, &RowError{Index: i, Field: "id", Record: a.ID, Err: fmt.Errorf("duplicate assessment id (first in record %d)", j)})
			continue
		}
		firstIndex[a.ID] = i
		rep.Accepted++
		out = append(out, a)
	}
	if _, err := dec.Token(); err != nil {
		return out, rep, jsonError(-1, dec.InputOffset(), err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return out, rep, wrapf(ErrRow, "reading JSON: data after the array of assessments (byte offset %d)", end)
	}
	return out, rep, nil
}

// jsonError is ReadJSON's error for input that stops being well-formed
// JSON, naming the byte offset and unwrapping to ErrRow: in record i, a
// *RowError naming it (which also unwraps to encoding/json's error);
// outside a record (i < 0), an error of class ErrRow. A failure of the
// reader itself is returned as it is.
func jsonError(i int, offset int64, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) && err != io.EOF && err != io.ErrUnexpectedEOF {
		return fmt.Errorf("ras: reading JSON: %w", err)
	}
	if err == io.EOF && i < 0 && offset == 0 {
		err = errors.New("empty input")
	}
	if i < 0 {
		return wrapf(ErrRow, "reading JSON at byte offset %d: %v", offset, err)
	}
	return &RowError{Index: i, Err: fmt.Errorf("not well-formed JSON at byte offset %d: %w", offset, err)}
}

var (
	assessmentType = reflect.TypeFor[Assessment]()
	answersType    = reflect.TypeFor[Answers]()
)

// checkRecord checks one JSON record for what decoding it would let pass
// silently or report without a path, and returns the rejection, or nil.
func checkRecord(raw []byte, i int) *RowError {
	if !utf8.Valid(raw) {
		n := 0
		for n < len(raw) {
			r, size := utf8.DecodeRune(raw[n:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			n += size
		}
		return &RowError{Index: i, Err: wrapf(ErrInvalidAssessment, "byte %d of the record is not valid UTF-8", n)}
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return &RowError{Index: i, Err: err}
	}
	var fe fieldErrors
	checkDuplicateKeys(raw, &fe)
	checkShape(v, assessmentType, "", &fe)
	if len(fe) == 0 {
		return nil
	}
	id := ""
	if obj, ok := v.(map[string]any); ok {
		id, _ = obj["id"].(string)
	}
	return &RowError{Index: i, Field: fe[0].path, Record: id, Err: fe.err(id, ErrInvalidAssessment)}
}

// checkShape walks a JSON record alongside the Go type t and reports, with
// their paths: keys that t has no field for, including a key that matches
// a field only in another case (encoding/json would take it); dates that
// are not dates of the calendar; amounts and numbers not in plain decimal
// notation or out of range; and answers that are neither an option id nor
// a number. Wrong JSON types are left to the decoder, which names the
// field.
func checkShape(raw any, t reflect.Type, path string, fe *fieldErrors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case raw == nil:
		// encoding/json reads null as the field's zero value: an informal
		// helper's hours of null as 0 hours. Refused, as in a model.
		fe.add(path, "must not be null (leave the field out instead)")
		return
	case t == dateType:
		if s, ok := raw.(string); ok && s != "" {
			if _, err := ParseDate(s); err != nil {
				fe.add(path, bare(err))
			}
		}
		return
	case t == decimalType:
		var s string
		switch x := raw.(type) {
		case string:
			s = x
		case json.Number:
			s = x.String()
		default:
			return
		}
		if _, err := field.Float(s); err != nil {
			fe.add(path, fmt.Sprintf("%s is not an amount in plain decimal notation", quoteText(s)))
		}
		return
	case t == answersType:
		obj, ok := raw.(map[string]any)
		if !ok {
			return
		}
		for _, k := range sortedKeys(obj) {
			switch x := obj[k].(type) {
			case string:
			case json.Number:
				if _, err := field.Float(x.String()); err != nil {
					fe.add("answers."+k, fmt.Sprintf("%s is not a finite number", x))
				}
			default:
				fe.add("answers."+k, "must be an option id (a string) or a number")
			}
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			f, ok := fields[k]
			if !ok {
				fe.add(join(path, k), "unknown field")
				continue
			}
			checkShape(obj[k], f.typ, join(path, k), fe)
		}
	case reflect.Slice:
		arr, ok := raw.([]any)
		if !ok {
			return
		}
		for j, x := range arr {
			checkShape(x, t.Elem(), fmt.Sprintf("%s[%d]", path, j), fe)
		}
	case reflect.Float64:
		if n, ok := raw.(json.Number); ok {
			if _, err := field.Float(n.String()); err != nil {
				fe.add(path, fmt.Sprintf("%s is out of range", n))
			}
		}
	}
}

// checkAnswers checks the answers against the model and replaces their ids
// by the model's own strings.
func checkAnswers(idx map[string]*questionInfo, a *Assessment) *AnswerError {
	for i := range a.Answers {
		ans := &a.Answers[i]
		q, ok := idx[ans.Question]
		switch {
		case !ok:
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: "no such question", Err: ErrInvalidAnswer}
		case q.number && (!ans.IsValue || !(ans.Value >= q.min && ans.Value <= q.max)):
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("must be a number between %v and %v", q.min, q.max), Err: ErrInvalidAnswer}
		case !q.number && ans.IsValue:
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("must be an option id (a string), not the number %v", ans.Value), Err: ErrInvalidAnswer}
		case !q.number && q.options[ans.Option] == "":
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("%q is not an option", ans.Option), Err: ErrInvalidAnswer}
		}
		ans.Question = q.id
		if !q.number {
			ans.Option = q.options[ans.Option]
		}
	}
	return nil
}

// WriteJSON writes assessments as an indented JSON array.
func WriteJSON(w io.Writer, as []Assessment) error {
	b, err := marshalIndent(as)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteResultsCSV writes one row per result: its status ("ok", or "failed"
// for a batch entry that could not be assessed, with the other fields
// empty), ids, points per domain and in total, the weekly and annual budgets
// (rounded) and the exact weekly amount, the probability (logit models),
// for a model that composes the budget the budget for the period ("total",
// and with a caseload cap "total_before_cap" and "caseload_scale", empty
// when the cap did not change it), for a model with a budget range its
// level and weekly ends ("range_level", "weekly_lower", "weekly_upper",
// empty for a person whose group has no range), and hours and weekly money
// per support type. All results must come from e.
func WriteResultsCSV(w io.Writer, e *Engine, rs []Result) error {
	cw := csv.NewWriter(w)
	header := []string{"status", "assessment_id", "person_id", "cohort", "model", "model_version"}
	for _, d := range e.domains {
		header = append(header, "points_"+d.id)
	}
	header = append(header, "total_points", "weekly", "annual", "exact_weekly", "probability")
	composed, capCols := e.comp != nil, e.comp != nil && e.comp.hasCap
	if composed {
		header = append(header, "total")
	}
	if capCols {
		header = append(header, "total_before_cap", "caseload_scale")
	}
	ranged := e.rng != nil
	if ranged {
		header = append(header, "range_level", "weekly_lower", "weekly_upper")
	}
	for _, s := range e.support {
		header = append(header, "hours_"+s.id, "weekly_"+s.id)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		if r.engine != e && r.engine != nil {
			return fmt.Errorf("ras: WriteResultsCSV: result %d (%s) does not come from model %s", i, r.AssessmentID, e.model.ID)
		}
		row := []string{"ok", r.AssessmentID, r.PersonID, string(r.Cohort), e.model.ID, e.model.Version}
		if !r.ok {
			row[0] = "failed"
			for len(row) < len(header) {
				row = append(row, "")
			}
			if err := cw.Write(row); err != nil {
				return err
			}
			continue
		}
		for _, p := range r.DomainPoints() {
			row = append(row, strconv.FormatInt(p, 10))
		}
		row = append(row, strconv.FormatInt(r.TotalPoints, 10))
		if r.HasBudget {
			row = append(row, r.Weekly().StringFixed(2), r.Annual().StringFixed(2), r.ExactWeekly().String(), "")
		} else {
			row = append(row, "", "", "", strconv.FormatFloat(r.Probability, 'g', -1, 64))
		}
		if composed {
			row = append(row, r.Total().StringFixed(2))
		}
		if capCols {
			if r.capped {
				row = append(row, penceToDecimal(r.capBefore).StringFixed(2), r.capScale.String())
			} else {
				row = append(row, "", "")
			}
		}
		if ranged {
			if br, ok := r.Range(); ok {
				row = append(row, br.Level.String(), br.WeeklyLower.StringFixed(2), br.WeeklyUpper.StringFixed(2))
			} else {
				row = append(row, "", "", "")
			}
		}
		hours := map[string]HoursLine{}
		for _, h := range r.Hours() {
			hours[h.SupportType] = h
		}
		for _, s := range e.support {
			h, ok := hours[s.id]
			if !ok {
				row = append(row, "0.00", "0")
				continue
			}
			row = append(row, h.Hours.StringFixed(2), h.Weekly.String())
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteResultsJSON writes the results as an indented JSON array.
func WriteResultsJSON(w io.Writer, rs []Result) error {
	ptrs := make([]*Result, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
	}
	b, err := marshalIndent(ptrs)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
