# tests/formats/perf/awk-oracle.sh - an independent check of the expected
# outputs for our own recordings: a small awk collapse, sharing no code with
# the reader, computes what stackcollapse-perf.pl --tid --all prints for the
# simple C symbols of testdata/perf/src/spin.c (first event only, periods
# summed, _[k] on kernel frames), and both the committed expected files and
# stackconv must equal it.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/perf"
E="$top_srcdir/tests/formats/perf/expected"

cat > "$TMP/oracle.awk" <<'AWK'
# An independent stackcollapse-perf.pl --tid --all for simple symbols:
# header "comm TID [CPU] time: PERIOD event:" or "comm PID/TID ..." lines;
# frames "ADDR SYM+0xOFF (DSO)", leaf first.  Weight = period when the
# header has one, else 1.
function flush() {
	if (root != "") { s = root; for (i = n; i >= 1; i--) s = s ";" fr[i]; sum[s] += w }
	root = ""; n = 0
}
/^#/ { next }
/^$/ { flush(); next }
/^[^ \t]/ {
	flush()
	match($0, /[ \t]+[0-9]+(\/[0-9]+)?[ \t]/)
	comm = substr($0, 1, RSTART - 1); gsub(/ /, "_", comm)
	id = substr($0, RSTART, RLENGTH); gsub(/[ \t]/, "", id)
	if (id ~ /\//) { split(id, pt, "/"); pid = pt[1]; tid = pt[2] } else { pid = "?"; tid = id }
	root = comm "-" pid "/" tid
	ev = $NF; if (first_ev == "") first_ev = ev
	if (ev != first_ev) { root = ""; skip = 1; next }
	skip = 0
	w = 1
	for (k = 3; k <= NF; k++) if ($k ~ /:$/ && $(k+1) ~ /^[0-9]+$/) { w = $(k+1); break }
	next
}
skip { next }
{
	line = $0; sub(/^[ \t]+/, "", line)
	split(line, parts, " ")
	sym = parts[2]; sub(/\+0x[0-9a-f]+$/, "", sym)
	dso = line; sub(/^[^(]*\(/, "", dso); sub(/\)$/, "", dso)
	if (sym == "[unknown]") { b = dso; sub(/.*\//, "", b); sym = "[" b "]" }
	if ((dso ~ /^\[/ || dso ~ /vmlinux$/) && dso != "[unknown]") sym = sym "_[k]"
	else if (dso ~ /\/tmp\/perf-[0-9]+\.map$/) sym = sym "_[j]"
	fr[++n] = sym
}
END { flush(); for (s in sum) print s, sum[s] }
AWK

for f in spin-fp spin-dwarf spin-header-pidtid spin-2events; do
	LC_ALL=C awk -f "$TMP/oracle.awk" "$D/$f.perf" | LC_ALL=C sort > "$TMP/want"
	[ -s "$TMP/want" ] && pass || fail "$f: the oracle found no stacks"
	expect_same "$f expected file" "$TMP/want" "$E/$f-tid-all.txt"
	"$STACKCONV" -q --tid --all -t collapsed "$D/$f.perf" > "$TMP/got"
	expect_same "$f stackconv" "$TMP/want" "$TMP/got"
done
finish
