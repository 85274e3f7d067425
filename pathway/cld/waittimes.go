package cld

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// The waits of WaitTimes.
const (
	WaitRequestToAssessment = "Request to assessment"
	WaitRequestToService    = "Request to service"
	WaitAssessmentToService = "Assessment to service"
	// WaitAllServices is the service type of the rows over every service.
	WaitAllServices = "All services"
)

// WaitTimesRow is one wait at one council (or all councils) for one
// service type.
type WaitTimesRow struct {
	// Council indexes Data.Councils; −1 is all councils.
	Council int    `json:"council"`
	Code    string `json:"la_code"`
	Name    string `json:"la_name"`
	// Wait is WaitRequestToAssessment, WaitRequestToService or
	// WaitAssessmentToService.
	Wait string `json:"wait"`
	// ServiceType is "" for the assessment wait, otherwise WaitAllServices
	// or a service type's canonical name.
	ServiceType string `json:"service_type"`

	// The Kaplan–Meier estimate over the waits starting in the period:
	// Started of them, Ended by the period's end, Censored still waiting
	// (Started = Ended + Censored); the median with its confidence limits
	// (undefined when the curve does not fall to one half).
	Started  int    `json:"started"`
	Ended    int    `json:"ended"`
	Censored int    `json:"censored"`
	Median   Figure `json:"median"`
	Lower    Figure `json:"lower"`
	Upper    Figure `json:"upper"`

	// The plain averages of the completed waits ending in the period
	// (whenever they started): Completed of them, their mean and median,
	// in days.
	Completed     int    `json:"completed"`
	Mean          Figure `json:"mean"`
	MedianOfEnded Figure `json:"median_of_ended"`

	// StartedStatus, EndedStatus, CensoredStatus and CompletedStatus say
	// whether small-number suppression (WaitTimesResult.Suppress) hides
	// the counts, each by itself; the figures derived from hidden counts
	// are hidden with them (MedianStatus, and CompletedStatus for the
	// mean and median of completed waits).
	StartedStatus   disclosure.Status `json:"started_status"`
	EndedStatus     disclosure.Status `json:"ended_status"`
	CensoredStatus  disclosure.Status `json:"censored_status"`
	CompletedStatus disclosure.Status `json:"completed_status"`
}

// MedianStatus is the status of the Kaplan–Meier median and its limits,
// which derive from the waits started, ended and censored: hidden when
// any of the three is (Primary when one of them is, else Secondary).
func (r *WaitTimesRow) MedianStatus() disclosure.Status {
	s := disclosure.Shown
	for _, x := range []disclosure.Status{r.StartedStatus, r.EndedStatus, r.CensoredStatus} {
		switch {
		case x == disclosure.Primary:
			return x
		case x.Hidden():
			s = x
		}
	}
	return s
}

// WaitTimesResult is the result of WaitTimes.
type WaitTimesResult struct {
	Period Period `json:"period"`
	// Rows: for each council in Data order, then all councils: the
	// assessment wait, then the two service waits for every service and
	// each service type.
	Rows  []WaitTimesRow `json:"rows"`
	Steps Steps          `json:"steps"`
	// Notes say what was changed rather than removed.
	Notes     []string         `json:"notes,omitempty"`
	ConfType  pathway.ConfType `json:"conf_type"`
	ConfLevel float64          `json:"conf_level"`
	// Suppressed and Suppression as for ASCOFTable.
	Suppressed  bool               `json:"suppressed"`
	Suppression disclosure.Options `json:"suppression"`
}

// waitServiceTypes are the service types of the service waits, in the
// order of STS001's hierarchy (which also picks the type when several
// services start on the same day).
var waitServiceTypes = []ServiceType{ServiceSTMax, ServiceLTNursing, ServiceLTResidential, ServiceLTCommunity,
	ServiceLTPrison, ServiceSTLowLevel, ServiceSTOther}

// waitTypeIndex is 1 + the position of s in waitServiceTypes, 0 when s is
// not a service type of the waits.
func waitTypeIndex(s ServiceType) int {
	for k, t := range waitServiceTypes {
		if t == s {
			return k + 1
		}
	}
	return 0
}

// waitGroup gathers one row's observations.
type waitGroup struct {
	times     []float64
	events    []bool
	completed []float64
}

// waitObs is one wait, compactly: in the Kaplan–Meier cohort, its days
// to the end event (event) or to its censoring; or, completed in the
// period, its days. typ is the service type index of the service that
// ended it (0: none, or the assessment wait).
type waitObs struct {
	council uint32
	days    int32
	typ     uint8
	event   bool
}

// waitObsOf builds an observation.
func waitObsOf(council uint32, days Date, typ int, event bool) waitObs {
	return waitObs{council: council, days: int32(max(days, 0)), typ: uint8(typ), event: event}
}

// byCouncil orders observations by council (counting sort) and returns,
// for each council c, its observations obs[off[c]:off[c+1]].
func waitByCouncil(obs []waitObs, councils int) ([]waitObs, []int) {
	off := make([]int, councils+1)
	for _, o := range obs {
		off[o.council+1]++
	}
	for c := 1; c <= councils; c++ {
		off[c] += off[c-1]
	}
	out := make([]waitObs, len(obs))
	next := append([]int(nil), off[:councils]...)
	for _, o := range obs {
		out[next[o.council]] = o
		next[o.council]++
	}
	return out, off
}

// WaitTimes measures waiting from Client Level Data for period p. The
// measures are not defined by NHS England's documents; this package
// defines them as follows, with the reasons.
//
// Rows: service users' rows of every import; the person rule on them;
// of each event's editions, the latest (requests by start and route,
// services by start, type, component and mechanism, assessments and
// reviews by start; imports up to ImportBy).
//
// Requests: a client's requests are clustered as STS001 clusters them
// (one starting no more than 4 days after the previous one ends, in order
// of start and end, an open one never ending); a cluster is one request
// for support, received on its earliest start date, with the outcome of
// its latest-ending request. A repeat request (a later cluster) starts a
// wait of its own, and ends the earlier one's: events on or after the
// next cluster's start belong to the next cluster. (Clustering makes a
// request recorded in several rows one wait; giving an assessment to the
// latest request before it never counts one assessment twice.)
//
// Ends: the request's assessment is the client's first assessment
// starting on or after the cluster's start and before the next cluster's;
// its service is the first service (long-term or short-term, not carers'
// support) starting in that span, of the type highest in STS001's
// hierarchy among those starting that day. The waits, in whole days:
//   - request to assessment: request received → assessment start;
//   - request to service: request received → service start;
//   - assessment to service: assessment end → service start (0 when the
//     service started before the assessment ended).
//
// Who waits: a request waits for an assessment if it has one, or if its
// outcome is blank (open) or says an assessment is next ("Progress to
// Assessment", "Progress to Re-assessment / Unplanned Review"); it waits
// for a service if it has one, or unless it or its assessment closed with
// an NFA outcome; an assessment waits for a service if the request does
// and the assessment has ended. (A request closed with signposting is not
// waiting: counting it as a wait censored at the period's end would
// lengthen every median.)
//
// Kaplan–Meier (pathway.KaplanMeier): the waits starting in the period
// (requests received in it; assessments ending in it). A wait ends when
// its end event falls on or before the period's end; otherwise it is
// censored at the earliest of the period's end, the person's death and
// the next request's start. By service type, a wait that ended in another
// type of service is censored when that service started (the
// cause-specific estimate of the time to that type, were the other types
// not to come first: read it beside "All services", since one minus it
// overstates the share of requests that end in that type). The median is
// R's (survfit) with its interval, undefined when the curve does not
// reach one half.
//
// Plain averages (as DHSC reports averages): the completed waits whose
// end event falls in the period, whenever they started; their number,
// mean and median (the middle value, or the mean of the two middle
// values), in days. They leave out everyone still waiting, so they
// understate waiting when many are; the Kaplan–Meier median does not.
func WaitTimes(d *Data, p Period, opt MeasureOptions) (*WaitTimesResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	return r.waitTimes()
}

func (r *run) waitTimes() (*WaitTimesResult, error) {
	d, p, opt := r.d, r.p, &r.opt
	res := &WaitTimesResult{Period: p, ConfType: opt.KM.ConfType, ConfLevel: opt.KM.ConfLevel}
	if res.ConfLevel == 0 {
		res.ConfLevel = 0.95
	}
	res.Steps.count("rows of the file", "rows", d.Len())
	set := filterRows(d, nil, &res.Steps,
		rowFilter{"client type is Service User", func(i int) bool { return d.ClientType[i] == ClientServiceUser }})
	cl := d.keyedClients(set, &res.Steps)
	set = nil
	ed := newEditions(r.imp, editRequests|editServices|editOthers)

	nt := len(waitServiceTypes) + 1
	// per wait: the Kaplan–Meier cohort and the completed waits
	var cohort, done [3][]waitObs
	var st editionStats
	var rows []int32
	var items []clusterItem
	var clusters, reqs, existing, noAssess, noService, beforeEnd, rowsIn int
	for c := 0; c < cl.Len(); c++ {
		council := cl.Council[c]
		rowsIn += len(cl.RowsOf(c))
		rows = ed.latest(d, cl.RowsOf(c), rows[:0], &st)
		items = items[:0]
		for _, i := range rows {
			if d.EventType[i] == EventRequest {
				end := d.End[i]
				if !end.Valid() {
					end = farFuture // an open request never ends
				}
				items = append(items, clusterItem{d.Start[i], end, i})
			}
		}
		if len(items) == 0 {
			continue
		}
		reqs += len(items)
		sortItems(items)
		death := d.Death[rows[0]]
		j := 0 // rows before j start before the current cluster
		for lo := 0; lo < len(items); {
			hi := islandEnd(items, lo, 4)
			cluster := items[lo:hi]
			lo = hi
			clusters++
			cs := cluster[0].start
			next := farFuture
			if hi < len(items) {
				next = items[hi].start
			}
			// the cluster's outcome: its latest-ending request's
			out, oe, rank := OutcomeBlank, Date(0), 100
			for _, x := range cluster {
				if o := d.Outcome[x.row]; x.end > oe || (x.end == oe && outcomeRank(o) < rank) {
					out, oe, rank = o, x.end, outcomeRank(o)
				}
			}
			if opt.NewClientsOnly {
				ongoing := false
				for _, i := range rows {
					if d.EventType[i] == EventService && d.ServiceType[i].LongTerm() && d.Start[i] <= cs && (!d.End[i].Valid() || cs <= d.End[i]) {
						ongoing = true
						break
					}
				}
				if ongoing {
					existing++
					continue
				}
			}
			// the request's assessment and service
			asm, svc := int32(-1), int32(-1)
			for j < len(rows) && d.Start[rows[j]] < cs {
				j++
			}
			for _, i := range rows[j:] {
				s := d.Start[i]
				if s >= next {
					break
				}
				switch {
				case d.EventType[i] == EventAssessment && asm < 0:
					asm = i
				case d.EventType[i] == EventService && waitTypeIndex(d.ServiceType[i]) > 0:
					if svc < 0 || (s == d.Start[svc] && waitTypeIndex(d.ServiceType[i]) < waitTypeIndex(d.ServiceType[svc])) {
						svc = i
					}
				}
			}
			// censoring: the period's end, death, the next request
			censor := min(p.End, next)
			if death.Valid() && death < censor {
				censor = death
			}
			// request to assessment
			if asm >= 0 || out == OutcomeBlank || out == OutcomeAssessment || out == OutcomeReassessment {
				if p.Contains(cs) {
					if asm >= 0 && d.Start[asm] <= p.End {
						cohort[0] = append(cohort[0], waitObsOf(council, d.Start[asm]-cs, 0, true))
					} else {
						cohort[0] = append(cohort[0], waitObsOf(council, censor-cs, 0, false))
					}
				}
				if asm >= 0 && p.Contains(d.Start[asm]) {
					done[0] = append(done[0], waitObsOf(council, d.Start[asm]-cs, 0, true))
				}
			} else {
				noAssess++
			}
			// request to service, assessment to service
			closed := out.NFA() || (asm >= 0 && d.End[asm].Valid() && d.Outcome[asm].NFA())
			if svc < 0 && closed {
				noService++
				continue
			}
			typ := 0
			if svc >= 0 {
				typ = waitTypeIndex(d.ServiceType[svc])
			}
			for w, clock := range [2]Date{cs, NoDate} {
				if w == 1 {
					if asm < 0 || !d.End[asm].Valid() {
						continue
					}
					clock = d.End[asm]
				}
				if p.Contains(clock) {
					if svc >= 0 && d.Start[svc] <= p.End {
						cohort[w+1] = append(cohort[w+1], waitObsOf(council, d.Start[svc]-clock, typ, true))
					} else {
						cohort[w+1] = append(cohort[w+1], waitObsOf(council, censor-clock, 0, false))
					}
				}
				if svc >= 0 && p.Contains(d.Start[svc]) {
					done[w+1] = append(done[w+1], waitObsOf(council, d.Start[svc]-clock, typ, true))
				}
				if w == 1 && svc >= 0 && d.Start[svc] < clock {
					beforeEnd++
				}
			}
		}
	}
	st.logTo(&res.Steps, "event", rowsIn)
	res.Steps.add("request rows grouped into requests (a request starting within 4 days of the previous one's end joins its cluster)", "request clusters", reqs, clusters)
	n := clusters
	res.Steps.add("new clients' requests only (NewClientsOnly): no long-term service open on the request's start", "request clusters", n, n-existing)
	n -= existing
	res.Steps.add("request to assessment: waiting for an assessment (one followed, or the request is open or its outcome says an assessment is next)", "request clusters", n, n-noAssess)
	res.Steps.add("request and assessment to service: waiting for a service (one followed, or neither the request nor its assessment closed with an NFA outcome)", "request clusters", n, n-noService)
	if beforeEnd > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d services started before their assessment ended: their assessment-to-service wait is 0 days", beforeEnd))
	}
	names := make([]string, nt)
	names[0] = WaitAllServices
	for k, t := range waitServiceTypes {
		names[k+1] = t.String()
	}
	waits := [3]string{WaitRequestToAssessment, WaitRequestToService, WaitAssessmentToService}
	// the observations of each wait by council
	var cohortOff, doneOff [3][]int
	for w := range 3 {
		cohort[w], cohortOff[w] = waitByCouncil(cohort[w], len(d.Councils))
		done[w], doneOff[w] = waitByCouncil(done[w], len(d.Councils))
	}
	var g waitGroup
	// emit adds the rows of one council (−1: all) from its observations:
	// for a service type, a wait ended by another type of service is
	// censored when that service started
	emit := func(council int, code, name string, cs, ds [3][]waitObs) error {
		for w := range 3 {
			for t := range nt {
				if w == 0 && t > 0 {
					break
				}
				r := WaitTimesRow{Council: council, Code: code, Name: name, Wait: waits[w]}
				if w > 0 {
					r.ServiceType = names[t]
				}
				g.times, g.events, g.completed = g.times[:0], g.events[:0], g.completed[:0]
				for _, o := range cs[w] {
					g.times = append(g.times, float64(o.days))
					g.events = append(g.events, o.event && (t == 0 || int(o.typ) == t))
				}
				for _, o := range ds[w] {
					if t == 0 || int(o.typ) == t {
						g.completed = append(g.completed, float64(o.days))
					}
				}
				if err := r.fill(&g, opt.KM); err != nil {
					return err
				}
				res.Rows = append(res.Rows, r)
			}
		}
		return nil
	}
	for c := range d.Councils {
		var cs, ds [3][]waitObs
		for w := range 3 {
			cs[w] = cohort[w][cohortOff[w][c]:cohortOff[w][c+1]]
			ds[w] = done[w][doneOff[w][c]:doneOff[w][c+1]]
		}
		if err := emit(c, d.Councils[c].Code, d.Councils[c].Name, cs, ds); err != nil {
			return nil, err
		}
	}
	if err := emit(-1, "", "All councils", cohort, done); err != nil {
		return nil, err
	}
	return res, nil
}

// fill computes a row's figures from its observations.
func (r *WaitTimesRow) fill(g *waitGroup, km pathway.KMOptions) error {
	r.Started = len(g.times)
	for _, e := range g.events {
		if e {
			r.Ended++
		}
	}
	r.Censored = r.Started - r.Ended
	none := undefined("no waits")
	r.Median, r.Lower, r.Upper = none, none, none
	if r.Started > 0 {
		f, err := pathway.KaplanMeier(g.times, g.events, km)
		if err != nil {
			return err
		}
		m := f.Median()
		r.Median = figureOf(m.Value, "the curve does not fall to one half")
		r.Lower = figureOf(m.Lower, "the lower limit is not reached")
		r.Upper = figureOf(m.Upper, "the upper limit is not reached")
	}
	r.Completed = len(g.completed)
	r.Mean, r.MedianOfEnded = none, none
	if r.Completed > 0 {
		s, err := pathway.SummariseWaits(g.completed, pathway.WaitOptions{})
		if err != nil {
			return err
		}
		r.Mean, r.MedianOfEnded = defined(s.Mean), defined(s.Median)
	}
	return nil
}

// Row returns the row of a council code ("" for all councils), wait and
// service type, or nil.
func (w *WaitTimesResult) Row(code, wait, serviceType string) *WaitTimesRow {
	for i := range w.Rows {
		r := &w.Rows[i]
		if r.Code == code && r.Wait == wait && r.ServiceType == serviceType {
			return r
		}
	}
	return nil
}

// Suppress returns a copy with small-number suppression applied to the
// counts, as every table of the package is suppressed (see
// Table.Suppress). For each wait, every count is a cell: the waits
// started at each council and at all councils (one count, whatever the
// service type, since every service type's row starts from the same
// waits), and for each service type the waits ended, still waiting
// (censored) and completed. The lines are the counts' sums: a row's
// ended and still waiting make its started (Started = Ended + Censored);
// the service types' ended, and their completed, make those of "All
// services"; and the councils' counts of one measure make the
// all-councils count. Small counts are hidden wherever they are, and no
// line is left with one hidden count, so an ended count of 1 is hidden
// even when its started count is not, and then so is another count of
// its line. Figures derived from hidden counts are hidden with them: the
// Kaplan–Meier median and its limits with any of started, ended and still
// waiting (MedianStatus), the mean and median of completed waits with
// their count.
func (w *WaitTimesResult) Suppress(opt disclosure.Options) (*WaitTimesResult, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := *w
	out.Rows = slices.Clone(w.Rows)
	out.Steps = slices.Clone(w.Steps)
	out.Notes = slices.Clone(w.Notes)
	out.Suppressed, out.Suppression = true, opt
	byWait := map[string][]int{}
	var waits []string
	for i, r := range out.Rows {
		if _, ok := byWait[r.Wait]; !ok {
			waits = append(waits, r.Wait)
		}
		byWait[r.Wait] = append(byWait[r.Wait], i)
	}
	for _, wait := range waits {
		if err := suppressWait(out.Rows, byWait[wait], opt); err != nil {
			return nil, fmt.Errorf("cld: suppressing the waits %s: %w", wait, err)
		}
	}
	return &out, nil
}

// suppressWait suppresses the rows of one wait (indices into rows).
func suppressWait(rows []WaitTimesRow, idx []int, opt disclosure.Options) error {
	var s suppression
	// the started count of a council: one cell for its rows (a count
	// published in several rows is one count; rows that disagree, as a
	// hand-made result might, are cells of their own)
	type startKey struct{ council, n int }
	started := map[startKey]int{}
	start, ended, censored, completed := make([]int, len(idx)), make([]int, len(idx)), make([]int, len(idx)), make([]int, len(idx))
	for j, i := range idx {
		r := &rows[i]
		k := startKey{r.Council, r.Started}
		c, ok := started[k]
		if !ok {
			c = s.cell(r.Started)
			started[k] = c
		}
		start[j] = c
		ended[j], censored[j], completed[j] = s.cell(r.Ended), s.cell(r.Censored), s.cell(r.Completed)
	}
	// Started = Ended + Censored, row by row
	for j := range idx {
		s.line([]int{ended[j], censored[j]}, start[j])
	}
	// the service types' ended and completed make All services'
	type rowKey struct {
		council int
		typ     string
	}
	var councils []int
	var types []string
	at := map[rowKey]int{} // council and service type → j
	for j, i := range idx {
		r := &rows[i]
		if !slices.Contains(councils, r.Council) {
			councils = append(councils, r.Council)
		}
		if !slices.Contains(types, r.ServiceType) {
			types = append(types, r.ServiceType)
		}
		at[rowKey{r.Council, r.ServiceType}] = j
	}
	for _, c := range councils {
		all, ok := at[rowKey{c, WaitAllServices}]
		if !ok {
			continue
		}
		var e, q []int
		for _, typ := range types {
			if j, ok := at[rowKey{c, typ}]; ok && typ != WaitAllServices {
				e, q = append(e, ended[j]), append(q, completed[j])
			}
		}
		if len(e) > 0 {
			s.line(e, ended[all])
			s.line(q, completed[all])
		}
	}
	// the councils' counts make all councils'
	done := map[string]bool{}
	for _, typ := range types {
		tot, ok := at[rowKey{-1, typ}]
		if !ok {
			continue
		}
		var st, e, z, q []int
		for _, c := range councils {
			if j, ok := at[rowKey{c, typ}]; ok && c >= 0 {
				st = append(st, start[j])
				e, z, q = append(e, ended[j]), append(z, censored[j]), append(q, completed[j])
			}
		}
		// the started line is the same for every service type
		if key := fmt.Sprint(st, start[tot]); !done[key] {
			done[key] = true
			s.line(st, start[tot])
		}
		s.line(e, ended[tot])
		s.line(z, censored[tot])
		s.line(q, completed[tot])
	}
	st, err := s.run(opt)
	if err != nil {
		return err
	}
	for j, i := range idx {
		r := &rows[i]
		r.StartedStatus, r.EndedStatus, r.CensoredStatus, r.CompletedStatus = st[start[j]], st[ended[j]], st[censored[j]], st[completed[j]]
	}
	return nil
}

// WaitTimesCSVHeader is the header of WaitTimesResult.WriteCSV, a long
// layout like the ASCOF one.
var WaitTimesCSVHeader = []string{"Geographical code", "Geographical description", "Wait", "Service type", "Measure type", "Measure value"}

// waitCols are the measure types of a wait (the columns of its Grids).
func (w *WaitTimesResult) waitCols() []string {
	pct := strconv.FormatFloat(100*w.ConfLevel, 'f', -1, 64)
	return []string{"Waits starting in the period", "Ended by the period end", "Still waiting (censored)",
		"Kaplan-Meier median (days)", "Median lower " + pct + "% limit (days)", "Median upper " + pct + "% limit (days)",
		"Completed waits ending in the period", "Mean completed wait (days)", "Median completed wait (days)"}
}

// cells returns a row's values as published: counts, and figures in days
// (hidden with the count they derive from).
func (w *WaitTimesResult) cells(r *WaitTimesRow, opt CSVOptions) []Cell {
	o, ms, cs := w.Suppression, r.MedianStatus(), r.CompletedStatus
	return []Cell{countCell(r.Started, r.StartedStatus, o), countCell(r.Ended, r.EndedStatus, o), countCell(r.Censored, r.CensoredStatus, o),
		figureCell(r.Median, ms, o, opt), figureCell(r.Lower, ms, o, opt), figureCell(r.Upper, ms, o, opt),
		countCell(r.Completed, cs, o), figureCell(r.Mean, cs, o, opt), figureCell(r.MedianOfEnded, cs, o, opt)}
}

func (w *WaitTimesResult) isSuppressed() bool { return w.Suppressed }

// Grids lays the waits out as report tables: one per council and one for
// all councils (code "All"), a row per wait and service type ("Request to
// service: Long Term Support: Community"), a column per measure type of
// WriteCSV, cells as it writes them.
func (w *WaitTimesResult) Grids(opt CSVOptions) ([]Grid, error) {
	w, err := prepare(w, opt)
	if err != nil {
		return nil, err
	}
	var gs []Grid
	cols := w.waitCols()
	last := -2 // the council of the last grid
	for i := range w.Rows {
		r := &w.Rows[i]
		if opt.AllOnly && r.Council >= 0 {
			continue
		}
		if r.Council != last {
			last = r.Council
			g := Grid{Measure: "Waiting times", Name: "Waiting times", Code: r.Code, Council: r.Name, RowHeader: "Wait", Cols: cols,
				Title: "Waits from request to assessment and to service, and from assessment to service, in days: Kaplan–Meier medians of the waits starting in the period and averages of those completed in it"}
			if r.Council < 0 {
				g.Code = "All"
			}
			gs = append(gs, g)
		}
		label := r.Wait
		if r.ServiceType != "" {
			label += ": " + r.ServiceType
		}
		gs[len(gs)-1].Rows = append(gs[len(gs)-1].Rows, GridRow{Label: label, Cells: w.cells(r, opt)})
	}
	return gs, nil
}

// WriteCSV writes the waits in a long layout (WaitTimesCSVHeader), one
// line per council, wait, service type and measure: waits started in the
// period, ended, censored, the Kaplan–Meier median and its limits, the
// completed waits ending in the period and their mean and median (days,
// opt.Decimals places). Undefined figures are written as the undefined
// mark; hidden ones as the suppression marks.
func (w *WaitTimesResult) WriteCSV(wr io.Writer, opt CSVOptions) error {
	w, err := prepare(w, opt)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(wr)
	if err := cw.Write(WaitTimesCSVHeader); err != nil {
		return err
	}
	cols := w.waitCols()
	for i := range w.Rows {
		r := &w.Rows[i]
		if opt.AllOnly && r.Council >= 0 {
			continue
		}
		code := r.Code
		if r.Council < 0 {
			code = "All"
		}
		for k, c := range w.cells(r, opt) {
			if err := cw.Write([]string{code, r.Name, r.Wait, r.ServiceType, cols[k], c.Text}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
