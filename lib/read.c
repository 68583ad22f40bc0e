/*
 * read.c - the one entry point commands use to turn a path into a profile:
 * open, detect (or obey -f), read, label the source format and demangle
 * the names (one place, so that every reader gets it); and the shortcut
 * past the model for a format read and written as itself.
 */
#include <stackkit/sk_format.h>
#include <stackkit/sk_buf.h>
#include <stackkit/sk_demangle.h>

#include <math.h>
#include <string.h>

/* Probes see the first 64 KiB; when no probe is sure of that much and
 * there is more, they see more (a folded file whose first stack is longer,
 * a perf header with a 1 MiB comm, a pprof whose first sample is huge), up
 * to the line length limit, so a long first line never makes a valid file
 * unreadable. */
enum { PROBE_BYTES = 64 * 1024, PROBE_GROWTH = 16 };

static void list_readers(sk_buf *b)
{
	const sk_format *const *f;

	for (f = sk_formats(); *f; f++)
		if ((*f)->read)
			sk_buf_appendf(b, "%s%s", b->len ? ", " : "", (*f)->name);
}

/* The format of in by content, from a window that grows while no probe is
 * sure (above SK_PROBE_WEAK) and the input goes on; NULL when none. */
static int detect(sk_input *in, const char *path, const sk_limits *lim,
		  const sk_format **fmt, sk_error *err)
{
	size_t window = PROBE_BYTES, len;
	const unsigned char *head;
	int score = 0;

	for (;;) {
		if (sk_input_peek(in, window, &head, &len, err) < 0)
			return -1;
		*fmt = sk_format_detect(head, len, path, &score);
		if ((*fmt && score > SK_PROBE_WEAK) || len < window ||
		    window >= lim->max_line_bytes)
			return 0;
		window = window * PROBE_GROWTH < lim->max_line_bytes ?
			 window * PROBE_GROWTH : (size_t)lim->max_line_bytes;
	}
}

/* Weights that each fit may still sum past the largest double: no writer
 * can write infinity, so it is an error here, once, for every reader. */
static int check_finite(const sk_profile *p, const char *name, sk_error *err)
{
	size_t nt = sk_profile_value_type_count(p), i, t;

	for (i = 0; i < sk_profile_record_count(p); i++) {
		const double *v = sk_profile_record_values(p, i);

		for (t = 0; t < nt; t++)
			if (!isfinite(v[t]))
				return sk_error_set_file(err, name,
					"weights of %s sum past the largest "
					"number a weight can hold (1.8e308)",
					sk_profile_str(p, sk_profile_value_type_get(
						p, t).type));
	}
	return 0;
}

int sk_read_file(const char *path, const sk_format *forced,
		 const sk_context *ctx, sk_profile *p, sk_error *err)
{
	const sk_format *fmt = forced;
	sk_input *in;
	uint64_t trailing;
	int rc;

	if (sk_input_open(&in, path, &ctx->limits, err) < 0)
		return -1;
	if (ctx->progress)
		sk_input_set_progress(in, ctx->progress, ctx->progress_arg);
	if (!fmt && detect(in, path, &ctx->limits, &fmt, err) < 0) {
		sk_input_close(in);
		return -1;
	}
	if (!fmt) {
		sk_buf names = SK_BUF_INIT;
		list_readers(&names);
		sk_error_set_file(err, sk_input_name(in),
				  "cannot tell the format; use -f with one "
				  "of: %s", names.data);
		sk_buf_free(&names);
		sk_input_close(in);
		return -1;
	}
	if (!fmt->read) {
		sk_error_set_file(err, sk_input_name(in),
				  "format %s can be written but not read",
				  fmt->name);
		sk_input_close(in);
		return -1;
	}
	rc = fmt->read(in, ctx, p, err);
	if (rc == 0)
		rc = sk_read_finish(p, fmt, ctx, sk_input_name(in), err);
	if (rc == 0 && sk_input_trailing_data(in, &trailing))
		sk_warn(ctx, "%s: data after the gzip stream, from byte %llu "
			"on, ignored", sk_input_name(in),
			(unsigned long long)trailing);
	sk_input_close(in);
	return rc;
}

int sk_rewrite_file(const char *path, const sk_format *forced,
		    const sk_format *to, const sk_context *ctx,
		    sk_output *out, sk_error *err)
{
	const sk_format *fmt = forced;
	sk_input *in;
	sk_error ignored;
	int rc;

	if (!to->rewrite || (forced && forced != to) || !path ||
	    strcmp(path, "-") == 0)
		return 0;
	/* Failures to open or detect are sk_read_file's to report. */
	if (sk_input_open(&in, path, &ctx->limits, &ignored) < 0)
		return 0;
	if (!fmt && detect(in, path, &ctx->limits, &fmt, &ignored) < 0)
		fmt = NULL;
	if (fmt != to) {
		sk_input_close(in);
		return 0;
	}
	if (ctx->progress)
		sk_input_set_progress(in, ctx->progress, ctx->progress_arg);
	rc = to->rewrite(in, ctx, out, err);
	sk_input_close(in);
	return rc;
}

int sk_read_finish(sk_profile *p, const sk_format *fmt, const sk_context *ctx,
		   const char *name, sk_error *err)
{
	if (check_finite(p, name, err) < 0)
		return -1;
	if (!sk_profile_meta(p)->source_format)
		sk_profile_meta(p)->source_format =
			sk_profile_intern_cstr(p, fmt->name);
	if (!ctx->keep_mangled)
		sk_profile_demangle(p);
	return 0;
}
