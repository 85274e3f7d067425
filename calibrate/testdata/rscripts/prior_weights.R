## prior_weights.R -- prior weights of rlm and rq, to check RLMOptions.Weights,
## QuantRegOptions.Weights and the inference, glance and augment of
## weighted fits (calibrate/prior_weights_test.go).
##
## Run from calibrate/testdata:  Rscript rscripts/prior_weights.R
## Writes prior_weights/data.csv (40 seeded synthetic rows: a response y
## with heavy-tailed errors, numeric x1 and x2, a text factor g, prior
## weights w with w = 0 in row 5 (1-based) and w_pos, the same weights with
## row 5's set to 1.5) and prior_weights/expected.json (R's numbers, full
## double precision, and every warning R gave).
##
## R 4.2.2, MASS 7.3-58.2, quantreg 5.94, broom 1.0.3 (Debian bookworm).
## rlm: MASS::rlm(weights = w), wt.method "inv.var" (the default), default
## and tight (maxit 1000, acc 1e-13) stopping; summary.rlm (method "XtX");
## broom's glance, and augment's .hat/.sigma for the all-positive weights
## (R's lm.influence stops on an rlm with a zero weight).
## rq: quantreg::rq(weights = w, method = "br") at tau 0.25, 0.5, 0.75;
## fit$rho (unweighted) and the weighted criterion sum(w * rho); summary.rq
## with se "iid", "nid", "ker" (hs = TRUE, covariance = TRUE); glance.
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("../../internal/reftest/testdata/rscripts/common.R")
suppressPackageStartupMessages({ library(MASS); library(quantreg); library(broom) })
dir.create("prior_weights", showWarnings = FALSE)

set.seed(20240611)
n <- 40
x1 <- round(runif(n, 0, 10), 3)
x2 <- round(rnorm(n), 3)
g <- sample(c("a", "b", "c"), n, replace = TRUE)
y <- round(2 + 0.5 * x1 - 1.2 * x2 + c(a = 0, b = 0.8, c = -0.5)[g] + rt(n, df = 3), 3)
y[c(7, 23)] <- y[c(7, 23)] + c(9, -7) # two outliers
w <- round(runif(n, 0.2, 3), 3)
w[5] <- 0
w_pos <- w
w_pos[5] <- 1.5
write_csv_exact(data.frame(y = y, x1 = x1, x2 = x2, g = g, w = w, w_pos = w_pos), "prior_weights/data.csv")
d <- read.csv("prior_weights/data.csv", stringsAsFactors = FALSE)

F <- y ~ x1 + x2 + g
warnings_of <- function(expr) {
  msgs <- character(0)
  val <- withCallingHandlers(expr, warning = function(w) {
    msgs <<- c(msgs, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = val, warnings = msgs)
}
num <- function(x) arr(unname(as.numeric(x)))
mat_rows <- function(m) lapply(seq_len(nrow(m)), function(i) num(m[i, ]))

rlm_out <- function(fit) {
  s <- summary(fit)
  gl <- glance(fit)
  list(
    names = arr(names(coef(fit))),
    coefficients = num(coef(fit)),
    std_error = num(s$coefficients[, 2]),
    t_value = num(s$coefficients[, 3]),
    scale = fit$s, sigma = s$sigma, stddev = s$stddev,
    df_residual = s$df[2],
    cov_unscaled = mat_rows(s$cov.unscaled),
    residuals = num(fit$residuals), fitted = num(fit$fitted.values),
    wresid = num(fit$wresid), huber_weights = num(fit$w),
    iterations = length(fit$conv), converged = fit$converged,
    glance = list(sigma = gl$sigma, logLik = as.numeric(gl$logLik), AIC = gl$AIC, BIC = gl$BIC,
                  deviance = gl$deviance, nobs = gl$nobs)
  )
}
r_def <- warnings_of(rlm(F, data = d, weights = w))
r_tight <- warnings_of(rlm(F, data = d, weights = w, maxit = 1000, acc = 1e-13))
r_pos <- warnings_of(rlm(F, data = d, weights = w_pos, maxit = 1000, acc = 1e-13))
## augment of the fit with a zero weight, where R's lm.influence stops
## ("non-NA residual length does not match cases used in fitting"): the
## formulas lm.influence uses for an lm with zero weights, on the rows of
## positive weight (hat of the last IRLS step's weighted QR, leave-one-out
## sigma of the residuals times sqrt(w)); zero-weight rows hat 0, sigma NA.
aug_zero <- function(fit) {
  keep <- w > 0
  X <- model.matrix(F, d)[keep, , drop = FALSE] * sqrt(w[keep] * fit$w[keep])
  h <- rep(0, n)
  h[keep] <- stats::hat(qr(X), intercept = FALSE)
  e <- fit$residuals[keep] * sqrt(w[keep])
  m <- sum(keep)
  sig <- rep(NA_real_, n)
  sig[keep] <- sqrt((sum(e^2) - e^2 / (1 - h[keep])) / (m - ncol(X) - 1))
  list(hat = num(h), sigma = num(sig))
}
pos <- rlm_out(r_pos$value)
aug <- augment(r_pos$value)
pos$augment <- list(hat = num(aug$.hat), sigma = num(aug$.sigma))

rq_out <- function(tau) {
  fw <- warnings_of(rq(F, tau = tau, data = d, weights = w, method = "br"))
  fit <- fw$value
  rho <- function(u) u * (tau - (u < 0))
  gl <- glance(fit)
  out <- list(tau = tau, names = arr(names(coef(fit))), coefficients = num(coef(fit)),
              rho = fit$rho, weighted_objective = sum(w * rho(fit$residuals)),
              residuals = num(fit$residuals), fitted = num(fit$fitted.values),
              glance = list(logLik = as.numeric(gl$logLik), AIC = gl$AIC, BIC = gl$BIC, df_residual = gl$df.residual),
              warnings = arr(fw$warnings))
  for (se in c("iid", "nid", "ker")) {
    sw <- warnings_of(summary(fit, se = se, hs = TRUE, covariance = TRUE))
    s <- sw$value
    out[[se]] <- list(std_error = num(s$coefficients[, 2]), t_value = num(s$coefficients[, 3]),
                      p_value = num(s$coefficients[, 4]), density = unname(s$scale),
                      cov = mat_rows(s$cov), rdf = s$rdf, warnings = arr(sw$warnings))
  }
  out
}

res <- list(
  r_version = R.version.string,
  packages = list(MASS = as.character(packageVersion("MASS")), quantreg = as.character(packageVersion("quantreg")),
                  broom = as.character(packageVersion("broom"))),
  formula = deparse(F), weights = "w",
  rlm = list(default = c(rlm_out(r_def$value), list(warnings = arr(r_def$warnings))),
             tight = c(rlm_out(r_tight$value), list(augment = aug_zero(r_tight$value), warnings = arr(r_tight$warnings))),
             positive = c(pos, list(warnings = arr(r_pos$warnings)))),
  rq = list()
)
for (tau in c(0.25, 0.5, 0.75)) res$rq[[paste0("tau_", tau)]] <- rq_out(tau)
write_json(res, "prior_weights/expected.json")
