## make_cases.R -- R reference cases for internal/stats' quantile method
## that vary what the shared case holds fixed: the probabilities
## (spec.quantile_probs), all nine of R's types (spec.types; results
## type1 ... type9), negative values, ties, n = 1 and n = 2 (sd NA).
##
## Run from this directory with R 4.2.2 (Debian 12): Rscript make_cases.R
## Helpers: internal/reftest/testdata/rscripts.
h <- "../../../reftest/testdata/rscripts"
source(file.path(h, "common.R")); source(file.path(h, "ref_helpers.R")); source(file.path(h, "make_case.R"))
root <- "."
tol <- list(rtol = 1e-10, rules = list())
q_code <- function(x, probs, types) paste0(
  "x <- d$", x, "\n",
  "p <- c(", paste(format(probs, digits = 17), collapse = ", "), ")\n",
  "list(n = length(x), probs = arr(p), ",
  paste(sprintf("type%d = arr(unname(quantile(x, p, type = %d)))", types, types), collapse = ", "),
  ", mean = mean(x), sd = sd(x))")
q_case <- function(id, title, d, x, probs, types, spec_types = TRUE) {
  spec <- list(x = x, quantile_probs = arr(probs))
  if (spec_types) spec$types <- arr(types)
  make_case(root, id, title, "quantile", d, spec, q_code(x, probs, types), tol)
}
set.seed(81)
q_case("quantile_negative_types_1_to_9", "Quantiles of R's nine types, 15 values with negatives and ties",
       data.frame(v = c(round(rnorm(13, 0, 3), 1), -1.2, -1.2)), "v", c(0, 0.05, 0.2, 0.25, 0.5, 2 / 3, 0.8, 0.95, 1), 1:9)
q_case("quantile_small_ties_probs", "Quantiles (types 7 and 6) of 11 values with ties, probabilities of the spec",
       data.frame(wait = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)), "wait", c(0, 0.1, 1 / 3, 0.5, 0.9, 0.999, 1), c(7, 6), FALSE)
q_case("quantile_two_values", "Quantiles of two values, types 1-9", data.frame(x = c(10, -4)), "x",
       c(0, 0.25, 0.5, 0.75, 1), 1:9)
q_case("quantile_single_value", "Quantiles of one value: sd is NA", data.frame(x = 2.5), "x", c(0.1, 0.5), c(7, 6), FALSE)
