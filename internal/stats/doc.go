// Package stats holds the small numerical building blocks that several
// stonesoup packages share: sample quantiles that match R's quantile(),
// tail probabilities and quantiles of the normal, Student t, chi-square and
// F distributions, and mid-ranks.
//
// It is internal: the API is kept small and stable for the other packages of
// the module, and it is not part of stonesoup's public surface.
//
// # Quantiles
//
// [Quantile] and [Quantiles] compute the sample quantiles of Hyndman and Fan
// (1996), types 1 to 9, exactly as R 4.2's stats::quantile.default computes
// them (the R version that produced the project's reference results;
// R Core Team, R: A Language and Environment for Statistical Computing).
// Type 7 is R's default. See [QuantileType] for the
// formulas, including R's rounding safeguards.
//
// The input must already be sorted ascending and free of NaN. Quantile and
// Quantiles check this in one O(n) pass and return [ErrUnsorted] or [ErrNaN]
// rather than a wrong answer; [QuantileUnchecked] skips that check (but not the others) for hot loops.
// ±Inf values are allowed and handled as R does (interpolation is skipped
// when the two neighbouring order statistics are equal, so an infinite
// quantile is returned rather than NaN; interpolating between -Inf and +Inf
// gives NaN, as in R).
//
// Errors:
//   - empty data: [ErrEmpty];
//   - p outside [0, 1] (beyond R's slack of 100 machine epsilons, which is
//     clamped) or NaN: [ErrProbability];
//   - a type other than 1..9: [ErrType];
//   - unsorted data: [ErrUnsorted]; a NaN in the data: [ErrNaN].
//
// All errors unwrap to these sentinels (use errors.Is); the messages start
// with "stats: ".
//
// # Distributions
//
// The distribution functions take and return float64 and never panic. They
// are written for accuracy in the tails, where p-values live:
//
//   - [NormalCDF] and [NormalSurvival] use the complementary error function
//     with the argument z/√2 formed in double-double precision, so that the
//     relative error stays within a few units in the last place down to
//     underflow (NormalSurvival(10) = 7.619853024160527e-24, as R's
//     pnorm(10, lower.tail = FALSE)).
//   - [StudentTSurvival] follows R's pt: the regularized incomplete beta
//     function for moderate t, an asymptotic formula when t²/df > 1e100, and
//     the normal approximation of Abramowitz and Stegun 26.7.8 when
//     df > 4e5 (as R does).
//   - [ChiSquareSurvival] is the complemented regularized incomplete gamma
//     function; [FSurvival] the regularized incomplete beta function with the
//     argument chosen so that the upper tail is computed directly.
//   - [NormalQuantile] is Wichura's AS 241 (relative accuracy about 1e-16);
//     [StudentTQuantile] inverts the incomplete beta function and polishes
//     the result with Newton steps on [StudentTSurvival]; df = 1, 2 use
//     their closed forms.
//
// A two-sided p-value is 2*Survival(|t|).
//
// NaN and domain rules for the distribution functions: a NaN argument gives
// NaN; a degrees-of-freedom parameter that is not > 0 gives NaN; a
// probability outside [0, 1] given to a quantile function gives NaN.
// df = +Inf is the limiting distribution (the normal for Student t,
// chi-square/d1 for F with d2 = +Inf). Survival functions at ±Inf give the
// limits 0 and 1. These NaN results are the only NaNs the package returns;
// callers that take user input should validate it first.
//
// # Ranks
//
// [MidRanks] returns ranks 1..n with ties given the average of the ranks
// they span (R's rank(x, ties.method = "average")). NaN values get rank NaN
// and do not count towards the ranks of the others (R's na.last = "keep").
//
// All functions are safe for concurrent use; none modifies its input.
package stats
