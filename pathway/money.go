package pathway

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// MoneyOptions configures CompareMoney. The zero value counts from the
// first linked service start to the last date in the joined services and
// finance.
type MoneyOptions struct {
	// From and To bound the period, both days included, over which planned
	// cost and actual spend are counted. From zero: the earliest start of a
	// linked service. To zero: the latest start, end or payment period end
	// among the linked services and transactions (usually the extract
	// date, which is better given explicitly).
	From, To Date
}

// Validate checks the options.
func (o MoneyOptions) Validate() error {
	if o.From.Valid() && o.To.Valid() && o.To < o.From {
		return fmt.Errorf("%w: money period ends %v before it starts %v", ErrInvalidOptions, o.To, o.From)
	}
	return nil
}

// PersonMoney is one person's money along the pathway: the RAS estimate,
// the amount planned in commissioned services and the actual spend, weekly.
// Money is in pounds, rounded to pence (see CompareMoney).
type PersonMoney struct {
	PersonID string
	// HasEstimate: an estimate was given for the person; Estimate is the
	// weekly RAS estimate (zero when not given).
	HasEstimate bool
	Estimate    decimal.Decimal
	// ServiceDays is the number of days in the period on which at least
	// one of the person's linked services was open.
	ServiceDays int
	// Type is the service type with the largest planned cost in the period
	// (ServiceUnknown when none).
	Type ServiceType
	// Planned is the weekly planned cost while receiving services:
	// Σ over services of weekly planned cost × days open in the period,
	// divided by ServiceDays. Concurrent services add up; successive ones
	// are averaged by their days. Zero when ServiceDays is 0.
	Planned decimal.Decimal
	// Actual is the weekly equivalent of the actual spend: the linked
	// finance in the period × 7 / ServiceDays. Zero when ServiceDays is 0.
	Actual decimal.Decimal
	// PlannedTotal and ActualTotal are the planned cost and the actual
	// spend over the period (ActualTotal is kept when ServiceDays is 0).
	PlannedTotal, ActualTotal decimal.Decimal
	// Transactions counts the linked transactions overlapping the period.
	Transactions int

	est, planned, actual, plannedTotal, actualTotal int64 // pence
}

// Compared reports whether the person has an estimate and a service in the
// period, the persons whose differences are meaningful and whom the
// aggregate sums cover.
func (p *PersonMoney) Compared() bool { return p.HasEstimate && p.ServiceDays > 0 }

// PlannedMinusEstimate returns Planned − Estimate (weekly).
func (p *PersonMoney) PlannedMinusEstimate() decimal.Decimal { return p.Planned.Sub(p.Estimate) }

// ActualMinusPlanned returns Actual − Planned (weekly).
func (p *PersonMoney) ActualMinusPlanned() decimal.Decimal { return p.Actual.Sub(p.Planned) }

// ActualMinusEstimate returns Actual − Estimate (weekly).
func (p *PersonMoney) ActualMinusEstimate() decimal.Decimal { return p.Actual.Sub(p.Estimate) }

// MoneyComparison compares estimates, planned cost and actual spend, person
// by person and in total.
type MoneyComparison struct {
	// From and To are the period used (defaults filled in).
	From, To Date
	// Persons are everyone with an estimate or a linked service, sorted by
	// PersonID.
	Persons []PersonMoney
	// Total aggregates every person (never suppressed: see ByGroup).
	Total MoneyGroup
	// UnlinkedSpend is the spend in the period of transactions the join
	// could not link to a service (Unmatched; duplicates are left out),
	// and UnlinkedTransactions their number. It is in no person's Actual.
	UnlinkedSpend        decimal.Decimal
	UnlinkedTransactions int
}

// MoneyGroup aggregates PersonMoney rows. The money sums cover the Compared
// persons only (an estimate and a service in the period), so that estimate,
// planned and actual are compared over the same people; they are sums of
// weekly amounts: the group's weekly bill.
type MoneyGroup struct {
	Group string
	// Persons = Compared + EstimateOnly + ServiceOnly.
	Persons int
	// Compared: an estimate and a service in the period. EstimateOnly: an
	// estimate, no service (waiting, no further action, or self-funding).
	// ServiceOnly: a service but no estimate.
	Compared, EstimateOnly, ServiceOnly int
	// Estimate, Planned and Actual are the sums of the Compared persons'
	// weekly amounts, and the differences between them.
	Estimate, Planned, Actual                                     decimal.Decimal
	PlannedMinusEstimate, ActualMinusPlanned, ActualMinusEstimate decimal.Decimal
	// PlannedPerEstimate = Planned/Estimate and ActualPerPlanned =
	// Actual/Planned; NaN when the denominator is zero or the group is
	// hidden.
	PlannedPerEstimate, ActualPerPlanned float64
	// PlannedTotal and ActualTotal are the period totals over all the
	// group's persons.
	PlannedTotal, ActualTotal decimal.Decimal
	// Disclosure statuses of the three counts (set by ByGroup; Shown in
	// MoneyComparison.Total). When ComparedStatus is hidden every money
	// figure is hidden too (zero here; see Hidden).
	ComparedStatus, EstimateOnlyStatus, ServiceOnlyStatus disclosure.Status
}

// Hidden reports whether the group's money figures must not be published.
func (g *MoneyGroup) Hidden() bool { return g.ComparedStatus.Hidden() }

// MoneyTable is a suppressed table of money by group.
type MoneyTable struct {
	Rows []MoneyGroup // in byte order of the group labels
	// Total over all groups: published, so not suppressed.
	Total MoneyGroup
}

// pounds converts pence to a decimal amount in pounds, exactly.
func pounds(p int64) decimal.Decimal { return decimal.New(p, -2) }

// toPence converts an amount in pounds to pence, rounding half away from
// zero (decimal.Round). It is the only conversion of input money here.
func toPence(d decimal.Decimal) int64 {
	if e := d.Exponent(); e >= -2 && e <= 0 && d.NumDigits() <= 15 {
		// exact fast path: at most 15 digits, so the coefficient is an int64
		// and × 100 cannot overflow
		return d.CoefficientInt64() * [...]int64{1, 10, 100}[2+e]
	}
	return d.Round(2).Shift(2).IntPart()
}

// divRound returns a/b rounded half away from zero, for a >= 0, b > 0.
func divRound(a, b int64) int64 { return (2*a + b) / (2 * b) }

// EstimatesFromResults returns the weekly budgets (Result.Weekly, rounded by
// the model's rule) of RAS engine results by person ID, for CompareMoney.
// Results without a budget (logit models) are left out; a later result of a
// person replaces an earlier one.
func EstimatesFromResults(rs []ras.Result) map[string]decimal.Decimal {
	m := make(map[string]decimal.Decimal, len(rs))
	for i := range rs {
		if rs[i].HasBudget {
			m[rs[i].PersonID] = rs[i].Weekly()
		}
	}
	return m
}

// EstimatesFromAssessments returns the recorded estimates
// (Assessment.Estimate.Weekly) by person ID; assessments without one are
// left out and a later assessment of a person replaces an earlier one.
func EstimatesFromAssessments(as []ras.Assessment) map[string]decimal.Decimal {
	m := make(map[string]decimal.Decimal, len(as))
	for i := range as {
		if e := as[i].Estimate; e != nil {
			m[as[i].Person.ID] = e.Weekly
		}
	}
	return m
}

// CompareMoney compares, person by person, the weekly RAS estimate
// (estimates, by person ID, in pounds: see EstimatesFromResults), the
// weekly cost planned in the commissioned services the join linked
// (Service.PlannedWeeklyCost) and the actual spend in the finance the join
// linked to those services, over the period of opts.
//
// A service counts on the days it is open within the period (End missing:
// open to To). A transaction counts in full when its payment period lies
// within the period, else pro rata by days, rounded to pence. Weekly
// equivalents divide by the person's ServiceDays (see PersonMoney): the
// planned weekly cost is exact pence × days / days, the actual weekly
// equivalent pence × 7 / days, each rounded once to the penny, halves away
// from zero. Estimates are rounded to pence the same way. Duplicate records
// (see Join) are not counted; unmatched transactions are summed apart.
//
// Errors wrap ErrInvalidOptions (a nil join, bad options, a negative
// estimate).
func CompareMoney(j *JoinResult, estimates map[string]decimal.Decimal, opts MoneyOptions) (*MoneyComparison, error) {
	if j == nil {
		return nil, fmt.Errorf("%w: nil join result", ErrInvalidOptions)
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	for id, e := range estimates {
		if e.Sign() < 0 {
			return nil, fmt.Errorf("%w: estimate %s of %s is negative", ErrInvalidOptions, e, id)
		}
	}
	from, to := opts.From, opts.To
	if !from.Valid() || !to.Valid() {
		var lo, hi Date
		for i, s := range j.Services {
			if j.ServiceDisposition[i] != Linked {
				continue
			}
			if !lo.Valid() || s.Start < lo {
				lo = s.Start
			}
			hi = max(hi, s.Start, s.End)
		}
		for i, t := range j.Transactions {
			if j.FinanceDisposition[i] == Linked {
				hi = max(hi, t.PeriodEnd)
			}
		}
		if !from.Valid() {
			from = lo
		}
		if !to.Valid() {
			to = hi
		}
	}
	out := &MoneyComparison{From: from, To: to}

	// persons: estimates ∪ persons with linked services
	idx := make(map[string]int, len(estimates)+len(j.Services))
	add := func(id string) int {
		k, ok := idx[id]
		if !ok {
			k = len(out.Persons)
			idx[id] = k
			out.Persons = append(out.Persons, PersonMoney{PersonID: id})
		}
		return k
	}
	for id, e := range estimates {
		p := &out.Persons[add(id)]
		p.HasEstimate, p.est = true, toPence(e)
	}
	type span struct {
		person int
		b, e   Date
		weekly int64 // pence
		typ    ServiceType
	}
	var spans []span
	// txPerson[i] is the person of linked transaction i, found through its
	// service (-1: not found that way)
	txPerson := make([]int, len(j.Transactions))
	for i := range txPerson {
		txPerson[i] = -1
	}
	for i := range j.Services {
		s := &j.Services[i]
		if j.ServiceDisposition[i] != Linked {
			continue
		}
		k := add(s.PersonID)
		if i < len(j.ServiceFinance) {
			for _, x := range j.ServiceFinance[i] {
				if x >= 0 && x < len(txPerson) && j.Transactions[x].PersonID == s.PersonID {
					txPerson[x] = k
				}
			}
		}
		if !from.Valid() || !to.Valid() {
			continue
		}
		b, e := max(s.Start, from), to
		if s.End.Valid() {
			e = min(s.End, to)
		}
		if e < b {
			continue
		}
		spans = append(spans, span{person: k, b: b, e: e, weekly: toPence(s.PlannedWeeklyCost()), typ: s.Type})
	}
	for i := range j.Transactions {
		t := &j.Transactions[i]
		d := j.FinanceDisposition[i]
		if d == Duplicate || !from.Valid() || !to.Valid() {
			continue
		}
		k := -1
		if d == Linked {
			if k = txPerson[i]; k < 0 {
				k = add(t.PersonID)
			}
		}
		b, e := max(t.PeriodStart, from), min(t.PeriodEnd, to)
		if e < b {
			continue
		}
		a := toPence(t.Amount)
		if n := int64(t.PeriodEnd - t.PeriodStart + 1); int64(e-b+1) < n {
			a = divRound(a*int64(e-b+1), n)
		}
		if d == Unmatched {
			out.UnlinkedTransactions++
			out.UnlinkedSpend = out.UnlinkedSpend.Add(pounds(a))
			continue
		}
		p := &out.Persons[k]
		p.actualTotal += a
		p.Transactions++
	}
	// service days (union of spans) and planned cost per person
	slices.SortFunc(spans, func(x, y span) int {
		return cmp.Or(cmp.Compare(x.person, y.person), cmp.Compare(x.b, y.b))
	})
	var byType [8]int64
	for lo := 0; lo < len(spans); {
		hi := lo
		for hi < len(spans) && spans[hi].person == spans[lo].person {
			hi++
		}
		p := &out.Persons[spans[lo].person]
		byType = [8]int64{}
		var pd int64 // pence × days
		days := 0
		var curB, curE Date
		for _, s := range spans[lo:hi] {
			n := int64(s.e - s.b + 1)
			pd += s.weekly * n
			byType[s.typ&7] += s.weekly * n
			switch {
			case !curB.Valid():
				curB, curE = s.b, s.e
			case s.b > curE:
				days += int(curE - curB + 1)
				curB, curE = s.b, s.e
			default:
				curE = max(curE, s.e)
			}
		}
		days += int(curE - curB + 1)
		p.ServiceDays = days
		p.planned = divRound(pd, int64(days))
		p.plannedTotal = divRound(pd, 7)
		best := int64(-1)
		for t, c := range byType {
			if c > best {
				best, p.Type = c, ServiceType(t)
			}
		}
		lo = hi
	}
	for i := range out.Persons {
		p := &out.Persons[i]
		if p.ServiceDays > 0 {
			p.actual = divRound(p.actualTotal*7, int64(p.ServiceDays))
		}
		p.Estimate, p.Planned, p.Actual = pounds(p.est), pounds(p.planned), pounds(p.actual)
		p.PlannedTotal, p.ActualTotal = pounds(p.plannedTotal), pounds(p.actualTotal)
	}
	// sort by PersonID through an index: PersonMoney is large to swap
	order := make([]int32, len(out.Persons))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(out.Persons[x].PersonID, out.Persons[y].PersonID) })
	sorted := make([]PersonMoney, len(order))
	for i, k := range order {
		sorted[i] = out.Persons[k]
	}
	out.Persons = sorted
	out.Total = aggregateMoney("total", out.Persons)
	return out, nil
}

// aggregateMoney sums persons into a group row (unsuppressed), from their
// exported fields, so rows a caller filtered or built work too.
func aggregateMoney(label string, ps []PersonMoney) MoneyGroup {
	g := MoneyGroup{Group: label, Persons: len(ps)}
	var est, pl, act, plT, actT int64
	for i := range ps {
		p := &ps[i]
		plT += toPence(p.PlannedTotal)
		actT += toPence(p.ActualTotal)
		switch {
		case p.Compared():
			g.Compared++
			est += toPence(p.Estimate)
			pl += toPence(p.Planned)
			act += toPence(p.Actual)
		case p.HasEstimate:
			g.EstimateOnly++
		default:
			g.ServiceOnly++
		}
	}
	g.Estimate, g.Planned, g.Actual = pounds(est), pounds(pl), pounds(act)
	g.PlannedMinusEstimate, g.ActualMinusPlanned, g.ActualMinusEstimate = pounds(pl-est), pounds(act-pl), pounds(act-est)
	g.PlannedPerEstimate, g.ActualPerPlanned = math.NaN(), math.NaN()
	if est > 0 {
		g.PlannedPerEstimate = float64(pl) / float64(est)
	}
	if pl > 0 {
		g.ActualPerPlanned = float64(act) / float64(pl)
	}
	g.PlannedTotal, g.ActualTotal = pounds(plT), pounds(actT)
	return g
}

// ByGroup aggregates the persons by the label group gives them (for
// example their team, cohort, or p.Type.String()) and applies small-number
// suppression (package ras/disclosure, opts) to the table of counts
// Compared, EstimateOnly and ServiceOnly by group, whose row totals
// (Persons), column totals and grand total are published. A hidden count is
// set to 0 with its status; when Compared is hidden, every money figure of
// the row is hidden too (zero, ratios NaN). Persons is shown unless it is
// itself below the threshold (then 0; it can still be had from the total
// less the other rows, so merge such small groups). Rows are in byte
// order of the labels; Total is the unsuppressed total. Errors wrap
// ErrInvalidOptions (nil group) or come from ras/disclosure.
func (m *MoneyComparison) ByGroup(group func(p *PersonMoney) string, opts disclosure.Options) (*MoneyTable, error) {
	if group == nil {
		return nil, fmt.Errorf("%w: nil group function", ErrInvalidOptions)
	}
	members := map[string][]PersonMoney{}
	for i := range m.Persons {
		l := group(&m.Persons[i])
		members[l] = append(members[l], m.Persons[i])
	}
	labels := make([]string, 0, len(members))
	for l := range members {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	t := &MoneyTable{Rows: make([]MoneyGroup, len(labels)), Total: m.Total}
	counts := make([][]int, len(labels))
	for i, l := range labels {
		t.Rows[i] = aggregateMoney(l, members[l])
		r := &t.Rows[i]
		counts[i] = []int{r.Compared, r.EstimateOnly, r.ServiceOnly}
	}
	if len(labels) == 0 {
		return t, nil
	}
	thr := opts.Threshold
	if thr == 0 {
		thr = disclosure.DefaultThreshold
	}
	st, err := disclosure.SuppressTable(counts, opts)
	if err != nil {
		return nil, fmt.Errorf("pathway: suppressing the money table: %w", err)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.ComparedStatus, r.EstimateOnlyStatus, r.ServiceOnlyStatus = st.Status[i][0], st.Status[i][1], st.Status[i][2]
		if r.EstimateOnlyStatus.Hidden() {
			r.EstimateOnly = 0
		}
		if r.ServiceOnlyStatus.Hidden() {
			r.ServiceOnly = 0
		}
		if r.ComparedStatus.Hidden() {
			*r = MoneyGroup{Group: r.Group, Persons: r.Persons, EstimateOnly: r.EstimateOnly, ServiceOnly: r.ServiceOnly,
				PlannedPerEstimate: math.NaN(), ActualPerPlanned: math.NaN(),
				ComparedStatus: r.ComparedStatus, EstimateOnlyStatus: r.EstimateOnlyStatus, ServiceOnlyStatus: r.ServiceOnlyStatus}
		}
		if r.Persons > 0 && r.Persons < thr {
			r.Persons = 0 // a row total below the threshold is not published either
		}
	}
	return t, nil
}
