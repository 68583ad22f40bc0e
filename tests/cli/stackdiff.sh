# tests/cli/stackdiff.sh - stackdiff end to end: every -t but svg exactly,
# mixed-format pairs, several runs, value type errors, the gate's exit
# codes and messages, usage errors, --help and --version.
. "$top_srcdir/tests/lib.sh"
STACKDIFF="$top_builddir/cmd/stackdiff"
C="$TESTDATA/collapsed"
expect_empty() { if [ -s "$2" ]; then fail "$1: $(head -3 "$2")"; else pass; fi; }

"$STACKDIFF" -t collapsed "$C/base.folded" "$C/other.folded" > "$TMP/out"
expect_text "collapsed" "main;parse 10 2
main;parse;lex 4 0
main;render 0 6
main;write 1.5 0.5" "$TMP/out"
"$STACKDIFF" -t collapsed -n "$C/base.folded" "$C/other.folded" > "$TMP/out"
expect_text "collapsed -n (Perl's int())" "main;parse 5 2
main;parse;lex 2 0
main;render 0 6
main;write 0 0.5" "$TMP/out"

"$STACKDIFF" -t text "$C/base.folded" "$C/other.folded" > "$TMP/out"
expect_text "text" "samples/count: base 15.5 (1 run), new 8.5 (1 run), total -45.16%
significance: two-proportion z-test on samples/count, Holm-corrected over 5 functions, * = p <= 0.01
function  base  new  delta  delta pp        p
parse       14    2    -12    -66.79   0.0036 *
main      15.5  8.5     -7     +0.00        1
render       0    6     +6    +70.59  0.00067 *
lex          4    0     -4    -25.81     0.31
write      1.5  0.5     -1     -3.80        1" "$TMP/out"
"$STACKDIFF" -t text --top 2 --alpha 0.001 "$C/base.folded" "$C/other.folded" > "$TMP/out"
expect_text "text --top --alpha" "samples/count: base 15.5 (1 run), new 8.5 (1 run), total -45.16%
significance: two-proportion z-test on samples/count, Holm-corrected over 5 functions, * = p <= 0.001
function  base  new  delta  delta pp       p
parse       14    2    -12    -66.79  0.0036
main      15.5  8.5     -7     +0.00       1" "$TMP/out"

"$STACKDIFF" -t json --top 1 "$C/base.folded" "$C/other.folded" > "$TMP/out"
expect_text "json" '{
  "stackdiff": 1,
  "value_type": {"type": "samples", "unit": "count"},
  "base": {"runs": 1, "total": 15.5},
  "new": {"runs": 1, "total": 8.5},
  "normalized": false,
  "test": {"method": "proportions", "counts": "samples/count", "alpha": 0.01, "correction": "holm", "functions_tested": 5},
  "functions": [
    {"name": "parse", "module": "",
     "self": {"base": 10, "new": 2, "delta": -8, "delta_pp": -40.9867},
     "total": {"base": 14, "new": 2, "delta": -12, "delta_pp": -66.7932},
     "p": 0.00360367, "significant": true}
  ],
  "stacks": [
    {"stack": "main;parse", "base": 10, "new": 2, "delta": -8, "delta_pp": -40.9867},
    {"stack": "main;parse;lex", "base": 4, "new": 0, "delta": -4, "delta_pp": -25.8065},
    {"stack": "main;render", "base": 0, "new": 6, "delta": 6, "delta_pp": 70.5882},
    {"stack": "main;write", "base": 1.5, "new": 0.5, "delta": -1, "delta_pp": -3.79507}
  ]
}' "$TMP/out"
if command -v python3 > /dev/null 2>&1; then
	"$STACKDIFF" -t json --fail-on-total 0 "$C/other.folded" "$C/base.folded" > "$TMP/out" 2> /dev/null
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["gate"]["failed"], d["gate"]["offenders"], len(d["functions"]))' "$TMP/out" > "$TMP/py"
	expect_text "json parses, gate" "True ['total: +82.35% count (8.5 -> 15.5), more than 0%'] 5" "$TMP/py"
fi

# the same profile in two formats: nothing changed
P="$TESTDATA/pprof"
"$STACKDIFF" -t collapsed "$P/cpu.pb.gz" "$P/cpu.samples.folded" > "$TMP/out" 2> "$TMP/err"
awk '$2 != $3' "$TMP/out" > "$TMP/changed"
expect_empty "pprof against collapsed: no change" "$TMP/changed"
wc -l < "$TMP/out" | tr -d ' ' > "$TMP/n"
expect_text "pprof against collapsed: stacks" "8" "$TMP/n"
expect_text "pprof against collapsed: the type compared" "stackdiff: warning: the default value types differ; comparing samples/count (see --sample-type)" "$TMP/err"
"$STACKCONV" --sample-type samples "$TESTDATA/perf/spin-fp.perf" > "$TMP/spin.folded"
"$STACKCONV" -t pprof -o "$TMP/spin.pb.gz" "$TESTDATA/perf/spin-fp.perf"
for other in "$TMP/spin.folded" "$TMP/spin.pb.gz"; do
	"$STACKDIFF" -q -t collapsed "$TESTDATA/perf/spin-fp.perf" "$other" > "$TMP/out"
	awk '$2 != $3' "$TMP/out" > "$TMP/changed"
	expect_empty "perf against $(basename "$other"): no change" "$TMP/changed"
	sort "$TMP/spin.folded" | awk '{ print $1 }' > "$TMP/want"
	awk '{ print $1 }' "$TMP/out" > "$TMP/got"
	expect_same "perf against $(basename "$other"): stacks with comm roots" "$TMP/want" "$TMP/got"
done
"$STACKDIFF" -t collapsed --sample-type samples --tid "$TESTDATA/perf/spin-fp.perf" "$TMP/spin.pb.gz" > "$TMP/out"
cut -d';' -f1 "$TMP/out" | sort -u > "$TMP/roots"
expect_text "--tid roots (the perf script has no PIDs)" "spin-?/19701
spin_worker-?/19703" "$TMP/roots"

# value types
"$STACKDIFF" -t text "$P/heap.pb.gz" "$P/cpu.pb.gz" > /dev/null 2> "$TMP/err"
expect_status "no common value type" 2 $?
expect_text "no common value type" "stackdiff: the profiles have no value type in common: $P/heap.pb.gz has alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes; $P/cpu.pb.gz has samples/count cpu/nanoseconds" "$TMP/err"
"$STACKDIFF" --sample-type cpu "$P/cpu.pb.gz" "$C/base.folded" > /dev/null 2> "$TMP/err"
expect_status "--sample-type missing on one side" 2 $?
expect_text "--sample-type missing on one side" "stackdiff: no value type 'cpu' in $C/base.folded: $P/cpu.pb.gz has samples/count cpu/nanoseconds; $C/base.folded has samples/count" "$TMP/err"
"$STACKDIFF" -t text --top 1 --sample-type cpu "$P/cpu.pb.gz" "$P/cpu.pb.gz" > "$TMP/out"
expect_text "nanoseconds tested on counts" "cpu/nanoseconds: base 1000000000 (1 run), new 1000000000 (1 run), total +0.00%
significance: two-proportion z-test on samples/count, Holm-corrected over 8 functions, * = p <= 0.01
function                   base        new  delta  delta pp  p
main.alpha (cpuwork)  650000000  650000000      0     +0.00  1" "$TMP/out"

# several runs per side: means, Welch's test
printf 'main;a 50\nmain;b 50\n' > "$TMP/b1"
printf 'main;a 52\nmain;b 48\n' > "$TMP/b2"
printf 'main;a 70\nmain;b 30\n' > "$TMP/n1"
printf 'main;a 71\nmain;b 29\n' > "$TMP/n2"
printf 'main;a 69\nmain;b 31\n' > "$TMP/n3"
"$STACKDIFF" -t text --base "$TMP/b1" "$TMP/b2" --new "$TMP/n1" "$TMP/n2" "$TMP/n3" > "$TMP/out"
expect_text "several runs" "samples/count: base 100 (2 runs), new 100 (3 runs), total +0.00%
significance: Welch's t-test on per-run shares, Holm-corrected over 3 functions, * = p <= 0.01
function  base  new  delta  delta pp      p
a           51   70    +19    +19.00  0.022
b           49   30    -19    -19.00  0.022
main       100  100      0     +0.00      1" "$TMP/out"

# the gate
printf 'main;a 500\nmain;b 500\n' > "$TMP/g1"
printf 'main;a 700\nmain;b 300\n' > "$TMP/g2"
printf 'main;a 520\nmain;b 480\n' > "$TMP/g3"
"$STACKDIFF" -t collapsed --fail-on-increase 5 "$TMP/g1" "$TMP/g2" > /dev/null 2> "$TMP/err"
expect_status "gate trips" 1 $?
expect_text "gate offenders" "stackdiff: regression: a: total share +20.00 pp (50.00% -> 70.00%, p = 2.1e-19), more than 5 pp" "$TMP/err"
"$STACKDIFF" -t collapsed --fail-on-increase 25 "$TMP/g1" "$TMP/g2" > /dev/null 2> "$TMP/err"
expect_status "gate under its threshold" 0 $?
"$STACKDIFF" -t collapsed --fail-on-increase 1 "$TMP/g1" "$TMP/g3" > /dev/null 2> "$TMP/err"
expect_status "gate ignores noise (+2 pp of 1000 samples)" 0 $?
expect_empty "gate ignores noise: quiet" "$TMP/err"
cat "$TMP/g2" "$TMP/g2" > "$TMP/g4"
"$STACKDIFF" -t collapsed --fail-on-total 50 --fail-on-increase 5 "$TMP/g1" "$TMP/g4" > /dev/null 2> "$TMP/err"
expect_status "gate on the total" 1 $?
expect_text "gate on the total" "stackdiff: regression: a: total share +20.00 pp (50.00% -> 70.00%, p = 2.6e-26), more than 5 pp
stackdiff: regression: total: +100.00% count (1000 -> 2000), more than 50%" "$TMP/err"
"$STACKDIFF" -t collapsed --fail-on-total 50 -n "$TMP/g1" "$TMP/g4" > /dev/null 2>&1
expect_status "the total gate ignores --normalize" 1 $?

# files after "--", standard input as "-"
cp "$TMP/g1" "$TMP/-g1"
(cd "$TMP" && "$STACKDIFF" -t collapsed -- -g1 - < g2) > "$TMP/out"
expect_text "-- and -" "main;a 500 700
main;b 500 300" "$TMP/out"

# usage and input errors
"$STACKDIFF" "$TMP/g1" > /dev/null 2> "$TMP/err"
expect_status "one file" 2 $?
expect_text "one file" "stackdiff: want BASE and NEW (or --base ... --new ...), got 1 file
Try 'stackdiff --help' for more information." "$TMP/err"
"$STACKDIFF" --base "$TMP/g1" > /dev/null 2> "$TMP/err"
expect_status "no --new" 2 $?
expect_text "no --new" "stackdiff: both --base and --new need at least one file
Try 'stackdiff --help' for more information." "$TMP/err"
"$STACKDIFF" "$TMP/g1" --base "$TMP/g2" --new "$TMP/g3" > /dev/null 2> "$TMP/err"
expect_status "operands and --base" 2 $?
"$STACKDIFF" -t svgz "$TMP/g1" "$TMP/g2" > /dev/null 2> "$TMP/err"
expect_status "bad -t" 2 $?
expect_text "bad -t" "stackdiff: -t wants svg, collapsed, text or json, not 'svgz'
Try 'stackdiff --help' for more information." "$TMP/err"
"$STACKDIFF" --fail-on-increase x "$TMP/g1" "$TMP/g2" > /dev/null 2> "$TMP/err"
expect_status "bad number" 2 $?
expect_text "bad number" "stackdiff: --fail-on-increase wants a number >= 0, not 'x'
Try 'stackdiff --help' for more information." "$TMP/err"
"$STACKDIFF" -t text "$TMP/g1" "$TESTDATA/bad/missing-weight.folded" > /dev/null 2> "$TMP/err"
expect_status "bad input" 2 $?
expect_text "bad input names the file and line" "stackdiff: $("$STACKCONV" "$TESTDATA/bad/missing-weight.folded" 2>&1 > /dev/null | sed 's/^stackconv: //')" "$TMP/err"
"$STACKDIFF" -t text "$TMP/g1" "$TMP/nothere" > /dev/null 2> "$TMP/err"
expect_status "missing file" 2 $?
expect_text "missing file" "stackdiff: $TMP/nothere: cannot open: No such file or directory" "$TMP/err"

"$STACKDIFF" --version > "$TMP/out"
expect_text "--version" "stackdiff (stackkit) $("$STACKCONV" --version | sed 's/.* //')" "$TMP/out"
"$STACKDIFF" --help > "$TMP/out"; expect_status "--help" 0 $?
for word in "Usage: stackdiff [OPTIONS] BASE NEW" "--fail-on-increase PP" "--negate" "--width-from" "Exit status: 0"; do
	grep -q -F -e "$word" "$TMP/out" && pass || fail "--help lacks $word"
done
finish
