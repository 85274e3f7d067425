package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/pathway/cld"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// The pathway from CLD: the file's events converted into pathway records
// (cld.Data.Pathway: requests, assessments, services and reviews of
// service users, the latest edition of each event), joined by time
// (pathway.Join), and analysed as the Pathway section analyses the native
// files (pathwayOf): the waits from assessment completed to service
// start, here those starting in the period, censored at its end, compared
// across councils; and the planned cost of the services in the period.
//
// The persons are converted and joined in batches of about cldBatchRows
// rows (a person's rows are all in one batch, chosen by their person key),
// on every worker, so that only a few batches' records are in memory at
// once beside the file; a person's pathway depends on their own records
// only, so the batches give what one join of the whole file would.

// cldRecords accounts for the pathway records made from the file and what
// the join made of them.
type cldRecords struct {
	// Rows of the file: converted, or left out with the reason.
	Rows                 int `json:"rows"`
	Converted            int `json:"converted"`
	NotServiceUsers      int `json:"not_service_users"`
	NoPerson             int `json:"no_person"`
	FinancialAssessments int `json:"financial_assessments"`
	EarlierEditions      int `json:"earlier_editions"`
	// Events and services made of the converted rows, those the join
	// linked to a pathway, and the others by reason.
	Events         int           `json:"events"`
	EventsLinked   int           `json:"events_linked"`
	EventsLeftOut  []reasonCount `json:"events_left_out"`
	Services       int           `json:"services"`
	ServicesLinked int           `json:"services_linked"`
	ServicesOut    []reasonCount `json:"services_left_out"`
	Persons        int           `json:"persons"`

	eventsOut, servicesOut map[string]int
}

// moneySection is the planned cost of the services of the pathway from
// CLD in the period, by CLD service type: each service's weekly cost (unit
// cost × planned units a week, rounded to the penny:
// pathway.Service.PlannedWeeklyCost) × the days it is open in the period
// / 7, rounded to the penny, as pathway.CompareMoney counts it.
type moneySection struct {
	From   string     `json:"from"`
	To     string     `json:"to"`
	ByType []moneyRow `json:"by_service_type"`
	Total  moneyRow   `json:"total"`
	// NotOpen counts the services open on no day of the period.
	NotOpen int `json:"services_not_open_in_period"`
}

// moneyRow is one service type's planned cost. A row of fewer than 5
// persons (or hidden to protect another) is suppressed: its counts and
// money are null.
type moneyRow struct {
	ServiceType string `json:"service_type"`
	Persons     count  `json:"persons"`
	// Services open in the period with a cost (unit cost and planned
	// units), and without one (left out of the money).
	Services      count  `json:"services"`
	WithoutCost   count  `json:"services_without_cost"`
	Planned       string `json:"planned_in_period,omitempty"`
	PlannedLinked string `json:"planned_in_period_linked_to_a_pathway,omitempty"`
	MeanWeekly    string `json:"mean_weekly_per_service,omitempty"`
	Suppressed    bool   `json:"suppressed"`

	persons, services, withoutCost int
	planned, linked, weekly        decimal.Decimal
}

func (m *moneyRow) add(x *moneyRow) {
	m.persons += x.persons
	m.services += x.services
	m.withoutCost += x.withoutCost
	m.planned = m.planned.Add(x.planned)
	m.linked = m.linked.Add(x.linked)
	m.weekly = m.weekly.Add(x.weekly)
}

// cldPart is one batch's digest.
type cldPart struct {
	rec      cldRecords
	waits    []pathway.Wait
	ooo      int
	pathways int
	money    map[string]*moneyRow
	total    moneyRow
	notOpen  int
	stages   [len(cldStages)]stageWaits
	err      error
}

// cldStages are the pairs of pathway stages whose waits the pathway from
// CLD measures: the steps from request to service and the whole way.
var cldStages = [...][2]pathway.Stage{
	{pathway.StageRequest, pathway.StageAssessmentStart},
	{pathway.StageAssessmentStart, pathway.StageAssessmentEnd},
	{pathway.StageAssessmentEnd, pathway.StageServiceStart},
	{pathway.StageRequest, pathway.StageServiceStart},
}

// stageWaits are the waits of one pair of stages starting in the period,
// censored at its end or at closure: days and whether the wait ended, and
// those whose end is before their start (left out).
type stageWaits struct {
	days       []int32
	ended      []bool
	outOfOrder int
}

// stageRow is the Kaplan–Meier analysis of the waits between two stages
// of the pathway from CLD (JSON: null figures when undefined or hidden).
type stageRow struct {
	From       string   `json:"from"`
	To         string   `json:"to"`
	Waits      count    `json:"waits"`
	Ended      count    `json:"ended"`
	Censored   count    `json:"censored"`
	OutOfOrder int      `json:"out_of_order"`
	Median     *float64 `json:"median_days"`
	Lower      *float64 `json:"median_lower"`
	Upper      *float64 `json:"median_upper"`
	Within     *float64 `json:"km_within_target"`
	Suppressed bool     `json:"suppressed"`
}

// stagesOf fits Kaplan–Meier to each pair of stages. A pair with fewer
// than 5 waits, or fewer than 5 ended or censored, has its counts and
// figures hidden.
func stagesOf(st *[len(cldStages)]stageWaits) ([]stageRow, error) {
	var out []stageRow
	for k, pair := range cldStages {
		w := &st[k]
		r := stageRow{From: pair[0].String(), To: pair[1].String(), OutOfOrder: w.outOfOrder}
		n, ended := len(w.days), 0
		for _, e := range w.ended {
			if e {
				ended++
			}
		}
		hide := func(x int) bool { return x > 0 && x < disclosure.DefaultThreshold }
		if hide(n) || hide(ended) || hide(n-ended) {
			h := count{Hidden: true}
			r.Waits, r.Ended, r.Censored, r.Suppressed = h, h, h, true
			out = append(out, r)
			continue
		}
		r.Waits, r.Ended, r.Censored = count{N: n}, count{N: ended}, count{N: n - ended}
		if n > 0 {
			times := make([]float64, n)
			for i, d := range w.days {
				times[i] = float64(d)
			}
			fit, err := pathway.KaplanMeier(times, w.ended, pathway.KMOptions{})
			if err != nil {
				return nil, fmt.Errorf("%s to %s: %w", r.From, r.To, err)
			}
			m := fit.Median()
			r.Median, r.Lower, r.Upper = definedOrNil(m.Value), definedOrNil(m.Lower), definedOrNil(m.Upper)
			if p := fit.ProbWithin(targetDays); p.Defined() {
				v := report.Clean(p.Value)
				r.Within = &v
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// cldPathway converts, joins and analyses the pathway from CLD.
func cldPathway(ctx context.Context, d *cld.Data, per cld.Period, w, batchRows int) (*pathwaySection, error) {
	n := d.Len()
	batches := max(1, (n+batchRows-1)/batchRows)
	// A person's batch is chosen by their key (a row without one goes to
	// batch 0, to be counted once).
	batchOf := func(i int) int {
		k := d.Person[i]
		if k < 0 {
			return 0
		}
		return int(uint64(k) * 0x9e3779b97f4a7c15 >> 32 % uint64(batches))
	}
	// Council labels by code, as the person ids of the pathway start with
	// the council's code (its name when it has none).
	label := map[string]string{}
	for _, c := range d.Councils {
		id, name := c.Code, c.Name
		if id == "" {
			id = c.Name
		}
		if name == "" {
			name = c.Code
		}
		label[id] = name
	}
	rec := &cldRecords{Rows: n, eventsOut: map[string]int{}, servicesOut: map[string]int{}}
	var waits []pathway.Wait
	ooo, pathways := 0, 0
	money := map[string]*moneyRow{}
	var total moneyRow
	notOpen := 0
	var stages [len(cldStages)]stageWaits
	err := inOrder(ctx, w, func(k int) *cldPart {
		if k >= batches {
			return nil
		}
		return cldBatch(d, d.Filter(nil, func(i int) bool { return batchOf(i) == k }), per)
	}, func(k int, pt *cldPart) (bool, error) {
		if k >= batches {
			return false, nil
		}
		if pt.err != nil {
			return false, pt.err
		}
		r := &pt.rec
		rec.Converted += r.Converted
		rec.NotServiceUsers += r.NotServiceUsers
		rec.NoPerson += r.NoPerson
		rec.FinancialAssessments += r.FinancialAssessments
		rec.EarlierEditions += r.EarlierEditions
		rec.Events += r.Events
		rec.EventsLinked += r.EventsLinked
		rec.Services += r.Services
		rec.ServicesLinked += r.ServicesLinked
		rec.Persons += r.Persons
		for why, c := range r.eventsOut {
			rec.eventsOut[why] += c
		}
		for why, c := range r.servicesOut {
			rec.servicesOut[why] += c
		}
		waits = append(waits, pt.waits...)
		ooo += pt.ooo
		pathways += pt.pathways
		for t, m := range pt.money {
			if money[t] == nil {
				money[t] = &moneyRow{ServiceType: t}
			}
			money[t].add(m)
		}
		total.add(&pt.total)
		notOpen += pt.notOpen
		for k := range stages {
			stages[k].days = append(stages[k].days, pt.stages[k].days...)
			stages[k].ended = append(stages[k].ended, pt.stages[k].ended...)
			stages[k].outOfOrder += pt.stages[k].outOfOrder
		}
		return k+1 < batches, nil
	})
	if err != nil {
		return nil, err
	}
	rec.EventsLeftOut, rec.ServicesOut = reasonList(rec.eventsOut), reasonList(rec.servicesOut)
	s, err := pathwayOf(pathwayInput{
		waits: waits, outOfOrder: ooo, extract: per.End, pathways: pathways, from: per.Start, byCouncil: true,
		group: func(w *pathway.Wait) string { return label[councilOf(w)] },
	})
	if err != nil {
		return nil, err
	}
	s.Records = rec
	if s.Stages, err = stagesOf(&stages); err != nil {
		return nil, err
	}
	if s.Money, err = moneyOf(money, total, notOpen, per); err != nil {
		return nil, err
	}
	return s, nil
}

// reasonList is m as a list, most frequent first.
func reasonList(m map[string]int) []reasonCount {
	out := []reasonCount{}
	for _, r := range sortedReasons(m) {
		out = append(out, reasonCount{r, m[r]})
	}
	return out
}

// cldBatch converts and joins one batch of persons and digests the join.
func cldBatch(d *cld.Data, rows *cld.RowSet, per cld.Period) *cldPart {
	pd, err := d.Pathway(cld.PathwayOptions{Rows: rows})
	if err != nil {
		return &cldPart{err: err}
	}
	pt := &cldPart{money: map[string]*moneyRow{}}
	r := &pt.rec
	cr := pd.Report
	r.Converted, r.NotServiceUsers, r.NoPerson, r.FinancialAssessments, r.EarlierEditions =
		cr.Converted, cr.OtherClientType, cr.NoPerson, cr.FinancialAssessments, cr.Superseded
	r.Events, r.Services = len(pd.Events), len(pd.Services)
	j, err := pathway.Join(pd.Events, pd.Services, nil, pathway.JoinOptions{})
	if err != nil {
		return &cldPart{err: err}
	}
	r.eventsOut, r.servicesOut = map[string]int{}, map[string]int{}
	for _, x := range []struct {
		disp   []pathway.Disposition
		source pathway.Source
		linked *int
		out    map[string]int
	}{{j.EventDisposition, pathway.SourceEvents, &r.EventsLinked, r.eventsOut}, {j.ServiceDisposition, pathway.SourceServices, &r.ServicesLinked, r.servicesOut}} {
		why := map[int]string{}
		for _, is := range j.Report.Issues {
			if is.Source == x.source && is.Kind != pathway.IssueOutOfOrder {
				why[is.Index] = issueReason(is)
			}
		}
		for i, dp := range x.disp {
			if dp == pathway.Linked {
				*x.linked++
				continue
			}
			reason, ok := why[i]
			if !ok {
				reason = dp.String()
			}
			x.out[reason]++
		}
	}
	r.Persons = j.Report.Persons
	pt.pathways = len(j.Pathways)
	pt.waits, pt.ooo = j.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, func(p *pathway.Pathway) string {
		if p.ServiceType == pathway.ServiceUnknown {
			return groupAwaiting
		}
		return p.ServiceType.String()
	})

	// The waits between stages starting in the period, censored at its end.
	for k, pair := range cldStages {
		ws, ooo := j.Waits(pair[0], pair[1], nil)
		ws = slices.DeleteFunc(ws, func(w pathway.Wait) bool { return w.Start < per.Start || w.Start > per.End })
		times, ended, err := pathway.CensorWaits(ws, per.End, pathway.CalendarDays, nil)
		if err != nil {
			return &cldPart{err: err}
		}
		sw := &pt.stages[k]
		sw.outOfOrder = ooo
		sw.days = make([]int32, len(times))
		for i, t := range times {
			sw.days[i] = int32(t)
		}
		sw.ended = ended
	}

	// Money: each service's planned cost in the period.
	seven := decimal.NewFromInt(7)
	persons := map[string]map[string]bool{} // service type → persons
	all := map[string]bool{}
	for k := range pd.Services {
		s := &pd.Services[k]
		row := pd.ServiceRow[k]
		from, to := max(s.Start, per.Start), per.End
		if s.End.Valid() {
			to = min(to, s.End)
		}
		if to < from {
			pt.notOpen++
			continue
		}
		t := serviceTypeLabel(d.ServiceType[row])
		m := pt.money[t]
		if m == nil {
			m = &moneyRow{ServiceType: t}
			pt.money[t] = m
			persons[t] = map[string]bool{}
		}
		if !persons[t][s.PersonID] {
			persons[t][s.PersonID] = true
			m.persons++
		}
		if !all[s.PersonID] {
			all[s.PersonID] = true
			pt.total.persons++
		}
		if d.Flags[row]&cld.HasUnitCost == 0 || d.Flags[row]&cld.HasPlannedUnits == 0 {
			m.withoutCost++
			pt.total.withoutCost++
			continue
		}
		weekly := s.PlannedWeeklyCost()
		cost := weekly.Mul(decimal.NewFromInt(int64(to-from)+1)).DivRound(seven, 2)
		m.services++
		m.planned = m.planned.Add(cost)
		m.weekly = m.weekly.Add(weekly)
		if j.ServicePathway[k] >= 0 {
			m.linked = m.linked.Add(cost)
		}
	}
	for _, m := range pt.money {
		pt.total.services += m.services
		pt.total.planned = pt.total.planned.Add(m.planned)
		pt.total.linked = pt.total.linked.Add(m.linked)
		pt.total.weekly = pt.total.weekly.Add(m.weekly)
	}
	return pt
}

// serviceTypeLabel names a CLD service type for the money table.
func serviceTypeLabel(t cld.ServiceType) string {
	switch {
	case t.Valid():
		return t.String()
	case t == cld.ServiceBlank:
		return "not recorded"
	}
	return "not in the defined list"
}

// moneyOf publishes the planned cost by service type. Its three counts
// (persons, services with a cost, services without one) are each a column
// of counts whose total, the "all services" row, is a count too: the
// columns are suppressed together (disclosure.SuppressLines: small counts
// hidden, totals included, and none recoverable from a column's total).
// A row whose persons count is hidden has its other counts and its money
// hidden with it (what that hides besides is a count of 5 or more), and a
// row whose services count is hidden has its money hidden.
func moneyOf(money map[string]*moneyRow, total moneyRow, notOpen int, per cld.Period) (*moneySection, error) {
	ms := &moneySection{From: per.Start.String(), To: per.End.String(), NotOpen: notOpen}
	types := make([]string, 0, len(money))
	for t := range money {
		types = append(types, t)
	}
	slices.Sort(types)
	rows := make([]*moneyRow, 0, len(types)+1)
	for _, t := range types {
		rows = append(rows, money[t])
	}
	total.ServiceType = "all services"
	rows = append(rows, &total)
	n := len(rows) // the total is row n−1
	const persons, services, without = 0, 1, 2
	at := func(r, c int) int { return c*n + r }
	counts := make([]int, 3*n)
	for r, m := range rows {
		counts[at(r, persons)], counts[at(r, services)], counts[at(r, without)] = m.persons, m.services, m.withoutCost
	}
	var lines []disclosure.Line
	for c := range 3 {
		cells := make([]int, n-1)
		for r := range n - 1 {
			cells[r] = at(r, c)
		}
		lines = append(lines, disclosure.Line{Cells: cells, Total: at(n-1, c)})
	}
	l, err := disclosure.SuppressLines(counts, lines, disclosure.Options{})
	if err != nil {
		return nil, err
	}
	for r, m := range rows {
		p := *m
		p.publish(l.Hidden(at(r, persons)), l.Hidden(at(r, services)), l.Hidden(at(r, without)))
		if r < n-1 {
			ms.ByType = append(ms.ByType, p)
		} else {
			ms.Total = p
		}
	}
	return ms, nil
}

// publish fills the published fields: a hidden persons count hides the
// row; a hidden services count hides the row's money.
func (m *moneyRow) publish(persons, services, without bool) {
	h := count{Hidden: true}
	if persons {
		m.Persons, m.Services, m.WithoutCost, m.Suppressed = h, h, h, true
		return
	}
	m.Persons, m.Services, m.WithoutCost = count{N: m.persons}, count{N: m.services}, count{N: m.withoutCost}
	if without {
		m.WithoutCost = h
	}
	if services {
		// The money of a few services is close to one person's cost. A
		// row's money is hidden with its persons or its services, and
		// each column's rule hides two rows or none, so the money of a
		// hidden row cannot be found from the total either.
		m.Services, m.Suppressed = h, true
		return
	}
	m.Planned, m.PlannedLinked = m.planned.StringFixed(2), m.linked.StringFixed(2)
	if m.services > 0 {
		m.MeanWeekly = m.meanWeekly().StringFixed(2)
	}
}

// meanWeekly is the mean planned weekly cost of the services with a cost,
// rounded half away from zero to the penny.
func (m *moneyRow) meanWeekly() decimal.Decimal {
	if m.services == 0 {
		return decimal.Zero
	}
	return m.weekly.DivRound(decimal.NewFromInt(int64(m.services)), 2)
}
