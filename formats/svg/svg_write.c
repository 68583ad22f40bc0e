/*
 * svg_write.c - draws a flame graph SVG.  (Being written.)
 */
#include "formats/svg/svg.h"

int svg_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	      sk_error *err)
{
	(void)p;
	(void)ctx;
	(void)out;
	return sk_error_set(err, "svg output: not implemented yet");
}
