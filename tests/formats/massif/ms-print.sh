#!/bin/sh
# ms-print.sh - the real consumer: valgrind's ms_print must print what the
# massif writer writes without complaint, and show for the peak snapshot
# the same total and the same entries (its top entries and, with the tree
# drawing stripped, every entry of more than 0 bytes) as for the original
# recording.  Also checks the reader against ms_print: the top entries of
# the peak are the stacks' last frames with their bytes.  Skipped (77)
# without ms_print.
. "$top_srcdir/tests/lib.sh"
if ! command -v ms_print > /dev/null 2>&1; then
	echo "SKIP: ms_print (valgrind) not installed"; exit 77
fi
D="$TESTDATA/massif"

# peak_view FILE: ms_print's peak snapshot as "total T" and its tree's
# entries without the drawing, 0-byte entries left out (the writer drops
# them).  Fails the check when ms_print fails.
peak_view() {
	if ms_print "$1" > "$TMP/ms" 2> "$TMP/ms.err" && [ ! -s "$TMP/ms.err" ]; then
		pass
	else
		fail "ms_print $1: $(head -3 "$TMP/ms.err")"
	fi
	awk '
		/Detailed snapshots:/ {
			if (match($0, /[0-9]+ \(peak\)/))
				peak = substr($0, RSTART, RLENGTH - 7)
		}
		in_tree && (/^$/ || /^---/) { exit }
		in_tree {
			line = $0
			sub(/^[| ]*/, "", line)
			if (line != "" && line !~ /\(0B\)/) print line
		}
		peak != "" && $1 == peak && $2 ~ /^[0-9,]+$/ {
			print "total " $3; in_tree = 1
		}' "$TMP/ms"
}

# The recordings, rewritten: the same peak in ms_print.
for f in default depth3 threshold0 threshold10 bytes ms stacks handmade; do
	peak_view "$D/$f.out" > "$TMP/want"
	"$STACKCONV" -t massif "$D/$f.out" > "$TMP/$f.massif"
	peak_view "$TMP/$f.massif" > "$TMP/got"
	[ "$(wc -l < "$TMP/want")" -ge 3 ] && pass || fail "$f: no peak in ms_print's output"
	expect_same "$f: ms_print's peak" "$TMP/want" "$TMP/got"
	# Every snapshot, in ms_print's table too.
	ms_print "$D/$f.out" | grep -c '^ *[0-9][0-9]*  ' > "$TMP/a"
	ms_print "$TMP/$f.massif" | grep -c '^ *[0-9][0-9]*  ' > "$TMP/b"
	expect_same "$f: ms_print's snapshot table" "$TMP/a" "$TMP/b"
done

# The reader agrees with ms_print: the top entries (allocation sites) of
# the peak in ms_print --threshold=0, bytes summed per function, are the
# stacks' last frames.
for f in default threshold0 stacks handmade; do
	ms_print --threshold=0 "$D/$f.out" | awk '
		/Detailed snapshots:/ {
			if (match($0, /[0-9]+ \(peak\)/))
				peak = substr($0, RSTART, RLENGTH - 7)
		}
		in_tree && (/^$/ || /^---/) { exit }
		in_tree && /^->/ && !/below massif/ && !/\(0B\)/ {
			b = $2; gsub(/[(),B]/, "", b)
			fn = $0; sub(/^[^:]*: /, "", fn); sub(/ \([^()]*\)$/, "", fn)
			s[fn] += b
		}
		peak != "" && $1 == peak && $2 ~ /^[0-9,]+$/ { in_tree = 1 }
		END { for (fn in s) print fn "=" s[fn] }' | sort > "$TMP/want"
	"$STACKCONV" "$D/$f.out" | awk '{
		w = $NF; sub(/ [^ ]*$/, "")
		n = split($0, fr, ";")
		if (fr[n] != "[below threshold]") s[fr[n]] += w
		} END { for (l in s) print l "=" s[l] }' | sort > "$TMP/got"
	[ -s "$TMP/want" ] && pass || fail "$f: no top entries from ms_print"
	expect_same "$f: top entries" "$TMP/want" "$TMP/got"
done

# A pprof heap profile (inuse_space) written as massif: ms_print reads it
# and its peak total is the profile's.
"$STACKCONV" -t massif "$TESTDATA/pprof/heap.pb.gz" > "$TMP/heap.massif"
peak_view "$TMP/heap.massif" > "$TMP/got"
total=$("$STACKCONV" "$TESTDATA/pprof/heap.pb.gz" |
	awk '{ s += $NF } END { printf "%d\n", s }' |
	sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
head -1 "$TMP/got" > "$TMP/t"
expect_text "pprof heap: ms_print's peak total" "total $total" "$TMP/t"
finish
