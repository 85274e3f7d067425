package cld

// genderCols are LTS004's columns: the code groups by the raw gender.
var genderCols = []string{"Male", "Female", "Other", "Unknown", "Invalid/NULL"}

func genderCol(g Gender) int {
	if g.Valid() {
		return int(g - GenderMale)
	}
	return 4
}

// statusAttr is one of LTS004's statuses: a row's value (the list's
// value; blank or invalid rows are the "NULL/Invalid" count), whether it
// is known, and the table row it goes to.
type statusAttr struct {
	value func(d *Data, i int32) uint8 // 0 blank, 1 invalid, ≥2 the list entries
	known func(v uint8) bool
}

var (
	employmentStatus = statusAttr{
		value: func(d *Data, i int32) uint8 { return uint8(d.Employment[i]) },
		known: func(v uint8) bool { return EmploymentStatus(v) != EmploymentUnknown },
	}
	accommodationStatus = statusAttr{
		value: func(d *Data, i int32) uint8 { return uint8(d.Accommodation[i]) },
		known: func(v uint8) bool { return AccommodationStatus(v) != AccommodationUnknown },
	}
)

// lts004Status applies the code's de-duplication of a status to one
// person (all their rows, at every council, in cl's clients lo to hi):
// the rows with a valid status (Unknown included); of those the rows
// starting last, at whichever council (the code ranks a person's rows
// across councils); then at each council the rows with a known status if
// any; their status by gender, or unknown (the code's 'Unknown') when they
// disagree. emit receives council, gender column and status value (0 for
// a conflict). Persons without a valid status on any row are passed to
// invalid with each council and gender of their rows.
func lts004Status(d *Data, cl *Clients, lo, hi int, a *statusAttr, emit func(council uint32, g int, v uint8), invalid func(council uint32, g int)) {
	var last Date
	any := false
	for c := lo; c < hi; c++ {
		for _, i := range cl.RowsOf(c) {
			if a.value(d, i) >= 2 {
				last, any = max(last, d.Start[i]), true
			}
		}
	}
	if !any {
		for c := lo; c < hi; c++ {
			var seen [5]bool
			for _, i := range cl.RowsOf(c) {
				g := genderCol(d.Gender[i])
				if !seen[g] {
					seen[g] = true
					invalid(cl.Council[c], g)
				}
			}
		}
		return
	}
	for c := lo; c < hi; c++ {
		known, at := false, false
		for _, i := range cl.RowsOf(c) {
			if v := a.value(d, i); v >= 2 && d.Start[i] == last {
				at = true
				known = known || a.known(v)
			}
		}
		if !at {
			continue
		}
		// by gender: the status, 0 for none yet, 1 for a conflict
		var status [5]uint8
		for _, i := range cl.RowsOf(c) {
			v := a.value(d, i)
			if v < 2 || d.Start[i] != last || a.known(v) != known {
				continue
			}
			g := genderCol(d.Gender[i])
			switch status[g] {
			case 0:
				status[g] = v
			case v:
			default:
				status[g] = 1
			}
		}
		for g, v := range status {
			if v != 0 {
				emit(cl.Council[c], g, v)
			}
		}
	}
}

// LTS004 computes SALT LTS004 for period p: working-age clients (18 to
// 64 at the period end) with a learning disability as primary support
// reason on a long-term service during the period, from each council's
// latest submission, by their last known employment status (Table 1) and
// accommodation status (Table 2a settled, Table 2b unsettled), and
// gender. Clients with no valid status are counted apart: the NULL/Invalid
// row of Table 1 and the table "Table 2 (NULL/Invalid)".
func LTS004(d *Data, p Period, opt MeasureOptions) (*LTSResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.lts004(), nil
}

func (r *run) lts004() *LTSResult {
	d, p := r.d, r.p
	res := &LTSResult{Measure: "LTS004", Period: p}
	var log Steps
	base := r.latestRows(&log)
	set := filterRows(d, base, &log,
		rowFilter{"event type is Service", func(i int) bool { return d.EventType[i] == EventService }},
		rowFilter{"service type is long-term support (nursing, residential, community or prison)", func(i int) bool { return d.ServiceType[i].LongTerm() }},
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		rowFilter{"primary support reason is Learning Disability Support", func(i int) bool { return d.PSR[i] == PSRLearningDisability }},
		rowFilter{"service overlaps the period (starts on or before its end; ends on or after its start, or is open)",
			func(i int) bool { return p.Overlaps(d.Start[i], d.End[i]) }},
		rowFilter{"no date of death before the period start", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		rowFilter{"birth month and year known (age can be derived)", func(i int) bool { return d.Birth[i].Valid() }},
		rowFilter{"aged 18 to 64 at the period end", func(i int) bool {
			age, ok := d.Age(i, p.End)
			return BandOf(age, ok) == Age18To64
		}},
	)
	cl := d.keyedClients(set, &log)

	emp := append(ListEmploymentStatus.Values(), "NULL/Invalid")
	accom := ListAccommodationStatus.Values()
	var settled, unsettled []string
	for k, s := range accom {
		if AccommodationStatus(k + 2).Settled() {
			settled = append(settled, s)
		} else {
			unsettled = append(unsettled, s)
		}
	}
	const (
		tEmp = iota
		tSettled
		tUnsettled
		tAccomInvalid
	)
	items := make([][]tally, 4)
	add := func(t int, council uint32, person int32, row, col int) {
		items[t] = append(items[t], tally{person: person, council: council, row: uint16(row), col: uint16(col)})
		res.People = append(res.People, Counted{Table: uint16(t), Council: council, Person: person, Row: uint16(row), Col: uint16(col)})
	}
	for lo := 0; lo < cl.Len(); {
		hi := lo + 1
		for hi < cl.Len() && cl.Person[hi] == cl.Person[lo] {
			hi++
		}
		person := cl.Person[lo]
		lts004Status(d, cl, lo, hi, &employmentStatus,
			func(council uint32, g int, v uint8) {
				if v == 1 {
					v = uint8(EmploymentUnknown)
				}
				add(tEmp, council, person, int(v-2), g)
			},
			func(council uint32, g int) { add(tEmp, council, person, len(emp)-1, g) })
		lts004Status(d, cl, lo, hi, &accommodationStatus,
			func(council uint32, g int, v uint8) {
				if v == 1 {
					v = uint8(AccommodationUnknown)
				}
				if s := AccommodationStatus(v); s.Settled() {
					add(tSettled, council, person, int(v-2), g)
				} else {
					add(tUnsettled, council, person, int(v-2)-len(settled), g)
				}
			},
			func(council uint32, g int) { add(tAccomInvalid, council, person, 0, g) })
		lo = hi
	}
	res.Steps = log
	mk := func(t int, name, title, header string, rows []string) *Table {
		return newTable(d, Table{Measure: "LTS004", Name: name, Title: title, Unit: "clients", RowHeader: header,
			Rows: rows, Cols: genderCols, Distinct: true}, items[t])
	}
	res.Tables = []*Table{
		mk(tEmp, "Table 1", "Working-age clients with a learning disability accessing long-term support, by employment status and gender",
			"Employment status", emp),
		mk(tSettled, "Table 2a", "Working-age clients with a learning disability accessing long-term support, in settled accommodation, by accommodation status and gender",
			"Accommodation status", settled),
		mk(tUnsettled, "Table 2b", "Working-age clients with a learning disability accessing long-term support, not in settled accommodation, by accommodation status and gender",
			"Accommodation status", unsettled),
		mk(tAccomInvalid, "Table 2 (NULL/Invalid)", "Working-age clients with a learning disability accessing long-term support whose accommodation status is blank or invalid on every row, by gender",
			"Accommodation status", []string{"NULL/Invalid"}),
	}
	return res
}
