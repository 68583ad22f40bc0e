/*
 * perf_chain.c - a cache from the text of a record's whole call chain (the
 * lines between its header and the blank line that ends it) to what
 * scanning those lines did to the record: the frame line ids appended to
 * its key, and its depth.
 *
 * A recording of one program prints a few thousand distinct call chains
 * over and over, each time as the same bytes (the addresses are those of
 * call sites), so one hash and one compare per record replace a line
 * search, a hash and a lookup per frame line.  Recordings whose chains
 * rarely repeat (a busy machine, varying return addresses) turn the cache
 * off after a trial, and it stops growing at a fixed size.
 *
 * Replaying is exact because a chain is remembered only when scanning it
 * line by line (perf_scan_line, the code every other line goes through)
 * did nothing but extend the record: no new record, no unrecognized or
 * orphan line, no error.  Those effects depend on the line bytes, the
 * options and the state after a header only, so equal bytes would do the
 * same again.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

/* Chains longer than this are scanned line by line (and not searched for
 * further than this either: one unterminated record costs this much). */
enum { CHAIN_MAX_TEXT = 64 * 1024 };
/* What a scanner keeps at most: the text and ids of its chains.  The
 * c-threads bench profile fills 4 MiB with 4,440 chains and 2 MiB with
 * half of them, in the same time (the chains seen first are the common
 * ones), and two scanners then hold 4 MB less at their peak. */
enum { CHAIN_MAX_BYTES = 2 * 1024 * 1024 };
/* Records looked up before the cache is judged, and the hits it needs. */
enum { CHAIN_TRIAL = 4096, CHAIN_TRIAL_HITS = CHAIN_TRIAL / 4 };
/* The memo of entries (see perf_chains_entry) stops growing here: 1.5 MiB.
 * The c-threads bench profile has about 30,000 (head, chain) pairs per
 * scanner. */
enum { MEMO_MAX_SLOTS = 1 << 17 };

/* A (head, chain) pair and the entry its records count into. */
typedef struct perf_memo_slot {
	uint32_t head, chain;
	uint32_t entry1;	/* entry + 1; 0: the slot is free */
} perf_memo_slot;

typedef struct perf_chain {
	size_t text_off;	/* in perf_chains.text */
	uint32_t text_len;
	uint32_t ids_off;	/* in perf_chains.ids */
	uint32_t n_ids;
	uint32_t depth;		/* the record's depth after the chain */
	int after_frame;	/* the chain's last line was a frame line */
} perf_chain;

struct perf_chains {
	perf_chain *chains;
	size_t n_chains, cap_chains;
	sk_index index;
	sk_buf text;
	uint32_t *ids;
	size_t n_ids, cap_ids;
	uint64_t tries, hits;
	perf_memo_slot *memo;
	size_t memo_mask, memo_used;
};

perf_chains *perf_chains_new(void)
{
	perf_chains *c = sk_xcalloc(1, sizeof(*c));

	sk_index_init(&c->index);
	return c;
}

void perf_chains_free(perf_chains *c)
{
	if (!c)
		return;
	free(c->chains);
	sk_index_free(&c->index);
	sk_buf_free(&c->text);
	free(c->ids);
	free(c->memo);
	free(c);
}

/* Four independent lanes, so the multiplies overlap: chains are hundreds
 * of bytes and this runs once per record.  Each lane step is a bijection
 * of the lane (xor, then an odd multiplier); the shifts that bring high
 * bits down are left to the mixing at the end, since equal chains are
 * compared in full anyway. */
static uint64_t chain_hash(const unsigned char *s, size_t n)
{
	const uint64_t m = 0x9fb21c651e98df25ULL;
	uint64_t a = n * m, b = ~a, c = a ^ 0x5bd1e995, d = b ^ 0x27d4eb2f;
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		a = (a ^ perf_load8(s + i)) * m;
		b = (b ^ perf_load8(s + i + 8)) * m;
		c = (c ^ perf_load8(s + i + 16)) * m;
		d = (d ^ perf_load8(s + i + 24)) * m;
	}
	a ^= a >> 29, b ^= b >> 29, c ^= c >> 29, d ^= d >> 29;
	for (; i + 8 <= n; i += 8)
		a = (a ^ perf_load8(s + i)) * m, a ^= a >> 29;
	if (i < n)
		b = (b ^ perf_tail8(s, i, n)) * m;
	return sk_hash_u64(a ^ sk_hash_u64(b) ^ (c * m) ^ sk_hash_u64(d ^ c));
}

/* Is the line starting at s (before end) blank as perf_scan_line sees it:
 * empty, or a lone '\r'? */
static int blank_at(const unsigned char *s, const unsigned char *end)
{
	return s < end && (*s == '\n' || (*s == '\r' && s + 1 < end &&
					  s[1] == '\n'));
}

#if defined(__SSE2__)
/* Bit i: byte i of the 16 at p is a newline. */
static inline uint64_t nl_bits16(const unsigned char *p)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_loadu_si128((const void *)p), _mm_set1_epi8('\n')));
}
#endif

/* The length of the chain at s: up to and including the newline before
 * the first blank line, or 0 when there is none within CHAIN_MAX_TEXT
 * (or the chain is empty). */
static size_t chain_len(const unsigned char *s, size_t len)
{
	const unsigned char *end = s + (len < CHAIN_MAX_TEXT ? len :
					  CHAIN_MAX_TEXT);
	const unsigned char *p = s;

#if defined(__SSE2__)
	for (; p + 64 <= end; p += 64) {
		uint64_t mask = nl_bits16(p) | nl_bits16(p + 16) << 16 |
				nl_bits16(p + 32) << 32 |
				nl_bits16(p + 48) << 48;

		while (mask) {
			const unsigned char *q = p + __builtin_ctzll(mask);

			if (blank_at(q + 1, end))
				return q == s ? 0 : (size_t)(q + 1 - s);
			mask &= mask - 1;
		}
	}
#endif
	while (p < end) {
		const unsigned char *q = memchr(p, '\n', (size_t)(end - p));

		if (!q)
			break;
		if (blank_at(q + 1, end))
			return q == s ? 0 : (size_t)(q + 1 - s);
		p = q + 1;
	}
	return 0;
}

static const perf_chain *chain_find(const perf_chains *c, uint64_t h,
				    const unsigned char *s, size_t n)
{
	sk_index_probe pr = sk_index_probe_start(&c->index, h);
	uint32_t id;

	while ((id = sk_index_probe_next(&c->index, &pr)) != UINT32_MAX) {
		const perf_chain *ch = &c->chains[id];

		if (ch->text_len == n &&
		    memcmp(c->text.data + ch->text_off, s, n) == 0)
			return ch;
	}
	return NULL;
}

static void chain_replay(perf_scanner *sc, const perf_chain *ch)
{
	size_t n = (size_t)ch->n_ids * 4;

	sk_buf_reserve(&sc->key, n);
	if (n)
		memcpy(sc->key.data + sc->key.len,
		       sc->chains->ids + ch->ids_off, n);
	sc->key.len += n;
	sc->key.data[sc->key.len] = '\0';
	sc->depth = ch->depth;
	sc->after_frame = ch->after_frame;
}

static void chain_remember(perf_chains *c, uint64_t h, const char *s,
			   size_t n, const perf_scanner *sc, size_t key_from)
{
	size_t n_ids = (sc->key.len - key_from) / 4;
	perf_chain *ch;

	if (c->text.len + n + n_ids * 4 > CHAIN_MAX_BYTES)
		return;
	sk_xgrow((void **)&c->chains, &c->cap_chains, c->n_chains + 1,
		 sizeof(*c->chains));
	sk_xgrow((void **)&c->ids, &c->cap_ids, c->n_ids + n_ids,
		 sizeof(*c->ids));
	ch = &c->chains[c->n_chains];
	ch->text_off = c->text.len;
	ch->text_len = (uint32_t)n;
	ch->ids_off = (uint32_t)c->n_ids;
	ch->n_ids = (uint32_t)n_ids;
	ch->depth = (uint32_t)sc->depth;
	ch->after_frame = sc->after_frame;
	sk_buf_append(&c->text, s, n);
	if (n_ids)	/* a chain of comment lines has none */
		memcpy(c->ids + c->n_ids, sc->key.data + key_from, n_ids * 4);
	c->n_ids += n_ids;
	sk_index_insert(&c->index, h, (uint32_t)c->n_chains++);
}

static size_t memo_start(const perf_chains *c, uint32_t head, uint32_t chain)
{
	return (size_t)sk_hash_u64((uint64_t)head << 32 | chain) & c->memo_mask;
}

uint32_t perf_chains_entry(const perf_chains *c, uint32_t head,
			   uint32_t chain)
{
	size_t i;

	if (!c->memo)
		return UINT32_MAX;
	for (i = memo_start(c, head, chain);; i = (i + 1) & c->memo_mask) {
		const perf_memo_slot *m = &c->memo[i];

		if (!m->entry1)
			return UINT32_MAX;
		if (m->head == head && m->chain == chain)
			return m->entry1 - 1;
	}
}

static void memo_put(perf_chains *c, uint32_t head, uint32_t chain,
		     uint32_t entry)
{
	size_t i = memo_start(c, head, chain);

	while (c->memo[i].entry1)
		i = (i + 1) & c->memo_mask;
	c->memo[i].head = head;
	c->memo[i].chain = chain;
	c->memo[i].entry1 = entry + 1;
	c->memo_used++;
}

/* Doubles the memo (a new one has 1,024 slots); 0 when it is at its
 * size limit. */
static int memo_grow(perf_chains *c)
{
	perf_memo_slot *old = c->memo;
	size_t n = old ? c->memo_mask + 1 : 0, i;

	if (n >= MEMO_MAX_SLOTS)
		return 0;
	c->memo = sk_xcalloc(n ? 2 * n : 1024, sizeof(*c->memo));
	c->memo_mask = (n ? 2 * n : 1024) - 1;
	c->memo_used = 0;
	for (i = 0; i < n; i++)
		if (old[i].entry1)
			memo_put(c, old[i].head, old[i].chain,
				 old[i].entry1 - 1);
	free(old);
	return 1;
}

void perf_chains_set_entry(perf_chains *c, uint32_t head, uint32_t chain,
			   uint32_t entry)
{
	/* Half full at most while it may grow, three quarters once not. */
	if (!c->memo || 2 * (c->memo_used + 1) > c->memo_mask + 1) {
		if (!memo_grow(c) &&
		    4 * (c->memo_used + 1) > 3 * (c->memo_mask + 1))
			return;
	}
	memo_put(c, head, chain, entry);
}

/* Scans the n bytes of chain at s line by line; 0, or -1 with *pos at the
 * bad line. */
static int chain_scan_lines(perf_scanner *sc, const char *s, size_t n,
			    uint64_t base, size_t *pos)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = (size_t)(nl - s);

		if (perf_scan_line(sc, s + i, end - i, base + i) < 0) {
			*pos = i;
			return -1;
		}
		i = end + 1;
	}
	return 0;
}

size_t perf_chain_scan(perf_scanner *sc, const char *data, size_t len,
		       uint64_t base)
{
	perf_chains *c = sc->chains;
	const unsigned char *s = (const unsigned char *)data;
	size_t n = chain_len(s, len), key_from, bad;
	uint64_t h, records, unrecognized, orphans;
	const perf_chain *ch;

	if (n == 0 || sc->depth != 0)
		return 0;
	h = chain_hash(s, n);
	if ((ch = chain_find(c, h, s, n))) {
		c->hits++;
		sc->rec_chain = (uint32_t)(ch - c->chains);
		sc->rec_entry = perf_chains_entry(c, sc->rec_head,
						  sc->rec_chain);
		if (sc->rec_entry == UINT32_MAX) {
			chain_replay(sc, ch);
		} else {
			/* The key is not needed: the entry is known. */
			sc->depth = ch->depth;
			sc->after_frame = ch->after_frame;
		}
		return n;
	}
	if (++c->tries == CHAIN_TRIAL && c->hits < CHAIN_TRIAL_HITS) {
		perf_chains_free(c);
		sc->chains = NULL;
	}
	key_from = sc->key.len;
	records = sc->records;
	unrecognized = sc->unrecognized;
	orphans = sc->orphan_frames;
	if (chain_scan_lines(sc, data, n, base, &bad) < 0)
		return bad;
	if (sc->chains && sc->in_record && !sc->single_line &&
	    sc->records == records && sc->unrecognized == unrecognized &&
	    sc->orphan_frames == orphans)
		chain_remember(sc->chains, h, data, n, sc, key_from);
	return n;
}
