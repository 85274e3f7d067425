// Package independence measures independence in daily activities and how it
// changes: rating instruments described as data, scoring, informal help as
// part of a person's independence profile, children's independence by age
// (age-band centiles, LMS z-scores against reference tables, trajectories,
// transitions between levels, flags for unexpected declines) and trend
// tests (Spearman, Mann–Kendall with Sen's slope).
//
// # Instruments
//
// An [Instrument] lists activities ([Item]) with ordinal [Level] values
// from the least to the most independent, each with a score that rises
// strictly with independence, and optional [Band] ranges of the total.
// Items without their own levels use the instrument's default levels; the
// package's [DefaultLevels] are needs full help (0), needs some help (1),
// needs prompting (2), independent (3). Instruments are JSON (snake_case,
// unknown fields rejected) loaded with [LoadInstrument] and validated with
// [Instrument.Validate], which names the path of every problem
// ("items[3].levels[1].score"). [Builtin] returns the shipped instruments:
// the Barthel Index in its 0–100 and 0–20 forms, a FIM-style seven-level
// scale of 18 activities, and the Care Act personal-care activities on the
// default levels. No licensed item text is shipped; activity names and
// level descriptions are neutral wording written for this package. The
// Barthel bands are configurable ([Instrument.WithBands]).
//
// An [Assessment] gives, per item code, a level code or the level's score
// as text; [Instrument.Score] returns the total, item scores, level indices,
// domain subtotals and band.
//
// # Informal help
//
// A [HelpEntry] records who helps (relationship), with what activity and for
// how many hours a week (0–168). [BuildProfile] and [BuildProfiles] combine
// a person's score and help into a [Profile] (hours by helper and by
// activity, with the person's level in each helped activity).
//
// # Children
//
// [AgeBandCentiles] groups scores into half-open age bands [Min, Max) and
// returns each band's empirical centiles (R's quantile types 1–9, type 7 by
// default). Integer scores are sorted by counting and others by an LSD radix
// sort, so it is O(n) and handles a million assessments in well under half
// a second.
//
// [LMSTable] holds L, M and S by age, read from CSV with [ReadLMSCSV]. Z
// scores use Cole & Green's formulas: z = ((y/M)^L − 1)/(L·S), or
// ln(y/M)/S when L = 0 (computed as expm1(L·ln(y/M))/(L·S), which stays
// accurate as L → 0); the centile curve at z is M(1 + L·S·z)^(1/L), or
// M·exp(S·z) when L = 0; the centile is 100·Φ(z). Between tabulated ages L,
// M and S are interpolated linearly; ages outside the table are an error,
// never extrapolated. The WHO restricted application beyond |z| = 3
// ([LMS.ZRestricted]) is optional ([LMSOptions].Restricted), off by default.
// Fitting LMS curves is out of scope.
//
// [Trajectories] gives each person's change in total score per year, by
// least-squares slope on time (default) or first-to-last; years are days /
// 365.25. [ItemTransitions] and [BandTransitions] count moves between levels
// or bands over consecutive reassessments, with row proportions.
// [FlagDeclines] flags a child whose independence fell between consecutive
// assessments while it was expected to rise ([DeclineRule]: an age limit, a
// minimum fall, item falls, and optionally a z-score fall against an LMS
// reference), each flag with its reasons; with ItemsExplainOnly item falls
// are listed as reasons but do not flag on their own. Flags are information
// for a practitioner, not decisions.
//
// # Synthetic children
//
// [SynthChildren] and [SynthChild] generate children's reassessments keyed
// on ras/synth persons: synth.Person(seed, i) of the children's cohort gets
// 1–5 (by default) roughly yearly reassessments ending on their ras/synth
// assessment date, at their ras/synth age, on any instrument
// (personal-care-4 by default). Independence in each item follows a
// logistic curve in age towards a plateau; the child's latent severity
// delays it and lowers the plateau, and about one child in ten with two or
// more reassessments is given a decline (see [SynthChildOptions] for the
// model and its coefficients, which are invented for realism). The result
// depends only on the seed, the person index and the options. Each
// [ChildSeries] carries the truth (severity, pace, decline) so that tests
// and examples can check methods against it.
//
// # RAS data
//
// [FromRAS] and [FromRASAll] turn ras.Assessment values into an
// [Assessment] (from Independence) and [HelpEntry] values (from
// InformalHelp): activity and level names can be renamed ([RASOptions]),
// helper relationships are mapped to this package's ([DefaultRASHelpers]:
// spouse → partner, daughter/son → child, grandparent → other_relative,
// anything unknown → other), and the age is [AgeYears] of the date of
// birth (completed years plus the fraction of the year of age). ras/synth's
// activity and level names are personal-care-4's codes, so its assessments
// convert without renaming.
//
// # Publishing
//
// Published tables offer small-number suppression through ras/disclosure.
// [PublishScoreCentiles] and [SuppressCentiles] count distinct children per
// age band, hide small counts (with secondary suppression against the total)
// and hide the mean and centiles of bands with fewer children than the
// threshold. [TransitionMatrix.Suppress] suppresses the matrix bordered by
// its row, column and grand totals, so no hidden count can be recovered from
// a margin, and hides the row proportions that would give a hidden count
// away. Both write Markdown.
//
// # Trend tests
//
// [Spearman] is R's cor.test(method = "spearman", exact = FALSE): mid-ranks,
// t = ρ·sqrt((n−2)/(1−ρ²)) on n − 2 df, two-sided p. [MannKendall] is R's
// cor.test(method = "kendall", exact = FALSE) with tau-b and the
// tie-corrected var(S); Z has no continuity correction (R's default),
// ZContinuity is the textbook (|S| − 1) version; SensSlope is the median of
// pairwise slopes. [SpearmanTest] and [MannKendallTest] take R's other
// options ([TestOptions]: one-sided alternatives, exact p-values, R's
// continuity correction, and R's warning when ties prevent an exact
// p-value). They agree with R 4.2.2 to 1e-10 (p-values 1e-6) on the
// reference cases in testdata/reference (TestReference) and
// testdata/reference_extra (TestReferenceExtra).
//
// # Contract
//
// Units: ages in years except in LMS tables, whose age unit is the table's
// own (pass ages in the same unit); hours per week. No money is handled.
// Inputs are never modified. NaN or infinite inputs are errors, never
// propagated; NaN appears in results only where documented (an empty age
// band's centiles with N = 0, a trajectory with Defined = false, a
// transition row with RowTotals 0).
//
// Errors wrap sentinel values (ErrUnknownLevel, ErrScoreOutOfRange,
// ErrNegativeHours, ErrDateOrder, …) for errors.Is. Problems in Go values
// are *[RecordError] (record index, person, field); problems in CSV are
// *[RowError] (line, column, field); problems in configuration are
// *[FieldError] (path). CSV readers accept a UTF-8 byte-order mark and CRLF
// and list every row as accepted or rejected with its reasons
// ([ReadReport]). Messages start with "independence:". Personal data is
// never logged; error messages carry only the pseudonymous PersonID.
//
// # Bad input
//
// [ReadAssessmentsCSV] and [ReadHelpCSV] list every data row in the
// [ReadReport] as accepted or rejected (Accepted + Rejected = len(Rows)),
// a rejected row with all its problems, each a [*RowError] (line, 1-based
// column, field, the offending text quoted) wrapping a sentinel; only a bad
// header (ErrHeader), a read failure or more than 1000 malformed rows fail
// the whole read. A row is rejected for: malformed CSV (ErrInvalidValue, the
// whole row, on the line where it starts; a quote left open swallows the
// lines after it, up to the next quote or the end, and the rejection names
// them); more or fewer fields than the header (ErrFieldCount, the column being the
// first field beyond the header or the first one missing); a person or
// helper id that is empty, not valid UTF-8 or holding a control character
// such as NUL or a byte-order mark (ErrInvalidValue); a date that is not YYYY-MM-DD or whose
// year is outside 1900–2100 (ErrInvalidValue); an age or hours not in plain
// decimal notation, digits with at most one point and an optional exponent
// (ErrInvalidValue: hexadecimal, digit separators, Inf, NaN and overflow
// such as 1e400), out of range (ErrInvalidValue, ErrNegativeHours); a
// level that the item does not define, a number in plain decimal notation
// being read as a score ("0x1p1" is an unknown level, ErrUnknownLevel;
// ErrScoreOutOfRange for a number that is not one of the item's scores); a
// reassessment not after the person's previous one (ErrDateOrder).
// [LoadInstrument] reads JSON as ras reads a model: invalid UTF-8, a key
// given twice or matching a field only in another case, unknown keys,
// null and anything after the object are errors naming the path; level
// codes must be valid text. [Instrument.Score] checks the person id and
// the age (years in [0, 130]) as the reader does. [ReadLMSCSV] reads a
// reference table, which is used whole or not at all:
// every problem (the same number and field-count rules, ErrInvalidLMS) is
// reported and joined. [FromRAS] and [HelpEntry.Validate] check ids, dates
// and hours in memory the same way ([*RecordError]); FromRAS checks levels
// only when given RASOptions.Instrument, and [Instrument.Score] always does.
// Within this module the errors also wrap the shared sentinels of
// internal/field (ErrNotDecimal, ErrNotFinite, ErrText, ErrYear); outside
// it, test for this package's.
//
// Instruments and LMS tables are read-only after construction and safe for
// concurrent use. The package keeps no global mutable state.
//
// The package depends on ras (its types), ras/synth (the persons the
// synthetic children are keyed on), ras/disclosure and internal/stats.
package independence
