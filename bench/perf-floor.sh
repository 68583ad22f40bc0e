#!/bin/sh
# bench/perf-floor.sh - how close perf -> collapsed is to the least work
# of any reader that looks at every frame line (bench/perf-floor.c: find
# the lines, take each frame line's symbol and dso, hash them, one table
# lookup; two threads), on both bench profiles, next to `wc -l` and
# stackconv in the same run.  Not part of `make bench`: it compiles its
# own program.  Issue 13 asks why perf -> collapsed stays above 3x wc -l;
# this is the floor that answer starts from.
#
#   sh bench/perf-floor.sh
set -eu
BENCH_RESULTS=/dev/null BENCH_NOTES=/dev/null
. "$(dirname "$0")/lib.sh"
SIZE_MB=${PERF_BENCH_MB:-340}
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -I"$top_srcdir" -I"$top_srcdir/include" \
	-I"$top_builddir" -I"$top_builddir/include" -o "$TMP/perf-floor" \
	"$top_srcdir/bench/perf-floor.c" \
	"$top_srcdir/formats/perf/perf_fastframe.c" -lpthread
printf '%-12s %10s %10s %10s %8s %8s\n' profile "wc -l" floor stackconv \
	floor/wc sc/wc
for profile in mixed c-threads; do
	IN="$DATA/perf-$profile-${SIZE_MB}mb.txt"
	make_once "$IN" perf-gen.py "$SIZE_MB" "$profile"
	cat "$IN" > /dev/null
	best wc wc -l "$IN"
	best sc "$SC" -q -t collapsed "$IN"
	floor=$("$TMP/perf-floor" "$IN" | awk '{ print $1 / 1000 }')
	# T_ are microseconds, floor seconds
	awk -v p="$profile" -v w="$T_wc" -v f="$floor" -v s="$T_sc" 'BEGIN {
		w /= 1e6; s /= 1e6
		printf "%-12s %10.3f %10.3f %10.3f %7.2fx %7.2fx\n",
			p, w, f, s, f / w, s / w }'
done
