# tests/cli/collapsed.sh - the folded format end to end: FlameGraph order,
# round trips, --frame-format, encodings from ../shared when present.
. "$top_srcdir/tests/lib.sh"
C="$TESTDATA/collapsed"

"$STACKCONV" "$C/unsorted.folded" > "$TMP/a"
expect_same "sorted and aggregated" "$C/unsorted.expected" "$TMP/a"
"$STACKCONV" "$TMP/a" > "$TMP/b"
expect_same "round trip" "$TMP/a" "$TMP/b"
"$STACKCONV" "$C/base.folded" > "$TMP/out"
expect_text "decimal weights" "main;parse 10
main;parse;lex 4
main;write 1.5" "$TMP/out"
"$STACKCONV" --frame-format 'kind:name' "$C/unsorted.folded" > "$TMP/out"
expect_text "--frame-format" "native:main;native:a b;native:c d 5
native:main;native:idle 2
native:main;native:work 1
native:main;native:work;native:leaf 7" "$TMP/out"
printf 'java;sys_read_[k];Ljava/Foo;::bar_[j] 3\n' | "$STACKCONV" --frame-format 'name/kind' > "$TMP/out"
expect_text "annotations become kinds" "java/native;sys_read_[k]/kernel;Ljava/Foo/native;::bar_[j]/jit 3" "$TMP/out"

if [ -d "$SHARED/corpus" ]; then
	S="$SHARED/corpus/speedscope/stackcollapse"
	for f in simple simple-crlf simple-utf16-le simple-utf16-be; do
		"$STACKCONV" "$S/$f.txt" > "$TMP/out"
		expect_text "corpus $f" "a;b 5
a;b;c 5
a;b;d 4" "$TMP/out"
	done
	"$STACKCONV" --skip-bad-lines -q "$S/simple-with-invalids.txt" > "$TMP/out"
	expect_text "corpus with invalids" "a;b 5
a;b;c 5
a;b;d 4" "$TMP/out"
fi
finish
