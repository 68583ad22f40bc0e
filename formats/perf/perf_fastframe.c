/*
 * perf_fastframe.c - the usual shape of a frame line, "\t    ADDR SYM+0xOFF
 * (DSO)", parsed with a few SSE2 compares and bit masks instead of the
 * byte loops and library searches of perf_parse_frame.
 *
 * Recordings whose return addresses vary (the mixed bench profile) parse
 * every frame line, and there perf_parse_frame spent about 220
 * instructions and two mispredicted branches a line: loops over the
 * address, memrchr and memchr for the dso, a loop over the offset's
 * digits, each ending at a different count on every line.  Here every
 * position is found in masks of a 32-byte head and a 64-byte tail.
 *
 * This is a shortcut, never a second grammar: it answers only when every
 * rule perf_parse_frame would apply is visibly satisfied, and gives up
 * (returns 0) on anything else, which then takes the general path.  What
 * it needs: the address after blanks and tabs within the first 32 bytes
 * followed by one blank and a non-blank, the line ending in ')', the
 * last '(' within its last 64 bytes, preceded by a blank and followed by
 * no ')' but the last.  tests/formats/perf/test_fastframe compares the
 * two on generated and mutated lines.
 */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "formats/perf/perf_private.h"

#if defined(__SSE2__)
/* Masks of 16 bytes: bit i is byte i. */
static inline unsigned eq16(__m128i b, char c)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8(c)));
}

/* lo <= b <= hi; bytes from 0x80 up are negative and never in range. */
static inline __m128i range16(__m128i b, char lo, char hi)
{
	return _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8((char)(lo - 1))),
			     _mm_cmpgt_epi8(_mm_set1_epi8((char)(hi + 1)), b));
}

/* Perl's \w: [0-9A-Za-z_].  Setting bit 5 maps A-Z onto a-z and nothing
 * else onto a-z. */
static inline unsigned word16(__m128i b)
{
	__m128i lower = _mm_or_si128(b, _mm_set1_epi8(0x20));
	__m128i w = _mm_or_si128(range16(b, '0', '9'),
				 range16(lower, 'a', 'z'));

	w = _mm_or_si128(w, _mm_cmpeq_epi8(b, _mm_set1_epi8('_')));
	return (unsigned)_mm_movemask_epi8(w);
}

/* [0-9a-f], the digits the offset suffix is stripped of. */
static inline unsigned lhex16(__m128i b)
{
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
		range16(b, '0', '9'), range16(b, 'a', 'f')));
}

static inline __m128i load16(const char *p)
{
	return _mm_loadu_si128((const void *)p);
}

static int is_space_byte(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int perf_parse_frame_fast(const char *lo, const char *s, size_t n,
			  perf_frame *f)
{
	const char *q;		/* the tail window: 64 bytes ending at s[n] */
	uint32_t sp, word;
	uint64_t open = 0, close = 0, lhex = 0, valid, below;
	unsigned k, e, po, ph;
	size_t oi, sym_len, h;
	int j;

	if (!lo || n < 32 || (size_t)(s - lo) + n < 64 || s[n - 1] != ')')
		return 0;
	q = s + n - 64;
	/* The address: blanks, then word bytes ending before byte 32 (an
	 * empty one ends at a byte that is no blank, and s[e] is one). */
	{
		__m128i b0 = load16(s), b1 = load16(s + 16);

		sp = (eq16(b0, ' ') | eq16(b0, '\t')) |
		     (eq16(b1, ' ') | eq16(b1, '\t')) << 16;
		word = word16(b0) | word16(b1) << 16;
	}
	if (sp == UINT32_MAX)
		return 0;
	k = (unsigned)__builtin_ctz(~sp);
	e = k + (unsigned)__builtin_ctzll(~((uint64_t)word >> k));
	if (e >= 31 || s[e] != ' ' || is_space_byte(s[e + 1]))
		return 0;
	/* The dso: the last '(' of the tail, no ')' after it but the last
	 * byte's. */
	for (j = 0; j < 4; j++) {
		__m128i b = load16(q + 16 * j);

		open |= (uint64_t)eq16(b, '(') << (16 * j);
		close |= (uint64_t)eq16(b, ')') << (16 * j);
		lhex |= (uint64_t)lhex16(b) << (16 * j);
	}
	/* Bits of bytes before s (n < 64) count only in `below`: a '(' there
	 * leaves no byte of the line under it, and a ')' there lies below
	 * the line's '('. */
	valid = n >= 64 ? UINT64_MAX : UINT64_MAX << (64 - n);
	close &= ~(1ULL << 63);
	if (!open)
		return 0;
	po = 63 - (unsigned)__builtin_clzll(open);
	if (po < 2 || (close >> po))
		return 0;
	/* The offset suffix: the digits back from the blank before '('. */
	below = ~lhex & valid & ((1ULL << (po - 1)) - 1);
	if (!below)
		return 0;	/* no line byte there, or digits all the way */
	oi = n - 64 + po;
	if (oi <= (size_t)e + 2 || s[oi - 1] != ' ')
		return 0;
	ph = 63 - (unsigned)__builtin_clzll(below);
	f->pc = s + k;
	f->pc_len = e - k;
	f->sym = s + e + 1;
	sym_len = oi - e - 2;
	h = n - 64 + ph + 1 - (e + 1);
	/* h >= 3 changes no answer (below it the compares would meet s[e],
	 * a blank), but keeps the index from wrapping: sym[h - 1] with h == 0
	 * is undefined however it would end. */
	if (h < sym_len && h >= 3 && f->sym[h - 1] == 'x' &&
	    f->sym[h - 2] == '0' && f->sym[h - 3] == '+')
		sym_len = h - 3;
	f->sym_len = sym_len;
	f->dso = s + oi + 1;
	f->dso_len = n - oi - 2;
	f->srcline = NULL;
	f->srcline_len = 0;
	return 1;
}
#else
int perf_parse_frame_fast(const char *lo, const char *s, size_t n,
			  perf_frame *f)
{
	(void)lo, (void)s, (void)n, (void)f;
	return 0;
}
#endif
