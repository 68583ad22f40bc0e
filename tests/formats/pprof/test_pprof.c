/*
 * test_pprof.c - the pprof reader and writer through the registry: the
 * probe against pprof and text inputs, what the reader puts in the model
 * (value types, default, metadata, mappings, inlined frames, labels), the
 * writer's inline folding, rounding and determinism, and errors.
 */
#include <stackkit/stackkit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

struct run {
	sk_options opts;
	sk_context ctx;
	sk_profile *p;
	sk_error err;
	int rc;
};

static const sk_format *pprof(void)
{
	const sk_format *f = sk_format_find("pprof");

	ck_assert_ptr_nonnull(f);
	return f;
}

/* Reads testdata/NAME under $top_srcdir into a malloc'd buffer. */
static unsigned char *slurp_testdata(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	unsigned char *data;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/testdata/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	ck_assert_int_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void run_init(struct run *r, const char *opt, const char *value)
{
	memset(r, 0, sizeof *r);
	sk_options_init(&r->opts);
	if (opt)
		sk_options_set(&r->opts, opt, value);
	sk_context_init(&r->ctx, &r->opts);
	r->p = sk_profile_new();
}

static void run_free(struct run *r)
{
	sk_profile_free(r->p);
	sk_options_free(&r->opts);
}

static void read_bytes(struct run *r, const void *data, size_t len)
{
	sk_input *in;

	ck_assert_int_eq(sk_input_open_memory(&in, "t.pb", data, len, NULL,
					      &r->err), 0);
	r->rc = pprof()->read(in, &r->ctx, r->p, &r->err);
	sk_input_close(in);
}

/* Writes p as raw pprof; returns a malloc'd copy of the bytes. */
static unsigned char *write_bytes(const sk_profile *p, size_t *len)
{
	sk_output *out = sk_output_open_memory();
	sk_options o;
	sk_context ctx;
	sk_error err;
	const char *mem;
	unsigned char *copy;

	sk_options_init(&o);
	sk_options_set(&o, "no-gzip", NULL);
	sk_context_init(&ctx, &o);
	ck_assert_int_eq(pprof()->write(p, &ctx, out, &err), 0);
	mem = sk_output_memory(out, len);
	copy = malloc(*len + 1);
	memcpy(copy, mem, *len);
	sk_output_close(out, NULL);
	sk_options_free(&o);
	return copy;
}

static const char *frame_name(const sk_profile *p, sk_frame_id f)
{
	return sk_profile_str(p, sk_profile_frame_get(p, f)->name);
}

START_TEST(probe_pprof_and_text)
{
	static const char *const texts[] = {
		"a;b;c 1\n",
		"main;compute 12\nmain 3\n",
		/* one literal: clang warns of concatenation in arrays */
		"swapper     0 [000] 12345.678901: cpu-clock:\n\tffffffff81000000 native_safe_halt ([kernel.kallsyms])\n\n",
		"{\"$schema\": \"https://www.speedscope.app/file-format-schema.json\"}",
		"\n\nhello world\n",
		"2\nabc 1\n",
		"Process 1234 Thread 5678\n",
		"<svg version=\"1.1\">",
		"8\n",			/* a valid drop_frames field */
		"@@\ntype T;\n@@\n",	/* valid fields, then garbage */
		"",
	};
	size_t len, i;
	unsigned char *pb = slurp_testdata("pprof/crafted/inline.pb", &len);

	ck_assert_int_eq(pprof()->probe(pb, len), SK_PROBE_MAX);
	/* A prefix cut inside a field is still recognised. */
	ck_assert_int_eq(pprof()->probe(pb, 40), SK_PROBE_STRONG);
	for (i = 0; i < sizeof texts / sizeof *texts; i++)
		ck_assert_msg(pprof()->probe((const unsigned char *)texts[i],
					     strlen(texts[i])) == 0,
			      "text %zu probed as pprof", i);
	/* Field 1 (sample_type) whose payload is text, not a ValueType. */
	ck_assert_int_eq(pprof()->probe((const unsigned char *)
					"\x0a\x05hello", 7), 0);
	free(pb);
}
END_TEST

START_TEST(read_model)
{
	struct run r;
	size_t len, n, i, inlined = 0;
	unsigned char *pb = slurp_testdata("pprof/crafted/inline.pb", &len);
	const sk_meta *m;
	sk_value_type vt;
	const sk_label *labels;
	int numeric = 0;

	run_init(&r, NULL, NULL);
	read_bytes(&r, pb, len);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(sk_profile_value_type_count(r.p), 2);
	/* default_sample_type names the first type, not the last. */
	ck_assert_uint_eq(sk_profile_default_value_type(r.p), 0);
	vt = sk_profile_value_type_get(r.p, 1);
	ck_assert_str_eq(sk_profile_str(r.p, vt.type), "cpu");
	ck_assert_str_eq(sk_profile_str(r.p, vt.unit), "nanoseconds");
	ck_assert(sk_profile_total(r.p, 0) == 11);
	ck_assert(sk_profile_total(r.p, 1) == 110000000);
	m = sk_profile_meta_const(r.p);
	ck_assert_str_eq(sk_profile_str(r.p, m->period_type.type), "cpu");
	ck_assert_int_eq(m->period, 10000000);
	ck_assert_int_eq(m->time_nanos, 1700000000000000000LL);
	ck_assert_int_eq(m->duration_nanos, 1000000000);
	ck_assert_str_eq(sk_profile_str(r.p, m->doc_url),
			 "https://example.com/doc");
	ck_assert_uint_eq(sk_profile_comment_count(r.p), 1);
	ck_assert_str_eq(sk_profile_str(r.p, sk_profile_comment(r.p, 0)),
			 "a comment");
	ck_assert_uint_eq(sk_profile_mapping_count(r.p), 2);
	ck_assert_uint_eq(sk_profile_sample_count(r.p), 0);

	for (i = 0; i < sk_profile_frame_count(r.p); i++) {
		const sk_frame *f = sk_profile_frame_get(r.p, (sk_frame_id)i);
		const char *name = sk_profile_str(r.p, f->name);

		if (strcmp(name, "deep_inline") == 0 ||
		    strcmp(name, "inlined_helper") == 0) {
			ck_assert_uint_eq(f->kind, SK_FRAME_INLINED);
			ck_assert_uint_eq(f->address, 0x402000);
			inlined++;
		}
		if (strcmp(name, "deep_inline") == 0) {
			ck_assert_int_eq(f->line, 41);
			ck_assert_int_eq(f->column, 3);
			ck_assert_int_eq(f->start_line, 40);
			ck_assert_str_eq(sk_profile_str(r.p, f->file),
					 "/src/app.c");
			ck_assert_str_eq(sk_profile_str(r.p, f->module),
					 "/usr/bin/app");
		}
		if (strcmp(name, "compute") == 0) {
			ck_assert_uint_eq(f->kind, SK_FRAME_NATIVE);
			ck_assert_str_eq(sk_profile_str(r.p, f->system_name),
					 "_Z7computev");
		}
		if (strcmp(name, "do_syscall_64") == 0)
			ck_assert_uint_eq(f->kind, SK_FRAME_KERNEL);
		if (strcmp(name, "0x403abc") == 0)
			ck_assert_uint_eq(f->mapping, 1);
	}
	ck_assert_uint_eq(inlined, 2);

	for (i = 0; i < sk_profile_record_count(r.p); i++) {
		sk_record rec = sk_profile_record_get(r.p, i);

		labels = sk_profile_labelset_get(r.p, rec.labels, &n);
		for (; labels && n > 0; n--, labels++)
			if (labels->str == 0) {
				ck_assert_str_eq(sk_profile_str(r.p, labels->key),
						 "size");
				ck_assert_int_eq(labels->num, 4096);
				ck_assert_str_eq(sk_profile_str(r.p,
						 labels->num_unit), "bytes");
				numeric++;
			}
	}
	ck_assert_int_eq(numeric, 1);
	run_free(&r);
	free(pb);
}
END_TEST

START_TEST(label_frames_option)
{
	struct run r;
	size_t len, i, found = 0;
	unsigned char *pb = slurp_testdata("pprof/crafted/inline.pb", &len);

	run_init(&r, "label-frames", "thread");
	read_bytes(&r, pb, len);
	ck_assert_int_eq(r.rc, 0);
	for (i = 0; i < sk_profile_frame_count(r.p); i++) {
		const sk_frame *f = sk_profile_frame_get(r.p, (sk_frame_id)i);

		if (f->kind == SK_FRAME_LABEL) {
			const char *name = frame_name(r.p, (sk_frame_id)i);

			ck_assert(strcmp(name, "thread=worker-1") == 0 ||
				  strcmp(name, "thread=worker-2") == 0 ||
				  strcmp(name, "thread=N/A") == 0);
			found++;
		}
	}
	ck_assert_uint_eq(found, 3);
	run_free(&r);
	free(pb);
}
END_TEST

/* A hand-built model: main <- helper (inlined) <- leaf (inlined), all at
 * one address, plus values that need rounding. */
START_TEST(write_folds_inlines_and_rounds)
{
	sk_profile *p = sk_profile_new();
	sk_frame f;
	sk_frame_id stack[3];
	double v[1];
	unsigned char *a, *b;
	size_t alen, blen, i, inlined = 0;
	struct run r;

	sk_profile_value_type(p, "samples", "count");
	memset(&f, 0, sizeof f);
	f.address = 0x1234;
	f.name = sk_profile_intern_cstr(p, "main");
	stack[0] = sk_profile_frame(p, &f);
	f.kind = SK_FRAME_INLINED;
	f.name = sk_profile_intern_cstr(p, "helper");
	stack[1] = sk_profile_frame(p, &f);
	f.name = sk_profile_intern_cstr(p, "leaf");
	stack[2] = sk_profile_frame(p, &f);
	v[0] = 2.5;
	sk_profile_add_stack(p, stack, 3, 0, v);
	v[0] = -1.5;
	sk_profile_add_stack(p, stack, 1, 0, v);

	a = write_bytes(p, &alen);
	b = write_bytes(p, &blen);
	ck_assert_uint_eq(alen, blen);
	ck_assert(memcmp(a, b, alen) == 0);

	run_init(&r, NULL, NULL);
	read_bytes(&r, a, alen);
	ck_assert_int_eq(r.rc, 0);
	/* llround: 2.5 -> 3, -1.5 -> -2. */
	ck_assert(sk_profile_total(r.p, 0) == 1);
	for (i = 0; i < sk_profile_frame_count(r.p); i++) {
		const sk_frame *g = sk_profile_frame_get(r.p, (sk_frame_id)i);

		ck_assert_uint_eq(g->address, 0x1234);
		if (g->kind == SK_FRAME_INLINED)
			inlined++;
	}
	ck_assert_uint_eq(inlined, 2);
	run_free(&r);
	free(a);
	free(b);
	sk_profile_free(p);
}
END_TEST

/* Frames from other formats name a module without a mapping: the writer
 * makes one mapping per module (the root-most first, as pprof takes
 * mapping[0] for the main binary) so the module comes back. */
START_TEST(modules_become_mappings)
{
	sk_profile *p = sk_profile_new();
	sk_frame f;
	sk_frame_id stack[3];
	double v[1] = { 4 };
	unsigned char *pb;
	size_t len, i, found = 0;
	struct run r;

	sk_profile_value_type(p, "samples", "count");
	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(p, "main");
	f.module = sk_profile_intern_cstr(p, "/usr/bin/app");
	stack[0] = sk_profile_frame(p, &f);
	f.name = sk_profile_intern_cstr(p, "memcpy");
	f.module = sk_profile_intern_cstr(p, "/lib/libc.so.6");
	stack[1] = sk_profile_frame(p, &f);
	f.name = sk_profile_intern_cstr(p, "helper");
	f.module = sk_profile_intern_cstr(p, "/usr/bin/app");
	stack[2] = sk_profile_frame(p, &f);
	sk_profile_add_stack(p, stack, 3, 0, v);
	pb = write_bytes(p, &len);

	run_init(&r, NULL, NULL);
	read_bytes(&r, pb, len);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(sk_profile_mapping_count(r.p), 2);
	ck_assert_str_eq(sk_profile_str(r.p, sk_profile_mapping(r.p, 1)->file),
			 "/usr/bin/app");
	for (i = 0; i < sk_profile_frame_count(r.p); i++) {
		const sk_frame *g = sk_profile_frame_get(r.p, (sk_frame_id)i);

		if (strcmp(frame_name(r.p, (sk_frame_id)i), "memcpy") == 0) {
			ck_assert_str_eq(sk_profile_str(r.p, g->module),
					 "/lib/libc.so.6");
			ck_assert_uint_eq(g->mapping, 2);
			found++;
		}
	}
	ck_assert_uint_eq(found, 1);
	ck_assert(sk_profile_total(r.p, 0) == 4);
	run_free(&r);
	free(pb);
	sk_profile_free(p);
}
END_TEST

START_TEST(errors_name_the_object)
{
	static const struct {
		const char *file;
		const char *message;
	} cases[] = {
		{ "pprof/crafted/bad-function.pb",
		  "location 7: function id 99 does not exist" },
		{ "pprof/crafted/bad-location.pb",
		  "sample 2: location id 42 does not exist" },
		{ "pprof/crafted/bad-string.pb",
		  "function 2: name string index 99 out of range (4 strings)" },
		{ "pprof/crafted/bad-values.pb",
		  "sample 1: 1 values for 2 sample types" },
		{ "pprof/crafted/bad-table.pb",
		  "string table entry 0 is not \"\"" },
		{ "pprof/crafted/bad-duplicate-type.pb",
		  "sample type 3 (samples/count) repeats sample type 1" },
	};
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct run r;
		unsigned char *pb = slurp_testdata(cases[i].file, &len);

		run_init(&r, NULL, NULL);
		read_bytes(&r, pb, len);
		ck_assert_int_eq(r.rc, -1);
		ck_assert_str_eq(r.err.message, cases[i].message);
		ck_assert_str_eq(r.err.file, "t.pb");
		run_free(&r);
		free(pb);
	}
}
END_TEST

START_TEST(malformed_protobuf)
{
	struct run r;
	size_t len;
	unsigned char *pb = slurp_testdata("pprof/crafted/inline.pb", &len);

	run_init(&r, NULL, NULL);
	read_bytes(&r, pb, len - 3);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(r.err.message, "protobuf cut short inside top-level field 14 (default_sample_type)");
	ck_assert_uint_eq(r.err.offset, 555);
	run_free(&r);
	free(pb);
}
END_TEST

static Suite *pprof_suite(void)
{
	Suite *s = suite_create("pprof");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, probe_pprof_and_text);
	tcase_add_test(tc, read_model);
	tcase_add_test(tc, label_frames_option);
	tcase_add_test(tc, write_folds_inlines_and_rounds);
	tcase_add_test(tc, modules_become_mappings);
	tcase_add_test(tc, errors_name_the_object);
	tcase_add_test(tc, malformed_protobuf);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(pprof_suite)
