#!/bin/sh
# record.sh - compiles heapshape.c and records it under valgrind's massif
# with the option variants the massif tests read (testdata/massif/*.out).
# Run from anywhere; needs gcc and valgrind.  The recordings committed were
# made with gcc 12.2 and valgrind-3.19.0 (Debian 12, x86-64).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../../massif
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
gcc -g -O0 -o heapshape "$here/heapshape.c"
# record NAME MASSIF-OPTIONS...: massif's file for ./heapshape, with the
# temporary directory's name taken out of desc: and cmd:.
record() {
	name=$1; shift
	valgrind -q --tool=massif --massif-out-file="$work/m.out" "$@" ./heapshape
	sed "s|$work/||g" "$work/m.out" > "$out/$name.out"
}
record default
record depth3 --depth=3
record threshold0 --threshold=0
record threshold10 --threshold=10
record bytes --time-unit=B
record ms --time-unit=ms
record stacks --stacks=yes --detailed-freq=4
