package cld

import (
	"cmp"
	"slices"
)

// The STS001 part of ASCOF 2A: the ST-Max services that the replication
// code's STS001 script finds as the sequel of a new client's request for
// support (its "STS002a cohort" table), which the STS002a part of 2A
// starts from.

// ascofCohortKey is one entry of the STS002a cohort: a client and the
// start date of an ST-Max event found in a request's sequel chain.
type ascofCohortKey struct {
	person  int32
	council uint32
	start   Date
}

func compareCohortKey(a, b ascofCohortKey) int {
	return cmp.Or(cmp.Compare(a.person, b.person), cmp.Compare(a.council, b.council), cmp.Compare(a.start, b.start))
}

// ascofOutcomeRank is the code's event-outcome hierarchy (its
// #REF_Event_Outcome_Hierarchy, whose spellings name these entries up to
// case, dashes and colons), used to choose between conflicting outcomes
// on the rows that end a cluster; blank and invalid outcomes rank 99.
func ascofOutcomeRank(o EventOutcome) int {
	switch o {
	case OutcomeReablement:
		return 1
	case OutcomeAssessment:
		return 2
	case OutcomeHospital:
		return 3
	case OutcomeReassessment:
		return 4
	case OutcomeSupportPlanning:
		return 5
	case OutcomeEndOfLife:
		return 6
	case OutcomeNoChange:
		return 7
	case OutcomeEndedAsPlanned:
		return 8
	case OutcomeFinancialAssessmnt:
		return 9
	case OutcomeProvision:
		return 10
	case OutcomeNFADeceased:
		return 11
	case OutcomeNFAMoved:
		return 12
	case OutcomeNFANHSFunded:
		return 13
	case OutcomeNFASignposting:
		return 14
	case OutcomeNFASelfFunded:
		return 15
	case OutcomeNFADeclined:
		return 16
	case OutcomeNFASupportEnded:
		return 17
	case OutcomeNFANoServices:
		return 18
	case OutcomeNFAOther:
		return 19
	}
	return 99
}

// ascof2ACohort runs the request part of the code's STS001 script and
// returns the STS002a cohort, sorted, with its steps appended to steps:
//
//  1. every import's rows starting on or before the period's end, with a
//     birth year and month, of people not dead before the period, who are
//     service users; the person rule on them;
//  2. the latest edition of each request and service (imports up to
//     ImportBy); assessments and reviews of every import;
//  3. requests clustered per client: a request starting no more than 4
//     days after the previous one (in order of start, then end) ends is
//     in its cluster; an open request ends on the run date;
//  4. a cluster's end is the latest end among its requests that end in
//     the period (the code filters the rows before it ranks them), and the
//     cluster is out when none does; its start is its earliest start;
//  5. new clients: of the rows ending the cluster, those with both a
//     route of access and an outcome are removed when a long-term service
//     (of any event type) is open on the cluster's start; of the rest,
//     those whose outcome ranks highest are kept, and only those with a
//     route of access survive the code's join;
//  6. the sequel chain (ascofChain, first event within 28 days, broken
//     by another request) of the events starting on or after the
//     cluster's end, leaving out requests that start on the cluster's
//     start or end on its end;
//  7. every event of the chain whose service type is ST-Max gives a
//     cohort entry (ST-Max ranks first in STS001's service hierarchy).
func (d *Data) ascof2ACohort(p Period, opt ASCOF2AOptions, steps *[]ASCOFStep) []ascofCohortKey {
	set := ascofFilter(d, nil, []ascofRule{
		{"STS001: starts after the period", func(i int) bool { return d.Start[i] <= p.End }},
		{"STS001: no birth year and month", func(i int) bool { return d.Birth[i].Valid() }},
		{"STS001: died before the period", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		{"STS001: not a service user (Client_Type)", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
	}, steps)
	pk := ascofPersons(d, set, steps)
	cl := d.Clients(pk.Key)
	imp := newASCOFImports(d, opt.ImportBy)
	left := pk.Rows - pk.RemovedSeenWithNHS - pk.RemovedNoID

	var cohort []ascofCohortKey
	var st ascofEditionStats
	var rows, reqs, follow []int32
	var clusters, outside, existing, noRoute, noSTMax int
	for c := 0; c < cl.Len(); c++ {
		rows = imp.latest(d, cl.RowsOf(c), ascofEdRequests|ascofEdServices, rows[:0], &st)
		reqs = reqs[:0]
		for _, i := range rows {
			if d.EventType[i] == EventRequest {
				reqs = append(reqs, i)
			}
		}
		if len(reqs) == 0 {
			continue
		}
		end := func(i int32) Date { return ascofEnd(d, i, opt.RunDate) }
		slices.SortStableFunc(reqs, func(a, b int32) int {
			return cmp.Or(cmp.Compare(d.Start[a], d.Start[b]), cmp.Compare(end(a), end(b)))
		})
		for lo := 0; lo < len(reqs); {
			hi := lo + 1
			for hi < len(reqs) && end(reqs[hi-1]) >= d.Start[reqs[hi]].AddDays(-4) {
				hi++
			}
			clusters++
			cluster := reqs[lo:hi]
			lo = hi
			cs := d.Start[cluster[0]]
			ce := NoDate
			for _, i := range cluster {
				if e := end(i); p.Contains(e) && e > ce {
					ce = e
				}
			}
			if !ce.Valid() {
				outside++
				continue
			}
			ongoing := false
			for _, i := range rows {
				if d.ServiceType[i].LongTerm() && d.Start[i] <= cs && (!d.End[i].Valid() || cs <= d.End[i]) {
					ongoing = true
					break
				}
			}
			// the rows ending the cluster that the new-client step keeps
			best, kept := 100, 0
			for _, i := range cluster {
				if end(i) != ce || (ongoing && d.Route[i] != RouteBlank && d.Outcome[i] != OutcomeBlank) {
					continue
				}
				kept++
				best = min(best, ascofOutcomeRank(d.Outcome[i]))
			}
			if kept == 0 {
				existing++
				continue
			}
			survives := false
			for _, i := range cluster {
				if end(i) == ce && !(ongoing && d.Route[i] != RouteBlank && d.Outcome[i] != OutcomeBlank) &&
					d.Route[i] != RouteBlank && ascofOutcomeRank(d.Outcome[i]) == best {
					survives = true
				}
			}
			if !survives {
				noRoute++
				continue
			}
			follow = follow[:0]
			for _, i := range rows {
				if d.Start[i] < ce {
					continue
				}
				if d.EventType[i] == EventRequest && (d.Start[i] == cs || (d.End[i].Valid() && d.End[i] == ce)) {
					continue
				}
				follow = append(follow, i)
			}
			chain := ascofChain(d, follow, ce, 28, func(i int32) bool { return d.EventType[i] == EventRequest })
			found := false
			for _, i := range chain {
				if d.ServiceType[i] == ServiceSTMax {
					cohort = append(cohort, ascofCohortKey{person: cl.Person[c], council: cl.Council[c], start: d.Start[i]})
					found = true
				}
			}
			if !found {
				noSTMax++
			}
		}
	}
	left -= st.earlier
	*steps = append(*steps,
		ASCOFStep{Step: "STS001: an earlier edition of a request or service (a later import has the same event)", Unit: "rows", Removed: st.earlier, Left: left},
		ASCOFStep{Step: "STS001: a request or service of an import after the cut-off", Unit: "rows", Removed: st.late, Left: left - st.late})
	n := clusters - outside
	*steps = append(*steps,
		ASCOFStep{Step: "STS001: request clusters ending outside the period (or open)", Unit: "request clusters", Removed: outside, Left: n})
	n -= existing
	*steps = append(*steps,
		ASCOFStep{Step: "STS001: request clusters of existing clients (long-term support open on the cluster's start)", Unit: "request clusters", Removed: existing, Left: n})
	n -= noRoute
	*steps = append(*steps,
		ASCOFStep{Step: "STS001: request clusters lost in the code's join: the rows with the highest-ranked outcome have no route of access", Unit: "request clusters", Removed: noRoute, Left: n})
	n -= noSTMax
	*steps = append(*steps,
		ASCOFStep{Step: "STS001: request clusters whose sequel chain holds no ST-Max", Unit: "request clusters", Removed: noSTMax, Left: n})
	slices.SortFunc(cohort, compareCohortKey)
	return slices.CompactFunc(cohort, func(a, b ascofCohortKey) bool { return a == b })
}
