#!/bin/sh
# bench/rw-collapsed.sh - the folded writer in `make bench`: the common source read and
# written back, the fixed share of every other writer row, next to cat
# (bench/rw-lib.sh).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows collapsed text '' ''
