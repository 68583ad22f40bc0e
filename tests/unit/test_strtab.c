/*
 * test_strtab.c - the string interner behind sk_str ids.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include "tests/unit/check_main.h"

START_TEST(empty_string_is_id_zero)
{
	sk_profile *p = sk_profile_new();
	ck_assert_uint_eq(sk_profile_intern(p, "", 0), 0);
	ck_assert_str_eq(sk_profile_str(p, 0), "");
	ck_assert_uint_eq(sk_profile_intern_cstr(p, NULL), 0);
	sk_profile_free(p);
}
END_TEST

START_TEST(same_bytes_same_id)
{
	sk_profile *p = sk_profile_new();
	sk_str a = sk_profile_intern_cstr(p, "main");
	sk_str b = sk_profile_intern(p, "mainly", 4);
	sk_str c = sk_profile_intern_cstr(p, "mainly");
	ck_assert_uint_eq(a, b);
	ck_assert_uint_ne(a, c);
	ck_assert_str_eq(sk_profile_str(p, c), "mainly");
	ck_assert_uint_eq(sk_profile_str_len(p, c), 6);
	sk_profile_free(p);
}
END_TEST

START_TEST(embedded_nul_and_long_strings)
{
	sk_profile *p = sk_profile_new();
	char *big = malloc(200000);
	sk_str a, b, id;
	memset(big, 'x', 200000);
	a = sk_profile_intern(p, "a\0b", 3);
	b = sk_profile_intern(p, "a\0c", 3);
	ck_assert_uint_ne(a, b);
	id = sk_profile_intern(p, big, 200000);
	ck_assert_uint_eq(sk_profile_str_len(p, id), 200000);
	ck_assert_int_eq(memcmp(sk_profile_str(p, id), big, 200000), 0);
	free(big);
	sk_profile_free(p);
}
END_TEST

START_TEST(ids_and_pointers_stay_stable_while_growing)
{
	sk_profile *p = sk_profile_new();
	char name[32];
	const char *first;
	sk_str ids[20000];
	int i;

	first = sk_profile_str(p, sk_profile_intern_cstr(p, "first"));
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "frame%d", i);
		ids[i] = sk_profile_intern_cstr(p, name);
	}
	ck_assert_str_eq(first, "first");
	for (i = 0; i < 20000; i += 997) {
		snprintf(name, sizeof name, "frame%d", i);
		ck_assert_uint_eq(sk_profile_intern_cstr(p, name), ids[i]);
		ck_assert_str_eq(sk_profile_str(p, ids[i]), name);
	}
	sk_profile_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("strtab");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, empty_string_is_id_zero);
	tcase_add_test(tc, same_bytes_same_id);
	tcase_add_test(tc, embedded_nul_and_long_strings);
	tcase_add_test(tc, ids_and_pointers_stay_stable_while_growing);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
