/*
 * test_filter.c - the filters as a profile transformation (sk_filter.h):
 * the copy keeps labels, value types and metadata, its timeline still sums
 * to its records, it has no empty branches, and options compile or fail
 * with the option's name.
 */
#include <stackkit/stackkit.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

/* Adds "a;b;c" with labels l, value v, to the records and the timeline. */
static void add(sk_profile *p, const char *stack, sk_labelset_id l, double v,
		int64_t position)
{
	sk_frame_id fr[16];
	size_t n = 0;
	const char *s = stack;
	sk_node_id node;

	while (*s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		fr[n++] = sk_profile_frame_named(p, s, len, SK_FRAME_NATIVE);
		s += len + (e != NULL);
	}
	node = sk_profile_add_stack(p, fr, n, l, &v);
	sk_profile_add_sample(p, node, l, position, &v);
}

static sk_profile *sample_profile(void)
{
	sk_profile *p = sk_profile_new();
	sk_thread t;
	sk_labelset_id a, b;

	sk_profile_value_type(p, "samples", "count");
	memset(&t, 0, sizeof t);
	t.comm = sk_profile_intern_cstr(p, "app");
	t.pid = t.tid = 7;
	t.has = SK_THREAD_HAS_PID | SK_THREAD_HAS_TID;
	a = sk_profile_thread_labels(p, &t, NULL, 0);
	t.comm = sk_profile_intern_cstr(p, "gc");
	t.tid = 8;
	b = sk_profile_thread_labels(p, &t, NULL, 0);
	add(p, "main;run;work", a, 1, 10);
	add(p, "main;run;work", a, 2, 20);
	add(p, "main;idle", b, 4, 30);
	add(p, "main;run;lock;work", b, 8, 40);
	sk_profile_meta(p)->duration_nanos = 99;
	return p;
}

/* sk_profile_filter of p under options name=value (pairs, NULL ends). */
static sk_profile *filtered(const sk_profile *p, ...)
{
	sk_options o;
	sk_filter *f;
	sk_profile *q;
	sk_error err;
	va_list ap;
	const char *name;

	sk_options_init(&o);
	va_start(ap, p);
	while ((name = va_arg(ap, const char *)))
		sk_options_set(&o, name, va_arg(ap, const char *));
	va_end(ap);
	ck_assert_int_eq(sk_filter_options_from(&o, &f, &err), 0);
	ck_assert_ptr_nonnull(f);
	q = sk_profile_filter(p, f, &err);
	ck_assert_ptr_nonnull(q);
	sk_filter_free(f);
	sk_options_free(&o);
	return q;
}

START_TEST(the_timeline_still_sums_to_the_records)
{
	sk_profile *p = sample_profile(), *q;
	sk_error err;

	q = filtered(p, "hide", "^run$", "ignore-thread", "^gc$", NULL);
	ck_assert_int_eq(sk_profile_check_timeline(q, &err), 0);
	ck_assert_uint_eq(sk_profile_sample_count(q), 2);
	ck_assert_uint_eq(sk_profile_record_count(q), 1);
	ck_assert(sk_profile_total(q, 0) == 3);
	/* labels, and with them threads, survive */
	{
		sk_thread t;
		sk_record r = sk_profile_record_get(q, 0);
		ck_assert(sk_profile_labelset_thread(q, r.labels, &t));
		ck_assert_str_eq(sk_profile_str(q, t.comm), "app");
		ck_assert_int_eq(t.tid, 7);
	}
	ck_assert_int_eq(sk_profile_meta(q)->duration_nanos, 99);
	sk_profile_free(q);
	sk_profile_free(p);
}
END_TEST

START_TEST(the_copy_has_no_empty_branches)
{
	sk_profile *p = sample_profile(), *q;

	/* main, run, work, idle, lock, work under lock: 6 nodes + root */
	ck_assert_uint_eq(sk_profile_node_count(p), 7);
	q = filtered(p, "focus", "idle", NULL);
	ck_assert_uint_eq(sk_profile_node_count(q), 3);
	sk_profile_free(q);
	q = filtered(p, "prune-from", "^run$", NULL);
	ck_assert_uint_eq(sk_profile_node_count(q), 4);	/* main run idle */
	ck_assert(sk_profile_node_self(q, 2, 0) == 11);
	sk_profile_free(q);
	sk_profile_free(p);
}
END_TEST

START_TEST(root_weight_is_dropped_by_name_filters_only)
{
	sk_profile *p = sample_profile(), *q;
	double v = 16;

	sk_profile_add_stack(p, NULL, 0, 0, &v);
	sk_profile_add_sample(p, SK_ROOT, 0, 50, &v);
	q = filtered(p, "max-depth", "1", NULL);
	ck_assert(sk_profile_node_self(q, SK_ROOT, 0) == 16);
	ck_assert(sk_profile_total(q, 0) == 31);
	sk_profile_free(q);
	q = filtered(p, "show", ".", NULL);
	ck_assert(sk_profile_node_self(q, SK_ROOT, 0) == 0);
	ck_assert(sk_profile_total(q, 0) == 15);
	sk_profile_free(q);
	sk_profile_free(p);
}
END_TEST

START_TEST(options_compile_or_name_the_option)
{
	sk_options o;
	sk_filter *f = (sk_filter *)&o;
	sk_error err;

	sk_options_init(&o);
	sk_options_set(&o, "pid", NULL);
	ck_assert_int_eq(sk_filter_options_from(&o, &f, &err), 0);
	ck_assert_ptr_null(f);
	sk_options_set(&o, "focus", "ok");
	sk_options_set(&o, "hide", "(");
	ck_assert_int_eq(sk_filter_options_from(&o, &f, &err), -1);
	ck_assert_ptr_null(f);
	ck_assert_str_eq(err.message, "--hide: bad regular expression '(': "
			 "Unmatched ( or \\(");
	sk_options_free(&o);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, the_timeline_still_sums_to_the_records);
	tcase_add_test(tc, the_copy_has_no_empty_branches);
	tcase_add_test(tc, root_weight_is_dropped_by_name_filters_only);
	tcase_add_test(tc, options_compile_or_name_the_option);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
