#!/bin/sh
# bench/rw-pprof.sh - the pprof writer and reader in `make bench` on the common
# source (bench/rw-lib.sh), next to gzip; bench/pprof.sh times a large
# profile against go tool pprof.
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rw-lib.sh"
rw_rows pprof gzip '' ''
