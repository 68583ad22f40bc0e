# tests/formats/svg/roundtrip.sh - stackkit's own graphs read back: every
# profile written with -t svg --minwidth 0 (nothing merged away) reads
# back to exactly its collapsed output (of the value type drawn), for flame
# graphs, icicles and --reverse graphs, integer and decimal weights, every
# reader's profiles, with file:line and module kept, and stackdiff's
# differential graphs.
. "$top_srcdir/tests/lib.sh"
IN="$TESTDATA/collapsed/unsorted.folded"

# round NAME INPUT [OPTIONS]: INPUT -> svg -> collapsed = INPUT -> collapsed
round() {
	_n=$1 _in=$2; shift 2
	"$STACKCONV" "$_in" -t collapsed > "$TMP/want"
	"$STACKCONV" "$@" "$_in" -t svg --minwidth 0 -o "$TMP/graph.svg"
	expect_status "$_n: write" 0 $?
	"$STACKCONV" "$TMP/graph.svg" -t collapsed > "$TMP/got" 2> "$TMP/err"
	expect_status "$_n: read back" 0 $?
	expect_same "$_n" "$TMP/want" "$TMP/got"
	[ -s "$TMP/err" ] && fail "$_n: $(cat "$TMP/err")" || pass
}
round "collapsed" "$IN"
round "icicle" "$IN" --inverted
round "sorted by weight" "$IN" --sort-by-weight
round "decimal weights" "$TESTDATA/collapsed/bytes.folded"
round "perf" "$TESTDATA/perf/spin-fp.perf"
round "pprof cpu" "$TESTDATA/pprof/cpu.pb.gz"
round "massif" "$TESTDATA/massif/stacks.out"
round "speedscope" "$TESTDATA/speedscope/evented.speedscope.json"
# --reverse draws reversed stacks: they read back reversed
"$STACKCONV" "$IN" -t svg --minwidth 0 --reverse -o "$TMP/rev.svg"
"$STACKCONV" "$TMP/rev.svg" -t collapsed > "$TMP/got"
"$STACKCONV" "$IN" -t collapsed | awk '{ w = $NF; $NF = ""; n = split(substr($0, 1, length($0) - 1), f, ";")
	s = f[n]; for (i = n - 1; i >= 1; i--) s = s ";" f[i]; print s, w }' | LC_ALL=C sort > "$TMP/want"
LC_ALL=C sort "$TMP/got" > "$TMP/got.sorted"
expect_same "reversed" "$TMP/want" "$TMP/got.sorted"
# file and module survive in the titles; a drawn frame merges the frames
# of one name (pprof's one per line), so it shows one of their lines
"$STACKCONV" "$TESTDATA/pprof/cpu.pb.gz" --frame-format "name|file|module" > "$TMP/want"
"$STACKCONV" "$TESTDATA/pprof/cpu.pb.gz" -t svg --minwidth 0 -o "$TMP/src.svg"
"$STACKCONV" "$TMP/src.svg" --frame-format "name|file|module" > "$TMP/got"
expect_same "file and module" "$TMP/want" "$TMP/got"
"$STACKCONV" "$TESTDATA/pprof/cpu.pb.gz" --frame-format "name:line" | tr '; ' '\n\n' | LC_ALL=C sort -u > "$TMP/lines"
"$STACKCONV" "$TMP/src.svg" --frame-format "name:line" | tr '; ' '\n\n' | LC_ALL=C sort -u > "$TMP/got"
LC_ALL=C comm -13 "$TMP/lines" "$TMP/got" | grep ':' > "$TMP/new" && fail "lines that were not in the input: $(cat "$TMP/new")" || pass
grep -q ':0$' "$TMP/got" && fail "a line lost" || pass
# stackdiff's differential graphs: with every frame drawn (widths from the
# larger side) both columns come back as stackdiff prints them
STACKDIFF="$top_builddir/cmd/stackdiff"
B="$TESTDATA/collapsed/base.folded" N="$TESTDATA/collapsed/other.folded"
"$STACKDIFF" "$B" "$N" -t collapsed > "$TMP/want"
"$STACKDIFF" "$B" "$N" -t svg --minwidth 0 --width-from max -o "$TMP/diff.svg"
expect_status "stackdiff -t svg" 0 $?
"$STACKCONV" --all-values "$TMP/diff.svg" > "$TMP/got"
head -1 "$TMP/got" > "$TMP/header"
expect_text "differential value types" "base_samples/count samples/count" "$TMP/header"
sed 1d "$TMP/got" > "$TMP/body"
expect_same "stackdiff graph" "$TMP/want" "$TMP/body"
finish
