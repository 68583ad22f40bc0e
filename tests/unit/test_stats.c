/*
 * test_stats.c - the statistics behind stackdiff's significance: known
 * p-values of the z-test and of Student's t, Welch's test, Holm.
 */
#include <math.h>
#include "lib/sk_stats.h"
#include "tests/unit/check_main.h"

#define near(a, b, eps) ck_assert_msg(fabs((a) - (b)) <= (eps), \
				      "%.12g is not %.12g", (double)(a), (double)(b))

START_TEST(two_proportions_matches_the_normal_tail)
{
	/* 100/1000 against 150/1000: pooled 0.125, z = 3.3806. */
	near(sk_stats_two_proportions(100, 1000, 150, 1000), 7.2325e-4, 1e-7);
	near(sk_stats_two_proportions(150, 1000, 100, 1000), 7.2325e-4, 1e-7);
	/* equal shares, an empty side, everything on the stack */
	ck_assert(sk_stats_two_proportions(10, 100, 20, 200) == 1);
	ck_assert(sk_stats_two_proportions(0, 0, 5, 10) == 1);
	ck_assert(sk_stats_two_proportions(10, 10, 20, 20) == 1);
}
END_TEST

START_TEST(student_t_tails)
{
	/* textbook quantiles: t(0.975; 1) = 12.706, t(0.975; 10) = 2.228,
	 * t(0.995; 30) = 2.750 */
	near(sk_stats_t_two_sided(12.7062, 1), 0.05, 1e-5);
	near(sk_stats_t_two_sided(2.22814, 10), 0.05, 1e-5);
	near(sk_stats_t_two_sided(-2.74999, 30), 0.01, 1e-5);
	near(sk_stats_t_two_sided(0, 5), 1, 1e-12);
	/* large df: the normal tail */
	near(sk_stats_t_two_sided(1.959964, 1e7), 0.05, 1e-6);
	ck_assert(sk_stats_t_two_sided(INFINITY, 3) == 0);
}
END_TEST

START_TEST(welch_test)
{
	double a[] = { 10, 11, 12 }, b[] = { 13, 14, 15, 16 };
	double c[] = { 5, 5 }, d[] = { 5, 5 }, e[] = { 6, 6 };

	/* means 11 and 14.5, variances 1 and 5/3: t = 4.0415, df = 4.959 */
	near(sk_stats_welch(a, 3, b, 4), 0.0100769, 2e-6);
	ck_assert(sk_stats_welch(c, 2, d, 2) == 1);
	ck_assert(sk_stats_welch(c, 2, e, 2) == 0);
}
END_TEST

START_TEST(holm_adjusts_in_rank_order)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005 };

	sk_stats_holm(p, 4);
	/* sorted 0.005 0.01 0.03 0.04 times 4 3 2 1: 0.02 0.03 0.06 0.04,
	 * then the running maximum */
	near(p[3], 0.02, 1e-15);
	near(p[0], 0.03, 1e-15);
	near(p[2], 0.06, 1e-15);
	near(p[1], 0.06, 1e-15);
	p[0] = 0.9;
	sk_stats_holm(p, 1);
	near(p[0], 0.9, 1e-15);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("stats");
	TCase *t = tcase_create("core");

	tcase_add_test(t, two_proportions_matches_the_normal_tail);
	tcase_add_test(t, student_t_tails);
	tcase_add_test(t, welch_test);
	tcase_add_test(t, holm_adjusts_in_rank_order);
	suite_add_tcase(s, t);
	return s;
}

SK_CHECK_MAIN(suite)
