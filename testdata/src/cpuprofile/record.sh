#!/bin/sh
# testdata/src/cpuprofile/record.sh - records the cpuprofile format's real
# inputs with node's own profilers (node 20 here) into testdata/cpuprofile/:
#   work.cpuprofile      node --cpu-prof --cpu-prof-interval 100 work.js
#   alloc.heapprofile    node --heap-prof --heap-prof-interval 4096 alloc.js
# Rerun only to refresh them: the tests expect the committed recordings.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../../cpuprofile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node --version
node --cpu-prof --cpu-prof-dir="$tmp" --cpu-prof-name=work.cpuprofile \
	--cpu-prof-interval 100 "$here/work.js"
node --heap-prof --heap-prof-dir="$tmp" --heap-prof-name=alloc.heapprofile \
	--heap-prof-interval 4096 "$here/alloc.js"
cp "$tmp/work.cpuprofile" "$out/work.cpuprofile"
cp "$tmp/alloc.heapprofile" "$out/alloc.heapprofile"
ls -l "$out"
