#!/bin/sh
# bench/rw-massif.sh - the massif.out writer and reader in `make bench`, next to cat of
# the same file (bench/rw-lib.sh).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows massif text '' ''
