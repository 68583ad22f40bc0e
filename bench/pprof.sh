#!/bin/sh
# bench/pprof.sh - pprof -> collapsed and pprof -> pprof on a large
# generated profile (pprof-gen.py: PPROF_BENCH_SAMPLES samples, default
# 200,000, about 20 MB of protobuf before gzip; 1,000,000 gives issue 13's
# ~90 MB, where go tool pprof alone takes 40 s and 7 GB), next to `go tool
# pprof -raw` reading the same file.  MB/s is of the protobuf, unzipped.
# "same": the folded stacks equal the generator's reference (for pprof ->
# pprof, once read back).  Skipped when go is not installed.
set -eu
. "$(dirname "$0")/lib.sh"
N=${PPROF_BENCH_SAMPLES:-200000}
IN="$DATA/pprof-$N.pb.gz"
REF="$DATA/pprof-$N.folded"
if ! command -v go > /dev/null || ! go tool pprof -h > /dev/null 2>&1; then
	skip "pprof -> collapsed, pprof ($N samples)" "go (go tool pprof) is not installed"
	exit 0
fi
if [ ! -s "$IN" ] || [ ! -s "$REF" ]; then
	mkdir -p "$DATA"
	echo "generating $IN (once)..."
	python3 "$top_srcdir/bench/pprof-gen.py" "$IN.tmp" "$REF" "$N"
	mv "$IN.tmp" "$IN"
fi
bytes=$(gzip -dc "$IN" | wc -c)
mb=$(( bytes / 1000000 ))

best go go tool pprof -raw "$IN"
best_out "$TMP/col.txt" col "$SC" -q -t collapsed "$IN"
row "pprof -> collapsed ($N samples, $mb MB)" col "go tool pprof -raw" go "$bytes" \
	"$(same_sorted "$TMP/col.txt" "$REF")"
best_out "$TMP/out.pb.gz" pb "$SC" -q -t pprof "$IN"
"$SC" -q -t collapsed "$TMP/out.pb.gz" > "$TMP/back.txt"
row "pprof -> pprof ($N samples, $mb MB)" pb "go tool pprof -raw" go "$bytes" \
	"$(same_sorted "$TMP/back.txt" "$REF")"
note "pprof ($N samples): peak RSS of go tool pprof -raw $(( R_go / 1024 )) MB"
