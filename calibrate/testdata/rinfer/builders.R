## builders.R -- the R code of each method's cases, as text (the r_code of
## case.json), built from the case's response, predictors and options.
## Sourced by make_cases.R.

rhs <- function(preds, intercept) {
  r <- paste(preds, collapse = " + ")
  if (!intercept) r <- paste(r, "- 1")
  r
}

rq_code <- function(resp, preds, intercept, taus, hs) {
  paste0(
    "F <- ", resp, " ~ ", rhs(preds, intercept), "\n",
    "one_tau <- function(tau) {\n",
    "  fit <- quantreg::rq(F, tau = tau, data = d, method = \"br\")\n",
    "  h <- quantreg::bandwidth.rq(tau, nrow(d), hs = ", hs, ")\n",
    "  while ((tau - h < 0) || (tau + h > 1)) h <- h / 2\n",
    "  out <- list(tau = tau, names = arr(names(coef(fit))), coefficients = arr(unname(coef(fit))), bandwidth = h)\n",
    "  for (se in c(\"iid\", \"nid\", \"ker\")) {\n",
    "    s <- summary(fit, se = se, hs = ", hs, ", covariance = TRUE)\n",
    "    out[[se]] <- list(std_error = arr(unname(s$coefficients[, 2])), t_value = arr(unname(s$coefficients[, 3])),\n",
    "                      p_value = arr(unname(s$coefficients[, 4])), density = unname(s$scale))\n",
    "  }\n",
    "  out\n",
    "}\n",
    "res <- list(n = nrow(d))\n",
    "for (tau in c(", paste(taus, collapse = ", "), ")) res[[paste0(\"tau_\", tau)]] <- one_tau(tau)\n",
    "res\n")
}

rq_spec <- function(resp, preds, intercept, taus, hs)
  list(response = resp, predictors = arr(preds), intercept = intercept, taus = arr(taus),
       se_types = arr(c("iid", "nid", "ker")), method = "br", hs = hs)

anova_lm_code <- function(resp, ps, pb, intercept, weights = NULL) {
  w <- if (is.null(weights)) "" else paste0(", weights = ", weights)
  paste0(
    "small <- lm(", resp, " ~ ", rhs(ps, intercept), ", data = d", w, ")\n",
    "big <- lm(", resp, " ~ ", rhs(pb, intercept), ", data = d", w, ")\n",
    "a <- anova(small, big)\n",
    "list(res_df = arr(a[[\"Res.Df\"]]), rss = arr(a[[\"RSS\"]]), df = arr(a[[\"Df\"]]), sum_sq = arr(a[[\"Sum of Sq\"]]),\n",
    "     f = arr(a[[\"F\"]]), p_value = arr(a[[\"Pr(>F)\"]]))\n")
}

glm_tight_code <- function(w) paste0("glm_tight <- function(F, family) {
  cf <- coef(glm(F, data = d, family = family, control = glm.control(epsilon = 1e-14, maxit = 200)", w, "))
  for (i in 1:100) {
    fit <- suppressWarnings(glm(F, data = d, family = family, start = cf, control = glm.control(maxit = 1)", w, "))
    step <- max(abs(coef(fit) - cf)) / max(abs(cf)); cf <- coef(fit)
    if (step < 1e-15) break
  }
  fit
}
")

anova_glm_code <- function(resp, ps, pb, intercept, family, tests, weights = NULL) {
  w <- if (is.null(weights)) "" else paste0(", weights = ", weights)
  out <- paste0(glm_tight_code(w),
    "small <- glm_tight(", resp, " ~ ", rhs(ps, intercept), ", ", family, ")\n",
    "big <- glm_tight(", resp, " ~ ", rhs(pb, intercept), ", ", family, ")\n",
    "ac <- anova(small, big, test = \"Chisq\")\n",
    "res <- list(resid_df = arr(ac[[\"Resid. Df\"]]), resid_dev = arr(ac[[\"Resid. Dev\"]]), df = arr(ac[[\"Df\"]]),\n",
    "     deviance = arr(ac[[\"Deviance\"]]), dispersion = summary(big)$dispersion,\n",
    "     test_chisq = list(p_value = arr(ac[[\"Pr(>Chi)\"]])))\n")
  if ("F" %in% tests)
    out <- paste0(out, "af <- anova(small, big, test = \"F\")\n",
                  "res$test_f <- list(f = arr(af[[\"F\"]]), p_value = arr(af[[\"Pr(>F)\"]]))\n")
  paste0(out, "res\n")
}

bp_code <- function(resp, preds, intercept, weights = NULL) {
  w <- if (is.null(weights)) "" else paste0(", weights = ", weights)
  paste0("fit <- lm(", resp, " ~ ", rhs(preds, intercept), ", data = d", w, ")\n",
         "bs <- lmtest::bptest(fit)\n",
         "bu <- lmtest::bptest(fit, studentize = FALSE)\n",
         "res <- function(b) list(statistic = unname(b$statistic), df = unname(b$parameter), p_value = b$p.value)\n",
         "list(studentized = res(bs), unstudentized = res(bu))\n")
}

vif_code <- function(resp, preds, intercept, weights = NULL) {
  w <- if (is.null(weights)) "" else paste0(", weights = ", weights)
  paste0("fit <- lm(", resp, " ~ ", rhs(preds, intercept), ", data = d", w, ")\n",
         "v <- car::vif(fit)\n",
         "if (is.matrix(v)) list(names = arr(rownames(v)), gvif = arr(unname(v[, 1])), df = arr(unname(v[, 2])),\n",
         "                       gvif_scaled = arr(unname(v[, 3]))) else list(names = arr(names(v)), vif = arr(unname(v)))\n")
}

infl_code <- function(resp, preds, intercept, weights = NULL) {
  w <- if (is.null(weights)) "" else paste0(", weights = ", weights)
  paste0("fit <- lm(", resp, " ~ ", rhs(preds, intercept), ", data = d", w, ")\n",
         "cd <- cooks.distance(fit)\n",
         "list(n = nobs(fit), coef_names = arr(names(coef(fit))),\n",
         "     hat_first10 = first_n(hatvalues(fit)), cooks_first10 = first_n(cd), dffits_first10 = first_n(dffits(fit)),\n",
         "     dfbetas_first10 = mat_rows(head(dfbetas(fit), 10)),\n",
         "     rstandard_first10 = first_n(rstandard(fit)), rstudent_first10 = first_n(rstudent(fit)),\n",
         "     covratio_first10 = first_n(covratio(fit)),\n",
         "     max_cooks_index = unname(which.max(cd)), max_cooks_value = max(cd),\n",
         "     influential_rows = arr(unname(which(apply(influence.measures(fit)$is.inf, 1, any)))))\n")
}

pred_code <- function(resp, preds, intercept, level, weights = NULL) {
  w <- if (is.null(weights)) "" else paste0(", weights = ", weights)
  paste0("fit <- lm(", resp, " ~ ", rhs(preds, intercept), ", data = d", w, ")\n",
         "pc <- predict(fit, newdata = nd, interval = \"confidence\", level = ", level, ", se.fit = TRUE)\n",
         "pp <- predict(fit, newdata = nd, interval = \"prediction\", level = ", level, ")\n",
         "list(n_new = nrow(nd),\n",
         "     confidence = list(fit = arr(unname(pc$fit[, \"fit\"])), lwr = arr(unname(pc$fit[, \"lwr\"])), upr = arr(unname(pc$fit[, \"upr\"]))),\n",
         "     prediction = list(fit = arr(unname(pp[, \"fit\"])), lwr = arr(unname(pp[, \"lwr\"])), upr = arr(unname(pp[, \"upr\"]))),\n",
         "     se_fit = arr(unname(pc$se.fit)), df = pc$df, residual_scale = pc$residual.scale)\n")
}

pred_spec <- function(resp, preds, intercept, level, weights = NULL) {
  s <- list(response = resp, predictors = arr(preds), intercept = intercept, level = level,
            intervals = arr(c("confidence", "prediction")))
  if (!is.null(weights)) s$weights <- weights
  s
}
