/*
 * profile_internal.h - the layout of sk_profile, shared by the files of lib/
 * that implement it (profile.c, merge.c, stacks.c).  Not installed.
 *
 * Nodes, frames, records and samples are dense arrays indexed by their ids;
 * the sk_index tables only map keys to those ids.  Node ids are assigned in
 * creation order, so a parent's id is always smaller than its children's:
 * one forward pass over the nodes visits parents first.
 */
#ifndef STACKKIT_PROFILE_INTERNAL_H
#define STACKKIT_PROFILE_INTERNAL_H

#include <stackkit/sk_profile.h>
#include "lib/sk_index.h"
#include "lib/strtab.h"

struct sk_tree_node {
	sk_node_id parent;
	sk_frame_id frame;
	sk_node_id first_child;
	sk_node_id last_child;
	sk_node_id next_sibling;
	uint32_t depth;		/* root 0, its children 1 */
	uint32_t record;	/* unlabelled record id + 1, 0 = none */
};

struct sk_labelset {
	size_t offset;		/* into labels */
	size_t count;
};

struct sk_profile {
	sk_strtab strings;

	sk_frame *frames;
	size_t nframes, frames_cap;
	sk_index frame_index;

	sk_mapping *mappings;	/* id - 1 */
	size_t nmappings, mappings_cap;

	sk_value_type *types;
	size_t ntypes, types_cap;
	size_t default_type;

	sk_label *labels;	/* all label sets, back to back */
	size_t nlabels, labels_cap;
	struct sk_labelset *sets;	/* set id - 1 */
	size_t nsets, sets_cap;
	sk_index set_index;

	struct sk_tree_node *nodes;
	size_t nnodes, nodes_cap;
	sk_index child_index;
	int child_index_stale;	/* nodes added by sk_profile_new_child */
	size_t index_hint;	/* sk_profile_reserve_nodes, for child_index */

	sk_record *records;
	size_t nrecords, records_cap;
	double *values;		/* nrecords * ntypes */
	size_t values_cap;	/* in doubles */
	sk_index record_index;	/* labelled records only */

	sk_sample *samples;
	size_t nsamples, samples_cap;
	double *sample_values;	/* nsamples * ntypes */
	size_t sample_values_cap;
	int timeline_unit;	/* enum sk_position_unit */

	sk_meta meta;
	sk_str *comments;
	size_t ncomments, comments_cap;

};

/* The record (node, labels), or UINT32_MAX when there is none. */
uint32_t sk_profile_find_record(const sk_profile *p, sk_node_id node,
				sk_labelset_id labels);

/* Where sk_profile_copy_placed puts a record or sample (node, labels) of
 * src: a node of dst (made by the callback as it needs), or
 * SK_PLACE_DROP.  frame_map gives the dst frame of each src frame.  Must
 * depend on (node, labels) only, so the timeline still sums to the
 * records. */
#define SK_PLACE_DROP UINT32_MAX
typedef sk_node_id (*sk_place_fn)(void *arg, sk_profile *dst,
				  const sk_profile *src,
				  const sk_frame_id *frame_map, sk_node_id node,
				  sk_labelset_id labels);

/* sk_profile_merge_map into dst, every record and sample going where
 * place says instead of to its own stack. */
int sk_profile_copy_placed(sk_profile *dst, const sk_profile *src,
			   sk_frame_rekey_fn rekey, void *rekey_arg,
			   sk_place_fn place, void *place_arg, sk_error *err);

/* Rebuilds the frame index after frames were changed in place (by
 * sk_profile_demangle). */
void sk_profile_reindex_frames(sk_profile *p);

#endif
