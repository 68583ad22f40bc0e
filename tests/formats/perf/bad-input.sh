# tests/formats/perf/bad-input.sh - broken perf script input: binary data,
# truncated records, huge lines, very deep stacks.  Either exit 2 with
# "file:line: what", or the documented handling (warning, partial result);
# never a crash or a hang.
. "$top_srcdir/tests/lib.sh"

# NUL bytes: binary data, an error at the line.
printf 'ab 1 1.0: cpu-clock:\n\t400 f\000oo (d)\n' > "$TMP/nul.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/nul.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "NUL in a frame" 2 $?
expect_text "NUL in a frame" \
	"stackconv: $TMP/nul.perf:2: NUL byte: binary data, not perf script" \
	"$TMP/err"
printf 'ab 1 1.0: cpu-clock:\n\t400 f (d)\n\nx\000y 1 2.0: cpu-clock:\n' \
	> "$TMP/nul2.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/nul2.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "NUL in a header" 2 $?
expect_text "NUL in a header" \
	"stackconv: $TMP/nul2.perf:4: NUL byte: binary data, not perf script" \
	"$TMP/err"
"$STACKCONV" -f perf -t collapsed < "$TMP/nul2.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "NUL in a header (stdin)" \
	"stackconv: <stdin>:4: NUL byte: binary data, not perf script" \
	"$TMP/err"

# A record cut short: the complete lines count (FlameGraph PR #231 counts
# a last record without a blank line), the cut line is ignored with a
# warning.
printf 'ab 1 1.0: 5 cpu-clock:\n\t400 main (/x)\n\t401 fo' > "$TMP/cut.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/cut.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "truncated" 0 $?
expect_text "truncated" "ab;main 5" "$TMP/out"
expect_text "truncated warning" \
	"stackconv: warning: $TMP/cut.perf:3: 1 unrecognized line ignored (the first is here)" \
	"$TMP/err"

# A 10 MB symbol: over the 1 MiB limit on names.
{ printf 'ab 1 1.0: 5 cpu-clock:\n\t400 '
  head -c 10000000 /dev/zero | tr '\0' x
  printf ' (/x)\n'; } > "$TMP/long.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/long.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "10 MB symbol" 2 $?
expect_text "10 MB symbol" \
	"stackconv: $TMP/long.perf:2: symbol or dso longer than 1048576 bytes" \
	"$TMP/err"
"$STACKCONV" -f perf -t collapsed < "$TMP/long.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "10 MB symbol (stdin)" 2 $?
# A 10 MB line that is no frame: ignored with a warning.
{ printf 'ab 1 1.0: 5 cpu-clock:\n\t400 main (/x)\n'
  head -c 10000000 /dev/zero | tr '\0' ' '
  printf 'x\n'; } > "$TMP/blank.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/blank.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "10 MB junk line" 0 $?
expect_text "10 MB junk line" "ab;main 5" "$TMP/out"

# 100,000 frames in one stack, twice (one distinct stack).
awk 'BEGIN { for (r = 0; r < 2; r++) { print "deep 7 1.0: 3 cpu-clock:";
	for (i = 100000; i > 0; i--) printf "\t%x f%d (/bin/deep)\n", i, i;
	print "" } }' > "$TMP/deep.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/deep.perf" > "$TMP/out" 2> "$TMP/err"
expect_status "100k frames" 0 $?
awk '{ n = split($1, f, ";"); print n, f[1], f[2], f[n], $2 }' "$TMP/out" \
	> "$TMP/summary"
expect_text "100k frames" "100001 deep f1 f100000 6" "$TMP/summary"

finish
