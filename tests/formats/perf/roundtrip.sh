# tests/formats/perf/roundtrip.sh - the perf script writer: its exact
# output for a small profile, and perf -> perf -> collapsed equal to
# perf -> collapsed (every value type), for this repository's inputs and,
# when ../shared is present, for the FlameGraph/inferno/speedscope corpora.
# Also collapsed -> perf -> collapsed.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/perf"
E="$top_srcdir/tests/formats/perf/expected"

"$STACKCONV" -q -t perf "$D/events.perf" > "$TMP/out"
expect_same "events written" "$E/events-written.perf" "$TMP/out"

roundtrip() { # INPUT OPTIONS...
	in=$1; shift
	"$STACKCONV" -q -t collapsed "$@" "$in" > "$TMP/direct"
	"$STACKCONV" -q -t perf "$@" "$in" > "$TMP/w.perf"
	"$STACKCONV" -q -t collapsed "$TMP/w.perf" > "$TMP/back"
	expect_same "round trip $(basename "$in") $*" "$TMP/direct" "$TMP/back"
	# Every event and both its counts and periods come back, when perf
	# printed periods (without, the writer has to print the sample counts
	# as periods, and a count column more comes back).
	"$STACKCONV" -q -t collapsed --all-values "$@" "$in" > "$TMP/direct"
	if head -1 "$TMP/direct" | grep -q /period; then
		"$STACKCONV" -q -t collapsed --all-values "$TMP/w.perf" \
			> "$TMP/back"
		expect_same "round trip $(basename "$in") $* (all values)" \
			"$TMP/direct" "$TMP/back"
	fi
	# The same without a timeline: one record per stack.
	"$STACKCONV" -q -t perf "$@" "$in" | "$STACKCONV" -q -t pprof -o "$TMP/p.pb.gz" -
	"$STACKCONV" -q -t perf "$TMP/p.pb.gz" > "$TMP/w2.perf"
	"$STACKCONV" -q -t collapsed "$TMP/w2.perf" > "$TMP/back2"
	"$STACKCONV" -q -t collapsed "$@" "$in" > "$TMP/direct2"
	expect_same "round trip via pprof $(basename "$in") $*" "$TMP/direct2" \
		"$TMP/back2"
}

inputs="$D/layouts.perf $D/events.perf $D/spin-fp.perf $D/spin-dwarf.perf
$D/spin-header-pidtid.perf $D/spin-2events.perf $D/spin-nocallchain.perf"
if [ -d "$SHARED/corpus" ]; then
	inputs="$inputs $(ls "$SHARED"/corpus/inferno/flamegraph/test/perf-*.txt \
		"$SHARED"/corpus/speedscope/linux-perf/*.txt)"
fi
for in in $inputs; do
	roundtrip "$in"
	roundtrip "$in" --tid --all
	# Not layouts.perf: under --addrs its "[memfd:x (deleted) <7f00aa>]"
	# comes back cut at the '(' (the one name the writer cannot protect).
	[ "$in" = "$D/layouts.perf" ] || roundtrip "$in" --addrs
done

# From collapsed: names with '(' do not survive (the perf reader cuts them,
# as FlameGraph does), so the memfd line is left out.
for f in layouts-default layouts-tid; do
	grep -v memfd "$E/$f.txt" > "$TMP/in.txt"
	"$STACKCONV" -q -f collapsed -t perf "$TMP/in.txt" > "$TMP/w.perf"
	"$STACKCONV" -q -t collapsed "$TMP/w.perf" > "$TMP/back"
	expect_same "collapsed $f -> perf -> collapsed" "$TMP/in.txt" "$TMP/back"
done
"$STACKCONV" -q -t perf "$E/events-all-values.txt" > "$TMP/w.perf"
"$STACKCONV" -q -t collapsed --all-values "$TMP/w.perf" > "$TMP/back"
expect_same "collapsed all values -> perf -> collapsed" \
	"$E/events-all-values.txt" "$TMP/back"

finish
