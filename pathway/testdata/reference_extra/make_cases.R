## make_cases.R -- R reference cases for pathway's methods (kaplan_meier,
## logrank, quantile) that vary what the shared cases hold fixed: other
## confidence levels and conf.type lists, other quantile probabilities and
## rmean taus, curves that reach S = 0 (NA bounds, infinite log SE), an
## exact 0.5 plateau (the midpoint rule), text and numeric groups (numeric
## levels 1, 2, 10), a group of one row, an all-censored group, NA rows,
## status coded 1/2, times equal but for rounding (survival's timefix),
## three or more groups, a group with no expected events, a G-rho test with
## the rho of the spec, and quantile types 1-9 with odd probabilities.
##
## Run from this directory with R 4.2.2 and survival 3.5-3 (Debian 12):
##   Rscript make_cases.R
## The R helpers (common.R, ref_helpers.R: copies of the shared reference
## scripts; make_case.R: writes a case folder) are in
## internal/reftest/testdata/rscripts.
h <- "../../../internal/reftest/testdata/rscripts"
source(file.path(h, "common.R")); source(file.path(h, "ref_helpers.R")); source(file.path(h, "make_case.R"))
root <- "."

km_tol <- list(rtol = 1e-10, rules = list(
  list(match = "*.time", exact = TRUE), list(match = "*.n_risk", exact = TRUE),
  list(match = "*.n_event", exact = TRUE), list(match = "*.n_censor", exact = TRUE),
  list(match = "*.n", exact = TRUE), list(match = "*.events", exact = TRUE),
  list(match = "*.median", exact = TRUE), list(match = "*.quantile", exact = TRUE),
  list(match = "*.quantile_probs", exact = TRUE), list(match = "*.rmean_tau", exact = TRUE)))
lr_tol <- list(rtol = 1e-10, rules = list(
  list(match = "*p_value*", rtol = 1e-6, atol = 1e-12), list(match = "*.n", exact = TRUE),
  list(match = "*.observed", exact = TRUE), list(match = "*.df", exact = TRUE)))
q_tol <- list(rtol = 1e-10, rules = list())

ct_key <- c(log = "log", `log-log` = "loglog", plain = "plain")

## The r_code of a Kaplan-Meier case, as the shared km_* cases.
km_code <- function(time, event, group, types, level, tau, probs) {
  rhs <- if (is.null(group)) "1" else group
  fits <- vapply(types, function(ct) sprintf(
    "f_%s <- survfit(Surv(%s, %s) ~ %s, data = d, conf.type = \"%s\", conf.int = %s)",
    ct_key[[ct]], time, event, rhs, ct, format(level, digits = 17)), "")
  pr <- paste0("c(", paste(format(probs, digits = 17), collapse = ", "), ")")
  tabs <- vapply(types, function(ct) sprintf("table_%s = km_table(f_%s)", ct_key[[ct]], ct_key[[ct]]), "")
  sums <- vapply(types, function(ct) sprintf("summary_%s = km_summary(f_%s, rmean = %s, probs = %s)",
                                             ct_key[[ct]], ct_key[[ct]], format(tau, digits = 17), pr), "")
  paste0(paste(fits, collapse = "\n"), "\n",
         "list(conf_int = ", format(level, digits = 17), ", error = \"greenwood\",\n     ",
         paste(c(tabs, sums), collapse = ",\n     "), ")")
}
km_spec <- function(time, event, group, types, level, tau, probs)
  list(time = time, event = event, group = group, conf_level = level, conf_types = arr(types),
       rmean_tau = tau, quantile_probs = arr(probs))
km_case <- function(id, title, data, time, event, group, types, level, tau, probs, notes = NULL)
  make_case(root, id, title, "kaplan_meier", data, km_spec(time, event, group, types, level, tau, probs),
            km_code(time, event, group, types, level, tau, probs), km_tol, notes)

## ---- kaplan_meier ----

## Ties, censoring, and a last time that is an event: S reaches 0, so the
## bounds are NA (null) and the SE of -log S is Inf from there on.
d <- data.frame(
  days = c(2, 2, 3, 5, 5, 5, 7, 8, 8, 10, 12, 12, 15, 16, 18, 20, 20, 22, 25, 30),
  done = c(1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1))
km_case("km_ties_reaches_zero_conf90", "Kaplan-Meier, 20 waits with ties, S reaches 0 at the last time, 90% intervals",
        d, "days", "done", NULL, c("log", "log-log", "plain"), 0.9, 25,
        c(0.1, 0.5, 0.75, 0.95, 0.99))

## S = 0.75, 0.5 and 0.25 exactly on plateaus: R's midpoint rule for the
## median and quantiles; p = 1 where the curve reaches 0.
d <- data.frame(t = c(1, 2, 2.5, 3, 4, 5, 6, 7), e = rep(1, 8))
d <- rbind(d, data.frame(t = c(1, 2, 2.5, 3, 4, 5, 6, 7) + 0.5, e = rep(1, 8)))
km_case("km_midpoint_plateaus", "Kaplan-Meier, 16 events, S equal to 0.75/0.5/0.25 on plateaus (midpoint rule), p = 1",
        d, "t", "e", NULL, c("log", "plain"), 0.95, 6, c(0.25, 0.5, 0.75, 1))

## Text groups: one with a single censored row, one with a single event
## (S = 0 at once), one all censored (median not reached), two ordinary.
set.seed(31)
g <- c(rep("b_standard", 30), rep("a_urgent", 25), "d_one_censored", "e_one_event", rep("c_all_censored", 6))
tt <- c(round(rweibull(30, 1.1, 35)), round(rweibull(25, 1.3, 12)), 14, 9, c(3, 8, 8, 20, 41, 60))
ev <- c(rbinom(30, 1, 0.8), rbinom(25, 1, 0.85), 0, 1, rep(0, 6))
d <- data.frame(pathway = g, wait = tt, started = ev, stringsAsFactors = FALSE)
d <- d[sample(nrow(d)), ]
km_case("km_text_groups_single_rows", "Kaplan-Meier by a text group: groups of one row, an all-censored group, log-log only",
        d, "wait", "started", "pathway", "log-log", 0.95, 40, 0.5)

## Numeric groups 1, 2, 10 (R orders them numerically), status coded 1/2
## (as survival::lung: Surv takes 2 as the event), NA rows (dropped),
## fractional times, conf types in another order, 99% intervals.
set.seed(32)
n <- 90
d <- data.frame(team = sample(c(1, 2, 10), n, replace = TRUE),
                weeks = round(rexp(n, 1 / 9) + 0.1, 2),
                status = sample(1:2, n, replace = TRUE, prob = c(0.3, 0.7)))
d$weeks[c(5, 17)] <- NA
d$team[40] <- NA
km_case("km_numeric_groups_status12_na", "Kaplan-Meier by numeric group (1, 2, 10), status 1/2, NA rows, 99% plain and log",
        d, "weeks", "status", "team", c("plain", "log"), 0.99, 12.5, c(0.1, 0.25, 0.5),
        list(status = "Surv(weeks, status): status 1 = censored, 2 = event (as survival::lung)",
             na = "rows with NA in weeks or team are dropped (na.omit)"))

## Times equal but for rounding noise: 0.1 + 0.2 and 0.3 are tied by
## survfit's timefix (aeqSurv), as are 1/3 and 0.3333333333333333.
d <- data.frame(t = c(0.1 + 0.2, 0.3, 0.3, 1 / 3, 0.3333333333333333, 0.7, 0.7 + 1e-15, 1.1, 1.5, 2),
                s = c(1, 1, 0, 1, 0, 1, 1, 0, 1, 1))
km_case("km_timefix_near_ties", "Kaplan-Meier with times equal but for rounding (timefix ties them)",
        d, "t", "s", NULL, c("log", "log-log", "plain"), 0.95, 1.8, c(0.25, 0.5))

## Larger: 600 synthetic waits over 4 pathways, every conf type.
set.seed(33)
n <- 600
pw <- sample(c("A_urgent", "B_standard", "C_complex", "D_review"), n, replace = TRUE, prob = c(.3, .35, .25, .1))
sc <- c(A_urgent = 12, B_standard = 35, C_complex = 70, D_review = 20)[pw]
sh <- c(A_urgent = 1.3, B_standard = 1.1, C_complex = 0.9, D_review = 2)[pw]
w <- ceiling(rweibull(n, sh, sc)); cut <- ceiling(runif(n, 1, 150))
d <- data.frame(pathway = pw, days = pmin(w, cut), started = as.integer(w <= cut), stringsAsFactors = FALSE)
km_case("km_waits_four_pathways", "Kaplan-Meier by pathway, 600 waits in whole days, four groups, three conf types",
        d, "days", "started", "pathway", c("log", "log-log", "plain"), 0.95, 90, c(0.05, 0.25, 0.5, 0.75, 0.9))

## ---- logrank ----

lr_code <- function(time, event, group, rhos, keys) {
  fits <- sprintf("s%d <- survdiff(Surv(%s, %s) ~ %s, data = d, rho = %s)", seq_along(rhos), time, event, group,
                  format(rhos, digits = 17))
  paste0(paste(fits, collapse = "\n"), "\nlist(",
         paste(sprintf("%s = survdiff_results(s%d)", keys, seq_along(rhos)), collapse = ", "), ")")
}

## Three text groups with ties, the shared case's two tests.
set.seed(41)
n <- 150
g <- sample(c("home", "family", "supported"), n, replace = TRUE)
tt <- ceiling(rweibull(n, 1.2, c(home = 20, family = 30, supported = 15)[g]))
cut <- ceiling(runif(n, 5, 60))
d <- data.frame(grp = g, days = pmin(tt, cut), event = as.integer(tt <= cut), stringsAsFactors = FALSE)
make_case(root, "logrank_three_text_groups", "Log-rank and Peto-Peto tests, three text groups with ties", "logrank", d,
          list(time = "days", event = "event", group = "grp"),
          lr_code("days", "event", "grp", c(0, 1), c("logrank", "peto_peto_rho1")), lr_tol)

## Numeric groups 1, 2, 10; a fourth group whose only row is censored
## before the first event has expected 0, so df = 3 - 1 = 2; status 1/2; NA.
set.seed(42)
n <- 80
d <- data.frame(arm = sample(c(1, 2, 10), n, replace = TRUE), time = round(rexp(n, 1 / 10) + 1, 1),
                status = sample(1:2, n, replace = TRUE, prob = c(0.25, 0.75)))
d <- rbind(d, data.frame(arm = 7, time = 0.5, status = 1))
d$time[3] <- NA
make_case(root, "logrank_numeric_groups_zero_expected", "Log-rank, numeric groups (1, 2, 7, 10), one group with no expected events, status 1/2, an NA row",
          "logrank", d, list(time = "time", event = "status", group = "arm"),
          lr_code("time", "status", "arm", c(0, 1), c("logrank", "peto_peto_rho1")), lr_tol,
          list(df = "group 7 (one row, censored before the first event) has expected 0: df = 4 groups - 1 group with expected 0 - 1 = 2"))

## A Fleming-Harrington G-rho test with the rho of the spec, results flat.
set.seed(43)
n <- 120
g <- sample(c("x", "y"), n, replace = TRUE)
tt <- round(rexp(n, c(x = 1 / 8, y = 1 / 12)[g]), 2) + 0.01
cut <- round(runif(n, 2, 30), 2)
d <- data.frame(g = g, t = pmin(tt, cut), e = as.integer(tt <= cut), stringsAsFactors = FALSE)
make_case(root, "logrank_rho_half_flat", "G-rho test with rho = 0.5 from the spec, results not nested", "logrank", d,
          list(time = "t", event = "e", group = "g", rho = 0.5),
          "sd <- survdiff(Surv(t, e) ~ g, data = d, rho = 0.5)\nsurvdiff_results(sd)", lr_tol,
          list(rho = "spec.rho: survdiff(rho = 0.5), weights S(t-)^0.5"))

## Very different groups: a p-value far below 1e-16.
set.seed(44)
d <- data.frame(g = rep(c("fast", "slow"), each = 200),
                t = c(ceiling(rexp(200, 1 / 3)), ceiling(rexp(200, 1 / 60))), e = 1, stringsAsFactors = FALSE)
make_case(root, "logrank_tiny_p", "Log-rank with a p-value below 1e-16, two groups of 200", "logrank", d,
          list(time = "t", event = "e", group = "g"),
          lr_code("t", "e", "g", c(0, 1), c("logrank", "peto_peto_rho1")), lr_tol)

## ---- quantile ----

q_code <- function(x, probs, types) {
  paste0("x <- d$", x, "\n",
         "p <- c(", paste(format(probs, digits = 17), collapse = ", "), ")\n",
         "list(n = length(x), probs = arr(p), ",
         paste(sprintf("type%d = arr(unname(quantile(x, p, type = %d)))", types, types), collapse = ", "),
         ", mean = mean(x), sd = sd(x))")
}
d <- data.frame(wait = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5))
make_case(root, "quantile_small_ties_probs", "Quantiles (types 7 and 6) of 11 waits with ties, probabilities of the spec",
          "quantile", d, list(x = "wait", quantile_probs = arr(c(0, 0.1, 1 / 3, 0.5, 0.9, 0.999, 1))),
          q_code("wait", c(0, 0.1, 1 / 3, 0.5, 0.9, 0.999, 1), c(7, 6)), q_tol)
set.seed(51)
d <- data.frame(days = round(rgamma(20, 2, 0.1), 1))
make_case(root, "quantile_types_1_to_9", "Quantiles of R's nine types, 20 waits", "quantile", d,
          list(x = "days", quantile_probs = arr(c(0.02, 0.1, 0.25, 0.5, 0.75, 0.92, 0.95)), types = arr(1:9)),
          q_code("days", c(0.02, 0.1, 0.25, 0.5, 0.75, 0.92, 0.95), 1:9), q_tol)
d <- data.frame(days = 17)
make_case(root, "quantile_single_value", "Quantiles of a single wait: sd is NA", "quantile", d,
          list(x = "days", quantile_probs = arr(c(0, 0.5, 1))), q_code("days", c(0, 0.5, 1), c(7, 6)), q_tol)
set.seed(52)
d <- data.frame(change = c(round(rnorm(14, 0, 5), 1), -3.5))
make_case(root, "quantile_negative_values", "Quantiles (types 7 and 6) of 15 values with negatives (not waits: R's quantile of any data)",
          "quantile", d, list(x = "change", quantile_probs = arr(c(0.05, 0.25, 0.5, 0.75, 0.95))),
          q_code("change", c(0.05, 0.25, 0.5, 0.75, 0.95), c(7, 6)), q_tol)
