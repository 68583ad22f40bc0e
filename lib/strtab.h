/*
 * strtab.h - the string interner behind sk_str ids (internal).
 *
 * Strings live in chunks that never move, so the pointer for an id stays
 * valid for the life of the table.  Id 0 is the empty string.
 */
#ifndef STACKKIT_STRTAB_H
#define STACKKIT_STRTAB_H

#include <stddef.h>
#include <stdint.h>
#include "lib/sk_index.h"

typedef struct sk_strtab {
	const char **ptrs;	/* id -> NUL-terminated bytes */
	uint32_t *lens;
	size_t count;
	size_t cap;
	char *chunk;		/* current chunk being filled */
	size_t chunk_used;
	size_t chunk_size;
	char **chunks;		/* every chunk, for freeing */
	size_t nchunks;
	size_t chunks_cap;
	sk_index index;
} sk_strtab;

void sk_strtab_init(sk_strtab *t);
void sk_strtab_free(sk_strtab *t);
uint32_t sk_strtab_intern(sk_strtab *t, const char *s, size_t len);
/* For tables keyed by non-empty byte strings (formats' dedup maps): the
 * key's index counting from 0, as id 0 belongs to "", and in *added
 * (if not NULL) whether this call added it. */
uint32_t sk_strtab_index(sk_strtab *t, const void *key, size_t len,
			 int *added);
/* The key of index (as sk_strtab_index counts), and how many there are. */
const char *sk_strtab_key(const sk_strtab *t, uint32_t index, size_t *len);
size_t sk_strtab_count(const sk_strtab *t);

#endif
