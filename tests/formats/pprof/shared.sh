#!/bin/sh
# shared.sh - speedscope's sample pprof file (../shared/corpus): a gzipped
# Go 1.10 CPU profile without mappings whose repeated values are not
# packed.  Expected stacks from `go tool pprof -traces`.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
P="$SHARED/corpus/speedscope/pprof/simple.prof"

"$STACKCONV" "$P" > "$TMP/out"
expect_same "simple.prof" "$TESTDATA/pprof/shared-simple.folded" "$TMP/out"
"$STACKCONV" --all-values "$P" | head -1 > "$TMP/out"
expect_text "simple.prof types" "samples/count cpu/nanoseconds" "$TMP/out"
"$STACKCONV" --all-values "$P" > "$TMP/before"
"$STACKCONV" -t pprof "$P" > "$TMP/rt.pb.gz"
"$STACKCONV" --all-values "$TMP/rt.pb.gz" > "$TMP/after"
expect_same "simple.prof round trip" "$TMP/before" "$TMP/after"

finish
