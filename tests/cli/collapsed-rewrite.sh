# tests/cli/collapsed-rewrite.sh - one folded file to folded goes past the
# model (formats/collapsed_rewrite.c) with the bytes, errors and exit
# statuses of the model's path, which standard input still takes: plain
# and declined files, -o FILE (also gzipped), a bad line named by file and
# line, a bad -o, and --threads 1 against 2 on a file of several units.
. "$top_srcdir/tests/lib.sh"

# via_model FILE ARGS...: the model's output, through standard input
via_model() {
	f=$1; shift
	"$STACKCONV" "$@" < "$f"
}

# Deep stacks sharing prefixes, with repeats and weights of 0: 12 MB, so
# that the file is split into units at 4 MB.
awk 'BEGIN {
	srand(13);
	split("main a b ab a:b x_[k] lib::f(int) y! V8 WorkerThread _start q", n, " ");
	for (i = 0; i < 120000; i++) {
		d = 1 + int(rand() * 30); s = n[1 + int(rand() * 3)];
		for (j = 1; j < d; j++) s = s ";" n[1 + int(rand() * 12)];
		print s, int(rand() * 20);
	}
}' > "$TMP/big.folded"
"$STACKCONV" -t collapsed --threads 1 "$TMP/big.folded" > "$TMP/t1"
"$STACKCONV" -t collapsed --threads 2 "$TMP/big.folded" > "$TMP/t2"
via_model "$TMP/big.folded" -t collapsed > "$TMP/model"
expect_same "rewrite = model" "$TMP/model" "$TMP/t1"
expect_same "--threads 1 = --threads 2" "$TMP/t1" "$TMP/t2"
[ -s "$TMP/t1" ] && pass || fail "empty output"

"$STACKCONV" -o "$TMP/out.folded" "$TMP/big.folded"
expect_status "-o" 0 $?
expect_same "-o FILE" "$TMP/model" "$TMP/out.folded"
"$STACKCONV" -o "$TMP/out.folded.gz" "$TMP/big.folded"
gzip -dc "$TMP/out.folded.gz" > "$TMP/gunzipped"
expect_same "-o FILE.gz" "$TMP/model" "$TMP/gunzipped"

# declined (CRLF, a comment, a decimal weight): the model's bytes still
printf 'b;a 1\r\na 2\r\n' > "$TMP/crlf.folded"
printf '# made by hand\nb 1\na 2\n' > "$TMP/comment.folded"
printf 'b 1.5\na 2\nb 1\n' > "$TMP/decimal.folded"
for f in crlf comment decimal; do
	"$STACKCONV" "$TMP/$f.folded" > "$TMP/out"
	via_model "$TMP/$f.folded" > "$TMP/want"
	expect_same "declined: $f" "$TMP/want" "$TMP/out"
done
"$STACKCONV" "$TMP/decimal.folded" > "$TMP/out"
expect_text "declined: decimal, exactly" "a 2
b 2.5" "$TMP/out"

# a bad line: the reader's message, exit 2, the -o target untouched
printf 'a;b 1\nc 2\nno weight\nd 3\n' > "$TMP/bad.folded"
echo "keep me" > "$TMP/target"
"$STACKCONV" -o "$TMP/target" "$TMP/bad.folded" 2> "$TMP/err"
expect_status "bad line" 2 $?
expect_text "bad line message" "stackconv: $TMP/bad.folded:3: expected a weight at the end of the line" "$TMP/err"
expect_text "bad line: target kept" "keep me" "$TMP/target"
ls "$TMP" | grep -v '^target$' | grep -q '^\.\?target' && fail "temp file left" || pass
via_model "$TMP/bad.folded" 2> "$TMP/err" > /dev/null
expect_text "bad line, model path" "stackconv: <stdin>:3: expected a weight at the end of the line" "$TMP/err"

# an output that cannot be opened: as before, and after the input's error
printf 'a 1\n' > "$TMP/ok.folded"
"$STACKCONV" -o "$TMP/no/such/dir/x.folded" "$TMP/ok.folded" 2> "$TMP/err1"
expect_status "bad -o" 2 $?
via_model "$TMP/ok.folded" -o "$TMP/no/such/dir/x.folded" 2> "$TMP/err2"
expect_same "bad -o message" "$TMP/err2" "$TMP/err1"
"$STACKCONV" -o "$TMP/no/such/dir/x.folded" "$TMP/bad.folded" 2> "$TMP/err"
expect_text "bad input and bad -o: the input's error" "stackconv: $TMP/bad.folded:3: expected a weight at the end of the line" "$TMP/err"

finish
