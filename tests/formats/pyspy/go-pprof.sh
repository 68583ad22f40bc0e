#!/bin/sh
# go-pprof.sh - py-spy raw -> pprof read by the real consumer: `go tool
# pprof -lines -traces` shows every frame's file and line as the py-spy file
# spelled them (no line for "(file.py)" frames), and -tags the thread and
# process labels.  Skipped (77) when go is not installed.
. "$top_srcdir/tests/lib.sh"
use_go_pprof
D="$TESTDATA/pyspy"
E="$top_srcdir/tests/formats/pyspy/expected"

for name in basic native; do
	"$STACKCONV" -o "$TMP/$name.pb.gz" "$D/$name.txt"
	pprof "$TMP/$name.pb.gz" -lines -traces > "$TMP/traces"
	sh "$T2F" < "$TMP/traces" > "$TMP/out"
	expect_same "$name -lines -traces" "$E/$name.pprof-lines.folded" "$TMP/out"
done
for name in threads subprocesses; do
	"$STACKCONV" -o "$TMP/$name.pb" "$D/$name.txt"
	pprof "$TMP/$name.pb" -tags > "$TMP/out"
	expect_same "$name -tags" "$E/$name.pprof-tags" "$TMP/out"
done
finish
