package ras

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Explain writes the result's trace as plain English that a social worker
// could give to the person: which answers gave which points or hours, which
// rule set which amount, what informal support was deducted, and which caps,
// floors and rounding applied. The result must have been produced with the
// trace on (Assess does this); otherwise Explain says so and writes only the
// totals.
func (r *Result) Explain(w io.Writer) error {
	if r.engine == nil || !r.ok {
		return wrapf(ErrInvalidAssessment, "Explain: the result holds no successful assessment")
	}
	e := r.engine
	m := e.model
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("Indicative personal budget for assessment %s (model %s, version %s)\n", r.AssessmentID, m.Name, m.Version)
	if !r.traceOn {
		p("(No trace was recorded for this result; assess with the trace on to see each step.)\n")
	}
	// Minutes an answer gave, shown with the answer.
	minutesOf := map[int32]Step{}
	for _, s := range r.trace {
		if s.Kind == StepMinutes {
			minutesOf[s.Question] = s
		}
	}
	curDomain := int32(-1)
	termsStarted := false
	closeDomain := func() {
		if curDomain >= 0 && e.family != FamilyHours && (e.reg == nil || e.reg.usesDomain[curDomain]) {
			p("  %s: %s in all.\n", e.domains[curDomain].name, plural(r.points[curDomain], "point"))
		}
	}
	for _, s := range r.trace {
		switch s.Kind {
		case StepAnswer, StepDefault, StepNotApplicable, StepDomain, StepMinutes:
		default:
			if curDomain >= 0 {
				closeDomain()
				curDomain = -1
			}
		}
		switch s.Kind {
		case StepAnswer, StepDefault:
			q := &e.qs[s.Question]
			if q.domain != curDomain {
				closeDomain()
				curDomain = q.domain
				p("\n%s\n", e.domains[q.domain].name)
			}
			how := "you answered"
			if s.Kind == StepDefault {
				how = "no answer was given, so the model's default was used:"
			}
			if s.Option >= 0 {
				o := q.options[s.Option]
				p("  - %s: %s %q", q.text, how, o.label)
				if e.family != FamilyHours {
					p(", %s", plural(o.points, "point"))
				}
			} else {
				p("  - %s: %s %s%s", q.text, how, trimFloat(s.Value), unitSuffix(q.unit))
			}
			if ms, ok := minutesOf[int32(s.Question)]; ok {
				p(", which needs %s a week of support with %s", duration(ms.Minutes), strings.ToLower(e.acts[ms.Activity].name))
			}
			p(".\n")
		case StepDomain, StepMinutes:
			// Shown with the answers.
		case StepNotApplicable:
			// Not shown to the person: the question is not part of their questionnaire.
		case StepPricePerPoint:
			sc := e.findSchedule(s.Rule)
			p("\nYour answers add up to %s. At %s a point (%s), that is %s a week.\n", plural(s.Points, "point"), e.money(sc.priceMicro), sc.label(), e.amount(s.Amount))
		case StepDomainPrice:
			if s.Before < 0 {
				if s.Points > 0 {
					p("\n%s: %s, which this schedule does not price.", e.domains[s.Domain].name, plural(s.Points, "point"))
				}
				continue
			}
			p("\n%s: %s at %s a point gives %s a week.", e.domains[s.Domain].name, plural(s.Points, "point"), e.money(s.Before), e.amount(s.Amount))
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
			p("\nYour answers add up to %s, which is in the %q band (%s) of %s. That band gives %s a week.\n", plural(s.Points, "point"), name, rng, sc.label(), e.money(s.Amount))
		case StepCurve:
			sc := e.findSchedule(s.Rule)
			p("\nYour answers add up to %s. On the price curve of %s", plural(s.Points, "point"), sc.label())
			if s.Option > 0 {
				k0, k1 := sc.knots[s.Option-1], sc.knots[s.Option]
				p(", between %s (%s) and %s (%s), that is %s a week.\n", plural(k0.points, "point"), e.money(k0.amount), plural(k1.points, "point"), e.money(k1.amount), e.amount(s.Amount))
			} else {
				p(", beyond its last point, that is %s a week.\n", e.amount(s.Amount))
			}
		case StepAdjust:
			adj := e.findAdjust(s.Rule)
			q := &e.qs[s.Question]
			p("\n%s: because you answered %q to %q, the time for %s is multiplied by %s: %s becomes %s.",
				adj.name, q.options[s.Option].label, q.text, strings.ToLower(e.acts[s.Activity].name), s.Text, duration(s.Before), duration(s.After))
		case StepDeduct:
			d := e.findDeduct(s.Rule)
			act := strings.ToLower(e.acts[s.Activity].name)
			switch {
			case s.Option >= 0:
				q := &e.qs[s.Question]
				p("\n%s: you told us %q, so %s of the time for %s is provided by family, friends or others and is not paid for: %s less, leaving %s.",
					d.name, q.options[s.Option].label, fraction(s.Text), act, duration(s.Minutes), duration(s.After))
			default:
				p("\n%s: family, friends or others give %s hours a week of unpaid help, so %s is taken off the time for %s, leaving %s.",
					d.name, trimFloat(s.Value), duration(s.Minutes), act, duration(s.After))
			}
		case StepPriceHours:
			sup := e.support[s.Support]
			p("\n%s: %s a week of %s at %s an hour is %s.", e.acts[s.Activity].name, duration(s.Minutes), strings.ToLower(sup.name), e.money(sup.rateMicro), e.amount(s.Amount))
		case StepAddition:
			ad := e.findAddition(s.Rule)
			q := &e.qs[s.Question]
			p("\n%s: because you answered %q to %q, %s a week is added", ad.name, q.options[s.Option].label, q.text, e.amount(s.Amount))
			if s.Minutes > 0 {
				p(" (%s of %s)", duration(s.Minutes), strings.ToLower(e.support[s.Support].name))
			}
			p(".")
		case StepTerm:
			if !termsStarted {
				termsStarted = true
				p("\nThe model's score starts at %s (its intercept).", trimFloat(e.reg.intercept))
			}
			p("\n  %s adds %s to the score.", e.termLabel(s.Rule), signed(s.Value))
		case StepLink:
			g := e.reg
			switch g.link {
			case LinkLogit:
				p("\n\nThe score gives a probability of %.1f%%.\n", 100*s.Value)
			case LinkSqrt:
				p("\n\nThe score is %.4f. Squared", s.Value)
				if g.varCorr != 0 {
					p(", plus the model's variance correction of %s,", trimFloat(g.varCorr))
				}
				p(" it gives %s a %s.\n", e.amount(amountForPeriod(e, s.Amount)), periodWord(g.annual))
			case LinkLog:
				p("\n\nThe score is %.4f. Its exponential, times the model's smearing factor, gives %s a %s.\n", s.Value, e.amount(amountForPeriod(e, s.Amount)), periodWord(g.annual))
			default:
				p("\n\nThe score gives %s a %s.\n", e.amount(amountForPeriod(e, s.Amount)), periodWord(g.annual))
			}
			if g.annual {
				p("Over %s weeks a year that is %s a week.\n", trimFloat(float64(e.weeksMicro)/1e6), e.amount(s.Amount))
			}
		case StepSettingCap:
			c := e.findSettingCap(s.Rule)
			p("\n%s: for people living in this setting the budget is at most %s a week, so %s becomes %s.\n", c.name, e.money(c.cap), e.amount(s.Before), e.amount(s.After))
		case StepCap:
			p("\nThe overall cap is %s a week, so %s becomes %s.\n", e.money(s.After), e.amount(s.Before), e.amount(s.After))
		case StepFloor:
			p("\nThe minimum budget is %s a week, so %s is raised to %s.\n", e.money(s.After), e.amount(s.Before), e.amount(s.After))
		case StepRound:
			if s.Before != s.After {
				p("\nRounded (%s to the nearest %s), the weekly amount %s becomes %s.\n", roundingWords(e.mode), e.money(e.unitMicro), e.money(s.Before), e.money(s.After))
			}
		}
	}
	if r.HasBudget {
		if e.family == FamilyHours {
			p("\n")
		}
		p("\nIndicative budget: %s%s a week, %s%s a year (%s weeks).\n", e.symbol(), r.Weekly().StringFixed(2), e.symbol(), r.Annual().StringFixed(2), trimFloat(float64(e.weeksMicro)/1e6))
		if hs := r.Hours(); len(hs) > 0 {
			p("This is about:\n")
			shown := penniesAddingUp(hs, r.weeklyPence)
			for i, h := range hs {
				h.Weekly = shown[i]
				if h.Hours.IsZero() {
					p("  - %s%s a week of %s\n", e.symbol(), h.Weekly.StringFixed(2), strings.ToLower(h.Name))
				} else {
					p("  - %s hours a week of %s (%s%s)\n", h.Hours.StringFixed(2), strings.ToLower(h.Name), e.symbol(), h.Weekly.StringFixed(2))
				}
			}
		}
		p("This is an indicative amount. Your support plan will confirm the budget you need.\n")
	} else {
		p("Probability: %.1f%%. This is an estimate to help decide, not a decision.\n", 100*r.Probability)
	}
	return bw.Flush()
}

func (e *Engine) termLabel(name string) string {
	for _, t := range e.reg.terms {
		if t.name == name && t.label != "" {
			return t.label
		}
	}
	return name
}

func amountForPeriod(e *Engine, weeklyMicro int64) int64 {
	if e.reg.annual {
		v, _ := mulDivRound(weeklyMicro, e.weeksMicro, 1_000_000)
		return v
	}
	return weeklyMicro
}

func periodWord(annual bool) string {
	if annual {
		return "year"
	}
	return "week"
}

func (s *cSchedule) label() string {
	if s.name != "" {
		return "the " + s.name + " schedule"
	}
	return "schedule " + s.id
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

// money formats micro-pence as "£12.34" (with the model's currency symbol),
// with more decimals only when the amount has them.
func (e *Engine) money(u int64) string {
	d := microToDecimal(u)
	sym := e.symbol()
	if d.Equal(d.Round(2)) {
		return sym + d.StringFixed(2)
	}
	return sym + d.Round(4).String()
}

// amount formats a computed amount (micro-pence) to the nearest penny,
// halves up, for the steps of an explanation.
func (e *Engine) amount(u int64) string {
	return e.symbol() + microToDecimal(roundMicro(u, microPerPenny, RoundHalfUp)).StringFixed(2)
}

func (e *Engine) symbol() string { return CurrencySymbol(e.model.Currency) }

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

func trimFloat(f float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", f), ".0") }

func signed(f float64) string {
	if f < 0 {
		return fmt.Sprintf("−%.4f", -f)
	}
	return fmt.Sprintf("%.4f", f)
}

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

func unitSuffix(u string) string {
	if u == "" {
		return ""
	}
	return " " + u
}

func roundingWords(m RoundingMode) string {
	switch m {
	case RoundUp:
		return "up"
	case RoundDown:
		return "down"
	case RoundHalfEven:
		return "halves to even"
	}
	return "halves up"
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
