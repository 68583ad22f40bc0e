/*
 * cr_both.c - the folded text through the rewrite path and through the
 * model, compared (see cr_both.h).
 */
#include "tests/fuzz/cr_both.h"
#include "formats/collapsed_rewrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one path gave: its bytes, or its error. */
struct outcome {
	int rc;
	char *bytes;
	size_t len;
	char message[1024];
};

static void take_output(sk_output *out, int rc, const sk_error *err,
			struct outcome *r)
{
	const char *m = sk_output_memory(out, &r->len);

	r->rc = rc;
	r->bytes = malloc(r->len + 1);
	memcpy(r->bytes, m, r->len);
	r->bytes[r->len] = '\0';
	r->message[0] = '\0';
	if (rc < 0)
		sk_error_format(err, r->message, sizeof r->message);
	sk_output_abort(out);
}

static void by_model(const char *name, const void *data, size_t len,
		     const sk_context *ctx, struct outcome *r)
{
	const sk_format *f = sk_format_find("collapsed");
	sk_output *out = sk_output_open_memory();
	sk_profile *p = sk_profile_new();
	sk_input *in;
	sk_error err;
	int rc = sk_input_open_memory(&in, name, data, len, &ctx->limits,
				      &err);

	if (rc == 0) {
		rc = f->read(in, ctx, p, &err);
		if (rc == 0)
			rc = sk_read_finish(p, f, ctx, name, &err);
		sk_input_close(in);
	}
	if (rc == 0)
		rc = f->write(p, ctx, out, &err);
	take_output(out, rc, &err, r);
	sk_profile_free(p);
}

static void by_rewrite(const char *name, const void *data, size_t len,
		       const sk_context *ctx, struct outcome *r)
{
	sk_output *out = sk_output_open_memory();
	sk_error err;
	int rc = collapsed_rewrite_text(data, len, name, NULL, ctx, out, &err);

	take_output(out, rc, &err, r);
}

static int compare(const struct outcome *model, const struct outcome *fast,
		   char *why, size_t cap)
{
	if (fast->rc == 0) {
		if (fast->len == 0)
			return CR_BOTH_DECLINED;
		snprintf(why, cap, "declined after writing %zu bytes",
			 fast->len);
		return CR_BOTH_DIFFER;
	}
	if (fast->rc < 0 || model->rc < 0) {
		if (fast->rc < 0 && model->rc < 0 &&
		    strcmp(fast->message, model->message) == 0)
			return CR_BOTH_SAME;
		snprintf(why, cap, "model: %s\nrewrite: %s",
			 model->rc < 0 ? model->message : "(no error)",
			 fast->rc < 0 ? fast->message : "(no error)");
		return CR_BOTH_DIFFER;
	}
	if (model->len == fast->len &&
	    memcmp(model->bytes, fast->bytes, model->len) == 0)
		return CR_BOTH_SAME;
	snprintf(why, cap, "model wrote %zu bytes:\n%.400s\nrewrite wrote "
		 "%zu bytes:\n%.400s", model->len, model->bytes, fast->len,
		 fast->bytes);
	return CR_BOTH_DIFFER;
}

int cr_both_run(const char *name, const void *data, size_t len,
		const struct cr_both_opts *o, char *why, size_t why_cap)
{
	sk_options opts;
	sk_context ctx;
	struct outcome model, fast;
	int rc;

	sk_options_init(&opts);
	sk_context_init(&ctx, &opts);
	ctx.want_timeline = 0;
	ctx.threads = o->threads;
	ctx.unit_bytes = o->unit_bytes;
	ctx.keep_mangled = o->keep_mangled;
	by_model(name, data, len, &ctx, &model);
	by_rewrite(name, data, len, &ctx, &fast);
	rc = compare(&model, &fast, why, why_cap);
	free(model.bytes);
	free(fast.bytes);
	sk_options_free(&opts);
	return rc;
}
