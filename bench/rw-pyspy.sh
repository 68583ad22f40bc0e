#!/bin/sh
# bench/rw-pyspy.sh - the py-spy raw writer and reader in `make bench`, next to cat of
# the same file (bench/rw-lib.sh).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows pyspy text '' ''
