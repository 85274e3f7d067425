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
	if err := e.ready(); err != nil {
		return nil, err
	}
	// Room for the usual number of steps, so the trace grows once at most.
	r := &Result{trace: make([]Step, 0, len(e.qs)+len(e.domains)+3*len(e.acts)+len(e.adjs)+len(e.addns)+len(e.limits.settingCaps)+8)}
	if e.reg != nil {
		r.trace = make([]Step, 0, len(e.qs)+len(e.domains)+len(e.reg.terms)+8)
	}
	if err := e.AssessInto(a, r, AssessOptions{Trace: true}); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Result) reset(e *Engine, a *Assessment, trace bool) {
	r.AssessmentID, r.PersonID, r.Cohort = a.ID, a.Person.ID, a.Cohort
	r.TotalPoints, r.Probability, r.Eta = 0, 0, 0
	r.HasBudget = e.family != FamilyRegression || e.reg.link != LinkLogit
	r.weekly, r.weeklyPence, r.annualPence, r.totalPence = 0, 0, 0, 0
	r.composed, r.capped = false, false
	r.base, r.annualExact, r.linesBy, r.ok = 0, -1, linesNone, false
	r.Defaulted, r.Negative = 0, false
	r.Adjustments = r.Adjustments[:0]
	r.trace = r.trace[:0]
	r.traceOn = trace
	r.engine = e
	// One accumulator: the domains' points, the activities' minutes and a
	// spare entry for the minutes of options that count for no activity.
	nd, n := len(e.domains), e.accLen
	if cap(r.acc) < n {
		r.acc = make([]int64, n)
	}
	r.acc = r.acc[:n]
	clear(r.acc)
	r.points, r.acts = r.acc[:nd:nd], r.acc[nd:]
	r.etaAcc = 0
	if cap(r.lines) < len(e.support) {
		r.lines = make([]line, len(e.support))
	}
	r.lines = r.lines[:len(e.support)]
	clear(r.lines)
	if cap(r.states) < len(e.qs) {
		r.states = make([]qstate, len(e.qs))
	}
	r.states = r.states[:len(e.qs)]
	copy(r.states, e.blank)
}

func (r *Result) step(s Step) {
	if r.traceOn {
		r.trace = append(r.trace, s)
	}
}

func noStep() Step { return Step{Domain: -1, Question: -1, Option: -1, Activity: -1, Support: -1} }

// ready reports an engine that Compile did not make (nil, or the zero
// Engine), which cannot assess.
func (e *Engine) ready() error {
	if e == nil || e.model == nil {
		return wrapf(ErrInvalidModel, "the engine was not made by Compile or Load")
	}
	return nil
}

// AssessInto assesses one person into r, reusing r's storage. With the trace
// off and a Result that has been used before, it does not allocate.
//
// It first checks the assessment's fields that scoring uses (its id, date,
// cohort, the person's id, age, date of birth and living setting, the
// informal help, and for a model that composes the budget the date the
// budget starts and the approved add-ons) as Assessment.Validate does: an assessment that fails gets
// the error Validate returns (an ErrInvalidAssessment listing every
// problem), and no budget. The fields scoring does not use (safety, planned
// and estimated amounts, eligibility decisions) are not checked here; the
// readers (ReadCSV, ReadJSON) validate them all. There is no unchecked path:
// the checks cost a few nanoseconds and do not allocate.
//
// It checks the answers against the model: an answer to an unknown question,
// an unknown option or a number out of range is an ErrInvalidAnswer; a
// missing answer is an ErrMissingAnswer unless the model's policy supplies a
// default. Both come as *AnswerError naming the assessment and question. A
// cohort the model does not serve is an ErrCohort.
func (e *Engine) AssessInto(a *Assessment, r *Result, opt AssessOptions) error {
	if r != nil {
		r.ok = false // until this assessment succeeds
	}
	if err := e.ready(); err != nil {
		return err
	}
	if a == nil || r == nil {
		return wrapf(ErrInvalidAssessment, "AssessInto needs an assessment and a result")
	}
	r.reset(e, a, opt.Trace)
	ci := cohortIndex(a.Cohort)
	r.si = settingIndex(a.Person.LivingSetting)
	if ci < 0 || r.si < 0 || !a.valid() {
		return a.Validate()
	}
	if e.cohortMask&(1<<ci) == 0 {
		return wrapf(ErrCohort, "assessment %s: cohort: model %s serves %s, not %s", quoteID(a.ID), quoteID(e.model.ID), cohortList(e.model.Cohorts), quoteText(string(a.Cohort)))
	}
	if err := e.resolve(a, r, uint8(1)<<ci); err != nil {
		return err
	}
	// Domain points, added up while matching.
	var total int64
	for _, pts := range r.points {
		total += pts
	}
	r.TotalPoints = total
	if r.traceOn {
		for di, pts := range r.points {
			s := noStep()
			s.Kind, s.Domain, s.Points = StepDomain, int32(di), pts
			r.step(s)
		}
	}
	var err error
	switch e.family {
	case FamilyPoints:
		if err = e.points(r, ci); err != nil {
			err = wrapf(err, "assessment %s", quoteID(a.ID))
		}
	case FamilyHours:
		err = e.hours(a, r)
	case FamilyRegression:
		err = e.regression(a, r, ci)
	}
	if err != nil {
		return err
	}
	if !r.HasBudget {
		r.ok = true
		return nil
	}
	if r.weekly > maxMicro {
		return wrapf(errTooLarge, "assessment %s", quoteID(a.ID))
	}
	r.base = r.weekly
	e.applyLimits(a, r)
	e.round(r)
	if e.comp != nil {
		if err := e.compose(a, r); err != nil {
			return err
		}
	}
	r.ok = true
	return nil
}

// Results of matching the answers, for the cold path that builds the error.
const (
	matchOK uint8 = iota
	matchUnknownQuestion
	matchTwice
	matchNotNumber
	matchOutOfRange
	matchNotOption
	matchUnknownOption
	matchSkipped // a question that does not apply to the cohort
)

// match matches each answer to its question and option, recording them in
// states and adding up each option's points, minutes and folded regression
// terms in acc (see orec). It is kept free of error construction: on a
// problem it returns the answer's index and a code.
//
// The hot loop is matchRun, whose only calls are the runtime's string
// comparisons. It stops at the first answer it does not handle: an answer
// out of model order, an answer to a question that does not apply to the
// cohort, an option its question's table does not place, or one that is
// invalid. match handles that one answer here and runs matchRun again from
// the next.
func (e *Engine) match(answers []Answer, states []qstate, cmask uint8, acc []int64) (answered, bad int, code uint8, eta float64) {
	if len(states) != len(e.slots) || len(acc) != e.accLen {
		panic("ras: match: result not reset for this engine")
	}
	skipped := 0 // answers to questions that do not apply
	ai, next := 0, 0
	fresh := 0 // questions from here on have no answer yet
	for {
		if next >= fresh && ai < len(answers) && next < len(e.slots) {
			// Every question from next on is unanswered: the run need not
			// look for answers given twice.
			var n int
			n, eta = e.matchRun(answers[ai:], e.slots[next:], states[next:], cmask, acc, eta)
			ai, next = ai+n, next+n
			fresh = max(fresh, next)
		}
		if ai == len(answers) {
			return len(answers) - skipped, -1, matchOK, eta
		}
		ans := &answers[ai]
		qi := next
		if qi >= len(e.slots) || e.slots[qi].id != ans.Question {
			if qi = e.findQuestion(ans.Question, next); qi < 0 {
				return ai - skipped, ai, matchUnknownQuestion, eta
			}
		}
		next = qi + 1
		fresh = max(fresh, next)
		sl, st := &e.slots[qi], &states[qi]
		if st.how != qMissing {
			return ai - skipped, ai, matchTwice, eta
		}
		ai++
		if sl.choice&cmask == 0 || ans.IsValue {
			if c := e.matchOther(qi, ans, st, cmask); c == matchSkipped {
				skipped++
			} else if c != matchOK {
				return ai - 1 - skipped, ai - 1, c, eta
			}
			continue
		}
		k := e.lookupOption(sl, ans.Option)
		if k < 0 {
			k = matchOption(e.optIDs[sl.optFrom:sl.optTo], ans.Option)
		}
		if k < 0 {
			return ai - 1 - skipped, ai - 1, matchUnknownOption, eta
		}
		rec := &e.recs[int(sl.optFrom)+k]
		st.opt, st.how = rec.opt, qAnswered
		acc[sl.domain] += rec.points
		acc[rec.act] += rec.minutes
		eta += rec.eta
	}
}

// lookupOption finds option id of the question sl in its option table and
// returns its index in the question, or −1 if the table does not place it.
func (e *Engine) lookupOption(sl *qslot, id string) int {
	if len(id) == 0 {
		return -1
	}
	h := int(sl.hash[optHash(id, sl.hashMul)]) - 1
	if h < 0 || e.optIDs[int(sl.optFrom)+h] != id {
		return -1
	}
	return h
}

// matchRun matches answers, from the first, while each is to the next of
// the questions slots (with their states) and chooses an option its
// question's table places, or gives a number in range, recording and
// adding up as match does. Every question in slots must be unanswered. It
// returns the number of answers matched, and η so far.
//
// Each id is compared in full with the model's: an id that shares the
// model's bytes (answers read with ReadOptions.Model, generated by
// ras/synth, built from Engine.Model or passed through Engine.Intern) is
// equal at the runtime's first check, of the address (amd64, arm64);
// another is compared byte by byte.
func (e *Engine) matchRun(answers []Answer, slots []qslot, states []qstate, cmask uint8, acc []int64, eta float64) (int, float64) {
	n := min(len(answers), len(slots), len(states))
	answers, slots, states = answers[:n], slots[:n], states[:n]
	recs := e.recs
	for i := range answers {
		ans, sl, st := &answers[i], &slots[i], &states[i]
		if ans.Question != sl.id {
			return i, eta
		}
		if sl.choice&cmask == 0 || ans.IsValue {
			// A number question that applies, answered in range; anything
			// else is match's.
			if sl.number&cmask == 0 || !ans.IsValue || !(ans.Value >= sl.min && ans.Value <= sl.max) {
				return i, eta
			}
			st.val, st.how = ans.Value, qAnswered
			continue
		}
		// One look-up in the question's option table, one comparison.
		o := ans.Option
		if len(o) == 0 {
			return i, eta
		}
		h := int(sl.hash[optHash(o, sl.hashMul)])
		if h == 0 {
			return i, eta
		}
		rec := &recs[int(sl.optFrom)+h-1]
		if rec.id != o {
			return i, eta
		}
		st.opt, st.how = rec.opt, qAnswered
		acc[sl.domain] += rec.points
		acc[rec.act] += rec.minutes
		eta += rec.eta
	}
	return n, eta
}

// matchOther matches an answer the hot loop leaves out: to a question that
// does not apply to the cohort (checked, then left out: the trace says so;
// matchSkipped), to a number question, or a number given to a choice
// question (an error).
//
//go:noinline
func (e *Engine) matchOther(qi int, ans *Answer, st *qstate, cmask uint8) uint8 {
	q := &e.qs[qi]
	if q.cohortMask != 0 && q.cohortMask&cmask == 0 {
		if c := e.checkAnswer(qi, ans); c != matchOK {
			return c
		}
		st.how = qNotApplicable
		return matchSkipped
	}
	if !q.number {
		return matchNotOption
	}
	if !ans.IsValue {
		return matchNotNumber
	}
	if !(ans.Value >= q.min && ans.Value <= q.max) {
		return matchOutOfRange
	}
	st.val, st.how = ans.Value, qAnswered
	return matchOK
}

// checkAnswer checks an answer to a question without recording it.
func (e *Engine) checkAnswer(qi int, ans *Answer) uint8 {
	m, q := &e.slots[qi], &e.qs[qi]
	switch {
	case q.number && !ans.IsValue:
		return matchNotNumber
	case q.number && !(ans.Value >= q.min && ans.Value <= q.max):
		return matchOutOfRange
	case !q.number && ans.IsValue:
		return matchNotOption
	case !q.number && matchOption(e.optIDs[m.optFrom:m.optTo], ans.Option) < 0:
		return matchUnknownOption
	}
	return matchOK
}

// findQuestion finds the question of an answer that is not to the
// expected question: first among the next few questions (an answer skips
// the questions that do not apply to its cohort), then the index. It
// returns −1 if there is none.
//
//go:noinline
func (e *Engine) findQuestion(id string, next int) int {
	for qi := next + 1; qi < len(e.slots) && qi < next+8; qi++ {
		if e.slots[qi].id == id {
			return qi
		}
	}
	if i, ok := e.qIndex[id]; ok {
		return int(i)
	}
	return -1
}

// matchQuestion finds a question: first the question expected next, then
// the index. It returns −1 if there is none.
func (e *Engine) matchQuestion(id string, next int) int {
	if next < len(e.qids) && e.qids[next] == id {
		return next
	}
	if i, ok := e.qIndex[id]; ok {
		return int(i)
	}
	return -1
}

// matchOption finds an option by comparing ids, or returns −1.
//
//go:noinline
func matchOption(opts []string, id string) int {
	for oi := range opts {
		if opts[oi] == id {
			return oi
		}
	}
	return -1
}

// matchError builds the error for a failed match.
func (e *Engine) matchError(a *Assessment, ai int, code uint8) error {
	ans := &a.Answers[ai]
	msg := ""
	switch code {
	case matchUnknownQuestion:
		msg = "no such question in model " + e.model.ID
	case matchTwice:
		msg = "answered twice"
	case matchNotNumber:
		msg = fmt.Sprintf("must be a number, not %q", ans.Option)
	case matchOutOfRange:
		q := &e.qs[e.qIndex[ans.Question]]
		msg = fmt.Sprintf("%v is outside %v..%v", ans.Value, q.min, q.max)
	case matchNotOption:
		msg = fmt.Sprintf("must be an option id, not the number %v", ans.Value)
	default:
		msg = fmt.Sprintf("%q is not an option", ans.Option)
	}
	return &AnswerError{Assessment: a.ID, Question: ans.Question, Msg: msg, Err: ErrInvalidAnswer}
}

// resolve matches the answers to the questions and applies the
// missing-answer policy.
func (e *Engine) resolve(a *Assessment, r *Result, cmask uint8) error {
	answered, bad, code, eta := e.match(a.Answers, r.states, cmask, r.acc)
	r.etaAcc = eta
	if code != matchOK {
		return e.matchError(a, bad, code)
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
				r.Defaulted++
				rec := &e.recs[int(e.slots[qi].optFrom)+int(q.def)]
				r.points[q.domain] += rec.points
				r.etaAcc += rec.eta
				r.acc[rec.act] += rec.minutes
			case e.missing == MissingDefault && q.hasDefVal:
				st.val, st.how = q.defVal, qDefaulted
				r.Defaulted++
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

// points prices the points by the cohort's schedule. The hours breakdown
// is worked out only when asked for (Result.Hours).
func (e *Engine) points(r *Result, ci int) error {
	sched := &e.schedules[e.schedByCoh[ci]]
	total := r.TotalPoints
	var weekly int64
	s := noStep()
	s.Rule, s.Points = sched.id, total
	r.linesBy = linesByPoints
	switch sched.kind {
	case schedPerPoint:
		w, ok := mulSmall(total, sched.priceMicro)
		if !ok {
			w, ok = mulDivRound(total, sched.priceMicro, 1)
		}
		if !ok || w > maxMicro {
			return errTooLarge
		}
		weekly = w
		s.Kind, s.Amount = StepPricePerPoint, weekly
		r.step(s)
	case schedDomain:
		r.linesBy = linesByMoney
		for di := range e.domains {
			p := sched.domainPrices[di]
			if p < 0 {
				p = 0
			}
			amt, ok := mulSmall(r.points[di], p)
			if !ok {
				amt, ok = mulDivRound(r.points[di], p, 1)
			}
			if !ok || amt > maxMicro {
				return errTooLarge
			}
			weekly += amt
			if weekly > maxMicro {
				return errTooLarge
			}
			if sup := e.domains[di].support; sup >= 0 {
				r.lines[sup].amount += amt
			}
			if r.traceOn {
				ds := s
				ds.Kind, ds.Domain, ds.Points, ds.Amount, ds.Before = StepDomainPrice, int32(di), r.points[di], amt, sched.domainPrices[di]
				r.step(ds)
			}
		}
		r.weekly = weekly
		return nil
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
	return nil
}

// errTooLarge is returned, wrapped with the assessment id, when an amount
// leaves the engine's range (about £90 million a week).
var errTooLarge = wrapf(ErrInvalidAmount, "the amount is beyond the engine's range of £%d a week", maxMicro/microPerPound)

func (e *Engine) fallbackSupport() int32 {
	if e.limits.hasFloor {
		return e.limits.floorSupport
	}
	return 0
}

// hours runs a needs-led hours model.
func (e *Engine) hours(a *Assessment, r *Result) error {
	r.linesBy = linesDirect
	// Local copies: stores through r's slices cannot then make the
	// compiler reload them.
	acts, states, lines, trace := r.acts, r.states, r.lines, r.traceOn
	// Minutes per activity were added up while matching the answers.
	if trace {
		for qi := range e.qs {
			q := &e.qs[qi]
			st := &states[qi]
			if q.activity < 0 || st.opt < 0 {
				continue
			}
			if m := q.options[st.opt].minutesMicro; m != 0 {
				s := noStep()
				s.Kind, s.Question, s.Option, s.Activity, s.Minutes = StepMinutes, int32(qi), st.opt, q.activity, m
				r.step(s)
			}
		}
	}
	// Complexity adjustments.
	for i := range e.adjs {
		adj := &e.adjs[i]
		st := &states[adj.q]
		if st.opt < 0 {
			continue
		}
		f := adj.factors[st.opt]
		if f < 0 || f == 1_000_000 {
			continue
		}
		for _, ai := range adj.acts {
			before := acts[ai]
			after, ok := mulDivFast(before, f, perMillion)
			if !ok {
				after, ok = mulDivRound(before, f, perMillion)
			}
			if !ok {
				return wrapf(ErrInvalidAmount, "assessment %s: adjustment %s overflows", quoteID(a.ID), adj.id)
			}
			acts[ai] = after
			if trace && before != after {
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
			st := &states[d.q]
			if st.opt < 0 {
				continue
			}
			f := d.fractions[st.opt]
			if f <= 0 {
				continue
			}
			for _, ai := range d.acts {
				before := acts[ai]
				cut, ok := mulDivFast(before, f, perMillion)
				if !ok {
					cut, _ = mulDivRound(before, f, perMillion)
				}
				acts[ai] = before - cut
				if trace && cut != 0 {
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
				st := &states[q]
				if st.how != qAnswered && st.how != qDefaulted {
					continue
				}
				hours = st.val
			} else {
				hours = a.InformalHours(d.informal)
			}
			if !(hours >= 0) || hours > 7*24*10 {
				where := "informal_help"
				if q >= 0 {
					where = e.qs[q].id
				}
				return &AnswerError{Assessment: a.ID, Question: where, Msg: fmt.Sprintf("informal help of %v hours a week is out of range", hours), Err: ErrInvalidAnswer}
			}
			left := int64(math.Round(hours * 60_000_000))
			for _, ai := range d.acts {
				if left == 0 {
					break
				}
				before := acts[ai]
				cut := min(before, left)
				left -= cut
				acts[ai] = before - cut
				if trace && cut != 0 {
					s := noStep()
					s.Kind, s.Rule, s.Question, s.Activity, s.Before, s.After, s.Minutes, s.Value = StepDeduct, d.id, q, ai, before, before-cut, cut, hours
					r.step(s)
				}
			}
		}
	}
	// Price the minutes, once per support type (the trace shows each
	// activity's share, priced on its own).
	for ai, sup := range e.actSupport {
		lines[sup].minutes += acts[ai]
	}
	if trace {
		for ai, sup := range e.actSupport {
			if m := acts[ai]; m != 0 {
				amt, ok := mulDivFast(m, e.support[sup].rateMicro, perHourMicro)
				if !ok {
					amt, _ = mulDivRound(m, e.support[sup].rateMicro, perHourMicro)
				}
				s := noStep()
				s.Kind, s.Activity, s.Support, s.Minutes, s.Amount = StepPriceHours, int32(ai), sup, m, amt
				r.step(s)
			}
		}
	}
	var weekly int64
	for si := range lines {
		if m := lines[si].minutes; m != 0 {
			rate := e.support[si].rateMicro
			amt, ok := mulDivFast(m, rate, perHourMicro)
			if !ok {
				amt, ok = mulDivRound(m, rate, perHourMicro)
			}
			if !ok || amt > maxMicro {
				return wrapf(errTooLarge, "assessment %s", quoteID(a.ID))
			}
			lines[si].amount = amt
			weekly += amt
		}
	}
	// Night and respite additions.
	for i := range e.addns {
		ad := &e.addns[i]
		st := &states[ad.q]
		if st.opt < 0 {
			continue
		}
		var amt, mins int64
		switch {
		case ad.weekly[st.opt] >= 0:
			amt = ad.weekly[st.opt]
		case ad.minutes[st.opt] >= 0:
			mins = ad.minutes[st.opt]
			var ok bool
			if amt, ok = mulDivFast(mins, e.support[ad.support].rateMicro, perHourMicro); !ok {
				amt, ok = mulDivRound(mins, e.support[ad.support].rateMicro, perHourMicro)
			}
			if !ok || amt > maxMicro {
				return wrapf(errTooLarge, "assessment %s: addition %s", quoteID(a.ID), ad.id)
			}
		default:
			continue
		}
		if amt == 0 && mins == 0 {
			continue
		}
		lines[ad.support].amount += amt
		lines[ad.support].minutes += mins
		weekly += amt
		if trace {
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
	// Folded terms: added up while matching, one table entry per answer;
	// then the number questions.
	eta := g.intercept + r.etaAcc
	for _, qi := range g.numQs {
		if st := &r.states[qi]; st.how == qAnswered || st.how == qDefaulted {
			eta += g.qCoef[qi] * st.val
		}
	}
	age, ageOK := a.Person.AgeOn(a.Date)
	si := r.si
	// The other terms, and with the trace on every term, one by one.
	for k := range g.nTerms(r.traceOn) {
		ti := k
		if !r.traceOn {
			ti = int(g.general[k])
		}
		t := &g.terms[ti]
		x := 1.0
		for fi := range t.factors {
			f := &t.factors[fi]
			var v float64
			switch f.kind {
			case facDomain:
				v = float64(r.points[f.index])
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
					return &AnswerError{Assessment: a.ID, Path: "person.age", Msg: "the model needs the person's age or date of birth", Err: ErrMissingAnswer}
				}
				if age >= f.ageMin && age <= f.ageMax {
					v = 1
				}
			case facVariable:
				switch f.vari {
				case VariableAge:
					if !ageOK {
						return &AnswerError{Assessment: a.ID, Path: "person.age", Msg: "the model needs the person's age or date of birth", Err: ErrMissingAnswer}
					}
					v = float64(age)
				case VariableTotalPoints:
					v = float64(r.TotalPoints)
				case VariableInformalHours:
					v = a.InformalHours("")
					if !(v >= 0) || v > 168*10 {
						return &AnswerError{Assessment: a.ID, Path: "informal_help", Msg: fmt.Sprintf("informal help of %v hours a week is not a number of hours", v), Err: ErrInvalidAnswer}
					}
				}
			}
			x *= v
		}
		c := t.coef * x
		if !g.folded[ti] {
			eta += c
		}
		if r.traceOn && c != 0 {
			s := noStep()
			s.Kind, s.Rule, s.Value, s.X = StepTerm, t.name, c, x
			r.step(s)
		}
	}
	r.Eta = eta
	if math.IsNaN(eta) || math.IsInf(eta, 0) {
		return wrapf(ErrInvalidAmount, "assessment %s: model %s gives a linear predictor that is not a finite number (%v)", quoteID(a.ID), quoteID(e.model.ID), eta)
	}
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
		return wrapf(ErrInvalidAmount, "assessment %s: model %s gives a non-finite amount (η = %v)", quoteID(a.ID), quoteID(e.model.ID), eta)
	}
	if amount < 0 {
		r.Negative = true // a prediction below zero is a budget of zero; the trace says so
		amount = 0
	}
	u, err := MicroPenceFromFloat(amount)
	if err != nil {
		return wrapf(err, "assessment %s", quoteID(a.ID))
	}
	if g.annual {
		// Keep the exact annual amount: it is rounded once, as it is.
		r.annualExact = u
		u, _ = mulDivRound(u, 1_000_000, e.weeksMicro)
	}
	if u > maxMicro {
		return wrapf(errTooLarge, "assessment %s", quoteID(a.ID))
	}
	r.weekly = u
	if r.traceOn {
		s := noStep()
		s.Kind, s.Value, s.Amount = StepLink, eta, u
		r.step(s)
	}
	if g.shares != nil {
		r.linesBy = linesByShares
	}
	return nil
}

// applyLimits applies setting caps, the overall cap and the floor.
func (e *Engine) applyLimits(a *Assessment, r *Result) {
	l := &e.limits
	si := r.si
	for i := range l.settingCaps {
		c := &l.settingCaps[i]
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

// limit sets the weekly amount to to. The hours breakdown follows the
// budget when it is worked out (Result.Hours).
func (e *Engine) limit(r *Result, kind StepKind, id, name string, to int64) {
	from := r.weekly
	r.Adjustments = append(r.Adjustments, Applied{Kind: kind, Rule: id, Name: name, Before: from, After: to})
	if r.traceOn {
		s := noStep()
		s.Kind, s.Rule, s.Before, s.After = kind, id, from, to
		r.step(s)
	}
	r.weekly = to
}

// round rounds the weekly amount, and the annual amount once from the exact
// weekly amount × weeks per year.
func (e *Engine) round(r *Result) {
	unit := e.unitMicro
	if r.annualExact >= 0 && r.weekly == r.base {
		// An annual model's amount, not changed by a limit: the annual
		// amount is rounded once from the exact annual amount, and the
		// weekly amount once from the exact annual amount ÷ weeks.
		r.annualPence = roundMicro(r.annualExact, unit, e.mode) / microPerPenny
		r.weeklyPence = roundProduct(r.annualExact, 1_000_000, e.weeksMicro, unit, e.mode) / microPerPenny
	} else {
		r.weeklyPence = roundMicro(r.weekly, unit, e.mode) / microPerPenny
		r.annualPence = roundProduct(r.weekly, e.weeksMicro, 1_000_000, unit, e.mode) / microPerPenny
	}
	r.totalPence = r.annualPence
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
	return fmt.Sprintf("ras: %d assessments could not be assessed (first: %s)", len(e.Failed), bare(e.first()))
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
// Result per assessment in the same order. Assessments that fail leave a
// Result (not OK, naming the assessment) at their index and are listed, with
// their errors, in a *BatchError;
// the others are still assessed. A cancelled ctx stops the batch and returns
// ctx.Err(). The results' amounts and hours are complete; each keeps its
// trace only when opt.Trace is set.
func (e *Engine) AssessBatch(ctx context.Context, as []Assessment, opt BatchOptions) ([]Result, error) {
	if err := e.ready(); err != nil {
		return nil, err
	}
	out := make([]Result, len(as))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(1, len(as)))
	// The results share two slabs for their per-domain points and hours
	// lines, so a batch allocates a handful of times, not per result.
	nd, ns := len(e.domains), len(e.support)
	domSlab := make([]int64, len(as)*nd)
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
						out[i] = Result{engine: e, AssessmentID: as[i].ID, PersonID: as[i].Person.ID, Cohort: as[i].Cohort}
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
func (r *Result) detach(dst *Result, pts []int64, lines []line) {
	*dst = *r
	dst.points = pts
	copy(dst.points, r.points)
	dst.lines = lines
	copy(dst.lines, r.lines)
	dst.states, dst.acts, dst.acc = nil, nil, nil
	dst.Adjustments = nil
	if len(r.Adjustments) > 0 {
		dst.Adjustments = append([]Applied(nil), r.Adjustments...)
	}
	dst.trace = nil
	if len(r.trace) > 0 {
		dst.trace = append([]Step(nil), r.trace...)
	}
	dst.addOns = nil
	if len(r.addOns) > 0 {
		dst.addOns = append([]ApprovedAddOn(nil), r.addOns...)
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
