#!/bin/sh
# tests/cli/many-inputs.sh - many inputs on one command line (sk_read_files):
# read on several threads and merged as a tree, with the same bytes out
# whatever --threads says, the merge of reading them one after the other,
# warnings in input order, and the error a serial read reports.
. "$top_srcdir/tests/lib.sh"
SC="$STACKCONV"

# 30 inputs (4 groups of the tree, the last one short), overlapping stacks
i=0
while [ $i -lt 30 ]; do
	awk -v seed=$i 'BEGIN { srand(seed); for (k = 0; k < 40; k++) {
		s = "main"; d = 1 + int(rand() * 6)
		for (j = 0; j < d; j++) s = s ";f" int(rand() * 9)
		print s, 1 + int(rand() * 20) } }' > "$TMP/in$i.folded"
	i=$((i + 1))
done
# Two of them gzipped with bytes after the stream: a warning each
for k in 12 20; do
	gzip -c "$TMP/in$k.folded" > "$TMP/in$k.gz"
	printf 'junk' >> "$TMP/in$k.gz"
done
set --
i=0
while [ $i -lt 30 ]; do
	case $i in
	12|20) set -- "$@" "$TMP/in$i.gz" ;;
	*) set -- "$@" "$TMP/in$i.folded" ;;
	esac
	i=$((i + 1))
done

for t in collapsed pprof speedscope; do
	for n in 1 2 4; do
		"$SC" --threads $n "$@" -t $t -o "$TMP/out$n.$t" 2> "$TMP/err$n"
		expect_status "-t $t --threads $n: exit status" 0 $?
	done
	expect_same "-t $t: --threads 2 = --threads 1" "$TMP/out1.$t" "$TMP/out2.$t"
	expect_same "-t $t: --threads 4 = --threads 1" "$TMP/out1.$t" "$TMP/out4.$t"
done
# The merge is the concatenation's (folded lines are summed per stack)
i=0
while [ $i -lt 30 ]; do cat "$TMP/in$i.folded"; i=$((i + 1)); done |
	"$SC" -t collapsed > "$TMP/cat.collapsed"
expect_same "30 inputs = their concatenation" "$TMP/cat.collapsed" "$TMP/out1.collapsed"
# Warnings: both, in input order, with any thread count
printf '%s\n' \
	"stackconv: warning: $TMP/in12.gz: data after the gzip stream, from byte $(($(wc -c < "$TMP/in12.gz") - 4)) on, ignored" \
	"stackconv: warning: $TMP/in20.gz: data after the gzip stream, from byte $(($(wc -c < "$TMP/in20.gz") - 4)) on, ignored" \
	> "$TMP/want_warn"
expect_same "warnings in input order, --threads 1" "$TMP/want_warn" "$TMP/err1"
expect_same "warnings in input order, --threads 4" "$TMP/want_warn" "$TMP/err4"

# A bad input in the third group: the serial read's error, after the
# warning of the input before it and not the one after
printf 'main;f1 12\nmain;f2 x\n' > "$TMP/in17.folded"
"$SC" "$TMP/in17.folded" > /dev/null 2> "$TMP/alone"
expect_status "bad input alone: exit status" 2 $?
for n in 1 2 4; do
	"$SC" --threads $n "$@" -o "$TMP/bad.out" 2> "$TMP/bad$n"
	expect_status "bad input, --threads $n: exit status" 2 $?
	[ -e "$TMP/bad.out" ] && fail "bad input, --threads $n: output written"
	{ head -1 "$TMP/want_warn"; cat "$TMP/alone"; } > "$TMP/want_bad"
	expect_same "bad input, --threads $n: messages" "$TMP/want_bad" "$TMP/bad$n"
done

# A merge that fails in the second group (other value types): named as
# the serial merge names it
cp "$top_srcdir/testdata/pprof/heap.pb.gz" "$TMP/heap.pb.gz"
set -- "$TMP"/in[0-9].folded "$TMP/in10.folded" "$TMP/heap.pb.gz" "$TMP"/in2?.folded
for n in 1 4; do
	"$SC" --threads $n "$@" > /dev/null 2> "$TMP/types$n"
	expect_status "other value types, --threads $n: exit status" 2 $?
done
expect_text "other value types: message" "stackconv: $TMP/heap.pb.gz: cannot merge profiles with different value types: samples/count versus alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes" "$TMP/types4"
expect_same "other value types: --threads 4 = --threads 1" "$TMP/types1" "$TMP/types4"

# Standard input among many: read once, in its place
cat "$TMP/in5.folded" | "$SC" --threads 4 "$TMP/in0.folded" - "$TMP/in9.folded" > "$TMP/stdin.out"
cat "$TMP/in0.folded" "$TMP/in5.folded" "$TMP/in9.folded" | "$SC" > "$TMP/stdin.want"
expect_same "- among the inputs" "$TMP/stdin.want" "$TMP/stdin.out"

echo "$checks checks passed, $failures failed"
[ "$failures" -eq 0 ]
