/*
 * stackless.c - the one warning of writers that cannot show weight without
 * a stack.
 *
 * The root's own weight is what samples without a frame weigh (pprof
 * samples without locations: Go heap profiles have them).  The model keeps
 * it, pprof and top count it in the total, but a folded line or a perf
 * callchain needs at least one frame: such writers leave it out and say
 * once how much that is.
 */
#include <stackkit/sk_view.h>

#include <math.h>

void sk_warn_stackless(const sk_context *ctx, const sk_profile *p,
		       const char *writer, double weight)
{
	size_t t = sk_profile_default_value_type(p);
	sk_value_type vt;
	double total;
	sk_buf w = SK_BUF_INIT, all = SK_BUF_INIT;

	if (weight == 0 || sk_profile_value_type_count(p) == 0)
		return;
	vt = sk_profile_value_type_get(p, t);
	total = sk_profile_total(p, t);
	sk_buf_append_value(&w, weight);
	sk_buf_append_value(&all, total);
	sk_warn(ctx, "%s output: %s of %s %s/%s (%.2f%%) have no stack frame "
		"and are left out", writer,
		w.data, all.data, sk_profile_str(p, vt.type),
		sk_profile_str(p, vt.unit),
		total != 0 ? fabs(weight / total) * 100 : 100.0);
	sk_buf_free(&w);
	sk_buf_free(&all);
}
