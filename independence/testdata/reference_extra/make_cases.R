## make_cases.R -- R reference cases for independence's methods (spearman,
## mann_kendall) that vary what the shared cases hold fixed: ties, one-sided
## alternatives (spec.alternative), R's exact p-values (spec.exact true; as
## in the shared cases, a spec without exact means exact = FALSE), the warning R gives when ties prevent them, the
## continuity correction (spec.continuity), NA rows, a perfect correlation,
## decreasing trends, irregular and tied times.
##
## Run from this directory with R 4.2.2 (Debian 12): Rscript make_cases.R
## Helpers: internal/reftest/testdata/rscripts (common.R and ref_helpers.R
## are copies of the shared reference scripts; make_case.R writes a case).
h <- "../../../internal/reftest/testdata/rscripts"
source(file.path(h, "common.R")); source(file.path(h, "ref_helpers.R")); source(file.path(h, "make_case.R"))
root <- "."
tol <- list(rtol = 1e-10, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12)))

rlit <- function(v) if (is.logical(v)) as.character(v) else if (is.character(v)) paste0("\"", v, "\"") else format(v, digits = 17)
opts <- function(o) if (length(o) == 0) "" else paste0(", ", paste(names(o), vapply(o, rlit, ""), sep = " = ", collapse = ", "))

## ---- spearman ----
## As in the shared cases, a spec without exact means exact = FALSE.
sp_code <- function(x, y, o) paste0(
  "ct <- cor.test(d$", x, ", d$", y, ", method = \"spearman\"", opts(c(list(exact = if (is.null(o$exact)) FALSE else o$exact), o[setdiff(names(o), "exact")])), ")\n",
  "n <- sum(complete.cases(d$", x, ", d$", y, "))\n",
  "list(n = n, rho = unname(ct$estimate), S = unname(ct$statistic), p_value = ct$p.value,\n",
  "     t_statistic = unname(ct$estimate) / sqrt((1 - unname(ct$estimate)^2) / (n - 2)), alternative = ct$alternative)")
sp_case <- function(id, title, d, x, y, o, notes = NULL, tolerance = tol)
  make_case(root, id, title, "spearman", d, c(list(x = x, y = y), o), sp_code(x, y, o), tolerance, notes)

set.seed(61)
n <- 40
a <- sample(0:8, n, replace = TRUE)
d <- data.frame(score = a, hours = round(30 - 2 * a + rnorm(n, 0, 4)))
sp_case("spearman_ties_less", "Spearman, 40 pairs with many ties, alternative less, exact = FALSE", d, "score", "hours",
        list(exact = FALSE, alternative = "less"))

d <- data.frame(x = c(2.1, 3.4, 1.9, 5.6, 4.4, 6.1, 3.9), y = c(10.2, 11.5, 9.1, 12.7, 13.9, 15.2, 10.8))
sp_case("spearman_exact_n7", "Spearman, 7 pairs without ties, exact p-value (permutations)", d, "x", "y", list(exact = TRUE),
        list(p_value = "exact = TRUE: the exact permutation distribution of S (R's prho, n <= 9)"))

set.seed(63)
n <- 25
x <- sample(1:100, n); y <- round(0.3 * x + rnorm(n, 0, 20), 3)
d <- data.frame(x = x, y = y)
sp_case("spearman_exact_n25_greater", "Spearman, 25 pairs without ties, exact = TRUE (Edgeworth series), alternative greater",
        d, "x", "y", list(exact = TRUE, alternative = "greater"),
        list(exact = "exact = TRUE for n > 9: R's AS 89 Edgeworth series expansion of the distribution of S"))

set.seed(64)
d <- data.frame(x = sample(1:6, 15, replace = TRUE), y = sample(1:5, 15, replace = TRUE))
sp_case("spearman_exact_ties_warns", "Spearman with ties and exact = TRUE: R warns and uses the t approximation",
        d, "x", "y", list(exact = TRUE),
        list(warning = "R: 'Cannot compute exact p-value with ties'; the p-value is the t approximation"))

set.seed(65)
n <- 30
d <- data.frame(u = round(rnorm(n), 2), v = round(rnorm(n), 2))
d$v <- round(d$v + 0.5 * d$u, 2)
d$u[c(4, 19)] <- NA; d$v[c(7)] <- NA
sp_case("spearman_continuity_na", "Spearman with NA rows (dropped), exact = FALSE, continuity = TRUE, two-sided",
        d, "u", "v", list(exact = FALSE, continuity = TRUE))

d <- data.frame(x = 1:10, y = c(50, 45, 44, 40, 31, 30, 22, 15, 11, 2))
sp_case("spearman_perfect_negative", "Spearman rho = -1 (t = -Inf up to rounding), exact = FALSE", d, "x", "y", list(exact = FALSE),
        list(t_statistic = "rho is -1 up to rounding: R's cor gives -1 + 2.2e-16, so its t is about -1.3e8 where an exact -1 gives -Inf"),
        list(rtol = 1e-10, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
                                        list(match = "t_statistic", skip = "rounding noise: rho = -1 within 2.2e-16 makes t -Inf or about -1.3e8"))))

## ---- mann_kendall ----
mk_code <- function(tm, v, o) {
  o0 <- c(list(exact = FALSE), o[setdiff(names(o), "exact")]); if (!is.null(o$exact)) o0$exact <- o$exact
  paste0(
    "ct0 <- cor.test(d$", tm, ", d$", v, ", method = \"kendall\"", opts(o0), ")\n",
    "ct1 <- cor.test(d$", tm, ", d$", v, ", method = \"kendall\"", opts(o0), ", continuity = TRUE)\n",
    "y <- d$", v, "; n <- length(y)\n",
    "S <- sum(sapply(1:(n - 1), function(i) sum(sign(y[(i + 1):n] - y[i]))))\n",
    "tt <- table(y); varS <- (n * (n - 1) * (2 * n + 5) - sum(tt * (tt - 1) * (2 * tt + 5))) / 18\n",
    "list(n = n, tau_b = unname(ct0$estimate), S = S, var_S = varS,\n",
    "     z = unname(ct0$statistic), p_value = ct0$p.value,\n",
    "     z_continuity = unname(ct1$statistic), p_value_continuity = ct1$p.value,\n",
    "     sens_slope = median(unlist(lapply(1:(n - 1), function(i) (y[(i + 1):n] - y[i]) / ((i + 1):n - i)))))")
}
mk_case <- function(id, title, d, tm, v, o = list(), notes = NULL)
  make_case(root, id, title, "mann_kendall", d, c(list(time = tm, value = v), o), mk_code(tm, v, o), tol, notes)

set.seed(71)
n <- 48
d <- data.frame(month = 1:n, cost = round(400 - 1.5 * (1:n) + rnorm(n, 0, 25) / 5) * 5)
mk_case("mannkendall_ties_decreasing_less", "Mann-Kendall, 48 months, decreasing with many tied values, alternative less",
        d, "month", "cost", list(alternative = "less"))

set.seed(72)
tm <- sort(sample(1:80, 35))
d <- data.frame(t = tm, y = round(100 + 0.8 * tm + rnorm(35, 0, 10), 2))
mk_case("mannkendall_irregular_time", "Mann-Kendall on 35 irregularly spaced times (sorted): S and Sen's slope over the series order",
        d, "t", "y", list(),
        list(series = "as the shared case's R code: S, var_S and sens_slope are over the series in row order (slope per step); tau_b, z and p from cor.test against the time column"))

set.seed(73)
d <- data.frame(quarter = 1:12, value = round(50 + 2 * (1:12) + rnorm(12, 0, 6), 2))
mk_case("mannkendall_exact_n12", "Mann-Kendall, 12 quarters without ties, exact = TRUE (statistic T, exact p)",
        d, "quarter", "value", list(exact = TRUE),
        list(exact = "exact = TRUE without ties: cor.test's statistic is T (concordant pairs) and the p-value exact; continuity is not used then"))

set.seed(74)
tm <- c(1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 12, 13)
d <- data.frame(wave = tm, score = round(60 + 1.2 * tm + rnorm(16, 0, 4)))
mk_case("mannkendall_tied_times_greater", "Mann-Kendall with tied times and values (sorted rows), alternative greater",
        d, "wave", "score", list(alternative = "greater"),
        list(series = "S, var_S and sens_slope over the series in row order (the shared R code); z and p from cor.test, whose variance corrects for ties in time too"))
