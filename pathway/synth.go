package pathway

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// SynthOptions configures Synthesize. The zero value simulates 21 months
// from 2024-04-01 with seed 0.
type SynthOptions struct {
	Seed uint64
	// Start is the first day requests can arrive; zero means 2024-04-01.
	Start Date
	// Months is the length of the simulated period; zero means 21. The
	// extract date is Start plus Months months; nothing after it is recorded.
	Months int
	// ServiceChanges is the mean number of extra services (package changes)
	// per person who starts a service; zero means 0.3.
	ServiceChanges float64
	// FinancePeriodDays is the length of one payment period; zero means 28.
	FinancePeriodDays int
}

// Validate checks the options.
func (o SynthOptions) Validate() error {
	if o.Months < 0 || o.Months > 1200 || o.ServiceChanges < 0 || o.ServiceChanges > 20 || o.FinancePeriodDays < 0 {
		return fmt.Errorf("%w: synth options %+v", ErrInvalidOptions, o)
	}
	return nil
}

// Synthetic is a generated county's pathway data.
type Synthetic struct {
	Events       []Event
	Services     []Service
	Transactions []Transaction
	Start        Date
	Extract      Date
}

// serviceMix: CLD service types, their probability, Weibull wait from
// assessment end to service start (shape, scale days), planned units per
// week and unit cost (pounds).
var serviceMix = []struct {
	t            ServiceType
	p            float64
	shape, scale float64
	units        float64
	cost         int64 // pence
	provider     string
}{
	{LongTermCommunity, 0.52, 1.1, 24, 10, 2450, "Homecare"},
	{LongTermResidential, 0.14, 1.0, 38, 1, 95000, "Residential"},
	{LongTermNursing, 0.08, 1.0, 45, 1, 118000, "Nursing"},
	{ShortTermSTMax, 0.26, 1.3, 7, 7, 3100, "Reablement"},
}

// Synthesize generates a seeded synthetic county for the given people
// (for example ras/synth person IDs): one pathway per person with a request
// arriving uniformly over the period, assessment, eligibility decision (20%
// no further action), support plan, services by CLD type with Weibull waits
// (community, residential, nursing, ST-Max), reviews, and finance
// transactions for each service period up to the extract date. Dates after
// the extract date are not recorded, so open waits are censored there. The
// same seed and people give the same data. Money is exact: planned cost ×
// days/7 rounded to pence.
func Synthesize(personIDs []string, opts SynthOptions) (*Synthetic, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	start := opts.Start
	if !start.Valid() {
		start = NewDate(2024, 4, 1)
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
	r := rand.New(rand.NewPCG(opts.Seed, 0x70617468776179))
	weib := func(shape, scale float64) int {
		return int(math.Ceil(scale * math.Pow(-math.Log(1-r.Float64()), 1/shape)))
	}
	out := &Synthetic{Start: start, Extract: extract}
	span := int(extract - start)
	svN := 0
	txN := 0
	for _, pid := range personIDs {
		ep := "E" + pid
		ev := func(t EventType, at Date, outcome string, sid string) bool {
			if at > extract {
				return false
			}
			out.Events = append(out.Events, Event{PersonID: pid, Episode: ep, Type: t, Date: at, Outcome: outcome, Class: ClassifyOutcome(outcome), ServiceID: sid})
			return true
		}
		req := start + Date(r.IntN(span))
		if !ev(EventRequest, req, "Progress to assessment", "") {
			continue
		}
		as := req + Date(weib(1.2, 18))
		if !ev(EventAssessmentStart, as, "", "") {
			continue
		}
		ae := as + Date(1+weib(1, 10))
		nfa := r.Float64() < 0.2
		outcome := "Progress to support planning or services"
		if nfa {
			outcome = "NFA - Support declined"
		}
		if !ev(EventAssessmentEnd, ae, outcome, "") {
			continue
		}
		ev(EventEligibility, ae, "", "")
		if nfa {
			continue
		}
		ev(EventSupportPlan, ae+Date(weib(1.1, 6)), "", "")
		// main service
		u := r.Float64()
		k := 0
		for acc := serviceMix[0].p; u > acc && k < len(serviceMix)-1; {
			k++
			acc += serviceMix[k].p
		}
		nsv := 1
		for r.Float64() < changes/(1+changes) {
			nsv++
		}
		at := ae + Date(weib(serviceMix[k].shape, serviceMix[k].scale))
		for s := 0; s < nsv && at <= extract; s++ {
			mx := serviceMix[k]
			svN++
			sid := "S" + strconv.Itoa(svN)
			var end Date
			if mx.t == ShortTermSTMax {
				end = at + Date(14+r.IntN(29))
			} else if r.Float64() < 0.3 {
				end = at + Date(30+r.IntN(300))
			}
			if end > extract {
				end = NoDate
			}
			units := decimal.NewFromFloat(mx.units * (0.5 + r.Float64())).Round(1)
			cost := decimal.New(mx.cost, -2)
			out.Services = append(out.Services, Service{ServiceID: sid, PersonID: pid, Episode: ep, Provider: mx.provider + " " + strconv.Itoa(1+r.IntN(12)),
				Type: mx.t, Start: at, End: end, PlannedUnitsPerWeek: units, UnitCost: cost})
			ev(EventServiceStart, at, "Provision of service", sid)
			if end.Valid() {
				ev(EventServiceEnd, end, "", sid)
			}
			if s == 0 {
				ev(EventReview, at+Date(42+r.IntN(60)), "No change in package", "")
			}
			// finance
			weekly := units.Mul(cost)
			stop := extract
			if end.Valid() {
				stop = end
			}
			for p := at; p <= stop; p += Date(period) {
				pe := min(p+Date(period-1), stop)
				days := int64(pe - p + 1)
				amt := weekly.Mul(decimal.NewFromInt(days)).Div(decimal.NewFromInt(7)).Round(2)
				txN++
				out.Transactions = append(out.Transactions, Transaction{TransactionID: "T" + strconv.Itoa(txN), PersonID: pid, ServiceID: sid,
					PeriodStart: p, PeriodEnd: pe, Amount: amt})
			}
			// next service: a package change some weeks later, often to community support
			if end.Valid() {
				at = end + Date(1+r.IntN(7))
			} else {
				at = at + Date(30+r.IntN(120))
			}
			if r.Float64() < 0.7 {
				k = 0
			}
		}
	}
	return out, nil
}
