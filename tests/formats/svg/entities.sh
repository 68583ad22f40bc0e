# tests/formats/svg/entities.sh - the reader expands no entity and fetches
# no DTD: billion-laughs and XXE documents are refused fast, naming the
# entity, before anything is expanded or read; a DOCTYPE's external DTD
# (the public SVG 1.1 one of every flamegraph.pl graph, or a local file)
# is never loaded.
. "$top_srcdir/tests/lib.sh"

BODY='<svg xmlns="http://www.w3.org/2000/svg"><g><title>a (1 samples, 100%)</title><rect x="0" y="0" width="10"/></g></svg>'
REFUSAL="refused: flame graphs declare no entities, and expanding them is how billion-laughs and external-entity (XXE) attacks work"

# refused NAME FILE EXPECTED_MESSAGE: exit 2 within 5 seconds, the message
# exact, nothing on stdout
refused() {
	timeout 5 "$STACKCONV" -f svg "$2" > "$TMP/out" 2> "$TMP/err"
	expect_status "$1" 2 $?
	expect_text "$1" "stackconv: $2$3" "$TMP/err"
	[ -s "$TMP/out" ] && fail "$1: something was written" || pass
}

# ten levels of ten: 10^9 "lol"s, 3 GB, if anything expanded it
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE svg ['
	echo ' <!ENTITY lol "lol">'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf ' <!ENTITY lol%s "' "$i"
		for j in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done
		echo '">'
		prev=lol$i
	done
	echo ']>'
	echo '<svg xmlns="http://www.w3.org/2000/svg" id="frames"><g><title>&lol9; (1 samples, 100%)</title><rect x="0" y="0" width="10"/></g></svg>'
} > "$TMP/lol.svg"
refused "billion laughs" "$TMP/lol.svg" ": the DOCTYPE declares the entity 'lol'; $REFUSAL"
# the same without its <?xml?> line, the entities behind a comment
sed -e 1d -e 's/<!DOCTYPE svg \[/<!DOCTYPE svg [ <!-- ha -->/' "$TMP/lol.svg" > "$TMP/lol2.svg"
refused "billion laughs, no XML declaration" "$TMP/lol2.svg" ": the DOCTYPE declares the entity 'lol'; $REFUSAL"

# XXE: a general and a parameter entity naming /etc/passwd
printf '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n%s\n' \
	"$(echo "$BODY" | sed 's/a (1/\&xxe; (1/')" > "$TMP/xxe.svg"
refused "XXE" "$TMP/xxe.svg" ": the DOCTYPE declares the entity 'xxe'; $REFUSAL"
printf '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n  <!ENTITY %% pe SYSTEM "file:///etc/passwd"> %%pe; ]>\n%s\n' \
	"$BODY" > "$TMP/pe.svg"
refused "XXE through a parameter entity" "$TMP/pe.svg" ": the DOCTYPE declares the entity 'pe'; $REFUSAL"
grep -q root: "$TMP/err" "$TMP/out" && fail "/etc/passwd leaked" || pass

# An external DTD is never loaded: this one declares the entity the title
# uses (loaded and expanded, the name would read "LEAKED") and is not
# well-formed (loaded, the parse would fail).  Undeclared, the reference
# is refused.
printf '<!ENTITY secret "LEAKED">\n<!ELEMENT broken\n' > "$TMP/evil.dtd"
printf '<?xml version="1.0" standalone="no"?>\n<!DOCTYPE svg SYSTEM "file://%s">\n%s\n' \
	"$TMP/evil.dtd" "$(echo "$BODY" | sed 's/a (1/\&secret; (1/')" > "$TMP/ext.svg"
refused "external DTD not loaded" "$TMP/ext.svg" ":3: entity reference &secret; refused (entities are not expanded)"
printf '<?xml version="1.0" standalone="no"?>\n<!DOCTYPE svg SYSTEM "file://%s">\n%s\n' \
	"$TMP/evil.dtd" "$BODY" > "$TMP/ext2.svg"
"$STACKCONV" -f svg "$TMP/ext2.svg" > "$TMP/out"; expect_status "external DTD ignored" 0 $?
expect_text "external DTD ignored" "a 1" "$TMP/out"
# not fetched from the network either (port 9, discard, would refuse)
printf '<!DOCTYPE svg SYSTEM "http://127.0.0.1:9/svg11.dtd">\n%s\n' "$BODY" > "$TMP/net.svg"
"$STACKCONV" -f svg "$TMP/net.svg" > "$TMP/out" 2> "$TMP/err"; expect_status "no DTD fetched" 0 $?
expect_text "no DTD fetched" "a 1" "$TMP/out"
[ -s "$TMP/err" ] && fail "no DTD fetched: $(cat "$TMP/err")" || pass
finish
