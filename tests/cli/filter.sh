#!/bin/sh
# filter.sh - every filter option on a hand-written folded file and on
# perf threads, exact outputs, and the errors of bad arguments.
. "$top_srcdir/tests/lib.sh"
IN="$TESTDATA/collapsed/filter.folded"
P="$TESTDATA/pprof"
PERF="$TESTDATA/perf/spin-header-pidtid.perf"

# check NAME "expected output" OPTIONS...: stackconv OPTIONS "$IN"
check() {
	_name=$1 _want=$2; shift 2
	"$STACKCONV" "$@" "$IN" > "$TMP/out" 2> "$TMP/err" ||
		fail "$_name: $(cat "$TMP/err")"
	expect_text "$_name" "$_want" "$TMP/out"
}

check "focus" "main;parse;read 5
main;run;work;read 3" --focus read
check "two focus: either" "idle 6
main;parse;read 5
main;run;work;read 3" --focus read --focus '^idle$'
check "ignore" "idle 6
main;parse;0x4005d0 2
main;parse;read 5" --ignore work
check "hide: the weight goes to the caller" "idle 6
main;0x4005d0 2
main;read 5
main;run+0x1f;work 1
main;run;work 4
main;run;work;read 3" --hide parse
check "two hide" "idle 6
parse;0x4005d0 2
parse;read 5
run 4
run+0x1f 1
run;read 3" --hide '^main$' --hide work
check "show: stacks left empty are dropped" "read 5
work 5
work;read 3" --show 'read|work'
check "prune-from" "idle 6
main;parse 7
main;run 7
main;run+0x1f 1" --prune-from 'run|parse'
check "prune-from: the match nearest the leaf" "idle 6
main 7
main;run+0x1f;work 1
main;run;work 7" --prune-from 'main|work'
check "max-depth" "idle 6
main;parse 7
main;run 7
main;run+0x1f 1" --max-depth 2
check "max-depth after hide" "idle 6
main;0x4005d0 2
main;read 5
main;run 7
main;run+0x1f 1" --hide parse --max-depth 2
check "strip-hex" "idle 6
main;parse;0x... 2
main;parse;read 5
main;run+0x...;work 1
main;run;work 4
main;run;work;read 3" --strip-hex
check "strip-hex first, then match" "main;parse;0x... 2
main;run+0x...;work 1" --strip-hex --focus '0x\.\.\.'
check "focus and ignore see hidden frames" "main;read 5" \
	--focus read --ignore run --hide parse
check "prune-from skips hidden frames" "idle 6
main;parse 7
main;run;work 7
main;work 1" --hide 'run\+' --prune-from 'parse|work'
"$STACKCONV" --focus-thread x "$IN" > "$TMP/out"
[ -f "$TMP/out" ] && [ ! -s "$TMP/out" ] && pass ||
	fail "no thread: focus-thread keeps nothing"
check "no thread: ignore-thread drops nothing" "$(cat "$IN" | LC_ALL=C sort)" \
	--ignore-thread x

# threads, as the root frames a view shows them (comm by default)
"$STACKCONV" --focus-thread worker "$PERF" | cut -d';' -f1 | uniq > "$TMP/out"
expect_text "focus-thread by comm" "spin_worker" "$TMP/out"
"$STACKCONV" --tid --ignore-thread '^spin-' "$PERF" | cut -d';' -f1 | uniq > "$TMP/out"
expect_text "ignore-thread by comm-pid/tid" "spin_worker-19701/19703" "$TMP/out"
# with no root shown, threads match by their fullest name
"$STACKCONV" --no-comm --focus-thread '/19703$' "$PERF" > "$TMP/out"
expect_text "focus-thread under --no-comm" "start_thread;alpha 74148296
start_thread;alpha;asm_sysvec_apic_timer_interrupt;irqentry_exit_to_user_mode;schedule;__schedule;finish_task_switch.isra.0 2004008
start_thread;alpha;asm_sysvec_apic_timer_interrupt;sysvec_apic_timer_interrupt;__irq_exit_rcu;handle_softirqs;rcu_core;rcu_do_batch;rcu_free_sheaf;__kmem_cache_free_bulk.part.0;__slab_free 2004008
start_thread;beta 38076152" "$TMP/out"
# the timeline is filtered with the records: perf text written from the
# filtered profile reads back as the filtered stacks
"$STACKCONV" --ignore-thread worker --hide '^alpha$' "$PERF" > "$TMP/want"
"$STACKCONV" -t perf --ignore-thread worker --hide '^alpha$' "$PERF" |
	"$STACKCONV" -f perf > "$TMP/got"
expect_same "filtered timeline" "$TMP/want" "$TMP/got"
"$STACKCONV" -t perf --ignore-thread worker "$PERF" | grep -c '^spin' > "$TMP/out"
expect_text "filtered timeline: the main thread's 63 of 121 samples" "63" \
	"$TMP/out"

# --counts: the value type that counts samples
"$STACKCONV" --counts "$P/cpu.pb.gz" > "$TMP/out"
expect_same "counts on a Go CPU profile" "$P/cpu.samples.folded" "$TMP/out"
"$STACKCONV" --counts -q "$TESTDATA/perf/spin-2events.perf" > "$TMP/want"
"$STACKCONV" --sample-type samples:cpu-clock -q \
	"$TESTDATA/perf/spin-2events.perf" > "$TMP/got"
expect_same "counts: the default event's count" "$TMP/got" "$TMP/want"
"$STACKCONV" -t pprof --counts "$P/cpu.pb.gz" | "$STACKCONV" --sample-type 1 \
	> "$TMP/out" 2>&1
expect_text "counts keeps one value type" \
	"stackconv: no value type '1'; the profile has: samples/count" "$TMP/out"

# errors: the option, the argument and regerror's text; before any input
# is read
err() {
	_name=$1 _want=$2; shift 2
	"$STACKCONV" "$@" > "$TMP/out" 2> "$TMP/err"
	expect_status "$_name status" 2 $?
	expect_text "$_name" "$_want" "$TMP/err"
}
err "bad focus" "stackconv: --focus: bad regular expression '(': Unmatched ( or \\(" \
	--focus '(' /nonexistent
err "bad show" "stackconv: --show: bad regular expression '*': Invalid preceding regular expression" \
	--show '*' /nonexistent
err "bad prune-from" "stackconv: --prune-from: bad regular expression 'a{1': Unmatched \\{" \
	--prune-from 'a{1' /nonexistent
err "bad ignore-thread" "stackconv: --ignore-thread: bad regular expression 'x\\': Trailing backslash" \
	--ignore-thread 'x\' /nonexistent
err "max-depth 0" "stackconv: --max-depth: '0' is not a number of frames from 1 to 4294967294" \
	--max-depth 0 /nonexistent
err "max-depth junk" "stackconv: --max-depth: '2x' is not a number of frames from 1 to 4294967294" \
	--max-depth 2x /nonexistent
err "counts: none" "stackconv: --counts: no value type counts samples (the profile has: cpu/nanoseconds)" \
	--sample-type cpu --counts "$P/cpu.pb.gz"
err "counts: no way to choose" "stackconv: --counts: several value types count; choose one with --sample-type (the profile has: alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes)" \
	--counts "$P/heap.pb.gz"

# every filter is in --help
"$STACKCONV" --help > "$TMP/help"
for o in focus ignore hide show prune-from focus-thread ignore-thread \
	max-depth strip-hex counts; do
	grep -q -- "--$o" "$TMP/help" && pass || fail "--help lacks --$o"
done
finish
