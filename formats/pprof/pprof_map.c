/*
 * pprof_map.c - the id map of the pprof module.  pprof names its objects
 * by arbitrary uint64 ids (Go uses small sequential ones, other writers use
 * addresses); the reader maps them to array indices.  (Byte-keyed tables,
 * such as the writer's string table, use the library's sk_strtab.)
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sk_format_author.h"
#include "formats/pprof/pprof.h"

static void idmap_grow(sk_pprof_idmap *m);

void sk_pprof_idmap_init(sk_pprof_idmap *m)
{
	memset(m, 0, sizeof(*m));
}

void sk_pprof_idmap_free(sk_pprof_idmap *m)
{
	free(m->keys);
	free(m->values);
	free(m->used);
	memset(m, 0, sizeof(*m));
}

int sk_pprof_idmap_get(const sk_pprof_idmap *m, uint64_t key, uint32_t *value)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	for (i = sk_hash_u64(key) & (m->cap - 1); m->used[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			*value = m->values[i];
			return 0;
		}
	}
	return -1;
}

int sk_pprof_idmap_put(sk_pprof_idmap *m, uint64_t key, uint32_t value)
{
	size_t i;

	/* Keep the load under one half so probe runs stay short. */
	if ((m->count + 1) * 2 > m->cap)
		idmap_grow(m);
	for (i = sk_hash_u64(key) & (m->cap - 1); m->used[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key)
			return -1;
	}
	m->used[i] = 1;
	m->keys[i] = key;
	m->values[i] = value;
	m->count++;
	return 0;
}

static void idmap_grow(sk_pprof_idmap *m)
{
	sk_pprof_idmap bigger;
	size_t i;

	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.count = 0;
	bigger.keys = sk_xcalloc(bigger.cap, sizeof(*bigger.keys));
	bigger.values = sk_xcalloc(bigger.cap, sizeof(*bigger.values));
	bigger.used = sk_xcalloc(bigger.cap, 1);
	for (i = 0; i < m->cap; i++)
		if (m->used[i])
			sk_pprof_idmap_put(&bigger, m->keys[i], m->values[i]);
	sk_pprof_idmap_free(m);
	*m = bigger;
}
