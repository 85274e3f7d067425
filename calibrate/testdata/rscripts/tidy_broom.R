## tidy_broom.R -- broom's tidy(conf.int = TRUE), glance and augment of
## lm, weighted lm, glm, rlm and rq fits, to check calibrate's Tidy, Glance
## and Augment column by column.
##
## Run from calibrate/testdata:  Rscript rscripts/tidy_broom.R
## Writes tidy/<data>.csv (the data) and tidy/expected.json: for each fit
## its data file, formula, options and broom's three tables as columns
## (NA -> null). augment keeps the response and broom's dot columns.
##
## R 4.2.2, broom 1.0.3, MASS 7.3-58.2, quantreg 5.94 (Debian bookworm).
## tidy.glm's conf.low/conf.high come from confint(), which in R 4.2.2 is
## MASS's profile-likelihood confint.glm.
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("../../internal/reftest/testdata/rscripts/common.R")
suppressPackageStartupMessages({ library(broom); library(MASS); library(quantreg) })
dir.create("tidy", showWarnings = FALSE)

mt <- datasets::mtcars
mt <- data.frame(mpg = mt$mpg, cyl = mt$cyl, disp = mt$disp, hp = mt$hp, wt = mt$wt, am = mt$am,
                 w0 = c(0, rep(1, 31)) * mt$qsec / 10)
sl <- datasets::stackloss
names(sl) <- c("air_flow", "water_temp", "acid_conc", "stack_loss")
data(engel, package = "quantreg")
write_csv_exact(mt, "tidy/mtcars.csv")
write_csv_exact(sl, "tidy/stackloss.csv")
write_csv_exact(engel, "tidy/engel.csv")
mt <- read.csv("tidy/mtcars.csv")
sl <- read.csv("tidy/stackloss.csv")
engel <- read.csv("tidy/engel.csv")

cols <- function(df, keep = NULL) {
  df <- as.data.frame(df)
  out <- list()
  for (nm in names(df)) {
    if (!is.null(keep) && !(nm %in% keep) && !startsWith(nm, ".")) next
    v <- df[[nm]]
    if (inherits(v, "logLik")) v <- as.numeric(v)
    out[[nm]] <- if (is.character(v) || is.factor(v)) arr(as.character(v)) else if (is.logical(v)) v else arr(as.numeric(v))
  }
  out
}

fits <- list(
  list(id = "lm_factor", data = "mtcars.csv", model = "lm", formula = "mpg ~ wt + hp + factor(cyl)",
       fit = function() lm(mpg ~ wt + hp + factor(cyl), data = mt)),
  list(id = "lm_intercept_only", data = "mtcars.csv", model = "lm", formula = "mpg ~ 1",
       fit = function() lm(mpg ~ 1, data = mt)),
  list(id = "lm_noint", data = "mtcars.csv", model = "lm", formula = "mpg ~ 0 + wt + hp",
       fit = function() lm(mpg ~ 0 + wt + hp, data = mt)),
  list(id = "wls", data = "mtcars.csv", model = "lm", formula = "log(mpg) ~ wt + hp", weights = "1/disp",
       fit = function() lm(log(mpg) ~ wt + hp, data = mt, weights = 1/disp)),
  list(id = "wls_zero_weight", data = "mtcars.csv", model = "lm", formula = "mpg ~ wt + hp", weights = "w0",
       fit = function() lm(mpg ~ wt + hp, data = mt, weights = w0)),
  list(id = "glm_gamma", data = "mtcars.csv", model = "glm", family = "Gamma", link = "log", formula = "mpg ~ wt + hp",
       fit = function() glm(mpg ~ wt + hp, data = mt, family = Gamma(link = "log"))),
  list(id = "glm_binomial", data = "mtcars.csv", model = "glm", family = "binomial", link = "logit", formula = "am ~ wt",
       fit = function() glm(am ~ wt, data = mt, family = binomial)),
  list(id = "glm_poisson_weights", data = "mtcars.csv", model = "glm", family = "poisson", link = "log",
       formula = "cyl ~ log(disp)", weights = "wt",
       fit = function() glm(cyl ~ log(disp), data = mt, family = poisson, weights = wt)),
  list(id = "rlm", data = "stackloss.csv", model = "rlm", formula = "stack_loss ~ air_flow + water_temp + acid_conc",
       fit = function() rlm(stack_loss ~ air_flow + water_temp + acid_conc, data = sl)),
  list(id = "rq", data = "engel.csv", model = "rq", formula = "foodexp ~ income", tau = 0.5,
       fit = function() rq(foodexp ~ income, tau = 0.5, data = engel)),
  list(id = "rq_tau90", data = "engel.csv", model = "rq", formula = "foodexp ~ log(income)", tau = 0.9,
       fit = function() rq(foodexp ~ log(income), tau = 0.9, data = engel))
)

out <- lapply(fits, function(f) {
  m <- f$fit()
  resp <- all.vars(as.formula(f$formula))[1]
  td <- if (f$model == "rq") tidy(m) else tidy(m, conf.int = TRUE)
  ag <- augment(m)
  if (f$model == "glm") {
    ag_resp <- augment(m, type.predict = "response", type.residuals = "pearson")
  }
  res <- list(id = f$id, data = f$data, model = f$model, formula = f$formula,
              tidy = cols(td), glance = cols(glance(m)), augment = cols(ag, keep = resp))
  if (!is.null(f$weights)) res$weights <- f$weights
  if (!is.null(f$family)) { res$family <- f$family; res$link <- f$link }
  if (!is.null(f$tau)) res$tau <- f$tau
  if (f$model == "glm") {
    res$augment_response_pearson <- cols(ag_resp, keep = character())
    res$tidy_exponentiated <- cols(tidy(m, conf.int = TRUE, exponentiate = TRUE))
  }
  res
})
meta <- r_meta()
meta$packages$broom <- as.character(packageVersion("broom"))
write_json(list(meta = meta, fits = out), "tidy/expected.json")
