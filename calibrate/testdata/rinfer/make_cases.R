## make_cases.R -- R reference cases for calibrate's inference and
## diagnostics that the shared cases do not cover: no intercept, weights,
## text factors, log() predictors, other GLM families, the Bofinger
## bandwidth, bandwidth halving at an extreme tau, aliased columns, a row
## of leverage 1 (undefined influence measures), and R's warnings
## ("k non-positive fis", "No intercept", "Assuming constant prediction
## variance", F tests with a known dispersion).
##
## Run from this directory:  Rscript make_cases.R
## R 4.2.2 (Debian 12) with r-cran-quantreg 5.94, r-cran-lmtest 0.9.40,
## r-cran-car 3.1-1. Every data set is simulated with a fixed seed.
source("case_writer.R")
source("builders.R")
suppressPackageStartupMessages({ library(quantreg); library(lmtest); library(car) })
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
root <- "."

## ---- rq_summary ----

## n = 1200 (> 1000, where nid is R's default), heteroskedastic errors, a
## text factor with 3 levels and a log() predictor.
set.seed(101)
n <- 1200
d <- data.frame(x1 = round(runif(n, 0, 10), 3), x2 = round(rlnorm(n, 1, 0.6), 3),
                grp = sample(c("c_res", "a_home", "b_family"), n, replace = TRUE))
d$y <- round(20 + 3 * d$x1 + 8 * log(d$x2) + c(a_home = 0, b_family = 5, c_res = 15)[d$grp] +
             (1 + 0.4 * d$x1) * rnorm(n, 0, 4), 3)
p <- c("x1", "log(x2)", "grp")
make_case(root, "rq_summary_hetero_factor", "summary.rq iid/nid/ker, n = 1200, text factor and log predictor",
          "rq_summary", d, rq_spec("y", p, TRUE, c(0.1, 0.5, 0.75), TRUE), rq_code("y", p, TRUE, c(0.1, 0.5, 0.75), TRUE))

## No intercept, Bofinger bandwidth (hs = FALSE).
set.seed(202)
n <- 300
d <- data.frame(a = round(runif(n, 1, 5), 4), b = round(rgamma(n, 2, 1), 4))
d$y <- round(1.5 * d$a + 0.8 * d$b + (0.5 + 0.2 * d$a) * rt(n, 4), 4)
make_case(root, "rq_summary_noint_bofinger", "summary.rq without intercept, Bofinger bandwidth (hs = FALSE)",
          "rq_summary", d, rq_spec("y", c("a", "b"), FALSE, c(0.3, 0.5, 0.95), FALSE),
          rq_code("y", c("a", "b"), FALSE, c(0.3, 0.5, 0.95), FALSE))

## tau = 0.02 with n = 150: the Hall-Sheather bandwidth exceeds tau and is
## halved for nid and ker (iid uses the unhalved one).
set.seed(303)
n <- 150
d <- data.frame(x = round(runif(n, 0, 4), 4))
d$y <- round(10 + 2 * d$x + rexp(n) * (1 + d$x), 4)
make_case(root, "rq_summary_extreme_tau", "summary.rq at tau = 0.02 and 0.98 (bandwidth halved)",
          "rq_summary", d, rq_spec("y", "x", TRUE, c(0.02, 0.98), TRUE), rq_code("y", "x", TRUE, c(0.02, 0.98), TRUE))

## Small n, heavy tails: the fits at tau +/- h cross at some rows and R
## warns "k non-positive fis" for nid.
set.seed(10)
n <- 80
x1 <- round(runif(n, 0, 10), 2); x2 <- round(rexp(n), 3)
d <- data.frame(x1, x2, y = round(2 + 0.5 * x1 - x2 + (1 + 0.3 * x1) * rt(n, 3), 3))
make_case(root, "rq_summary_nonpositive_fis", "summary.rq nid where R warns non-positive fis (n = 80)",
          "rq_summary", d, rq_spec("y", c("x1", "x2"), TRUE, c(0.2, 0.8), TRUE), rq_code("y", c("x1", "x2"), TRUE, c(0.2, 0.8), TRUE),
          notes = list(warnings = "r_warnings lists R's 'k non-positive fis' verdicts; the implementation must report the same"))

## ---- anova_lm ----
set.seed(404)
n <- 400
d <- data.frame(pts = round(runif(n, 0, 60)), age = round(runif(n, 18, 95)),
                setting = sample(c("home", "family", "supported", "residential"), n, replace = TRUE),
                weeks = sample(1:52, n, replace = TRUE))
d$cost <- round(80 + 9 * d$pts + 0.8 * d$age + c(home = 0, family = -30, supported = 150, residential = 300)[d$setting] +
                rnorm(n, 0, 200 / sqrt(d$weeks)), 2)
make_case(root, "anova_lm_weighted_factor", "anova of nested WLS fits (weights = weeks), text factor in the big model",
          "anova_lm", d, list(response = "cost", intercept = TRUE, predictors_small = arr("pts"),
                             predictors_big = arr(c("pts", "age", "setting")), weights = "weeks"),
          anova_lm_code("cost", "pts", c("pts", "age", "setting"), TRUE, "weeks"))
make_case(root, "anova_lm_noint_log", "anova of nested fits without intercept, log() predictor, weights 1/col",
          "anova_lm", d, list(response = "cost", intercept = FALSE, predictors_small = arr(c("pts", "log(age)")),
                             predictors_big = arr(c("pts", "log(age)", "age", "weeks")), weights = "1/weeks"),
          anova_lm_code("cost", c("pts", "log(age)"), c("pts", "log(age)", "age", "weeks"), FALSE, "1/weeks"))

## ---- anova_glm ----
set.seed(505)
n <- 250
d <- data.frame(pts = round(runif(n, 0, 40)), carer = sample(c("no", "yes"), n, replace = TRUE),
                band = sample(c("18-64", "65-84", "85+"), n, replace = TRUE))
d$visits <- rpois(n, exp(0.5 + 0.04 * d$pts + 0.3 * (d$carer == "yes") + c("18-64" = 0, "65-84" = 0.2, "85+" = 0.5)[d$band]))
make_case(root, "anova_glm_poisson_factors", "analysis of deviance, poisson(log), text factors, tests Chisq and F (R warns)",
          "anova_glm", d, list(response = "visits", intercept = TRUE, predictors_small = arr("pts"),
                              predictors_big = arr(c("pts", "carer", "band")), family = "poisson", link = "log",
                              tests = arr(c("Chisq", "F"))),
          anova_glm_code("visits", "pts", c("pts", "carer", "band"), TRUE, "poisson(link = \"log\")", c("Chisq", "F")))
d$eligible <- as.integer(runif(n) < plogis(-2 + 0.08 * d$pts + 0.5 * (d$carer == "no")))
make_case(root, "anova_glm_binomial", "analysis of deviance, binomial(logit), test Chisq",
          "anova_glm", d, list(response = "eligible", intercept = TRUE, predictors_small = arr("carer"),
                              predictors_big = arr(c("carer", "pts")), family = "binomial", link = "logit",
                              tests = arr("Chisq")),
          anova_glm_code("eligible", "carer", c("carer", "pts"), TRUE, "binomial(link = \"logit\")", "Chisq"))
set.seed(606)
n <- 120
d <- data.frame(pts = round(runif(n, 1, 50)), hours = round(runif(n, 1, 30), 1), weeks = sample(1:52, n, replace = TRUE))
d$cost <- round(exp(3 + 0.03 * d$pts + 0.01 * d$hours) * rgamma(n, shape = 4, rate = 4), 2)
make_case(root, "anova_glm_gamma_weights_noint", "analysis of deviance, Gamma(log) with prior weights, no intercept, log() predictor",
          "anova_glm", d, list(response = "cost", intercept = FALSE, predictors_small = arr("log(pts)"),
                              predictors_big = arr(c("log(pts)", "hours", "pts")), family = "Gamma", link = "log",
                              tests = arr(c("Chisq", "F")), weights = "weeks"),
          anova_glm_code("cost", "log(pts)", c("log(pts)", "hours", "pts"), FALSE, "Gamma(link = \"log\")", c("Chisq", "F"), "weeks"))

## ---- bptest ----
set.seed(707)
n <- 2000
d <- data.frame(pts = round(runif(n, 0, 60)), age = round(runif(n, 18, 95)),
                setting = sample(c("home", "family", "residential"), n, replace = TRUE))
d$cost <- round(50 + 10 * d$pts + c(home = 0, family = -20, residential = 250)[d$setting] + rnorm(n, 0, 10 + 2 * d$pts), 2)
make_case(root, "bptest_factor_large", "Breusch-Pagan, studentized and not, n = 2000 with a text factor",
          "bptest", d, list(response = "cost", predictors = arr(c("pts", "age", "setting")), intercept = TRUE,
                           studentize = arr(c(TRUE, FALSE))), bp_code("cost", c("pts", "age", "setting"), TRUE))
set.seed(808)
n <- 90
d <- data.frame(x1 = round(runif(n, 1, 10), 3), x2 = round(runif(n, 0, 5), 3), w = round(runif(n, 0.5, 3), 3))
d$y <- round(2 * d$x1 - d$x2 + rnorm(n, 0, d$x1 / sqrt(d$w)), 3)
make_case(root, "bptest_weighted", "Breusch-Pagan on a WLS fit (lmtest takes the lm weights)",
          "bptest", d, list(response = "y", predictors = arr(c("x1", "x2")), intercept = TRUE, weights = "w",
                           studentize = arr(c(TRUE, FALSE))), bp_code("y", c("x1", "x2"), TRUE, "w"))
make_case(root, "bptest_noint", "Breusch-Pagan without intercept (lmtest: df = rank - 1, Z = X)",
          "bptest", d, list(response = "y", predictors = arr(c("x1", "x2", "log(w)")), intercept = FALSE,
                           studentize = arr(c(TRUE, FALSE))), bp_code("y", c("x1", "x2", "log(w)"), FALSE))

## ---- vif ----
set.seed(909)
n <- 300
d <- data.frame(pts = round(runif(n, 0, 60)), setting = sample(c("home", "family", "supported", "residential"), n, replace = TRUE))
d$age <- round(40 + 0.5 * d$pts + 15 * (d$setting == "residential") + rnorm(n, 0, 10))
d$hours <- round(pmax(0, 20 - 0.2 * d$pts + rnorm(n, 0, 5)), 1)
d$cost <- round(100 + 8 * d$pts + rnorm(n, 0, 50), 2)
make_case(root, "vif_gvif_factor", "car::vif with a 4-level text factor: GVIF, Df, GVIF^(1/(2 Df))",
          "vif", d, list(response = "cost", predictors = arr(c("pts", "setting", "age", "hours")), intercept = TRUE),
          vif_code("cost", c("pts", "setting", "age", "hours"), TRUE),
          notes = list(gvif = "car::vif returns a matrix when a term has several columns: leaves gvif, df, gvif_scaled"))
make_case(root, "vif_noint_weighted", "car::vif without intercept (R warns) on a weighted fit",
          "vif", d, list(response = "cost", predictors = arr(c("pts", "age")), intercept = FALSE,
                        weights = "age"),
          vif_code("cost", c("pts", "age"), FALSE, "age"))

## ---- influence ----
set.seed(1001)
n <- 60
d <- data.frame(x1 = round(rnorm(n, 5, 2), 3), x2 = round(runif(n, 0, 3), 3),
                grp = sample(c("a", "b", "c"), n, replace = TRUE), w = round(runif(n, 0.2, 2), 3))
d$grp[4] <- "z_single"   # a level with one row: leverage 1, undefined measures
d$y <- round(1 + 2 * d$x1 - d$x2 + rnorm(n, 0, 1 / sqrt(d$w)), 3)
d$y[7] <- d$y[7] + 6     # an outlier
make_case(root, "influence_weighted_leverage1", "influence measures of a WLS fit with a factor level of one row (h = 1: NaN)",
          "influence", d, list(response = "y", predictors = arr(c("x1", "x2", "grp")), intercept = TRUE, weights = "w"),
          infl_code("y", c("x1", "x2", "grp"), TRUE, "w"),
          notes = list(leverage1 = "row 4 is the only row of level z_single: h = 1, so R reports rstandard, rstudent, cooks, dffits and covratio as NA (null) and dfbetas as 0"))
set.seed(1002)
n <- 40
d <- data.frame(a = round(runif(n, 1, 9), 3), b = round(rexp(n, 0.5), 3))
d$y <- round(exp(0.3 * d$a + 0.5 * log(d$b + 1) + rnorm(n, 0, 0.3)), 3)
make_case(root, "influence_noint_log", "influence measures without intercept, log() response and predictor",
          "influence", d, list(response = "log(y)", predictors = arr(c("a", "log(b)")), intercept = FALSE),
          infl_code("log(y)", c("a", "log(b)"), FALSE))

## ---- predict_interval ----
set.seed(1101)
n <- 150
d <- data.frame(pts = round(runif(n, 0, 60)), setting = sample(c("home", "family", "residential"), n, replace = TRUE),
                weeks = sample(1:52, n, replace = TRUE))
d$cost <- round(60 + 9 * d$pts + c(home = 0, family = -25, residential = 280)[d$setting] + rnorm(n, 0, 120 / sqrt(d$weeks)), 2)
nd <- data.frame(pts = c(0, 10, 35, 60, 80), setting = c("home", "residential", "family", "family", "residential"))
make_case(root, "predict_interval_weighted_factor", "predict.lm intervals of a WLS fit with a text factor (R warns: constant prediction variance)",
          "predict_interval", d, pred_spec("cost", c("pts", "setting"), TRUE, 0.99, "weeks"),
          pred_code("cost", c("pts", "setting"), TRUE, 0.99, "weeks"), newdata = nd)
set.seed(1102)
n <- 45
d <- data.frame(u = round(runif(n, 1, 20), 3), v = round(runif(n, 0, 2), 3))
d$y <- round(5 * log(d$u) + 2 * d$v + rnorm(n, 0, 0.5), 3)
nd <- data.frame(u = c(1, 5, 40), v = c(0, 1.5, 3))
make_case(root, "predict_interval_noint_log", "predict.lm intervals without intercept, log() predictor, level 0.8",
          "predict_interval", d, pred_spec("y", c("log(u)", "v"), FALSE, 0.8),
          pred_code("y", c("log(u)", "v"), FALSE, 0.8), newdata = nd)
d$v2 <- 2 * d$v   # aliased with v
nd$v2 <- 2 * nd$v
make_case(root, "predict_interval_aliased", "predict.lm intervals from a rank-deficient fit (R warns)",
          "predict_interval", d, pred_spec("y", c("log(u)", "v", "v2"), TRUE, 0.95),
          pred_code("y", c("log(u)", "v", "v2"), TRUE, 0.95), newdata = nd)
