/*
 * index.c - the open-addressing (linear probing) hash index of sk_index.h.
 *
 * Only a 32-bit tag of each hash is stored; the probe position is derived
 * from the tag, so growing the table needs no access to the items.
 */
#include "lib/sk_index.h"
#include "lib/sk_util.h"

#include <stdlib.h>

void sk_index_init(sk_index *ix)
{
	ix->mask = 15;
	ix->count = 0;
	ix->ids = sk_xcalloc(16, sizeof *ix->ids);
	ix->tags = sk_xcalloc(16, sizeof *ix->tags);
}

void sk_index_free(sk_index *ix)
{
	free(ix->ids);
	free(ix->tags);
	ix->ids = ix->tags = NULL;
	ix->count = 0;
}

static inline uint32_t tag_of(uint64_t hash)
{
	return (uint32_t)(hash ^ (hash >> 32));
}

static inline size_t start_of(uint32_t tag, size_t mask)
{
	return (size_t)sk_hash_u64(tag) & mask;
}

uint32_t sk_index_find(const sk_index *ix, uint64_t hash, sk_index_eq_fn eq,
		       const void *arg, const void *key)
{
	uint32_t tag = tag_of(hash);
	size_t i = start_of(tag, ix->mask);

	for (;; i = (i + 1) & ix->mask) {
		uint32_t id = ix->ids[i];
		if (!id)
			return UINT32_MAX;
		if (ix->tags[i] == tag && eq(arg, id - 1, key))
			return id - 1;
	}
}

static void place(uint32_t *ids, uint32_t *tags, size_t mask, uint32_t tag,
		  uint32_t id1)
{
	size_t i = start_of(tag, mask);

	while (ids[i])
		i = (i + 1) & mask;
	ids[i] = id1;
	tags[i] = tag;
}

static void resize(sk_index *ix, size_t cap)
{
	size_t i;
	uint32_t *ids = sk_xcalloc(cap, sizeof *ids);
	uint32_t *tags = sk_xcalloc(cap, sizeof *tags);

	for (i = 0; i <= ix->mask; i++)
		if (ix->ids[i])
			place(ids, tags, cap - 1, ix->tags[i], ix->ids[i]);
	free(ix->ids);
	free(ix->tags);
	ix->ids = ids;
	ix->tags = tags;
	ix->mask = cap - 1;
}

static void grow(sk_index *ix)
{
	resize(ix, (ix->mask + 1) * 2);
}

void sk_index_reserve(sk_index *ix, size_t n)
{
	size_t cap = ix->mask + 1;

	while ((ix->count + n) * 4 > cap * 3)
		cap *= 2;
	if (cap != ix->mask + 1)
		resize(ix, cap);
}

void sk_index_insert(sk_index *ix, uint64_t hash, uint32_t id)
{
	if ((ix->count + 1) * 4 > (ix->mask + 1) * 3)
		grow(ix);
	place(ix->ids, ix->tags, ix->mask, tag_of(hash), id + 1);
	ix->count++;
}
