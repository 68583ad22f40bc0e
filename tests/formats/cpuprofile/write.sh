# tests/formats/cpuprofile/write.sh - the .cpuprofile writer.
#  - cpuprofile -> cpuprofile keeps stacks and both value types exactly
#    (threads of traces merge: a .cpuprofile has one);
#  - perf, pprof, collapsed -> cpuprofile -> collapsed keep the stacks and
#    the weight shares of the input -> collapsed;
#  - every file written passes check-cpuprofile.js under node (ids,
#    children, hitCounts, samples and timeDeltas as DevTools reads them);
#  - speedscope 1.25.0's own importer (../shared/tools/speedscope-import),
#    when it runs here, sees the same stacks and weights as we do, but for
#    V8's special nodes: speedscope draws (program) and (garbage
#    collector) on top of the sample before and leaves (idle) out, where
#    we keep them as frames of their own; their lines are not compared.
#    speedscope names an anonymous function "(anonymous FILE:LINE)", we
#    "(anonymous)" (the file and line are in the frame): its names are
#    mapped to ours before comparing.
. "$top_srcdir/tests/lib.sh"
CHECK="$top_srcdir/tests/formats/cpuprofile/check-cpuprofile.js"
SS="$SHARED/tools/speedscope-import"
speedscope_cache
D="$TESTDATA/cpuprofile"

have_node=0
command -v node > /dev/null && have_node=1
have_ss=0
if [ $have_node = 1 ] && [ -x "$SS" ] &&
   "$SS" "$D/work.cpuprofile" > /dev/null 2>&1; then
	have_ss=1
else
	echo "note: speedscope-import does not run here: its checks are skipped"
fi

consumers() { # NAME WRITTEN-FILE
	if [ $have_node = 1 ]; then
		if node "$CHECK" "$2" > "$TMP/check" 2>&1; then pass; else
			fail "$1: $(cat "$TMP/check")"
		fi
	fi
	# speedscope also ends a stack at a frame of "native dummy.js" (a
	# Chrome extension's shim), which we keep: such files are not
	# compared.
	if [ $have_ss = 1 ] && ! grep -q '"native dummy.js"' "$2"; then
		special='^#|\((program|idle|garbage collector)\)'
		"$SS" "$2" 2> /dev/null | grep -Ev "$special" |
			sed 's/(anonymous [^;]*:[0-9]*)/(anonymous)/g' |
			awk '{ w = $NF; s = substr($0, 1, length($0) - length(w) - 1)
			       t[s] += w } END { for (s in t) print s, t[s] }' |
			LC_ALL=C sort > "$TMP/ss"
		"$STACKCONV" -q "$2" | grep -Ev "$special" | LC_ALL=C sort \
			> "$TMP/ours"
		expect_same "$1: speedscope's stacks" "$TMP/ours" "$TMP/ss"
	fi
}

# The exact output for a small profile: ids in tree order, children,
# hitCounts (the closing (root) sample counts for the root), 0-based lines,
# the weights as the deltas that follow each sample.
printf 'main;f 3\nmain;g 5\n' | "$STACKCONV" -q -t cpuprofile - > "$TMP/out"
cat > "$TMP/want" <<'EOT'
{"nodes":[{"id":1,"callFrame":{"functionName":"(root)","scriptId":"0","url":"","lineNumber":-1,"columnNumber":-1},"hitCount":1,"children":[2]},
{"id":2,"callFrame":{"functionName":"main","scriptId":"0","url":"","lineNumber":-1,"columnNumber":-1},"hitCount":0,"children":[3,4]},
{"id":3,"callFrame":{"functionName":"f","scriptId":"0","url":"","lineNumber":-1,"columnNumber":-1},"hitCount":1},
{"id":4,"callFrame":{"functionName":"g","scriptId":"0","url":"","lineNumber":-1,"columnNumber":-1},"hitCount":1}],
"startTime":0,"endTime":8,
"samples":[3,4,1],
"timeDeltas":[0,3,5]}
EOT
expect_same "small profile written" "$TMP/want" "$TMP/out"
consumers "small profile" "$TMP/out"

# 0-based lines and columns back where they came from.
"$STACKCONV" -q -t cpuprofile "$D/chunks.json" > "$TMP/out"
if grep -q '"functionName":"leaf","scriptId":"[0-9]*","url":"app.js","lineNumber":9,"columnNumber":4' "$TMP/out"; then
	pass
else
	fail "chunks.json: leaf's line and column changed"
fi

same_exactly() { # INPUT
	"$STACKCONV" -q --all-values --no-comm "$1" > "$TMP/direct"
	"$STACKCONV" -q -t cpuprofile -o "$TMP/w.cpuprofile" "$1"
	"$STACKCONV" -q --all-values "$TMP/w.cpuprofile" > "$TMP/back"
	expect_same "cpuprofile round trip $(basename "$1")" "$TMP/direct" \
		"$TMP/back"
	consumers "$(basename "$1") written" "$TMP/w.cpuprofile"
	# Twice: the writer's own output comes back byte for byte.
	"$STACKCONV" -q -t cpuprofile "$TMP/w.cpuprofile" > "$TMP/w2"
	expect_same "cpuprofile written twice $(basename "$1")" \
		"$TMP/w.cpuprofile" "$TMP/w2"
}

# Weight shares: each stack's share of the total, to 1e-9.
same_shares() { # INPUT
	# Frame kinds are not kept (every frame of a .cpuprofile is JS), so
	# collapsed's _[i] marks of frames inlined into JIT code go.
	"$STACKCONV" -q --no-comm "$1" | sed 's/_\[[kji]\]//g' > "$TMP/direct"
	"$STACKCONV" -q -t cpuprofile -o "$TMP/w.cpuprofile" "$1"
	"$STACKCONV" -q "$TMP/w.cpuprofile" > "$TMP/back"
	if awk 'function load(f, a,   line, n, w, s, t) {
			while ((getline line < f) > 0) {
				n = split(line, parts, " "); w = parts[n]
				s = substr(line, 1, length(line) - length(w) - 1)
				a[s] = w; t += w
			}
			return t
		}
		BEGIN {
			ta = load(ARGV[1], A); tb = load(ARGV[2], B)
			for (s in A) if (!(s in B)) { print "lost " s; bad = 1 }
			for (s in B) {
				if (!(s in A)) { print "new " s; bad = 1; continue }
				d = A[s] / ta - B[s] / tb
				if (d > 1e-9 || d < -1e-9) { print "share " s; bad = 1 }
			}
			exit bad
		}' "$TMP/direct" "$TMP/back" > "$TMP/cmp"; then
		pass
	else
		fail "shares through cpuprofile $(basename "$1"): $(head -3 "$TMP/cmp")"
	fi
	consumers "$(basename "$1") written" "$TMP/w.cpuprofile"
}

for f in "$D"/work.cpuprofile "$D"/chunks.json; do
	same_exactly "$f"
done
for f in "$TESTDATA"/perf/*.perf "$TESTDATA"/collapsed/*.folded \
	 "$TESTDATA"/pprof/*.pb.gz "$D"/*.heapprofile; do
	same_shares "$f"
done
if [ -d "$SHARED/corpus" ]; then
	for f in "$SHARED"/corpus/speedscope/Chrome/*/*.cpuprofile \
		 "$SHARED"/corpus/speedscope/Chrome/*/*.json \
		 "$SHARED"/corpus/speedscope/node/*/*.cpuprofile; do
		same_exactly "$f"
	done
fi
finish
