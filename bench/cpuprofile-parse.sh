#!/bin/sh
# bench/cpuprofile-parse.sh - how fast `stackconv -t collapsed` reads a
# large .cpuprofile, next to node parsing the same file with JSON.parse
# (the engine speedscope and DevTools use), in one run, with peak RSS and
# its share of the file size (a note under the table).  Run by `make
# bench`.
#
# The input (bench/data/cpuprofile-*.cpuprofile, CPUPROFILE_BENCH_MB big,
# default 100, under the build directory; ignored by git) is made once by
# cpuprofile-gen.py.
# bench/rw-cpuprofile.sh times the writer, and the reader on its output.
set -eu
. "$(dirname "$0")/lib.sh"
SIZE_MB=${CPUPROFILE_BENCH_MB:-100}
IN="$DATA/cpuprofile-${SIZE_MB}mb.cpuprofile"
if ! command -v node > /dev/null; then
	skip "cpuprofile read (${SIZE_MB} MB)" "node is not installed"
	exit 0
fi
make_once "$IN" cpuprofile-gen.py "$SIZE_MB"

bytes=$(wc -c < "$IN")
cat "$IN" > /dev/null	# warm the page cache
best node node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$IN"
best sc "$SC" -q -t collapsed "$IN"
row "cpuprofile -> collapsed (${SIZE_MB} MB)" sc "node JSON.parse" node "$bytes" n.a.
note "cpuprofile -> collapsed (${SIZE_MB} MB): peak RSS $(( R_sc * 1024 * 100 / bytes ))% of the file (node: $(( R_node * 1024 * 100 / bytes ))%)"
