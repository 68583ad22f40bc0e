#!/bin/sh
# js-decoder.sh - a second consumer: the npm package pprof-format must decode
# what the writer produces to the same stacks and values.  Skipped (77)
# unless node finds pprof-format (e.g. npm install pprof-format in a
# directory named by NODE_PATH).
. "$top_srcdir/tests/lib.sh"
if ! node -e "require('pprof-format')" > /dev/null 2>&1; then
	echo "SKIP: node with pprof-format not available"; exit 77
fi
JS="$top_srcdir/tests/formats/pprof/pprof-folded.js"
D="$TESTDATA/pprof"

for f in "$D/cpu.pb.gz" "$D/heap.pb.gz" "$D/crafted/inline.pb" \
	"$D/cpu.folded"; do
	"$STACKCONV" -o "$TMP/out.pb.gz" "$f"
	node "$JS" "$TMP/out.pb.gz" > "$TMP/js"
	"$STACKCONV" --all-values "$f" > "$TMP/want"
	expect_same "pprof-format $(basename "$f")" "$TMP/want" "$TMP/js"
done

finish
