/*
 * test_timeline.c - the records/timeline invariant (sk_profile.h,
 * "timeline") after every reader: each file of testdata/ that some format
 * reads, read with the timeline wanted, must have records equal to its
 * timeline summed per node and label set; and so must two of them merged,
 * and each with one value type kept.
 */
#include <stackkit/stackkit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

static int read_one(const char *path, sk_profile *p)
{
	sk_options o;
	sk_context ctx;
	sk_error err;
	int rc;

	sk_options_init(&o);
	sk_context_init(&ctx, &o);
	ctx.want_timeline = 1;
	rc = sk_read_file(path, NULL, &ctx, p, &err);
	sk_options_free(&o);
	return rc;
}

static void check(const sk_profile *p, const char *what)
{
	sk_error err;
	char buf[2048];

	if (sk_profile_check_timeline(p, &err) < 0)
		ck_abort_msg("%s: %s", what, sk_error_format(&err, buf, sizeof buf));
}

/* Every readable file under testdata/DIR; returns how many had a
 * timeline. */
static size_t check_dir(const char *dir, size_t *files)
{
	char path[4096];
	const char *top = getenv("top_srcdir");
	DIR *d;
	struct dirent *e;
	size_t with_timeline = 0;

	snprintf(path, sizeof path, "%s/testdata/%s", top ? top : ".", dir);
	d = opendir(path);
	ck_assert_msg(d != NULL, "cannot open %s", path);
	while ((e = readdir(d)) != NULL) {
		sk_profile *p = sk_profile_new(), *m;

		if (e->d_name[0] == '.' || strstr(e->d_name, "expected"))
			goto next;
		snprintf(path, sizeof path, "%s/testdata/%s/%s",
			 top ? top : ".", dir, e->d_name);
		if (read_one(path, p) < 0)
			goto next;
		(*files)++;
		check(p, path);
		with_timeline += sk_profile_sample_count(p) > 0;
		m = sk_profile_new();
		if (sk_profile_merge(m, p, NULL) == 0 &&
		    sk_profile_merge(m, p, NULL) == 0)
			check(m, "merged twice");
		for (size_t t = 0; t < sk_profile_value_type_count(m); t++) {
			sk_profile *one = sk_profile_new();

			if (sk_profile_merge(one, m, NULL) == 0) {
				sk_profile_keep_value_type(one, t);
				check(one, "one value type kept");
			}
			sk_profile_free(one);
		}
		sk_profile_free(m);
next:
		sk_profile_free(p);
	}
	closedir(d);
	return with_timeline;
}

START_TEST(records_are_the_timeline_summed)
{
	size_t files = 0, timelines = 0;

	timelines += check_dir("perf", &files);
	timelines += check_dir("collapsed", &files);
	timelines += check_dir("pprof", &files);
	timelines += check_dir("pyspy", &files);
	timelines += check_dir("speedscope", &files);
	timelines += check_dir("massif", &files);
	timelines += check_dir("cpuprofile", &files);
	/* Not vacuous: the perf recordings have timelines. */
	ck_assert_uint_ge(files, 15);
	ck_assert_uint_ge(timelines, 5);
}
END_TEST

static Suite *timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *tc = tcase_create("readers");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, records_are_the_timeline_summed);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(timeline_suite)
