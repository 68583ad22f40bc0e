/*
 * timeline.c - the invariant between a profile's records and its
 * timeline (sk_profile.h, "timeline"): checked here so every reader, merge
 * and keep-one-value-type can be tested against it.
 */
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sums of doubles taken in another order differ in the last bits. */
static int close_enough(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= 1e-9 * (scale > 1 ? scale : 1);
}

static int check_sums(const sk_profile *p, const double *sum, sk_error *err)
{
	size_t r, t;

	for (r = 0; r < p->nrecords; r++) {
		for (t = 0; t < p->ntypes; t++) {
			double want = p->values[r * p->ntypes + t];

			if (p->types[t].flags & SK_VALUE_GAUGE)
				continue;
			if (!close_enough(sum[r * p->ntypes + t], want))
				return sk_error_set(err, "timeline: record %zu "
					"(node %u) has %s/%s %.17g, its samples "
					"sum to %.17g", r, p->records[r].node,
					sk_profile_str(p, p->types[t].type),
					sk_profile_str(p, p->types[t].unit),
					want, sum[r * p->ntypes + t]);
		}
	}
	return 0;
}

int sk_profile_check_timeline(const sk_profile *p, sk_error *err)
{
	double *sum;
	size_t i, t;
	int rc = 0;

	if (p->nsamples == 0)
		return 0;
	sum = sk_xcalloc(p->nrecords * p->ntypes + 1, sizeof *sum);
	for (i = 0; i < p->nsamples && rc == 0; i++) {
		uint32_t r = sk_profile_find_record(p, p->samples[i].node,
						    p->samples[i].labels);

		if (r == UINT32_MAX) {
			/* Gauges are exempt: a snapshot series (massif) has
			 * samples of stacks the chosen snapshot has not. */
			for (t = 0; t < p->ntypes; t++)
				if (!(p->types[t].flags & SK_VALUE_GAUGE) &&
				    p->sample_values[i * p->ntypes + t] != 0)
					break;
			if (t == p->ntypes)
				continue;
			rc = sk_error_set(err, "timeline: sample %zu (node %u, "
					  "labels %u) has no record", i,
					  p->samples[i].node,
					  p->samples[i].labels);
			break;
		}
		for (t = 0; t < p->ntypes; t++)
			sum[(size_t)r * p->ntypes + t] +=
				p->sample_values[i * p->ntypes + t];
	}
	if (rc == 0)
		rc = check_sums(p, sum, err);
	free(sum);
	return rc;
}
