/*
 * sk_stats.h - the few statistical tests the diff engine's significance
 * and gate rest on, each returning a two-sided p-value.  Private to lib/.
 */
#ifndef STACKKIT_SK_STATS_H
#define STACKKIT_SK_STATS_H

#include <stddef.h>

/* Two-proportion z-test with the pooled proportion: x1 of n1 against x2
 * of n2.  1 when the shares are equal or a side is empty. */
double sk_stats_two_proportions(double x1, double n1, double x2, double n2);

/* Student's t distribution: P(|T| >= |t|) with df degrees of freedom. */
double sk_stats_t_two_sided(double t, double df);

/* Welch's unequal-variance t-test of the means of a[0..na) and b[0..nb)
 * (na, nb >= 2).  Both samples constant: 1 when the means are equal, else
 * 0 (no noise at all, so any difference is real). */
double sk_stats_welch(const double *a, size_t na, const double *b,
		      size_t nb);

/* Holm's step-down adjustment of p[0..m) in place: each becomes the
 * smallest family-wise level at which it is rejected. */
void sk_stats_holm(double *p, size_t m);

#endif
