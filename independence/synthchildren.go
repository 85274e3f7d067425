package independence

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// Default parameters of the synthetic children's reassessments (see
// SynthChildOptions and the package documentation, section "Synthetic
// children").
const (
	defaultChildMaxAssessments = 5
	defaultChildIntervalDays   = 365
	defaultChildMinAge         = 0.5
	defaultChildDeclineShare   = 0.10
	// DefaultChildItemAge is the half-way age (years) of an item that
	// SynthChildOptions.ItemAges does not list.
	DefaultChildItemAge = 6.0
)

// Fixed coefficients of the developmental model (documented in
// SynthChildOptions).
const (
	childDelayPerSeverity = 1.5  // half-way age × (1 + 1.5·severity)
	childPlateauLoss      = 0.9  // plateau 1 − 0.9·severity²
	childWidthShare       = 0.25 // logistic scale = 0.25 × half-way age
	childPaceSD           = 0.15 // child's pace: half-way ages × exp(N(0, 0.15²))
	childItemSD           = 0.06 // persistent per-item offset, fraction scale
	childNoiseSD          = 0.04 // per-assessment noise, fraction scale
	childDropMin          = 0.25 // decline size U(0.25, 0.5), fraction scale
	childDropMax          = 0.50
)

// DefaultChildItemAges returns the default half-way ages by item code: the
// age in years at which a typically developing child is half-way to full
// independence in the activity. They cover the items of personal-care-4,
// barthel-100/barthel-20 and seven-level-18. The values are approximate,
// set for realism after the order in which children take over self-care
// (feeding and toileting first, then dressing, then washing, then the
// riskier tasks of keeping safe at home; WeeFIM self-care plateaus near six
// years, and PEDI-CAT puts full responsibility for riskier tasks at 10–15
// years); they are not norms.
func DefaultChildItemAges() map[string]float64 {
	return map[string]float64{
		// personal-care-4
		"nutrition": 3.5, "toilet": 3.5, "clothing": 5, "hygiene": 7, "home_safety": 9,
		// barthel-100, barthel-20
		"feeding": 3, "bowels": 2.5, "bladder": 3, "toilet_use": 3.5, "dressing": 5,
		"grooming": 5.5, "bathing": 7, "transfers": 2, "mobility": 1.5, "stairs": 3,
		// seven-level-18
		"eating": 3, "dressing_upper": 4.5, "dressing_lower": 5, "toileting": 3.5, "bowel": 2.5,
		"transfer_bed_chair": 2, "transfer_toilet": 2.5, "transfer_bath": 4, "locomotion": 1.5,
		"comprehension": 3, "expression": 3.5, "social_interaction": 4, "problem_solving": 6, "memory": 5,
	}
}

// SynthChildOptions configure SynthChild and SynthChildren. The zero value
// means the defaults, given field by field.
//
// The developmental model. For a child with ras/synth latent severity s in
// (0, 1) (synth.PersonFacts.Severity) and an item with half-way age h
// (ItemAges), the child's fraction of full independence at age a years is
//
//	f(a) = P / (1 + exp(−(a − H)/W)) + e − d(a) + ε
//	H = h·(1 + 1.5·s)·exp(0.15·z),  W = 0.25·H,  P = max(1 − 0.9·s², 0.05)
//
// where z ~ N(0, 1) is the child's pace (shared by all items), e ~ N(0,
// 0.06²) a persistent offset per item, ε ~ N(0, 0.04²) fresh noise per
// assessment and item, and d(a) the decline: 0, or, for a child given one,
// a drop U(0.25, 0.5) applied to every item from one reassessment on (a
// worsening condition; no recovery). The level is the item's level at index
// round(f·(K − 1)), clamped to 0…K − 1, for an item with K levels. So
// independence rises along a logistic curve towards a plateau; more severe
// needs delay it (by up to 2.5 times the typical age) and lower its
// plateau. The coefficients are invented for realism, not fitted.
type SynthChildOptions struct {
	// Instrument rates the reassessments. Default Builtin("personal-care-4").
	Instrument *Instrument
	// Start is the first day of ras/synth's assessment window. A child's
	// last reassessment falls on their ras/synth assessment date,
	// PersonFacts.AssessedOn(Start), at their ras/synth age. Default
	// synth.DefaultStart() (2023-04-01).
	Start ras.Date
	// MaxAssessments: each child is given 1 to MaxAssessments
	// reassessments (uniformly), fewer if they were too young for the
	// earlier ones. Default 5.
	MaxAssessments int
	// IntervalDays is the nominal time between reassessments; each
	// interval is IntervalDays ± IntervalDays/8 days (uniform), a weekend
	// date moved to the Monday. Default 365.
	IntervalDays int
	// MinAgeYears: no reassessment before this age. Default 0.5.
	MinAgeYears float64
	// DeclineShare is the probability that a child with two or more
	// reassessments has a decline between two of them (see above).
	// Default 0.10; negative means none.
	DeclineShare float64
	// ItemAges gives the half-way age in years by item code. Items not
	// listed use DefaultChildItemAge (6). Default DefaultChildItemAges().
	ItemAges map[string]float64
}

// Validate checks the options' fields. Errors are *FieldError values
// unwrapping to ErrInvalidOptions.
func (o SynthChildOptions) Validate() error {
	var errs []error
	bad := func(path, format string, args ...any) {
		errs = append(errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidOptions})
	}
	if o.Instrument != nil {
		if _, err := o.Instrument.index(); err != nil {
			bad("instrument", "not a valid instrument: %v", trimPkg(err))
		}
	}
	if o.MaxAssessments < 0 || o.MaxAssessments > 100 {
		bad("max_assessments", "must be 0 (default) to 100, got %d", o.MaxAssessments)
	}
	if o.IntervalDays < 0 || o.IntervalDays > 3660 {
		bad("interval_days", "must be 0 (default) to 3660, got %d", o.IntervalDays)
	}
	if !finite(o.MinAgeYears) || o.MinAgeYears < 0 || o.MinAgeYears >= 18 {
		bad("min_age_years", "must be finite, >= 0 and < 18, got %v", o.MinAgeYears)
	}
	if !finite(o.DeclineShare) || o.DeclineShare > 1 {
		bad("decline_share", "must be finite and at most 1, got %v", o.DeclineShare)
	}
	for _, k := range sortedKeys(o.ItemAges) {
		if v := o.ItemAges[k]; !finite(v) || v <= 0 || v > 100 {
			bad("item_ages."+k, "must be finite, > 0 and <= 100, got %v", v)
		}
	}
	return errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// childGen is SynthChildOptions with the defaults filled in.
type childGen struct {
	in       *Instrument
	ix       *instrumentIndex
	start    ras.Date
	maxN     int
	interval int
	minAge   float64
	decline  float64
	halfAge  []float64 // per item of in
}

func newChildGen(opt SynthChildOptions) (*childGen, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	g := &childGen{in: opt.Instrument, start: opt.Start, maxN: opt.MaxAssessments, interval: opt.IntervalDays,
		minAge: opt.MinAgeYears, decline: opt.DeclineShare}
	if g.in == nil {
		in, err := Builtin("personal-care-4")
		if err != nil {
			return nil, err
		}
		g.in = in
	}
	ix, err := g.in.index()
	if err != nil {
		return nil, err
	}
	g.ix = ix
	if g.start.IsZero() {
		g.start = synth.DefaultStart()
	}
	if g.maxN == 0 {
		g.maxN = defaultChildMaxAssessments
	}
	if g.interval == 0 {
		g.interval = defaultChildIntervalDays
	}
	if g.minAge == 0 {
		g.minAge = defaultChildMinAge
	}
	switch {
	case g.decline == 0:
		g.decline = defaultChildDeclineShare
	case g.decline < 0:
		g.decline = 0
	}
	ages := opt.ItemAges
	if ages == nil {
		ages = DefaultChildItemAges()
	}
	g.halfAge = make([]float64, len(g.in.Items))
	for k, it := range g.in.Items {
		h, ok := ages[it.Code]
		if !ok {
			h = DefaultChildItemAge
		}
		g.halfAge[k] = h
	}
	return g, nil
}

// ChildSeries is one synthetic child's reassessments, with the truth
// behind them.
type ChildSeries struct {
	Index    int    // ras/synth person index
	PersonID string // synth.PersonID(Index), the pseudonymous key
	BornOn   time.Time
	Locality string
	// Severity is the person's ras/synth latent severity in (0, 1).
	Severity float64
	// Pace is the child's pace z ~ N(0, 1): positive is slower (half-way
	// ages × exp(0.15·z)).
	Pace float64
	// DeclineAt is the index in Assessments of the first reassessment after
	// the child's decline, or −1 if the child was given none; Drop is its
	// size on the 0–1 scale of fractions of full independence (0 if none).
	DeclineAt int
	Drop      float64
	// Assessments are the reassessments in increasing date order, on the
	// instrument of the options, with level codes; the last is on the
	// child's ras/synth assessment date. Their levels come from the
	// developmental model of SynthChildOptions, not from
	// synth.PersonFacts.Independence (ras/synth's own cross-sectional
	// snapshot, which depends on age only below five), so the two differ.
	Assessments []Assessment
}

// SynthChild returns the reassessments of ras/synth person i under seed
// (persons are synth.Person(seed, i)). ok is false, and the series zero,
// when the person is not in the children's cohort. The result depends only
// on seed, i and the options. Errors: invalid options (ErrInvalidOptions)
// or a negative i (ErrInvalidValue).
func SynthChild(seed uint64, i int, opt SynthChildOptions) (s ChildSeries, ok bool, err error) {
	if i < 0 {
		return ChildSeries{}, false, fmt.Errorf("independence: SynthChild: person index %d: %w", i, ErrInvalidValue)
	}
	g, err := newChildGen(opt)
	if err != nil {
		return ChildSeries{}, false, err
	}
	p := synth.Person(seed, i)
	if p.Cohort != ras.CohortChildren {
		return ChildSeries{}, false, nil
	}
	return g.series(seed, &p), true, nil
}

// SynthChildren returns the reassessments of every child among ras/synth
// persons 0 to n−1 under seed, in person order. Each series is exactly
// SynthChild's for that person. About one person in ten is a child
// (ras/synth's cohort shares).
func SynthChildren(seed uint64, n int, opt SynthChildOptions) ([]ChildSeries, error) {
	if n < 0 {
		return nil, fmt.Errorf("independence: SynthChildren: n = %d: %w", n, ErrInvalidValue)
	}
	g, err := newChildGen(opt)
	if err != nil {
		return nil, err
	}
	var out []ChildSeries
	for p := range synth.Persons(seed, n) {
		if p.Cohort == ras.CohortChildren {
			out = append(out, g.series(seed, &p))
		}
	}
	return out, nil
}

// ChildAssessments returns the assessments of all series in order (each
// child's in date order), ready for Instrument.ScoreAll.
func ChildAssessments(series []ChildSeries) []Assessment {
	n := 0
	for i := range series {
		n += len(series[i].Assessments)
	}
	out := make([]Assessment, 0, n)
	for i := range series {
		out = append(out, series[i].Assessments...)
	}
	return out
}

// childStream salts the seed of the children's random stream, so that it
// differs from ras/synth's own streams for the same person.
const childStream = 0x6368696c64726e31 // "childrn1"

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *childGen) series(seed uint64, p *synth.PersonFacts) ChildSeries {
	r := rand.New(rand.NewPCG(splitmix64(seed^childStream), splitmix64(uint64(p.Index)+childStream)))
	born := p.BornOn(g.start)
	s := ChildSeries{Index: p.Index, PersonID: p.ID, BornOn: born.Time(), Locality: p.Locality,
		Severity: p.Severity, DeclineAt: -1}

	// Per-child draws, in a fixed order.
	s.Pace = r.NormFloat64()
	want := 1 + r.IntN(g.maxN)
	declines := r.Float64() < g.decline
	uAt := r.Float64()
	drop := childDropMin + (childDropMax-childDropMin)*r.Float64()
	nItems := len(g.in.Items)
	offset := make([]float64, nItems)
	for k := range offset {
		offset[k] = childItemSD * r.NormFloat64()
	}

	// Dates, backwards from the ras/synth assessment date.
	dates := []ras.Date{p.AssessedOn(g.start)}
	jit := g.interval / 8
	for len(dates) < want {
		d := dates[len(dates)-1].AddDays(-(g.interval + r.IntN(2*jit+1) - jit))
		switch d.Time().Weekday() {
		case time.Saturday:
			d = d.AddDays(2)
		case time.Sunday:
			d = d.AddDays(1)
		}
		if AgeYears(born, d) < g.minAge {
			break
		}
		dates = append(dates, d)
	}
	slices.Reverse(dates)
	if declines && len(dates) >= 2 {
		s.DeclineAt = 1 + int(uAt*float64(len(dates)-1))
		s.Drop = drop
	}

	sev := p.Severity
	plateau := max(1-childPlateauLoss*sev*sev, 0.05)
	pace := math.Exp(childPaceSD * s.Pace)
	s.Assessments = make([]Assessment, len(dates))
	for j, d := range dates {
		age := AgeYears(born, d)
		levels := make(map[string]string, nItems)
		for k, it := range g.in.Items {
			h := g.halfAge[k] * (1 + childDelayPerSeverity*sev) * pace
			f := plateau/(1+math.Exp(-(age-h)/(childWidthShare*h))) + offset[k] + childNoiseSD*r.NormFloat64()
			if s.DeclineAt >= 0 && j >= s.DeclineAt {
				f -= s.Drop
			}
			lv := g.ix.levels[k]
			li := int(math.Round(f * float64(len(lv)-1)))
			li = min(max(li, 0), len(lv)-1)
			levels[it.Code] = lv[li].Code
		}
		s.Assessments[j] = Assessment{PersonID: p.ID, Date: d.Time(), AgeYears: age, Levels: levels}
	}
	return s
}
