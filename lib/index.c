/*
 * index.c - the open-addressing (linear probing) hash index of sk_index.h:
 * allocation, growth, insertion, and the callback form of lookup.  The
 * probe itself is inline in the header, shared by every lookup.
 */
#include "lib/sk_index.h"
#include "lib/sk_util.h"

#include <stdlib.h>

static void place(sk_index_slot *slots, size_t mask, uint32_t tag,
		  uint32_t id1);
static void resize(sk_index *ix, size_t cap);

void sk_index_init(sk_index *ix)
{
	ix->mask = 15;
	ix->count = 0;
	ix->slots = sk_xcalloc(16, sizeof *ix->slots);
}

void sk_index_free(sk_index *ix)
{
	free(ix->slots);
	ix->slots = NULL;
	ix->count = 0;
}

uint32_t sk_index_find(const sk_index *ix, uint64_t hash, sk_index_eq_fn eq,
		       const void *arg, const void *key)
{
	sk_index_probe pr = sk_index_probe_start(ix, hash);
	uint32_t id;

	while ((id = sk_index_probe_next(ix, &pr)) != UINT32_MAX)
		if (eq(arg, id, key))
			return id;
	return UINT32_MAX;
}

static void place(sk_index_slot *slots, size_t mask, uint32_t tag,
		  uint32_t id1)
{
	size_t i = sk_index_start(tag, mask);

	while (slots[i].id1)
		i = (i + 1) & mask;
	slots[i].tag = tag;
	slots[i].id1 = id1;
}

static void resize(sk_index *ix, size_t cap)
{
	sk_index_slot *slots = sk_xcalloc(cap, sizeof *slots);
	size_t i;

	for (i = 0; i <= ix->mask; i++)
		if (ix->slots[i].id1)
			place(slots, cap - 1, ix->slots[i].tag,
			      ix->slots[i].id1);
	free(ix->slots);
	ix->slots = slots;
	ix->mask = cap - 1;
}

/* At most three quarters full.  The longer runs that allows stay cheap:
 * tags sit beside the ids, so passing a slot costs no look at its item,
 * and eight slots share a cache line. */
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
	sk_index_reserve(ix, 1);
	place(ix->slots, ix->mask, sk_index_tag(hash), id + 1);
	ix->count++;
}
