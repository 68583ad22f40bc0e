#!/bin/sh
# bench/svg-write.sh - what drawing a flame graph costs, in the same run as
# its baseline, by `make bench`:
#  - perf -> svg against perf -> collapsed on bench/'s mixed perf file
#    (perf-collapse.sh makes it), all cores and 1 thread: the extra time of
#    the SVG writer over the collapse shows as the ratio (target: under
#    1.25x); "same": two runs write the same bytes;
#  - with ../shared: the size of stackkit's graph of each folded input
#    inferno drew, against inferno's SVG of it (as inferno wrote it, with
#    indentation, and with the indentation stripped), both without script,
#    as notes under the table.
set -eu
. "$(dirname "$0")/lib.sh"
SIZE_MB=${PERF_BENCH_MB:-340}
IN="$DATA/perf-mixed-${SIZE_MB}mb.txt"
make_once "$IN" perf-gen.py "$SIZE_MB" mixed
bytes=$(wc -c < "$IN")

cat "$IN" > /dev/null	# warm the page cache
best col "$SC" -q -t collapsed "$IN"
best_out "$TMP/g.svg" svg "$SC" -q -t svg "$IN"
"$SC" -q -t svg "$IN" > "$TMP/g2.svg"
row "perf -> svg (mixed, $(nproc) threads)" svg "perf -> collapsed" col "$bytes" \
	"$(same_files "$TMP/g.svg" "$TMP/g2.svg")"
best col1 "$SC" -q -t collapsed --threads 1 "$IN"
best_out "$TMP/g1.svg" svg1 "$SC" -q -t svg --threads 1 "$IN"
row "perf -> svg (mixed, 1 thread)" svg1 "perf -> collapsed, 1 thr" col1 "$bytes" \
	"$(same_files "$TMP/g1.svg" "$TMP/g2.svg")"
svg_bytes=$(wc -c < "$TMP/g.svg")
frames=$(grep -c '^<g' "$TMP/g.svg")
note "perf -> svg: $frames frames drawn, $(( svg_bytes / 1000 )) kB, $(( svg_bytes / frames )) bytes per frame"

# sizes against inferno's graphs of the same inputs
I="${SK_SHARED:-$top_srcdir/../shared}/corpus/inferno"
[ -d "$I" ] || { note "(../shared absent: no SVG size comparison with inferno)"; exit 0; }
F="$I/tests/data/flamegraph"; R="$I/flamegraph/test/results"
note "$(printf '%-58s %9s %9s %9s %7s %7s' "inferno graph (same folded input), bytes" "inferno" "stripped" "stackkit" "ratio" "ratio-s")"
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
	note "$(awk -v n="$1" -v a="$a" -v s="$s" -v o="$o" 'BEGIN {
		printf "%-58s %9d %9d %9d %7.2f %7.2f", n, a, s, o, o / a, o / s }')"
done
