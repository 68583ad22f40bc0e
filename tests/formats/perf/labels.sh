# tests/formats/perf/labels.sh - a sample's thread (comm, pid, tid, cpu)
# is data, not a frame: the perf reader keeps it as labels (sk_thread.h),
# the pprof writer writes them as perf_data_converter's labels (checked
# with go tool pprof -raw when go is installed), and the perf writer writes
# them back as "COMM PID/TID [CPU]", also after a trip through pprof.
. "$top_srcdir/tests/lib.sh"

printf '%s\n' 'app 100/100 [002] 1.000000001: 5 cycles:' \
	'	4005e4 work+0x4 (/bin/app)' '	400500 main+0x10 (/bin/app)' '' \
	'app-io 100/101 [003] 1.000000002: 7 cycles:' \
	'	4005f0 io+0x0 (/bin/app)' '' > "$TMP/in.perf"

"$STACKCONV" -t perf "$TMP/in.perf" > "$TMP/out"
expect_text "perf writer" "app 100/100 [002] 1.000000001: 5 cycles:
	               0 work+0x0 (/bin/app)
	               0 main+0x0 (/bin/app)

app-io 100/101 [003] 1.000000002: 7 cycles:
	               0 io+0x0 (/bin/app)
" "$TMP/out"

"$STACKCONV" -t pprof -o "$TMP/in.pb.gz" "$TMP/in.perf"
"$STACKCONV" -t perf "$TMP/in.pb.gz" | grep -v '^	' > "$TMP/out"
expect_text "perf -> pprof -> perf headers" "app 100/100 [002] 0.000000000: 5 cycles:

app-io 100/101 [003] 0.000000005: 7 cycles:
" "$TMP/out"
"$STACKCONV" --tid "$TMP/in.pb.gz" > "$TMP/out"
expect_text "pprof labels as thread roots" "app-100/100;main;work 5
app-io-100/101;io 7" "$TMP/out"

if command -v go > /dev/null 2>&1; then
	use_go_pprof
	go tool pprof -raw "$TMP/in.pb.gz" 2> /dev/null \
		| sed -n '/^Samples:/,/^Locations/p' > "$TMP/out"
	expect_text "pprof labels (go tool pprof -raw)" "Samples:
samples/count cycles/period[dflt]
          1          5: 1 2 
                comm:[app] thread_comm:[app]
                cpu:[2] pid:[100] tid:[100]
          1          7: 3 
                comm:[app] thread_comm:[app-io]
                cpu:[3] pid:[100] tid:[101]
Locations" "$TMP/out"
fi

finish
