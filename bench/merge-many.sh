#!/bin/sh
# bench/merge-many.sh - `stackconv run*.pb.gz -t pprof` over 1,000 pprof
# profiles (sk_read_files): read on both cores and merged as a tree, next to
# the same with --threads 1; "same": both write the same bytes.  A note
# gives the time per input at 250, 500 and 1,000 inputs (linear in the
# total input when it stays flat).
#
# The inputs (bench/data/merge-1000/, made once) are merge-gen.py's folded
# runs converted to gzipped pprof by stackconv itself.
set -eu
. "$(dirname "$0")/lib.sh"
N=1000
DIR="$DATA/merge-$N"
if [ ! -s "$DIR/run$(printf %04d $((N - 1))).pb.gz" ]; then
	echo "generating $DIR (once)..."
	python3 "$top_srcdir/bench/merge-gen.py" "$DIR" "$N"
	for f in "$DIR"/run*.folded; do
		"$SC" -q "$f" -t pprof -o "${f%.folded}.pb.gz"
		rm -f "$f"
	done
fi
bytes=$(cat "$DIR"/run*.pb.gz | wc -c)
cat "$DIR"/run*.pb.gz > /dev/null	# warm the page cache

best_out "$TMP/n.pb" all "$SC" -q "$DIR"/run*.pb.gz -t pprof
best_out "$TMP/1.pb" one "$SC" -q --threads 1 "$DIR"/run*.pb.gz -t pprof
same=no
cmp -s "$TMP/n.pb" "$TMP/1.pb" && same=yes
row "merge $N pprof -> pprof (2 threads)" all "the same, --threads 1" one \
	"$bytes" "$same"

per=""
for k in 250 500; do
	# shellcheck disable=SC2046
	best per$k "$SC" -q $(ls "$DIR"/run*.pb.gz | head -$k) -t pprof
	eval "per=\"\$per $k: \$((T_per$k / $k)) us\""
done
note "merge: time per input,$per, $N: $((T_all / N)) us"
