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
// Caps, floors and living-setting caps (Limits) apply last. Models are
// versioned JSON that a council or vendor edits without touching Go;
// ParseModel rejects anything invalid with the path of the field at fault,
// such as "domains[2].questions[5].options[1].points: must not be
// negative". Three realistic models are embedded (see ModelNames) and load
// by name from any working directory.
//
// Compile turns a Model into an Engine: immutable, safe for concurrent use.
// Engine.Assess gives a Result with points per domain and in total, the
// limits applied, the weekly and annual budget, the hours by support type
// and a trace of every step; Result.Explain writes the trace as plain
// English. AssessInto reuses a Result and, with the trace off, does not
// allocate; AssessBatch and AssessSeq score a whole caseload.
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
// Hours are shown rounded half up to 0.01 hour.
//
// # Errors
//
// Every error unwraps to a sentinel (ErrInvalidModel, ErrInvalidAssessment,
// ErrMissingAnswer, ErrInvalidAnswer, ErrCohort, ErrRow, ...) usable with
// errors.Is, and carries detail in a typed error usable with errors.As:
// *FieldError (a model or record field, by path), *AnswerError (an
// assessment and a question), *RowError (an input line or record, column
// and field). A missing answer is never silently zero: it is an error, or
// the question's declared default when the model's policy says so, and the
// trace records it. ReadCSV and ReadJSON account for every input row as
// accepted or rejected, with its reason.
//
// # Personal data
//
// The package never logs or prints. Person ids are pseudonymous by
// contract; explanations name no one.
package ras
