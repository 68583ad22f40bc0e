# tests/cli/all-formats.sh - what every registered format owes the others,
# for the formats `stackconv --list-formats` names, so a new format is
# tested here without being named: every writer writes; for every format
# that reads and writes, its output reads back (detected and with -f) to
# every stack and weight of the input, and re-written gives the same bytes.
# Read back as collapsed a stack may gain root frames (perf's comm, as
# stackcollapse-perf.pl prints it), so stacks are compared as suffixes.
. "$top_srcdir/tests/lib.sh"
IN="$TESTDATA/collapsed/unsorted.folded"

"$STACKCONV" --list-formats > "$TMP/list"; expect_status "--list-formats" 0 $?
# The listing's contract (cli.h): name, then r/w flags with '-' for none.
awk '$2 !~ /^[r-][w-]$/ { print "bad line: " $0 }' "$TMP/list" > "$TMP/bad"
[ -s "$TMP/bad" ] && fail "$(cat "$TMP/bad")" || pass
awk '$2 ~ /w/ { print $1 }' "$TMP/list" > "$TMP/writers"
awk '$2 == "rw" { print $1 }' "$TMP/list" > "$TMP/both"
grep -qx collapsed "$TMP/both" && pass || fail "collapsed is not listed as rw"

# expect_stacks NAME GOT: every "stack weight" line of $TMP/want is a line of
# GOT or the end of one after a ';', and nothing else carries weight.
expect_stacks() {
	LC_ALL=C awk -v name="$1" '
		NR == FNR { want[$0] = 1; total += $NF; next }
		{
			got += $NF
			for (w in want)
				if ($0 == w || substr($0, length($0) - length(w)) == ";" w)
					found[w] = 1
		}
		END {
			for (w in want)
				if (!(w in found)) print name ": stack lost: " w
			if (got != total) print name ": total weight " got ", expected " total
		}' "$TMP/want" "$2" > "$TMP/lost"
	if [ -s "$TMP/lost" ]; then fail "$(cat "$TMP/lost")"; else pass; fi
}

"$STACKCONV" "$IN" > "$TMP/want"
for t in $(cat "$TMP/writers"); do
	"$STACKCONV" -q -t "$t" "$IN" > "$TMP/out.$t"; expect_status "write $t" 0 $?
	[ -s "$TMP/out.$t" ] && pass || fail "write $t: empty output"
done
for t in $(cat "$TMP/both"); do
	"$STACKCONV" -q "$TMP/out.$t" > "$TMP/back.$t"; expect_status "detect $t" 0 $?
	expect_stacks "through $t" "$TMP/back.$t"
	"$STACKCONV" -q -f "$t" "$TMP/out.$t" > "$TMP/back.$t"
	expect_stacks "through $t with -f" "$TMP/back.$t"
	"$STACKCONV" -q -f "$t" -t "$t" "$TMP/out.$t" > "$TMP/again.$t"
	expect_same "$t re-written" "$TMP/out.$t" "$TMP/again.$t"
done
echo "formats: $(tr '\n' ' ' < "$TMP/writers")"
finish
