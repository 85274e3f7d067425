package ras

import (
	"github.com/shopspring/decimal"
)

// Family is the kind of allocation rules a model uses.
type Family string

// The three families of RAS in use.
const (
	// FamilyPoints: answers give points, and points × a price (a price per
	// point, per-domain prices, bands or a piecewise-linear curve) give the
	// budget, as in In Control's RAS.
	FamilyPoints Family = "points"
	// FamilyHours: answers give minutes of support per activity, adjusted
	// for complexity, less informal support, priced at hourly rates, plus
	// night and respite additions, as in needs-led (FACE-style) models.
	FamilyHours Family = "hours"
	// FamilyRegression: a linear predictor over answers and person facts,
	// then an inverse link (identity, square, exp or logit), as in Florida's
	// iBudget Model 5b or a model fitted by package calibrate.
	FamilyRegression Family = "regression"
)

// QuestionType is the kind of answer a question takes.
type QuestionType string

// Question types.
const (
	QuestionChoice QuestionType = "choice" // one option from a list (the default)
	QuestionNumber QuestionType = "number" // a number between Min and Max
)

// MissingPolicy says what happens when a question that applies to the
// assessment's cohort has no answer.
type MissingPolicy string

// Missing-answer policies.
const (
	// MissingError: a missing answer is an error (ErrMissingAnswer). The
	// default.
	MissingError MissingPolicy = "error"
	// MissingDefault: a missing answer takes the question's declared default
	// (Question.Default or Question.DefaultValue); a question without a
	// default is still an error. The trace records every default used.
	MissingDefault MissingPolicy = "default"
)

// Model is a questionnaire and its allocation rules. It is data: versioned
// JSON that a council or vendor edits without touching Go. Load it with
// LoadModel or ParseModel, then Compile it into an Engine.
//
// Money fields are decimal strings or numbers of pounds ("12.50"), held
// exactly. Zero values mean the documented defaults.
type Model struct {
	// Schema is where an editor finds the model format's JSON Schema
	// (ModelSchema), for example "./model.schema.json"; the engine ignores
	// it.
	Schema      string   `json:"$schema,omitempty"`
	ID          string   `json:"id"`
	Version     string   `json:"version"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Family      Family   `json:"family"`
	Cohorts     []Cohort `json:"cohorts"` // the cohorts the model serves
	// Currency is an ISO 4217 code, "GBP" when empty.
	Currency string `json:"currency,omitempty"`
	// WeeksPerYear turns weekly amounts into annual ones; 52 when zero.
	WeeksPerYear decimal.Decimal `json:"weeks_per_year,omitzero"`
	// Rounding of the amounts shown: half up to the penny when empty.
	Rounding Rounding `json:"rounding,omitzero"`
	// HoursUnit is the unit hours are rounded to (half up) when shown to
	// people in explanations: 0.01 hour when zero, or 0.05, 0.1, 0.25 (a
	// quarter hour), 0.5 or 1. Result.Hours keeps 0.01 hour, for data.
	HoursUnit decimal.Decimal `json:"hours_unit,omitzero"`
	// Missing is the missing-answer policy; "error" when empty.
	Missing MissingPolicy `json:"missing,omitempty"`
	// SupportTypes are the kinds of support that hours are counted in, each
	// with its hourly rate.
	SupportTypes []SupportType `json:"support_types"`
	Domains      []Domain      `json:"domains"`

	Points     *PointsRules     `json:"points,omitempty"`
	Hours      *HoursRules      `json:"hours,omitempty"`
	Regression *RegressionRules `json:"regression,omitempty"`
	// Limits are the caps and floors applied after the family's rules
	// (points and hours families, and regression models with a money
	// output).
	Limits *Limits `json:"limits,omitempty"`
	// Composition composes the budget for a period from the amount after
	// the limits: approved add-ons, pro-rating to the part of a period the
	// budget covers, and a cap over a caseload. Not with a logit model.
	Composition *Composition `json:"composition,omitempty"`
	// Range is the budget range: a prediction interval for the planned
	// weekly cost of people assessed alike, with a stated coverage,
	// calibrated by package calibrate. Not with a logit model.
	Range *RangeRules `json:"range,omitempty"`
}

// Rounding is how amounts shown to people are rounded: Mode to a multiple of
// Unit pounds. The unit must be a whole number of pence. The weekly amount is
// rounded once from the exact weekly amount, and the annual amount once from
// the exact weekly amount × WeeksPerYear.
type Rounding struct {
	Mode RoundingMode    `json:"mode,omitempty"` // "half_up" when empty
	Unit decimal.Decimal `json:"unit,omitzero"`  // 0.01 when zero
}

// IsZero reports whether r is the zero Rounding (the defaults).
func (r Rounding) IsZero() bool { return r.Mode == "" && r.Unit.IsZero() }

// SupportType is a kind of support with its hourly rate, for example
// personal care at £24.50 an hour.
type SupportType struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	HourlyRate decimal.Decimal `json:"hourly_rate"`
}

// Domain is a group of questions about one area of need.
type Domain struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// SupportType is the support type a points model counts this domain's
	// money in, for the hours breakdown.
	SupportType string     `json:"support_type,omitempty"`
	Questions   []Question `json:"questions"`
}

// Question is one questionnaire item.
type Question struct {
	ID   string       `json:"id"`
	Text string       `json:"text"`
	Type QuestionType `json:"type,omitempty"` // "choice" when empty
	// Cohorts the question applies to; all the model's cohorts when empty.
	// A question that does not apply is skipped (and the trace says so).
	Cohorts []Cohort `json:"cohorts,omitempty"`
	Options []Option `json:"options,omitempty"`
	// Default is the option used when the answer is missing and the model's
	// policy is MissingDefault.
	Default string `json:"default,omitempty"`
	// Min, Max and DefaultValue apply to number questions.
	Min          *float64 `json:"min,omitempty"`
	Max          *float64 `json:"max,omitempty"`
	DefaultValue *float64 `json:"default_value,omitempty"`
	Unit         string   `json:"unit,omitempty"` // for example "hours a week"
	// Activity is, in an hours model, the activity whose minutes the
	// options give.
	Activity string `json:"activity,omitempty"`
}

// Option is one answer to a choice question.
type Option struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Points int    `json:"points"`
	// Minutes of support a week this answer needs, for the question's
	// activity (hours models).
	Minutes decimal.Decimal `json:"minutes,omitzero"`
}

// PointsRules turn points into money. Each price schedule applies to the
// cohorts it names; the first that matches the assessment's cohort is used,
// and a schedule without cohorts matches every cohort.
type PointsRules struct {
	Schedules []PriceSchedule `json:"schedules"`
}

// PriceSchedule is one way of pricing points. Exactly one of PricePerPoint,
// DomainPrices, Bands and Curve is set.
type PriceSchedule struct {
	ID      string   `json:"id"`
	Name    string   `json:"name,omitempty"`
	Cohorts []Cohort `json:"cohorts,omitempty"`
	// PricePerPoint prices total points linearly: weekly = points × price.
	PricePerPoint *decimal.Decimal `json:"price_per_point,omitempty"`
	// DomainPrices prices each domain's points at its own price per point.
	// A domain without a price contributes nothing and the trace says so.
	DomainPrices map[string]decimal.Decimal `json:"domain_prices,omitempty"`
	// Bands give a flat weekly amount for each range of total points. The
	// bands must cover every total the questionnaire can produce, without
	// gaps or overlaps; the last may be open (no max_points).
	Bands []Band `json:"bands,omitempty"`
	// Curve gives the weekly amount at knots of total points, linear between
	// them and flat beyond the last; knots rise strictly in points and start
	// at 0 points.
	Curve []Knot `json:"curve,omitempty"`
}

// Band is a range of total points, inclusive at both ends, and its weekly
// amount.
type Band struct {
	Name      string          `json:"name,omitempty"`
	MinPoints int             `json:"min_points"`
	MaxPoints *int            `json:"max_points,omitempty"` // nil: no upper end
	Weekly    decimal.Decimal `json:"weekly"`
}

// Knot is a point of a piecewise-linear price curve.
type Knot struct {
	Points int             `json:"points"`
	Weekly decimal.Decimal `json:"weekly"`
}

// HoursRules turn answers into hours of support and hours into money.
type HoursRules struct {
	Activities  []Activity   `json:"activities"`
	Adjustments []Adjustment `json:"adjustments,omitempty"`
	Deductions  []Deduction  `json:"deductions,omitempty"`
	Additions   []Addition   `json:"additions,omitempty"`
}

// Activity is something a person needs support with, counted in minutes a
// week and priced at its support type's hourly rate.
type Activity struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	SupportType string `json:"support_type"`
}

// Adjustment multiplies the minutes of some activities by a factor that
// depends on the answer to a question: complexity (difficulty moving,
// memory), or support by two workers.
type Adjustment struct {
	ID         string                     `json:"id"`
	Name       string                     `json:"name"`
	Question   string                     `json:"question"`
	Activities []string                   `json:"activities"`
	Factors    map[string]decimal.Decimal `json:"factors"` // option id → multiplier (≥ 0)
}

// Deduction takes informal (unpaid) support off the minutes of some
// activities. Exactly one source is set:
//   - Question and Fractions: a choice question whose answer gives the
//     fraction of the need met by unpaid support (0 to 1);
//   - HoursQuestion: a number question giving hours a week of unpaid help;
//   - InformalActivity: the hours a week recorded in the assessment's
//     informal help for that activity.
//
// Hours are taken from the listed activities in order, never below zero.
type Deduction struct {
	ID               string                     `json:"id"`
	Name             string                     `json:"name"`
	Activities       []string                   `json:"activities"`
	Question         string                     `json:"question,omitempty"`
	Fractions        map[string]decimal.Decimal `json:"fractions,omitempty"`
	HoursQuestion    string                     `json:"hours_question,omitempty"`
	InformalActivity string                     `json:"informal_activity,omitempty"`
}

// Addition adds support that is not counted by activity: night support, or a
// sustainability (respite) allocation. The answer to Question picks a weekly
// amount (Weekly) or hours a week priced at SupportType's rate (Hours).
type Addition struct {
	ID          string                     `json:"id"`
	Name        string                     `json:"name"`
	Question    string                     `json:"question"`
	SupportType string                     `json:"support_type"`
	Weekly      map[string]decimal.Decimal `json:"weekly,omitempty"`
	Hours       map[string]decimal.Decimal `json:"hours,omitempty"`
}

// Limits are applied after the family's rules, in this order: setting caps,
// the overall cap, then the floor.
type Limits struct {
	// FloorWeekly is the minimum weekly budget.
	FloorWeekly *decimal.Decimal `json:"floor_weekly,omitempty"`
	// FloorSupportType receives the floor's top-up in the hours breakdown
	// when there is no other support to scale up.
	FloorSupportType string `json:"floor_support_type,omitempty"`
	// CapWeekly is the overall (high-end) cap.
	CapWeekly *decimal.Decimal `json:"cap_weekly,omitempty"`
	// SettingCaps cap the budget for people in given living settings (for
	// example a care-home switch).
	SettingCaps []SettingCap `json:"setting_caps,omitempty"`
}

// SettingCap caps the weekly budget for people living in Settings.
type SettingCap struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Settings  []LivingSetting `json:"settings"`
	CapWeekly decimal.Decimal `json:"cap_weekly"`
}

// Link is the inverse transformation a regression model applies to its
// linear predictor η.
type Link string

// Regression links (named by the scale the model was fitted on).
const (
	LinkIdentity Link = "identity" // amount = η
	LinkSqrt     Link = "sqrt"     // fitted on √cost: amount = η² + variance correction
	LinkLog      Link = "log"      // fitted on log cost: amount = exp(η) × smearing
	LinkLogit    Link = "logit"    // a probability: p = 1 / (1 + exp(−η)); no money
)

// Period is the period a regression model's output covers.
type Period string

// Periods.
const (
	PeriodWeekly Period = "weekly"
	PeriodAnnual Period = "annual"
)

// RegressionRules are a linear predictor and its inverse link:
//
//	η = Intercept + Σ Coef × Π factors
//
// then, by Link: η (identity); η² + VarianceCorrection (sqrt: the
// retransformation E[y] = μ² + σ²); exp(η) × smearing (log: Duan's smearing
// factor, optionally by group); or 1/(1+exp(−η)) (logit).
type RegressionRules struct {
	Intercept float64 `json:"intercept"`
	Terms     []Term  `json:"terms"`
	Link      Link    `json:"link"`
	// VarianceCorrection (sqrt link) is added on the money scale, σ² of the
	// fitted model; 0 gives the naive square.
	VarianceCorrection float64 `json:"variance_correction,omitempty"`
	// Smearing (log link) multiplies exp(η); 1 when zero.
	Smearing float64 `json:"smearing,omitempty"`
	// SmearingBy ("living_setting" or "cohort") and SmearingGroups give a
	// smearing factor per group; groups not listed use Smearing.
	SmearingBy     string             `json:"smearing_by,omitempty"`
	SmearingGroups map[string]float64 `json:"smearing_groups,omitempty"`
	// Output is the period the amount covers: weekly (default) or annual.
	Output Period `json:"output,omitempty"`
	// Shares split the budget across support types for the hours breakdown:
	// support type id → share; the shares sum to 1. Optional.
	Shares map[string]decimal.Decimal `json:"shares,omitempty"`
}

// Term is one coefficient of a regression model and the product of factors
// it multiplies.
type Term struct {
	Name string `json:"name"`
	// Label is the term's name in plain English, for explanations; Name
	// when empty.
	Label   string   `json:"label,omitempty"`
	Coef    float64  `json:"coef"`
	Factors []Factor `json:"factors"`
}

// Factor is one variable of a term. Exactly one of its forms is set:
//   - Domain: the domain's points;
//   - Question: the answer's points (choice) or value (number);
//   - Question and Option: 1 if that option was chosen, else 0;
//   - Settings: 1 if the person lives in one of them;
//   - Cohorts: 1 if the assessment is in one of them;
//   - AgeMin/AgeMax: 1 if AgeMin ≤ age ≤ AgeMax (either may be absent);
//   - Variable: a numeric fact: "age", "total_points" or "informal_hours".
type Factor struct {
	Domain   string          `json:"domain,omitempty"`
	Question string          `json:"question,omitempty"`
	Option   string          `json:"option,omitempty"`
	Settings []LivingSetting `json:"settings,omitempty"`
	Cohorts  []Cohort        `json:"cohorts,omitempty"`
	AgeMin   *int            `json:"age_min,omitempty"`
	AgeMax   *int            `json:"age_max,omitempty"`
	Variable string          `json:"variable,omitempty"`
}

// Variables a regression Factor can name.
const (
	VariableAge           = "age"
	VariableTotalPoints   = "total_points"
	VariableInformalHours = "informal_hours"
)

// Composition says how the budget for a period is composed after the
// family's rules and the limits, as real schemes compose it (Florida's
// iBudget Amount is the Allocation Algorithm Amount plus approved
// Significant Additional Needs funding, pro-rated to the part of the fiscal
// year left, within the appropriation; English councils add one-off items
// and contingencies and pro-rate part-year budgets):
//
//  1. the full-year amount: the annual amount after the limits (exact) plus
//     the approved weekly add-ons × weeks per year and the approved annual
//     add-ons;
//  2. pro-rated, when ProRate is set, by the part of its period left from
//     the date the budget starts (Assessment.BudgetStart);
//  3. plus the approved one-off add-ons, which are not pro-rated;
//  4. rounded once, by the model's Rounding: Result.Total;
//  5. across a caseload, when CaseloadCap is set, scaled down so that the
//     totals add up to at most the cap (Engine.ComposeCaseload).
//
// The weekly and annual amounts (Result.Weekly, Result.Annual) stay the
// family's amount after the limits, without add-ons.
type Composition struct {
	// AddOns are the amounts a person may be approved for on top of the
	// family's amount; each approval is recorded on the assessment
	// (Assessment.AddOns).
	AddOns []AddOn `json:"add_ons,omitempty"`
	// ProRate pro-rates the full-year amount to the part of a period left.
	ProRate *ProRate `json:"pro_rate,omitempty"`
	// CaseloadCap caps the total of a caseload's budgets.
	CaseloadCap *CaseloadCap `json:"caseload_cap,omitempty"`
}

// AddOnPeriod says how often an add-on is paid.
type AddOnPeriod string

// Add-on periods.
const (
	AddOnWeekly AddOnPeriod = "weekly"  // an amount a week, part of the full-year amount
	AddOnAnnual AddOnPeriod = "annual"  // an amount a year, part of the full-year amount
	AddOnOneOff AddOnPeriod = "one_off" // paid once, added after pro-rating
)

// AddOn is a named amount a person may be approved for: a contingency, a
// one-off item, Florida's Significant Additional Needs funding. The amount
// is fixed by the model (Amount) or given by each approval, up to Max.
type AddOn struct {
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Period AddOnPeriod `json:"period"`
	// Amount, when set, is the add-on's amount; an approval then gives
	// none (or the same).
	Amount *decimal.Decimal `json:"amount,omitempty"`
	// Max, for an add-on without a fixed amount, is the most an approval
	// may give.
	Max *decimal.Decimal `json:"max,omitempty"`
}

// DayCount is how ProRate measures the part of its period left.
type DayCount string

// Day-count rules.
const (
	// DayCountActual: the days from the date the budget starts to the end
	// of the period, both included, over the days in the period, both
	// included.
	DayCountActual DayCount = "actual"
	// DayCountMonths: the calendar months from the month the budget starts
	// (counted in full) to the end of the period, over the months in the
	// period; the period starts on the first day of a month and ends on the
	// last.
	DayCountMonths DayCount = "months"
)

// ProRate pro-rates the full-year amount by the part of a period left from
// the date the budget starts: amount × left ÷ length, by the day-count rule.
// A budget starting outside the period is an error.
type ProRate struct {
	// Name is the period as people read it, for example "the fiscal year
	// 2025-26".
	Name        string   `json:"name"`
	PeriodStart Date     `json:"period_start"`
	PeriodEnd   Date     `json:"period_end"`
	DayCount    DayCount `json:"day_count"`
}

// CaseloadCap caps the total of a caseload's budgets (Result.Total) at an
// amount, such as an appropriation: Engine.ComposeCaseload scales every
// budget by the same factor when the total is above it.
type CaseloadCap struct {
	// Name is the cap as people read it, for example "the Agency's
	// appropriation for Waiver services".
	Name string `json:"name"`
	// Amount is the cap; when absent, ComposeCaseload takes it from its
	// options (an appropriation set each year, say).
	Amount *decimal.Decimal `json:"amount,omitempty"`
}
