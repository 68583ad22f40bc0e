# tests/cli/conformance-folded.sh - every folded file of ../shared/corpus
# (FlameGraph, inferno and speedscope test data) converts to collapsed and
# back without change, and matches an independent awk aggregation (names
# as written: --no-demangle).
# Skips when ../shared is absent.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
K="$SHARED/corpus"

# Folded files: every stackcollapse result plus the flamegraph inputs.
find "$K/flamegraph/test/results" "$K/inferno/flamegraph/test/results" \
	"$K/inferno/tests/data/collapse-perf/results" \
	"$K/inferno/tests/data/collapse-recursive" \
	"$K/inferno/tests/data/flamegraph" "$K/speedscope/stackcollapse" \
	-name '*.txt' -type f | LC_ALL=C sort > "$TMP/files"
[ "$(wc -l < "$TMP/files")" -gt 150 ] && pass || fail "corpus looks incomplete"

n=0
while read -r f; do
	# UTF-16 files are covered by tests/cli/collapsed.sh; awk cannot read them.
	case "$f" in *utf16*) continue ;; esac
	n=$((n + 1))
	"$STACKCONV" -f collapsed --skip-bad-lines --no-demangle -q "$f" > "$TMP/a" 2> "$TMP/err" \
		|| { fail "$f: $(cat "$TMP/err")"; continue; }
	"$STACKCONV" -f collapsed --no-demangle "$TMP/a" > "$TMP/b" || fail "$f: re-read failed"
	cmp -s "$TMP/a" "$TMP/b" && pass || fail "$f: collapsed -> collapsed changed"
	# The independent oracle: lines "stack N" (N integer), summed by stack,
	# sorted bytewise.  Files with decimal weights only get the round trip.
	if grep -qE ' [0-9]+\.[0-9]*$' "$f"; then continue; fi
	LC_ALL=C awk '
		{ sub(/\r$/, "") }
		/^#/ { next }
		match($0, / [0-9]+$/) && RSTART > 1 {
			sum[substr($0, 1, RSTART - 1)] += substr($0, RSTART + 1)
		}
		END { for (s in sum) if (sum[s] != 0) printf "%s %d\n", s, sum[s] }
	' "$f" | LC_ALL=C sort > "$TMP/want"
	LC_ALL=C sort "$TMP/a" > "$TMP/a.sorted"
	cmp -s "$TMP/want" "$TMP/a.sorted" && pass || {
		fail "$f: differs from the awk aggregation"
		diff "$TMP/want" "$TMP/a.sorted" | head -5 >&2
	}
done < "$TMP/files"
echo "$n corpus files"
finish
