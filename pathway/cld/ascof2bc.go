package cld

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PopulationEstimate is a council's ONS mid-year population estimate for
// the age bands of ASCOF 2B (18 to 64) and 2C (65 and over). The package
// holds no population figures: the user supplies them (ReadPopulation).
type PopulationEstimate struct {
	Aged18To64, Aged65AndOver int64
}

// ASCOF2BCOptions configures Data.ASCOF2BC. The zero value uses every
// import and gives no population, so that the numerators are computed and
// the rates are undefined.
type ASCOF2BCOptions struct {
	// Population holds the ONS mid-year estimates by council code
	// (LA_Code). A council without one has undefined rates; so has the
	// all-councils row unless every council has one.
	Population map[string]PopulationEstimate
	// ImportBy is the submission cut-off of the "open records subsequently
	// recorded as closed" step: an event's latest edition is looked for
	// among imports whose calendar date is on or before ImportBy (the
	// code's "ImportDate < '2024-05-01'" is ImportBy 2024-04-30); NoDate
	// means every import.
	ImportBy Date
}

// ASCOF2BC computes ASCOF 2B and 2C, "the number of adults aged 18 to 64
// (2B) and 65 and over (2C) whose long-term support needs are met by
// admission to residential and nursing care homes, per 100,000
// population", for period p, as NHS England's replication code does:
//
//  1. every row of every import that is a service to a service user of
//     type "Long Term Support: Residential Care" or "… Nursing Care" with a
//     birth year and month;
//  2. the person rule on those rows;
//  3. age at the snapshot date, the day after the period (the code's
//     @SnapshotDate 2024-04-01 for 2023/24);
//  4. rows ending on or after the snapshot, or open;
//  5. rows of an event whose latest edition (council, person, start,
//     service type, component, delivery mechanism; imports up to
//     ImportBy) has every row ending before the snapshot are removed;
//  6. admissions: clients with such a row starting in the period; a
//     person with such a row starting before the period, at any council,
//     is not a new admission;
//  7. numerators: distinct admissions (council, person, age) aged 18–64
//     (2B) and 65 or over (2C), per council; denominators: the population
//     estimates; outcome: numerator / denominator × 100,000.
//
// Only admissions whose placement is still open at the snapshot are
// counted, as in the code (see the package documentation for where this
// departs from the principles).
func (d *Data) ASCOF2BC(p Period, opt ASCOF2BCOptions) (*ASCOFTable, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	for code, pop := range opt.Population {
		if pop.Aged18To64 < 0 || pop.Aged65AndOver < 0 {
			return nil, errorf(ErrInvalidOptions, "negative population estimate for %q", code)
		}
	}
	t := &ASCOFTable{Measure: "2B/2C", Period: p}
	snapshot := p.End.AddDays(1)
	set := ascofFilter(d, nil, []ascofRule{
		{"not a service (Event_Type)", func(i int) bool { return d.EventType[i] == EventService }},
		{"not a service user (Client_Type)", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		{"not long-term residential or nursing care (Service_Type)", func(i int) bool {
			return d.ServiceType[i] == ServiceLTResidential || d.ServiceType[i] == ServiceLTNursing
		}},
		{"no birth year and month (no derived age)", func(i int) bool { return d.Birth[i].Valid() }},
	}, &t.Steps)
	pk := ascofPersons(d, set, &t.Steps)
	cl := d.Clients(pk.Key)
	imp := newASCOFImports(d, opt.ImportBy)

	rows := pk.Rows - pk.RemovedSeenWithNHS - pk.RemovedNoID
	var endedBefore, closed int
	var admitted, previous, under18 int
	num := [3][]int64{nil, make([]int64, len(d.Councils)), make([]int64, len(d.Councils))}
	// per client of the current person: has a previous admission; the
	// distinct ages of its admissions
	type clientAdm struct {
		council uint32
		ages    []int
	}
	var person []clientAdm
	prevAny := false
	flush := func() {
		for _, c := range person {
			if len(c.ages) == 0 {
				continue
			}
			if prevAny {
				previous++
				continue
			}
			admitted++
			for _, a := range c.ages {
				b := ascofBandOf(a, true)
				if b == ascofBandNone {
					under18++
					continue
				}
				num[b][c.council]++
			}
		}
		person, prevAny = person[:0], false
	}
	var keep []bool
	for c := 0; c < cl.Len(); c++ {
		if c > 0 && cl.Person[c] != cl.Person[c-1] {
			flush()
		}
		rs := cl.RowsOf(c)
		keep = append(keep[:0], make([]bool, len(rs))...)
		// runs of one start date; within a run, events by key
		for lo := 0; lo < len(rs); {
			hi := lo + 1
			for hi < len(rs) && d.Start[rs[hi]] == d.Start[rs[lo]] {
				hi++
			}
			for k := lo; k < hi; k++ {
				i := rs[k]
				if e := d.End[i]; e.Valid() && e < snapshot {
					endedBefore++
					continue
				}
				// the event's latest edition up to the cut-off
				best, found := int32(-1), false
				for _, j := range rs[lo:hi] {
					if sj := d.Submission[j]; !imp.after[sj] && ascof2BCSame(d, i, j) && (!found || imp.rank[sj] > best) {
						best, found = imp.rank[sj], true
					}
				}
				gone := found
				for _, j := range rs[lo:hi] {
					if sj := d.Submission[j]; found && !imp.after[sj] && imp.rank[sj] == best && ascof2BCSame(d, i, j) {
						if e := d.End[j]; !e.Valid() || e >= snapshot {
							gone = false
						}
					}
				}
				if gone {
					closed++
					continue
				}
				keep[k] = true
			}
			lo = hi
		}
		adm := clientAdm{council: cl.Council[c]}
		for k, i := range rs {
			if !keep[k] {
				continue
			}
			switch s := d.Start[i]; {
			case s < p.Start:
				prevAny = true
			case s < snapshot:
				a, _ := d.Age(int(i), snapshot)
				if !ascofContainsInt(adm.ages, a) {
					adm.ages = append(adm.ages, a)
				}
			}
		}
		person = append(person, adm)
	}
	flush()
	rows -= endedBefore
	t.Steps = append(t.Steps,
		ASCOFStep{Step: "ended before the snapshot date (the day after the period)", Unit: "rows", Removed: endedBefore, Left: rows},
		ASCOFStep{Step: "open or ending later, but the event's latest edition (imports up to the cut-off) ends before the snapshot", Unit: "rows", Removed: closed, Left: rows - closed})
	withAdm := admitted + previous
	t.Steps = append(t.Steps,
		ASCOFStep{Step: "clients with no residential or nursing service that started in the period and is still open at the snapshot", Unit: "clients", Removed: cl.Len() - withAdm, Left: withAdm},
		ASCOFStep{Step: "not a new admission: the person has a residential or nursing service that started before the period (at any council)", Unit: "clients", Removed: previous, Left: admitted})
	counted := int64(0)
	for b := 1; b <= 2; b++ {
		for _, n := range num[b] {
			counted += n
		}
	}
	t.Steps = append(t.Steps, ASCOFStep{Step: "aged under 18 at the snapshot (in neither 2B nor 2C; an admission is a council, person and age)", Unit: "admissions", Removed: under18, Left: int(counted)})

	pop := func(c int, b ascofBand) (int64, bool) {
		e, ok := opt.Population[d.Councils[c].Code]
		if !ok {
			return 0, false
		}
		if b == ascofBand18To64 {
			return e.Aged18To64, true
		}
		return e.Aged65AndOver, true
	}
	rate := func(n, den int64, ok bool) Figure {
		switch {
		case !ok:
			return undefined("no population estimate given")
		case den == 0:
			return undefined("population estimate is zero")
		}
		return ratio(n, den, 100_000)
	}
	codes := [3]string{"", "2B", "2C"}
	for c := range d.Councils {
		for b := ascofBand18To64; b <= ascofBand65AndOn; b++ {
			den, ok := pop(c, b)
			t.Rows = append(t.Rows, ASCOFRow{Council: c, Code: d.Councils[c].Code, Name: d.Councils[c].Name,
				Measure: codes[b], Disaggregation: ascofBandNames[b], Numerator: num[b][c],
				Denominator: den, HasDenominator: ok, Outcome: rate(num[b][c], den, ok)})
		}
	}
	for b := ascofBand18To64; b <= ascofBand65AndOn; b++ {
		var n, den int64
		all := true
		for c := range d.Councils {
			n += num[b][c]
			x, ok := pop(c, b)
			den += x
			all = all && ok
		}
		t.Rows = append(t.Rows, ASCOFRow{Council: -1, Name: "All councils", Measure: codes[b], Disaggregation: ascofBandNames[b],
			Numerator: n, Denominator: den, HasDenominator: all, Outcome: rate(n, den, all)})
	}
	return t, nil
}

// ascof2BCSame reports whether rows a and b (of one client) are editions
// of one event by 2B/2C's Event_ID: start date, service type, component
// and delivery mechanism.
func ascof2BCSame(d *Data, a, b int32) bool {
	return d.Start[a] == d.Start[b] && d.ServiceType[a] == d.ServiceType[b] &&
		d.Component[a] == d.Component[b] && d.Delivery[a] == d.Delivery[b]
}

func ascofContainsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// ReadPopulation reads ONS mid-year population estimates for ASCOF 2B and
// 2C from CSV with a header row: a council code column (LA_Code, "ONS
// code" or "Code"), an 18-to-64 column (a header naming 18 and 64, such
// as "Aged 18 to 64") and a 65-and-over column (a header naming 65, such
// as "Aged 65 and over"); other columns are ignored. Headers match
// ignoring case and punctuation. Counts are whole non-negative numbers
// (a thousands separator is not accepted). A council listed twice, a
// blank or bad count or a missing column is an error naming the line and
// column (a *RowError wrapping ErrHeader, ErrMissing, ErrNumber or
// ErrInvalidOptions for a repeated council).
func ReadPopulation(r io.Reader) (map[string]PopulationEstimate, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, errorf(ErrHeader, "population file: no header")
		}
		return nil, fmt.Errorf("%w: population file: %v", ErrCSV, err)
	}
	code, young, old := -1, -1, -1
	names := make([]string, len(head))
	for k, h := range head {
		names[k] = h
		key := string(headerKey(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case key == "lacode" || key == "onscode" || key == "code" || key == "geographicalcode":
			if code < 0 {
				code = k
			}
		case strings.Contains(key, "18") && strings.Contains(key, "64"):
			young = k
		case strings.Contains(key, "65"):
			old = k
		}
	}
	for _, c := range []struct {
		k    int
		what string
	}{{code, "council code (LA_Code)"}, {young, "aged 18 to 64"}, {old, "aged 65 and over"}} {
		if c.k < 0 {
			return nil, errorf(ErrHeader, "population file: no %s column", c.what)
		}
	}
	out := map[string]PopulationEstimate{}
	count := func(line, k int, s string) (int64, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, &RowError{Line: line, Column: k + 1, Field: names[k], Err: errorf(ErrMissing, "blank population")}
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 || s[0] == '+' {
			return 0, &RowError{Line: line, Column: k + 1, Field: names[k], Err: errorf(ErrNumber, "population %q is not a whole non-negative number", s)}
		}
		return v, nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, &RowError{Line: line, Err: fmt.Errorf("%w: %v", ErrCSV, err)}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) <= max(code, young, old) {
			return nil, &RowError{Line: line, Err: errorf(ErrFieldCount, "%d fields", len(rec))}
		}
		c := strings.TrimSpace(rec[code])
		if c == "" {
			return nil, &RowError{Line: line, Column: code + 1, Field: names[code], Err: errorf(ErrMissing, "blank council code")}
		}
		if _, dup := out[c]; dup {
			return nil, &RowError{Line: line, Column: code + 1, Field: names[code], Err: errorf(ErrInvalidOptions, "council %q listed twice", c)}
		}
		y, err := count(line, young, rec[young])
		if err != nil {
			return nil, err
		}
		o, err := count(line, old, rec[old])
		if err != nil {
			return nil, err
		}
		out[c] = PopulationEstimate{Aged18To64: y, Aged65AndOver: o}
	}
	return out, nil
}
