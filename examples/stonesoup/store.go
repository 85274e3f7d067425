package main

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

// assessments holds a county's RAS assessments compactly, column by column:
// ids as strings, dates packed into an int32, the small vocabularies
// (cohort, living setting, locality, gender, safety, model, eligibility
// frameworks and decisions, activities, helpers) as uint16 codes into one
// table of strings, each answer as a uint16 code of its (question, option)
// pair with number answers' values beside, and the planned weekly amount as
// an int64 coefficient and exponent. An assessment takes about 250 bytes
// here (stonesoup-points, 35 questions) against about 2.4 KB as a
// ras.Assessment, whose answers alone are 48 bytes each.
//
// Every field of ras.Assessment is kept exactly: decode gives back
// assessments equal to those added, field by field, answers in their order.
// Sections that need ras.Assessment values (the engine, the design
// builders, the findings mapping) decode them a chunk at a time into
// reused storage (see chunks), so no more than a chunk is ever held as
// ras.Assessment values.
//
// An assessments is read-only once built and safe for concurrent use; each
// goroutine decodes with its own decoder.
type assessments struct {
	n int

	id, person, caredFor []string
	date, dob            []ymd
	age                  []int32 // noAge when not recorded
	cohort, setting      []uint16
	safety, gender       []uint16
	locality             []uint16
	modelID, modelVer    []uint16
	plannedCoef          []int64
	plannedExp           []int32 // noPlan, bigPlan (in bigPlanned) or the exponent

	ansOff, valOff, indOff, helpOff, eligOff []uint32 // n+1 offsets each
	ansKey                                   []uint16
	vals                                     []float64
	indKey                                   []uint16
	help                                     []helpRec
	elig                                     []eligRec

	words   interner // small vocabularies
	answers []answerKey
	ansCode map[answerKey]uint16
	levels  [][2]string // independence (activity, level) pairs
	lvlCode map[[2]string]uint16

	bigPlanned map[int]decimal.Decimal // planned amounts whose coefficient needs more than 64 bits
	estimate   map[int]*ras.Estimate   // recorded estimates (rare)
	// budget composition (models that compose: rare in a county)
	budgetStart map[int]ras.Date
	addOns      map[int][]ras.ApprovedAddOn
}

// ymd is a calendar date packed as year<<9 | month<<5 | day: the zero
// ras.Date is 0, and packed dates sort as the dates do.
type ymd int32

const (
	noAge   = math.MinInt32
	noPlan  = math.MinInt32
	bigPlan = math.MinInt32 + 1
)

// errNotCompact is an assessment the compact store cannot hold exactly; no
// validated assessment is one.
var errNotCompact = errors.New("cannot be held in the compact store")

func packDate(d ras.Date) (ymd, error) {
	if d.Month < 0 || d.Month > 15 || d.Day < 0 || d.Day > 31 || d.Year < -1<<21 || d.Year >= 1<<21 {
		return 0, fmt.Errorf("date %v %w", d, errNotCompact)
	}
	return ymd(d.Year<<9 | int(d.Month)<<5 | d.Day), nil
}

func (p ymd) date() ras.Date {
	return ras.Date{Year: int(p >> 9), Month: time.Month(p >> 5 & 15), Day: int(p & 31)}
}

// interner gives each distinct string a uint16 code.
type interner struct {
	code map[string]uint16
	list []string
}

func (t *interner) intern(s string) (uint16, error) {
	if c, ok := t.code[s]; ok {
		return c, nil
	}
	if len(t.list) > math.MaxUint16 {
		return 0, fmt.Errorf("more than %d different names or codes: %w", math.MaxUint16+1, errNotCompact)
	}
	if t.code == nil {
		t.code = map[string]uint16{}
	}
	c := uint16(len(t.list))
	s = strings.Clone(s)
	t.code[s] = c
	t.list = append(t.list, s)
	return c, nil
}

// answerKey is an answer without its value; hasVal says a value is stored
// beside the code (a number answer, or a choice answer that carries one).
type answerKey struct {
	question, option string
	isValue, hasVal  bool
}

type helpRec struct {
	helper, activity uint16
	livesWith        bool
	helperID         string
	hours            float64
}

type eligRec struct {
	framework, decision, basis uint16
	decided                    ymd
}

func newAssessments() *assessments {
	s := &assessments{ansCode: map[answerKey]uint16{}, lvlCode: map[[2]string]uint16{}}
	for _, off := range []*[]uint32{&s.ansOff, &s.valOff, &s.indOff, &s.helpOff, &s.eligOff} {
		*off = []uint32{0}
	}
	return s
}

func (s *assessments) len() int { return s.n }

// add appends an assessment (copying what it needs: a may be reused).
func (s *assessments) add(a *ras.Assessment) error {
	var errs []error
	word := func(v string) uint16 {
		c, err := s.words.intern(v)
		if err != nil {
			errs = append(errs, err)
		}
		return c
	}
	date := func(d ras.Date) ymd {
		p, err := packDate(d)
		if err != nil {
			errs = append(errs, err)
		}
		return p
	}
	i := s.n
	// Strings are copied: a CSV reader's fields share the string of their
	// row, which would otherwise be kept whole.
	s.id = append(s.id, strings.Clone(a.ID))
	s.person = append(s.person, strings.Clone(a.Person.ID))
	s.caredFor = append(s.caredFor, strings.Clone(a.CaredForID))
	s.date = append(s.date, date(a.Date))
	s.dob = append(s.dob, date(a.Person.DateOfBirth))
	age := int32(noAge)
	if a.Person.Age != nil {
		if v := *a.Person.Age; v > noAge && v <= math.MaxInt32 {
			age = int32(v)
		} else {
			errs = append(errs, fmt.Errorf("age %d %w", v, errNotCompact))
		}
	}
	s.age = append(s.age, age)
	s.cohort = append(s.cohort, word(string(a.Cohort)))
	s.setting = append(s.setting, word(string(a.Person.LivingSetting)))
	s.safety = append(s.safety, word(string(a.Safety)))
	s.gender = append(s.gender, word(a.Person.Gender))
	s.locality = append(s.locality, word(a.Person.Locality))
	s.modelID = append(s.modelID, word(a.Model))
	s.modelVer = append(s.modelVer, word(a.ModelVersion))
	coef, exp := int64(0), int32(noPlan)
	if p := a.PlannedWeekly; p != nil {
		if c := p.Coefficient(); c.IsInt64() && p.Exponent() > bigPlan {
			coef, exp = c.Int64(), p.Exponent()
		} else {
			exp = bigPlan
			if s.bigPlanned == nil {
				s.bigPlanned = map[int]decimal.Decimal{}
			}
			s.bigPlanned[i] = *p
		}
	}
	s.plannedCoef = append(s.plannedCoef, coef)
	s.plannedExp = append(s.plannedExp, exp)
	if a.Estimate != nil {
		if s.estimate == nil {
			s.estimate = map[int]*ras.Estimate{}
		}
		e := *a.Estimate
		s.estimate[i] = &e
	}
	if !a.BudgetStart.IsZero() {
		if s.budgetStart == nil {
			s.budgetStart = map[int]ras.Date{}
		}
		s.budgetStart[i] = a.BudgetStart
	}
	if len(a.AddOns) > 0 {
		if s.addOns == nil {
			s.addOns = map[int][]ras.ApprovedAddOn{}
		}
		c := make([]ras.ApprovedAddOn, len(a.AddOns))
		for j, x := range a.AddOns {
			c[j] = ras.ApprovedAddOn{AddOn: strings.Clone(x.AddOn), ApprovedOn: x.ApprovedOn, Reference: strings.Clone(x.Reference)}
			if x.Amount != nil {
				v := *x.Amount
				c[j].Amount = &v
			}
		}
		s.addOns[i] = c
	}
	for _, ans := range a.Answers {
		k := answerKey{question: ans.Question, option: ans.Option, isValue: ans.IsValue, hasVal: ans.IsValue || math.Float64bits(ans.Value) != 0}
		c, ok := s.ansCode[k]
		if !ok {
			if len(s.answers) > math.MaxUint16 {
				errs = append(errs, fmt.Errorf("more than %d different answers: %w", math.MaxUint16+1, errNotCompact))
			}
			c = uint16(len(s.answers))
			s.ansCode[k] = c
			s.answers = append(s.answers, k)
		}
		s.ansKey = append(s.ansKey, c)
		if k.hasVal {
			s.vals = append(s.vals, ans.Value)
		}
	}
	for _, l := range a.Independence {
		k := [2]string{l.Activity, l.Level}
		c, ok := s.lvlCode[k]
		if !ok {
			if len(s.levels) > math.MaxUint16 {
				errs = append(errs, fmt.Errorf("more than %d different independence levels: %w", math.MaxUint16+1, errNotCompact))
			}
			c = uint16(len(s.levels))
			k = [2]string{strings.Clone(k[0]), strings.Clone(k[1])}
			s.lvlCode[k] = c
			s.levels = append(s.levels, k)
		}
		s.indKey = append(s.indKey, c)
	}
	for _, h := range a.InformalHelp {
		s.help = append(s.help, helpRec{helper: word(h.Helper), activity: word(h.Activity), livesWith: h.LivesWith, helperID: strings.Clone(h.HelperID), hours: h.HoursPerWeek})
	}
	for _, e := range a.Eligibility {
		s.elig = append(s.elig, eligRec{framework: word(e.Framework), decision: word(string(e.Decision)), basis: word(e.Basis), decided: date(e.DecidedOn)})
	}
	if len(errs) > 0 || len(s.ansKey) > math.MaxUint32 || len(s.help) > math.MaxUint32 {
		s.truncate(i)
		return fmt.Errorf("assessment %s: %w", a.ID, errors.Join(errs...))
	}
	s.ansOff = append(s.ansOff, uint32(len(s.ansKey)))
	s.valOff = append(s.valOff, uint32(len(s.vals)))
	s.indOff = append(s.indOff, uint32(len(s.indKey)))
	s.helpOff = append(s.helpOff, uint32(len(s.help)))
	s.eligOff = append(s.eligOff, uint32(len(s.elig)))
	s.n++
	return nil
}

// truncate drops the assessments from index i on (after a failed add, the
// columns of assessment i too).
func (s *assessments) truncate(i int) {
	cut := func(v any) {
		switch c := v.(type) {
		case *[]string:
			*c = (*c)[:min(i, len(*c))]
		case *[]ymd:
			*c = (*c)[:min(i, len(*c))]
		case *[]int32:
			*c = (*c)[:min(i, len(*c))]
		case *[]uint16:
			*c = (*c)[:min(i, len(*c))]
		case *[]int64:
			*c = (*c)[:min(i, len(*c))]
		}
	}
	for _, c := range []any{&s.id, &s.person, &s.caredFor, &s.date, &s.dob, &s.age, &s.cohort, &s.setting, &s.safety, &s.gender,
		&s.locality, &s.modelID, &s.modelVer, &s.plannedCoef, &s.plannedExp} {
		cut(c)
	}
	s.ansKey = s.ansKey[:s.ansOff[i]]
	s.vals = s.vals[:s.valOff[i]]
	s.indKey = s.indKey[:s.indOff[i]]
	s.help = s.help[:s.helpOff[i]]
	s.elig = s.elig[:s.eligOff[i]]
	s.ansOff, s.valOff, s.indOff, s.helpOff, s.eligOff = s.ansOff[:i+1], s.valOff[:i+1], s.indOff[:i+1], s.helpOff[:i+1], s.eligOff[:i+1]
	for k := range s.bigPlanned {
		if k >= i {
			delete(s.bigPlanned, k)
		}
	}
	for k := range s.estimate {
		if k >= i {
			delete(s.estimate, k)
		}
	}
	for k := range s.budgetStart {
		if k >= i {
			delete(s.budgetStart, k)
		}
	}
	for k := range s.addOns {
		if k >= i {
			delete(s.addOns, k)
		}
	}
	s.n = i
}

// keep returns a store of the assessments whose index is in rows
// (increasing), in that order.
func (s *assessments) keep(rows []int) (*assessments, error) {
	out := newAssessments()
	var d decoder
	for _, i := range rows {
		a := s.decode(&d, i, i+1)
		if err := out.add(&a[0]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Accessors of the fields the sections read without decoding.
func (s *assessments) cohortOf(i int) ras.Cohort { return ras.Cohort(s.words.list[s.cohort[i]]) }
func (s *assessments) localityOf(i int) string   { return s.words.list[s.locality[i]] }
func (s *assessments) dateOf(i int) ras.Date     { return s.date[i].date() }
func (s *assessments) hasPlan(i int) bool        { return s.plannedExp[i] != noPlan }
func (s *assessments) settingOf(i int) ras.LivingSetting {
	return ras.LivingSetting(s.words.list[s.setting[i]])
}

// planned returns assessment i's planned weekly amount (ok false when it
// has none).
func (s *assessments) planned(i int) (decimal.Decimal, bool) {
	switch e := s.plannedExp[i]; e {
	case noPlan:
		return decimal.Decimal{}, false
	case bigPlan:
		return s.bigPlanned[i], true
	default:
		return decimal.New(s.plannedCoef[i], e), true
	}
}

// decoder is the reused storage of decoded assessments.
type decoder struct {
	as      []ras.Assessment
	answers []ras.Answer
	levels  []ras.ActivityLevel
	help    []ras.InformalHelp
	elig    []ras.Eligibility
	planned []decimal.Decimal
	ages    []int
}

// decode decodes assessments [from, to) into d's storage, which the next
// decode with d reuses.
func (s *assessments) decode(d *decoder, from, to int) []ras.Assessment {
	return s.decodeRows(d, from, to, nil)
}

// decodeRows decodes the assessments rows[from:to] (or from to to when rows
// is nil).
func (s *assessments) decodeRows(d *decoder, from, to int, rows []int) []ras.Assessment {
	at := func(k int) int {
		if rows == nil {
			return k
		}
		return rows[k]
	}
	var na, nl, nh, ne int
	for k := from; k < to; k++ {
		i := at(k)
		na += int(s.ansOff[i+1] - s.ansOff[i])
		nl += int(s.indOff[i+1] - s.indOff[i])
		nh += int(s.helpOff[i+1] - s.helpOff[i])
		ne += int(s.eligOff[i+1] - s.eligOff[i])
	}
	m := to - from
	d.as = grow(d.as, m)
	d.answers = grow(d.answers, na)
	d.levels = grow(d.levels, nl)
	d.help = grow(d.help, nh)
	d.elig = grow(d.elig, ne)
	d.planned = grow(d.planned, m)
	d.ages = grow(d.ages, m)
	w := s.words.list
	na, nl, nh, ne = 0, 0, 0, 0
	for k := range m {
		i := at(from + k)
		a := &d.as[k]
		*a = ras.Assessment{
			ID:           s.id[i],
			Date:         s.date[i].date(),
			Cohort:       ras.Cohort(w[s.cohort[i]]),
			Model:        w[s.modelID[i]],
			ModelVersion: w[s.modelVer[i]],
			Person: ras.Person{ID: s.person[i], DateOfBirth: s.dob[i].date(), LivingSetting: ras.LivingSetting(w[s.setting[i]]),
				Locality: w[s.locality[i]], Gender: w[s.gender[i]]},
			Safety:     ras.SafetyLevel(w[s.safety[i]]),
			CaredForID: s.caredFor[i],
			Estimate:   s.estimate[i],
			// Add-ons are shared with the store, as estimates are:
			// read-only.
			BudgetStart: s.budgetStart[i],
			AddOns:      s.addOns[i],
		}
		if v := s.age[i]; v != noAge {
			d.ages[k] = int(v)
			a.Person.Age = &d.ages[k]
		}
		if p, ok := s.planned(i); ok {
			d.planned[k] = p
			a.PlannedWeekly = &d.planned[k]
		}
		if lo, hi := s.ansOff[i], s.ansOff[i+1]; hi > lo {
			out := d.answers[na : na+int(hi-lo) : na+int(hi-lo)]
			v := s.valOff[i]
			for j, c := range s.ansKey[lo:hi] {
				key := &s.answers[c]
				out[j] = ras.Answer{Question: key.question, Option: key.option, IsValue: key.isValue}
				if key.hasVal {
					out[j].Value = s.vals[v]
					v++
				}
			}
			a.Answers = out
			na += len(out)
		}
		if lo, hi := s.indOff[i], s.indOff[i+1]; hi > lo {
			out := d.levels[nl : nl+int(hi-lo) : nl+int(hi-lo)]
			for j, c := range s.indKey[lo:hi] {
				out[j] = ras.ActivityLevel{Activity: s.levels[c][0], Level: s.levels[c][1]}
			}
			a.Independence = out
			nl += len(out)
		}
		if lo, hi := s.helpOff[i], s.helpOff[i+1]; hi > lo {
			out := d.help[nh : nh+int(hi-lo) : nh+int(hi-lo)]
			for j, h := range s.help[lo:hi] {
				out[j] = ras.InformalHelp{Helper: w[h.helper], HelperID: h.helperID, Activity: w[h.activity], HoursPerWeek: h.hours, LivesWith: h.livesWith}
			}
			a.InformalHelp = out
			nh += len(out)
		}
		if lo, hi := s.eligOff[i], s.eligOff[i+1]; hi > lo {
			out := d.elig[ne : ne+int(hi-lo) : ne+int(hi-lo)]
			for j, e := range s.elig[lo:hi] {
				out[j] = ras.Eligibility{Framework: w[e.framework], Decision: ras.Decision(w[e.decision]), DecidedOn: e.decided.date(), Basis: w[e.basis]}
			}
			a.Eligibility = out
			ne += len(out)
		}
	}
	return d.as[:m]
}

// grow returns s with length n, reusing its storage when it is large
// enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// chunkSize is how many assessments are decoded at a time.
const chunkSize = 4096

// chunks returns the assessments whose index is in rows (all of them, in
// order, when rows is nil) as ras.Assessment values a chunk at a time: each
// chunk is valid until the next is asked for. The sequence can be ranged
// over more than once.
func (s *assessments) chunks(rows []int) iter.Seq[[]ras.Assessment] {
	n := s.n
	if rows != nil {
		n = len(rows)
	}
	return func(yield func([]ras.Assessment) bool) {
		var d decoder
		for from := 0; from < n; from += chunkSize {
			if !yield(s.decodeRows(&d, from, min(from+chunkSize, n), rows)) {
				return
			}
		}
	}
}
