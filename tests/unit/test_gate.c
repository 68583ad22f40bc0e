/*
 * test_gate.c - the CI gate against synthetic profiles from a known
 * distribution: a generator samples a fixed workload (stack shares below)
 * with a seeded PRNG, and each test counts how often the gate trips over
 * many seed pairs.  Same workload twice: the false-positive rate must stay
 * near alpha; a 5-percentage-point regression of one function at 10k
 * samples must trip almost always; and run-to-run noise that sampling does
 * not explain fools the one-run z-test but not Welch's test on several
 * runs.
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_diff.h>
#include <stdio.h>
#include <string.h>
#include "tests/unit/check_main.h"

#define SEED_PAIRS 400
#define SAMPLES 10000

struct workload {
	const char *stack;
	double share;
};

/* Shares sum to 1; f7 recurses. */
static const struct workload workload[] = {
	{ "main;f0", 0.20 }, { "main;f1", 0.15 }, { "main;f1;g", 0.05 },
	{ "main;f2", 0.10 }, { "main;f3;h", 0.10 }, { "main;f3", 0.05 },
	{ "main;f4", 0.10 }, { "main;f5", 0.08 }, { "main;f6", 0.07 },
	{ "main;f7;f7", 0.05 }, { "main;f8", 0.05 }
};
#define NSTACKS (sizeof workload / sizeof workload[0])

static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *state)
{
	return (double)(next(state) >> 11) * 0x1.0p-53;
}

static void add_stack(sk_profile *p, const char *s, double v)
{
	sk_frame_id f[8];
	size_t n = 0;

	while (*s) {
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		f[n++] = sk_profile_frame_named(p, s, len, SK_FRAME_NATIVE);
		s += len + (end ? 1 : 0);
	}
	sk_profile_add_stack(p, f, n, 0, &v);
}

/* SAMPLES samples of the workload with `shift` of the total moved from
 * f0 to f4 (a regression of f4) and, per run, f0 and f5 trading a random
 * share of up to `jitter` (noise between runs that sampling does not
 * explain). */
static sk_profile *sample(uint64_t seed, double shift, double jitter)
{
	double share[NSTACKS], counts[NSTACKS] = { 0 };
	uint64_t state = seed;
	sk_profile *p = sk_profile_new();
	double j = jitter * (2 * uniform(&state) - 1);
	size_t i, k;

	for (k = 0; k < NSTACKS; k++)
		share[k] = workload[k].share;
	share[0] -= shift + j;
	share[6] += shift;
	share[7] += j;
	for (i = 0; i < SAMPLES; i++) {
		double u = uniform(&state), c = 0;
		for (k = 0; k + 1 < NSTACKS; k++) {
			c += share[k];
			if (u < c)
				break;
		}
		counts[k]++;
	}
	sk_profile_value_type(p, "samples", "count");
	for (k = 0; k < NSTACKS; k++)
		if (counts[k])
			add_stack(p, workload[k].stack, counts[k]);
	return p;
}

/* Does the gate trip on `runs` base and `runs` new runs of one seed
 * group?  Any significant growth trips (threshold pp). */
static int trips(uint64_t group, size_t runs, double shift, double jitter,
		 double pp)
{
	sk_diff_run base[8], after[8];
	sk_diff_gate gate = { pp, -1 };
	sk_diff_options o;
	sk_buf lines = SK_BUF_INIT;
	sk_diff *d;
	sk_error err;
	size_t r, n;

	for (r = 0; r < runs; r++) {
		base[r].profile = sample(group * 1000 + r, 0, jitter);
		base[r].name = "base";
		after[r].profile = sample(group * 1000 + 500 + r, shift, jitter);
		after[r].name = "new";
	}
	sk_diff_options_init(&o);
	d = sk_diff_build(base, runs, after, runs, &o, &err);
	ck_assert_msg(d != NULL, "%s", err.message);
	n = sk_diff_gate_check(d, &gate, &lines);
	sk_buf_free(&lines);
	sk_diff_free(d);
	for (r = 0; r < runs; r++) {
		sk_profile_free((sk_profile *)base[r].profile);
		sk_profile_free((sk_profile *)after[r].profile);
	}
	return n > 0;
}

static double trip_rate(const char *what, size_t runs, double shift,
			double jitter, double pp, size_t groups)
{
	size_t g, tripped = 0;

	for (g = 1; g <= groups; g++)
		tripped += (size_t)trips(g, runs, shift, jitter, pp);
	printf("%s: tripped %zu of %zu seed pairs (%.2f%%)\n", what, tripped,
	       groups, 100.0 * (double)tripped / (double)groups);
	return (double)tripped / (double)groups;
}

/* alpha 0.01 with a slack of about two standard errors of the rate over
 * SEED_PAIRS: sqrt(0.01 * 0.99 / 400) = 0.005. */
#define FPR_LIMIT 0.02

START_TEST(same_workload_one_run_rarely_trips)
{
	ck_assert(trip_rate("one run, no change", 1, 0, 0, 0, SEED_PAIRS) <= FPR_LIMIT);
}
END_TEST

START_TEST(regression_of_5pp_one_run_trips)
{
	ck_assert(trip_rate("one run, +5 pp", 1, 0.05, 0, 2, SEED_PAIRS) >= 0.95);
}
END_TEST

START_TEST(same_workload_several_runs_rarely_trips)
{
	ck_assert(trip_rate("3 runs, no change", 3, 0, 0, 0, SEED_PAIRS / 2) <= FPR_LIMIT);
	ck_assert(trip_rate("5 runs, no change", 5, 0, 0, 0, SEED_PAIRS / 2) <= FPR_LIMIT);
}
END_TEST

/* Welch's test estimates the variance from the runs: with 3 runs a side
 * it has 2 to 4 degrees of freedom and catches this in about 3 pairs of
 * 4 (the man page says so); with 5 it is as sure as the z-test. */
START_TEST(regression_of_5pp_five_runs_trips)
{
	ck_assert(trip_rate("3 runs, +5 pp", 3, 0.05, 0, 2, SEED_PAIRS / 2) >= 0.6);
	ck_assert(trip_rate("5 runs, +5 pp", 5, 0.05, 0, 2, SEED_PAIRS / 2) >= 0.95);
}
END_TEST

START_TEST(run_to_run_noise_needs_several_runs)
{
	/* f0 and f5 trade up to 3 pp between runs: the z-test takes that
	 * for a change, Welch's test measures it */
	ck_assert(trip_rate("one run, run-to-run noise", 1, 0, 0.03, 0,
			    SEED_PAIRS / 2) > 0.3);
	ck_assert(trip_rate("5 runs, run-to-run noise", 5, 0, 0.03, 0,
			    SEED_PAIRS / 2) <= FPR_LIMIT);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gate");
	TCase *t = tcase_create("synthetic");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, same_workload_one_run_rarely_trips);
	tcase_add_test(t, regression_of_5pp_one_run_trips);
	tcase_add_test(t, same_workload_several_runs_rarely_trips);
	tcase_add_test(t, regression_of_5pp_five_runs_trips);
	tcase_add_test(t, run_to_run_noise_needs_several_runs);
	suite_add_tcase(s, t);
	return s;
}

SK_CHECK_MAIN(suite)
