/*
 * test_index.c - sk_index, the one hash table: lookups through the
 * callback and through the inline probe agree, colliding hashes still
 * find their own items, ids survive growth, and reserve means no growth.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/sk_index.h"
#include "lib/sk_util.h"
#include "tests/unit/check_main.h"

/* The items: numbers, with a hash the test chooses so that it can make
 * collisions on purpose. */
struct items {
	uint64_t *values;
	size_t count;
};

static int value_eq(const void *arg, uint32_t id, const void *key)
{
	const struct items *it = arg;

	return it->values[id] == *(const uint64_t *)key;
}

static uint32_t probe_find(const sk_index *ix, const struct items *it,
			   uint64_t hash, uint64_t value)
{
	sk_index_probe pr = sk_index_probe_start(ix, hash);
	uint32_t id;

	while ((id = sk_index_probe_next(ix, &pr)) != UINT32_MAX)
		if (it->values[id] == value)
			return id;
	return UINT32_MAX;
}

static void add(sk_index *ix, struct items *it, uint64_t hash, uint64_t value)
{
	it->values[it->count] = value;
	sk_index_insert(ix, hash, (uint32_t)it->count);
	it->count++;
}

START_TEST(empty_index_finds_nothing)
{
	sk_index ix;
	struct items it = { NULL, 0 };
	uint64_t key = 7;

	sk_index_init(&ix);
	ck_assert_uint_eq(sk_index_find(&ix, 1, value_eq, &it, &key),
			  UINT32_MAX);
	ck_assert_uint_eq(probe_find(&ix, &it, 1, key), UINT32_MAX);
	sk_index_free(&ix);
}
END_TEST

START_TEST(ids_survive_growth)
{
	enum { N = 50000 };
	sk_index ix;
	struct items it = { malloc(N * sizeof(uint64_t)), 0 };
	uint64_t v, absent = N + 1;

	sk_index_init(&ix);
	for (v = 0; v < N; v++)
		add(&ix, &it, sk_hash_u64(v), v);
	ck_assert_uint_eq(ix.count, N);
	ck_assert(ix.count * 4 <= (ix.mask + 1) * 3);
	for (v = 0; v < N; v++) {
		ck_assert_uint_eq(sk_index_find(&ix, sk_hash_u64(v), value_eq,
						&it, &v),
				  v);
		ck_assert_uint_eq(probe_find(&ix, &it, sk_hash_u64(v), v), v);
	}
	ck_assert_uint_eq(sk_index_find(&ix, sk_hash_u64(absent), value_eq,
					&it, &absent),
			  UINT32_MAX);
	sk_index_free(&ix);
	free(it.values);
}
END_TEST

/* Equal hashes, and hashes whose halves cancel into the same tag: the
 * equality decides. */
START_TEST(colliding_hashes_find_their_own_items)
{
	enum { N = 300 };
	sk_index ix;
	struct items it = { malloc(2 * N * sizeof(uint64_t)), 0 };
	uint64_t v;

	sk_index_init(&ix);
	for (v = 0; v < N; v++)
		add(&ix, &it, 42, v);
	for (v = 0; v < N; v++)
		add(&ix, &it, (v << 32) | v, 1000 + v);	/* tag 0 */
	for (v = 0; v < N; v++) {
		uint64_t w = 1000 + v;

		ck_assert_uint_eq(sk_index_find(&ix, 42, value_eq, &it, &v), v);
		ck_assert_uint_eq(probe_find(&ix, &it, (v << 32) | v, w),
				  N + v);
		ck_assert_uint_eq(probe_find(&ix, &it, 0, w), N + v);
	}
	v = N;
	ck_assert_uint_eq(sk_index_find(&ix, 42, value_eq, &it, &v),
			  UINT32_MAX);
	sk_index_free(&ix);
	free(it.values);
}
END_TEST

START_TEST(reserve_means_no_growth)
{
	enum { N = 1000 };
	sk_index ix;
	struct items it = { malloc(N * sizeof(uint64_t)), 0 };
	const sk_index_slot *slots;
	uint64_t v;

	sk_index_init(&ix);
	sk_index_reserve(&ix, N);
	slots = ix.slots;
	for (v = 0; v < N; v++)
		add(&ix, &it, sk_hash_u64(v), v);
	ck_assert_ptr_eq(ix.slots, slots);
	sk_index_free(&ix);
	free(it.values);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("index");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, empty_index_finds_nothing);
	tcase_add_test(tc, ids_survive_growth);
	tcase_add_test(tc, colliding_hashes_find_their_own_items);
	tcase_add_test(tc, reserve_means_no_growth);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
