#!/bin/sh
# bench/table.sh RESULTS [NOTES] - prints the results of `make bench` as
# one table: the rows the case scripts appended to RESULTS (tab-separated,
# see row in bench/lib.sh), then the lines of NOTES.
#   s      best wall time in seconds (of the runs counted under runs)
#   ratio  stackkit's time over the baseline's (under 1: stackkit is faster)
#   MB/s   the input read (or, for a writer, the output written) per second
#   runs   how many runs the best time is of, stackkit/baseline
#   same   yes when the output equals the reference (see each case)
awk -F '\t' '
function sec(us) { return us == "-" || us == "" ? "-" : sprintf("%.3f", us / 1e6) }
BEGIN {
	fmt = "%-44s %10s  %-26s %7s %7s %6s %7s %5s %4s\n"
	printf fmt, "case", "stackkit s", "baseline", "base s", "ratio", "MB/s", "RSS MB", "runs", "same"
}
$2 == "skip" { printf "%-44s skipped: %s\n", $1, $3; next }
{
	ratio = ($4 == "-" || $4 == 0) ? "-" : sprintf("%.2fx", $2 / $4)
	mbs = ($5 == "-" || $2 == 0) ? "-" : sprintf("%.0f", $5 / $2)
	rss = $6 == "-" ? "-" : sprintf("%.1f", $6 / 1024)
	runs = $4 == "-" ? $7 : $7 "/" $8
	printf fmt, $1, sec($2), $3, sec($4), ratio, mbs, rss, runs, $9
}' "$1"
if [ -n "${2:-}" ] && [ -s "$2" ]; then
	echo
	cat "$2"
fi
