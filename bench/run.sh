#!/bin/sh
# bench/run.sh - `make bench`: runs every case script named in
# BENCH_CASES (paths under the source directory; each format's local.am
# adds its own), which append rows to one results file, then prints the
# table (bench/table.sh) and the total elapsed time.  The results stay in
# the build directory's bench/results.tsv.  BENCH_ONLY=PATTERN runs only
# the scripts whose name contains PATTERN.  A script that fails gets a row
# saying so, the others still run, and the exit status is 1.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
mkdir -p "$top_builddir/bench"
BENCH_RESULTS="$top_builddir/bench/results.tsv"
BENCH_NOTES="$top_builddir/bench/notes.txt"
: > "$BENCH_RESULTS"; : > "$BENCH_NOTES"
export BENCH_RESULTS BENCH_NOTES
start=$(date +%s%N)
status=0
for script in ${BENCH_CASES:-}; do
	case $script in *"${BENCH_ONLY:-}"*) ;; *) continue ;; esac
	echo "== $script"
	t0=$(date +%s%N)
	if ! sh "$top_srcdir/$script"; then
		printf '%s\tskip\tFAILED (see its output above)\n' "$script" >> "$BENCH_RESULTS"
		status=1
	fi
	echo "   ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
done
end=$(date +%s%N)
echo
echo "$("$top_builddir/cmd/stackconv" --version 2>/dev/null | head -n 1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
sh "$top_srcdir/bench/table.sh" "$BENCH_RESULTS" "$BENCH_NOTES"
echo
echo "total elapsed: $(( (end - start) / 1000000000 )) s"
exit $status
