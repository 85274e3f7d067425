package cld

import (
	"bytes"
	"hash/maphash"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// Date is a civil date held as a day number (pathway.Date); NoDate, the
// zero value, is a missing date (an open event's end).
type Date = pathway.Date

// NoDate is the missing date.
const NoDate = pathway.NoDate

// Layout is the shape of a CLD file.
type Layout uint8

// Layouts.
const (
	// LayoutDetect (the zero value in Options) detects the layout from the
	// header.
	LayoutDetect Layout = iota
	// LayoutCouncil is a council's own submission: local person id, NHS
	// number and date of birth under the CLD specification's names.
	LayoutCouncil
	// LayoutNHSE is NHS England's pseudonymised view: Der_-prefixed
	// pseudonyms and derived birth year and month, named as NHS England's
	// replication code names them.
	LayoutNHSE
)

// String names the layout.
func (l Layout) String() string {
	if int(l) < len(layoutLabels) {
		return layoutLabels[l]
	}
	return "detect"
}

// RowFlags are per-row bits.
type RowFlags uint16

// Row flags.
const (
	// HasUnitCost: UnitCost holds a valid cost.
	HasUnitCost RowFlags = 1 << iota
	// HasPlannedUnits: PlannedUnits holds a valid number.
	HasPlannedUnits
	// BadUnitCost, BadPlannedUnits, BadBirth, BadNHSNumber: the field held
	// a value that failed validation (a finding; the value is treated as
	// unknown).
	BadUnitCost
	BadPlannedUnits
	BadBirth
	BadNHSNumber
	// NoPerson: the row carries neither an NHS number nor a local person
	// id (after validation).
	NoPerson
)

// MicroPounds is the unit of UnitCost: one millionth of a pound, so that
// UnitCost / 1e6 is the cost in pounds. Costs with more than six decimal
// places are findings, not rounded.
const MicroPounds = 1_000_000

// Data is a read CLD file held by column: element i of every row column
// describes accepted row i, in file order. Data is read-only after Read
// returns and safe for concurrent use; the column slices must not be
// modified.
type Data struct {
	Layout Layout

	// Line is the file line on which the row starts (the header is line 1).
	Line []int32
	// Submission indexes Submissions: the row's council, import date and
	// reporting period.
	Submission []uint32

	// NHS indexes NHSNumbers and Local indexes LocalIDs; 0 means none.
	// In the council layout NHS numbers failing the modulus-11 check are
	// findings and count as none.
	NHS   []uint32
	Local []uint32
	// Person is the hybrid person key of the principles applied to every
	// accepted row of the file (see Persons); −1 for a row that the rule
	// removes.
	Person []int32

	// Birth is the proxy date of birth: the 1st of the birth month (the
	// council layout's date of birth is reduced to its month, as NHS
	// England's view is). NoDate when unknown or invalid.
	Birth []Date
	Death []Date

	Gender        []Gender
	Ethnicity     []Ethnicity
	ClientType    []ClientType
	PSR           []PrimarySupportReason
	Accommodation []AccommodationStatus
	Employment    []EmploymentStatus
	UnpaidCarer   []HasUnpaidCarer

	EventType     []EventType
	Start         []Date
	End           []Date // NoDate while open
	Outcome       []EventOutcome
	Route         []RouteOfAccess
	ServiceType   []ServiceType
	Component     []ServiceComponent
	Delivery      []DeliveryMechanism
	ReviewReason  []ReviewReason
	CostFrequency []CostFrequency
	// UnitCost is in MicroPounds (valid when Flags has HasUnitCost);
	// PlannedUnits is planned units per week (valid with HasPlannedUnits).
	UnitCost     []int64
	PlannedUnits []float64
	Flags        []RowFlags

	// Text holds every other column, known or not, by its header name
	// (as spelled in the file): Der_Unique_Record_ID, Event_Reference,
	// Assessment_Type, Method_of_Review and any column the package does not
	// know. Options.SkipUnknownColumns drops the unknown ones.
	Text []*TextColumn

	Councils    []Council
	Submissions []Submission
	// NHSNumbers and LocalIDs are the distinct identifiers in order of
	// first appearance; element 0 is "" (none). A local id is distinct per
	// council: the same text at two councils is two entries.
	NHSNumbers []string
	LocalIDs   []LocalID

	// Report accounts for every row read.
	Report *ReadReport

	persons *PersonKeys // file-wide hybrid keys (Person)

	// the rows grouped by natural person key, council and time (order)
	orderOnce   sync.Once
	clientOrder *Clients
}

// Len returns the number of accepted rows.
func (d *Data) Len() int { return len(d.Line) }

// Footprint returns the bytes d holds, near enough: its row columns, its
// text columns and their dictionaries, the interned identifiers and, once
// a measure has built it, its order of rows by client (not the report).
func (d *Data) Footprint() int64 {
	n := int64(4*cap(d.Line) + 4*cap(d.Submission) + 4*cap(d.NHS) + 4*cap(d.Local) + 4*cap(d.Person) + 4*cap(d.Birth) +
		4*cap(d.Death) + cap(d.Gender) + cap(d.Ethnicity) + cap(d.ClientType) + cap(d.PSR) + cap(d.Accommodation) +
		cap(d.Employment) + cap(d.UnpaidCarer) + cap(d.EventType) + 4*cap(d.Start) + 4*cap(d.End) + cap(d.Outcome) +
		cap(d.Route) + cap(d.ServiceType) + cap(d.Component) + cap(d.Delivery) + cap(d.ReviewReason) + cap(d.CostFrequency) +
		8*cap(d.UnitCost) + 8*cap(d.PlannedUnits) + 2*cap(d.Flags))
	for _, c := range d.Text {
		n += int64(8*cap(c.nums) + 4*cap(c.codes) + cap(c.arena) + 8*cap(c.offs))
	}
	for _, s := range d.NHSNumbers {
		n += int64(len(s) + 16)
	}
	for _, s := range d.LocalIDs {
		n += int64(len(s.ID) + 24)
	}
	if d.clientOrder != nil {
		o := d.clientOrder
		n += int64(4*cap(o.Rows) + 4*cap(o.Off) + 4*cap(o.Council) + 4*cap(o.Person))
	}
	return n
}

// Council is one local authority.
type Council struct {
	Code string // LA_Code (ONS code)
	Name string // LA_Name, "" when the file has none
}

// LocalID is a council's local person identifier.
type LocalID struct {
	Council uint32
	ID      string
}

// Submission is one import of one council's return for one reporting
// period.
type Submission struct {
	Council uint32
	// Import is when NHS England loaded the submission (ImportDate), UTC;
	// the zero time when the file has no ImportDate column and
	// Options.ImportTime is zero.
	Import      time.Time
	PeriodStart Date
	PeriodEnd   Date
	// Rows is the number of accepted rows of the submission.
	Rows int
	// SupersededBy is the index of a later import of the same council and
	// reporting period, or −1 when this is the latest (the file-level
	// reading of "latest submission per council per period"; see also
	// Data.LatestSubmissions for NHS England's period-of-interest rule).
	SupersededBy int
}

// TextColumn is a column held as text, dictionary-encoded: Value(i) is
// row i's value ("" when blank). Columns whose every value is a plain
// non-negative integer (record ids) are held as numbers; the others as
// one code per row into a pointer-free dictionary.
type TextColumn struct {
	Name string // header as spelled in the file
	// Known says whether the column is one the CLD specification or NHS
	// England's view defines (for example Event_Reference), as opposed to
	// a column the package does not know.
	Known bool

	// numeric mode: nums[i] = value+1 (0 blank) while every value is a
	// plain non-negative integer without leading zeros.
	numeric bool
	nums    []int64
	// dictionary mode: value k is arena[offs[k]:offs[k+1]]; k = 0 is "".
	codes []uint32
	arena []byte
	offs  []uint64
	// while reading: the code of each value by hash, and of values whose
	// hash collides with another's
	seed  maphash.Seed
	index map[uint64]uint32
	coll  map[string]uint32
}

func newTextColumn(name string, known bool) *TextColumn {
	return &TextColumn{Name: name, Known: known, numeric: true}
}

// Value returns row i's value.
func (c *TextColumn) Value(i int) string {
	if c.numeric {
		if c.nums[i] == 0 {
			return ""
		}
		return strconv.FormatInt(c.nums[i]-1, 10)
	}
	return string(c.bytesOf(c.codes[i]))
}

// Code returns row i's dictionary code (0 for blank) and whether the
// column is dictionary-encoded; with Dict it lets callers classify the
// distinct values once instead of every row. Numeric columns have no
// codes.
func (c *TextColumn) Code(i int) (uint32, bool) {
	if c.numeric {
		return 0, false
	}
	return c.codes[i], true
}

// Dict returns the value of dictionary code k.
func (c *TextColumn) Dict(k uint32) string { return string(c.bytesOf(k)) }

func (c *TextColumn) bytesOf(k uint32) []byte { return c.arena[c.offs[k]:c.offs[k+1]] }

// Distinct returns the number of distinct non-blank values.
func (c *TextColumn) Distinct() int {
	if c.numeric {
		seen := map[int64]struct{}{}
		for _, v := range c.nums {
			if v != 0 {
				seen[v] = struct{}{}
			}
		}
		return len(seen)
	}
	return len(c.offs) - 2
}

// plainInt parses b as a non-negative integer without sign or leading
// zeros that fits int64 − 1.
func plainInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// add appends a value (b is copied when kept).
func (c *TextColumn) add(b []byte) {
	if c.numeric {
		if len(b) == 0 {
			c.nums = append(c.nums, 0)
			return
		}
		if n, ok := plainInt(b); ok {
			c.nums = append(c.nums, n+1)
			return
		}
		c.toDict()
	}
	c.codes = append(c.codes, c.code(b))
}

// code returns the dictionary code of b, adding it when new.
func (c *TextColumn) code(b []byte) uint32 {
	if len(b) == 0 {
		return 0
	}
	h := maphash.Bytes(c.seed, b)
	if k, ok := c.index[h]; ok {
		if bytes.Equal(c.bytesOf(k), b) {
			return k
		}
		if k, ok := c.coll[string(b)]; ok {
			return k
		}
		k = c.put(b)
		if c.coll == nil {
			c.coll = map[string]uint32{}
		}
		c.coll[string(b)] = k
		return k
	}
	k := c.put(b)
	c.index[h] = k
	return k
}

func (c *TextColumn) put(b []byte) uint32 {
	k := uint32(len(c.offs) - 1)
	c.arena = append(c.arena, b...)
	c.offs = append(c.offs, uint64(len(c.arena)))
	return k
}

func (c *TextColumn) toDict() {
	c.numeric = false
	c.seed = maphash.MakeSeed()
	c.index = map[uint64]uint32{}
	c.offs = []uint64{0, 0}
	c.codes = make([]uint32, len(c.nums), max(cap(c.nums), 16))
	var buf []byte
	for i, v := range c.nums {
		if v != 0 {
			buf = strconv.AppendInt(buf[:0], v-1, 10)
			c.codes[i] = c.code(buf)
		}
	}
	c.nums = nil
}

// done drops what only reading needs.
func (c *TextColumn) done() {
	c.index, c.coll = nil, nil
	if !c.numeric {
		c.arena = slices.Clip(c.arena)
		c.offs = slices.Clip(c.offs)
	}
}

// Column returns the text column of that header name (matched as headers
// are: case, spaces, underscores and punctuation ignored), or nil.
func (d *Data) Column(name string) *TextColumn {
	k := string(headerKey(name))
	for _, c := range d.Text {
		if string(headerKey(c.Name)) == k {
			return c
		}
	}
	return nil
}

// RowSet is a set of rows of one Data, as a bitmap. The zero value is
// empty and must be sized with NewRowSet before use.
type RowSet struct {
	bits []uint64
	n    int
}

// NewRowSet returns an empty set over n rows.
func NewRowSet(n int) *RowSet { return &RowSet{bits: make([]uint64, (n+63)/64), n: n} }

// AllRows returns the set of all rows of d.
func (d *Data) AllRows() *RowSet {
	s := NewRowSet(d.Len())
	for i := range s.bits {
		s.bits[i] = ^uint64(0)
	}
	if r := d.Len() % 64; r != 0 {
		s.bits[len(s.bits)-1] = 1<<r - 1
	}
	return s
}

// Len is the number of rows the set ranges over.
func (s *RowSet) Len() int { return s.n }

// Has reports whether row i is in the set.
func (s *RowSet) Has(i int) bool { return s.bits[i>>6]&(1<<(i&63)) != 0 }

// Add puts row i in the set.
func (s *RowSet) Add(i int) { s.bits[i>>6] |= 1 << (i & 63) }

// Remove takes row i out of the set.
func (s *RowSet) Remove(i int) { s.bits[i>>6] &^= 1 << (i & 63) }

// Count returns the number of rows in the set.
func (s *RowSet) Count() int {
	n := 0
	for _, w := range s.bits {
		n += bits.OnesCount64(w)
	}
	return n
}

// Rows calls yield for each row in the set, in order, until it returns
// false (an iter.Seq[int]).
func (s *RowSet) Rows(yield func(int) bool) {
	for k, w := range s.bits {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			if !yield(k<<6 | t) {
				return
			}
			w &= w - 1
		}
	}
}

// each calls f with each row of set in order (every row when set is
// nil).
func (d *Data) each(set *RowSet, f func(i int)) {
	if set == nil {
		for i := range d.Len() {
			f(i)
		}
		return
	}
	for i := range set.Rows {
		f(i)
	}
}

// Filter returns the rows of s (every row when s is nil) for which keep
// returns true.
func (d *Data) Filter(s *RowSet, keep func(i int) bool) *RowSet {
	out := NewRowSet(d.Len())
	if s == nil {
		s = d.AllRows()
	}
	for i := range s.Rows {
		if keep(i) {
			out.Add(i)
		}
	}
	return out
}

// Period is a period of interest: Start to End, both days included.
type Period struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
}

// FinancialYear returns the year from 1 April of year to 31 March of the
// next (FinancialYear(2023) is 2023/24).
func FinancialYear(year int) Period {
	return Period{Start: pathway.NewDate(year, time.April, 1), End: pathway.NewDate(year+1, time.March, 31)}
}

// Validate checks that both dates are set and Start ≤ End.
func (p Period) Validate() error {
	if !p.Start.Valid() || !p.End.Valid() || p.End < p.Start {
		return errorf(ErrInvalidOptions, "period %v to %v", p.Start, p.End)
	}
	return nil
}

// Overlaps reports whether an event from start to end (NoDate: open)
// falls in the period as the principles define it: it starts on or
// before the period's end and ends on or after its start, or is still
// open.
func (p Period) Overlaps(start, end Date) bool {
	return start <= p.End && (!end.Valid() || end >= p.Start)
}

// Contains reports whether d is in the period.
func (p Period) Contains(d Date) bool { return d >= p.Start && d <= p.End }

// String formats the period as "2023-04-01 to 2024-03-31".
func (p Period) String() string { return p.Start.String() + " to " + p.End.String() }
