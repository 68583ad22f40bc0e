#!/bin/sh
# bench/self-profile.sh - where stackconv's own time goes: `perf record`
# of `stackconv -t collapsed` on the collapse benchmark's input, turned
# into a flame graph by stackconv itself (perf script -> svg), and the
# top functions by self time.  Not part of `make bench` (perf needs
# permission to record: root, or kernel.perf_event_paranoid <= 1).
#
#   sh bench/self-profile.sh [INPUT [OUT.svg]]
#
# Call chains are taken with DWARF unwinding (the library is built without
# frame pointers).  INPUT defaults to the bench's generated perf file
# (bench/data/perf-mixed-340mb.txt, made once by bench/perf-gen.py).
set -eu
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
SIZE_MB=${PERF_BENCH_MB:-340}
DEFAULT_IN="$top_builddir/bench/data/perf-mixed-${SIZE_MB}mb.txt"
IN=${1:-$DEFAULT_IN}
OUT=${2:-self-profile.svg}
# No results table: this is not a case of `make bench`.
BENCH_RESULTS=/dev/null BENCH_NOTES=/dev/null
. "$(dirname "$0")/lib.sh"
if ! command -v perf > /dev/null; then
	echo "self-profile: perf is not installed" >&2
	exit 1
fi
[ "$IN" != "$DEFAULT_IN" ] || make_once "$IN" perf-gen.py "$SIZE_MB" mixed
perf record -q -e cpu-clock -F 2999 --call-graph dwarf,16384 \
	-o "$TMP/perf.data" "$SC" -q -t collapsed "$IN" > /dev/null
perf script -i "$TMP/perf.data" 2> /dev/null > "$TMP/self.perf"
"$SC" "$TMP/self.perf" -t svg --title "stackconv -t collapsed $(basename "$IN")" -o "$OUT"
echo "flame graph: $OUT"
echo "top functions by self time (share of samples):"
"$SC" "$TMP/self.perf" -t collapsed | awk '{
	w = $NF; s = $0; sub(/ [0-9]+$/, "", s)
	n = split(s, f, ";"); self[f[n]] += w; all += w }
	END { for (k in self) printf "%6.1f%%  %s\n", 100 * self[k] / all, k }' |
	sort -rn | head -15
