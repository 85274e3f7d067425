package ras

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

// StepKind says what a trace step records.
type StepKind uint8

// Kinds of trace step.
const (
	StepAnswer        StepKind = iota + 1 // an answer and the points it gave
	StepDefault                           // a missing answer took the question's default
	StepNotApplicable                     // a question does not apply to the cohort
	StepDomain                            // a domain's total points
	StepPricePerPoint                     // total points × price per point
	StepDomainPrice                       // a domain's points × its price
	StepBand                              // total points fell in a band
	StepCurve                             // total points read off a price curve
	StepMinutes                           // an answer gave minutes for an activity
	StepAdjust                            // a complexity adjustment multiplied minutes
	StepDeduct                            // informal support was deducted
	StepPriceHours                        // an activity's minutes priced at its hourly rate
	StepAddition                          // night or respite support was added
	StepTerm                              // a regression term's contribution to η
	StepLink                              // the inverse link turned η into an amount or probability
	StepSettingCap                        // a living-setting cap lowered the budget
	StepCap                               // the overall cap lowered the budget
	StepFloor                             // the minimum budget raised it
	StepRound                             // the budget was rounded
	StepAddOn                             // an approved add-on was added (composition)
	StepProRate                           // the full-year amount was pro-rated to the part of a period left
	StepTotal                             // the budget for the period was rounded (composition)
	StepCaseloadCap                       // a caseload cap scaled the budget for the period (Engine.ComposeCaseload)
)

// Step is one step of a budget's trace. Which fields are set depends on Kind.
// Amounts are in micro-pence (10⁻⁸ pound) and minutes in micro-minutes, the
// engine's exact fixed point; Explain renders them in pounds and hours.
type Step struct {
	Kind     StepKind
	Rule     string // id of the schedule, band, adjustment, deduction, addition, term or cap
	Domain   int32  // index into the model's domains, −1 none
	Question int32  // index into the questions in model order, −1 none
	Option   int32  // index into the question's options, −1 none
	Activity int32  // index into the activities, −1 none
	Support  int32  // index into the support types, −1 none
	Points   int64
	Minutes  int64   // micro-minutes
	Amount   int64   // micro-pence
	Before   int64   // micro-pence or micro-minutes before the step
	After    int64   // micro-pence or micro-minutes after the step
	Value    float64 // a number answer, a factor value, η, or a probability
	// X is, for a regression term, the value of its factors (the product
	// its coefficient multiplies: Value = coefficient × X).
	X float64
	// Part and Whole are, for pro-rating, the days (or months) of the
	// period left and in the period.
	Part, Whole int64
	Text        string // a factor or fraction as written in the model; a pro-rated budget's start date
}

// DomainScore is a domain's points.
type DomainScore struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Points int64  `json:"points"`
}

// HoursLine is the support of one type in a budget: hours a week and the
// weekly money for them.
type HoursLine struct {
	SupportType string          `json:"support_type"`
	Name        string          `json:"name,omitempty"`
	Hours       decimal.Decimal `json:"hours_per_week"` // rounded half up to 0.01 h
	Weekly      decimal.Decimal `json:"weekly"`         // exact, before the budget is rounded
}

// Applied records a limit (a setting cap, the overall cap or the floor)
// that changed the budget: its rule id, name and kind, and the exact weekly
// amounts before and after (micro-pence; MarshalJSON writes them in pounds).
type Applied struct {
	Kind   StepKind `json:"-"`
	Rule   string   `json:"rule"`
	Name   string   `json:"name"`
	Before int64    `json:"-"`
	After  int64    `json:"-"`
}

type line struct {
	minutes int64 // micro-minutes
	amount  int64 // micro-pence
}

type qstate struct {
	val float64 // a number answer
	opt int32   // chosen option, −1 none
	how uint8   // qMissing until the question is answered, defaulted or found not to apply
}

const (
	qMissing uint8 = iota
	qAnswered
	qDefaulted
	qNotApplicable
)

// Result is the outcome of assessing one person. Reuse a Result across calls
// to AssessInto to avoid allocation. A Result is not safe for concurrent use.
type Result struct {
	engine *Engine

	AssessmentID string
	PersonID     string
	Cohort       Cohort
	TotalPoints  int64
	// Adjustments lists the limits (caps, floors) that changed the budget.
	Adjustments []Applied
	// HasBudget is false for a logit model, which gives a probability.
	HasBudget bool
	// Probability is a logit model's output.
	Probability float64
	// Eta is a regression model's linear predictor.
	Eta float64

	// Defaulted counts the missing answers that took the question's
	// default (missing-answer policy "default").
	Defaulted int
	// Negative is set when a regression model predicted an amount below
	// zero, which the engine takes as zero.
	Negative bool

	acc         []int64 // the domains' points, the activities' minutes, a spare
	points      []int64 // points per domain, in model order (in acc)
	etaAcc      float64 // folded regression terms, added up while matching
	si          int     // living setting index of the last assessment
	ok          bool    // the last assessment succeeded
	weekly      int64   // exact weekly amount, micro-pence
	base        int64   // exact weekly amount before limits
	annualExact int64   // an annual model's exact annual amount; −1 otherwise
	weeklyPence int64   // rounded
	annualPence int64   // rounded
	totalPence  int64   // the budget for the period, rounded (Total)
	composed    bool    // totalPence was composed (Model.Composition)
	capped      bool    // a caseload cap changed totalPence
	capBefore   int64   // totalPence before the caseload cap
	// The caseload cap that changed totalPence (Engine.ComposeCaseload),
	// for explanations.
	capScale     decimal.Decimal
	capRequested int64 // pence
	capAllocated decimal.Decimal
	capAmount    decimal.Decimal
	capName      string
	capRounding  string
	addOns       []ApprovedAddOn // the approvals composed, with the trace on
	linesBy      uint8           // how the hours breakdown is worked out (lines.go)
	lines        []line
	states       []qstate
	acts         []int64 // micro-minutes per activity
	trace        []Step
	traceOn      bool
}

// Weekly returns the weekly budget, rounded by the model's rule.
func (r *Result) Weekly() decimal.Decimal { return penceToDecimal(r.weeklyPence) }

// Annual returns the annual budget: the exact weekly amount × weeks per year,
// rounded once by the model's rule.
func (r *Result) Annual() decimal.Decimal { return penceToDecimal(r.annualPence) }

// WeeklyPence returns the rounded weekly budget in pence, for bulk work.
func (r *Result) WeeklyPence() int64 { return r.weeklyPence }

// AnnualPence returns the rounded annual budget in pence.
func (r *Result) AnnualPence() int64 { return r.annualPence }

// ExactWeekly returns the weekly budget before rounding, exact to 10⁻⁸ pound.
func (r *Result) ExactWeekly() decimal.Decimal { return microToDecimal(r.weekly) }

// ExactBeforeLimits returns the weekly amount the family's rules gave,
// before the limits (caps and floors) and before rounding, exact to 10⁻⁸
// pound: the amount a budget range is centred on (see RangeRules), and the
// one package calibrate scores ranges with. A regression amount below zero
// is 0.
func (r *Result) ExactBeforeLimits() decimal.Decimal { return microToDecimal(r.base) }

// Trace returns the steps recorded when the trace was on. The slice belongs
// to the Result and is overwritten by its next use.
func (r *Result) Trace() []Step { return r.trace }

// DomainPoints returns the points of each domain, in the model's order (see
// Engine.DomainIDs). The slice belongs to the Result: it is overwritten by
// the Result's next use.
func (r *Result) DomainPoints() []int64 { return r.points }

// Domains returns each domain's id, name and points, in the model's order.
func (r *Result) Domains() []DomainScore {
	if r.engine == nil {
		return nil
	}
	out := make([]DomainScore, len(r.points))
	for i, p := range r.points {
		d := &r.engine.domains[i]
		out[i] = DomainScore{ID: d.id, Name: d.name, Points: p}
	}
	return out
}

// OK reports whether the result holds a successful assessment. A Result
// whose last AssessInto failed, or a zero Result, is not OK, and Explain and
// the writers refuse it.
func (r *Result) OK() bool { return r.ok }

// Hours returns the hours breakdown by support type, in the model's order,
// leaving out types with no hours and no money. Each line's weekly money is
// exact; the lines add up to the exact weekly budget (ExactWeekly).
func (r *Result) Hours() []HoursLine {
	if !r.ok || r.engine == nil {
		return nil
	}
	var out []HoursLine
	for i, l := range r.breakdown() {
		if l.minutes == 0 && l.amount == 0 {
			continue
		}
		s := r.engine.support[i]
		// micro-minutes → hours, rounded half up to 0.01 h.
		hours := decimal.New(l.minutes, -6).Div(decimal.NewFromInt(60)).Round(2)
		out = append(out, HoursLine{SupportType: s.id, Name: s.name, Hours: hours, Weekly: microToDecimal(l.amount)})
	}
	return out
}

// TotalHours returns the total hours a week, rounded half up to 0.01 h.
func (r *Result) TotalHours() decimal.Decimal {
	var m int64
	for _, l := range r.breakdown() {
		m += l.minutes
	}
	return decimal.New(m, -6).Div(decimal.NewFromInt(60)).Round(2)
}

// Clone returns a deep copy of r, for keeping a result from a reused one.
func (r *Result) Clone() *Result {
	c := *r
	c.points = append([]int64(nil), r.points...)
	c.Adjustments = append([]Applied(nil), r.Adjustments...)
	c.lines = append([]line(nil), r.lines...)
	c.states = append([]qstate(nil), r.states...)
	c.acts = append([]int64(nil), r.acts...)
	c.acc = nil // points and acts have their own copies
	c.trace = append([]Step(nil), r.trace...)
	c.addOns = append([]ApprovedAddOn(nil), r.addOns...)
	return &c
}

type resultJSON struct {
	Status       string        `json:"status"` // "ok", or "failed" for a failed batch entry
	AssessmentID string        `json:"assessment_id"`
	PersonID     string        `json:"person_id"`
	Model        string        `json:"model"`
	ModelVersion string        `json:"model_version"`
	Cohort       Cohort        `json:"cohort"`
	Domains      []DomainScore `json:"domains"`
	TotalPoints  int64         `json:"total_points"`
	Weekly       string        `json:"weekly,omitempty"`
	Annual       string        `json:"annual,omitempty"`
	ExactWeekly  string        `json:"exact_weekly,omitempty"`
	// With composition or a caseload cap: the budget for the period.
	Total          string        `json:"total,omitempty"`
	TotalBeforeCap string        `json:"total_before_cap,omitempty"`
	CaseloadScale  string        `json:"caseload_scale,omitempty"`
	Hours          []hoursJSON   `json:"hours,omitempty"`
	Adjustments    []appliedJSON `json:"adjustments,omitempty"`
	Probability    *float64      `json:"probability,omitempty"`
	Range          *rangeJSON    `json:"range,omitempty"`
}

type rangeJSON struct {
	Level       string `json:"level"`
	WeeklyLower string `json:"weekly_lower"`
	WeeklyUpper string `json:"weekly_upper"`
	AnnualLower string `json:"annual_lower"`
	AnnualUpper string `json:"annual_upper"`
	Group       string `json:"group"`
	N           int    `json:"n"`
}

type hoursJSON struct {
	SupportType string `json:"support_type"`
	Hours       string `json:"hours_per_week"`
	Weekly      string `json:"weekly"`
}

type appliedJSON struct {
	Rule   string          `json:"rule"`
	Name   string          `json:"name"`
	Before decimal.Decimal `json:"before"`
	After  decimal.Decimal `json:"after"`
}

// MarshalJSON writes the result with its amounts as decimal strings: the
// weekly and annual budgets with two decimals (and, for a model that
// composes the budget or a result a caseload cap changed, the budget for
// the period, "total", with the budget before the cap and the scale), the exact weekly amount and
// each support type's weekly money in full, hours with two decimals, and,
// for a model with a budget range, the range ("range": level, weekly and
// annual ends with two decimals, group and the number of assessments it
// was calibrated on).
func (r *Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{Status: "ok", AssessmentID: r.AssessmentID, PersonID: r.PersonID, Cohort: r.Cohort,
		Domains: r.Domains(), TotalPoints: r.TotalPoints}
	if !r.ok {
		out.Status, out.Domains, out.TotalPoints = "failed", nil, 0
		if r.engine != nil {
			out.Model, out.ModelVersion = r.engine.model.ID, r.engine.model.Version
		}
		return json.Marshal(out)
	}
	if r.engine != nil {
		out.Model, out.ModelVersion = r.engine.model.ID, r.engine.model.Version
	}
	if r.HasBudget {
		out.Weekly, out.Annual, out.ExactWeekly = r.Weekly().StringFixed(2), r.Annual().StringFixed(2), r.ExactWeekly().String()
		if r.composed || r.capped {
			out.Total = r.Total().StringFixed(2)
		}
		if r.capped {
			out.TotalBeforeCap, out.CaseloadScale = penceToDecimal(r.capBefore).StringFixed(2), r.capScale.String()
		}
		for _, h := range r.Hours() {
			out.Hours = append(out.Hours, hoursJSON{SupportType: h.SupportType, Hours: h.Hours.StringFixed(2), Weekly: h.Weekly.String()})
		}
		if br, ok := r.Range(); ok {
			out.Range = &rangeJSON{Level: br.Level.String(), WeeklyLower: br.WeeklyLower.StringFixed(2), WeeklyUpper: br.WeeklyUpper.StringFixed(2),
				AnnualLower: br.AnnualLower.StringFixed(2), AnnualUpper: br.AnnualUpper.StringFixed(2), Group: br.Group, N: br.N}
		}
	} else {
		p := r.Probability
		out.Probability = &p
	}
	for _, ad := range r.Adjustments {
		out.Adjustments = append(out.Adjustments, appliedJSON{Rule: ad.Rule, Name: ad.Name, Before: microToDecimal(ad.Before), After: microToDecimal(ad.After)})
	}
	return json.Marshal(out)
}
