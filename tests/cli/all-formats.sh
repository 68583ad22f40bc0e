# tests/cli/all-formats.sh - what every registered format owes the others,
# for the formats `stackconv --list-formats` names, so a new format is
# tested here without being named: every writer writes, and every format
# that reads and writes carries frame names and integer weights through a
# round trip (collapsed -> FORMAT -> collapsed gives the same bytes).
. "$top_srcdir/tests/lib.sh"
IN="$TESTDATA/collapsed/unsorted.folded"

"$STACKCONV" --list-formats > "$TMP/list"; expect_status "--list-formats" 0 $?
# The listing's contract (cli.h): name, then r/w flags with '-' for none.
awk '$2 !~ /^[r-][w-]$/ { print "bad line: " $0 }' "$TMP/list" > "$TMP/bad"
[ -s "$TMP/bad" ] && fail "$(cat "$TMP/bad")" || pass
awk '$2 ~ /w/ { print $1 }' "$TMP/list" > "$TMP/writers"
awk '$2 == "rw" { print $1 }' "$TMP/list" > "$TMP/both"
grep -qx collapsed "$TMP/both" && pass || fail "collapsed is not listed as rw"

"$STACKCONV" "$IN" > "$TMP/want"
for t in $(cat "$TMP/writers"); do
	"$STACKCONV" -q -t "$t" "$IN" > "$TMP/out.$t"; expect_status "write $t" 0 $?
	[ -s "$TMP/out.$t" ] && pass || fail "write $t: empty output"
done
for t in $(cat "$TMP/both"); do
	# detected (the bytes must look like this format), then forced with -f
	"$STACKCONV" -q "$TMP/out.$t" > "$TMP/back.$t"; expect_status "read back $t" 0 $?
	expect_same "round trip through $t" "$TMP/want" "$TMP/back.$t"
	"$STACKCONV" -q -f "$t" "$TMP/out.$t" > "$TMP/back.$t"
	expect_same "round trip through $t with -f" "$TMP/want" "$TMP/back.$t"
done
echo "formats: $(tr '\n' ' ' < "$TMP/writers")"
finish
