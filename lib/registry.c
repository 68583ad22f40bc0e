/*
 * registry.c - the table of formats (formats/registry.def) and detection by
 * probe score.
 */
#include <stackkit/sk_format.h>
#include "lib/sk_util.h"

#include <stdlib.h>
#include <string.h>

#define SK_FORMAT(name) extern const sk_format sk_format_##name;
#include "formats/registry.def"
#undef SK_FORMAT

static const sk_format *const registry[] = {
#define SK_FORMAT(name) &sk_format_##name,
#include "formats/registry.def"
#undef SK_FORMAT
	NULL
};

const sk_format *const *sk_formats(void)
{
	return registry;
}

static int in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

const sk_format *sk_format_find(const char *name)
{
	const sk_format *const *f;

	for (f = registry; *f; f++)
		if (strcmp((*f)->name, name) == 0 || in_list((*f)->aliases, name))
			return *f;
	return NULL;
}

/* The longest matching extension wins, so ".linux-perf.txt" beats ".txt".
 * A trailing ".gz" is ignored (the content is gunzipped anyway), except in
 * extensions that name it themselves (".pb.gz"). */
const sk_format *sk_format_for_path(const char *path)
{
	const sk_format *const *f, *best = NULL;
	size_t best_len = 0;

	if (!path || strcmp(path, "-") == 0)
		return NULL;
	for (f = registry; *f; f++) {
		const char *const *e;
		for (e = (*f)->extensions; e && *e; e++) {
			size_t n = strlen(*e);
			char *ext_gz;
			int hit = sk_has_suffix(path, *e);
			if (!hit) {
				ext_gz = malloc(n + 4);
				if (!ext_gz)
					abort();
				memcpy(ext_gz, *e, n);
				memcpy(ext_gz + n, ".gz", 4);
				hit = sk_has_suffix(path, ext_gz);
				free(ext_gz);
			}
			if (hit && n > best_len) {
				best = *f;
				best_len = n;
			}
		}
	}
	return best;
}

/* What the file name adds to the score of the format it names: less than
 * the smallest gap between two SK_PROBE_* levels, so a name breaks ties
 * between equal content claims and never outweighs a stronger one. */
enum { NAME_TIE_BREAK = 5 };

const sk_format *sk_format_detect(const unsigned char *data, size_t len,
				  const char *path, int *score)
{
	const sk_format *const *f, *best = NULL;
	const sk_format *by_name = sk_format_for_path(path);
	int best_score = 0;

	for (f = registry; *f; f++) {
		int s;
		if (!(*f)->probe || !(*f)->read)
			continue;
		s = (*f)->probe(data, len);
		/* The name only breaks ties between content-based claims. */
		if (s > 0 && *f == by_name)
			s += NAME_TIE_BREAK;
		if (s > best_score) {
			best = *f;
			best_score = s;
		}
	}
	if (score)
		*score = best_score;
	return best;
}

int sk_format_uses_timeline(const sk_format *to, const sk_options *opts)
{
	if (!(to->flags & SK_FORMAT_USES_TIMELINE))
		return 0;
	return !to->timeline_option || sk_options_has(opts, to->timeline_option);
}
