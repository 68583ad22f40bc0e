# tests/formats/perf/roundtrip.sh - the perf script writer: its exact
# output for a small profile, and perf -> perf -> collapsed OPTIONS equal to
# perf -> collapsed OPTIONS (every value type; threads, kinds and events
# are data, so the rendering options apply at the end), for this
# repository's inputs and, when ../shared is present, for the
# FlameGraph/inferno/speedscope corpora.  Also collapsed -> perf ->
# collapsed, which gains the COMM every perf sample has.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/perf"
E="$top_srcdir/tests/formats/perf/expected"

"$STACKCONV" -q -t perf "$D/events.perf" > "$TMP/out"
expect_same "events written" "$E/events-written.perf" "$TMP/out"

roundtrip() { # INPUT OPTIONS...
	in=$1; shift
	# --addrs is the reader's (it names unknown symbols); the rest are
	# the collapsed writer's.
	rd=""
	case " $* " in *" --addrs "*) rd=--addrs ;; esac
	"$STACKCONV" -q -t collapsed "$@" "$in" > "$TMP/direct"
	"$STACKCONV" -q -t perf $rd "$in" > "$TMP/w.perf"
	"$STACKCONV" -q -t collapsed "$@" "$TMP/w.perf" > "$TMP/back"
	expect_same "round trip $(basename "$in") $*" "$TMP/direct" "$TMP/back"
	# Every event and both its counts and periods come back, when perf
	# printed periods (without, the writer has to print the sample counts
	# as periods, and a count column more comes back).
	"$STACKCONV" -q -t collapsed --all-values "$@" "$in" > "$TMP/direct"
	if head -1 "$TMP/direct" | grep -q /period; then
		"$STACKCONV" -q -t collapsed --all-values "$@" "$TMP/w.perf" \
			> "$TMP/back"
		expect_same "round trip $(basename "$in") $* (all values)" \
			"$TMP/direct" "$TMP/back"
	fi
	# The same without a timeline: one record per stack.
	"$STACKCONV" -q -t perf $rd "$in" | "$STACKCONV" -q -t pprof -o "$TMP/p.pb.gz" -
	"$STACKCONV" -q -t perf "$TMP/p.pb.gz" > "$TMP/w2.perf"
	"$STACKCONV" -q -t collapsed "$@" "$TMP/w2.perf" > "$TMP/back2"
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
# as FlameGraph does), so the memfd line is left out.  A folded file has no
# threads: every sample gets the COMM "unknown", which comes back as a root
# frame (a root frame is never taken for a COMM).
for f in layouts-default layouts-tid; do
	grep -v memfd "$E/$f.txt" > "$TMP/in.txt"
	"$STACKCONV" -q -f collapsed -t perf "$TMP/in.txt" > "$TMP/w.perf"
	"$STACKCONV" -q -t collapsed "$TMP/w.perf" > "$TMP/back"
	sed 's/^/unknown;/' "$TMP/in.txt" > "$TMP/want"
	expect_same "collapsed $f -> perf -> collapsed" "$TMP/want" "$TMP/back"
	"$STACKCONV" -q -t collapsed --no-comm "$TMP/w.perf" > "$TMP/back"
	expect_same "collapsed $f -> perf -> collapsed --no-comm" "$TMP/in.txt" \
		"$TMP/back"
done
"$STACKCONV" -q -t perf "$E/events-all-values.txt" > "$TMP/w.perf"
"$STACKCONV" -q -t collapsed --all-values --no-comm "$TMP/w.perf" > "$TMP/back"
expect_same "collapsed all values -> perf -> collapsed" \
	"$E/events-all-values.txt" "$TMP/back"

# Threads are data: a perf file read without options and written as
# pprof carries them as perf_data_converter's labels, and the COMM-PID/TID
# roots come back from pprof alone.
"$STACKCONV" -q -t pprof -o "$TMP/t.pb.gz" "$D/spin-header-pidtid.perf"
"$STACKCONV" -q -t collapsed --tid "$D/spin-header-pidtid.perf" > "$TMP/direct"
"$STACKCONV" -q -t collapsed --tid "$TMP/t.pb.gz" > "$TMP/back"
expect_same "perf -> pprof -> collapsed --tid" "$TMP/direct" "$TMP/back"
# and a pprof stack is never a COMM: its frames stay frames.
"$STACKCONV" -q -t perf "$TESTDATA/pprof/cpu.pb.gz" > "$TMP/w.perf"
"$STACKCONV" -q -t collapsed --no-comm "$TESTDATA/pprof/cpu.pb.gz" > "$TMP/direct"
"$STACKCONV" -q -t collapsed --no-comm "$TMP/w.perf" > "$TMP/back"
expect_same "pprof -> perf keeps every frame" "$TMP/direct" "$TMP/back"
grep -q '^runtime' "$TMP/w.perf" && fail "pprof -> perf: a frame became a COMM"
pass

finish
