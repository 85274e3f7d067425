// Package pathway joins care-pathway records (Client Level Data events,
// commissioned services and finance transactions) into each person's
// pathway, and measures how long the steps take the way waiting-time
// statisticians do: with right-censoring for the people still waiting.
//
// # Overview
//
// Records and joining:
//   - [Event] (request, assessment start and end, eligibility decision,
//     support plan agreed, service start and end, review, each with its
//     outcome), [Service] (provider, CLD service type, dates, planned units
//     per week, unit cost) and [Transaction] (person, service, period,
//     amount), read from CSV by [ReadEvents], [ReadServices] and
//     [ReadTransactions] with a [ReadReport] that accounts for every row.
//   - [Join] builds each person's timeline ([PersonTimeline]) and their
//     [Pathway]s, links services to the assessment they followed (by episode
//     and/or a time window, [JoinOptions]) and finance to services, and
//     reports unmatched records, duplicates and dates out of order
//     ([JoinReport]). Every input record gets one [Disposition].
//   - [JoinResult.Waits] turns pathways into [Wait]s between any two
//     [Stage]s; [CensorWaits] makes Kaplan–Meier input at an extract date, in
//     calendar or working days ([DayCount], [Calendar]).
//   - [Synthesize] generates a seeded synthetic county (events, services and
//     finance) for ras/synth persons, consistent with their assessments:
//     request before the assessment date, services after it with waits by
//     service type and team (locality), some still waiting at the extract
//     date, services costed close to the planned amounts
//     ([SynthOptions.Planned], [PlannedFromAssessments]) and finance with
//     realistic deviations from plan.
//
// Statistics:
//   - [KaplanMeier] and [KaplanMeierByGroup]: the survival table with
//     Greenwood standard errors and log, log-log or plain confidence
//     intervals ([KMOptions]), [KMFit.Median], [KMFit.Quantiles] (as R's
//     quantile.survfit), [KMFit.RestrictedMean], [KMFit.ProbWithin].
//   - [LogRank]: the log-rank test and the Peto–Peto (rho = 1) variant, as
//     R's survdiff.
//   - Like R's survival package (timefix = TRUE), these tie times that
//     differ only by rounding noise, such as waits in hours divided by 24;
//     KMOptions.NoTimeFix and LogRankOptions.NoTimeFix turn that off.
//   - [SummariseWaits]: completed waits (count, mean, median, P92, P95,
//     quantiles of any of R's nine types, type 7 by default); [OpenWaits]: an RTT-style snapshot of the
//     people waiting on a date.
//   - [CompareGroups]: benchmarking across teams, localities or service
//     types, with Wilson intervals ([Wilson]) and exact binomial funnel
//     limits ([FunnelLimit]); [GroupComparisons.Suppress] applies
//     small-number suppression before publication.
//   - [OpenWaitsByGroup]: the open-wait snapshot by service type, team or
//     any other Wait.Group, suppressed for publication.
//   - [CompareMoney]: money along the pathway, for each person
//     ([PersonMoney]) and in total: the weekly RAS estimate
//     ([EstimatesFromResults], [EstimatesFromAssessments]), the weekly cost
//     planned in commissioned services and the weekly equivalent of the
//     actual spend in the finance data, with the differences;
//     [MoneyComparison.ByGroup] breaks it down by cohort, service type or
//     team with small-number suppression.
//   - [NewEnglandWalesCalendar]: bank holidays of England and Wales by rule
//     ([EnglandWalesHolidays]) and working-day counts.
//
// # Contract
//
// Units: times and waits are in days (float64; whole days from dates).
// Dates are civil dates ([Date]); the zero Date is [NoDate], "missing".
// A duration in calendar days is End − Start; in working days it counts the
// Monday–Friday non-holiday days after Start up to and including End.
//
// Censoring: a wait that has not ended by the extract date is
// right-censored there; a wait closed by a "no further action" outcome is
// censored at the closing date; pathways closed before the wait began are
// left out. Plain averages of completed waits understate waiting when many
// are still waiting: use Kaplan–Meier for them.
//
// Undefined results are NaN, never a made-up number: a median or quantile
// that the curve does not reach, confidence bounds once S reaches 0 (and,
// for log-log, while S is 1), the share within target of an empty group.
// [Estimate.Defined] tells them apart.
//
// Money is [github.com/shopspring/decimal.Decimal] in pounds: readers
// accept plain decimals only (no exponents), reject negative amounts, and
// [Service.PlannedWeeklyCost] rounds to pence half away from zero.
// [CompareMoney] and [Synthesize] work in int64 pence inside; every
// amount is rounded to the penny once, halves away from zero. The
// estimators work in float64.
//
// Errors wrap sentinels ([ErrEmpty], [ErrTime], [ErrDate],
// [ErrInvalidOptions], …) to be tested with errors.Is; rejected CSV rows are
// [*RowError] values with line, column and field. Options structs mean the
// documented defaults when zero and have Validate methods. Results are plain
// read-only structs, safe for concurrent use; inputs are not modified. The
// package keeps no global mutable state and never prints or logs.
//
// # Bad input
//
// The readers account for every data row: ReadReport.Rows = Accepted +
// len(Rejected), each rejected row with one [*RowError] (line, 1-based
// column, field) for the first problem found, wrapping a sentinel; only a
// bad header (ErrHeader) or a read failure fails the whole read. A row is
// rejected for: malformed CSV (ErrCSV; a quote left open swallows the
// lines after it, up to the next quote or the end, and the rejection names
// them); more or fewer fields than the header (ErrFieldCount, the column
// being the first field beyond the header or the first one missing; an
// empty field beyond the header counts); a required
// value missing (ErrMissing); an id (person, service, episode, event,
// transaction) that is not valid UTF-8 or holds a control character such as
// NUL or a byte-order mark (ErrID), or free text (event_outcome, provider)
// that is (ErrText); a date that is not YYYY-MM-DD or DD/MM/YYYY, not in the
// calendar, or in a year outside 1900–2100 (ErrDate; [ParseDate] applies the
// same rule); an amount that is not a plain decimal with at most 15 digits
// before the point and 8 after, no exponent (ErrNumber: hexadecimal, digit
// separators, Inf and NaN included), or negative (ErrNegativeAmount); an
// unknown event or service type; an end before its start. [Join] takes the
// records as given: it reports duplicates, unmatched records and dates out
// of order as Issues, every record in exactly one [Disposition]. Within this
// module the errors also wrap the shared sentinels of internal/field
// (ErrNotDecimal, ErrText, ErrYear); outside it, test for this package's.
//
// Agreement with R (survival 3.5-3) is checked by TestReference on the
// cases in testdata/reference, and by TestReferenceExtra on the cases of
// testdata/reference_extra (made by its make_cases.R): every leaf, at a
// relative tolerance of 1e-10 (p-values 1e-6), with exact equality for
// counts, times and quantiles.
package pathway
