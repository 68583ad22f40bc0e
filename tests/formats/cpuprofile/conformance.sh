# tests/formats/cpuprofile/conformance.sh - the real files of speedscope's
# repository (../shared/corpus/speedscope: Chrome 65-141 .cpuprofile and
# trace files, node 10's old format, source-map traces) all read, with
# records equal to their timeline; traces of duration events only are
# refused with the message that says why.  Where speedscope 1.25.0's own
# importer runs, it reads the same stacks with the same weights from each
# .cpuprofile (V8's special nodes aside, see write.sh).  Skipped without
# ../shared.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
C="$SHARED/corpus/speedscope"
SS="$SHARED/tools/speedscope-import"
have_ss=0
command -v node > /dev/null && [ -x "$SS" ] &&
	"$SS" "$C/Chrome/65/simple.cpuprofile" > /dev/null 2>&1 && have_ss=1

n=0
for f in "$C"/Chrome/*/* "$C"/node/*/* "$C"/source-maps/*; do
	n=$((n + 1))
	if "$STACKCONV" -q --all-values "$f" > "$TMP/out" 2> "$TMP/err" &&
	   [ -s "$TMP/out" ]; then
		pass
	else
		fail "$f does not read: $(cat "$TMP/err")"
	fi
done
[ $n -ge 10 ] && pass || fail "only $n corpus files found"

# Duration-event traces: a clear refusal, exit 2.
for f in "$C"/trace-event/*.json; do
	"$STACKCONV" -q "$f" > /dev/null 2> "$TMP/err"
	st=$?
	if [ $st = 2 ] && grep -q "a trace without a CPU profile" "$TMP/err"; then
		pass
	else
		fail "$f: exit $st, $(cat "$TMP/err")"
	fi
done

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
else
	echo "note: speedscope-import does not run here: not compared"
fi
finish
