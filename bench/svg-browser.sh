#!/bin/sh
# bench/svg-browser.sh - how a 100k-frame flame graph behaves in headless
# Chromium: the load (navigation to the first frame painted after onload)
# and a zoom click (event to the next painted frame), with a second click,
# a deeper click, Reset Zoom and a search, best of 3 page loads each
# (bench/svg-browser.js), and the load of the same graph without script.  Run by `make bench`; skipped, not failed, without
# node, playwright-core (NODE_PATH) or Chromium.
#
# The stacks (bench/data/svg-100000.folded, under the build directory) are
# made once by svg-gen.py; the graph is drawn by `stackconv -t svg
# --minwidth 0` so that every frame is kept.
set -eu
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
FRAMES=${SVG_BENCH_FRAMES:-100000}
IN="$top_builddir/bench/data/svg-${FRAMES}.folded"
. "$(dirname "$0")/lib.sh"
# where .ci/run installs playwright-core, unless NODE_PATH says otherwise
NODE_PATH=${NODE_PATH:-${XDG_CACHE_HOME:-$HOME/.cache}/stackkit-npm/node_modules}
export NODE_PATH
if ! command -v node > /dev/null || ! node -e "require('playwright-core')" 2> /dev/null; then
	echo "svg browser bench: node with playwright-core is not available: skipped"
	exit 0
fi
if [ ! -s "$IN" ]; then
	mkdir -p "$(dirname "$IN")"
	python3 "$top_srcdir/bench/svg-gen.py" "$IN.tmp" "$FRAMES"
	mv "$IN.tmp" "$IN"
fi
"$SC" -q -t svg --minwidth 0 "$IN" > "$TMP/graph.svg"
"$SC" -q -t svg --minwidth 0 --no-javascript "$IN" > "$TMP/static.svg"
bytes=$(wc -c < "$TMP/graph.svg")
if ! node "$top_srcdir/bench/svg-browser.js" "$TMP/graph.svg" 3 > "$TMP/times" 2> "$TMP/err"; then
	if grep -q "Failed to launch" "$TMP/err"; then
		echo "svg browser bench: chromium cannot be started: skipped"
		exit 0
	fi
	cat "$TMP/err" >&2
	exit 1
fi
node "$top_srcdir/bench/svg-browser.js" "$TMP/static.svg" 3 load-only > "$TMP/static-times"
node -e '
const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const bytes = Number(process.argv[2]);
console.log(`svg in chromium: ${t.frames} frames (stackconv -t svg --minwidth 0), ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / t.frames).toFixed(0)} bytes/frame`);
const row = (n, ms) => console.log(`  ${n.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`);
row("load to first paint", t.load_ms);
row("  the same without script", JSON.parse(require("fs").readFileSync(process.argv[4], "utf8")).load_ms);
row("first zoom click (row 3, widest)", t.first_click_ms);
row("zoom click again", t.click_ms);
row("zoom click (row 10, widest)", t.deep_click_ms);
row("Reset Zoom", t.unzoom_ms);
row("search ^fn_1", t.search_ms);
console.log(`  (load average ${process.argv[3]}, ${require("os").cpus().length} cores)`);
' "$TMP/times" "$bytes" "$(cut -d' ' -f1-3 /proc/loadavg)" "$TMP/static-times"
