#!/bin/sh
# go-pprof.sh - massif -> pprof read by the real consumer: `go tool pprof
# -traces` shows the same bytes per stack as stackconv's folded output of
# the massif file, for the heap and (where the file has them) the
# heap_extra and stacks value types.  Skipped (77) without go.
. "$top_srcdir/tests/lib.sh"
use_go_pprof
D="$TESTDATA/massif"

for f in default depth3 threshold0 threshold10 bytes ms stacks handmade; do
	"$STACKCONV" -o "$TMP/$f.pb.gz" "$D/$f.out"; expect_status "$f -> pprof" 0 $?
	for vt in heap heap_extra stacks; do
		"$STACKCONV" --sample-type $vt "$D/$f.out" > "$TMP/want" 2> /dev/null ||
			continue
		if go tool pprof -traces -unit=B -sample_index=$vt "$TMP/$f.pb.gz" \
			> "$TMP/traces" 2> "$TMP/err"; then pass; else
			fail "$f: go tool pprof: $(head -3 "$TMP/err")"
		fi
		sh "$T2F" < "$TMP/traces" > "$TMP/got"
		[ -s "$TMP/want" ] && pass || fail "$f $vt: nothing to compare"
		expect_same "$f $vt: bytes per stack in go tool pprof" "$TMP/want" "$TMP/got"
	done
done
finish
