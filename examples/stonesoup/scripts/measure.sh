#!/bin/sh
# measure.sh: the main job's peak memory and time at several county sizes.
#
#   examples/stonesoup/scripts/measure.sh [SIZE ...]
#
# Builds examples/stonesoup, runs it once per size (default 50000 200000
# 1500000 persons, seed 1) under /usr/bin/time -v, and prints for each the
# peak resident memory, the bytes per person, the wall-clock and CPU time,
# and the load average before the run (other work on the machine slows the
# wall clock). Run it from anywhere in the repository. Extra flags for the
# job can be given in STONESOUP_FLAGS (for example "-in DIR", with one size).
set -eu
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/stonesoup" ./examples/stonesoup)
[ $# -gt 0 ] || set -- 50000 200000 1500000
printf '%-9s %10s %10s %8s %8s %6s\n' persons "peak MB" "B/person" "wall s" "CPU s" load
prev_n= prev_kb=
for n in "$@"; do
	load=$(cut -d' ' -f1 /proc/loadavg)
	# shellcheck disable=SC2086
	/usr/bin/time -v "$tmp/stonesoup" -quiet -n "$n" -out "$tmp/out" ${STONESOUP_FLAGS:-} >/dev/null 2>"$tmp/time"
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time" | awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s}')
	cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$tmp/time")
	awk -v n="$n" -v kb="$kb" -v wall="$wall" -v cpu="$cpu" -v load="$load" \
		'BEGIN { printf "%-9s %10.0f %10.0f %8.1f %8.1f %6s\n", n, kb/1024, kb*1024/n, wall, cpu, load }'
	if [ -n "$prev_n" ] && [ "$n" -gt "$prev_n" ]; then
		awk -v n="$n" -v kb="$kb" -v pn="$prev_n" -v pkb="$prev_kb" \
			'BEGIN { printf "          the %d persons more than %d: %.0f bytes each\n", n-pn, pn, (kb-pkb)*1024/(n-pn) }'
	fi
	prev_n=$n prev_kb=$kb
done
