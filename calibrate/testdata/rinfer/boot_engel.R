## boot_engel.R -- quantreg's xy-pair bootstrap standard errors of the Engel
## quantile regressions (summary.rq(se = "boot", bsmethod = "xy")) with
## R = 20000 replicates, for TestBootstrapEngelAgainstR. R's random draws
## cannot be reproduced, so the test compares within Monte Carlo error.
## Run from this directory:  Rscript boot_engel.R
source("case_writer.R")
suppressPackageStartupMessages(library(quantreg))
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
d <- read.csv("../reference/rq_summary_engel/data.csv")
out <- list(note = "summary.rq(rq(foodexp ~ income, tau), se = 'boot', R = 20000), set.seed(2024)",
            quantreg = as.character(packageVersion("quantreg")))
set.seed(2024)
for (tau in c(0.5, 0.9)) {
  s <- summary(rq(foodexp ~ income, tau = tau, data = d), se = "boot", R = 20000)
  out[[paste0("tau_", tau)]] <- list(std_error = arr(unname(s$coefficients[, 2])))
}
writeLines(to_json(out), "boot_engel.json")
