package synth

import (
	"fmt"
	"iter"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Options configure a Generator. The zero value means the defaults, given
// field by field.
type Options struct {
	// Seed selects the synthetic population; 0 is a seed like any other.
	Seed uint64
	// Start is the first day of the 21-month assessment window (see
	// WindowDays); DefaultStart(), 2023-04-01, when zero.
	Start ras.Date
	// Cohorts are the cohorts to generate; the model's cohorts when nil.
	// Each must be one the model serves. Persons in other cohorts are
	// skipped (their indices are not reused).
	Cohorts []ras.Cohort
	// Cost is the cost model; DefaultCostModel(m) when nil. It is used as
	// given (see CostModel) and must name only the model's domains.
	Cost *CostModel
	// DomainNoise is the standard deviation of the normal noise added to a
	// person's severity, once per domain, to give the probability that
	// drives the domain's answers (gen_synth.R's rnorm(n, 0, 0.12)); 0.12
	// when zero. It must not be negative.
	DomainNoise float64
	// ItemNoise is the standard deviation of further noise per question;
	// none when zero (as gen_synth.R). It must not be negative.
	ItemNoise float64
	// SettingAnswers fix the answers to some choice questions by the
	// person's living setting: question id → living setting → option id.
	// A person in a setting listed for a question gets that option instead
	// of one drawn from their severity (the draw is made anyway, so other
	// answers do not change). For example a placement question of an
	// iBudget-style model: {"placement": {"home_family": "fh",
	// "supported_living": "ilsl", "residential": "rh1"}}. None when nil.
	SettingAnswers map[string]map[ras.LivingSetting]string
	// Workers is the number of goroutines Slice uses; GOMAXPROCS when zero
	// or negative. The output does not depend on it.
	Workers int
}

// Validate checks the options that do not depend on the model: the start
// is a calendar date, the noise is finite and not negative, the cohorts are
// known, and the cost model (if set) is valid. New also checks them against
// the model. Errors unwrap to ErrInvalidOptions.
func (o *Options) Validate() error {
	if s := o.Start; !s.IsZero() {
		if ras.DateOf(s.Time()) != s {
			return fmt.Errorf("synth: options.start: %d-%02d-%02d is not a calendar date: %w", s.Year, int(s.Month), s.Day, ErrInvalidOptions)
		}
		// Every date generated (assessment dates over the window, and dates
		// of birth up to maxAge+1 years before them) must lie in the years
		// an assessment may hold, or the assessments would not validate.
		if end := s.AddDays(WindowDays - 1); s.Year-maxAge-1 < field.MinYear || end.Year > field.MaxYear {
			return fmt.Errorf("synth: options.start: %s: the assessments and dates of birth of a window starting then would fall outside the years %d–%d (the start must lie between %d-01-01 and %s): %w",
				s, field.MinYear, field.MaxYear, field.MinYear+maxAge+1, lastStart(), ErrInvalidOptions)
		}
	}
	if !(o.DomainNoise >= 0) || math.IsInf(o.DomainNoise, 0) {
		return fmt.Errorf("synth: options.domain_noise: %v must be finite and not negative: %w", o.DomainNoise, ErrInvalidOptions)
	}
	if !(o.ItemNoise >= 0) || math.IsInf(o.ItemNoise, 0) {
		return fmt.Errorf("synth: options.item_noise: %v must be finite and not negative: %w", o.ItemNoise, ErrInvalidOptions)
	}
	for k, c := range o.Cohorts {
		if !c.Valid() {
			return fmt.Errorf("synth: options.cohorts[%d]: unknown cohort %q: %w", k, c, ErrInvalidOptions)
		}
	}
	if o.Cost != nil {
		return o.Cost.Validate()
	}
	return nil
}

// maxAge is the oldest age a generated person has on the assessment date.
const maxAge = 98

// lastStart returns the last start whose window ends within field.MaxYear.
func lastStart() ras.Date {
	return ras.Date{Year: field.MaxYear, Month: 12, Day: 31}.AddDays(-(WindowDays - 1))
}

// Case is one generated assessment with the truth behind it.
type Case struct {
	// Index is the person's index; the person is Person(seed, Index).
	Index      int
	Assessment ras.Assessment
	// Age in completed years on the assessment date, and the total hours a
	// week of informal help received: the covariates of the cost model.
	Age           int
	InformalHours float64
	// Severity is the person's latent severity in (0, 1).
	Severity float64
	// DomainScores are the scores the cost model uses, one per domain of
	// the model in model order: the sum of the points of the chosen
	// options; in a domain whose options carry no points (typical of an
	// hours model), the sum of the ranks of the chosen options in the
	// order of increasing need (0 for the least). Number questions, and
	// choice questions answered from informal help (an hours model's
	// deduction fractions), do not count.
	DomainScores []float64
	// MuRaw is the cost model's linear predictor; Mu the expected cost
	// before zeros and outliers (MuRaw after the floor, if applied).
	MuRaw, Mu float64
	// Noise is the multiplicative noise (1 when the noise is off).
	Noise float64
	// Zero: the cost was set to zero (no paid service). Outlier: the cost
	// was multiplied by OutlierFactor (1 otherwise).
	Zero, Outlier bool
	OutlierFactor float64
	// CostPence is the planned weekly cost in pence, Mu × Noise (× the
	// outlier factor, or 0), rounded to the nearest penny, halves away from
	// zero; Cost is the same in pounds. The assessment's PlannedWeekly
	// holds it as a decimal, unless it is negative (possible only with the
	// floor off), when PlannedWeekly is nil.
	CostPence int64
	Cost      float64
}

// Generator generates synthetic assessments for one model. It is immutable
// and safe for concurrent use. The model must not be modified while the
// Generator is in use.
type Generator struct {
	model       *ras.Model
	opts        Options
	start       ras.Date
	cohortMask  uint8
	cm          CostModel
	coef        []float64 // per domain
	questions   []qplan
	domainPlans []domainPlan
	applicable  map[uint8]int // cohort bit → number of questions that apply
	domainNoise float64
	itemNoise   float64
}

// New returns a generator of assessments answering model m. A nil or
// invalid model is an ErrInvalidModel; invalid options are an
// ErrInvalidOptions naming the field.
func New(m *ras.Model, opt Options) (*Generator, error) {
	if m == nil {
		return nil, fmt.Errorf("synth: model is nil: %w", ErrInvalidModel)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("synth: %w: %w", ErrInvalidModel, err)
	}
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{model: m, opts: opt, start: opt.Start, domainNoise: opt.DomainNoise, itemNoise: opt.ItemNoise}
	if g.start.IsZero() {
		g.start = defaultStart
	}
	if g.domainNoise == 0 {
		g.domainNoise = 0.12
	}
	cohorts := opt.Cohorts
	if cohorts == nil {
		cohorts = m.Cohorts
	}
	if len(cohorts) == 0 {
		return nil, fmt.Errorf("synth: options.cohorts: must name at least one cohort: %w", ErrInvalidOptions)
	}
	for k, c := range cohorts {
		if !c.Valid() {
			return nil, fmt.Errorf("synth: options.cohorts[%d]: unknown cohort %q: %w", k, c, ErrInvalidOptions)
		}
		if !slices.Contains(m.Cohorts, c) {
			return nil, fmt.Errorf("synth: options.cohorts[%d]: model %s does not serve cohort %q: %w", k, m.ID, c, ErrInvalidOptions)
		}
		g.cohortMask |= cohortBit(c)
	}
	g.questions, g.domainPlans = plan(m)
	for _, qid := range sortedKeys(opt.SettingAnswers) {
		k := slices.IndexFunc(g.questions, func(q qplan) bool { return q.id == qid })
		if k < 0 || g.questions[k].number {
			return nil, fmt.Errorf("synth: options.setting_answers.%s: model %s has no such choice question: %w", qid, m.ID, ErrInvalidOptions)
		}
		q := &g.questions[k]
		q.bySetting = map[ras.LivingSetting]int{}
		for s, o := range opt.SettingAnswers[qid] {
			if !s.Valid() {
				return nil, fmt.Errorf("synth: options.setting_answers.%s: unknown living setting %q: %w", qid, s, ErrInvalidOptions)
			}
			j := slices.Index(q.order, o)
			if j < 0 {
				return nil, fmt.Errorf("synth: options.setting_answers.%s.%s: question has no option %q: %w", qid, s, o, ErrInvalidOptions)
			}
			q.bySetting[s] = j
		}
	}
	if opt.Cost != nil {
		g.cm = *opt.Cost
	} else {
		g.cm = DefaultCostModel(m)
	}
	if err := g.cm.Validate(); err != nil {
		return nil, err
	}
	g.coef = make([]float64, len(g.domainPlans))
	known := map[string]int{}
	for k, d := range g.domainPlans {
		known[d.id] = k
	}
	for _, id := range sortedKeys(g.cm.DomainCoef) {
		k, ok := known[id]
		if !ok {
			return nil, fmt.Errorf("synth: cost.domain_coef.%s: model %s has no such domain: %w", id, m.ID, ErrInvalidOptions)
		}
		g.coef[k] = g.cm.DomainCoef[id]
	}
	g.applicable = map[uint8]int{}
	for _, c := range cohortList {
		bit := cohortBit(c)
		for _, q := range g.questions {
			if q.cohortMask == 0 || q.cohortMask&bit != 0 {
				g.applicable[bit]++
			}
		}
	}
	return g, nil
}

// CostModel returns the cost model in use (a copy).
func (g *Generator) CostModel() CostModel {
	cm := g.cm
	cm.DomainCoef = cloneMap(cm.DomainCoef)
	cm.SettingEffect = cloneMap(cm.SettingEffect)
	cm.CohortEffect = cloneMap(cm.CohortEffect)
	return cm
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Model returns the model the generator answers.
func (g *Generator) Model() *ras.Model { return g.model }

// Start returns the first day of the assessment window.
func (g *Generator) Start() ras.Date { return g.start }

// Seed returns the seed.
func (g *Generator) Seed() uint64 { return g.opts.Seed }

// Case returns the case of person i. ok is false, and the Case zero, when
// the person's cohort is not one the generator makes. It panics if i is
// negative.
func (g *Generator) Case(i int) (c Case, ok bool) {
	s := new(scratch)
	p := person(g.opts.Seed, i, s)
	if cohortBit(p.Cohort)&g.cohortMask == 0 {
		return Case{}, false
	}
	g.fill(&p, &c, s)
	return c, true
}

func (g *Generator) fill(p *PersonFacts, c *Case, s *scratch) {
	seed := g.opts.Seed
	c.Index = p.Index
	c.Age = p.Age
	c.Severity = p.Severity
	c.InformalHours = p.InformalHours()
	a := &c.Assessment
	on := p.AssessedOn(g.start)
	*a = ras.Assessment{
		ID:           AssessmentID(p.Index),
		Date:         on,
		Cohort:       p.Cohort,
		Model:        g.model.ID,
		ModelVersion: g.model.Version,
		Person:       p.rasPerson(on),
		Safety:       p.Safety,
		Independence: p.Independence,
		InformalHelp: p.InformalHelp,
		CaredForID:   p.CaredForID,
	}
	if c := g.model.Composition; c != nil && c.ProRate != nil {
		// A budget starting on a day of the pro-rating period, spread
		// evenly by index; drawn from no stream, so the rest of the case is
		// as it would be without composition.
		days := c.ProRate.PeriodEnd.DaysSince(c.ProRate.PeriodStart) + 1
		a.BudgetStart = c.ProRate.PeriodStart.AddDays(p.Index % days)
	}
	c.DomainScores = make([]float64, len(g.domainPlans))
	s.answers.seed(seed, p.Index, streamAnswers)
	g.answer(s, p, a, c.DomainScores)
	s.cost.seed(seed, p.Index, streamCost)
	g.drawCost(&s.cost, c)
}

// served reports whether person i's cohort is generated; it draws only the
// cohort.
func (g *Generator) served(r *rng, i int) bool {
	r.seed(g.opts.Seed, i, streamPerson)
	return cohortBit(cohortList[r.pick(cohortShares)])&g.cohortMask != 0
}

// Cases returns the first n cases: persons 0, 1, 2, … in order, skipping
// those in cohorts not generated. Each Case is newly allocated and belongs
// to the caller. Only one case is held at a time, so n may be millions.
func (g *Generator) Cases(n int) iter.Seq[*Case] {
	return func(yield func(*Case) bool) {
		s := new(scratch)
		for i, made := 0, 0; made < n; i++ {
			if !g.served(&s.person, i) {
				continue
			}
			p := person(g.opts.Seed, i, s)
			c := new(Case)
			g.fill(&p, c, s)
			made++
			if !yield(c) {
				return
			}
		}
	}
}

// Assessments returns the assessments of Cases(n).
func (g *Generator) Assessments(n int) iter.Seq[*ras.Assessment] {
	return func(yield func(*ras.Assessment) bool) {
		for c := range g.Cases(n) {
			if !yield(&c.Assessment) {
				return
			}
		}
	}
}

// Slice returns Cases(n) as a slice, generated by Options.Workers
// goroutines; the result is the same for any number of workers. It holds
// every case in memory (about 2 KB each for a 30-question model): use
// Cases to stream large populations.
func (g *Generator) Slice(n int) []Case {
	if n <= 0 {
		return nil
	}
	idx := make([]int, 0, n)
	var r rng
	for i := 0; len(idx) < n; i++ {
		if g.served(&r, i) {
			idx = append(idx, i)
		}
	}
	out := make([]Case, n)
	w := g.opts.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	w = min(w, n)
	const chunk = 256
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := new(scratch)
			for {
				mu.Lock()
				from := next
				next += chunk
				mu.Unlock()
				if from >= n {
					return
				}
				for k := from; k < min(from+chunk, n); k++ {
					p := person(g.opts.Seed, idx[k], s)
					g.fill(&p, &out[k], s)
				}
			}
		}()
	}
	wg.Wait()
	return out
}
