/*
 * collapsed_rewrite.c - folded stacks to folded stacks without the model:
 * the collapsed format's rewrite hook (sk_format.rewrite), for
 * `stackconv -t collapsed big.folded`, which aggregates equal stacks and
 * sorts them, as the stackcollapse scripts print them.
 *
 * The model would make a tree of ~15 nodes per distinct deep stack and a
 * view of it; here each line is hashed and added to a table of distinct
 * stacks, whose texts are copied once, and the table is sorted
 * (collapsed_sort.c) and written.  Memory is the distinct stacks: the
 * file is mapped and its pages dropped once scanned.  Threads take units
 * of the file, each into a table of its own; the tables are merged, and
 * as the sums are exact and the result sorted, the bytes do not depend
 * on the thread count.
 *
 * Only for the plain case, and only when the result is sure to be the
 * bytes of read + write: lines "frame;...;frame WEIGHT" with a weight of
 * digits (no sign, fraction or leading zero, below 10^15, all of them
 * summing to at most 2^53, so that the model's doubles add them exactly),
 * one space before it, no empty frame, no tab, CR or NUL, no frame the
 * demangler would rename, no '#' line, no byte order mark, no option.
 * Anything else declines, before a byte is written, and the model reads
 * the file as always.  The one error reported here is the reader's most
 * common one, a line without a weight after plain lines; any other line
 * the fast path cannot take makes it decline, and the reader says what
 * it says about it.
 */
#include <stackkit/stackkit.h>
#include "formats/collapsed_rewrite.h"
#include "lib/sk_format_author.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22	/* Linux 5.14 uapi; glibc 2.36 may lack it */
#endif

#define NO_EVENT SIZE_MAX
#define NOT_FOUND SIZE_MAX	/* a unit bound not looked for yet */
#define EXACT_MAX ((uint64_t)1 << 53)
enum { WEIGHT_DIGITS_MAX = 15, ARENA_CHUNK = 8 << 20 };

/* What a line is to the fast path. */
enum { LINE_TAKEN, LINE_DECLINE, LINE_ERROR };

/* Stack texts, copied once, in chunks that never move. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char text[];
};

/* Distinct stacks: entries in first-seen order, and an open-addressing
 * index of them (slot: the hash's high 32 bits, then entry index + 1). */
struct table {
	uint64_t *slots;
	size_t mask;
	struct cr_entry *entries;
	size_t n, cap;
	struct chunk *arena;
	const sk_context *ctx;
};

/* One unit's outcome: where its first line the fast path cannot take is
 * (NO_EVENT: none), whether that line is a sure error, and whether a
 * stack line came before it. */
struct unit_result {
	size_t event;
	int error;
	int has_data;
	uint64_t total;
};

/* The scan: every thread reads every unit, in order, and adds the lines
 * whose stack it owns (owner()), so the tables hold disjoint
 * stacks: each distinct text is copied and checked once, and the tables
 * are only put side by side at the end.  A unit's pages are dropped when
 * every thread is done with it; no thread runs more than LAG units ahead
 * of the slowest, so that few units are resident at a time. */
struct job {
	const char *text;
	size_t size, unit, n_units;
	size_t *bounds;			/* unit i is [bounds[i], bounds[i+1]) */
	struct unit_result *units;	/* unit i, thread t: i * owners + t */
	struct table *tables;
	unsigned owners;
	pthread_mutex_t lock;
	pthread_cond_t moved;
	unsigned *unit_done;		/* threads done with each unit */
	size_t frontier;		/* units all threads are done with */
	size_t stop_at;			/* first unit with an event, or n_units */
	int go;
	size_t page;
	sk_input *mapped;
};

enum { LAG = 4 };

/* ---- the table ---- */

/* Asks for huge pages under the 2 MiB-aligned part of a big block: the
 * table, the entries and the texts are hundreds of MB read at random, and
 * 4 KiB pages cost a fault each to fill and a TLB miss per access. */
static void huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(huge - 1);

	if (b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

static char *arena_copy(struct chunk **a, const char *s, size_t n)
{
	if (!*a || (*a)->cap - (*a)->used < n) {
		size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		struct chunk *c = sk_xmalloc(sizeof *c + cap);

		huge_pages(c, sizeof *c + cap);

		c->next = *a;
		c->used = 0;
		c->cap = cap;
		*a = c;
	}
	memcpy((*a)->text + (*a)->used, s, n);
	(*a)->used += n;
	return (*a)->text + (*a)->used - n;
}

static void table_init(struct table *t, const sk_context *ctx)
{
	memset(t, 0, sizeof *t);
	t->mask = 1023;
	t->slots = sk_xcalloc(t->mask + 1, sizeof *t->slots);
	t->ctx = ctx;
}

static void table_free(struct table *t)
{
	struct chunk *c = t->arena;

	while (c) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
	free(t->slots);
	free(t->entries);
}

static void slot_put(uint64_t *slots, size_t mask, uint64_t hash,
		     size_t index)
{
	size_t i = (size_t)hash & mask;

	while (slots[i])
		i = (i + 1) & mask;
	slots[i] = (hash >> 32 << 32) | (uint64_t)(index + 1);
}

static void table_grow(struct table *t)
{
	size_t mask = t->mask * 2 + 1, i;
	uint64_t *slots = sk_xmalloc((mask + 1) * sizeof *slots);

	huge_pages(slots, (mask + 1) * sizeof *slots);
	memset(slots, 0, (mask + 1) * sizeof *slots);
	for (i = 0; i < t->n; i++)
		slot_put(slots, mask, t->entries[i].key[0], i);
	free(t->slots);
	t->slots = slots;
	t->mask = mask;
}

/* The entry of this text, or NULL (and *slot where it would go). */
static struct cr_entry *table_find(struct table *t, const char *s,
				   size_t len, uint64_t hash, size_t *slot)
{
	size_t i = (size_t)hash & t->mask;
	uint64_t s_hi = hash >> 32;

	for (;; i = (i + 1) & t->mask) {
		uint64_t v = t->slots[i];
		struct cr_entry *e;

		if (!v) {
			*slot = i;
			return NULL;
		}
		if (v >> 32 != s_hi)
			continue;
		e = &t->entries[(uint32_t)v - 1];
		if (e->key[0] == hash && e->len == len &&
		    memcmp(e->text, s, len) == 0)
			return e;
	}
}

/* Adds a new entry (text already owned) at the slot table_find gave;
 * -1 when the index is full. */
static int table_insert(struct table *t, size_t slot, const char *text,
			size_t len, uint64_t hash, uint64_t weight)
{
	if (t->n >= UINT32_MAX - 1)
		return -1;
	if (t->n == t->cap) {
		sk_xgrow((void **)&t->entries, &t->cap, t->n + 1,
			 sizeof *t->entries);
		huge_pages(t->entries, t->cap * sizeof *t->entries);
	}
	t->entries[t->n] = (struct cr_entry){ { hash, 0, 0 }, text, weight,
					      (uint32_t)len };
	t->slots[slot] = (hash >> 32 << 32) | (uint64_t)(t->n + 1);
	t->n++;
	if (t->n * 2 > t->mask)
		table_grow(t);
	return 0;
}

/* ---- what the fast path takes (collapsed_plain.c, and:) ---- */

/* A line the fast path does not take: a sure error when the reader would
 * reject it for its weight, after a stack line (so not a header), and
 * nothing the line reader changes first (a CR, a '#' comment). */
static int not_plain(const char *line, size_t len, const struct unit_result *u)
{
	size_t k = len;
	double w;

	if (!u->has_data || line[0] == '#' || line[len - 1] == '\r')
		return LINE_DECLINE;
	while (k > 0 && line[k - 1] != ' ' && line[k - 1] != '\t')
		k--;
	if (k > 0 && sk_parse_weight(line + k, len - k, &w) == 0)
		return LINE_DECLINE;	/* a weight, not one taken here */
	return LINE_ERROR;
}

/* A line's stack, weight and the stack's hash. */
struct parsed {
	const char *stack;
	size_t len;
	uint64_t weight, hash;
};

/* LINE_TAKEN with p set, LINE_DECLINE, or LINE_ODD: no weight of the
 * kind taken here (not_plain decides, once the lines before are in).
 * LINE_SKIPPED: taken, by another thread. */
enum { LINE_ODD = LINE_ERROR + 1, LINE_SKIPPED };

/* Which of n threads adds this stack: from its length and last 8 bytes,
 * so that the other threads need not hash it. */
static unsigned owner(const char *s, size_t len, unsigned n)
{
	uint64_t tail = 0;
	size_t k = len < 8 ? len : 8;

	if (n == 1)
		return 0;
	memcpy(&tail, s + len - k, k);
	return (unsigned)(((sk_hash_u64(tail ^ (uint64_t)len << 56) >> 32) *
			   n) >> 32);
}

/* LINE_SKIPPED for a plain line that another of the n threads takes. */
static int parse(const struct table *t, const char *line, size_t len,
		 unsigned self, unsigned n, struct parsed *p)
{
	const char *end = line + len, *w = end, *q;
	uint64_t weight = 0;
	size_t digits;

	if (len > t->ctx->limits.max_line_bytes || line[0] == '#')
		return LINE_DECLINE;
	while (w > line && (unsigned char)(w[-1] - '0') < 10)
		w--;
	digits = (size_t)(end - w);
	if (digits == 0 || w == line || w[-1] != ' ')
		return LINE_ODD;
	if (digits > WEIGHT_DIGITS_MAX || (digits > 1 && *w == '0') ||
	    w - 1 == line)
		return LINE_DECLINE;
	p->len = (size_t)(w - 1 - line);
	if (owner(line, p->len, n) != self)
		return LINE_SKIPPED;
	for (q = w; q < end; q++)
		weight = weight * 10 + (uint64_t)(*q - '0');
	p->stack = line;
	p->weight = weight;
	p->hash = sk_hash_bytes(line, p->len, 0);
	return LINE_TAKEN;
}

/* Adds a parsed line to the table: LINE_TAKEN or LINE_DECLINE. */
static int add(struct table *t, const struct parsed *p, struct unit_result *u)
{
	size_t slot;
	struct cr_entry *e = table_find(t, p->stack, p->len, p->hash, &slot);

	if (e) {
		e->weight += p->weight;
	} else {
		if (!collapsed_plain_stack(t->ctx, p->stack, p->len) ||
		    table_insert(t, slot, arena_copy(&t->arena, p->stack,
						     p->len),
				 p->len, p->hash, p->weight) < 0)
			return LINE_DECLINE;
	}
	u->total += p->weight;
	if (u->total > EXACT_MAX)
		return LINE_DECLINE;
	u->has_data = 1;
	return LINE_TAKEN;
}

static void event(struct unit_result *u, size_t at, int what)
{
	u->event = at;
	u->error = what == LINE_ERROR;
}

/* A run of parsed lines of this thread's, added together: the lookup of
 * one line is three dependent loads from memory (slot, entry, text), so
 * a batch walks them stage by stage, each stage starting the loads the
 * next one needs for every line before waiting on any.  The stages only
 * prefetch; add() then does the real lookups in order, so an entry that
 * a line of the same batch adds, or a table that grows, is still right. */
enum { BATCH = 16 };
struct batch {
	struct parsed p[BATCH];
	size_t at[BATCH];
	unsigned n;
};

static void prefetch_text(const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < len; k += 64)
		__builtin_prefetch(s + k);
}

/* 0, or -1 with the event set at the line add() declined. */
static int flush(struct table *t, struct batch *b, struct unit_result *u)
{
	const struct cr_entry *cand[BATCH];
	unsigned k;

	for (k = 0; k < b->n; k++) {
		uint64_t v = t->slots[b->p[k].hash & t->mask];

		cand[k] = NULL;
		if (v && v >> 32 == b->p[k].hash >> 32) {
			cand[k] = &t->entries[(uint32_t)v - 1];
			__builtin_prefetch(cand[k]);
		}
	}
	for (k = 0; k < b->n; k++)
		if (cand[k])
			prefetch_text(cand[k]->text, b->p[k].len);
	for (k = 0; k < b->n; k++)
		if (add(t, &b->p[k], u) != LINE_TAKEN) {
			event(u, b->at[k], LINE_DECLINE);
			return -1;
		}
	b->n = 0;
	return 0;
}

/* Every line is parsed (a line of another thread's can still be an
 * event), only thread `self`'s are added. */
static void scan(struct table *t, const char *text, size_t start, size_t end,
		 unsigned self, unsigned owners, struct unit_result *u)
{
	size_t at = start;
	struct batch b;
	int what;

	b.n = 0;
	for (; at < end; at++) {
		const char *line = text + at;
		const char *nl = memchr(line, '\n', end - at);
		size_t len = nl ? (size_t)(nl - line) : end - at;

		if (len) {
			struct parsed *p = &b.p[b.n];

			what = parse(t, line, len, self, owners, p);
			if (what == LINE_TAKEN) {
				__builtin_prefetch(&t->slots[p->hash & t->mask]);
				b.at[b.n++] = at;
				if (b.n == BATCH && flush(t, &b, u) < 0)
					return;
			} else if (what == LINE_SKIPPED) {
				u->has_data = 1;
			} else {
				if (flush(t, &b, u) < 0)
					return;
				event(u, at, what == LINE_ODD ?
				      not_plain(line, len, u) : what);
				return;
			}
		}
		at += len;
	}
	flush(t, &b, u);
}

/* ---- units and threads ---- */

/* Where unit i starts: after the first line end at or past its nominal
 * start (every unit then starts a line). */
static size_t unit_start(const struct job *j, size_t i)
{
	size_t from = i * j->unit;
	const char *nl;

	if (i == 0)
		return 0;
	if (from >= j->size)
		return j->size;
	nl = memchr(j->text + from - 1, '\n', j->size - from + 1);
	return nl ? (size_t)(nl - j->text) + 1 : j->size;
}

/* Unit i's pages are not needed again (the distinct texts were copied);
 * in a read-only mapping, dropping one that the next unit's first line
 * shares only faults it in again. */
static void drop_unit(const struct job *j, size_t i)
{
	size_t start = j->bounds[i], end = j->bounds[i + 1];
	size_t from = i * j->unit < start ? i * j->unit : start;
	size_t a = from & ~(j->page - 1);
	size_t b = (end + j->page - 1) & ~(j->page - 1);

	if (b > j->size)
		b = j->size;
	if (b > a)
		madvise((void *)(j->text + a), b - a, MADV_DONTNEED);
}

/* Thread self is done with unit i: the units every thread is done with
 * are dropped, and progress is what they cover. */
static void unit_done(struct job *j, size_t i)
{
	pthread_mutex_lock(&j->lock);
	j->unit_done[i]++;
	while (j->frontier < j->n_units &&
	       j->unit_done[j->frontier] == j->owners) {
		if (j->mapped)
			drop_unit(j, j->frontier);
		j->frontier++;
	}
	if (j->mapped)
		sk_input_note_progress(j->mapped, j->frontier < j->n_units ?
				       (uint64_t)j->frontier * j->unit : j->size);
	pthread_cond_broadcast(&j->moved);
	pthread_mutex_unlock(&j->lock);
}

/* Unit i's bounds, found by the first thread to reach it: only then are
 * the pages they are in touched (a touch can map a large folio). */
static void unit_bounds(struct job *j, size_t i, size_t *start, size_t *end)
{
	pthread_mutex_lock(&j->lock);
	if (j->bounds[i] == NOT_FOUND)
		j->bounds[i] = unit_start(j, i);
	if (j->bounds[i + 1] == NOT_FOUND)
		j->bounds[i + 1] = unit_start(j, i + 1);
	*start = j->bounds[i];
	*end = j->bounds[i + 1];
	pthread_mutex_unlock(&j->lock);
}

static void run_unit(struct job *j, unsigned self, size_t i)
{
	struct unit_result *u = &j->units[i * j->owners + self];
	size_t start, end;

	unit_bounds(j, i, &start, &end);

	u->event = NO_EVENT;
	if (j->mapped && end > start && self == 0)
		madvise((void *)(j->text + (start & ~(j->page - 1))),
			end - (start & ~(j->page - 1)), MADV_POPULATE_READ);
	scan(&j->tables[self], j->text, start, end, self, j->owners, u);
	if (u->event != NO_EVENT) {
		pthread_mutex_lock(&j->lock);
		if (i < j->stop_at)
			j->stop_at = i;
		pthread_mutex_unlock(&j->lock);
	}
}

struct worker {
	struct job *job;
	unsigned id;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->job;
	size_t i;

	pthread_mutex_lock(&j->lock);
	while (!j->go)
		pthread_cond_wait(&j->moved, &j->lock);
	pthread_mutex_unlock(&j->lock);
	for (i = 0; i < j->n_units; i++) {
		int stop;

		pthread_mutex_lock(&j->lock);
		while (i <= j->stop_at && i > j->frontier + LAG)
			pthread_cond_wait(&j->moved, &j->lock);
		stop = i > j->stop_at;
		pthread_mutex_unlock(&j->lock);
		if (stop)
			break;
		run_unit(j, w->id, i);
		unit_done(j, i);
	}
	return NULL;
}

/* The threads that start own the stacks between them (a thread that
 * cannot start only means fewer). */
static void run_workers(struct job *j, unsigned threads)
{
	pthread_t *tids = sk_xcalloc(threads, sizeof *tids);
	struct worker *ws = sk_xcalloc(threads, sizeof *ws);
	unsigned t, started = 1;

	for (t = 0; t < threads; t++) {
		ws[t].job = j;
		ws[t].id = t;
	}
	for (t = 1; t < threads; t++) {
		if (pthread_create(&tids[t], NULL, worker_main, &ws[t]) != 0)
			break;
		started = t + 1;
	}
	pthread_mutex_lock(&j->lock);
	j->owners = started;
	j->go = 1;
	pthread_cond_broadcast(&j->moved);
	pthread_mutex_unlock(&j->lock);
	worker_main(&ws[0]);
	for (t = 1; t < started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	free(ws);
}

/* ---- the result ---- */

/* Every table's entries of nonzero weight (the model writes no line for
 * a stack of weight 0) in one array; the tables' stacks are disjoint. */
static struct cr_entry *gather(struct table *tables, unsigned n, size_t *count)
{
	size_t total = 0, i, k = 0;
	struct cr_entry *all;
	unsigned t;

	for (t = 0; t < n; t++)
		total += tables[t].n;
	all = sk_xmalloc((total ? total : 1) * sizeof *all);
	huge_pages(all, total * sizeof *all);
	for (t = 0; t < n; t++) {
		for (i = 0; i < tables[t].n; i++)
			if (tables[t].entries[i].weight)
				all[k++] = tables[t].entries[i];
		free(tables[t].entries);
		free(tables[t].slots);
		tables[t].entries = NULL;
		tables[t].slots = NULL;
	}
	*count = k;
	return all;
}

static void write_entries(const struct cr_entry *e, size_t n,
			  sk_output *out)
{
	char tail[24];
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t w = e[i].weight;
		size_t at = sizeof tail;

		tail[--at] = '\n';
		do {
			tail[--at] = (char)('0' + w % 10);
			w /= 10;
		} while (w);
		tail[--at] = ' ';
		if (i + 8 < n)	/* the texts are scattered */
			__builtin_prefetch(e[i + 8].text);
		sk_output_write(out, e[i].text, e[i].len);
		sk_output_write(out, tail + at, sizeof tail - at);
	}
}

/* Whether the first event decides an error (err set) or a decline. */
static int first_event(const struct job *j, const char *name, sk_error *err)
{
	const struct unit_result *u = &j->units[j->stop_at * j->owners], *r;
	size_t i;
	unsigned t;
	int data;

	for (t = 1; t < j->owners; t++) {
		r = &j->units[j->stop_at * j->owners + t];
		if (r->event < u->event)
			u = r;
	}
	data = u->has_data;
	for (i = 0; i < j->stop_at * j->owners && !data; i++)
		data = j->units[i].has_data;
	if (!u->error || !data)
		return 0;
	return sk_error_set_line(err, name, 1 + sk_lines_count(j->text,
							       u->event),
				 "%s", "expected a weight at the end of the line");
}

static int has_bom(const char *text, size_t len)
{
	return sk_text_bom((const unsigned char *)text,
			   len < 3 ? len : 3) != SK_BOM_NONE;
}

int collapsed_rewrite_text(const char *text, size_t len, const char *name,
			   sk_input *mapped, const sk_context *ctx,
			   sk_output *out, sk_error *err)
{
	struct job j;
	unsigned threads = sk_context_threads(ctx), t;
	uint64_t total = 0;
	struct cr_entry *all;
	size_t i, n;
	int rc = 1;

	if (len == 0 || has_bom(text, len) ||
	    (ctx->options && ctx->options->count))
		return 0;
	memset(&j, 0, sizeof j);
	j.text = text;
	j.size = len;
	j.mapped = mapped;
	j.page = (size_t)sysconf(_SC_PAGESIZE);
	if (j.page == 0 || (j.page & (j.page - 1)))
		j.page = 4096;
	j.unit = ctx->unit_bytes ? ctx->unit_bytes : (size_t)4 << 20;
	j.n_units = (len + j.unit - 1) / j.unit;
	if (threads < 1)
		threads = 1;
	j.stop_at = j.n_units;
	j.bounds = sk_xmalloc((j.n_units + 1) * sizeof *j.bounds);
	for (i = 1; i < j.n_units; i++)
		j.bounds[i] = NOT_FOUND;
	j.bounds[0] = 0;
	j.bounds[j.n_units] = len;
	j.units = sk_xcalloc(j.n_units * threads, sizeof *j.units);
	j.unit_done = sk_xcalloc(j.n_units, sizeof *j.unit_done);
	j.tables = sk_xcalloc(threads, sizeof *j.tables);
	for (t = 0; t < threads; t++)
		table_init(&j.tables[t], ctx);
	pthread_mutex_init(&j.lock, NULL);
	pthread_cond_init(&j.moved, NULL);
	run_workers(&j, threads);
	pthread_cond_destroy(&j.moved);
	pthread_mutex_destroy(&j.lock);
	if (j.stop_at < j.n_units)
		rc = first_event(&j, name, err) < 0 ? -1 : 0;
	for (i = 0; rc == 1 && i < j.n_units * j.owners; i++)
		total += j.units[i].total;
	if (rc == 1 && total > EXACT_MAX)
		rc = 0;
	if (rc == 1) {
		all = gather(j.tables, threads, &n);
		collapsed_sort_entries(all, n, threads);
		write_entries(all, n, out);
		free(all);
	}
	for (t = 0; t < threads; t++)
		table_free(&j.tables[t]);
	free(j.tables);
	free(j.units);
	free(j.unit_done);
	free(j.bounds);
	return rc;
}

int collapsed_rewrite(sk_input *in, const sk_context *ctx, sk_output *out,
		      sk_error *err)
{
	uint64_t size;
	int fd = sk_input_plain_fd(in, &size);
	void *map;
	int rc;

	if (fd < 0 || size == 0 || size > SIZE_MAX / 2 ||
	    (ctx->options && ctx->options->count))
		return 0;
	map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return 0;
	madvise(map, (size_t)size, MADV_SEQUENTIAL);
	rc = collapsed_rewrite_text(map, (size_t)size, sk_input_name(in), in,
				    ctx, out, err);
	munmap(map, (size_t)size);
	return rc;
}
