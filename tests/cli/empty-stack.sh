#!/bin/sh
# empty-stack.sh - samples without a frame (pprof samples without
# locations) are the root's own weight: top and svg count them in the
# total as pprof does, collapsed warns once with their share, pprof's name
# filters drop them as pprof does.
. "$top_srcdir/tests/lib.sh"
IN="$TESTDATA/pprof/crafted/empty-stack.pb"
WARN="stackconv: warning: collapsed output: 5 of 7 samples/count (71.43%) have no stack frame and are left out"

"$STACKCONV" "$IN" > "$TMP/out" 2> "$TMP/err"
expect_text "collapsed keeps the stacks" "f 2" "$TMP/out"
expect_text "collapsed warns once" "$WARN" "$TMP/err"
"$STACKCONV" -q "$IN" > "$TMP/out" 2> "$TMP/err"
[ ! -s "$TMP/err" ] && pass || fail "-q: $(cat "$TMP/err")"

"$STACKCONV" -t top "$IN" > "$TMP/out"
expect_text "top: in the total, as go tool pprof -top" "Type: samples
Showing nodes accounting for 2, 28.57% of 7 total
      flat  flat%   sum%        cum   cum%
         2 28.57% 28.57%          2 28.57%  f" "$TMP/out"

"$STACKCONV" -t svg "$IN" | grep -o '<title>all ([^<]*' > "$TMP/out"
expect_text "svg: in the root's width" "<title>all (7 samples, 100%)" "$TMP/out"

# a name filter drops them (pprof's FilterSamplesByName), other filters
# keep them
"$STACKCONV" --hide nothing "$IN" > "$TMP/out" 2> "$TMP/err"
[ ! -s "$TMP/err" ] && pass || fail "--hide: $(cat "$TMP/err")"
"$STACKCONV" --max-depth 1 "$IN" > "$TMP/out" 2> "$TMP/err"
expect_text "--max-depth keeps them" "$WARN" "$TMP/err"

# a thread's root frame shows them: no warning then
printf 'spin 10/10 [000] 1.0: 5 cpu-clock:\n\nspin 10/10 [000] 1.1: 2 cpu-clock:\n\t400100 f (/tmp/spin)\n\n' \
	> "$TMP/e.perf"
"$STACKCONV" "$TMP/e.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "a thread root shows them" "spin 5
spin;f 2" "$TMP/out"
[ ! -s "$TMP/err" ] && pass || fail "thread root: $(cat "$TMP/err")"
"$STACKCONV" --no-comm "$TMP/e.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "without the root, a warning" "stackconv: warning: collapsed output: 5 of 7 cpu-clock/period (71.43%) have no stack frame and are left out" "$TMP/err"
finish
