/*
 * pprof_map.c - the id map of the pprof module.  pprof names its objects
 * by arbitrary uint64 ids (Go uses small sequential ones, other writers use
 * addresses); the reader maps them to array indices, the writer maps model
 * strings to string table indices.  The pairs sit in a dense array and the
 * library's sk_index finds them, so there is one hash table to tune.
 * The stack map (location id sequences to tree nodes) lives here too.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sk_format_author.h"
#include "formats/pprof/pprof.h"

static uint32_t pair_find(const sk_pprof_idmap *m, uint64_t key);

/* Allocates nothing: the readers return early on bad input, and a map
 * nothing was put in needs no freeing then. */
void sk_pprof_idmap_init(sk_pprof_idmap *m)
{
	memset(m, 0, sizeof(*m));
}

void sk_pprof_idmap_free(sk_pprof_idmap *m)
{
	if (m->pairs)
		sk_index_free(&m->index);
	free(m->pairs);
	free(m->dense);
	memset(m, 0, sizeof(*m));
}

/* A key goes to the dense array when it is below a few times the number
 * of keys put so far: sequential ids always do, addresses never, and the
 * array stays a small multiple of the map. */
static int dense_fits(const sk_pprof_idmap *m, uint64_t key)
{
	return key < 4 * (uint64_t)m->count + 1024 && key < UINT32_MAX;
}

/* The pair id of key, or UINT32_MAX. */
static uint32_t pair_find(const sk_pprof_idmap *m, uint64_t key)
{
	sk_index_probe pr;
	uint32_t id;

	if (!m->pairs)
		return UINT32_MAX;
	pr = sk_index_probe_start(&m->index, sk_hash_u64(key));
	while ((id = sk_index_probe_next(&m->index, &pr)) != UINT32_MAX)
		if (m->pairs[id].key == key)
			return id;
	return UINT32_MAX;
}

int sk_pprof_idmap_get(const sk_pprof_idmap *m, uint64_t key, uint32_t *value)
{
	uint32_t id;

	if (key < m->dense_len && m->dense[key]) {
		*value = m->dense[key] - 1;
		return 0;
	}
	id = pair_find(m, key);
	if (id == UINT32_MAX)
		return -1;
	*value = m->pairs[id].value;
	return 0;
}

int sk_pprof_idmap_put(sk_pprof_idmap *m, uint64_t key, uint32_t value)
{
	uint32_t old;

	if (sk_pprof_idmap_get(m, key, &old) == 0)
		return -1;
	if (dense_fits(m, key) && value < UINT32_MAX) {
		if (key >= m->dense_len) {
			size_t n = m->dense_len ? m->dense_len : 64;

			while (n <= key)
				n *= 2;
			m->dense = sk_xrealloc(m->dense, n * sizeof(*m->dense));
			memset(m->dense + m->dense_len, 0,
			       (n - m->dense_len) * sizeof(*m->dense));
			m->dense_len = n;
		}
		m->dense[key] = value + 1;
		m->count++;
		return 0;
	}
	if (!m->pairs)
		sk_index_init(&m->index);
	sk_xgrow((void **)&m->pairs, &m->cap, m->npairs + 1, sizeof(*m->pairs));
	m->pairs[m->npairs].key = key;
	m->pairs[m->npairs].value = value;
	sk_index_insert(&m->index, sk_hash_u64(key), (uint32_t)m->npairs);
	m->npairs++;
	m->count++;
	return 0;
}

/* Allocates nothing, as sk_pprof_idmap_init. */
void sk_pprof_stackmap_init(sk_pprof_stackmap *m)
{
	memset(m, 0, sizeof(*m));
}

void sk_pprof_stackmap_free(sk_pprof_stackmap *m)
{
	if (m->stacks)
		sk_index_free(&m->index);
	free(m->stacks);
	free(m->pool);
	memset(m, 0, sizeof(*m));
}

uint64_t sk_pprof_stack_hash(const uint64_t *ids, size_t n)
{
	uint64_t h = n * 0x9fb21c651e98df25ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h = (h ^ ids[i]) * 0x9fb21c651e98df25ULL;
		h ^= h >> 29;
	}
	return sk_hash_u64(h);
}

const sk_pprof_stack *sk_pprof_stackmap_find(const sk_pprof_stackmap *m,
					     uint64_t h, const uint64_t *ids,
					     size_t n)
{
	sk_index_probe pr;
	uint32_t id;

	if (!m->stacks)
		return NULL;
	pr = sk_index_probe_start(&m->index, h);
	while ((id = sk_index_probe_next(&m->index, &pr)) != UINT32_MAX) {
		const sk_pprof_stack *st = &m->stacks[id];

		if (st->n == n &&
		    (n == 0 ||
		     memcmp(m->pool + st->ids, ids, n * sizeof(*ids)) == 0))
			return st;
	}
	return NULL;
}

void sk_pprof_stackmap_put(sk_pprof_stackmap *m, uint64_t h,
			   const uint64_t *ids, size_t n, sk_node_id node,
			   uint64_t frames)
{
	sk_pprof_stack *st;

	if (!m->stacks)
		sk_index_init(&m->index);
	sk_xgrow((void **)&m->stacks, &m->cap, m->count + 1,
		 sizeof(*m->stacks));
	sk_xgrow((void **)&m->pool, &m->pool_cap, m->pool_len + n,
		 sizeof(*m->pool));
	if (n)
		memcpy(m->pool + m->pool_len, ids, n * sizeof(*ids));
	st = &m->stacks[m->count];
	st->ids = m->pool_len;
	m->pool_len += n;
	st->n = n;
	st->node = node;
	st->frames = frames;
	sk_index_insert(&m->index, h, (uint32_t)m->count++);
}
