#!/bin/sh
# bench/cpuprofile-parse.sh - how fast `stackconv -t collapsed` reads a
# large .cpuprofile, next to node parsing the same file with JSON.parse
# (the engine speedscope and DevTools use), in one run: best of 3 wall
# times each, with peak RSS and its ratio to the file size.  Run by
# `make bench`.
#
# The input (bench/data/cpuprofile-big.cpuprofile, ~200 MB, under the
# build directory; ignored by git) is made once by cpuprofile-gen.py.
set -eu
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
IN="$top_builddir/bench/data/cpuprofile-big.cpuprofile"
GEN=cpuprofile-gen.py
SIZE_MB=${CPUPROFILE_BENCH_MB:-200}
. "$(dirname "$0")/lib.sh"
if ! command -v node > /dev/null; then
	echo "cpuprofile bench: node is not installed: skipped"
	exit 0
fi
bench_input

bytes=$(wc -c < "$IN")
cat "$IN" > /dev/null	# warm the page cache
best node node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$IN"
best sc "$SC" -q -t collapsed "$IN"
"$SC" -q -t collapsed "$IN" > "$TMP/out"
stacks=$(wc -l < "$TMP/out")
summary=$(node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(p.nodes.length + " nodes, " + p.samples.length + " samples")' "$IN")

awk -v bytes="$bytes" -v node="$T_node" -v sc="$T_sc" -v rnode="$R_node" \
    -v rsc="$R_sc" -v stacks="$stacks" -v summary="$summary" 'BEGIN {
	mb = bytes / 1e6
	printf "input: %.0f MB .cpuprofile, %s, %d distinct stacks\n", mb, summary, stacks
	printf "%-32s %8s %9s %9s %10s\n", "", "wall s", "MB/s", "RSS MB", "RSS/file"
	row("node JSON.parse", node, rnode)
	row("stackconv -t collapsed", sc, rsc)
	printf "stackconv / node: %.2fx the time, %.2fx the peak RSS\n", sc / node, rsc / rnode
}
function row(n, us, rss) {
	printf "%-32s %8.3f %9.0f %9.1f %9.2fx\n", n, us / 1e6, bytes / us, rss / 1024, rss * 1024 / bytes
}'
