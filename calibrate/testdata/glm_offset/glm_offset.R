# Expected values for calibrate's GLM offsets (TestGLMOffsetAgainstR).
# Run: Rscript glm_offset.R   (R 4.2.2 from Debian bookworm)
# Writes data.csv (the data, 17 significant digits) and expected.csv (one
# row per case and quantity).
set.seed(20261126)
n <- 60
x1 <- round(rnorm(n), 3)
x2 <- rbinom(n, 1, 0.4)
weeks <- sample(c(4, 8, 13, 26, 52), n, replace = TRUE)
w <- sample(1:3, n, replace = TRUE)
visits <- rpois(n, weeks * exp(-1 + 0.3 * x1 + 0.5 * x2))
cost <- rgamma(n, shape = 3, rate = 3 / (weeks * exp(4 + 0.2 * x1 - 0.3 * x2)))
score <- 2 * log(weeks) + 1.5 * x1 + rnorm(n)
eligible <- rbinom(n, 1, plogis(-0.5 + 0.8 * x1 + 0.2 * log(weeks)))
d <- data.frame(x1, x2, weeks, w, visits, cost, score, eligible)
write.csv(format(d, digits = 17), "data.csv", row.names = FALSE, quote = FALSE)
fits <- list(
  poisson = glm(visits ~ x1 + x2, family = poisson, offset = log(weeks), data = d),
  poisson_weighted = glm(visits ~ x1 + x2, family = poisson, offset = log(weeks), weights = w, data = d),
  gamma_log = glm(cost ~ x1 + x2, family = Gamma(link = "log"), offset = log(weeks), data = d),
  gaussian_no_intercept = glm(score ~ 0 + x1, family = gaussian, offset = 2 * log(weeks), data = d),
  binomial = glm(eligible ~ x1, family = binomial, offset = 0.2 * log(weeks), data = d)
)
rows <- list()
for (name in names(fits)) {
  f <- fits[[name]]
  s <- summary(f)
  cf <- s$coefficients
  for (j in seq_len(nrow(cf))) {
    rows[[length(rows) + 1]] <- data.frame(case = name, quantity = paste0("coef:", rownames(cf)[j]), value = cf[j, 1])
    rows[[length(rows) + 1]] <- data.frame(case = name, quantity = paste0("se:", rownames(cf)[j]), value = cf[j, 2])
  }
  for (q in c("deviance", "null.deviance", "aic")) {
    rows[[length(rows) + 1]] <- data.frame(case = name, quantity = q, value = f[[q]])
  }
  rows[[length(rows) + 1]] <- data.frame(case = name, quantity = "df.null", value = f$df.null)
  rows[[length(rows) + 1]] <- data.frame(case = name, quantity = "df.residual", value = f$df.residual)
  rows[[length(rows) + 1]] <- data.frame(case = name, quantity = "dispersion", value = s$dispersion)
  rows[[length(rows) + 1]] <- data.frame(case = name, quantity = "fitted:1", value = fitted(f)[1])
  # a prediction for new data with its own offset: x1 = 0.5, x2 = 1, 10 weeks
  nd <- data.frame(x1 = 0.5, x2 = 1, weeks = 10)
  off <- switch(name, gaussian_no_intercept = 2 * log(10), binomial = 0.2 * log(10), log(10))
  eta <- sum(coef(f) * c(if ("(Intercept)" %in% names(coef(f))) 1, 0.5, if ("x2" %in% names(coef(f))) 1)) + off
  rows[[length(rows) + 1]] <- data.frame(case = name, quantity = "predict:response", value = f$family$linkinv(eta))
}
out <- do.call(rbind, rows)
out$value <- sprintf("%.17g", out$value)
write.csv(out, "expected.csv", row.names = FALSE, quote = FALSE)
