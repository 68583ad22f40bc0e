#!/bin/sh
# lint.sh - the flame graph's script and style sheet as files: svg.js must
# parse (node --check), define init() and never hold the CDATA terminator
# the writer wraps it in; svg.css must parse as rules of declarations and
# hold no character that would end or corrupt the XML character data it is
# written as.  Skipped (77) without node.
. "$top_srcdir/tests/lib.sh"
if ! command -v node > /dev/null 2>&1; then
	echo "SKIP: node not installed"; exit 77
fi
JS="$top_srcdir/formats/svg/svg.js"
CSS="$top_srcdir/formats/svg/svg.css"

if node --check "$JS" 2> "$TMP/err"; then pass; else fail "svg.js: $(cat "$TMP/err")"; fi
if grep -q ']]>' "$JS"; then fail "svg.js holds ]]>"; else pass; fi
if grep -q '^function init(evt)' "$JS"; then pass; else fail "svg.js defines no init(evt)"; fi

# A small CSS reader: comments, then `selectors { prop: value; ... }` rules,
# nothing else (no at-rules are needed).  It prints each error with its line.
cat > "$TMP/css.js" <<'EOT'
const src = require("fs").readFileSync(process.argv[2], "utf8");
const errors = [];
const lineOf = (i) => src.substring(0, i).split("\n").length;
for (const m of src.matchAll(/[<&]|\]\]>/g)) errors.push(`line ${lineOf(m.index)}: ${m[0]} in XML character data`);
let text = src.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
if (/\/\*/.test(text)) errors.push(`line ${lineOf(text.indexOf("/*"))}: unterminated comment`);
const rule = /\s*([^{}]+?)\s*\{([^{}]*)\}/y;
let rules = 0, i = 0;
while (i < text.length && /\S/.test(text.substring(i))) {
	rule.lastIndex = i;
	const m = rule.exec(text);
	const at = i + text.substring(i).search(/\S/);
	if (!m) { errors.push(`line ${lineOf(at)}: not a rule`); break; }
	for (const sel of m[1].split(","))
		if (!/^[\w#.\-:>\s*()\[\]="]+$/.test(sel.trim()) || !sel.trim())
			errors.push(`line ${lineOf(at)}: bad selector ${JSON.stringify(sel)}`);
	for (const decl of m[2].split(";")) {
		if (!decl.trim()) continue;
		if (!/^\s*-?[a-z][a-z-]*\s*:\s*[^:]+$/.test(decl))
			errors.push(`line ${lineOf(at)}: bad declaration ${JSON.stringify(decl.trim())}`);
	}
	rules++;
	i = rule.lastIndex;
}
if (!rules) errors.push("no rules");
if (!/(^|[\s,}])\.hide\s*\{[^}]*display\s*:\s*none/.test(text)) errors.push("no .hide { display: none } rule");
errors.forEach((e) => console.log(process.argv[2] + ": " + e));
process.exit(errors.length ? 1 : 0);
EOT
if node "$TMP/css.js" "$CSS" > "$TMP/out"; then pass; else fail "svg.css: $(cat "$TMP/out")"; fi
# ... and the reader does find errors
printf '#a { fill: red; }\n/* an <img> */\n#b { fill red; }\n#c {\n' > "$TMP/bad.css"
node "$TMP/css.js" "$TMP/bad.css" | sed "s|$TMP/||" > "$TMP/out"
expect_text "css reader errors" "bad.css: line 2: < in XML character data
bad.css: line 3: bad declaration \"fill red\"
bad.css: line 4: not a rule
bad.css: no .hide { display: none } rule" "$TMP/out"

finish
