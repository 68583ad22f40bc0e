#!/bin/sh
# tests/formats/svg/write.sh - the SVG writer from the command line:
#  - exact documents for a small folded profile (without the script, whose
#    bytes belong to svg.js: regenerate the expected files with the
#    commands in expected_svg below after changing svg.css or the layout);
#  - the same bytes twice, and from stdin;
#  - hostile names (markup, quotes, control bytes, invalid UTF-8) give a
#    document an XML parser reads, with the names as documented;
#  - units humanized from pprof's value types; --countname and --factor;
#  - every testdata file of every reader draws;
#  - option errors, and --flamechart without a timeline;
#  - with ../shared: frame for frame (titles, fg:x, fg:w, depth) the graphs
#    inferno drew for its test inputs (tests/formats/svg/frames.py), for
#    flame graphs, icicles, --reverse, palettes, grey frames, comments and
#    pruned narrow blocks; flame charts with the input reversed, since
#    flamegraph.pl and inferno draw a folded file's last line first.
. "$top_srcdir/tests/lib.sh"
FRAMES="python3 $top_srcdir/tests/formats/svg/frames.py"
EXP="$top_srcdir/tests/formats/svg/expected"
SMALL="$TESTDATA/collapsed/svg-small.folded"

expected_svg() { # NAME OPTIONS...: compare with expected/NAME.svg
	name=$1; shift
	"$STACKCONV" "$SMALL" -t svg --no-javascript --width 600 "$@" \
		> "$TMP/$name.svg" 2> "$TMP/err" || fail "$name: $(cat "$TMP/err")"
	expect_same "$name" "$EXP/$name.svg" "$TMP/$name.svg"
}
expected_svg w-small
expected_svg w-small-options --inverted --sort-by-weight \
	--title 'T <&> "q"' --subtitle sub --colors java --bgcolors '#123456' \
	--notes 'n -- n' --fonttype monospace --fontsize 10 --height 20 \
	--minwidth 0 --countname calls
expected_svg w-small-reverse --reverse --hash

# deterministic, and the same from a pipe
"$STACKCONV" "$SMALL" -t svg > "$TMP/a.svg"
"$STACKCONV" "$SMALL" -t svg > "$TMP/b.svg"
expect_same "same bytes twice" "$TMP/a.svg" "$TMP/b.svg"
"$STACKCONV" -f collapsed -t svg < "$SMALL" > "$TMP/c.svg"
expect_same "same bytes from stdin" "$TMP/a.svg" "$TMP/c.svg"
# -o picks the format from the name
"$STACKCONV" "$SMALL" -o "$TMP/o.svg"
expect_same "-o x.svg writes svg" "$TMP/a.svg" "$TMP/o.svg"

# hostile names: every title parses back as documented
printf 'a<b>&c"d'\''e;x 3\nctl\001\033z 2\nbad\377\376utf 1\n' > "$TMP/hostile.folded"
"$STACKCONV" "$TMP/hostile.folded" -t svg --minwidth 0 > "$TMP/hostile.svg"
$FRAMES "$TMP/hostile.svg" | cut -f4 > "$TMP/titles" || fail "hostile names: not XML"
expect_text "hostile names" "all (6 samples, 100%)
a<b>&c\"d'e (3 samples, 50.00%)
bad��utf (1 samples, 16.67%)
ctl␁␛z (2 samples, 33.33%)
x (3 samples, 50.00%)" "$TMP/titles"

# units
"$STACKCONV" "$TESTDATA/pprof/cpu.pb.gz" -t svg | $FRAMES /dev/stdin | sed -n 1,2p | cut -f4 > "$TMP/u"
expect_text "cpu time" "all (1.00 s, 100%)
runtime.main (1.00 s, 100.00%)" "$TMP/u"
"$STACKCONV" "$TESTDATA/pprof/heap.pb.gz" --sample-type alloc_space -t svg | $FRAMES /dev/stdin | sed -n 1p | cut -f4 > "$TMP/u"
expect_text "bytes" "all (18.2 MiB, 100%)" "$TMP/u"
"$STACKCONV" "$SMALL" -t svg --factor 2.5 --countname ms | $FRAMES /dev/stdin | sed -n 1p | cut -f4 > "$TMP/u"
expect_text "--factor and --countname" "all (302.5 ms, 100%)" "$TMP/u"

# every reader's test inputs draw
for f in "$TESTDATA"/*/*; do
	case "$f" in *.expected|*.md|*/src|*/bad|*/crafted) continue ;; esac
	[ -f "$f" ] || continue
	"$STACKCONV" -q "$f" -t collapsed > /dev/null 2>&1 || continue
	if "$STACKCONV" -q "$f" -t svg > "$TMP/any.svg" 2> "$TMP/err" &&
	   $FRAMES "$TMP/any.svg" > /dev/null; then pass; else
		fail "$f -t svg: $(cat "$TMP/err")"
	fi
done

# errors
err_is() { # NAME EXPECTED-MESSAGE ARGS...
	name=$1; want=$2; shift 2
	"$STACKCONV" "$@" > /dev/null 2> "$TMP/err"
	expect_status "$name" 2 $?
	expect_text "$name message" "stackconv: $want" "$TMP/err"
}
err_is "bad palette" "svg output: unknown --colors 'nope' (hot, mem, io, wakeup, chain, java, js, perl, python, red, green, blue, aqua, yellow, purple, orange)" \
	"$SMALL" -t svg --colors nope
err_is "bad width" "svg output: --width wants a number above 0 and at most 1e+06, not 'wide'" \
	"$SMALL" -t svg --width wide
err_is "bad minwidth" "svg output: --minwidth wants pixels or a percentage (0.1, 0.5%), not '1px'" \
	"$SMALL" -t svg --minwidth 1px
err_is "bad bgcolors" "svg output: unknown --bgcolors 'pink' (yellow, blue, green, grey or #rrggbb)" \
	"$SMALL" -t svg --bgcolors pink
"$STACKCONV" "$TESTDATA/pprof/cpu.pb.gz" -t svg --flamechart > /dev/null 2> "$TMP/err"
expect_status "flamechart without a timeline" 2 $?
grep -q "no timeline" "$TMP/err" && pass || fail "flamechart error: $(cat "$TMP/err")"
# a folded file's timeline is its line order
printf 'a;b 1\na 1\na;b 1\n' | "$STACKCONV" -f collapsed -t svg --flamechart --minwidth 0 \
	| $FRAMES /dev/stdin | cut -f1-4 > "$TMP/fc"
expect_text "flame chart of a folded file" "0	0	3	all (3 samples, 100%)
1	0	3	a (3 samples, 100.00%)
2	0	1	b (1 samples, 33.33%)
2	2	1	b (1 samples, 33.33%)" "$TMP/fc"

# inferno's graphs, frame for frame
if [ -d "$SHARED/corpus/inferno" ]; then
	I="$SHARED/corpus/inferno"; F="$I/tests/data/flamegraph"; R="$I/flamegraph/test/results"
	like_inferno() { # SVG INPUT OPTIONS...
		svg=$1; in=$2; shift 2
		$FRAMES --strip-marks "$F/$svg" > "$TMP/inferno.txt"
		"$STACKCONV" "$in" -t svg --minwidth 0.01% "$@" > "$TMP/ours.svg" &&
			$FRAMES --strip-marks "$TMP/ours.svg" > "$TMP/ours.txt"
		expect_same "like inferno: $svg" "$TMP/inferno.txt" "$TMP/ours.txt"
	}
	like_inferno perf-vertx-stacks/perf-vertx-stacks-01-collapsed-all.svg \
		"$R/perf-vertx-stacks-01-collapsed-all.txt" --hash
	like_inferno inverted/inverted.svg "$R/perf-vertx-stacks-01-collapsed-all.txt" --inverted
	like_inferno perf-vertx-stacks/perf-vertx-stacks-01-collapsed-all-reversed-stacks.svg \
		"$F/unsorted-input/perf-vertx-stacks-01-collapsed-all-unsorted.txt" --reverse
	like_inferno narrow-blocks/narrow-blocks.svg "$F/narrow-blocks/narrow-blocks.txt"
	like_inferno grey-frames/grey-frames.svg "$F/grey-frames/grey-frames.txt"
	like_inferno austin/flame.svg "$F/austin/flames.txt"
	like_inferno example-perf-stacks/example-perf-stacks.svg \
		"$I/tests/data/collapse-perf/results/example-perf-stacks-collapsed.txt"
	like_inferno colors/java.svg "$R/perf-java-stacks-01-collapsed-all.txt" --colors java
	like_inferno colors/js.svg "$R/perf-js-stacks-01-collapsed-all.txt" --colors js
	like_inferno colors/deterministic.svg "$F/colors/async-profiler-collapsed-part.txt"
	awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }' \
		"$F/flamechart/flames.txt" > "$TMP/flames-reversed.txt"
	like_inferno flamechart/flame.svg "$TMP/flames-reversed.txt" --flamechart
else
	echo "SKIP (part): ../shared/corpus not present, inferno comparison not run"
fi
finish
