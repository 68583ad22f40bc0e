/*
 * pprof_map.c - the two hash maps of the pprof module.  pprof names its
 * objects by arbitrary uint64 ids (Go uses small sequential ones, other
 * writers use addresses), and the writer needs a deduplicated string table,
 * so both directions need a map; neither needs deletion.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sk_util.h"
#include "formats/pprof/pprof.h"

static void idmap_grow(sk_pprof_idmap *m);
static void strmap_grow(sk_pprof_strmap *m);

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

void sk_pprof_strmap_init(sk_pprof_strmap *m)
{
	sk_buf empty = SK_BUF_INIT;

	m->cap = 0;
	m->count = 0;
	m->slots = NULL;
	m->bytes = empty;
}

void sk_pprof_strmap_free(sk_pprof_strmap *m)
{
	free(m->slots);
	sk_buf_free(&m->bytes);
	sk_pprof_strmap_init(m);
}

uint32_t sk_pprof_strmap_intern(sk_pprof_strmap *m, const void *data,
				size_t len, int *added)
{
	uint64_t h = sk_hash_bytes(data, len, 0x70726f66ULL);
	struct sk_pprof_strslot *s;
	size_t i;

	if ((m->count + 1) * 2 > m->cap)
		strmap_grow(m);
	for (i = h & (m->cap - 1); m->slots[i].used;
	     i = (i + 1) & (m->cap - 1)) {
		s = &m->slots[i];
		if (s->hash == h && s->len == len &&
		    (len == 0 ||
		     memcmp(m->bytes.data + s->offset, data, len) == 0)) {
			if (added)
				*added = 0;
			return s->value;
		}
	}
	s = &m->slots[i];
	s->used = 1;
	s->hash = h;
	s->offset = m->bytes.len;
	s->len = len;
	s->value = (uint32_t)m->count++;
	sk_buf_append(&m->bytes, data, len);
	if (added)
		*added = 1;
	return s->value;
}

static void strmap_grow(sk_pprof_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	struct sk_pprof_strslot *slots = sk_xcalloc(cap, sizeof(*slots));
	size_t i, j;

	for (i = 0; i < m->cap; i++) {
		if (!m->slots[i].used)
			continue;
		for (j = m->slots[i].hash & (cap - 1); slots[j].used;
		     j = (j + 1) & (cap - 1))
			;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}
