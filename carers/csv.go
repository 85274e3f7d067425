package carers

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSV columns. carer_id, person_id and weekly_hours are required; the others are optional and
// may be blank in a row (meaning not recorded). Column order is free; names are matched after
// trimming spaces, case-insensitively.
//
//	carer_id, person_id          opaque identifiers (required)
//	weekly_hours                 hours of unpaid care a week, 0–168, plain decimal (required)
//	assessed_on, caring_since    dates, YYYY-MM-DD; caring_since must not be after assessed_on
//	lives_with, other_support, carer_health_deteriorating, breaks_refused
//	                             yes/no (also y/n, true/false, 1/0); blank = not recorded
//	behaviour_to_carer           none, low, moderate, high or severe; blank = not recorded
//	strain_instrument            id of a strain instrument (e.g. csi, mcsi)
//	strain_score                 its total, within the instrument's range
//	hours.<activity>.<period>    part of weekly_hours by activity and period, e.g.
//	                             hours.personal_care.night or hours.any.weekend; when any is
//	                             non-blank in a row they must add up to weekly_hours exactly
//
// Identifiers must be valid UTF-8 without control characters; dates must fall in the years
// 1900–2100; numbers must be in plain decimal notation (see ParseHours). Hours are checked as
// written (0–168, the breakdown adding up exactly), then weekly_hours is rounded to 0.01 h,
// halves away from zero, and the breakdown is rounded to add up to it by the largest
// remainder method (each part rounded down to 0.01 h, the hundredths left over going to the
// parts with the largest remainders, ties to the earlier column), so 2.505 + 7.495 = 10
// becomes 2.51 + 7.49 = 10.00.
const (
	colCarerID   = "carer_id"
	colPersonID  = "person_id"
	colHours     = "weekly_hours"
	colAssessed  = "assessed_on"
	colSince     = "caring_since"
	colLivesWith = "lives_with"
	colSupport   = "other_support"
	colHealth    = "carer_health_deteriorating"
	colBreaks    = "breaks_refused"
	colBehaviour = "behaviour_to_carer"
	colInstr     = "strain_instrument"
	colScore     = "strain_score"
)

// ErrDuplicate: a second row for the same carer, person and assessment date.
var ErrDuplicate = errors.New("carers: duplicate record")

// ReadOptions configure ReadCSV. The zero value reads comma-separated input, checks strain
// scores against BuiltinInstruments and rejects unknown columns.
type ReadOptions struct {
	// Comma is the field separator; 0 means ','.
	Comma rune
	// Instruments is the registry strain scores are checked against; nil means
	// BuiltinInstruments().
	Instruments map[string]*Instrument
	// IgnoreUnknownColumns skips columns this reader does not know instead of failing.
	IgnoreUnknownColumns bool
}

// Rejection is one rejected row with every problem found in it.
type Rejection struct {
	Line   int
	Errors []*RowError
}

// Error joins the row's errors.
func (r Rejection) Error() string {
	s := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		s[i] = e.Error()
	}
	return strings.Join(s, "; ")
}

// ReadResult is the outcome of ReadCSV: every data row is either accepted (in Carers, with its
// input line in Lines) or rejected (in Rejected, with the reasons). Rows = len(Carers) +
// len(Rejected).
type ReadResult struct {
	Carers   []Carer
	Lines    []int
	Rejected []Rejection
	Rows     int
}

// fieldCountError names the column where a row of n fields parts from the
// header: the first field beyond it, or the first one missing.
func fieldCountError(line, n int, cols []column) *RowError {
	c := min(n, len(cols))
	field := "(beyond the header)"
	if c < len(cols) {
		field = cols[c].name
	}
	return &RowError{Line: line, Column: c + 1, Field: field,
		Err: detail(ErrFieldCount, "%d fields, header has %d", n, len(cols))}
}

type column struct {
	kind     string // one of the col* names, or "split"
	activity Activity
	period   Period
	name     string
}

// ReadCSV reads carer records. A UTF-8 byte-order mark is stripped and CRLF line endings are
// accepted. Problems with the header (missing required column, duplicate or unknown column) and
// I/O errors are returned as the error (a *RowError for header problems, wrapping ErrHeader);
// problems in data rows reject the row and reading continues. Line numbers are 1-based input
// lines (the header is line 1); RowError.Column is the 1-based field index.
func ReadCSV(r io.Reader, opt ReadOptions) (*ReadResult, error) {
	instruments := opt.Instruments
	if instruments == nil {
		instruments = BuiltinInstruments()
	}
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &RowError{Line: 1, Err: detail(ErrHeader, "empty input")}
	}
	if err != nil {
		return nil, &RowError{Line: 1, Err: detail(ErrHeader, "%v", err)}
	}
	cols := make([]column, len(header))
	seen := map[string]int{}
	for i, raw := range header {
		name := lower(strings.TrimSpace(raw))
		fail := func(format string, args ...any) error {
			return &RowError{Line: 1, Column: i + 1, Field: name, Err: detail(ErrHeader, format, args...)}
		}
		if j, ok := seen[name]; ok {
			return nil, fail("duplicate of column %d", j+1)
		}
		seen[name] = i
		c := column{kind: name, name: name}
		switch name {
		case colCarerID, colPersonID, colHours, colAssessed, colSince, colLivesWith, colSupport,
			colHealth, colBreaks, colBehaviour, colInstr, colScore:
		default:
			if rest, ok := strings.CutPrefix(name, "hours."); ok {
				a, p, ok2 := strings.Cut(rest, ".")
				act, err1 := ParseActivity(a)
				per, err2 := ParsePeriod(p)
				if !ok2 || err1 != nil || err2 != nil || a == "" || p == "" {
					return nil, fail("want hours.<activity>.<period>, e.g. hours.personal_care.night")
				}
				c = column{kind: "split", activity: act, period: per, name: name}
				break
			}
			if !opt.IgnoreUnknownColumns {
				return nil, fail("unknown column")
			}
			c.kind = ""
		}
		cols[i] = c
	}
	for _, req := range []string{colCarerID, colPersonID, colHours} {
		if _, ok := seen[req]; !ok {
			return nil, &RowError{Line: 1, Field: req, Err: detail(ErrHeader, "missing required column %s", req)}
		}
	}

	res := &ReadResult{}
	type dupKey struct {
		c, p string
		d    time.Time
	}
	dups := map[dupKey]int{}
	lastErrLine := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return res, err
			}
			if pe.StartLine <= lastErrLine {
				return res, &RowError{Line: pe.StartLine, Err: detail(ErrBadValue, "%v", pe.Err)}
			}
			lastErrLine = pe.StartLine
			res.Rows++
			e := &RowError{Line: pe.StartLine, Column: 0, Err: detail(ErrBadValue, "malformed CSV: %v", pe.Err)}
			if pe.Line > pe.StartLine {
				// A quote left open swallows the lines after it, up to the
				// next quote or the end: say which lines were lost.
				e.Err = detail(ErrBadValue, "malformed CSV: %v; lines %d to %d could not be read as rows", pe.Err, pe.StartLine, pe.Line)
			}
			res.Rejected = append(res.Rejected, Rejection{Line: pe.StartLine, Errors: []*RowError{e}})
			continue
		}
		res.Rows++
		line, _ := cr.FieldPos(0)
		if len(rec) != len(cols) {
			res.Rejected = append(res.Rejected, Rejection{Line: line, Errors: []*RowError{
				fieldCountError(line, len(rec), cols)}})
			continue
		}
		c, errs := parseRow(rec, cols, line, instruments)
		if len(errs) == 0 {
			k := dupKey{c.CarerID, c.PersonID, c.AssessedOn}
			if first, ok := dups[k]; ok {
				errs = append(errs, &RowError{Line: line, Column: seen[colCarerID] + 1, Field: colCarerID,
					Err: detail(ErrDuplicate, "same carer, person and assessment date as line %d", first)})
			} else {
				dups[k] = line
			}
		}
		if len(errs) > 0 {
			res.Rejected = append(res.Rejected, Rejection{Line: line, Errors: errs})
			continue
		}
		res.Carers = append(res.Carers, c)
		res.Lines = append(res.Lines, line)
	}
	return res, nil
}

func parseRow(rec []string, cols []column, line int, instruments map[string]*Instrument) (Carer, []*RowError) {
	c := Carer{StrainScore: NoScore}
	var errs []*RowError
	add := func(i int, err error) {
		errs = append(errs, &RowError{Line: line, Column: i + 1, Field: cols[i].name, Err: err})
	}
	idx := map[string]int{}
	hoursOK, splitOK := false, true
	scoreText, scoreCol := "", -1
	anySplit := false
	// Hours as written, exactly: the checks use these; the record holds them rounded.
	var weekly exactHours
	var parts []exactHours
	for i, raw := range rec {
		v := strings.TrimSpace(raw)
		col := cols[i]
		idx[col.kind] = i
		switch col.kind {
		case "":
		case colCarerID, colPersonID:
			if err := checkID(v); err != nil {
				add(i, err)
			}
			if col.kind == colCarerID {
				c.CarerID = v
			} else {
				c.PersonID = v
			}
		case colHours:
			x, err := parseExactHours(v)
			if err != nil {
				add(i, err)
			} else {
				weekly, hoursOK = x, true
				c.WeeklyHours = x.round()
			}
		case colAssessed, colSince:
			if v == "" {
				continue
			}
			d, err := Date(v)
			if err != nil {
				add(i, err)
				continue
			}
			if col.kind == colAssessed {
				c.AssessedOn = d
			} else {
				c.CaringSince = d
			}
		case colLivesWith, colSupport, colHealth, colBreaks:
			t, err := ParseTri(v)
			if err != nil {
				add(i, err)
				continue
			}
			switch col.kind {
			case colLivesWith:
				c.LivesWith = t
			case colSupport:
				c.OtherSupport = t
			case colHealth:
				c.HealthDeteriorating = t
			case colBreaks:
				c.BreaksRefused = t
			}
		case colBehaviour:
			b, err := ParseBehaviour(v)
			if err != nil {
				add(i, err)
				continue
			}
			c.BehaviourToCarer = b
		case colInstr:
			c.StrainInstrument = lower(v)
		case colScore:
			scoreText, scoreCol = v, i
		case "split":
			if v == "" {
				continue
			}
			anySplit = true
			x, err := parseExactHours(v)
			if err != nil {
				add(i, err)
				splitOK = false
				continue
			}
			parts = append(parts, x)
			c.Split = append(c.Split, CareHours{Activity: col.activity, Period: col.period})
		}
	}
	// Strain instrument and score.
	if ii, ok := idx[colInstr]; ok && c.StrainInstrument != "" {
		in, known := instruments[c.StrainInstrument]
		switch {
		case !known:
			add(ii, detail(ErrUnknownInstrument, "known: %s", strings.Join(instrumentIDs(instruments), ", ")))
		case scoreText == "":
			if scoreCol >= 0 {
				add(scoreCol, detail(ErrMissingField, "instrument given without a score"))
			} else {
				add(ii, detail(ErrMissingField, "instrument given without a strain_score column"))
			}
		default:
			s, err := strconv.Atoi(scoreText)
			if err != nil {
				add(scoreCol, detail(ErrBadValue, "score must be a whole number"))
			} else if err := in.CheckTotal(s); err != nil {
				add(scoreCol, err)
			} else {
				c.StrainScore = s
			}
		}
	} else if scoreText != "" {
		add(scoreCol, detail(ErrMissingField, "score given without a strain_instrument"))
	}
	// Breakdown adds up, exactly as written; then it is rounded to add up to the rounded total.
	if anySplit && hoursOK && splitOK {
		var sum exactHours
		for _, x := range parts {
			sum = sum.add(x)
		}
		if !sum.equal(weekly) {
			add(idx[colHours], detail(ErrHoursMismatch, "hours.* columns sum to %s, weekly_hours is %s", sum, weekly))
		} else {
			h := make([]Hours, len(parts))
			apportion(weekly, parts, h)
			for k := range c.Split {
				c.Split[k].Hours = h[k]
			}
		}
	}
	// Dates in order.
	if !c.CaringSince.IsZero() && !c.AssessedOn.IsZero() && c.CaringSince.After(c.AssessedOn) {
		add(idx[colSince], detail(ErrDateOrder, "caring_since is after assessed_on"))
	}
	return c, errs
}

// WriteCSV writes records in the column layout ReadCSV reads, with hours.* columns for every
// (activity, period) that appears in any record's breakdown.
func WriteCSV(w io.Writer, carers []Carer) error {
	type ap struct {
		a Activity
		p Period
	}
	var splits []ap
	have := map[ap]int{}
	for _, c := range carers {
		for _, s := range c.Split {
			k := ap{s.Activity, s.Period}
			if _, ok := have[k]; !ok {
				have[k] = len(splits)
				splits = append(splits, k)
			}
		}
	}
	header := []string{colCarerID, colPersonID, colHours, colAssessed, colSince, colLivesWith, colSupport,
		colHealth, colBreaks, colBehaviour, colInstr, colScore}
	for _, s := range splits {
		header = append(header, fmt.Sprintf("hours.%s.%s", s.a, s.p))
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	tri := func(t Tri) string {
		if t == Unknown {
			return ""
		}
		return t.String()
	}
	row := make([]string, len(header))
	for i := range carers {
		c := &carers[i]
		if err := c.validate(i); err != nil {
			return err
		}
		beh := ""
		if c.BehaviourToCarer != BehaviourUnknown {
			beh = c.BehaviourToCarer.String()
		}
		instr, score := "", ""
		if c.hasScore() {
			instr, score = c.StrainInstrument, strconv.Itoa(c.StrainScore)
		}
		copy(row, []string{c.CarerID, c.PersonID, c.WeeklyHours.String(), date(c.AssessedOn), date(c.CaringSince),
			tri(c.LivesWith), tri(c.OtherSupport), tri(c.HealthDeteriorating), tri(c.BreaksRefused), beh,
			instr, score})
		for j := 12; j < len(row); j++ {
			row[j] = ""
		}
		var sums = make([]Hours, len(splits))
		for _, s := range c.Split {
			sums[have[ap{s.Activity, s.Period}]] += s.Hours
		}
		if len(c.Split) > 0 {
			for j, v := range sums {
				row[12+j] = v.String()
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
