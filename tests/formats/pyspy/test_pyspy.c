/*
 * test_pyspy.c - the py-spy probe in both directions on crafted heads: its
 * own syntax scores SK_PROBE_TEXT, above collapsed's SK_PROBE_WEAK, so
 * detection picks it; ordinary folded text (frames with parentheses, files
 * of other languages, py-spy syntax on a minority of lines) never scores
 * above SK_PROBE_WEAK.
 */
#include <stackkit/stackkit.h>
#include <string.h>
#include "tests/unit/check_main.h"

static int score(const char *format, const char *text)
{
	const sk_format *f = sk_format_find(format);

	ck_assert_ptr_nonnull(f);
	return f->probe((const unsigned char *)text, strlen(text));
}

static const char *detected(const char *text)
{
	int s;
	const sk_format *f = sk_format_detect((const unsigned char *)text,
					      strlen(text), NULL, &s);
	return f ? f->name : "(none)";
}

START_TEST(pyspy_text_wins)
{
	static const char *const own[] = {
		"<module> (app.py:3);f (app.py:1) 4\n",
		"<module> (app.py);f (app.py) 4\ng (a b.py) 1\n",	/* --nolineno */
		"thread (12): MainThread;f 3\n",
		"thread (0x7F00AB);run (threading.py:953) 3\n",
		"process 1:\"python a;b\";thread (1);g 2\n",
		"f (x.py:1);cblas (libopenblas.so.0) 3\r\ng (x.py:2) 1\n",
		"a (x.py:1) 1\nb (y.py:2) 2\nc;d 3\n",	/* two thirds */
	};
	size_t i;

	for (i = 0; i < sizeof own / sizeof own[0]; i++) {
		ck_assert_int_eq(score("pyspy", own[i]), SK_PROBE_TEXT);
		ck_assert_int_eq(score("collapsed", own[i]), SK_PROBE_WEAK);
		ck_assert_str_eq(detected(own[i]), "pyspy");
	}
}
END_TEST

START_TEST(folded_text_is_not_pyspy)
{
	static const char *const other[] = {
		"",
		"a;b;c 3\n",
		"main;foo.py;bar 3\n",
		"java (Foo.java:12);run (Bar.java:3) 5\n",
		"main;operator() (x) 2\n",
		"thread (main);f 2\n",		/* not a TID */
		"process x:\"a\";f 1\n",
		"a (x.py:1) 1\nb;c 2\nd;e 3\n",	/* a minority */
		"a (x.py:1)\nno weight here\nnor here\n",
		"# comment\na (x.py:1) 2\nb\nc\n",
	};
	size_t i;

	for (i = 0; i < sizeof other / sizeof other[0]; i++)
		ck_assert_int_le(score("pyspy", other[i]), SK_PROBE_WEAK);
	ck_assert_str_eq(detected("a;b;c 3\n"), "collapsed");
	ck_assert_str_eq(detected("a (x.py:1) 1\nb;c 2\nd;e 3\n"), "collapsed");
}
END_TEST

static Suite *pyspy_suite(void)
{
	Suite *s = suite_create("pyspy");
	TCase *tc = tcase_create("probe");

	tcase_add_test(tc, pyspy_text_wins);
	tcase_add_test(tc, folded_text_is_not_pyspy);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(pyspy_suite)
