# tests/formats/perf/perf.sh - the perf script reader on inputs of this
# repository: every header layout and frame quirk (testdata/perf/layouts.perf),
# several events (events.perf), and real recordings of testdata/perf/src/spin.c
# (frame pointers, DWARF, --header with PID/TID, two events, no call graph).
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/perf"
E="$top_srcdir/tests/formats/perf/expected"

# check NAME EXPECTED ARGS...: stdout must equal EXPECTED, with 1 and 2
# threads, and read from stdin too.
check() {
	name=$1; want=$2; shift 2
	for th in 1 2; do
		"$STACKCONV" -q -t collapsed --threads $th "$@" > "$TMP/out"
		expect_status "$name (threads $th)" 0 $?
		expect_same "$name (threads $th)" "$want" "$TMP/out"
	done
}

for o in default pid tid kernel jit all addrs; do
	a=; [ $o = default ] || a=--$o
	check "layouts $o" "$E/layouts-$o.txt" $a "$D/layouts.perf"
done
"$STACKCONV" -q -t collapsed --tid < "$D/layouts.perf" > "$TMP/out"
expect_same "layouts from stdin" "$E/layouts-tid.txt" "$TMP/out"
gzip -c "$D/layouts.perf" > "$TMP/layouts.perf.gz"
"$STACKCONV" -q -t collapsed --tid "$TMP/layouts.perf.gz" > "$TMP/out"
expect_same "layouts gzipped" "$E/layouts-tid.txt" "$TMP/out"

# CRLF line ends (a file that went through Windows) read the same.
sed 's/$/\r/' "$D/layouts.perf" > "$TMP/crlf.perf"
check "layouts CRLF" "$E/layouts-tid.txt" --tid "$TMP/crlf.perf"

# A pipe is the streaming path (a redirected file would take the file
# path); a byte order mark sends a file there too, so a BOM is dropped
# (UTF-8) or decoded (UTF-16) whichever way the text comes.  (-f: the probe sees raw bytes.)
pipe_check() { # NAME FILE
	"$STACKCONV" -q -f perf -t collapsed --tid "$2" > "$TMP/out"
	expect_same "$1" "$E/layouts-tid.txt" "$TMP/out"
	cat "$2" | "$STACKCONV" -q -f perf -t collapsed --tid > "$TMP/out"
	expect_same "$1 (pipe)" "$E/layouts-tid.txt" "$TMP/out"
}
pipe_check "layouts CRLF" "$TMP/crlf.perf"
{ printf '\357\273\277'; cat "$TMP/crlf.perf"; } > "$TMP/bom.perf"
pipe_check "layouts UTF-8 BOM" "$TMP/bom.perf"
if command -v iconv > /dev/null; then
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$TMP/crlf.perf"; } \
		> "$TMP/utf16.perf"
	pipe_check "layouts UTF-16 LE" "$TMP/utf16.perf"
fi

# Line numbers in errors past the first chunks of a stream (1 MiB reads).
awk 'BEGIN { for (i = 0; i < 40000; i++)
	printf "ab 1 1.0: 5 cpu-clock:\n\t400 main (/x)\n\n" }' > "$TMP/big.perf"
printf 'x\000y 1 2.0: cpu-clock:\n' >> "$TMP/big.perf"
"$STACKCONV" -f perf -t collapsed "$TMP/big.perf" > /dev/null 2> "$TMP/err"
expect_text "error line (file path)" \
	"stackconv: $TMP/big.perf:120001: NUL byte: binary data, not perf script" \
	"$TMP/err"
cat "$TMP/big.perf" | "$STACKCONV" -f perf -t collapsed > /dev/null 2> "$TMP/err"
expect_text "error line (pipe)" \
	"stackconv: <stdin>:120001: NUL byte: binary data, not perf script" \
	"$TMP/err"

check "events default" "$E/events-default.txt" "$D/events.perf"
check "events --event-filter cycles:u" "$E/events-filter-cycles.txt" \
	--event-filter cycles:u "$D/events.perf"
check "events --event-filter instructions:u" \
	"$E/events-filter-instructions.txt" \
	--event-filter instructions:u "$D/events.perf"
check "events --sample-type" "$E/events-sample-type-instructions.txt" \
	--sample-type instructions:u "$D/events.perf"
check "events all values" "$E/events-all-values.txt" --all-values \
	"$D/events.perf"
"$STACKCONV" -t collapsed "$D/events.perf" > /dev/null 2> "$TMP/err"
expect_text "events warning" "stackconv: warning: $D/events.perf: 2 events; the default value type is the first, cycles:u, as in FlameGraph (choose with --event-filter or --sample-type)" "$TMP/err"
# The first event's samples are the default, also when another event comes
# first in the file for some thread.
"$STACKCONV" -q -t collapsed --sample-type samples:instructions:u \
	"$D/events.perf" > "$TMP/out"
expect_text "events sample counts" "prog;main;__schedule 1
prog;main;idle 1
prog;main;work 1" "$TMP/out"

for f in spin-fp spin-dwarf spin-header-pidtid spin-2events \
	 spin-nocallchain; do
	check "$f all values" "$E/$f-all-values.txt" --all-values "$D/$f.perf"
	check "$f --tid --all" "$E/$f-tid-all.txt" --tid --all "$D/$f.perf"
done

# A file of several 1 MiB units (the parallel readers split it at blank
# lines): the same result with 1 and 2 threads and from stdin.
i=0
while [ $i -lt 400 ]; do
	cat "$D/spin-fp.perf" "$D/events.perf" "$D/layouts.perf"
	printf '\n'
	i=$((i + 1))
done > "$TMP/big.perf"
"$STACKCONV" -q -t collapsed --all-values --threads 1 "$TMP/big.perf" > "$TMP/b1"
"$STACKCONV" -q -t collapsed --all-values --threads 2 "$TMP/big.perf" > "$TMP/b2"
"$STACKCONV" -q -t collapsed --all-values < "$TMP/big.perf" > "$TMP/b3"
expect_same "units: 2 threads" "$TMP/b1" "$TMP/b2"
expect_same "units: stdin" "$TMP/b1" "$TMP/b3"
"$STACKCONV" -q -t perf --threads 1 "$TMP/big.perf" | cksum > "$TMP/w1"
"$STACKCONV" -q -t perf --threads 2 "$TMP/big.perf" | cksum > "$TMP/w2"
expect_same "units: perf output" "$TMP/w1" "$TMP/w2"
# From a pipe the units are cut as the text arrives (perf_stream.c), and
# the timeline is still in file order.
cat "$TMP/big.perf" | "$STACKCONV" -q -f perf -t perf --threads 2 | cksum > "$TMP/w3"
expect_same "units: perf output from a pipe" "$TMP/w1" "$TMP/w3"

# Detection by content (no -f), also for perf output without call graphs.
for f in layouts events spin-nocallchain; do
	"$STACKCONV" -q -t collapsed "$D/$f.perf" > "$TMP/a"
	"$STACKCONV" -q -f perf -t collapsed "$D/$f.perf" > "$TMP/b"
	expect_same "$f detected" "$TMP/b" "$TMP/a"
done

# --inline and --context: addr2line on a binary built here (the addresses
# depend on the compiler, so the test finds one inside beta where
# gamma_step is inlined).  Skipped without cc, nm and addr2line.
if command -v cc > /dev/null && command -v nm > /dev/null &&
   command -v addr2line > /dev/null &&
   cc -O2 -g -pthread -o "$TMP/spin" "$D/src/spin.c" 2> /dev/null; then
	beta=$(nm "$TMP/spin" | awk '$3 == "beta" { print $1 }')
	pc=
	for o in $(seq 0 80); do
		a=$(printf '%x' $((0x$beta + o)))
		if addr2line -i -f -e "$TMP/spin" "0x$a" | grep -q gamma_step; then
			pc=$a; break
		fi
	done
	printf 'spin 1/1 1.0: 3 cpu-clock:\n\t%s beta+0x1 (%s)\n\t1 main (%s)\n' \
		"$pc" "$TMP/spin" "$TMP/nope" > "$TMP/inline.perf"
	"$STACKCONV" -t collapsed --inline "$TMP/inline.perf" > "$TMP/out" \
		2> "$TMP/err"
	expect_text "--inline" "spin;main;beta;gamma_step 3" "$TMP/out"
	expect_text "--inline warning" "stackconv: warning: $TMP/inline.perf: --inline: addr2line could not be run on 1 dso (missing binary or addr2line); their frames keep perf's names" "$TMP/err"
	"$STACKCONV" -q -t collapsed --inline --context "$TMP/inline.perf" \
		| sed 's/[0-9][0-9]*/N/g' > "$TMP/out"
	expect_text "--inline --context" \
		"spin;main;beta:spin.c:N;gamma_step:spin.c:N N" "$TMP/out"
	"$STACKCONV" -q -t collapsed "$TMP/inline.perf" > "$TMP/out"
	expect_text "without --inline" "spin;main;beta 3" "$TMP/out"
fi

# A sample without a call chain is its comm alone; the last record needs no
# blank line after it.
printf 'a b 1/2 5.5: 3 cpu-clock:\n\nab 1/3 5.6: 4 cpu-clock:\n  1 f (x)' \
	> "$TMP/short.perf"
"$STACKCONV" -q -f perf -t collapsed --pid "$TMP/short.perf" > "$TMP/out"
expect_text "no call chain, no final newline" "a_b-1 3
ab-1;f 4" "$TMP/out"

# A dso with a parenthesised part (V8's and the JVM's JIT code in memfd
# files): an unknown symbol is stackcollapse-perf.pl's "[unknown] ", with
# its blank, also under --addrs; a known one keeps its clean name (the
# script would leave "jitted_fn+0x10 "); the dso stays whole, and perf
# output (blanks in dsos as '_') reads back the same.
printf '%s\n' 'node 10/11 1.0: 3 cpu-clock:' \
	'	7f12 [unknown] (/memfd:sealed-1234 (deleted))' \
	'	7f13 jitted_fn+0x10 (/memfd:jit-5 (deleted))' \
	'	4005 main+0x1 (/usr/bin/node)' '' > "$TMP/memfd.perf"
printf 'node;main;jitted_fn;[unknown]  3\n' > "$TMP/memfd.want"
check "memfd dso" "$TMP/memfd.want" "$TMP/memfd.perf"
check "memfd dso --addrs" "$TMP/memfd.want" --addrs "$TMP/memfd.perf"
"$STACKCONV" -t perf "$TMP/memfd.perf" > "$TMP/w.perf"
grep -c '(/memfd:sealed-1234_(deleted))$' "$TMP/w.perf" > "$TMP/out"
expect_text "memfd dso written whole (its blank as _)" "1" "$TMP/out"
"$STACKCONV" "$TMP/w.perf" > "$TMP/out"
expect_text "memfd dso read back" "node;main;jitted_fn;[unknown]  3" "$TMP/out"

# Record order (formats/perf/perf_build.c, order_by_frames): frame lines
# that differ in an argument list only ("run(int)", "run(long)": names are
# cut at the '(') are distinct stacks of the scanner but one stack of
# frames, so their threads come in order of first record, not grouped by
# frame line.  Without times the perf writer lists samples in that order.
hdr() { printf '%s %s/%s [000]: %s cpu-clock:\n' "$1" "$2" "$2" "$3"; }
rec_args() { # COMM TID PERIOD ARGUMENT-TYPE
	hdr "$1" "$2" "$3"
	printf '\t400 run(%s) (/x)\n\t500 start+0x1 (/x)\n\n' "$4"
}
{ rec_args b 2 5 int; rec_args a 1 6 long
  hdr d 4 1; printf '\t700 alpha+0x1 (/x)\n\t500 start+0x1 (/x)\n\n'
  rec_args c 3 7 int; rec_args a 1 2 int; } > "$TMP/args.perf"
for th in 1 2; do
	"$STACKCONV" -t perf --threads $th "$TMP/args.perf" |
		grep -v '^	' | grep . > "$TMP/out"
	expect_text "one stack of frames: threads by first record (threads $th)" \
"b 2/2 [000] 0.000000000: 5 cpu-clock:
a 1/1 [000] 0.000000005: 8 cpu-clock:
c 3/3 [000] 0.000000013: 7 cpu-clock:
d 4/4 [000] 0.000000020: 1 cpu-clock:" "$TMP/out"
done

finish
