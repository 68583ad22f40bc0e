/*
 * pprof_arena.c - the memory libprotobuf-c decodes a profile into: a
 * budget per encoded byte, and chunks freed as a whole (pprof.h says why).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/pprof/pprof.h"

/* Measured: Go's CPU and heap profiles, perf recordings and V8 profiles
 * converted to pprof allocate 6 to 10 bytes per encoded byte while being
 * decoded; 16 leaves room, and bounds what a hostile file can ask.  Every
 * protobuf-c length is checked against the bytes that remain, so a
 * legitimate message needs no more. */
enum { BUDGET_PER_BYTE = 16, BUDGET_BASE = 1 << 20 };
/* Allocations above a quarter of this get a chunk of their own. */
enum { CHUNK_BYTES = 1 << 20 };

struct sk_pprof_chunk {
	struct sk_pprof_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

void sk_pprof_arena_init(sk_pprof_arena *a, size_t len)
{
	a->used = 0;
	a->exceeded = 0;
	a->chunks = NULL;
	a->limit = len > (SIZE_MAX - BUDGET_BASE) / BUDGET_PER_BYTE
			   ? SIZE_MAX
			   : len * BUDGET_PER_BYTE + BUDGET_BASE;
}

static void *carve(sk_pprof_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	struct sk_pprof_chunk *c = a->chunks;
	void *p;

	size = (size + align - 1) / align * align;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > CHUNK_BYTES / 4 ? size : CHUNK_BYTES;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;	/* protobuf-c fails the decode */
		c->used = 0;
		c->cap = cap;
		if (cap == size && a->chunks) {
			/* A big one goes behind the current chunk, whose
			 * room stays in use. */
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = a->chunks;
			a->chunks = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

static void *arena_alloc(void *data, size_t size)
{
	sk_pprof_arena *a = data;

	/* The limit is on what was asked, as before the arena: rounding
	 * does not count. */
	if (size > a->limit - a->used) {
		a->exceeded = 1;
		return NULL;
	}
	a->used += size;
	return carve(a, size);
}

static void arena_forget(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

ProtobufCAllocator sk_pprof_arena_allocator(sk_pprof_arena *a)
{
	ProtobufCAllocator alloc;

	alloc.alloc = arena_alloc;
	alloc.free = arena_forget;
	alloc.allocator_data = a;
	return alloc;
}

void sk_pprof_arena_free(sk_pprof_arena *a)
{
	while (a->chunks) {
		struct sk_pprof_chunk *next = a->chunks->next;

		free(a->chunks);
		a->chunks = next;
	}
}

void sk_pprof_arena_reset(sk_pprof_arena *a)
{
	struct sk_pprof_chunk *keep = a->chunks;

	if (!keep)
		return;
	/* The newest chunk is kept (the oldest other ones go): a sample
	 * fits in it again. */
	a->chunks = keep->next;
	keep->next = NULL;
	sk_pprof_arena_free(a);
	keep->used = 0;
	a->chunks = keep;
	a->used = 0;
	a->exceeded = 0;
}
