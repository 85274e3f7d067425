#!/bin/sh
# same-results.sh: does a change leave the main job's results as they were?
#
#   examples/stonesoup/scripts/same-results.sh [REF] [-- FLAGS...]
#
# Builds examples/stonesoup at git revision REF (default main) and in the
# working tree, runs both with the same flags (default: the default county,
# seed 1, 200,000 persons), and compares the two output folders with
# TestSameOutputs: every file equal but for the run's timing (results.json's
# "timing", the report's run-time line and table of steps). The accounting
# printed on standard output is compared too. Exit status 0 when the same.
set -eu
ref=main
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
	ref=$1
	shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
git -C "$root" archive "$ref" | tar -x -C "$tmp/src"
(cd "$tmp/src" && go build -o "$tmp/old" ./examples/stonesoup)
(cd "$root" && go build -o "$tmp/new" ./examples/stonesoup)
"$tmp/old" -quiet -out "$tmp/old-out" "$@" | grep -v '^Wrote ' >"$tmp/old.txt"
"$tmp/new" -quiet -out "$tmp/new-out" "$@" | grep -v '^Wrote ' >"$tmp/new.txt"
status=0
diff "$tmp/old.txt" "$tmp/new.txt" || status=1
(cd "$root" && go test -count=1 -run '^TestSameOutputs$' ./examples/stonesoup -args -old "$tmp/old-out" -new "$tmp/new-out") || status=1
if [ $status -eq 0 ]; then
	echo "same results as $ref"
fi
exit $status
