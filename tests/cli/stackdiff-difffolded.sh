# tests/cli/stackdiff-difffolded.sh - stackdiff -t collapsed against
# difffolded.pl's behaviour on inferno's diff-folded corpus: the same lines
# after sorting (difffolded prints in hash order) for plain, -n and -s.
# Fractional counts: difffolded.pl keeps them, inferno truncates them (its
# results/fractionals.txt); stackdiff keeps them, as Perl does, written
# exactly (Perl would round to 15 significant digits).
. "$top_srcdir/tests/lib.sh"
skip_unless_shared
STACKDIFF="$top_builddir/cmd/stackdiff"
D="$SHARED/corpus/inferno/tests/data/diff-folded"

for run in default: normalize:-n strip_hex:-s strip_hex:--strip-hex; do
	name=${run%%:*}
	"$STACKDIFF" -t collapsed ${run#*:} "$D/before.txt" "$D/after.txt" > "$TMP/out"
	expect_status "$run" 0 $?
	sort "$D/results/$name.txt" > "$TMP/want"
	sort "$TMP/out" > "$TMP/got"
	expect_same "$run" "$TMP/want" "$TMP/got"
	expect_same "$run is sorted already" "$TMP/got" "$TMP/out"
done

"$STACKDIFF" -t collapsed "$D/before_fractionals.txt" "$D/after.txt" > "$TMP/out"
expect_text "fractional counts kept" "dd;[unknown];0x234f2abc;system_call_[k];0xF1BDE348 1 0
dd;[unknown];[dd] 3 7
dd;[unknown];read 14.234398324872284 13
dd;[unknown];read;system_call_[k];__fdget_pos_[k] 11.98 15
dd;[unknown];read;system_call_[k];sys_read_[k];vfs_read_[k];fsnotify_[k] 6.2 4
dd;[unknown];write;system_call_[k];sys_write_[k];vfs_write_[k];fsnotify_[k];__srcu_read_unlock_[k] 20 15
dd;[unknown];write;system_call_[k];sys_write_[k];vfs_write_[k];rw_verify_area_[k] 3.11 8
dd;write;system_call_[k];sys_write_[k];__fdget_pos_[k];__fdget_[k];__fget_light_[k] 0 12
dd;write;system_call_[k];sys_write_[k];vfs_write_[k];fsnotify_[k];__srcu_read_unlock_[k] 7.56 6" "$TMP/out"
# inferno's truncated file has the same stacks
awk '{ print $1 }' "$TMP/out" > "$TMP/got"
sort "$D/results/fractionals.txt" | awk '{ print $1 }' > "$TMP/want"
expect_same "fractional stacks as inferno's" "$TMP/want" "$TMP/got"

# a line without a count: an error (difffolded.pl skips it silently),
# or a warning with --skip-bad-lines
"$STACKDIFF" -t collapsed "$D/bad_before.txt" "$D/after.txt" > /dev/null 2> "$TMP/err"
expect_status "bad line" 2 $?
expect_text "bad line" "stackdiff: $D/bad_before.txt:3: expected a weight at the end of the line" "$TMP/err"
"$STACKDIFF" -t collapsed --skip-bad-lines "$D/bad_before.txt" "$D/after.txt" > "$TMP/out" 2> "$TMP/err"
expect_status "--skip-bad-lines" 0 $?
expect_text "--skip-bad-lines warns" "stackdiff: warning: $D/bad_before.txt: skipped 1 lines with invalid format" "$TMP/err"
grep -c . "$TMP/out" > "$TMP/n"
expect_text "--skip-bad-lines keeps the rest" "9" "$TMP/n"
finish
