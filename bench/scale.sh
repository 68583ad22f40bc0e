#!/bin/sh
# bench/scale.sh - how stackconv's time and peak memory grow with the
# input: perf script and folded inputs of about 100 MB, 1 GB and 4 GB
# made by repeating one generated recording (so the distinct stacks stay
# the same and only the input grows), each read with `-t collapsed`, next
# to `wc -l` on the same file.  Not part of `make bench` (it writes 10 GB
# of inputs under bench/data/scale/ and takes a few minutes); issue 13
# asks for these figures.
#
#   sh bench/scale.sh [perf|collapsed ...]
set -eu
. "$(dirname "$0")/lib.sh"
D="$DATA/scale"
mkdir -p "$D"

# sizes NAME BASE CUT: NAME-100mb (the first ~100 MB of BASE, cut after
# its last blank line (CUT=record) or newline (CUT=line)), NAME-1gb and
# NAME-4gb (BASE repeated)
sizes() {
	name=$1 base=$2 cut=$3
	[ -s "$D/$name-100mb" ] || python3 -c '
import sys
d = open(sys.argv[1], "rb").read(100000000)
sep = b"\n\n" if sys.argv[3] == "record" else b"\n"
open(sys.argv[2], "wb").write(d[:d.rfind(sep) + len(sep)])
' "$base" "$D/$name-100mb" "$cut"
	n=$(( (1000000000 + $(wc -c < "$base") - 1) / $(wc -c < "$base") ))
	if [ ! -s "$D/$name-1gb" ]; then
		i=0; while [ $i -lt $n ]; do cat "$base"; i=$((i + 1)); done > "$D/$name-1gb"
	fi
	[ -s "$D/$name-4gb" ] || cat "$D/$name-1gb" "$D/$name-1gb" "$D/$name-1gb" \
		"$D/$name-1gb" > "$D/$name-4gb"
}

run() { # NAME LABEL
	for s in 100mb 1gb 4gb; do
		f="$D/$1-$s"
		bytes=$(wc -c < "$f")
		cat "$f" > /dev/null 2>&1 || true
		best wc wc -l "$f"
		best sc "$SC" -q -t collapsed "$f"
		row "$2 -> collapsed ($s)" sc "wc -l" wc "$bytes" n.a.
	done
}

for what in ${*:-perf collapsed}; do
	case $what in
	perf)
		make_once "$DATA/perf-c-threads-340mb.txt" perf-gen.py 340 c-threads
		sizes perf "$DATA/perf-c-threads-340mb.txt" record
		run perf "perf c-threads" ;;
	collapsed)
		make_once "$DATA/collapsed-250mb-1m.txt" collapsed-gen.py 250 1000000
		sizes collapsed "$DATA/collapsed-250mb-1m.txt" line
		run collapsed "collapsed 1M stacks" ;;
	*)
		echo "scale.sh: perf or collapsed, not '$what'" >&2; exit 2 ;;
	esac
done
