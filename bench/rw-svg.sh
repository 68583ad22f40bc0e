#!/bin/sh
# bench/rw-svg.sh - the SVG flame graph writer (every frame drawn: --minwidth 0) and
# reader in `make bench`, next to xmllint --stream of the same file
# (bench/rw-lib.sh).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows svg xml '--minwidth 0' ''
