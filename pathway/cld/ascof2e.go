package cld

import "fmt"

// ASCOF2E computes ASCOF 2E, "the proportion of people who receive
// long-term support who live in their home or with family", for period
// p, as NHS England's replication code does:
//
//  1. each council's latest submission covering the period (Window);
//  2. rows whose service type is long-term nursing, residential or
//     community support (whatever the event type), overlapping the period
//     (starting on or before its end, ending on or after its start or
//     open), of people not dead before the period, who are service users;
//  3. the person rule on those rows;
//  4. per client (person at a council), the rows of the latest event
//     start date; of those, the ones with a known accommodation status
//     when any is known ("Unknown" and blank are unknown; a value outside
//     the list counts as known, and is not settled); where, for one
//     gender, they still carry different statuses, the status is
//     "Unknown";
//  5. denominators: clients whose rows carry the gender Male, Female, and
//     either (Total); numerators: those of them with a settled
//     accommodation status (the first nine entries of the list); clients
//     of other or unknown gender are counted in no part, not even the
//     Total; outcome: numerator / denominator × 100.
//
// There is no age filter: the code counts every age.
func ASCOF2E(d *Data, p Period, opt MeasureOptions) (*ASCOFTable, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.ascof2E(), nil
}

func (r *run) ascof2E() *ASCOFTable {
	d, p := r.d, r.p
	t := &ASCOFTable{Measure: "2E", Period: p}
	set := filterRows(d, r.latestRows(&t.Steps), &t.Steps,
		rowFilter{"service type is long-term nursing, residential or community support (whatever the event type)", func(i int) bool {
			s := d.ServiceType[i]
			return s == ServiceLTNursing || s == ServiceLTResidential || s == ServiceLTCommunity
		}},
		rowFilter{"event overlaps the period (starts on or before its end; ends on or after its start, or is open)",
			func(i int) bool { return p.Overlaps(d.Start[i], d.End[i]) }},
		rowFilter{"no date of death before the period start", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
	)
	cl := d.keyedClients(set, &t.Steps)

	total := newASCOFCounts(d, "2E", "Total")
	male := newASCOFCounts(d, "2E", "Male")
	female := newASCOFCounts(d, "2E", "Female")
	var other, conflicting int
	known := func(a AccommodationStatus) bool { return a != AccommodationUnknown && a != AccommodationBlank }
	for c := 0; c < cl.Len(); c++ {
		rs := cl.RowsOf(c)
		last := d.Start[rs[len(rs)-1]]
		lo := len(rs) - 1
		for lo > 0 && d.Start[rs[lo-1]] == last {
			lo--
		}
		at := rs[lo:]
		anyKnown := false
		for _, i := range at {
			anyKnown = anyKnown || known(d.Accommodation[i])
		}
		// per gender (Male, Female): present, its status, conflicting
		var present, conflict [2]bool
		var status [2]AccommodationStatus
		for _, i := range at {
			a := d.Accommodation[i]
			if known(a) != anyKnown {
				continue
			}
			g := -1
			switch d.Gender[i] {
			case GenderMale:
				g = 0
			case GenderFemale:
				g = 1
			}
			if g < 0 {
				continue
			}
			switch {
			case !present[g]:
				present[g], status[g] = true, a
			case status[g] != a:
				conflict[g] = true
			}
		}
		council := cl.Council[c]
		settled := [2]bool{}
		for g := range 2 {
			if conflict[g] {
				status[g] = AccommodationUnknown
				conflicting++
			}
			settled[g] = present[g] && status[g].Settled()
		}
		if !present[0] && !present[1] {
			other++
			continue
		}
		for g, k := range []*ascofCounts{male, female} {
			if present[g] {
				k.den[council]++
				if settled[g] {
					k.num[council]++
				}
			}
		}
		total.den[council]++
		if settled[0] || settled[1] {
			total.num[council]++
		}
	}
	t.Steps.add("gender Male or Female on the rows of the latest start date (clients of other or unknown gender are in no part of 2E, not even the Total)",
		"clients", cl.Len(), cl.Len()-other)
	if conflicting > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%d client-genders had conflicting accommodation statuses on their latest start date and are recorded as Unknown", conflicting))
	}
	t.Rows = ascofRows(d, 100, total, male, female)
	return t
}
