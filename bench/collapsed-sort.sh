#!/bin/sh
# bench/collapsed-sort.sh - collapsed -> collapsed (aggregate equal stacks,
# sort) on a folded file of 1,000,000 distinct stacks in random order, next
# to the awk and sort pipeline that does the same:
#   LC_ALL=C awk '{w=$NF; $NF=""; a[$0]+=w} END{for(k in a) print k, a[k]}' |
#   LC_ALL=C sort
# "same": both give the same "stack weight" lines (awk's rebuilt line keeps
# a space before the weight; it is dropped before comparing).
#
# The input (bench/data/collapsed-*.txt, made once by collapsed-gen.py) is
# COLLAPSED_BENCH_MB (default 250) big: 1M distinct stacks need ~200 MB,
# and at 1 GB (COLLAPSED_BENCH_MB=1000, issue 13's size) the two sides
# alone take over a minute on two cores.
set -eu
. "$(dirname "$0")/lib.sh"
SIZE_MB=${COLLAPSED_BENCH_MB:-250}
IN="$DATA/collapsed-${SIZE_MB}mb-1m.txt"
make_once "$IN" collapsed-gen.py "$SIZE_MB" 1000000
bytes=$(wc -c < "$IN")

cat "$IN" > /dev/null	# warm the page cache
best_out "$TMP/sc.txt" sc "$SC" -q -t collapsed "$IN"
best_out "$TMP/awk.txt" awk sh -c 'LC_ALL=C awk '\''{w=$NF; $NF=""; a[$0]+=w} END{for(k in a) print k, a[k]}'\'' "$0" | LC_ALL=C sort' "$IN"
sed 's/  \([0-9]*\)$/ \1/' "$TMP/awk.txt" > "$TMP/awk1.txt"
row "collapsed -> collapsed (${SIZE_MB} MB, 1M stacks)" sc "awk | sort" awk "$bytes" \
	"$(same_sorted "$TMP/sc.txt" "$TMP/awk1.txt")"
