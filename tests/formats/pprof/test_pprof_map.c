/*
 * test_pprof_map.c - the pprof id map: a map nothing was put in answers
 * and frees, ids used twice are refused without changing the map, and
 * address-like ids (sparse, with equal low bits), sequential ids (kept by
 * position) and a mix of both all map back.
 */
#include <stdint.h>
#include "formats/pprof/pprof.h"
#include "tests/unit/check_main.h"

START_TEST(empty_map_answers_and_frees)
{
	sk_pprof_idmap m;
	uint32_t v = 7;

	sk_pprof_idmap_init(&m);
	ck_assert_int_eq(sk_pprof_idmap_get(&m, 0, &v), -1);
	ck_assert_uint_eq(v, 7);
	sk_pprof_idmap_free(&m);
}
END_TEST

START_TEST(id_used_twice_is_refused)
{
	sk_pprof_idmap m;
	uint32_t v;

	sk_pprof_idmap_init(&m);
	ck_assert_int_eq(sk_pprof_idmap_put(&m, 1, 10), 0);
	ck_assert_int_eq(sk_pprof_idmap_put(&m, 1, 11), -1);
	ck_assert_int_eq(sk_pprof_idmap_get(&m, 1, &v), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(sk_pprof_idmap_get(&m, 2, &v), -1);
	sk_pprof_idmap_free(&m);
}
END_TEST

START_TEST(address_ids_map_back)
{
	enum { N = 20000 };
	const uint64_t base = 0x7f0000000000ULL;
	sk_pprof_idmap m;
	uint32_t i, v;

	sk_pprof_idmap_init(&m);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(sk_pprof_idmap_put(&m, base + i * 4096ULL, i),
				 0);
	for (i = 0; i < N; i++) {
		ck_assert_int_eq(sk_pprof_idmap_get(&m, base + i * 4096ULL, &v),
				 0);
		ck_assert_uint_eq(v, i);
	}
	ck_assert_int_eq(sk_pprof_idmap_get(&m, base + 1, &v), -1);
	sk_pprof_idmap_free(&m);
}
END_TEST

START_TEST(sequential_and_sparse_ids_mix)
{
	enum { N = 50000 };
	sk_pprof_idmap m;
	uint32_t i, v;

	sk_pprof_idmap_init(&m);
	/* 1..N as Go numbers them, each followed by an address, and 0 */
	for (i = 1; i <= N; i++) {
		ck_assert_int_eq(sk_pprof_idmap_put(&m, i, i * 2), 0);
		ck_assert_int_eq(sk_pprof_idmap_put(&m, 0x400000ULL + i, i * 2 + 1), 0);
	}
	ck_assert_int_eq(sk_pprof_idmap_put(&m, 0, 99), 0);
	ck_assert_ptr_nonnull(m.dense);
	for (i = 1; i <= N; i++) {
		ck_assert_int_eq(sk_pprof_idmap_get(&m, i, &v), 0);
		ck_assert_uint_eq(v, i * 2);
		ck_assert_int_eq(sk_pprof_idmap_get(&m, 0x400000ULL + i, &v), 0);
		ck_assert_uint_eq(v, i * 2 + 1);
		/* either kind twice is refused, the value kept */
		ck_assert_int_eq(sk_pprof_idmap_put(&m, i, 7), -1);
		ck_assert_int_eq(sk_pprof_idmap_put(&m, 0x400000ULL + i, 7), -1);
	}
	ck_assert_int_eq(sk_pprof_idmap_get(&m, 0, &v), 0);
	ck_assert_uint_eq(v, 99);
	ck_assert_int_eq(sk_pprof_idmap_get(&m, N + 1, &v), -1);
	ck_assert_int_eq(sk_pprof_idmap_get(&m, UINT64_MAX, &v), -1);
	ck_assert_uint_eq(m.count, 2 * N + 1);
	sk_pprof_idmap_free(&m);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pprof_map");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, empty_map_answers_and_frees);
	tcase_add_test(tc, id_used_twice_is_refused);
	tcase_add_test(tc, address_ids_map_back);
	tcase_add_test(tc, sequential_and_sparse_ids_mix);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
