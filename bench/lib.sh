# bench/lib.sh - what the benchmark scripts share, sourced after they set
# IN (the input file), GEN (its generator under bench/) and SIZE_MB:
#  - SC, the real stackconv program (in a shared build cmd/stackconv is
#    libtool's wrapper script, which would add a shell's start-up to every
#    timing), with LD_LIBRARY_PATH set for it;
#  - TMP, a scratch directory removed on exit;
#  - the input, generated once under the build directory;
#  - best NAME CMD...: the best of 3 wall times (us) in T_NAME and the peak
#    RSS (KB) of that run in R_NAME.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
SC="$top_builddir/cmd/stackconv"
if [ -x "$top_builddir/cmd/.libs/stackconv" ]; then
	SC="$top_builddir/cmd/.libs/stackconv"
	LD_LIBRARY_PATH="$top_builddir/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sk-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

bench_input() {
	[ -s "$IN" ] && return 0
	mkdir -p "$(dirname "$IN")"
	echo "generating $IN (${SIZE_MB} MB, once)..."
	python3 "$top_srcdir/bench/$GEN" "$IN.tmp" "$SIZE_MB"
	mv "$IN.tmp" "$IN"
}

now() { date +%s%N; }
best() {
	name=$1; shift
	b=""; rss=""
	for i in 1 2 3; do
		t0=$(now)
		/usr/bin/time -f %M -o "$TMP/rss" "$@" > /dev/null
		t1=$(now)
		t=$(( (t1 - t0) / 1000 ))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; rss=$(cat "$TMP/rss"); fi
	done
	eval "T_$name=$b; R_$name=$rss"
}
