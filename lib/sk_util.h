/*
 * sk_util.h - small internal helpers shared by lib/ and formats/ (not
 * installed): aborting allocators, a fast hash, text scanning helpers.
 *
 * libstackkit treats allocation failure as fatal, like redis' zmalloc: the
 * inputs that could ask for absurd sizes are bounded by sk_limits first.
 */
#ifndef STACKKIT_SK_UTIL_H
#define STACKKIT_SK_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *sk_xmalloc(size_t n);
void *sk_xcalloc(size_t count, size_t size);
void *sk_xrealloc(void *p, size_t n);
/* Grows *array (of elem-size items) so index `need - 1` fits; doubles. */
void sk_xgrow(void **array, size_t *cap, size_t need, size_t elem);
char *sk_xstrdup(const char *s);
char *sk_xstrndup(const char *s, size_t n);
/* After a reader freed large scratch tables: hands the freed heap pages
 * back to the system (glibc keeps them resident, and the large arrays
 * allocated next are mapped anew instead of filling those holes, so peak
 * memory would count both).  Nothing elsewhere. */
void sk_release_free_memory(void);

/* 64-bit hash of bytes (wyhash-style mixing); stable across runs. */
uint64_t sk_hash_bytes(const void *data, size_t len, uint64_t seed);
static inline uint64_t sk_hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Parses a decimal weight "123" or "12.5" (no sign, no exponent) from
 * [s, s+len); returns 0 and the value, -1 if it is not one. */
int sk_parse_weight(const char *s, size_t len, double *out);

/* Does path end with suffix (case-sensitive)? */
int sk_has_suffix(const char *path, const char *suffix);

#endif
