/*
 * pprof.h - what the files of the pprof module (formats/pprof/) share and
 * nothing else includes: the entry points pprof.c registers, the pruning
 * plan of pprof_prune.c, and the id map the reader and the writer use to
 * turn pprof ids and model strings into dense indices.
 */
#ifndef STACKKIT_FORMATS_PPROF_H
#define STACKKIT_FORMATS_PPROF_H

#include <stddef.h>
#include <stdint.h>
#include "stackkit/sk_buf.h"
#include "stackkit/sk_format.h"
#include "lib/sk_index.h"
#include "formats/pprof/profile.pb-c.h"

/* pprof_read.c */
int sk_pprof_read(sk_input *in, const sk_context *ctx, sk_profile *p,
		  sk_error *err);
/*
 * pprof_arena.c: the allocator libprotobuf-c decodes with.  It caps the
 * total so that a small hostile input cannot make the decoder allocate
 * without bound, and hands out memory from large chunks dropped as a
 * whole: decoding makes millions of small allocations (every sample,
 * label and array), which malloc and free one by one would spend more
 * time on than the decoding.  Freeing a message is a no-op: the arena
 * goes with sk_pprof_arena_free.
 */
typedef struct sk_pprof_arena {
	size_t used;			/* bytes asked for */
	size_t limit;
	int exceeded;			/* an allocation was refused */
	struct sk_pprof_chunk *chunks;	/* the newest first */
} sk_pprof_arena;

/* The limit for decoding an encoded message of len bytes. */
void sk_pprof_arena_init(sk_pprof_arena *a, size_t len);
ProtobufCAllocator sk_pprof_arena_allocator(sk_pprof_arena *a);
void sk_pprof_arena_free(sk_pprof_arena *a);

/* Empties the arena for reuse, keeping its first chunk (one sample
 * decoded after the other). */
void sk_pprof_arena_reset(sk_pprof_arena *a);

/* pprof_split.c: the samples (field 2) of an encoded Profile, as spans of
 * the input, and a copy of every other field. */
typedef struct sk_pprof_span {
	size_t off, len;	/* of an encoded Sample in the input */
} sk_pprof_span;

typedef struct sk_pprof_split {
	sk_buf rest;		/* the message without its samples */
	sk_pprof_span *samples;
	size_t n_samples;
} sk_pprof_split;

/* 0, or -1 (out empty) when the top level does not walk. */
int sk_pprof_split_samples(const unsigned char *data, size_t len,
			   sk_pprof_split *out);
void sk_pprof_split_free(sk_pprof_split *s);

/* pprof_write.c */
int sk_pprof_write(const sk_profile *p, const sk_context *ctx,
		   sk_output *out, sk_error *err);
/* pprof_probe.c */
int sk_pprof_probe(const unsigned char *data, size_t len);
/* Where a whole message stops walking as a profile, for the reader's
 * error: the offset of the top-level field that breaks and what is wrong
 * ("malformed protobuf in top-level field 2 (sample)"); 0 when the wire
 * structure is sound. */
int sk_pprof_locate_error(const unsigned char *data, size_t len,
			  size_t *offset, sk_buf *what);

/* pprof_prune.c: how drop_frames/keep_frames cut each location.  `keep` is
 * the number of lines that stay (the outermost ones) under CUT_BENEATH. */
enum { SK_PPROF_CUT_NONE = 0, SK_PPROF_CUT_ALL, SK_PPROF_CUT_BENEATH };
struct sk_pprof_cut {
	unsigned char how;
	uint32_t keep;
};
struct sk_pprof_idmap;
/* pb->drop_frames (nonzero) and keep_frames must be valid string indices;
 * cuts[] has one zeroed entry per location. */
void sk_pprof_plan_cuts(const Perftools__Profiles__Profile *pb,
			const struct sk_pprof_idmap *function_ids,
			const sk_context *ctx, const char *name,
			struct sk_pprof_cut *cuts);

/*
 * pprof_map.c: uint64 -> uint32 (pprof ids, which may be addresses, to
 * array indices), over the library's sk_index.  Byte-keyed tables (the
 * writer's string table, location keys) use sk_strtab.
 */
typedef struct sk_pprof_idpair {
	uint64_t key;
	uint32_t value;
} sk_pprof_idpair;

typedef struct sk_pprof_idmap {
	sk_index index;		/* hashes of the keys -> pair ids */
	sk_pprof_idpair *pairs;	/* in insertion order; NULL until a put */
	size_t npairs, cap;
	size_t count;		/* keys put, here and in dense */
	/* Small keys (Go numbers its objects 1, 2, 3...) are looked up by
	 * position instead: dense[key] = value + 1, 0 = absent. */
	uint32_t *dense;
	size_t dense_len;
} sk_pprof_idmap;

void sk_pprof_idmap_init(sk_pprof_idmap *m);
void sk_pprof_idmap_free(sk_pprof_idmap *m);
/* Returns 0 and sets *value, or -1 when key is absent. */
int sk_pprof_idmap_get(const sk_pprof_idmap *m, uint64_t key,
		       uint32_t *value);
/* Adds key -> value; returns -1 (and changes nothing) if key is present. */
int sk_pprof_idmap_put(sk_pprof_idmap *m, uint64_t key, uint32_t value);

/*
 * pprof_map.c too: a sample's location ids -> the node its stack ends at
 * and the frames that took from the expansion budget, so that a stack
 * that recurs (a profile's samples draw from far fewer stacks than there
 * are samples) is resolved once.  The map keeps a copy of each distinct
 * id sequence (samples are decoded one at a time).
 */
typedef struct sk_pprof_stack {
	size_t ids;		/* offset in the map's pool */
	size_t n;
	sk_node_id node;
	uint64_t frames;
} sk_pprof_stack;

typedef struct sk_pprof_stackmap {
	sk_index index;
	sk_pprof_stack *stacks;
	size_t count, cap;
	uint64_t *pool;
	size_t pool_len, pool_cap;
} sk_pprof_stackmap;

void sk_pprof_stackmap_init(sk_pprof_stackmap *m);
void sk_pprof_stackmap_free(sk_pprof_stackmap *m);
uint64_t sk_pprof_stack_hash(const uint64_t *ids, size_t n);
/* NULL when ids[0..n) (with hash h) is not in the map. */
const sk_pprof_stack *sk_pprof_stackmap_find(const sk_pprof_stackmap *m,
					     uint64_t h, const uint64_t *ids,
					     size_t n);
/* ids must not be in the map yet; they are copied. */
void sk_pprof_stackmap_put(sk_pprof_stackmap *m, uint64_t h,
			   const uint64_t *ids, size_t n, sk_node_id node,
			   uint64_t frames);

#endif
