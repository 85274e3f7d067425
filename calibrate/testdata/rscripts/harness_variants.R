## harness_variants.R -- reference cases that vary the shared ones, to test
## that TestReference honours every spec key (intercept for nnls, weights
## as a column or 1/col for every method, log()/sqrt() responses and
## predictors, formulas with factors, unknown keys) and R's own verdicts (an
## rlm that R returns unconverged with a warning; a quantile regression R
## warns may be non-unique).
##
## Run from calibrate/testdata:  Rscript rscripts/harness_variants.R
## It writes reference/<id>/{data.csv, case.json, expected.json} in the
## format of the shared cases (see reference/README.md); each result is
## computed from data.csv as re-read by read.csv, with every R warning
## recorded in expected.json's r_warnings.
##
## R 4.2.2 with MASS 7.3-58.2, quantreg 5.94, nnls 1.4 (Debian bookworm).
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("../../internal/reftest/testdata/rscripts/common.R")
source("../../internal/reftest/testdata/rscripts/ref_helpers.R")

make_case <- function(id, title, method, data, spec, r_code, tolerance, notes = NULL) {
  dir <- file.path("reference", id)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write_csv_exact(data, file.path(dir, "data.csv"))
  d <- read.csv(file.path(dir, "data.csv"), stringsAsFactors = FALSE)
  warns <- character()
  res <- withCallingHandlers(eval(parse(text = r_code)),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  case <- list(id = id, title = title, method = method, source = "calibrate/testdata/rscripts/harness_variants.R",
               data_files = arr("data.csv"), n_rows = nrow(data), columns = arr(names(data)),
               spec = spec, r_code = r_code,
               r_code_context = "evaluated with `d <- read.csv('data.csv', stringsAsFactors = FALSE)` after sourcing internal/reftest/testdata/rscripts/common.R and ref_helpers.R",
               tolerance = tolerance, notes = notes)
  write_json(case, file.path(dir, "case.json"))
  write_json(list(id = id, meta = r_meta(), r_warnings = arr(warns), results = res), file.path(dir, "expected.json"))
  cat(id, ": ", length(warns), " warning(s) ", paste(warns, collapse = " | "), "\n", sep = "")
}

lm_tol <- list(rtol = 1e-9, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12)))
glm_tol <- list(rtol = 1e-8, rules = list(
  list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
  list(match = "*.iterations", skip = "depends on the start values and the stopping rule"),
  list(match = "default.control.*", skip = "R's settings, for information"),
  list(match = "default.*", rtol = 1e-4, note = "R's default stopping rule")))
glm_tight_code <- function(formula, family, extra = "") paste0(
  "F <- ", formula, "\n",
  "fit <- glm(F, data = d, family = ", family, extra, ")\n",
  "cf <- coef(glm(F, data = d, family = ", family, extra, ", control = glm.control(epsilon = 1e-14, maxit = 200)))\n",
  "for (i in 1:100) {\n",
  "  fit_tight <- suppressWarnings(glm(F, data = d, family = ", family, extra, ", start = cf, control = glm.control(maxit = 1)))\n",
  "  step <- max(abs(coef(fit_tight) - cf)) / max(abs(cf)); cf <- coef(fit_tight)\n",
  "  if (step < 1e-15) break\n",
  "}\n",
  "tight <- glm_results(fit_tight); tight$iterations <- NULL; tight$control <- NULL\n",
  "list(default = glm_results(fit), tight = tight)")

mt <- datasets::mtcars
mt <- data.frame(model = rownames(mt), mpg = mt$mpg, cyl = mt$cyl, disp = mt$disp, hp = mt$hp,
                 wt = mt$wt, qsec = mt$qsec, am = mt$am, stringsAsFactors = FALSE)

## 1. nnls with an intercept column named (Intercept).
nn <- data.frame(c1 = c(0.0372, 0.6861, 0.6233, 0.6344), c2 = c(0.2869, 0.7071, 0.6245, 0.6170),
                 d = c(0.8587, 0.1781, 0.0747, 0.8405))
make_case("nnls_small_intercept", "NNLS with an intercept column (spec.intercept true), lsqnonneg data", "nnls", nn,
  list(response = "d", design_columns = arr(c("c1", "c2")), intercept = TRUE),
  paste0("A <- cbind(`(Intercept)` = 1, as.matrix(d[, c(\"c1\", \"c2\")]))\n",
         "fit <- nnls::nnls(A, d$d)\n",
         "list(names = arr(colnames(A)), x = arr(fit$x), rss = fit$deviance, passive_set_1based = arr(sort(fit$passive)),\n",
         "     unconstrained_ols = arr(unname(qr.solve(A, d$d))))"),
  list(rtol = 1e-9, rules = list(list(match = "x", rtol = 1e-8, exact_zero = TRUE),
                                 list(match = "passive_set_1based", exact = TRUE))))

## 2. rlm stopped after 3 iterations: R returns the fit with a warning.
sl <- datasets::stackloss
names(sl) <- c("air_flow", "water_temp", "acid_conc", "stack_loss")
make_case("rlm_huber_stackloss_maxit3", "Huber M-estimation with maxit = 3 (R: unconverged, with a warning), stackloss", "rlm_huber", sl,
  list(response = "stack_loss", predictors = arr(c("air_flow", "water_temp", "acid_conc")), intercept = TRUE,
       psi = "huber", k = 1.345, scale_est = "MAD", init = "ls", maxit = 3, acc = 1e-4),
  paste0("fit <- MASS::rlm(stack_loss ~ air_flow + water_temp + acid_conc, data = d, maxit = 3)\n",
         "fit_tight <- MASS::rlm(stack_loss ~ air_flow + water_temp + acid_conc, data = d, maxit = 1000, acc = 1e-13)\n",
         "list(default = rlm_results(fit), tight = rlm_results(fit_tight), k = 1.345,\n",
         "     max_rel_coef_diff_default_vs_tight = max(abs(coef(fit) - coef(fit_tight)) / abs(coef(fit_tight))))"),
  list(rtol = 1e-8, rules = list(list(match = "*.p_value", skip = "summary.rlm reports none"),
                                 list(match = "max_rel_coef_diff_default_vs_tight", skip = "for information"))),
  list(converged = "R warns \"'rlm' failed to converge in 3 steps\" and returns the third iterate; compare it, converged false"))

## 3. Weighted rlm (inv.var weights 1/col) with a factor, from a formula.
make_case("rlm_huber_formula_weights_mtcars", "Huber M-estimation from a formula with a factor and weights 1/wt, mtcars", "rlm_huber", mt,
  list(formula = "mpg ~ factor(cyl) + log(hp) + wt", weights = "1/wt", intercept = TRUE,
       psi = "huber", k = 1.345, scale_est = "MAD", init = "ls", maxit = 20, acc = 1e-4),
  paste0("fit <- MASS::rlm(mpg ~ factor(cyl) + log(hp) + wt, data = d, weights = 1/wt)\n",
         "fit_tight <- MASS::rlm(mpg ~ factor(cyl) + log(hp) + wt, data = d, weights = 1/wt, maxit = 1000, acc = 1e-13)\n",
         "list(default = rlm_results(fit), tight = rlm_results(fit_tight), k = 1.345)"),
  list(rtol = 1e-8, rules = list(list(match = "*.p_value", skip = "summary.rlm reports none"),
                                 list(match = "*.iterations", skip = "depends on the stopping rule"),
                                 list(match = "*.conv_history", skip = "depends on the stopping rule"),
                                 list(match = "default.*", rtol = 1e-3, note = "rlm stops at acc = 1e-4"))),
  list(weights = "wt.method = \"inv.var\" (the default): rlm on sqrt(w)-scaled x and y; residuals are y - x b unscaled"))

## 4. A median regression whose solution R warns may be non-unique.
set.seed(11)
nu <- data.frame(x = rep(1:5, each = 4), y = c(2, 3, 3, 4, 3, 4, 5, 5, 4, 6, 6, 7, 6, 7, 8, 8, 7, 9, 9, 10))
make_case("rq_nonunique_small", "Median regression with a non-unique solution (R warns), 20 integer points", "rq", nu,
  list(response = "y", predictors = arr("x"), intercept = TRUE, taus = arr(c(0.5, 0.25)), method = "br"),
  paste0("f50 <- quantreg::rq(y ~ x, tau = 0.5, data = d, method = \"br\")\n",
         "f25 <- quantreg::rq(y ~ x, tau = 0.25, data = d, method = \"br\")\n",
         "list(tau_0.5 = rq_results(f50), tau_0.25 = rq_results(f25))"),
  list(rtol = 1e-8, rules = list(list(match = "*.objective", rtol = 1e-10))),
  list(coefficients = "R warns 'Solution may be nonunique': compare the objective, not the vertex"))

## 5. Weighted quantile regression (rq's weights scale rows), engel.
data(engel, package = "quantreg"); en <- engel
make_case("rq_engel_weights", "Quantile regression with weights sqrt(income) and a log predictor, engel", "rq", en,
  list(response = "foodexp", predictors = arr("log(income)"), intercept = TRUE, taus = arr(c(0.5, 0.9)),
       weights = "sqrt(income)", method = "br"),
  paste0("f50 <- quantreg::rq(foodexp ~ log(income), tau = 0.5, data = d, weights = sqrt(income), method = \"br\")\n",
         "f90 <- quantreg::rq(foodexp ~ log(income), tau = 0.9, data = d, weights = sqrt(income), method = \"br\")\n",
         "list(tau_0.5 = rq_results(f50), tau_0.9 = rq_results(f90))"),
  list(rtol = 1e-8, rules = list(list(match = "*.objective", rtol = 1e-10))),
  list(objective = "rq_results: the unweighted check loss of the residuals y - x b"))

## 6. method ols with weights, a sqrt response, log predictors, no intercept.
make_case("ols_weights_sqrt_noint_mtcars", "OLS method with spec.weights (1/wt), sqrt(mpg) ~ 0 + log(hp) + wt, mtcars", "ols", mt,
  list(response = "sqrt(mpg)", predictors = arr(c("log(hp)", "wt")), intercept = FALSE, weights = "1/wt",
       comment = "an unknown key: readers must ignore it"),
  "fit <- lm(sqrt(mpg) ~ 0 + log(hp) + wt, data = d, weights = 1/wt)\nlm_results(fit)", lm_tol)

## 7. lm from a formula with a factor interaction and weights.
make_case("lm_formula_wls_factor_mtcars", "WLS from a formula: log(mpg) ~ factor(cyl) * wt + I(hp^2), weights 1/disp, mtcars", "lm_formula", mt,
  list(formula = "log(mpg) ~ factor(cyl) * wt + I(hp^2)", weights = "1/disp"),
  "fit <- lm(log(mpg) ~ factor(cyl) * wt + I(hp^2), data = d, weights = 1/disp)\nlm_results(fit)", lm_tol)

## 8. lm without intercept where factor indicators span the constant.
make_case("lm_formula_noint_factor_mtcars", "OLS from a formula without intercept: mpg ~ factor(am) + wt - 1, mtcars", "lm_formula", mt,
  list(formula = "mpg ~ factor(am) + wt - 1"),
  "fit <- lm(mpg ~ factor(am) + wt - 1, data = d)\nlm_results(fit)", lm_tol)

## 9. Poisson GLM with prior weights and a log predictor; Gamma GLM from a formula.
po <- data.frame(counts = c(18, 17, 15, 20, 10, 20, 25, 13, 12), size = c(3, 1, 2, 4, 2, 5, 6, 1, 2),
                 treatment = rep(c("a", "b", "c"), 3), w = c(1, 2, 1, 1, 3, 1, 2, 1, 1), stringsAsFactors = FALSE)
make_case("glm_poisson_log_weights", "Poisson GLM with prior weights and a text factor from a formula", "glm_poisson_log", po,
  list(formula = "counts ~ treatment + log(size)", weights = "w", family = "poisson", link = "log"),
  glm_tight_code("counts ~ treatment + log(size)", "poisson(link = \"log\")", ", weights = w"), glm_tol)
bw <- MASS::birthwt
bw <- data.frame(low = bw$low, age = bw$age, race = bw$race, smoke = bw$smoke, lwt = bw$lwt)
make_case("glm_binomial_logit_formula_birthwt", "Binomial GLM from a formula with factor(race), birthwt", "glm_binomial_logit", bw,
  list(formula = "low ~ age + factor(race) * smoke + log(lwt)", family = "binomial", link = "logit"),
  glm_tight_code("low ~ age + factor(race) * smoke + log(lwt)", "binomial(link = \"logit\")"), glm_tol)
make_case("glm_gamma_log_predictors_mtcars", "Gamma GLM, log link, predictors log(disp) and sqrt(hp), no intercept, mtcars", "glm_gamma_log", mt,
  list(response = "mpg", predictors = arr(c("log(disp)", "sqrt(hp)")), intercept = FALSE, family = "Gamma", link = "log"),
  glm_tight_code("mpg ~ 0 + log(disp) + sqrt(hp)", "Gamma(link = \"log\")"), glm_tol)

## 10. Quantile regression from a formula with a factor.
make_case("rq_formula_factor_mtcars", "Quantile regression from a formula: mpg ~ factor(cyl) + wt + I(hp/100), tau 0.5 and 0.75, mtcars", "rq", mt,
  list(formula = "mpg ~ factor(cyl) + wt + I(hp/100)", taus = arr(c(0.5, 0.75)), method = "br"),
  paste0("f50 <- quantreg::rq(mpg ~ factor(cyl) + wt + I(hp/100), tau = 0.5, data = d, method = \"br\")\n",
         "f75 <- quantreg::rq(mpg ~ factor(cyl) + wt + I(hp/100), tau = 0.75, data = d, method = \"br\")\n",
         "list(tau_0.5 = rq_results(f50), tau_0.75 = rq_results(f75))"),
  list(rtol = 1e-8, rules = list(list(match = "*.objective", rtol = 1e-10))))
