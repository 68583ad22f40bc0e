# tests/formats/perf/speedscope.sh - speedscope 1.25.0's own perf importer
# (../shared/tools/speedscope-import, run under node) against this reader
# and this writer: the same stacks (ss-compare.py maps speedscope's
# conventions to FlameGraph's; speedscope weighs by time, so weights are
# not compared).  Skipped without ../shared, or when the importer cannot
# run (no node, no npm cache).
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
SS="$SHARED/tools/speedscope-import"
speedscope_cache
CMP="$top_srcdir/tests/formats/perf/ss-compare.py"
if ! command -v python3 > /dev/null ||
   ! "$SS" "$SHARED/corpus/speedscope/linux-perf/simple.linux-perf.txt" \
	> /dev/null 2>&1; then
	echo "SKIP: speedscope-import (or python3) does not run here"; exit 77
fi

compare() { # NAME PERF_FILE STACKCONV_INPUT OPTIONS...
	name=$1; perf=$2; in=$3; shift 3
	"$SS" "$perf" > "$TMP/ss.txt" 2>&1
	"$STACKCONV" -q -t collapsed "$@" "$in" > "$TMP/sc.txt"
	if python3 "$CMP" "$TMP/ss.txt" "$TMP/sc.txt" > "$TMP/cmp" 2>&1; then
		pass
	else
		fail "$name: speedscope reads other stacks"; cat "$TMP/cmp" >&2
	fi
}

# speedscope's importer leaves names as perf printed them (the mangled C++
# and Rust names of these files), so stackconv does too (--no-demangle).
# The reader: every sample file of speedscope's own repository (aarch64,
# Rust v0 names, system-wide, --header blocks, no trailing newline).
for f in "$SHARED"/corpus/speedscope/linux-perf/*.txt; do
	compare "read $(basename "$f")" "$f" "$f" --no-demangle
done
# The writer: what it writes speedscope reads as the stacks this reader
# had.
for f in "$TESTDATA"/perf/spin-fp.perf "$TESTDATA"/perf/spin-dwarf.perf \
	 "$SHARED"/corpus/inferno/flamegraph/test/perf-iperf-stacks-pidtid-01.txt \
	 "$SHARED"/corpus/inferno/flamegraph/test/perf-java-stacks-01.txt \
	 "$SHARED"/corpus/speedscope/linux-perf/forks.linux-perf.txt; do
	"$STACKCONV" -q -t perf "$f" > "$TMP/w.perf"
	compare "write $(basename "$f")" "$TMP/w.perf" "$f" --no-demangle
done

finish
