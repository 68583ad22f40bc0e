# tests/cli/errors.sh - bad input: exact messages and exit status 2.
. "$top_srcdir/tests/lib.sh"
B="$TESTDATA/bad"

check_error() { # NAME EXPECTED-MESSAGE ARGS...
	name=$1; want=$2; shift 2
	"$STACKCONV" "$@" > "$TMP/out" 2> "$TMP/err"
	expect_status "$name" 2 $?
	expect_text "$name" "$want" "$TMP/err"
	[ -s "$TMP/out" ] && fail "$name: wrote output" || pass
}

check_error "missing weight" \
	"stackconv: $B/missing-weight.folded:2: expected a weight at the end of the line" \
	"$B/missing-weight.folded"
check_error "empty stack" \
	"stackconv: $B/empty-stack.folded:2: empty stack before the weight" \
	-f collapsed "$B/empty-stack.folded"
check_error "short columns" \
	"stackconv: $B/short-columns.folded:3: expected one weight per value column at the end of the line" \
	"$B/short-columns.folded"
check_error "undetectable" \
	"stackconv: $B/unknown.bin: cannot tell the format; use -f with one of: $("$STACKCONV" --list-formats | awk '$2 ~ /^r/ {printf "%s%s", sep, $1; sep=", "}')" \
	"$B/unknown.bin"
check_error "missing file" \
	"stackconv: $TMP/nope.folded: cannot open: No such file or directory" \
	"$TMP/nope.folded"
check_error "directory" "stackconv: $TESTDATA: is a directory" "$TESTDATA"

# --skip-bad-lines: warn once with the count, keep the good lines
"$STACKCONV" --skip-bad-lines "$B/missing-weight.folded" > "$TMP/out" 2> "$TMP/err"
expect_status "skip-bad-lines" 0 $?
expect_text "skip-bad-lines output" "main;fine 2
main;ok 1" "$TMP/out"
expect_text "skip-bad-lines warning" "stackconv: warning: $B/missing-weight.folded: skipped 1 lines with invalid format" "$TMP/err"
"$STACKCONV" -q --skip-bad-lines "$B/missing-weight.folded" > "$TMP/out" 2> "$TMP/err"
[ -s "$TMP/err" ] && fail "-q still warned" || pass

# limits: a 2 MiB frame name is over the 1 MiB string limit
head -c 2097152 /dev/zero | tr '\0' x > "$TMP/long.folded"; echo " 1" >> "$TMP/long.folded"
"$STACKCONV" -f collapsed "$TMP/long.folded" > /dev/null 2> "$TMP/err"; expect_status "long frame" 2 $?
expect_text "long frame" "stackconv: $TMP/long.folded:1: frame name longer than the limit of 1048576 bytes" "$TMP/err"
finish
