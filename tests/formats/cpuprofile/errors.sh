# tests/formats/cpuprofile/errors.sh - bad input: JSON syntax errors name
# the line and column, documents of the wrong shape name the path of what
# is wrong (dangling ids, cycles in parent/children, duplicate ids, arrays
# of different lengths), a trace without a CPU profile says so; always exit
# 2 with nothing written.
. "$top_srcdir/tests/lib.sh"

cf='"callFrame": {"functionName": "f", "url": "", "lineNumber": 0, "columnNumber": 0}'

bad() { # NAME EXPECTED-MESSAGE (the input is $TMP/in)
	rm -f "$TMP/out.collapsed"
	"$STACKCONV" -f cpuprofile -o "$TMP/out.collapsed" "$TMP/in" \
		2> "$TMP/err"
	expect_status "$1: exit status" 2 $?
	if [ -e "$TMP/out.collapsed" ]; then
		fail "$1: an output was written"
	else
		pass
	fi
	printf 'stackconv: %s: %s\n' "$TMP/in" "$2" > "$TMP/want"
	expect_same "$1: message" "$TMP/want" "$TMP/err"
}

printf '{"nodes": [\n  {"id": 1,\n   "callFrame": ]}\n' > "$TMP/in"
rm -f "$TMP/out.collapsed"
"$STACKCONV" -o "$TMP/out.collapsed" "$TMP/in" 2> "$TMP/err"
expect_status "syntax error: exit status" 2 $?
printf 'stackconv: %s:3: JSON syntax error at column 17\n' "$TMP/in" \
	> "$TMP/want"
expect_same "syntax error: line and column" "$TMP/want" "$TMP/err"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf, "children": [2]},
 {"id": 2, $cf, "children": [77]}],
 "samples": [2], "timeDeltas": [0]}
EOT
bad "dangling child" "nodes[1].children: node 77 does not exist"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf, "children": [2]},
 {"id": 2, $cf, "children": [3]}, {"id": 3, $cf, "children": [2]}],
 "samples": [2], "timeDeltas": [0]}
EOT
bad "child of two parents" "nodes[2].children: node 2 has another parent already (a cycle or a shared child)"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf, "children": [2]}, {"id": 2, $cf, "children": [1]}],
 "samples": [2], "timeDeltas": [0]}
EOT
bad "cycle through children" "nodes[0]: node 1 is its own ancestor (a cycle in the parent links)"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf, "parent": 3}, {"id": 2, $cf, "parent": 1},
 {"id": 3, $cf, "parent": 2}], "samples": [2], "timeDeltas": [0]}
EOT
bad "cycle through parent ids" "nodes[0]: node 1 is its own ancestor (a cycle in the parent links)"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf, "parent": 9}], "samples": [1], "timeDeltas": [0]}
EOT
bad "dangling parent" "nodes[0].parent: node 9 does not exist"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf}, {"id": 1, $cf}], "samples": [1], "timeDeltas": [0]}
EOT
bad "duplicate id" "nodes[1].id: node id 1 is used twice"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf}], "samples": [1, 1, 5], "timeDeltas": [0, 1, 2]}
EOT
bad "sample of no node" "samples[2]: node 5 does not exist"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf}], "samples": [1, 1], "timeDeltas": [0]}
EOT
bad "deltas and samples" "timeDeltas: 1 entries for 2 samples"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, "callFrame": {"functionName": 7}}], "samples": [1]}
EOT
bad "wrong type" "nodes[0].callFrame.functionName: not a string"

cat > "$TMP/in" <<EOT
{"nodes": [{"id": 1, $cf}], "samples": ["x"]}
EOT
bad "sample not a number" "samples[0]: not a number"

cat > "$TMP/in" <<EOT
{"traceEvents": [{"pid": 1, "tid": 2, "ts": 0, "ph": "P", "name": "Profile",
  "id": "0x1", "args": {"data": {"startTime": 0}}},
 {"pid": 1, "tid": 3, "ts": 1, "ph": "P", "name": "ProfileChunk", "id": "0x1",
  "args": {"data": {"cpuProfile": {"nodes": [{"id": 1, $cf}],
   "samples": [1, 1]}, "timeDeltas": [1]}}}]}
EOT
bad "chunk deltas" "traceEvents[1].args.data.timeDeltas: 1 entries for 2 samples"

cat > "$TMP/in" <<EOT
[{"pid": 0, "tid": 0, "ph": "M", "name": "thread_name", "args": {"name": "a"}},
 {"pid": 0, "tid": 0, "ph": "i", "name": "mark", "ts": 1}]
EOT
bad "a trace of nothing" "a trace without a CPU profile, stack samples or duration events (no CpuProfile, Profile/ProfileChunk, samples or B/E/X events)"

printf '{"head": {"callFrame": {"functionName": "(root)"}, "selfSize": 0, "children": [{"callFrame": {"functionName": "f"}, "selfSize": "big", "children": []}]}, "samples": []}' > "$TMP/in"
bad "heap profile: wrong type" "head node 1.selfSize: not a number"

# A deep nesting is refused at cJSON's limit, as a syntax error.
awk 'BEGIN { s = "{\"head\": "; for (i = 0; i < 2000; i++) s = s "{\"children\": ["; print s }' > "$TMP/in"
"$STACKCONV" -f cpuprofile "$TMP/in" > /dev/null 2> "$TMP/err"
expect_status "deep nesting" 2 $?
if grep -q "JSON syntax error" "$TMP/err"; then pass; else
	fail "deep nesting: $(cat "$TMP/err")"
fi
# Not JSON: no probe claims it.
printf 'a;b 1\n' > "$TMP/in.txt"
"$STACKCONV" -f cpuprofile "$TMP/in.txt" > /dev/null 2> "$TMP/err"
expect_status "not JSON" 2 $?
finish
