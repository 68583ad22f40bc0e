#!/bin/sh
# tests/fuzz/smoke.sh - a short fuzzing run for CI: builds nothing, runs
# each libFuzzer binary given for a few seconds over seeds from testdata/,
# and fails when any of them finds a crash, a leak or a mismatch.
#
#   tests/fuzz/smoke.sh [-t SECONDS] BUILD/tests/fuzz/fuzz_perf ...
#
# SECONDS is per binary (default 30).  fuzz_NAME starts from every file
# under testdata/NAME/ and testdata/bad/ (all of testdata/ when there is no
# testdata/NAME/), copied to a scratch corpus so testdata/ stays as it is.
# On a failure the scratch directory is kept: it holds the log and the
# input that failed (crash-*, leak-*, timeout-*), to replay with
# `BINARY FILE`.
set -eu

seconds=30
if [ "${1:-}" = "-t" ]; then
	seconds=${2:?"-t needs a number of seconds"}
	shift 2
fi
if [ $# -eq 0 ]; then
	echo "usage: $0 [-t SECONDS] FUZZ-BINARY..." >&2
	exit 2
fi
testdata=$(cd "$(dirname "$0")/../../testdata" && pwd)
status=0

for bin in "$@"; do
	if [ ! -x "$bin" ]; then
		echo "smoke.sh: $bin: no such fuzz binary (build it first)" >&2
		exit 2
	fi
	name=$(basename "$bin")
	name=${name#fuzz_}
	work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-smoke-$name.XXXXXX")
	mkdir "$work/corpus"
	seeds="$testdata/$name"
	[ -d "$seeds" ] || seeds=$testdata
	# Numbered names: seeds from different directories may share a name.
	n=0
	find "$seeds" "$testdata/bad" -type f | sort | while read -r f; do
		n=$((n + 1))
		cp "$f" "$work/corpus/seed-$n"
	done
	echo "== $name: $seconds s from $(find "$work/corpus" -type f | wc -l) seeds"
	if "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/" \
		"$work/corpus" > "$work/log" 2>&1; then
		grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' \
			"$work/log" || true
		rm -rf "$work"
	else
		echo "smoke.sh: $name FAILED; log and input kept in $work" >&2
		tail -n 40 "$work/log" >&2
		status=1
	fi
done
exit $status
