# tests/formats/cpuprofile/conformance.sh - the real files of speedscope's
# repository (../shared/corpus/speedscope: Chrome 65-141 .cpuprofile and
# trace files, node 10's old format, source-map traces, the trace-event
# test files) all read.  Where speedscope 1.25.0's own importer runs, it
# reads the same stacks with the same weights from each .cpuprofile (V8's
# special nodes aside, see write.sh) and from the well-formed trace-event
# files (with args dropped from its names: we name events by name only).
# Broken nesting is repaired by other rules than speedscope's (see
# formats/cpuprofile/cp_events.c), so those files are only read.  Skipped
# without ../shared.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
C="$SHARED/corpus/speedscope"
SS="$SHARED/tools/speedscope-import"
speedscope_cache
have_ss=0
command -v node > /dev/null && [ -x "$SS" ] &&
	"$SS" "$C/Chrome/65/simple.cpuprofile" > /dev/null 2>&1 && have_ss=1

n=0
for f in "$C"/Chrome/*/* "$C"/node/*/* "$C"/source-maps/* \
	 "$C"/trace-event/*.json; do
	n=$((n + 1))
	if "$STACKCONV" -q --all-values "$f" > "$TMP/out" 2> "$TMP/err" &&
	   [ -s "$TMP/out" ]; then
		pass
	else
		fail "$f does not read: $(cat "$TMP/err")"
	fi
done
[ $n -ge 40 ] && pass || fail "only $n corpus files found"

"$STACKCONV" "$C/trace-event/simple.json" > "$TMP/out"
expect_text "trace-event simple.json" "alpha 2
alpha;beta 3
alpha;beta;epsilon 4
alpha;beta;gamma 5" "$TMP/out"

# Known totals from FORMATS.md: Chrome/65/simple.cpuprofile's stacks.
"$STACKCONV" "$C/Chrome/65/simple.cpuprofile" > "$TMP/out"
expect_text "Chrome 65 simple.cpuprofile" "(anonymous) 1060
(anonymous);a;b;d 17002
(anonymous);a;c;d 16283" "$TMP/out"

if [ $have_ss = 1 ]; then
	special='^#|\((program|idle|garbage collector)\)'
	for f in "$C"/Chrome/*/*.cpuprofile "$C"/node/*/*.cpuprofile; do
		"$SS" "$f" 2> /dev/null | grep -Ev "$special" |
			sed 's/(anonymous [^;]*:[0-9]*)/(anonymous)/g' |
			awk '{ w = $NF; s = substr($0, 1, length($0) - length(w) - 1)
			       t[s] += w } END { for (s in t) print s, t[s] }' |
			LC_ALL=C sort > "$TMP/ss"
		"$STACKCONV" -q "$f" | grep -Ev "$special" | LC_ALL=C sort \
			> "$TMP/ours"
		expect_same "speedscope reads $f alike" "$TMP/ss" "$TMP/ours"
	done
	for t in end-event-with-empty-stack event-reordering-name-match \
		 hermes-multiple-frames matching-x mismatched-args \
		 multi-thread-with-samples multiprocess \
		 must-retain-original-order not-enough-end-events out-of-order \
		 simple-hermes simple-object simple-partial \
		 simple-partial-trailing-comma simple-partial-whitespace \
		 simple-with-samples simple too-many-end-events \
		 x-events-matching-end; do
		f="$C/trace-event/$t.json"
		"$SS" "$f" 2> /dev/null | grep -v '^#' | sed 's/ {[^;]*}//g' |
			awk '{ w = $NF; s = substr($0, 1, length($0) - length(w) - 1)
			       t[s] += w } END { for (s in t) print s, t[s] }' |
			LC_ALL=C sort > "$TMP/ss"
		"$STACKCONV" -q --no-comm "$f" | LC_ALL=C sort > "$TMP/ours"
		expect_same "speedscope reads $t.json alike" "$TMP/ss" \
			"$TMP/ours"
	done
else
	echo "note: speedscope-import does not run here: not compared"
fi
finish
