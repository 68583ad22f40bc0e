/*
 * test_view.c - model v2: the label-merged view (sk_view.h), threads as
 * labels and their FlameGraph root names (sk_thread.h), frame marks from
 * kinds, projection and the merge's node map, and the timeline invariant.
 */
#include <stackkit/stackkit.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

/* A frame with a name, a kind, a module and a line. */
static sk_frame_id frame(sk_profile *p, const char *name, int kind,
			 const char *module, int64_t line)
{
	sk_frame f;

	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(p, name);
	f.module = module ? sk_profile_intern_cstr(p, module) : 0;
	f.kind = (uint32_t)kind;
	f.line = line;
	return sk_profile_frame(p, &f);
}

/* "a;b;c" of native frames, with labels. */
static sk_node_id add(sk_profile *p, const char *stack, sk_labelset_id l,
		      double v)
{
	sk_frame_id fr[16];
	size_t n = 0;
	const char *s = stack;

	while (*s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		fr[n++] = sk_profile_frame_named(p, s, len, SK_FRAME_NATIVE);
		s += len + (e != NULL);
	}
	return sk_profile_add_stack(p, fr, n, l, &v);
}

/* The profile written as collapsed with one option (or none). */
static char *folded(const sk_profile *p, const char *opt, const char *opt2)
{
	sk_output *out = sk_output_open_memory();
	sk_options o;
	sk_context ctx;
	sk_error err;
	const char *m;
	size_t len;
	char *s;

	sk_options_init(&o);
	if (opt)
		sk_options_set(&o, opt, NULL);
	if (opt2)
		sk_options_set(&o, opt2, NULL);
	sk_context_init(&ctx, &o);
	ck_assert_int_eq(sk_format_find("collapsed")->write(p, &ctx, out, &err), 0);
	m = sk_output_memory(out, &len);
	s = strndup(m, len);
	sk_output_close(out, NULL);
	sk_options_free(&o);
	return s;
}

static sk_labelset_id thread(sk_profile *p, const char *comm, int64_t pid,
			     int64_t tid, unsigned has)
{
	sk_thread t;

	memset(&t, 0, sizeof t);
	t.thread_comm = comm ? sk_profile_intern_cstr(p, comm) : 0;
	t.pid = pid;
	t.tid = tid;
	t.has = has;
	return sk_profile_thread_labels(p, &t, NULL, 0);
}

START_TEST(collapsed_sorts_bytewise_like_flamegraph)
{
	sk_profile *p = sk_profile_new();
	char *s;

	sk_profile_value_type(p, "samples", "count");
	add(p, "b", 0, 1);
	add(p, "a;c;d", 0, 1);
	add(p, "a;c", 0, 1);
	add(p, "a b;c", 0, 1);
	add(p, "zero", 0, 0);
	s = folded(p, NULL, NULL);
	/* Whole lines sort bytewise: "a b" before "a;", which a walk of
	 * label-sorted children would not give. */
	ck_assert_str_eq(s, "a b;c 1\na;c 1\na;c;d 1\nb 1\n");
	free(s);
	sk_profile_free(p);
}
END_TEST

START_TEST(view_merges_equal_labels_and_sums)
{
	sk_profile *p = sk_profile_new();
	sk_frame_id f[2];
	double v = 2;
	const sk_vnode *kids;
	sk_view_options o;
	sk_view *view;
	size_t n, len;

	sk_profile_value_type(p, "samples", "count");
	/* main -> work at two lines: two frames, one label. */
	f[0] = frame(p, "main", SK_FRAME_NATIVE, NULL, 1);
	f[1] = frame(p, "work", SK_FRAME_NATIVE, NULL, 10);
	sk_profile_add_stack(p, f, 2, 0, &v);
	f[1] = frame(p, "work", SK_FRAME_NATIVE, NULL, 20);
	v = 3;
	sk_profile_add_stack(p, f, 2, 0, &v);
	f[1] = frame(p, "alpha", SK_FRAME_NATIVE, NULL, 5);
	v = 1;
	sk_profile_add_stack(p, f, 2, 0, &v);
	v = 4;
	sk_profile_add_stack(p, f, 1, 0, &v);
	ck_assert_uint_eq(sk_profile_node_count(p), 5);

	memset(&o, 0, sizeof o);
	view = sk_view_build(p, &o);
	ck_assert_uint_eq(sk_view_node_count(view), 4);
	kids = sk_view_children(view, 0, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(sk_view_label(view, kids[0], &len), "main");
	ck_assert(sk_view_self(view, kids[0], 0) == 4);
	ck_assert(sk_view_total(view, kids[0], 0) == 10);
	ck_assert(sk_view_total(view, 0, 0) == 10);
	kids = sk_view_children(view, kids[0], &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(sk_view_label(view, kids[0], NULL), "alpha");
	ck_assert_str_eq(sk_view_label(view, kids[1], NULL), "work");
	ck_assert(sk_view_self(view, kids[1], 0) == 5);
	ck_assert_uint_eq(sk_view_depth(view, kids[1]), 2);
	sk_view_free(view);

	o.order = SK_VIEW_BY_WEIGHT;
	view = sk_view_build(p, &o);
	kids = sk_view_children(view, 1, &n);
	ck_assert_str_eq(sk_view_label(view, kids[0], NULL), "work");
	sk_view_free(view);

	/* no_totals: the same nodes and self weights, totals read 0; the
	 * order by weight still has its totals. */
	o.no_totals = 1;
	view = sk_view_build(p, &o);
	kids = sk_view_children(view, 1, &n);
	ck_assert_str_eq(sk_view_label(view, kids[0], NULL), "work");
	ck_assert(sk_view_total(view, 1, 0) == 10);
	sk_view_free(view);
	o.order = SK_VIEW_UNORDERED;
	view = sk_view_build(p, &o);
	ck_assert_uint_eq(sk_view_node_count(view), 4);
	ck_assert(sk_view_self(view, 1, 0) == 4);
	ck_assert(sk_view_total(view, 1, 0) == 0);
	ck_assert(sk_view_total(view, 0, 0) == 0);
	kids = sk_view_children(view, 1, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert(sk_view_self(view, kids[0], 0) + sk_view_self(view, kids[1], 0)
		  == 6);
	sk_view_free(view);
	o.no_totals = 0;

	/* With the line in the label they stay apart. */
	o.order = SK_VIEW_BY_LABEL;
	o.label_arg = (void *)"name:line";
	view = sk_view_build(p, &o);
	ck_assert_uint_eq(sk_view_node_count(view), 5);
	sk_view_free(view);
	sk_profile_free(p);
}
END_TEST

START_TEST(thread_roots_have_flamegraph_spellings)
{
	sk_profile *p = sk_profile_new();
	char *s;

	sk_profile_value_type(p, "samples", "count");
	add(p, "main", thread(p, "V8 Worker", 10, 11,
			      SK_THREAD_HAS_PID | SK_THREAD_HAS_TID), 1);
	add(p, "main", thread(p, "V8 Worker", 10, 12,
			      SK_THREAD_HAS_PID | SK_THREAD_HAS_TID), 2);
	add(p, "idle", thread(p, "swapper", 0, 0,
			      SK_THREAD_HAS_PID | SK_THREAD_HAS_TID), 4);
	add(p, "run", thread(p, "app", 0, 7, SK_THREAD_HAS_TID), 8);
	add(p, "bare", 0, 16);

	s = folded(p, NULL, NULL);
	ck_assert_str_eq(s, "V8_Worker;main 3\napp;run 8\nbare 16\n"
			    "swapper;idle 4\n");
	free(s);
	s = folded(p, "pid", NULL);
	ck_assert_str_eq(s, "V8_Worker-10;main 3\napp-?;run 8\nbare 16\n"
			    "swapper-?;idle 4\n");
	free(s);
	s = folded(p, "tid", NULL);
	ck_assert_str_eq(s, "V8_Worker-10/11;main 1\nV8_Worker-10/12;main 2\n"
			    "app-?/7;run 8\nbare 16\nswapper-?/0;idle 4\n");
	free(s);
	s = folded(p, "no-comm", NULL);
	ck_assert_str_eq(s, "bare 16\nidle 4\nmain 3\nrun 8\n");
	free(s);
	sk_profile_free(p);
}
END_TEST

START_TEST(thread_labels_read_back)
{
	sk_profile *p = sk_profile_new();
	sk_label extra;
	sk_thread t;
	sk_labelset_id id;

	memset(&t, 0, sizeof t);
	t.comm = sk_profile_intern_cstr(p, "java");
	t.thread_comm = sk_profile_intern_cstr(p, "GC Thread");
	t.pid = 5;
	t.tid = 6;
	t.cpu = 3;
	t.has = SK_THREAD_HAS_PID | SK_THREAD_HAS_TID | SK_THREAD_HAS_CPU;
	memset(&extra, 0, sizeof extra);
	extra.key = sk_profile_intern_cstr(p, "span");
	extra.str = sk_profile_intern_cstr(p, "x");
	id = sk_profile_thread_labels(p, &t, &extra, 1);
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(sk_profile_labelset_thread(p, id, &t), 1);
	ck_assert_str_eq(sk_profile_str(p, t.comm), "java");
	ck_assert_str_eq(sk_profile_str(p, t.thread_comm), "GC Thread");
	ck_assert_int_eq(t.pid, 5);
	ck_assert_int_eq(t.tid, 6);
	ck_assert_int_eq(t.cpu, 3);
	ck_assert_uint_eq(t.has, 7);
	ck_assert_int_eq(sk_profile_labelset_thread(p, 0, &t), 0);
	ck_assert(sk_label_key_is_thread("thread_comm"));
	ck_assert(!sk_label_key_is_thread("span"));
	sk_profile_free(p);
}
END_TEST

START_TEST(marks_come_from_kinds)
{
	sk_profile *p = sk_profile_new();
	sk_frame_id f[6];
	double v = 1;
	char *s;

	sk_profile_value_type(p, "samples", "count");
	f[0] = frame(p, "main", SK_FRAME_NATIVE, "/bin/app", 0);
	f[1] = frame(p, "Lx;::run", SK_FRAME_JIT, "/tmp/perf-9.map", 0);
	f[2] = frame(p, "inner", SK_FRAME_INLINED, "/tmp/perf-9.map", 0);
	f[3] = frame(p, "cinl", SK_FRAME_INLINED, "/bin/app", 0);
	f[4] = frame(p, "sys_read", SK_FRAME_KERNEL, "[kernel.kallsyms]", 0);
	f[5] = frame(p, "old_[k]", SK_FRAME_KERNEL, NULL, 0);
	sk_profile_add_stack(p, f, 6, 0, &v);
	s = folded(p, NULL, NULL);
	/* FlameGraph always marks what is inlined into JIT code. */
	ck_assert_str_eq(s, "main;Lx:::run;inner_[i];cinl;sys_read;old_[k] 1\n");
	free(s);
	s = folded(p, "all", NULL);
	ck_assert_str_eq(s, "main;Lx:::run_[j];inner_[i];cinl;sys_read_[k];"
			    "old_[k] 1\n");
	free(s);
	s = folded(p, "kernel", "mark-inlined");
	ck_assert_str_eq(s, "main;Lx:::run;inner_[i];cinl_[i];sys_read_[k];"
			    "old_[k] 1\n");
	free(s);
	ck_assert_int_eq(sk_module_kind("[vdso]", 6), SK_FRAME_KERNEL);
	ck_assert_int_eq(sk_module_kind("[unknown]", 9), SK_FRAME_NATIVE);
	ck_assert_int_eq(sk_module_kind("/boot/vmlinux-5.4.14", 20),
			 SK_FRAME_KERNEL);
	ck_assert_int_eq(sk_module_kind("/x/jitted-12-3.so", 17), SK_FRAME_JIT);
	ck_assert_int_eq(sk_module_kind("/tmp/perf-.map", 14), SK_FRAME_NATIVE);
	sk_profile_free(p);
}
END_TEST

/* Projection by name: frames that differ only in their line become one. */
static void name_only(void *arg, const sk_profile *p, sk_frame_id f,
		      sk_buf *out)
{
	(void)arg;
	sk_buf_append_cstr(out, sk_profile_str(p, sk_profile_frame_get(p, f)->name));
}

START_TEST(projection_aligns_builds_and_maps_nodes)
{
	sk_profile *a = sk_profile_new(), *proj, *dst;
	sk_frame_id f[2];
	sk_node_id n1, n2, *map;
	double v = 1;
	sk_error err;

	sk_profile_value_type(a, "samples", "count");
	f[0] = frame(a, "main", SK_FRAME_NATIVE, "/bin/app", 3);
	f[1] = frame(a, "work", SK_FRAME_NATIVE, "/bin/app", 10);
	n1 = sk_profile_add_stack(a, f, 2, 0, &v);
	f[1] = frame(a, "work", SK_FRAME_NATIVE, "/bin/app", 11);
	n2 = sk_profile_add_stack(a, f, 2, 0, &v);
	ck_assert_uint_ne(n1, n2);
	proj = sk_profile_project(a, name_only, NULL, &err);
	ck_assert_ptr_nonnull(proj);
	ck_assert_uint_eq(sk_profile_node_count(proj), 3);
	ck_assert_uint_eq(sk_profile_record_count(proj), 1);
	ck_assert(sk_profile_total(proj, 0) == 2);
	ck_assert_str_eq(sk_profile_str(proj, sk_profile_frame_get(proj,
		sk_profile_node_frame(proj, 2))->module), "/bin/app");
	ck_assert_int_eq(sk_profile_frame_get(proj,
		sk_profile_node_frame(proj, 2))->line, 0);

	dst = sk_profile_new();
	map = calloc(sk_profile_node_count(a), sizeof *map);
	ck_assert_int_eq(sk_profile_merge_map(dst, a, name_only, NULL, map,
					      &err), 0);
	ck_assert_uint_eq(map[n1], map[n2]);
	ck_assert_uint_eq(map[0], SK_ROOT);
	free(map);
	sk_profile_free(dst);
	sk_profile_free(proj);
	sk_profile_free(a);
}
END_TEST

START_TEST(timeline_invariant_is_checked_and_kept)
{
	sk_profile *a = sk_profile_new(), *b = sk_profile_new(), *m;
	sk_node_id n;
	double v = 2;
	sk_error err;

	sk_profile_value_type(a, "samples", "count");
	n = add(a, "x;y", 0, 3);
	sk_profile_add_sample(a, n, 0, 10, &v);
	ck_assert_int_eq(sk_profile_check_timeline(a, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "samples sum to 2"));
	v = 1;
	sk_profile_add_sample(a, n, 0, 20, &v);
	ck_assert_int_eq(sk_profile_check_timeline(a, &err), 0);

	/* Merged with a profile without a timeline: the timeline goes. */
	sk_profile_value_type(b, "samples", "count");
	add(b, "x;y", 0, 5);
	m = sk_profile_new();
	ck_assert_int_eq(sk_profile_merge(m, a, &err), 0);
	ck_assert_uint_eq(sk_profile_sample_count(m), 2);
	ck_assert_int_eq(sk_profile_merge(m, b, &err), 0);
	ck_assert_uint_eq(sk_profile_sample_count(m), 0);
	ck_assert_int_eq(sk_profile_check_timeline(m, &err), 0);
	sk_profile_free(m);

	/* Two with timelines keep both, in input order. */
	m = sk_profile_new();
	ck_assert_int_eq(sk_profile_merge(m, a, &err), 0);
	ck_assert_int_eq(sk_profile_merge(m, a, &err), 0);
	ck_assert_uint_eq(sk_profile_sample_count(m), 4);
	ck_assert_int_eq(sk_profile_check_timeline(m, &err), 0);
	sk_profile_keep_value_type(m, 0);
	ck_assert_int_eq(sk_profile_check_timeline(m, &err), 0);
	sk_profile_free(m);

	/* A gauge's records are one snapshot, not the series' sum. */
	sk_profile_set_value_type_flags(a, 0, SK_VALUE_GAUGE);
	v = 7;
	sk_profile_add_sample(a, n, 0, 30, &v);
	ck_assert_int_eq(sk_profile_check_timeline(a, &err), 0);
	ck_assert_int_eq(sk_profile_timeline_unit(a), SK_POSITION_NANOSECONDS);
	sk_profile_set_timeline_unit(a, SK_POSITION_BYTES);
	ck_assert_str_eq(sk_position_unit_name(sk_profile_timeline_unit(a)),
			 "bytes");
	sk_profile_free(a);
	sk_profile_free(b);
}
END_TEST

START_TEST(value_types_carry_their_event)
{
	sk_profile *p = sk_profile_new(), *m = sk_profile_new();
	size_t t = sk_profile_value_type(p, "samples:cycles", "count");
	sk_error err;

	sk_profile_set_value_type_event(p, t, "cycles");
	ck_assert_str_eq(sk_profile_str(p, sk_profile_value_type_get(p, t).event),
			 "cycles");
	add(p, "a", 0, 1);
	ck_assert_int_eq(sk_profile_merge(m, p, &err), 0);
	ck_assert_str_eq(sk_profile_str(m, sk_profile_value_type_get(m, 0).event),
			 "cycles");
	sk_profile_free(p);
	sk_profile_free(m);
}
END_TEST

static Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, collapsed_sorts_bytewise_like_flamegraph);
	tcase_add_test(tc, view_merges_equal_labels_and_sums);
	tcase_add_test(tc, thread_roots_have_flamegraph_spellings);
	tcase_add_test(tc, thread_labels_read_back);
	tcase_add_test(tc, marks_come_from_kinds);
	tcase_add_test(tc, projection_aligns_builds_and_maps_nodes);
	tcase_add_test(tc, timeline_invariant_is_checked_and_kept);
	tcase_add_test(tc, value_types_carry_their_event);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(view_suite)
