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

# weights print in fixed notation (flamegraph.pl reads no exponents) and
# integers past 2^53 are parsed exactly
printf 'a 0.0000001\nb 99999999999999999999\nc 0.30000000000000004\n' > "$TMP/w.folded"
"$STACKCONV" "$TMP/w.folded" > "$TMP/out"
expect_text "fixed-notation weights" "a 0.0000001
b 100000000000000000000
c 0.30000000000000004" "$TMP/out"
"$STACKCONV" "$TMP/out" > "$TMP/again"
expect_same "fixed-notation round trip" "$TMP/out" "$TMP/again"

# frame names holding the folded syntax (here from pprof: "evil\nx;y 999")
"$STACKCONV" "$TESTDATA/pprof/crafted/newline-name.pb" > "$TMP/out"
expect_text "names are made folded-safe" "main;evil x:y 999 1" "$TMP/out"

# a header that could not be read back is refused, with the way out
"$STACKCONV" --all-values "$TESTDATA/pprof/crafted/empty-unit.pb" 2> "$TMP/err"
expect_status "unwritable header" 2 $?
expect_text "unwritable header" "stackconv: value type 'samples/' cannot be named in a folded header (an empty part, a space or a slash); use --sample-type to write one column" "$TMP/err"

# at most 1024 value columns
awk 'BEGIN { for (i = 0; i < 1100; i++) printf "%st%d/u", i ? " " : "", i; print "" }' > "$TMP/wide.folded"
"$STACKCONV" -f collapsed "$TMP/wide.folded" 2> "$TMP/err"; expect_status "too many columns" 2 $?
expect_text "too many columns" "stackconv: $TMP/wide.folded:1: more than 1024 value columns in the header" "$TMP/err"

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
