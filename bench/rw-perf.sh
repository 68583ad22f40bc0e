#!/bin/sh
# bench/rw-perf.sh - the perf script writer and reader in `make bench`, next to cat of
# the same file (bench/rw-lib.sh); read back with --no-comm, as the writer
# adds a command name to each sample.
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows perf text '' --no-comm \
	"the perf reader drops C++ argument lists, as stackcollapse-perf.pl does"
