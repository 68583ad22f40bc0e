# tests/formats/speedscope/read.sh - the speedscope reader and writer on
# testdata/speedscope: exact outputs for evented intervals (exclusive of
# children), threads from profile names, units as value types, frames with
# file/line/column and nulls, detection without $schema, and the writer's
# timeline order against aggregated records.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/speedscope"

# Evented profiles: each interval weighs its time less its children's;
# the zero-length "lex" at 4 ms weighs nothing.  "app 10/11" and
# "V8 Worker (12)" are threads.
"$STACKCONV" -q --tid "$D/evented.speedscope.json" > "$TMP/out"
expect_text "evented --tid" "V8_Worker-?/12;spin worker 1
V8_Worker-?/12;spin worker;main 2
app-10/11;main 5.5
app-10/11;main;parse 4
app-10/11;main;parse;lex 0.5" "$TMP/out"
"$STACKCONV" -q --frame-format 'name file:line:column' \
	"$D/evented.speedscope.json" > "$TMP/out"
expect_text "frames keep file, line and column" "V8_Worker;spin worker :0:0 1
V8_Worker;spin worker :0:0;main app.py:1:1 2
app;main app.py:1:1 5.5
app;main app.py:1:1;parse app.py:10:0 4
app;main app.py:1:1;parse app.py:10:0;lex :0:0 0.5" "$TMP/out"

# Without $schema (found by its shape); the bytes profile is the default
# (activeProfileIndex) and, named as the file, no thread; the empty stack
# of "main 5/5" is its bare root.
"$STACKCONV" -q "$D/mixed-units.json" > "$TMP/out"
expect_text "mixed units: the active profile's" "main;malloc 3072" "$TMP/out"
"$STACKCONV" -q --tid --sample-type time/microseconds "$D/mixed-units.json" \
	> "$TMP/out"
expect_text "mixed units: microseconds" "main-5/5 0.5
main-5/5;main 1
main-5/5;main;rec 4.5
main-5/5;main;rec;rec 1" "$TMP/out"
"$STACKCONV" -q --active-profile "$D/mixed-units.json" > "$TMP/out"
expect_text "--active-profile" "main;malloc 3072" "$TMP/out"
# ... which has the bytes profile's value type only.
"$STACKCONV" -q --active-profile --sample-type time "$D/mixed-units.json" \
	> /dev/null 2>&1
expect_status "--active-profile: no time" 2 $?

# py-spy writes nulls for what it does not know.
printf '%s' '{"$schema":"https://www.speedscope.app/file-format-schema.json",
"activeProfileIndex":null,"name":"py-spy","exporter":"py-spy@0.3.14",
"shared":{"frames":[{"name":"<module>","file":"x.py","line":null,"col":null}]},
"profiles":[{"type":"sampled","name":"MainThread (42)","unit":"seconds",
"startValue":0,"endValue":0.2,"samples":[[0],[0]],"weights":[0.1,0.1]}]}' \
	> "$TMP/pyspy.json"
"$STACKCONV" -q --tid "$TMP/pyspy.json" > "$TMP/out"
expect_text "py-spy nulls" "MainThread-?/42;<module> 0.2" "$TMP/out"

# The writer: the timeline in order, one profile per thread...
printf 'app 10/11 100.000001: 1000 cpu-clock:\n\t1 alpha (/bin/app)\n\t2 main (/bin/app)\n\n' > "$TMP/t.perf"
printf 'app 10/11 100.000002: 1000 cpu-clock:\n\t3 beta (/bin/app)\n\t2 main (/bin/app)\n\n' >> "$TMP/t.perf"
printf 'app 10/12 100.000003: 1000 cpu-clock:\n\t1 alpha (/bin/app)\n\t2 main (/bin/app)\n\n' >> "$TMP/t.perf"
printf 'app 10/11 100.000004: 1000 cpu-clock:\n\t1 alpha (/bin/app)\n\t2 main (/bin/app)\n\n' >> "$TMP/t.perf"
"$STACKCONV" -q -t speedscope "$TMP/t.perf" | sed 's/stackkit [^"]*"/stackkit V"/' > "$TMP/out"
expect_text "write: timeline order, threads" '{"$schema":"https://www.speedscope.app/file-format-schema.json",
"exporter":"stackkit V",
"name":"profile",
"activeProfileIndex":0,
"shared":{"frames":[
{"name":"main"},
{"name":"alpha"},
{"name":"beta"}]},
"profiles":[
{"type":"sampled","name":"app 10/11","unit":"none","startValue":0,"endValue":3000,
"samples":[[0,1],[0,2],[0,1]],
"weights":[1000,1000,1000]},
{"type":"sampled","name":"app 10/12","unit":"none","startValue":0,"endValue":1000,
"samples":[[0,1]],
"weights":[1000]}]}' "$TMP/out"
# ... and aggregated stacks without a timeline or threads.
"$STACKCONV" -q --no-comm "$TMP/t.perf" |
	"$STACKCONV" -q -f collapsed -t speedscope - |
	sed 's/stackkit [^"]*"/stackkit V"/' > "$TMP/out"
expect_text "write: aggregated" '{"$schema":"https://www.speedscope.app/file-format-schema.json",
"exporter":"stackkit V",
"name":"profile",
"activeProfileIndex":0,
"shared":{"frames":[
{"name":"main"},
{"name":"alpha"},
{"name":"beta"}]},
"profiles":[
{"type":"sampled","name":"profile","unit":"none","startValue":0,"endValue":4000,
"samples":[[0,1],[0,2]],
"weights":[3000,1000]}]}' "$TMP/out"
# Evented intervals become samples at their start, shared frames
# deduplicated (frames 0 and 4 are one), file/line/col only when known,
# the unit kept.
"$STACKCONV" -q -t speedscope "$D/evented.speedscope.json" |
	sed 's/stackkit [^"]*"/stackkit V"/' > "$TMP/out"
expect_text "write: evented input" '{"$schema":"https://www.speedscope.app/file-format-schema.json",
"exporter":"stackkit V",
"name":"evented test",
"activeProfileIndex":0,
"shared":{"frames":[
{"name":"main","file":"app.py","line":1,"col":1},
{"name":"parse","file":"app.py","line":10},
{"name":"lex"},
{"name":"spin worker"}]},
"profiles":[
{"type":"sampled","name":"app 10/11","unit":"milliseconds","startValue":0,"endValue":10,
"samples":[[0],[0,1],[0,1,2],[0,1]],
"weights":[5.5,3,0.5,1]},
{"type":"sampled","name":"V8 Worker ?/12","unit":"milliseconds","startValue":0,"endValue":3,
"samples":[[3],[3,0]],
"weights":[1,2]}]}' "$TMP/out"
# The version in exporter is the library's.
"$STACKCONV" -q -t speedscope "$D/mixed-units.json" | grep -c "\"exporter\":\"stackkit $("$STACKCONV" --version | awk '{print $NF}')\"" > "$TMP/out"
expect_text "exporter names the version" "1" "$TMP/out"
# Non-UTF-8 names stay valid JSON; quotes and control bytes are escaped.
printf 'a\001"\\\377b 3\n' | "$STACKCONV" -q -f collapsed -t speedscope - > "$TMP/w.json"
grep -F '{"name":"a\u0001\"\\\ufffdb"}' "$TMP/w.json" > /dev/null && pass ||
	fail "escapes in names"
# The probe claims JSON only: folded text holding the keys stays folded.
printf '%s\n' 'x;"shared":;"profiles":;https://www.speedscope.app/file-format-schema.json 3' > "$TMP/keys.txt"
"$STACKCONV" -q "$TMP/keys.txt" > "$TMP/out"
expect_text "not JSON, not speedscope" 'x;"shared":;"profiles":;https://www.speedscope.app/file-format-schema.json 3' "$TMP/out"
finish
