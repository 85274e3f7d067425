package ras

import (
	"bytes"
	"encoding/json"

	"github.com/shopspring/decimal"
)

// Engine is a compiled model. It is immutable and safe for concurrent use by
// many goroutines; each goroutine needs its own Result.
type Engine struct {
	model      *Model // a private copy, never modified
	family     Family
	cohortMask uint8
	weeksMicro int64 // weeks per year × 10⁶
	unitMicro  int64 // rounding unit in micro-pence
	mode       RoundingMode
	hoursUnit  decimal.Decimal // hours are shown to people rounded to this
	missing    MissingPolicy

	support []cSupport
	domains []cDomain
	qs      []cQuestion
	qIndex  map[string]int32
	// The ids answers are matched against, in model order, sharing their
	// bytes with the caller's model.
	qids   []string
	optIDs []string
	// What the hot loop (match) needs, packed: one slot per question and
	// one record per option (aligned with optIDs).
	slots  []qslot
	recs   []orec
	accLen int // a result's accumulator: domains, activities, a spare
	// blank is a result's per-question state before matching: every
	// question missing, no option chosen.
	blank []qstate
	// applicable counts, per cohort index, the questions that apply.
	applicable [4]int32

	// points
	schedules  []cSchedule
	schedByCoh [4]int32 // cohort index → schedule, −1 none

	// hours
	acts       []cActivity
	actSupport []int32 // each activity's support type
	adjs       []cAdjust
	deds       []cDeduct
	addns      []cAddition

	// regression
	reg *cRegression

	limits cLimits
	comp   *cComposition // nil: the model does not compose the budget
	rng    *cRange       // nil: the model has no budget range
}

type cSupport struct {
	id, name   string
	rateMicro  int64 // micro-pence an hour
	rateString string
}

type cDomain struct {
	id, name   string
	support    int32
	qFrom, qTo int32
	maxPoints  int64
}

// qslot is what matching an answer needs of its question.
type qslot struct {
	id             string // the caller's model's id
	optFrom, optTo int32  // the question's options in Engine.recs
	domain         uint32
	// A small hash table from an option id's content (its length and three
	// of its bytes: see optHash) to the option: entry optHash(id, hashMul)
	// holds the option's index in the question plus one, or 0. A question
	// whose options cannot all be placed has an empty table and multiplier
	// 0, and is matched by comparing ids one by one.
	hashMul uint64
	hash    [16]uint8
	// choice has a bit set for each cohort to which the question applies,
	// if it is a choice question: the answers the hot loop handles itself;
	// number likewise for a number question, whose answers must lie in
	// [min, max].
	choice, number uint8
	min, max       float64
}

// orec is what an answer choosing an option adds up: its points, its
// minutes and its folded regression terms. The minutes go to entry act of
// the result's accumulator, after the domains: an activity, or a spare last
// entry when the question has none.
type orec struct {
	id      string // the caller's model's id
	points  int64
	minutes int64
	eta     float64
	act     uint32
	opt     int32 // the option's index in its question
}

type cOption struct {
	id, label    string
	points       int64
	minutesMicro int64
}

type cQuestion struct {
	id, text   string
	domain     int32
	number     bool
	cohortMask uint8 // 0: every cohort
	options    []cOption
	def        int32 // default option, −1 none
	hasDefVal  bool
	defVal     float64
	min, max   float64
	activity   int32 // −1 none
	unit       string
}

type cSchedule struct {
	id, name     string
	kind         uint8
	priceMicro   int64
	domainPrices []int64 // per domain, −1: no price
	bands        []cBand
	knots        []cKnot
}

const (
	schedPerPoint uint8 = iota
	schedDomain
	schedBands
	schedCurve
)

type cBand struct {
	name     string
	min, max int64 // max −1: open
	amount   int64
}

type cKnot struct {
	points int64
	amount int64
}

type cActivity struct {
	id, name string // its support type is in Engine.actSupport
}

type cAdjust struct {
	id, name string
	q        int32
	acts     []int32
	factors  []int64 // per option of q, micro; −1 no change
	texts    []string
}

type cDeduct struct {
	id, name  string
	acts      []int32
	q         int32 // choice question, or −1
	fractions []int64
	texts     []string
	hoursQ    int32 // number question, or −1
	informal  string
}

type cAddition struct {
	id, name string
	q        int32
	support  int32
	weekly   []int64 // per option, −1 none
	minutes  []int64 // per option, −1 none
}

type cRegression struct {
	intercept float64
	terms     []cTerm
	link      Link
	varCorr   float64
	smearing  float64
	smearBy   string
	smearSet  [8]float64 // by setting index (living_setting) or cohort index
	smearHas  [8]bool
	annual    bool
	shares    []int64 // per support type, micro (10⁻⁶)
	// usesDomain marks the domains a term reads, whose totals explanations
	// show; pointsUsed the questions whose answers' points a term reads
	// (through its domain, the question itself or total points).
	usesDomain []bool
	pointsUsed []bool
	// The terms that depend on one answer only (a domain's points, an
	// item's score, an option chosen) folded into tables: optEta gives, for
	// each option (aligned with Engine.optIDs), the sum of those terms when
	// it is chosen; qCoef the coefficient on a number question's value.
	// general lists the other terms, evaluated one by one.
	optEta  []float64
	qCoef   []float64
	numQs   []int32 // number questions with a folded coefficient
	general []int32
	folded  []bool // per term: folded into the tables
}

type cTerm struct {
	name    string
	label   string
	coef    float64
	factors []cFactor
}

const (
	facDomain uint8 = iota
	facQuestion
	facOption
	facSettings
	facCohorts
	facAge
	facVariable
)

type cFactor struct {
	kind   uint8
	index  int32 // domain or question
	option int32
	mask   uint8 // settings or cohorts
	ageMin int
	ageMax int
	vari   string
}

type cLimits struct {
	hasFloor     bool
	floor        int64
	floorSupport int32
	hasCap       bool
	cap          int64
	settingCaps  []cSettingCap
}

type cSettingCap struct {
	id, name string
	mask     uint8
	cap      int64
}

func cohortIndex(c Cohort) int {
	switch c {
	case CohortAdult:
		return 0
	case CohortCHC:
		return 1
	case CohortCarer:
		return 2
	case CohortChildren:
		return 3
	}
	return -1
}

func settingIndex(s LivingSetting) int {
	for i, k := range settings {
		if s == k {
			return i
		}
	}
	return -1
}

func cohortMask(cs []Cohort) uint8 {
	var m uint8
	for _, c := range cs {
		if i := cohortIndex(c); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

func settingMask(ss []LivingSetting) uint8 {
	var m uint8
	for _, s := range ss {
		if i := settingIndex(s); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

func mustMicro(d decimal.Decimal) int64 {
	u, err := decimalToMicro(d)
	if err != nil {
		panic("ras: validated amount out of range: " + err.Error()) // unreachable after Validate
	}
	return u
}

// Model returns a copy of the model the engine was compiled from. Its
// question and option ids share their bytes with the engine's, so answers
// built from it, or read with it (ReadOptions.Model), match fastest: each
// comparison of ids ends at its first check.
func (e *Engine) Model() *Model {
	m, err := cloneModel(e.model)
	if err != nil {
		panic("ras: cannot copy a validated model: " + err.Error())
	}
	k, j := 0, 0
	for di := range m.Domains {
		for qi := range m.Domains[di].Questions {
			q := &m.Domains[di].Questions[qi]
			q.ID = e.qids[k]
			k++
			for oi := range q.Options {
				q.Options[oi].ID = e.optIDs[j]
				j++
			}
		}
	}
	return m
}

// DomainIDs returns the ids of the model's domains, in order: the order of
// Result.DomainPoints.
func (e *Engine) DomainIDs() []string {
	out := make([]string, len(e.domains))
	for i, d := range e.domains {
		out[i] = d.id
	}
	return out
}

// ID returns the model's id; Version its version; Family its family.
func (e *Engine) ID() string { return e.model.ID }

// Version returns the model's version.
func (e *Engine) Version() string { return e.model.Version }

// Family returns the model's family.
func (e *Engine) Family() Family { return e.family }

func cloneModel(m *Model) (*Model, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var c Model
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Compile validates m and compiles it into an Engine. The engine keeps its
// own copy: changing m afterwards does not change the engine.
func Compile(m *Model) (*Engine, error) {
	if m == nil {
		return nil, wrapf(ErrInvalidModel, "nil model")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	orig := m
	mc, err := cloneModel(m)
	if err != nil {
		return nil, wrapf(ErrInvalidModel, "copying model: %s", bare(err))
	}
	m = mc
	e := &Engine{model: m, family: m.Family, cohortMask: cohortMask(m.Cohorts), mode: m.Rounding.Mode, missing: m.Missing}
	if e.mode == "" {
		e.mode = RoundHalfUp
	}
	if e.missing == "" {
		e.missing = MissingError
	}
	weeks := m.WeeksPerYear
	if weeks.IsZero() {
		weeks = decimal.NewFromInt(52)
	}
	e.weeksMicro = weeks.Shift(6).IntPart()
	unit := m.Rounding.Unit
	if unit.IsZero() {
		unit = decimal.New(1, -2)
	}
	e.unitMicro = mustMicro(unit)
	e.hoursUnit = m.HoursUnit
	if e.hoursUnit.IsZero() {
		e.hoursUnit = decimal.New(1, -2)
	}

	supIdx := map[string]int32{}
	for i, s := range m.SupportTypes {
		supIdx[s.ID] = int32(i)
		e.support = append(e.support, cSupport{id: s.ID, name: s.Name, rateMicro: mustMicro(s.HourlyRate), rateString: s.HourlyRate.StringFixed(2)})
	}
	actIdx := map[string]int32{}
	if m.Hours != nil {
		for i, a := range m.Hours.Activities {
			actIdx[a.ID] = int32(i)
			e.acts = append(e.acts, cActivity{id: a.ID, name: a.Name})
			e.actSupport = append(e.actSupport, supIdx[a.SupportType])
		}
	}
	e.qIndex = map[string]int32{}
	domIdx := map[string]int32{}
	for di, d := range m.Domains {
		domIdx[d.ID] = int32(di)
		cd := cDomain{id: d.ID, name: d.Name, support: -1, qFrom: int32(len(e.qs))}
		if d.SupportType != "" {
			cd.support = supIdx[d.SupportType]
		}
		for _, q := range d.Questions {
			cq := cQuestion{id: q.ID, text: q.Text, domain: int32(di), number: q.Type == QuestionNumber,
				cohortMask: cohortMask(q.Cohorts), def: -1, activity: -1, unit: q.Unit}
			if q.Activity != "" {
				cq.activity = actIdx[q.Activity]
			}
			best := int64(0)
			for oi, o := range q.Options {
				cq.options = append(cq.options, cOption{id: o.ID, label: o.Label, points: int64(o.Points), minutesMicro: mustMicro(o.Minutes) / 100})
				best = max(best, int64(o.Points))
				if o.ID == q.Default {
					cq.def = int32(oi)
				}
			}
			cd.maxPoints += best
			if q.DefaultValue != nil {
				cq.hasDefVal, cq.defVal = true, *q.DefaultValue
			}
			if q.Min != nil {
				cq.min, cq.max = *q.Min, *q.Max
			}
			for ci := range e.applicable {
				if cq.cohortMask == 0 || cq.cohortMask&(1<<ci) != 0 {
					e.applicable[ci]++
				}
			}
			slot := qslot{optFrom: int32(len(e.recs)), domain: uint32(di)}
			applies := cq.cohortMask
			if applies == 0 {
				applies = 0xff
			}
			if cq.number {
				slot.number, slot.min, slot.max = applies, cq.min, cq.max
			} else {
				slot.choice = applies
			}
			for _, o := range cq.options {
				// The accumulator holds the domains, then the activities,
				// then a spare entry never priced.
				act := int32(len(m.Domains)) + cq.activity
				if cq.activity < 0 {
					act = int32(len(m.Domains) + len(e.acts))
				}
				e.recs = append(e.recs, orec{points: o.points, minutes: o.minutesMicro, act: uint32(act), opt: int32(len(e.recs)) - slot.optFrom})
			}
			slot.optTo = int32(len(e.recs))
			e.slots = append(e.slots, slot)
			e.qIndex[q.ID] = int32(len(e.qs))
			e.qs = append(e.qs, cq)
		}
		cd.qTo = int32(len(e.qs))
		e.domains = append(e.domains, cd)
	}
	optIndex := func(q int32, id string) int32 {
		for i, o := range e.qs[q].options {
			if o.id == id {
				return int32(i)
			}
		}
		return -1
	}
	perOption := func(q int32, vals map[string]decimal.Decimal, scale int64) ([]int64, []string) {
		out := make([]int64, len(e.qs[q].options))
		texts := make([]string, len(out))
		for i := range out {
			out[i] = -1
		}
		for k, v := range vals {
			oi := optIndex(q, k)
			out[oi] = mustMicro(v) / scale
			texts[oi] = v.String()
		}
		return out, texts
	}
	acts := func(ids []string) []int32 {
		out := make([]int32, len(ids))
		for i, id := range ids {
			out[i] = actIdx[id]
		}
		return out
	}

	switch m.Family {
	case FamilyPoints:
		for i := range e.schedByCoh {
			e.schedByCoh[i] = -1
		}
		for si, s := range m.Points.Schedules {
			cs := cSchedule{id: s.ID, name: s.Name}
			switch {
			case s.PricePerPoint != nil:
				cs.kind, cs.priceMicro = schedPerPoint, mustMicro(*s.PricePerPoint)
			case s.DomainPrices != nil:
				cs.kind = schedDomain
				cs.domainPrices = make([]int64, len(e.domains))
				for i := range cs.domainPrices {
					cs.domainPrices[i] = -1
				}
				for k, v := range s.DomainPrices {
					cs.domainPrices[domIdx[k]] = mustMicro(v)
				}
			case s.Bands != nil:
				cs.kind = schedBands
				for _, b := range s.Bands {
					cb := cBand{name: b.Name, min: int64(b.MinPoints), max: -1, amount: mustMicro(b.Weekly)}
					if b.MaxPoints != nil {
						cb.max = int64(*b.MaxPoints)
					}
					cs.bands = append(cs.bands, cb)
				}
			default:
				cs.kind = schedCurve
				for _, k := range s.Curve {
					cs.knots = append(cs.knots, cKnot{points: int64(k.Points), amount: mustMicro(k.Weekly)})
				}
			}
			e.schedules = append(e.schedules, cs)
			cover := s.Cohorts
			if len(cover) == 0 {
				cover = cohorts[:]
			}
			for _, c := range cover {
				if ci := cohortIndex(c); e.schedByCoh[ci] < 0 {
					e.schedByCoh[ci] = int32(si)
				}
			}
		}
	case FamilyHours:
		for _, a := range m.Hours.Adjustments {
			q := e.qIndex[a.Question]
			f, t := perOption(q, a.Factors, 100)
			e.adjs = append(e.adjs, cAdjust{id: a.ID, name: a.Name, q: q, acts: acts(a.Activities), factors: f, texts: t})
		}
		for _, d := range m.Hours.Deductions {
			cd := cDeduct{id: d.ID, name: d.Name, acts: acts(d.Activities), q: -1, hoursQ: -1, informal: d.InformalActivity}
			if d.Question != "" {
				cd.q = e.qIndex[d.Question]
				cd.fractions, cd.texts = perOption(cd.q, d.Fractions, 100)
			}
			if d.HoursQuestion != "" {
				cd.hoursQ = e.qIndex[d.HoursQuestion]
			}
			e.deds = append(e.deds, cd)
		}
		for _, a := range m.Hours.Additions {
			q := e.qIndex[a.Question]
			w, _ := perOption(q, a.Weekly, 1)
			h, _ := perOption(q, a.Hours, 100)
			// hours (in 10⁻⁶ h) → minutes (10⁻⁶ min)
			for i := range h {
				if h[i] >= 0 {
					h[i] *= 60
				}
			}
			e.addns = append(e.addns, cAddition{id: a.ID, name: a.Name, q: q, support: supIdx[a.SupportType], weekly: w, minutes: h})
		}
	case FamilyRegression:
		r := m.Regression
		cr := &cRegression{intercept: r.Intercept, link: r.Link, varCorr: r.VarianceCorrection, smearing: r.Smearing, smearBy: r.SmearingBy, annual: r.Output == PeriodAnnual}
		if cr.smearing == 0 {
			cr.smearing = 1
		}
		for k, f := range r.SmearingGroups {
			i := settingIndex(LivingSetting(k))
			if r.SmearingBy == "cohort" {
				i = cohortIndex(Cohort(k))
			}
			cr.smearSet[i], cr.smearHas[i] = f, true
		}
		if r.Shares != nil {
			cr.shares = make([]int64, len(e.support))
			for k, v := range r.Shares {
				cr.shares[supIdx[k]] = v.Shift(6).IntPart()
			}
		}
		for _, t := range r.Terms {
			ct := cTerm{name: t.Name, label: t.Label, coef: t.Coef}
			for _, f := range t.Factors {
				var cf cFactor
				switch {
				case f.Domain != "":
					cf = cFactor{kind: facDomain, index: domIdx[f.Domain]}
					if cr.usesDomain == nil {
						cr.usesDomain = make([]bool, len(m.Domains))
					}
					cr.usesDomain[domIdx[f.Domain]] = true
				case f.Question != "" && f.Option != "":
					q := e.qIndex[f.Question]
					cf = cFactor{kind: facOption, index: q, option: optIndex(q, f.Option)}
				case f.Question != "":
					cf = cFactor{kind: facQuestion, index: e.qIndex[f.Question]}
				case f.Settings != nil:
					cf = cFactor{kind: facSettings, mask: settingMask(f.Settings)}
				case f.Cohorts != nil:
					cf = cFactor{kind: facCohorts, mask: cohortMask(f.Cohorts)}
				case f.AgeMin != nil || f.AgeMax != nil:
					cf = cFactor{kind: facAge, ageMin: -1 << 30, ageMax: 1 << 30}
					if f.AgeMin != nil {
						cf.ageMin = *f.AgeMin
					}
					if f.AgeMax != nil {
						cf.ageMax = *f.AgeMax
					}
				default:
					cf = cFactor{kind: facVariable, vari: f.Variable}
				}
				ct.factors = append(ct.factors, cf)
			}
			cr.terms = append(cr.terms, ct)
		}
		if cr.usesDomain == nil {
			cr.usesDomain = make([]bool, len(m.Domains))
		}
		cr.pointsUsed = make([]bool, len(e.qs))
		for _, t := range cr.terms {
			for _, f := range t.factors {
				for qi := range e.qs {
					switch {
					case f.kind == facDomain && e.qs[qi].domain == f.index,
						f.kind == facQuestion && int(f.index) == qi,
						f.kind == facVariable && f.vari == VariableTotalPoints:
						cr.pointsUsed[qi] = true
					}
				}
			}
		}
		e.reg = cr
		e.foldTerms()
	}
	if l := m.Limits; l != nil {
		if l.FloorWeekly != nil {
			e.limits.hasFloor, e.limits.floor, e.limits.floorSupport = true, mustMicro(*l.FloorWeekly), supIdx[l.FloorSupportType]
		}
		if l.CapWeekly != nil {
			e.limits.hasCap, e.limits.cap = true, mustMicro(*l.CapWeekly)
		}
		for _, c := range l.SettingCaps {
			e.limits.settingCaps = append(e.limits.settingCaps, cSettingCap{id: c.ID, name: c.Name, mask: settingMask(c.Settings), cap: mustMicro(c.CapWeekly)})
		}
	}
	if m.Composition != nil {
		e.comp = compileComposition(m.Composition)
	}
	if m.Range != nil {
		e.rng = compileRange(m.Range)
	}
	// The ids answers are matched against share their bytes with the
	// caller's model (strings are immutable, so this is safe). Answers built
	// from that model, or read with it (ReadCSV, ReadJSON), then compare
	// equal without their bytes being read: the runtime's comparison
	// checks first whether two strings start at the same address (amd64,
	// arm64).
	for _, d := range orig.Domains {
		for _, q := range d.Questions {
			e.qids = append(e.qids, q.ID)
			for _, o := range q.Options {
				e.optIDs = append(e.optIDs, o.ID)
			}
		}
	}
	e.accLen = len(e.domains) + len(e.acts) + 1
	e.blank = make([]qstate, len(e.qs))
	for i := range e.blank {
		e.blank[i] = qstate{opt: -1}
	}
	for qi := range e.slots {
		e.slots[qi].id = e.qids[qi]
	}
	for oi := range e.recs {
		e.recs[oi].id = e.optIDs[oi]
		if e.reg != nil {
			e.recs[oi].eta = e.reg.optEta[oi]
		}
	}
	e.buildOptionHash()
	return e, nil
}

// optHash hashes an option id's content with multiplier mul to 4 bits: a
// slot of a question's option table. The key is the id's length and its
// first, middle and last bytes, read in a handful of instructions; the
// table is built so that a question's own options never collide, and the
// id found is then compared in full. s must not be empty.
func optHash(s string, mul uint64) uint64 {
	n := len(s)
	k := uint64(n) ^ uint64(s[0])<<8 ^ uint64(s[n>>1])<<16 ^ uint64(s[n-1])<<24
	return (k * mul) >> 60
}

// buildOptionHash gives each choice question a collision-free table from
// the content of its options' ids (optHash) to the option, so that an
// answer finds its option in one step and one comparison. It tries odd
// multipliers in turn; a question with more than 16 options, or whose
// options no multiplier places without collision (ids alike in length and
// in the bytes optHash reads), keeps an empty table (multiplier 0) and is
// matched by comparing ids.
func (e *Engine) buildOptionHash() {
	for qi := range e.slots {
		m := &e.slots[qi]
		opts := e.optIDs[m.optFrom:m.optTo]
		m.hash, m.hashMul = [16]uint8{}, 0
		if len(opts) == 0 || len(opts) > len(m.hash) {
			continue
		}
		mul := uint64(0x9E3779B97F4A7C15) // Fibonacci hashing, then other odd numbers
	tries:
		for range 1024 {
			mul += 0x6A09E667F3BCC908 // keeps the multiplier odd
			var table [16]uint8
			for k, o := range opts {
				h := optHash(o, mul) // validated ids are never empty
				if table[h] != 0 {
					continue tries
				}
				table[h] = uint8(k + 1)
			}
			m.hash, m.hashMul = table, mul
			break
		}
	}
}

// Intern makes the question and option ids of a's answers share their bytes
// with the engine's own strings, so that later assessments of a compare
// each id in one step instead of byte by byte (about a fifth fewer
// instructions for the points model). It changes a's strings, not their
// values: use it on assessments built from another source (a database,
// hand-written JSON) that will be scored many times. Ids the model does not
// have are left as they are; assessing then reports them.
func (e *Engine) Intern(a *Assessment) {
	for i := range a.Answers {
		ans := &a.Answers[i]
		qi := e.matchQuestion(ans.Question, 0)
		if qi < 0 {
			continue
		}
		ans.Question = e.qids[qi]
		if ans.IsValue {
			continue
		}
		m := &e.slots[qi]
		opts := e.optIDs[m.optFrom:m.optTo]
		if oi := matchOption(opts, ans.Option); oi >= 0 {
			ans.Option = opts[oi]
		}
	}
}

// foldTerms folds the regression terms that depend on one answer into
// per-option tables, so that the linear predictor is a sum over answers plus
// the few other terms. Both the traced and the untraced assessment use the
// same tables in the same order, so they give the same η to the last bit.
func (e *Engine) foldTerms() {
	g := e.reg
	g.optEta = make([]float64, 0, 64)
	for _, q := range e.qs {
		for range q.options {
			g.optEta = append(g.optEta, 0)
		}
	}
	g.qCoef = make([]float64, len(e.qs))
	g.folded = make([]bool, len(g.terms))
	optFrom := make([]int, len(e.qs))
	k := 0
	for qi, q := range e.qs {
		optFrom[qi] = k
		k += len(q.options)
	}
	for ti := range g.terms {
		t := &g.terms[ti]
		if len(t.factors) != 1 {
			g.general = append(g.general, int32(ti))
			continue
		}
		f := t.factors[0]
		switch f.kind {
		case facDomain:
			d := &e.domains[f.index]
			for qi := d.qFrom; qi < d.qTo; qi++ {
				for oi, o := range e.qs[qi].options {
					g.optEta[optFrom[qi]+oi] += t.coef * float64(o.points)
				}
			}
		case facQuestion:
			q := &e.qs[f.index]
			if q.number {
				if g.qCoef[f.index] == 0 {
					g.numQs = append(g.numQs, f.index)
				}
				g.qCoef[f.index] += t.coef
			}
			for oi, o := range q.options {
				g.optEta[optFrom[f.index]+oi] += t.coef * float64(o.points)
			}
		case facOption:
			g.optEta[optFrom[f.index]+int(f.option)] += t.coef
		default:
			g.general = append(g.general, int32(ti))
			continue
		}
		g.folded[ti] = true
	}
}

// nTerms is the number of terms the assessment evaluates one by one: all of
// them with the trace on (for the per-term steps), else only the general
// ones.
func (g *cRegression) nTerms(trace bool) int {
	if trace {
		return len(g.terms)
	}
	return len(g.general)
}
