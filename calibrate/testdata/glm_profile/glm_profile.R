# Expected values for calibrate's profile-likelihood intervals
# (TestConfintProfileAgainstR, TestSplineFMMAgainstR).
# Run from this directory: Rscript glm_profile.R
# (R 4.2.2 and MASS 7.3-58.2 from Debian bookworm: confint.glm is MASS's
# profile.glm and confint.profile.glm.)
suppressMessages(library(MASS))
ref <- "../reference"
bw <- read.csv(file.path(ref, "glm_binomial_logit_birthwt", "data.csv"))
dob <- read.csv(file.path(ref, "glm_poisson_log_dobson", "data.csv"))
clot <- read.csv(file.path(ref, "glm_gamma_log_clotting", "data.csv"))
off <- read.csv(file.path("..", "glm_offset", "data.csv"))
fits <- list(
  birthwt = glm(low ~ age + lwt + smoke + ht + ui, family = binomial, data = bw),
  dobson = glm(counts ~ outcome2 + outcome3 + treatment2 + treatment3, family = poisson, data = dob),
  clotting = glm(lot1 ~ log(u), family = Gamma(link = "log"), data = clot),
  offset_poisson = glm(visits ~ x1 + x2, family = poisson, offset = log(weeks), data = off),
  gaussian = glm(score ~ x1, family = gaussian, data = off),
  intercept_only = glm(visits ~ 1, family = poisson, offset = log(weeks), data = off)
)
rows <- list()
for (name in names(fits)) {
  for (level in c(0.95, 0.9)) {
    ci <- suppressMessages(confint(fits[[name]], level = level))
    if (is.null(dim(ci))) ci <- matrix(ci, nrow = 1, dimnames = list(names(coef(fits[[name]])), NULL))
    for (j in seq_len(nrow(ci))) {
      rows[[length(rows) + 1]] <- data.frame(case = name, level = level, term = rownames(ci)[j],
                                             lower = sprintf("%.17g", ci[j, 1]), upper = sprintf("%.17g", ci[j, 2]))
    }
  }
}
write.csv(do.call(rbind, rows), "confint.csv", row.names = FALSE, quote = FALSE)
# spline(method = "fmm") at its default points, for the interpolation step
set.seed(7)
sp <- list()
for (k in 1:4) {
  m <- c(2, 3, 5, 12)[k]
  x <- sort(round(runif(m, -3, 3), 4))
  y <- round(sin(x) + rnorm(m, sd = 0.1), 4)
  s <- spline(x, y)
  sp[[k]] <- data.frame(case = k, kind = c(rep("knot", m), rep("out", length(s$x))),
                        x = sprintf("%.17g", c(x, s$x)), y = sprintf("%.17g", c(y, s$y)))
}
write.csv(do.call(rbind, sp), "spline.csv", row.names = FALSE, quote = FALSE)
