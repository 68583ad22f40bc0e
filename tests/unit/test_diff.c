/*
 * test_diff.c - the diff engine's alignment: value type choice and its
 * errors, frame identity (hex, lines, modules), thread roots, recursion,
 * several runs, normalization, and the differential profile's shape.
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_diff.h>
#include <string.h>
#include "tests/unit/check_main.h"

/* A frame: "name", "name@module" or "name@module@file@line". */
static sk_frame_id frame(sk_profile *p, const char *spec, size_t len)
{
	char buf[256];
	char *part[4] = { buf, NULL, NULL, NULL };
	sk_frame f;
	int i;

	memcpy(buf, spec, len);
	buf[len] = '\0';
	for (i = 1; i < 4; i++) {
		part[i] = part[i - 1] ? strchr(part[i - 1], '@') : NULL;
		if (part[i])
			*part[i]++ = '\0';
	}
	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(p, part[0]);
	if (part[1])
		f.module = sk_profile_intern_cstr(p, part[1]);
	if (part[2])
		f.file = sk_profile_intern_cstr(p, part[2]);
	if (part[3])
		f.line = atoi(part[3]);
	return sk_profile_frame(p, &f);
}

/* Adds "a;b;c" with values v (one per value type) and labels. */
static void stack(sk_profile *p, const char *s, const double *v,
		  sk_labelset_id labels)
{
	sk_frame_id f[32];
	size_t n = 0;

	while (*s) {
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		f[n++] = frame(p, s, len);
		s += len + (end ? 1 : 0);
	}
	sk_profile_add_stack(p, f, n, labels, v);
}

static sk_profile *counts(void)
{
	sk_profile *p = sk_profile_new();

	sk_profile_value_type(p, "samples", "count");
	return p;
}

static void add1(sk_profile *p, const char *s, double v)
{
	stack(p, s, &v, 0);
}

static sk_diff *diff2(sk_profile *a, sk_profile *b, unsigned flags,
		      const char *type, sk_error *err)
{
	sk_diff_run base = { a, "base.prof" }, after = { b, "new.prof" };
	sk_diff_options o;

	sk_diff_options_init(&o);
	o.flags = flags;
	o.sample_type = type;
	return sk_diff_build(&base, 1, &after, 1, &o, err);
}

/* The stacks as "stack base new" lines. */
static const char *lines(const sk_diff *d)
{
	static char buf[4096];
	sk_output *out = sk_output_open_memory();
	size_t len;
	const char *text;
	sk_error err;

	sk_diff_write_collapsed(d, out);
	text = sk_output_memory(out, &len);
	ck_assert_uint_lt(len, sizeof buf);
	memcpy(buf, text, len);
	buf[len] = '\0';
	sk_output_close(out, &err);
	return buf;
}

static const sk_diff_function *function(const sk_diff *d, const char *name)
{
	size_t i;

	for (i = 0; i < sk_diff_function_count(d); i++)
		if (strcmp(sk_diff_function_get(d, i)->name, name) == 0)
			return sk_diff_function_get(d, i);
	ck_abort_msg("no function %s", name);
	return NULL;
}

START_TEST(the_profile_has_a_base_and_a_new_column)
{
	sk_profile *a = counts(), *b = counts();
	const sk_profile *dp;
	sk_diff *d;
	sk_error err;
	sk_value_type base, after;

	add1(a, "main;f", 3);
	add1(b, "main;f", 5);
	add1(b, "main;g", 1);
	d = diff2(a, b, 0, NULL, &err);
	ck_assert_ptr_nonnull(d);
	dp = sk_diff_profile(d);
	ck_assert_uint_eq(sk_profile_value_type_count(dp), 2);
	base = sk_profile_value_type_get(dp, 0);
	after = sk_profile_value_type_get(dp, 1);
	ck_assert_str_eq(sk_profile_str(dp, base.type), "base_samples");
	ck_assert_str_eq(sk_profile_str(dp, base.unit), "count");
	ck_assert_uint_eq(base.flags, SK_VALUE_BASELINE);
	ck_assert_str_eq(sk_profile_str(dp, after.type), "samples");
	ck_assert_uint_eq(after.flags, 0);
	ck_assert_uint_eq(sk_profile_default_value_type(dp), 1);
	ck_assert(sk_profile_total(dp, 0) == 3 && sk_profile_total(dp, 1) == 6);
	ck_assert_str_eq(lines(d), "main;f 3 5\nmain;g 0 1\n");
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(value_types_are_matched_by_name)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new();
	double va[2] = { 2, 2000 }, vb[2] = { 3000, 3 };
	sk_diff *d;
	sk_error err;

	sk_profile_value_type(a, "samples", "count");
	sk_profile_value_type(a, "cpu", "nanoseconds");
	sk_profile_set_default_value_type(a, 1);
	sk_profile_value_type(b, "cpu", "nanoseconds");
	sk_profile_value_type(b, "samples", "count");
	stack(a, "main", va, 0);
	stack(b, "main", vb, 0);
	d = diff2(a, b, 0, NULL, &err);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(sk_diff_summary_get(d)->type, "cpu");
	ck_assert_str_eq(lines(d), "main 2000 3000\n");
	/* nanoseconds are not counts: samples/count is tested instead */
	ck_assert_str_eq(sk_diff_summary_get(d)->count_type, "samples/count");
	sk_diff_free(d);
	d = diff2(a, b, 0, "samples", &err);
	ck_assert_str_eq(lines(d), "main 2 3\n");
	sk_diff_free(d);
	ck_assert_ptr_null(diff2(a, b, 0, "alloc", &err));
	ck_assert_str_eq(err.message, "no value type 'alloc' in base.prof: "
			 "base.prof has samples/count cpu/nanoseconds; "
			 "new.prof has cpu/nanoseconds samples/count");
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(mismatched_value_types_name_both_sides)
{
	sk_profile *a = counts(), *b = sk_profile_new();
	sk_error err;

	sk_profile_value_type(b, "alloc_space", "bytes");
	add1(a, "main", 1);
	add1(b, "main", 1);
	ck_assert_ptr_null(diff2(a, b, 0, NULL, &err));
	ck_assert_str_eq(err.message, "the profiles have no value type in "
			 "common: base.prof has samples/count; new.prof has "
			 "alloc_space/bytes");
	ck_assert_ptr_null(diff2(a, b, 0, "samples", &err));
	ck_assert_str_eq(err.message, "no value type 'samples' in new.prof: "
			 "base.prof has samples/count; new.prof has "
			 "alloc_space/bytes");
	ck_assert_ptr_null(diff2(a, b, 0, "0", &err));
	ck_assert_str_eq(err.message, "--sample-type names different value "
			 "types: base.prof has samples/count; new.prof has "
			 "alloc_space/bytes");
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(frame_identity_options)
{
	sk_profile *a = counts(), *b = counts();
	sk_diff *d;
	sk_error err;

	add1(a, "main@/build1/app@main.c@10;f@/build1/app@f.c@3;0x1f00@/build1/app", 4);
	add1(b, "main@/build2/app@main.c@11;f@/build2/app@f.c@3;0xab@/build2/app", 6);
	add1(b, "main@/build2/app@main.c@11;f@libother.so@f.c@3", 1);
	d = diff2(a, b, 0, NULL, &err);
	/* modules compare by base name; lines split main; names print */
	ck_assert_str_eq(lines(d), "main;f 0 1\nmain;f;0x1f00 4 0\n"
			 "main;f;0xab 0 6\n");
	sk_diff_free(d);
	d = diff2(a, b, SK_DIFF_IGNORE_LINES | SK_DIFF_STRIP_HEX, NULL, &err);
	ck_assert_str_eq(lines(d), "main;f 0 1\nmain;f;0x... 4 6\n");
	/* function f: one with module app, one with libother.so */
	ck_assert_uint_eq(sk_diff_function_count(d), 4);
	sk_diff_free(d);
	d = diff2(a, b, SK_DIFF_IGNORE_LINES | SK_DIFF_STRIP_HEX |
		  SK_DIFF_IGNORE_MODULES, NULL, &err);
	ck_assert_str_eq(lines(d), "main;f 0 1\nmain;f;0x... 4 6\n");
	ck_assert_uint_eq(sk_diff_function_count(d), 3);
	ck_assert(function(d, "f")->total.after == 7);
	ck_assert_str_eq(function(d, "f")->module, "");
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(lines_count_only_when_both_sides_have_them)
{
	sk_profile *a = counts(), *b = counts();
	sk_diff *d;
	sk_error err;

	add1(a, "main@@main.c@10;f@@main.c@20", 4);
	add1(a, "main@@main.c@12;f@@main.c@20", 1);
	add1(b, "main;f", 6);
	d = diff2(a, b, 0, NULL, &err);
	ck_assert_str_eq(lines(d), "main;f 5 6\n");
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(recursion_counts_once_per_stack)
{
	sk_profile *a = counts(), *b = counts();
	const sk_diff_function *f;
	sk_diff *d;
	sk_error err;

	add1(a, "main;r;r;r", 2);
	add1(a, "main;x", 2);
	add1(b, "main;r;r", 3);
	add1(b, "main;r", 1);
	d = diff2(a, b, 0, NULL, &err);
	f = function(d, "r");
	ck_assert(f->total.base == 2 && f->total.after == 4);
	ck_assert(f->self.base == 2 && f->self.after == 4);
	ck_assert(f->total.delta_pp == 50);
	ck_assert(function(d, "main")->total.delta_pp == 0);
	/* the largest absolute change first */
	ck_assert_str_eq(sk_diff_function_get(d, 0)->name, "r");
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(threads_become_root_frames)
{
	sk_profile *a = counts(), *b = counts();
	sk_thread t;
	sk_diff *d;
	sk_error err;
	double one = 1;

	memset(&t, 0, sizeof t);
	t.comm = sk_profile_intern_cstr(b, "spin");
	t.thread_comm = t.comm;
	t.pid = t.tid = 7;
	t.has = SK_THREAD_HAS_PID | SK_THREAD_HAS_TID;
	add1(a, "spin;main;f", 2);
	stack(b, "main;f", &one, sk_profile_thread_labels(b, &t, NULL, 0));
	d = diff2(a, b, 0, NULL, &err);
	ck_assert_str_eq(lines(d), "spin;main;f 2 1\n");
	ck_assert_int_eq(sk_profile_frame_get(sk_diff_profile(d),
		sk_profile_node_frame(sk_diff_profile(d), 1))->kind,
		SK_FRAME_NATIVE);
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(several_runs_are_averaged)
{
	sk_profile *a1 = counts(), *a2 = counts(), *b1 = counts();
	sk_diff_run base[2] = { { a1, "a1" }, { a2, "a2" } };
	sk_diff_run after[1] = { { b1, "b1" } };
	sk_diff_options o;
	sk_diff *d;
	sk_error err;

	add1(a1, "main;f", 3);
	add1(a2, "main;f", 4);
	add1(a2, "main;g", 2);
	add1(b1, "main;g", 2);
	sk_diff_options_init(&o);
	d = sk_diff_build(base, 2, after, 1, &o, &err);
	ck_assert_str_eq(lines(d), "main;f 3.5 0\nmain;g 1 2\n");
	ck_assert_uint_eq(sk_diff_summary_get(d)->base_runs, 2);
	/* one run on a side: the counts of the runs summed, z-test */
	ck_assert_int_eq(sk_diff_summary_get(d)->test, SK_DIFF_TEST_PROPORTIONS);
	sk_diff_free(d);
	ck_assert_ptr_null(sk_diff_build(base, 2, after, 0, &o, &err));
	ck_assert_str_eq(err.message, "a diff needs at least one base and one new profile");
	sk_profile_free(a1);
	sk_profile_free(a2);
	sk_profile_free(b1);
}
END_TEST

START_TEST(normalize_truncates_like_perl)
{
	sk_profile *a = counts(), *b = counts();
	sk_diff *d;
	sk_error err;

	add1(a, "x", 1);
	add1(a, "y", 2);
	add1(b, "x", 5);
	/* int(1 * 5 / 3) = 1, int(2 * 5 / 3) = 3 */
	d = diff2(a, b, SK_DIFF_NORMALIZE, NULL, &err);
	ck_assert_str_eq(lines(d), "x 1 5\ny 3 0\n");
	ck_assert(sk_diff_summary_get(d)->base_total == 3);
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(without_counts_every_change_counts)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new();
	sk_diff_gate g = { 0.5, -1 };
	sk_buf why = SK_BUF_INIT;
	sk_diff *d;
	sk_error err;

	sk_profile_value_type(a, "space", "bytes");
	sk_profile_value_type(b, "space", "bytes");
	add1(a, "main;f", 100);
	add1(a, "main;g", 100);
	add1(b, "main;f", 100);
	add1(b, "main;g", 104);
	d = diff2(a, b, 0, NULL, &err);
	ck_assert_int_eq(sk_diff_summary_get(d)->test, SK_DIFF_TEST_NONE);
	ck_assert(function(d, "g")->significant);
	ck_assert(!function(d, "main")->significant);
	ck_assert_uint_eq(sk_diff_gate_check(d, &g, &why), 1);
	ck_assert_str_eq(why.data, "g: total share +0.98 pp (50.00% -> "
			 "50.98%, untested), more than 0.5 pp\n");
	g.max_increase_pp = -1;
	g.max_total_pct = 1.5;
	sk_buf_reset(&why);
	ck_assert_uint_eq(sk_diff_gate_check(d, &g, &why), 1);
	ck_assert_str_eq(why.data, "total: +2.00% bytes (200 -> 204), more than 1.5%\n");
	g.max_total_pct = 2;
	ck_assert_uint_eq(sk_diff_gate_check(d, &g, &why), 0);
	sk_buf_free(&why);
	sk_diff_free(d);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("diff");
	TCase *t = tcase_create("core");

	tcase_add_test(t, the_profile_has_a_base_and_a_new_column);
	tcase_add_test(t, value_types_are_matched_by_name);
	tcase_add_test(t, mismatched_value_types_name_both_sides);
	tcase_add_test(t, frame_identity_options);
	tcase_add_test(t, lines_count_only_when_both_sides_have_them);
	tcase_add_test(t, recursion_counts_once_per_stack);
	tcase_add_test(t, threads_become_root_frames);
	tcase_add_test(t, several_runs_are_averaged);
	tcase_add_test(t, normalize_truncates_like_perl);
	tcase_add_test(t, without_counts_every_change_counts);
	suite_add_tcase(s, t);
	return s;
}

SK_CHECK_MAIN(suite)
