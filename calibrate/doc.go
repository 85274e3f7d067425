// Package calibrate fits regression models of actual planned care costs on
// RAS assessments, to find where a Resource Allocation System is wrong and
// to re-estimate it. Its statistics are checked against R (see
// testdata/reference): researchers script whole calibration studies with it.
//
// # Overview
//
// A [Design] is a numeric design matrix with named columns (an intercept is
// an explicit column named [InterceptName], "(Intercept)") and a response.
// The linear-model estimators are:
//
//   - [OLS] and [WLS] (weights of an explicit [WeightKind]: [Analytic], as
//     R's lm(weights =), or [Frequency], as duplicated rows), returning a
//     [LinearFit] with R's lm/summary.lm quantities: coefficients, standard
//     errors, t values, p-values, confidence intervals, covariance, fitted
//     values, residuals, leverage, R², adjusted R², σ, F, logLik, AIC, BIC,
//     and [LinearFit.VcovHC] / [LinearFit.CoefsHC] for HC0–HC3 robust
//     standard errors (sandwich::vcovHC);
//   - [LogOLS] (log cost, Duan smearing global or by group, or the lognormal
//     factor) and [SqrtOLS] (square-root cost as Florida's iBudget, with the
//     σ² variance correction, its MLE variant, or smearing);
//   - [CrossValidateOLS] and [CrossValidate]: deterministic k-fold
//     cross-validation (folds from a seed or a fold column) with RMSE, MAE,
//     R², bias and the percentages within ±£X and ±X% ([Accuracy]).
//
// The other estimators share [Design], [Coef] and the errors:
//
//   - [GLM] by IRLS, replicating R's glm.fit (starting values, stopping
//     rule, step halving): families Gaussian, Gamma, Poisson and Binomial with
//     links identity, log, inverse and logit; prior weights and offsets
//     (GLMOptions.Offset, for example log weeks for a rate; a fit with an
//     offset is not exported); deviance, null deviance, dispersion, AIC,
//     iterations; Wald intervals and, with [GLMFit.ConfintProfile],
//     profile-likelihood intervals as R's confint; the Gamma shape MLE and
//     MASS::gamma.shape;
//     [AUC], [Brier] and [CalibrationInTheLarge] for probabilities;
//   - [RLM]: Huber M-estimation, replicating MASS::rlm's loop;
//   - [QuantReg]: quantile regression at any τ, exact (simplex) for small n
//     and Frisch–Newton interior point for large n (from 20,000 rows with
//     Portnoy and Koenker's preprocessing on a fixed-seed subsample), always
//     finished by simplex steps to an exact optimal vertex;
//   - [NNLS] (Lawson–Hanson) and [Isotonic] / [PAVA] (as stats::isoreg).
//
// # From assessments to a recalibrated RAS
//
// [BuildDesign] turns ras assessments and their planned costs into a named
// [AssessmentDesign] (domain points, item indicators with an explicit
// reference level, age bands, living setting and cohort dummies,
// interactions), with an explicit policy for zero or missing costs (error,
// exclude and list, or a two-part model). Every column records how to
// compute it from an assessment, so [ExportLinear], [ExportSqrt],
// [ExportLog], [ExportGLM] and [ExportPoints] turn a fit back into a
// versioned ras model that the engine runs as it is, reproducing the fitted
// predictions to the penny.
//
// The calibration workflows: the price per point ([EstimatePricePerPoint]),
// monotone bands ([EstimateBands]), non-negative weights
// ([NonNegativeWeights]), cost neutrality with gainers and losers
// ([CostNeutral], [ImpactOf]), outlier policies that list every case they
// exclude ([Outliers]), methods compared by cross-validation
// ([CompareMethods]), bias by subgroup ([BiasBy]), monitoring of estimate
// against planned with tolerance bands and drift ([Monitor]), and the
// old-against-new report ([CompareModels]).
//
// Eligibility predictions ([FitCareActEligibility], [FitCHCEligibility]) fit
// the Binomial/logit GLM to past decisions, export it as a logit ras model,
// explain each case by its largest contributions, and measure accuracy by
// cross-validation: AUC with a DeLong interval, Brier score, calibration
// slope and in-the-large, a decile table, and thresholds.
//
// # Contract
//
// Units: estimators work in float64 in the units of the response (pounds a
// week for costs); converting predictions to money (decimal) happens when a
// calibrated model is exported, not here.
//
// Rank deficiency: as R's lm, a column that is (to a relative tolerance of
// 1e-7) a linear combination of the columns before it is aliased: its
// coefficient is NaN with Coef.Aliased set and LinearFit.Aliased names it;
// Options.Aliased = AliasError turns this into an *AliasedError.
//
// Numerics: OLS and WLS have two paths. A fit with m·p² ≤ 2²⁰ (m rows
// used, p columns: every fit of up to 2,600 rows and 20 columns, say) runs
// R's algorithm, a Householder QR with LINPACK dqrdc2's limited pivoting, in
// double-double arithmetic (about 32 significant digits) on the exact
// products √w·x: the coefficients, the triangular factor R, the standard
// errors from R⁻¹ (as R's chol2inv(qr.R)), σ, R² and F are those of exact
// arithmetic on the binary data, correctly rounded, for any design with a
// condition number well below 1e16; the aliasing decisions are R's. Larger
// fits solve the normal equations (X'WX accumulated in cache-sized blocks)
// by Cholesky on the unit-diagonal scaled matrix and refine the
// coefficients with residuals computed in full until the correction is
// negligible (about 1e-13 relative), provided the normal equations are
// accurate there: no Cholesky pivot of the scaled matrix below 1e-6 (a
// column almost collinear with those before it) and a worst-case bound on
// the relative error of (X'WX)⁻¹ (κ₁ of the scaled matrix times the
// rounding of the blocked sums) below 1e-9. Otherwise they run R's float64
// Householder QR: the standard errors then come from its R⁻¹ and the
// aliasing decisions are R's. The passes over a large design (building it
// in NewDesign, the Gram matrix, the residual passes) run on up to
// GOMAXPROCS goroutines in fixed chunks whose partial sums are added in
// chunk order, so the results are bit-identical whatever GOMAXPROCS is.
// Memory per fit is O(n) beyond the design (fitted values, residuals), plus
// a copy of the used rows for a QR.
//
// Range: sums of squares need the squares of the data to be normal float64
// numbers. A design column or response (times √w for WLS) that is not all
// zeros but whose largest magnitude is below 1e-150, or whose sum of
// squares overflows, is rejected with a [*DataError] (wrapping
// [ErrInvalidInput]) naming the column and the row of its largest value,
// never fitted to NaN estimates or a σ of 0; rescale it (other units). A
// column of zeros is aliased, as in R.
//
// Accuracy on the NIST StRD linear least-squares datasets
// (https://www.itl.nist.gov/div898/strd/lls/lls.shtml; testdata/nist, test
// TestNISTAccuracy), as the smallest log relative error (LRE, the number of
// correct significant digits, capped at NIST's 15) over each kind of
// quantity, this library against R 4.2.2's lm on the same design matrix
// (Filip with the alias tolerance 1e-10 in both, as lm's default drops x¹⁰):
//
//	dataset    coefficients   std. errors     residual SD       R²
//	           ours    R      ours    R       ours    R      ours    R
//	Norris     14.1   12.5    13.9*  14.0     14.0*  14.1    15.0   15.0
//	Pontius    13.5   12.7    13.8   13.2     13.8   13.2    15.0   15.0
//	NoInt1     14.7   14.7    15.0   14.4     15.0   14.5    15.0   15.0
//	NoInt2     15.0   15.0    14.9*  15.0     15.0   15.0    15.0   15.0
//	Filip       7.6    7.2     7.6    7.0      9.6    8.1    11.8   10.3
//	Longley    14.6   13.0    14.9   14.1     15.0   14.3    15.0   15.0
//	Wampler1   15.0    9.8    15.0   10.0     15.0   10.0    15.0   15.0
//	Wampler2   13.2*  13.6    15.0   14.7     15.0   14.7    15.0   15.0
//	Wampler3   15.0    9.3    14.5   13.6     14.8   14.8    15.0   15.0
//	Wampler4   15.0    7.5    14.5   13.6     14.8   14.8    15.0   15.0
//	Wampler5   15.0    5.5    14.5   13.6     14.8   14.8    15.0   14.8
//
// (*) The exact least-squares solution of the binary data reaches no more
// than the library does: NIST certifies the fit to the decimal data, the
// binary values differ from them by up to half a unit in the last place,
// and R's rounding errors happen to offset that on these quantities (on
// Wampler2's coefficient B3 by 1.3 digits). The test requires, quantity by
// quantity, at least R's LRE or, where R's exceeds it, the exact solution's.
//
// Undefined quantities are NaN, never a number: standard errors and tests
// with zero residual degrees of freedom, F without non-intercept terms,
// aliased coefficients.
//
// Errors: every error wraps one sentinel ([ErrInvalidInput], [ErrNonFinite],
// [ErrLength], [ErrEmpty], [ErrRankDeficient], [ErrDomain],
// [ErrNoResidualDF], [ErrNotConverged]) and, where a row or column is at
// fault, a typed error: [*DataError] (row and column of a NaN/Inf or bad
// value), [*DomainError] (every row a transform cannot take),
// [*AliasedError], [*ConvergenceError]. Messages start with "calibrate: ".
// No function panics on bad data.
//
// Results are plain structs, read-only after construction and safe for
// concurrent use. A [LinearFit] keeps a reference to its [Design], which
// must therefore not be modified after fitting.
package calibrate
