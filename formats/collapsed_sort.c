/*
 * collapsed_sort.c - the order of folded lines (bytewise, a stack before
 * the longer stacks it begins) for a million distinct stacks that share
 * long prefixes ("main;start_thread;..."): a qsort with memcmp compares
 * the same prefix again at every step, from text scattered in memory.
 *
 * This is multikey quicksort (Bentley and Sedgewick) with 8-byte
 * "characters": each entry caches 24 bytes of its text from the current
 * depth as three big-endian numbers (bytes past the end read as 0, below
 * every byte a text can hold, as texts have no NUL), so a partition
 * compares numbers in a sequential array; only the entries equal to the
 * pivot go a word deeper, and load the next 24 bytes when they pass the
 * cached ones.  The text is read about once per entry per 24 bytes of
 * prefix that tell it from its neighbours: those reads, cache misses all,
 * are most of the time.  Work
 * is a stack of ranges, not recursion: shared prefixes can be megabytes.
 * Big ranges go to a stack that every thread takes from.
 */
#include "formats/collapsed_rewrite.h"
#include "lib/sk_format_author.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { SMALL = 16, WINDOW = 8 * CR_KEY_WORDS };

/* Entries [lo, lo + n) share their first `depth` bytes; their keys hold
 * the bytes from `base` on (loaded), the current 8 being word
 * (depth - base) / 8. */
struct range {
	size_t lo, n, depth, base;
	int loaded;
};

/* The bytes at depth as a big-endian number, 0 past the end. */
static uint64_t word_at(const struct cr_entry *e, size_t depth)
{
	unsigned char b[8] = { 0 };
	size_t left = e->len > depth ? e->len - depth : 0;
	uint64_t k = 0;
	int i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (left >= 8) {
		memcpy(&k, e->text + depth, 8);
		return __builtin_bswap64(k);
	}
#endif
	if (left)
		memcpy(b, e->text + depth, left < 8 ? left : 8);
	for (i = 0; i < 8; i++)
		k = k << 8 | b[i];
	return k;
}

/* The texts are scattered in memory: their loads are started well ahead
 * of their use, so that many misses are under way at once. */
enum { AHEAD = 16 };

static void load_keys(struct cr_entry *g, size_t n, size_t depth)
{
	size_t i;
	int w;

	for (i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(g[i + AHEAD].text + depth);
		for (w = 0; w < CR_KEY_WORDS; w++)
			g[i].key[w] = word_at(&g[i], depth + 8 * (size_t)w);
	}
}

/* Does a key word end its text (a 0 byte, which only the padding has)?
 * Two entries with such a word and equal words are equal texts. */
static int word_ends(uint64_t k)
{
	return (k & 0xff) == 0;
}

/* Order of two entries of a range at (depth, base). */
static int cmp_from(const struct cr_entry *a, const struct cr_entry *b,
		    size_t depth, size_t base)
{
	size_t w = (depth - base) / 8, la, lb;
	int c;

	for (; w < CR_KEY_WORDS; w++) {
		if (a->key[w] != b->key[w])
			return a->key[w] < b->key[w] ? -1 : 1;
		if (word_ends(a->key[w]))
			return 0;
	}
	depth = base + WINDOW;
	la = a->len > depth ? a->len - depth : 0;
	lb = b->len > depth ? b->len - depth : 0;
	c = memcmp(a->text + depth, b->text + depth, la < lb ? la : lb);
	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static void insertion_sort(struct cr_entry *e, size_t n, size_t depth,
			   size_t base)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct cr_entry x = e[i];

		for (j = i; j > 0 && cmp_from(&x, &e[j - 1], depth, base) < 0;
		     j--)
			e[j] = e[j - 1];
		e[j] = x;
	}
}

static void swap(struct cr_entry *a, struct cr_entry *b)
{
	struct cr_entry t = *a;

	*a = *b;
	*b = t;
}

static uint64_t median3(uint64_t a, uint64_t b, uint64_t c)
{
	if (a < b)
		return b < c ? b : (a < c ? c : a);
	return a < c ? a : (b < c ? c : b);
}

/* Three-way partition of e[0..n) on key word w around pivot: [0, *lt)
 * below, [*lt, *gt) equal, [*gt, n) above. */
static void partition(struct cr_entry *e, size_t n, size_t w, uint64_t pivot,
		      size_t *lt, size_t *gt)
{
	size_t lo = 0, i = 0, hi = n;

	while (i < hi) {
		if (e[i].key[w] < pivot)
			swap(&e[lo++], &e[i++]);
		else if (e[i].key[w] > pivot)
			swap(&e[i], &e[--hi]);
		else
			i++;
	}
	*lt = lo;
	*gt = hi;
}

/* The ranges that threads share: big ones, which any idle thread takes
 * (done: all threads idle and none left). */
struct shared {
	struct cr_entry *e;
	struct range *stack;
	size_t len, cap;
	unsigned idle, threads;
	int done;
	pthread_mutex_t lock;
	pthread_cond_t more;
};

enum { SHARE_MIN = 4096 };

static void push(struct range **stack, size_t *len, size_t *cap,
		 struct range r)
{
	sk_xgrow((void **)stack, cap, *len + 1, sizeof **stack);
	(*stack)[(*len)++] = r;
}

/* A part of a range still to sort: into the shared stack when big. */
static void put(struct shared *sh, struct range **stack, size_t *len,
		size_t *cap, struct range r)
{
	if (r.n < 2)
		return;
	if (r.n < SHARE_MIN || sh->threads < 2) {
		push(stack, len, cap, r);
		return;
	}
	pthread_mutex_lock(&sh->lock);
	push(&sh->stack, &sh->len, &sh->cap, r);
	pthread_cond_signal(&sh->more);
	pthread_mutex_unlock(&sh->lock);
}

/* The entries equal to the pivot at r's depth, a word deeper: within the
 * window still, or to load. */
static struct range deeper(const struct range *r, size_t lo, size_t n)
{
	size_t depth = r->depth + 8;

	if (depth - r->base < WINDOW)
		return (struct range){ lo, n, depth, r->base, 1 };
	return (struct range){ lo, n, depth, depth, 0 };
}

/* Sorts one range, with the parts it leaves below SHARE_MIN. */
static void sort_range(struct shared *sh, struct range first)
{
	struct range *stack = NULL;
	size_t len = 0, cap = 0, lt, gt, w;

	push(&stack, &len, &cap, first);
	while (len) {
		struct range r = stack[--len];
		struct cr_entry *g = sh->e + r.lo;
		uint64_t pivot;

		if (!r.loaded) {
			load_keys(g, r.n, r.depth);
			r.base = r.depth;
		}
		if (r.n <= SMALL) {
			insertion_sort(g, r.n, r.depth, r.base);
			continue;
		}
		w = (r.depth - r.base) / 8;
		pivot = median3(g[0].key[w], g[r.n / 2].key[w],
				g[r.n - 1].key[w]);
		partition(g, r.n, w, pivot, &lt, &gt);
		put(sh, &stack, &len, &cap,
		    (struct range){ r.lo, lt, r.depth, r.base, 1 });
		put(sh, &stack, &len, &cap,
		    (struct range){ r.lo + gt, r.n - gt, r.depth, r.base, 1 });
		if (!word_ends(pivot))
			put(sh, &stack, &len, &cap,
			    deeper(&r, r.lo + lt, gt - lt));
	}
	free(stack);
}

static void *sort_worker(void *arg)
{
	struct shared *sh = arg;

	pthread_mutex_lock(&sh->lock);
	for (;;) {
		if (sh->len) {
			struct range r = sh->stack[--sh->len];

			pthread_mutex_unlock(&sh->lock);
			sort_range(sh, r);
			pthread_mutex_lock(&sh->lock);
			continue;
		}
		if (sh->done)
			break;
		if (++sh->idle == sh->threads) {
			sh->done = 1;
			pthread_cond_broadcast(&sh->more);
			break;
		}
		pthread_cond_wait(&sh->more, &sh->lock);
		sh->idle--;
	}
	pthread_mutex_unlock(&sh->lock);
	return NULL;
}

void collapsed_sort_entries(struct cr_entry *e, size_t n, unsigned threads)
{
	struct shared sh;
	pthread_t *tids;
	unsigned t, started = 1;

	memset(&sh, 0, sizeof sh);
	sh.e = e;
	sh.threads = threads > 1 && n >= SHARE_MIN ? threads : 1;
	if (n < 2)
		return;
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.more, NULL);
	push(&sh.stack, &sh.len, &sh.cap, (struct range){ 0, n, 0, 0, 0 });
	tids = sk_xcalloc(sh.threads, sizeof *tids);
	/* A thread that cannot start leaves its share to the others. */
	for (t = 1; t < sh.threads; t++) {
		if (pthread_create(&tids[t], NULL, sort_worker, &sh) != 0)
			break;
		started = t + 1;
	}
	pthread_mutex_lock(&sh.lock);
	sh.threads = started;
	pthread_mutex_unlock(&sh.lock);
	sort_worker(&sh);
	for (t = 1; t < started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	free(sh.stack);
	pthread_cond_destroy(&sh.more);
	pthread_mutex_destroy(&sh.lock);
}
