# Checks the Kaplan–Meier medians and 95% limits of TestWaitTimesWorked
# (waittimes_test.go), worked out by hand there, with R's survival package:
#   Rscript testdata/waits/waittimes_km.R
# Output (median, 0.95LCL, 0.95UCL):
#   request to assessment          10   9  NA
#   request to any service         NA  31  NA
#   request to community support   NA  31  NA
#   request to ST-Max              NA  NA  NA
#   assessment to any service      12   0  NA
library(survival)
f <- function(name, t, e) {
  s <- summary(survfit(Surv(t, e) ~ 1))$table
  cat(sprintf("%-30s %4s %4s %4s\n", name, s["median"], s["0.95LCL"], s["0.95UCL"]))
}
f("request to assessment", c(1, 9, 9, 10, 19, 30, 31), c(1, 1, 1, 1, 0, 0, 0))
f("request to any service", c(9, 31, 19, 30, 31, 212), c(1, 1, 0, 0, 0, 0))
f("request to community support", c(31, 9, 19, 30, 31, 212), c(1, 0, 0, 0, 0, 0))
f("request to ST-Max", c(9, 31, 19, 30, 31, 212), c(1, 0, 0, 0, 0, 0))
f("assessment to any service", c(0, 12, 201, 356), c(1, 1, 0, 0))
