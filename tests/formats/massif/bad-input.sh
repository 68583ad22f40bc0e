#!/bin/sh
# bad-input.sh - damaged massif files are errors naming the file and line,
# with exit status 2: malformed lines, trees whose children add up to more
# than their parent, indentation that skips a level, nK child counts that
# disagree with the lines that follow, totals that disagree with the tree.
. "$top_srcdir/tests/lib.sh"
B="$TESTDATA/massif/bad"

# bad NAME MESSAGE: stackconv fails on bad/NAME.out with exit 2 and says
# "stackconv: FILE:MESSAGE".
bad() {
	"$STACKCONV" "$B/$1.out" > "$TMP/out" 2> "$TMP/err"
	expect_status "$1" 2 $?
	expect_text "$1 message" "stackconv: $B/$1.out:$2" "$TMP/err"
	[ -s "$TMP/out" ] && fail "$1: output on error" || pass
}
bad children-exceed "15: the children of the node at line 12 add up to 350 bytes, more than its 300"
bad skips-level "14: the indentation skips a level (3 spaces where 2 are expected)"
bad too-few-children "17: the tree ends here, but the node at line 12 says n3 and has 2 children"
bad too-many-children "14: a tree line after the tree of line 12 ended: a node says fewer children (nK) than follow it"
bad malformed-node "13: expected '0xADDRESS: FUNCTION' or 'in N places, all below massif's threshold' after the byte count"
bad malformed-count "13: expected a tree line 'nCHILDREN: BYTES DESCRIPTION'"
bad missing-field "8: expected 'mem_heap_B=' (snapshot=0)"
bad top-mismatch "12: the tree's top node has 200 bytes but mem_heap_B=300"
bad bad-time-unit "3: time_unit must be i, ms or B"

# Cut files: every prefix of a recording ending inside a tree or a
# snapshot's fields is an error, never a crash or a silent half profile.
D="$TESTDATA/massif"
head -c 0 /dev/null > "$TMP/empty.out"
"$STACKCONV" -f massif "$TMP/empty.out" > /dev/null 2> "$TMP/err"
expect_status "empty" 2 $?
expect_text "empty message" "stackconv: $TMP/empty.out:1: no massif header ('desc:', 'cmd:', 'time_unit:')" "$TMP/err"
n=$(grep -n 'heap_tree=peak' "$D/default.out" | cut -d: -f1)
head -n $((n + 3)) "$D/default.out" > "$TMP/cut.out"
"$STACKCONV" "$TMP/cut.out" > /dev/null 2> "$TMP/err"
expect_status "cut in the peak tree" 2 $?
expect_text "cut message" "stackconv: $TMP/cut.out:$((n + 4)): the tree ends here, but the node at line $((n + 2)) says n2 and has 1 children" "$TMP/err"
head -n $((n - 2)) "$D/default.out" > "$TMP/cut.out"
"$STACKCONV" "$TMP/cut.out" > /dev/null 2> "$TMP/err"
expect_status "cut in the fields" 2 $?
expect_text "cut fields message" "stackconv: $TMP/cut.out:$((n - 1)): the input ends before 'mem_stacks_B=' (snapshot=48)" "$TMP/err"
# Every prefix by lines: exit 0 or 2, nothing else.
lines=$(wc -l < "$D/handmade.out")
i=1
while [ $i -le "$lines" ]; do
	head -n $i "$D/handmade.out" > "$TMP/p.out"
	"$STACKCONV" -f massif "$TMP/p.out" > /dev/null 2>&1
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 2 ] && pass || fail "prefix of $i lines: exit $rc"
	i=$((i + 1))
done
finish
