#!/bin/sh
# bench/perf-collapse.sh - how fast `stackconv -t collapsed` reads a large
# `perf script` file (mapped, and piped through stdin), next to `wc -l` and
# `cat` on the same file in the same run (best of 3 wall times each), with
# peak RSS.  Run by `make bench`.
#
# The input (bench/data/perf-big.txt, ~350 MB, under the build directory;
# ignored by git) is made once by perf-gen.py and then reused.
# STACKCOLLAPSE=path/to/stackcollapse-perf.pl adds the Perl reference.
set -eu
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
IN="$top_builddir/bench/data/perf-big.txt"
GEN=perf-gen.py
SIZE_MB=${PERF_BENCH_MB:-340}
. "$(dirname "$0")/lib.sh"
bench_input

bytes=$(wc -c < "$IN")
samples=$(grep -c 'cycles: $' "$IN" || true)
cat "$IN" > /dev/null	# warm the page cache
best wc wc -l "$IN"
best cat cat "$IN"
best sc "$SC" -q -t collapsed "$IN"
best sc1 "$SC" -q -t collapsed --threads 1 "$IN"
# A pipe is the serial path (no map, one scanner); a redirected file would
# be mapped.  cat runs on the other core; the RSS is the pipeline's peak.
best stdin sh -c 'cat "$1" | "$0" -q -t collapsed' "$SC" "$IN"

"$SC" -q -t collapsed "$IN" > "$TMP/n.txt"
"$SC" -q -t collapsed --threads 1 "$IN" > "$TMP/1.txt"
cat "$IN" | "$SC" -q -t collapsed > "$TMP/s.txt"
same=yes
cmp -s "$TMP/n.txt" "$TMP/1.txt" && cmp -s "$TMP/n.txt" "$TMP/s.txt" || same=NO
stacks=$(wc -l < "$TMP/n.txt")

awk -v bytes="$bytes" -v samples="$samples" -v stacks="$stacks" \
    -v wc="$T_wc" -v cat="$T_cat" -v sc="$T_sc" -v sc1="$T_sc1" \
    -v stdin="$T_stdin" -v rwc="$R_wc" -v rcat="$R_cat" -v rsc="$R_sc" \
    -v rsc1="$R_sc1" -v rstdin="$R_stdin" \
    -v cores="$(nproc)" -v same="$same" 'BEGIN {
	mb = bytes / 1e6
	printf "input: %.0f MB, %d samples, %d distinct stacks, %d cores\n", mb, samples, stacks, cores
	printf "%-28s %8s %9s %9s %8s %8s\n", "", "wall s", "MB/s", "RSS MB", "x wc -l", "x cat"
	row("wc -l", wc, rwc); row("cat", cat, rcat)
	row("stackconv (all cores)", sc, rsc); row("stackconv --threads 1", sc1, rsc1)
	row("cat file | stackconv", stdin, rstdin)
	printf "outputs equal (all cores, 1 thread, stdin): %s\n", same
}
function row(n, us, rss) {
	printf "%-28s %8.3f %9.0f %9.1f %8.2f %8.2f\n", n, us / 1e6, bytes / us, rss / 1024, us / wc, us / cat
}'

if [ -n "${STACKCOLLAPSE:-}" ]; then
	t0=$(now); perl "$STACKCOLLAPSE" "$IN" > "$TMP/pl.txt" 2>/dev/null; t1=$(now)
	echo "stackcollapse-perf.pl: $(( (t1 - t0) / 1000000 )) ms; same output: $(cmp -s "$TMP/pl.txt" "$TMP/n.txt" && echo yes || echo NO)"
fi
