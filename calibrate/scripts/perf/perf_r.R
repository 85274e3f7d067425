## perf_r.R -- time one R task on the perf data, for the side-by-side runs of
## run.sh. Usage: Rscript perf_r.R <datadir> <task> <n> <reps>
## task: lm | summary_lm | glm_gamma | rq_fn | km_cont | km_days
## Prints one line: "R <task> <n> mean_s=<mean elapsed> min_s=<min> cpu_s=<mean user+sys> info=<...>".
## Timing is elapsed seconds from system.time() around the model call only
## (data already in memory as a data.frame; R's own model frame and design
## matrix are part of the call, as they are of every R user's call); a full
## gc() precedes each timed call and is not timed.
suppressPackageStartupMessages({ library(survival); library(quantreg) })
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 4) stop("usage: Rscript perf_r.R <datadir> <task> <n> <reps>")
datadir <- args[1]; task <- args[2]; n <- as.integer(args[3]); reps <- as.integer(args[4])

read_f64 <- function(name) {
  hdr <- readLines(file.path(datadir, paste0(name, ".json")))
  nn <- as.integer(sub('.*"n": ([0-9]+).*', "\\1", hdr))
  cols <- strsplit(gsub('.*\\[|\\].*|"| ', "", hdr), ",")[[1]]
  v <- readBin(file.path(datadir, paste0(name, ".f64")), "double", nn * length(cols), size = 8, endian = "little")
  as.data.frame(matrix(v, nn, length(cols), dimnames = list(NULL, cols)))
}

if (startsWith(task, "km_")) {
  sd <- read_f64("surv_1000000")
  stopifnot(nrow(sd) == n)
} else {
  df <- read_f64(sprintf("reg_%d", n))
}
info <- ""
call <- switch(task,
  lm = function() lm(y ~ ., data = df),
  summary_lm = function() summary(lm(y ~ ., data = df)),
  glm_gamma = function() {
    f <- glm(y ~ ., data = df, family = Gamma(link = "log")); info <<- sprintf("iter=%d", f$iter); f },
  rq_fn = function() rq(y ~ ., tau = 0.5, data = df, method = "fn"),
  km_cont = function() {
    f <- survfit(Surv(time_cont, status) ~ 1, data = sd); info <<- sprintf("times=%d", length(f$time)); f },
  km_days = function() {
    f <- survfit(Surv(time_days, status) ~ 1, data = sd); info <<- sprintf("times=%d", length(f$time)); f },
  stop("unknown task ", task))

el <- cpu <- numeric(reps)
for (r in seq_len(reps)) {
  invisible(gc(full = TRUE))
  tm <- system.time(res <- call(), gcFirst = FALSE)
  el[r] <- tm[["elapsed"]]; cpu[r] <- tm[["user.self"]] + tm[["sys.self"]]
  rm(res)
}
cat(sprintf("R %s %d mean_s=%.4f min_s=%.4f cpu_s=%.4f blas=%s info=%s\n", task, n, mean(el), min(el), mean(cpu),
            basename(extSoftVersion()[["BLAS"]]), info))
