/*
 * pprof_prune.c - drop_frames / keep_frames, as pprof's Profile.Prune
 * applies them when it loads a profile (go tool pprof does, unless
 * -all_frames), so stackconv shows the stacks pprof shows.
 *
 * Each regexp is anchored as ^(RE)$ and matched against a function name
 * with a leading '.' (PPC ELF v1 symbols) and its argument list removed.
 * Within a location, the outermost matching line that keep_frames does not
 * spare cuts that line and the lines inlined into it: if it is the
 * location's last line (the caller) the whole location goes ("cut all"),
 * else only its callers stay ("cut beneath").  The reader then cuts each
 * sample at the first such location it meets from the root after at least
 * one untouched location, so a profile whose roots match is not emptied.
 *
 * pprof ignores a regexp that does not compile; so do we, with a warning.
 * POSIX extended regexps stand in for Go's RE2 syntax: the alternations and
 * classes such patterns use agree.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "stackkit/stackkit.h"
#include "formats/pprof/pprof.h"

static int compile(regex_t *rx, const char *re, const sk_context *ctx,
		   const char *name, const char *field, sk_buf *scratch);
static const char *simplified_name(const char *name, sk_buf *out);

void sk_pprof_plan_cuts(const Perftools__Profiles__Profile *pb,
			const sk_pprof_idmap *function_ids,
			const sk_context *ctx, const char *name,
			struct sk_pprof_cut *cuts)
{
	sk_buf scratch = SK_BUF_INIT;
	regex_t drop, keep;
	int have_keep = 0;
	size_t i;

	if (compile(&drop, pb->string_table[pb->drop_frames], ctx, name,
		    "drop_frames", &scratch) < 0)
		goto out;
	if (pb->keep_frames != 0) {
		if (compile(&keep, pb->string_table[pb->keep_frames], ctx, name,
			    "keep_frames", &scratch) < 0) {
			regfree(&drop);
			goto out;
		}
		have_keep = 1;
	}
	for (i = 0; i < pb->n_location; i++) {
		const Perftools__Profiles__Location *l = pb->location[i];
		size_t k;

		for (k = l->n_line; k-- > 0;) {
			const Perftools__Profiles__Function *fn;
			const char *fname;
			uint32_t fi;

			if (l->line[k]->function_id == 0 ||
			    sk_pprof_idmap_get(function_ids,
					       l->line[k]->function_id,
					       &fi) < 0)
				continue;
			fn = pb->function[fi];
			if (fn->name == 0)
				continue;
			fname = simplified_name(pb->string_table[fn->name],
						&scratch);
			if (regexec(&drop, fname, 0, NULL, 0) != 0)
				continue;
			if (have_keep &&
			    regexec(&keep, fname, 0, NULL, 0) == 0)
				continue;
			if (k + 1 == l->n_line) {
				cuts[i].how = SK_PPROF_CUT_ALL;
			} else {
				cuts[i].how = SK_PPROF_CUT_BENEATH;
				cuts[i].keep = (uint32_t)(l->n_line - 1 - k);
			}
			break;
		}
	}
	regfree(&drop);
	if (have_keep)
		regfree(&keep);
out:
	sk_buf_free(&scratch);
}

/* glibc's regcomp expands counted repetitions into automaton states, so a
 * pattern of a hundred bytes such as "(.{0,250}){0,250}" costs gigabytes
 * and many seconds.  drop_frames patterns in real profiles are plain
 * alternations of names, so refuse long patterns and counted repetitions
 * whose bounds multiply past a small budget. */
enum { MAX_PATTERN = 4096, MAX_REPEAT_PRODUCT = 256 };

static int pattern_is_cheap(const char *re)
{
	unsigned long product = 1;
	const char *p;

	if (strlen(re) > MAX_PATTERN)
		return 0;
	for (p = re; *p; p++) {
		unsigned long lo = 0, hi = 0;
		char *end;

		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p != '{')
			continue;
		lo = strtoul(p + 1, &end, 10);
		hi = lo;
		if (*end == ',')
			hi = strtoul(end + 1, &end, 10);
		if (hi < lo)
			hi = lo;
		if (hi > MAX_REPEAT_PRODUCT)
			return 0;
		product *= hi ? hi : 1;
		if (product > MAX_REPEAT_PRODUCT)
			return 0;
	}
	return 1;
}

static int compile(regex_t *rx, const char *re, const sk_context *ctx,
		   const char *name, const char *field, sk_buf *scratch)
{
	if (!pattern_is_cheap(re)) {
		sk_warn(ctx, "%s: %s regexp is too long or repeats too much "
			"to compile safely; not applied", name, field);
		return -1;
	}
	sk_buf_reset(scratch);
	sk_buf_appendf(scratch, "^(%s)$", re);
	if (regcomp(rx, scratch->data, REG_EXTENDED | REG_NOSUB) == 0)
		return 0;
	sk_warn(ctx, "%s: %s regexp %s does not compile; not applied", name,
		field, re);
	return -1;
}

/* pprof's simplifyFunc: no leading '.' (PPC64 ELF v1), then cut at the
 * first '(' that does not start one of the names C++ reserves with a
 * parenthesis, "(anonymous namespace)" and "operator()". */
static const char *simplified_name(const char *name, sk_buf *out)
{
	static const char *const reserved[] = {
		"(anonymous namespace)", "operator()"
	};
	const char *p;
	size_t i;

	if (name[0] == '.')
		name++;
	sk_buf_reset(out);
	for (p = name; *p; p++) {
		int skipped = 0;
		for (i = 0; i < 2 && !skipped; i++) {
			size_t n = strlen(reserved[i]);
			if (strncmp(p, reserved[i], n) == 0) {
				p += n - 1;
				skipped = 1;
			}
		}
		if (!skipped && *p == '(')
			break;
	}
	sk_buf_append(out, name, (size_t)(p - name));
	return out->data;
}
