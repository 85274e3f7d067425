package ras

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Explain writes the result's trace as plain English that a social worker
// could give to the person: which answers gave which points or hours, which
// rule set which amount, what informal support was deducted, and which caps,
// floors and rounding applied. The result must have been produced with the
// trace on (Assess does this); otherwise Explain says so and writes only the
// totals.
func (r *Result) Explain(w io.Writer) error {
	if r.engine == nil {
		return fmt.Errorf("ras: Explain: the result has not been assessed")
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
		if curDomain >= 0 && e.family != FamilyHours {
			p("  %s: %s in all.\n", e.domains[curDomain].name, plural(r.Domains[curDomain].Points, "point"))
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
			p("\nYour answers add up to %s. At %s a point (%s), that is %s a week.\n", plural(s.Points, "point"), e.money(sc.priceMicro), sc.label(), e.money(s.Amount))
		case StepDomainPrice:
			if s.Before < 0 {
				if s.Points > 0 {
					p("\n%s: %s, which this schedule does not price.", e.domains[s.Domain].name, plural(s.Points, "point"))
				}
				continue
			}
			p("\n%s: %s at %s a point gives %s a week.", e.domains[s.Domain].name, plural(s.Points, "point"), e.money(s.Before), e.money(s.Amount))
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
				p(", between %s (%s) and %s (%s), that is %s a week.\n", plural(k0.points, "point"), e.money(k0.amount), plural(k1.points, "point"), e.money(k1.amount), e.money(s.Amount))
			} else {
				p(", beyond its last point, that is %s a week.\n", e.money(s.Amount))
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
			p("\n%s: %s a week of %s at %s an hour is %s.", e.acts[s.Activity].name, duration(s.Minutes), strings.ToLower(sup.name), e.money(sup.rateMicro), e.money(s.Amount))
		case StepAddition:
			ad := e.findAddition(s.Rule)
			q := &e.qs[s.Question]
			p("\n%s: because you answered %q to %q, %s a week is added", ad.name, q.options[s.Option].label, q.text, e.money(s.Amount))
			if s.Minutes > 0 {
				p(" (%s of %s)", duration(s.Minutes), strings.ToLower(e.support[s.Support].name))
			}
			p(".")
		case StepTerm:
			if !termsStarted {
				termsStarted = true
				p("\nThe model's score starts at %s (its intercept).", trimFloat(e.reg.intercept))
			}
			p("\n  %s adds %s to the score.", s.Rule, signed(s.Value))
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
				p(" it gives %s a %s.\n", e.money(amountForPeriod(e, s.Amount)), periodWord(g.annual))
			case LinkLog:
				p("\n\nThe score is %.4f. Its exponential, times the model's smearing factor, gives %s a %s.\n", s.Value, e.money(amountForPeriod(e, s.Amount)), periodWord(g.annual))
			default:
				p("\n\nThe score gives %s a %s.\n", e.money(amountForPeriod(e, s.Amount)), periodWord(g.annual))
			}
			if g.annual {
				p("Over %s weeks a year that is %s a week.\n", trimFloat(float64(e.weeksMicro)/1e6), e.money(s.Amount))
			}
		case StepSettingCap:
			c := e.findSettingCap(s.Rule)
			p("\n%s: for people living in this setting the budget is at most %s a week, so %s becomes %s.\n", c.name, e.money(c.cap), e.money(s.Before), e.money(s.After))
		case StepCap:
			p("\nThe overall cap is %s a week, so %s becomes %s.\n", e.money(s.After), e.money(s.Before), e.money(s.After))
		case StepFloor:
			p("\nThe minimum budget is %s a week, so %s is raised to %s.\n", e.money(s.After), e.money(s.Before), e.money(s.After))
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
			for _, h := range hs {
				if h.Hours.IsZero() {
					p("  - %s%s a week of %s\n", e.symbol(), h.Weekly.StringFixed(2), strings.ToLower(h.Name))
				} else {
					p("  - %s hours a week of %s (%s%s)\n", h.Hours.StringFixed(2), strings.ToLower(h.Name), e.symbol(), h.Weekly.Round(2).StringFixed(2))
				}
			}
		}
		p("This is an indicative amount. Your support plan will confirm the budget you need.\n")
	} else {
		p("Probability: %.1f%%. This is an estimate to help decide, not a decision.\n", 100*r.Probability)
	}
	return bw.Flush()
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

func (e *Engine) symbol() string {
	switch e.model.Currency {
	case "", "GBP":
		return "£"
	case "USD":
		return "$"
	case "EUR":
		return "€"
	}
	return e.model.Currency + " "
}

func duration(microMinutes int64) string {
	mins := float64(microMinutes) / 1e6
	h := int64(mins / 60)
	rest := mins - float64(h*60)
	restS := trimFloat(roundTo(rest, 1))
	switch {
	case h == 0:
		return restS + " minutes"
	case rest < 0.05:
		return plural(h, "hour")
	default:
		return fmt.Sprintf("%s %s minutes", plural(h, "hour"), restS)
	}
}

func roundTo(x float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
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
