#!/bin/sh
# bench/collapsed-sort.sh - collapsed -> collapsed (aggregate equal stacks,
# sort) on a folded file of 1,000,000 distinct stacks in random order, next
# to the awk and sort pipeline that does the same:
#   LC_ALL=C awk '{w=$NF; $NF=""; a[$0]+=w} END{for(k in a) print k, a[k]}' |
#   LC_ALL=C sort
# "same": both give the same "stack weight" lines (awk's rebuilt line keeps
# a space before the weight; it is dropped before comparing).
#
# stackconv takes its rewrite path here (formats/collapsed_rewrite.c: one
# plain folded file to folded, never building the model's tree), which
# issue 13 wants at least 10x faster than the pipeline, in memory that
# grows with the distinct stacks only.
#
# The input (bench/data/collapsed-*.txt, made once by collapsed-gen.py) is
# COLLAPSED_BENCH_MB (default 250) big: 1M distinct stacks need ~230 MB
# (each is written once), and at 1 GB (COLLAPSED_BENCH_MB=1000, issue 13's
# size) the pipeline alone takes ~17 s per run on two cores.
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
