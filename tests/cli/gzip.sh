# tests/cli/gzip.sh - transparent gunzip on input, gzip on output, limits
# and broken streams.
. "$top_srcdir/tests/lib.sh"
C="$TESTDATA/collapsed"

gzip -c "$C/unsorted.folded" > "$TMP/in.gz"
"$STACKCONV" "$TMP/in.gz" > "$TMP/out"; expect_status "gz input" 0 $?
expect_same "gz input" "$C/unsorted.expected" "$TMP/out"
# detected by content, not by name
cp "$TMP/in.gz" "$TMP/in.folded"
"$STACKCONV" "$TMP/in.folded" > "$TMP/out"
expect_same "gz under another name" "$C/unsorted.expected" "$TMP/out"
"$STACKCONV" < "$TMP/in.gz" > "$TMP/out"
expect_same "gz on stdin" "$C/unsorted.expected" "$TMP/out"

# output: by name, by --gzip, and deterministic bytes
"$STACKCONV" "$C/unsorted.folded" -o "$TMP/out.folded.gz"; expect_status "gz output" 0 $?
gzip -dc "$TMP/out.folded.gz" > "$TMP/out"
expect_same "gz output" "$C/unsorted.expected" "$TMP/out"
"$STACKCONV" --gzip "$C/unsorted.folded" > "$TMP/stdout.gz"
cmp -s "$TMP/stdout.gz" "$TMP/out.folded.gz" && pass || fail "--gzip stdout differs from -o x.gz"
"$STACKCONV" "$TMP/out.folded.gz" -o "$TMP/again.folded.gz"
cmp -s "$TMP/again.folded.gz" "$TMP/out.folded.gz" && pass || fail "gz round trip not byte-identical"

# truncated stream
head -c 20 "$TMP/in.gz" > "$TMP/cut.gz"
"$STACKCONV" "$TMP/cut.gz" > /dev/null 2> "$TMP/err"; expect_status "truncated gz" 2 $?
expect_text "truncated gz" "stackconv: $TMP/cut.gz: truncated gzip stream (ends inside compressed data)" "$TMP/err"

# decompression limit
head -c 3000000 /dev/zero | tr '\0' '\n' | gzip -c > "$TMP/bomb.gz"
"$STACKCONV" --max-input-size 1M "$TMP/bomb.gz" > /dev/null 2> "$TMP/err"; expect_status "size limit" 2 $?
expect_text "size limit" "stackconv: $TMP/bomb.gz: input exceeds the limit of 1048576 bytes after decompression (--max-input-size)" "$TMP/err"
"$STACKCONV" --max-input-size 4M "$TMP/bomb.gz" > "$TMP/out"; expect_status "under the limit" 0 $?
"$STACKCONV" --max-input-size 12Q "$TMP/bomb.gz" 2> "$TMP/err"; expect_status "bad size" 2 $?

# Output of many 128 KiB buffers: compressed on a thread of its own with
# --threads 2, on the caller's with --threads 1; the same bytes, to a file
# and to stdout, and a write error is reported either way.
awk 'BEGIN { for (i = 0; i < 60000; i++)
	printf "main;worker_%d;compute_%d;leaf_%d %d\n", i % 97, i, i % 13, i + 1 }' \
	> "$TMP/many.folded"
for th in 1 2; do
	"$STACKCONV" --threads $th "$TMP/many.folded" -o "$TMP/many-$th.folded.gz"
	expect_status "big gz output (threads $th)" 0 $?
	"$STACKCONV" --threads $th --gzip "$TMP/many.folded" > "$TMP/many-$th.stdout.gz"
	expect_same "big gz stdout (threads $th)" "$TMP/many-$th.folded.gz" "$TMP/many-$th.stdout.gz"
	if [ -w /dev/full ]; then
		"$STACKCONV" --threads $th "$TMP/many.folded" --gzip > /dev/full 2> "$TMP/err"
		expect_status "gz to a full disk (threads $th)" 2 $?
		expect_text "gz to a full disk (threads $th)" "stackconv: <stdout>: write error: No space left on device" "$TMP/err"
	fi
done
expect_same "big gz output, 1 and 2 threads" "$TMP/many-1.folded.gz" "$TMP/many-2.folded.gz"
[ "$(wc -c < "$TMP/many-1.folded.gz")" -gt 262144 ] && pass || fail "big gz output is under two buffers"
"$STACKCONV" "$TMP/many.folded" > "$TMP/many.out"
gzip -dc "$TMP/many-2.folded.gz" | cmp -s - "$TMP/many.out" && pass || fail "big gz output does not decompress to the plain output"
finish
