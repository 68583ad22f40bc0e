# tests/formats/perf/srcline.sh - `perf script -F+srcline` input (a real
# recording of testdata/perf/src/spin.c): the source line under a frame
# line is the frame's file and line, with no warning and the same stacks as
# without it; --srcline makes names func:file:line as stackcollapse-perf.pl
# --srcline does ("[...]" removed, so kernel frames keep their names); the
# same with 1 or 2 threads and from stdin; a source line out of place is
# still an unrecognized line.
. "$top_srcdir/tests/lib.sh"
D="$TESTDATA/perf"

"$STACKCONV" "$D/spin-srcline.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "default" "spin;__libc_start_call_main;alpha 55276375
spin;__libc_start_call_main;beta 85427125
spin;__libc_start_call_main;beta;asm_sysvec_apic_timer_interrupt;sysvec_apic_timer_interrupt;__irq_exit_rcu;handle_softirqs;rcu_core;rcu_report_qs_rnp;_raw_spin_unlock_irqrestore 5025125
spin_worker;start_thread;alpha 110552750
spin_worker;start_thread;beta 45226125" "$TMP/out"
[ -s "$TMP/err" ] && fail "warnings: $(cat "$TMP/err")" || pass

"$STACKCONV" --frame-format 'name (file:line)' "$D/spin-srcline.perf" \
	| head -2 > "$TMP/out"
expect_text "file and line" "spin;__libc_start_call_main (libc-start.c:74);alpha (spin.c:22) 55276375
spin;__libc_start_call_main (libc-start.c:74);beta (spin.c:31) 85427125" "$TMP/out"

want="spin;__libc_start_call_main:libc-start.c:74;alpha:spin.c:22 55276375
spin;__libc_start_call_main:libc-start.c:74;beta:spin.c:31 85427125
spin;__libc_start_call_main:libc-start.c:74;beta:spin.c:31;asm_sysvec_apic_timer_interrupt;sysvec_apic_timer_interrupt;__irq_exit_rcu;handle_softirqs;rcu_core;rcu_report_qs_rnp;_raw_spin_unlock_irqrestore 5025125
spin_worker;start_thread:pthread_create.c:442;alpha:spin.c:22 105527625
spin_worker;start_thread:pthread_create.c:442;alpha:spin.c:24 5025125
spin_worker;start_thread:pthread_create.c:442;beta:spin.c:31 45226125"
for th in 1 2; do
	"$STACKCONV" --srcline --threads $th "$D/spin-srcline.perf" > "$TMP/out"
	expect_text "--srcline (threads $th)" "$want" "$TMP/out"
done
"$STACKCONV" --srcline < "$D/spin-srcline.perf" > "$TMP/out"
expect_text "--srcline (stdin)" "$want" "$TMP/out"

# forms FlameGraph documents: a dso and its offset, a kernel address, a
# frame with none, an unknown frame (perf prints none for it)
printf '%s\n' 'a.out 35081 252436.005167:     667783 cycles:' \
	'	408ebb some_method_name+0x8b (/full/path/to/a.out)' \
	'  uniform_int_dist.h:300' \
	'	ffffffff814f9302 up_write+0x32 ([kernel.kallsyms])' \
	'  [kernel.kallsyms][ffffffff814f9302]' \
	'	7f6d2148eb25 __libc_start_main+0xd5 (/lib64/libc-2.33.so)' \
	'  libc-2.33.so[27b25]' \
	'	4069f5 main+0x935 (/full/path/to/a.out)' \
	'	7ffc71ee9580 [unknown] ([unknown])' '' > "$TMP/forms.perf"
"$STACKCONV" --srcline "$TMP/forms.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "--srcline forms" "a.out;[unknown];main;__libc_start_main:libc-2.33.so;up_write;some_method_name:uniform_int_dist.h:300 667783" "$TMP/out"
"$STACKCONV" "$TMP/forms.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "forms" "a.out;[unknown];main;__libc_start_main;up_write;some_method_name 667783" "$TMP/out"
[ -s "$TMP/err" ] && fail "warnings: $(cat "$TMP/err")" || pass

# a source line after a header is not one
printf '%s\n' 'a.out 1 1.0: 5 cycles:' '  stray.c:1' '	1 main (/a)' '' \
	> "$TMP/stray.perf"
"$STACKCONV" "$TMP/stray.perf" > "$TMP/out" 2> "$TMP/err"
expect_text "stray" "a.out;main 5" "$TMP/out"
expect_text "stray warning" "stackconv: warning: $TMP/stray.perf:2: 1 unrecognized line ignored (the first is here)" "$TMP/err"

finish
