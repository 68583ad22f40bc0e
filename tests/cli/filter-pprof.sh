#!/bin/sh
# filter-pprof.sh - the filters against the real tool: on Go's profiles,
# for every sample type, `stackconv --focus/--ignore/--hide/--show/
# --prune-from RE` gives the stacks and values of `go tool pprof -traces`
# with the same options.  Skipped (77) without go.
#
# pprof also matches a frame's file and mapping names; the expressions
# here match no file or mapping of these profiles, where the two agree.
. "$top_srcdir/tests/lib.sh"
use_go_pprof
D="$TESTDATA/pprof"

# One case per line: stackconv's options, then '|', then pprof's.
cases='--focus main\.alpha|-focus=main\.alpha
--focus mix|-focus=mix
--focus gcBgMarkWorker|large|-focus=gcBgMarkWorker|large
--focus large --focus small|-focus=large|small
--ignore gamma|-ignore=gamma
--ignore semacquire|-ignore=semacquire
--ignore beta --ignore func1|-ignore=beta|func1
--hide main\.main|-hide=main\.main
--hide ^runtime\.|-hide=^runtime\.
--hide mix|-hide=mix
--show main\.(alpha|mix)|-show=main\.(alpha|mix)
--show ^runtime\.|-show=^runtime\.
--prune-from main\.alpha|-prune_from=main\.alpha
--prune-from gamma|-prune_from=gamma
--prune-from ^runtime\.main$|-prune_from=^runtime\.main$
--focus alpha --ignore gamma|-focus=alpha -ignore=gamma
--focus main\.main --hide mix|-focus=main\.main -hide=mix
--focus alpha --show mix|-focus=alpha -show=mix
--ignore beta --prune-from alpha|-ignore=beta -prune_from=alpha
--hide main\.main --prune-from ^main\.alpha$|-hide=main\.main -prune_from=^main\.alpha$
--show main --focus gamma --hide beta|-show=main -focus=gamma -hide=beta
--focus nothing-matches|-focus=nothing-matches'

for f in cpu heap; do
	types=$(go tool pprof -raw "$D/$f.pb.gz" 2> /dev/null |
		sed -n '/^Samples:/{n;s/\[dflt\]//g;p;q;}')
	for vt in $types; do
		case $vt in
		*/nanoseconds) u=-unit=ns ;;
		*/bytes) u=-unit=B ;;
		*) u=-unit=minimum ;;
		esac
		t=${vt%/*}
		printf '%s\n' "$cases" | while IFS='|' read -r ours theirs; do
			# the '|' inside expressions: split at the last one
			line="$ours|$theirs"
			ours=${line%|-*}
			theirs=-${line##*|-}
			# shellcheck disable=SC2086
			"$STACKCONV" --sample-type "$t" $ours "$D/$f.pb.gz" \
				> "$TMP/got" 2> "$TMP/err" ||
				fail "$f $t $ours: $(cat "$TMP/err")"
			# shellcheck disable=SC2086
			go tool pprof -traces $u -sample_index="$t" $theirs \
				"$D/$f.pb.gz" 2> /dev/null | sh "$T2F" > "$TMP/want"
			expect_same "$f $t $ours" "$TMP/want" "$TMP/got"
			echo "$failures $checks" > "$TMP/counts"
		done
		read -r failures checks < "$TMP/counts"
	done
done
[ "$checks" -ge 100 ] && pass || fail "only $checks comparisons ran"
finish
