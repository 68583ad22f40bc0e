# tests/formats/speedscope/importer.sh - the real consumer: every
# speedscope file stackconv writes, from inputs of every readable format
# (perf, collapsed, pprof, speedscope, cpuprofile, py-spy, massif:
# testdata and the corpus), imported
# by speedscope 1.25.0's own importer (../shared/tools/speedscope-import,
# under node) shows the same stacks, weights and totals as stackconv's
# collapsed output of the same input.  speedscope shows threads as
# profiles and collapsed --tid as root frames; ss-folded.py maps one to
# the other.  Skipped without ../shared, or when the importer cannot run
# (no node, or speedscope@1.25.0 not installable from npm).
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
SS="$SHARED/tools/speedscope-import"
speedscope_cache
CMP="$top_srcdir/tests/formats/speedscope/ss-folded.py"
if ! command -v python3 > /dev/null ||
   ! "$SS" "$SHARED/corpus/speedscope/speedscope/0.1.2/simple-sampled.speedscope.json" \
	> /dev/null 2>&1; then
	echo "SKIP: speedscope-import (or python3) does not run here"; exit 77
fi

C="$SHARED/corpus/speedscope"
n=0
for f in "$TESTDATA"/speedscope/*.json "$TESTDATA"/perf/*.perf \
	 "$TESTDATA"/collapsed/*.folded "$TESTDATA"/pprof/*.pb.gz \
	 "$TESTDATA"/pprof/crafted/*.pb "$TESTDATA"/cpuprofile/* \
	 "$TESTDATA"/pyspy/*.txt "$TESTDATA"/massif/*.out \
	 "$C"/speedscope/*/*.speedscope.json "$C"/Chrome/65/*.cpuprofile \
	 "$C"/node/*/*.cpuprofile \
	 "$C"/linux-perf/*.txt "$C"/stackcollapse/*.txt "$C"/pprof/simple.prof \
	 "$SHARED"/corpus/flamegraph/test/perf-*.txt; do
	# only what stackconv reads (testdata holds broken files on purpose)
	"$STACKCONV" -q --tid "$f" > "$TMP/sc.txt" 2> /dev/null || continue
	"$STACKCONV" -q -t speedscope "$f" > "$TMP/out.json"
	if ! "$SS" "$TMP/out.json" --json > "$TMP/ss.json" 2> "$TMP/ss.err"; then
		fail "$f: speedscope cannot import what stackconv wrote"
		head -5 "$TMP/ss.err" >&2
		continue
	fi
	if python3 "$CMP" "$TMP/out.json" "$TMP/ss.json" "$TMP/sc.txt" \
		> "$TMP/cmp" 2>&1; then
		pass
	else
		fail "$f: speedscope shows other stacks"; cat "$TMP/cmp" >&2
	fi
	n=$((n + 1))
done
[ "$n" -ge 40 ] && pass || fail "only $n inputs imported"
finish
