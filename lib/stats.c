/*
 * stats.c - two-proportion z-test, Welch's t-test and Holm's correction
 * for the diff engine (sk_stats.h).
 *
 * The t distribution's tail is the regularized incomplete beta function
 * I_x(df/2, 1/2) at x = df / (df + t^2), evaluated by its continued
 * fraction (modified Lentz), which converges fast for x below the mean of
 * the distribution and, through the symmetry I_x(a, b) = 1 - I_{1-x}(b, a),
 * above it.
 */
#include "lib/sk_stats.h"

#include "lib/sk_util.h"

#include <math.h>
#include <stdlib.h>

double sk_stats_two_proportions(double x1, double n1, double x2, double n2)
{
	double pooled, se, z;

	if (n1 <= 0 || n2 <= 0 || x1 / n1 == x2 / n2)
		return 1;
	pooled = (x1 + x2) / (n1 + n2);
	se = sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
	if (!(se > 0))
		return 1;
	z = (x2 / n2 - x1 / n1) / se;
	return erfc(fabs(z) / sqrt(2.0));
}

/* The continued fraction of I_x(a, b), without its prefactor. */
static double beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, num, delta;

		num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + num * d;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = 1 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + num * d;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = 1 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1) < eps)
			break;
	}
	return h;
}

static double incomplete_beta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
		    b * log(1 - x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_fraction(a, b, x) / a;
	return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double sk_stats_t_two_sided(double t, double df)
{
	if (!(df > 0) || isnan(t))
		return 1;
	if (isinf(t))
		return 0;
	return incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

static void mean_var(const double *v, size_t n, double *mean, double *var)
{
	double s = 0, ss = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	*mean = s / (double)n;
	for (i = 0; i < n; i++)
		ss += (v[i] - *mean) * (v[i] - *mean);
	*var = ss / (double)(n - 1);
}

double sk_stats_welch(const double *a, size_t na, const double *b,
		      size_t nb)
{
	double ma, va, mb, vb, qa, qb, se2, df;

	mean_var(a, na, &ma, &va);
	mean_var(b, nb, &mb, &vb);
	qa = va / (double)na;
	qb = vb / (double)nb;
	se2 = qa + qb;
	if (!(se2 > 0))
		return ma == mb ? 1 : 0;
	df = se2 * se2 / (qa * qa / (double)(na - 1) +
			  qb * qb / (double)(nb - 1));
	return sk_stats_t_two_sided((mb - ma) / sqrt(se2), df);
}

struct ranked {
	double p;
	size_t at;
};

static int by_p(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

void sk_stats_holm(double *p, size_t m)
{
	struct ranked *r;
	double running = 0;
	size_t i;

	if (m == 0)
		return;
	r = sk_xmalloc(m * sizeof *r);
	for (i = 0; i < m; i++) {
		r[i].p = p[i];
		r[i].at = i;
	}
	qsort(r, m, sizeof *r, by_p);
	/* Holm: the i-th smallest is compared with alpha / (m - i); the
	 * running maximum keeps adjusted p-values in rank order. */
	for (i = 0; i < m; i++) {
		double adj = r[i].p * (double)(m - i);
		if (adj > 1)
			adj = 1;
		if (adj > running)
			running = adj;
		p[r[i].at] = running;
	}
	free(r);
}
