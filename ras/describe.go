package ras

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// DescribeModel writes a model as Markdown for people to read: what it is
// (id, version, family, cohorts, currency, rounding, missing-answer
// policy), its support types, its questionnaire (each domain, each
// question with the cohorts it applies to, its options and their points,
// minutes or range, and its default), its allocation rules (price
// schedules; activities, adjustments, deductions and additions; or the
// regression formula term by term), its limits, in the order the engine
// applies them, its composition and its budget range.
//
// Amounts are shown as FormatMoney shows them; an amount with more than
// two decimal places is followed by its exact value. The model is checked
// first: an invalid model is an error (ErrInvalidModel) and nothing is
// written.
func DescribeModel(w io.Writer, m *Model) error {
	if m == nil {
		return fmt.Errorf("ras: DescribeModel: nil model: %w", ErrInvalidModel)
	}
	if err := m.Validate(); err != nil {
		return err
	}
	d := describer{m: m, cur: m.Currency}
	d.model()
	_, err := io.WriteString(w, d.b.String())
	return err
}

type describer struct {
	m   *Model
	cur string
	b   strings.Builder
}

func (d *describer) p(format string, args ...any) { fmt.Fprintf(&d.b, format, args...) }

// cell makes text safe in a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

func code(id string) string { return "`" + strings.ReplaceAll(id, "`", "'") + "`" }

// money shows an amount as FormatMoney does, with its exact value when it
// has more than two decimal places.
func (d *describer) money(x decimal.Decimal) string {
	s := FormatMoney(x, d.cur)
	if !x.Equal(x.Round(2)) {
		s += " (exactly " + x.String() + ")"
	}
	return s
}

func number(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

var cohortNames = map[Cohort]string{
	CohortAdult:    "Adult Social Care",
	CohortCHC:      "NHS Continuing Healthcare",
	CohortCarer:    "Carers",
	CohortChildren: "Children's Health, Social Care and Education",
}

var settingNames = map[LivingSetting]string{
	SettingHomeAlone:       "own home, alone",
	SettingHomeFamily:      "own or family home, with family or friends",
	SettingSupportedLiving: "supported or extra-care living",
	SettingResidential:     "residential care home",
	SettingNursing:         "nursing home",
}

func cohortNameList(cs []Cohort) string {
	var out []string
	for _, c := range cs {
		out = append(out, cohortNames[c])
	}
	return strings.Join(out, ", ")
}

func settingList(ss []LivingSetting) string {
	var out []string
	for _, s := range ss {
		out = append(out, settingNames[s])
	}
	return strings.Join(out, "; ")
}

func (d *describer) supportName(id string) string {
	for _, s := range d.m.SupportTypes {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

func (d *describer) rate(id string) decimal.Decimal {
	for _, s := range d.m.SupportTypes {
		if s.ID == id {
			return s.HourlyRate
		}
	}
	return decimal.Zero
}

func (d *describer) activityName(id string) string {
	if d.m.Hours != nil {
		for _, a := range d.m.Hours.Activities {
			if a.ID == id {
				return a.Name
			}
		}
	}
	return id
}

func (d *describer) activityNames(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, d.activityName(id))
	}
	return strings.Join(out, ", ")
}

func (d *describer) question(id string) *Question {
	for di := range d.m.Domains {
		for qi := range d.m.Domains[di].Questions {
			if q := &d.m.Domains[di].Questions[qi]; q.ID == id {
				return q
			}
		}
	}
	return nil
}

func (d *describer) domainName(id string) string {
	for _, dm := range d.m.Domains {
		if dm.ID == id {
			return dm.Name
		}
	}
	return id
}

func optionLabel(q *Question, id string) string {
	for _, o := range q.Options {
		if o.ID == id {
			return o.Label
		}
	}
	return id
}

func (d *describer) model() {
	m := d.m
	d.p("# %s\n\n", m.Name)
	if m.Description != "" {
		d.p("%s\n\n", m.Description)
	}
	families := map[Family]string{
		FamilyPoints:     "points: answers give points, and points are priced by a schedule chosen by cohort",
		FamilyHours:      "hours: answers give minutes of support per activity, adjusted, less informal support, priced at hourly rates",
		FamilyRegression: "regression: a linear predictor over the answers and the person, then an inverse link",
	}
	weeks := "52"
	if !m.WeeksPerYear.IsZero() {
		weeks = m.WeeksPerYear.String()
	}
	mode, unit := m.Rounding.Mode, m.Rounding.Unit
	if mode == "" {
		mode = RoundHalfUp
	}
	if unit.IsZero() {
		unit = decimal.New(1, -2)
	}
	modes := map[RoundingMode]string{RoundHalfUp: "half up", RoundHalfEven: "half to even", RoundUp: "up", RoundDown: "down"}
	missing := "an error: every question that applies must be answered"
	if m.Missing == MissingDefault {
		missing = "replaced by the question's default; a question without one must be answered"
	}
	cur := m.Currency
	if cur == "" {
		cur = "GBP"
	}
	d.p("| | |\n|---|---|\n")
	d.p("| Model | %s, version %s |\n", code(m.ID), cell(m.Version))
	d.p("| Family | %s |\n", families[m.Family])
	d.p("| Cohorts | %s |\n", cohortNameList(m.Cohorts))
	d.p("| Currency | %s (%s) |\n", cur, strings.TrimSpace(CurrencySymbol(m.Currency)))
	if m.Regression != nil && m.Regression.Output == PeriodAnnual {
		d.p("| Weekly and annual amounts | the model gives the annual amount; the weekly amount is the exact annual amount ÷ %s weeks; each is rounded once |\n", weeks)
	} else {
		d.p("| Weekly and annual amounts | the annual amount is the exact weekly amount × %s weeks; each is rounded once |\n", weeks)
	}
	d.p("| Rounding | %s to %s |\n", modes[mode], d.money(unit))
	hu := "0.01"
	if !m.HoursUnit.IsZero() {
		hu = m.HoursUnit.String()
	}
	d.p("| Hours shown to | %s hour (half up), in explanations |\n", hu)
	d.p("| A missing answer is | %s |\n", missing)
	d.p("\n")

	if len(m.SupportTypes) > 0 {
		d.p("## Support types\n\n| Support type | Id | Hourly rate |\n|---|---|---|\n")
		for _, s := range m.SupportTypes {
			d.p("| %s | %s | %s |\n", cell(s.Name), code(s.ID), d.money(s.HourlyRate))
		}
		d.p("\n")
	}
	d.questionnaire()
	switch {
	case m.Points != nil:
		d.points()
	case m.Hours != nil:
		d.hours()
	case m.Regression != nil:
		d.regression()
	}
	d.limits()
	d.composition()
	d.budgetRange()
}

func (d *describer) questionnaire() {
	m := d.m
	nq, maxPts := 0, 0
	for _, dm := range m.Domains {
		nq += len(dm.Questions)
		for _, q := range dm.Questions {
			best := 0
			for _, o := range q.Options {
				best = max(best, o.Points)
			}
			maxPts += best
		}
	}
	d.p("## Questionnaire\n\n%d questions in %d domains", nq, len(m.Domains))
	if m.Family == FamilyPoints {
		d.p("; the most points an assessment can score is %d", maxPts)
	}
	d.p(".\n\n")
	hours := m.Family == FamilyHours
	for di, dm := range m.Domains {
		d.p("### %d. %s (%s)\n\n", di+1, dm.Name, code(dm.ID))
		if dm.SupportType != "" && m.Family == FamilyPoints {
			d.p("Its money is counted as %s in the hours breakdown.\n\n", d.supportName(dm.SupportType))
		}
		for qi := range dm.Questions {
			q := &dm.Questions[qi]
			d.p("**%d.%d %s** (%s)", di+1, qi+1, q.Text, code(q.ID))
			if len(q.Cohorts) > 0 {
				d.p(" — only for %s", cohortNameList(q.Cohorts))
			}
			d.p("\n\n")
			if q.Type == QuestionNumber {
				unit := ""
				if q.Unit != "" {
					unit = " " + q.Unit
				}
				d.p("A number from %s to %s%s.", number(*q.Min), number(*q.Max), unit)
				if q.DefaultValue != nil {
					d.p(" If not answered: %s%s.", number(*q.DefaultValue), unit)
				}
				d.p("\n\n")
				continue
			}
			if hours && q.Activity != "" {
				d.p("Minutes count towards %s.\n\n", d.activityName(q.Activity))
			}
			if hours && q.Activity != "" {
				d.p("| Answer | Id | Points | Minutes a week |\n|---|---|---|---|\n")
			} else {
				d.p("| Answer | Id | Points |\n|---|---|---|\n")
			}
			for _, o := range q.Options {
				def := ""
				if o.ID == q.Default {
					def = " (default)"
				}
				if hours && q.Activity != "" {
					d.p("| %s%s | %s | %d | %s |\n", cell(o.Label), def, code(o.ID), o.Points, o.Minutes.String())
				} else {
					d.p("| %s%s | %s | %d |\n", cell(o.Label), def, code(o.ID), o.Points)
				}
			}
			d.p("\n")
		}
	}
}

func (d *describer) points() {
	d.p("## Allocation: points to money\n\nThe first schedule that applies to the assessment's cohort prices the total points.\n\n")
	for _, s := range d.m.Points.Schedules {
		name := s.Name
		if name == "" {
			name = s.ID
		}
		who := "every cohort"
		if len(s.Cohorts) > 0 {
			who = cohortNameList(s.Cohorts)
		}
		d.p("### %s (%s)\n\nFor %s. ", name, code(s.ID), who)
		switch {
		case s.PricePerPoint != nil:
			d.p("Weekly budget = total points × %s.\n\n", d.money(*s.PricePerPoint))
		case s.DomainPrices != nil:
			d.p("Weekly budget = each domain's points × its price, added up. A domain without a price adds nothing.\n\n| Domain | Price per point |\n|---|---|\n")
			for _, dm := range d.m.Domains {
				if p, ok := s.DomainPrices[dm.ID]; ok {
					d.p("| %s | %s |\n", cell(dm.Name), d.money(p))
				} else {
					d.p("| %s | no price |\n", cell(dm.Name))
				}
			}
			d.p("\n")
		case s.Bands != nil:
			d.p("A flat weekly budget for each band of total points.\n\n| Band | Total points | Weekly budget |\n|---|---|---|\n")
			for _, b := range s.Bands {
				rng := fmt.Sprintf("%d or more", b.MinPoints)
				if b.MaxPoints != nil {
					rng = fmt.Sprintf("%d to %d", b.MinPoints, *b.MaxPoints)
				}
				d.p("| %s | %s | %s |\n", cell(b.Name), rng, d.money(b.Weekly))
			}
			d.p("\n")
		default:
			d.p("The weekly budget follows a curve through these points, in a straight line between them and flat beyond the last.\n\n| Total points | Weekly budget |\n|---|---|\n")
			for _, k := range s.Curve {
				d.p("| %d | %s |\n", k.Points, d.money(k.Weekly))
			}
			d.p("\n")
		}
	}
	d.p("The hours breakdown shares the money among the domains by their points (or their priced amounts), and counts each domain's share at its support type's hourly rate.\n\n")
}

func (d *describer) optionTable(head string, q *Question, vals map[string]decimal.Decimal, show func(decimal.Decimal) string) {
	d.p("| Answer to %s | %s |\n|---|---|\n", cell(q.Text), head)
	for _, o := range q.Options {
		if v, ok := vals[o.ID]; ok {
			d.p("| %s | %s |\n", cell(o.Label), show(v))
		}
	}
	d.p("\n")
}

func (d *describer) hours() {
	h := d.m.Hours
	d.p("## Allocation: minutes to money\n\n")
	steps := []string{"Each answer adds its minutes a week to its question's activity."}
	if len(h.Adjustments) > 0 {
		steps = append(steps, "Adjustments multiply some activities' minutes, in order.")
	}
	if len(h.Deductions) > 0 {
		steps = append(steps, "Help from family and friends is taken off, in order, never below zero.")
	}
	steps = append(steps, "Each activity's minutes are priced at its support type's hourly rate.")
	if len(h.Additions) > 0 {
		steps = append(steps, "Night support and breaks are added.")
	}
	for i, st := range steps {
		d.p("%d. %s\n", i+1, st)
	}
	d.p("\n### Activities\n\n| Activity | Id | Support type |\n|---|---|---|\n")
	for _, a := range h.Activities {
		d.p("| %s | %s | %s |\n", cell(a.Name), code(a.ID), cell(d.supportName(a.SupportType)))
	}
	d.p("\n")
	if len(h.Adjustments) > 0 {
		d.p("### Adjustments\n\n")
		for _, a := range h.Adjustments {
			q := d.question(a.Question)
			d.p("**%s** (%s): multiplies the minutes of %s by the answer to %s (%s); other answers change nothing.\n\n", a.Name, code(a.ID), d.activityNames(a.Activities), q.Text, code(q.ID))
			d.optionTable("Minutes ×", q, a.Factors, func(x decimal.Decimal) string { return x.String() })
		}
	}
	if len(h.Deductions) > 0 {
		d.p("### Help from family and friends\n\n")
		for _, dd := range h.Deductions {
			d.p("**%s** (%s): taken from %s, in that order.", dd.Name, code(dd.ID), d.activityNames(dd.Activities))
			switch {
			case dd.HoursQuestion != "":
				q := d.question(dd.HoursQuestion)
				d.p(" The hours a week given in answer to %s (%s).\n\n", q.Text, code(q.ID))
			case dd.InformalActivity != "":
				d.p(" The hours a week of %s recorded in the assessment's informal help.\n\n", strings.ReplaceAll(dd.InformalActivity, "_", " "))
			default:
				q := d.question(dd.Question)
				d.p(" A share of each activity's minutes, by the answer to %s (%s).\n\n", q.Text, code(q.ID))
				d.optionTable("Share met by family and friends", q, dd.Fractions, func(x decimal.Decimal) string { return x.String() })
			}
		}
	}
	if len(h.Additions) > 0 {
		d.p("### Night support and breaks\n\n")
		for _, a := range h.Additions {
			q := d.question(a.Question)
			d.p("**%s** (%s), counted as %s, by the answer to %s (%s):\n\n", a.Name, code(a.ID), d.supportName(a.SupportType), q.Text, code(q.ID))
			d.p("| Answer | Added a week |\n|---|---|\n")
			for _, o := range q.Options {
				if v, ok := a.Weekly[o.ID]; ok {
					d.p("| %s | %s |\n", cell(o.Label), d.money(v))
				} else if v, ok := a.Hours[o.ID]; ok {
					d.p("| %s | %s hours at %s an hour |\n", cell(o.Label), v.String(), d.money(d.rate(a.SupportType)))
				}
			}
			d.p("\n")
		}
	}
}

// factor describes one factor of a regression term.
func (d *describer) factor(f Factor) string {
	switch {
	case f.Domain != "":
		return "points in " + d.domainName(f.Domain)
	case f.Question != "" && f.Option != "":
		q := d.question(f.Question)
		return fmt.Sprintf("1 if %s (%s) is answered %q", q.Text, code(q.ID), optionLabel(q, f.Option))
	case f.Question != "":
		q := d.question(f.Question)
		if q.Type == QuestionNumber {
			return fmt.Sprintf("the answer to %s (%s)", q.Text, code(q.ID))
		}
		return fmt.Sprintf("the points of the answer to %s (%s)", q.Text, code(q.ID))
	case f.Settings != nil:
		return "1 if living in: " + settingList(f.Settings)
	case f.Cohorts != nil:
		return "1 if in: " + cohortNameList(f.Cohorts)
	case f.AgeMin != nil && f.AgeMax != nil:
		return fmt.Sprintf("1 if aged %d to %d", *f.AgeMin, *f.AgeMax)
	case f.AgeMin != nil:
		return fmt.Sprintf("1 if aged %d or over", *f.AgeMin)
	case f.AgeMax != nil:
		return fmt.Sprintf("1 if aged %d or under", *f.AgeMax)
	}
	switch f.Variable {
	case VariableAge:
		return "age in years"
	case VariableTotalPoints:
		return "total points"
	}
	return "hours a week of help from family and friends"
}

func (d *describer) regression() {
	r := d.m.Regression
	period := "a week"
	if r.Output == PeriodAnnual {
		period = "a year"
	}
	d.p("## Allocation: the regression formula\n\n")
	d.p("The linear predictor η is the intercept plus each term's coefficient × its factors (a term with two factors is an interaction).\n\n")
	switch r.Link {
	case LinkIdentity:
		d.p("The amount %s is η.\n\n", period)
	case LinkSqrt:
		d.p("The model was fitted on the square root of cost: the amount %s is η²", period)
		if r.VarianceCorrection != 0 {
			d.p(" + %s (the fitted variance, so that the amount is the mean on the money scale)", number(r.VarianceCorrection))
		}
		d.p(".\n\n")
	case LinkLog:
		sm := r.Smearing
		if sm == 0 {
			sm = 1
		}
		d.p("The model was fitted on the log of cost: the amount %s is exp(η) × a smearing factor of %s", period, number(sm))
		if r.SmearingBy != "" {
			d.p(", or by %s:", strings.ReplaceAll(r.SmearingBy, "_", " "))
			for _, k := range sortedKeys(r.SmearingGroups) {
				name := cohortNames[Cohort(k)]
				if r.SmearingBy == "living_setting" {
					name = settingNames[LivingSetting(k)]
				}
				d.p(" %s %s;", name, number(r.SmearingGroups[k]))
			}
		}
		d.p(".\n\n")
	case LinkLogit:
		d.p("The model gives a probability, 1 / (1 + exp(−η)), not an amount of money.\n\n")
	}
	if r.Link == LinkIdentity {
		d.p("A prediction below zero is a budget of zero.\n\n")
	}
	d.p("| Term | Coefficient | × |\n|---|---|---|\n")
	d.p("| intercept | %s | 1 |\n", number(r.Intercept))
	for _, t := range r.Terms {
		name := code(t.Name)
		if t.Label != "" {
			name = cell(t.Label) + " (" + code(t.Name) + ")"
		}
		var fs []string
		for _, f := range t.Factors {
			fs = append(fs, d.factor(f))
		}
		d.p("| %s | %s | %s |\n", name, number(t.Coef), cell(strings.Join(fs, " × ")))
	}
	d.p("\n")
	if r.Shares != nil {
		d.p("The hours breakdown shares the budget among support types:\n\n| Support type | Share |\n|---|---|\n")
		keys := sortedKeys(r.Shares)
		slices.SortStableFunc(keys, func(a, b string) int {
			return slices.IndexFunc(d.m.SupportTypes, func(s SupportType) bool { return s.ID == a }) -
				slices.IndexFunc(d.m.SupportTypes, func(s SupportType) bool { return s.ID == b })
		})
		for _, k := range keys {
			d.p("| %s | %s |\n", cell(d.supportName(k)), r.Shares[k].String())
		}
		d.p("\n")
	}
}

func (d *describer) limits() {
	l := d.m.Limits
	if l == nil {
		return
	}
	d.p("## Limits\n\nApplied last, in this order:\n\n")
	n := 0
	for _, c := range l.SettingCaps {
		n++
		d.p("%d. **%s** (%s): at most %s a week for people living in: %s.\n", n, c.Name, code(c.ID), d.money(c.CapWeekly), settingList(c.Settings))
	}
	if l.CapWeekly != nil {
		n++
		d.p("%d. **Overall cap**: at most %s a week.\n", n, d.money(*l.CapWeekly))
	}
	if l.FloorWeekly != nil {
		n++
		d.p("%d. **Floor**: at least %s a week; a top-up with nothing else to scale up is counted as %s.\n", n, d.money(*l.FloorWeekly), strings.ToLower(d.supportName(l.FloorSupportType)))
	}
	d.p("\nA cap or floor scales the hours breakdown with the budget.\n")
}

func (d *describer) composition() {
	c := d.m.Composition
	if c == nil {
		return
	}
	d.p("\n## Composition of the budget for the period\n\n")
	d.p("After the limits, the budget for the period is the annual amount plus the weekly add-ons × the weeks a year and the annual add-ons")
	if c.ProRate != nil {
		d.p(", pro-rated")
	}
	d.p(", plus the one-off add-ons, rounded once by the model's rounding. The weekly and annual amounts above are not changed.\n\n")
	if len(c.AddOns) > 0 {
		d.p("### Add-ons\n\nEach is added only when the assessment records it as approved.\n\n| Add-on | Id | Paid | Amount |\n|---|---|---|---|\n")
		for _, a := range c.AddOns {
			paid := map[AddOnPeriod]string{AddOnWeekly: "a week", AddOnAnnual: "a year", AddOnOneOff: "once (not pro-rated)"}[a.Period]
			amount := "as approved"
			switch {
			case a.Amount != nil:
				amount = d.money(*a.Amount)
			case a.Max != nil:
				amount = "as approved, at most " + d.money(*a.Max)
			}
			d.p("| %s | %s | %s | %s |\n", cell(a.Name), code(a.ID), paid, amount)
		}
		d.p("\n")
	}
	if r := c.ProRate; r != nil {
		d.p("### Pro-rating\n\nTo %s, %s to %s: ", cell(r.Name), r.PeriodStart, r.PeriodEnd)
		if r.DayCount == DayCountMonths {
			months := (r.PeriodEnd.Year*12 + int(r.PeriodEnd.Month)) - (r.PeriodStart.Year*12 + int(r.PeriodStart.Month)) + 1
			d.p("the full-year amount × the calendar months left (the month the budget starts counted in full) ÷ %d months.", months)
		} else {
			d.p("the full-year amount × the days left (from the date the budget starts to %s, both included) ÷ %d days.", r.PeriodEnd, r.PeriodEnd.DaysSince(r.PeriodStart)+1)
		}
		d.p(" A budget starting outside the period is refused.\n\n")
	}
	if cc := c.CaseloadCap; cc != nil {
		amount := "given when the caseload is capped"
		if cc.Amount != nil {
			amount = FormatMoney(*cc.Amount, d.cur)
		}
		d.p("### Caseload cap\n\nThe budgets of a caseload may add up to at most %s: %s. When a caseload's budgets add up to more, each is scaled by the same factor (Engine.ComposeCaseload), rounded down to the rounding unit, the units left over going to the largest remainders.\n", cell(cc.Name), amount)
	}
}

func (d *describer) budgetRange() {
	r := d.m.Range
	if r == nil {
		return
	}
	level := r.Level.Shift(2).String() + "%"
	d.p("\n## Budget range\n\n")
	d.p("Beside the budget, the engine gives a range of planned weekly costs for people assessed alike: a conformal prediction interval around the amount before the limits, which %s of people's planned costs fall within", level)
	switch r.Method {
	case RangeSplitConformal:
		d.p(" (split conformal: the model was fitted on some assessments and the range calibrated on others, held out; the coverage is guaranteed when a new person is exchangeable with those of their group)")
	case RangeCrossValidation:
		d.p(" (k-fold cross-validation: the range was calibrated on out-of-fold errors around the fit on all assessments; the coverage is close to the level for a stable fit, not guaranteed)")
	}
	if r.By != "" {
		d.p(", calibrated separately by %s so that it holds in each", strings.ReplaceAll(r.By, "_", " "))
	}
	if r.Period != "" {
		d.p(", on assessments of %s", cell(r.Period))
	}
	d.p(".\n\n")
	scale := ""
	if r.MinScale != nil {
		scale = d.money(*r.MinScale)
	}
	switch r.Score {
	case ScoreAbsolute:
		d.p("For an amount a, the range is a − q to a + q (q in pounds a week): the same width for everyone.")
	case ScoreRelative:
		d.p("For an amount a, the range is a − q·s to a + q·s, where s is a or %s, whichever is larger: its width grows with the amount.", scale)
	case ScoreLog:
		d.p("For an amount a, with s the larger of a and %s, the range is s·e^−q to s·e^q, or from 0 when s·e^−q is at most %s: wider above the amount than below.", scale, scale)
	}
	d.p(" The lower end is never below 0; it is rounded down and the upper end up to the rounding unit.\n\n")
	d.p("| Group | Quantile q | Calibrated on |\n|---|---|---|\n")
	for _, k := range sortedKeys(r.Groups) {
		name := "everyone"
		switch r.By {
		case "cohort":
			name = cohortNames[Cohort(k)]
		case "living_setting":
			name = settingNames[LivingSetting(k)]
		}
		g := r.Groups[k]
		d.p("| %s | %s | %s assessments |\n", cell(name), number(g.Quantile), thousands(int64(g.N)))
	}
	if r.By == "cohort" {
		var none []string
		for _, c := range d.m.Cohorts {
			if _, ok := r.Groups[string(c)]; !ok {
				none = append(none, cohortNames[c])
			}
		}
		if len(none) > 0 {
			d.p("\nNo range is given to people in: %s.\n", strings.Join(none, ", "))
		}
	}
	if r.By == "living_setting" && len(r.Groups) < len(settings) {
		var none []string
		for _, s := range settings {
			if _, ok := r.Groups[string(s)]; !ok {
				none = append(none, settingNames[s])
			}
		}
		d.p("\nNo range is given to people living in: %s.\n", strings.Join(none, "; "))
	}
}
