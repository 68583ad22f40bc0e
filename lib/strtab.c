/*
 * strtab.c - interning strings into stable, deduplicated ids.
 */
#include "lib/strtab.h"
#include "lib/sk_util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK_SIZE = 64 * 1024 };

struct key {
	const char *s;
	size_t len;
};

static int str_eq(const void *arg, uint32_t id, const void *k)
{
	const sk_strtab *t = arg;
	const struct key *key = k;

	return t->lens[id] == key->len &&
	       memcmp(t->ptrs[id], key->s, key->len) == 0;
}

static char *store(sk_strtab *t, const char *s, size_t len)
{
	char *dst;

	if (!t->chunk || t->chunk_used + len + 1 > t->chunk_size) {
		/* A string larger than a chunk gets a chunk of its own. */
		size_t size = len + 1 > CHUNK_SIZE ? len + 1 : CHUNK_SIZE;
		sk_xgrow((void **)&t->chunks, &t->chunks_cap, t->nchunks + 1,
			 sizeof *t->chunks);
		t->chunk = sk_xmalloc(size);
		t->chunks[t->nchunks++] = t->chunk;
		t->chunk_size = size;
		t->chunk_used = 0;
	}
	dst = t->chunk + t->chunk_used;
	memcpy(dst, s, len);
	dst[len] = '\0';
	t->chunk_used += len + 1;
	return dst;
}

void sk_strtab_init(sk_strtab *t)
{
	memset(t, 0, sizeof *t);
	sk_index_init(&t->index);
	sk_strtab_intern(t, "", 0);
}

void sk_strtab_free(sk_strtab *t)
{
	size_t i;

	for (i = 0; i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	free(t->ptrs);
	free(t->lens);
	sk_index_free(&t->index);
	memset(t, 0, sizeof *t);
}

uint32_t sk_strtab_intern(sk_strtab *t, const char *s, size_t len)
{
	struct key key = { s, len };
	uint64_t h = sk_hash_bytes(s, len, 0);
	uint32_t id = sk_index_find(&t->index, h, str_eq, t, &key);

	if (id != UINT32_MAX)
		return id;
	if (len > UINT32_MAX)
		abort();	/* callers bound strings by sk_limits first */
	id = (uint32_t)t->count;
	if (t->count == t->cap) {
		sk_xgrow((void **)&t->ptrs, &t->cap, t->count + 1,
			 sizeof *t->ptrs);
		t->lens = sk_xrealloc(t->lens, t->cap * sizeof *t->lens);
	}
	t->ptrs[id] = store(t, s, len);
	t->lens[id] = (uint32_t)len;
	t->count++;
	sk_index_insert(&t->index, h, id);
	return id;
}

uint32_t sk_strtab_index(sk_strtab *t, const void *key, size_t len,
			 int *added)
{
	size_t before = t->count;
	uint32_t id = sk_strtab_intern(t, key, len);

	assert(len > 0);
	if (added)
		*added = t->count != before;
	return id - 1;
}

const char *sk_strtab_key(const sk_strtab *t, uint32_t index, size_t *len)
{
	assert(index + 1 < t->count);
	*len = t->lens[index + 1];
	return t->ptrs[index + 1];
}

size_t sk_strtab_count(const sk_strtab *t)
{
	return t->count ? t->count - 1 : 0;
}
