package cld

import (
	"fmt"
	"slices"
)

// ascof3DRank is the SALT setting hierarchy of the code's reference
// table, with the code's override: community support whose component is
// a direct payment ranks as a direct payment. It returns the rank (1
// highest) and the delivery mechanism the code keeps after blanking the
// ones its reference table does not list for the service type.
func ascof3DRank(st ServiceType, comp ServiceComponent, dm DeliveryMechanism) (int, DeliveryMechanism) {
	switch st {
	case ServiceLTNursing:
		return 1, DeliveryBlank
	case ServiceLTResidential:
		return 2, DeliveryBlank
	case ServiceLTCommunity:
		var r int
		switch dm {
		case DeliveryDirectPayment:
			r = 3
		case DeliveryManagedBudget:
			r = 4
		case DeliveryCommissioned:
			r = 5
		default:
			dm, r = DeliveryBlank, 6
		}
		if comp == ComponentDirectPayment {
			r = 3
		}
		return r, dm
	case ServiceLTPrison:
		switch dm {
		case DeliveryManagedBudget:
			return 7, dm
		case DeliveryCommissioned:
			return 8, dm
		}
		return 9, DeliveryBlank
	}
	return 99, DeliveryBlank
}

// Carer support categories of SALT LTS003, in the order of the code's
// hierarchy (1 highest).
const (
	carerNone          = 0
	carerDirectPayment = 1 // Direct Payment only
	carerManagedBudget = 2 // CASSR Managed Personal Budget
	carerCommissioned  = 3 // CASSR Commissioned Support only
	carerUnknownDM     = 4 // Support Direct to Carer: Unknown Delivery Mech
	carerInformation   = 5 // Information, Advice and Other Universal Services / Signposting
	carerNoDirect      = 6 // No Direct Support Provided to Carer
)

// ascof3DCarerSupport is the code's CASE of "Support Provided" for a
// carer's row, clause by clause, reading a blank field as SQL's NULL (so
// that "Service_Component not like 'Direct Payment'" is false for a blank
// component and "Delivery_Mechanism not in (…)" false for a blank
// mechanism). carerNone when no clause applies (the code's NULL).
func ascof3DCarerSupport(d *Data, i int) int {
	st, dm, comp := d.ServiceType[i], d.Delivery[i], d.Component[i]
	et, out := d.EventType[i], d.Outcome[i]
	compNotDP := comp != ComponentBlank && comp != ComponentDirectPayment
	if st == ServiceCarerDirect {
		switch {
		case dm == DeliveryDirectPayment || comp == ComponentDirectPayment:
			return carerDirectPayment
		case dm == DeliveryManagedBudget && compNotDP:
			return carerManagedBudget
		case dm == DeliveryCommissioned && compNotDP:
			return carerCommissioned
		case dm == DeliveryInvalid && compNotDP:
			return carerUnknownDM
		case dm == DeliveryBlank && compNotDP:
			return carerUnknownDM
		}
	}
	assessOrReview := et == EventAssessment || et == EventReview
	switch {
	case st == ServiceCarerCaredFor:
		return carerNoDirect
	case assessOrReview && out != OutcomeBlank && out != OutcomeNFASignposting:
		return carerNoDirect
	case assessOrReview && out == OutcomeBlank:
		return carerNoDirect
	case assessOrReview && out == OutcomeNFASignposting:
		return carerInformation
	case et == EventRequest:
		return carerInformation
	}
	return carerNone
}

// ASCOF3D computes ASCOF 3D, "the proportion of people who use services
// who receive self-directed support (part 1) and direct payments (part
// 2)", for service users (3D1a, 3D2a) and carers (3D1b, 3D2b), for period
// p, as NHS England's replication code does.
//
// Service users, at the snapshot date (the period's end):
//
//  1. each council's latest submission covering the period (Window);
//  2. rows whose service type is long-term support (nursing,
//     residential, community, prison) of service users, open on the
//     snapshot date (starting on or before it, ending on or after it or
//     open), of people alive on it, with a birth year and month;
//  3. the person rule on those rows;
//  4. each row ranked in the SALT setting hierarchy (nursing,
//     residential, community by direct payment, managed budget,
//     commissioned support or unknown mechanism, prison …; community
//     support whose component is a direct payment ranks as a direct
//     payment); the mechanism is blanked where the code's reference table
//     has no such pair;
//  5. for each age band at the snapshot (18 to 64, 65 and over, and
//     Total: every age), a client keeps the rows whose rank is the
//     person's lowest rank at some council (the code joins the minimum
//     back on the person only);
//  6. denominator: clients keeping a community row; 3D1a: of them, those
//     with a direct payment (mechanism or component) or a CASSR managed
//     personal budget; 3D2a: a direct payment.
//
// Carers, in the year:
//
//  1. the same submissions;
//  2. rows of carers (or carers known by association) overlapping the
//     period, not dead before it, that are carer support services, an
//     assessment or review without a service type, or any event without a
//     service type whose outcome is "NFA - Information & Advice /
//     Signposting only";
//  3. the person rule on those rows;
//  4. each row put in a SALT LTS003 support category by the code's CASE
//     (rows it puts in none are dropped), and each client given the
//     highest category of their rows;
//  5. age at the period end, from the rows of that category: 18 to 64,
//     65 and over, and Total, which is every carer aged 18 or over or of
//     unknown age;
//  6. denominator: carers whose category is a direct payment, a CASSR
//     managed personal budget or CASSR commissioned support only; 3D1b:
//     a direct payment or managed budget; 3D2b: a direct payment.
//
// Outcome: numerator / denominator × 100.
func ASCOF3D(d *Data, p Period, opt MeasureOptions) (*ASCOFTable, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.ascof3D(), nil
}

func (r *run) ascof3D() *ASCOFTable {
	d, p := r.d, r.p
	t := &ASCOFTable{Measure: "3D", Period: p}
	base := r.latestRows(&t.Steps)
	dis := [3]string{"Total", "18 to 64", "65 and over"}
	var k1a, k2a, k1b, k2b [3]*ascofCounts
	for b := range 3 {
		k1a[b] = newASCOFCounts(d, "3D1a", dis[b])
		k2a[b] = newASCOFCounts(d, "3D2a", dis[b])
		k1b[b] = newASCOFCounts(d, "3D1b", dis[b])
		k2b[b] = newASCOFCounts(d, "3D2b", dis[b])
	}
	var users, carers Steps
	d.ascof3DClients(p.End, base, &users, k1a, k2a)
	d.ascof3DCarers(p, base, &carers, &t.Notes, k1b, k2b)
	t.Steps.prefixed("service users: ", users)
	t.Steps.prefixed("carers: ", carers)
	var counts []*ascofCounts
	for _, k := range [][3]*ascofCounts{k1a, k2a, k1b, k2b} {
		counts = append(counts, k[:]...)
	}
	t.Rows = ascofRows(d, 100, counts...)
	return t
}

// ascof3DClients counts the service users' parts (band 0 is Total, 1 is
// 18 to 64, 2 is 65 and over).
func (d *Data) ascof3DClients(snap Date, base *RowSet, log *Steps, k1a, k2a [3]*ascofCounts) {
	set := filterRows(d, base, log,
		rowFilter{"service type is long-term support (nursing, residential, community or prison)", func(i int) bool { return d.ServiceType[i].LongTerm() }},
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		rowFilter{"service open on the snapshot date (the period's end)", func(i int) bool {
			return d.Start[i] <= snap && (!d.End[i].Valid() || d.End[i] >= snap)
		}},
		rowFilter{"no date of death before the snapshot date", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= snap }},
		rowFilter{"birth month and year known (age can be derived)", func(i int) bool { return d.Birth[i].Valid() }},
	)
	cl := d.keyedClients(set, log)
	// per band and client of the current person: the client's lowest rank
	const none = 1 << 30
	var minRank [3][]int
	notCommunity := 0
	for lo := 0; lo < cl.Len(); {
		hi := lo + 1
		for hi < cl.Len() && cl.Person[hi] == cl.Person[lo] {
			hi++
		}
		for b := range 3 {
			minRank[b] = minRank[b][:0]
		}
		for c := lo; c < hi; c++ {
			mr := [3]int{none, none, none}
			for _, i := range cl.RowsOf(c) {
				r, _ := ascof3DRank(d.ServiceType[i], d.Component[i], d.Delivery[i])
				m := ascof3DBands(d, int(i), snap)
				for b := range 3 {
					if m&(1<<b) != 0 {
						mr[b] = min(mr[b], r)
					}
				}
			}
			for b := range 3 {
				minRank[b] = append(minRank[b], mr[b])
			}
		}
		for c := lo; c < hi; c++ {
			council := cl.Council[c]
			var den, sds, dp [3]bool
			for _, i := range cl.RowsOf(c) {
				r, dm := ascof3DRank(d.ServiceType[i], d.Component[i], d.Delivery[i])
				if d.ServiceType[i] != ServiceLTCommunity {
					continue
				}
				m := ascof3DBands(d, int(i), snap)
				for b := range 3 {
					if m&(1<<b) == 0 || !slices.Contains(minRank[b], r) {
						continue
					}
					den[b] = true
					direct := dm == DeliveryDirectPayment || d.Component[i] == ComponentDirectPayment
					sds[b] = sds[b] || direct || dm == DeliveryManagedBudget
					dp[b] = dp[b] || direct
				}
			}
			if !den[0] {
				notCommunity++
			}
			for b := range 3 {
				if den[b] {
					k1a[b].den[council]++
					k2a[b].den[council]++
				}
				if sds[b] {
					k1a[b].num[council]++
				}
				if dp[b] {
					k2a[b].num[council]++
				}
			}
		}
		lo = hi
	}
	log.add("the de-duplicated setting is community support (nursing, residential or prison rank first)", "clients", cl.Len(), cl.Len()-notCommunity)
}

// ascof3DBands returns the bands of row i's age at the snapshot as a
// mask: bit 0 Total (always), bit 1 18 to 64, bit 2 65 and over.
func ascof3DBands(d *Data, i int, snap Date) uint8 {
	switch BandOf(d.Age(i, snap)) {
	case Age18To64:
		return 1 | 2
	case Age65Plus:
		return 1 | 4
	}
	return 1
}

// ascof3DCarers counts the carers' parts.
func (d *Data) ascof3DCarers(p Period, base *RowSet, log *Steps, notes *[]string, k1b, k2b [3]*ascofCounts) {
	set := filterRows(d, base, log,
		rowFilter{"client type is Carer or Carer known by association", func(i int) bool {
			return d.ClientType[i] == ClientCarer || d.ClientType[i] == ClientCarerAssociation
		}},
		rowFilter{"event overlaps the period (starts on or before its end; ends on or after its start, or is open)",
			func(i int) bool { return p.Overlaps(d.Start[i], d.End[i]) }},
		rowFilter{"no date of death before the period start", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		rowFilter{"a carer's service, an assessment or review without a service type, or a signposting outcome without one", func(i int) bool {
			st := d.ServiceType[i]
			et := d.EventType[i]
			return (st == ServiceBlank && d.Outcome[i] == OutcomeNFASignposting) || st.Carer() ||
				((et == EventAssessment || et == EventReview) && st == ServiceBlank)
		}},
	)
	cl := d.keyedClients(set, log)
	rows := len(cl.Rows)
	noCategory, noCategoryClients, notSelfDirected, under18 := 0, 0, 0, 0
	for c := 0; c < cl.Len(); c++ {
		best := carerNone
		for _, i := range cl.RowsOf(c) {
			s := ascof3DCarerSupport(d, int(i))
			if s == carerNone {
				noCategory++
				continue
			}
			if best == carerNone || s < best {
				best = s
			}
		}
		if best == carerNone {
			noCategoryClients++
			continue
		}
		if best > carerCommissioned {
			notSelfDirected++
			continue
		}
		var in [3]bool
		for _, i := range cl.RowsOf(c) {
			if ascof3DCarerSupport(d, int(i)) != best {
				continue
			}
			age, ok := d.Age(int(i), p.End)
			switch {
			case !ok:
				in[0] = true // the code's 1800-01-01: over 200, in Total only
			case age >= 18 && age <= 64:
				in[0], in[1] = true, true
			case age >= 65 && age <= 200:
				in[0], in[2] = true, true
			case age > 17:
				in[0] = true
			}
		}
		if !in[0] {
			under18++
		}
		council := cl.Council[c]
		for b := range 3 {
			if !in[b] {
				continue
			}
			k1b[b].den[council]++
			k2b[b].den[council]++
			if best <= carerManagedBudget {
				k1b[b].num[council]++
			}
			if best == carerDirectPayment {
				k2b[b].num[council]++
			}
		}
	}
	n := cl.Len()
	log.add("the code's support categories give the row one (a direct-to-carer service with a CASSR mechanism and no component has none)", "rows", rows, rows-noCategory)
	log.add("a row with a support category", "clients", n, n-noCategoryClients)
	n -= noCategoryClients
	log.add("the de-duplicated support is a direct payment, managed budget or commissioned support (not an unknown mechanism, information and advice, or no direct support)", "clients", n, n-notSelfDirected)
	n -= notSelfDirected
	log.add("aged 18 or over, or of unknown age, at the period end (carers under 18 are in no part)", "clients", n, n-under18)
	if under18 > 0 {
		*notes = append(*notes, fmt.Sprintf("%d carers aged under 18 are left out, as the code's Total excludes them; service users of every age are in the 3D1a and 3D2a Total", under18))
	}
}
