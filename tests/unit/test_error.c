/*
 * test_error.c - the error object and its "file:line: what" rendering.
 */
#include <stackkit/stackkit.h>
#include <string.h>
#include "tests/unit/check_main.h"

START_TEST(formats_each_kind_of_place)
{
	sk_error e;
	char buf[256];

	ck_assert_int_eq(sk_error_set_line(&e, "in.txt", 12, "expected a %s", "weight"), -1);
	ck_assert_str_eq(sk_error_format(&e, buf, sizeof buf), "in.txt:12: expected a weight");
	sk_error_set_offset(&e, "cpu.pb.gz", 4096, "bad varint");
	ck_assert_str_eq(sk_error_format(&e, buf, sizeof buf), "cpu.pb.gz: byte 4096: bad varint");
	sk_error_set_file(&e, "x", "cannot open: %s", "No such file or directory");
	ck_assert_str_eq(sk_error_format(&e, buf, sizeof buf), "x: cannot open: No such file or directory");
	sk_error_set(&e, "out of %s", "luck");
	ck_assert_str_eq(sk_error_format(&e, buf, sizeof buf), "out of luck");
	ck_assert_int_eq(e.where, SK_WHERE_NONE);
	sk_error_clear(&e);
	ck_assert_str_eq(e.message, "");
}
END_TEST

START_TEST(long_messages_are_truncated_not_overflowed)
{
	sk_error e;
	char big[4000], buf[64];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	sk_error_set_line(&e, big, 1, "%s", big);
	ck_assert_uint_eq(strlen(e.file), sizeof e.file - 1);
	ck_assert_uint_eq(strlen(e.message), sizeof e.message - 1);
	sk_error_format(&e, buf, sizeof buf);
	ck_assert_uint_eq(strlen(buf), sizeof buf - 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, formats_each_kind_of_place);
	tcase_add_test(tc, long_messages_are_truncated_not_overflowed);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
