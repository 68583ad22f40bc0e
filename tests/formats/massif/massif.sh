#!/bin/sh
# massif.sh - the massif reader against expected outputs checked by hand
# against the recordings' trees (testdata/massif, recorded by
# testdata/src/massif/record.sh), --snapshot, the value types, and massif
# -> massif round trips that keep every snapshot.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/massif"
E="$top_srcdir/tests/formats/massif/expected"

# Each recording's peak tree as folded stacks, weighted in bytes.
for f in default depth3 threshold0 threshold10 bytes ms stacks handmade; do
	"$STACKCONV" "$D/$f.out" > "$TMP/$f.folded"; expect_status "$f" 0 $?
	expect_same "$f peak" "$E/$f.folded" "$TMP/$f.folded"
done
# Frames keep address, function, file and line, or the object.
"$STACKCONV" --frame-format 'name (file:line) kind' "$D/handmade.out" > "$TMP/f"
expect_same "handmade fields" "$E/handmade-fields.folded" "$TMP/f"
"$STACKCONV" -t pprof -o "$TMP/h.pb" "$D/handmade.out"
"$STACKCONV" --frame-format 'address module' "$TMP/h.pb" > "$TMP/f"
expect_text "handmade addresses and objects through pprof" \
"0x0  96
0x401f00 ;0x401a2b ;0x4c2db8f /usr/lib/x86_64-linux-gnu/valgrind/vgpreload_massif-amd64-linux.so 4000
0x401f22 ;0x401b10 ;0x401b10 ;0x4c2db8f /usr/lib/x86_64-linux-gnu/valgrind/vgpreload_massif-amd64-linux.so 1000
0x5a0e100 ;0x5a0e3c1 /usr/lib/libplugin.so 904" "$TMP/f"

# Totals: the peak's stacks add up to its mem_heap_B.
for f in default depth3 threshold0 threshold10 bytes ms stacks; do
	got=$(awk '{ s += $NF } END { print s }' "$TMP/$f.folded")
	want=$(awk '/^mem_heap_B=/ { h = substr($0, 12) }
		/^heap_tree=peak/ { print h }' "$D/$f.out")
	[ "$got" = "$want" ] && pass || fail "$f: stacks add up to $got, mem_heap_B=$want"
done

# --snapshot: a number, last, peak; an empty or missing snapshot is an error.
"$STACKCONV" --snapshot 18 "$D/default.out" > "$TMP/s"
expect_same "--snapshot 18" "$E/default-18.folded" "$TMP/s"
"$STACKCONV" --snapshot last "$D/default.out" > "$TMP/s"
expect_same "--snapshot last" "$E/default-last.folded" "$TMP/s"
"$STACKCONV" --snapshot peak "$D/default.out" > "$TMP/s"
expect_same "--snapshot peak" "$E/default.folded" "$TMP/s"
"$STACKCONV" --snapshot 3 "$D/default.out" > /dev/null 2> "$TMP/err"
expect_status "--snapshot of an empty one" 2 $?
expect_text "--snapshot 3 message" "stackconv: $D/default.out: snapshot 3 has no heap tree (heap_tree=empty)" "$TMP/err"
"$STACKCONV" --snapshot 999 "$D/default.out" > /dev/null 2> "$TMP/err"
expect_status "--snapshot 999" 2 $?
expect_text "--snapshot 999 message" "stackconv: $D/default.out: no snapshot=999" "$TMP/err"
"$STACKCONV" --snapshot top "$D/default.out" > /dev/null 2> "$TMP/err"
expect_status "--snapshot top" 2 $?

# Value types: heap by default; heap_extra and stacks where nonzero.
"$STACKCONV" -t pprof -o "$TMP/s.pb" "$D/stacks.out"
"$STACKCONV" -t collapsed --all-values "$TMP/s.pb" | head -1 > "$TMP/vt"
expect_text "stacks.out value types" "heap/bytes heap_extra/bytes stacks/bytes" "$TMP/vt"
"$STACKCONV" -t pprof -o "$TMP/d.pb" "$D/default.out"
"$STACKCONV" -t collapsed --all-values "$TMP/d.pb" | head -1 > "$TMP/vt"
expect_text "default.out value types" "heap/bytes heap_extra/bytes" "$TMP/vt"
"$STACKCONV" --sample-type stacks "$D/stacks.out" > "$TMP/s"
expect_same "stacks/bytes at the peak" "$E/stacks-stacks.folded" "$TMP/s"
"$STACKCONV" --sample-type heap_extra --snapshot 1 "$D/handmade.out" > "$TMP/s"
expect_same "heap_extra/bytes of snapshot 1" "$E/handmade-extra-1.folded" "$TMP/s"

# massif -> massif: files with no zero-byte nodes come back byte for byte.
"$STACKCONV" -t massif "$D/handmade.out" > "$TMP/rt"
expect_same "handmade round trip" "$D/handmade.out" "$TMP/rt"
corpus="$SHARED/corpus/generated/massif-simple.out"
if [ -f "$corpus" ]; then
	"$STACKCONV" -t massif "$corpus" > "$TMP/rt"
	expect_same "massif-simple.out round trip" "$corpus" "$TMP/rt"
fi
# The recordings: every snapshot kept, with its totals and time, and every
# detailed tree the same stacks; only nodes of 0 bytes are left out.
for f in default depth3 threshold0 threshold10 bytes ms stacks; do
	"$STACKCONV" -t massif "$D/$f.out" > "$TMP/rt.out"
	grep -v '^ *n' "$D/$f.out" > "$TMP/a"
	grep -v '^ *n' "$TMP/rt.out" > "$TMP/b"
	expect_same "$f: snapshots and totals" "$TMP/a" "$TMP/b"
	grep -v '^  *n[0-9]*: 0 ' "$D/$f.out" | grep '^ *n' | sed 's/n[0-9]*:/nK:/' > "$TMP/a"
	grep '^ *n' "$TMP/rt.out" | sed 's/n[0-9]*:/nK:/' > "$TMP/b"
	expect_same "$f: tree lines but the empty ones" "$TMP/a" "$TMP/b"
	for n in $(awk '/^snapshot=/ { n = substr($0, 10) }
		/^heap_tree=(detailed|peak)/ { print n }' "$D/$f.out"); do
		"$STACKCONV" --snapshot "$n" "$D/$f.out" > "$TMP/a"
		"$STACKCONV" --snapshot "$n" "$TMP/rt.out" > "$TMP/b"
		expect_same "$f snapshot $n" "$TMP/a" "$TMP/b"
	done
	"$STACKCONV" -t massif "$TMP/rt.out" > "$TMP/rt2.out"
	expect_same "$f re-written" "$TMP/rt.out" "$TMP/rt2.out"
done

# From a non-massif profile: one detailed peak snapshot of the default
# value type (inuse_space), whose total is the profile's.
"$STACKCONV" -t massif "$TESTDATA/pprof/heap.pb.gz" > "$TMP/heap.out"
expect_status "pprof heap -> massif" 0 $?
grep -c '^snapshot=' "$TMP/heap.out" > "$TMP/n"
expect_text "one snapshot" 1 "$TMP/n"
grep '^heap_tree=' "$TMP/heap.out" > "$TMP/n"
expect_text "a peak snapshot" "heap_tree=peak" "$TMP/n"
total=$("$STACKCONV" "$TESTDATA/pprof/heap.pb.gz" | awk '{ s += $NF } END { print s }')
sed -n 's/^mem_heap_B=//p' "$TMP/heap.out" > "$TMP/n"
expect_text "pprof heap total" "$total" "$TMP/n"
"$STACKCONV" "$TESTDATA/pprof/heap.pb.gz" > "$TMP/a"
"$STACKCONV" "$TMP/heap.out" > "$TMP/b"
expect_same "pprof heap stacks through massif" "$TMP/a" "$TMP/b"
finish
