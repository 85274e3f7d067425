package pathway

import (
	"cmp"
	"fmt"
	"slices"
)

// Stage is a point on the care pathway.
type Stage uint8

const (
	StageRequest Stage = iota
	StageAssessmentStart
	StageAssessmentEnd
	StageEligibility
	StageSupportPlan
	StageServiceStart
	StageServiceEnd
	StageReview
	// NumStages is the number of stages.
	NumStages
)

var stageNames = [...]string{"request", "assessment_start", "assessment_end", "eligibility_decision",
	"support_plan_agreed", "service_start", "service_end", "review"}

// String returns the stage's name, for example "assessment_end".
func (s Stage) String() string {
	if s < NumStages {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// Pathway is one person's way through the system, anchored on an assessment
// (or on a request that has not led to one). Dates[s] is the date the
// pathway reached stage s, NoDate if it has not.
type Pathway struct {
	PersonID string
	Episode  string
	Dates    [NumStages]Date
	// Closed is the date of the first event with a "no further action"
	// outcome on this pathway, or the date a later request or assessment
	// superseded a request that led nowhere; NoDate while open.
	Closed Date
	// ServiceType is the type of the first linked service (ServiceUnknown if none).
	ServiceType ServiceType
	// Services and Events index the join's input slices.
	Services []int
	Events   []int
}

// anchor is the date used to place events on the pathway.
func (p *Pathway) anchor() Date {
	if p.Dates[StageAssessmentStart].Valid() {
		return p.Dates[StageAssessmentStart]
	}
	if p.Dates[StageAssessmentEnd].Valid() {
		return p.Dates[StageAssessmentEnd]
	}
	return p.Dates[StageRequest]
}

func (p *Pathway) hasAssessment() bool {
	return p.Dates[StageAssessmentStart].Valid() || p.Dates[StageAssessmentEnd].Valid()
}

// Disposition is what the join did with one input record.
type Disposition uint8

const (
	// Linked: the record is part of a pathway (events, services) or is
	// matched to a service (finance).
	Linked Disposition = iota
	// Unmatched: no pathway or service to link to; see Issues for why.
	Unmatched
	// Duplicate: a repeat of an earlier record (not used further).
	Duplicate
)

// String names the disposition.
func (d Disposition) String() string { return [...]string{"linked", "unmatched", "duplicate"}[d] }

// Source names an input of the join.
type Source uint8

const (
	SourceEvents Source = iota
	SourceServices
	SourceFinance
)

// String names the source.
func (s Source) String() string { return [...]string{"events", "services", "finance"}[s] }

// IssueKind classifies a join issue.
type IssueKind uint8

const (
	IssueUnmatched IssueKind = iota
	IssueDuplicate
	// IssueOutOfOrder: dates in an impossible order (a service starting
	// before its assessment was completed, an end before a start, a payment
	// before its service started).
	IssueOutOfOrder
)

// String names the kind.
func (k IssueKind) String() string { return [...]string{"unmatched", "duplicate", "out of order"}[k] }

// Issue is one problem found by the join. Index is the record's position in
// its input slice, Line its CSV line (0 if unknown).
type Issue struct {
	Kind     IssueKind
	Source   Source
	Index    int
	Line     int
	PersonID string
	Reason   string
}

// Tally counts one input's records by disposition: Input = Linked +
// Unmatched + Duplicate.
type Tally struct {
	Input, Linked, Unmatched, Duplicate int
}

// JoinReport summarises a join. Every input record is in exactly one
// disposition, so each Tally adds up.
type JoinReport struct {
	Events, Services, Finance Tally
	Persons                   int
	Pathways                  int
	// PathwaysWithoutService: pathways with an assessment and no linked service.
	PathwaysWithoutService int
	// ServicesWithoutFinance: linked services with no finance transaction.
	ServicesWithoutFinance int
	OutOfOrder             int
	Issues                 []Issue
}

// PersonTimeline indexes one person's records, each in date order.
type PersonTimeline struct {
	PersonID     string
	Events       []int
	Services     []int
	Transactions []int
	Pathways     []int
}

// JoinResult is the joined data.
type JoinResult struct {
	Events       []Event
	Services     []Service
	Transactions []Transaction
	Pathways     []Pathway
	Persons      []PersonTimeline
	// EventDisposition[i] is what happened to Events[i]; likewise for the others.
	EventDisposition, ServiceDisposition, FinanceDisposition []Disposition
	// ServicePathway[i] is the index of the pathway service i is linked to, or -1.
	ServicePathway []int
	// ServiceFinance[i] lists the transactions linked to service i.
	ServiceFinance [][]int
	Report         JoinReport
}

// JoinOptions configures Join. The zero value links by time alone with a
// 365-day window.
type JoinOptions struct {
	// MatchEpisode: when true, an event or service that carries an episode
	// reference is linked only to a pathway with the same episode (the time
	// window is then not applied); records without an episode use the time
	// rule.
	MatchEpisode bool
	// WindowDays is the longest gap, in calendar days, from a request to the
	// assessment it leads to, and from an assessment's completion to the
	// start of a service linked to it. Zero means 365.
	WindowDays int
}

// Validate checks the options.
func (o JoinOptions) Validate() error {
	if o.WindowDays < 0 {
		return fmt.Errorf("%w: WindowDays %d", ErrInvalidOptions, o.WindowDays)
	}
	return nil
}

func (o JoinOptions) window() Date {
	if o.WindowDays == 0 {
		return 365
	}
	return Date(o.WindowDays)
}

// Join builds each person's timeline from events, commissioned services and
// finance transactions, and links them:
//
//   - assessment start and end events pair into pathways (by episode when
//     MatchEpisode, else each end closes the latest open assessment);
//   - each pathway takes the latest unused request on or before its start
//     within the window; requests left over become request-only pathways
//     (people waiting for assessment, or closed by NFA or a later request);
//   - eligibility, support plan, review and unlinked service events attach
//     to the latest pathway anchored on or before them;
//   - each service links to the latest assessment completed on or before its
//     start within the window (or of its episode); a service starting before
//     its assessment was completed is reported out of order and not linked;
//   - each transaction links to its service by service ID and person.
//
// Duplicates (identical events; repeated service IDs; repeated transaction
// IDs, or identical transactions when there is no ID) are reported and not
// used. The inputs are not modified; the result keeps them.
func Join(events []Event, services []Service, transactions []Transaction, opts JoinOptions) (*JoinResult, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	j := &joiner{opts: opts, win: opts.window(), res: &JoinResult{
		Events: events, Services: services, Transactions: transactions,
		EventDisposition:   make([]Disposition, len(events)),
		ServiceDisposition: make([]Disposition, len(services)),
		FinanceDisposition: make([]Disposition, len(transactions)),
		ServicePathway:     make([]int, len(services)),
		ServiceFinance:     make([][]int, len(services)),
	}}
	j.run()
	return j.res, nil
}

type joiner struct {
	opts JoinOptions
	win  Date
	res  *JoinResult
}

func (j *joiner) issue(k IssueKind, src Source, idx int, reason string) {
	r := &j.res.Report
	line, person := 0, ""
	switch src {
	case SourceEvents:
		line, person = j.res.Events[idx].Line, j.res.Events[idx].PersonID
	case SourceServices:
		line, person = j.res.Services[idx].Line, j.res.Services[idx].PersonID
	case SourceFinance:
		line, person = j.res.Transactions[idx].Line, j.res.Transactions[idx].PersonID
	}
	r.Issues = append(r.Issues, Issue{Kind: k, Source: src, Index: idx, Line: line, PersonID: person, Reason: reason})
	if k == IssueOutOfOrder {
		r.OutOfOrder++
	}
}

func (j *joiner) run() {
	res := j.res
	// person index in order of first appearance, then sorted by ID
	pidx := newIDIndex(len(res.Events)/4 + 16)
	add := func(id string) int32 {
		k, _ := pidx.add(id)
		return k
	}
	evP := make([]int32, len(res.Events))
	for i := range res.Events {
		evP[i] = add(res.Events[i].PersonID)
	}
	svP := make([]int32, len(res.Services))
	for i := range res.Services {
		svP[i] = add(res.Services[i].PersonID)
	}
	fnP := make([]int32, len(res.Transactions))
	for i := range res.Transactions {
		fnP[i] = add(res.Transactions[i].PersonID)
	}
	ids := pidx.names
	np := len(ids)
	evB := bucket(evP, np)
	svB := bucket(svP, np)
	fnB := bucket(fnP, np)

	// global service ID map (first occurrence wins)
	svIDs := newIDIndex(len(res.Services))
	svByID := make([]int, 0, len(res.Services)) // ID number → first service index
	for i := range res.Services {
		res.ServicePathway[i] = -1
		s := &res.Services[i]
		if id, dup := svIDs.add(s.ServiceID); dup {
			k := svByID[id]
			res.ServiceDisposition[i] = Duplicate
			reason := "repeats an earlier service ID"
			if !sameService(s, &res.Services[k]) {
				reason = "repeats an earlier service ID with different details"
			}
			j.issue(IssueDuplicate, SourceServices, i, reason)
			continue
		}
		svByID = append(svByID, i)
	}

	order := make([]int, np)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	res.Persons = make([]PersonTimeline, np)
	evFlat := make([]int, len(res.Events))
	svFlat := make([]int, len(res.Services))
	fnFlat := make([]int, len(res.Transactions))
	nPath := 0
	for i := range res.Events {
		if t := res.Events[i].Type; t == EventAssessmentStart || t == EventRequest {
			nPath++
		}
	}
	res.Pathways = make([]Pathway, 0, nPath)
	for k, p := range order {
		tl := &res.Persons[k]
		tl.PersonID = ids[p]
		tl.Events = evB.items(p, evFlat)
		tl.Services = svB.items(p, svFlat)
		tl.Transactions = fnB.items(p, fnFlat)
		j.person(tl)
	}
	j.finance(svIDs, svByID)
	// tallies
	rep := &res.Report
	rep.Persons = np
	rep.Pathways = len(res.Pathways)
	tally := func(ds []Disposition) Tally {
		t := Tally{Input: len(ds)}
		for _, d := range ds {
			switch d {
			case Linked:
				t.Linked++
			case Unmatched:
				t.Unmatched++
			case Duplicate:
				t.Duplicate++
			}
		}
		return t
	}
	rep.Events = tally(res.EventDisposition)
	rep.Services = tally(res.ServiceDisposition)
	rep.Finance = tally(res.FinanceDisposition)
	for i := range res.Pathways {
		p := &res.Pathways[i]
		if p.hasAssessment() && len(p.Services) == 0 {
			rep.PathwaysWithoutService++
		}
	}
	for i, d := range res.ServiceDisposition {
		if d == Linked && len(res.ServiceFinance[i]) == 0 {
			rep.ServicesWithoutFinance++
		}
	}
}

func sameService(a, b *Service) bool {
	return a.PersonID == b.PersonID && a.Type == b.Type && a.Start == b.Start && a.End == b.End &&
		a.Provider == b.Provider && a.Episode == b.Episode && a.UnitCost.Equal(b.UnitCost) &&
		a.PlannedUnitsPerWeek.Equal(b.PlannedUnitsPerWeek)
}

// buckets groups record indices by person with a counting sort.
type buckets struct {
	off []int32
	idx []int32
}

func bucket(person []int32, np int) buckets {
	b := buckets{off: make([]int32, np+1), idx: make([]int32, len(person))}
	for _, p := range person {
		b.off[p+1]++
	}
	for i := 1; i <= np; i++ {
		b.off[i] += b.off[i-1]
	}
	next := slices.Clone(b.off[:np])
	for i, p := range person {
		b.idx[next[p]] = int32(i)
		next[p]++
	}
	return b
}

// items returns person p's record indices as a sub-slice of flat, which
// holds all persons' indices (one allocation for everybody).
func (b buckets) items(p int, flat []int) []int {
	lo, hi := b.off[p], b.off[p+1]
	if lo == hi {
		return nil
	}
	s := flat[lo:hi:hi]
	for i, v := range b.idx[lo:hi] {
		s[i] = int(v)
	}
	return s
}

// episodeOK reports whether a record with episode e may join pathway p.
func (j *joiner) episodeOK(e string, p *Pathway) bool {
	return !j.opts.MatchEpisode || e == "" || p.Episode == "" || e == p.Episode
}

func (j *joiner) person(tl *PersonTimeline) {
	res := j.res
	evs := res.Events
	slices.SortStableFunc(tl.Events, func(a, b int) int {
		if c := cmp.Compare(evs[a].Date, evs[b].Date); c != 0 {
			return c
		}
		return cmp.Compare(evs[a].Type, evs[b].Type)
	})
	// duplicates: identical events on the same date and type; each repeats
	// the first of its kind in its run of events of one date and type. The
	// first of each kind is kept in a map, so that a run of many copies (an
	// extract that repeats a row 10^5 times) costs linear time.
	type dupKey struct{ episode, outcome, service string }
	var first map[dupKey]int
	for x, runStart := 0, 0; x < len(tl.Events); x++ {
		a := &evs[tl.Events[x]]
		if x > 0 {
			if p := &evs[tl.Events[x-1]]; p.Date != a.Date || p.Type != a.Type {
				runStart = x
			}
		}
		k := dupKey{a.Episode, a.Outcome, a.ServiceID}
		if x == runStart {
			clear(first)
		} else if first == nil {
			first = map[dupKey]int{}
		}
		if first == nil {
			continue // a run of one event so far: nothing to compare
		}
		if x == runStart+1 {
			p := &evs[tl.Events[runStart]]
			first[dupKey{p.Episode, p.Outcome, p.ServiceID}] = runStart
		}
		if y, ok := first[k]; ok {
			res.EventDisposition[tl.Events[x]] = Duplicate
			j.issue(IssueDuplicate, SourceEvents, tl.Events[x], fmt.Sprintf("repeats the %s event on line %d", a.Type, evs[tl.Events[y]].Line))
			continue
		}
		first[k] = x
	}
	live := func(i int) bool { return res.EventDisposition[i] != Duplicate }

	var ps []Pathway // this person's pathways, in anchor order
	var psEvents [][]int
	// 1. assessments
	for _, i := range tl.Events {
		e := &evs[i]
		if !live(i) {
			continue
		}
		switch e.Type {
		case EventAssessmentStart:
			// an end-only pathway of the same episode (end recorded before start)
			found := -1
			if j.opts.MatchEpisode && e.Episode != "" {
				for k := len(ps) - 1; k >= 0; k-- {
					if ps[k].Episode == e.Episode && !ps[k].Dates[StageAssessmentStart].Valid() {
						found = k
						break
					}
				}
			}
			if found >= 0 {
				ps[found].Dates[StageAssessmentStart] = e.Date
				psEvents[found] = append(psEvents[found], i)
				j.issue(IssueOutOfOrder, SourceEvents, i, fmt.Sprintf("assessment starts %v after it ended %v", e.Date, ps[found].Dates[StageAssessmentEnd]))
				continue
			}
			p := Pathway{PersonID: tl.PersonID, Episode: e.Episode, Closed: NoDate}
			for s := range p.Dates {
				p.Dates[s] = NoDate
			}
			p.Dates[StageAssessmentStart] = e.Date
			ps = append(ps, p)
			psEvents = append(psEvents, []int{i})
		case EventAssessmentEnd:
			found := -1
			for k := len(ps) - 1; k >= 0; k-- {
				if ps[k].Dates[StageAssessmentStart].Valid() && !ps[k].Dates[StageAssessmentEnd].Valid() && j.episodeOK(e.Episode, &ps[k]) {
					found = k
					break
				}
			}
			if found < 0 {
				p := Pathway{PersonID: tl.PersonID, Episode: e.Episode, Closed: NoDate}
				for s := range p.Dates {
					p.Dates[s] = NoDate
				}
				ps = append(ps, p)
				psEvents = append(psEvents, nil)
				found = len(ps) - 1
			}
			ps[found].Dates[StageAssessmentEnd] = e.Date
			psEvents[found] = append(psEvents[found], i)
			if e.Class == OutcomeNFA && !ps[found].Closed.Valid() {
				ps[found].Closed = e.Date
			}
		}
	}
	// 2. requests: each pathway takes the latest unused request before it
	var reqs []int
	for _, i := range tl.Events {
		if live(i) && evs[i].Type == EventRequest {
			reqs = append(reqs, i)
		}
	}
	used := make([]bool, len(reqs))
	for k := range ps {
		a := ps[k].anchor()
		best := -1
		for r, i := range reqs {
			d := evs[i].Date
			if d > a {
				break
			}
			if !used[r] && a-d <= j.win && j.episodeOK(evs[i].Episode, &ps[k]) {
				best = r
			}
		}
		if best >= 0 {
			used[best] = true
			i := reqs[best]
			ps[k].Dates[StageRequest] = evs[i].Date
			if ps[k].Episode == "" {
				ps[k].Episode = evs[i].Episode
			}
			psEvents[k] = append(psEvents[k], i)
		}
	}
	for r, i := range reqs {
		if used[r] {
			continue
		}
		e := &evs[i]
		p := Pathway{PersonID: tl.PersonID, Episode: e.Episode, Closed: NoDate}
		for s := range p.Dates {
			p.Dates[s] = NoDate
		}
		p.Dates[StageRequest] = e.Date
		if e.Class == OutcomeNFA {
			p.Closed = e.Date
		} else {
			// superseded by the next request or assessment of this person
			for _, i2 := range tl.Events {
				e2 := &evs[i2]
				if live(i2) && e2.Date > e.Date && (e2.Type == EventRequest || e2.Type == EventAssessmentStart || e2.Type == EventAssessmentEnd) {
					p.Closed = e2.Date
					break
				}
			}
		}
		ps = append(ps, p)
		psEvents = append(psEvents, []int{i})
	}
	// keep pathways in anchor order
	ord := make([]int, len(ps))
	for k := range ord {
		ord[k] = k
	}
	slices.SortStableFunc(ord, func(a, b int) int { return cmp.Compare(ps[a].anchor(), ps[b].anchor()) })
	sorted := make([]Pathway, len(ps))
	sortedEv := make([][]int, len(ps))
	for k, o := range ord {
		sorted[k], sortedEv[k] = ps[o], psEvents[o]
	}
	ps, psEvents = sorted, sortedEv

	// latest pathway anchored on or before d that e may join
	latest := func(d Date, episode string, needAssessment bool) int {
		for k := len(ps) - 1; k >= 0; k-- {
			if needAssessment && !ps[k].hasAssessment() {
				continue
			}
			if a := ps[k].anchor(); a <= d && j.episodeOK(episode, &ps[k]) {
				if j.opts.MatchEpisode && episode != "" && ps[k].Episode != episode {
					continue
				}
				return k
			}
		}
		return -1
	}
	// 3. services
	svs := res.Services
	slices.SortStableFunc(tl.Services, func(a, b int) int { return cmp.Compare(svs[a].Start, svs[b].Start) })
	for _, i := range tl.Services {
		if res.ServiceDisposition[i] == Duplicate {
			continue
		}
		s := &svs[i]
		if s.End.Valid() && s.End < s.Start {
			j.issue(IssueOutOfOrder, SourceServices, i, fmt.Sprintf("service ends %v before it starts %v", s.End, s.Start))
		}
		best, early := -1, -1
		for k := len(ps) - 1; k >= 0; k-- {
			p := &ps[k]
			if !p.hasAssessment() || !j.episodeOK(s.Episode, p) {
				continue
			}
			byEpisode := j.opts.MatchEpisode && s.Episode != "" && p.Episode == s.Episode
			end := p.Dates[StageAssessmentEnd]
			if end.Valid() && end <= s.Start && (byEpisode || s.Start-end <= j.win) {
				best = k
				break
			}
			if early < 0 && p.anchor() <= s.Start && (!end.Valid() || end > s.Start) {
				early = k
			}
			if byEpisode && early >= 0 {
				break
			}
		}
		if best < 0 {
			res.ServiceDisposition[i] = Unmatched
			if early >= 0 {
				j.issue(IssueOutOfOrder, SourceServices, i, fmt.Sprintf("service starts %v before its assessment (started %v) was completed", s.Start, ps[early].anchor()))
			} else {
				j.issue(IssueUnmatched, SourceServices, i, "no assessment completed within the window before the service start")
			}
			continue
		}
		p := &ps[best]
		p.Services = append(p.Services, i)
		if !p.Dates[StageServiceStart].Valid() || s.Start < p.Dates[StageServiceStart] {
			p.Dates[StageServiceStart] = s.Start
			p.Dates[StageServiceEnd] = s.End
			p.ServiceType = s.Type
		}
		res.ServicePathway[i] = best // person-local for now; rebased below
	}
	// 4. other events
	for _, i := range tl.Events {
		e := &evs[i]
		if !live(i) {
			continue
		}
		var st Stage
		switch e.Type {
		case EventRequest, EventAssessmentStart, EventAssessmentEnd:
			continue
		case EventEligibility:
			st = StageEligibility
		case EventSupportPlan:
			st = StageSupportPlan
		case EventReview:
			st = StageReview
		case EventServiceStart:
			st = StageServiceStart
		case EventServiceEnd:
			st = StageServiceEnd
		default:
			res.EventDisposition[i] = Unmatched
			j.issue(IssueUnmatched, SourceEvents, i, "unknown event type")
			continue
		}
		k := -1
		if (st == StageServiceStart || st == StageServiceEnd) && e.ServiceID != "" {
			// linked through its service
			for _, si := range tl.Services {
				if svs[si].ServiceID == e.ServiceID && res.ServiceDisposition[si] == Linked {
					k = res.ServicePathway[si]
					break
				}
			}
			if k < 0 {
				res.EventDisposition[i] = Unmatched
				j.issue(IssueUnmatched, SourceEvents, i, "its service is unknown or not linked to an assessment")
				continue
			}
		} else {
			k = latest(e.Date, e.Episode, st != StageReview && st != StageEligibility && st != StageSupportPlan)
			if k < 0 {
				res.EventDisposition[i] = Unmatched
				j.issue(IssueUnmatched, SourceEvents, i, "no pathway started on or before the event")
				continue
			}
		}
		p := &ps[k]
		if !p.Dates[st].Valid() {
			p.Dates[st] = e.Date
		}
		if e.Class == OutcomeNFA && !p.Closed.Valid() {
			p.Closed = e.Date
		}
		psEvents[k] = append(psEvents[k], i)
	}
	// out of order within a pathway: service end before service start
	base := len(res.Pathways)
	for k := range ps {
		p := &ps[k]
		p.Events = psEvents[k]
		slices.Sort(p.Events)
		if s, e := p.Dates[StageServiceStart], p.Dates[StageServiceEnd]; s.Valid() && e.Valid() && e < s && len(p.Events) > 0 {
			j.issue(IssueOutOfOrder, SourceEvents, p.Events[len(p.Events)-1], fmt.Sprintf("service ends %v before it starts %v", e, s))
		}
		tl.Pathways = append(tl.Pathways, base+k)
	}
	for _, i := range tl.Services {
		if res.ServicePathway[i] >= 0 && res.ServiceDisposition[i] == Linked {
			res.ServicePathway[i] += base
		}
	}
	res.Pathways = append(res.Pathways, ps...)
}

func (j *joiner) finance(svIDs *idIndex, svByID []int) {
	res := j.res
	seenID := newIDIndex(len(res.Transactions))
	type key struct {
		person, service string
		start, end      Date
		amount          string
	}
	var seen map[key]int
	link := make([]int32, len(res.Transactions)) // service index, or -1
	counts := make([]int32, len(res.Services)+1)
	for i := range res.Transactions {
		link[i] = -1
		x := &res.Transactions[i]
		if x.TransactionID != "" {
			if _, dup := seenID.add(x.TransactionID); dup {
				res.FinanceDisposition[i] = Duplicate
				j.issue(IssueDuplicate, SourceFinance, i, "repeats an earlier transaction ID")
				continue
			}
		} else {
			if seen == nil {
				seen = map[key]int{}
			}
			kk := key{x.PersonID, x.ServiceID, x.PeriodStart, x.PeriodEnd, x.Amount.String()}
			if _, dup := seen[kk]; dup {
				res.FinanceDisposition[i] = Duplicate
				j.issue(IssueDuplicate, SourceFinance, i, "identical to an earlier transaction without ID")
				continue
			}
			seen[kk] = i
		}
		if x.ServiceID == "" {
			res.FinanceDisposition[i] = Unmatched
			j.issue(IssueUnmatched, SourceFinance, i, "no service ID")
			continue
		}
		id := svIDs.find(x.ServiceID)
		if id < 0 {
			res.FinanceDisposition[i] = Unmatched
			j.issue(IssueUnmatched, SourceFinance, i, "unknown service ID")
			continue
		}
		si := svByID[id]
		s := &res.Services[si]
		if s.PersonID != x.PersonID {
			res.FinanceDisposition[i] = Unmatched
			j.issue(IssueUnmatched, SourceFinance, i, "the service belongs to another person")
			continue
		}
		link[i] = int32(si)
		counts[si+1]++
		if x.PeriodEnd < s.Start || (s.End.Valid() && x.PeriodStart > s.End) {
			j.issue(IssueOutOfOrder, SourceFinance, i, "payment period outside the service's dates")
		}
	}
	// ServiceFinance as sub-slices of one array, in input order
	for k := 1; k < len(counts); k++ {
		counts[k] += counts[k-1]
	}
	flat := make([]int, counts[len(counts)-1])
	next := slices.Clone(counts[:len(res.Services)])
	for i, si := range link {
		if si >= 0 {
			flat[next[si]] = i
			next[si]++
		}
	}
	for si := range res.Services {
		if lo, hi := counts[si], counts[si+1]; hi > lo {
			res.ServiceFinance[si] = flat[lo:hi:hi]
		}
	}
	// per-person transaction lists in date order
	for k := range res.Persons {
		tl := &res.Persons[k]
		slices.SortStableFunc(tl.Transactions, func(a, b int) int {
			return cmp.Compare(res.Transactions[a].PeriodStart, res.Transactions[b].PeriodStart)
		})
	}
}

// Waits returns one Wait per pathway that reached stage from: Start is that
// date, End the date of stage to (NoDate if not reached) and Closed the
// pathway's closing date. Pathways closed on or before the from date without
// reaching to are left out (they never waited for it), as are pathways whose
// to date is before their from date (counted in outOfOrder). group labels
// each wait (nil: "").
func (r *JoinResult) Waits(from, to Stage, group func(p *Pathway) string) (waits []Wait, outOfOrder int) {
	for i := range r.Pathways {
		p := &r.Pathways[i]
		s, e := p.Dates[from], p.Dates[to]
		if !s.Valid() {
			continue
		}
		if e.Valid() && e < s {
			outOfOrder++
			continue
		}
		if !e.Valid() && p.Closed.Valid() && p.Closed <= s {
			continue
		}
		w := Wait{PersonID: p.PersonID, Start: s, End: e, Closed: p.Closed}
		if group != nil {
			w.Group = group(p)
		}
		waits = append(waits, w)
	}
	return waits, outOfOrder
}
