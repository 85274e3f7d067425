#!/bin/sh
# measure-cld.sh: the main job's peak memory and time with -cld, at several
# sizes of a synthetic CLD file.
#
#   examples/stonesoup/scripts/measure-cld.sh [ROWS ...]
#
# For each size (default 1000000 rows) it writes a synthetic CLD file of
# about ROWS rows (NHS England's view, 150 councils, seed 1; 20 million rows
# take about 8.8 GB of disk) into a temporary folder with pathway/cld's
# measured run, which also reads it and computes every measure on its own
# under /usr/bin/time (printed as "pathway/cld alone"); then it runs the
# main job on the file under /usr/bin/time -v with a county of each size in
# COUNTIES (default "200000 50": the default county, and 50 persons, the
# CLD stage nearly alone), and prints the peak resident memory, the wall
# and CPU time and the load average before each run; the file is deleted
# after. Run it from anywhere in the repository. Extra flags for the job
# can be given in STONESOUP_FLAGS.
set -eu
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/stonesoup" ./examples/stonesoup)
[ $# -gt 0 ] || set -- 1000000
printf '%-9s %-18s %10s %8s %8s %6s\n' rows county "peak MB" "wall s" "CPU s" load
for rows in "$@"; do
	file="$tmp/cld.csv"
	load=$(cut -d' ' -f1 /proc/loadavg)
	(cd "$root" && CLD_MEASURED="$rows" CLD_MEASURED_FILE="$file" go test -count=1 -v -run '^TestMeasuredRun$' -timeout 120m ./pathway/cld >"$tmp/pkg.log" 2>&1)
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/pkg.log")
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/pkg.log" | awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s}')
	cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$tmp/pkg.log")
	awk -v r="$rows" -v kb="$kb" -v wall="$wall" -v cpu="$cpu" -v load="$load" \
		'BEGIN { printf "%-9s %-18s %10.0f %8.1f %8.1f %6s\n", r, "pathway/cld alone", kb/1024, wall, cpu, load }'
	for n in ${COUNTIES:-200000 50}; do
		load=$(cut -d' ' -f1 /proc/loadavg)
		# shellcheck disable=SC2086
		/usr/bin/time -v "$tmp/stonesoup" -quiet -n "$n" -cld "$file" -out "$tmp/out" ${STONESOUP_FLAGS:-} >/dev/null 2>"$tmp/time"
		kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time" | awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s}')
		cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$tmp/time")
		awk -v r="$rows" -v n="$n" -v kb="$kb" -v wall="$wall" -v cpu="$cpu" -v load="$load" \
			'BEGIN { printf "%-9s %-18s %10.0f %8.1f %8.1f %6s\n", r, n, kb/1024, wall, cpu, load }'
		# the CLD stage's steps, from the job's own timing
		awk '/"cpu_s"/ { c = $2; sub(/,$/, "", c) }
			/"step": "CLD/ { s = $0; sub(/.*"step": "/, "", s); sub(/",?$/, "", s); getline; w = $2; sub(/,$/, "", w)
				printf "    %s: %.1f s wall, %.1f s CPU\n", s, w, c }' "$tmp/out/results.json"
	done
	rm -f "$file"
done
