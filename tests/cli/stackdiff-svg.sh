# tests/cli/stackdiff-svg.sh - stackdiff's default output, the differential
# flame graph (doc/svg.md): its kind, every frame's title, fg:b, fg:n and
# fg:w, colours (red grew, blue shrank, parents by their own change), the
# SVG writer's --width-from and --negate, and the SVG reader's round trip.
. "$top_srcdir/tests/lib.sh"
STACKDIFF="$top_builddir/cmd/stackdiff"
C="$TESTDATA/collapsed"

"$STACKDIFF" "$C/base.folded" "$C/other.folded" > "$TMP/d.svg" 2> "$TMP/err"
expect_status "svg by default" 0 $?

# one line per frame: name | fill | fg:b fg:n fg:w | the title's lines
frames() {
	awk 'BEGIN { RS = "<g" } /fg:b=/ {
		t = $0; sub(/^[^>]*><title>/, "", t); sub(/<\/title>.*/, "", t)
		gsub(/\n/, " | ", t)
		f = $0; sub(/.*fill="/, "", f); sub(/".*/, "", f)
		b = $0; sub(/.*fg:b="/, "", b); sub(/".*/, "", b)
		n = $0; sub(/.*fg:n="/, "", n); sub(/".*/, "", n)
		w = $0; sub(/.*fg:w="/, "", w); sub(/".*/, "", w)
		print f, b, n, w, t }' "$1"
}

grep -c 'fg:kind="differential"' "$TMP/d.svg" > "$TMP/n"
expect_text "a differential graph" "1" "$TMP/n"
grep -o 'fg:type="[^"]*" fg:unit="[^"]*"' "$TMP/d.svg" > "$TMP/type"
expect_text "the new column is drawn" 'fg:type="samples" fg:unit="count"' "$TMP/type"
frames "$TMP/d.svg" > "$TMP/frames"
expect_text "frames (widths from new; lex vanished)" "#fafafa 15.5 8.5 8.5 all (8.5 samples, 100%; +0.00%) | base: 15.5 samples, new: 8.5 samples, delta: -7 samples
#fafafa 15.5 8.5 8.5 main (8.5 samples, 100.00%; +0.00%) | base: 15.5 samples, new: 8.5 samples, delta: -7 samples
#0b0bff 14 2 2 parse (2 samples, 23.53%; -66.79%) | base: 14 samples, new: 2 samples, delta: -12 samples
#ff0000 0 6 6 render (6 samples, 70.59%; +70.59%) | base: 0 samples, new: 6 samples, delta: +6 samples
#c6c6ff 1.5 0.5 0.5 write (0.5 samples, 5.88%; -3.80%) | base: 1.5 samples, new: 0.5 samples, delta: -1 samples" "$TMP/frames"

"$STACKDIFF" --width-from max "$C/base.folded" "$C/other.folded" > "$TMP/m.svg"
frames "$TMP/m.svg" | awk '{ print $5, $1, $2, $3, $4 }' > "$TMP/frames"
expect_text "--width-from max keeps what vanished" "all #fafafa 15.5 8.5 21.5
main #fafafa 15.5 8.5 21.5
parse #0b0bff 14 2 14
lex #8585ff 4 0 4
render #ff0000 0 6 6
write #c6c6ff 1.5 0.5 1.5" "$TMP/frames"

"$STACKDIFF" --negate --title "Before" "$C/base.folded" "$C/other.folded" > "$TMP/n.svg"
frames "$TMP/n.svg" | awk '{ print $5, $1, $2, $3, $4 }' > "$TMP/frames"
expect_text "--negate: widths from the base" "all #fafafa 15.5 8.5 15.5
main #fafafa 15.5 8.5 15.5
parse #0000ff 14 2 14
lex #8080ff 4 0 4
write #c6c6ff 1.5 0.5 1.5" "$TMP/frames"
grep -c '>Before</text>' "$TMP/n.svg" > "$TMP/n"
expect_text "the writer's options apply" "1" "$TMP/n"

# a mixed pair with nothing changed: every frame neutral
"$STACKDIFF" -q "$TESTDATA/pprof/cpu.pb.gz" "$TESTDATA/pprof/cpu.samples.folded" > "$TMP/same.svg"
frames "$TMP/same.svg" | awk '$1 != "#fafafa" || $2 != $3' > "$TMP/changed"
if [ -s "$TMP/changed" ]; then fail "unchanged frames coloured: $(head -2 "$TMP/changed")"; else pass; fi

# the reader gives both columns back
if "$STACKCONV" -f svg --all-values "$TMP/m.svg" > "$TMP/back" 2> "$TMP/err"; then
	"$STACKDIFF" -t collapsed "$C/base.folded" "$C/other.folded" > "$TMP/want"
	sed 1d "$TMP/back" > "$TMP/got"
	expect_same "svg round trip: base and new back" "$TMP/want" "$TMP/got"
else
	fail "svg round trip: $(cat "$TMP/err")"
fi
finish
