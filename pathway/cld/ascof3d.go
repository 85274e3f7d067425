package cld

import "fmt"

// ASCOF3DOptions configures Data.ASCOF3D. The zero value applies the
// latest-submission rule with an unbounded window.
type ASCOF3DOptions struct {
	// Window is the submission window of the latest-submission rule.
	Window Window
}

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
func (d *Data) ASCOF3D(p Period, opt ASCOF3DOptions) (*ASCOFTable, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	sel, err := d.LatestSubmissions(p, opt.Window)
	if err != nil {
		return nil, err
	}
	t := &ASCOFTable{Measure: "3D", Period: p}
	t.Steps = append(t.Steps, ASCOFStep{Step: "not in its council's latest submission covering the period (within the window)",
		Unit: "rows", Removed: sel.SetAside, Left: sel.Kept})
	dis := [3]string{"Total", "18 to 64", "65 and over"}
	var k1a, k2a, k1b, k2b [3]*ascofCounts
	for b := range 3 {
		k1a[b] = newASCOFCounts(d, "3D1a", dis[b])
		k2a[b] = newASCOFCounts(d, "3D2a", dis[b])
		k1b[b] = newASCOFCounts(d, "3D1b", dis[b])
		k2b[b] = newASCOFCounts(d, "3D2b", dis[b])
	}
	d.ascof3DClients(p.End, sel.Rows, t, k1a, k2a)
	d.ascof3DCarers(p, sel.Rows, t, k1b, k2b)
	var counts []*ascofCounts
	for _, k := range [][3]*ascofCounts{k1a, k2a, k1b, k2b} {
		counts = append(counts, k[:]...)
	}
	t.Rows = ascofRows(d, 100, counts...)
	return t, nil
}

// ascof3DClients counts the service users' parts (band 0 is Total, 1 is
// 18 to 64, 2 is 65 and over).
func (d *Data) ascof3DClients(snap Date, base *RowSet, t *ASCOFTable, k1a, k2a [3]*ascofCounts) {
	set := ascofFilter(d, base, []ascofRule{
		{"service users: not long-term support (Service_Type)", func(i int) bool { return d.ServiceType[i].LongTerm() }},
		{"service users: not a service user (Client_Type)", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		{"service users: not open on the snapshot date (the period's end)", func(i int) bool {
			return d.Start[i] <= snap && (!d.End[i].Valid() || d.End[i] >= snap)
		}},
		{"service users: died before the snapshot date", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= snap }},
		{"service users: no birth year and month (no derived age)", func(i int) bool { return d.Birth[i].Valid() }},
	}, &t.Steps)
	pk := ascofPersons(d, set, &t.Steps)
	cl := d.Clients(pk.Key)
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
					if m&(1<<b) == 0 || !ascofContainsInt(minRank[b], r) {
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
	t.Steps = append(t.Steps, ASCOFStep{Step: "service users: the de-duplicated setting is not community support (nursing, residential or prison ranks first)",
		Unit: "clients", Removed: notCommunity, Left: cl.Len() - notCommunity})
}

// ascof3DBands returns the bands of row i's age at the snapshot as a
// mask: bit 0 Total (always), bit 1 18 to 64, bit 2 65 and over.
func ascof3DBands(d *Data, i int, snap Date) uint8 {
	switch ascofBandOf(d.Age(i, snap)) {
	case ascofBand18To64:
		return 1 | 2
	case ascofBand65AndOn:
		return 1 | 4
	}
	return 1
}

// ascof3DCarers counts the carers' parts.
func (d *Data) ascof3DCarers(p Period, base *RowSet, t *ASCOFTable, k1b, k2b [3]*ascofCounts) {
	set := ascofFilter(d, base, []ascofRule{
		{"carers: not a carer or carer known by association (Client_Type)", func(i int) bool {
			return d.ClientType[i] == ClientCarer || d.ClientType[i] == ClientCarerAssociation
		}},
		{"carers: does not overlap the period", func(i int) bool { return p.Overlaps(d.Start[i], d.End[i]) }},
		{"carers: died before the period", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		{"carers: not carer support, an assessment or review without a service type, or information and advice without one", func(i int) bool {
			st := d.ServiceType[i]
			et := d.EventType[i]
			return (st == ServiceBlank && d.Outcome[i] == OutcomeNFASignposting) || st.Carer() ||
				((et == EventAssessment || et == EventReview) && st == ServiceBlank)
		}},
	}, &t.Steps)
	pk := ascofPersons(d, set, &t.Steps)
	cl := d.Clients(pk.Key)
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
	left := pk.Rows - pk.RemovedSeenWithNHS - pk.RemovedNoID
	t.Steps = append(t.Steps,
		ASCOFStep{Step: "carers: the code's support categories give the row none (for example a direct-to-carer service with a CASSR mechanism and no component)", Unit: "rows", Removed: noCategory, Left: left - noCategory},
		ASCOFStep{Step: "carers: no row with a support category", Unit: "clients", Removed: noCategoryClients, Left: cl.Len() - noCategoryClients},
		ASCOFStep{Step: "carers: the de-duplicated support is not a direct payment, managed budget or commissioned support (unknown mechanism, information and advice, or no direct support)", Unit: "clients", Removed: notSelfDirected, Left: cl.Len() - noCategoryClients - notSelfDirected},
		ASCOFStep{Step: "carers: aged under 18 at the period end (in no part)", Unit: "clients", Removed: under18, Left: cl.Len() - noCategoryClients - notSelfDirected - under18})
	if under18 > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%d carers aged under 18 are left out, as the code's Total excludes them; service users of every age are in the 3D1a and 3D2a Total", under18))
	}
}
