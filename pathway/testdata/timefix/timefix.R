# Expected values for pathway's tie fix (TestTimeFixAgainstR): times in days
# computed from hours (h / 24) and rounding noise, where R's survival
# treats nearly equal times as tied (timefix = TRUE, aeqSurv).
# Run: Rscript timefix.R   (R 4.2.2, survival 3.5-3 from Debian bookworm)
library(survival)
options(digits = 17)
h <- c(1, 2, 2, 3, 5, 7, 7, 8, 11, 12, 13, 13, 17, 19, 23, 29, 31, 36, 40, 48)
time <- h / 24
# rounding noise: the same wait computed two ways
time[3] <- time[2] * (1 + 4e-16) + 1e-17
time[7] <- (7 / 24) + 3 * .Machine$double.eps
time[12] <- 13 / 24 - 2e-16
# a near-tie chain and a gap just above the tolerance
time[14] <- time[13] * (1 + 1e-9)
time[15] <- time[14] * (1 + 1e-9)
time[16] <- time[15] + 1e-7
status <- c(1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1)
group <- rep(c("a", "b"), 10)
write.csv(data.frame(time = sprintf("%.17g", time), status = status, group = group),
          "data.csv", row.names = FALSE, quote = FALSE)
f <- survfit(Surv(time, status) ~ 1)
write.csv(data.frame(time = sprintf("%.17g", f$time), n.risk = f$n.risk, n.event = f$n.event,
                     n.censor = f$n.censor, surv = sprintf("%.17g", f$surv)),
          "survfit.csv", row.names = FALSE, quote = FALSE)
g <- survfit(Surv(time, status) ~ group)
write.csv(data.frame(group = rep(c("a", "b"), g$strata), time = sprintf("%.17g", g$time),
                     n.risk = g$n.risk, n.event = g$n.event, surv = sprintf("%.17g", g$surv)),
          "survfit_group.csv", row.names = FALSE, quote = FALSE)
d <- survdiff(Surv(time, status) ~ group)
write.csv(data.frame(group = c("a", "b"), obs = sprintf("%.17g", d$obs), exp = sprintf("%.17g", d$exp),
                     chisq = sprintf("%.17g", d$chisq)),
          "survdiff.csv", row.names = FALSE, quote = FALSE)
# without the fix, for the NoTimeFix option
f0 <- survfit(Surv(time, status) ~ 1, timefix = FALSE)
write.csv(data.frame(time = sprintf("%.17g", f0$time), n.risk = f0$n.risk, n.event = f0$n.event,
                     surv = sprintf("%.17g", f0$surv)),
          "survfit_nofix.csv", row.names = FALSE, quote = FALSE)
