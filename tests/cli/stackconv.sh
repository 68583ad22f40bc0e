# tests/cli/stackconv.sh - the command itself: help, version, format list,
# usage errors, stdin/stdout, several inputs, -o, --sample-type.
. "$top_srcdir/tests/lib.sh"
C="$TESTDATA/collapsed"

"$STACKCONV" --help > "$TMP/help"; expect_status "--help" 0 $?
grep -q "^Usage: stackconv \[-f FMT\] \[-t FMT\] \[-o FILE\]" "$TMP/help" && pass || fail "--help usage line"
grep -q -- "--skip-bad-lines" "$TMP/help" && pass || fail "--help lists format options"
"$STACKCONV" --version > "$TMP/out"; expect_status "--version" 0 $?
expect_text "--version" "stackconv (stackkit) 0.1.0" "$TMP/out"
"$STACKCONV" --list-formats > "$TMP/out"; expect_status "--list-formats" 0 $?
grep -q "^collapsed    rw  FlameGraph folded stacks" "$TMP/out" && pass || fail "--list-formats lists collapsed"

"$STACKCONV" --no-such-option 2> "$TMP/err"; expect_status "unknown option" 2 $?
grep -q "Try 'stackconv --help'" "$TMP/err" && pass || fail "unknown option hint"
"$STACKCONV" -t nonsense "$C/unsorted.folded" 2> "$TMP/err"; expect_status "unknown format" 2 $?
expect_text "unknown format" "stackconv: unknown format 'nonsense' (see --list-formats)
Try 'stackconv --help' for more information." "$TMP/err"

# stdin to stdout, with and without "-"
"$STACKCONV" < "$C/unsorted.folded" > "$TMP/out"; expect_status "stdin" 0 $?
expect_same "stdin" "$C/unsorted.expected" "$TMP/out"
cat "$C/unsorted.folded" | "$STACKCONV" -t folded - > "$TMP/out"
expect_same "stdin dash" "$C/unsorted.expected" "$TMP/out"

# several inputs are merged
"$STACKCONV" "$C/base.folded" "$C/other.folded" > "$TMP/out"; expect_status "merge" 0 $?
expect_same "merge" "$C/merged.expected" "$TMP/out"
# ... but not when their value types differ
"$STACKCONV" "$C/base.folded" "$C/bytes.folded" > "$TMP/out" 2> "$TMP/err"; expect_status "merge mismatch" 2 $?
expect_text "merge mismatch" "stackconv: $C/bytes.folded: cannot merge profiles with different value types: samples/count versus alloc_space/bytes" "$TMP/err"

# -o writes the file; a failed run leaves an existing file untouched
"$STACKCONV" "$C/unsorted.folded" -o "$TMP/out.folded"; expect_status "-o" 0 $?
expect_same "-o" "$C/unsorted.expected" "$TMP/out.folded"
"$STACKCONV" "$TESTDATA/bad/missing-weight.folded" -o "$TMP/out.folded" 2>/dev/null; expect_status "-o failure" 2 $?
expect_same "-o failure keeps the old file" "$C/unsorted.expected" "$TMP/out.folded"
[ "$(ls -A "$TMP" | grep -c '^\.out')" = 0 ] && pass || fail "-o failure left a temporary file"
"$STACKCONV" "$C/unsorted.folded" -o /nonexistent-dir/x.folded 2> "$TMP/err"; expect_status "-o bad dir" 2 $?
expect_text "-o bad dir" "stackconv: /nonexistent-dir/x.folded: cannot create: No such file or directory" "$TMP/err"

# -o through a symlink replaces the file it names and keeps the link;
# -o to a FIFO (or a device) writes in place instead of replacing it.
echo old > "$TMP/real.folded"; ln -s real.folded "$TMP/link.folded"
"$STACKCONV" "$C/unsorted.folded" -o "$TMP/link.folded"; expect_status "-o symlink" 0 $?
[ -L "$TMP/link.folded" ] && pass || fail "-o replaced the symlink"
expect_same "-o symlink target" "$C/unsorted.expected" "$TMP/real.folded"
mkfifo "$TMP/fifo"
cat "$TMP/fifo" > "$TMP/fifo.out" & reader=$!
"$STACKCONV" "$C/unsorted.folded" -o "$TMP/fifo"; expect_status "-o fifo" 0 $?
wait $reader
[ -p "$TMP/fifo" ] && pass || fail "-o replaced the FIFO"
expect_same "-o fifo content" "$C/unsorted.expected" "$TMP/fifo.out"

# an empty input merges with anything (it brings no value types)
: > "$TMP/empty.folded"
"$STACKCONV" "$TMP/empty.folded" "$C/two-values.folded" > "$TMP/out"; expect_status "empty merge" 0 $?
expect_same "empty merge" "$C/two-values.expected" "$TMP/out"

# value types: default, by name, by type/unit, by index, unknown
"$STACKCONV" "$C/two-values.folded" > "$TMP/out"
expect_same "default value type" "$C/two-values.expected" "$TMP/out"
"$STACKCONV" --sample-type cpu "$C/two-values.folded" > "$TMP/out"
expect_same "--sample-type cpu" "$C/two-values.cpu.expected" "$TMP/out"
"$STACKCONV" --sample-type cpu/nanoseconds "$C/two-values.folded" > "$TMP/out"
expect_same "--sample-type cpu/nanoseconds" "$C/two-values.cpu.expected" "$TMP/out"
"$STACKCONV" --sample-type 1 "$C/two-values.folded" > "$TMP/out"
expect_same "--sample-type 1" "$C/two-values.cpu.expected" "$TMP/out"
"$STACKCONV" --sample-type wall "$C/two-values.folded" 2> "$TMP/err"; expect_status "--sample-type unknown" 2 $?
expect_text "--sample-type unknown" "stackconv: no value type 'wall'; the profile has: samples/count cpu/nanoseconds" "$TMP/err"
"$STACKCONV" --all-values "$C/two-values.folded" > "$TMP/out"
expect_same "--all-values" "$C/two-values.all.expected" "$TMP/out"
"$STACKCONV" --all-values "$C/two-values.all.expected" > "$TMP/out"
expect_same "--all-values round trip" "$C/two-values.all.expected" "$TMP/out"

# deterministic: same input, same bytes
"$STACKCONV" "$C/unsorted.folded" > "$TMP/a"; "$STACKCONV" "$C/unsorted.folded" > "$TMP/b"
expect_same "deterministic" "$TMP/a" "$TMP/b"
finish
