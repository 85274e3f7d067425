## make_case.R -- write one reference case folder in the format of the
## shared reference cases (reference README, "Conventions in the files"):
##
##   <root>/<id>/data.csv       the data, numbers in the shortest form that
##                              reads back to the same double
##   <root>/<id>/newdata.csv    (optional) rows to predict
##   <root>/<id>/case.json      id, title, method, source, data_files, n_rows,
##                              columns, spec, r_code, r_code_context,
##                              tolerance, notes
##   <root>/<id>/expected.json  id, meta, r_warnings, results
##
## The results are computed by evaluating r_code with
## d <- read.csv('data.csv', stringsAsFactors = FALSE) (and nd from
## newdata.csv) re-read from the files just written, after sourcing
## common.R and ref_helpers.R (the shared helpers, copied unchanged beside
## this file), exactly as the shared cases were made. Every R warning raised
## while computing is recorded in r_warnings (trimmed, duplicates removed,
## in order of first appearance).
##
## Source common.R and ref_helpers.R before this file.

invisible(Sys.setlocale("LC_COLLATE", "C"))
RNGkind("Mersenne-Twister", "Inversion", "Rejection")

make_case <- function(root, id, title, method, data, spec, r_code, tolerance,
                      notes = NULL, newdata = NULL, source = "synthetic (seeded), see make_cases.R") {
  dir <- file.path(root, id)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write_csv_exact(data, file.path(dir, "data.csv"))
  files <- "data.csv"
  env <- new.env(parent = globalenv())
  env$d <- read.csv(file.path(dir, "data.csv"), stringsAsFactors = FALSE)
  ctx <- "evaluated with `d <- read.csv('data.csv', stringsAsFactors = FALSE)` after sourcing scripts/common.R and scripts/ref_helpers.R"
  if (!is.null(newdata)) {
    write_csv_exact(newdata, file.path(dir, "newdata.csv"))
    files <- c(files, "newdata.csv")
    env$nd <- read.csv(file.path(dir, "newdata.csv"), stringsAsFactors = FALSE)
    ctx <- "evaluated with `d <- read.csv('data.csv', stringsAsFactors = FALSE)` and `nd <- read.csv('newdata.csv', stringsAsFactors = FALSE)` after sourcing scripts/common.R and scripts/ref_helpers.R"
  }
  warns <- character(0)
  res <- withCallingHandlers(eval(parse(text = r_code), envir = env),
    warning = function(w) {
      warns <<- c(warns, trimws(conditionMessage(w)))
      invokeRestart("muffleWarning")
    },
    message = function(m) invokeRestart("muffleMessage"))
  case <- list(id = id, title = title, method = method, source = source,
               data_files = arr(files), n_rows = nrow(data), columns = arr(names(data)))
  if (!is.null(newdata)) {
    case$newdata_n_rows <- nrow(newdata)
    case$newdata_columns <- arr(names(newdata))
  }
  case$spec <- spec
  case$r_code <- r_code
  case$r_code_context <- ctx
  case$tolerance <- tolerance
  if (!is.null(notes)) case$notes <- notes
  write_json(case, file.path(dir, "case.json"))
  meta <- r_meta()
  for (p in c("lmtest", "car", "sandwich"))
    meta$packages[[p]] <- as.character(packageVersion(p))
  write_json(list(id = id, meta = meta, r_warnings = arr(unique(warns)), results = res),
             file.path(dir, "expected.json"))
  cat(sprintf("%-45s %-20s %d warning(s) %s\n", id, method, length(unique(warns)),
              paste(unique(warns), collapse = " | ")))
  invisible(res)
}
