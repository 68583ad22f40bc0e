/*
 * perf_hdrcache.c - record headers parsed once per thread, CPU and event
 * instead of once per record.
 *
 * The headers of a recording differ, record to record of one thread on
 * one CPU, in the digits of the time and often of the period only:
 *
 *     kv-worker-6 7001/7008 [001] 50000.000110:     250000 cpu-clock:pppH:
 *
 * perf_parse_header costs about 1,000 instructions a header (a sixth of
 * the scan of the c-threads bench profile), this a hash and three
 * compares.  A header whose bytes equal a template's except in the time's
 * and the period's digits, with its '.' at the same place, takes the
 * template's parse with the two numbers read again.
 *
 * Why that is exact: perf_parse_header decides on character classes only
 * (blank, digit, word character, and equality with punctuation such as
 * ':', '[', '/', '.'), and a digit for a digit changes none of them.  So it
 * walks such a line the same way and finds every field at the same
 * offsets; only values it computes from the digits that differ can
 * change, and a template is kept only when those are the time and period
 * read from exactly those digits.  Everything else is a pointer into the
 * line, rebased.
 */
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

/* Longer headers (a long comm or event) are parsed every time. */
enum { HDR_MAX_LEN = 192 };
/* At most this many templates per scanner (distinct thread, CPU and
 * event triples, about 24 KiB of text at the bench profiles' lengths). */
enum { HDR_MAX = 1024, HDR_SLOTS = 2 * HDR_MAX };
/* Misses before the cache is judged, and the hits it needs by then. */
enum { HDR_TRIAL = 4096, HDR_TRIAL_HITS = HDR_TRIAL / 4 };

/* Where a header's variable digits are: the word of digits and one '.'
 * (at t_dot) before its first ':' (the time), and the digits after that
 * colon and its blanks (the period, when the parse agrees).  Offsets into
 * the line; no digits there when p_at == p_end. */
typedef struct hdr_spans {
	size_t t_at, t_dot, t_end, p_at, p_end;
} hdr_spans;

typedef struct hdr_template {
	char *text;		/* the line parsed */
	size_t len;
	hdr_spans sp;
	perf_header h;		/* its pointers into text */
	int period_from_p;	/* h.period was read from the period span */
	int fixed_ids;		/* comm, pid, tid, cpu and event lie outside
				 * the spans: the same in every line served */
	uint32_t memo;		/* perf_header.memo */
} hdr_template;

struct perf_hdrcache {
	hdr_template *t;
	size_t n, cap;
	uint32_t slot[HDR_SLOTS];	/* template + 1, 0: free */
	uint64_t tries, hits;
	int off;
};

perf_hdrcache *perf_hdrcache_new(void)
{
	return sk_xcalloc(1, sizeof(perf_hdrcache));
}

void perf_hdrcache_free(perf_hdrcache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->t[i].text);
	free(c->t);
	free(c);
}

uint64_t perf_hdrcache_hits(const perf_hdrcache *c)
{
	return c->hits;
}

/* The bytes of the spans, by table: 1 a digit, 2 '.', 0 any other. */
static const unsigned char span_class[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['.'] = 2,
};

/* Finds the spans of s, or returns 0 when it has no such shape. */
static int find_spans(const char *s, size_t n, hdr_spans *sp)
{
	const char *colon = memchr(s, ':', n);
	size_t c, a, p, e, dots = 0;
	unsigned k;

	if (!colon)
		return 0;
	c = (size_t)(colon - s);
	/* One '.' exactly: a time has one, and t_dot is then set. */
	for (a = c; a > 0 && (k = span_class[(unsigned char)s[a - 1]]); a--)
		if (k == 2)
			dots++, sp->t_dot = a - 1;
	if (dots != 1 || a == 0)
		return 0;
	sp->t_at = a;
	sp->t_end = c;
	for (p = c + 1; p < n && s[p] == ' '; p++)
		;
	for (e = p; e < n && span_class[(unsigned char)s[e]] == 1; e++)
		;
	sp->p_at = p;
	sp->p_end = e;
	return 1;
}

/* A hash of s without its variable digits: its first 8 bytes, the 8
 * before the time, its last 8, and the spans (fits compares the rest). */
static uint64_t spans_hash(const char *s, size_t n, const hdr_spans *sp)
{
	const uint64_t m = 0x9fb21c651e98df25ULL;
	uint64_t h = (n ^ sp->t_at << 8 ^ sp->t_dot << 16 ^ sp->t_end << 24 ^
		      (uint64_t)sp->p_at << 40 ^ (uint64_t)sp->p_end << 52) * m;

	h = (h ^ perf_tail8(s, 0, sp->t_at < 8 ? sp->t_at : 8)) * m;
	h = (h ^ perf_tail8(s, 0, sp->t_at)) * m;
	h = (h ^ perf_tail8(s + sp->p_end, 0, n - sp->p_end)) * m;
	return sk_hash_u64(h);
}

/* Does s fit template t: the same bytes outside the spans, and spans of
 * the same shape (find_spans made them digits and one '.'; between them
 * are the colon and blanks only, so equal spans make that part equal)? */
static int fits(const hdr_template *t, const char *s, size_t n,
		const hdr_spans *sp)
{
	const char *q = t->text;

	return t->len == n && memcmp(&t->sp, sp, sizeof(*sp)) == 0 &&
	       perf_same_bytes(q, s, sp->t_at) &&
	       perf_same_bytes(q + sp->p_end, s + sp->p_end, n - sp->p_end);
}

/* Moves the pointers of h from one copy of a line to another. */
static const char *rebase(const char *p, const char *from, const char *to)
{
	return p ? to + (p - from) : NULL;
}

static void rebase_header(perf_header *h, const char *from, const char *to)
{
	h->comm = rebase(h->comm, from, to);
	h->pid = rebase(h->pid, from, to);
	h->tid = rebase(h->tid, from, to);
	h->cpu = rebase(h->cpu, from, to);
	h->event = rebase(h->event, from, to);
	h->rest = rebase(h->rest, from, to);
	h->period_text = rebase(h->period_text, from, to);
	h->time_text = rebase(h->time_text, from, to);
}

/* Does the field at p (len bytes, NULL: none) of line s lie outside its
 * spans? */
static int outside(const char *p, size_t len, const char *s,
		   const hdr_spans *sp)
{
	return !p || p + len <= s + sp->t_at || p >= s + sp->p_end;
}

static size_t slot_of(uint64_t hash)
{
	return (size_t)(hash >> 7) & (HDR_SLOTS - 1);
}

/* Keeps the parse h of s (n bytes, spans sp) as a template, when its
 * time is the time span's digits and its period, if any, is the period
 * span's or lies outside both spans; returns it, or NULL. */
static hdr_template *remember(perf_hdrcache *c, const char *s, size_t n,
			      const hdr_spans *sp, uint64_t hash,
			      const perf_header *h)
{
	hdr_template *t;
	size_t i = slot_of(hash);
	int from_p = 0;

	if (c->n == HDR_MAX || !h->has_time || h->time_text != s + sp->t_at ||
	    h->time_len != sp->t_end - sp->t_at)
		return NULL;
	if (h->has_period) {
		const char *pt = h->period_text;

		from_p = pt == s + sp->p_at && h->period_len ==
			 sp->p_end - sp->p_at;
		if (!from_p && !outside(pt, h->period_len, s, sp))
			return NULL;
	}
	while (c->slot[i])
		i = (i + 1) & (HDR_SLOTS - 1);
	sk_xgrow((void **)&c->t, &c->cap, c->n + 1, sizeof(*c->t));
	t = &c->t[c->n];
	t->text = sk_xmalloc(n);
	memcpy(t->text, s, n);
	t->len = n;
	t->sp = *sp;
	t->h = *h;
	rebase_header(&t->h, s, t->text);
	t->period_from_p = from_p;
	t->fixed_ids = outside(h->comm, h->comm_len, s, sp) &&
		       outside(h->pid, h->pid_len, s, sp) &&
		       outside(h->tid, h->tid_len, s, sp) &&
		       outside(h->cpu, h->cpu_len, s, sp) &&
		       outside(h->event, h->event_len, s, sp);
	t->memo = UINT32_MAX;
	c->slot[i] = (uint32_t)++c->n;
	return t;
}

/* The template s fits, or NULL. */
static hdr_template *lookup(perf_hdrcache *c, const char *s, size_t n,
			    const hdr_spans *sp, uint64_t hash)
{
	size_t i;

	for (i = slot_of(hash); c->slot[i]; i = (i + 1) & (HDR_SLOTS - 1)) {
		hdr_template *t = &c->t[c->slot[i] - 1];

		if (fits(t, s, n, sp))
			return t;
	}
	return NULL;
}

/* From template t, the parse of s: its fields rebased, its numbers read
 * again.  0 when the time does not parse (the full parse decides).  With
 * 9 digits of seconds or fewer the time always parses (perf_parse_time
 * refuses only what would overflow), so it is read only when wanted. */
static int from_template(hdr_template *t, const char *s, int want_time,
			 perf_header *h)
{
	*h = t->h;
	rebase_header(h, t->text, s);
	h->memo = t->fixed_ids ? &t->memo : NULL;
	if ((want_time || t->sp.t_dot - t->sp.t_at > 9) &&
	    !perf_parse_time(h->time_text, h->time_len, &h->time))
		return 0;
	/* A fixed period (cpu-clock's) is the template's. */
	if (t->period_from_p &&
	    !perf_same_bytes(t->h.period_text, h->period_text, h->period_len))
		h->period = perf_parse_u64(h->period_text, h->period_len);
	return 1;
}

int perf_hdrcache_parse(perf_hdrcache *c, const char *s, size_t n,
			int want_time, perf_header *h)
{
	hdr_spans sp;
	uint64_t hash;
	hdr_template *t;

	if (!c || c->off || n > HDR_MAX_LEN || !find_spans(s, n, &sp))
		return perf_parse_header(s, n, h);
	hash = spans_hash(s, n, &sp);
	if ((t = lookup(c, s, n, &sp, hash)) && from_template(t, s, want_time, h)) {
		c->hits++;
		return 1;
	}
	if (++c->tries == HDR_TRIAL && c->hits < HDR_TRIAL_HITS)
		c->off = 1;
	if (!perf_parse_header(s, n, h))
		return 0;
	if (!t && (t = remember(c, s, n, &sp, hash, h)) && t->fixed_ids)
		h->memo = &t->memo;
	return 1;
}
