## gen_perf_data.R -- synthetic data for the performance baselines (NOT stored in git).
## (A copy of the shared reference set's scripts/gen_perf_data.R, unchanged below, so that
## calibrate/scripts/perf/run.sh can make the same data.)
## Usage: Rscript gen_perf_data.R <outdir>
## Writes, for n in {200000, 1000000}:
##   reg_<n>.f64  : 21 columns x n rows, column-major little-endian float64: x01..x20, y
##   reg_<n>.json : header {n, columns}
## and surv_1000000.f64 (+ .json): columns time_days (integer days), status (0/1), time_cont (continuous, ~all unique)
args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args)) args[1] else "perfdata"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
RNGkind("Mersenne-Twister", "Inversion", "Rejection")

write_cols <- function(cols, name) {
  con <- file(file.path(outdir, paste0(name, ".f64")), "wb")
  for (v in cols) writeBin(as.double(v), con, size = 8, endian = "little")
  close(con)
  n <- length(cols[[1]])
  writeLines(sprintf('{"n": %d, "layout": "column-major float64 little-endian", "columns": [%s]}',
                     n, paste0('"', names(cols), '"', collapse = ", ")),
             file.path(outdir, paste0(name, ".json")))
}

gen_reg <- function(n) {
  set.seed(20240601 + n)
  sev <- plogis(rnorm(n, -0.5, 1))
  X <- list()
  maxes <- c(12, 10, 6, 8, 6, 10, 4, 8)
  for (k in 1:8) X[[sprintf("x%02d", k)]] <- rbinom(n, maxes[k], pmin(0.97, pmax(0.01, sev + rnorm(n, 0, 0.12))))
  X$x09 <- round(pmin(98, pmax(18, rnorm(n, 62, 20))))                       # age
  X$x10 <- ifelse(runif(n) < 0.4, round(2 * rgamma(n, 2, 0.12)) / 2, 0)       # informal care hours
  s <- sample(0:3, n, replace = TRUE, prob = c(0.35, 0.35, 0.15, 0.15))
  X$x11 <- as.numeric(s == 1); X$x12 <- as.numeric(s == 2); X$x13 <- as.numeric(s == 3)
  for (k in 14:20) X[[sprintf("x%02d", k)]] <- rnorm(n)
  b <- c(0.06, 0.05, 0.03, 0.04, 0.03, 0.05, 0.02, 0.03, 0.004, -0.008, -0.1, 0.45, 0.7,
         0.05, -0.05, 0.02, 0, 0, 0.01, -0.02)
  eta <- 4.2 + Reduce(`+`, Map(`*`, X, b))
  X$y <- exp(eta) * rgamma(n, shape = 2, rate = 2)                           # positive, skewed
  write_cols(X, sprintf("reg_%d", n))
}
gen_reg(200000L)
gen_reg(1000000L)

set.seed(20240701)
n <- 1000000L
t_true <- rweibull(n, 1.1, 35); cens <- runif(n, 1, 180)
write_cols(list(time_days = ceiling(pmin(t_true, cens)), status = as.numeric(t_true <= cens),
                time_cont = pmin(t_true, cens)), "surv_1000000")
cat("written to", outdir, "\n")
