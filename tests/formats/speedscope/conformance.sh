# tests/formats/speedscope/conformance.sh - every speedscope file of
# speedscope's own repository (../shared/corpus/speedscope/speedscope)
# reads as speedscope reads it (the stacks its importer shows, in
# speedscope's sample README and FORMATS.md), and its two invalid files are
# refused with speedscope's reasons.  Skipped without ../shared.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
C="$SHARED/corpus/speedscope/speedscope"

simple="a;b 5
a;b;c 5
a;b;d 4"
for f in 0.0.1/simple.speedscope.json 0.0.1/simple-no-pretty-print.speedscope.json \
	 0.1.2/simple-sampled.speedscope.json; do
	"$STACKCONV" -q "$C/$f" > "$TMP/out"
	expect_text "$f" "$simple" "$TMP/out"
done
# Two profiles are two threads; the file's name is its group's.
"$STACKCONV" -q "$C/0.6.0/two-sampled.speedscope.json" > "$TMP/out"
expect_text "two-sampled" "one;a;b 5
one;a;b;c 5
one;a;b;d 4
two;a;b 5
two;a;b;c 5
two;a;b;d 4" "$TMP/out"
"$STACKCONV" -q -t speedscope "$C/0.6.0/two-sampled.speedscope.json" |
	grep -c '"name":"Two Samples"' > "$TMP/out"
expect_text "two-sampled keeps its name" "1" "$TMP/out"

"$STACKCONV" -q "$C/invalid/incomplete-trace.json" 2> "$TMP/err"
expect_status "incomplete-trace" 2 $?
expect_text "incomplete-trace" "stackconv: $C/invalid/incomplete-trace.json: profiles[0].events: frame 0 is still open at the end (1 frames open)" "$TMP/err"
"$STACKCONV" -q "$C/invalid/out-of-order-events.json" 2> "$TMP/err"
expect_status "out-of-order-events" 2 $?
expect_text "out-of-order-events" "stackconv: $C/invalid/out-of-order-events.json: profiles[0].events[6]: closes frame 1, but frame 0 is the one open" "$TMP/err"

# Every file is accounted for: a new one in the corpus needs a check here.
find "$C" -name '*.json' | wc -l | tr -d ' ' > "$TMP/out"
expect_text "corpus files" "6" "$TMP/out"
finish
