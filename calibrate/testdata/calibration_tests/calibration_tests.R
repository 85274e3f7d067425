# Expected values for calibrate's tests of calibration (TestCalibrationTestsAgainstR):
# the Hosmer-Lemeshow statistic and Spiegelhalter's z.
# Run: Rscript calibration_tests.R   (R 4.2.2 from Debian bookworm; base R only)
# Writes cases.csv (outcome y and prediction p of every case, 17 significant
# digits) and expected.csv (one row per case and quantity).
#
# Hosmer-Lemeshow, the classic "deciles of risk" version written out here in
# plain R (no package): the n cases are ordered by p, ties kept in input order
# (R's order() is stable), and group g = 1..G takes the ordered positions
# floor((g-1)*n/G)+1 to floor(g*n/G), so every group has floor(n/G) or
# ceiling(n/G) cases and tied predictions may fall in two neighbouring groups.
#   C = sum_g (O_g - E_g)^2 / (E_g * (1 - E_g/n_g)),
# O_g the events and E_g the sum of p in group g; df = G - 2; p-value from the
# upper tail of chi-squared.
#
# Spiegelhalter (1986) z:
#   z = sum((y - p) * (1 - 2p)) / sqrt(sum((1 - 2p)^2 * p * (1 - p))),
# two-sided p-value 2 * pnorm(-|z|).
hl <- function(y, p, G) {
  n <- length(y)
  o <- order(p)
  ys <- y[o]; ps <- p[o]
  C <- 0
  for (g in 1:G) {
    lo <- floor((g - 1) * n / G) + 1
    hi <- floor(g * n / G)
    O <- sum(ys[lo:hi]); E <- sum(ps[lo:hi]); m <- hi - lo + 1
    C <- C + (O - E)^2 / (E * (1 - E / m))
  }
  c(statistic = C, df = G - 2, p.value = pchisq(C, G - 2, lower.tail = FALSE))
}
spiegelhalter <- function(y, p) {
  z <- sum((y - p) * (1 - 2 * p)) / sqrt(sum((1 - 2 * p)^2 * p * (1 - p)))
  c(z = z, p.value = 2 * pnorm(-abs(z)))
}

set.seed(20261204)
cases <- list()
# Well calibrated: outcomes drawn from the predictions themselves.
n <- 400
x <- rnorm(n)
p <- plogis(-0.3 + 1.1 * x)
cases$calibrated <- data.frame(y = rbinom(n, 1, p), p = p)
# Miscalibrated: predictions too extreme (slope 2 on the true logit) and
# shifted, as an overfitted model's.
n <- 600
x <- rnorm(n)
truth <- plogis(0.4 + 0.8 * x)
cases$overconfident <- data.frame(y = rbinom(n, 1, truth), p = plogis(-0.2 + 1.6 * x))
# Tied predictions (rounded to 0.05), which straddle group boundaries, and
# n not a multiple of the number of groups.
n <- 253
x <- runif(n)
p <- pmin(pmax(round(0.1 + 0.8 * x, 1) / 1, 0.05), 0.95)
cases$ties <- data.frame(y = rbinom(n, 1, plogis(qlogis(p) + 0.3)), p = p)
# A handful of cases, eight groups.
cases$small <- data.frame(y = c(0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1),
                          p = c(0.1, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9))

groups <- c(calibrated = 10, overconfident = 10, ties = 10, small = 8)
rows <- list(); data <- list()
for (name in names(cases)) {
  d <- cases[[name]]
  data[[name]] <- data.frame(case = name, y = d$y, p = d$p)
  h <- hl(d$y, d$p, groups[[name]])
  s <- spiegelhalter(d$y, d$p)
  rows[[name]] <- data.frame(case = name,
    quantity = c("groups", "hl_statistic", "hl_df", "hl_p", "z", "z_p"),
    value = c(groups[[name]], h[["statistic"]], h[["df"]], h[["p.value"]], s[["z"]], s[["p.value"]]))
}
write.csv(format(do.call(rbind, data), digits = 17), "cases.csv", row.names = FALSE, quote = FALSE)
write.csv(format(do.call(rbind, rows), digits = 17), "expected.csv", row.names = FALSE, quote = FALSE)
