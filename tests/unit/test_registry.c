/*
 * test_registry.c - the format registry as a plug-in boundary: every
 * registered format is found by its name, and no two formats declare an
 * option of the same name (the rule in sk_format.h).  The clash finder is
 * run on a made-up registry first, so the real check is known to fail when
 * it should.
 */
#include <stackkit/stackkit.h>
#include <string.h>
#include "tests/unit/check_main.h"

/* Appends "--NAME (A, B)" to out for every name two different specs share;
 * the same spec reached from several formats is one option. */
static void find_clashes(const sk_format *const *formats, sk_buf *out)
{
	const sk_format *const *f, *const *g;
	size_t i, k;

	for (f = formats; *f; f++)
		for (i = 0; (*f)->options && (*f)->options[i].name; i++)
			for (g = formats; g <= f; g++)
				for (k = 0; (*g)->options && (*g)->options[k].name; k++) {
					const sk_option_spec *a = &(*f)->options[i];
					const sk_option_spec *b = &(*g)->options[k];
					if (b == a)
						break;
					if (strcmp(a->name, b->name) == 0)
						sk_buf_appendf(out, " --%s (%s, %s)",
							       a->name, (*g)->name,
							       (*f)->name);
				}
}

static const sk_option_spec opts_a[] = {
	{ "depth", "N", "a" }, { "skip", NULL, "a" }, { NULL, NULL, NULL }
};
static const sk_option_spec opts_b[] = {
	{ "width", "N", "b" }, { "skip", NULL, "b" }, { NULL, NULL, NULL }
};
static const sk_format fake_a = { .name = "fake-a", .options = opts_a };
static const sk_format fake_b = { .name = "fake-b", .options = opts_b };
static const sk_format fake_shares_a = { .name = "fake-c", .options = opts_a };
static const sk_format fake_none = { .name = "fake-d" };

START_TEST(clash_finder_reports_a_name_declared_twice)
{
	const sk_format *const table[] = { &fake_a, &fake_none, &fake_b, NULL };
	sk_buf out = SK_BUF_INIT;

	find_clashes(table, &out);
	ck_assert_ptr_nonnull(out.data);
	ck_assert_str_eq(out.data, " --skip (fake-a, fake-b)");
	sk_buf_free(&out);
}
END_TEST

START_TEST(clash_finder_allows_one_spec_shared_by_two_formats)
{
	const sk_format *const table[] = { &fake_a, &fake_shares_a, &fake_none, NULL };
	sk_buf out = SK_BUF_INIT;

	find_clashes(table, &out);
	ck_assert_uint_eq(out.len, 0);
	sk_buf_free(&out);
}
END_TEST

START_TEST(no_two_formats_declare_one_option_name)
{
	sk_buf out = SK_BUF_INIT;

	find_clashes(sk_formats(), &out);
	if (out.len)
		ck_abort_msg("option names declared by two formats:%s", out.data);
	sk_buf_free(&out);
}
END_TEST

/* The filters' options share the namespace (sk_filter.h): checked as the
 * options of one more format. */
START_TEST(no_format_declares_a_filter_option)
{
	sk_format filters = { .name = "filters" };
	const sk_format *table[64];
	const sk_format *const *f;
	sk_buf out = SK_BUF_INIT;
	size_t n = 0;

	filters.options = sk_filter_option_specs();
	table[n++] = &filters;
	for (f = sk_formats(); *f && n < 63; f++)
		table[n++] = *f;
	table[n] = NULL;
	find_clashes(table, &out);
	if (out.len)
		ck_abort_msg("filter option names declared again:%s", out.data);
	sk_buf_free(&out);
}
END_TEST

START_TEST(every_format_is_found_by_its_name_and_aliases)
{
	const sk_format *const *f;
	const char *const *alias;
	size_t n = 0;

	for (f = sk_formats(); *f; f++, n++) {
		ck_assert_ptr_eq(sk_format_find((*f)->name), *f);
		for (alias = (*f)->aliases; alias && *alias; alias++)
			ck_assert_ptr_eq(sk_format_find(*alias), *f);
		ck_assert_msg((*f)->read || (*f)->write,
			      "format %s neither reads nor writes", (*f)->name);
	}
	ck_assert_uint_gt(n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, clash_finder_reports_a_name_declared_twice);
	tcase_add_test(tc, clash_finder_allows_one_spec_shared_by_two_formats);
	tcase_add_test(tc, no_format_declares_a_filter_option);
	tcase_add_test(tc, no_two_formats_declare_one_option_name);
	tcase_add_test(tc, every_format_is_found_by_its_name_and_aliases);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
