/*
 * sk_index.h - the open-addressing hash index behind every deduplicating
 * table of the model (strings, frames, tree children, records, label sets).
 *
 * The index stores only (hash, id) pairs; the table that owns the items
 * answers "is item id equal to the key?".  Keeping items in their own dense
 * arrays keeps ids stable and iteration in insertion order, which is what
 * makes every output deterministic.
 */
#ifndef STACKKIT_SK_INDEX_H
#define STACKKIT_SK_INDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct sk_index {
	uint32_t *ids;		/* id + 1; 0 = empty slot */
	uint32_t *tags;		/* low 32 bits of the hash, for quick rejects */
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

#endif
