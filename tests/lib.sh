# tests/lib.sh - shared helpers for the shell end-to-end tests.
# Sourced by every tests/**/*.sh; automake runs them with srcdir and builddir
# in the environment (see AM_TESTS_ENVIRONMENT in Makefile.am).
set -u
: "${top_srcdir:=.}"
: "${top_builddir:=.}"
STACKCONV="$top_builddir/cmd/stackconv"
TESTDATA="$top_srcdir/testdata"
SHARED="${SK_SHARED:-$top_srcdir/../shared}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sk-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

# expect_same NAME EXPECTED_FILE ACTUAL_FILE
expect_same() {
	if cmp -s "$2" "$3"; then pass; else
		fail "$1: output differs"; diff -u "$2" "$3" | head -20 >&2
	fi
}

# expect_text NAME "expected text" ACTUAL_FILE   (exact, with final newline)
expect_text() {
	printf '%s\n' "$2" > "$TMP/expect_text"
	expect_same "$1" "$TMP/expect_text" "$3"
}

# expect_status NAME WANT GOT
expect_status() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: exit status $3, expected $2"; fi
}

# skip_unless_shared: exit 77 (automake's SKIP) when ../shared is absent
skip_unless_shared() {
	if [ ! -d "$SHARED/corpus" ]; then
		echo "SKIP: ../shared/corpus not present"; exit 77
	fi
}

# finish: the exit status of the test script
finish() {
	echo "$checks checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}

# use_go_pprof: exit 77 without go; else set go tool pprof up so that it
# neither builds nor fetches anything nor writes outside $TMP, and define
# pprof FILE ARGS... (go tool pprof, a check that passes when it succeeds,
# stderr in $TMP/pprof.err) and T2F, the -traces to folded converter.
use_go_pprof() {
	if ! command -v go > /dev/null 2>&1; then
		echo "SKIP: go not installed"; exit 77
	fi
	GOCACHE="$TMP/gocache" GOPATH="$TMP/gopath" GOFLAGS= GOPROXY=off \
		PPROF_TMPDIR="$TMP" HOME="$TMP"
	export GOCACHE GOPATH GOFLAGS GOPROXY PPROF_TMPDIR HOME
	T2F="$top_srcdir/tests/formats/pprof/traces2folded.sh"
}

pprof() {
	_f=$1; shift
	if go tool pprof "$@" "$_f" 2> "$TMP/pprof.err"; then pass; else
		fail "go tool pprof $* $_f: $(head -3 "$TMP/pprof.err")"
	fi
}

# speedscope_cache: a private SPEEDSCOPE_CACHE for ../shared/tools/
# speedscope-import, which copies its script into the cache on every run:
# tests running at once (make -j) would read each other's half-copied
# script.  The installed package and patched bundle are linked from the
# shared cache, which the first use (or .ci/run) fills.
speedscope_cache() {
	shared_cache=${SPEEDSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackkit-speedscope}
	[ -f "$shared_cache/speedscope-patched.js" ] || return 0
	mkdir -p "$TMP/sscache"
	ln -sf "$shared_cache/node_modules" "$TMP/sscache/node_modules"
	ln -sf "$shared_cache/speedscope-patched.js" "$TMP/sscache/speedscope-patched.js"
	SPEEDSCOPE_CACHE="$TMP/sscache"
	export SPEEDSCOPE_CACHE
}
