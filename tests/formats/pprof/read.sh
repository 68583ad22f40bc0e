#!/bin/sh
# read.sh - the pprof reader end to end: Go's CPU and heap profiles (gzip
# and raw, detected by content), every sample type, inlined frames,
# unsymbolized locations, labels as frames, drop_frames/keep_frames.
# Expected *.folded files come from `go tool pprof -traces` through
# traces2folded.sh (see testdata/pprof/README).
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/pprof"

# CPU profile, default type cpu/nanoseconds, then samples/count.
"$STACKCONV" "$D/cpu.pb.gz" > "$TMP/out"
expect_same "cpu default type" "$D/cpu.folded" "$TMP/out"
"$STACKCONV" --sample-type samples "$D/cpu.pb.gz" > "$TMP/out"
expect_same "cpu samples" "$D/cpu.samples.folded" "$TMP/out"

# Raw protobuf without a telling name, from a file and from stdin.
gunzip -c "$D/cpu.pb.gz" > "$TMP/profile.txt"
"$STACKCONV" "$TMP/profile.txt" > "$TMP/out"
expect_same "raw, named .txt" "$D/cpu.folded" "$TMP/out"
"$STACKCONV" < "$TMP/profile.txt" > "$TMP/out"
expect_same "raw on stdin" "$D/cpu.folded" "$TMP/out"
"$STACKCONV" < "$D/cpu.pb.gz" > "$TMP/out"
expect_same "gzip on stdin" "$D/cpu.folded" "$TMP/out"

# Heap profile: four sample types, inuse_space the default (the last).
"$STACKCONV" "$D/heap.pb.gz" > "$TMP/out"
expect_same "heap default type" "$D/heap.inuse_space.folded" "$TMP/out"
for t in alloc_objects alloc_space inuse_objects inuse_space; do
	"$STACKCONV" --sample-type "$t" "$D/heap.pb.gz" > "$TMP/out"
	expect_same "heap $t" "$D/heap.$t.folded" "$TMP/out"
done
"$STACKCONV" --all-values "$D/heap.pb.gz" | head -1 > "$TMP/out"
expect_text "heap value types" \
	"alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes" \
	"$TMP/out"

# Crafted: default_sample_type names the first type; a three-line inlined
# location; an unsymbolized location shows as 0xADDR.
C="$D/crafted"
"$STACKCONV" "$C/inline.pb" > "$TMP/out"
expect_text "inline default" "main 5
main;0x403abc 1
main;compute;inlined_helper;deep_inline 3
main;compute;inlined_helper;deep_inline;do_syscall_64 2" "$TMP/out"
"$STACKCONV" --frame-format 'name (file:line)' --sample-type cpu \
	"$C/inline.pb" > "$TMP/out"
expect_text "inline file:line" "main (/src/app.c:12) 50000000
main (/src/app.c:12);0x403abc (:0) 10000000
main (/src/app.c:12);compute (/src/app.c:25);inlined_helper (/src/app.c:33);deep_inline (/src/app.c:41) 30000000
main (/src/app.c:12);compute (/src/app.c:25);inlined_helper (/src/app.c:33);deep_inline (/src/app.c:41);do_syscall_64 (:0) 20000000" \
	"$TMP/out"

# Labels as root frames, pprofutils' KEY=VALUE (KEY=N/A when missing).
"$STACKCONV" --label-frames thread "$C/inline.pb" > "$TMP/out"
expect_text "label frames" "thread=N/A;main;compute;inlined_helper;deep_inline;do_syscall_64 2
thread=worker-1;main 5
thread=worker-1;main;compute;inlined_helper;deep_inline 3
thread=worker-2;main;0x403abc 1" "$TMP/out"
"$STACKCONV" --label-frames thread,size "$C/inline.pb" > "$TMP/out.a"
"$STACKCONV" --label-frames thread --label-frames size "$C/inline.pb" \
	> "$TMP/out.b"
expect_text "two label frames" "thread=N/A;size=N/A;main;compute;inlined_helper;deep_inline;do_syscall_64 2
thread=worker-1;size=N/A;main 5
thread=worker-1;size=N/A;main;compute;inlined_helper;deep_inline 3
thread=worker-2;size=4096;main;0x403abc 1" "$TMP/out.a"
expect_same "repeated --label-frames" "$TMP/out.a" "$TMP/out.b"

# drop_frames/keep_frames applied as pprof applies them; --all-frames not.
"$STACKCONV" "$C/drop.pb" > "$TMP/out"
expect_same "drop_frames" "$C/drop.folded" "$TMP/out"
"$STACKCONV" --all-frames "$C/drop.pb" > "$TMP/out"
expect_same "all frames" "$C/drop.all-frames.folded" "$TMP/out"
# A drop_frames regexp that does not compile is ignored, as pprof ignores
# it, with a warning.
"$STACKCONV" "$C/bad-regexp.pb" > "$TMP/out" 2> "$TMP/err"
expect_status "bad regexp" 0 $?
expect_same "bad regexp output" "$C/drop.all-frames.folded" "$TMP/out"
expect_text "bad regexp warning" "stackconv: warning: $C/bad-regexp.pb: drop_frames regexp malloc|(operator new does not compile; not applied" "$TMP/err"

# A sample without locations weighs on the root: in the totals, not in
# the stacks.
"$STACKCONV" "$C/empty-stack.pb" > "$TMP/out"
expect_text "empty stack" "f 2" "$TMP/out"

finish
