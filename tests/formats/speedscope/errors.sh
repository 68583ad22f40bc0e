# tests/formats/speedscope/errors.sh - invalid speedscope files: each
# refused with exit 2, the file and the JSON path in the message, and
# nothing written to the -o file.
. "$top_srcdir/tests/lib.sh"

FRAMES='"shared":{"frames":[{"name":"a"},{"name":"b"}]}'
S='"type":"sampled","name":"p","unit":"none","startValue":0,"endValue":1'
E='"type":"evented","name":"p","unit":"none","startValue":0,"endValue":1'

# refused NAME JSON EXPECTED_MESSAGE (after "stackconv: FILE: ")
refused() {
	printf '%s' "$2" > "$TMP/in.json"
	rm -f "$TMP/out.json"
	"$STACKCONV" -q -f speedscope -t speedscope -o "$TMP/out.json" \
		"$TMP/in.json" 2> "$TMP/err"
	expect_status "$1" 2 $?
	expect_text "$1" "stackconv: $TMP/in.json: $3" "$TMP/err"
	if [ -e "$TMP/out.json" ]; then fail "$1: output written"; else pass; fi
}

refused "weights missing" \
	"{$FRAMES,\"profiles\":[{$S,\"samples\":[[0]]},{$S,\"samples\":[[0],[1,0],[0,900]],\"weights\":[1,1,1]}]}" \
	"profiles[0].weights: missing"
refused "frame index out of range" \
	"{$FRAMES,\"profiles\":[{$S,\"samples\":[[0],[1,0],[0,900]],\"weights\":[1,1,1]}]}" \
	"profiles[0].samples[2]: frame index 900 out of range (shared.frames has 2)"
refused "not an index" "{$FRAMES,\"profiles\":[{$S,\"samples\":[[0.5]],\"weights\":[1]}]}" \
	"profiles[0].samples[0]: not a frame index"
refused "stack not an array" "{$FRAMES,\"profiles\":[{$S,\"samples\":[0],\"weights\":[1]}]}" \
	"profiles[0].samples[0]: a stack is an array of frame indices"
refused "counts differ" "{$FRAMES,\"profiles\":[{$S,\"samples\":[[0]],\"weights\":[1,1]}]}" \
	"profiles[0]: 1 samples but 2 weights"
refused "negative weight" "{$FRAMES,\"profiles\":[{$S,\"samples\":[[0],[1]],\"weights\":[1,-2]}]}" \
	"profiles[0].weights[1]: negative weight -2 (speedscope takes positive weights only)"
refused "unknown unit" "{$FRAMES,\"profiles\":[{\"type\":\"sampled\",\"unit\":\"furlongs\"}]}" \
	"profiles[0]: unit: unknown unit 'furlongs' (none, nanoseconds, microseconds, milliseconds, seconds or bytes)"
refused "unknown type" "{$FRAMES,\"profiles\":[{\"type\":\"stacked\",\"unit\":\"none\"}]}" \
	"profiles[0]: type: 'stacked' is neither 'sampled' nor 'evented'"
# speedscope's own invalid samples: out of order and unbalanced
refused "events out of order" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":2},{\"type\":\"C\",\"frame\":0,\"at\":1}]}]}" \
	"profiles[0].events[1]: event at 1 is before the previous one (at 2)"
refused "wrong frame closed" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":0},{\"type\":\"O\",\"frame\":1,\"at\":0},{\"type\":\"C\",\"frame\":0,\"at\":1}]}]}" \
	"profiles[0].events[2]: closes frame 0, but frame 1 is the one open"
refused "close without open" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"C\",\"frame\":0,\"at\":2}]}]}" \
	"profiles[0].events[0]: closes frame 0, but no frame is open"
refused "still open" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":0},{\"type\":\"O\",\"frame\":1,\"at\":0}]}]}" \
	"profiles[0].events: frame 1 is still open at the end (2 frames open)"
refused "event frame out of range" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"O\",\"frame\":5,\"at\":0}]}]}" \
	"profiles[0].events[0]: frame index 5 out of range (shared.frames has 2)"
refused "event type" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"X\",\"frame\":0,\"at\":0}]}]}" \
	"profiles[0].events[0]: type: 'X' is neither 'O' nor 'C'"
refused "event at missing" "{$FRAMES,\"profiles\":[{$E,\"events\":[{\"type\":\"O\",\"frame\":0}]}]}" \
	"profiles[0].events[0].at: missing"
refused "time out of range" "{$FRAMES,\"profiles\":[{\"type\":\"evented\",\"name\":\"p\",\"unit\":\"seconds\",\"startValue\":0,\"endValue\":1,\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":1e300},{\"type\":\"C\",\"frame\":0,\"at\":2e300}]}]}" \
	"profiles[0]: 1e+300 is out of the timeline's range"
refused "active index" "{$FRAMES,\"profiles\":[],\"activeProfileIndex\":3}" \
	"activeProfileIndex: 3 out of range (0 profiles)"
refused "frame without a name" '{"shared":{"frames":[{"file":"x"}]},"profiles":[]}' \
	"shared.frames[0].name: missing"
refused "line not a number" '{"shared":{"frames":[{"name":"a","line":"3"}]},"profiles":[]}' \
	"shared.frames[0].line: not an integer"
refused "no frames" '{"shared":{},"profiles":[]}' "shared.frames: missing"
refused "no shared" '{"profiles":[]}' "shared: missing"
refused "no profiles" '{"shared":{"frames":[]}}' "profiles: missing"
refused "not an object" '[1,2]' "a speedscope file is a JSON object"

# Syntax errors name the line and column; nesting past cJSON's limit
# (1000 levels) is one.
printf '{"shared":\n  {"frames": [}' > "$TMP/in.json"
"$STACKCONV" -q -f speedscope "$TMP/in.json" 2> "$TMP/err"
expect_status "syntax error" 2 $?
expect_text "syntax error" "stackconv: $TMP/in.json:2: JSON syntax error at column 15" "$TMP/err"
awk 'BEGIN { s = "{\"shared\":"; for (i = 0; i < 2000; i++) s = s "["; print s }' > "$TMP/in.json"
"$STACKCONV" -q -f speedscope "$TMP/in.json" 2> "$TMP/err"
expect_status "deep nesting" 2 $?
expect_text "deep nesting" "stackconv: $TMP/in.json:1: JSON syntax error at column 1010" "$TMP/err"

# The writer refuses what speedscope cannot show.
printf 'a 3\nb -1\n' | "$STACKCONV" -q -f collapsed -t speedscope - > /dev/null 2> "$TMP/err"
expect_status "negative weight out" 2 $?
expect_text "negative weight out" "stackconv: speedscope output: a weight of -1 (speedscope takes positive weights only)" "$TMP/err"
finish
