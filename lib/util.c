/*
 * util.c - the internal helpers of sk_util.h: aborting allocators, the hash
 * used by every table, and small text parsers shared by text formats.
 */
#include "lib/sk_util.h"
#include <stackkit/sk_error.h>

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The one piece of process-wide state: what an allocation failure does.
 * It is set once by a program before any work (redis' zmalloc has the
 * same hook), never by the library itself. */
static sk_oom_fn oom_handler;

void sk_set_oom_handler(sk_oom_fn fn)
{
	oom_handler = fn;
}

/* Allocation failure is fatal (see sk_util.h): the program's handler, then
 * abort() rather than exit(), so a core dump shows where, and so no library
 * code "exits". */
static void out_of_memory(size_t n)
{
	if (oom_handler)
		oom_handler(n);
	abort();
}

void *sk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *sk_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *sk_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

void sk_xgrow(void **array, size_t *cap, size_t need, size_t elem)
{
	size_t n;

	if (need <= *cap)
		return;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			out_of_memory(SIZE_MAX);
		n *= 2;
	}
	*array = sk_xrealloc(*array, n * elem);
	*cap = n;
}

void sk_release_free_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

char *sk_xstrndup(const char *s, size_t n)
{
	char *d = sk_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *sk_xstrdup(const char *s)
{
	return sk_xstrndup(s, strlen(s));
}

static inline uint64_t read64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* wyhash-like: 8 bytes at a time with a 128-bit multiply fold.  Not
 * cryptographic; tables are sized so an adversary gains nothing worse than
 * slow lookups on inputs that are already bounded. */
uint64_t sk_hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL ^ (len * 0xa0761d6478bd642fULL);
	size_t i = 0;

	for (; i + 16 <= len; i += 16)
		h = mix(read64(p + i) ^ 0xe7037ed1a0b428dbULL,
			read64(p + i + 8) ^ h);
	if (i + 8 <= len) {
		h = mix(read64(p + i) ^ 0x8ebc6af09c88c6e3ULL, h ^ 0x589965cc75374cc3ULL);
		i += 8;
	}
	if (i < len) {
		uint64_t t = 0;
		memcpy(&t, p + i, len - i);
		h = mix(t ^ 0x1d8e4e27c47d124fULL, h ^ 0xa0761d6478bd642fULL);
	}
	return mix(h, 0xe7037ed1a0b428dbULL ^ len);
}

int sk_parse_weight(const char *s, size_t len, double *out)
{
	size_t i = 0, digits = 0;
	int neg = 0;
	double v = 0, scale = 1;

	if (len && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (i < len && s[i] == '.') {
		/* FlameGraph's regex accepts "12." as well as "12.5". */
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
			scale /= 10;
			v += (s[i] - '0') * scale;
		}
	}
	if (i != len || digits == 0)
		return -1;
	if (scale != 1 || digits > 15) {
		/* Decimals, and integers past 2^53: let strtod round. */
		char *tmp = sk_xstrndup(s, len);
		*out = strtod(tmp, NULL);
		free(tmp);
		return 0;
	}
	*out = neg ? -v : v;
	return 0;
}

int sk_has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && memcmp(path + n - m, suffix, m) == 0;
}
