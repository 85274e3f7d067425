package cld

import (
	"cmp"
	"math/bits"
	"slices"
)

// STS002aSequel is a sequel of SALT STS002a (what followed a new
// client's short-term support to maximise independence), as NHS
// England's code maps them (#REF_ST_MAX_Sequel_Mappings), plus the
// category for episodes it cannot classify.
type STS002aSequel uint8

// STS002a sequels, in the code's sort order.
const (
	STS002aEarlyCessation STS002aSequel = iota
	STS002aLongTerm
	STS002aSelfFunding
	STS002aLowLevel
	STS002aShortTermOther
	STS002aDeclined
	STS002aUniversal
	STS002aOther
	STS002aUnclassified
	numSTS002a
)

var sts002aLabels = [numSTS002a]string{
	"Early cessation of service (not leading to long term support) - 100% NHS funded care/End of Life/deceased",
	"Long Term Support (any setting)",
	"No services provided – needs identified but self-funding",
	"Ongoing Low Level Support",
	"Short Term Support (other)",
	"No services provided – needs identified but support declined",
	"No Services Provided – Universal Services / signposted to other services",
	"No services provided – other",
	"Unable to classify",
}

// String returns the sequel's SALT label.
func (s STS002aSequel) String() string {
	if s < numSTS002a {
		return sts002aLabels[s]
	}
	return "STS002aSequel(?)"
}

// STS002aSequels returns the labels of the STS002a sequels in table order.
func STS002aSequels() []string { return append([]string(nil), sts002aLabels[:]...) }

// sts002aOfOutcome maps an outcome through #REF_ST_MAX_Sequel_Mappings;
// ok is false for an outcome the table lacks.
func sts002aOfOutcome(o EventOutcome) (STS002aSequel, bool) {
	switch o {
	case OutcomeNFANHSFunded, OutcomeNFADeceased:
		return STS002aEarlyCessation, true
	case OutcomeNFASelfFunded:
		return STS002aSelfFunding, true
	case OutcomeNFADeclined:
		return STS002aDeclined, true
	case OutcomeNFASignposting:
		return STS002aUniversal, true
	case OutcomeNFAMoved, OutcomeNFAOther, OutcomeNFANoServices, OutcomeNFASupportEnded, OutcomeEndOfLife, OutcomeHospital:
		return STS002aOther, true
	}
	return STS002aUnclassified, false
}

func sts002aOfService(t ServiceType) STS002aSequel {
	switch {
	case t.LongTerm():
		return STS002aLongTerm
	case t == ServiceSTLowLevel:
		return STS002aLowLevel
	case t == ServiceSTOther:
		return STS002aShortTermOther
	}
	return STS002aUnclassified
}

// sts002aRank is STS002a's hierarchy of sequel services
// (#REF_Service_Type_Delivery_Mech of the STS002a code).
func sts002aRank(t ServiceType) int {
	switch t {
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

var sts002aRule = sequelRule{
	within: 3,
	own: func(d *Data, i int32, start, end Date) bool {
		return d.ServiceType[i] == ServiceSTMax && (d.Start[i] == start || d.End[i].Valid() && d.End[i] == end)
	},
	stop:     func(d *Data, i int32) bool { return d.ServiceType[i] == ServiceSTMax },
	rank:     sts002aRank,
	nfa:      EventOutcome.NFA,
	countAll: false,
}

// STMaxEpisode is one episode of short-term support to maximise
// independence: a cluster of ST-Max service events of a client, each
// starting at most one day after the previous one's end, with (in
// STS002a) what followed it.
type STMaxEpisode struct {
	Council uint32 `json:"council"`
	Person  int32  `json:"person"`
	// Start is the earliest start, End the latest end (an open event
	// ends on the run date).
	Start Date `json:"start"`
	End   Date `json:"end"`
	// Row is the data row of the episode's last event, whose outcome and
	// age the episode takes.
	Row     int32        `json:"row"`
	Outcome EventOutcome `json:"outcome"`
	Age     int          `json:"age"` // derived age at the period end (Band AgeUnknown when unknown)
	Band    AgeBand      `json:"band"`
	// STS002a only: how the sequel was found, the sequel service or NFA
	// outcome, the SALT sequel, and Copy for a record the code's joins on
	// a blank outcome add.
	Kind    SequelKind    `json:"kind"`
	Service ServiceType   `json:"service"`
	NFA     EventOutcome  `json:"nfa"`
	Sequel  STS002aSequel `json:"sequel"`
	Copy    bool          `json:"copy"`
}

// STS002aResult is SALT STS002a: what followed new clients' short-term
// support to maximise independence (the ST-Max that STS001 found as the
// sequel of a request), by sequel and age band.
type STS002aResult struct {
	Period Period `json:"period"`
	Steps  Steps  `json:"steps"`
	// Episodes lists every record counted, in client order (with the
	// copies the code's joins on a blank outcome add: Copy).
	Episodes []STMaxEpisode `json:"episodes"`
	// Table counts the episodes by sequel and age band; ByKind by sequel
	// and how the sequel was found.
	Table  *Table `json:"table"`
	ByKind *Table `json:"by_kind"`
}

// STS002bResult is SALT STS002b at the level NHS England's code computes
// it: the number of ST-Max episodes of existing clients (clients with
// long-term support open when the episode started), by age band.
type STS002bResult struct {
	Period   Period         `json:"period"`
	Steps    Steps          `json:"steps"`
	Episodes []STMaxEpisode `json:"episodes"`
	Table    *Table         `json:"table"`
}

// stsBase is what STS002a and STS002b share: service users' rows starting
// on or before the period's end, keyed by the person rule, by client.
type stsBase struct {
	log Steps
	cl  *Clients
}

func (r *run) stsBase() *stsBase {
	d, p := r.d, r.p
	b := &stsBase{}
	b.log.count("rows of the file", "rows", d.Len())
	set := filterRows(d, nil, &b.log,
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
		rowFilter{"event starts on or before the period end", func(i int) bool { return d.Start[i] <= p.End }},
	)
	b.cl = d.keyedClients(set, &b.log)
	return b
}

// episodeScan walks the clients of base, giving each client's events
// (latest service editions) and its ST-Max episodes that end in the
// period. keep selects the ST-Max rows the measure clusters. The scan
// logs the shared steps.
type episodeScan struct {
	r      *run
	ed     *editions
	st     editionStats
	ev     []int32
	items  []clusterItem
	rowsIn int
	stRows int
	eps    int
	out    int
}

func (r *run) episodeScan() *episodeScan {
	return &episodeScan{r: r, ed: newEditions(r.imp, editServices)}
}

// episodes calls f for each episode of one client ending in the period,
// with its start and end and the rows of its last day.
func (s *episodeScan) episodes(rows []int32, keep func(i int32) bool, f func(start, end Date, last []clusterItem)) {
	d, p, opt := s.r.d, s.r.p, &s.r.opt
	s.rowsIn += len(rows)
	s.ev = s.ed.latest(d, rows, s.ev[:0], &s.st)
	s.items = s.items[:0]
	for _, i := range s.ev {
		if d.EventType[i] == EventService && d.ServiceType[i] == ServiceSTMax &&
			(!d.Death[i].Valid() || d.Death[i] >= p.Start) && keep(i) {
			s.items = append(s.items, clusterItem{d.Start[i], opt.openEnd(d.End[i]), i})
		}
	}
	s.stRows += len(s.items)
	sortItems(s.items)
	islands(s.items, 1, func(is []clusterItem) {
		s.eps++
		start, end := is[0].start, is[0].end
		for _, x := range is {
			start, end = min(start, x.start), max(end, x.end)
		}
		if end < p.Start || end > p.End {
			s.out++
			return
		}
		lo := len(is)
		for lo > 0 && is[lo-1].end == end {
			lo--
		}
		f(start, end, is[lo:])
	})
}

func (s *episodeScan) logTo(log *Steps) {
	s.st.logTo(log, "service", s.rowsIn)
	log.add("ST-Max service rows of people not dead before the period grouped into episodes (an event starting within 1 day of the previous one's end joins its episode)", "episodes", s.stRows, s.eps)
	log.add("episode ends in the period (the latest end; an open event ends on the run date)", "episodes", s.eps, s.eps-s.out)
}

// pickRow chooses the row of an episode's last day that gives it its
// outcome: the best outcome in the code's hierarchy, then lastRow. It
// returns the row and how many distinct outcomes share the best rank
// (the records the code's DISTINCT would keep).
func pickRow(d *Data, rank []int32, last []clusterItem, rows []int32) (int32, int, []int32) {
	best := 99
	for _, x := range last {
		best = min(best, outcomeRank(d.Outcome[x.row]))
	}
	rows = rows[:0]
	var outs uint64 // the distinct outcomes, as bits (every outcome value is below 64)
	for _, x := range last {
		if outcomeRank(d.Outcome[x.row]) == best {
			rows = append(rows, x.row)
			outs |= 1 << (d.Outcome[x.row] & 63)
		}
	}
	return lastRow(d, rank, rows), bits.OnesCount64(outs), rows
}

// STS002a computes SALT STS002a for period p: it runs STS001 for the
// cohort of ST-Max services that followed new clients' requests (the
// ST-Max services in the chains of STS001's ST-Max sequels), then
// clusters those services into episodes (a day's gap), counts an episode
// when it ends in the period, and finds what followed it as STS001 does
// but within 3 days, stopping at another ST-Max, ranking long-term
// services first, with the code's STS002a mapping (see the package
// documentation for where the principles and the code differ).
func STS002a(d *Data, p Period, opt MeasureOptions) (*STS002aResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.sts002a(r.sts001().Cohort, r.stsBase()), nil
}

// sts002a computes STS002a from STS001's cohort (sorted by person,
// council and start, each once).
func (r *run) sts002a(cohort []STMaxStart, base *stsBase) *STS002aResult {
	d, p, opt := r.d, r.p, &r.opt
	res := &STS002aResult{Period: p}
	log := slices.Clone(base.log)
	sc := r.episodeScan()
	var seq sequelScratch
	var tied []int32
	cl := base.cl
	k := 0 // cohort position
	var dup, kept, keyed int
	for c := range cl.Len() {
		keyed += len(cl.RowsOf(c))
		council, person := cl.Council[c], cl.Person[c]
		for k < len(cohort) && cmp.Or(cmp.Compare(cohort[k].Person, person), cmp.Compare(cohort[k].Council, council)) < 0 {
			k++
		}
		j := k
		for j < len(cohort) && cohort[j].Person == person && cohort[j].Council == council {
			j++
		}
		mine := cohort[k:j]
		if len(mine) == 0 {
			continue // no ST-Max of this client followed a request
		}
		inCohort := func(i int32) bool {
			_, ok := slices.BinarySearchFunc(mine, d.Start[i], func(m STMaxStart, t Date) int { return cmp.Compare(m.Start, t) })
			return ok
		}
		sc.episodes(cl.RowsOf(c), inCohort, func(start, end Date, last []clusterItem) {
			var row int32
			var n int
			row, n, tied = pickRow(d, r.imp.rank, last, tied)
			if n > 1 {
				dup += n - 1
			}
			kept++
			age, ok := d.Age(int(row), p.End)
			e := STMaxEpisode{Council: council, Person: person, Start: start, End: end, Row: row, Outcome: d.Outcome[row],
				Age: age, Band: BandOf(age, ok)}
			q := seq.find(d, sc.ev, start, end, &sts002aRule)
			own := sts002aRecord(e, q)
			if opt.NullsAsValues || e.Outcome != OutcomeBlank {
				res.Episodes = append(res.Episodes, own)
				return
			}
			res.Episodes = blankCopies(res.Episodes, own, own.Kind, q.later, func(k SequelKind, cp bool) STMaxEpisode {
				x := e
				x.Kind, x.Sequel, x.Copy = k, STS002aUnclassified, cp
				return x
			})
		})
	}
	log.add("clients with an ST-Max service that followed a new client's request (STS001's cohort of "+itoa(len(cohort))+
		" services, matched on council, person and start date): their rows", "rows", keyed, sc.rowsIn)
	sc.logTo(&log)
	log.add("one record per episode: records the code's DISTINCT would add where the last events' outcomes share the hierarchy's rank", "records", kept+dup, kept)
	log.add("records the code's joins on a blank outcome add (\"no chronology\" and \"not in scope\" copies)", "records", kept, len(res.Episodes))
	res.Steps = log
	bands := []AgeBand{Age18To64, Age65Plus, AgeUnder18, AgeUnknown}
	bandCols := make([]string, len(bands))
	for i, b := range bands {
		bandCols[i] = b.String()
	}
	var items, byKind []tally
	for _, e := range res.Episodes {
		items = append(items, tally{person: e.Person, council: e.Council, row: uint16(e.Sequel), col: uint16(slices.Index(bands, e.Band))})
		byKind = append(byKind, tally{person: e.Person, council: e.Council, row: uint16(e.Sequel), col: uint16(e.Kind - 1)})
	}
	res.Table = newTable(d, Table{Measure: "STS002a", Name: "By age band",
		Title: "Episodes of short-term support to maximise independence of new clients, by what followed and age band",
		Unit:  "episodes", RowHeader: "Sequel", Rows: STS002aSequels(), Cols: bandCols}, items)
	res.ByKind = newTable(d, Table{Measure: "STS002a", Name: "By record type",
		Title: "Episodes of short-term support to maximise independence of new clients, by what followed and how it was found (the code's record types)",
		Unit:  "episodes", RowHeader: "Sequel", Rows: STS002aSequels(), Cols: kindLabels}, byKind)
	return res
}

func sts002aRecord(e STMaxEpisode, q sequel) STMaxEpisode {
	e.Kind = q.kind
	switch q.kind {
	case SequelService:
		e.Service, e.Sequel = q.service, sts002aOfService(q.service)
	case SequelNFA:
		e.NFA = q.outcome
		e.Sequel, _ = sts002aOfOutcome(q.outcome)
	case SequelNoService:
		switch {
		case e.Outcome.NFA():
			e.Sequel, _ = sts002aOfOutcome(e.Outcome)
		case e.Outcome == OutcomeEndedAsPlanned:
			e.Sequel = STS002aOther
		default:
			e.Sequel = STS002aUnclassified
		}
	default: // no chronology, or not in scope
		var ok bool
		if e.Sequel, ok = sts002aOfOutcome(e.Outcome); !ok && e.Outcome == OutcomeEndedAsPlanned {
			e.Sequel = STS002aOther
		}
	}
	return e
}

// STS002b computes SALT STS002b at the level of NHS England's code for
// period p: ST-Max service events of service users are clustered into
// episodes as in STS002a (without the STS001 cohort), and the episodes
// ending in the period that started while the client had long-term
// support open are counted; the code computes no breakdown of what
// followed (see the package documentation).
func STS002b(d *Data, p Period, opt MeasureOptions) (*STS002bResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.sts002b(r.stsBase()), nil
}

func (r *run) sts002b(base *stsBase) *STS002bResult {
	d, p, opt := r.d, r.p, &r.opt
	res := &STS002bResult{Period: p}
	log := slices.Clone(base.log)
	sc := r.episodeScan()
	cl := base.cl
	var inPeriod, newCl, blank int
	var tied []int32
	all := func(int32) bool { return true }
	for c := range cl.Len() {
		council, person := cl.Council[c], cl.Person[c]
		sc.episodes(cl.RowsOf(c), all, func(start, end Date, last []clusterItem) {
			inPeriod++
			if !ltOpenAt(d, sc.ev, start) {
				newCl++
				return
			}
			// the code's join on the outcome: rows without one never match
			k := 0
			for _, x := range last {
				if opt.NullsAsValues || d.Outcome[x.row] != OutcomeBlank {
					last[k] = x
					k++
				}
			}
			if k == 0 {
				blank++
				return
			}
			var row int32
			row, _, tied = pickRow(d, r.imp.rank, last[:k], tied)
			age, ok := d.Age(int(row), p.End)
			res.Episodes = append(res.Episodes, STMaxEpisode{Council: council, Person: person, Start: start, End: end, Row: row,
				Outcome: d.Outcome[row], Age: age, Band: BandOf(age, ok)})
		})
	}
	sc.logTo(&log)
	log.add("existing client: long-term support open when the episode starts (starting on or before its start, ending on or after it, or open)", "episodes", inPeriod, inPeriod-newCl)
	log.add("the code's join on the outcome: episodes whose last events have none are dropped", "episodes", inPeriod-newCl, inPeriod-newCl-blank)
	res.Steps = log
	bands := []AgeBand{Age18To64, Age65Plus, AgeUnder18, AgeUnknown}
	cols := make([]string, len(bands))
	for i, b := range bands {
		cols[i] = b.String()
	}
	var items []tally
	for _, e := range res.Episodes {
		items = append(items, tally{person: e.Person, council: e.Council, col: uint16(slices.Index(bands, e.Band))})
	}
	res.Table = newTable(d, Table{Measure: "STS002b", Name: "High-level total",
		Title: "Episodes of short-term support to maximise independence of existing clients, by age band",
		Unit:  "episodes", RowHeader: "Clients", Rows: []string{"Existing clients: ST-Max episodes"}, Cols: cols}, items)
	return res
}
