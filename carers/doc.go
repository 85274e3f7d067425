// Package carers values the unpaid care that carers give adults with needs, summarises it by
// cohort and locality, scores carer strain instruments, and flags carers who may be at risk of
// harm from the person they care for so that practitioners can prioritise and monitor them.
//
// # Records
//
// A [Carer] is one caring relationship (a CarerID caring for a PersonID) as recorded at one
// assessment: weekly hours of care, optionally broken down by [Activity] and [Period], and the
// assessment answers the risk indicators read. Hours are fixed point ([Hours], 0.01 h), 0–168 a
// week, checked as written and then rounded once (see Bad input). [ReadCSV] reads records,
// accepting or rejecting every row with its reasons.
//
// # Valuation
//
// [NewReplacementCost] values hours at the hourly cost of replacement care from a [RateCard]
// whose rates may vary by activity and period; [DefaultRateCard] is £25.00 an hour, the 2021
// replacement cost used by Carers UK and the University of Sheffield in Valuing Carers 2021
// (see [DefaultReplacementSource]). [NewOpportunityCost] values hours at a [Wage] the caller
// states with its source; there is no default wage. Every [Valuation] points to its [Basis]:
// method, rates, source and weeks per year; [Valuer.Explain] itemises the rate applied to each
// part of the hours.
//
// # Money and rounding
//
// Rates are whole pence. A weekly value is Σ hours × rate, computed exactly in hundredths of a
// penny and rounded once to the penny, halves up. The annual value is the exact weekly value ×
// weeks per year (default 52, a convention; configurable to four decimal places, e.g. 52.1429),
// rounded once to the penny, halves up; so annual is not always 52 × the rounded weekly value.
// Amounts are int64 pence inside (Valuation.WeeklyPence) and decimal.Decimal pounds at the API
// ([Valuation.Weekly]). Statistics (means, quartiles) are computed in float64 pence and turned
// into money by the one conversion [MoneyFromFloatPence]: nearest penny, halves away from zero.
//
// # Summaries
//
// [Summarise] gives, for everyone and by cohort and locality: the number of adults with needs
// and the share with an unpaid carer; the mean and quartiles (R's type 7) of the weekly and
// annual value per adult, both counting adults without a carer as 0 and among adults with a
// carer; and the number of caring relationships by hours band ([CensusBands3]: 19 or less, 20
// to 49, 50 or more hours a week; [CensusBands5] for the detailed Census 2021 bands). A group
// with no adults has undefined statistics (ValueStats.Defined false) and ShareWithCarer NaN.
// [Summary.Publish] makes a table safe to publish with small-number suppression (package
// ras/disclosure): counts below the threshold and their complements are hidden, shares that
// depend on a hidden count are hidden, and money statistics over fewer adults than the
// threshold are hidden.
//
// # Strain instruments
//
// An [Instrument] is data (JSON): items, the responses allowed and their scores, and optional
// bands. [BuiltinInstruments] ships the Caregiver Strain Index ("csi": 13 yes/no items, 0–13,
// high strain at 7 or more; Robinson 1983) and the Modified CSI ("mcsi": the same 13 items scored
// 2/1/0, 0–26; Thornton & Travis 2003), which has no published cut-off and so none here. Item
// labels are short neutral summaries written for this package, not the instruments' wording.
// [ReadInstrument] adds another validated instrument without code.
//
// # Risk of harm to the carer
//
// A [RiskModel] evaluates a configurable set of indicators ([RiskConfig], JSON) drawn from the
// assessment: behaviour that challenges directed at the carer; high strain; no other support;
// living with the person; very high hours; the carer's own health deteriorating; breaks
// refused. The score is the sum of the weights of the indicators that fired; levels are score
// thresholds. [RiskModel.Assess] does not allocate and keeps no strings: [RiskModel.Reasons]
// renders reasons lazily. An indicator the assessment did not record does not fire and is
// listed as not recorded. [RiskModel.Compare] shows change between reassessments and
// [RiskModel.Prioritise] builds the practitioners' list, highest level first, each entry with
// its reasons and what is new since the previous assessment.
//
// The default weights and levels ([DefaultRiskConfig]) are illustrative, not validated: set
// your own. The output is a set of flags for a practitioner, never a safeguarding decision
// (see [Disclaimer], printed at the head of [RiskModel.WritePriorities]).
//
// # Carers' eligibility
//
// A record may carry the findings of the carer's own assessment (Carer.Eligibility, the input
// of package ras/eligibility). [CarerEligibility] applies the Care Act 2014 carer eligibility
// criteria (SI 2015/313 reg. 3) to them; [Summarise] counts, per group, the carers assessed and
// those whose needs meet the criteria, and [Summary.Publish] suppresses the eligible / not
// eligible table with ras/disclosure like the others. The result is the regulation's logic
// applied to recorded findings; the determination is the local authority's.
//
// # From RAS assessments
//
// [FromAssessment] and [Converter] turn a ras.Assessment's informal help records into carer
// records, one per helper, so that a council's RAS data feeds the valuation directly;
// [Converter.ConvertAll] keeps each person's latest assessment as current and the earlier ones
// as previous records. [RASActivities] documents how ras activity names map to [Activity].
//
// # Synthetic carers
//
// [Generate] and [Generator] make seeded synthetic carers keyed on ras/synth persons: for every
// adult with needs, one record per helper in their informal help, with hours that follow the
// Census 2021 bands for England ([CensusHours2021]) and rise with the person's severity; for
// carers with their own assessment (ras/synth's carers cohort), strain scores, behaviour toward
// the carer, breaks refused, their own health and reg. 3 findings, correlated with the cared-for
// person's severity, and for some an earlier assessment so that rising risk shows. A person's
// records depend only on the seed and the person's index. The parameters are invented to be
// plausible, not fitted; see [Generator] for the model.
//
// # Errors
//
// Errors start with "carers: " and wrap sentinels (ErrNegativeHours, ErrScoreRange,
// ErrDateOrder, ErrInvalidConfig, …) for errors.Is. CSV problems are [*RowError] with line,
// column and field; in-memory records give [*RecordError] with the record's index; configuration
// gives [*ConfigError] with a JSON path. Messages never include field values or identifiers.
//
// # Bad input
//
// [ReadCSV] accounts for every data row: Rows = len(Carers) + len(Rejected), and a rejected
// row lists every problem found in it, each a [*RowError] (line, 1-based column, field)
// wrapping a sentinel. Only a bad header (ErrHeader) or a read failure fails the whole read.
// A row is rejected for:
//   - more or fewer fields than the header, or malformed CSV (ErrFieldCount, ErrBadValue; the
//     column is 0: the whole row; a quote left open swallows the lines after it, up to the
//     next quote or the end, and the rejection names them);
//   - a carer or person id that is empty (ErrMissingField), not valid UTF-8 or holding a
//     control character such as NUL or a byte-order mark (ErrBadValue);
//   - a number not in plain decimal notation, digits with at most one point and an optional
//     exponent: hexadecimal ("0x1p3"), digit separators ("1_0"), Inf and NaN are ErrBadValue,
//     a number that overflows a float64 ("1e400") ErrHoursRange;
//   - a date that is not YYYY-MM-DD or whose year is outside 1900–2100 (ErrBadValue);
//   - hours outside 0–168 as written (ErrNegativeHours, ErrHoursRange: 168.004 is out of
//     range), or a breakdown (hours.* columns) that does not add up to weekly_hours exactly as
//     written (ErrHoursMismatch: 5.004 + 5.004 is not 10); more than 30 decimal places of an
//     hour (ErrBadValue);
//   - the other values listed at ReadCSV, and a second row for the same carer, person and date
//     (ErrDuplicate).
//
// The JSON configurations ([ReadRateCard], [ReadRiskConfig], [ReadInstrument]) are read as
// ras reads a model: input that is not valid UTF-8, a key given twice or matching a field only
// in another case, an unknown key, null for any value and anything after the document are a
// [*ConfigError] with the path of the value (or its byte) wrapping ErrInvalidConfig; ids,
// codes, a rate card's name and source must be valid text (no control character or
// byte-order mark).
//
// Hours are checked exactly as written and only then rounded, once: weekly_hours to 0.01 h,
// halves away from zero, and the breakdown to add up to it by the largest remainder method
// (so 2.505 + 7.495 = 10 is kept as 2.51 + 7.49). [HoursFromFloat] and [Converter.Convert] do
// the same with float64 hours, taken at their shortest decimal representation.
//
// [Carer.Validate], [Summarise] (people's ids) and [Converter.Convert] check ids and dates in
// memory the same way ([*RecordError] naming the index and field). [Summarise] of people none
// of whom has a carer record leaves [Summary.Basis] nil unless SummaryOptions.Basis states it;
// a nil Basis prints as "no valuation basis (nothing valued)". Within this module the errors
// also wrap the shared sentinels of internal/field (ErrNotDecimal, ErrNotFinite, ErrText,
// ErrYear); outside it, test for this package's sentinels.
//
// # Concurrency
//
// Valuer, RiskModel and Instrument are read-only after construction and safe for concurrent
// use. Functions do not modify their inputs.
package carers
