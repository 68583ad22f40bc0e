# tests/formats/svg/errors.sh - SVGs the reader refuses: each with exit 2,
# the file, the line (of the frame's <g>, or libxml2's line and column)
# and what is wrong, and nothing written to the -o file.
. "$top_srcdir/tests/lib.sh"

SVG='<svg xmlns="http://www.w3.org/2000/svg" xmlns:fg="http://github.com/jonhoo/inferno">'
# frame TITLE X Y WIDTH [EXTRA-ATTRIBUTES]: one frame on one line
frame() {
	printf '<g><title>%s</title><rect x="%s" y="%s" width="%s" height="15"%s/></g>\n' \
		"$1" "$2" "$3" "$4" "${5:-}"
}

# refused NAME EXPECTED_MESSAGE (after "stackconv: $TMP/in.svg"), the
# document in $TMP/in.svg (not on a pipe: the counts must survive)
refused() {
	rm -f "$TMP/out.txt"
	"$STACKCONV" -q -f svg -o "$TMP/out.txt" "$TMP/in.svg" 2> "$TMP/err"
	expect_status "$1" 2 $?
	expect_text "$1" "stackconv: $TMP/in.svg$2" "$TMP/err"
	if [ -e "$TMP/out.txt" ]; then fail "$1: output written"; else pass; fi
}

: > "$TMP/in.svg"; refused "empty file" ": empty file: not an SVG document"
echo "hello" > "$TMP/in.svg"; refused "not XML" ": not an SVG document: no XML markup at the start"
printf '<?xml version="1.0"?>\n<!-- a comment' > "$TMP/in.svg"; refused "cut in the prolog" \
	": the document ends before its root element"
printf '\377\376<\000s\000v\000g\000>\000' > "$TMP/in.svg"; refused "UTF-16" \
	": not an SVG in UTF-8 or another ASCII-compatible encoding (UTF-16?)"
printf '<\000\000\000' > "$TMP/in.svg"
refused "UCS-4" ": not an SVG in UTF-8 or another ASCII-compatible encoding (UTF-16?)"
printf '<?xml version="1.0" encoding="EBCDIC-US"?>\n<svg/>\n' > "$TMP/in.svg"
refused "unusual encoding" ": the XML declaration's encoding 'EBCDIC-US' is not one flame graph tools write (UTF-8, US-ASCII or ISO-8859-1)"
printf '%s\n<g><title>caf\351 (1 samples, 100%%)</title><rect x="0" y="10" width="100"/></g></svg>\n' "$SVG" > "$TMP/in.svg"
refused "not UTF-8" ":2: XML error at column 14: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0x28 0x31"
printf '%s\n<g><title>a (1 samples, 100%%)</title><rect x="0" y="10" width="100"/>\n</svg>\n' "$SVG" > "$TMP/in.svg"
refused "malformed XML" ":3: XML error at column 7: Opening and ending tag mismatch: g line 2 and svg"
printf '%s\n<g><title>a & b</title></g></svg>\n' "$SVG" > "$TMP/in.svg"
refused "bare ampersand" ":2: XML error at column 14: xmlParseEntityRef: no name"
printf '<html>\n<body/></html>\n' > "$TMP/in.svg"; refused "not SVG" ":1: not an SVG document: the root element is <html>"
printf '%s<rect x="0" y="0" width="10" height="10"/><text>hi</text></svg>\n' "$SVG" > "$TMP/in.svg"
refused "an SVG but no flame graph" ": not a flame graph: no frames (<g> elements with a <title> and a <rect>)"
{ echo "$SVG"; frame "all (2 samples, 100%)" 0 30 100; frame "a (1 samples, 50%)" 0 20 60
  frame "b (1 samples, 50%)" 50 20 50; echo "</svg>"; } > "$TMP/in.svg"
refused "siblings overlap" ":4: frame 'b': it overlaps frame 'a' in the same row"
{ echo "$SVG"; frame "all (2 samples, 100%)" 0 30 50; frame "a (1 samples, 50%)" 0 20 40
  frame "b (1 samples, 50%)" 60 20 40; echo "</svg>"; } > "$TMP/in.svg"
refused "no parent" ":4: frame 'b': no frame of the row nearer the root spans it (inconsistent geometry)"
{ echo "$SVG"; frame "main" 0 30 100 ' fg:x="0" fg:w="10"'; frame "a" 0 20 100 ' fg:x="0" fg:w="5"'
  frame "b" 0 10 50 ' fg:x="4" fg:w="2"'; echo "</svg>"; } > "$TMP/in.svg"
refused "exact spans: no parent" ":4: frame 'b': no frame of the row nearer the root spans it (inconsistent geometry)"
{ echo "$SVG"; frame "all (2 samples, 100%)" 0 30 100; frame "a (1 samples, 50%)" 0 20 100
  frame "b (5 samples, 50%)" 0 10 100; echo "</svg>"; } > "$TMP/in.svg"
refused "children heavier" ":3: frame 'a': its children weigh 5, more than its own 1"
{ echo "$SVG"; frame "a" 0 30 100 ' fg:x="0" fg:w="-1"'; echo "</svg>"; } > "$TMP/in.svg"
refused "negative weight" ":2: frame <rect>: fg:w=\"-1\" is not a non-negative number"
{ echo "$SVG"; frame "a" 0 30 100 ' fg:x="0" fg:w="NaN"'; echo "</svg>"; } > "$TMP/in.svg"
refused "NaN weight" ":2: frame <rect>: fg:w=\"NaN\" is not a non-negative number"
{ echo "$SVG"; frame "a" 0 30 100 ' fg:x="0" fg:w="inf"'; echo "</svg>"; } > "$TMP/in.svg"
refused "infinite weight" ":2: frame <rect>: fg:w=\"inf\" is not a non-negative number"
{ echo "$SVG"; frame "a (-3 samples, 100%)" 0 30 100; echo "</svg>"; } > "$TMP/in.svg"
refused "negative count" ":2: frame 'a (-3 samples, 100%)': no count in its title (\"NAME (COUNT, PCT%)\") and no fg:w"
{ echo "$SVG"; frame "a" 0 30 100; echo "</svg>"; } > "$TMP/in.svg"
refused "no count" ":2: frame 'a': no count in its title (\"NAME (COUNT, PCT%)\") and no fg:w"
{ echo "$SVG"; frame "a (1 samples, 100%)" 0 30 ""; echo "</svg>"; } > "$TMP/in.svg"
refused "no width" ":2: frame <rect>: width=\"\" is not a non-negative number"
{ echo "$SVG"; echo '<g><title>a (1 samples, 100%)</title><rect x="0" width="5"/></g></svg>'; } > "$TMP/in.svg"
refused "no y" ":2: frame <rect> without x, y or width"
{ echo "$SVG"; frame "a (1 samples, 100%)" 0 30 "50%"; echo "</svg>"; } > "$TMP/in.svg"
refused "mixed units" ":2: frame <rect>: x and width in different units, or y in percent"
{ echo "$SVG"; frame "all (2 samples, 100%)" 0 30 100; frame "a (1 samples, 50%)" 0% 20 50%; echo "</svg>"; } > "$TMP/in.svg"
refused "pixels and percent" ":3: frame 'a': its geometry is in percent, other frames' in pixels"
{ echo "$SVG"; frame "all (2 samples, 100%)" 0 30 100; frame "a (1 samples, 50%; +300.00%)" 0 20 50
  frame "b (1 samples, 50%; -300.00%)" 50 20 50; echo "</svg>"; } > "$TMP/in.svg"
refused "impossible deltas" ":3: frame 'a': the change in its title gives a negative base weight (-5)"

# the message names the input given on the command line, also through -
printf '%s</svg>\n' "$SVG" > "$TMP/blank.svg"
"$STACKCONV" -f svg - < "$TMP/blank.svg" 2> "$TMP/err"; expect_status "stdin" 2 $?
expect_text "stdin" "stackconv: <stdin>: not a flame graph: no frames (<g> elements with a <title> and a <rect>)" "$TMP/err"
finish
