#!/bin/sh
# record.sh - how testdata/perf/spin-*.perf and cxx-*.perf were made (as root, on x86_64,
# perf 6.x; rerun by hand, not by the tests: the output differs per machine).
set -e
cd "$(dirname "$0")"
cc -O2 -g -fno-omit-frame-pointer -pthread -o /tmp/spin spin.c
perf record -q -e cpu-clock -F 499 -g -o /tmp/spin-fp.data /tmp/spin >/dev/null
perf script -i /tmp/spin-fp.data > ../spin-fp.perf
perf script -i /tmp/spin-fp.data --header -F comm,pid,tid,time,period,event,ip,sym,dso > ../spin-header-pidtid.perf
perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 -o /tmp/spin-dwarf.data /tmp/spin >/dev/null
perf script -i /tmp/spin-dwarf.data > ../spin-dwarf.perf
perf record -q -e cpu-clock -e task-clock -F 499 -g -o /tmp/spin-2ev.data /tmp/spin >/dev/null
perf script -i /tmp/spin-2ev.data > ../spin-2events.perf
perf record -q -e cpu-clock -F 499 -o /tmp/spin-nocg.data /tmp/spin >/dev/null
perf script -i /tmp/spin-nocg.data > ../spin-nocallchain.perf
c++ -O2 -g -fno-omit-frame-pointer -o /tmp/spincc spin.cc
perf record -q -e cpu-clock -F 499 -g -o /tmp/spincc.data /tmp/spincc >/dev/null
perf script -i /tmp/spincc.data --no-demangle > ../cxx-mangled.perf
perf record -q -e cpu-clock -F 199 -g -o /tmp/spin-sl.data /tmp/spin >/dev/null
perf script -i /tmp/spin-sl.data -F+srcline > ../spin-srcline.perf
