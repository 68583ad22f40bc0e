/*
 * test_massif.c - the massif reader's model, field by field, on
 * testdata/massif/handmade.out: value types and their gauge flag, the
 * timeline (unit, positions, the snapshot labels, the root marker
 * samples), the frames' address, file, line, module and kind, and the
 * records/timeline check that exempts gauge-only samples.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

static sk_profile *read_handmade(const char *snapshot, int timeline)
{
	char path[4096];
	const char *top = getenv("top_srcdir");
	sk_profile *p = sk_profile_new();
	sk_options o;
	sk_context ctx;
	sk_error err;
	char buf[2048];

	snprintf(path, sizeof path, "%s/testdata/massif/handmade.out",
		 top ? top : ".");
	sk_options_init(&o);
	if (snapshot)
		sk_options_set(&o, "snapshot", snapshot);
	sk_context_init(&ctx, &o);
	ctx.want_timeline = timeline;
	if (sk_read_file(path, sk_format_find("massif"), &ctx, p, &err) < 0)
		ck_abort_msg("%s", sk_error_format(&err, buf, sizeof buf));
	sk_options_free(&o);
	return p;
}

static const char *str(const sk_profile *p, sk_str s)
{
	return sk_profile_str(p, s);
}

START_TEST(value_types_are_gauges_in_bytes)
{
	sk_profile *p = read_handmade(NULL, 0);
	sk_value_type vt;

	/* handmade.out has extra heap but no stacks. */
	ck_assert_uint_eq(sk_profile_value_type_count(p), 2);
	vt = sk_profile_value_type_get(p, 0);
	ck_assert_str_eq(str(p, vt.type), "heap");
	ck_assert_str_eq(str(p, vt.unit), "bytes");
	ck_assert_uint_eq(vt.flags, SK_VALUE_GAUGE);
	vt = sk_profile_value_type_get(p, 1);
	ck_assert_str_eq(str(p, vt.type), "heap_extra");
	ck_assert_uint_eq(vt.flags, SK_VALUE_GAUGE);
	ck_assert_uint_eq(sk_profile_default_value_type(p), 0);
	/* The peak (snapshot 2): 6000 bytes of heap, 40 of extra. */
	ck_assert(sk_profile_total(p, 0) == 6000);
	ck_assert(sk_profile_total(p, 1) == 40);
	ck_assert_uint_eq(sk_profile_sample_count(p), 0);
	sk_profile_free(p);
}
END_TEST

/* The frame of the stack's leaf whose name is `name`, or NULL. */
static const sk_frame *frame_named(const sk_profile *p, const char *name)
{
	size_t i;

	for (i = 1; i < sk_profile_frame_count(p); i++) {
		const sk_frame *f = sk_profile_frame_get(p, (sk_frame_id)i);

		if (strcmp(str(p, f->name), name) == 0)
			return f;
	}
	return NULL;
}

START_TEST(frames_keep_their_fields)
{
	sk_profile *p = read_handmade(NULL, 0);
	const sk_frame *f;

	f = frame_named(p, "Cache::grow(std::pair<int, int> const&)");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(str(p, f->file), "cache.cc");
	ck_assert_int_eq(f->line, 57);
	ck_assert_uint_eq(f->address, 0x401A2B);
	ck_assert_uint_eq(f->kind, SK_FRAME_NATIVE);
	f = frame_named(p, "operator new(unsigned long)");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(str(p, f->module),
		"/usr/lib/x86_64-linux-gnu/valgrind/vgpreload_massif-amd64-linux.so");
	ck_assert_str_eq(str(p, f->file), "");
	/* parse_config is followed by load at its own address: inlined. */
	f = frame_named(p, "parse_config");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->kind, SK_FRAME_INLINED);
	ck_assert_uint_eq(frame_named(p, "load")->kind, SK_FRAME_NATIVE);
	/* The first one made: snapshot 1's. */
	f = frame_named(p, "[below threshold]");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->kind, SK_FRAME_OTHER);
	ck_assert_str_eq(str(p, f->system_name),
		"in 2 places, all below massif's threshold (2.00%)");
	f = frame_named(p, "[heap extra]");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->kind, SK_FRAME_OTHER);
	sk_profile_free(p);
}
END_TEST

/* The label `key` of a label set: its number, or -1. */
static int64_t label_num(const sk_profile *p, sk_labelset_id id,
			 const char *key)
{
	size_t n, i;
	const sk_label *l = sk_profile_labelset_get(p, id, &n);

	for (i = 0; i < n; i++)
		if (strcmp(str(p, l[i].key), key) == 0)
			return l[i].num;
	return -1;
}

static const char *label_str(const sk_profile *p, sk_labelset_id id,
			     const char *key)
{
	size_t n, i;
	const sk_label *l = sk_profile_labelset_get(p, id, &n);

	for (i = 0; i < n; i++)
		if (strcmp(str(p, l[i].key), key) == 0)
			return str(p, l[i].str);
	return NULL;
}

START_TEST(timeline_holds_every_snapshot)
{
	sk_profile *p = read_handmade("1", 1);
	static const int64_t pos[4] = { 0, 12000000, 20000000, 31000000 };
	static const char *const kinds[4] = { "empty", "detailed", "peak", "empty" };
	double heap[4] = { 0 }, extra[4] = { 0 };
	size_t i, n = sk_profile_sample_count(p), per[4] = { 0 };
	sk_error err;

	ck_assert_int_eq(sk_profile_timeline_unit(p), SK_POSITION_NANOSECONDS);
	ck_assert_uint_gt(n, 4);
	for (i = 0; i < n; i++) {
		sk_sample s = sk_profile_sample_get(p, i);
		const double *v = sk_profile_sample_values(p, i);
		int64_t k = label_num(p, s.labels, "snapshot");

		ck_assert(k >= 0 && k < 4);
		ck_assert_int_eq(s.position, pos[k]);
		ck_assert_str_eq(label_str(p, s.labels, "heap_tree"), kinds[k]);
		/* Each snapshot starts with its root sample. */
		if (per[k]++ == 0)
			ck_assert_uint_eq(s.node, SK_ROOT);
		heap[k] += v[0];
		extra[k] += v[1];
	}
	ck_assert(heap[0] == 0 && heap[1] == 4096 && heap[2] == 6000 &&
		  heap[3] == 904);
	ck_assert(extra[0] == 0 && extra[1] == 16 && extra[2] == 40 &&
		  extra[3] == 8);
	/* Records: snapshot 1, as asked. */
	ck_assert(sk_profile_total(p, 0) == 4096);
	ck_assert_int_eq(sk_profile_check_timeline(p, &err), 0);
	sk_profile_free(p);
}
END_TEST

START_TEST(check_exempts_only_gauges)
{
	sk_profile *p = sk_profile_new();
	sk_frame_id f = sk_profile_frame_named(p, "a", 1, SK_FRAME_NATIVE);
	sk_node_id a = sk_profile_child(p, SK_ROOT, f);
	double v = 5;
	sk_error err;

	sk_profile_value_type(p, "samples", "count");
	sk_profile_add_sample(p, a, 0, 1, &v);
	ck_assert_int_eq(sk_profile_check_timeline(p, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "has no record"));
	sk_profile_set_value_type_flags(p, 0, SK_VALUE_GAUGE);
	ck_assert_int_eq(sk_profile_check_timeline(p, &err), 0);
	sk_profile_free(p);
}
END_TEST

static Suite *massif_suite(void)
{
	Suite *s = suite_create("massif");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, value_types_are_gauges_in_bytes);
	tcase_add_test(tc, frames_keep_their_fields);
	tcase_add_test(tc, timeline_holds_every_snapshot);
	tcase_add_test(tc, check_exempts_only_gauges);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(massif_suite)
