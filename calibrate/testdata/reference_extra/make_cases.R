## make_cases.R -- R reference cases for calibrate's methods that vary what
## the shared cases (and testdata/reference, testdata/rinfer) hold fixed:
## no intercept, weights as a column and as 1/col (with zero weights), log()
## and sqrt() responses and predictors, text factors given as predictors,
## NA rows (R's na.omit), other cov_types lists, other k and fold columns,
## GLM prior weights, separation and R's warnings, rlm's k, maxit and acc,
## other taus and non-unique quantile regressions, nnls with an intercept and
## with an empty passive set, decreasing isotonic regression with ties,
## other formulas, and the inference methods with other option lists.
##
## Cases whose spec asks for something calibrate does not implement (rlm's
## psi.bisquare, scale.est "Huber", init "lts"; sandwich's HC4) go to
## ../reference_unsupported: the harness must fail them clearly (naming the
## key), never pass them by ignoring the key (TestReferenceUnsupported).
##
## Run from this directory with R 4.2.2 (Debian 12) and survival 3.5-3,
## quantreg 5.94, MASS 7.3-58.2, nnls 1.4, lmtest 0.9.40, car 3.1-1,
## sandwich 3.0-2:  Rscript make_cases.R
## Helpers: internal/reftest/testdata/rscripts (common.R and ref_helpers.R
## are copies of the shared reference scripts; make_case.R writes a case).
h <- "../../../internal/reftest/testdata/rscripts"
source(file.path(h, "common.R")); source(file.path(h, "ref_helpers.R")); source(file.path(h, "make_case.R"))
suppressPackageStartupMessages({ library(lmtest); library(car); library(sandwich) })
root <- "."
unsupported <- "../reference_unsupported"

lm_tol <- list(rtol = 1e-9, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12)))
glm_tol <- list(rtol = 1e-8, rules = list(
  list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
  list(match = "*.iterations", skip = "depends on the start values and the stopping rule"),
  list(match = "default.control.*", skip = "R's settings, for information"),
  list(match = "tight.polish_steps", skip = "how R was driven to the fixed point"),
  list(match = "tight.last_step_rel_change", skip = "how R was driven to the fixed point"),
  list(match = "max_rel_coef_diff_default_vs_tight", skip = "for information"),
  list(match = "gamma_shape_mass_*", rtol = 1e-4, note = "MASS::gamma.shape stops its Newton iteration early"),
  list(match = "default.*", rtol = 1e-4, note = "R's default stopping rule (epsilon 1e-8 on the deviance)")))
rlm_tol <- list(rtol = 1e-8, rules = list(
  list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
  list(match = "*.iterations", skip = "depends on the stopping rule"),
  list(match = "*.conv_history", skip = "depends on the stopping rule"),
  list(match = "max_rel_coef_diff_default_vs_tight", skip = "for information"),
  list(match = "default.*", rtol = 1e-3, note = "rlm stops at acc; 1e-8 if its loop and stopping rule are replicated exactly")))
rq_tol <- list(rtol = 1e-8, rules = list(list(match = "*.objective", rtol = 1e-10)))

rhs <- function(preds, intercept) {
  r <- paste(preds, collapse = " + ")
  if (!intercept) r <- if (length(preds)) paste("0 +", r) else "0"
  r
}
wt <- function(w) if (is.null(w)) "" else paste0(", weights = ", w)
fml <- function(resp, preds, intercept) paste(resp, "~", rhs(preds, intercept))
mspec <- function(resp, preds, intercept, ...) {
  s <- list(response = resp, predictors = arr(preds), intercept = intercept)
  c(s, list(...))
}

## ---- data ----
set.seed(2024)
n <- 400
as <- data.frame(
  d1 = rbinom(n, 12, 0.4), d2 = rbinom(n, 10, 0.35), d3 = rbinom(n, 6, 0.5), d4 = rbinom(n, 8, 0.3),
  age = round(pmin(98, pmax(18, rnorm(n, 62, 20)))),
  informal_hours = ifelse(runif(n) < 0.4, 0, round(rexp(n, 1 / 15), 1)),
  setting = sample(c("home_alone", "home_family", "supported_living", "residential"), n, TRUE, prob = c(.35, .35, .15, .15)),
  weeks = sample(1:52, n, TRUE), fold = sample(rep(1:5, length.out = n)), stringsAsFactors = FALSE)
mu <- 60 + 18 * as$d1 + 12 * as$d2 + 8 * as$d3 + 10 * as$d4 +
  c(home_alone = 0, home_family = -40, supported_living = 220, residential = 380)[as$setting] +
  1.5 * pmax(as$age - 65, 0) - 3 * as$informal_hours
as$cost <- round(pmax(mu, 25) * rgamma(n, 4, 4), 2)
as$cost[sample(n, 12)] <- 0
as$visits <- rpois(n, exp(0.2 + 0.08 * as$d1 + 0.005 * as$age))
as$grp3 <- sample(1:3, n, TRUE, prob = c(.5, .3, .2))
pos <- as[as$cost > 0, ]

mt <- datasets::mtcars
mt <- data.frame(model = rownames(mt), mpg = mt$mpg, cyl = mt$cyl, disp = mt$disp, hp = mt$hp, drat = mt$drat,
                 wt = mt$wt, qsec = mt$qsec, am = mt$am, gear = mt$gear, stringsAsFactors = FALSE)
sl <- datasets::stackloss
names(sl) <- c("air_flow", "water_temp", "acid_conc", "stack_loss")
data(engel, package = "quantreg")

## ---- ols, wls ----
make_case(root, "ols_log_sqrt_noint_assess", "OLS through the origin, log(cost) ~ 0 + sqrt(age) + d1 + d2 + informal_hours (cost > 0)",
          "ols", pos, mspec("log(cost)", c("sqrt(age)", "d1", "d2", "informal_hours"), FALSE),
          paste0("fit <- lm(", fml("log(cost)", c("sqrt(age)", "d1", "d2", "informal_hours"), FALSE), ", data = d)\nlm_results(fit)"), lm_tol)
m2 <- mt; m2$hp[c(3, 9)] <- NA; m2$mpg[20] <- NA
make_case(root, "ols_na_rows_mtcars", "OLS with NA in the response and a predictor (R drops the rows), mtcars: mpg ~ wt + hp",
          "ols", m2, mspec("mpg", c("wt", "hp"), TRUE),
          "fit <- lm(mpg ~ wt + hp, data = d)\nlm_results(fit)", lm_tol,
          list(na = "lm's na.omit drops rows 3, 9 and 20: nobs 29, and *_first10 are the first 10 rows kept"))
z <- as; z$wz <- z$weeks; z$wz[c(2, 5, 50, 51, 300)] <- 0
make_case(root, "wls_zero_weights_assess", "WLS with a weights column holding zeros: cost ~ d1 + d2 + age + setting (text factor)",
          "wls", z, mspec("cost", c("d1", "d2", "age", "setting"), TRUE, weights = "wz"),
          "fit <- lm(cost ~ d1 + d2 + age + setting, data = d, weights = wz)\nlm_results(fit)", lm_tol,
          list(zero_weights = "5 rows have weight 0: R keeps them in residuals and fitted values (nobs counts them) but not in df, sigma or logLik"))
make_case(root, "wls_inverse_col_log_noint", "WLS through the origin with weights 1/weeks: log(cost) ~ 0 + d1 + log(age) (cost > 0)",
          "wls", pos, mspec("log(cost)", c("d1", "log(age)"), FALSE, weights = "1/weeks"),
          "fit <- lm(log(cost) ~ 0 + d1 + log(age), data = d, weights = 1/weeks)\nlm_results(fit)", lm_tol)

m6 <- mt; m6$wt_lb <- 1000 * m6$wt
make_case(root, "ols_aliased_column_mtcars", "OLS with an aliased column (wt_lb = 1000 wt): R's coefficient NA, left out of summary's table",
          "ols", m6, mspec("mpg", c("wt", "hp", "wt_lb"), TRUE),
          "fit <- lm(mpg ~ wt + hp + wt_lb, data = d)\nlm_results(fit)", lm_tol,
          list(aliased = "coef(fit) has NA for wt_lb: summary's coefficient table has 3 rows, vcov a row and column of NA, aic_k = length(coef) + 1 = 5 while AIC counts rank + 1"))

## ---- ols_hc ----
hc_code <- function(resp, preds, intercept, types, w = NULL) paste0(
  "fit <- lm(", fml(resp, preds, intercept), ", data = d", wt(w), ")\n",
  "se <- function(type) unname(sqrt(diag(sandwich::vcovHC(fit, type = type))))\n",
  "out <- list(names = arr(names(coef(fit))), estimate = arr(unname(coef(fit))),\n",
  "            se_classical = arr(unname(sqrt(diag(vcov(fit))))))\n",
  "for (type in c(", paste0("\"", types, "\"", collapse = ", "), ")) out[[paste0(\"se_\", tolower(type))]] <- arr(se(type))\n",
  if ("HC3" %in% types) "out$vcov_hc3 <- mat_rows(sandwich::vcovHC(fit, type = \"HC3\"))\n" else "",
  "out$leverage_first10 <- first_n(hatvalues(fit))\n",
  "out")
make_case(root, "ols_hc_weights_noint_mtcars", "HC3 and HC1 standard errors of a WLS fit through the origin, weights 1/disp, mtcars",
          "ols_hc", mt, mspec("mpg", c("wt", "hp", "qsec"), FALSE, weights = "1/disp", cov_types = arr(c("HC3", "HC1"))),
          hc_code("mpg", c("wt", "hp", "qsec"), FALSE, c("HC3", "HC1"), "1/disp"), list(rtol = 1e-9, rules = list()),
          list(weights = "sandwich::vcovHC of a weighted lm: the residuals and model matrix scaled by sqrt(w); hatvalues are the weighted leverages"))
make_case(root, "ols_hc_factor_assess", "HC0-HC3 of cost ~ d1 + d2 + d3 + d4 + age + informal_hours + setting (text factor), n = 400",
          "ols_hc", as, mspec("cost", c("d1", "d2", "d3", "d4", "age", "informal_hours", "setting"), TRUE,
                              cov_types = arr(c("HC0", "HC1", "HC2", "HC3"))),
          hc_code("cost", c("d1", "d2", "d3", "d4", "age", "informal_hours", "setting"), TRUE, c("HC0", "HC1", "HC2", "HC3")),
          list(rtol = 1e-9, rules = list()))
make_case(unsupported, "ols_hc4_unsupported", "HC4 standard errors (sandwich type HC4), which calibrate does not implement",
          "ols_hc", mt, mspec("mpg", c("wt", "hp"), TRUE, cov_types = arr(c("HC0", "HC4"))),
          hc_code("mpg", c("wt", "hp"), TRUE, c("HC0", "HC4")), list(rtol = 1e-9, rules = list()),
          list(expect_failure = "HC4"))

## ---- ols_log_smearing, ols_sqrt ----
logols_code <- function(preds, intercept) paste0(
  "fit <- lm(", fml("log(cost)", preds, intercept), ", data = d)\n",
  "smear <- mean(exp(residuals(fit)))\n",
  "pred <- exp(fitted(fit)) * smear\n",
  "list(ols = lm_results(fit), smearing_factor = smear,\n",
  "     normal_theory_factor = exp(sigma(fit)^2 / 2),\n",
  "     mean_predicted_cost = mean(pred), mean_observed_cost = mean(d$cost),\n",
  "     predicted_cost_first10 = first_n(pred),\n",
  "     predicted_cost_normal_theory_first10 = first_n(exp(fitted(fit) + sigma(fit)^2 / 2)))")
make_case(root, "logols_noint_log_predictor", "Log OLS with Duan smearing through the origin: log(cost) ~ 0 + d1 + d2 + log(age) + setting",
          "ols_log_smearing", pos, mspec("log(cost)", c("d1", "d2", "log(age)", "setting"), FALSE),
          logols_code(c("d1", "d2", "log(age)", "setting"), FALSE), lm_tol)
p2 <- pos[1:150, ]; p2$age[c(2, 30, 31)] <- NA
make_case(root, "logols_na_predictor", "Log OLS with Duan smearing, NA in a predictor (rows dropped; mean_observed_cost over every row, as the shared code)",
          "ols_log_smearing", p2, mspec("log(cost)", c("d1", "d2", "age", "informal_hours"), TRUE),
          logols_code(c("d1", "d2", "age", "informal_hours"), TRUE), lm_tol,
          list(na = "lm drops the 3 rows with NA age; mean_observed_cost is mean(d$cost) over all 150 rows, as the shared case's code"))
sqrt_code <- function(preds, intercept) paste0(
  "fit <- lm(", fml("sqrt(cost)", preds, intercept), ", data = d)\n",
  "yhat <- fitted(fit); s2 <- sigma(fit)^2; s2_mle <- sum(residuals(fit)^2) / nobs(fit)\n",
  "list(ols = lm_results(fit), sigma2 = s2, sigma2_mle = s2_mle,\n",
  "     yhat_sqrt_first10 = first_n(yhat),\n",
  "     pred_naive_first10 = first_n(yhat^2),\n",
  "     pred_corrected_first10 = first_n(yhat^2 + s2),\n",
  "     pred_corrected_mle_first10 = first_n(yhat^2 + s2_mle),\n",
  "     mean_pred_naive = mean(yhat^2), mean_pred_corrected = mean(yhat^2 + s2),\n",
  "     mean_observed_cost = mean(d$cost))")
make_case(root, "sqrtols_noint_small", "sqrt OLS (iBudget style) through the origin, all rows incl. zero costs: sqrt(cost) ~ 0 + d1 + d2 + age",
          "ols_sqrt", as, mspec("sqrt(cost)", c("d1", "d2", "age"), FALSE), sqrt_code(c("d1", "d2", "age"), FALSE), lm_tol)

## ---- cv_ols ----
cv_code <- function(resp, preds, intercept, fold, k) paste0(
  "form <- ", fml(resp, preds, intercept), "\n",
  "y <- model.response(model.frame(form, d))\n",
  "oof <- numeric(nrow(d)); per <- list()\n",
  "for (k in 1:", k, ") {\n",
  "  tr <- d$", fold, " != k; te <- d$", fold, " == k\n",
  "  fit <- lm(form, data = d[tr, ])\n",
  "  oof[te] <- predict(fit, newdata = d[te, ])\n",
  "  e <- y[te] - oof[te]\n",
  "  per[[k]] <- c(n = sum(te), rmse = sqrt(mean(e^2)), mae = mean(abs(e)))\n",
  "}\n",
  "per <- do.call(rbind, per); e <- y - oof\n",
  "full <- lm(form, data = d)\n",
  "list(fold_n = arr(as.integer(per[, \"n\"])), fold_rmse = arr(per[, \"rmse\"]), fold_mae = arr(per[, \"mae\"]),\n",
  "     pooled_rmse = sqrt(mean(e^2)), pooled_mae = mean(abs(e)),\n",
  "     mean_fold_rmse = mean(per[, \"rmse\"]), mean_fold_mae = mean(per[, \"mae\"]),\n",
  "     in_sample_rmse = sqrt(mean(residuals(full)^2)), in_sample_mae = mean(abs(residuals(full))),\n",
  "     oof_pred_first10 = first_n(oof), oof_pred = arr(unname(oof)))")
make_case(root, "cv5_ols_assess", "5-fold cross-validated OLS, fold column fold (k = 5), cost ~ d1 + d2 + d3 + d4 + age + setting",
          "cv_ols", as, mspec("cost", c("d1", "d2", "d3", "d4", "age", "setting"), TRUE, fold_column = "fold", k = 5),
          cv_code("cost", c("d1", "d2", "d3", "d4", "age", "setting"), TRUE, "fold", 5), list(rtol = 1e-9, rules = list()))
make_case(root, "cv3_ols_unbalanced_log_noint", "3 unbalanced folds (column grp3), log(cost) ~ 0 + d1 + d2 + log(age), cost > 0",
          "cv_ols", pos, mspec("log(cost)", c("d1", "d2", "log(age)"), FALSE, fold_column = "grp3", k = 3),
          cv_code("log(cost)", c("d1", "d2", "log(age)"), FALSE, "grp3", 3), list(rtol = 1e-9, rules = list()),
          list(errors = "errors on the scale of the formula's response: log(cost) - prediction"))

## ---- glm ----
glm_code <- function(formula, family, w = NULL, tail = "") paste0(
  "F <- ", formula, "\n",
  "fit <- glm(F, data = d, family = ", family, wt(w), ")\n",
  "cf <- coef(glm(F, data = d, family = ", family, wt(w), ", control = glm.control(epsilon = 1e-14, maxit = 200)))\n",
  "for (i in 1:100) {\n",
  "  fit_tight <- suppressWarnings(glm(F, data = d, family = ", family, wt(w), ", start = cf, control = glm.control(maxit = 1)))\n",
  "  step <- max(abs(coef(fit_tight) - cf)) / max(abs(cf)); cf <- coef(fit_tight)\n",
  "  if (step < 1e-15) break\n",
  "}\n",
  "tight <- glm_results(fit_tight); tight$iterations <- NULL; tight$control <- NULL\n",
  tail)
gamma_tail <- paste0(
  "tight$polish_steps <- i; tight$last_step_rel_change <- step\n",
  "sh <- MASS::gamma.shape(fit_tight)\n",
  "a_mle <- uniroot(function(a) log(a) - digamma(a) - fit_tight$deviance / (2 * length(fit_tight$y)),\n",
  "                 c(1e-3, 1e6), tol = 1e-15)$root\n",
  "list(default = glm_results(fit), tight = tight,\n",
  "     max_rel_coef_diff_default_vs_tight = max(abs(coef(fit) - coef(fit_tight)) / abs(coef(fit_tight))),\n",
  "     shape_mle = a_mle, dispersion_mle = 1 / a_mle,\n",
  "     gamma_shape_mass_alpha = sh$alpha, gamma_shape_mass_se = sh$SE)")
binom_tail <- paste0(
  "out <- list(default = glm_results(fit), tight = tight)\n",
  "p <- fitted(fit_tight); y <- fit_tight$y\n",
  "r <- rank(p); n1 <- sum(y == 1); n0 <- sum(y == 0)\n",
  "out$auc <- (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)\n",
  "out$brier <- mean((p - y)^2)\n",
  "out$calibration_in_the_large <- mean(y) - mean(p)\n",
  "out")
pois_tail <- "list(default = glm_results(fit), tight = tight)"
make_case(root, "glm_gamma_log_weights_factor_assess", "Gamma GLM, log link, prior weights weeks, a text factor and log(age), cost > 0",
          "glm_gamma_log", pos, mspec("cost", c("d1", "d2", "log(age)", "setting"), TRUE, weights = "weeks", family = "Gamma", link = "log"),
          glm_code("cost ~ d1 + d2 + log(age) + setting", "Gamma(link = \"log\")", "weeks", gamma_tail), glm_tol,
          list(shape = "shape_mle solves log(a) - digamma(a) = D/(2n) with D the (weighted) deviance and n the rows, as the shared case's code; MASS::gamma.shape uses the prior weights"))
bw <- MASS::birthwt
bw <- data.frame(low = bw$low, age = bw$age, lwt = bw$lwt, smoke = bw$smoke, ht = bw$ht, ui = bw$ui, race = bw$race)
set.seed(7); bw$freq <- sample(1:3, nrow(bw), TRUE)
make_case(root, "glm_binomial_logit_weights_noint", "Binomial GLM, logit link, frequency weights, no intercept, birthwt: low ~ 0 + age + lwt + smoke + ht",
          "glm_binomial_logit", bw, mspec("low", c("age", "lwt", "smoke", "ht"), FALSE, weights = "freq", family = "binomial", link = "logit"),
          glm_code("low ~ 0 + age + lwt + smoke + ht", "binomial(link = \"logit\")", "freq", binom_tail),
          c(glm_tol[1], list(rules = c(list(list(match = "calibration_in_the_large", rtol = 1e-8, atol = 1e-12,
                                                 note = "0 at the fixed point only with an intercept; absolute 1e-12 for rounding")),
                                      glm_tol$rules))),
          list(auc = "auc, brier and calibration_in_the_large ignore the weights (the shared code on fit_tight$y and fitted)"))
## Proportions with the numbers of trials as weights: R's AUC formula gives
## NA (no outcome is exactly 0 or 1).
set.seed(5)
tr <- data.frame(dose = c(1, 2, 3, 4, 5, 6, 7, 8), n = c(10, 12, 9, 15, 11, 10, 14, 8))
tr$dead <- rbinom(8, tr$n, plogis(-3 + 0.7 * tr$dose)); tr$prop <- tr$dead / tr$n
make_case(root, "glm_binomial_logit_proportions_trials", "Binomial GLM, logit link, proportions with the trials as weights (AUC undefined: NA)",
          "glm_binomial_logit", tr, mspec("prop", "dose", TRUE, weights = "n", family = "binomial", link = "logit"),
          glm_code("prop ~ dose", "binomial(link = \"logit\")", "n", binom_tail), glm_tol,
          list(auc = "the shared code's AUC counts outcomes equal to 1 and 0: none here, so NA"))
## One extreme row: R warns that fitted probabilities are numerically 0
## or 1 but converges (6 iterations); the warning is not a failure.
set.seed(8)
sep <- data.frame(x = round(runif(60, 0, 10), 2), z = round(rnorm(60), 2))
sep$y <- rbinom(60, 1, plogis(-3 + 0.6 * sep$x))
sep <- rbind(sep, data.frame(x = 60, z = 0.1, y = 1))
make_case(root, "glm_binomial_logit_fitted_prob_one", "Binomial GLM, logit link, one extreme row: R warns fitted probabilities 0 or 1, and converges",
          "glm_binomial_logit", sep, mspec("y", c("x", "z"), TRUE, family = "binomial", link = "logit"),
          glm_code("y ~ x + z", "binomial(link = \"logit\")", NULL, binom_tail), glm_tol)
## Complete separation: no MLE. R's default fit stops unconverged after 25
## iterations with two warnings; that fit is R's result and is compared (the
## IRLS path from R's start mu = (y + 1/2)/2); the 'tight' fit has no fixed
## point to converge to and is not compared.
cs <- data.frame(x = c(1:10, 3.5, 7.5), y = c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1))
make_case(root, "glm_binomial_logit_separation_unconverged", "Binomial GLM, logit link, complete separation: R's default fit does not converge (25 iterations, warnings)",
          "glm_binomial_logit", cs, mspec("y", "x", TRUE, family = "binomial", link = "logit"),
          glm_code("y ~ x", "binomial(link = \"logit\")", NULL, binom_tail),
          list(rtol = 1e-8, rules = c(list(list(match = "tight.*", skip = "no MLE under complete separation: IRLS has no fixed point"),
                                           list(match = "auc", exact = TRUE),
                                           list(match = "brier", skip = "from the tight fit, which has no fixed point"),
                                           list(match = "calibration_in_the_large", skip = "from the tight fit, which has no fixed point")),
                                      glm_tol$rules)),
          list(converged = "R warns 'glm.fit: algorithm did not converge' and 'fitted probabilities numerically 0 or 1 occurred'; its 25th iterate is the result, converged false"))
po <- data.frame(counts = c(18, 17, 15, 20, 10, 20, 25, 13, 12, 0, 3, 1), size = c(3, 1, 2, 4, 2, 5, 6, 1, 2, 1, 1, 2),
                 treatment = rep(c("a", "b", "c"), 4), stringsAsFactors = FALSE)
make_case(root, "glm_poisson_log_noint_text_factor", "Poisson GLM, log link, no intercept: counts ~ 0 + treatment + log(size), zero counts",
          "glm_poisson_log", po, mspec("counts", c("treatment", "log(size)"), FALSE, family = "poisson", link = "log"),
          glm_code("counts ~ 0 + treatment + log(size)", "poisson(link = \"log\")", NULL, pois_tail), glm_tol,
          list(factor = "without an intercept the text factor treatment takes one indicator per level"))
make_case(root, "glm_poisson_log_inverse_weights_assess", "Poisson GLM, log link, weights 1/weeks, n = 400: visits ~ d1 + age + informal_hours",
          "glm_poisson_log", as, mspec("visits", c("d1", "age", "informal_hours"), TRUE, weights = "1/weeks", family = "poisson", link = "log"),
          glm_code("visits ~ d1 + age + informal_hours", "poisson(link = \"log\")", "1/weeks", pois_tail), glm_tol,
          list(weights = "non-integer prior weights: R's Poisson AIC/logLik use them as given"))

pz <- as[1:120, ]; pz$wz <- pz$weeks; pz$wz[c(1, 7, 8, 60)] <- 0
make_case(root, "glm_poisson_log_zero_weights", "Poisson GLM, log link, a weights column with zeros: visits ~ d1 + age",
          "glm_poisson_log", pz, mspec("visits", c("d1", "age"), TRUE, weights = "wz", family = "poisson", link = "log"),
          glm_code("visits ~ d1 + age", "poisson(link = \"log\")", "wz", pois_tail), glm_tol,
          list(zero_weights = "4 rows have weight 0: R keeps them in y and the fitted values (nobs counts them) but not in the residual df, deviance or AIC"))

## ---- rlm ----
rlm_code <- function(formula, args, w = NULL, k = 1.345) paste0(
  "fit <- MASS::rlm(", formula, ", data = d", wt(w), args, ")\n",
  "fit_tight <- MASS::rlm(", formula, ", data = d", wt(w), if (k != 1.345) paste0(", k = ", k) else "", ", maxit = 1000, acc = 1e-13)\n",
  "list(default = rlm_results(fit), tight = rlm_results(fit_tight), k = ", k, ",\n",
  "     max_rel_coef_diff_default_vs_tight = max(abs(coef(fit) - coef(fit_tight)) / abs(coef(fit_tight))))")
rlm_spec <- function(resp, preds, intercept, ..., psi = "huber", k = 1.345, scale_est = "MAD", init = "ls", maxit = 20, acc = 1e-4)
  c(mspec(resp, preds, intercept, ...), list(psi = psi, k = k, scale_est = scale_est, init = init, maxit = maxit, acc = acc))
make_case(root, "rlm_huber_k15_noint_stackloss", "Huber M-estimation, k = 1.5, maxit 50, acc 1e-6, no intercept, stackloss",
          "rlm_huber", sl, rlm_spec("stack_loss", c("air_flow", "water_temp", "acid_conc"), FALSE, k = 1.5, maxit = 50, acc = 1e-6),
          rlm_code("stack_loss ~ 0 + air_flow + water_temp + acid_conc", ", k = 1.5, maxit = 50, acc = 1e-6", NULL, 1.5), rlm_tol)
set.seed(9); m3 <- mt; m3$w <- sample(1:4, nrow(m3), TRUE)
make_case(root, "rlm_huber_weights_column_mtcars", "Huber M-estimation with a weights column (inv.var), log(mpg) ~ wt + sqrt(hp), mtcars",
          "rlm_huber", m3, rlm_spec("log(mpg)", c("wt", "sqrt(hp)"), TRUE, weights = "w"),
          rlm_code("log(mpg) ~ wt + sqrt(hp)", "", "w"), rlm_tol)
make_case(root, "rlm_huber_large_outliers_assess", "Huber M-estimation, n = 400 with zero costs, k = 2, maxit 40: cost ~ d1 + d2 + age + setting",
          "rlm_huber", as, rlm_spec("cost", c("d1", "d2", "age", "setting"), TRUE, k = 2, maxit = 40),
          rlm_code("cost ~ d1 + d2 + age + setting", ", k = 2, maxit = 40", NULL, 2), rlm_tol)
for (u in list(list("rlm_bisquare_unsupported", "psi.bisquare (MASS), which calibrate does not implement", ", psi = psi.bisquare", list(psi = "bisquare"), "psi"),
               list("rlm_scale_huber_unsupported", "scale.est = \"Huber\" (MASS), which calibrate does not implement", ", scale.est = \"Huber\"", list(scale_est = "Huber"), "scale_est"),
               list("rlm_init_lts_unsupported", "init = \"lts\" (MASS), which calibrate does not implement", ", init = \"lts\"", list(init = "lts"), "init"))) {
  set.seed(10)
  sp <- rlm_spec("stack_loss", c("air_flow", "water_temp", "acid_conc"), TRUE)
  sp[names(u[[4]])] <- u[[4]]
  make_case(unsupported, u[[1]], u[[2]], "rlm_huber", sl, sp,
            paste0("set.seed(10)\nfit <- MASS::rlm(stack_loss ~ air_flow + water_temp + acid_conc, data = d", u[[3]], ")\n",
                   "list(default = rlm_results(fit))"), rlm_tol, list(expect_failure = u[[5]]))
}

## ---- rq ----
rq_code <- function(formula, taus, w = NULL) paste0(
  paste0(sprintf("f%d <- quantreg::rq(%s, tau = %s, data = d%s, method = \"br\")", seq_along(taus), formula,
                 as.character(taus), wt(w)), collapse = "\n"), "\n",
  "list(", paste(sprintf("`tau_%s` = rq_results(f%d)", as.character(taus), seq_along(taus)), collapse = ", "), ")")
make_case(root, "rq_noint_three_taus_engel", "Quantile regression through the origin, taus 0.1, 0.33, 0.75, engel: foodexp ~ 0 + income",
          "rq", engel, mspec("foodexp", "income", FALSE, taus = arr(c(0.1, 0.33, 0.75)), method = "br"),
          rq_code("foodexp ~ 0 + income", c(0.1, 0.33, 0.75)), rq_tol)
set.seed(11); m4 <- mt; m4$w <- round(runif(nrow(m4), 0.5, 3), 2)
make_case(root, "rq_weights_column_mtcars", "Weighted quantile regression (weights column), mtcars: mpg ~ wt + log(hp), taus 0.25 and 0.6",
          "rq", m4, mspec("mpg", c("wt", "log(hp)"), TRUE, taus = arr(c(0.25, 0.6)), weights = "w", method = "br"),
          rq_code("mpg ~ wt + log(hp)", c(0.25, 0.6), "w"), rq_tol)
nu <- data.frame(a = rep(1:4, each = 5), b = rep(c(0, 1), 10))
nu$y <- c(3, 4, 4, 5, 6, 5, 6, 6, 7, 8, 7, 8, 9, 9, 10, 9, 10, 11, 12, 12)
make_case(root, "rq_nonunique_noint_integers", "Median regression through the origin on integer data where R warns the solution may be non-unique",
          "rq", nu, mspec("y", c("a", "b"), FALSE, taus = arr(c(0.5, 0.8)), method = "br"),
          rq_code("y ~ 0 + a + b", c(0.5, 0.8)), rq_tol,
          list(coefficients = "where R warns 'Solution may be nonunique' another optimal vertex is as correct: R's vertex is checked by its objective"))

## ---- nnls ----
set.seed(12)
nn <- data.frame(c1 = round(runif(15), 4), c2 = round(runif(15), 4), c3 = round(runif(15), 4), c4 = round(runif(15), 4))
nn$d <- round(1 + 2 * nn$c1 - 1.5 * nn$c2 + 0.5 * nn$c3 + rnorm(15, 0, 0.1), 4)
nnls_code <- function(cols, intercept) paste0(
  "A <- ", if (intercept) "cbind(`(Intercept)` = 1, " else "(", "as.matrix(d[, c(", paste0("\"", cols, "\"", collapse = ", "), ")]))\n",
  "fit <- nnls::nnls(A, d$d)\n",
  "list(names = arr(colnames(A)), x = arr(fit$x), rss = fit$deviance, passive_set_1based = arr(sort(fit$passive)),\n",
  "     unconstrained_ols = arr(unname(qr.solve(A, d$d))))")
nn_tol <- list(rtol = 1e-9, rules = list(list(match = "x", rtol = 1e-8, exact_zero = TRUE),
                                         list(match = "passive_set_1based", exact = TRUE)))
make_case(root, "nnls_intercept_active_set", "NNLS with an intercept and four columns, one coefficient held at 0",
          "nnls", nn, list(response = "d", design_columns = arr(c("c1", "c2", "c3", "c4")), intercept = TRUE),
          nnls_code(c("c1", "c2", "c3", "c4"), TRUE), nn_tol)
nz <- nn; nz$d <- round(-1 - nn$c1 - nn$c2 + rnorm(15, 0, 0.05), 4)
make_case(root, "nnls_all_zero", "NNLS where every coefficient is held at 0 (empty passive set)",
          "nnls", nz, list(response = "d", design_columns = arr(c("c1", "c2", "c3")), intercept = FALSE),
          nnls_code(c("c1", "c2", "c3"), FALSE), nn_tol)

## ---- isoreg ----
iso_code <- function(x, y, decreasing) paste0(
  "x <- d$", x, "; y <- d$", y, "\n",
  "fit <- stats::isoreg(x, ", if (decreasing) "-y" else "y", ")\n",
  "yf <- ", if (decreasing) "-fit$yf" else "fit$yf", "\n",
  "xs <- if (fit$isOrd) x else x[fit$ord]\n",
  "ux <- sort(unique(x))\n",
  "yf_at <- tapply(yf, xs, function(v) v[1])\n",
  "spread <- tapply(yf, xs, function(v) max(v) - min(v))\n",
  "stopifnot(max(spread) <= 1e-9 * max(abs(yf)))\n",
  "list(x = arr(ux), fitted = arr(unname(as.numeric(yf_at[as.character(ux)]))),\n",
  "     n_at_x = arr(as.integer(table(x)[as.character(ux)])),\n",
  "     mean_y_at_x = arr(unname(as.numeric(tapply(y, x, mean)[as.character(ux)]))),\n",
  "     sse = sum((y[if (fit$isOrd) seq_along(y) else fit$ord] - yf)^2), n_blocks = length(unique(yf)))")
set.seed(13)
iso <- data.frame(hours = sample(c(0, 2, 4, 5, 8, 10, 12, 20), 40, TRUE))
iso$independence <- round(90 - 2.5 * iso$hours + rnorm(40, 0, 8))
make_case(root, "isoreg_decreasing_ties_unsorted", "Isotonic regression, non-increasing, unsorted x with ties",
          "isoreg", iso, list(x = "hours", y = "independence", direction = "non-increasing"), iso_code("hours", "independence", TRUE),
          list(rtol = 1e-9, rules = list()),
          list(direction = "R's isoreg fits non-decreasing only: the non-increasing fit is -isoreg(x, -y)"))
iso2 <- data.frame(x = round(runif(60, 0, 10), 1)); iso2$y <- round(log1p(iso2$x) * 10 + rnorm(60, 0, 3), 2)
make_case(root, "isoreg_increasing_unsorted", "Isotonic regression, non-decreasing, 60 unsorted values with tied x",
          "isoreg", iso2, list(x = "x", y = "y", direction = "non-decreasing"), iso_code("x", "y", FALSE), list(rtol = 1e-9, rules = list()))

## ---- model_matrix, lm_formula ----
set.seed(14)
n <- 40
fd <- data.frame(y = round(rnorm(n, 50, 10), 2), a = sample(c("p", "q", "r"), n, TRUE), b = sample(c("u", "v"), n, TRUE),
                 x = round(runif(n, -2, 3), 3), pos = round(rexp(n) + 0.1, 3), k = sample(c(2, 10, 100000), n, TRUE),
                 w = round(runif(n, 0.5, 2), 2), stringsAsFactors = FALSE)
fd$x[c(4, 17)] <- NA; fd$a[9] <- NA
mm_code <- function(f) paste0(
  "mm <- model.matrix(", f, ", data = d)\n",
  "list(n_rows = nrow(mm), colnames = arr(colnames(mm)), assign = arr(attr(mm, \"assign\")),\n",
  "     col_sums = arr(unname(colSums(mm))), first5_rows = mat_rows(head(mm, 5)))")
mm_tol <- list(rtol = 1e-12, rules = list(list(match = "n_rows", exact = TRUE), list(match = "assign", exact = TRUE)))
make_case(root, "model_matrix_three_way_text_na", "Model matrix ~ a * b * x with text factors, NA rows dropped",
          "model_matrix", fd, list(formula = "~ a * b * x"), mm_code("~ a * b * x"), mm_tol)
make_case(root, "model_matrix_noint_numeric_factor", "Model matrix ~ factor(k) + I(x^2) + sqrt(pos) + b:x - 1 (numeric levels 2, 10, 1e+05)",
          "model_matrix", fd, list(formula = "~ factor(k) + I(x^2) + sqrt(pos) + b:x - 1"), mm_code("~ factor(k) + I(x^2) + sqrt(pos) + b:x - 1"), mm_tol)
make_case(root, "lm_formula_text_interaction_noint", "OLS from a formula without intercept: y ~ a:x + b - 1 (NA rows dropped)",
          "lm_formula", fd, list(formula = "y ~ a:x + b - 1"), "fit <- lm(y ~ a:x + b - 1, data = d)\nlm_results(fit)", lm_tol)
make_case(root, "lm_formula_sqrt_weights", "WLS from a formula: sqrt(y) ~ log(pos) * a + factor(k), weights w",
          "lm_formula", fd, list(formula = "sqrt(y) ~ log(pos) * a + factor(k)", weights = "w"),
          "fit <- lm(sqrt(y) ~ log(pos) * a + factor(k), data = d, weights = w)\nlm_results(fit)", lm_tol)

## ---- inference: option lists the other cases do not vary ----
infer_tol <- function(exact) list(rtol = 1e-9, rules = c(list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12)),
                                                         lapply(exact, function(m) list(match = m, exact = TRUE))))
rqs_code <- function(formula, taus, types, hs, w = NULL) paste0(
  "F <- ", formula, "\n",
  "one_tau <- function(tau) {\n",
  "  fit <- quantreg::rq(F, tau = tau, data = d, method = \"br\"", wt(w), ")\n",
  "  h <- quantreg::bandwidth.rq(tau, nrow(d), hs = ", hs, ")\n",
  "  while ((tau - h < 0) || (tau + h > 1)) h <- h / 2\n",
  "  out <- list(tau = tau, names = arr(names(coef(fit))), coefficients = arr(unname(coef(fit))), bandwidth = h)\n",
  "  for (se in c(", paste0("\"", types, "\"", collapse = ", "), ")) {\n",
  "    s <- summary(fit, se = se, hs = ", hs, ", covariance = TRUE)\n",
  "    out[[se]] <- list(std_error = arr(unname(s$coefficients[, 2])), t_value = arr(unname(s$coefficients[, 3])),\n",
  "                      p_value = arr(unname(s$coefficients[, 4])), density = unname(s$scale))\n",
  "  }\n",
  "  out\n",
  "}\n",
  "res <- list(n = nrow(d))\n",
  "for (tau in c(", paste(as.character(taus), collapse = ", "), ")) res[[paste0(\"tau_\", tau)]] <- one_tau(tau)\n",
  "res")
make_case(root, "rq_summary_scalar_tau_ker_iid", "summary.rq ker and iid only, one tau given as a number (0.6), log(income), engel",
          "rq_summary", engel, list(response = "foodexp", predictors = arr("log(income)"), intercept = TRUE, taus = 0.6,
                                    se_types = arr(c("ker", "iid")), method = "br", hs = TRUE),
          rqs_code("foodexp ~ log(income)", 0.6, c("ker", "iid"), TRUE), list(rtol = 1e-8, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12))))
set.seed(15); en2 <- engel; en2$w <- round(runif(nrow(en2), 0.5, 2), 2)
make_case(root, "rq_summary_weights", "summary.rq iid, nid, ker of a weighted quantile regression (weights column), engel",
          "rq_summary", en2, list(response = "foodexp", predictors = arr("income"), intercept = TRUE, taus = arr(c(0.25, 0.5)),
                                  se_types = arr(c("iid", "nid", "ker")), method = "br", hs = TRUE, weights = "w"),
          rqs_code("foodexp ~ income", c(0.25, 0.5), c("iid", "nid", "ker"), TRUE, "w"),
          list(rtol = 1e-8, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12))),
          list(weights = "summary.rq multiplies x, y and the residuals by the weights, then proceeds as unweighted"))
make_case(root, "anova_lm_text_factor_noint", "anova of nested fits through the origin, the big one adding a text factor and log(age)",
          "anova_lm", as, list(response = "cost", intercept = FALSE, predictors_small = arr(c("d1", "d2")),
                               predictors_big = arr(c("d1", "d2", "setting", "log(age)"))),
          paste0("small <- lm(cost ~ 0 + d1 + d2, data = d)\nbig <- lm(cost ~ 0 + d1 + d2 + setting + log(age), data = d)\n",
                 "a <- anova(small, big)\n",
                 "list(res_df = arr(a[[\"Res.Df\"]]), rss = arr(a[[\"RSS\"]]), df = arr(a[[\"Df\"]]), sum_sq = arr(a[[\"Sum of Sq\"]]),\n",
                 "     f = arr(a[[\"F\"]]), p_value = arr(a[[\"Pr(>F)\"]]))"),
          infer_tol(c("res_df", "df")))
make_case(root, "anova_glm_poisson_chisq_only_weights", "analysis of deviance, poisson(log) with prior weights 1/weeks, test Chisq only",
          "anova_glm", as, list(response = "visits", intercept = TRUE, predictors_small = arr("d1"),
                                predictors_big = arr(c("d1", "age", "setting")), family = "poisson", link = "log",
                                tests = arr("Chisq"), weights = "1/weeks"),
          paste0("glm_tight <- function(F) {\n",
                 "  cf <- coef(glm(F, data = d, family = poisson(link = \"log\"), weights = 1/weeks, control = glm.control(epsilon = 1e-14, maxit = 200)))\n",
                 "  for (i in 1:100) {\n",
                 "    fit <- suppressWarnings(glm(F, data = d, family = poisson(link = \"log\"), weights = 1/weeks, start = cf, control = glm.control(maxit = 1)))\n",
                 "    step <- max(abs(coef(fit) - cf)) / max(abs(cf)); cf <- coef(fit)\n",
                 "    if (step < 1e-15) break\n",
                 "  }\n",
                 "  fit\n",
                 "}\n",
                 "small <- glm_tight(visits ~ d1)\nbig <- glm_tight(visits ~ d1 + age + setting)\n",
                 "ac <- anova(small, big, test = \"Chisq\")\n",
                 "list(resid_df = arr(ac[[\"Resid. Df\"]]), resid_dev = arr(ac[[\"Resid. Dev\"]]), df = arr(ac[[\"Df\"]]),\n",
                 "     deviance = arr(ac[[\"Deviance\"]]), dispersion = summary(big)$dispersion,\n",
                 "     test_chisq = list(p_value = arr(ac[[\"Pr(>Chi)\"]])))"),
          list(rtol = 1e-8, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
                                         list(match = "resid_df", exact = TRUE), list(match = "df", exact = TRUE))))
make_case(root, "bptest_unstudentized_only_log", "Breusch-Pagan, studentize false only, log(cost) ~ d1 + d2 + log(age) + setting (cost > 0)",
          "bptest", pos, list(response = "log(cost)", predictors = arr(c("d1", "d2", "log(age)", "setting")), intercept = TRUE,
                              studentize = arr(FALSE)),
          paste0("fit <- lm(log(cost) ~ d1 + d2 + log(age) + setting, data = d)\n",
                 "bu <- lmtest::bptest(fit, studentize = FALSE)\n",
                 "list(unstudentized = list(statistic = unname(bu$statistic), df = unname(bu$parameter), p_value = bu$p.value))"),
          infer_tol("*.df"))
make_case(root, "vif_two_predictors_inverse_weights", "car::vif of two predictors of a WLS fit, weights 1/disp, mtcars",
          "vif", mt, list(response = "mpg", predictors = arr(c("wt", "log(hp)")), intercept = TRUE, weights = "1/disp"),
          paste0("fit <- lm(mpg ~ wt + log(hp), data = d, weights = 1/disp)\nv <- car::vif(fit)\n",
                 "list(names = arr(names(v)), vif = arr(unname(v)))"), list(rtol = 1e-9, rules = list()))
make_case(root, "influence_na_rows_weights", "influence measures of a WLS fit (weights column) with NA rows dropped, mtcars",
          "influence", transform(m2, w = m3$w), list(response = "mpg", predictors = arr(c("wt", "hp", "qsec")), intercept = TRUE, weights = "w"),
          paste0("fit <- lm(mpg ~ wt + hp + qsec, data = d, weights = w)\ncd <- cooks.distance(fit)\n",
                 "list(n = nobs(fit), coef_names = arr(names(coef(fit))),\n",
                 "     hat_first10 = first_n(hatvalues(fit)), cooks_first10 = first_n(cd), dffits_first10 = first_n(dffits(fit)),\n",
                 "     dfbetas_first10 = mat_rows(head(dfbetas(fit), 10)),\n",
                 "     rstandard_first10 = first_n(rstandard(fit)), rstudent_first10 = first_n(rstudent(fit)),\n",
                 "     covratio_first10 = first_n(covratio(fit)),\n",
                 "     max_cooks_index = unname(which.max(cd)), max_cooks_value = max(cd))"),
          infer_tol(c("n", "max_cooks_index")),
          list(na = "rows with NA dropped (na.omit); *_first10 and max_cooks_index refer to the rows kept"))
nd <- data.frame(wt = c(2.5, 3.2, 4.8), hp = c(100, 150, 300), setting = c("b", "a", "b"))
m5 <- mt; m5$setting <- ifelse(m5$am == 1, "b", "a")
make_case(root, "predict_interval_prediction_only_weights", "predict.lm prediction intervals only (level 0.99) of a WLS fit with a text factor, no intercept",
          "predict_interval", m5, list(response = "mpg", predictors = arr(c("wt", "hp", "setting")), intercept = FALSE,
                                       level = 0.99, intervals = arr("prediction"), weights = "1/disp", newdata = "newdata.csv"),
          paste0("fit <- lm(mpg ~ 0 + wt + hp + setting, data = d, weights = 1/disp)\n",
                 "pp <- predict(fit, newdata = nd, interval = \"prediction\", level = 0.99, se.fit = TRUE)\n",
                 "list(n_new = nrow(nd),\n",
                 "     prediction = list(fit = arr(unname(pp$fit[, \"fit\"])), lwr = arr(unname(pp$fit[, \"lwr\"])), upr = arr(unname(pp$fit[, \"upr\"]))),\n",
                 "     se_fit = arr(unname(pp$se.fit)), df = pp$df, residual_scale = pp$residual.scale)"),
          infer_tol(c("n_new", "df")),
          list(warning = "R warns that it assumes a constant prediction variance for a weighted fit without pred.var or weights"),
          newdata = nd)
