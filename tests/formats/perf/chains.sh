# tests/formats/perf/chains.sh - records whose call chain is the same bytes
# as an earlier record's are taken from the scanner's chain cache
# (formats/perf/perf_chain.c) instead of being scanned again; the result
# must be what scanning every line gives: the same stacks, the same
# warnings, the same errors, with 1 and 2 threads.
. "$top_srcdir/tests/lib.sh"

# expect_output NAME TEXT FILE: FILE holds TEXT and a newline, or nothing
# when TEXT is empty.
expect_output() {
	if [ -n "$2" ]; then
		expect_text "$1" "$2" "$3"
	elif [ -s "$3" ]; then
		fail "$1: not empty: $(head -c 300 "$3")"
	else
		pass
	fi
}

# run NAME WANT-STDOUT WANT-STDERR FILE ARGS...
run() {
	name=$1; want=$2; want_err=$3; f=$4; shift 4
	for th in 1 2; do
		"$STACKCONV" -t collapsed --threads $th "$@" "$f" > "$TMP/out" 2> "$TMP/err"
		expect_output "$name (threads $th)" "$want" "$TMP/out"
		expect_output "$name, stderr (threads $th)" "$want_err" "$TMP/err"
	done
}

rec() { # COMM TID TIME PERIOD FRAME-LINES...
	printf '%s %s/%s [000] %s: %s cpu-clock: \n' "$1" "$2" "$2" "$3" "$4"
	shift 4
	printf '%s\n' "$@" ''
}

# An unrecognized line inside a repeated chain counts every time.
{ for i in 1 2 3; do rec a 1 1.$i 5 '	400 main+0x1 (/x)' '	garbage' '	500 start (/x)'; done
  rec b 2 2.0 7 '	400 main+0x1 (/x)' '	garbage' '	500 start (/x)'; } > "$TMP/unrec.perf"
run "unrecognized lines" "a;start;main 15
b;start;main 7" "stackconv: warning: $TMP/unrec.perf:3: 4 unrecognized lines ignored (the first is here)" "$TMP/unrec.perf"

# The same chain under other threads and periods, and a chain that is a
# prefix of another.
{ rec a 1 1.0 5 '	400 main+0x1 (/x)' '	500 start (/x)'
  rec b 2 1.1 6 '	400 main+0x1 (/x)' '	500 start (/x)'
  rec a 1 1.2 7 '	400 main+0x1 (/x)'
  rec a 1 1.3 8 '	400 main+0x1 (/x)' '	500 start (/x)'
  rec a 1 1.4 9 '	400 main+0x1 (/x)'; } > "$TMP/threads.perf"
run "threads" "a;main 16
a;start;main 13
b;start;main 6" "" "$TMP/threads.perf"

# Source lines: the same frame lines with other source lines are other
# frames (--srcline), equal ones the same.
{ rec a 1 1.0 5 '	400 main+0x1 (/x)' '  m.c:3' '	500 start (/x)'
  rec a 1 1.1 5 '	400 main+0x1 (/x)' '  m.c:3' '	500 start (/x)'
  rec a 1 1.2 5 '	400 main+0x1 (/x)' '  m.c:4' '	500 start (/x)'; } > "$TMP/src.perf"
run "srcline" "a;start;main:m.c:3 10
a;start;main:m.c:4 5" "" "$TMP/src.perf" --srcline

# Two records without a blank line between them: the "chain" up to the
# blank line holds a header, so it is never replayed as one record's.
{ for i in 1 2; do
	printf 'a 1/1 [000] 1.%s: 5 cpu-clock: \n\t400 main (/x)\n' $i
	printf 'b 2/2 [000] 1.5: 6 cpu-clock: \n\t500 start (/x)\n\n'
  done; } > "$TMP/joined.perf"
run "no blank line between records" "a;main 10
b;start 12" "" "$TMP/joined.perf"

# CRLF blank lines end chains too, and a last record without a blank line
# after it is read.
{ rec a 1 1.0 5 '	400 main (/x)' '	500 start (/x)'
  rec a 1 1.1 5 '	400 main (/x)' '	500 start (/x)'; } | sed 's/$/\r/' > "$TMP/crlf.perf"
printf 'a 1/1 [000] 1.2: 5 cpu-clock: \n\t400 main (/x)\n\t500 start (/x)' >> "$TMP/crlf.perf"
run "CRLF and no final blank line" "a;start;main 15" "" "$TMP/crlf.perf"

# A "chain" of comment lines only adds no frame, twice (fuzz_perf found
# the replay of an empty chain touching a null array).
{ rec a 1 1.0 5 '# note'; rec a 1 1.1 5 '# note'; } > "$TMP/comment.perf"
run "comment chain" "a 10" "" "$TMP/comment.perf" -f perf

# A bad line in a chain seen before is reported where it is.
{ rec a 1 1.0 5 '	400 main (/x)' '	500 start (/x)'
  rec a 1 1.1 5 '	400 main (/x)' '	500 start (/x)'
  printf 'a 1/1 [000] 1.2: 5 cpu-clock: \n\t400 main (/x)\n\t5\000 start (/x)\n\n'; } > "$TMP/nul.perf"
run "NUL byte" "" "stackconv: $TMP/nul.perf:11: NUL byte: binary data, not perf script" "$TMP/nul.perf" -f perf
finish
