/*
 * test_units.c - the perf reader's parallel paths cut into tiny units
 * (sk_context.unit_bytes) read every testdata file exactly as the serial
 * path does: same profile, written as collapsed with every value type, and
 * the same timeline.  The stream path (perf_stream.c, for standard input)
 * also on inputs made to cut it badly: no blank lines, lines it does not
 * know, an error late in the input; with the same warnings and errors.
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_buf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/check_main.h"

/* Every value type and the thread in the output; threads and units. */
static void set_up(sk_options *o, sk_context *ctx, unsigned threads,
		   size_t unit)
{
	sk_options_init(o);
	sk_options_set(o, "all-values", NULL);
	sk_options_set(o, "tid", NULL);
	sk_options_set(o, "no-gzip", NULL);	/* pprof's bytes as written */
	sk_context_init(ctx, o);
	ctx->threads = threads;
	ctx->unit_bytes = unit;
}

/* The file read with threads and units, written as format `to`, as a
 * NUL-terminated copy of the bytes; its sample count in *samples. */
static char *convert(const char *path, unsigned threads, size_t unit,
		     const char *to, size_t *len, size_t *samples)
{
	sk_options o;
	sk_context ctx;
	sk_profile *p = sk_profile_new();
	sk_output *out = sk_output_open_memory();
	sk_error err;
	const char *m;
	char *s;

	set_up(&o, &ctx, threads, unit);
	ck_assert_int_eq(sk_read_file(path, sk_format_find("perf"), &ctx, p,
				      &err), 0);
	*samples = sk_profile_sample_count(p);
	ck_assert_int_eq(sk_format_find(to)->write(p, &ctx, out, &err), 0);
	m = sk_output_memory(out, len);
	s = malloc(*len + 1);
	memcpy(s, m, *len);
	s[*len] = '\0';
	sk_output_close(out, NULL);
	sk_profile_free(p);
	sk_options_free(&o);
	return s;
}

static char *collapse(const char *path, unsigned threads, size_t unit,
		      size_t *samples)
{
	size_t len;

	return convert(path, threads, unit, "collapsed", &len, samples);
}

START_TEST(tiny_units_read_like_one_thread)
{
	static const char *const files[] = {
		"spin-fp.perf", "spin-dwarf.perf", "spin-2events.perf",
		"events.perf", "layouts.perf", "spin-nocallchain.perf"
	};
	const char *top = getenv("top_srcdir");
	char path[4096];

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t n1, n2, unit;

		snprintf(path, sizeof path, "%s/testdata/perf/%s",
			 top ? top : ".", files[i]);
		char *one = collapse(path, 1, 0, &n1);
		for (unit = 64; unit <= 4096; unit *= 8) {
			char *par = collapse(path, 2, unit, &n2);

			ck_assert_msg(strcmp(one, par) == 0, "%s: units of %zu "
				      "bytes read differently", files[i], unit);
			ck_assert_uint_eq(n1, n2);
			free(par);
		}
		ck_assert(strlen(one) > 0);
		free(one);
	}
}
END_TEST

/* A read of text from memory (the stream path) with every value type
 * and the thread, as collapsed; then its warnings, or the error. */
static void append_msg(void *arg, const char *msg)
{
	sk_buf *b = arg;

	sk_buf_append_cstr(b, msg);
	sk_buf_append_cstr(b, "\n");
}

static char *collapse_stream(const char *text, size_t len, unsigned threads,
			     size_t unit)
{
	const sk_format *perf = sk_format_find("perf");
	sk_options o;
	sk_context ctx;
	sk_profile *p = sk_profile_new();
	sk_input *in;
	sk_output *out = sk_output_open_memory();
	sk_error err;
	sk_buf b = SK_BUF_INIT;
	const char *m;
	size_t n;

	set_up(&o, &ctx, threads, unit);
	ctx.warn = append_msg;
	ctx.warn_arg = &b;
	ck_assert_int_eq(sk_input_open_memory(&in, "mem", text, len, NULL,
					      &err), 0);
	if (perf->read(in, &ctx, p, &err) < 0 ||
	    sk_read_finish(p, perf, &ctx, "mem", &err) < 0) {
		char msg[2048];

		sk_buf_append_cstr(&b, "error: ");
		sk_buf_append_cstr(&b, sk_error_format(&err, msg, sizeof msg));
	} else {
		ck_assert_int_eq(sk_format_find("collapsed")->write(p, &ctx, out,
								    &err), 0);
		m = sk_output_memory(out, &n);
		sk_buf_append(&b, m, n);
	}
	sk_input_close(in);
	sk_output_close(out, NULL);
	sk_profile_free(p);
	sk_options_free(&o);
	return b.data ? b.data : strdup("");
}

static void stream_like_serial(const char *what, const char *text,
			       size_t len)
{
	char *one = collapse_stream(text, len, 1, 0);

	for (size_t unit = 16; unit <= 4096; unit *= 4) {
		char *par = collapse_stream(text, len, 2, unit);

		ck_assert_msg(strcmp(one, par) == 0, "%s: units of %zu bytes "
			      "read differently:\n%s\n-- not --\n%s", what, unit,
			      par, one);
		free(par);
	}
	ck_assert_msg(strlen(one) > 0, "%s: nothing read", what);
	free(one);
}

static char *slurp(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	char *s;

	snprintf(path, sizeof path, "%s/testdata/perf/%s", top ? top : ".",
		 name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	s = malloc(1 << 22);
	*len = fread(s, 1, 1 << 22, f);
	fclose(f);
	return s;
}

START_TEST(stream_units_read_like_one_thread)
{
	static const char *const files[] = {
		"spin-fp.perf", "spin-dwarf.perf", "spin-2events.perf",
		"events.perf", "layouts.perf", "spin-nocallchain.perf",
		"spin-srcline.perf", "cxx-mangled.perf"
	};
	sk_buf odd = SK_BUF_INIT;
	size_t len, i;
	char *s;

	for (i = 0; i < sizeof files / sizeof *files; i++) {
		s = slurp(files[i], &len);
		stream_like_serial(files[i], s, len);
		free(s);
	}
	/* Unknown lines first (nothing to cut at for a while), or not; then
	 * records with CRLF blank lines; an unknown line, and then a NUL
	 * byte, at places that fall in every part of a unit. */
	for (size_t k = 0; k < 24; k++) {
		sk_buf_reset(&odd);
		for (i = 0; i < (k % 2 ? 0 : 400); i++)
			sk_buf_append_cstr(&odd, "some text perf would not "
					   "print\n");
		for (i = 0; i < 300; i++) {
			char rec[256];

			snprintf(rec, sizeof rec, "w %zu/%zu [000] %zu.5: 7 "
				 "ev: \n\t400 f%zu+0x1 (/x)\n%s\t500 main "
				 "(/x)\n%s", i % 3, i % 3, i, i % 5,
				 i == 40 + 11 * k ? "odd\n" : "",
				 i % 7 ? "\n" : "\r\n");
			sk_buf_append_cstr(&odd, rec);
			if (i == 90 + 13 * k) {
				sk_buf_append_cstr(&odd, "w 1/1 [000] 99999.5: 7 "
						   "ev: \n\t400 f");
				sk_buf_append(&odd, "\0", 1);
				sk_buf_append_cstr(&odd, "x (/x)\n\n");
			}
		}
		if (k == 0) {
			/* Without the NUL byte: the whole read, warned of
			 * the first unknown line. */
			size_t at = (size_t)(strstr(odd.data, "w 1/1 [000] "
						     "99999.5") - odd.data);

			stream_like_serial("unknown lines, CRLF", odd.data, at);
		}
		stream_like_serial("a NUL byte", odd.data, odd.len);
	}
	sk_buf_free(&odd);
}
END_TEST

/* Runs of blank lines, LF and CRLF, across every unit edge: a unit ends
 * where the next one starts, by the same rule, even when a blank line
 * straddles the edge and the next unit starts past it. */
START_TEST(blank_runs_across_unit_edges)
{
	static const char *const seps[] = {
		"\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\n\r\n\n",
	};
	char path[] = "/tmp/sk-units-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	size_t n1, n2, unit;
	char *one;
	int i;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 400; i++)
		fprintf(f, "w 1/%d [000] %d.5: %d cpu-clock:\n"
			"\t    55d0c8001040 fn_%d+0x40 (/usr/bin/w)\n"
			"\t    55d0c8002040 main+0x4 (/usr/bin/w)\n%s",
			1 + i % 3, i, 1 + i % 7, i % 11, seps[(i * 7) % 6]);
	ck_assert_int_eq(fclose(f), 0);
	one = collapse(path, 1, 0, &n1);
	ck_assert_uint_eq(n1, 400);
	for (unit = 5; unit < 200; unit += 3) {
		char *par = collapse(path, 2, unit, &n2);

		ck_assert_msg(strcmp(one, par) == 0 && n1 == n2,
			      "units of %zu bytes read differently", unit);
		free(par);
	}
	free(one);
	unlink(path);
}
END_TEST

/* The whole profile as pprof bytes (its label sets, their strings and
 * their order included), read from a file with threads and units. */
static char *as_pprof(const char *path, unsigned threads, size_t unit,
		      size_t *len)
{
	size_t samples;
	char *s = convert(path, threads, unit, "pprof", len, &samples);

	ck_assert_uint_gt(*len, 500);
	return s;
}

/* Threads are labelled in the order of their first records, not in the
 * order the two scanners happened to meet them.  A process' comm is its
 * main thread's, and here each of 5 main threads shows two comms (it ran
 * exec) in two records in a row, one record a unit: the first record's
 * comm must win however the units went to the workers.  Both workers take
 * units all along, the input being 12,000 units. */
START_TEST(threads_labelled_in_file_order)
{
	char path[] = "/tmp/sk-units-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	size_t len1, len2;
	char *one, *par;
	int i, round;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 12000; i++) {
		int pid = 42 + i % 5, tid = pid + 1000, cpu = 0;
		const char *comm = "worker";

		if (i % 1000 == 500 || i % 1000 == 501) {
			pid = tid = 42 + (i / 1000) % 5;
			comm = i % 1000 == 500 ? "before-exec" : "after-exec";
			cpu = i % 2;
		}
		fprintf(f, "%s %d/%d [%03d] %d.000001: 1 cpu-clock:\n"
			"\t    55d0c8001040 fn_%d+0x40 (/usr/bin/w)\n\n",
			comm, pid, tid, cpu, i, i % 5);
	}
	ck_assert_int_eq(fclose(f), 0);
	one = as_pprof(path, 1, 64, &len1);
	for (round = 0; round < 5; round++) {
		par = as_pprof(path, 2, 64, &len2);
		ck_assert_msg(len1 == len2 && memcmp(one, par, len1) == 0,
			      "round %d: two threads labelled differently",
			      round);
		free(par);
	}
	free(one);
	unlink(path);
}
END_TEST

static Suite *units_suite(void)
{
	Suite *s = suite_create("perf-units");
	TCase *tc = tcase_create("parallel");

	tcase_add_test(tc, tiny_units_read_like_one_thread);
	tcase_add_test(tc, stream_units_read_like_one_thread);
	tcase_add_test(tc, threads_labelled_in_file_order);
	tcase_add_test(tc, blank_runs_across_unit_edges);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(units_suite)
