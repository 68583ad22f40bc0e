#!/bin/sh
# errors.sh - broken pprof inputs: each fails with exit status 2 and a
# message naming the object that is wrong (or the size of a protobuf that
# does not decode; libprotobuf-c gives no offset).
. "$top_srcdir/tests/lib.sh"
C="$TESTDATA/pprof/crafted"

check_error() { # NAME FILE EXPECTED-MESSAGE
	"$STACKCONV" -f pprof "$2" > /dev/null 2> "$TMP/err"
	expect_status "$1" 2 $?
	expect_text "$1 message" "stackconv: $2: $3" "$TMP/err"
}

check_error "missing function" "$C/bad-function.pb" \
	"location 7: function id 99 does not exist"
check_error "missing location" "$C/bad-location.pb" \
	"sample 2: location id 42 does not exist"
check_error "string index" "$C/bad-string.pb" \
	"function 2: name string index 99 out of range (4 strings)"
check_error "value count" "$C/bad-values.pb" \
	"sample 1: 1 values for 2 sample types"
check_error "string table" "$C/bad-table.pb" \
	"string table entry 0 is not \"\""
check_error "repeated sample type" "$C/bad-duplicate-type.pb" \
	"sample type 3 (samples/count) repeats sample type 1"

# Truncated in the middle of a field, raw and gzipped.
head -c 300 "$C/inline.pb" > "$TMP/cut.pb"
check_error "truncated" "$TMP/cut.pb" "byte 298: protobuf cut short inside top-level field 6 (string_table)"
gzip -c "$TMP/cut.pb" > "$TMP/cut.pb.gz"
check_error "truncated gzip" "$TMP/cut.pb.gz" "byte 298: protobuf cut short inside top-level field 6 (string_table)"

# Not a protobuf at all, forced.
printf 'a;b;c 1\n' > "$TMP/text"
check_error "text forced" "$TMP/text" "byte 0: malformed protobuf in top-level field 12 (period)"

# A drop_frames regexp built to blow up glibc's regcomp (gigabytes, tens of
# seconds) is refused with a warning; the profile is read without it.
"$STACKCONV" "$C/regex-bomb.pb" > /dev/null 2> "$TMP/err"
expect_status "regex bomb" 0 $?
expect_text "regex bomb" "stackconv: warning: $C/regex-bomb.pb: drop_frames regexp is too long or repeats too much to compile safely; not applied" "$TMP/err"

# A sample that does not decode, in a message whose top level does (each
# sample is decoded by itself): the same message as for the whole.
python3 "$top_srcdir/tests/cli/hostile-gen.py" badsample "$TMP/badsample.pb"
check_error "bad sample" "$TMP/badsample.pb" \
	"byte 14: malformed protobuf in top-level field 2 (sample)"

# A sample field whose tag takes 6 bytes: libprotobuf-c refuses such a tag,
# so splitting the samples off must not take it for field 2 (3,000 mutated
# testdata files gave the same exit status and, but for the order of two
# errors in one file, the same message as decoding the whole message).
printf '\222\200\200\200\200\000\000' > "$TMP/longtag.pb"
check_error "long tag" "$TMP/longtag.pb" \
	"malformed protobuf (7 bytes): a field's value is not what profile.proto says it is"
# The same for a length in 6 bytes.
printf '\022\200\200\200\200\200\000' > "$TMP/longlen.pb"
check_error "long length" "$TMP/longlen.pb" \
	"malformed protobuf (7 bytes): a field's value is not what profile.proto says it is"

# Equal samples, each a few bytes and 1,000 frames (one location with
# 1,000 inlined lines): the expansion budget (64 frames per byte of
# profile, plus 2^20) runs out at the same sample whether a sample's stack
# is resolved or found among those resolved before.
python3 "$top_srcdir/tests/cli/hostile-gen.py" budget "$TMP/budget.pb" 3000 1000
at=$(( ($(wc -c < "$TMP/budget.pb") * 64 + 1048576) / 1000 + 1 ))
check_error "expansion budget" "$TMP/budget.pb" \
	"sample $at: the samples expand to more than 64 frames per byte of profile"

finish
