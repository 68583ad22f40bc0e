/*
 * read.c - the one entry point commands use to turn a path into a profile:
 * open, detect (or obey -f), read, label the source format and demangle
 * the names (one place, so that every reader gets it).
 */
#include <stackkit/sk_format.h>
#include <stackkit/sk_buf.h>
#include <stackkit/sk_demangle.h>

#include <string.h>

enum { PROBE_BYTES = 64 * 1024 };

static void list_readers(sk_buf *b)
{
	const sk_format *const *f;

	for (f = sk_formats(); *f; f++)
		if ((*f)->read)
			sk_buf_appendf(b, "%s%s", b->len ? ", " : "", (*f)->name);
}

int sk_read_file(const char *path, const sk_format *forced,
		 const sk_context *ctx, sk_profile *p, sk_error *err)
{
	const sk_format *fmt = forced;
	const unsigned char *head;
	sk_input *in;
	size_t len;
	int rc;

	if (sk_input_open(&in, path, &ctx->limits, err) < 0)
		return -1;
	if (ctx->progress)
		sk_input_set_progress(in, ctx->progress, ctx->progress_arg);
	if (sk_input_peek(in, PROBE_BYTES, &head, &len, err) < 0) {
		sk_input_close(in);
		return -1;
	}
	if (!fmt)
		fmt = sk_format_detect(head, len, path, NULL);
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
	if (rc == 0 && !sk_profile_meta(p)->source_format)
		sk_profile_meta(p)->source_format =
			sk_profile_intern_cstr(p, fmt->name);
	if (rc == 0 && !ctx->keep_mangled)
		sk_profile_demangle(p);
	sk_input_close(in);
	return rc;
}
