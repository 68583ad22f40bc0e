/*
 * cp_both.c - the .cpuprofile fast path against cJSON's path on one text
 * (cp_both.h).  Outputs are compared as stackconv would write them after
 * sk_read_finish, with the timeline kept so the cpuprofile writer shows
 * the samples' order too.
 */
#include "tests/fuzz/cp_both.h"
#include "formats/cpuprofile/cp_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes p writes as format name (NULL when it cannot), malloc'd. */
static char *written(const sk_profile *p, const sk_context *ctx,
		     const char *name)
{
	const sk_format *f = sk_format_find(name);
	sk_output *out = sk_output_open_memory();
	const char *bytes;
	char *copy = NULL;
	size_t len;
	sk_error err;

	if (f && f->write && f->write(p, ctx, out, &err) == 0) {
		bytes = sk_output_memory(out, &len);
		copy = malloc(len + 1);
		if (!copy)
			abort();
		memcpy(copy, bytes, len);
		copy[len] = '\0';
	}
	sk_output_abort(out);
	return copy;
}

static void reader_for(struct cp_reader *r, const char *name,
		       const sk_context *ctx, sk_profile *p, sk_error *err)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	r->ctx = ctx;
	r->p = p;
	r->err = err;
}

/* The read's result in one string: the error, or the outputs. */
static char *outcome(int rc, sk_profile *p, const sk_context *ctx,
		     const char *name, sk_error *err)
{
	static const char *const formats[] = { "collapsed", "cpuprofile",
					       "pprof" };
	char buf[2048], *all;
	size_t len = 0;

	if (rc == 0)
		rc = sk_read_finish(p, sk_format_find("cpuprofile"), ctx, name,
				    err);
	if (rc < 0) {
		all = strdup(sk_error_format(err, buf, sizeof buf));
		if (!all)
			abort();
		return all;
	}
	all = strdup("ok\n");
	if (!all)
		abort();
	len = strlen(all);
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		char *w = written(p, ctx, formats[i]);
		size_t n = w ? strlen(w) : 4;

		all = realloc(all, len + n + 1);
		if (!all)
			abort();
		memcpy(all + len, w ? w : "none", n + 1);
		len += n;
		free(w);
	}
	return all;
}

static int untouched(const sk_profile *p)
{
	return sk_profile_frame_count(p) == 0 &&
	       sk_profile_value_type_count(p) == 0 &&
	       sk_profile_node_count(p) <= 1 &&
	       sk_profile_record_count(p) == 0;
}

int cp_both_read(const char *name, const unsigned char *data, size_t len,
		 char *why, size_t why_cap)
{
	sk_options opts;
	sk_context ctx;
	sk_profile *fast = sk_profile_new(), *slow = sk_profile_new();
	sk_error fast_err, slow_err;
	struct cp_reader r;
	char *a = NULL, *b = NULL;
	int rc = 0, result = CP_BOTH_DECLINED;

	sk_options_init(&opts);
	sk_context_init(&ctx, &opts);
	ctx.want_timeline = 1;
	why[0] = '\0';
	reader_for(&r, name, &ctx, fast, &fast_err);
	if (!cp_fast_read(&r, data, len, &rc)) {
		if (!untouched(fast)) {
			snprintf(why, why_cap, "declined after changing the "
				 "profile");
			result = CP_BOTH_DIFFER;
		}
		goto out;
	}
	a = outcome(rc, fast, &ctx, name, &fast_err);
	reader_for(&r, name, &ctx, slow, &slow_err);
	rc = cp_read_text(&r, data, len, 0);
	b = outcome(rc, slow, &ctx, name, &slow_err);
	result = strcmp(a, b) == 0 ? CP_BOTH_SAME : CP_BOTH_DIFFER;
	if (result == CP_BOTH_DIFFER)
		snprintf(why, why_cap, "fast path:\n%.900s\ncJSON:\n%.900s", a,
			 b);
out:
	free(a);
	free(b);
	sk_profile_free(fast);
	sk_profile_free(slow);
	sk_options_free(&opts);
	return result;
}
