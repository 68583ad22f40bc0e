/*
 * svg_read.c - reads a flame graph SVG back into stacks.  (Being written.)
 */
#include "formats/svg/svg.h"

int svg_probe(const unsigned char *data, size_t len)
{
	(void)data;
	(void)len;
	return 0;
}

int svg_read(sk_input *in, const sk_context *ctx, sk_profile *p,
	     sk_error *err)
{
	(void)in;
	(void)ctx;
	(void)p;
	return sk_error_set(err, "svg input: not implemented yet");
}
