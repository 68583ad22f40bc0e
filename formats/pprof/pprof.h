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
	size_t count, cap;
} sk_pprof_idmap;

void sk_pprof_idmap_init(sk_pprof_idmap *m);
void sk_pprof_idmap_free(sk_pprof_idmap *m);
/* Returns 0 and sets *value, or -1 when key is absent. */
int sk_pprof_idmap_get(const sk_pprof_idmap *m, uint64_t key,
		       uint32_t *value);
/* Adds key -> value; returns -1 (and changes nothing) if key is present. */
int sk_pprof_idmap_put(sk_pprof_idmap *m, uint64_t key, uint32_t value);

#endif
