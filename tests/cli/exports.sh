# tests/cli/exports.sh - the shared library exports exactly the public API:
# every defined dynamic symbol starts with sk_ and is declared (as a
# function, "name(") in include/stackkit/*.h, and every function declared
# there is exported.  Skips without a shared library (--disable-shared) or
# without nm.
. "$top_srcdir/tests/lib.sh"
SO="$top_builddir/lib/.libs/libstackkit.so"
[ -f "$SO" ] || { echo "SKIP: no shared library (--disable-shared)"; exit 77; }
command -v nm > /dev/null || { echo "SKIP: nm not installed"; exit 77; }

# The names declared in the public headers, comments removed first so a
# name a comment mentions does not count as declared.
for h in "$top_srcdir"/include/stackkit/*.h; do
	awk '{
		line = $0
		out = ""
		while (line != "") {
			if (incomment) {
				end = index(line, "*/")
				if (!end) { line = ""; break }
				line = substr(line, end + 2); incomment = 0
			} else {
				start = index(line, "/*")
				if (!start) { out = out line; line = ""; break }
				out = out substr(line, 1, start - 1)
				line = substr(line, start + 2); incomment = 1
			}
		}
		print out
	}' "$h"
done | grep -oE '\bsk_[A-Za-z0-9_]+[[:space:]]*\(' | sed 's/[[:space:](]*$//' \
	| LC_ALL=C sort -u > "$TMP/declared"

# check_exports SYMBOLS: prints every symbol of the file that breaks the rule
check_exports() {
	while read -r sym; do
		case "$sym" in
		sk_*) grep -qx "$sym" "$TMP/declared" \
			|| echo "$sym (not declared in include/stackkit/)" ;;
		*) echo "$sym (not an sk_ name)" ;;
		esac
	done < "$1"
}

# The check itself first: an internal helper and a private sk_ function
# must be caught, a public function must pass.
printf '%s\n' sk_profile_new perf_scan sk_strtab_intern > "$TMP/fake"
check_exports "$TMP/fake" > "$TMP/bad"
expect_text "the check catches violations" "perf_scan (not an sk_ name)
sk_strtab_intern (not declared in include/stackkit/)" "$TMP/bad"
[ "$(wc -l < "$TMP/declared")" -gt 50 ] && pass \
	|| fail "found only $(wc -l < "$TMP/declared") declarations in the headers"

nm -D --defined-only "$SO" | awk 'NF >= 3 { sub(/@.*/, "", $3); print $3 }' \
	| LC_ALL=C sort -u > "$TMP/exported"
[ -s "$TMP/exported" ] && pass || fail "nm -D found no symbols in $SO"
check_exports "$TMP/exported" > "$TMP/bad"
if [ -s "$TMP/bad" ]; then
	fail "$SO exports symbols outside the public API:"
	cat "$TMP/bad" >&2
else
	pass
fi
# and the other way round: every function the headers declare is there (a
# header without SK_API_BEGIN would hide its functions)
LC_ALL=C comm -23 "$TMP/declared" "$TMP/exported" > "$TMP/missing"
if [ -s "$TMP/missing" ]; then
	fail "declared in include/stackkit/ but not exported: $(tr '\n' ' ' < "$TMP/missing")"
else
	pass
fi
finish
