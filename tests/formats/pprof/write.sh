#!/bin/sh
# write.sh - the pprof writer: gzip by default, raw for .pb names and
# --no-gzip, identical bytes for identical input, and lossless round trips
# (every stack and total of every sample type; inlined frames; labels).
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/pprof"
C="$D/crafted"

magic() { od -An -tx1 -N2 "$1" | tr -d ' '; }

"$STACKCONV" -t pprof "$D/cpu.pb.gz" > "$TMP/stdout.out"
magic "$TMP/stdout.out" > "$TMP/m"
expect_text "gzip on stdout" "1f8b" "$TMP/m"
"$STACKCONV" -o "$TMP/a.pb.gz" "$D/cpu.pb.gz"
magic "$TMP/a.pb.gz" > "$TMP/m"
expect_text "gzip for .pb.gz" "1f8b" "$TMP/m"
"$STACKCONV" -o "$TMP/a.pb" "$D/cpu.pb.gz"
magic "$TMP/a.pb" > "$TMP/m"
expect_text "raw for .pb" "0a04" "$TMP/m"
"$STACKCONV" -t pprof --no-gzip "$D/cpu.pb.gz" > "$TMP/raw"
expect_same "--no-gzip" "$TMP/a.pb" "$TMP/raw"
gunzip -c "$TMP/a.pb.gz" > "$TMP/unzipped"
expect_same "gzip of the same bytes" "$TMP/a.pb" "$TMP/unzipped"

# Deterministic: same input, same bytes.
"$STACKCONV" -o "$TMP/b.pb.gz" "$D/cpu.pb.gz"
expect_same "deterministic" "$TMP/a.pb.gz" "$TMP/b.pb.gz"

# pprof -> pprof keeps every stack and total of every sample type.
for f in cpu.pb.gz heap.pb.gz crafted/inline.pb crafted/empty-stack.pb; do
	"$STACKCONV" --all-values "$D/$f" > "$TMP/before"
	"$STACKCONV" -o "$TMP/rt.pb.gz" "$D/$f"
	"$STACKCONV" --all-values "$TMP/rt.pb.gz" > "$TMP/after"
	expect_same "round trip $f" "$TMP/before" "$TMP/after"
done

# Inlined frames, files, lines and labels survive.
"$STACKCONV" -o "$TMP/inl.pb" "$C/inline.pb"
for opt in "--frame-format=name (file:line) kind" "--label-frames=thread,size"; do
	"$STACKCONV" "$opt" --all-values "$C/inline.pb" > "$TMP/before"
	"$STACKCONV" "$opt" --all-values "$TMP/inl.pb" > "$TMP/after"
	expect_same "round trip $opt" "$TMP/before" "$TMP/after"
done

# pprof -> collapsed -> pprof keeps the default type's stacks and totals.
"$STACKCONV" "$D/cpu.pb.gz" > "$TMP/cpu.folded"
"$STACKCONV" -t pprof -o "$TMP/from-folded.pb.gz" "$TMP/cpu.folded"
"$STACKCONV" "$TMP/from-folded.pb.gz" > "$TMP/out"
expect_same "via collapsed" "$D/cpu.folded" "$TMP/out"

finish
