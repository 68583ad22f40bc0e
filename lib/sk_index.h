/*
 * sk_index.h - the one hash table of stackkit: the open-addressing index
 * behind every deduplicating table of the model (strings, frames, tree
 * children, records, label sets), of the pprof id maps and of the perf
 * scanner's tables of frame lines and stacks.
 *
 * The index stores only (hash, id) pairs; the table that owns the items
 * answers "is item id equal to the key?".  Keeping items in their own dense
 * arrays keeps ids stable and iteration in insertion order, which is what
 * makes every output deterministic.
 *
 * Layout: a power-of-two array of slots, linear probing, each slot holding
 * the id + 1 (0 = empty) next to a 32-bit tag of the item's hash.  Tag and
 * id share a slot so that one cache line answers most probes: an item is
 * only looked at when its tag matches.  The probe start is derived from
 * the tag, so growing needs no access to the items.  The table doubles
 * when it would pass three quarters full and never shrinks.
 *
 * Two ways to look up.  sk_index_find takes the equality as a callback;
 * it is what the model uses.  A hot loop that cannot afford a call per
 * probe walks the candidates itself with sk_index_probe_start and
 * sk_index_probe_next, inline, and compares with its own inline code:
 *
 *	sk_index_probe pr = sk_index_probe_start(ix, hash);
 *	uint32_t id;
 *
 *	while ((id = sk_index_probe_next(ix, &pr)) != UINT32_MAX)
 *		if (item_equals(id, key))
 *			break;
 *
 * This is a private header of lib/ and formats/, not installed.
 */
#ifndef STACKKIT_SK_INDEX_H
#define STACKKIT_SK_INDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct sk_index_slot {
	uint32_t tag;		/* sk_index_tag of the item's hash */
	uint32_t id1;		/* id + 1; 0 = empty slot */
} sk_index_slot;

typedef struct sk_index {
	sk_index_slot *slots;
	size_t mask;		/* capacity - 1; capacity is a power of two */
	size_t count;
} sk_index;

/* eq(arg, id, key) says whether item id equals key. */
typedef int (*sk_index_eq_fn)(const void *arg, uint32_t id, const void *key);

void sk_index_init(sk_index *ix);
void sk_index_free(sk_index *ix);
/* The id of the item equal to key, or UINT32_MAX. */
uint32_t sk_index_find(const sk_index *ix, uint64_t hash, sk_index_eq_fn eq,
		       const void *arg, const void *key);
/* Makes room for n more ids without growing again. */
void sk_index_reserve(sk_index *ix, size_t n);
/* Records a new id (the caller checked it is not there). */
void sk_index_insert(sk_index *ix, uint64_t hash, uint32_t id);

/* Where a walk over the candidates of one hash stands. */
typedef struct sk_index_probe {
	size_t pos;
	uint32_t tag;
} sk_index_probe;

/* Both halves of the hash reach the tag: callers may hash in either. */
static inline uint32_t sk_index_tag(uint64_t hash)
{
	return (uint32_t)(hash ^ (hash >> 32));
}

/* The start is not the tag's low bits, or items sharing a start would
 * share those bits too and the tag would reject less.  One multiply
 * (Fibonacci hashing) is enough: bits 32 and up of the product depend on
 * every bit of the tag.  It runs for every lookup of the perf scanner. */
static inline size_t sk_index_start(uint32_t tag, size_t mask)
{
	return (size_t)((tag * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

static inline sk_index_probe sk_index_probe_start(const sk_index *ix,
						  uint64_t hash)
{
	sk_index_probe pr;

	pr.tag = sk_index_tag(hash);
	pr.pos = sk_index_start(pr.tag, ix->mask);
	return pr;
}

/* The next id whose tag matches, or UINT32_MAX once the run of occupied
 * slots ends (the key is absent).  The table must not change during a
 * walk. */
static inline uint32_t sk_index_probe_next(const sk_index *ix,
					   sk_index_probe *pr)
{
	for (;;) {
		const sk_index_slot *s = &ix->slots[pr->pos];

		pr->pos = (pr->pos + 1) & ix->mask;
		if (!s->id1)
			return UINT32_MAX;
		if (s->tag == pr->tag)
			return s->id1 - 1;
	}
}

#endif
