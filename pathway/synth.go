package pathway

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// SynthOptions configures Synthesize. The zero value simulates the 21 months
// of ras/synth's default assessment window (from 2023-04-01) with seed 0 and
// no planned amounts (service sizes are then drawn).
type SynthOptions struct {
	// Seed selects the ras/synth population: person i is
	// synth.Person(Seed, i). The pathway draws come from streams of their
	// own, seeded from Seed and the person's index. Use the seed the
	// assessments were generated with.
	Seed uint64
	// Start is the first day of the ras/synth assessment window
	// (synth.Options.Start); zero means synth.DefaultStart(), 2023-04-01.
	Start Date
	// Months is the length of the simulated period; zero means 21. The
	// extract date is Start plus Months months; nothing after it is
	// recorded. Requests can precede Start (they precede the assessment).
	Months int
	// ServiceChanges is the mean number of extra services (package changes)
	// per person who starts a long-term service; zero means 0.3.
	ServiceChanges float64
	// FinancePeriodDays is the length of one payment period; zero means 28.
	FinancePeriodDays int
	// Planned gives, by person ID, the weekly amount planned at assessment
	// (ras.Assessment.PlannedWeekly; see PlannedFromAssessments). A person
	// with an amount of zero gets no service (the assessment ends with "no
	// further action"); a person with an amount gets long-term services
	// costed close to it (see Synthesize). Persons not in the map get
	// service sizes drawn from the defaults of their service type. Nil
	// means none.
	Planned map[string]decimal.Decimal
}

// Validate checks the options.
func (o SynthOptions) Validate() error {
	if o.Months < 0 || o.Months > 1200 || !(o.ServiceChanges >= 0 && o.ServiceChanges <= 20) || o.FinancePeriodDays < 0 || o.FinancePeriodDays > 366 {
		return fmt.Errorf("%w: synth options Months %d, ServiceChanges %v, FinancePeriodDays %d", ErrInvalidOptions, o.Months, o.ServiceChanges, o.FinancePeriodDays)
	}
	for id, v := range o.Planned {
		if v.Sign() < 0 {
			return fmt.Errorf("%w: synth options: planned amount %s of %s is negative", ErrInvalidOptions, v, id)
		}
	}
	return nil
}

// Synthetic is a generated county's pathway data.
type Synthetic struct {
	Events       []Event
	Services     []Service
	Transactions []Transaction
	// Persons has one entry per person given to Synthesize, in order.
	Persons []SynthPerson
	// Start is the first day of the assessment window; Extract the extract
	// date (Start plus Months months).
	Start   Date
	Extract Date
}

// SynthPerson is what Synthesize used of one ras/synth person.
type SynthPerson struct {
	ID     string
	Index  int        // ras/synth person index
	Cohort ras.Cohort // cohort of the person's assessment
	// Team is the person's locality ("L01" to "L08"), used as the team.
	Team string
	// Assessed is the assessment date (synth.PersonFacts.AssessedOn):
	// the date of the assessment_end event.
	Assessed Date
	// Type is the type of the person's first service as planned at support
	// planning, known even when the service has not started by the extract
	// date (use it to group the waits of those still waiting);
	// ServiceUnknown after no further action.
	Type ServiceType
}

// PlannedFromAssessments returns the planned weekly amounts of assessments
// by person ID (the later assessment of a person wins), for
// SynthOptions.Planned. Assessments without a planned amount are left out.
func PlannedFromAssessments(as []ras.Assessment) map[string]decimal.Decimal {
	m := make(map[string]decimal.Decimal, len(as))
	for i := range as {
		if p := as[i].PlannedWeekly; p != nil {
			m[as[i].Person.ID] = *p
		}
	}
	return m
}

// teamFactor scales the waits of each locality (team), so that
// benchmarking has something to find: L03 and L08 are slow, L07 fast.
var teamFactor = map[string]float64{
	"L01": 1.0, "L02": 0.9, "L03": 1.5, "L04": 1.0, "L05": 0.85, "L06": 1.1, "L07": 0.7, "L08": 1.3,
}

// svcParams are a service type's wait (Weibull shape and scale in days,
// from assessment end to service start), default size (units a week and unit
// cost in pence) and provider name.
type svcParams struct {
	shape, scale float64
	units        float64
	cost         int64 // pence
	minCost      int64 // lowest weekly fee (pence) for care homes
	provider     string
}

var svcTable = map[ServiceType]svcParams{
	LongTermCommunity:   {1.1, 24, 10, 2450, 0, "Homecare"},
	LongTermResidential: {1.0, 38, 1, 95000, 70000, "Residential"},
	LongTermNursing:     {1.0, 45, 1, 118000, 90000, "Nursing"},
	ShortTermSTMax:      {1.3, 7, 8, 3100, 0, "Reablement"},
}

// Synthesize generates a seeded synthetic county's pathway data for
// ras/synth persons (ids of the form synth.PersonID(i); others are an error
// wrapping ErrInvalidOptions and synth.ErrInvalidID). Each person's records
// depend only on (Seed, id) and the options, not on the other ids or their
// order, and agree with the person's ras/synth facts:
//
//   - the assessment ends on the person's assessment date
//     (PersonFacts.AssessedOn(Start)), starts 0–3 weeks earlier, and the
//     request comes before that (Weibull wait, shape 1.2, scale 18 days ×
//     the team's factor);
//   - no further action ("NFA") when the planned amount is zero; otherwise
//     for 10% (self-funded 6%, support declined 4%), and in the continuing
//     healthcare cohort for a further 50% (100% NHS funded);
//   - otherwise a support plan and a first service by living setting:
//     nursing → long-term nursing, residential → long-term residential,
//     at home (alone or with family) residential care for a quarter of
//     those with severity above 0.85, else reablement (ST-Max) with
//     probability 0.45·(1 − severity) + 0.1; otherwise long-term community
//     support;
//   - the service starts after the assessment: Weibull waits (shape, scale
//     in days) community (1.1, 24), residential (1.0, 38), nursing (1.0, 45),
//     ST-Max (1.3, 7), scales × the team's factor (L01 1, L02 0.9, L03 1.5,
//     L04 1, L05 0.85, L06 1.1, L07 0.7, L08 1.3). Services starting after
//     the extract date are not recorded: those people are still waiting
//     (right-censored);
//   - long-term services are costed close to the planned weekly amount W:
//     community support at a provider's hourly rate (£24.50 × U(0.92,
//     1.10)) for W × N(1, 0.08) (clipped to 0.75–1.3) / rate hours a week,
//     in quarter hours from 1 to 168; care homes at 1 unit a week costing
//     W × N(1, 0.05) (clipped to 0.8–1.2), but not below a floor of £700
//     (residential) or £900 (nursing) × U(1, 1.1) a week; without W,
//     10 × U(0.5, 1.5) hours, or £950 and £1,180 × U(0.9, 1.1). ST-Max is
//     5–15 hours a week at £31 for 14–42 days, not related to W; 70% then
//     get long-term community support from the next day. A review follows
//     6–14 weeks after the first long-term service starts;
//   - package changes: a geometric number of further services (mean
//     ServiceChanges) replace the long-term one, each about 8% dearer;
//   - finance: one transaction per service per payment period up to the
//     extract date, planned weekly cost × days/7 × a delivery factor
//     (community N(0.95, 0.07) clipped to 0.6–1.15, with 3% of periods
//     unpaid, hospital stays; care homes 1, rising 4.5% at each 1 April
//     after the start, fee uplifts the services do not show; external
//     ST-Max N(0.9, 0.1) clipped to 0.5–1.2), rounded to pence half away
//     from zero. 60% of
//     ST-Max is in-house and has no finance. Each service's invoices lag
//     0–28 days, so periods ending in that lag before the extract date are
//     not yet paid.
//
// Dates after the extract date are not recorded. IDs are derived from the
// person ID (episode "E"+id, service "S"+digits+"-k", transaction
// "T"+digits+"-k-period"). Money: unit costs are whole pence and units
// quarter units, so Service.PlannedWeeklyCost is exact; each finance amount
// is worked out in float64 (a simulated draw, not an accounting step) and
// rounded once to pence, halves away from zero, then held as a decimal.
func Synthesize(personIDs []string, opts SynthOptions) (*Synthetic, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	start := opts.Start
	if !start.Valid() {
		start = fromRASDate(synth.DefaultStart())
	}
	months := opts.Months
	if months == 0 {
		months = 21
	}
	changes := opts.ServiceChanges
	if changes == 0 {
		changes = 0.3
	}
	period := opts.FinancePeriodDays
	if period == 0 {
		period = 28
	}
	y, m, d := start.YMD()
	extract := NewDate(y, m+time.Month(months), d)
	rasStart := ras.Date{Year: y, Month: m, Day: d}
	n := len(personIDs)
	out := &Synthetic{Start: start, Extract: extract, Persons: make([]SynthPerson, 0, n),
		Events: make([]Event, 0, 7*n), Services: make([]Service, 0, 3*n/2), Transactions: make([]Transaction, 0, n*max(4, months*10/period))}
	g := &personGen{opts: opts, extract: extract, rasStart: rasStart, changes: changes, period: period, out: out, class: map[string]OutcomeClass{}}
	g.r = rand.New(&g.pcg)
	for _, pid := range personIDs {
		idx, err := synth.PersonIndex(pid)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidOptions, err)
		}
		g.person(pid, idx)
	}
	return out, nil
}

// fromRASDate converts a ras.Date (NoDate for the zero one).
func fromRASDate(d ras.Date) Date {
	if d == (ras.Date{}) {
		return NoDate
	}
	return NewDate(d.Year, d.Month, d.Day)
}

// splitmix is the SplitMix64 finaliser, used to seed each person's stream.
func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// personGen holds the generator's state across persons.
type personGen struct {
	opts     SynthOptions
	extract  Date
	rasStart ras.Date
	changes  float64
	period   int
	out      *Synthetic
	pcg      rand.PCG
	r        *rand.Rand
	class    map[string]OutcomeClass // ClassifyOutcome of the few outcomes used
	// per person
	pid, digits, ep string
}

func (g *personGen) weib(shape, scale float64) int {
	return int(math.Ceil(scale * math.Pow(-math.Log(1-g.r.Float64()), 1/shape)))
}

func (g *personGen) ev(t EventType, at Date, outcome, sid string) bool {
	if at > g.extract {
		return false
	}
	c, ok := g.class[outcome]
	if !ok {
		c = ClassifyOutcome(outcome)
		g.class[outcome] = c
	}
	g.out.Events = append(g.out.Events, Event{PersonID: g.pid, Episode: g.ep, Type: t, Date: at, Outcome: outcome, Class: c, ServiceID: sid})
	return true
}

// errNoPlan marks a person without a planned amount.
var errNoPlan = errors.New("no plan")

// plannedPence returns the person's planned weekly amount in pence.
func (g *personGen) plannedPence() (int64, error) {
	v, ok := g.opts.Planned[g.pid]
	if !ok {
		return 0, errNoPlan
	}
	return v.Shift(2).Round(0).IntPart(), nil
}

func (g *personGen) person(pid string, idx int) {
	f := synth.Person(g.opts.Seed, idx)
	g.pcg.Seed(splitmix(g.opts.Seed^0x7061746877617931), splitmix(uint64(idx)+0x5eed))
	r := g.r
	g.pid, g.digits, g.ep = pid, pid[1:], "E"+pid
	tf := teamFactor[f.Locality]
	if tf == 0 {
		tf = 1
	}
	sp := SynthPerson{ID: pid, Index: idx, Cohort: f.Cohort, Team: f.Locality, Assessed: fromRASDate(f.AssessedOn(g.rasStart))}
	defer func() { g.out.Persons = append(g.out.Persons, sp) }()

	ae := sp.Assessed
	as := ae - Date(r.IntN(22))
	req := as - Date(g.weib(1.2, 18*tf))
	if !g.ev(EventRequest, req, "Progress to assessment", "") || !g.ev(EventAssessmentStart, as, "", "") {
		return
	}
	w, errPlan := g.plannedPence()
	u := r.Float64()
	outcome := ""
	switch {
	case errPlan == nil && w == 0:
		outcome = "NFA - Information and advice/Signposting only"
	case f.Cohort == ras.CohortCHC && u < 0.5:
		outcome = "NFA - 100% NHS funded care"
	case u < 0.56 && f.Cohort == ras.CohortCHC, u < 0.06 && f.Cohort != ras.CohortCHC:
		outcome = "NFA - Self-funded client (inc. 12wk disregard)"
	case u < 0.60 && f.Cohort == ras.CohortCHC, u < 0.10 && f.Cohort != ras.CohortCHC:
		outcome = "NFA - Support declined"
	}
	// first service type
	typ := LongTermCommunity
	switch f.Setting {
	case ras.SettingNursing:
		typ = LongTermNursing
	case ras.SettingResidential:
		typ = LongTermResidential
	default:
		home := f.Setting == ras.SettingHomeAlone || f.Setting == ras.SettingHomeFamily
		switch v := r.Float64(); {
		case home && f.Severity > 0.85 && v < 0.25:
			typ = LongTermResidential
		case home && v < 0.45*(1-f.Severity)+0.1:
			typ = ShortTermSTMax
		}
	}
	if outcome == "" {
		if typ == ShortTermSTMax {
			outcome = "Progress to reablement/ST-Max"
		} else {
			outcome = "Progress to support planning or services"
		}
	}
	if !g.ev(EventAssessmentEnd, ae, outcome, "") {
		return
	}
	g.ev(EventEligibility, ae, "", "")
	if ClassifyOutcome(outcome) == OutcomeNFA {
		return
	}
	sp.Type = typ
	wait := g.weib(svcTable[typ].shape, svcTable[typ].scale*tf)
	g.ev(EventSupportPlan, ae+Date(min(wait, g.weib(1.1, 5))), "", "")
	at := ae + Date(wait)
	k := 0
	if typ == ShortTermSTMax {
		k++
		end := at + Date(14+r.IntN(29))
		g.service(k, typ, at, end, 0, errNoPlan)
		if r.Float64() >= 0.7 {
			return
		}
		typ = LongTermCommunity
		at = end + 1
	}
	nsv := 1
	for r.Float64() < g.changes/(1+g.changes) {
		nsv++
	}
	uplift := 1.0
	for s := 0; s < nsv && at <= g.extract; s++ {
		var end Date
		last := s == nsv-1
		if !last {
			end = at + Date(30+r.IntN(240))
		} else if r.Float64() < 0.25 {
			end = at + Date(30+r.IntN(370))
		}
		k++
		g.service(k, typ, at, end, int64(math.Round(float64(w)*uplift)), errPlan)
		if s == 0 {
			g.ev(EventReview, at+Date(42+r.IntN(60)), "No change in package", "")
		}
		if !end.Valid() {
			break
		}
		at = end + 1
		uplift *= 1.08
	}
}

// service records service k of the current person with its start and end
// events and finance. w is the planned weekly pence (valid when errPlan is
// nil).
func (g *personGen) service(k int, typ ServiceType, at, end Date, w int64, errPlan error) {
	if at > g.extract {
		return
	}
	if end > g.extract {
		end = NoDate
	}
	r := g.r
	p := svcTable[typ]
	var units float64
	var cost int64 // pence per unit
	inHouse := false
	switch typ {
	case ShortTermSTMax:
		units = float64(5 + r.IntN(11))
		cost = p.cost
		inHouse = r.Float64() < 0.6
	case LongTermCommunity:
		cost = int64(math.Round(float64(p.cost) * (0.92 + 0.18*r.Float64())))
		if errPlan == nil {
			units = float64(w) * clamp(1+0.08*r.NormFloat64(), 0.75, 1.3) / float64(cost)
		} else {
			units = p.units * (0.5 + r.Float64())
		}
		units = clamp(math.Round(units*4)/4, 1, 168)
	default: // care homes
		units = 1
		if errPlan == nil {
			cost = int64(math.Round(float64(w) * clamp(1+0.05*r.NormFloat64(), 0.8, 1.2)))
		} else {
			cost = int64(math.Round(float64(p.cost) * (0.9 + 0.2*r.Float64())))
		}
		cost = max(cost, int64(math.Round(float64(p.minCost)*(1+0.1*r.Float64()))))
	}
	provider := p.provider + " " + strconv.Itoa(1+r.IntN(12))
	if inHouse {
		provider = "In-house reablement"
	}
	sid := "S" + g.digits + "-" + strconv.Itoa(k)
	units4 := int64(math.Round(units * 4)) // quarter units
	g.out.Services = append(g.out.Services, Service{ServiceID: sid, PersonID: g.pid, Episode: g.ep, Provider: provider,
		Type: typ, Start: at, End: end, PlannedUnitsPerWeek: decimal.New(units4*25, -2), UnitCost: decimal.New(cost, -2)})
	g.ev(EventServiceStart, at, "Provision of service", sid)
	if end.Valid() {
		g.ev(EventServiceEnd, end, "", sid)
	}
	if inHouse {
		return
	}
	// weekly planned cost in pence: units × cost, exact in quarter pence
	weekly := float64(units4*cost) / 4
	lag := Date(r.IntN(29))
	stop := g.extract
	if end.Valid() {
		stop = end
	}
	uplift := 1.0
	nextApril := g.nextApril(at)
	for n, ps := 1, at; ps <= stop; n, ps = n+1, ps+Date(g.period) {
		pe := min(ps+Date(g.period-1), stop)
		if pe > g.extract-lag {
			break // not invoiced yet
		}
		for typ.LongTerm() && typ != LongTermCommunity && ps >= nextApril {
			uplift *= 1.045
			nextApril = g.nextApril(nextApril + 1)
		}
		var factor float64
		switch typ {
		case LongTermCommunity:
			if r.Float64() < 0.03 {
				continue
			}
			factor = clamp(0.95+0.07*r.NormFloat64(), 0.6, 1.15)
		case ShortTermSTMax:
			factor = clamp(0.9+0.1*r.NormFloat64(), 0.5, 1.2)
		default:
			factor = uplift
		}
		amt := int64(math.Round(weekly * float64(pe-ps+1) / 7 * factor))
		g.out.Transactions = append(g.out.Transactions, Transaction{TransactionID: "T" + g.digits + "-" + strconv.Itoa(k) + "-" + strconv.Itoa(n),
			PersonID: g.pid, ServiceID: sid, PeriodStart: ps, PeriodEnd: pe, Amount: decimal.New(amt, -2)})
	}
}

// nextApril returns the first 1 April after d.
func (g *personGen) nextApril(d Date) Date {
	y, _, _ := d.YMD()
	a := NewDate(y, time.April, 1)
	if a <= d {
		a = NewDate(y+1, time.April, 1)
	}
	return a
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
