/*
 * test_merge.c - merging profiles: value type matching, re-interning,
 * labels, mappings, timeline and metadata.
 */
#include <stackkit/stackkit.h>
#include <string.h>
#include "tests/unit/check_main.h"

static void add(sk_profile *p, const char *a, const char *b, const double *v)
{
	sk_frame_id f[2];
	f[0] = sk_profile_frame_named(p, a, strlen(a), SK_FRAME_NATIVE);
	f[1] = sk_profile_frame_named(p, b, strlen(b), SK_FRAME_NATIVE);
	sk_profile_add_stack(p, f, 2, 0, v);
}

START_TEST(same_types_in_other_order_are_matched_by_name)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new();
	double va[2] = { 1, 100 }, vb[2] = { 200, 2 };
	sk_error err;

	sk_profile_value_type(a, "samples", "count");
	sk_profile_value_type(a, "cpu", "nanoseconds");
	sk_profile_value_type(b, "cpu", "nanoseconds");
	sk_profile_value_type(b, "samples", "count");
	add(a, "main", "f", va);
	add(b, "main", "f", vb);
	add(b, "main", "g", vb);
	ck_assert_int_eq(sk_profile_merge(a, b, &err), 0);
	ck_assert_uint_eq(sk_profile_value_type_count(a), 2);
	ck_assert(sk_profile_total(a, 0) == 5);
	ck_assert(sk_profile_total(a, 1) == 500);
	ck_assert_uint_eq(sk_profile_record_count(a), 2);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(different_types_are_a_clear_error)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new();
	double v = 1;
	sk_error err;

	sk_profile_value_type(a, "samples", "count");
	sk_profile_value_type(b, "alloc_space", "bytes");
	add(a, "x", "y", &v);
	add(b, "x", "y", &v);
	ck_assert_int_eq(sk_profile_merge(a, b, &err), -1);
	ck_assert_str_eq(err.message, "cannot merge profiles with different "
			 "value types: samples/count versus alloc_space/bytes");
	/* The failed merge left a alone. */
	ck_assert_uint_eq(sk_profile_value_type_count(a), 1);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(empty_destination_adopts_everything)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new();
	sk_mapping m;
	sk_frame f;
	sk_label l;
	sk_frame_id id;
	sk_labelset_id ls;
	double v[2] = { 3, 4 };
	sk_error err;
	const sk_frame *g;
	size_t n;

	sk_profile_value_type(b, "alloc_objects", "count");
	sk_profile_value_type(b, "alloc_space", "bytes");
	sk_profile_set_default_value_type(b, 1);
	memset(&m, 0, sizeof m);
	m.start = 0x1000;
	m.file = sk_profile_intern_cstr(b, "/bin/app");
	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(b, "alloc");
	f.mapping = sk_profile_add_mapping(b, &m);
	f.address = 0x1234;
	id = sk_profile_frame(b, &f);
	memset(&l, 0, sizeof l);
	l.key = sk_profile_intern_cstr(b, "thread");
	l.str = sk_profile_intern_cstr(b, "worker");
	ls = sk_profile_labelset(b, &l, 1);
	sk_profile_add_stack(b, &id, 1, ls, v);
	sk_profile_add_sample(b, 1, ls, 77, v);
	sk_profile_meta(b)->period = 512 * 1024;
	sk_profile_add_comment(b, "made by a test");

	sk_profile_intern_cstr(a, "shifts the string ids");
	ck_assert_int_eq(sk_profile_merge(a, b, &err), 0);
	ck_assert_uint_eq(sk_profile_default_value_type(a), 1);
	ck_assert(sk_profile_total(a, 1) == 4);
	g = sk_profile_frame_get(a, sk_profile_node_frame(a, 1));
	ck_assert_str_eq(sk_profile_str(a, g->name), "alloc");
	ck_assert_str_eq(sk_profile_str(a, sk_profile_mapping(a, g->mapping)->file), "/bin/app");
	ck_assert_str_eq(sk_profile_str(a, sk_profile_labelset_get(a, sk_profile_record_get(a, 0).labels, &n)[0].str), "worker");
	ck_assert_uint_eq(sk_profile_sample_count(a), 1);
	ck_assert_int_eq(sk_profile_sample_get(a, 0).position, 77);
	ck_assert_int_eq(sk_profile_meta(a)->period, 512 * 1024);
	ck_assert_str_eq(sk_profile_str(a, sk_profile_comment(a, 0)), "made by a test");
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(empty_source_merges_into_anything)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new();
	double v = 2;
	sk_error err;

	sk_profile_value_type(a, "samples", "count");
	add(a, "x", "y", &v);
	ck_assert_int_eq(sk_profile_merge(a, b, &err), 0);
	ck_assert(sk_profile_total(a, 0) == 2);
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, same_types_in_other_order_are_matched_by_name);
	tcase_add_test(tc, different_types_are_a_clear_error);
	tcase_add_test(tc, empty_destination_adopts_everything);
	tcase_add_test(tc, empty_source_merges_into_anything);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
