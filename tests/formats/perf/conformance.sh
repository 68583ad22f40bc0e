# tests/formats/perf/conformance.sh - FlameGraph's and inferno's perf
# collapse oracles (../shared/corpus, see its MANIFEST.md), byte for byte.
#  - the 78 FlameGraph test results (13 inputs x --pid --tid --kernel --jit
#    --all --addrs) in the PR #231 state that inferno tests against, each
#    with 1 and 2 threads and from stdin;
#  - inferno's default-option example-perf-stacks, from the gzipped input;
#  - inferno-only inputs where the Perl script is the reference (go-stacks,
#    java-inline, no-events) and where inferno extends it the same way this
#    reader does (jitdump --jit, versioned vmlinux --kernel).
# Not compared (the reader differs on purpose, see formats/perf/): inferno's
# own perf-rust-Yamakaky-dcpu results (it repairs Rust names), C++ template
# and lambda names (cpp-stacks-std-function: FlameGraph cuts at the first
# '('), single-line-stacks (two events: this reader keeps the first as the
# default, inferno mixes them), single-event (inferno keeps '(' in names).
# FlameGraph and inferno print names as perf did, mangled ones too
# (perf-java-faults-01's C++): every run here has --no-demangle.
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
F="$SHARED/corpus/inferno/flamegraph/test"
I="$SHARED/corpus/inferno/tests/data/collapse-perf"

for input in "$F"/perf-*.txt; do
	base=$(basename "$input" .txt)
	for o in pid tid kernel jit all addrs; do
		want="$F/results/$base-collapsed-$o.txt"
		for th in 1 2; do
			"$STACKCONV" -q --no-demangle -t collapsed --threads $th --$o "$input" \
				> "$TMP/out"
			expect_same "$base --$o (threads $th)" "$want" "$TMP/out"
		done
		"$STACKCONV" -q --no-demangle -t collapsed --$o < "$input" > "$TMP/out"
		expect_same "$base --$o (stdin)" "$want" "$TMP/out"
	done
done

"$STACKCONV" -q --no-demangle -t collapsed "$SHARED/corpus/flamegraph/example-perf-stacks.txt.gz" \
	> "$TMP/out"
expect_same "example-perf-stacks" "$I/results/example-perf-stacks-collapsed.txt" \
	"$TMP/out"
gzip -dc "$SHARED/corpus/flamegraph/example-perf-stacks.txt.gz" > "$TMP/ex.txt"
for th in 1 2; do
	"$STACKCONV" -q --no-demangle -t collapsed --threads $th "$TMP/ex.txt" > "$TMP/out"
	expect_same "example-perf-stacks (threads $th)" \
		"$I/results/example-perf-stacks-collapsed.txt" "$TMP/out"
done
for t in go-stacks java-inline no-events; do
	"$STACKCONV" -q --no-demangle -f perf -t collapsed "$I/$t.txt" > "$TMP/out"
	expect_same "$t" "$I/results/$t-collapsed.txt" "$TMP/out"
done
"$STACKCONV" -q --no-demangle -t collapsed --jit "$I/sourcepawn-jitdump.txt" > "$TMP/out"
expect_same "sourcepawn-jitdump --jit" \
	"$I/results/sourcepawn-jitdump-collapsed-jit.txt" "$TMP/out"
"$STACKCONV" -q --no-demangle -t collapsed --kernel "$I/versioned-vmlinux.txt" > "$TMP/out"
expect_same "versioned-vmlinux --kernel" \
	"$I/results/versioned-vmlinux-collapsed-kernel.txt" "$TMP/out"

finish
