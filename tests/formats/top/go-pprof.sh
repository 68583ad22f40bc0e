#!/bin/sh
# go-pprof.sh - `stackconv -t top` against `go tool pprof -top
# -nodefraction=0 -edgefraction=0`: the same header lines, names, numbers
# and order on every sample type of the Go profiles and of crafted ones,
# by flat and by cum (-cum), whole and cut (-nodecount).  Blank runs are
# squeezed and leading blanks dropped: stackconv widens a column where pprof's 10 characters
# overflow.  Skipped (77) without go.
. "$top_srcdir/tests/lib.sh"
use_go_pprof
TZ=UTC
export TZ
D="$TESTDATA/pprof"
# inline.pb's unsymbolized location: pprof names it by its mapping,
# stackconv by its address (testdata/pprof/README.md)
squeeze() { sed 's/^  *//; s/   */ /g; s/ \[app\]$/ 0x403abc/'; }

"$STACKCONV" -o "$TMP/spin.pb.gz" "$TESTDATA/perf/spin-header-pidtid.perf"
"$STACKCONV" -o "$TMP/folded.pb.gz" "$TESTDATA/collapsed/filter.folded"
for f in "$D/cpu.pb.gz" "$D/heap.pb.gz" "$D/crafted/inline.pb" \
	"$D/crafted/empty-stack.pb" "$D/crafted/drop.pb" "$TMP/spin.pb.gz" \
	"$TMP/folded.pb.gz"; do
	types=$(go tool pprof -raw "$f" 2> /dev/null |
		sed -n '/^Samples:/{n;s/\[dflt\]//g;p;q;}')
	for vt in $types; do
		t=${vt%/*}
		for how in "" "--cum|-cum" "--nodecount 3|-nodecount=3" \
			"--cum --nodecount 2|-cum -nodecount=2"; do
			ours=${how%|*} theirs=${how#*|}
			# shellcheck disable=SC2086
			pprof "$f" -top -nodefraction=0 -edgefraction=0 \
				-sample_index="$t" $theirs | squeeze > "$TMP/want"
			# shellcheck disable=SC2086
			"$STACKCONV" -t top --sample-type "$t" $ours "$f" |
				squeeze > "$TMP/got"
			expect_same "$(basename "$f") $t $ours" "$TMP/want" "$TMP/got"
		done
	done
done
finish
