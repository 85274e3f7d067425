package cld

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// PopulationEstimate is a council's ONS mid-year population estimate for
// the age bands of ASCOF 2B (18 to 64) and 2C (65 and over). The package
// holds no population figures: the user supplies them (ReadPopulation).
type PopulationEstimate struct {
	Aged18To64, Aged65AndOver int64
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
func ASCOF2BC(d *Data, p Period, opt MeasureOptions) (*ASCOFTable, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.ascof2BC(), nil
}

func (r *run) ascof2BC() *ASCOFTable {
	d, p, opt := r.d, r.p, &r.opt
	t := &ASCOFTable{Measure: "2B/2C", Period: p}
	snapshot := p.End.AddDays(1)
	t.Steps.count("rows of the file", "rows", d.Len())
	set := filterRows(d, nil, &t.Steps,
		rowFilter{"event type is Service", func(i int) bool { return d.EventType[i] == EventService }},
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		rowFilter{"service type is long-term residential or nursing care", func(i int) bool {
			return d.ServiceType[i] == ServiceLTResidential || d.ServiceType[i] == ServiceLTNursing
		}},
		rowFilter{"birth month and year known (age can be derived)", func(i int) bool { return d.Birth[i].Valid() }},
	)
	cl := d.keyedClients(set, &t.Steps)
	set = nil
	ed := newEditions(r.imp, editServices)
	var st editionStats

	var endedBefore, closed int
	var admitted, previous, under18 int
	num := [3][]int64{nil, make([]int64, len(d.Councils)), make([]int64, len(d.Councils))}
	// per client of the current person: the distinct ages of its
	// admissions; and whether the person has a previous admission
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
				switch BandOf(a, true) {
				case Age18To64:
					num[1][c.council]++
				case Age65Plus:
					num[2][c.council]++
				default:
					under18++
				}
			}
		}
		person, prevAny = person[:0], false
	}
	var latest []int32
	rows := 0
	for c := 0; c < cl.Len(); c++ {
		if c > 0 && cl.Person[c] != cl.Person[c-1] {
			flush()
		}
		rs := cl.RowsOf(c)
		rows += len(rs)
		// the latest edition of each event (imports up to the cut-off): an
		// event whose latest edition has no row open at the snapshot is
		// closed (the code's #CLOSED_EVENTS less #REOPENED)
		latest = ed.latest(d, rs, latest[:0], &st)
		adm := clientAdm{council: cl.Council[c]}
		for lo, li := 0, 0; lo < len(rs); {
			hi := lo + 1
			for hi < len(rs) && d.Start[rs[hi]] == d.Start[rs[lo]] {
				hi++
			}
			for li < len(latest) && d.Start[latest[li]] < d.Start[rs[lo]] {
				li++
			}
			lj := li
			for lj < len(latest) && d.Start[latest[lj]] == d.Start[rs[lo]] {
				lj++
			}
			for _, i := range rs[lo:hi] {
				if e := d.End[i]; e.Valid() && e < snapshot {
					endedBefore++
					continue
				}
				found, open := false, false
				for _, j := range latest[li:lj] {
					if editionKey(d, j) == editionKey(d, i) {
						found = true
						if e := d.End[j]; !e.Valid() || e >= snapshot {
							open = true
						}
					}
				}
				if found && !open {
					closed++
					continue
				}
				switch s := d.Start[i]; {
				case s < p.Start:
					prevAny = true
				case s < snapshot:
					if a, _ := d.Age(int(i), snapshot); !slices.Contains(adm.ages, a) {
						adm.ages = append(adm.ages, a)
					}
				}
			}
			lo = hi
		}
		person = append(person, adm)
	}
	flush()
	t.Steps.add("ends on or after the snapshot date (the day after the period), or is open", "rows", rows, rows-endedBefore)
	rows -= endedBefore
	t.Steps.add("the event's latest edition (imports up to the cut-off) has a row open at the snapshot (the code's closed events are left out)", "rows", rows, rows-closed)
	withAdm := admitted + previous
	t.Steps.add("clients with a residential or nursing service that started in the period and is still open at the snapshot", "clients", cl.Len(), withAdm)
	t.Steps.add("new admission: the person has no residential or nursing service that started before the period (at any council)", "clients", withAdm, admitted)
	counted := int64(0)
	for b := 1; b <= 2; b++ {
		for _, n := range num[b] {
			counted += n
		}
	}
	t.Steps.add("aged 18 or over at the snapshot (2B: 18 to 64; 2C: 65 and over; an admission is a council, person and age)", "admissions", int(counted)+under18, int(counted))

	bands := [3]AgeBand{0, Age18To64, Age65Plus}
	pop := func(c int, b int) (int64, bool) {
		e, ok := opt.Population[d.Councils[c].Code]
		if !ok {
			return 0, false
		}
		if b == 1 {
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
		for b := 1; b <= 2; b++ {
			den, ok := pop(c, b)
			t.Rows = append(t.Rows, ASCOFRow{Council: c, Code: d.Councils[c].Code, Name: d.Councils[c].Name,
				Measure: codes[b], Disaggregation: bands[b].String(), Numerator: num[b][c],
				Denominator: den, HasDenominator: ok, Outcome: rate(num[b][c], den, ok)})
		}
	}
	for b := 1; b <= 2; b++ {
		var n, den int64
		all := true
		for c := range d.Councils {
			n += num[b][c]
			x, ok := pop(c, b)
			den += x
			all = all && ok
		}
		t.Rows = append(t.Rows, ASCOFRow{Council: -1, Name: "All councils", Measure: codes[b], Disaggregation: bands[b].String(),
			Numerator: n, Denominator: den, HasDenominator: all, Outcome: rate(n, den, all)})
	}
	return t
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
