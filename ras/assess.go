package ras

import (
	"context"
	"fmt"
	"iter"
	"math"
	"math/bits"
	"runtime"
	"sync"
)

// AssessOptions control AssessInto. The zero value records no trace.
type AssessOptions struct {
	// Trace records every step, for Explain. It costs time but, once the
	// Result's buffers have grown, no allocation.
	Trace bool
}

// Assess assesses one person with the trace on and returns a new Result.
func (e *Engine) Assess(a *Assessment) (*Result, error) {
	r := new(Result)
	if err := e.AssessInto(a, r, AssessOptions{Trace: true}); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Result) reset(e *Engine, a *Assessment, trace bool) {
	r.AssessmentID, r.PersonID, r.Cohort = a.ID, a.Person.ID, a.Cohort
	r.TotalPoints, r.Probability, r.Eta = 0, 0, 0
	r.HasBudget = e.family != FamilyRegression || e.reg.link != LinkLogit
	r.weekly, r.weeklyPence, r.annualPence = 0, 0, 0
	r.Adjustments = r.Adjustments[:0]
	r.trace = r.trace[:0]
	r.traceOn = trace
	if cap(r.Domains) < len(e.domains) {
		r.Domains = make([]DomainScore, len(e.domains))
		r.engine = nil
	}
	r.Domains = r.Domains[:len(e.domains)]
	if r.engine != e {
		for i, d := range e.domains {
			r.Domains[i] = DomainScore{ID: d.id, Name: d.name}
		}
		r.engine = e
	}
	if cap(r.lines) < len(e.support) {
		r.lines = make([]line, len(e.support))
	}
	r.lines = r.lines[:len(e.support)]
	clear(r.lines)
	if cap(r.states) < len(e.qs) {
		r.states = make([]qstate, len(e.qs))
	}
	r.states = r.states[:len(e.qs)]
	for i := range r.states {
		r.states[i] = qstate{opt: -1, answer: -1}
	}
	if cap(r.acts) < len(e.acts) {
		r.acts = make([]int64, len(e.acts))
	}
	r.acts = r.acts[:len(e.acts)]
	clear(r.acts)
}

func (r *Result) step(s Step) {
	if r.traceOn {
		r.trace = append(r.trace, s)
	}
}

func noStep() Step { return Step{Domain: -1, Question: -1, Option: -1, Activity: -1, Support: -1} }

// AssessInto assesses one person into r, reusing r's storage. With the trace
// off and a Result that has been used before, it does not allocate.
//
// It checks the answers against the model: an answer to an unknown question,
// an unknown option or a number out of range is an ErrInvalidAnswer; a
// missing answer is an ErrMissingAnswer unless the model's policy supplies a
// default. Both come as *AnswerError naming the assessment and question.
// The assessment's own fields are not validated here (see
// Assessment.Validate); a cohort the model does not serve is an ErrCohort.
func (e *Engine) AssessInto(a *Assessment, r *Result, opt AssessOptions) error {
	r.reset(e, a, opt.Trace)
	ci := cohortIndex(a.Cohort)
	if ci < 0 || e.cohortMask&(1<<ci) == 0 {
		return fmt.Errorf("ras: assessment %s: cohort %q: model %s serves %v: %w", a.ID, a.Cohort, e.model.ID, e.model.Cohorts, ErrCohort)
	}
	if err := e.resolve(a, r, uint8(1)<<ci); err != nil {
		return err
	}
	// Domain points.
	for di := range e.domains {
		d := &e.domains[di]
		var pts int64
		for qi := d.qFrom; qi < d.qTo; qi++ {
			st := &r.states[qi]
			if st.opt >= 0 {
				pts += e.qs[qi].options[st.opt].points
			}
		}
		r.Domains[di].Points = pts
		r.TotalPoints += pts
		if r.traceOn {
			s := noStep()
			s.Kind, s.Domain, s.Points = StepDomain, int32(di), pts
			r.step(s)
		}
	}
	var err error
	switch e.family {
	case FamilyPoints:
		e.points(r, ci)
	case FamilyHours:
		err = e.hours(a, r)
	case FamilyRegression:
		err = e.regression(a, r, ci)
	}
	if err != nil {
		return err
	}
	if !r.HasBudget {
		return nil
	}
	e.applyLimits(a, r)
	e.round(r)
	return nil
}

// sameID compares two ids, checking the length and first byte inline before
// comparing the bytes: most ids that differ are told apart without a call.
func sameID(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || a[0] == b[0]) && a == b
}

// resolve matches the answers to the questions.
func (e *Engine) resolve(a *Assessment, r *Result, cmask uint8) error {
	next := 0 // answers usually come in model order: try the next question first
	answered := 0
	for ai := range a.Answers {
		ans := &a.Answers[ai]
		var qi int32 = -1
		if next < len(e.qs) && sameID(e.qs[next].id, ans.Question) {
			qi = int32(next)
		} else if i, ok := e.qIndex[ans.Question]; ok {
			qi = i
		} else {
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: "no such question in model " + e.model.ID, Err: ErrInvalidAnswer}
		}
		next = int(qi) + 1
		q := &e.qs[qi]
		st := &r.states[qi]
		if st.answer >= 0 {
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: "answered twice", Err: ErrInvalidAnswer}
		}
		st.answer = int32(ai)
		if q.cohortMask != 0 && q.cohortMask&cmask == 0 {
			st.how = qNotApplicable
			continue
		}
		if q.number {
			if !ans.IsValue {
				return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("must be a number, not %q", ans.Option), Err: ErrInvalidAnswer}
			}
			if math.IsNaN(ans.Value) || ans.Value < q.min || ans.Value > q.max {
				return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("%v is outside %v..%v", ans.Value, q.min, q.max), Err: ErrInvalidAnswer}
			}
			st.val, st.how = ans.Value, qAnswered
			answered++
			continue
		}
		if ans.IsValue {
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("must be an option id, not the number %v", ans.Value), Err: ErrInvalidAnswer}
		}
		st.opt = -1
		for oi := range q.options {
			if sameID(q.options[oi].id, ans.Option) {
				st.opt = int32(oi)
				break
			}
		}
		if st.opt < 0 {
			return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: fmt.Sprintf("%q is not an option", ans.Option), Err: ErrInvalidAnswer}
		}
		st.how = qAnswered
		answered++
	}
	if !r.traceOn && answered == int(e.applicable[bits.TrailingZeros8(cmask)]) {
		return nil // every question that applies is answered: nothing missing to resolve
	}
	for qi := range e.qs {
		q := &e.qs[qi]
		st := &r.states[qi]
		applicable := q.cohortMask == 0 || q.cohortMask&cmask != 0
		if !applicable {
			st.how, st.opt = qNotApplicable, -1
			if r.traceOn {
				s := noStep()
				s.Kind, s.Question, s.Domain = StepNotApplicable, int32(qi), q.domain
				r.step(s)
			}
			continue
		}
		if st.how == qMissing {
			switch {
			case e.missing == MissingDefault && q.def >= 0:
				st.opt, st.how = q.def, qDefaulted
			case e.missing == MissingDefault && q.hasDefVal:
				st.val, st.how = q.defVal, qDefaulted
			default:
				msg := "not answered, and the model declares no default"
				if e.missing == MissingError {
					msg = "not answered (the model's missing-answer policy is \"error\")"
				}
				return &AnswerError{Assessment: a.ID, Question: q.id, Msg: msg, Err: ErrMissingAnswer}
			}
		}
		if r.traceOn {
			s := noStep()
			s.Kind, s.Question, s.Domain, s.Option = StepAnswer, int32(qi), q.domain, st.opt
			if st.how == qDefaulted {
				s.Kind = StepDefault
			}
			if st.opt >= 0 {
				s.Points = q.options[st.opt].points
			} else {
				s.Value = st.val
			}
			r.step(s)
		}
	}
	return nil
}

// points prices the points by the cohort's schedule.
func (e *Engine) points(r *Result, ci int) {
	sched := &e.schedules[e.schedByCoh[ci]]
	total := r.TotalPoints
	var weekly int64
	s := noStep()
	s.Rule, s.Points = sched.id, total
	switch sched.kind {
	case schedPerPoint:
		weekly = total * sched.priceMicro
		s.Kind, s.Amount = StepPricePerPoint, weekly
		r.step(s)
	case schedDomain:
		for di := range e.domains {
			p := sched.domainPrices[di]
			if p < 0 {
				p = 0
			}
			amt := r.Domains[di].Points * p
			weekly += amt
			if sup := e.domains[di].support; sup >= 0 {
				r.lines[sup].amount += amt
			}
			if r.traceOn {
				ds := s
				ds.Kind, ds.Domain, ds.Points, ds.Amount, ds.Before = StepDomainPrice, int32(di), r.Domains[di].Points, amt, sched.domainPrices[di]
				r.step(ds)
			}
		}
		r.weekly = weekly
		e.linesToHours(r)
		return
	case schedBands:
		for bi, b := range sched.bands {
			if total >= b.min && (b.max < 0 || total <= b.max) {
				weekly = b.amount
				s.Kind, s.Amount, s.Option = StepBand, weekly, int32(bi)
				break
			}
		}
		r.step(s)
	case schedCurve:
		ks := sched.knots
		weekly = ks[len(ks)-1].amount
		for i := 1; i < len(ks); i++ {
			if total <= ks[i].points {
				k0, k1 := ks[i-1], ks[i]
				d, _ := mulDivRound(k1.amount-k0.amount, total-k0.points, k1.points-k0.points)
				weekly = k0.amount + d
				s.Option = int32(i)
				break
			}
		}
		s.Kind, s.Amount = StepCurve, weekly
		r.step(s)
	}
	r.weekly = weekly
	// Attribute the money to domains in proportion to their points.
	e.spreadByPoints(r, weekly)
	e.linesToHours(r)
}

func (e *Engine) spreadByPoints(r *Result, amount int64) {
	if r.TotalPoints == 0 {
		if amount > 0 {
			r.lines[e.fallbackSupport()].amount += amount
		}
		return
	}
	var given int64
	last := int32(-1)
	for di := range e.domains {
		p := r.Domains[di].Points
		if p == 0 {
			continue
		}
		part, _ := mulDivRound(amount, p, r.TotalPoints)
		sup := e.domains[di].support
		r.lines[sup].amount += part
		given += part
		last = sup
	}
	r.lines[last].amount += amount - given
}

func (e *Engine) fallbackSupport() int32 {
	if e.limits.hasFloor {
		return e.limits.floorSupport
	}
	return 0
}

// linesToHours sets each line's hours from its money at the type's rate.
func (e *Engine) linesToHours(r *Result) {
	for i := range r.lines {
		rate := e.support[i].rateMicro
		if rate > 0 {
			r.lines[i].minutes, _ = mulDivRound(r.lines[i].amount, 60_000_000, rate)
		} else {
			r.lines[i].minutes = 0
		}
	}
}

// hours runs a needs-led hours model.
func (e *Engine) hours(a *Assessment, r *Result) error {
	// Minutes per activity from the answers.
	for qi := range e.qs {
		q := &e.qs[qi]
		st := &r.states[qi]
		if q.activity < 0 || st.opt < 0 {
			continue
		}
		m := q.options[st.opt].minutesMicro
		r.acts[q.activity] += m
		if r.traceOn && m != 0 {
			s := noStep()
			s.Kind, s.Question, s.Option, s.Activity, s.Minutes = StepMinutes, int32(qi), st.opt, q.activity, m
			r.step(s)
		}
	}
	// Complexity adjustments.
	for _, adj := range e.adjs {
		st := &r.states[adj.q]
		if st.opt < 0 {
			continue
		}
		f := adj.factors[st.opt]
		if f < 0 || f == 1_000_000 {
			continue
		}
		for _, ai := range adj.acts {
			before := r.acts[ai]
			after, ok := mulDivRound(before, f, 1_000_000)
			if !ok {
				return fmt.Errorf("ras: assessment %s: adjustment %s overflows: %w", a.ID, adj.id, ErrInvalidAmount)
			}
			r.acts[ai] = after
			if r.traceOn && before != after {
				s := noStep()
				s.Kind, s.Rule, s.Question, s.Option, s.Activity, s.Before, s.After, s.Text = StepAdjust, adj.id, adj.q, st.opt, ai, before, after, adj.texts[st.opt]
				r.step(s)
			}
		}
	}
	// Informal support deductions.
	for di := range e.deds {
		d := &e.deds[di]
		switch {
		case d.q >= 0:
			st := &r.states[d.q]
			if st.opt < 0 {
				continue
			}
			f := d.fractions[st.opt]
			if f <= 0 {
				continue
			}
			for _, ai := range d.acts {
				before := r.acts[ai]
				cut, _ := mulDivRound(before, f, 1_000_000)
				r.acts[ai] = before - cut
				if r.traceOn && cut != 0 {
					s := noStep()
					s.Kind, s.Rule, s.Question, s.Option, s.Activity, s.Before, s.After, s.Minutes, s.Text = StepDeduct, d.id, d.q, st.opt, ai, before, before-cut, cut, d.texts[st.opt]
					r.step(s)
				}
			}
		default:
			var hours float64
			q := int32(-1)
			if d.hoursQ >= 0 {
				q = d.hoursQ
				st := &r.states[q]
				if st.how != qAnswered && st.how != qDefaulted {
					continue
				}
				hours = st.val
			} else {
				hours = a.InformalHours(d.informal)
			}
			if !(hours >= 0) || hours > 7*24*10 {
				return &AnswerError{Assessment: a.ID, Question: d.informal, Msg: fmt.Sprintf("informal help of %v hours a week is out of range", hours), Err: ErrInvalidAnswer}
			}
			left := int64(math.Round(hours * 60_000_000))
			for _, ai := range d.acts {
				if left == 0 {
					break
				}
				before := r.acts[ai]
				cut := min(before, left)
				left -= cut
				r.acts[ai] = before - cut
				if r.traceOn && cut != 0 {
					s := noStep()
					s.Kind, s.Rule, s.Question, s.Activity, s.Before, s.After, s.Minutes, s.Value = StepDeduct, d.id, q, ai, before, before-cut, cut, hours
					r.step(s)
				}
			}
		}
	}
	// Price the activities.
	var weekly int64
	for ai := range e.acts {
		m := r.acts[ai]
		if m == 0 {
			continue
		}
		sup := e.acts[ai].support
		amt, ok := mulDivRound(m, e.support[sup].rateMicro, 60_000_000)
		if !ok {
			return fmt.Errorf("ras: assessment %s: activity %s overflows: %w", a.ID, e.acts[ai].id, ErrInvalidAmount)
		}
		r.lines[sup].minutes += m
		r.lines[sup].amount += amt
		weekly += amt
		if r.traceOn {
			s := noStep()
			s.Kind, s.Activity, s.Support, s.Minutes, s.Amount = StepPriceHours, int32(ai), sup, m, amt
			r.step(s)
		}
	}
	// Night and respite additions.
	for _, ad := range e.addns {
		st := &r.states[ad.q]
		if st.opt < 0 {
			continue
		}
		var amt, mins int64
		switch {
		case ad.weekly[st.opt] >= 0:
			amt = ad.weekly[st.opt]
		case ad.minutes[st.opt] >= 0:
			mins = ad.minutes[st.opt]
			amt, _ = mulDivRound(mins, e.support[ad.support].rateMicro, 60_000_000)
		default:
			continue
		}
		if amt == 0 && mins == 0 {
			continue
		}
		r.lines[ad.support].amount += amt
		r.lines[ad.support].minutes += mins
		weekly += amt
		if r.traceOn {
			s := noStep()
			s.Kind, s.Rule, s.Question, s.Option, s.Support, s.Minutes, s.Amount = StepAddition, ad.id, ad.q, st.opt, ad.support, mins, amt
			r.step(s)
		}
	}
	r.weekly = weekly
	return nil
}

// regression evaluates the linear predictor and the inverse link.
func (e *Engine) regression(a *Assessment, r *Result, ci int) error {
	g := e.reg
	eta := g.intercept
	age, ageOK := a.Person.AgeOn(a.Date)
	si := settingIndex(a.Person.LivingSetting)
	for ti := range g.terms {
		t := &g.terms[ti]
		x := 1.0
		for fi := range t.factors {
			f := &t.factors[fi]
			var v float64
			switch f.kind {
			case facDomain:
				v = float64(r.Domains[f.index].Points)
			case facQuestion:
				st := &r.states[f.index]
				if st.opt >= 0 {
					v = float64(e.qs[f.index].options[st.opt].points)
				} else {
					v = st.val
				}
			case facOption:
				if r.states[f.index].opt == f.option {
					v = 1
				}
			case facSettings:
				if si >= 0 && f.mask&(1<<si) != 0 {
					v = 1
				}
			case facCohorts:
				if f.mask&(1<<ci) != 0 {
					v = 1
				}
			case facAge:
				if !ageOK {
					return &AnswerError{Assessment: a.ID, Question: "person.age", Msg: "the model needs the person's age or date of birth", Err: ErrMissingAnswer}
				}
				if age >= f.ageMin && age <= f.ageMax {
					v = 1
				}
			case facVariable:
				switch f.vari {
				case VariableAge:
					if !ageOK {
						return &AnswerError{Assessment: a.ID, Question: "person.age", Msg: "the model needs the person's age or date of birth", Err: ErrMissingAnswer}
					}
					v = float64(age)
				case VariableTotalPoints:
					v = float64(r.TotalPoints)
				case VariableInformalHours:
					v = a.InformalHours("")
				}
			}
			x *= v
		}
		c := t.coef * x
		eta += c
		if r.traceOn && c != 0 {
			s := noStep()
			s.Kind, s.Rule, s.Value = StepTerm, t.name, c
			r.step(s)
		}
	}
	r.Eta = eta
	var amount float64
	switch g.link {
	case LinkIdentity:
		amount = eta
	case LinkSqrt:
		amount = eta*eta + g.varCorr
	case LinkLog:
		sm := g.smearing
		idx := si
		if g.smearBy == "cohort" {
			idx = ci
		}
		if g.smearBy != "" && idx >= 0 && g.smearHas[idx] {
			sm = g.smearSet[idx]
		}
		amount = math.Exp(eta) * sm
	case LinkLogit:
		r.Probability = 1 / (1 + math.Exp(-eta))
		if r.traceOn {
			s := noStep()
			s.Kind, s.Value = StepLink, r.Probability
			r.step(s)
		}
		return nil
	}
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return fmt.Errorf("ras: assessment %s: model %s gives a non-finite amount (η = %v): %w", a.ID, e.model.ID, eta, ErrInvalidAmount)
	}
	u, err := MicroPenceFromFloat(max(amount, 0))
	if err != nil {
		return fmt.Errorf("ras: assessment %s: %w", a.ID, err)
	}
	if g.annual {
		u, _ = mulDivRound(u, 1_000_000, e.weeksMicro)
	}
	r.weekly = u
	if r.traceOn {
		s := noStep()
		s.Kind, s.Value, s.Amount = StepLink, eta, u
		r.step(s)
	}
	if g.shares != nil {
		var given int64
		last := -1
		for i, sh := range g.shares {
			if sh == 0 {
				continue
			}
			part, _ := mulDivRound(u, sh, 1_000_000)
			r.lines[i].amount += part
			given += part
			last = i
		}
		r.lines[last].amount += u - given
		e.linesToHours(r)
	}
	return nil
}

// applyLimits applies setting caps, the overall cap and the floor.
func (e *Engine) applyLimits(a *Assessment, r *Result) {
	l := &e.limits
	si := settingIndex(a.Person.LivingSetting)
	for _, c := range l.settingCaps {
		if si >= 0 && c.mask&(1<<si) != 0 && r.weekly > c.cap {
			e.limit(r, StepSettingCap, c.id, c.name, c.cap)
		}
	}
	if l.hasCap && r.weekly > l.cap {
		e.limit(r, StepCap, "cap", "overall cap", l.cap)
	}
	if l.hasFloor && r.weekly < l.floor {
		e.limit(r, StepFloor, "floor", "minimum budget", l.floor)
	}
}

// limit sets the weekly amount to to and scales the hours lines with it.
func (e *Engine) limit(r *Result, kind StepKind, id, name string, to int64) {
	from := r.weekly
	r.Adjustments = append(r.Adjustments, Applied{Kind: kind, Rule: id, Name: name, Before: from, After: to})
	if r.traceOn {
		s := noStep()
		s.Kind, s.Rule, s.Before, s.After = kind, id, from, to
		r.step(s)
	}
	r.weekly = to
	var sum int64
	for _, ln := range r.lines {
		sum += ln.amount
	}
	if sum == 0 {
		if to > 0 {
			sup := e.fallbackSupport()
			r.lines[sup].amount = to
			if rate := e.support[sup].rateMicro; rate > 0 {
				r.lines[sup].minutes, _ = mulDivRound(to, 60_000_000, rate)
			}
		}
		return
	}
	var given int64
	last := -1
	for i := range r.lines {
		ln := &r.lines[i]
		if ln.amount == 0 {
			continue
		}
		na, _ := mulDivRound(ln.amount, to, sum)
		ln.minutes, _ = mulDivRound(ln.minutes, to, sum)
		ln.amount = na
		given += na
		last = i
	}
	r.lines[last].amount += to - given
}

// round rounds the weekly amount, and the annual amount once from the exact
// weekly amount × weeks per year.
func (e *Engine) round(r *Result) {
	unit := e.unitMicro
	r.weeklyPence = roundMicro(r.weekly, unit, e.mode) / microPerPenny
	r.annualPence = roundProduct(r.weekly, e.weeksMicro, 1_000_000, unit, e.mode) / microPerPenny
	if r.traceOn {
		s := noStep()
		s.Kind, s.Before, s.After = StepRound, r.weekly, r.weeklyPence*microPerPenny
		r.step(s)
	}
}

// roundProduct returns a·b/c rounded by mode to a multiple of unit, for
// a ≥ 0 and b, c, unit > 0, with one rounding.
func roundProduct(a, b, c, unit int64, mode RoundingMode) int64 {
	if a < 0 {
		// Budgets are never negative; keep the arithmetic defined anyway.
		return -roundProduct(-a, b, c, unit, flip(mode))
	}
	hi, lo := mul128(uint64(a), uint64(b))
	den := uint64(c) * uint64(unit)
	q, rem := div128(hi, lo, den)
	if rem != 0 {
		switch mode {
		case RoundUp:
			q++
		case RoundDown:
		case RoundHalfEven:
			if rem > den-rem || (rem == den-rem && q&1 == 1) {
				q++
			}
		default:
			if rem >= den-rem {
				q++
			}
		}
	}
	return int64(q) * unit
}

func flip(m RoundingMode) RoundingMode {
	switch m {
	case RoundUp:
		return RoundDown
	case RoundDown:
		return RoundUp
	}
	return m
}

// ---- batch ----

// BatchOptions control AssessBatch. The zero value uses every CPU and no
// trace.
type BatchOptions struct {
	// Workers is the number of goroutines; runtime.GOMAXPROCS(0) when 0.
	Workers int
	// Trace records each result's trace.
	Trace bool
}

// BatchError lists the assessments a batch could not assess, by index.
type BatchError struct {
	Failed map[int]error
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("ras: %d assessments could not be assessed (first: %v)", len(e.Failed), e.first())
}

func (e *BatchError) first() error {
	best := -1
	for i := range e.Failed {
		if best < 0 || i < best {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return e.Failed[best]
}

// Unwrap returns the errors, in no particular order.
func (e *BatchError) Unwrap() []error {
	out := make([]error, 0, len(e.Failed))
	for _, err := range e.Failed {
		out = append(out, err)
	}
	return out
}

// AssessBatch assesses every assessment in as, in parallel, and returns one
// Result per assessment in the same order. Assessments that fail leave a zero
// Result at their index and are listed, with their errors, in a *BatchError;
// the others are still assessed. A cancelled ctx stops the batch and returns
// ctx.Err(). The results' amounts and hours are complete; each keeps its
// trace only when opt.Trace is set.
func (e *Engine) AssessBatch(ctx context.Context, as []Assessment, opt BatchOptions) ([]Result, error) {
	out := make([]Result, len(as))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(1, len(as)))
	// The results share two slabs for their per-domain points and hours
	// lines, so a batch allocates a handful of times, not per result.
	nd, ns := len(e.domains), len(e.support)
	domSlab := make([]DomainScore, len(as)*nd)
	lineSlab := make([]line, len(as)*ns)
	const chunk = 1024
	var (
		mu     sync.Mutex
		failed map[int]error
		next   int
		wg     sync.WaitGroup
	)
	take := func() (int, int) {
		mu.Lock()
		defer mu.Unlock()
		lo := next
		next = min(next+chunk, len(as))
		return lo, next
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch Result
			for {
				if ctx.Err() != nil {
					return
				}
				lo, hi := take()
				if lo >= hi {
					return
				}
				for i := lo; i < hi; i++ {
					if err := e.AssessInto(&as[i], &scratch, AssessOptions{Trace: opt.Trace}); err != nil {
						mu.Lock()
						if failed == nil {
							failed = map[int]error{}
						}
						failed[i] = err
						mu.Unlock()
						continue
					}
					scratch.detach(&out[i], domSlab[i*nd:(i+1)*nd:(i+1)*nd], lineSlab[i*ns:(i+1)*ns:(i+1)*ns])
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if failed != nil {
		return out, &BatchError{Failed: failed}
	}
	return out, nil
}

// detach copies r into dst, with dst's points and hours lines in the given
// storage and without the scratch space needed only while assessing.
func (r *Result) detach(dst *Result, dom []DomainScore, lines []line) {
	*dst = *r
	dst.Domains = dom
	copy(dst.Domains, r.Domains)
	dst.lines = lines
	copy(dst.lines, r.lines)
	dst.states, dst.acts = nil, nil
	dst.Adjustments = nil
	if len(r.Adjustments) > 0 {
		dst.Adjustments = append([]Applied(nil), r.Adjustments...)
	}
	dst.trace = nil
	if len(r.trace) > 0 {
		dst.trace = append([]Step(nil), r.trace...)
	}
}

// AssessSeq assesses a sequence of assessments on the calling goroutine. It
// yields each assessment with its Result or error. The Result is reused: it
// is valid only until the next iteration (Clone it to keep it).
func (e *Engine) AssessSeq(seq iter.Seq[*Assessment], opt AssessOptions) iter.Seq2[*Result, error] {
	return func(yield func(*Result, error) bool) {
		var r Result
		for a := range seq {
			if err := e.AssessInto(a, &r, opt); err != nil {
				if !yield(nil, err) {
					return
				}
				continue
			}
			if !yield(&r, nil) {
				return
			}
		}
	}
}
