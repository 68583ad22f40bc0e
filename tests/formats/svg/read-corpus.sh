# tests/formats/svg/read-corpus.sh - every flame graph SVG of ../shared's
# corpus reads (inferno's 47 and FlameGraph's example-perf.svg), and reads
# back to the stacks it was drawn from: for each SVG with its folded input
# named in the corpus' MANIFEST.md, the input as the drawing tool saw it
# (marks such as "_[k]" stripped from titles, --reverse applied, inferno's
# truncation of fractional counts) and re-pruned by inferno's rule (frames
# under 0.01% of the total are not drawn and their weight stays in their
# parent) must equal the SVG's stacks exactly (expect-folded.py makes it).
# Differential graphs compare both columns (base derived from the titles'
# deltas).  Without an oracle: inferno's --base graphs and the example
# SVG of an old flamegraph.pl are checked by stack count and total.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
command -v python3 > /dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
C="$SHARED/corpus"
D="$C/inferno/tests/data/flamegraph"
R="$C/inferno/flamegraph/test/results"
EXPECT="$top_srcdir/tests/formats/svg/expect-folded.py"
DIFFIN="$D/differential/perf-cycles-instructions-01-collapsed-all-diff.txt"
VERTX="$R/perf-vertx-stacks-01-collapsed-all.txt"
JAVA="$R/perf-java-stacks-01-collapsed-all.txt"
CYCLES="$R/perf-cycles-instructions-01-collapsed-all.txt"
ASYNC="$D/colors/async-profiler-collapsed-part.txt"

# every SVG reads
find "$C" -name '*.svg' | LC_ALL=C sort > "$TMP/svgs"
n=$(wc -l < "$TMP/svgs")
[ "$n" -eq 48 ] && pass || fail "$n SVGs in the corpus, expected 48"
while read -r svg; do
	"$STACKCONV" -q "$svg" -t collapsed > /dev/null 2> "$TMP/err"
	expect_status "read ${svg#$C/}: $(cat "$TMP/err")" 0 $?
done < "$TMP/svgs"

# same NAME SVG INPUT [expect-folded.py options]: the SVG's stacks are the
# input's collapsed output as drawn
same() {
	_name=$1 _svg=$2 _in=$3; shift 3
	"$STACKCONV" "$_in" -t collapsed | python3 "$EXPECT" --prune 0.01 "$@" \
		> "$TMP/want"
	"$STACKCONV" "$D/$_svg" -t collapsed | LC_ALL=C sort > "$TMP/got"
	expect_same "$_name" "$TMP/want" "$TMP/got"
}
same "perf-vertx" perf-vertx-stacks/perf-vertx-stacks-01-collapsed-all.svg "$VERTX"
same "perf-vertx --reverse" \
	perf-vertx-stacks/perf-vertx-stacks-01-collapsed-all-reversed-stacks.svg \
	"$D/unsorted-input/perf-vertx-stacks-01-collapsed-all-unsorted.txt" --reverse
same "icicle" inverted/inverted.svg "$VERTX"
same "factor 2.5 (fg:w holds the unfactored weight)" factor/factor-2.5.svg "$VERTX"
same "colordiffusion" options/colordiffusion.svg "$VERTX"
same "palette map" palette-map/consistent-palette.svg "$VERTX"
same "java colours" colors/java.svg "$JAVA"
same "truncate-right" options/truncate-right.svg "$JAVA"
same "js colours" colors/js.svg "$R/perf-js-stacks-01-collapsed-all.txt"
same "deterministic" colors/deterministic.svg "$ASYNC"
same "async-profiler java" colors/async-profiler-java.svg "$ASYNC"
same "example-perf-stacks" example-perf-stacks/example-perf-stacks.svg \
	"$C/inferno/tests/data/collapse-perf/results/example-perf-stacks-collapsed.txt"
same "narrow blocks (pruned)" narrow-blocks/narrow-blocks.svg \
	"$D/narrow-blocks/narrow-blocks.txt"
same "grey frames" grey-frames/grey-frames.svg "$D/grey-frames/grey-frames.txt"
same "flame chart (aggregated)" flamechart/flame.svg "$D/flamechart/flames.txt"
same "austin comments" austin/flame.svg "$D/austin/flames.txt"
same "fractional, reversed" fractional-samples/fractional-reversed.svg \
	"$D/fractional-samples/fractional.txt" --reverse --truncate
same "fractional with space, reversed" \
	fractional-samples/with-space-reversed.svg \
	"$D/fractional-samples/with-space.txt" --reverse --truncate

# --nameattr replaced two titles ("foo" for main, "bar" for the inner
# cksum); main's label still shows its name, the inner cksum's is clipped
# away, so that frame reads as the title says.
for svg in nameattr/nameattr.svg nameattr/nameattr_duplicate_attributes.svg; do
	"$STACKCONV" "$CYCLES" -t collapsed | sed 's/^cksum;cksum/cksum;bar/' |
		python3 "$EXPECT" --prune 0.01 > "$TMP/want"
	"$STACKCONV" "$D/$svg" -t collapsed | LC_ALL=C sort > "$TMP/got"
	expect_same "$svg" "$TMP/want" "$TMP/got"
done

# Differential graphs: the folded "stack base new" lines come back as two
# columns, base first; --negate is told by the base weights it would
# otherwise make negative.
python3 "$EXPECT" --columns 2 --prune 0.01 < "$DIFFIN" > "$TMP/want"
for svg in differential/diff.svg differential/diff-negated.svg \
	   $(cd "$D" && ls options/*.svg | grep -v -e colordiffusion -e truncate-right -e count_name_with); do
	"$STACKCONV" -q --all-values "$D/$svg" -t collapsed > "$TMP/got2"
	sed 1d "$TMP/got2" | LC_ALL=C sort > "$TMP/got"
	expect_same "differential $svg" "$TMP/want" "$TMP/got"
done
head -1 "$TMP/got2" > "$TMP/header"
expect_text "differential value types" "base_samples/count samples/count" "$TMP/header"
"$STACKCONV" "$D/differential/diff-negated.svg" -t collapsed > /dev/null 2> "$TMP/err"
expect_text "--negate noticed" "stackconv: warning: $D/differential/diff-negated.svg: differential graph read as drawn with --negate (the changes in its titles give negative base weights otherwise)" "$TMP/err"
# a count name with blanks cannot head a folded column: one at a time
awk '{ $(NF - 1) = ""; sub(/  /, " "); print }' "$TMP/want" > "$TMP/want.new"
"$STACKCONV" "$D/options/count_name_with_symbols.svg" | LC_ALL=C sort > "$TMP/got"
expect_same "count name with symbols, new" "$TMP/want.new" "$TMP/got"
"$STACKCONV" --sample-type 0 "$D/options/count_name_with_symbols.svg" | LC_ALL=C sort > "$TMP/got"
awk '{ $NF = ""; sub(/ $/, ""); print }' "$TMP/want" > "$TMP/want.base"
expect_same "count name with symbols, base" "$TMP/want.base" "$TMP/got"
"$STACKCONV" --all-values "$D/options/count_name_simple.svg" -t collapsed | head -1 > "$TMP/header"
expect_text "count name as the value type" "base_test-samples/count test-samples/count" "$TMP/header"

# inferno's empty-input graph is an empty profile
"$STACKCONV" "$D/empty/empty.svg" -t collapsed > "$TMP/got"; expect_status "empty.svg" 0 $?
[ -s "$TMP/got" ] && fail "empty.svg: stacks read" || pass

# total NAME SVG LINES TOTAL: stack count and total weight
total() {
	"$STACKCONV" "$2" -t collapsed | awk '{ n++; s += $NF } END { print n, s }' > "$TMP/got"
	expect_text "$1" "$3 $4" "$TMP/got"
}
total "--base Final" "$D/base/single-base.svg" 34 198800
total "--base Final --base Samples" "$D/base/multi-base.svg" 74 381200
total "old flamegraph.pl example" "$C/flamegraph/example-perf.svg" 710 1315
finish
