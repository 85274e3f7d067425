# R's accuracy on the NIST StRD linear least-squares datasets, as log
# relative errors (LRE) against NIST's certified values.
#
# Run (in this folder): Rscript nist_lre.R   (R 4.2.2 from Debian bookworm)
# Reads the eleven *.dat files beside it (NIST's files, see README.md) and
# writes r_lre.csv: one row per dataset and quantity with R's estimate and
# its LRE. TestNISTAccuracy (calibrate/nist_test.go) computes the library's
# LREs the same way and requires them to be at least R's.
#
# The fits are lm(y ~ X) (lm(y ~ X - 1) for NoInt1 and NoInt2) where X holds
# the predictors, or the powers x^1..x^d of the polynomial models computed
# with R's `^` (glibc's pow, correctly rounded here). The Go test builds the
# same matrix with correctly rounded powers; for Filip, the only polynomial
# dataset whose powers are not exact in binary, this script also writes
# filip_design.csv (the powers in hexadecimal floating point) and the Go test
# checks that its matrix is bit-identical. Filip is fitted with tol = 1e-10:
# lm's default 1e-7 declares x^10 aliased and drops it.
#
# Besides the coefficients, their standard errors, the residual standard
# deviation and R², the residual sum of squares and the F statistic of the
# certified analysis of variance table are compared too (F only where it is
# finite: Wampler1 and Wampler2 are exact fits).
#
# LRE = -log10(|estimate - certified| / |certified|) (absolute error where
# the certified value is 0), capped at 15, the number of digits NIST
# certifies; an exact match counts as 15.

parse_dat <- function(path) {
  lines <- readLines(path)
  cert <- grep("^\\s*B[0-9]+\\s", lines, value = TRUE)
  parts <- strsplit(trimws(cert), "\\s+")
  b <- as.numeric(vapply(parts, `[`, "", 2))
  se <- as.numeric(vapply(parts, `[`, "", 3))
  sdline <- grep("Standard Deviation\\s+[-0-9.]", lines, value = TRUE)
  sigma <- as.numeric(tail(strsplit(trimws(sdline[1]), "\\s+")[[1]], 1))
  r2line <- grep("R-Squared", lines, value = TRUE)
  r2 <- as.numeric(tail(strsplit(trimws(r2line[1]), "\\s+")[[1]], 1))
  reg <- strsplit(trimws(grep("^Regression\\s+[0-9]", lines, value = TRUE)), "\\s+")[[1]]
  res <- strsplit(trimws(grep("^Residual\\s+[0-9]", lines, value = TRUE)), "\\s+")[[1]]
  start <- tail(grep("^Data:", lines), 1)
  rows <- lines[(start + 1):length(lines)]
  rows <- rows[nzchar(trimws(rows))]
  m <- do.call(rbind, lapply(strsplit(trimws(rows), "\\s+"), as.numeric))
  list(b = b, se = se, sigma = sigma, r2 = r2, rss = as.numeric(res[3]), f = as.numeric(reg[5]), y = m[, 1], x = m[, -1, drop = FALSE])
}

powers <- function(x, degree) outer(x, seq_len(degree), `^`)

# name, intercept, polynomial degree (0: use the x columns as they are)
cases <- list(
  list("Norris", TRUE, 1), list("Pontius", TRUE, 2),
  list("NoInt1", FALSE, 1), list("NoInt2", FALSE, 1),
  list("Filip", TRUE, 10), list("Longley", TRUE, 0),
  list("Wampler1", TRUE, 5), list("Wampler2", TRUE, 5), list("Wampler3", TRUE, 5),
  list("Wampler4", TRUE, 5), list("Wampler5", TRUE, 5))

lre <- function(est, cert) {
  err <- if (cert == 0) abs(est) else abs(est - cert) / abs(cert)
  if (err == 0) 15 else min(15, -log10(err))
}

out <- list()
for (cs in cases) {
  name <- cs[[1]]
  d <- parse_dat(paste0(name, ".dat"))
  X <- if (cs[[3]] == 0) d$x else powers(d$x[, 1], cs[[3]])
  if (name == "Filip") {
    write.csv(data.frame(row = seq_len(nrow(X)), power = rep(seq_len(ncol(X)), each = nrow(X)),
                         value = sprintf("%a", as.vector(X))), "filip_design.csv", row.names = FALSE, quote = FALSE)
  }
  tol <- if (name == "Filip") 1e-10 else 1e-7
  fit <- if (cs[[2]]) lm(d$y ~ X, tol = tol) else lm(d$y ~ X - 1, tol = tol)
  s <- summary(fit)
  stopifnot(!anyNA(coef(fit)), length(coef(fit)) == length(d$b))
  est <- c(coef(fit), s$coefficients[, 2], s$sigma, s$r.squared, deviance(fit), s$fstatistic[[1]])
  cert <- c(d$b, d$se, d$sigma, d$r2, d$rss, d$f)
  k <- length(d$b)
  qty <- c(paste0("coef:B", seq_len(k) - 1), paste0("se:B", seq_len(k) - 1), "sigma", "r2", "rss", "f")
  for (i in seq_along(est)) {
    if (!is.finite(cert[i])) next # F of an exact fit (Wampler1, Wampler2)
    out[[length(out) + 1]] <- data.frame(dataset = name, quantity = qty[i],
      estimate = sprintf("%.17g", est[i]), lre = sprintf("%.4f", lre(est[i], cert[i])))
  }
}
res <- do.call(rbind, out)
con <- file("r_lre.csv", "w")
writeLines(c(sprintf("# %s; BLAS %s; LAPACK %s", R.version.string, extSoftVersion()[["BLAS"]], La_library()),
             "# written by nist_lre.R"), con)
write.csv(res, con, row.names = FALSE, quote = FALSE)
close(con)
# Summary: the smallest LRE per dataset and kind of quantity.
res$kind <- sub(":.*", "", res$quantity)
agg <- aggregate(as.numeric(res$lre), by = list(dataset = res$dataset, kind = res$kind), FUN = min)
print(reshape(agg, idvar = "dataset", timevar = "kind", direction = "wide"), row.names = FALSE)
