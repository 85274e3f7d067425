#!/bin/bash
# run.sh -- stonesoup against R, side by side on the same machine, on the
# perf data of gen_perf_data.R (the recipe of the project's shared
# reference scripts).
#
# Usage (from anywhere):  bash calibrate/scripts/perf/run.sh [datadir]
#   datadir           folder of reg_200000.f64, reg_1000000.f64, surv_1000000.f64
#                     (default $PERF_DATA_DIR, else ./.perfdata; made with
#                     gen_perf_data.R when missing, ~226 MB)
# Env:
#   ROUNDS=3          rounds; each runs every task in Go and then at once in R
#   REPS=3            fits per task per round, on each side (the round's time is their mean)
#   R_OPENBLAS_DIR    optional folder holding OpenBLAS's libblas.so.3 and liblapack.so.3
#                     (e.g. unpacked from Debian's libopenblas0-pthread): each task then
#                     also runs in R with OpenBLAS, and R's best time is the faster of the two
#   OUT=./perf_results  where results.tsv and table.md go
#   ONLY="lm km_cont" only these tasks (lm summary_lm glm_gamma rq_fn km_cont km_days)
#
# Go side: the benchmarks BenchmarkVsR (calibrate) and BenchmarkKaplanMeierPerfData
# (pathway), run with -benchtime REPSx; R side: perf_r.R. Each task's
# figure is the best round of each side (the least disturbed by other work on
# the machine); the ratio is R's best over Go's best.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DATA=${1:-${PERF_DATA_DIR:-$PWD/.perfdata}}
ROUNDS=${ROUNDS:-3}
REPS=${REPS:-3}
OUT=${OUT:-$PWD/perf_results}
mkdir -p "$OUT"
if [ ! -f "$DATA/reg_1000000.f64" ] || [ ! -f "$DATA/surv_1000000.f64" ]; then
  Rscript "$HERE/gen_perf_data.R" "$DATA"
fi
DATA=$(cd "$DATA" && pwd)
BIN=$(mktemp -d)
trap 'rm -rf "$BIN"' EXIT
(cd "$ROOT" && go test -c -o "$BIN/calibrate.test" ./calibrate && go test -c -o "$BIN/pathway.test" ./pathway)

# task  n  Go test binary  Go benchmark  target ratio (- for none)
TASKS="lm 200000 calibrate ^BenchmarkVsR\$/^lm\$/^n=200000\$ 8
lm 1000000 calibrate ^BenchmarkVsR\$/^lm\$/^n=1000000\$ 8
summary_lm 1000000 calibrate ^BenchmarkVsR\$/^lm\$/^n=1000000\$ -
glm_gamma 200000 calibrate ^BenchmarkVsR\$/^glm_gamma\$/^n=200000\$ 15
glm_gamma 1000000 calibrate ^BenchmarkVsR\$/^glm_gamma\$/^n=1000000\$ 15
rq_fn 200000 calibrate ^BenchmarkVsR\$/^rq_fn\$/^n=200000\$ 4
rq_fn 1000000 calibrate ^BenchmarkVsR\$/^rq_fn\$/^n=1000000\$ 4
km_cont 1000000 pathway ^BenchmarkKaplanMeierPerfData\$/^continuous_1000000\$ 40
km_days 1000000 pathway ^BenchmarkKaplanMeierPerfData\$/^integer_days_1000000\$ -"

RES="$OUT/results.tsv"
printf 'round\ttask\tn\tside\twall_s\tcpu_s\tload1\n' > "$RES"
load1() { cut -d' ' -f1 /proc/loadavg; }
for round in $(seq 1 "$ROUNDS"); do
  while read -r task n pkg bench target; do
    if [ -n "${ONLY:-}" ] && ! grep -qw -- "$task" <<<"$ONLY"; then continue; fi
    line=$(PERF_DATA_DIR="$DATA" "$BIN/$pkg.test" -test.run '^$' -test.bench "$bench" \
      -test.benchtime "${REPS}x" -test.count 1 | grep '^Benchmark')
    ns=$(awk '{for (i = 2; i <= NF; i++) if ($i == "ns/op") print $(i-1)}' <<<"$line")
    cpu=$(awk '{for (i = 2; i <= NF; i++) if ($i == "cpu-ns/op") print $(i-1)}' <<<"$line")
    printf '%s\t%s\t%s\tGo\t%.4f\t%.4f\t%s\n' "$round" "$task" "$n" "$(awk "BEGIN{print $ns/1e9}")" \
      "$(awk "BEGIN{print $cpu/1e9}")" "$(load1)" >> "$RES"
    for blas in default ${R_OPENBLAS_DIR:+openblas}; do
      if [ "$blas" = openblas ]; then
        r=$(R_LD_LIBRARY_PATH="$R_OPENBLAS_DIR:$(R RHOME)/lib:${R_LD_LIBRARY_PATH:-}" Rscript "$HERE/perf_r.R" "$DATA" "$task" "$n" "$REPS")
      else
        r=$(Rscript "$HERE/perf_r.R" "$DATA" "$task" "$n" "$REPS")
      fi
      wall=$(sed 's/.*mean_s=\([0-9.]*\).*/\1/' <<<"$r")
      cpu=$(sed 's/.*cpu_s=\([0-9.]*\).*/\1/' <<<"$r")
      printf '%s\t%s\t%s\tR-%s\t%s\t%s\t%s\n' "$round" "$task" "$n" "$blas" "$wall" "$cpu" "$(load1)" >> "$RES"
    done
    echo "round $round $task $n done (load $(load1))" >&2
  done <<<"$TASKS"
done

# Best round of each side per task; R's best over both BLAS when both ran.
{
  echo "| task | n | Go best s | R best s | R BLAS | ratio R/Go | target | met |"
  echo "|---|---:|---:|---:|---|---:|---:|---|"
  while read -r task n pkg bench target; do
    if [ -n "${ONLY:-}" ] && ! grep -qw -- "$task" <<<"$ONLY"; then continue; fi
    awk -F'\t' -v t="$task" -v n="$n" -v target="$target" '
      $2 == t && $3 == n && $4 == "Go" && (g == "" || $5 < g) { g = $5 }
      $2 == t && $3 == n && $4 ~ /^R-/ && (r == "" || $5 < r) { r = $5; b = substr($4, 3) }
      END {
        ratio = r / g
        met = target == "-" ? "-" : (ratio >= target ? "yes" : "no")
        printf "| %s | %d | %.3f | %.3f | %s | %.1f | %s | %s |\n", t, n, g, r, b, ratio, (target == "-" ? "-" : "≥ " target), met
      }' "$RES"
  done <<<"$TASKS"
} | tee "$OUT/table.md"
echo "(R $(Rscript -e 'cat(R.version$major, R.version$minor, sep=".")'), quantreg $(Rscript -e 'cat(as.character(packageVersion("quantreg")))'), survival $(Rscript -e 'cat(as.character(packageVersion("survival")))'); $(nproc) cores; rounds $ROUNDS × reps $REPS; $(go version | cut -d' ' -f3))" | tee -a "$OUT/table.md"
