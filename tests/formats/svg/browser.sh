#!/bin/sh
# browser.sh - the flame graph's script in a real browser: draws graphs from
# collapsed stacks (flame graph, icicle, flame chart) and lets browser.js
# drive them in headless Chromium through playwright-core: every frame
# drawn, zoom, reset, search, the URL fragment, no page error.  Screenshots
# go to tests/formats/svg/screenshots/ in the build tree.  Skipped (77) only
# when node, playwright-core (NODE_PATH) or Chromium cannot be started.
. "$top_srcdir/tests/lib.sh"
# where .ci/run installs playwright-core, unless NODE_PATH says otherwise
NODE_PATH=${NODE_PATH:-${XDG_CACHE_HOME:-$HOME/.cache}/stackkit-npm/node_modules}
export NODE_PATH
if ! command -v node > /dev/null 2>&1; then
	echo "SKIP: node not installed"; exit 77
fi
if ! node -e "require('playwright-core')" > /dev/null 2>&1; then
	echo "SKIP: playwright-core not found (npm install playwright-core into a NODE_PATH directory)"; exit 77
fi
JS="$top_srcdir/tests/formats/svg/browser.js"
SHOTS="$top_builddir/tests/formats/svg/screenshots"

# draw NAME FOLDED [OPTIONS]: the graph $TMP/NAME.svg, every frame kept
draw() {
	_name=$1; _in=$2; shift 2
	if "$STACKCONV" -t svg --minwidth 0 "$@" -o "$TMP/$_name.svg" "$_in" 2> "$TMP/err"; then
		pass
	else
		fail "stackconv -t svg $* $_in: $(cat "$TMP/err")"
	fi
}

# drive NAME FOLDED PLAN: browser.js on $TMP/NAME.svg
drive() {
	node "$JS" "$2" "$TMP/$1.svg" "$SHOTS" "$1" "$3"
	_rc=$?
	case $_rc in
	0) pass ;;
	77) exit 77 ;;
	*) fail "$1: browser checks failed (exit $_rc)" ;;
	esac
}

# Narrow frames with long names get their labels only once zoomed: one
# shows clipping, one must not be cut inside a surrogate pair, one needs
# escaping.
cat > "$TMP/flame.folded" <<'EOT'
main;parse;lex 40
main;parse;expr;lex 10
main;parse;expr;number 2
main;parse;a_very_long_function_name_too_narrow_for_a_label 2
main;parse;😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 2
main;parse;<&"'> 2
main;write 30
main;write;flush 20
idle 48
EOT
plan='{"zoom": "all;main;parse", "search": "lex", "nested": "parse|lex"}'
draw flame "$TMP/flame.folded"
drive flame "$TMP/flame.folded" "$plan"
draw icicle "$TMP/flame.folded" --inverted
drive icicle "$TMP/flame.folded" "$plan"

# A flame chart repeats a stack side by side, in time order.
cat > "$TMP/chart.folded" <<'EOT'
main;parse 5
main;write 3
main;parse;lex 4
main;parse 2
idle 3
main;write;flush 2
main;parse;lex 6
EOT
draw chart "$TMP/chart.folded" --flamechart
drive chart "$TMP/chart.folded" '{"zoom": "all;main;parse", "search": "^(lex|flush)$", "nested": "main|lex", "chart": true}'

# Units, sources and modules from pprof: the details line carries them.
"$STACKCONV" -t collapsed "$TESTDATA/pprof/cpu.pb.gz" > "$TMP/pprof.folded"
draw pprof "$TESTDATA/pprof/cpu.pb.gz"
drive pprof "$TMP/pprof.folded" '{"zoom": "all;runtime.main;main.main;main.gamma", "search": "^main\\.alpha$", "nested": "alpha|mix"}'

# Thread root frames (class "thread") keep their class through a zoom.
"$STACKCONV" -t collapsed "$TESTDATA/cpuprofile/chunks.json" > "$TMP/threads.folded"
draw threads "$TESTDATA/cpuprofile/chunks.json"
drive threads "$TMP/threads.folded" '{"zoom": "all;CrRendererMain;main", "search": "^(main|leaf)$", "nested": "main|leaf|idle"}'

# A differential graph (stackdiff's): widths and titles from the new run.
printf 'main;parse;lex 40\nmain;write 30\nidle 10\n' > "$TMP/base.folded"
printf 'main;parse;lex 20\nmain;parse;expr 15\nmain;write 45\nidle 10\n' > "$TMP/new.folded"
if "$top_builddir/cmd/stackdiff" --minwidth 0 -o "$TMP/diff.svg" "$TMP/base.folded" \
	"$TMP/new.folded" 2> "$TMP/err"; then pass; else fail "stackdiff -t svg: $(cat "$TMP/err")"; fi
drive diff "$TMP/new.folded" '{"zoom": "all;main;parse", "search": "lex", "nested": "parse|lex"}'

# Without the script the graph is still drawn whole.
draw static "$TMP/flame.folded" --no-javascript
drive static "$TMP/flame.folded" '{"static": true}'

finish
