/*
 * test_json.c - the JSON helper of the JSON formats (lib/sk_json.h):
 * syntax errors with line and column, the nesting limit, path-naming
 * accessors, and the probe's first check.
 */
#include "lib/sk_json.h"
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

#define S(x) x, sizeof(x) - 1

START_TEST(syntax_errors_name_line_and_column)
{
	sk_error err;
	char buf[2048];

	ck_assert_ptr_null(sk_json_parse_buffer("a.json", S("{\n  \"a\": 1,\n  \"b\": x\n}"), &err));
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "a.json:3: JSON syntax error at column 8");
	ck_assert_ptr_null(sk_json_parse_buffer("b.json", S("[1, 2"), &err));
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "b.json:1: JSON syntax error at column 5");
}
END_TEST

START_TEST(bom_and_nesting_limit)
{
	sk_error err;
	cJSON *j = sk_json_parse_buffer("c.json", S("\xef\xbb\xbf{\"x\": [true]}"), &err);
	size_t n = 2 * CJSON_NESTING_LIMIT + 10, i;
	char *deep = malloc(2 * n);

	ck_assert_ptr_nonnull(j);
	cJSON_Delete(j);
	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[2 * n - 1 - i] = ']';
	}
	ck_assert_ptr_null(sk_json_parse_buffer("d.json", deep, 2 * n, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "JSON syntax error"));
	free(deep);
}
END_TEST

START_TEST(accessors_name_the_path)
{
	sk_error err;
	char buf[2048];
	cJSON *j = sk_json_parse_buffer("e.json",
		S("{\"profiles\": [{}, {\"unit\": 3, \"n\": 2.5, \"w\": [1]}]}"), &err);
	sk_json_path path;
	const cJSON *arr, *p1;
	const char *s = "keep";
	double d = 0;
	int64_t i = 7;
	size_t mark;

	ck_assert_ptr_nonnull(j);
	sk_json_path_init(&path);
	ck_assert_int_eq(sk_json_array("e.json", &path, j, "profiles", 1, &arr, &err), 0);
	mark = sk_json_path_key(&path, "profiles");
	sk_json_path_index(&path, 1);
	p1 = cJSON_GetArrayItem(arr, 1);
	ck_assert_int_eq(sk_json_string("e.json", &path, p1, "unit", 1, &s, &err), -1);
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "e.json: profiles[1].unit: not a string");
	ck_assert_int_eq(sk_json_int("e.json", &path, p1, "n", 1, &i, &err), -1);
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "e.json: profiles[1].n: not an integer");
	ck_assert_int_eq(sk_json_number("e.json", &path, p1, "n", 1, &d, &err), 0);
	ck_assert(d == 2.5);
	ck_assert_int_eq(sk_json_int("e.json", &path, p1, "absent", 0, &i, &err), 0);
	ck_assert_int_eq(i, 7);
	ck_assert_int_eq(sk_json_array("e.json", &path, p1, "samples", 1, &arr, &err), -1);
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "e.json: profiles[1].samples: missing");
	sk_json_path_pop(&path, mark);
	ck_assert_str_eq(path.text, "");
	ck_assert_str_eq(s, "keep");
	cJSON_Delete(j);
}
END_TEST

START_TEST(loose_ints_take_numeric_strings)
{
	sk_error err;
	cJSON *j = sk_json_parse_buffer("f.json",
		S("{\"a\": 12, \"b\": \"0x10\", \"c\": \"12x\", \"d\": \"\"}"), &err);
	int64_t v = -1;

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(sk_json_loose_int(j, "a", &v), 1);
	ck_assert_int_eq(v, 12);
	ck_assert_int_eq(sk_json_loose_int(j, "b", &v), 1);
	ck_assert_int_eq(v, 16);
	ck_assert_int_eq(sk_json_loose_int(j, "c", &v), 0);
	ck_assert_int_eq(sk_json_loose_int(j, "d", &v), 0);
	ck_assert_int_eq(sk_json_loose_int(j, "absent", &v), 0);
	ck_assert_int_eq(v, 16);
	cJSON_Delete(j);
}
END_TEST

START_TEST(looks_like_json)
{
	ck_assert(sk_json_looks_like((const unsigned char *)" \n\t{", 4));
	ck_assert(sk_json_looks_like((const unsigned char *)"\xef\xbb\xbf[", 4));
	ck_assert(!sk_json_looks_like((const unsigned char *)"a;b 1\n", 6));
	ck_assert(!sk_json_looks_like((const unsigned char *)"   ", 3));
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, syntax_errors_name_line_and_column);
	tcase_add_test(tc, bom_and_nesting_limit);
	tcase_add_test(tc, accessors_name_the_path);
	tcase_add_test(tc, loose_ints_take_numeric_strings);
	tcase_add_test(tc, looks_like_json);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(json_suite)
