// Package ras is the foundation of stonesoup: the data model of a Resource
// Allocation System (RAS) assessment, questionnaire-and-allocation models
// held as data, and the engine that turns a person's answers into an
// indicative personal budget with an hours breakdown and a plain-English
// explanation.
//
// # Overview
//
// An Assessment records one person's RAS assessment in one of four cohorts
// (Adult Social Care, Continuing Healthcare, Carers, and Children's Health,
// Social Care and Education): the person (a pseudonymous id, age or date of
// birth, living setting), the answers, the support needed to stay safe,
// independence in daily activities, informal help from family and friends
// (who, with what, hours a week), a recorded estimate, the amount actually
// planned, and eligibility decisions.
//
// A Model is a questionnaire (domains, questions, options and points, the
// cohorts each question applies to, a missing-answer policy) and allocation
// rules of one of three families:
//
//   - FamilyPoints (In Control style): total or per-domain points × a price
//     per point, bands, or a piecewise-linear curve, chosen by cohort;
//   - FamilyHours (needs-led, FACE style): minutes per activity, complexity
//     multipliers, informal-support deductions per need, hourly rates,
//     night and respite additions;
//   - FamilyRegression (Florida iBudget Model 5b style, or a model fitted by
//     package calibrate): a linear predictor over items, domain sums, age
//     bands, living setting, cohort and interactions, then an inverse link
//     (identity; square plus a variance correction; exp times a smearing
//     factor; or logit, for a probability).
//
// Caps, floors and living-setting caps (Limits) apply after the family's
// rules; a model may then compose the budget for a period (Composition):
// approved add-ons, pro-rating, a cap over a caseload. Models are
// versioned JSON that a council or vendor edits without touching Go;
// ParseModel rejects anything invalid with the path of the field at fault,
// such as "domains[2].questions[5].options[1].points: must not be
// negative". Four realistic models are embedded (see ModelNames) and load
// by name from any working directory.
//
// Compile turns a Model into an Engine: immutable, safe for concurrent use.
// Engine.Assess gives a Result with points per domain and in total, the
// limits applied, the weekly and annual budget, the budget for the period
// (Total), the hours by support type and a trace of every step;
// Result.Explain writes the trace as plain English. AssessInto reuses a
// Result and, with the trace off, does not allocate; AssessBatch and
// AssessSeq score a whole caseload, and Engine.ComposeCaseload caps it.
//
// # Explanations
//
// Result.Explain tells the person how their budget was worked out, in
// words a person reads: each answer by its question and option (never an
// id) with the points or time it gave, each rule by its name, the price
// and the limits that set the amount, and for a regression model the score
// term by term ("+ 7.50  Eating (QSI Q16): 3 × 2.4984") and how the score
// becomes money ("Before rounding the score is 201.2993, and 201.2993² =
// $40,521.41 a year"). Points are whole, money is shown as FormatMoney
// shows it, time in hours and minutes, the hours breakdown to the model's
// hours_unit (0.01 or a quarter hour, say). The rounding is shown: the
// exact weekly amount and the rule that rounded it, and the annual amount
// worked out from the exact weekly amount ("£114.6667 (to 4 decimal
// places) × 52 weeks = £5,962.67, rounded half up to the penny"), so that
// weeks × the rounded weekly amount, which can differ by a few pence, is
// explained; an exact figure is shown to as many decimal places as the
// arithmetic shown needs to give the amounts shown. Names keep their
// capitals ("NHS-funded nursing").
//
// The wording is a text/template per step (ExplainTemplates), keyed by the
// step ("answer", "cap", "pro_rate", ...): ras/explain.md lists every key,
// when it is used, its fields and the shipped wording
// (ras/explain.templates.json). A council replaces any of them with
// NewExplainTemplates or ReadExplainTemplates and ExplainWith; the set is
// checked when it is made, and an unknown key, a template that does not
// parse or one that uses a field its step does not have is an error naming
// the key. Golden files (ras/testdata/golden) pin the shipped wording for
// each shipped model.
//
// # Composing the budget
//
// Real schemes compose the amount after the algorithm. A model's
// Composition adds the add-ons approved for the person (recorded on the
// assessment: Assessment.AddOns, each with the amount approved when the
// model does not fix it, the date and a reference), weekly, annual or
// one-off; pro-rates the full-year amount by the part of a period left
// from the date the budget starts (Assessment.BudgetStart), by a stated
// day-count rule (actual days, or calendar months); and adds the one-off
// add-ons: Result.Total, rounded once by the model's rule from the exact
// amount. Engine.ComposeCaseload caps a caseload's totals at an amount
// (an appropriation), scaling each by the same exact ratio and
// reconciling the pennies by the largest-remainder method so that they add
// up to exactly the cap rounded down to the rounding unit. Each step is in
// the trace and the explanation. The shipped model ibudget-florida
// expresses Florida's rule this way (Fla. Admin. Code R. 65G-4.0214,
// 65G-4.0216, 65G-4.0218; Fla. Stat. 393.0662). Weekly and Annual stay the
// family's amount after the limits, without add-ons.
//
// # Budget ranges
//
// Beside the budget, a model may carry a range (Model.Range, RangeRules)
// that says "people assessed like you were planned between £X and £Y a
// week": a conformal prediction interval for the planned weekly cost with
// a stated coverage, calibrated by package calibrate on past assessments
// and their planned costs, by cohort or living setting so that the
// coverage holds in each group (Mondrian conformal prediction). For a
// person whose amount before the limits is a (Result.ExactBeforeLimits),
// the range is every planned cost y ≥ 0 whose conformity score
// (RangeScore.Score: |y − a|, |y − a|/max(a, m) or |ln max(y, m) − ln
// max(a, m)|, m the range's min_scale) is at most the quantile q of the
// person's group; it is worked out from the amount before the limits
// because it describes what was planned, not what a cap allows. The
// guarantee (for split conformal calibration: the chance that a new
// person's planned cost falls in their range is at least the level, when
// they are exchangeable with the calibration cases of their group) is
// stated in package calibrate.
//
// Result.Range gives the level, the weekly and annual ends, the group and
// the number of assessments it was calibrated on; Result.RangePence the
// weekly ends in pence, without allocating. Money: the ends are worked
// out from the exact amount in micro-pence: a ± q exactly for the
// absolute score (q converted once by MicroPenceFromFloat); for the
// relative and log scores the width or the ends are computed in float64
// and converted once by MicroPenceFromFloat, as a regression amount is.
// The lower end is floored at 0 and rounded down, the upper end rounded
// up, to the model's rounding unit (whatever its rounding mode), so that
// the range shown contains the exact one; the annual ends are the exact
// weekly ends × weeks per year, rounded the same way once. A person whose
// group has no quantile, a failed result and a logit model have no range.
// The engine does not compute the range while assessing: AssessInto costs
// the same with a range as without. Explain adds the "range" step,
// MarshalJSON a "range" object and WriteResultsCSV the columns
// range_level, weekly_lower and weekly_upper.
//
// # Authoring a model
//
// ModelSchema returns the model format's JSON Schema (draft 2020-12, also
// in the module as ras/model.schema.json), with a title and description
// for every field, so that an editor checks and completes a model file as
// it is written; its description lists the rules only ParseModel checks
// (unique ids, references between ids, bands without gaps, shares summing
// to 1, ...). DescribeModel writes a model's questionnaire, rules and limits
// as Markdown for people to read; the shipped models' descriptions are in
// ras/models. Choice and Number make answers, and Engine.NewAnswers builds
// an assessment's answers checking each question, option and number as it
// is added.
//
// # Speed
//
// With a reused Result and the trace off, an assessment of about 35
// answers takes about a third of a microsecond on one core (about 3
// million a second; some 5,800 instructions). A model without composition
// pays nothing for it but a check; composition costs no allocation
// either, except to read the amounts of approved add-ons. The engine is memory-safe Go,
// without package unsafe. Each answer is matched to the question expected
// next, in model order, by comparing ids; its option is found in a small
// table per question, keyed by the id's length and three of its bytes, and
// confirmed by comparing the whole id. Ids that share the engine's strings
// (answers read with ReadOptions.Model, generated by ras/synth from the
// model the engine was compiled from, built with Engine.NewAnswers or from
// Engine.Model, or passed through Engine.Intern) compare equal at the
// first check; ids with bytes of their own are compared byte by byte,
// about a fifth slower, with the same results. Answers out of model order
// are found through an index, more slowly still.
//
// # Money
//
// Amounts in models are decimal strings of pounds, held exactly. Inside the
// engine money is an int64 count of micro-pence (10⁻⁸ pound); sums and
// products by whole numbers are exact, and each multiplication by a
// fraction or division is rounded half to even to the micro-penny. A
// regression model's float64 output becomes money in one place,
// MicroPenceFromFloat, rounding half to even to the micro-penny. The
// amounts handed to users are decimal.Decimal: the weekly budget rounded
// once from the exact weekly amount, and the annual budget rounded once
// from the exact weekly amount × weeks per year, both by the model's
// Rounding (default: half up to the penny; weeks per year default 52).
// Hours are shown rounded half up to 0.01 hour (in explanations, to the
// model's hours_unit). Composition (add-ons, pro-rating) is exact: the
// full-year amount is held to 10⁻¹⁴ pound in 128 bits and the budget for
// the period is rounded once from the exact pro-rated amount by the model's
// Rounding.
//
// # Errors
//
// Every error unwraps to a sentinel (ErrInvalidModel, ErrInvalidAssessment,
// ErrMissingAnswer, ErrInvalidAnswer, ErrCohort, ErrRow, ...) usable with
// errors.Is, and carries detail in a typed error usable with errors.As:
// *FieldError (a model or record field, by path), *AnswerError (an
// assessment and a question, or a fact about the person a model needs),
// *RowError (an input line or record, column and field). Messages start
// "ras: " once and name the record first: "ras: assessment A-1:
// person.age: the model needs the person's age or date of birth". A missing answer is never silently zero: it is an error, or
// the question's declared default when the model's policy says so, and the
// trace records it. ReadCSV and ReadJSON account for every input row as
// accepted or rejected, with its reason.
//
// # Bad input
//
// Every record is accepted or rejected with its reason; nothing is
// repaired or dropped silently, and the engine scores nothing whose scored
// fields Validate would reject (the fields scoring does not use are left to
// Validate and the readers: see below). What is rejected:
//
//   - Dates that are not days of the calendar (month 13, 30 February),
//     and any date (assessment, birth, decision) whose year is outside
//     1900–2100: a year 0 or 9999 is a placeholder, not a date. ParseDate
//     itself reads any year 0000–9999 and says which part is wrong
//     ("month 13 is not a month", "day 30 is not a day of February 2025").
//   - A recorded age outside 0..120, and a date of birth that gives one on
//     the assessment date, or that is after it.
//   - Ids and text fields (assessment, person, carer and helper ids, model
//     and version, locality, gender, question and option ids) that are not
//     valid UTF-8 or hold a control character (U+0000–U+001F,
//     U+007F–U+009F) or a byte-order mark (U+FEFF, left inside a file by
//     joining files: "\uFEFFP1" looks like "P1" but does not match it).
//     JSON input that is not valid UTF-8 is rejected before
//     encoding/json can turn it into U+FFFD.
//   - Numbers read from text in anything but plain decimal notation: no
//     hexadecimal floats (0x1p3), digit separators (1_0), Inf or NaN, and
//     nothing that overflows (1e400). Amounts (planned and estimated
//     weekly or annual) must also be within the engine's range (about £90
//     million a week) and not negative.
//   - Eligibility decisions under a framework not listed by Frameworks.
//   - In JSON (ReadJSON, ParseModel): a key given twice in one object, a key
//     that matches a field only in another case ("ID" for "id", which
//     encoding/json would take), unknown fields, null for any field
//     (encoding/json would read it as the zero value: an informal helper's
//     hours of null as 0), and anything after the array or the model.
//   - In a model: a malformed decimal ("NaN", "12,50", "1e999999999") is
//     reported with the path of its field; decimal strings must be plain
//     ("12.50", not "1.25e1", ".5", "5.", "+5"), as the schema says; null
//     is refused for every field (encoding/json would read it as zero);
//     minutes, factors, fractions, hours and shares have at most 6 decimal
//     places (the engine holds millionths), money at most 8; a currency is
//     three capital letters.
//   - An assessment whose recorded age and date of birth disagree on the
//     assessment date (person.age names both).
//
// How it is reported: ReadCSV and ReadJSON list each rejected row in
// ReadReport.Rejected as a *RowError with its line and column (CSV) or
// record index (JSON), the column name or field path and the assessment
// id; Validate returns FieldErrors naming the assessment and each field
// ("ras: assessment A-1: person.age: 150 is out of range 0..120"); the
// engine (Assess, AssessInto, AssessBatch, AssessSeq) checks the fields
// scoring uses (ids, date, cohort, age, date of birth, living setting,
// informal help; for a model that composes the budget, the budget start
// and the approved add-ons) on every call, without allocating (but to read
// an add-on's amount), and returns exactly the error Validate returns. Every message has one "ras:" prefix, and
// every error unwraps to a sentinel (errors.Is) and a typed error
// (errors.As). Nothing in the package returns NaN for an undefined
// result.
//
// # Personal data
//
// The package never logs or prints. Person ids are pseudonymous by
// contract; explanations name no one.
package ras
