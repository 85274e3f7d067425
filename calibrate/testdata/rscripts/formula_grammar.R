## formula_grammar.R -- R's model.matrix for the formula grammar features
## that the shared reference cases do not cover.
##
## Run from calibrate/testdata:  Rscript rscripts/formula_grammar.R
## Writes formula/data.csv (the data, exactly as R re-reads it) and
## formula/expected.json (for each formula: R's column names, assign, the
## 1-based rows kept and the whole matrix). TestModelMatrixR compares
## NewModelMatrix with every entry.
##
## R 4.2.2 (Debian bookworm r-base-core). Factor levels of text columns are
## sorted in the C locale (byte order), as in the shared reference cases.
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("../../internal/reftest/testdata/rscripts/common.R"); source("../../internal/reftest/testdata/rscripts/ref_helpers.R")
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20240515)

n <- 24
d <- data.frame(
  y = round(rnorm(n, 50, 10), 2),
  a = rep(c("p", "q", "r"), length.out = n),
  b = rep(c("u", "v"), each = 2, length.out = n),
  ## byte order: "10" < "9" < "A" < "B" < "a" < "a_1" < "b"
  g = rep(c("b", "B", "a", "a_1", "A", "10", "9", "a"), length.out = n),
  x = round(runif(n, -2, 3), 3),
  z = round(rnorm(n), 4),
  pos = round(rexp(n) + 0.05, 4),
  ## an integer column: factor labels "2", "10", "100000"
  k = rep(c(10L, 2L, 100000L), length.out = n),
  ## a double column: factor labels as R prints doubles ("1e+05", "0.333333333333333")
  dd = rep(c(0.1, 2.5, 1e5, 1/3), length.out = n),
  `my var` = round(runif(n, 1, 5), 2),
  xm = round(rnorm(n), 3),
  am = rep(c("s", "t"), length.out = n),
  check.names = FALSE, stringsAsFactors = FALSE)
d$xm[c(3, 11)] <- NA
d$am[c(7, 11, 20)] <- NA
dir.create("formula", showWarnings = FALSE)
write_csv_exact(d, "formula/data.csv")
d <- read.csv("formula/data.csv", stringsAsFactors = FALSE, check.names = FALSE)

cases <- list(
  list(f = "~ a + x"),
  list(f = "~ a:x + x"),
  list(f = "~ a*b - a"),
  list(f = "~ b + a:b"),
  list(f = "~ x + a:b - 1"),
  list(f = "~ a - 1"),
  list(f = "~ 0 + a + b"),
  list(f = "~ -1 + a:b"),
  list(f = "~ a:b"),
  list(f = "~ a*b*x"),
  list(f = "~ (a + b + x)^2"),
  list(f = "~ (a + b + x)^3 - a:b:x"),
  list(f = "~ a/x"),
  list(f = "~ x %in% a"),
  list(f = "~ factor(k) + factor(dd)"),
  list(f = "~ g"),
  list(f = "~ log(pos) + sqrt(pos) + I(x^2) + I(x*z) + I((x+1)^2) + I(1/pos)"),
  list(f = "~ exp(x) + log2(pos) + log10(pos) + log1p(pos) + abs(z) + log(pos, 3)"),
  list(f = "~ `my var` + I(`my var`^2)"),
  list(f = "~ x:z + z:x"),
  list(f = "~ a*b + x - a:b"),
  list(f = "~ x + 0 + 1"),
  list(f = "~ x*a + z"),
  list(f = "~ b:x + a:x"),
  list(f = "~ log( pos ) + I( x ^ 2 ) + I(x*100000) + I(-x) + I(x - -1)"),
  list(f = "~ z:a:b + a"),
  list(f = "~ (a + b)*x - b:x"),
  list(f = "~ a + x + a:x:z"),
  list(f = "~ x + factor(k):z + a"),
  list(f = "~ factor(k)*a - 1"),
  list(f = "~ a + b", reference = list(a = "q")),
  list(f = "~ factor(k) + b", reference = list("factor(k)" = "100000", b = "v")),
  ## R's own order under LC_COLLATE=C.UTF-8 (ICU collation on this build:
  ## "10" "9" "a" "A" "a_1" "b" "B"), passed as FormulaOptions.Levels.
  list(f = "~ g + x", collate = "C.UTF-8"),
  list(f = "~ x + xm + am", drop_missing = TRUE),
  list(f = "~ am:x + a", drop_missing = TRUE)
)

out <- lapply(cases, function(cs) {
  dd <- d
  if (!is.null(cs$reference)) {
    for (nm in names(cs$reference)) {
      if (startsWith(nm, "factor(")) {
        col <- sub("^factor\\((.*)\\)$", "\\1", nm)
        ## relevel a factor(col) variable: rewrite the formula's factor(col)
        ## as a factor column with the wanted reference.
        dd[[col]] <- relevel(factor(dd[[col]]), ref = cs$reference[[nm]])
      } else {
        dd[[nm]] <- relevel(factor(dd[[nm]]), ref = cs$reference[[nm]])
      }
    }
  }
  if (!is.null(cs$collate)) {
    old <- Sys.getlocale("LC_COLLATE")
    invisible(Sys.setlocale("LC_COLLATE", cs$collate))
    lev <- list(g = arr(levels(factor(dd$g))))
    mm <- model.matrix(as.formula(cs$f), data = dd)
    invisible(Sys.setlocale("LC_COLLATE", old))
  } else {
    mm <- model.matrix(as.formula(cs$f), data = dd)
  }
  res <- list(formula = cs$f,
              colnames = arr(colnames(mm)),
              assign = arr(attr(mm, "assign")),
              rows = arr(as.integer(rownames(mm))),
              x = mat_rows(mm))
  if (!is.null(cs$reference)) res$reference <- cs$reference
  if (isTRUE(cs$drop_missing)) res$drop_missing <- TRUE
  if (!is.null(cs$collate)) { res$collate <- cs$collate; res$levels <- lev }
  res
})
meta <- r_meta()
meta$packages <- list(stats = as.character(packageVersion("stats")))
write_json(list(meta = meta, collate = Sys.getlocale("LC_COLLATE"), cases = out), "formula/expected.json")
