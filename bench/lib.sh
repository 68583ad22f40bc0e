# bench/lib.sh - what the case scripts of `make bench` share (sourced):
#  - SC, the real stackconv program (in a shared build cmd/stackconv is
#    libtool's wrapper script, which would add a shell's start-up to every
#    timing), with LD_LIBRARY_PATH set for it;
#  - DATA, the build directory's bench/data/, where generated inputs are
#    kept between runs (ignored by git), and TMP, a scratch directory
#    removed on exit;
#  - make_once OUT GEN ARGS...: runs bench/GEN (Python) to write OUT once;
#    convert_once OUT STACKCONV-ARGS...: the same, by stackconv;
#  - best NAME CMD...: the best wall time (us) of up to BENCH_RUNS (3) runs
#    in T_NAME, the peak RSS (KB) of that run in R_NAME, the number of runs
#    in N_NAME; runs stop early once BENCH_BUDGET_S (4) seconds are spent,
#    so a case that takes 5 s is timed once.  Standard output goes to
#    /dev/null; best_out FILE NAME CMD... keeps it in FILE instead (the
#    output of the last run, for the output check);
#  - row and skip: one line of the results table (bench/table.sh), appended
#    to BENCH_RESULTS; note: a line printed under the table.
# A case script run by itself (not by bench/run.sh) prints its own table.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
SC="$top_builddir/cmd/stackconv"
if [ -x "$top_builddir/cmd/.libs/stackconv" ]; then
	SC="$top_builddir/cmd/.libs/stackconv"
	LD_LIBRARY_PATH="$top_builddir/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
DATA="$top_builddir/bench/data"
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_BUDGET_S=${BENCH_BUDGET_S:-4}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sk-bench.XXXXXX")
bench_alone=
if [ -z "${BENCH_RESULTS:-}" ]; then
	bench_alone=1
	BENCH_RESULTS="$TMP/results"; BENCH_NOTES="$TMP/notes"
	: > "$BENCH_RESULTS"; : > "$BENCH_NOTES"
fi
bench_exit() {
	if [ -n "$bench_alone" ]; then
		sh "$top_srcdir/bench/table.sh" "$BENCH_RESULTS" "$BENCH_NOTES"
	fi
	rm -rf "$TMP"
}
trap bench_exit EXIT

make_once() {
	out=$1; gen=$2; shift 2
	[ -s "$out" ] && return 0
	mkdir -p "$(dirname "$out")"
	echo "generating $out (once)..."
	python3 "$top_srcdir/bench/$gen" "$out.tmp" "$@"
	mv "$out.tmp" "$out"
}
convert_once() {
	out=$1; shift
	[ -s "$out" ] && return 0
	mkdir -p "$(dirname "$out")"
	"$SC" -q "$@" > "$out.tmp"
	mv "$out.tmp" "$out"
}

now() { date +%s%N; }
best() { best_out /dev/null "$@"; }
best_out() {
	out=$1 name=$2; shift 2
	b=""; rss=""; spent=0; runs=0
	while [ "$runs" -lt "$BENCH_RUNS" ]; do
		runs=$((runs + 1))
		t0=$(now)
		/usr/bin/time -f %M -o "$TMP/rss" "$@" > "$out"
		t1=$(now)
		t=$(( (t1 - t0) / 1000 ))
		spent=$((spent + t))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; rss=$(cat "$TMP/rss"); fi
		[ "$spent" -lt $((BENCH_BUDGET_S * 1000000)) ] || break
	done
	eval "T_$name=$b; R_$name=$rss; N_$name=$runs"
}

# row CASE NAME BASELINE-LABEL BASE-NAME BYTES SAME: the stackkit run timed
# by `best NAME`, its baseline timed by `best BASE-NAME` ("-" for none),
# BYTES for MB/s (the input read, or the output written), SAME yes, no or
# n.a. (does the output equal the reference).
row() {
	eval "t=\$T_$2 r=\$R_$2 n=\$N_$2"
	if [ "$4" = - ]; then bt=- bn=-; else eval "bt=\$T_$4 bn=\$N_$4"; fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$t" "$3" "$bt" \
		"$5" "$r" "$n" "$bn" "$6" >> "$BENCH_RESULTS"
}
# rawrow: the same with the values given: CASE US BASELINE BASE-US BYTES
# RSS-KB RUNS SAME ("-" where there is none)
rawrow() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$7" "$8" \
		>> "$BENCH_RESULTS"
}
skip() {
	echo "$1: skipped: $2"
	printf '%s\tskip\t%s\n' "$1" "$2" >> "$BENCH_RESULTS"
}
note() { echo "$*" >> "$BENCH_NOTES"; }

# same_sorted A B: yes when the two folded outputs hold the same "stack
# weight" lines in any order, else no
same_sorted() {
	LC_ALL=C sort "$1" > "$TMP/same.a"
	LC_ALL=C sort "$2" > "$TMP/same.b"
	if cmp -s "$TMP/same.a" "$TMP/same.b"; then echo yes; else echo no; fi
	rm -f "$TMP/same.a" "$TMP/same.b"
}
same_files() { if cmp -s "$1" "$2"; then echo yes; else echo no; fi; }
