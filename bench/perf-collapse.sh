#!/bin/sh
# bench/perf-collapse.sh - how fast `stackconv -t collapsed` reads a large
# `perf script` file, next to `wc -l` on the same file in the same run, on
# both perf-gen.py profiles (mixed: a busy machine, return addresses that
# vary; c-threads: one multi-threaded C program, frame lines repeated
# thousands of times); for the mixed one also with one thread and piped
# through stdin (perf_stream.c cuts the text into units as it arrives;
# cat runs too and the RSS is the pipeline's peak).  "same": the 1-thread
# and stdin outputs equal the all-cores one.  Last, a recording without
# call graphs piped in (no blank lines, indented headers: the stream has
# no place to cut and goes serial), the case where a search for places to
# cut once took 30x the scan.
#
# The inputs (bench/data/perf-*.txt, PERF_BENCH_MB each, default 340) are
# made once.  STACKCOLLAPSE=path/to/stackcollapse-perf.pl adds the Perl
# reference as a row.
set -eu
. "$(dirname "$0")/lib.sh"
SIZE_MB=${PERF_BENCH_MB:-340}

for profile in mixed c-threads; do
	IN="$DATA/perf-$profile-${SIZE_MB}mb.txt"
	make_once "$IN" perf-gen.py "$SIZE_MB" "$profile"
	bytes=$(wc -c < "$IN")
	cat "$IN" > /dev/null	# warm the page cache
	best wc wc -l "$IN"
	best_out "$TMP/n.txt" sc "$SC" -q -t collapsed "$IN"
	row "perf -> collapsed ($profile, $(nproc) threads)" sc "wc -l" wc "$bytes" n.a.
	[ "$profile" = mixed ] || continue
	best_out "$TMP/1.txt" sc1 "$SC" -q -t collapsed --threads 1 "$IN"
	row "perf -> collapsed ($profile, 1 thread)" sc1 "wc -l" wc "$bytes" \
		"$(same_files "$TMP/1.txt" "$TMP/n.txt")"
	best_out "$TMP/s.txt" stdin sh -c 'cat "$1" | "$0" -q -t collapsed' "$SC" "$IN"
	row "cat perf | stackconv ($profile)" stdin "wc -l" wc "$bytes" \
		"$(same_files "$TMP/s.txt" "$TMP/n.txt")"
	if [ -n "${STACKCOLLAPSE:-}" ]; then
		best_out "$TMP/pl.txt" pl perl "$STACKCOLLAPSE" "$IN"
		row "stackcollapse-perf.pl ($profile)" pl "wc -l" wc "$bytes" \
			"$(same_files "$TMP/pl.txt" "$TMP/n.txt")"
	fi
done

# Without call graphs: testdata's recording repeated to about 36 MB.
IN="$DATA/perf-nocallchain-36mb.txt"
if [ ! -s "$IN" ]; then
	i=0
	while [ $i -lt 3000 ]; do
		cat "$top_srcdir/testdata/perf/spin-nocallchain.perf"
		i=$((i + 1))
	done > "$IN.tmp"
	mv "$IN.tmp" "$IN"
fi
bytes=$(wc -c < "$IN")
best wc wc -l "$IN"
best_out "$TMP/f.txt" file "$SC" -q -t collapsed "$IN"
best_out "$TMP/p.txt" pipe sh -c 'cat "$1" | "$0" -q -t collapsed' "$SC" "$IN"
row "cat perf | stackconv (no call graph)" pipe "wc -l" wc "$bytes" \
	"$(same_files "$TMP/p.txt" "$TMP/f.txt")"
