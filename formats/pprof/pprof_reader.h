/*
 * pprof_reader.h - the pprof reader's state, shared by pprof_read.c (the
 * message, its strings, mappings, functions and locations) and
 * pprof_samples.c (its samples).  Private to formats/pprof/.
 */
#ifndef STACKKIT_FORMATS_PPROF_READER_H
#define STACKKIT_FORMATS_PPROF_READER_H

#include <stddef.h>
#include <stdint.h>

#include "stackkit/stackkit.h"
#include "formats/pprof/pprof.h"
#include "formats/pprof/profile.pb-c.h"

typedef Perftools__Profiles__Profile pb_profile;
typedef Perftools__Profiles__Location pb_location;
typedef Perftools__Profiles__Function pb_function;
typedef Perftools__Profiles__Sample pb_sample;

/* A location may list many lines and every sample may name it, so a small
 * file can stand for an enormous number of frames; real profiles expand
 * to a few frames per encoded byte, so cap the total at FRAMES_PER_BYTE
 * per input byte (plus a floor for tiny inputs). */
enum { FRAMES_PER_BYTE = 64, FRAMES_BASE = 1 << 20 };

/* What a location turns into: frames[offset .. offset+count) root first;
 * `keep` of them (from the root) survive when pruning cuts below it. */
struct loc_frames {
	size_t offset;
	uint32_t count;
	uint32_t keep;
	unsigned char prune;	/* PRUNE_* */
};

enum {
	PRUNE_NONE = SK_PPROF_CUT_NONE,
	PRUNE_ALL = SK_PPROF_CUT_ALL,
	PRUNE_BENEATH = SK_PPROF_CUT_BENEATH
};

struct pprof_reader {
	const sk_context *ctx;
	sk_profile *p;
	const char *name;	/* input name for messages */
	sk_error *err;
	const pb_profile *pb;
	const unsigned char *data;	/* the encoded input */
	size_t len;
	const sk_pprof_split *split;	/* NULL: pb holds the samples */
	size_t n_samples;
	sk_str *strs;		/* string_table index -> interned string */
	sk_pprof_idmap mapping_ids, function_ids, location_ids;
	uint32_t *mappings;	/* mapping index -> model mapping id */
	struct loc_frames *locs;
	sk_frame_id *frames;	/* all locations' frames */
	size_t nframes, frames_cap;
	size_t *columns;	/* sample value column -> value type index */
	double *values;
	char **label_keys;	/* --label-frames keys */
	size_t nlabel_keys;
	sk_frame_id *stack;
	size_t stack_cap;
	sk_pprof_stackmap stacks;	/* without --label-frames only */
	sk_label *labels;
	size_t labels_cap;
	sk_buf scratch;
	uint64_t frames_left;	/* expansion budget, see FRAMES_PER_BYTE */
};

/* A zero limit (a context set up by hand) means none. */
uint64_t sk_pprof_limit_or_max(uint64_t limit);
/* Resolves a string index; `object id field` names it in errors, e.g.
 * "function 3: name". */
int sk_pprof_string_at(struct pprof_reader *r, int64_t index, sk_str *out,
		       const char *object, uint64_t id, const char *field);
/* libprotobuf-c says only that decoding failed: the wire walk over
 * data[0..len) says where.  Returns -1. */
int sk_pprof_malformed(struct pprof_reader *r, const unsigned char *data,
		       size_t len);
/* pprof_samples.c: every sample into the model. */
int sk_pprof_read_samples(struct pprof_reader *r);

#endif
