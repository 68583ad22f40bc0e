# tests/formats/speedscope/roundtrip.sh - what survives speedscope:
#   speedscope -> speedscope is a fixed point after the first write, and
#     reads back to the same collapsed stacks, threads and weights;
#   perf, pprof and collapsed -> speedscope -> collapsed keep the stacks
#     (thread roots included, with --tid) and weights of input ->
#     collapsed.  Frame kinds are not kept (speedscope has none), so the
#     _[i] FlameGraph always adds to frames inlined into JIT code is
#     compared without it.
. "$top_srcdir/tests/lib.sh"

inputs="$TESTDATA/speedscope/*.json $TESTDATA/perf/*.perf
	$TESTDATA/collapsed/*.folded $TESTDATA/pprof/*.pb.gz
	$TESTDATA/pprof/crafted/*.pb"
if [ -d "$SHARED/corpus" ]; then
	inputs="$inputs $SHARED/corpus/speedscope/speedscope/*/*.speedscope.json
		$SHARED/corpus/speedscope/linux-perf/*.txt
		$SHARED/corpus/speedscope/stackcollapse/*.txt
		$SHARED/corpus/speedscope/pprof/simple.prof
		$SHARED/corpus/flamegraph/test/perf-*.txt"
fi
n=0
for f in $inputs; do
	# only what stackconv reads (testdata holds broken files on purpose)
	"$STACKCONV" -q --tid "$f" > "$TMP/direct" 2> /dev/null || continue
	sed 's/_\[i\]//g' "$TMP/direct" > "$TMP/want"
	"$STACKCONV" -q -t speedscope "$f" > "$TMP/1.json" ||
		{ fail "$f: no speedscope output"; continue; }
	"$STACKCONV" -q --tid -f speedscope "$TMP/1.json" > "$TMP/back"
	expect_same "$f -> speedscope -> collapsed" "$TMP/want" "$TMP/back"
	"$STACKCONV" -q -t speedscope "$TMP/1.json" > "$TMP/2.json"
	expect_same "$f -> speedscope -> speedscope" "$TMP/1.json" "$TMP/2.json"
	n=$((n + 1))
done
# Not vacuous: testdata alone has this many readable inputs.
[ "$n" -ge 20 ] && pass || fail "only $n inputs read"

# speedscope -> speedscope keeps every value type's stacks when they are
# written one at a time.
D="$TESTDATA/speedscope"
for t in 0 1; do
	"$STACKCONV" -q --tid --sample-type $t "$D/mixed-units.json" > "$TMP/want"
	"$STACKCONV" -q -t speedscope --sample-type $t "$D/mixed-units.json" |
		"$STACKCONV" -q --tid -f speedscope - > "$TMP/back"
	expect_same "mixed units, type $t" "$TMP/want" "$TMP/back"
done
finish
