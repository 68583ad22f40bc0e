#!/bin/sh
# make.sh - regenerates the crafted pprof inputs (NAME.pb) from their text
# form (NAME.txtpb) with protoc-c --encode; run from this directory.  The
# .pb files are committed so the tests need no protobuf compiler.
set -e
proto=../../../formats/pprof/profile.proto
for t in *.txtpb; do
	grep -v '^#' "$t" | protoc-c --proto_path="$(dirname "$proto")" \
		--encode=perftools.profiles.Profile "$proto" > "${t%.txtpb}.pb"
done
