package ras

import (
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"sort"

	"github.com/shopspring/decimal"
)

// Budget composition (Model.Composition): the full-year amount with the
// approved add-ons, pro-rated, plus one-off add-ons, rounded once.
//
// The arithmetic is exact. The full-year amount is held in units of 10⁻¹⁴
// pound (micro-pence × 10⁻⁶, so that the exact weekly amount × weeks per
// year, which has up to 6 more decimal places, is whole), as a 128-bit
// number; pro-rating multiplies it by the days (or months) left and divides
// by the days in the period; the total is rounded once, by the model's
// Rounding, from the exact quotient. The trace's amounts are rounded half
// to even to the micro-penny, for explanations.

// cComposition is a model's composition, compiled.
type cComposition struct {
	addOns  []cAddOn
	byID    map[string]int32
	proRate *cProRate
	capName string
	hasCap  bool
	cap     decimal.Decimal // the caseload cap, when the model gives it
	capSet  bool
}

type cAddOn struct {
	id, name string
	period   AddOnPeriod
	fixed    int64 // micro-pence, −1: each approval gives the amount
	max      int64 // micro-pence, −1: no maximum
}

type cProRate struct {
	name         string
	start, end   Date
	months       bool
	whole        int64 // days (or months) in the period
	startMonthNo int   // start.Year×12 + start.Month (months rule)
}

func compileComposition(c *Composition) *cComposition {
	cc := &cComposition{byID: map[string]int32{}}
	for i, a := range c.AddOns {
		ca := cAddOn{id: a.ID, name: a.Name, period: a.Period, fixed: -1, max: -1}
		if a.Amount != nil {
			ca.fixed = mustMicro(*a.Amount)
		}
		if a.Max != nil {
			ca.max = mustMicro(*a.Max)
		}
		cc.addOns = append(cc.addOns, ca)
		cc.byID[a.ID] = int32(i)
	}
	if p := c.ProRate; p != nil {
		cp := &cProRate{name: p.Name, start: p.PeriodStart, end: p.PeriodEnd, months: p.DayCount == DayCountMonths}
		cp.startMonthNo = monthNo(p.PeriodStart)
		if cp.months {
			cp.whole = int64(monthNo(p.PeriodEnd) - cp.startMonthNo + 1)
		} else {
			cp.whole = int64(p.PeriodEnd.DaysSince(p.PeriodStart) + 1)
		}
		cc.proRate = cp
	}
	if k := c.CaseloadCap; k != nil {
		cc.hasCap, cc.capName = true, k.Name
		if k.Amount != nil {
			cc.cap, cc.capSet = *k.Amount, true
		}
	}
	return cc
}

func monthNo(d Date) int { return d.Year*12 + int(d.Month) - 1 }

// part returns the days (or months) of the period left from start, both
// included, or an error when start is outside the period.
func (p *cProRate) part(start Date) (int64, bool) {
	if start.Before(p.start) || p.end.Before(start) {
		return 0, false
	}
	if p.months {
		return int64(monthNo(p.end) - monthNo(start) + 1), true
	}
	return int64(p.end.DaysSince(start) + 1), true
}

// compose composes the budget for the period (see Composition) into r, after
// the limits and the rounding of the weekly and annual amounts.
func (e *Engine) compose(a *Assessment, r *Result) error {
	c := e.comp
	if !a.compositionValid() {
		return a.Validate()
	}
	// The full-year amount, in 10⁻¹⁴ pound.
	var full u128
	if r.annualExact >= 0 && r.weekly == r.base {
		full = mul64(uint64(r.annualExact), 1_000_000)
	} else {
		full = mul64(uint64(r.weekly), uint64(e.weeksMicro))
	}
	var oneOff uint64 // micro-pence
	r.addOns = r.addOns[:0]
	for i := range a.AddOns {
		ap := &a.AddOns[i]
		k, ok := c.byID[ap.AddOn]
		if !ok {
			return &AnswerError{Assessment: a.ID, Path: fmt.Sprintf("add_ons[%d].add_on", i), Msg: fmt.Sprintf("model %s has no add-on %s", quoteID(e.model.ID), quoteText(ap.AddOn)), Err: ErrInvalidAnswer}
		}
		ad := &c.addOns[k]
		amt, err := ad.amount(a, i)
		if err != nil {
			return err
		}
		switch ad.period {
		case AddOnWeekly:
			full = full.add(mul64(uint64(amt), uint64(e.weeksMicro)))
		case AddOnAnnual:
			full = full.add(mul64(uint64(amt), 1_000_000))
		default:
			oneOff += uint64(amt)
		}
		if r.traceOn {
			s := noStep()
			s.Kind, s.Rule, s.Amount, s.Option, s.Text = StepAddOn, ad.id, amt, int32(len(r.addOns)), string(ad.period)
			r.step(s)
			r.addOns = append(r.addOns, *ap)
		}
	}
	part, whole := int64(1), int64(1)
	if p := c.proRate; p != nil {
		if a.BudgetStart.IsZero() {
			return &AnswerError{Assessment: a.ID, Path: "budget_start", Msg: fmt.Sprintf("model %s pro-rates the budget to %s: the date the budget starts is needed", quoteID(e.model.ID), p.name), Err: ErrMissingAnswer}
		}
		var ok bool
		if part, ok = p.part(a.BudgetStart); !ok {
			return &AnswerError{Assessment: a.ID, Path: "budget_start", Msg: fmt.Sprintf("%s is outside %s (%s to %s) of model %s", a.BudgetStart, p.name, p.start, p.end, quoteID(e.model.ID)), Err: ErrInvalidAnswer}
		}
		whole = p.whole
	}
	// total = (full × part ÷ whole) ÷ 10⁶ + one-off, in micro-pence:
	// numerator full × part + one-off × 10⁶ × whole over 10⁶ × whole.
	num := full.mul(uint64(part)).add(mul64(oneOff, 1_000_000*uint64(whole)))
	den := 1_000_000 * uint64(whole)
	total, ok := num.roundDiv(den, e.unitMicro, e.mode)
	if !ok || total > maxTotalMicro {
		return wrapf(errTooLargeTotal, "assessment %s", quoteID(a.ID))
	}
	r.totalPence = total / microPerPenny
	r.composed = true
	if r.traceOn {
		fullMicro, _ := full.roundDiv(1_000_000, 1, RoundHalfEven)
		if c.proRate != nil {
			prorated, _ := full.mul(uint64(part)).roundDiv(den, 1, RoundHalfEven)
			s := noStep()
			s.Kind, s.Rule, s.Before, s.After, s.Part, s.Whole, s.Text = StepProRate, "pro_rate", int64(fullMicro), int64(prorated), part, whole, a.BudgetStart.String()
			r.step(s)
		}
		exact, _ := num.roundDiv(den, 1, RoundHalfEven)
		s := noStep()
		s.Kind, s.Before, s.After, s.Amount = StepTotal, int64(exact), r.totalPence*microPerPenny, int64(oneOff)
		r.step(s)
	}
	return nil
}

// amount returns the amount of the i-th approved add-on of a, checked
// against the model's add-on.
func (ad *cAddOn) amount(a *Assessment, i int) (int64, error) {
	ap := &a.AddOns[i]
	fail := func(path, format string, args ...any) error {
		return &AnswerError{Assessment: a.ID, Path: fmt.Sprintf("add_ons[%d].%s", i, path), Msg: fmt.Sprintf(format, args...), Err: ErrInvalidAnswer}
	}
	if ap.Amount == nil {
		if ad.fixed < 0 {
			return 0, &AnswerError{Assessment: a.ID, Path: fmt.Sprintf("add_ons[%d].amount", i), Msg: fmt.Sprintf("the approved amount of %s is needed (the model does not fix it)", quoteText(ad.name)), Err: ErrMissingAnswer}
		}
		return ad.fixed, nil
	}
	amt, err := decimalToMicro(*ap.Amount)
	if err != nil {
		return 0, fail("amount", "%v", err)
	}
	switch {
	case ad.fixed >= 0 && amt != ad.fixed:
		return 0, fail("amount", "%s is fixed by the model at %s; the approval must give that or none", quoteText(ad.name), microToDecimal(ad.fixed).String())
	case ad.max >= 0 && amt > ad.max:
		return 0, fail("amount", "%s is more than the most %s allows, %s", ap.Amount.String(), quoteText(ad.name), microToDecimal(ad.max).String())
	}
	return amt, nil
}

// maxTotalMicro bounds a composed total: 2⁶¹ micro-pence, about £23
// billion, far above any budget, so that a caseload's totals add up in 64
// bits of pence.
const maxTotalMicro = 1 << 61

var errTooLargeTotal = wrapf(ErrInvalidAmount, "the composed budget is beyond the engine's range of £%d", int64(maxTotalMicro/microPerPound))

// Total returns the budget for the period: with composition (Model.
// Composition) the full-year amount with the approved add-ons, pro-rated,
// plus one-off add-ons, rounded once by the model's rule; without it, the
// annual amount. After Engine.ComposeCaseload capped it, the capped amount
// (TotalBeforeCap gives the amount before).
func (r *Result) Total() decimal.Decimal { return penceToDecimal(r.totalPence) }

// TotalPence returns Total in pence.
func (r *Result) TotalPence() int64 { return r.totalPence }

// TotalBeforeCap returns the budget for the period before a caseload cap
// (Engine.ComposeCaseload), and whether the cap changed it.
func (r *Result) TotalBeforeCap() (decimal.Decimal, bool) {
	if r.capped {
		return penceToDecimal(r.capBefore), true
	}
	return penceToDecimal(r.totalPence), false
}

// Composed reports whether the result's total was composed by the model's
// composition (add-ons, pro-rating), rather than being the annual amount.
func (r *Result) Composed() bool { return r.composed }

// u128 is an unsigned 128-bit number, for exact composition.
type u128 struct{ hi, lo uint64 }

func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

// mul returns x × m; the values composition multiplies stay far below
// 2¹²⁸ (see compose).
func (x u128) mul(m uint64) u128 {
	hi, lo := bits.Mul64(x.lo, m)
	return u128{x.hi*m + hi, lo}
}

func (x u128) less(y u128) bool { return x.hi < y.hi || x.hi == y.hi && x.lo < y.lo }

// roundDiv returns x ÷ d rounded by mode to a multiple of unit (d, unit >
// 0; unit in the quotient's units), and false when the quotient does not
// fit in 63 bits.
func (x u128) roundDiv(d uint64, unit int64, mode RoundingMode) (int64, bool) {
	if x.hi >= d {
		return 0, false
	}
	q, rem := bits.Div64(x.hi, x.lo, d)
	if q >= 1<<63 {
		return 0, false
	}
	u := uint64(unit)
	n, r1 := q/u, q%u
	if r1 == 0 && rem == 0 {
		return int64(q), true
	}
	// The fraction of a unit left is (r1 × d + rem) ÷ (u × d): compare twice
	// its numerator with its denominator.
	frac := mul64(r1, d).add(u128{0, rem})
	twice := frac.add(frac)
	whole := mul64(u, d)
	up := false
	switch mode {
	case RoundUp:
		up = true
	case RoundDown:
	case RoundHalfEven:
		up = whole.less(twice) || twice == whole && n&1 == 1
	default:
		up = !twice.less(whole)
	}
	if up {
		n++
	}
	if n > (1<<63-1)/u {
		return 0, false
	}
	return int64(n * u), true
}

// CaseloadOptions control Engine.ComposeCaseload. The zero value takes the
// cap from the model.
type CaseloadOptions struct {
	// Cap is the total the caseload's budgets may not exceed (an
	// appropriation), with at most 2 decimal places; the model's
	// composition.caseload_cap.amount when nil.
	Cap *decimal.Decimal
}

// Caseload is the outcome of capping a caseload's budgets
// (Engine.ComposeCaseload).
type Caseload struct {
	Name      string          // the cap's name, from the model
	Cap       decimal.Decimal // the cap
	Requested decimal.Decimal // the total of the budgets before the cap
	Allocated decimal.Decimal // the total after: Requested, or at most Cap
	// Capped reports whether the budgets were scaled (Requested > Cap).
	Capped bool
	// Scale is the factor the budgets were scaled by: the total available
	// in whole rounding units (Cap rounded down to a multiple of the
	// model's rounding unit) ÷ Requested, shown rounded down to 10 decimal
	// places; 1 when not capped. Each capped budget is worked out from the
	// exact ratio, not from this rounded factor.
	Scale decimal.Decimal
	// People has one entry per result, in order: the budget for the period
	// before and after the cap.
	People []CaseloadShare
	// Rounding states how the capped budgets were rounded.
	Rounding string
}

// CaseloadShare is one person's budget for the period before and after a
// caseload cap.
type CaseloadShare struct {
	AssessmentID  string
	Before, After decimal.Decimal
}

// ComposeCaseload caps the total of a caseload's budgets for the period
// (Result.Total) at the model's caseload cap (Composition.CaseloadCap), or
// opt.Cap: Florida's rule that "the sum of all clients' projected
// expenditures" may not exceed the appropriation (Fla. Admin. Code R.
// 65G-4.0216(6)).
//
// When the budgets add up to more than the cap, each is scaled by the same
// exact ratio, A ÷ S, where S is their total and A the cap rounded down to
// a multiple of the model's rounding unit; each scaled budget is rounded
// down to the unit, and the units left over (fewer than the number of
// people) go one each to the budgets with the largest remainders, earlier
// results first on a tie (the largest-remainder method). The capped budgets
// then add up to exactly A, at most the cap, and none is above its budget
// before the cap. When they add up to no more than the cap, nothing
// changes.
//
// It changes rs: each result's Total becomes its capped budget
// (TotalBeforeCap the budget before), and a result with its trace gains a
// StepCaseloadCap, which Explain explains. Capping again starts from the
// budgets before the cap, so it can be repeated with another cap. Every
// result must be a successful assessment by this engine (a failed batch
// entry is an error, not left out: the cap depends on every budget).
func (e *Engine) ComposeCaseload(rs []Result, opt CaseloadOptions) (*Caseload, error) {
	if err := e.ready(); err != nil {
		return nil, err
	}
	if e.comp == nil || !e.comp.hasCap {
		return nil, wrapf(ErrInvalidModel, "ComposeCaseload: model %s has no caseload cap (composition.caseload_cap)", quoteID(e.model.ID))
	}
	capAmt := e.comp.cap
	if opt.Cap != nil {
		capAmt = *opt.Cap
	} else if !e.comp.capSet {
		return nil, wrapf(ErrInvalidAmount, "ComposeCaseload: model %s gives no amount for %s: set CaseloadOptions.Cap", quoteID(e.model.ID), e.comp.capName)
	}
	if capAmt.IsNegative() || !maxPlaces(capAmt, 2) || capAmt.GreaterThan(maxCaseloadCap) {
		return nil, wrapf(ErrInvalidAmount, "ComposeCaseload: cap %s must be an amount of at most 2 decimal places, 0 to %s", quoteText(capAmt.String()), maxCaseloadCap)
	}
	unit := big.NewInt(e.unitMicro / microPerPenny) // pence
	capPence := capAmt.Shift(2).BigInt()
	before := make([]*big.Int, len(rs))
	sum := new(big.Int)
	for i := range rs {
		r := &rs[i]
		if !r.ok || r.engine != e {
			return nil, wrapf(ErrInvalidAssessment, "ComposeCaseload: result %d (assessment %s) is not a successful assessment by model %s", i, quoteID(r.AssessmentID), quoteID(e.model.ID))
		}
		if !r.HasBudget {
			return nil, wrapf(ErrInvalidAssessment, "ComposeCaseload: result %d (assessment %s) has no budget", i, quoteID(r.AssessmentID))
		}
		t := r.totalPence
		if r.capped {
			t = r.capBefore
		}
		before[i] = big.NewInt(t)
		sum.Add(sum, before[i])
	}
	if !sum.IsInt64() {
		return nil, wrapf(ErrInvalidAmount, "ComposeCaseload: the caseload's budgets add up to more than the engine's range")
	}
	one, many := "unit of "+FormatMoney(microToDecimal(e.unitMicro), e.model.Currency), "units"
	if e.unitMicro == microPerPenny {
		switch e.model.Currency {
		case "", "GBP":
			one, many = "penny", "pennies"
		case "USD", "EUR":
			one, many = "cent", "cents"
		}
	}
	out := &Caseload{Name: e.comp.capName, Cap: capAmt, Requested: decimal.NewFromBigInt(sum, -2),
		Rounding: fmt.Sprintf("each scaled budget is rounded down to the %s, and the %s left over go one each to the budgets with the largest remainders (earlier first on a tie), so that the budgets add up to the cap rounded down to the %s", one, many, one)}
	after := make([]*big.Int, len(rs))
	if sum.Cmp(capPence) <= 0 {
		out.Allocated, out.Scale = out.Requested, decimal.NewFromInt(1)
		for i := range after {
			after[i] = before[i]
		}
	} else {
		out.Capped = true
		units := new(big.Int).Quo(capPence, unit) // whole units available
		avail := new(big.Int).Mul(units, unit)    // pence
		out.Allocated = decimal.NewFromBigInt(avail, -2)
		out.Scale = decimal.NewFromBigRat(new(big.Rat).SetFrac(avail, sum), 12).Truncate(10)
		rems := make([]*big.Int, len(rs))
		given := new(big.Int)
		for i, t := range before {
			// t × units ÷ sum, in units; t is a multiple of the unit.
			q, rem := new(big.Int).QuoRem(new(big.Int).Mul(t, units), sum, new(big.Int))
			after[i], rems[i] = q, rem
			given.Add(given, q)
		}
		left := new(big.Int).Sub(units, given).Int64() // < len(rs)
		order := make([]int, len(rs))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
		for k := int64(0); k < left; k++ {
			after[order[k]].Add(after[order[k]], big.NewInt(1))
		}
		for i := range after {
			after[i].Mul(after[i], unit)
		}
	}
	out.People = make([]CaseloadShare, len(rs))
	for i := range rs {
		r := &rs[i]
		b, a := before[i].Int64(), after[i].Int64()
		out.People[i] = CaseloadShare{AssessmentID: r.AssessmentID, Before: penceToDecimal(b), After: penceToDecimal(a)}
		// Start again from the budget before any earlier cap.
		r.trace = slices.DeleteFunc(r.trace, func(s Step) bool { return s.Kind == StepCaseloadCap })
		r.totalPence, r.capped, r.capBefore, r.capScale = a, false, 0, decimal.Decimal{}
		if !out.Capped {
			continue
		}
		r.capped, r.capBefore, r.capScale = true, b, out.Scale
		r.capRequested, r.capAllocated, r.capAmount, r.capName, r.capRounding = sum.Int64(), out.Allocated, capAmt, out.Name, out.Rounding
		if r.traceOn {
			s := noStep()
			s.Kind, s.Rule, s.Before, s.After, s.Text = StepCaseloadCap, "caseload_cap", b*microPerPenny, a*microPerPenny, out.Scale.String()
			r.trace = append(r.trace, s)
		}
	}
	return out, nil
}
