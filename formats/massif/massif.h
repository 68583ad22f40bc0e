/*
 * massif.h - what the files of the massif format share (private to
 * formats/massif/): the pseudo-frame names, the labels that mark a
 * snapshot in the timeline, and the tree parser the reader drives.
 *
 * Model mapping (README "massif"; doc/model.md "The timeline"):
 *   - the records are one detailed snapshot's heap tree (the peak by
 *     default), as root-first stacks: massif's tree goes from the
 *     allocation function toward the callers, so a node's stack is its
 *     path read backwards, and its weight is its own bytes (its bytes
 *     minus its children's);
 *   - value types heap/bytes (the default), and heap_extra/bytes and
 *     stacks/bytes when some snapshot has them nonzero, all gauges; the
 *     extra and stack bytes sit on the "[heap extra]" and "[stacks]"
 *     pseudo-frames;
 *   - the timeline holds every snapshot: first a sample on the root node
 *     (the heap of an empty snapshot, else the top node's own bytes, 0 as
 *     a rule), then one per tree node with bytes of its own, then the
 *     extra and stack pseudo-frames; every sample of snapshot N has the
 *     labels snapshot=N and heap_tree=empty|detailed|peak.
 */
#ifndef STACKKIT_FORMATS_MASSIF_H
#define STACKKIT_FORMATS_MASSIF_H

#include <stddef.h>
#include <stdint.h>
#include "lib/sk_format_author.h"

#define MASSIF_BELOW "[below threshold]"
#define MASSIF_EXTRA "[heap extra]"
#define MASSIF_STACKS "[stacks]"
#define MASSIF_LABEL_SNAPSHOT "snapshot"
#define MASSIF_LABEL_TREE "heap_tree"

/* The top node's description, as massif writes it. */
#define MASSIF_TOP "(heap allocation functions) malloc/new/new[], --alloc-fns, etc."

/* Largest byte count taken: values are doubles, exact up to 2^53. */
#define MASSIF_MAX_BYTES ((uint64_t)1 << 53)

enum massif_tree_kind { MASSIF_EMPTY = 0, MASSIF_DETAILED, MASSIF_PEAK };

/* A (model node, bytes) pair of one snapshot: what becomes a record or a
 * timeline sample. */
typedef struct massif_weight {
	sk_node_id node;
	uint64_t bytes;
} massif_weight;

/* One tree being read, line by line.  Frames are made when a stack needs
 * them, once their first child is known (which says whether they are
 * inlined). */
typedef struct massif_tree {
	sk_profile *p;
	const char *file;	/* the input's name, for messages */
	uint64_t max_depth;
	uint64_t max_string;
	struct massif_tree_level {
		sk_frame frame;		/* depth > 0 */
		sk_frame_id frame_id;	/* once has_frame */
		int has_frame;
		uint64_t bytes;
		uint64_t children;	/* nK */
		uint64_t seen;		/* children read so far */
		uint64_t child_bytes;
		uint64_t line;
	} *levels;
	size_t depth;		/* levels in use */
	size_t cap;
	int started;		/* the top line was read */
	uint64_t top_bytes;
	/* The weights found; the caller takes them (and then clears out)
	 * or massif_tree_free frees them. */
	massif_weight *out;
	size_t nout, out_cap;
} massif_tree;

/* Starts a tree; t is zeroed before the first one. */
void massif_tree_begin(massif_tree *t, sk_profile *p, const char *file,
		       const sk_limits *lim);
/* 1: the line was taken and the tree goes on; 0: taken, and it completed
 * the tree; -1: an error (err says where). */
int massif_tree_line(massif_tree *t, const char *text, size_t len,
		     uint64_t lineno, sk_error *err);
/* The tree ended before line lineno (a non-tree line or end of input):
 * an error when nodes still expect children. */
int massif_tree_check_done(const massif_tree *t, uint64_t lineno,
			   sk_error *err);
void massif_tree_free(massif_tree *t);

/* The reader (massif_read.c) and the writer (massif_write.c). */
int massif_read(sk_input *in, const sk_context *ctx, sk_profile *p,
		sk_error *err);
int massif_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
		 sk_error *err);

/* Decimal digits [s, s+len) into *out, at most MASSIF_MAX_BYTES; -1 when
 * they are not. */
int massif_parse_u64(const char *s, size_t len, uint64_t *out);

#endif
