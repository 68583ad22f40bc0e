/*
 * read.c - the one entry point commands use to turn a path into a profile:
 * open, detect (or obey -f), read, and label the source format.
 */
#include <stackkit/sk_format.h>
#include <stackkit/sk_buf.h>

#include <math.h>
#include <string.h>

enum { PROBE_BYTES = 64 * 1024 };

static void list_readers(sk_buf *b)
{
	const sk_format *const *f;

	for (f = sk_formats(); *f; f++)
		if ((*f)->read)
			sk_buf_appendf(b, "%s%s", b->len ? ", " : "", (*f)->name);
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
	const unsigned char *head;
	sk_input *in;
	size_t len;
	uint64_t trailing;
	int rc;

	if (sk_input_open(&in, path, &ctx->limits, err) < 0)
		return -1;
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
	if (rc == 0)
		rc = check_finite(p, sk_input_name(in), err);
	if (rc == 0 && sk_input_trailing_data(in, &trailing))
		sk_warn(ctx, "%s: data after the gzip stream, from byte %llu "
			"on, ignored", sk_input_name(in),
			(unsigned long long)trailing);
	if (rc == 0 && !sk_profile_meta(p)->source_format)
		sk_profile_meta(p)->source_format =
			sk_profile_intern_cstr(p, fmt->name);
	sk_input_close(in);
	return rc;
}
