package cld

import (
	"cmp"
	"slices"
)

// kindLabel names a SequelKind as the record types of NHS England's code
// describe it.
func kindLabel(k SequelKind) string {
	switch k {
	case SequelNoChronology:
		return "No chronology"
	case SequelService:
		return "Service found"
	case SequelNFA:
		return "NFA found"
	case SequelNoService:
		return "No service found"
	case SequelOutOfScope:
		return "Chronology not in scope"
	}
	return "None"
}

// kindLabels are the columns of the tables by record type.
var kindLabels = []string{kindLabel(SequelNoChronology), kindLabel(SequelService), kindLabel(SequelNFA),
	kindLabel(SequelNoService), kindLabel(SequelOutOfScope)}

// outcomeRank is the code's event-outcome hierarchy
// (#REF_Event_Outcome_Hierarchy), used to choose among rows of a cluster
// that end on the same day with different outcomes: the lowest rank wins;
// a blank or invalid outcome ranks 99. The code's table spells three
// outcomes differently from its other tables ("NFA - 100% NHS-funded
// care", "NFA - Support ended – other reason", "NFA - No services
// offered - other reason"), so in NHS England's run they rank 99; here
// they rank as the table intends (see the package documentation).
func outcomeRank(o EventOutcome) int {
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

// sequelRule is what differs between the sequel searches of STS001 (what
// followed a request) and STS002a (what followed a period of ST-Max).
type sequelRule struct {
	// within: the first later event must start within this many days of
	// the cluster's end (28 after a request, 3 after ST-Max), unless every
	// event starting that day is open.
	within int
	// own reports a later row that is the cluster itself (the code
	// deletes requests, or ST-Max rows, starting on the cluster's start
	// date or ending on its end date).
	own func(d *Data, i int32, start, end Date) bool
	// stop reports a row that supersedes the cluster and ends the chain
	// (another request; another ST-Max).
	stop func(d *Data, i int32) bool
	// rank is the service hierarchy (lower first; 99: not a service the
	// measure ranks), applied to the row's service type whatever its
	// event type, as the code does.
	rank func(ServiceType) int
	// nfa reports an outcome that gives an NFA sequel.
	nfa func(EventOutcome) bool
	// countAll: the NFA outcome stands alone only when no other event of
	// the chain ends on its day (STS001); otherwise only other NFA events
	// of that day count (STS002a).
	countAll bool
}

// chainGap is the largest gap, in days, between the end of one event of a
// sequel chain and the start of the next.
const chainGap = 3

// sequel is what followed a cluster.
type sequel struct {
	kind    SequelKind // SequelNoChronology … SequelOutOfScope
	service ServiceType
	outcome EventOutcome // SequelNFA: the NFA outcome, or NFA- Other
	later   bool         // some row starts on or after the cluster's end (the code's cluster has "chronology")
	chain   []int32      // the chain's rows (valid until the next search)
}

// sequelScratch holds a search's scratch space.
type sequelScratch struct {
	cands, chain []int32
	tuples       []tupleKey
}

type tupleKey struct {
	start, end Date
	typ        EventType
	out        EventOutcome
}

// find derives the sequel of a cluster from start to end (end as the code
// has it, an open cluster's being the run date) over ev, one client's rows
// in Clients order (start date; then end date, open last; then event type
// and line). This order is the package's rule for what NHS England's code
// leaves to the database: of events starting on the same day, the one
// ending last (an open one latest) is the one the next event's gap is
// measured from.
//
// The steps are the code's: the later rows are those starting on or after
// end, less the cluster's own; none gives SequelNoChronology. The rows are
// taken a start date at a time: the first day is in scope when it is
// within r.within days of end or every row of that day is open; each later
// day is in the chain while it starts no more than 3 days after the end of
// the previous day's last row (an open row never breaks the chain); a day
// holding a stopping row (another request or ST-Max) ends the chain before
// it. An empty chain is SequelOutOfScope. A chain with a ranked service is
// SequelService (the best ranked); otherwise, if an event of the chain has
// an NFA outcome, the NFA events ending latest (open ones last) give
// SequelNFA, with "NFA- Other" when more than one distinct event ends that
// day; otherwise SequelNoService.
func (s *sequelScratch) find(d *Data, ev []int32, start, end Date, r *sequelRule) sequel {
	k0, _ := slices.BinarySearchFunc(ev, end, func(i int32, t Date) int { return cmp.Compare(d.Start[i], t) })
	s.cands = s.cands[:0]
	for _, i := range ev[k0:] {
		if !r.own(d, i, start, end) {
			s.cands = append(s.cands, i)
		}
	}
	c := s.cands
	if len(c) == 0 {
		return sequel{kind: SequelNoChronology}
	}
	g0 := d.Start[c[0]]
	if int(g0-end) > r.within {
		for _, i := range c {
			if d.Start[i] != g0 {
				break
			}
			if d.End[i].Valid() {
				return sequel{kind: SequelOutOfScope, later: true}
			}
		}
	}
	s.chain = s.chain[:0]
	var prevEnd Date
	for lo := 0; lo < len(c); {
		g := d.Start[c[lo]]
		hi := lo
		stop := false
		for hi < len(c) && d.Start[c[hi]] == g {
			stop = stop || r.stop(d, c[hi])
			hi++
		}
		if lo > 0 && prevEnd.Valid() && int(g-prevEnd) > chainGap || stop {
			break
		}
		s.chain = append(s.chain, c[lo:hi]...)
		prevEnd = d.End[c[hi-1]]
		lo = hi
	}
	if len(s.chain) == 0 {
		return sequel{kind: SequelOutOfScope, later: true}
	}
	q := sequel{later: true, chain: s.chain}
	best := 99
	for _, i := range s.chain {
		if rk := r.rank(d.ServiceType[i]); rk < best {
			best, q.service = rk, d.ServiceType[i]
		}
	}
	if best < 99 {
		q.kind = SequelService
		return q
	}
	// the NFA events ending latest: the latest end date, open ones last
	found, openOnly := false, true
	var target Date
	var first EventOutcome
	for _, i := range s.chain {
		if !r.nfa(d.Outcome[i]) {
			continue
		}
		switch e := d.End[i]; {
		case !found:
			found, target, first, openOnly = true, e, d.Outcome[i], !e.Valid()
		case e.Valid() && (openOnly || e > target):
			target, first, openOnly = e, d.Outcome[i], false
		}
	}
	if !found {
		q.kind = SequelNoService
		return q
	}
	s.tuples = s.tuples[:0]
	for _, i := range s.chain {
		if d.End[i] != target || (!r.countAll && !r.nfa(d.Outcome[i])) {
			continue
		}
		s.tuples = append(s.tuples, tupleKey{d.Start[i], d.End[i], d.EventType[i], d.Outcome[i]})
	}
	slices.SortFunc(s.tuples, func(a, b tupleKey) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.typ, b.typ), cmp.Compare(a.out, b.out))
	})
	n := 0
	for k, t := range s.tuples {
		if k == 0 || t != s.tuples[k-1] {
			n++
		}
	}
	q.kind, q.outcome = SequelNFA, first
	if n > 1 {
		q.outcome = OutcomeNFAOther
	}
	return q
}

// island is one cluster of events of a client: items[lo:hi] of the
// sorted items.
type clusterItem struct {
	start, end Date // end as the code has it (open: the run date)
	row        int32
}

// islands splits items, sorted by start then end, into clusters, calling
// f with each: a cluster ends where the next item starts more than gap
// days after the previous item's end (the code's LAG, which compares with
// the previous item only, not with the latest end so far). Requests
// cluster with a gap of 4 days (STS001, 2A, the waits), ST-Max episodes
// and chains of long-term support with 1 (STS002a/b, 2A, LTS001c).
func islands(items []clusterItem, gap int, f func([]clusterItem)) {
	for lo := 0; lo < len(items); {
		hi := islandEnd(items, lo, gap)
		f(items[lo:hi])
		lo = hi
	}
}

// islandEnd returns the end (exclusive) of the cluster that starts at
// items[lo].
func islandEnd(items []clusterItem, lo, gap int) int {
	hi := lo + 1
	for hi < len(items) && int(items[hi].start-items[hi-1].end) <= gap {
		hi++
	}
	return hi
}

func sortItems(items []clusterItem) {
	slices.SortFunc(items, func(a, b clusterItem) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.row, b.row))
	})
}

// ltOpenAt reports whether one of rows (a client's events) carries a
// long-term service type and is open on day: it starts on or before day
// and ends on or after it, or is open (the code's test for an existing
// client; the event type is not checked, as in the code).
func ltOpenAt(d *Data, rows []int32, day Date) bool {
	for _, i := range rows {
		if d.Start[i] > day {
			break
		}
		if d.ServiceType[i].LongTerm() && (!d.End[i].Valid() || d.End[i] >= day) {
			return true
		}
	}
	return false
}

// lastRow chooses, among the rows ending a request cluster or an ST-Max
// episode on its last day (rows sharing the best rank in the outcome
// hierarchy), the one whose outcome, route and age the record takes,
// where the code's DISTINCT would keep a record for each: an outcome
// before a blank one (of two unranked outcomes, a value outside the list
// is a value, where a blank is the code's NULL, which its joins never
// match), then the row that started last, then the latest import (rank),
// then the last line.
func lastRow(d *Data, rank []int32, rows []int32) int32 {
	row := rows[0]
	for _, i := range rows[1:] {
		bi, br := d.Outcome[i] == OutcomeBlank, d.Outcome[row] == OutcomeBlank
		if c := cmp.Or(cmpBool(br, bi), cmp.Compare(d.Start[i], d.Start[row]), cmp.Compare(rank[d.Submission[i]], rank[d.Submission[row]]),
			cmp.Compare(i, row)); c > 0 {
			row = i
		}
	}
	return row
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// blankCopies appends the records of a request cluster (STS001) or an
// ST-Max episode (STS002a) whose outcome is blank, as the code's joins on
// the outcome, which never match a NULL, produce them: always a "no
// chronology" record; and, when later events exist, the record with its
// sequel (unless that is no chronology or out of scope) and a "not in
// scope" record. own is the record with its sequel, of kind ownKind;
// as(kind, copy) returns the record without a sequel as kind, marked a
// copy when own is of another kind.
func blankCopies[T any](dst []T, own T, ownKind SequelKind, later bool, as func(k SequelKind, copy bool) T) []T {
	dst = append(dst, as(SequelNoChronology, ownKind != SequelNoChronology))
	if later {
		if ownKind != SequelNoChronology && ownKind != SequelOutOfScope {
			dst = append(dst, own)
		}
		dst = append(dst, as(SequelOutOfScope, ownKind != SequelOutOfScope))
	}
	return dst
}
