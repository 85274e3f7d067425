package cld

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// The waits of Data.WaitTimes.
const (
	WaitRequestToAssessment = "Request to assessment"
	WaitRequestToService    = "Request to service"
	WaitAssessmentToService = "Assessment to service"
	// WaitAllServices is the service type of the rows over every service.
	WaitAllServices = "All services"
)

// WaitTimesOptions configures Data.WaitTimes. The zero value uses every
// import, every service user's request and R's default Kaplan–Meier
// intervals (log-transformed, 95%).
type WaitTimesOptions struct {
	// ImportBy: of each event's editions, the latest among imports whose
	// calendar date is on or before ImportBy is used (NoDate: every
	// import).
	ImportBy Date
	// NewClientsOnly keeps the requests of new clients only: no long-term
	// service open on the request's start (the STS001 rule).
	NewClientsOnly bool
	// KM configures the Kaplan–Meier intervals.
	KM pathway.KMOptions
}

// WaitTimesRow is one wait at one council (or all councils) for one
// service type.
type WaitTimesRow struct {
	// Council indexes Data.Councils; −1 is all councils.
	Council int
	Code    string
	Name    string
	// Wait is WaitRequestToAssessment, WaitRequestToService or
	// WaitAssessmentToService.
	Wait string
	// ServiceType is "" for the assessment wait, otherwise WaitAllServices
	// or a service type's canonical name.
	ServiceType string

	// The Kaplan–Meier estimate over the waits starting in the period:
	// Started of them, Ended by the period's end, Censored still waiting
	// (Started = Ended + Censored); the median with its confidence limits
	// (undefined when the curve does not fall to one half).
	Started, Ended, Censored int
	Median, Lower, Upper     Figure

	// The plain averages of the completed waits ending in the period
	// (whenever they started): Completed of them, their mean and median,
	// in days.
	Completed           int
	Mean, MedianOfEnded Figure

	// StartedStatus and CompletedStatus say whether small-number
	// suppression (WaitTimesResult.Suppress) hides the counts; the figures
	// derived from a hidden count are hidden with it.
	StartedStatus, CompletedStatus disclosure.Status
}

// WaitTimesResult is the result of Data.WaitTimes.
type WaitTimesResult struct {
	Period Period
	// Rows: for each council in Data order, then all councils: the
	// assessment wait, then the two service waits for every service and
	// each service type.
	Rows  []WaitTimesRow
	Steps []ASCOFStep
	// Notes say what was changed rather than removed.
	Notes     []string
	ConfType  pathway.ConfType
	ConfLevel float64
	// Suppressed and Suppression as for ASCOFTable.
	Suppressed  bool
	Suppression disclosure.Options
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
func (d *Data) WaitTimes(p Period, opt WaitTimesOptions) (*WaitTimesResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := opt.KM.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}
	res := &WaitTimesResult{Period: p, ConfType: opt.KM.ConfType, ConfLevel: opt.KM.ConfLevel}
	if res.ConfLevel == 0 {
		res.ConfLevel = 0.95
	}
	set := ascofFilter(d, nil, []ascofRule{
		{"not a service user (Client_Type)", func(i int) bool { return d.ClientType[i] == ClientServiceUser }},
	}, &res.Steps)
	pk := ascofPersons(d, set, &res.Steps)
	cl := d.Clients(pk.Key)
	imp := newASCOFImports(d, opt.ImportBy)
	left := pk.Rows - pk.RemovedSeenWithNHS - pk.RemovedNoID

	nt := len(waitServiceTypes) + 1
	// per wait: the Kaplan–Meier cohort and the completed waits
	var cohort, done [3][]waitObs
	var st ascofEditionStats
	var rows, reqs []int32
	var clusters, existing, noAssess, noService, beforeEnd int
	for c := 0; c < cl.Len(); c++ {
		council := cl.Council[c]
		rows = imp.latest(d, cl.RowsOf(c), ascofEdRequests|ascofEdServices|ascofEdOthers, rows[:0], &st)
		reqs = reqs[:0]
		for _, i := range rows {
			if d.EventType[i] == EventRequest {
				reqs = append(reqs, i)
			}
		}
		if len(reqs) == 0 {
			continue
		}
		end := func(i int32) Date { return ascofEnd(d, i, NoDate) }
		slices.SortStableFunc(reqs, func(a, b int32) int {
			return cmp.Or(cmp.Compare(d.Start[a], d.Start[b]), cmp.Compare(end(a), end(b)))
		})
		death := d.Death[rows[0]]
		j := 0 // rows before j start before the current cluster
		for lo := 0; lo < len(reqs); {
			hi := lo + 1
			for hi < len(reqs) && end(reqs[hi-1]) >= d.Start[reqs[hi]].AddDays(-4) {
				hi++
			}
			cluster := reqs[lo:hi]
			lo = hi
			clusters++
			cs := d.Start[cluster[0]]
			next := ascofFar
			if hi < len(reqs) {
				next = d.Start[reqs[hi]]
			}
			// the cluster's outcome: its latest-ending request's
			out, oe, rank := OutcomeBlank, Date(0), 100
			for _, i := range cluster {
				if e := end(i); e > oe || (e == oe && ascofOutcomeRank(d.Outcome[i]) < rank) {
					out, oe, rank = d.Outcome[i], e, ascofOutcomeRank(d.Outcome[i])
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
	left -= st.earlier
	res.Steps = append(res.Steps,
		ASCOFStep{Step: "an earlier edition of an event (a later import has the same event)", Unit: "rows", Removed: st.earlier, Left: left},
		ASCOFStep{Step: "an event of an import after the cut-off", Unit: "rows", Removed: st.late, Left: left - st.late})
	n := clusters - existing
	res.Steps = append(res.Steps, ASCOFStep{Step: "requests of existing clients (NewClientsOnly)", Unit: "request clusters", Removed: existing, Left: n},
		ASCOFStep{Step: "request to assessment: closed without an assessment and not waiting for one", Unit: "request clusters", Removed: noAssess, Left: n - noAssess},
		ASCOFStep{Step: "request and assessment to service: closed with an NFA outcome before any service", Unit: "request clusters", Removed: noService, Left: n - noService})
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
// counts of waits started and completed: for each wait and service type,
// the councils' counts are suppressed as a list whose total (the
// all-councils row) is published. Figures derived from a hidden count
// (the median and its limits, the mean and median of completed waits) are
// hidden with it; Ended and Censored are hidden with Started.
func (w *WaitTimesResult) Suppress(opt disclosure.Options) (*WaitTimesResult, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := *w
	out.Rows = append([]WaitTimesRow(nil), w.Rows...)
	out.Suppressed, out.Suppression = true, opt
	type key struct{ wait, typ string }
	idx := map[key][]int{}
	var order []key
	for i, r := range out.Rows {
		if r.Council < 0 {
			continue
		}
		k := key{r.Wait, r.ServiceType}
		if _, ok := idx[k]; !ok {
			order = append(order, k)
		}
		idx[k] = append(idx[k], i)
	}
	for _, k := range order {
		for part := range 2 {
			counts := make([]int, len(idx[k]))
			for j, i := range idx[k] {
				counts[j] = out.Rows[i].Started
				if part == 1 {
					counts[j] = out.Rows[i].Completed
				}
			}
			l, err := disclosure.SuppressList(counts, opt)
			if err != nil {
				return nil, err
			}
			for j, i := range idx[k] {
				if part == 0 {
					out.Rows[i].StartedStatus = l.Status[j]
				} else {
					out.Rows[i].CompletedStatus = l.Status[j]
				}
			}
		}
	}
	return &out, nil
}

// WaitTimesCSVHeader is the header of WaitTimesResult.WriteCSV, a long
// layout like the ASCOF one.
var WaitTimesCSVHeader = []string{"Geographical code", "Geographical description", "Wait", "Service type", "Measure type", "Measure value"}

// WriteCSV writes the waits in a long layout (WaitTimesCSVHeader), one
// line per council, wait, service type and measure: waits started in the
// period, ended, censored, the Kaplan–Meier median and its limits, the
// completed waits ending in the period and their mean and median (days,
// one decimal place). Undefined figures are written as "undefined";
// hidden ones as the suppression marks.
func (w *WaitTimesResult) WriteCSV(wr io.Writer) error {
	cw := csv.NewWriter(wr)
	if err := cw.Write(WaitTimesCSVHeader); err != nil {
		return err
	}
	pct := strconv.FormatFloat(100*w.ConfLevel, 'f', -1, 64)
	mark := func(s disclosure.Status) string {
		m := w.Suppression.PrimaryMark
		if s == disclosure.Secondary {
			m = w.Suppression.SecondaryMark
		}
		if m == "" {
			m = "*"
		}
		return m
	}
	for i := range w.Rows {
		r := &w.Rows[i]
		code, name := r.Code, r.Name
		if r.Council < 0 {
			code = "All"
		}
		count := func(n int, s disclosure.Status) string {
			if s.Hidden() {
				return mark(s)
			}
			return strconv.Itoa(n)
		}
		fig := func(f Figure, s disclosure.Status) string {
			if s.Hidden() {
				return mark(s)
			}
			return f.String()
		}
		ss, cs := r.StartedStatus, r.CompletedStatus
		for _, mv := range [][2]string{
			{"Waits starting in the period", count(r.Started, ss)},
			{"Ended by the period end", count(r.Ended, ss)},
			{"Still waiting (censored)", count(r.Censored, ss)},
			{"Kaplan-Meier median (days)", fig(r.Median, ss)},
			{"Median lower " + pct + "% limit (days)", fig(r.Lower, ss)},
			{"Median upper " + pct + "% limit (days)", fig(r.Upper, ss)},
			{"Completed waits ending in the period", count(r.Completed, cs)},
			{"Mean completed wait (days)", fig(r.Mean, cs)},
			{"Median completed wait (days)", fig(r.MedianOfEnded, cs)},
		} {
			if err := cw.Write([]string{code, name, r.Wait, r.ServiceType, mv[0], mv[1]}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteStepsCSV writes the derivation steps as CSV.
func (w *WaitTimesResult) WriteStepsCSV(wr io.Writer) error { return writeStepsCSV(wr, w.Steps) }
