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
//     R², bias and the percentages within ±£X and ±X% ([Accuracy]); the
//     folds can be fitted on several goroutines (CVOptions.Workers) with the
//     same result.
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
//   - [RLM]: Huber M-estimation, replicating MASS::rlm's loop, with prior
//     weights as MASS's wt.method "inv.var" (RLMOptions.Weights);
//   - [QuantReg]: quantile regression at any τ, exact (simplex) for small n
//     and Frisch–Newton interior point for large n (from 20,000 rows with
//     Portnoy and Koenker's preprocessing on a fixed-seed subsample), always
//     finished by simplex steps to an exact optimal vertex; prior weights
//     as quantreg's rq.wfit (QuantRegOptions.Weights);
//   - [NNLS] (Lawson–Hanson) and [Isotonic] / [PAVA] (as stats::isoreg).
//
// # Formulas
//
// [ReadFrame] reads CSV into a [Frame] of named columns, numeric or text
// (a column is numeric when every cell that is not missing is a number in
// plain decimal notation, as R's read.csv types it; "NA" and empty cells
// are missing). [NewModelMatrix] builds R's model.matrix(formula, data)
// from R formula text on a frame: the same columns, in the same order,
// with the same names and assign, checked against R 4.2.2 (see
// testdata/rscripts/formula_grammar.R). The grammar:
//
//   - y ~ rhs (or ~ rhs): terms joined by + and removed by - (a - b drops
//     the term b after expansion), a:b (interaction), a*b (a + b + a:b),
//     (a + b + c)^2 (all interactions up to degree 2), a/b (a + a:b),
//     b %in% a; - 1 or + 0 removes the intercept, + 1 restores it;
//   - variables: a column (numeric, or a factor if it is text),
//     factor(col), log(x), log(x, base), log2, log10, log1p, exp, expm1,
//     sqrt, abs, and I(...) for arithmetic (+ - * / ^ and parentheses on
//     columns and numbers); `quoted names` for columns that are not R
//     names. A variable's label is its expression as R deparses it
//     ("I(x * 2)", "log(disp)");
//   - terms are ordered by degree, then by first appearance in the
//     expanded formula; a term is labelled by its variables in the order
//     of their first appearance in the formula ("b:a" for a:b written
//     after b).
//
// Factor coding. The levels of a factor are its distinct values sorted:
// text in byte order, as R's sort in the C locale
// (Sys.setlocale("LC_COLLATE", "C"): "10" < "9" < "A" < "B" < "a" < "b"),
// numbers numerically and labelled as R's as.character prints them ("6",
// "2.5", "1e+05"; whole numbers of an integer column as integers). R in any
// other locale sorts text by the locale's collation, and so, on builds
// with ICU such as Debian's R 4.2.2, even under LC_COLLATE=C.UTF-8 ("a" <
// "A" < "a_1" < "b" < "B"): for text that differs only in case or accents,
// such a session's levels, reference level and column order differ from
// these; FormulaOptions.Levels gives any order (R's factor(x, levels =
// ...)). The first level is the reference; FormulaOptions.Reference
// chooses another (R's relevel). Within a term, a factor takes treatment contrasts (one
// 0/1 column per level but the reference) when the term without it is
// empty or contained in an earlier term, and indicators (one column per
// level) otherwise; without an intercept, the first factor of the first
// term that has one takes indicators. A term's columns are the products
// of its variables' columns, the first variable varying fastest, named by
// joining the pieces with ":" (a factor's piece is its label and level:
// "factor(cyl)6", "settingresidential:age"); so a factor:numeric
// interaction is the factor's columns (contrasts or indicators, by the
// rule above) times the number.
//
// Rows are never dropped silently: a missing value in a variable of the
// formula is an error naming the term, the column and the rows, unless
// FormulaOptions.DropMissing drops them (R's na.omit) and lists each in
// ModelMatrix.Dropped; a value a function cannot take (log of 0, a
// division by 0) is an error naming the term, the column and the rows,
// where R would carry NaN or −Inf into the fit. ModelMatrix.Design goes to
// [OLS], [WLS] (with ModelMatrix.Weights, from FormulaOptions.Weights such
// as "1/disp"), [GLM] (GLMOptions.Weights), [RLM] (RLMOptions.Weights) and
// [QuantReg] (QuantRegOptions.Weights): the one weights expression serves
// every estimator, as R's weights = argument does.
// [ModelMatrix.Matrix] and [ModelMatrix.Predict] build the same columns for
// new rows with the fitted levels and coding (R's predict with xlevels; a
// level not seen in the fit is an error), as [AssessmentDesign.Predict]
// does for new assessments through the design's recorded columns.
//
// # Tidy output
//
// Every fit with coefficients is a [Tidier] with broom's three tables, as
// Go values, CSV (WriteCSV: undefined values NA) and JSON (null), checked
// against broom 1.0.3 (testdata/rscripts/tidy_broom.R):
//
//   - Tidy: term, estimate, std.error, statistic, p.value, conf.low,
//     conf.high (tidy(conf.int = TRUE); for a GLM profile-likelihood
//     intervals, as R's confint, when TidyOptions.Design is given, Wald
//     intervals otherwise; for an rlm normal intervals and no p-value, as
//     R; for quantile regression the estimates and tau, the rest NA);
//     [TidyCoefs] makes the table from any []Coef;
//   - Glance: r.squared, adj.r.squared, sigma, statistic, p.value, df,
//     logLik, AIC, BIC, deviance, df.residual, nobs for lm; null.deviance,
//     df.null, logLik, AIC, BIC, deviance, df.residual, nobs for a GLM;
//     sigma, converged, logLik, AIC, BIC, deviance, nobs for an rlm; tau,
//     logLik, AIC, BIC, df.residual for rq;
//   - Augment: .fitted, .resid, .hat, .sigma, .cooksd, .std.resid per row
//     (a GLM's .fitted on the link scale and .resid deviance residuals by
//     default, as broom; an rlm's .cooksd and .std.resid NA, as R; rq's
//     .resid, .fitted, .tau).
//
// # Inference and diagnostics
//
// Each checked against R (testdata/reference and testdata/rinfer):
//
//   - [QuantRegFit.Inference]: quantreg's summary.rq standard errors, t and
//     p values (iid, nid, ker; Hall–Sheather or Bofinger bandwidth) and a
//     seeded xy-pair [Bootstrap], for a weighted fit on the rows scaled by
//     the weights, as summary.rq; [QuantRegFit.Uniqueness] says whether
//     another vertex is optimal too (R: "Solution may be nonunique"), where
//     R's simplex may report other, equally valid numbers;
//   - [AnovaLinear] (F test) and [AnovaGLM] (Chisq and F) for nested fits,
//     as R's anova, refusing models that are not nested ([ErrNotNested]);
//   - [LinearFit.BreuschPagan] (lmtest::bptest, studentized or not),
//     [LinearFit.VIF] and [GLMFit.VIF] (car::vif, generalized for factors),
//     [LinearFit.Influence] (influence.measures with R's flags) and
//     [LinearFit.PredictInterval] (predict.lm confidence and prediction
//     intervals, with prediction weights).
//
// Where R warns (non-positive densities, a non-unique solution, no
// intercept, a weighted fit predicted without weights) the result carries
// R's words in Warnings and R's numbers.
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
// A national caseload need not be held as ras.Assessment values (2 KB or
// more each, most of it answers): [BuildDesignFrom], [FitEligibilityFrom]
// and [CostNeutralFrom] take the assessments a chunk at a time ([Chunks],
// for example decoded from a compact store or read from a file), each
// giving the result of its slice counterpart.
//
// The calibration workflows: the price per point ([EstimatePricePerPoint]),
// monotone bands ([EstimateBands]), non-negative weights
// ([NonNegativeWeights]), cost neutrality over a design's rows with gainers
// and losers ([CostNeutral] with NeutralOptions.Design, [ImpactOf]), outlier policies that list every case they
// exclude ([Outliers]), methods compared by cross-validation
// ([CompareMethods]), bias by subgroup ([BiasBy]), monitoring of estimate
// against planned with tolerance bands and drift ([Monitor]), and the
// old-against-new report ([CompareModels]).
//
// # Budget ranges
//
// [Conformal] gives a recalibrated model a budget range: beside the point
// estimate, "people assessed like you were planned between £X and £Y a
// week", a prediction interval for the planned weekly cost with a stated
// coverage (ras.RangeRules, which the engine's Result.Range and Explain
// give). It takes a design built by [BuildDesign], the assessments it was
// built from and a [ModelFitter] ([FitOLS], [FitWLS], [FitSqrt], [FitLog],
// [FitGLM], or any function that fits and exports), and returns the
// exported model with its range ([ConformalResult]):
//
//	res, err := calibrate.Conformal(d, as, calibrate.FitOLS(calibrate.ExportOptions{}),
//		calibrate.ConformalOptions{Level: 0.8}) // split conformal, log score, by cohort
//	eng, err := ras.Compile(res.Model)
//
// Split conformal (the default): a quarter of each cohort's assessments is
// held out at random; the model is fitted on the rest; each held-out
// assessment is assessed by the exported model's engine and scored,
// comparing its planned cost y with the engine's amount a before the
// limits. The score ([ras.RangeScore]) is absolute |y − a| (a range of the
// same width for everyone), relative |y − a|/max(a, m) or, by default, log
// |ln max(y, m) − ln max(a, m)| (a range that grows with the amount,
// wider above it than below, as costs are skewed; m is a minimum scale, £1
// a week by default). With n held-out cases in a cohort, its quantile is
// the k-th smallest score, k = ⌈(n+1)·level⌉, worked out exactly from the
// level's decimal digits; when k > n (n < level/(1 − level): 4 cases for
// 80%, 9 for 90%) the range would be unbounded, and that is an error
// ([ErrTooFewCases]) naming the cohort, never an infinite range, unless
// ConformalOptions.OmitSmallGroups leaves the cohort without a range.
//
// The guarantee: when a new person and the held-out cases of their cohort
// are exchangeable (drawn independently from the same population, say),
// the chance that the person's planned cost lies in their range is at
// least the level, marginally, overall and in each cohort (Mondrian
// conformal prediction), and below level + 1/(n+1) when scores do not tie;
// for any fit, good or bad (a poor fit gives wide ranges). It is not a
// guarantee for each kind of person within a cohort, nor after the
// population changes: [CoverageOf] measures it on later assessments.
// CrossValidationConformal calibrates on k-fold out-of-fold scores around
// the fit on all rows: the K-fold analogue of the jackknife (Barber,
// Candès, Ramdas and Tibshirani 2021), without a distribution-free
// guarantee but close to the level when the fit is stable. It is not CV+,
// whose coverage of at least 1 − 2α needs every fold's model at prediction
// time, which one exported model cannot carry.
//
// By simulation (conformal_sim_test.go: held-out people from package
// synth's known cost model, with its skewed noise, zero costs and
// outliers; 200 replications of 4,000 assessments, `go test ./calibrate
// -run TestConformalCoverage -conformalcoverage=200`), the mean coverage
// is within three Monte Carlo standard errors of [level, level + 1/(n+1)],
// overall and in each of the four cohorts, at 80% and 90%, for split
// conformal with OLS, OLS on log and √cost, and a Gamma GLM, and for
// 10-fold cross-validation with OLS. The default test runs a short version.
// The simulation also shows why the log score is the default: coverage is
// guaranteed overall and by cohort, not by size of budget, and with the
// absolute score (one width for everyone in a cohort) the people with the
// largest third of amounts were covered 58% of the time at 80% and those
// with the smallest third 98%; with the log score, 76% to 82% (OLS, split
// conformal, 200 replications).
// [ScaleModel] (and so [CostNeutral]) drops a model's range: it was
// calibrated on the unscaled amounts.
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
// Prior weights of [RLM] and [QuantReg] are R's: the rows of X and y are
// scaled (by √w for rlm's inv.var weights, by w for rq) and the estimator
// runs unweighted on the scaled rows, so its scale, covariance and
// inference are those of the scaled rows; Fitted and Residuals are X·b and
// y − X·b on the rows as given (R's fitted values and residuals), and the
// fits keep the weights in PriorWeights. Methods that take a weighted fit
// and its design (Inference, Uniqueness, Augment) take the design as
// given and scale it themselves. A zero weight is allowed: unlike lm and
// glm, rlm and rq keep the row (its scaled residual is 0), so it counts in
// rlm's MAD scale and in the n and degrees of freedom of both, as in R.
// A QuantRegFit's Objective is the criterion minimised, Σ wᵢρτ(rᵢ), not
// quantreg's unweighted fit$rho.
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
// [ErrNoResidualDF], [ErrNotConverged], [ErrNotNested]) and, where a row or
// column is at fault, a typed error: [*DataError] (row and column of a
// NaN/Inf or bad value), [*DomainError] (every row a transform cannot
// take), [*AliasedError], [*ConvergenceError], [*NestingError]. Messages start with "calibrate: ".
// No function panics on bad data.
//
// # Bad input
//
// Inputs are checked before anything is computed, and a result that would
// be undefined is an error, not a NaN:
//   - a NaN or ±Inf in a design, response or weight is a [*DataError]
//     naming the row and column (ErrNonFinite), a negative weight one
//     wrapping ErrInvalidInput (zero weights leave a row out of lm and glm,
//     as in R, and stay in rlm and rq, see the Contract; all zero is
//     ErrEmpty; too few positive weights for rlm and rq, ErrNoResidualDF);
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
//   - [ReadFrame] reads a number with spaces or tabs around it as the
//     number, as R's read.csv does (a column with " 12 " stays numeric);
//   - [Accuracy] and [NNLS] refuse values so large (about 1e154 and
//     beyond) that their sums of squares overflow (ErrInvalidInput), as
//     OLS does, instead of an RMSE or RSS of +Inf;
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
