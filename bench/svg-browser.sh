#!/bin/sh
# bench/svg-browser.sh - how a 100k-frame flame graph behaves in headless
# Chromium: the load (navigation to the first frame painted after onload)
# and a zoom click (event to the next painted frame), with a second click,
# a deeper click, Reset Zoom and a search, best of 3 page loads each
# (bench/svg-browser.js), and the load of the same graph without script as
# the load's baseline: rows of the table (ms shown as wall s).  Run by
# `make bench`; skipped, not failed, without node, playwright-core
# (NODE_PATH) or Chromium.
#
# The stacks (bench/data/svg-100000.folded, under the build directory) are
# made once by svg-gen.py; the graph is drawn by `stackconv -t svg
# --minwidth 0` so that every frame is kept.
set -eu
. "$(dirname "$0")/lib.sh"
FRAMES=${SVG_BENCH_FRAMES:-100000}
IN="$DATA/svg-${FRAMES}.folded"
# where .ci/run installs playwright-core, unless NODE_PATH says otherwise
NODE_PATH=${NODE_PATH:-${XDG_CACHE_HOME:-$HOME/.cache}/stackkit-npm/node_modules}
export NODE_PATH
if ! command -v node > /dev/null || ! node -e "require('playwright-core')" 2> /dev/null; then
	skip "svg in chromium (${FRAMES} frames)" "node with playwright-core is not available"
	exit 0
fi
make_once "$IN" svg-gen.py "$FRAMES"
"$SC" -q -t svg --minwidth 0 "$IN" > "$TMP/graph.svg"
"$SC" -q -t svg --minwidth 0 --no-javascript "$IN" > "$TMP/static.svg"
bytes=$(wc -c < "$TMP/graph.svg")
if ! node "$top_srcdir/bench/svg-browser.js" "$TMP/graph.svg" 3 > "$TMP/times" 2> "$TMP/err"; then
	if grep -q "Failed to launch" "$TMP/err"; then
		skip "svg in chromium (${FRAMES} frames)" "chromium cannot be started"
		exit 0
	fi
	cat "$TMP/err" >&2
	exit 1
fi
node "$top_srcdir/bench/svg-browser.js" "$TMP/static.svg" 3 load-only > "$TMP/static-times"
# one "name<TAB>ms<TAB>baseline ms" line per row
node -e '
const fs = require("fs");
const t = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const s = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const rows = [["load to first paint", t.load_ms, s.load_ms],
	["zoom click (row 3, widest)", t.first_click_ms], ["zoom click again", t.click_ms],
	["zoom click (row 10, widest)", t.deep_click_ms], ["Reset Zoom", t.unzoom_ms],
	["search ^fn_1", t.search_ms]];
for (const [n, ms, base] of rows) console.log(`${n}\t${ms}\t${base === undefined ? "-" : base}`);
' "$TMP/times" "$TMP/static-times" > "$TMP/rows"
while IFS='	' read -r name ms base; do
	us=$(awk -v ms="$ms" 'BEGIN { printf "%d", ms * 1000 }')
	if [ "$base" = - ]; then
		rawrow "chromium: $name" "$us" - - - - 3 n.a.
	else
		rawrow "chromium: $name" "$us" "the same without script" \
			"$(awk -v ms="$base" 'BEGIN { printf "%d", ms * 1000 }')" "$bytes" - 3 n.a.
	fi
done < "$TMP/rows"
note "svg in chromium: $FRAMES frames (stackconv -t svg --minwidth 0), $(( bytes / 1000 )) kB"
