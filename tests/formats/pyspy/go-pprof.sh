#!/bin/sh
# go-pprof.sh - py-spy raw -> pprof read by the real consumer: `go tool
# pprof -lines -traces` shows every frame's file and line as the py-spy file
# spelled them (no line for "(file.py)" frames), and -tags the thread and
# process labels.  Skipped (77) when go is not installed.
. "$top_srcdir/tests/lib.sh"
if ! command -v go > /dev/null 2>&1; then
	echo "SKIP: go not installed"; exit 77
fi
# pprof must neither build nor fetch anything, nor write outside $TMP.
GOCACHE="$TMP/gocache" GOPATH="$TMP/gopath" GOFLAGS= GOPROXY=off \
	PPROF_TMPDIR="$TMP" HOME="$TMP"
export GOCACHE GOPATH GOFLAGS GOPROXY PPROF_TMPDIR HOME
T2F="$top_srcdir/tests/formats/pprof/traces2folded.sh"
D="$TESTDATA/pyspy"
E="$top_srcdir/tests/formats/pyspy/expected"

pprof() {
	f=$1; shift
	if go tool pprof "$@" "$f" 2> "$TMP/pprof.err"; then pass; else
		fail "go tool pprof $* $f: $(head -3 "$TMP/pprof.err")"
	fi
}

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
