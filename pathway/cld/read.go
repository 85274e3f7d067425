package cld

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/pathway"
)

// Options configures Read. The zero value detects the layout, keeps
// unknown columns and keeps the first 10,000 rejected rows and findings
// with their lines.
type Options struct {
	// Layout, when set, is the layout the file must have; zero detects it.
	Layout Layout
	// ImportTime stamps every row of a file that has no ImportDate column
	// (a council's own submission). Zero leaves the import time unknown:
	// the file is then one import per council and reporting period.
	ImportTime time.Time
	// Aliases adds spellings to the defined lists: for each list, extra
	// text mapped to a canonical value (which must be in the list). They
	// are matched like the built-in variants (case, dashes, spaces, colons
	// and underscores ignored) and counted as variant spellings.
	Aliases map[List]map[string]string
	// MaxErrors is how many rejected rows keep their RowError in the
	// report (all are counted): 0 means 10,000, a negative value no limit.
	MaxErrors int
	// MaxFindings is the same for findings.
	MaxFindings int
	// SkipUnknownColumns drops the columns the package does not know
	// instead of keeping them as text; at national scale this saves
	// memory.
	SkipUnknownColumns bool
	// MaxRecordBytes bounds one record (0 means 1 MiB) and MaxRecordLines
	// the physical lines one quoted record may span (0 means 16). A record
	// beyond either is rejected (ErrCSV) and reading resumes on the line
	// after its first.
	MaxRecordBytes int
	MaxRecordLines int
}

// Validate checks the options.
func (o *Options) Validate() error {
	if o.Layout > LayoutNHSE {
		return errorf(ErrInvalidOptions, "layout %d", int(o.Layout))
	}
	if o.MaxRecordBytes < 0 || o.MaxRecordLines < 0 {
		return errorf(ErrInvalidOptions, "MaxRecordBytes %d, MaxRecordLines %d", o.MaxRecordBytes, o.MaxRecordLines)
	}
	var m matcher
	return m.setAliases(o.Aliases)
}

func limit(n int) int {
	switch {
	case n == 0:
		return 10_000
	case n < 0:
		return int(^uint(0) >> 1)
	}
	return n
}

// Read reads a CLD file (CSV with a header row) in either layout. Every
// record is accepted into the returned Data or rejected with its line,
// column and reason (Data.Report). The error is non-nil only for a bad
// header (ErrHeader), invalid options (ErrInvalidOptions) or a failure of
// r; Data is then nil. See the package documentation for the rules.
func Read(r io.Reader, opt Options) (*Data, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	rd := &reader{opt: opt, maxErr: limit(opt.MaxErrors), maxFind: limit(opt.MaxFindings)}
	if err := rd.m.setAliases(opt.Aliases); err != nil {
		return nil, err
	}
	maxBytes, maxLines := opt.MaxRecordBytes, opt.MaxRecordLines
	if maxBytes == 0 {
		maxBytes = 1 << 20
	}
	if maxLines == 0 {
		maxLines = 16
	}
	rd.size = inputSize(r)
	rd.sp = newSplitter(r, maxBytes, maxLines)
	if err := rd.readHeader(); err != nil {
		return nil, err
	}
	if err := rd.readRows(); err != nil {
		return nil, err
	}
	return rd.finish(), nil
}

type reader struct {
	opt     Options
	maxErr  int
	maxFind int
	sp      *splitter
	h       *header
	m       matcher
	d       *Data
	rep     *ReadReport
	q       qualityBuilder

	size       int64 // input size when known, else −1
	importMS   int64
	hasImport  bool
	councilIdx map[string]uint32
	subIdx     map[subKey]uint32
	nhsIdx     map[string]uint32
	localIdx   []map[string]uint32 // by council
	rejected   map[error]int

	fields [][]byte
	line   int
	row    row
	finds  []pendingFinding
	nhsBuf [10]byte
}

type subKey struct {
	council      uint32
	imp          int64
	pstart, pend Date
}

// row is one record parsed, before it is committed to the columns.
type row struct {
	council, name []byte
	pstart, pend  Date
	imp           int64
	nhs, local    []byte
	birth, death  Date
	enums         [numCols]uint8
	start, end    Date
	cost          int64
	units         float64
	flags         RowFlags
	status        [numCols]Status
}

type pendingFinding struct {
	col    colID
	status Status
	value  []byte
	err    error
	canon  string
}

func (rd *reader) readHeader() error {
	rec, _, err := rd.sp.next()
	for err != nil {
		var re *RowError
		if errors.As(err, &re) {
			return fmt.Errorf("%w: %v", ErrHeader, re.Err)
		}
		if err == io.EOF {
			return fmt.Errorf("%w: empty input, no header", ErrHeader)
		}
		return err
	}
	names := make([]string, len(rec))
	for i, f := range rec {
		names[i] = string(f)
	}
	h, err := parseHeader(names, &rd.opt)
	if err != nil {
		return err
	}
	rd.h = h
	rd.rep = &ReadReport{Layout: h.layout, Columns: h.uses}
	for c := range numCols {
		if h.pos[c] < 0 {
			switch {
			case c == cLocal || c == cNHS:
				if h.pos[cLocal] >= 0 || h.pos[cNHS] >= 0 {
					rd.rep.Absent = append(rd.rep.Absent, nameIn(c, h.layout))
				}
			case c == cDOB && h.layout == LayoutNHSE, (c == cBirthYear || c == cBirthMonth) && h.layout != LayoutNHSE:
			case c == cImport:
				rd.rep.Absent = append(rd.rep.Absent, colSpecs[c].canon)
			default:
				rd.rep.Absent = append(rd.rep.Absent, colSpecs[c].canon)
			}
		} else {
			rd.q.q.present[c] = true
		}
	}
	if h.pos[cImport] < 0 && !rd.opt.ImportTime.IsZero() {
		rd.importMS = rd.opt.ImportTime.UnixMilli()
	}
	rd.d = &Data{Layout: h.layout, NHSNumbers: []string{""}, LocalIDs: []LocalID{{}}}
	for _, t := range h.text {
		rd.d.Text = append(rd.d.Text, t.col)
	}
	rd.councilIdx = map[string]uint32{}
	rd.subIdx = map[subKey]uint32{}
	rd.nhsIdx = map[string]uint32{}
	rd.rejected = map[error]int{}
	return nil
}

func nameIn(c colID, l Layout) string {
	s := &colSpecs[c]
	if l == LayoutNHSE && len(s.nhse) > 0 {
		return s.nhse[0]
	}
	return s.canon
}

func (rd *reader) readRows() error {
	for {
		fields, line, err := rd.sp.next()
		if err == io.EOF {
			return nil
		}
		rd.rep.Rows++
		if err != nil {
			if re, ok := err.(*RowError); ok {
				rd.reject(re)
				continue
			}
			rd.rep.Rows--
			return fmt.Errorf("cld: reading line %d: %w", rd.sp.phys+1, err)
		}
		rd.fields, rd.line = fields, line
		if len(fields) != rd.h.n {
			rd.reject(&RowError{Line: line, Err: fmt.Errorf("%w: %d fields, the header has %d", ErrFieldCount, len(fields), rd.h.n)})
			continue
		}
		if re := rd.parse(); re != nil {
			rd.reject(re)
			continue
		}
		if rd.rep.Accepted == reserveAfter && rd.size > 0 {
			rd.reserve()
		}
		rd.commit()
	}
}

// reserveAfter is the number of rows after which the columns are sized
// for the whole input, when its size is known.
const reserveAfter = 4096

// inputSize returns the size of r when it tells it (a bytes or strings
// reader, a bytes.Buffer, a regular file), else −1.
func inputSize(r io.Reader) int64 {
	switch x := r.(type) {
	case interface{ Len() int }:
		return int64(x.Len())
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := x.Stat(); err == nil && st.Mode().IsRegular() {
			if s, ok := r.(io.Seeker); ok {
				if off, err := s.Seek(0, io.SeekCurrent); err == nil {
					return st.Size() - off
				}
			}
		}
	}
	return -1
}

// reserve sizes the columns for the rows the input is expected to hold
// (its size over the bytes per row so far, plus 2%), so that they do not
// grow by doubling: less copying, and no capacity left unused.
func (rd *reader) reserve() {
	if rd.sp.read <= 0 {
		return
	}
	n := int(float64(rd.size)*float64(rd.rep.Rows)/float64(rd.sp.read)*1.02) + 64
	if n > 1<<31-1 {
		return
	}
	d := rd.d
	grow32 := func(s *[]int32) { *s = slices.Grow(*s, n-len(*s)) }
	grow32(&d.Line)
	d.Submission = slices.Grow(d.Submission, n-len(d.Submission))
	d.NHS = slices.Grow(d.NHS, n-len(d.NHS))
	d.Local = slices.Grow(d.Local, n-len(d.Local))
	d.Birth = slices.Grow(d.Birth, n-len(d.Birth))
	d.Death = slices.Grow(d.Death, n-len(d.Death))
	d.Gender = slices.Grow(d.Gender, n-len(d.Gender))
	d.Ethnicity = slices.Grow(d.Ethnicity, n-len(d.Ethnicity))
	d.ClientType = slices.Grow(d.ClientType, n-len(d.ClientType))
	d.PSR = slices.Grow(d.PSR, n-len(d.PSR))
	d.Accommodation = slices.Grow(d.Accommodation, n-len(d.Accommodation))
	d.Employment = slices.Grow(d.Employment, n-len(d.Employment))
	d.UnpaidCarer = slices.Grow(d.UnpaidCarer, n-len(d.UnpaidCarer))
	d.EventType = slices.Grow(d.EventType, n-len(d.EventType))
	d.Start = slices.Grow(d.Start, n-len(d.Start))
	d.End = slices.Grow(d.End, n-len(d.End))
	d.Outcome = slices.Grow(d.Outcome, n-len(d.Outcome))
	d.Route = slices.Grow(d.Route, n-len(d.Route))
	d.ServiceType = slices.Grow(d.ServiceType, n-len(d.ServiceType))
	d.Component = slices.Grow(d.Component, n-len(d.Component))
	d.Delivery = slices.Grow(d.Delivery, n-len(d.Delivery))
	d.ReviewReason = slices.Grow(d.ReviewReason, n-len(d.ReviewReason))
	d.CostFrequency = slices.Grow(d.CostFrequency, n-len(d.CostFrequency))
	d.UnitCost = slices.Grow(d.UnitCost, n-len(d.UnitCost))
	d.PlannedUnits = slices.Grow(d.PlannedUnits, n-len(d.PlannedUnits))
	d.Flags = slices.Grow(d.Flags, n-len(d.Flags))
	for _, c := range d.Text {
		if c.numeric {
			c.nums = slices.Grow(c.nums, n-len(c.nums))
		} else {
			c.codes = slices.Grow(c.codes, n-len(c.codes))
		}
	}
}

func (rd *reader) reject(re *RowError) {
	rd.rep.Rejected++
	rd.rejected[reasonOf(re.Err)]++
	if len(rd.rep.Errors) < rd.maxErr {
		rd.rep.Errors = append(rd.rep.Errors, re)
	}
}

// get returns column c's trimmed value (nil when the column is absent).
func (rd *reader) get(c colID) []byte {
	if p := rd.h.pos[c]; p >= 0 {
		return trim(rd.fields[p])
	}
	return nil
}

func (rd *reader) fail(c colID, err error) *RowError {
	p := rd.h.pos[c]
	return &RowError{Line: rd.line, Column: p + 1, Field: rd.h.uses[p].Header, Err: err}
}

func (rd *reader) find(c colID, s Status, v []byte, err error, canon string) {
	rd.row.status[c] = s
	rd.finds = append(rd.finds, pendingFinding{col: c, status: s, value: v, err: err, canon: canon})
}

// textOK checks that b is valid UTF-8 without control characters
// (field.ID), with a fast path for printable ASCII.
func textOK(b []byte) error {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			if err := field.ID(string(b)); err != nil {
				return fmt.Errorf("%w: %v", ErrText, err)
			}
			return nil
		}
	}
	return nil
}

// freeTextOK is textOK allowing tabs and line breaks, for free-text
// columns.
func freeTextOK(b []byte) error {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f {
			var clean []byte
			for _, c := range b {
				if c != '\t' && c != '\n' && c != '\r' {
					clean = append(clean, c)
				}
			}
			return textOK(clean)
		}
	}
	return nil
}

// date reads a date column; required dates are rejected when blank.
func (rd *reader) date(c colID, required bool) (Date, *RowError) {
	b := rd.get(c)
	if len(b) == 0 {
		if required {
			return NoDate, rd.fail(c, errorf(ErrMissing, "%s is blank", colSpecs[c].canon))
		}
		rd.row.status[c] = StatusBlank
		return NoDate, nil
	}
	d, err := parseDate(b)
	if err != nil {
		return NoDate, rd.fail(c, err)
	}
	return d, nil
}

// enum reads a defined-list column.
func (rd *reader) enum(c colID) uint8 {
	if rd.h.pos[c] < 0 {
		return valueBlank
	}
	b := rd.get(c)
	l := colSpecs[c].list
	v, variant := rd.m.lookup(l, b)
	switch {
	case v == valueBlank:
		rd.row.status[c] = StatusBlank
	case v == valueInvalid:
		rd.find(c, StatusInvalid, b, ErrNotInList, "")
	case variant:
		rd.find(c, StatusVariant, b, ErrVariant, listName(l, v))
	}
	return v
}

// parse reads the current record into rd.row, returning the first reason
// to reject it. The checks run in this order: council, reporting period,
// import date, event type, event dates, date of death, person ids and
// other text; then the findings.
func (rd *reader) parse() *RowError {
	r := &rd.row
	*r = row{}
	rd.finds = rd.finds[:0]
	h := rd.h

	// council
	r.council, r.name = rd.get(cLACode), rd.get(cLAName)
	key := r.council
	kc := cLACode
	if h.pos[cLACode] < 0 {
		key, kc = r.name, cLAName
	}
	if len(key) == 0 {
		return rd.fail(kc, errorf(ErrMissing, "no council (%s is blank)", colSpecs[kc].canon))
	}
	for _, c := range []colID{cLACode, cLAName} {
		if err := textOK(rd.get(c)); err != nil {
			return rd.fail(c, err)
		}
	}
	// reporting period
	var re *RowError
	if r.pstart, re = rd.date(cRPStart, true); re != nil {
		return re
	}
	if r.pend, re = rd.date(cRPEnd, true); re != nil {
		return re
	}
	if r.pend < r.pstart {
		return rd.fail(cRPEnd, errorf(ErrEndBeforeStart, "reporting period ends %v, starts %v", r.pend, r.pstart))
	}
	// import date
	r.imp = rd.importMS
	if h.pos[cImport] >= 0 {
		b := rd.get(cImport)
		if len(b) == 0 {
			return rd.fail(cImport, errorf(ErrMissing, "ImportDate is blank"))
		}
		ms, err := parseDateTime(b)
		if err != nil {
			return rd.fail(cImport, err)
		}
		r.imp = ms
	}
	// event type and dates
	et := rd.get(cEventType)
	v, variant := rd.m.lookup(ListEventType, et)
	switch {
	case v == valueBlank:
		return rd.fail(cEventType, errorf(ErrMissing, "Event_Type is blank"))
	case v == valueInvalid:
		return rd.fail(cEventType, errorf(ErrNotInList, "%q is not an event type", clip(et)))
	case variant:
		rd.find(cEventType, StatusVariant, et, ErrVariant, listName(ListEventType, v))
	}
	r.enums[cEventType] = v
	if r.start, re = rd.date(cStart, true); re != nil {
		return re
	}
	if r.end, re = rd.date(cEnd, false); re != nil {
		return re
	}
	if r.end.Valid() && r.end < r.start {
		return rd.fail(cEnd, errorf(ErrEndBeforeStart, "event ends %v, starts %v", r.end, r.start))
	}
	if r.death, re = rd.date(cDeath, false); re != nil {
		return re
	}
	// person ids and text
	r.nhs, r.local = rd.get(cNHS), rd.get(cLocal)
	for _, c := range []colID{cNHS, cLocal} {
		if err := textOK(rd.get(c)); err != nil {
			return rd.fail(c, err)
		}
	}
	for _, t := range h.text {
		check := textOK
		if t.free {
			check = freeTextOK
		}
		if err := check(trim(rd.fields[t.idx])); err != nil {
			return &RowError{Line: rd.line, Column: t.idx + 1, Field: t.col.Name, Err: err}
		}
	}

	// Findings from here on; the row is accepted.
	if len(r.nhs) > 0 && h.layout == LayoutCouncil {
		if n, ok := nhsNumberOK(r.nhs, &rd.nhsBuf); ok {
			r.nhs = n
		} else {
			rd.find(cNHS, StatusInvalid, nil, errNHS, "")
			r.nhs = nil
			r.flags |= BadNHSNumber
		}
	}
	if len(r.nhs) == 0 && len(r.local) == 0 {
		r.flags |= NoPerson
	}
	rd.birth()
	for c := cGender; c <= cReviewReason; c++ {
		if colSpecs[c].hasList && c != cEventType {
			r.enums[c] = rd.enum(c)
		}
	}
	if b := rd.get(cUnitCost); len(b) > 0 {
		if v, err := parseCost(b); err != nil {
			rd.find(cUnitCost, StatusInvalid, b, err, "")
			r.flags |= BadUnitCost
		} else {
			r.cost, r.flags = v, r.flags|HasUnitCost
		}
	} else {
		r.status[cUnitCost] = StatusBlank
	}
	if b := rd.get(cUnits); len(b) > 0 {
		if v, err := parseUnits(b); err != nil {
			rd.find(cUnits, StatusInvalid, b, err, "")
			r.flags |= BadPlannedUnits
		} else {
			r.units, r.flags = v, r.flags|HasPlannedUnits
		}
	} else {
		r.status[cUnits] = StatusBlank
	}
	for _, c := range []colID{cNHS, cLocal} {
		if len(rd.get(c)) == 0 && rd.row.status[c] == StatusValid {
			r.status[c] = StatusBlank
		}
	}
	rd.mandatory()
	return nil
}

// birth reads the date of birth (council layout) or the derived birth
// year and month (NHS England's view) into the proxy date of birth.
func (rd *reader) birth() {
	r := &rd.row
	if rd.h.layout != LayoutNHSE {
		b := rd.get(cDOB)
		if len(b) == 0 {
			r.status[cDOB] = StatusBlank
			return
		}
		d, err := parseDate(b)
		if err != nil {
			rd.find(cDOB, StatusInvalid, nil, errorf(ErrBirth, "%v", err), "")
			r.flags |= BadBirth
			return
		}
		y, m, _ := d.YMD()
		r.birth = pathway.NewDate(y, m, 1)
		return
	}
	yb, mb := rd.get(cBirthYear), rd.get(cBirthMonth)
	if len(yb) == 0 && len(mb) == 0 {
		r.status[cBirthYear], r.status[cBirthMonth] = StatusBlank, StatusBlank
		return
	}
	y, oky := digits(yb)
	m, okm := digits(mb)
	switch {
	case !oky || field.Year(y) != nil:
		rd.find(cBirthYear, StatusInvalid, yb, errorf(ErrBirth, "birth year %q", clip(yb)), "")
	case !okm || m < 1 || m > 12:
		rd.find(cBirthMonth, StatusInvalid, mb, errorf(ErrBirth, "birth month %q", clip(mb)), "")
	default:
		r.birth = pathway.NewDate(y, time.Month(m), 1)
		return
	}
	r.flags |= BadBirth
}

// mandatory turns blank statuses into blank-mandatory findings, following
// the applicability rules of NHS England's data-quality checks (see the
// package documentation).
func (rd *reader) mandatory() {
	r := &rd.row
	et := EventType(r.enums[cEventType])
	need := func(c colID) {
		if rd.h.pos[c] >= 0 && r.status[c] == StatusBlank {
			rd.find(c, StatusBlankMandatory, nil, ErrBlankMandatory, "")
		}
	}
	for _, c := range []colID{cGender, cEthnicity, cClientType, cAccommodation, cUnpaidCarer, cNHS, cLocal, cDOB, cBirthYear, cBirthMonth} {
		need(c)
	}
	if et != EventRequest {
		need(cPSR)
	}
	if !(et == EventAssessment && rd.financialAssessment()) {
		need(cOutcome)
	}
	switch et {
	case EventRequest:
		need(cRoute)
	case EventService:
		need(cServiceType)
		need(cComponent)
		st, comp := ServiceType(r.enums[cServiceType]), ServiceComponent(r.enums[cComponent])
		if DeliveryMechanism(r.enums[cDelivery]) != DeliveryCommissioned &&
			(st.LongTerm() || st.Carer() || comp == ComponentSTResidential || comp == ComponentSTNursing || comp == ComponentCarerRespite) {
			need(cUnitCost)
			need(cCostFreq)
		}
	case EventReview:
		need(cReviewReason)
	}
	if ClientType(r.enums[cClientType]) == ClientServiceUser && PrimarySupportReason(r.enums[cPSR]) == PSRLearningDisability && r.birth.Valid() {
		if a, _ := AgeAt(r.birth, r.pend); a >= 18 && a <= 64 {
			need(cEmployment)
		}
	}
	if r.flags&NoPerson != 0 {
		c := cNHS
		if rd.h.pos[c] < 0 {
			c = cLocal
		}
		rd.finds = append(rd.finds, pendingFinding{col: c, status: StatusBlankMandatory, err: errNoPerson})
	}
}

// financialAssessment reports whether the row's Assessment_Type names a
// financial assessment.
func (rd *reader) financialAssessment() bool {
	if rd.h.assessType < 0 {
		return false
	}
	b := rd.fields[rd.h.assessType]
	for i := 0; i+9 <= len(b); i++ {
		if string(lowerASCII(rd.m.lower[:0], b[i:i+9])) == "financial" {
			return true
		}
	}
	return false
}

// commit appends the parsed row to the columns.
func (rd *reader) commit() {
	r, d := &rd.row, rd.d
	rd.rep.Accepted++
	key := r.council
	if rd.h.pos[cLACode] < 0 {
		key = r.name
	}
	ci, ok := rd.councilIdx[string(key)]
	if !ok {
		ci = uint32(len(d.Councils))
		c := Council{Code: string(r.council), Name: string(r.name)}
		rd.councilIdx[string(key)] = ci
		d.Councils = append(d.Councils, c)
		rd.localIdx = append(rd.localIdx, map[string]uint32{})
		qname := c.Code
		if qname == "" {
			qname = c.Name
		}
		rd.q.council(qname)
	} else if d.Councils[ci].Name == "" && len(r.name) > 0 {
		d.Councils[ci].Name = string(r.name)
	}
	sk := subKey{ci, r.imp, r.pstart, r.pend}
	si, ok := rd.subIdx[sk]
	if !ok {
		si = uint32(len(d.Submissions))
		rd.subIdx[sk] = si
		var t time.Time
		if r.imp != 0 || rd.h.pos[cImport] >= 0 {
			t = millisTime(r.imp)
		}
		d.Submissions = append(d.Submissions, Submission{Council: ci, Import: t, PeriodStart: r.pstart, PeriodEnd: r.pend, SupersededBy: -1})
	}
	d.Submissions[si].Rows++

	var nhs, local uint32
	if len(r.nhs) > 0 {
		k, ok := rd.nhsIdx[string(r.nhs)]
		if !ok {
			k = uint32(len(d.NHSNumbers))
			s := string(r.nhs)
			d.NHSNumbers = append(d.NHSNumbers, s)
			rd.nhsIdx[s] = k
		}
		nhs = k
	}
	if len(r.local) > 0 {
		m := rd.localIdx[ci]
		k, ok := m[string(r.local)]
		if !ok {
			k = uint32(len(d.LocalIDs))
			s := string(r.local)
			d.LocalIDs = append(d.LocalIDs, LocalID{Council: ci, ID: s})
			m[s] = k
		}
		local = k
	}

	d.Line = append(d.Line, int32(min(rd.line, 1<<31-1)))
	d.Submission = append(d.Submission, si)
	d.NHS = append(d.NHS, nhs)
	d.Local = append(d.Local, local)
	d.Birth = append(d.Birth, r.birth)
	d.Death = append(d.Death, r.death)
	d.Gender = append(d.Gender, Gender(r.enums[cGender]))
	d.Ethnicity = append(d.Ethnicity, Ethnicity(r.enums[cEthnicity]))
	d.ClientType = append(d.ClientType, ClientType(r.enums[cClientType]))
	d.PSR = append(d.PSR, PrimarySupportReason(r.enums[cPSR]))
	d.Accommodation = append(d.Accommodation, AccommodationStatus(r.enums[cAccommodation]))
	d.Employment = append(d.Employment, EmploymentStatus(r.enums[cEmployment]))
	d.UnpaidCarer = append(d.UnpaidCarer, HasUnpaidCarer(r.enums[cUnpaidCarer]))
	d.EventType = append(d.EventType, EventType(r.enums[cEventType]))
	d.Start = append(d.Start, r.start)
	d.End = append(d.End, r.end)
	d.Outcome = append(d.Outcome, EventOutcome(r.enums[cOutcome]))
	d.Route = append(d.Route, RouteOfAccess(r.enums[cRoute]))
	d.ServiceType = append(d.ServiceType, ServiceType(r.enums[cServiceType]))
	d.Component = append(d.Component, ServiceComponent(r.enums[cComponent]))
	d.Delivery = append(d.Delivery, DeliveryMechanism(r.enums[cDelivery]))
	d.ReviewReason = append(d.ReviewReason, ReviewReason(r.enums[cReviewReason]))
	d.CostFrequency = append(d.CostFrequency, CostFrequency(r.enums[cCostFreq]))
	d.UnitCost = append(d.UnitCost, r.cost)
	d.PlannedUnits = append(d.PlannedUnits, r.units)
	d.Flags = append(d.Flags, r.flags)
	for _, t := range rd.h.text {
		t.col.add(trim(rd.fields[t.idx]))
	}

	// quality
	counts := &rd.q.q.counts[ci]
	for c := range numCols {
		counts[c][r.status[c]]++
	}
	for k := range rd.finds {
		f := &rd.finds[k]
		if (f.status == StatusInvalid || f.status == StatusVariant) && len(f.value) > 0 {
			rd.q.value(ci, f.col, f.status, f.value, f.canon)
		}
		rd.rep.FindingsTotal++
		if len(rd.rep.Findings) < rd.maxFind {
			col := 0
			if p := rd.h.pos[f.col]; p >= 0 {
				col = p + 1
			}
			v := ""
			if f.col != cNHS && f.col != cLocal {
				v = clipValue(f.value)
			}
			rd.rep.Findings = append(rd.rep.Findings, Finding{Line: rd.line, Column: col, Field: nameIn(f.col, rd.h.layout),
				Status: f.status, Value: v, Err: rd.explain(f)})
		}
	}
}

// Fixed finding reasons, made once.
var (
	errNoPerson = errorf(ErrNoPerson, "neither an NHS number nor a local person id")
	errNHS      = errorf(ErrNHSNumber, "not ten digits with a valid check digit")
)

// explain turns a pending finding into its error: findings with a bare
// sentinel get their message only when they are kept in the report, so
// that counting them allocates nothing.
func (rd *reader) explain(f *pendingFinding) error {
	switch f.err {
	case ErrNotInList:
		return errorf(ErrNotInList, "%q is not in the %s list", clip(f.value), colSpecs[f.col].list)
	case ErrVariant:
		return errorf(ErrVariant, "%q recorded as %q", clip(f.value), f.canon)
	case ErrBlankMandatory:
		return errorf(ErrBlankMandatory, "%s is blank", nameIn(f.col, rd.h.layout))
	}
	return f.err
}

// clipValue keeps at most 64 bytes of v, cut at a rune boundary.
func clipValue(v []byte) string {
	if len(v) <= 64 {
		return string(v)
	}
	n := 64
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return string(v[:n])
}

// finish computes what needs the whole file: the superseded submissions,
// the file-wide person keys and the report's totals.
func (rd *reader) finish() *Data {
	d, rep := rd.d, rd.rep
	// latest import per council and reporting period
	type cp struct {
		council      uint32
		pstart, pend Date
	}
	latest := map[cp]int{}
	for i, s := range d.Submissions {
		k := cp{s.Council, s.PeriodStart, s.PeriodEnd}
		if j, ok := latest[k]; !ok || d.Submissions[j].Import.Before(s.Import) {
			latest[k] = i
		}
	}
	for i := range d.Submissions {
		s := &d.Submissions[i]
		if j := latest[cp{s.Council, s.PeriodStart, s.PeriodEnd}]; j != i {
			s.SupersededBy = j
			rep.Superseded += s.Rows
		}
	}
	for _, c := range d.Text {
		c.done()
	}
	pk := d.Persons(nil)
	d.persons = pk
	d.Person = pk.Key
	rep.Persons = pk.PersonCounts
	for _, s := range rejectReasons {
		if n := rd.rejected[s]; n > 0 {
			rep.RejectedBy = append(rep.RejectedBy, ReasonCount{Reason: s, Count: n})
		}
	}
	rep.ErrorsDropped = rep.Rejected - len(rep.Errors)
	rd.q.q.layout = rd.h.layout
	rep.Quality = rd.q.finish()
	d.Report = rep
	return d
}
