# tests/formats/cpuprofile/read.sh - the reader on small inputs whose
# weights are worked out by hand: a trace with two Profile ids (threads as
# labels, chunks out of file order, the (root) node's samples as time
# marks), a trace of duration events, a heap profile whose samples agree
# with its tree, and node's own recordings
# (testdata/src/cpuprofile/record.sh).
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/cpuprofile"

# Profile 0x1 starts at 1000 us; its chunks sorted by ts give samples
# 2,3,5,4,3,4 at 1010,1030,1060,1160,1210,1235: each lasts until the next,
# the last one 0.  Profile 0x2: 2,3,2 at 2005,2045,2105 and a (root)
# sample at 2112 that only ends the one before.
"$STACKCONV" "$D/chunks.json" > "$TMP/out"
expect_text "trace: wall time per thread" "CrRendererMain;(idle) 100
CrRendererMain;main 20
CrRendererMain;main;(anonymous) 55
CrRendererMain;main;leaf 50
DedicatedWorker_thread;(garbage collector) 60
DedicatedWorker_thread;onmessage 47" "$TMP/out"
"$STACKCONV" --sample-type samples --tid "$D/chunks.json" > "$TMP/out"
expect_text "trace: sample counts, pid/tid from the Profile events" \
"CrRendererMain-10/1;(idle) 1
CrRendererMain-10/1;main 1
CrRendererMain-10/1;main;(anonymous) 2
CrRendererMain-10/1;main;leaf 2
DedicatedWorker_thread-10/2;(garbage collector) 1
DedicatedWorker_thread-10/2;onmessage 2" "$TMP/out"
"$STACKCONV" --no-idle --no-comm --frame-format 'name (file:line)' \
	"$D/chunks.json" > "$TMP/out"
expect_text "trace: --no-idle, 1-based lines" "(garbage collector) (:0) 60
main (app.js:1) 20
main (app.js:1);(anonymous) (app.js:5) 55
main (app.js:1);leaf (app.js:10) 50
onmessage (worker.js:3) 47" "$TMP/out"
"$STACKCONV" -t collapsed --all-values "$D/chunks.json" | head -1 > "$TMP/out"
expect_text "value types" "wall/microseconds samples/count" "$TMP/out"

# Duration events: each event's time exclusive of its children (frame:
# 100 us minus layout 30 and paint 20), an E of nothing ignored, an event
# still open closing at its thread's last timestamp (open-at-end: 170 to
# 180), a zero-length X inside it.
"$STACKCONV" --all-values "$D/spans.json" > "$TMP/out"
expect_text "duration events" "wall/microseconds samples/count
decode 40 1
main;frame 50 1
main;frame;layout 30 1
main;frame;paint 15 1
main;frame;paint;raster 5 1
open-at-end 10 1
open-at-end;tail 0 1" "$TMP/out"

# A thread whose only event is an E that closes nothing has no samples.
printf '%s\n' '[{"ph": "E", "name": "a", "ts": 1, "pid": 0, "tid": 0},' \
	'{"ph": "X", "name": "b", "ts": 1, "dur": 2, "pid": 0, "tid": 1}]' \
	> "$TMP/in.json"
"$STACKCONV" "$TMP/in.json" > "$TMP/out"
expect_text "a thread of one stray E" "b 2" "$TMP/out"

# The heap profile: bytes from selfSize, objects from the samples.
"$STACKCONV" --all-values "$D/small.heapprofile" > "$TMP/out"
expect_text "heap profile" "space/bytes objects/count
(BYTECODE_COMPILER) 64 1
main 100 1
main;(anonymous) 4096 1
main;makeBuffers 3000 2" "$TMP/out"
# Its samples agree with the tree, so they are the timeline, in ordinal
# order: the perf writer prints one event per sample.
"$STACKCONV" -t perf "$D/small.heapprofile" | grep -c '^\S' > "$TMP/out"
expect_text "heap profile: one timeline sample per heap sample" 5 "$TMP/out"

# node 20's recordings: the workload's functions are there, with their
# 1-based lines, and the heap profile's total is its tree's selfSize sum.
"$STACKCONV" --frame-format 'name:line' "$D/work.cpuprofile" > "$TMP/out"
for f in 'main:25;fib:6' 'main:25;sortStrings:10' 'main:25;hashLoop:18'; do
	if grep -q ";$f" "$TMP/out"; then pass; else
		fail "work.cpuprofile: no $f frame"
	fi
done
want=$(node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1]));
let t = 0;
function walk(n) { t += n.selfSize; n.children.forEach(walk); }
walk(p.head); console.log(t);' "$D/alloc.heapprofile")
"$STACKCONV" "$D/alloc.heapprofile" | awk '{ s += $NF } END { print s }' \
	> "$TMP/out"
expect_text "alloc.heapprofile: total bytes = selfSize summed" "$want" \
	"$TMP/out"
# Wall time of a .cpuprofile: from the first sample to the last one (which
# lasts 0), times never going back (speedscope's clamp).
want=$(node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1]));
let t = p.startTime, last = -Infinity, first = null;
for (const d of p.timeDeltas) {
	t += d; last = Math.max(last, t); if (first === null) first = last;
}
console.log(last - first);' "$D/work.cpuprofile")
"$STACKCONV" "$D/work.cpuprofile" | awk '{ s += $NF } END { print s }' \
	> "$TMP/out"
expect_text "work.cpuprofile: total wall time" "$want" "$TMP/out"
finish
