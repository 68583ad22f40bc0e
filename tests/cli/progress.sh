# tests/cli/progress.sh - the progress line: on a terminal (a pseudo-
# terminal from tests/cli/progress.py) for an input past 64 MiB, redrawn
# with carriage returns (padded over a longer line) and blanked at the
# end; nothing for a small input, on a non-terminal, or with
# --no-progress; --progress forces it into a file.  Skips without python3.
. "$top_srcdir/tests/lib.sh"
command -v python3 > /dev/null || { echo "SKIP: no python3"; exit 77; }
PY="$top_srcdir/tests/cli/progress.py"
line='\\rstackconv: <stdin>: [0-9.]+ [kMG]?B, [0-9.]+ [kMG]?B/s *'

TMPDIR="$TMP" python3 "$PY" "$STACKCONV" tty 68 > "$TMP/out"
grep -Eq "^($line)+\\\\r +\\\\r\$" "$TMP/out" && pass ||
	fail "terminal, 68 MiB: $(head -c 300 "$TMP/out")"
TMPDIR="$TMP" python3 "$PY" "$STACKCONV" tty 68 --no-progress > "$TMP/out"
expect_text "terminal, --no-progress" "" "$TMP/out"
TMPDIR="$TMP" python3 "$PY" "$STACKCONV" tty 8 > "$TMP/out"
expect_text "terminal, 8 MiB" "" "$TMP/out"
TMPDIR="$TMP" python3 "$PY" "$STACKCONV" file 68 > "$TMP/out"
expect_text "file, 68 MiB" "" "$TMP/out"
TMPDIR="$TMP" python3 "$PY" "$STACKCONV" file 8 --progress > "$TMP/out"
grep -Eq "^($line)+\\\\r +\\\\r\$" "$TMP/out" && pass ||
	fail "file, --progress: $(head -c 300 "$TMP/out")"

finish
