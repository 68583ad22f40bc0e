#!/bin/sh
# bench/svg-write.sh - what drawing a flame graph costs, in the same run as
# its baseline, by `make bench`:
#  - perf -> svg against perf -> collapsed on bench/'s perf file (best of
#    3 wall times each, 1 thread and all cores): the extra time of the SVG
#    writer as a share of the collapse, bytes per drawn frame, peak RSS;
#  - with ../shared: the size of stackkit's graph of each folded input
#    inferno drew, against inferno's SVG of it (as inferno wrote it, with
#    indentation, and with the indentation stripped), both without script.
set -eu
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
IN="$top_builddir/bench/data/perf-big.txt"
GEN=perf-gen.py
SIZE_MB=${PERF_BENCH_MB:-340}
. "$(dirname "$0")/lib.sh"
bench_input

cat "$IN" > /dev/null	# warm the page cache
best col "$SC" -q -t collapsed "$IN"
best svg "$SC" -q -t svg "$IN"
best col1 "$SC" -q -t collapsed --threads 1 "$IN"
best svg1 "$SC" -q -t svg --threads 1 "$IN"
"$SC" -q -t svg "$IN" > "$TMP/g.svg"
"$SC" -q -t svg "$IN" > "$TMP/g2.svg"
same=yes
cmp -s "$TMP/g.svg" "$TMP/g2.svg" || same=NO
bytes=$(wc -c < "$TMP/g.svg")
frames=$(grep -c '^<g' "$TMP/g.svg")

awk -v col="$T_col" -v svg="$T_svg" -v col1="$T_col1" -v svg1="$T_svg1" \
    -v rcol="$R_col" -v rsvg="$R_svg" -v bytes="$bytes" -v frames="$frames" \
    -v same="$same" 'BEGIN {
	printf "perf -> svg: %d frames drawn, %.1f MB, %.0f bytes per frame; same bytes twice: %s\n",
		frames, bytes / 1e6, bytes / frames, same
	printf "%-26s %9s %9s %9s %12s\n", "", "collapsed", "svg", "RSS MB", "svg extra"
	printf "%-26s %9.3f %9.3f %9.1f %11.0f%%\n", "all cores (wall s)", col / 1e6, svg / 1e6, rsvg / 1024, 100 * (svg - col) / col
	printf "%-26s %9.3f %9.3f %9s %11.0f%%\n", "--threads 1 (wall s)", col1 / 1e6, svg1 / 1e6, "", 100 * (svg1 - col1) / col1
	printf "target: svg extra under 25%% of the collapse\n"
}'

# sizes against inferno's graphs of the same inputs
I="${SK_SHARED:-$top_srcdir/../shared}/corpus/inferno"
[ -d "$I" ] || { echo "(../shared absent: no size comparison with inferno)"; exit 0; }
F="$I/tests/data/flamegraph"; R="$I/flamegraph/test/results"
printf '%-58s %9s %9s %9s %7s %7s\n' "inferno graph (same folded input)" "inferno" "stripped" "stackkit" "ratio" "ratio-s"
for pair in \
	"perf-vertx-stacks/perf-vertx-stacks-01-collapsed-all.svg $R/perf-vertx-stacks-01-collapsed-all.txt" \
	"example-perf-stacks/example-perf-stacks.svg $I/tests/data/collapse-perf/results/example-perf-stacks-collapsed.txt" \
	"colors/java.svg $R/perf-java-stacks-01-collapsed-all.txt" \
	"flamechart/flame.svg $F/flamechart/flames.txt" \
	"grey-frames/grey-frames.svg $F/grey-frames/grey-frames.txt"; do
	set -- $pair
	"$SC" "$2" -t svg --no-javascript --minwidth 0.01% > "$TMP/ours.svg"
	sed 's/^ *//' "$F/$1" | tr -d '\n' > "$TMP/stripped.svg"
	a=$(wc -c < "$F/$1"); s=$(wc -c < "$TMP/stripped.svg"); o=$(wc -c < "$TMP/ours.svg")
	awk -v n="$1" -v a="$a" -v s="$s" -v o="$o" 'BEGIN {
		printf "%-58s %9d %9d %9d %7.2f %7.2f\n", n, a, s, o, o / a, o / s }'
done
