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
//     and Frisch–Newton interior point for large n;
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
// Numerics: OLS and WLS solve the normal equations (X'WX accumulated in
// cache-sized blocks) by Cholesky on the unit-diagonal scaled matrix, then
// refine the solution with residuals computed in full until the correction
// is negligible (about 1e-13 relative), which reaches the accuracy of R's Householder QR
// for well-conditioned designs. If any Cholesky pivot of the scaled matrix
// falls below 1e-6 (a column almost collinear with those before it), the fit
// falls back to R's limited-pivoting Householder QR (LINPACK dqrdc2), so the
// aliasing decisions are R's. Memory per fit is O(n) beyond the design
// (fitted values, residuals), plus a copy of the design for the QR fallback.
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
// # Bad input
//
// Inputs are checked before anything is computed, and a result that would
// be undefined is an error, not a NaN:
//   - a NaN or ±Inf in a design, response or weight is a [*DataError]
//     naming the row and column (ErrNonFinite), a negative weight one
//     wrapping ErrInvalidInput (zero weights leave a row out, as in R; all
//     zero is ErrEmpty);
//   - [BuildDesign] names the assessment ([*AssessmentError]) whose
//     planned weekly cost is negative (ErrDomain) or too large for a
//     float64 (ErrNonFinite), or that the model rejects; with
//     DesignSpec.SkipInvalid it is excluded and listed instead;
//   - [PAVA] and [Isotonic] return an error for NaN or Inf in y or w, a
//     weight ≤ 0, lengths that differ, no values, or finite values so large
//     that the weighted sums overflow (ErrInvalidInput);
//   - the measures of probabilities ([Brier], [CalibrationInTheLarge],
//     [CalibrationTable], [ThresholdTable], [AtThreshold],
//     [EvaluateProbabilities]) reject a prediction outside [0, 1] and an
//     outcome that is not 0 or 1 (Brier and calibration-in-the-large: not
//     in [0, 1]) with a *DataError wrapping ErrDomain; [AUC] and
//     [AUCInterval] rank scores and take any finite value;
//   - [Money], the one float-to-money conversion, refuses NaN and ±Inf
//     (ErrNonFinite) and amounts beyond ±2^52 pence, where a float64 no
//     longer tells one penny from the next (ErrDomain), as do the other
//     roundings to money in the workflows.
//
// Statistics that are undefined for valid input (a standard error with no
// residual degrees of freedom, an aliased coefficient, a DeLong interval
// with one case of a class, a sensitivity without eligible cases) are NaN
// in the result fields, as documented at each.
//
// Results are plain structs, read-only after construction and safe for
// concurrent use. A [LinearFit] keeps a reference to its [Design], which
// must therefore not be modified after fitting.
package calibrate
