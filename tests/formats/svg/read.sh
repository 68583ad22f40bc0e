# tests/formats/svg/read.sh - hand-written flame graphs of testdata/svg/
# read back to exact folded stacks: flamegraph.pl's current and old
# (2014-style, frames in hash order) documents, an icicle without any
# marker, a flamegraph.pl differential graph (base weights derived from the
# titles' deltas), stackkit's own shape (exact fg: weights, value type,
# file:line and module lines, thread frames, fg:b/fg:n) and an inferno
# flame chart whose repeated stacks aggregate.
. "$top_srcdir/tests/lib.sh"
S="$TESTDATA/svg"

# reads NAME FILE EXPECTED [OPTIONS]
reads() {
	_n=$1 _f=$2 _e=$3; shift 3
	"$STACKCONV" "$@" "$_f" > "$TMP/got" 2> "$TMP/err"
	expect_status "$_n" 0 $?
	expect_same "$_n" "$_e" "$TMP/got"
	[ -s "$TMP/err" ] && fail "$_n: $(cat "$TMP/err")" || pass
}
reads "flamegraph.pl" "$S/flamegraph-pl.svg" "$S/flamegraph.expected"
reads "old flamegraph.pl" "$S/flamegraph-old.svg" "$S/flamegraph.expected"
reads "icicle by geometry" "$S/icicle.svg" "$S/flamegraph.expected"
reads "differential" "$S/differential.svg" "$S/differential.expected" --all-values
reads "stackkit" "$S/stackkit.svg" "$S/stackkit.expected"
reads "stackkit differential icicle" "$S/stackkit-diff.svg" "$S/stackkit-diff.expected" --all-values
reads "flame chart" "$S/flamechart.svg" "$S/flamechart.expected"

# detected by content, also from stdin and gzipped
"$STACKCONV" - < "$S/flamegraph-old.svg" > "$TMP/got"
expect_same "detected on stdin" "$S/flamegraph.expected" "$TMP/got"
gzip -c "$S/flamegraph-pl.svg" > "$TMP/graph.svgz"
"$STACKCONV" "$TMP/graph.svgz" > "$TMP/got"
expect_same "gzipped" "$S/flamegraph.expected" "$TMP/got"

# flamegraph.pl --encoding ISO-8859-1: Latin-1 names come out in UTF-8
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<svg xmlns="http://www.w3.org/2000/svg"><g><title>caf\351 (2 samples, 100%%)</title><rect x="0" y="0" width="1"/></g></svg>\n' > "$TMP/latin1.svg"
"$STACKCONV" "$TMP/latin1.svg" > "$TMP/got"
expect_text "ISO-8859-1" "café 2" "$TMP/got"

# what frames keep: FlameGraph's marks as kinds (the name unchanged, as
# the collapsed reader keeps it), file, line and module from stackkit's
# title lines, thread root frames
"$STACKCONV" --frame-format "name:kind" "$S/flamegraph-pl.svg" | grep read > "$TMP/got"
expect_text "kernel mark" "main:native;parse<T>:native;read_[k]:kernel 500" "$TMP/got"
"$STACKCONV" --frame-format "name|file|line|module|kind" "$S/stackkit.svg" > "$TMP/got"
cat > "$TMP/want" <<'END'
myprog||0||thread;main|main.c|12|myprog|native 500000
myprog||0||thread;main|main.c|12|myprog|native;compute|compute.c|40||native 1500000.5
myprog||0||thread;start|start.S|0|libc.so.6|native 500000
END
expect_same "stackkit frame fields" "$TMP/want" "$TMP/got"

# value types: stackkit's fg:type/fg:unit, else samples/count; differential
# graphs have the base first (flagged baseline) and the new one the default
types() {
	"$STACKCONV" --sample-type none "$2" 2> "$TMP/err" > /dev/null
	expect_text "$1" "stackconv: no value type 'none'; the profile has: $3" "$TMP/err"
}
types "stackkit's value type" "$S/stackkit.svg" "cpu/nanoseconds"
types "flamegraph.pl's" "$S/flamegraph-pl.svg" "samples/count"
types "differential" "$S/differential.svg" "base_samples/count samples/count"
"$STACKCONV" "$S/differential.svg" > "$TMP/got"
sed -e 1d -e 's/ [0-9]* \([0-9]*\)$/ \1/' "$S/differential.expected" > "$TMP/want"
expect_same "differential: the new weights are the default" "$TMP/want" "$TMP/got"
finish
