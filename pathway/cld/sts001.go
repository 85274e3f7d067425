package cld

import (
	"cmp"
	"slices"
	"strconv"
)

var itoa = strconv.Itoa

// STS001Sequel is a sequel of SALT STS001, as the principles' mapping
// table names it, plus the category NHS England added for sequels it
// cannot classify.
type STS001Sequel uint8

// STS001 sequels, in the order of the principles' mapping table.
const (
	STS001STMax STS001Sequel = iota
	STS001Nursing
	STS001Residential
	STS001Community
	STS001Prison
	STS001NHSFunded
	STS001EndOfLife
	STS001LowLevel
	STS001ShortTermOther
	STS001Universal
	STS001Deceased
	STS001OtherReason
	STS001Unclassified
	numSTS001
)

var sts001Labels = [numSTS001]string{
	"Short Term Support to Maximise Independence",
	"Long Term Support Nursing Care",
	"Long Term Support Residential Care",
	"Long Term Support Community",
	"Long Term Support Prison",
	"100% NHS Funded Care",
	"End of Life",
	"Ongoing Low Level Support",
	"Short Term Support (other)",
	"Universal Services/ Signposted to other services",
	"No Services Provided - Deceased",
	"No Services Provided - other reason",
	"Unable to classify",
}

// String returns the sequel's SALT label.
func (s STS001Sequel) String() string {
	if s < numSTS001 {
		return sts001Labels[s]
	}
	return "STS001Sequel(?)"
}

// STS001Sequels returns the labels of the STS001 sequels in table order.
func STS001Sequels() []string { return append([]string(nil), sts001Labels[:]...) }

// sts001OfService maps a sequel service type (the code's
// #REF_Service_Type) to its STS001 sequel.
func sts001OfService(t ServiceType) STS001Sequel {
	switch t {
	case ServiceSTMax:
		return STS001STMax
	case ServiceLTNursing:
		return STS001Nursing
	case ServiceLTResidential:
		return STS001Residential
	case ServiceLTCommunity:
		return STS001Community
	case ServiceLTPrison:
		return STS001Prison
	case ServiceSTLowLevel:
		return STS001LowLevel
	case ServiceSTOther:
		return STS001ShortTermOther
	}
	return STS001Unclassified
}

// sts001OfOutcome maps an event outcome to its STS001 sequel (the code's
// #REF_SEQUEL_MAPPING): the NFA outcomes and "Progress to End of Life
// Care" (mapping code 1) have one; the others (code 2, or blank or
// invalid) are unclassified.
func sts001OfOutcome(o EventOutcome) STS001Sequel {
	switch o {
	case OutcomeEndOfLife:
		return STS001EndOfLife
	case OutcomeNFANHSFunded:
		return STS001NHSFunded
	case OutcomeNFASignposting:
		return STS001Universal
	case OutcomeNFADeceased:
		return STS001Deceased
	case OutcomeNFAMoved, OutcomeNFASelfFunded, OutcomeNFADeclined, OutcomeNFANoServices, OutcomeNFASupportEnded, OutcomeNFAOther:
		return STS001OtherReason
	}
	return STS001Unclassified
}

// sts001Rank is STS001's hierarchy of sequel services (the code's
// #REF_Service_Type).
func sts001Rank(t ServiceType) int {
	switch t {
	case ServiceSTMax:
		return 1
	case ServiceLTNursing:
		return 2
	case ServiceLTResidential:
		return 3
	case ServiceLTCommunity:
		return 4
	case ServiceLTPrison:
		return 5
	case ServiceSTLowLevel:
		return 6
	case ServiceSTOther:
		return 7
	}
	return 99
}

var sts001Rule = sequelRule{
	within: 28,
	own: func(d *Data, i int32, start, end Date) bool {
		return d.EventType[i] == EventRequest && (d.Start[i] == start || d.End[i].Valid() && d.End[i] == end)
	},
	stop:     func(d *Data, i int32) bool { return d.EventType[i] == EventRequest },
	rank:     sts001Rank,
	nfa:      func(o EventOutcome) bool { return o.NFA() || o == OutcomeEndOfLife },
	countAll: true,
}

// STS001Request is one record of STS001: a request for support (a cluster
// of request events) from a new client, with its sequel. Records of one
// cluster repeat only where the code's joins on a blank outcome repeat it
// (Copy).
type STS001Request struct {
	Council uint32 `json:"council"` // index into Data.Councils
	Person  int32  `json:"person"`  // person key (Data.PersonOf)
	// Start and End are the cluster's: its earliest start and the latest
	// end of its requests ending in the period (an open request ends on
	// the run date).
	Start Date `json:"start"`
	End   Date `json:"end"`
	// Row is the data row of the cluster's last request, whose route,
	// outcome and age the request takes.
	Row     int32         `json:"row"`
	Route   RouteOfAccess `json:"route"`
	Outcome EventOutcome  `json:"outcome"`
	Age     int           `json:"age"` // derived age at the period end
	Band    AgeBand       `json:"band"`
	// Kind is how the sequel was found (the code's Record_Type 1–5).
	Kind SequelKind `json:"kind"`
	// Service is the sequel service (Kind SequelService).
	Service ServiceType `json:"service"`
	// NFA is the outcome of the chain's NFA event (Kind SequelNFA; NFA-
	// Other when several events end that day).
	NFA EventOutcome `json:"nfa"`
	// Sequel is the SALT sequel.
	Sequel STS001Sequel `json:"sequel"`
	// Copy marks a record the code's joins on a blank outcome add (see
	// MeasureOptions.NullsAsValues); the other record of the cluster has
	// Copy false.
	Copy bool `json:"copy"`
}

// STMaxStart is an ST-Max service that followed a new client's request
// (STS001's sequel ST-Max): the STS002a cohort.
type STMaxStart struct {
	Council uint32 `json:"council"`
	Person  int32  `json:"person"`
	Start   Date   `json:"start"`
}

// STS001Result is SALT STS001: requests for support from new clients,
// by sequel, route of access and age band.
type STS001Result struct {
	Period Period `json:"period"`
	// Steps is the step log: every rule, with what it removed.
	Steps Steps `json:"steps"`
	// Requests lists every record counted, in client order.
	Requests []STS001Request `json:"requests"`
	// Tables are the SALT tables by sequel and route of access: "18 to
	// 64", "65 and over", and "Under 18" (which SALT does not publish
	// but the code counts).
	Tables []*Table `json:"tables"`
	// ByKind counts the requests by sequel and how the sequel was found
	// (the code's record types), all ages.
	ByKind *Table `json:"by_kind"`
	// Cohort lists the ST-Max services that followed requests whose
	// sequel is ST-Max (the code's STS002a cohort, for STS002a and 2A),
	// sorted by person, council and start date, each once.
	Cohort []STMaxStart `json:"cohort"`
}

// routeCols are the columns of STS001: the six routes of access, a route
// outside the list (kept, as the code keeps any text) and a blank route
// (only with NullsAsValues; the code drops such requests).
var routeCols = []string{
	RouteTransition.String(), RouteHospitalDischarge.String(), RouteHospitalDiversion.String(),
	RouteDepletedFunds.String(), RoutePrison.String(), RouteCommunity.String(),
	"Route not in the defined list", "Route not recorded",
}

func routeCol(r RouteOfAccess) int {
	switch {
	case r.Valid():
		return int(r - RouteTransition)
	case r == RouteInvalid:
		return 6
	}
	return 7
}

// sts001Rows selects STS001's rows: service users' events starting on or
// before the period's end, of people alive at its start with a known
// birth month, logging each exclusion.
func sts001Rows(d *Data, p Period, log *Steps) *RowSet {
	log.count("rows of the file", "rows", d.Len())
	return filterRows(d, nil, log,
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		rowFilter{"event starts on or before the period end", func(i int) bool { return d.Start[i] <= p.End }},
		rowFilter{"no date of death before the period start", func(i int) bool { return !d.Death[i].Valid() || d.Death[i] >= p.Start }},
		rowFilter{"birth month and year known (age can be derived)", func(i int) bool { return d.Birth[i].Valid() }},
	)
}

// STS001 computes SALT STS001 for period p: the number of requests for
// support received from new clients, by sequel, route of access and age
// band, step by step as NHS England's code does it (see the package
// documentation for where the principles and the code differ):
// service users' events starting by the period end, of people alive at
// its start with a known birth month, keyed by the person rule; the
// latest edition of each request and service (MeasureOptions.ImportBy);
// requests clustered (a request starting within 4 days of the previous
// one's end joins its cluster); a cluster counted when a request of it
// ends in the period, its end the latest such end and its route, outcome
// and age those of the request ending then (the outcome hierarchy
// choosing among requests ending that day); only clusters of new clients
// (no long-term service open on the cluster's start); the sequel
// searched in the client's later events (SequelKind): none (no
// chronology), the first more than 28 days later and not open, or
// another request (not in scope), else the chain of events each starting
// within 3 days of the previous one's end: its best ranked service, or
// its latest NFA or end-of-life outcome, or the request's own outcome.
func STS001(d *Data, p Period, opt MeasureOptions) (*STS001Result, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.sts001(), nil
}

func (r *run) sts001() *STS001Result {
	d, p, opt := r.d, r.p, &r.opt
	res := &STS001Result{Period: p}
	var log Steps
	set := sts001Rows(d, p, &log)
	cl := d.keyedClients(set, &log)
	set = nil
	ed := newEditions(r.imp, editRequests|editServices)
	var sc sequelScratch
	var (
		ev, reqRows                                        []int32
		items                                              []clusterItem
		st                                                 editionStats
		rowsIn, reqN, clusters, outside, existing          int
		noRoute, dupRecords, dupClusters, kept, nullEscape int
	)
	for c := range cl.Len() {
		rows := cl.RowsOf(c)
		rowsIn += len(rows)
		ev = ed.latest(d, rows, ev[:0], &st)
		items = items[:0]
		for _, i := range ev {
			if d.EventType[i] == EventRequest {
				items = append(items, clusterItem{d.Start[i], opt.openEnd(d.End[i]), i})
			}
		}
		reqN += len(items)
		sortItems(items)
		council, person := cl.Council[c], cl.Person[c]
		islands(items, 4, func(is []clusterItem) {
			clusters++
			start, end := is[0].start, Date(0)
			for _, x := range is {
				start = min(start, x.start)
				if x.end >= p.Start && x.end <= p.End {
					end = max(end, x.end)
				}
			}
			if end == 0 {
				outside++
				return
			}
			// the requests ending on the cluster's last day in the period
			isExisting := ltOpenAt(d, ev, start)
			reqRows = reqRows[:0]
			escaped := false
			for _, x := range is {
				if x.end != end {
					continue
				}
				i := x.row
				blank := d.Route[i] == RouteBlank || d.Outcome[i] == OutcomeBlank
				if !isExisting || (!opt.NullsAsValues && blank) {
					reqRows = append(reqRows, i)
					escaped = escaped || isExisting
				}
			}
			if len(reqRows) == 0 {
				existing++
				return
			}
			// the outcome hierarchy; the code's join on route drops blank
			// routes
			best := 99
			for _, i := range reqRows {
				best = min(best, outcomeRank(d.Outcome[i]))
			}
			k := 0
			for _, i := range reqRows {
				if outcomeRank(d.Outcome[i]) == best && (opt.NullsAsValues || d.Route[i] != RouteBlank) {
					reqRows[k] = i
					k++
				}
			}
			reqRows = reqRows[:k]
			if k == 0 {
				noRoute++
				return
			}
			if escaped {
				nullEscape++
			}
			// one record per cluster: the code's DISTINCT keeps one per
			// route, outcome and age; the package keeps one row (lastRow)
			if n := distinctRecords(d, reqRows, p.End); n > 1 {
				dupClusters++
				dupRecords += n - 1
			}
			row := lastRow(d, r.imp.rank, reqRows)
			kept++
			age, ok := d.Age(int(row), p.End)
			rq := STS001Request{Council: council, Person: person, Start: start, End: end, Row: row,
				Route: d.Route[row], Outcome: d.Outcome[row], Age: age, Band: BandOf(age, ok)}
			q := sc.find(d, ev, start, end, &sts001Rule)
			if q.kind == SequelService && q.service == ServiceSTMax {
				for _, i := range q.chain {
					if d.ServiceType[i] == ServiceSTMax {
						res.Cohort = append(res.Cohort, STMaxStart{council, person, d.Start[i]})
					}
				}
			}
			own := sts001Record(rq, q)
			if opt.NullsAsValues || rq.Outcome != OutcomeBlank {
				res.Requests = append(res.Requests, own)
				return
			}
			res.Requests = blankCopies(res.Requests, own, own.Kind, q.later, func(k SequelKind, cp bool) STS001Request {
				x := rq
				x.Kind, x.Sequel, x.Copy = k, STS001Unclassified, cp
				return x
			})
		})
	}
	st.logTo(&log, "request and service", rowsIn)
	log.add("request rows grouped into clusters (a request starting within 4 days of the previous one's end joins its cluster)", "request clusters", reqN, clusters)
	log.add("cluster has a request ending in the period", "request clusters", clusters, clusters-outside)
	m := clusters - outside
	log.add("new client: no long-term service open when the cluster starts", "request clusters", m, m-existing)
	m -= existing
	log.add("the code's join on route of access: clusters whose last request has none are dropped", "request clusters", m, m-noRoute)
	m -= noRoute
	if !opt.NullsAsValues {
		log.count("of these, existing clients' clusters kept as new because the code's join on a blank route or outcome never matches (a count, nothing removed)", "request clusters", nullEscape)
	}
	log.add("one record per cluster: records the code's DISTINCT would add where the last requests differ in route, outcome or age ("+itoa(dupClusters)+" clusters)", "records", m+dupRecords, m)
	log.add("records the code's joins on a blank outcome add (\"no chronology\" and \"not in scope\" copies)", "records", m, len(res.Requests))
	res.Steps = log
	res.Tables, res.ByKind = sts001Tables(d, res.Requests)
	slices.SortFunc(res.Cohort, func(a, b STMaxStart) int {
		return cmp.Or(cmp.Compare(a.Person, b.Person), cmp.Compare(a.Council, b.Council), cmp.Compare(a.Start, b.Start))
	})
	res.Cohort = slices.Compact(res.Cohort)
	return res
}

// distinctRecords counts the distinct (route, outcome, age) of rows.
func distinctRecords(d *Data, rows []int32, on Date) int {
	n := 0
	for k, i := range rows {
		ai, _ := d.Age(int(i), on)
		dup := false
		for _, j := range rows[:k] {
			aj, _ := d.Age(int(j), on)
			if d.Route[i] == d.Route[j] && d.Outcome[i] == d.Outcome[j] && ai == aj {
				dup = true
				break
			}
		}
		if !dup {
			n++
		}
	}
	return n
}

// sts001Record fills in a request's sequel.
func sts001Record(r STS001Request, q sequel) STS001Request {
	r.Kind = q.kind
	switch q.kind {
	case SequelService:
		r.Service, r.Sequel = q.service, sts001OfService(q.service)
	case SequelNFA:
		r.NFA, r.Sequel = q.outcome, sts001OfOutcome(q.outcome)
	default:
		r.Sequel = sts001OfOutcome(r.Outcome)
	}
	return r
}

func sts001Tables(d *Data, recs []STS001Request) ([]*Table, *Table) {
	bands := []AgeBand{Age18To64, Age65Plus, AgeUnder18}
	var tables []*Table
	for _, b := range bands {
		var items []tally
		for _, r := range recs {
			if r.Band == b {
				items = append(items, tally{person: r.Person, council: r.Council, row: uint16(r.Sequel), col: uint16(routeCol(r.Route))})
			}
		}
		tables = append(tables, newTable(d, Table{Measure: "STS001", Name: b.String(),
			Title:     "Requests for support from new clients aged " + b.String() + ", by sequel and route of access",
			Unit:      "requests",
			RowHeader: "Sequel", Rows: STS001Sequels(), Cols: routeCols}, items))
	}
	items := make([]tally, 0, len(recs))
	for _, r := range recs {
		items = append(items, tally{person: r.Person, council: r.Council, row: uint16(r.Sequel), col: uint16(r.Kind - 1)})
	}
	byKind := newTable(d, Table{Measure: "STS001", Name: "By record type",
		Title: "Requests for support from new clients, all ages, by sequel and how the sequel was found (the code's record types)",
		Unit:  "requests", RowHeader: "Sequel", Rows: STS001Sequels(), Cols: kindLabels}, items)
	return tables, byKind
}
