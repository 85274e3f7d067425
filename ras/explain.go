package ras

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// ExplainOptions control ExplainWith. The zero value uses the shipped
// wording.
type ExplainOptions struct {
	// Templates replace the wording of some or all steps (see
	// ExplainTemplates); nil: DefaultExplainTemplates.
	Templates *ExplainTemplates
}

// Explain writes the result's trace as plain English that a social worker
// could give to the person, in the shipped wording: each answer by its
// question and option (never their ids) with the points or time it gave,
// each rule that set an amount, the informal support deducted, the limits
// applied, and the budget with its rounding: the exact weekly amount and
// how it was rounded, and the annual amount worked out from the exact
// weekly amount (so that weeks × the rounded weekly amount, which can
// differ by a few pence, is explained). Points are whole, money is shown as
// FormatMoney shows it (exact amounts with the decimals they need), time in
// hours and minutes, the hours breakdown to the model's hours_unit.
//
// The result must have been produced with the trace on (Assess does this);
// otherwise Explain says so and writes only the totals.
func (r *Result) Explain(w io.Writer) error { return r.ExplainWith(w, ExplainOptions{}) }

// ExplainWith writes the explanation as Explain does, in the wording of
// opt.Templates.
func (r *Result) ExplainWith(w io.Writer, opt ExplainOptions) error {
	if r.engine == nil || !r.ok {
		return wrapf(ErrInvalidAssessment, "Explain: the result holds no successful assessment")
	}
	ts := opt.Templates
	if ts == nil {
		ts = defaultTemplates()
	}
	var out, line bytes.Buffer
	section := ""
	for i, p := range r.explainParts() {
		line.Reset()
		if err := ts.execute(&line, p.key, p.data); err != nil {
			return err
		}
		text := strings.TrimRight(line.String(), " \t\r\n")
		if strings.TrimSpace(text) == "" {
			continue // a council's wording may leave a step out
		}
		if i > 0 && p.section != section {
			out.WriteByte('\n')
		}
		section = p.section
		out.WriteString(text)
		out.WriteByte('\n')
	}
	_, err := w.Write(out.Bytes())
	return err
}

// explainPart is one step of an explanation: its template key, the section
// it belongs to (a blank line separates sections) and its data.
type explainPart struct {
	key     string
	section string
	data    any
}

// explainParts turns the result's trace into the steps of its explanation,
// in order.
func (r *Result) explainParts() []explainPart {
	e := r.engine
	m := e.model
	var parts []explainPart
	add := func(key, section string, data any) {
		parts = append(parts, explainPart{key, section, data})
	}
	add("title", "title", titleData{Assessment: r.AssessmentID, Model: m.Name, Version: m.Version})
	if !r.traceOn {
		add("no_trace", "title", noteData{})
	}
	// Minutes an answer gave, shown with the answer.
	minutesOf := map[int32]Step{}
	for _, s := range r.trace {
		if s.Kind == StepMinutes {
			minutesOf[s.Question] = s
		}
	}
	curDomain := int32(-1)
	closeDomain := func() {
		if curDomain < 0 {
			return
		}
		if e.family == FamilyPoints || e.family == FamilyRegression && e.reg.usesDomain[curDomain] {
			add("domain_total", domainSection(curDomain), domainTotalData{Domain: e.domains[curDomain].name, Points: plural(r.points[curDomain], "point")})
		}
		curDomain = -1
	}
	scoreStarted := false
	var lastTerm bool
	for _, s := range r.trace {
		switch s.Kind {
		case StepAnswer, StepDefault, StepNotApplicable, StepDomain, StepMinutes:
		default:
			closeDomain()
		}
		if lastTerm && s.Kind != StepTerm {
			add("score", "score", scoreData{Score: fixed(r.Eta, 2)})
			lastTerm = false
		}
		switch s.Kind {
		case StepAnswer, StepDefault:
			q := &e.qs[s.Question]
			if q.domain != curDomain {
				closeDomain()
				curDomain = q.domain
				add("domain", domainSection(curDomain), domainData{Domain: e.domains[q.domain].name})
			}
			sec := domainSection(curDomain)
			if s.Option < 0 {
				key := "answer_number"
				if s.Kind == StepDefault {
					key = "answer_number_default"
				}
				add(key, sec, numberData{Question: q.text, Value: trimFloat(s.Value), Unit: q.unit})
				continue
			}
			d := answerData{Question: q.text, Answer: q.options[s.Option].label}
			if e.showsPoints(int(s.Question)) {
				d.Points = plural(q.options[s.Option].points, "point")
			}
			if ms, ok := minutesOf[s.Question]; ok {
				d.Minutes, d.Activity = duration(ms.Minutes), e.acts[ms.Activity].name
			}
			key := "answer"
			if s.Kind == StepDefault {
				key = "answer_default"
			}
			add(key, sec, d)
		case StepDomain, StepMinutes, StepNotApplicable:
			// Shown with the answers; a question that does not apply is not
			// part of the person's questionnaire.
		case StepPricePerPoint:
			sc := e.findSchedule(s.Rule)
			add("price_per_point", "price", pricePerPointData{Points: plural(s.Points, "point"), Price: e.money(sc.priceMicro), Schedule: sc.label(), Weekly: e.amount(s.Amount)})
		case StepDomainPrice:
			if s.Before < 0 {
				if s.Points > 0 {
					add("domain_unpriced", "price", domainUnpricedData{Domain: e.domains[s.Domain].name, Points: plural(s.Points, "point")})
				}
				continue
			}
			if s.Points == 0 {
				continue // nothing to price
			}
			add("domain_price", "price", domainPriceData{Domain: e.domains[s.Domain].name, Points: plural(s.Points, "point"), Price: e.money(s.Before), Weekly: e.amount(s.Amount)})
		case StepBand:
			sc := e.findSchedule(s.Rule)
			b := sc.bands[s.Option]
			rng := fmt.Sprintf("%d or more points", b.min)
			if b.max >= 0 {
				rng = fmt.Sprintf("%d to %d points", b.min, b.max)
			}
			name := b.name
			if name == "" {
				name = fmt.Sprintf("band %d", s.Option+1)
			}
			add("band", "price", bandData{Points: plural(s.Points, "point"), Band: name, Range: rng, Schedule: sc.label(), Weekly: e.money(s.Amount)})
		case StepCurve:
			sc := e.findSchedule(s.Rule)
			if s.Option > 0 {
				k0, k1 := sc.knots[s.Option-1], sc.knots[s.Option]
				add("curve", "price", curveData{Points: plural(s.Points, "point"), Schedule: sc.label(), From: plural(k0.points, "point"), FromWeekly: e.money(k0.amount),
					To: plural(k1.points, "point"), ToWeekly: e.money(k1.amount), Weekly: e.amount(s.Amount)})
			} else {
				add("curve_beyond", "price", curveBeyondData{Points: plural(s.Points, "point"), Schedule: sc.label(), Weekly: e.money(s.Amount)})
			}
		case StepAdjust:
			adj := e.findAdjust(s.Rule)
			q := &e.qs[s.Question]
			add("adjust", "hours", adjustData{Adjustment: adj.name, Question: q.text, Answer: q.options[s.Option].label, Activity: e.acts[s.Activity].name,
				Factor: s.Text, Before: duration(s.Before), After: duration(s.After)})
		case StepDeduct:
			d := e.findDeduct(s.Rule)
			if s.Option >= 0 {
				q := &e.qs[s.Question]
				add("deduct_share", "hours", deductShareData{Deduction: d.name, Question: q.text, Answer: q.options[s.Option].label, Share: fraction(s.Text),
					Activity: e.acts[s.Activity].name, Less: duration(s.Minutes), Left: duration(s.After)})
			} else {
				add("deduct_hours", "hours", deductHoursData{Deduction: d.name, Hours: trimFloat(s.Value), Activity: e.acts[s.Activity].name, Less: duration(s.Minutes), Left: duration(s.After)})
			}
		case StepPriceHours:
			sup := e.support[s.Support]
			add("price_hours", "hours", priceHoursData{Activity: e.acts[s.Activity].name, Time: duration(s.Minutes), SupportType: sup.name, Rate: e.money(sup.rateMicro), Amount: e.amount(s.Amount)})
		case StepAddition:
			ad := e.findAddition(s.Rule)
			q := &e.qs[s.Question]
			d := additionData{Addition: ad.name, Question: q.text, Answer: q.options[s.Option].label, Amount: e.amount(s.Amount), SupportType: e.support[s.Support].name}
			if s.Minutes > 0 {
				d.Time = duration(s.Minutes)
			}
			add("addition", "hours", d)
		case StepTerm:
			if !scoreStarted {
				scoreStarted = true
				add("score_start", "score", scoreStartData{Start: fixed(e.reg.intercept, 2)})
			}
			add("term", "score", e.termData(s))
			lastTerm = true
		case StepLink:
			if lastTerm {
				add("score", "score", scoreData{Score: fixed(r.Eta, 2)})
				lastTerm = false
			}
			if !scoreStarted {
				// No term changed the score: it is the intercept.
				add("score_start", "score", scoreStartData{Start: fixed(e.reg.intercept, 2)})
				add("score", "score", scoreData{Score: fixed(r.Eta, 2)})
				scoreStarted = true
			}
			r.linkPart(add)
		case StepSettingCap:
			c := e.findSettingCap(s.Rule)
			add("setting_cap", "limits", limitData{Limit: c.name, Amount: e.money(c.cap), Before: e.amount(s.Before), After: e.amount(s.After)})
		case StepCap:
			add("cap", "limits", limitData{Limit: "overall cap", Amount: e.money(s.After), Before: e.amount(s.Before), After: e.amount(s.After)})
		case StepFloor:
			add("floor", "limits", limitData{Limit: "minimum budget", Amount: e.money(s.After), Before: e.amount(s.Before), After: e.amount(s.After)})
		case StepRound, StepAddOn, StepProRate, StepTotal, StepCaseloadCap:
			// Explained with the budget.
		}
	}
	closeDomain()
	alignTerms(parts)
	if !r.HasBudget {
		add("probability", "end", probabilityEndData{Probability: percent(r.Probability)})
		return parts
	}
	r.budgetParts(add)
	return parts
}

func domainSection(d int32) string { return "domain " + strconv.Itoa(int(d)) }

// showsPoints reports whether an explanation shows the points an answer
// to question qi gave: always in a points model, never in an hours model,
// and in a regression model when a term reads them.
func (e *Engine) showsPoints(qi int) bool {
	switch e.family {
	case FamilyPoints:
		return true
	case FamilyRegression:
		return e.reg.pointsUsed[qi]
	}
	return false
}

// alignTerms pads the terms' changes to one width, so that their numbers
// line up: "+ 35.82", "+  1.98".
func alignTerms(parts []explainPart) {
	width := 0
	for _, p := range parts {
		if d, ok := p.data.(termData); ok {
			width = max(width, len([]rune(d.Change)))
		}
	}
	for i, p := range parts {
		if d, ok := p.data.(termData); ok {
			if pad := width - len([]rune(d.Change)); pad > 0 {
				sign, num, _ := strings.Cut(d.Change, " ")
				d.Change = sign + strings.Repeat(" ", pad+1) + num
				parts[i].data = d
			}
		}
	}
}

// termData describes a regression term's contribution.
func (e *Engine) termData(s Step) termData {
	t := e.findTerm(s.Rule)
	d := termData{Term: e.termLabel(t), Change: signedFixed(s.Value, 2)}
	// A term whose factors are all indicators (an option chosen, a living
	// setting, a cohort, an age band) applies as a whole; otherwise the
	// value of its factors is shown with its coefficient.
	for _, f := range t.factors {
		if f.kind == facDomain || f.kind == facQuestion || f.kind == facVariable {
			d.Calculation = trimFloat(s.X) + " × " + coefText(t.coef)
			break
		}
	}
	return d
}

func (e *Engine) findTerm(name string) *cTerm {
	for i := range e.reg.terms {
		if e.reg.terms[i].name == name {
			return &e.reg.terms[i]
		}
	}
	return &cTerm{name: name, coef: math.NaN()}
}

// termLabel is a term's label, or a description of its factors in words
// (never ids): "Points in Daily living, aged 80 or over".
func (e *Engine) termLabel(t *cTerm) string {
	if t.label != "" {
		return t.label
	}
	var out []string
	for _, f := range t.factors {
		switch f.kind {
		case facDomain:
			out = append(out, "points in "+e.domains[f.index].name)
		case facQuestion:
			q := &e.qs[f.index]
			if q.number {
				out = append(out, q.text)
			} else {
				out = append(out, q.text+" (points)")
			}
		case facOption:
			q := &e.qs[f.index]
			out = append(out, fmt.Sprintf("%s: %q", q.text, q.options[f.option].label))
		case facSettings:
			var names []string
			for i, st := range settings {
				if f.mask&(1<<i) != 0 {
					names = append(names, settingNames[st])
				}
			}
			out = append(out, "living in: "+strings.Join(names, "; "))
		case facCohorts:
			var names []string
			for i, c := range cohorts {
				if f.mask&(1<<i) != 0 {
					names = append(names, cohortNames[c])
				}
			}
			out = append(out, strings.Join(names, ", "))
		case facAge:
			switch {
			case f.ageMin > -1<<30 && f.ageMax < 1<<30:
				out = append(out, fmt.Sprintf("aged %d to %d", f.ageMin, f.ageMax))
			case f.ageMin > -1<<30:
				out = append(out, fmt.Sprintf("aged %d or over", f.ageMin))
			default:
				out = append(out, fmt.Sprintf("aged %d or under", f.ageMax))
			}
		case facVariable:
			switch f.vari {
			case VariableAge:
				out = append(out, "age")
			case VariableTotalPoints:
				out = append(out, "total points")
			default:
				out = append(out, "hours a week of help from family and friends")
			}
		}
	}
	s := strings.Join(out, ", ")
	if s == "" {
		return t.name
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// linkPart adds the step that turns the score into the amount.
func (r *Result) linkPart(add func(key, section string, data any)) {
	e := r.engine
	g := e.reg
	if g.link == LinkLogit {
		add("link_logit", "link", probabilityData{Score: fixed(r.Eta, 4), Probability: percent(r.Probability)})
		return
	}
	period := "week"
	if g.annual {
		period = "year"
	}
	// The amount the link gave, in its period, exact (before limits).
	amount := r.base
	if g.annual {
		amount = r.annualExact
	}
	if r.Negative {
		add("link_below_zero", "link", linkData{Score: fixed(r.Eta, 4), Amount: e.amount(0), Period: period})
		return
	}
	d := linkData{Amount: e.amount(amount), Period: period}
	switch g.link {
	case LinkIdentity:
		d.Score = fixed(r.Eta, 4)
		add("link_identity", "link", d)
	case LinkSqrt:
		if g.varCorr != 0 {
			d.Correction = trimFloat(g.varCorr)
		}
		// As many decimals of the score as it takes for the square shown
		// to round to the amount shown.
		want := roundMicro(amount, microPerPenny, RoundHalfUp)
		d.Score = fixed(r.Eta, 4)
		for k := 4; k <= 12; k++ {
			s := fixed(r.Eta, k)
			x, ok := new(big.Rat).SetString(s)
			if !ok {
				break
			}
			sq := new(big.Rat).Mul(x, x)
			if g.varCorr != 0 {
				sq.Add(sq, new(big.Rat).SetFloat64(g.varCorr))
			}
			d.Score = s
			if ratToMicroRounded(sq, microPerPenny) == want {
				break
			}
		}
		add("link_sqrt", "link", d)
	case LinkLog:
		d.Score = fixed(r.Eta, 4)
		sm := g.smearing
		if g.smearBy != "" {
			idx := r.si
			if g.smearBy == "cohort" {
				idx = cohortIndex(r.Cohort)
			}
			if idx >= 0 && g.smearHas[idx] {
				sm = g.smearSet[idx]
			}
		}
		d.Smearing = trimFloat(sm)
		add("link_log", "link", d)
	}
}

// budgetParts adds the budget, how each amount was rounded, and the hours
// breakdown.
func (r *Result) budgetParts(add func(key, section string, data any)) {
	e := r.engine
	weekly, annual := penceToDecimal(r.weeklyPence), penceToDecimal(r.annualPence)
	add("budget", "budget", budgetData{Weekly: e.show(weekly), Annual: e.show(annual)})
	weeks := new(big.Rat).SetFrac64(e.weeksMicro, 1_000_000)
	weeksText := decimal.New(e.weeksMicro, -6).String()
	unit := new(big.Rat).SetFrac64(e.unitMicro, microPerPound)
	rounding := e.roundingWords()
	wantW, wantA := new(big.Rat).SetFrac64(r.weeklyPence, 100), new(big.Rat).SetFrac64(r.annualPence, 100)
	if r.annualExact >= 0 && r.weekly == r.base {
		// An annual model's amount: the annual amount is rounded from the
		// exact annual amount, the weekly from it ÷ weeks.
		exact := new(big.Rat).SetFrac64(r.annualExact, microPerPound)
		text, places := e.shownExact(r.annualExact, func(x *big.Rat) bool {
			return roundRat(x, unit, e.mode).Cmp(wantA) == 0 && roundRat(new(big.Rat).Quo(x, weeks), unit, e.mode).Cmp(wantW) == 0
		})
		if roundRat(exact, unit, e.mode).Cmp(exact) != 0 {
			add("annual_exact", "budget", exactData{Exact: text, Places: places, Amount: e.show(annual), Rounding: rounding})
		}
		q := new(big.Rat).Quo(exact, weeks)
		add("weekly_from_annual", "budget", periodData{From: text, Places: places, Weeks: weeksText, Amount: e.show(weekly),
			Rounded: roundRat(q, unit, e.mode).Cmp(q) != 0, Rounding: rounding})
	} else {
		exact := new(big.Rat).SetFrac64(r.weekly, microPerPound)
		text, places := e.shownExact(r.weekly, func(x *big.Rat) bool {
			return roundRat(x, unit, e.mode).Cmp(wantW) == 0 && roundRat(new(big.Rat).Mul(x, weeks), unit, e.mode).Cmp(wantA) == 0
		})
		if roundRat(exact, unit, e.mode).Cmp(exact) != 0 {
			add("weekly_exact", "budget", exactData{Exact: text, Places: places, Amount: e.show(weekly), Rounding: rounding})
		}
		p := new(big.Rat).Mul(exact, weeks)
		add("annual", "budget", periodData{From: text, Places: places, Weeks: weeksText, Amount: e.show(annual),
			Rounded: roundRat(p, unit, e.mode).Cmp(p) != 0, Rounding: rounding})
	}
	if prod := new(big.Rat).Mul(wantW, weeks); prod.Cmp(wantA) != 0 {
		add("rounding_note", "budget", roundingNoteData{Weeks: weeksText, Rounded: e.show(weekly), Product: e.about(prod), Amount: e.show(annual)})
	}
	defer func() {
		footer := "budget"
		if r.compositionParts(add) {
			footer = "end"
		}
		if r.rangePart(add) {
			footer = "end"
		}
		add("footer", footer, noteData{})
	}()
	lines := r.breakdown()
	shown := r.Hours()
	if len(shown) == 0 {
		return
	}
	add("breakdown", "budget", breakdownData{})
	pennies := penniesAddingUp(shown, r.weeklyPence)
	k := 0
	for i, l := range lines {
		if l.minutes == 0 && l.amount == 0 {
			continue
		}
		name := e.support[i].name
		if hours := e.hoursShown(l.minutes); hours == "0.00" {
			add("money_line", "budget", moneyLineData{SupportType: name, Amount: e.show(pennies[k])})
		} else {
			add("hours_line", "budget", hoursLineData{Hours: hours, SupportType: name, Amount: e.show(pennies[k])})
		}
		k++
	}
}

// compositionParts adds the steps of the budget's composition (add-ons,
// pro-rating, the total for the period, a caseload cap), and reports
// whether there were any.
func (r *Result) compositionParts(add func(key, section string, data any)) bool {
	e := r.engine
	if !r.composed && !r.capped {
		return false
	}
	total := r.totalPence
	if r.capped {
		total = r.capBefore
	}
	var addOns []Step
	var pro, capStep *Step
	for i := range r.trace {
		switch s := &r.trace[i]; s.Kind {
		case StepAddOn:
			addOns = append(addOns, *s)
		case StepProRate:
			pro = s
		case StepCaseloadCap:
			capStep = s
		}
	}
	unit := new(big.Rat).SetFrac64(e.unitMicro, microPerPound)
	rounding := e.roundingWords()
	weeks := new(big.Rat).SetFrac64(e.weeksMicro, 1_000_000)
	if r.composed && !r.traceOn {
		// Without the trace, only the total.
		forName := "the year"
		if e.comp.proRate != nil {
			forName = e.comp.proRate.name
		}
		add("total", "composition", totalData{For: forName, Total: e.show(penceToDecimal(total)), Rounding: rounding})
	}
	if r.composed && r.traceOn {
		for i, s := range addOns {
			if i == 0 {
				add("addons", "composition", addOnsData{})
			}
			ad := &e.comp.addOns[e.comp.byID[s.Rule]]
			amt := microToDecimal(s.Amount)
			d := addOnData{Name: ad.name, Amount: e.money(s.Amount), Period: map[AddOnPeriod]string{AddOnWeekly: "a week", AddOnAnnual: "a year", AddOnOneOff: "once"}[ad.period]}
			if ad.period == AddOnWeekly {
				d.Yearly = e.about(new(big.Rat).Mul(amt.Rat(), weeks)) + " a year"
			}
			if a := r.addOnApproval(int(s.Option)); a != nil {
				d.ApprovedOn, d.Reference = longDate(a.ApprovedOn), a.Reference
			}
			add("addon", "composition", d)
		}
		// The exact amounts: the annual amount after the limits, the
		// recurring add-ons a year, the one-off add-ons.
		var a0 *big.Rat
		if r.annualExact >= 0 && r.weekly == r.base {
			a0 = new(big.Rat).SetFrac64(r.annualExact, microPerPound)
		} else {
			a0 = new(big.Rat).Mul(new(big.Rat).SetFrac64(r.weekly, microPerPound), weeks)
		}
		recurring, oneOff := new(big.Rat), new(big.Rat)
		for _, s := range addOns {
			amt := new(big.Rat).SetFrac64(s.Amount, microPerPound)
			switch AddOnPeriod(s.Text) {
			case AddOnWeekly:
				recurring.Add(recurring, amt.Mul(amt, weeks))
			case AddOnAnnual:
				recurring.Add(recurring, amt)
			default:
				oneOff.Add(oneOff, amt)
			}
		}
		part, whole := int64(1), int64(1)
		if pro != nil {
			part, whole = pro.Part, pro.Whole
		}
		want := new(big.Rat).SetFrac64(total, 100)
		// The fewest decimal places (from 4) for which the arithmetic shown
		// gives the total shown.
		var a0k, fy, pr, prk decimal.Decimal
		for k := int32(4); k <= 14; k++ {
			a0k, _ = ratDecimal(a0, k)
			fyr := new(big.Rat).Add(a0k.Rat(), recurring)
			prr := new(big.Rat).Mul(fyr, big.NewRat(part, whole))
			prk, _ = ratDecimal(prr, k)
			fy, pr = decimal.NewFromBigRat(fyr, 14), decimal.NewFromBigRat(prr, 14)
			if roundRat(new(big.Rat).Add(prk.Rat(), oneOff), unit, e.mode).Cmp(want) == 0 {
				break
			}
		}
		placesIf := func(shown decimal.Decimal, exact *big.Rat) int {
			if shown.Rat().Cmp(exact) == 0 {
				return 0
			}
			return int(-shown.Exponent())
		}
		show := func(d decimal.Decimal) string { return e.money(mustMicroRound(d)) }
		if recurring.Sign() != 0 {
			add("full_year", "composition", fullYearData{Annual: show(a0k), Places: placesIf(a0k, a0), AddOns: e.about(recurring), Amount: show(fy)})
		}
		amountShown := show(fy)
		forName := "the year"
		if pro != nil {
			p := e.comp.proRate
			unitName := "days"
			if p.months {
				unitName = "months"
			}
			start, _ := ParseDate(pro.Text)
			add("pro_rate", "composition", proRateData{Period: p.name, PeriodStart: longDate(p.start), PeriodEnd: longDate(p.end), Start: longDate(start),
				Part: strconv.FormatInt(part, 10), Whole: strconv.FormatInt(whole, 10), Unit: unitName, FullYear: show(fy), Amount: show(prk), Places: placesIf(prk, pr.Rat())})
			amountShown, forName = show(prk), p.name
		}
		t := totalData{For: forName, Amount: amountShown, Total: e.show(penceToDecimal(total)), Rounding: rounding}
		if oneOff.Sign() != 0 {
			t.OneOff = e.about(oneOff)
		}
		exact := new(big.Rat).Add(prk.Rat(), oneOff)
		t.Rounded = exact.Cmp(want) != 0
		add("total", "composition", t)
	}
	if r.capped && (capStep != nil || !r.traceOn) {
		rounding := r.capRounding
		if rounding != "" {
			rounding = strings.ToUpper(rounding[:1]) + rounding[1:]
		}
		add("caseload_cap", "caseload", caseloadCapData{Name: r.capName, Requested: e.show(penceToDecimal(r.capRequested)), Cap: e.show(r.capAmount),
			Allocated: e.show(r.capAllocated), Scale: r.capScale.StringFixed(6), Before: e.show(penceToDecimal(r.capBefore)), After: e.show(penceToDecimal(r.totalPence)), Rounding: rounding})
	}
	return true
}

// addOnApproval returns the i-th approved add-on of the assessment the
// result was made from, as recorded when it was assessed.
func (r *Result) addOnApproval(i int) *ApprovedAddOn {
	if i < 0 || i >= len(r.addOns) {
		return nil
	}
	return &r.addOns[i]
}

// longDate writes a date as people read it: "1 September 2025".
func longDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 January 2006")
}

// mustMicroRound converts a decimal amount to micro-pence, rounding half to
// even to the micro-penny, for display.
func mustMicroRound(d decimal.Decimal) int64 {
	return d.Shift(8).RoundBank(0).IntPart()
}

// hoursShown formats micro-minutes as hours rounded half up to the model's
// hours unit, with two decimals.
func (e *Engine) hoursShown(microMinutes int64) string {
	h := decimal.New(microMinutes, -6).Div(decimal.NewFromInt(60))
	u := e.hoursUnit
	return h.Div(u).Round(0).Mul(u).StringFixed(2)
}

func (s *cSchedule) label() string {
	if s.name != "" {
		return s.name
	}
	return "price schedule " + s.id
}

func (e *Engine) findSchedule(id string) *cSchedule {
	for i := range e.schedules {
		if e.schedules[i].id == id {
			return &e.schedules[i]
		}
	}
	return &cSchedule{id: id}
}

func (e *Engine) findAdjust(id string) *cAdjust {
	for i := range e.adjs {
		if e.adjs[i].id == id {
			return &e.adjs[i]
		}
	}
	return &cAdjust{id: id, name: id}
}

func (e *Engine) findDeduct(id string) *cDeduct {
	for i := range e.deds {
		if e.deds[i].id == id {
			return &e.deds[i]
		}
	}
	return &cDeduct{id: id, name: id}
}

func (e *Engine) findAddition(id string) *cAddition {
	for i := range e.addns {
		if e.addns[i].id == id {
			return &e.addns[i]
		}
	}
	return &cAddition{id: id, name: id}
}

func (e *Engine) findSettingCap(id string) *cSettingCap {
	for i := range e.limits.settingCaps {
		if e.limits.settingCaps[i].id == id {
			return &e.limits.settingCaps[i]
		}
	}
	return &cSettingCap{id: id, name: id}
}

// show formats an amount as FormatMoney does, in the model's currency.
func (e *Engine) show(d decimal.Decimal) string { return FormatMoney(d, e.model.Currency) }

// money formats an exact amount (micro-pence, a price or rate written in
// the model) with two decimals, or all the decimals it has.
func (e *Engine) money(u int64) string {
	d := microToDecimal(u)
	return formatMoneyPlaces(d, e.model.Currency, max(2, decimalPlaces(d)))
}

// amount formats a computed amount (micro-pence) to the nearest penny,
// halves up, for the steps of an explanation.
func (e *Engine) amount(u int64) string {
	return e.show(microToDecimal(roundMicro(u, microPerPenny, RoundHalfUp)))
}

// about formats an exact amount: as it is when it has at most 4 decimal
// places, else "about" and the amount to the penny.
func (e *Engine) about(x *big.Rat) string {
	d, exact := ratDecimal(x, 4)
	if exact {
		return formatMoneyPlaces(d, e.model.Currency, max(2, decimalPlaces(d)))
	}
	return "about " + e.show(d.Round(2))
}

// shownExact formats an exact amount (micro-pence) for an explanation of
// its rounding: exactly when it has at most 4 decimal places; otherwise
// rounded half up to the fewest decimal places, from 4, for which
// agrees(shown) holds (the arithmetic shown then gives the amounts shown),
// and exactly at the latest at 8. places is the number of decimal places
// it was rounded to, or 0 when it is shown exactly.
func (e *Engine) shownExact(u int64, agrees func(*big.Rat) bool) (string, int) {
	d := microToDecimal(u)
	n := int(decimalPlaces(d))
	if n <= 4 {
		return formatMoneyPlaces(d, e.model.Currency, int32(max(2, n))), 0
	}
	for k := 4; k < n; k++ {
		s := d.Round(int32(k))
		if agrees(s.Rat()) {
			return formatMoneyPlaces(s, e.model.Currency, int32(k)), k
		}
	}
	return formatMoneyPlaces(d, e.model.Currency, int32(n)), 0
}

// roundingWords says how the model rounds amounts: "half up to the penny",
// "up to the cent", "half to even to the nearest £0.05".
func (e *Engine) roundingWords() string {
	mode := map[RoundingMode]string{RoundHalfUp: "half up", RoundHalfEven: "half to even", RoundUp: "up", RoundDown: "down"}[e.mode]
	if e.unitMicro == microPerPenny {
		switch e.model.Currency {
		case "", "GBP":
			return mode + " to the penny"
		case "USD", "EUR":
			return mode + " to the cent"
		}
	}
	return mode + " to the nearest " + e.show(microToDecimal(e.unitMicro))
}

// roundRat rounds x ≥ 0 to a multiple of unit by mode.
func roundRat(x, unit *big.Rat, mode RoundingMode) *big.Rat {
	q := new(big.Rat).Quo(x, unit)
	n, rem := new(big.Int).QuoRem(q.Num(), q.Denom(), new(big.Int))
	if rem.Sign() != 0 {
		twice := new(big.Int).Lsh(rem, 1)
		c := twice.Cmp(q.Denom())
		switch mode {
		case RoundUp:
			n.Add(n, big.NewInt(1))
		case RoundDown:
		case RoundHalfEven:
			if c > 0 || c == 0 && n.Bit(0) == 1 {
				n.Add(n, big.NewInt(1))
			}
		default:
			if c >= 0 {
				n.Add(n, big.NewInt(1))
			}
		}
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), unit)
}

// ratToMicroRounded rounds x (pounds) half up to a multiple of unit
// micro-pence and returns micro-pence.
func ratToMicroRounded(x *big.Rat, unit int64) int64 {
	r := roundRat(x, new(big.Rat).SetFrac64(unit, microPerPound), RoundHalfUp)
	r.Mul(r, new(big.Rat).SetInt64(microPerPound))
	return r.Num().Int64()
}

// ratDecimal returns x rounded half up to places decimal places, and
// whether that is x exactly.
func ratDecimal(x *big.Rat, places int32) (decimal.Decimal, bool) {
	d := decimal.NewFromBigRat(x, places)
	return d, d.Rat().Cmp(x) == 0
}

// decimalPlaces returns the number of decimal places of d without trailing
// zeros.
func decimalPlaces(d decimal.Decimal) int32 {
	_, frac, ok := strings.Cut(d.String(), ".")
	if !ok {
		return 0
	}
	return int32(len(frac))
}

// duration formats micro-minutes as hours and whole minutes, rounding the
// total to the nearest minute first (so never "1 hour 60 minutes").
func duration(microMinutes int64) string {
	total := roundMicro(microMinutes, 1_000_000, RoundHalfUp) / 1_000_000
	h, m := total/60, total%60
	switch {
	case h == 0:
		return plural(m, "minute")
	case m == 0:
		return plural(h, "hour")
	default:
		return plural(h, "hour") + " " + plural(m, "minute")
	}
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// fixed formats f with places decimals, with a true minus sign. It rounds
// the shortest decimal that reads back as f, halves away from zero, so that
// 4.775 shows as 4.78 (as a person rounds it), not 4.77 (its binary value
// is a little below 4.775).
func fixed(f float64, places int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', places, 64)
	}
	s := decimal.NewFromFloat(f).StringFixed(int32(places))
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s, "-0.") == "" {
			return s[1:] // −0.00 is 0.00
		}
		return minusSign + s[1:]
	}
	return s
}

// signedFixed formats f with places decimals and its sign: "+ 7.50",
// "− 45.55".
func signedFixed(f float64, places int) string {
	s := fixed(math.Abs(f), places)
	if f < 0 && strings.Trim(s, "0.") != "" {
		return minusSign + " " + s
	}
	return "+ " + s
}

// coefText formats a regression coefficient with up to 6 significant
// digits, as a person reads it.
func coefText(c float64) string {
	s := strconv.FormatFloat(c, 'g', 6, 64)
	if strings.ContainsAny(s, "e") {
		s = strconv.FormatFloat(c, 'f', -1, 64)
	}
	if strings.HasPrefix(s, "-") {
		return minusSign + s[1:]
	}
	return s
}

func percent(p float64) string { return strconv.FormatFloat(100*p, 'f', 1, 64) + "%" }

func fraction(text string) string {
	switch text {
	case "1":
		return "all"
	case "0.5":
		return "half"
	case "0.25":
		return "a quarter"
	case "0.75":
		return "three quarters"
	}
	return text + " (as a fraction)"
}

// penniesAddingUp rounds the lines' weekly money to pennies so that they add
// up to total (pence), by the largest-remainder method: each line is first
// rounded down, then the pennies left go to the lines with the largest
// remainders (or, if the budget was rounded down, come from the smallest).
func penniesAddingUp(hs []HoursLine, total int64) []decimal.Decimal {
	n := len(hs)
	floor := make([]int64, n)
	rem := make([]int64, n)
	var sum int64
	for i, h := range hs {
		u, _ := decimalToMicro(h.Weekly)
		floor[i], rem[i] = u/microPerPenny, u%microPerPenny
		sum += floor[i]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	diff := total - sum
	for k := 0; diff > 0 && n > 0; k++ {
		floor[order[k%n]]++
		diff--
	}
	for k := n - 1; diff < 0 && n > 0; k-- {
		i := order[(k%n+n)%n]
		if floor[i] > 0 {
			floor[i]--
			diff++
		}
	}
	out := make([]decimal.Decimal, n)
	for i := range out {
		out[i] = penceToDecimal(floor[i])
	}
	return out
}
