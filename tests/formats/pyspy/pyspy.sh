#!/bin/sh
# pyspy.sh - py-spy raw files: what the collapsed writer makes of them (the
# thread and process labels as roots only through --pid/--tid), the py-spy
# writer's identity and its spelling from other profiles, round trips
# through pprof, errors with file:line, and detection in both directions.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/pyspy"
E="$top_srcdir/tests/formats/pyspy/expected"

for name in basic threads subprocesses native idle; do
	f="$D/$name.txt"
	"$STACKCONV" "$f" > "$TMP/out"
	expect_same "$name -> collapsed" "$E/$name.folded" "$TMP/out"
	"$STACKCONV" --tid "$f" > "$TMP/out"
	expect_same "$name -> collapsed --tid" "$E/$name.tid.folded" "$TMP/out"
	# Detected, not forced: the identity also proves the probe won.
	"$STACKCONV" -t pyspy "$f" > "$TMP/out"
	expect_same "$name -> pyspy identity" "$f" "$TMP/out"
	# Frames' files and lines and every label survive pprof, line order
	# included (records keep the order they were read in).
	"$STACKCONV" -o "$TMP/p.pb.gz" "$f"
	"$STACKCONV" -t pyspy "$TMP/p.pb.gz" > "$TMP/out"
	expect_same "$name -> pprof -> pyspy" "$f" "$TMP/out"
done

# Frames as data: files, lines and kinds.
"$STACKCONV" --no-comm --frame-format 'name|file|line|kind' "$D/native.txt" |
	grep '^<module>.*;load' > "$TMP/out"
cat > "$TMP/want" << 'X'
<module>|bench.py|20|interpreted;load|bench.py|5|interpreted;0x7f3a2c1b8f10|?|0|native 1
<module>|bench.py|20|interpreted;load|bench.py|5|interpreted;std::vector<double>::push_back|fastload.cpp|42|native;(anonymous namespace)::grow|fastload.cpp|0|native 6
X
expect_same "native frames as data" "$TMP/want" "$TMP/out"
"$STACKCONV" --frame-format 'name|file|line' "$D/basic.txt" |
	grep 'wrapper' > "$TMP/out"
expect_text "parentheses in names and files" \
	"<module>|app.py|12;wrapper (inner)|lib (old)/deco.py|20;call|lib (old)/deco.py|7 2" \
	"$TMP/out"

# Duplicate lines and lines differing only in weight aggregate, first
# appearance order.
printf 'b (x.py:2) 1\na (x.py:1) 2\nb (x.py:2) 3\n' > "$TMP/dup.txt"
"$STACKCONV" -f pyspy -t pyspy "$TMP/dup.txt" > "$TMP/out"
printf 'b (x.py:2) 4\na (x.py:1) 2\n' > "$TMP/want"
expect_same "aggregated in first-appearance order" "$TMP/want" "$TMP/out"

# The py-spy writer from perf: pid/comm and tid/thread_comm become py-spy's
# root frames, modules stand in for missing files.
"$STACKCONV" -t pyspy "$TESTDATA/perf/spin-header-pidtid.perf" |
	sed -n 1p > "$TMP/out"
expect_text "perf -> pyspy" \
	'process 19701:"spin";thread (19701): spin;__libc_start_call_main (/usr/lib/x86_64-linux-gnu/libc.so.6);beta (/tmp/spin) 80160320' \
	"$TMP/out"
# ... and from pprof, with files and lines; frames without either bare.
"$STACKCONV" -t pyspy "$TESTDATA/pprof/cpu.pb.gz" | sed -n 2p > "$TMP/out"
expect_text "pprof -> pyspy" \
	'runtime.main (/usr/lib/go-1.19/src/runtime/proc.go:250);main.main (/work/main/testdata/src/cpuwork/main.go:55);main.alpha (/work/main/testdata/src/cpuwork/main.go:26) 60000000' \
	"$TMP/out"
printf 'a;b;c 3\n' > "$TMP/plain.folded"
"$STACKCONV" -t pyspy "$TMP/plain.folded" > "$TMP/out"
expect_text "collapsed -> pyspy: bare frames" "a;b;c 3" "$TMP/out"

# Detection the other way: ordinary folded files stay collapsed.
printf 'main;foo.py;bar 3\nmain;baz (x) 2\n' > "$TMP/f.txt"
"$STACKCONV" -t pyspy "$TMP/f.txt" > "$TMP/a"
"$STACKCONV" -f collapsed -t pyspy "$TMP/f.txt" > "$TMP/b"
expect_same "plain folded detected as collapsed" "$TMP/b" "$TMP/a"
"$STACKCONV" --frame-format 'name|file' "$TMP/f.txt" > "$TMP/out"
printf 'main|;baz (x)| 2\nmain|;foo.py|;bar| 3\n' > "$TMP/want"
expect_same "plain folded frames keep their names" "$TMP/want" "$TMP/out"
# py-spy syntax on a minority of lines is not enough.
printf 'a (x.py:1) 1\nb;c 2\nd;e 3\n' > "$TMP/m.txt"
"$STACKCONV" --frame-format 'name|file' "$TMP/m.txt" | head -1 > "$TMP/out"
expect_text "minority py-spy lines: collapsed" "a (x.py:1)| 1" "$TMP/out"

# Errors name the file and line; exit status 2.
check_error() { # NAME INPUT-TEXT EXPECTED-MESSAGE
	printf "$2" > "$TMP/bad.txt"
	"$STACKCONV" -f pyspy "$TMP/bad.txt" > /dev/null 2> "$TMP/err"
	expect_status "$1" 2 $?
	expect_text "$1 message" "stackconv: $TMP/bad.txt:$3" "$TMP/err"
}
check_error "no count" 'a (x.py:1) 3\nb (x.py:2)\n' \
	"2: expected a sample count at the end of the line"
check_error "bad count" 'a (x.py:1) 3\r\nb (x.py:2) x3\r\n' \
	"2: expected a sample count at the end of the line"
check_error "negative count" 'a (x.py:1) -3\n' \
	"1: expected a sample count at the end of the line"
check_error "empty frame" '\na (x.py:1);;b (x.py:3) 4\n' \
	"2: empty frame (two ';' in a row or a ';' at an end)"
check_error "thread root only, trailing ;" 'thread (1): Main; 4\n' \
	"1: empty frame (two ';' in a row or a ';' at an end)"
check_error "empty stack" ' 4\n' "1: empty stack before the sample count"

finish
