/*
 * test_profile.c - frames, the call tree, records, totals, value types,
 * labels and the sorted stack list.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include "tests/unit/check_main.h"

static sk_frame_id fr(sk_profile *p, const char *name)
{
	return sk_profile_frame_named(p, name, strlen(name), SK_FRAME_NATIVE);
}

/* Adds "a;b;c" style stacks with one value. */
static sk_node_id add(sk_profile *p, const char *stack, double v)
{
	sk_frame_id frames[32];
	size_t n = 0;
	const char *s = stack;

	while (*s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		frames[n++] = sk_profile_frame_named(p, s, len, SK_FRAME_NATIVE);
		s += len + (e != NULL);
	}
	return sk_profile_add_stack(p, frames, n, 0, &v);
}

START_TEST(new_children_are_found_later)
{
	sk_profile *p = sk_profile_new();
	sk_frame_id a = sk_profile_frame_named(p, "a", 1, SK_FRAME_NATIVE);
	sk_frame_id b = sk_profile_frame_named(p, "b", 1, SK_FRAME_NATIVE);
	sk_node_id na = sk_profile_new_child(p, SK_ROOT, a);
	sk_node_id nb = sk_profile_new_child(p, na, b);

	/* The lookup after unindexed additions finds them, adds no node. */
	ck_assert_uint_eq(sk_profile_child(p, SK_ROOT, a), na);
	ck_assert_uint_eq(sk_profile_child(p, na, b), nb);
	ck_assert_uint_eq(sk_profile_node_count(p), 3);
	ck_assert_uint_eq(sk_profile_child(p, nb, a), 3);
	ck_assert_uint_eq(sk_profile_node_depth(p, 3), 3);
	sk_profile_free(p);
}
END_TEST

START_TEST(frames_deduplicate_on_every_field)
{
	sk_profile *p = sk_profile_new();
	sk_frame f;
	sk_frame_id a, b, c;

	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(p, "main");
	a = sk_profile_frame(p, &f);
	b = sk_profile_frame(p, &f);
	f.line = 12;
	c = sk_profile_frame(p, &f);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_ne(a, c);
	ck_assert_uint_ne(fr(p, "main"), sk_profile_frame_named(p, "main", 4, SK_FRAME_KERNEL));
	ck_assert_uint_eq(sk_profile_frame_count(p), 3);
	sk_profile_free(p);
}
END_TEST

START_TEST(tree_aggregates_identical_stacks)
{
	sk_profile *p = sk_profile_new();
	sk_node_id n1, n2;

	sk_profile_value_type(p, "samples", "count");
	n1 = add(p, "main;work;leaf", 3);
	n2 = add(p, "main;work;leaf", 4);
	add(p, "main;work", 1);
	add(p, "main;idle", 2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_uint_eq(sk_profile_record_count(p), 3);
	ck_assert_uint_eq(sk_profile_node_count(p), 5);	/* root + 4 */
	ck_assert_uint_eq(sk_profile_node_depth(p, n1), 3);
	ck_assert(sk_profile_node_self(p, n1, 0) == 7);
	ck_assert(sk_profile_node_total(p, sk_profile_node_parent(p, n1), 0) == 8);
	ck_assert(sk_profile_node_self(p, sk_profile_node_parent(p, n1), 0) == 1);
	ck_assert(sk_profile_total(p, 0) == 10);
	sk_profile_free(p);
}
END_TEST

START_TEST(children_keep_creation_order_and_stack_reads_back)
{
	sk_profile *p = sk_profile_new();
	sk_node_id leaf, c;
	sk_frame_id out[3];

	sk_profile_value_type(p, "samples", "count");
	leaf = add(p, "r;z;y", 1);
	add(p, "r;a", 1);
	c = sk_profile_node_first_child(p, sk_profile_node_first_child(p, SK_ROOT));
	ck_assert_str_eq(sk_profile_str(p, sk_profile_frame_get(p, sk_profile_node_frame(p, c))->name), "z");
	c = sk_profile_node_next_sibling(p, c);
	ck_assert_str_eq(sk_profile_str(p, sk_profile_frame_get(p, sk_profile_node_frame(p, c))->name), "a");
	ck_assert_uint_eq(sk_profile_node_next_sibling(p, c), 0);
	sk_profile_node_stack(p, leaf, out);
	ck_assert_str_eq(sk_profile_str(p, sk_profile_frame_get(p, out[0])->name), "r");
	ck_assert_str_eq(sk_profile_str(p, sk_profile_frame_get(p, out[2])->name), "y");
	sk_profile_free(p);
}
END_TEST

START_TEST(value_types_find_and_widen)
{
	sk_profile *p = sk_profile_new();
	double two[2] = { 1, 500 };
	sk_node_id n;

	ck_assert_uint_eq(sk_profile_value_type(p, "samples", "count"), 0);
	n = add(p, "a;b", 5);
	/* A type added later gives existing records a zero column. */
	ck_assert_uint_eq(sk_profile_value_type(p, "cpu", "nanoseconds"), 1);
	ck_assert_uint_eq(sk_profile_value_type(p, "samples", "count"), 0);
	sk_profile_add_values(p, n, 0, two);
	ck_assert(sk_profile_node_self(p, n, 0) == 6);
	ck_assert(sk_profile_node_self(p, n, 1) == 500);
	ck_assert_int_eq(sk_profile_find_value_type(p, "cpu"), 1);
	ck_assert_int_eq(sk_profile_find_value_type(p, "cpu/nanoseconds"), 1);
	ck_assert_int_eq(sk_profile_find_value_type(p, "cpu/seconds"), -1);
	ck_assert_int_eq(sk_profile_find_value_type(p, "0"), 0);
	ck_assert_int_eq(sk_profile_find_value_type(p, "2"), -1);
	sk_profile_keep_value_type(p, 1);
	ck_assert_uint_eq(sk_profile_value_type_count(p), 1);
	ck_assert(sk_profile_total(p, 0) == 500);
	sk_profile_free(p);
}
END_TEST

START_TEST(labels_make_separate_records)
{
	sk_profile *p = sk_profile_new();
	sk_label l[2];
	sk_labelset_id s1, s2, s3;
	sk_frame_id f;
	double v = 1;
	size_t n;

	sk_profile_value_type(p, "samples", "count");
	memset(l, 0, sizeof l);
	l[0].key = sk_profile_intern_cstr(p, "thread");
	l[0].str = sk_profile_intern_cstr(p, "main");
	l[1].key = sk_profile_intern_cstr(p, "bytes");
	l[1].num = 64;
	s1 = sk_profile_labelset(p, l, 2);
	/* Order does not matter for identity. */
	{
		sk_label r[2] = { l[1], l[0] };
		s2 = sk_profile_labelset(p, r, 2);
	}
	s3 = sk_profile_labelset(p, l, 1);
	ck_assert_uint_eq(s1, s2);
	ck_assert_uint_ne(s1, s3);
	ck_assert_uint_eq(sk_profile_labelset(p, NULL, 0), 0);
	ck_assert_ptr_nonnull(sk_profile_labelset_get(p, s1, &n));
	ck_assert_uint_eq(n, 2);
	f = fr(p, "main");
	sk_profile_add_stack(p, &f, 1, s1, &v);
	sk_profile_add_stack(p, &f, 1, s2, &v);
	sk_profile_add_stack(p, &f, 1, s3, &v);
	sk_profile_add_stack(p, &f, 1, 0, &v);
	ck_assert_uint_eq(sk_profile_record_count(p), 3);
	ck_assert(sk_profile_node_self(p, 1, 0) == 4);
	sk_profile_free(p);
}
END_TEST

START_TEST(frame_label_formats_fields)
{
	sk_profile *p = sk_profile_new();
	sk_frame f;
	sk_buf b = SK_BUF_INIT;

	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(p, "main.work");
	f.file = sk_profile_intern_cstr(p, "/src/main.go");
	f.line = 42;
	f.address = 0x4a0f;
	sk_frame_label("name (file:line) @address", p, sk_profile_frame(p, &f), &b);
	ck_assert_str_eq(b.data, "main.work (/src/main.go:42) @0x4a0f");
	sk_buf_reset(&b);
	sk_frame_label(NULL, p, 0, &b);
	ck_assert_str_eq(b.data, "main.work");
	sk_buf_free(&b);
	sk_profile_free(p);
}
END_TEST

START_TEST(timeline_keeps_order)
{
	sk_profile *p = sk_profile_new();
	double v = 1;
	sk_node_id a, b;

	sk_profile_value_type(p, "samples", "count");
	a = add(p, "x", 0);
	b = add(p, "y", 0);
	sk_profile_add_sample(p, b, 0, 100, &v);
	sk_profile_add_sample(p, a, 0, 200, &v);
	ck_assert_uint_eq(sk_profile_sample_count(p), 2);
	ck_assert_uint_eq(sk_profile_sample_get(p, 0).node, b);
	ck_assert_int_eq(sk_profile_sample_get(p, 1).position, 200);
	ck_assert(sk_profile_sample_values(p, 1)[0] == 1);
	sk_profile_free(p);
}
END_TEST

START_TEST(values_print_as_integers_or_shortest_decimals)
{
	sk_buf b = SK_BUF_INIT;
	sk_buf_append_value(&b, 12);
	sk_buf_append_char(&b, ' ');
	sk_buf_append_value(&b, 0.1 + 0.2);
	sk_buf_append_char(&b, ' ');
	sk_buf_append_value(&b, 2.5);
	sk_buf_append_char(&b, ' ');
	sk_buf_append_value(&b, -3);
	ck_assert_str_eq(b.data, "12 0.30000000000000004 2.5 -3");
	sk_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, new_children_are_found_later);
	tcase_add_test(tc, frames_deduplicate_on_every_field);
	tcase_add_test(tc, tree_aggregates_identical_stacks);
	tcase_add_test(tc, children_keep_creation_order_and_stack_reads_back);
	tcase_add_test(tc, value_types_find_and_widen);
	tcase_add_test(tc, labels_make_separate_records);
	tcase_add_test(tc, frame_label_formats_fields);
	tcase_add_test(tc, timeline_keeps_order);
	tcase_add_test(tc, values_print_as_integers_or_shortest_decimals);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
