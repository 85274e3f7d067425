## case_writer.R -- write a reference case folder (case.json, data.csv,
## [newdata.csv], expected.json) in the format of the shared reference
## cases (see ../reference/README.md): numbers as %.17g, NA -> null,
## CSV numbers in the shortest form that reads back to the same double.
## Sourced by make_cases.R.

arr <- function(x) structure(x, class = c("jarray", class(x)))
first_n <- function(x, k = 10) arr(unname(head(as.numeric(x), k)))
mat_rows <- function(m) lapply(seq_len(nrow(m)), function(i) arr(unname(m[i, ])))

.num <- function(v) {
  vapply(v, function(x) {
    if (is.na(x)) "null"
    else if (is.infinite(x)) if (x > 0) "\"Inf\"" else "\"-Inf\""
    else if (is.integer(x)) sprintf("%d", x)
    else sprintf("%.17g", x)
  }, character(1))
}
.str <- function(s) ifelse(is.na(s), "null",
  paste0("\"", gsub("\n", "\\\\n", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", s))), "\""))

to_json <- function(x, indent = 0L) {
  pad <- strrep("  ", indent); pad1 <- strrep("  ", indent + 1L)
  force <- inherits(x, "jarray")
  if (force) class(x) <- setdiff(class(x), "jarray")
  if (is.null(x)) return("null")
  if (is.factor(x)) x <- as.character(x)
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(x, to_json, character(1), indent = indent + 1L)
    if (!is.null(names(x)))
      return(paste0("{\n", paste0(pad1, .str(names(x)), ": ", items, collapse = ",\n"), "\n", pad, "}"))
    return(paste0("[\n", paste0(pad1, items, collapse = ",\n"), "\n", pad, "]"))
  }
  vals <- if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
          else if (is.numeric(x)) .num(x) else .str(as.character(x))
  if (length(x) == 1 && !force) return(vals)
  if (length(x) == 0) return("[]")
  paste0("[", paste(vals, collapse = ", "), "]")
}

num_shortest <- function(v) {
  out <- sprintf("%.15g", v)
  bad <- is.finite(v) & as.numeric(out) != v
  out[bad] <- sprintf("%.16g", v[bad])
  bad <- is.finite(v) & as.numeric(out) != v
  out[bad] <- sprintf("%.17g", v[bad])
  out[is.na(v)] <- "NA"
  out
}

write_csv_exact <- function(df, path) {
  cols <- lapply(df, function(v) {
    if (is.factor(v)) v <- as.character(v)
    if (is.integer(v)) return(sprintf("%d", v))
    if (is.numeric(v)) return(num_shortest(v))
    v <- as.character(v)
    needq <- grepl("[\",\n]", v)
    v[needq] <- paste0("\"", gsub("\"", "\"\"", v[needq]), "\"")
    v
  })
  writeLines(c(paste(names(df), collapse = ","), do.call(paste, c(cols, sep = ","))), path, useBytes = TRUE)
}

tolerances <- list(
  rq_summary = list(rtol = 1e-8, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12))),
  anova_lm = list(rtol = 1e-9, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
                                             list(match = "res_df", exact = TRUE), list(match = "df", exact = TRUE))),
  anova_glm = list(rtol = 1e-8, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
                                              list(match = "resid_df", exact = TRUE), list(match = "df", exact = TRUE))),
  bptest = list(rtol = 1e-9, rules = list(list(match = "*p_value*", rtol = 1e-6, atol = 1e-12),
                                           list(match = "*.df", exact = TRUE))),
  vif = list(rtol = 1e-9, rules = list(list(match = "df", exact = TRUE))),
  influence = list(rtol = 1e-9, rules = list(list(match = "n", exact = TRUE), list(match = "max_cooks_index", exact = TRUE))),
  predict_interval = list(rtol = 1e-9, rules = list(list(match = "n_new", exact = TRUE), list(match = "df", exact = TRUE)))
)

## make_case writes root/id. code is R source evaluated with d (and nd)
## read back from the CSV files just written, as the shared cases do.
make_case <- function(root, id, title, method, data, spec, code, notes = setNames(list(), character(0)), newdata = NULL) {
  dir <- file.path(root, id)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write_csv_exact(data, file.path(dir, "data.csv"))
  files <- "data.csv"
  if (!is.null(newdata)) {
    write_csv_exact(newdata, file.path(dir, "newdata.csv"))
    files <- c(files, "newdata.csv")
    spec$newdata <- "newdata.csv"
  }
  env <- new.env()
  env$d <- read.csv(file.path(dir, "data.csv"), stringsAsFactors = FALSE)
  if (!is.null(newdata)) env$nd <- read.csv(file.path(dir, "newdata.csv"), stringsAsFactors = FALSE)
  warns <- character(0)
  res <- withCallingHandlers(eval(parse(text = code), envir = env),
    warning = function(w) { warns <<- c(warns, trimws(conditionMessage(w))); invokeRestart("muffleWarning") },
    message = function(m) invokeRestart("muffleMessage"))
  case <- list(id = id, title = title, method = method, source = "synthetic, make_cases.R (seeded)",
               data_files = arr(files), n_rows = nrow(data), columns = arr(names(data)),
               spec = spec, r_code = code, tolerance = tolerances[[method]], notes = notes)
  writeLines(to_json(case), file.path(dir, "case.json"), useBytes = TRUE)
  meta <- list(software = "R", r_version = R.version.string,
               packages = list(stats = as.character(packageVersion("stats")),
                               quantreg = as.character(packageVersion("quantreg")),
                               lmtest = as.character(packageVersion("lmtest")),
                               car = as.character(packageVersion("car"))))
  writeLines(to_json(list(id = id, meta = meta, r_warnings = arr(unique(warns)), results = res)),
             file.path(dir, "expected.json"), useBytes = TRUE)
  invisible(res)
}
