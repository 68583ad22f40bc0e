#!/bin/sh
# traces2folded.sh - turns `go tool pprof -traces` output (stdin) into folded
# stacks "root;...;leaf VALUE", summed per stack, zero sums dropped, sorted
# bytewise: what `stackconv -t collapsed` prints for the same sample type.
#
# -traces prints, per sample, label lines ("%10s:  %s") and then the stack
# leaf first ("%10s   %s"), the value only on the first line (wider than
# 10 columns when it is large), inlined frames suffixed " (inline)".  Ask
# pprof for plain units (-unit=ns, -unit=B) so values are exact integers;
# unit letters after the number are dropped here.  With -i the " (inline)"
# marks are kept.
inline=0
[ "${1:-}" = "-i" ] && inline=1
LC_ALL=C
export LC_ALL
awk -v inline="$inline" '
function push(name) {
	if (!inline)
		sub(/ \(inline\)$/, "", name)
	frame[++n] = name
}
function flush(   i, s) {
	if (n == 0)
		return
	s = frame[n]
	for (i = n - 1; i >= 1; i--)
		s = s ";" frame[i]
	total[s] += value
	n = 0
}
/^-----------\+/ { flush(); started = 1; next }
!started { next }
/^ *-?[0-9][0-9.]*[A-Za-z]*   [^ ]/ {
	line = $0
	sub(/^ +/, "", line)
	v = line
	sub(/ .*/, "", v)
	line = substr(line, length(v) + 4)
	sub(/[A-Za-z]+$/, "", v)
	value = v + 0
	push(line)
	next
}
/^             [^ ]/ { push(substr($0, 14)); next }
END {
	flush()
	for (s in total)
		if (total[s] != 0)
			printf "%s %.0f\n", s, total[s]
}' | sort
