package cld

import (
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// latestRows applies the latest-submission rule and logs it.
func (r *run) latestRows(log *Steps) *RowSet {
	sel := r.latest()
	n := r.d.Len()
	log.count("rows of the file", "rows", n)
	log.add("latest submission of each council covering the period, within the submission window", "rows", n, sel.Kept)
	return sel.Rows
}

// Counted is one person (or, for STS measures, one record) in a cell of
// one of a result's tables.
type Counted struct {
	Council uint32 `json:"council"` // index into Data.Councils
	Person  int32  `json:"person"`  // person key (Data.PersonOf)
	// Table indexes the result's Tables; Row and Col are the cell's.
	Table uint16 `json:"table"`
	Row   uint16 `json:"row"`
	Col   uint16 `json:"col"`
}

// settingLabels are the support settings and delivery mechanisms of the
// LTS001 tables, in the order (and hierarchy) of the code's
// #REF_Service_Type_Delivery_Mech: a client counts once, in the first
// setting any of their services has. "Community" and "Prison" alone are
// services whose delivery mechanism is blank, outside the list or (in
// prison) a direct payment, which the code blanks out.
var settingLabels = []string{
	"Nursing", "Residential",
	"Community: Direct Payment", "Community: CASSR Managed Personal Budget", "Community: CASSR Commissioned Support", "Community",
	"Prison: CASSR Managed Personal Budget", "Prison: CASSR Commissioned Support", "Prison",
}

// settingOf returns the setting (index into settingLabels, the code's
// hierarchy less one) of a long-term service, or −1.
func settingOf(t ServiceType, m DeliveryMechanism) int {
	switch t {
	case ServiceLTNursing:
		return 0
	case ServiceLTResidential:
		return 1
	case ServiceLTCommunity:
		switch m {
		case DeliveryDirectPayment:
			return 2
		case DeliveryManagedBudget:
			return 3
		case DeliveryCommissioned:
			return 4
		}
		return 5
	case ServiceLTPrison:
		switch m {
		case DeliveryManagedBudget:
			return 6
		case DeliveryCommissioned:
			return 7
		}
		return 8
	}
	return -1
}

// attribute is a person attribute the LTS tables break down by, with the
// code's de-duplication: of a client's rows in their first setting, those
// with a known value are preferred, then those starting last; if they
// still disagree, the conflict label is used.
type attribute struct {
	rows     []string // the labels, in table order
	known    func(d *Data, i int32) bool
	row      func(d *Data, i int32) int // the row of the value (values in one row do not conflict)
	conflict int                        // the row of a conflict
}

var (
	psrRows = append(ListPrimarySupportReason.Values(), "Invalid/NULL")
	// psrMapped is the PSR: a blank or invalid value is "Invalid/NULL"
	// (LTS001a/b map it so before comparing; LTS001c compares raw values,
	// which differs only where two rows hold different invalid values,
	// which the package cannot tell apart).
	psrMapped = attribute{rows: psrRows,
		known:    func(d *Data, i int32) bool { return d.PSR[i] != PSRBlank && d.PSR[i] != PSRUnknown },
		row:      func(d *Data, i int32) int { return psrRow(d.PSR[i]) },
		conflict: int(PSRUnknown - 2)}
	carerAttr = attribute{rows: []string{"Yes", "No", "Invalid/NULL", "Unknown"},
		known: func(d *Data, i int32) bool { return d.UnpaidCarer[i] != CarerBlank && d.UnpaidCarer[i] != CarerUnknown },
		row: func(d *Data, i int32) int {
			switch d.UnpaidCarer[i] {
			case CarerYes:
				return 0
			case CarerNo:
				return 1
			}
			return 2
		},
		conflict: 3}
	ethnicityAttr = attribute{rows: append(ListEthnicity.Values(), "Invalid/NULL"),
		known: func(d *Data, i int32) bool {
			return d.Ethnicity[i] != EthnicityBlank && d.Ethnicity[i] != EthnicityUnknown
		},
		row: func(d *Data, i int32) int {
			if d.Ethnicity[i].Valid() {
				return int(d.Ethnicity[i] - 2)
			}
			return int(EthnicityUnknown - 1)
		},
		conflict: int(EthnicityUnknown - 2)}
)

func psrRow(v PrimarySupportReason) int {
	if v.Valid() {
		return int(v - 2)
	}
	return len(psrRows) - 1
}

// dedupe applies the code's de-duplication to one client's rows: the
// first setting (lowest hierarchy); of its rows those with a known value,
// if any; of those the rows starting last; their value, or the conflict
// label when they disagree. It returns the setting and the row label.
func (a *attribute) dedupe(d *Data, rows []int32) (setting, label int) {
	setting = len(settingLabels)
	for _, i := range rows {
		setting = min(setting, settingOf(d.ServiceType[i], d.Delivery[i]))
	}
	known := false
	for _, i := range rows {
		if settingOf(d.ServiceType[i], d.Delivery[i]) == setting && a.known(d, i) {
			known = true
			break
		}
	}
	var last Date
	for _, i := range rows {
		if settingOf(d.ServiceType[i], d.Delivery[i]) == setting && a.known(d, i) == known {
			last = max(last, d.Start[i])
		}
	}
	key := -1
	for _, i := range rows {
		if settingOf(d.ServiceType[i], d.Delivery[i]) != setting || a.known(d, i) != known || d.Start[i] != last {
			continue
		}
		switch k := a.row(d, i); {
		case key < 0:
			key = k
		case k != key:
			return setting, a.conflict
		}
	}
	return setting, key
}

// LTSResult is a long-term support measure: its tables, the people in
// them and the step log.
type LTSResult struct {
	Measure string `json:"measure"`
	Period  Period `json:"period"`
	// Snapshot is the date of the snapshot measures (LTS001b, LTS001c):
	// the period's end.
	Snapshot Date     `json:"snapshot"`
	Steps    Steps    `json:"steps"`
	Tables   []*Table `json:"tables"`
	// People lists each person counted, with their table and cell.
	People []Counted `json:"people"`
}

// Table returns the table of that name, or nil.
func (r *LTSResult) Table(name string) *Table {
	for _, t := range r.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// ltsTable describes one table of an LTS measure and how a client is
// counted in it.
type ltsTable struct {
	name, title string
	rows, cols  []string
	rowHeader   string
	// keep selects the client's rows the table uses (for example, an
	// age band); count returns the cell, or ok false.
	keep  func(i int32) bool
	count func(rows []int32) (row, col int, ok bool)
}

// countTables counts every client of cl in the tables; rows(c) gives the
// client's rows the measure uses.
func countTables(d *Data, measure, unit string, cl *Clients, rows func(c int) []int32, specs []ltsTable, res *LTSResult) {
	items := make([][]tally, len(specs))
	var sub []int32
	for c := range cl.Len() {
		rs := rows(c)
		if len(rs) == 0 {
			continue
		}
		for k, s := range specs {
			sub = sub[:0]
			for _, i := range rs {
				if s.keep == nil || s.keep(i) {
					sub = append(sub, i)
				}
			}
			if len(sub) == 0 {
				continue
			}
			r, col, ok := s.count(sub)
			if !ok {
				continue
			}
			items[k] = append(items[k], tally{person: cl.Person[c], council: cl.Council[c], row: uint16(r), col: uint16(col)})
			res.People = append(res.People, Counted{Table: uint16(len(res.Tables) + k), Council: cl.Council[c], Person: cl.Person[c], Row: uint16(r), Col: uint16(col)})
		}
	}
	for k, s := range specs {
		res.Tables = append(res.Tables, newTable(d, Table{Measure: measure, Name: s.name, Title: s.title, Unit: unit,
			RowHeader: s.rowHeader, Rows: s.rows, Cols: s.cols, Distinct: true}, items[k]))
	}
}

// byAttribute is a table spec counting clients by attribute and setting.
func byAttribute(name, title, header string, a *attribute, keep func(i int32) bool, d *Data) ltsTable {
	return ltsTable{name: name, title: title, rows: a.rows, cols: settingLabels, rowHeader: header, keep: keep,
		count: func(rows []int32) (int, int, bool) {
			s, l := a.dedupe(d, rows)
			return l, s, true
		}}
}

// ageIn returns a row filter: the row's derived age on day is in band.
func ageIn(d *Data, on Date, b AgeBand) func(i int32) bool {
	return func(i int32) bool {
		age, ok := d.Age(int(i), on)
		return BandOf(age, ok) == b
	}
}

// ltsRows selects the rows of a long-term support measure: the latest
// submissions, service users, long-term services, the period filter, no
// death before the date of interest, and a known birth; then the person
// rule. It returns the rows by client.
func (r *run) ltsRows(log *Steps, period rowFilter, deathBefore Date) *Clients {
	d := r.d
	base := r.latestRows(log)
	set := filterRows(d, base, log,
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		rowFilter{"service type is long-term support (nursing, residential, community or prison)", func(i int) bool { return d.ServiceType[i].LongTerm() }},
		period,
		rowFilter{"no date of death before " + deathBefore.String(), func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= deathBefore }},
		rowFilter{"birth month and year known (age can be derived)", func(i int) bool { return d.Birth[i].Valid() }},
	)
	return d.keyedClients(set, log)
}

// LTS001a computes SALT LTS001a for period p: people accessing long-term
// support during the period, by primary support reason and support
// setting (with delivery mechanism), in Table 1a (aged 18 to 64 at the
// period end) and Table 1b (65 and over), from each council's latest
// submission.
func LTS001a(d *Data, p Period, opt MeasureOptions) (*LTSResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.lts001a(), nil
}

func (r *run) lts001a() *LTSResult {
	d, p := r.d, r.p
	res := &LTSResult{Measure: "LTS001a", Period: p}
	var log Steps
	cl := r.ltsRows(&log,
		rowFilter{"service overlaps the period (starts on or before its end; ends on or after its start, or is open)",
			func(i int) bool { return p.Overlaps(d.Start[i], d.End[i]) }}, p.Start)
	specs := []ltsTable{
		byAttribute("Table 1a", "Clients aged 18 to 64 accessing long-term support during the year, by primary support reason and support setting",
			"Primary Support Reason", &psrMapped, ageIn(d, p.End, Age18To64), d),
		byAttribute("Table 1b", "Clients aged 65 and over accessing long-term support during the year, by primary support reason and support setting",
			"Primary Support Reason", &psrMapped, ageIn(d, p.End, Age65Plus), d),
	}
	countTables(d, res.Measure, "clients", cl, cl.RowsOf, specs, res)
	logAgeTables(&log, d, cl, cl.RowsOf, p.End)
	res.Steps = log
	return res
}

// logAgeTables logs the clients the age tables leave out (under 18).
func logAgeTables(log *Steps, d *Data, cl *Clients, rows func(c int) []int32, on Date) {
	n, young := 0, 0
	for c := range cl.Len() {
		rs := rows(c)
		if len(rs) == 0 {
			continue
		}
		n++
		adult := false
		for _, i := range rs {
			if age, _ := d.Age(int(i), on); age >= 18 {
				adult = true
				break
			}
		}
		if !adult {
			young++
		}
	}
	log.add("aged 18 to 64 or 65 and over (Tables 1a and 1b): clients under 18 are in neither", "clients", n, n-young)
}

// LTS001b computes SALT LTS001b at the snapshot p.End: people accessing
// long-term support on that day, from each council's latest submission
// covering p, in Tables 1a and 1b (by primary support reason and setting,
// aged 18 to 64 and 65 and over), Table 2 (by support from an unpaid
// carer), Tables 3a and 3b (men and women, by ethnicity) and Table 3c
// (clients of other or unknown gender).
func LTS001b(d *Data, p Period, opt MeasureOptions) (*LTSResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.lts001b(), nil
}

func (r *run) lts001b() *LTSResult {
	d, p := r.d, r.p
	snap := p.End
	res := &LTSResult{Measure: "LTS001b", Period: p, Snapshot: snap}
	var log Steps
	cl := r.ltsRows(&log,
		rowFilter{"service open at the snapshot (starts on or before it; ends on or after it, or is open)",
			func(i int) bool { return d.Start[i] <= snap && (!d.End[i].Valid() || d.End[i] >= snap) }}, snap)
	gender := func(g Gender) func(i int32) bool { return func(i int32) bool { return d.Gender[i] == g } }
	specs := []ltsTable{
		byAttribute("Table 1a", "Clients aged 18 to 64 accessing long-term support at the year end, by primary support reason and support setting",
			"Primary Support Reason", &psrMapped, ageIn(d, snap, Age18To64), d),
		byAttribute("Table 1b", "Clients aged 65 and over accessing long-term support at the year end, by primary support reason and support setting",
			"Primary Support Reason", &psrMapped, ageIn(d, snap, Age65Plus), d),
		byAttribute("Table 2", "Clients accessing long-term support at the year end, by support from an unpaid carer and support setting",
			"Support from carer", &carerAttr, nil, d),
		byAttribute("Table 3a", "Male clients accessing long-term support at the year end, by ethnicity and support setting",
			"Ethnicity", &ethnicityAttr, gender(GenderMale), d),
		byAttribute("Table 3b", "Female clients accessing long-term support at the year end, by ethnicity and support setting",
			"Ethnicity", &ethnicityAttr, gender(GenderFemale), d),
		{name: "Table 3c", title: "Clients of other or unknown gender accessing long-term support at the year end",
			rows: []string{"Other / Unknown gender"}, cols: []string{"Clients"}, rowHeader: "Gender",
			keep:  func(i int32) bool { return d.Gender[i] == GenderOther || d.Gender[i] == GenderUnknown },
			count: func([]int32) (int, int, bool) { return 0, 0, true }},
	}
	countTables(d, res.Measure, "clients", cl, cl.RowsOf, specs, res)
	logAgeTables(&log, d, cl, cl.RowsOf, snap)
	res.Steps = log
	return res
}

// yearBefore returns the same day a year earlier (29 February: the 28th).
func yearBefore(t Date) Date {
	y, m, dd := t.YMD()
	if m == time.February && dd == 29 {
		dd = 28
	}
	return pathway.NewDate(y-1, m, dd)
}

// LTS001c computes SALT LTS001c at the snapshot p.End: of the people in
// LTS001b, those whose long-term support has run without a break of more
// than a day for more than 12 months, by primary support reason and
// setting, in Tables 1a and 1b. A client's long-term services (from the
// latest submission, alive at the snapshot) are chained as the code
// chains them (each starting at most one day after the previous one's
// end, an open one ending on the run date); the services of a chain that
// started before opt.ChainStartBefore (default: the snapshot a year
// earlier) and that end on or after the snapshot are counted.
func LTS001c(d *Data, p Period, opt MeasureOptions) (*LTSResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.lts001c(), nil
}

func (r *run) lts001c() *LTSResult {
	d, p, opt := r.d, r.p, &r.opt
	snap := p.End
	before := opt.ChainStartBefore
	if !before.Valid() {
		before = yearBefore(snap)
	}
	res := &LTSResult{Measure: "LTS001c", Period: p, Snapshot: snap}
	var log Steps
	cl := r.ltsRows(&log,
		rowFilter{"service starts on or before the snapshot", func(i int) bool { return d.Start[i] <= snap }}, snap)
	// the chains, client by client: kept[c] are the rows counted
	var items []clusterItem
	var kept []int32
	off := make([]int32, cl.Len()+1)
	for c := range cl.Len() {
		items = items[:0]
		for _, i := range cl.RowsOf(c) {
			items = append(items, clusterItem{d.Start[i], opt.openEnd(d.End[i]), i})
		}
		sortItems(items)
		islands(items, 1, func(is []clusterItem) {
			start := is[0].start
			for _, x := range is {
				start = min(start, x.start)
			}
			if start >= before {
				return
			}
			for _, x := range is {
				if x.end >= snap {
					kept = append(kept, x.row)
				}
			}
		})
		off[c+1] = int32(len(kept))
	}
	rows := func(c int) []int32 { return kept[off[c]:off[c+1]] }
	n := len(cl.Rows)
	log.add("in a chain of long-term support (gaps of at most a day) that started before "+before.String()+
		", and ending on or after the snapshot (an open service ends on the run date)", "rows", n, len(kept))
	specs := []ltsTable{
		byAttribute("Table 1a", "Clients aged 18 to 64 accessing long-term support for more than 12 months at the year end, by primary support reason and support setting",
			"Primary Support Reason", &psrMapped, ageIn(d, snap, Age18To64), d),
		byAttribute("Table 1b", "Clients aged 65 and over accessing long-term support for more than 12 months at the year end, by primary support reason and support setting",
			"Primary Support Reason", &psrMapped, ageIn(d, snap, Age65Plus), d),
	}
	countTables(d, res.Measure, "clients", cl, rows, specs, res)
	logAgeTables(&log, d, cl, rows, snap)
	res.Steps = log
	return res
}
