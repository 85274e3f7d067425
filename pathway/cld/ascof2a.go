package cld

import (
	"cmp"
	"slices"
)

// ASCOF2AOptions configures Data.ASCOF2A. The zero value uses every
// import and treats open events as open beyond any date in the data.
type ASCOF2AOptions struct {
	// RunDate stands for the date the code runs on: it puts today's date
	// ("CAST(GETDATE() AS Date)") as the end of open requests and ST-Max
	// services before clustering them. NoDate (the default) means a date
	// after every date in the data, which is what running the code any
	// day after the data gives; a run date inside the period makes open
	// clusters end on it.
	RunDate Date
	// ImportBy is the submission cut-off of the "latest edition of each
	// event" step (the code's "ImportDate <= '2024-02-01'"): requests and
	// services of imports whose calendar date is after it are left out.
	// NoDate means every import. Assessments and reviews are kept from
	// every import whatever the cut-off, as in the code.
	ImportBy Date
}

// ASCOF2AResult is ASCOF 2A with the STS002a table it is built from.
type ASCOF2AResult struct {
	ASCOFTable
	// Cohort is the number of ST-Max start dates (client and date) that
	// the STS001 part found as the sequel of a new client's request.
	Cohort int
	// Sequels counts the STS002a entries by council, record type, final
	// outcome and mapped outcome (the code's FINAL_OUTCOME and
	// FINAL_OUTCOME_MAPPED), councils in Data order.
	Sequels []ASCOF2ASequel
}

// ASCOF2ASequel is one line of the STS002a table behind ASCOF 2A.
type ASCOF2ASequel struct {
	Council int
	Code    string
	// RecordType is the code's Record_Type: 1 no further events; 2 a
	// service in the sequel chain; 3 no service, an NFA outcome in the
	// chain; 4 no service and no NFA: the cluster's own outcome; 5 later
	// events, none in scope (too late, or another ST-Max first).
	RecordType int
	// FinalOutcome and Mapped are the code's labels, spelled as it builds
	// them ("No_Chronology_…", "No Service Found_…", SALT categories).
	FinalOutcome string
	Mapped       string
	Count        int
	// InDenominator and InNumerator say whether Mapped is in 2A's
	// denominator and numerator lists.
	InDenominator, InNumerator bool
}

// STS002a sequel labels (the code's #REF_ST_MAX_Sequel_Mappings and the
// labels it builds).
const (
	ascof2AEarlyCessation = "Early cessation of service (not leading to long term support) - 100% NHS funded care/End of Life/deceased"
	ascof2ASelfFunding    = "No services provided – needs identified but self-funding"
	ascof2ADeclined       = "No services provided – needs identified but support declined"
	ascof2AUniversal      = "No Services Provided – Universal Services / signposted to other services"
	ascof2AOther          = "No services provided – other"
	ascof2ALongTerm       = "Long Term Support (any setting)"
	ascof2ALowLevel       = "Ongoing Low Level Support"
	ascof2AShortOther     = "Short Term Support (other)"
	ascof2ANoService      = "No Service Found"
	// the code's record type 4 spells this one with a hyphen, so it is in
	// neither of 2A's lists (which have an en dash)
	ascof2AOtherHyphen = "No services provided - other"
	ascof2ANoChron     = "No_Chronology_"
	ascof2AUnclassed   = "No_Chronology_Unable_To_Classify"
)

// ascof2AMapping maps an outcome or a service type to its STS002a
// category ("" when the code's table has no entry).
func ascof2AMapping(o EventOutcome) string {
	switch o {
	case OutcomeNFANHSFunded, OutcomeNFADeceased:
		return ascof2AEarlyCessation
	case OutcomeNFASelfFunded:
		return ascof2ASelfFunding
	case OutcomeNFADeclined:
		return ascof2ADeclined
	case OutcomeNFASignposting:
		return ascof2AUniversal
	case OutcomeNFAMoved, OutcomeNFAOther, OutcomeNFANoServices, OutcomeNFASupportEnded, OutcomeEndOfLife, OutcomeHospital:
		return ascof2AOther
	}
	return ""
}

func ascof2AServiceMapping(s ServiceType) string {
	switch {
	case s.LongTerm():
		return ascof2ALongTerm
	case s == ServiceSTLowLevel:
		return ascof2ALowLevel
	case s == ServiceSTOther:
		return ascof2AShortOther
	}
	return ""
}

// ascof2AServiceRank is the service hierarchy of the 2A code's sequel
// search (its #REF_Service_Type_Delivery_Mech): long-term nursing,
// residential, community, prison, then ongoing low level and other short
// term; anything else 99.
func ascof2AServiceRank(s ServiceType) int {
	switch s {
	case ServiceLTNursing:
		return 1
	case ServiceLTResidential:
		return 2
	case ServiceLTCommunity:
		return 3
	case ServiceLTPrison:
		return 4
	case ServiceSTLowLevel:
		return 5
	case ServiceSTOther:
		return 6
	}
	return 99
}

func ascof2AInDenominator(m string) bool {
	switch m {
	case ascof2ALongTerm, ascof2ALowLevel, ascof2AShortOther, ascof2AUniversal, ascof2AOther:
		return true
	}
	return false
}

func ascof2AInNumerator(m string) bool { return m != ascof2ALongTerm && ascof2AInDenominator(m) }

// ASCOF2A computes ASCOF 2A, "the proportion of people who received
// short-term services during the year – who previously were not
// receiving services – where no further request was made for ongoing
// support", for period p, as NHS England's replication code does: its
// STS001 script finds the ST-Max services that followed new clients'
// requests (see the package documentation), and its STS002a script,
// which the 2A code runs in full, finds what followed each period of
// reablement:
//
//  1. every import's rows starting on or before the period's end, of
//     service users; the person rule on them; the latest edition of each
//     service (imports up to ImportBy), and every request, assessment and
//     review;
//  2. ST-Max services whose client and start date are in the STS001
//     cohort, of people not dead before the period;
//  3. ST-Max clustered per client: one starting no more than a day after
//     the previous one (in order of start, then end) ends is in its
//     cluster; an open one ends on the run date; a cluster ends on its
//     latest end, which must be in the period, and takes the outcome of
//     the rows ending it (the highest in the code's outcome hierarchy);
//  4. the sequel chain (ascofChain: first event within 3 days, broken by
//     another ST-Max) of the events starting on or after the cluster's
//     end, leaving out ST-Max events starting on its start or ending on
//     its end, gives the record type and sequel (ASCOF2ASequel);
//  5. denominator: entries mapped to long-term support, ongoing low
//     level support, short-term support (other), universal services /
//     signposting, or no services provided – other; numerator: the same
//     without long-term support; outcome: numerator / denominator × 100.
//
// The code counts entries of its STS002a table, not events: an entry of
// record type 3 is one per client and sequel, however many clusters have
// it. Where its labels make an entry fall outside both lists (an ST-Max
// with no later events whose outcome is not "Service ended as planned";
// record type 4 with that outcome, which it spells with a hyphen), the
// entry is listed in Sequels but not counted.
func (d *Data) ASCOF2A(p Period, opt ASCOF2AOptions) (*ASCOF2AResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	res := &ASCOF2AResult{ASCOFTable: ASCOFTable{Measure: "2A", Period: p}}
	t := &res.ASCOFTable
	cohort := d.ascof2ACohort(p, opt, &t.Steps)
	res.Cohort = len(cohort)

	set := ascofFilter(d, nil, []ascofRule{
		{"STS002a: starts after the period", func(i int) bool { return d.Start[i] <= p.End }},
		{"STS002a: not a service user (Client_Type)", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
	}, &t.Steps)
	pk := ascofPersons(d, set, &t.Steps)
	cl := d.Clients(pk.Key)
	imp := newASCOFImports(d, opt.ImportBy)
	left := pk.Rows - pk.RemovedSeenWithNHS - pk.RemovedNoID

	counts := newASCOFCounts(d, "2A", "Total")
	type seqKey struct {
		council uint32
		rt      int
		final   string
		mapped  string
	}
	seqs := map[seqKey]int{}
	var st ascofEditionStats
	var rows, stmax, follow []int32
	var notCohort, dead, stRows, clusters, outside int
	var r3 []string // record-3 final outcomes of the current client
	ci := 0         // next cohort entry
	end := func(i int32) Date { return ascofEnd(d, i, opt.RunDate) }
	for c := 0; c < cl.Len(); c++ {
		person, council := cl.Person[c], cl.Council[c]
		rows = imp.latest(d, cl.RowsOf(c), ascofEdServices, rows[:0], &st)
		// the cohort entries of this client
		for ci < len(cohort) && compareCohortKey(cohort[ci], ascofCohortKey{person, council, 0}) < 0 {
			ci++
		}
		cj := ci
		for cj < len(cohort) && cohort[cj].person == person && cohort[cj].council == council {
			cj++
		}
		mine := cohort[ci:cj]
		stmax = stmax[:0]
		for _, i := range rows {
			if d.EventType[i] != EventService || d.ServiceType[i] != ServiceSTMax {
				continue
			}
			if _, ok := slices.BinarySearchFunc(mine, d.Start[i], func(k ascofCohortKey, s Date) int { return cmp.Compare(k.start, s) }); !ok {
				notCohort++
				continue
			}
			if d.Death[i].Valid() && d.Death[i] < p.Start {
				dead++
				continue
			}
			stmax = append(stmax, i)
			stRows++
		}
		if len(stmax) == 0 {
			continue
		}
		slices.SortStableFunc(stmax, func(a, b int32) int {
			return cmp.Or(cmp.Compare(d.Start[a], d.Start[b]), cmp.Compare(end(a), end(b)))
		})
		r3 = r3[:0]
		for lo := 0; lo < len(stmax); {
			hi := lo + 1
			for hi < len(stmax) && end(stmax[hi-1]) >= d.Start[stmax[hi]].AddDays(-1) {
				hi++
			}
			clusters++
			cluster := stmax[lo:hi]
			lo = hi
			cs, ce := d.Start[cluster[0]], Date(0)
			for _, i := range cluster {
				ce = max(ce, end(i))
			}
			if !p.Contains(ce) {
				outside++
				continue
			}
			// the cluster's outcome: of the rows ending it, the highest in
			// the hierarchy (of two unranked ones, a value before a blank)
			out, rank := OutcomeBlank, 100
			for _, i := range cluster {
				if end(i) != ce {
					continue
				}
				o := d.Outcome[i]
				if r := ascofOutcomeRank(o); r < rank || (r == rank && out == OutcomeBlank) {
					out, rank = o, r
				}
			}
			follow = follow[:0]
			for _, i := range rows {
				if d.Start[i] < ce {
					continue
				}
				if d.ServiceType[i] == ServiceSTMax && (d.Start[i] == cs || (d.End[i].Valid() && d.End[i] == ce)) {
					continue
				}
				follow = append(follow, i)
			}
			k := seqKey{council: council}
			k.rt, k.final, k.mapped = d.ascof2ASequel(follow, ce, out)
			if k.rt == 3 {
				if slices.Contains(r3, k.final) {
					continue // the code inserts record type 3 with DISTINCT, without the cluster
				}
				r3 = append(r3, k.final)
			}
			seqs[k]++
			if ascof2AInDenominator(k.mapped) {
				counts.den[council]++
				if ascof2AInNumerator(k.mapped) {
					counts.num[council]++
				}
			}
		}
	}
	left -= st.earlier
	t.Steps = append(t.Steps,
		ASCOFStep{Step: "STS002a: an earlier edition of a service (a later import has the same event)", Unit: "rows", Removed: st.earlier, Left: left},
		ASCOFStep{Step: "STS002a: a service of an import after the cut-off", Unit: "rows", Removed: st.late, Left: left - st.late},
		ASCOFStep{Step: "STS002a: ST-Max services not in the STS001 cohort (not found as the sequel of a new client's request)", Unit: "ST-Max rows", Removed: notCohort, Left: stRows + dead},
		ASCOFStep{Step: "STS002a: ST-Max services of people who died before the period", Unit: "ST-Max rows", Removed: dead, Left: stRows},
		ASCOFStep{Step: "STS002a: ST-Max clusters ending outside the period (or open)", Unit: "ST-Max clusters", Removed: outside, Left: clusters - outside})
	entries := 0
	for _, n := range seqs {
		entries += n
	}
	t.Steps = append(t.Steps,
		ASCOFStep{Step: "STS002a: clusters of one client with the same record-type-3 sequel are one entry (the code's DISTINCT)", Unit: "ST-Max clusters", Removed: clusters - outside - entries, Left: entries})
	var den int64
	for _, n := range counts.den {
		den += n
	}
	t.Steps = append(t.Steps,
		ASCOFStep{Step: "sequel in neither of 2A's lists (early cessation, self-funding, support declined, no service found, unclassified)", Unit: "STS002a entries", Removed: entries - int(den), Left: int(den)})
	for k, n := range seqs {
		res.Sequels = append(res.Sequels, ASCOF2ASequel{Council: int(k.council), Code: d.Councils[k.council].Code,
			RecordType: k.rt, FinalOutcome: k.final, Mapped: k.mapped, Count: n,
			InDenominator: ascof2AInDenominator(k.mapped), InNumerator: ascof2AInNumerator(k.mapped)})
	}
	slices.SortFunc(res.Sequels, func(a, b ASCOF2ASequel) int {
		return cmp.Or(cmp.Compare(a.Council, b.Council), cmp.Compare(a.RecordType, b.RecordType),
			cmp.Compare(a.Mapped, b.Mapped), cmp.Compare(a.FinalOutcome, b.FinalOutcome))
	})
	t.Rows = ascofRows(d, 100, counts)
	return res, nil
}

// ascof2AOutcomeLabel is the code's text of an outcome ("" for blank, as
// a NULL added to a string is NULL).
func ascof2AOutcomeLabel(o EventOutcome) string {
	if o == OutcomeBlank {
		return ""
	}
	return o.String()
}

// ascof2ASequel derives one ST-Max cluster's STS002a entry from its
// follow-on events (rows starting on or after its end ce, in time order)
// and its outcome: the record type, the final outcome and the mapped
// outcome, spelled as the code builds them.
func (d *Data) ascof2ASequel(follow []int32, ce Date, out EventOutcome) (int, string, string) {
	noChron := func(rt int) (int, string, string) {
		final := ""
		if out != OutcomeBlank {
			final = ascof2ANoChron + ascof2AOutcomeLabel(out)
		}
		switch m := ascof2AMapping(out); {
		case out == OutcomeEndedAsPlanned:
			return rt, final, ascof2AOther
		case m != "":
			return rt, final, ascof2ANoChron + m
		}
		return rt, final, ascof2AUnclassed
	}
	if len(follow) == 0 {
		return noChron(1)
	}
	chain := ascofChain(d, follow, ce, 3, func(i int32) bool { return d.ServiceType[i] == ServiceSTMax })
	if len(chain) == 0 {
		return noChron(5)
	}
	best, svc := 99, ServiceBlank
	for _, i := range chain {
		if r := ascof2AServiceRank(d.ServiceType[i]); r < best {
			best, svc = r, d.ServiceType[i]
		}
	}
	if best < 99 {
		return 2, svc.String(), ascof2AServiceMapping(svc)
	}
	// no service: NFA outcomes on the chain's events with the latest end
	// (an open event's end sorts last, after every date, as NULLs do in a
	// descending order); distinct events (type, start, end, outcome)
	var latest Date
	haveClosed := false
	for _, i := range chain {
		if d.Outcome[i].NFA() && d.End[i].Valid() && (!haveClosed || d.End[i] > latest) {
			latest, haveClosed = d.End[i], true
		}
	}
	type ev struct {
		typ        EventType
		start, end Date
		out        EventOutcome
	}
	var nfa []ev
	for _, i := range chain {
		if !d.Outcome[i].NFA() || (haveClosed && d.End[i] != latest) || (!haveClosed && d.End[i].Valid()) {
			continue
		}
		e := ev{d.EventType[i], d.Start[i], d.End[i], d.Outcome[i]}
		if !slices.Contains(nfa, e) {
			nfa = append(nfa, e)
		}
	}
	switch len(nfa) {
	case 0:
	case 1:
		return 3, nfa[0].out.String(), ascof2AMapping(nfa[0].out)
	default:
		return 3, OutcomeNFAOther.String(), ascof2AOther
	}
	final := "No Service Found_" + ascof2AOutcomeLabel(out)
	if out == OutcomeBlank {
		final = ""
	}
	switch {
	case out.NFA():
		return 4, final, ascof2AMapping(out)
	case out == OutcomeEndedAsPlanned:
		return 4, final, ascof2AOtherHyphen
	}
	return 4, final, ascof2ANoService
}
