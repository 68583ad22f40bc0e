/*
 * test_units.c - the perf reader's parallel path cut into tiny units
 * (sk_context.unit_bytes) reads every testdata file exactly as the serial
 * path does: same profile, written as collapsed with every value type, and
 * the same timeline.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

static char *collapse(const char *path, unsigned threads, size_t unit,
		      size_t *samples)
{
	sk_options o;
	sk_context ctx;
	sk_profile *p = sk_profile_new();
	sk_output *out = sk_output_open_memory();
	sk_error err;
	const char *m;
	size_t len;
	char *s;

	sk_options_init(&o);
	sk_options_set(&o, "all-values", NULL);
	sk_options_set(&o, "tid", NULL);
	sk_context_init(&ctx, &o);
	ctx.threads = threads;
	ctx.unit_bytes = unit;
	ck_assert_int_eq(sk_read_file(path, sk_format_find("perf"), &ctx, p,
				      &err), 0);
	*samples = sk_profile_sample_count(p);
	ck_assert_int_eq(sk_format_find("collapsed")->write(p, &ctx, out, &err),
			 0);
	m = sk_output_memory(out, &len);
	s = strndup(m, len);
	sk_output_close(out, NULL);
	sk_profile_free(p);
	sk_options_free(&o);
	return s;
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

static Suite *units_suite(void)
{
	Suite *s = suite_create("perf-units");
	TCase *tc = tcase_create("parallel");

	tcase_add_test(tc, tiny_units_read_like_one_thread);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(units_suite)
