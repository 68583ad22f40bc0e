#!/bin/sh
# go-pprof.sh - the real consumer: `go tool pprof` must read every profile
# the writer produces, and -raw, -top and -traces must show the same as for
# the profile it came from.  Also checks the reader against pprof's own view
# of Go's profiles.  Skipped (77) when go is not installed.
. "$top_srcdir/tests/lib.sh"
use_go_pprof
D="$TESTDATA/pprof"

# -unit for a value unit, so pprof prints exact integers.
unit_flag() {
	case $1 in
	*/nanoseconds) echo "-unit=ns" ;;
	*/bytes) echo "-unit=B" ;;
	*) echo "-unit=minimum" ;;
	esac
}

# same_in_pprof NAME ORIGINAL WRITTEN: for every sample type, pprof's -top
# and -traces (with inline marks) agree on both files, and -raw works.
same_in_pprof() {
	pprof "$3" -raw > /dev/null
	types=$(go tool pprof -raw "$2" 2> /dev/null |
		sed -n '/^Samples:/{n;s/\[dflt\]//g;p;q;}')
	for vt in $types; do
		u=$(unit_flag "$vt")
		si="-sample_index=${vt%/*}"
		pprof "$2" -top -nodecount=1000 $u "$si" > "$TMP/top.a"
		pprof "$3" -top -nodecount=1000 $u "$si" > "$TMP/top.b"
		expect_same "$1 $vt -top" "$TMP/top.a" "$TMP/top.b"
		pprof "$2" -traces $u "$si" > "$TMP/traces.a"
		pprof "$3" -traces $u "$si" > "$TMP/traces.b"
		sh "$T2F" -i < "$TMP/traces.a" > "$TMP/tr.a"
		sh "$T2F" -i < "$TMP/traces.b" > "$TMP/tr.b"
		expect_same "$1 $vt -traces" "$TMP/tr.a" "$TMP/tr.b"
		# Where pprof names every frame as stackconv does (symbolized
		# profiles), the reader agrees with pprof too.
		if ! grep -q '\[' "$TMP/tr.a"; then
			sh "$T2F" < "$TMP/traces.a" > "$TMP/want"
			"$STACKCONV" --sample-type "${vt%/*}" "$2" > "$TMP/got"
			expect_same "$1 $vt reader" "$TMP/want" "$TMP/got"
		fi
	done
}

inputs="$D/cpu.pb.gz $D/heap.pb.gz $D/crafted/inline.pb $D/crafted/drop.pb
	$D/crafted/empty-stack.pb"
simple="$SHARED/corpus/speedscope/pprof/simple.prof"
[ -f "$simple" ] && inputs="$inputs $simple"
n=0
for f in $inputs; do
	n=$((n + 1))
	"$STACKCONV" -o "$TMP/w$n.pb.gz" "$f"
	same_in_pprof "$(basename "$f")" "$f" "$TMP/w$n.pb.gz"
	"$STACKCONV" -o "$TMP/w$n.pb" "$f"
	same_in_pprof "$(basename "$f") raw" "$f" "$TMP/w$n.pb"
done

# Profiles from other formats (no mappings, no addresses) are valid pprof
# with the same stacks and total.
"$STACKCONV" "$D/cpu.pb.gz" > "$TMP/cpu.folded"
"$STACKCONV" -o "$TMP/folded.pb.gz" "$TMP/cpu.folded"
pprof "$TMP/folded.pb.gz" -raw > /dev/null
pprof "$TMP/folded.pb.gz" -traces > "$TMP/traces"
sh "$T2F" < "$TMP/traces" > "$TMP/out"
expect_same "from collapsed -traces" "$TMP/cpu.folded" "$TMP/out"
pprof "$TMP/folded.pb.gz" -top > "$TMP/top"
grep '^Showing nodes' "$TMP/top" > "$TMP/out"
expect_text "from collapsed -top" \
	"Showing nodes accounting for 1000000000, 100% of 1000000000 total" \
	"$TMP/out"

# perf script profiles (modules and addresses, no mappings) read the same
# in pprof as in stackconv.  Their threads are sample labels in pprof
# (perf_data_converter's keys), not frames: -traces prints them apart.
"$STACKCONV" --list-formats | grep -q '^perf ' || perf_corpus=
for f in ${perf_corpus-"$SHARED"/corpus/speedscope/linux-perf/*.linux-perf.txt}; do
	[ -f "$f" ] || continue
	"$STACKCONV" --no-comm "$f" > "$TMP/want"
	"$STACKCONV" -o "$TMP/perf.pb.gz" "$f"
	pprof "$TMP/perf.pb.gz" -traces > "$TMP/traces"
	sh "$T2F" < "$TMP/traces" > "$TMP/got"
	expect_same "perf $(basename "$f")" "$TMP/want" "$TMP/got"
done
"$STACKCONV" -o "$TMP/spin.pb.gz" "$TESTDATA/perf/spin-header-pidtid.perf"
pprof "$TMP/spin.pb.gz" -tags > "$TMP/tags"
for want in "comm: Total" "thread_comm: Total" "pid: Total" "tid: Total"; do
	grep -q "$want" "$TMP/tags" && pass || fail "-tags lacks '$want'"
done
# the process' comm is its main thread's; the worker thread keeps its own
grep -A3 "thread_comm: Total" "$TMP/tags" | grep -q "): spin worker$" && pass ||
	fail "-tags: no thread_comm 'spin worker'"
grep -A2 "^ comm: Total" "$TMP/tags" | grep -q "(  100%): spin$" && pass ||
	fail "-tags: comm is not spin for every sample"
"$STACKCONV" -o "$TMP/ev.pb.gz" "$TESTDATA/perf/events.perf"
pprof "$TMP/ev.pb.gz" -tags > "$TMP/tags"
grep -q "cpu: Total" "$TMP/tags" && pass || fail "-tags lacks cpu"


# Converted perf stacks start in libc; the program, not libc, must be the
# main binary pprof reports (mapping[0]).
"$STACKCONV" -t pprof -o "$TMP/spin.pb.gz" "$TESTDATA/perf/spin-fp.perf"
pprof "$TMP/spin.pb.gz" -top > "$TMP/top"
head -1 "$TMP/top" > "$TMP/top1"
expect_text "main binary" "File: spin" "$TMP/top1"

finish
