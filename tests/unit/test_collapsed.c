/*
 * test_collapsed.c - the folded-stacks reader and writer through the
 * registry: line shapes, encodings, headers, errors, sorting, round trips.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include "tests/unit/check_main.h"

struct run {
	sk_options opts;
	sk_context ctx;
	sk_profile *p;
	sk_error err;
	char warning[512];
	int rc;
};

static void remember_warning(void *arg, const char *msg)
{
	struct run *r = arg;
	snprintf(r->warning, sizeof r->warning, "%s", msg);
}

static void read_text(struct run *r, const void *text, size_t len,
		      const char *opt)
{
	sk_input *in;
	const sk_format *f = sk_format_find("folded");

	memset(r, 0, sizeof *r);
	sk_options_init(&r->opts);
	if (opt)
		sk_options_set(&r->opts, opt, NULL);
	sk_context_init(&r->ctx, &r->opts);
	r->ctx.warn = remember_warning;
	r->ctx.warn_arg = r;
	r->p = sk_profile_new();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(sk_input_open_memory(&in, "t.txt", text, len, NULL, &r->err), 0);
	r->rc = f->read(in, &r->ctx, r->p, &r->err);
	sk_input_close(in);
}

/* Writes r->p as collapsed; returns a malloc'd string. */
static char *write_text(struct run *r, const char *opt)
{
	sk_output *out = sk_output_open_memory();
	sk_options o;
	sk_context ctx;
	size_t len;
	char *s;

	sk_options_init(&o);
	if (opt)
		sk_options_set(&o, opt, NULL);
	sk_context_init(&ctx, &o);
	ck_assert_int_eq(sk_format_find("collapsed")->write(r->p, &ctx, out, &r->err), 0);
	{
		const char *m = sk_output_memory(out, &len);
		s = strndup(m, len);
	}
	sk_output_close(out, NULL);
	sk_options_free(&o);
	return s;
}

static void done(struct run *r)
{
	sk_profile_free(r->p);
	sk_options_free(&r->opts);
}

static void check_roundtrip(const char *in, size_t len, const char *want)
{
	struct run r;
	char *out;

	read_text(&r, in, len, NULL);
	ck_assert_int_eq(r.rc, 0);
	out = write_text(&r, NULL);
	ck_assert_str_eq(out, want);
	free(out);
	done(&r);
}

#define S(x) x, sizeof(x) - 1

START_TEST(sorts_and_aggregates_like_stackcollapse)
{
	check_roundtrip(S("b;c 1\na;b 2\nb;c 3\na 1\n"), "a 1\na;b 2\nb;c 4\n");
}
END_TEST

START_TEST(frames_with_spaces_and_weight_from_the_right)
{
	check_roundtrip(S("V8 WorkerThread;do it 5 7\n"), "V8 WorkerThread;do it 5 7\n");
}
END_TEST

START_TEST(crlf_bom_no_final_newline_blank_and_comments)
{
	check_roundtrip(S("\xef\xbb\xbf# austin: 1\r\n\r\na;b 1\r\n\r\na;b 2"), "a;b 3\n");
}
END_TEST

START_TEST(utf16_both_byte_orders)
{
	const char le[] = "\xff\xfe" "a\0;\0b\0 \0" "5\0\r\0\n\0" "\xe9\0 \0" "1\0";
	const char be[] = "\xfe\xff" "\0a\0;\0b\0 \0" "5\0\r\0\n";
	check_roundtrip(le, sizeof le - 1, "a;b 5\n\xc3\xa9 1\n");
	check_roundtrip(be, sizeof be - 1, "a;b 5\n");
}
END_TEST

START_TEST(decimal_weights)
{
	check_roundtrip(S("a 1.5\na 2.25\nb 3.\n"), "a 3.75\nb 3\n");
}
END_TEST

START_TEST(bad_line_names_file_and_line)
{
	struct run r;
	char buf[256];

	read_text(&r, S("a;b 1\n# fine\na;b\n"), NULL);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_str_eq(sk_error_format(&r.err, buf, sizeof buf),
			 "t.txt:3: expected a weight at the end of the line");
	done(&r);
	read_text(&r, S("a;b 1\n 4\n"), NULL);
	ck_assert_str_eq(sk_error_format(&r.err, buf, sizeof buf),
			 "t.txt:2: empty stack before the weight");
	done(&r);
}
END_TEST

START_TEST(skip_bad_lines_warns_once_with_count)
{
	struct run r;
	char *out;

	read_text(&r, S("junk\na 1\n// more junk\nb x\na 2\n"), "skip-bad-lines");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(r.warning, "t.txt: skipped 3 lines with invalid format");
	out = write_text(&r, NULL);
	ck_assert_str_eq(out, "a 3\n");
	free(out);
	done(&r);
}
END_TEST

START_TEST(header_names_several_value_columns)
{
	struct run r;
	char *out;
	sk_value_type vt;

	read_text(&r, S("samples/count cpu/nanoseconds\nmain;f 2 20000000\nmain;g 1 10000000\n"), NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(sk_profile_value_type_count(r.p), 2);
	vt = sk_profile_value_type_get(r.p, 1);
	ck_assert_str_eq(sk_profile_str(r.p, vt.type), "cpu");
	ck_assert_str_eq(sk_profile_str(r.p, vt.unit), "nanoseconds");
	/* Without --all-values: the default (first) column, FlameGraph-ready. */
	out = write_text(&r, NULL);
	ck_assert_str_eq(out, "main;f 2\nmain;g 1\n");
	free(out);
	out = write_text(&r, "all-values");
	ck_assert_str_eq(out, "samples/count cpu/nanoseconds\nmain;f 2 20000000\nmain;g 1 10000000\n");
	free(out);
	done(&r);
	/* The commented form reads the same. */
	read_text(&r, S("# samples/count cpu/nanoseconds\nmain;f 2 20000000\n"), NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(sk_profile_value_type_count(r.p), 2);
	done(&r);
}
END_TEST

START_TEST(kernel_and_jit_suffixes_become_kinds)
{
	struct run r;
	const sk_frame *f;

	read_text(&r, S("java;read_[k];Interpreter_[j] 1\n"), NULL);
	ck_assert_int_eq(r.rc, 0);
	f = sk_profile_frame_get(r.p, 1);
	ck_assert_int_eq(f->kind, SK_FRAME_KERNEL);
	ck_assert_str_eq(sk_profile_str(r.p, f->name), "read_[k]");
	ck_assert_int_eq(sk_profile_frame_get(r.p, 2)->kind, SK_FRAME_JIT);
	done(&r);
}
END_TEST

START_TEST(probe_scores)
{
	const sk_format *f = sk_format_find("collapsed");
	ck_assert_int_gt(f->probe((const unsigned char *)"a;b 1\n", 6), 0);
	ck_assert_int_eq(f->probe((const unsigned char *)"hello world\nfoo bar\n", 20), 0);
	ck_assert_int_eq(f->probe((const unsigned char *)"a\0b 1\n", 6), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("collapsed");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, sorts_and_aggregates_like_stackcollapse);
	tcase_add_test(tc, frames_with_spaces_and_weight_from_the_right);
	tcase_add_test(tc, crlf_bom_no_final_newline_blank_and_comments);
	tcase_add_test(tc, utf16_both_byte_orders);
	tcase_add_test(tc, decimal_weights);
	tcase_add_test(tc, bad_line_names_file_and_line);
	tcase_add_test(tc, skip_bad_lines_warns_once_with_count);
	tcase_add_test(tc, header_names_several_value_columns);
	tcase_add_test(tc, kernel_and_jit_suffixes_become_kinds);
	tcase_add_test(tc, probe_scores);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
