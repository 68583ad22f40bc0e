#!/bin/sh
# top.sh - the top writer's exact tables from folded and perf inputs,
# recursion counted once per stack, units, and its option errors.  The
# numbers against go tool pprof itself are go-pprof.sh's.
. "$top_srcdir/tests/lib.sh"
E="$top_srcdir/tests/formats/top/expected"

"$STACKCONV" -t top "$TESTDATA/collapsed/filter.folded" > "$TMP/out"
expect_same "folded" "$E/filter.top" "$TMP/out"
"$STACKCONV" -t top "$TESTDATA/perf/spin-fp.perf" > "$TMP/out"
expect_same "perf: columns widen for long numbers" "$E/spin-fp.top" "$TMP/out"
"$STACKCONV" -t top --cum --nodecount 5 "$TESTDATA/perf/spin-fp.perf" > "$TMP/out"
expect_same "perf --cum --nodecount 5" "$E/spin-fp.cum5.top" "$TMP/out"

# recursion: a function counts once per stack in cum
printf 'a;a;a;b 3\na;b;a 2\n' | "$STACKCONV" -t top --cum > "$TMP/out"
expect_text "recursion" "Type: samples
Showing nodes accounting for 5, 100% of 5 total
      flat  flat%   sum%        cum   cum%
         2 40.00% 40.00%          5   100%  a
         3 60.00%   100%          5   100%  b" "$TMP/out"

# units as pprof scales them: one unit for the table, from the smallest
# row, one step up when the total would need more digits
"$STACKCONV" -t top "$TESTDATA/speedscope/evented.speedscope.json" > "$TMP/out"
expect_text "milliseconds from speedscope" "speedscope exporter: hand-written
Type: time
Showing nodes accounting for 14ms, 100% of 14ms total
      flat  flat%   sum%        cum   cum%
       8ms 57.14% 57.14%       13ms 92.86%  main
       4ms 28.57% 85.71%        5ms 35.71%  parse
       1ms  7.14% 92.86%        1ms  7.14%  lex
       1ms  7.14%   100%        3ms 21.43%  spin worker" "$TMP/out"
"$STACKCONV" -t top "$TESTDATA/massif/default.out" | sed -n '3,6p' > "$TMP/out"
expect_text "kilobytes from massif" "Type: heap
Showing nodes accounting for 26.79kB, 100% of 26.79kB total
      flat  flat%   sum%        cum   cum%
   19.53kB 72.92% 72.92%    19.53kB 72.92%  keep_buffer" "$TMP/out"

# filters run first: the percentages are of what they keep
"$STACKCONV" -t top --focus parse "$TESTDATA/collapsed/filter.folded" > "$TMP/out"
expect_text "after a filter" "Type: samples
Showing nodes accounting for 7, 100% of 7 total
      flat  flat%   sum%        cum   cum%
         5 71.43% 71.43%          5 71.43%  read
         2 28.57%   100%          2 28.57%  0x4005d0
         0     0%   100%          7   100%  main
         0     0%   100%          7   100%  parse" "$TMP/out"

"$STACKCONV" -t top --nodecount x "$TESTDATA/collapsed/filter.folded" \
	> "$TMP/out" 2> "$TMP/err"
expect_status "bad --nodecount" 2 $?
expect_text "bad --nodecount message" \
	"stackconv: --nodecount: 'x' is not a number of rows (0 for all)" "$TMP/err"
"$STACKCONV" -f top "$TESTDATA/collapsed/filter.folded" > "$TMP/out" 2> "$TMP/err"
expect_status "top cannot be read" 2 $?
finish
