#!/bin/sh
# bench/rw-cpuprofile.sh - the .cpuprofile writer and reader in `make bench`, next to
# node's JSON.parse of the same file (bench/rw-lib.sh).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows cpuprofile json '' ''
