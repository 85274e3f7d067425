package cld

import "cmp"

// carerSupportLabels are LTS003's "support provided" categories, in the
// order (and hierarchy) of the code's #REF_CARER_SUPPORT_HIERARCHY: a
// carer counts once, in the first category any of their events gives.
var carerSupportLabels = []string{
	"Direct Payment only",
	"CASSR Managed Personal Budget",
	"CASSR Commissioned Support only",
	"Support Direct to Carer: Unknown Delivery Mech",
	"Information, Advice and Other Universal Services / Signposting",
	"No Direct Support Provided to Carer",
}

// carerAgeLabels are LTS003's age bands of the carer, as the code's
// query names them.
var carerAgeLabels = []string{"Carer aged under 18", "Carer aged 18-25", "Carer aged 26-64", "Carer aged 65-84", "Carer aged 85+", "Unknown"}

func carerAgeCol(age int, ok bool) int {
	switch {
	case !ok:
		return 5
	case age < 18:
		return 0
	case age <= 25:
		return 1
	case age <= 64:
		return 2
	case age <= 84:
		return 3
	}
	return 4
}

// carerSupport returns the LTS003 category of a carer's row (the code's
// CASE), or −1 for a row the CASE leaves out (a service event without a
// service type).
func carerSupport(d *Data, i int) int {
	switch d.ServiceType[i] {
	case ServiceCarerDirect:
		switch d.Delivery[i] {
		case DeliveryDirectPayment:
			return 0
		case DeliveryManagedBudget:
			return 1
		case DeliveryCommissioned:
			return 2
		}
		return 3
	case ServiceCarerCaredFor:
		return 5
	}
	switch d.EventType[i] {
	case EventAssessment, EventReview:
		if d.Outcome[i] == OutcomeNFASignposting {
			return 4
		}
		return 5
	case EventRequest:
		return 4
	}
	return -1
}

// LTS003 computes SALT LTS003 for period p at the level of NHS England's
// code: carers supported during the period, by the support provided,
// from each council's latest submission. Its carers are rows of carers
// (client type Carer or Carer known by association) overlapping the
// period, alive at its start, that are carers' services, events without
// a service type ending "NFA - Information & Advice / Signposting only",
// or assessments and reviews without a service type. Each carer counts
// once, in the first category of the hierarchy. The code stops at totals
// by support; the package adds the age band of the carer (its query's
// bands, age at the period end, unknown when the birth month is), taken
// from the carer's row that gives the category and started last (then
// the last line).
func LTS003(d *Data, p Period, opt MeasureOptions) (*LTSResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.lts003(), nil
}

func (r *run) lts003() *LTSResult {
	d, p := r.d, r.p
	res := &LTSResult{Measure: "LTS003", Period: p}
	var log Steps
	base := r.latestRows(&log)
	set := filterRows(d, base, &log,
		rowFilter{"client type is Carer or Carer known by association", func(i int) bool {
			return d.ClientType[i] == ClientCarer || d.ClientType[i] == ClientCarerAssociation
		}},
		rowFilter{"event overlaps the period (starts on or before its end; ends on or after its start, or is open)",
			func(i int) bool { return p.Overlaps(d.Start[i], d.End[i]) }},
		rowFilter{"no date of death before the period start", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		rowFilter{"a carer's service, a signposting outcome without service type, or an assessment or review without service type",
			func(i int) bool {
				st := d.ServiceType[i]
				return st == ServiceBlank && d.Outcome[i] == OutcomeNFASignposting || st.Carer() ||
					st == ServiceBlank && (d.EventType[i] == EventAssessment || d.EventType[i] == EventReview)
			}},
	)
	cl := d.keyedClients(set, &log)
	rank := r.imp.rank
	var items []tally
	none := 0
	for c := range cl.Len() {
		best, row := len(carerSupportLabels), int32(-1)
		for _, i := range cl.RowsOf(c) {
			k := carerSupport(d, int(i))
			if k < 0 || k > best {
				continue
			}
			if k < best || cmp.Or(cmp.Compare(d.Start[i], d.Start[row]), cmp.Compare(rank[d.Submission[i]], rank[d.Submission[row]]),
				cmp.Compare(i, row)) > 0 {
				best, row = k, i
			}
		}
		if row < 0 {
			none++
			continue
		}
		col := carerAgeCol(d.Age(int(row), p.End))
		items = append(items, tally{person: cl.Person[c], council: cl.Council[c], row: uint16(best), col: uint16(col)})
		res.People = append(res.People, Counted{Council: cl.Council[c], Person: cl.Person[c], Row: uint16(best), Col: uint16(col)})
	}
	log.add("carers with an event the code's categories cover (a service event without service type has none)", "carers", cl.Len(), cl.Len()-none)
	res.Steps = log
	res.Tables = []*Table{newTable(d, Table{Measure: "LTS003", Name: "Table 1", Distinct: true,
		Title: "Carers supported during the year, by support provided and age band of the carer",
		Unit:  "carers", RowHeader: "Support provided", Rows: carerSupportLabels, Cols: carerAgeLabels}, items)}
	return res
}
