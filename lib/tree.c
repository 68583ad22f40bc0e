/*
 * tree.c - the call tree and its weights: nodes, records (node, label set)
 * -> values, per-node self/total sums, and the optional sample timeline.
 */
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- nodes ---- */

struct child_key {
	sk_node_id parent;
	sk_frame_id frame;
};

static int child_eq(const void *arg, uint32_t id, const void *k)
{
	const sk_profile *p = arg;
	const struct child_key *key = k;

	return p->nodes[id].parent == key->parent &&
	       p->nodes[id].frame == key->frame;
}

static uint64_t child_hash(sk_node_id parent, sk_frame_id frame)
{
	return sk_hash_u64(((uint64_t)parent << 32 | frame) ^ 0x5bd1e995ULL);
}

/* Appends node (parent, frame); indexes it unless the index is stale. */
static sk_node_id add_node(sk_profile *p, sk_node_id parent, sk_frame_id frame,
			   int index)
{
	struct sk_tree_node *n;
	uint32_t id;

	assert(parent < p->nnodes && frame < p->nframes);
	if (p->nnodes >= UINT32_MAX - 1)
		abort();
	id = (uint32_t)p->nnodes;
	if (p->nnodes == p->nodes_cap)
		sk_xgrow((void **)&p->nodes, &p->nodes_cap, p->nnodes + 1,
			 sizeof *p->nodes);
	n = &p->nodes[id];
	memset(n, 0, sizeof *n);
	n->parent = parent;
	n->frame = frame;
	n->depth = p->nodes[parent].depth + 1;
	if (p->nodes[parent].last_child)
		p->nodes[p->nodes[parent].last_child].next_sibling = id;
	else
		p->nodes[parent].first_child = id;
	p->nodes[parent].last_child = id;
	p->nnodes++;
	if (index) {
		if (p->index_hint) {
			sk_index_reserve(&p->child_index, p->index_hint);
			p->index_hint = 0;
		}
		sk_index_insert(&p->child_index, child_hash(parent, frame), id);
	}
	return id;
}

/* Nodes added by sk_profile_new_child are indexed at the first lookup:
 * a reader that builds its whole tree that way never pays for it. */
static void index_children(sk_profile *p)
{
	size_t i;

	sk_index_free(&p->child_index);
	sk_index_init(&p->child_index);
	sk_index_reserve(&p->child_index, p->nnodes);
	p->index_hint = 0;	/* reserved here, for every node */
	for (i = 1; i < p->nnodes; i++)
		sk_index_insert(&p->child_index,
				child_hash(p->nodes[i].parent, p->nodes[i].frame),
				(uint32_t)i);
	p->child_index_stale = 0;
}

sk_node_id sk_profile_child(sk_profile *p, sk_node_id parent, sk_frame_id frame)
{
	struct child_key key = { parent, frame };
	uint32_t id = UINT32_MAX;

	if (p->child_index_stale)
		index_children(p);
	/* A childless parent cannot have it: readers that add stacks in
	 * sorted order create whole new branches, and skip every lookup. */
	if (p->nodes[parent].first_child)
		id = sk_index_find(&p->child_index, child_hash(parent, frame),
				   child_eq, p, &key);
	if (id != UINT32_MAX)
		return id;
	return add_node(p, parent, frame, 1);
}

sk_node_id sk_profile_new_child(sk_profile *p, sk_node_id parent,
				sk_frame_id frame)
{
	p->child_index_stale = 1;
	return add_node(p, parent, frame, 0);
}

void sk_profile_reserve_nodes(sk_profile *p, size_t n)
{
	/* Exactly: a reader that knows the count adds no more. */
	if (p->nnodes + n > p->nodes_cap) {
		p->nodes = sk_xrealloc(p->nodes, (p->nnodes + n) *
				       sizeof *p->nodes);
		p->nodes_cap = p->nnodes + n;
	}
	/* The index grows at its first insertion: readers that make their
	 * nodes with sk_profile_new_child never need it. */
	p->index_hint = n;
}

sk_node_id sk_profile_node_parent(const sk_profile *p, sk_node_id n)
{
	return p->nodes[n].parent;
}

sk_frame_id sk_profile_node_frame(const sk_profile *p, sk_node_id n)
{
	return p->nodes[n].frame;
}

uint32_t sk_profile_node_depth(const sk_profile *p, sk_node_id n)
{
	return p->nodes[n].depth;
}

size_t sk_profile_node_count(const sk_profile *p)
{
	return p->nnodes;
}

sk_node_id sk_profile_node_first_child(const sk_profile *p, sk_node_id n)
{
	return p->nodes[n].first_child;
}

sk_node_id sk_profile_node_next_sibling(const sk_profile *p, sk_node_id n)
{
	return p->nodes[n].next_sibling;
}

void sk_profile_node_stack(const sk_profile *p, sk_node_id n, sk_frame_id *out)
{
	uint32_t d = p->nodes[n].depth;

	while (d > 0) {
		out[--d] = p->nodes[n].frame;
		n = p->nodes[n].parent;
	}
}

/* ---- records ---- */

struct record_key {
	sk_node_id node;
	sk_labelset_id labels;
};

static int record_eq(const void *arg, uint32_t id, const void *k)
{
	const sk_profile *p = arg;
	const struct record_key *key = k;

	return p->records[id].node == key->node &&
	       p->records[id].labels == key->labels;
}

static uint32_t new_record(sk_profile *p, sk_node_id node,
			   sk_labelset_id labels)
{
	uint32_t id = (uint32_t)p->nrecords;

	sk_xgrow((void **)&p->records, &p->records_cap, p->nrecords + 1,
		 sizeof *p->records);
	if (p->ntypes) {
		sk_xgrow((void **)&p->values, &p->values_cap,
			 (p->nrecords + 1) * p->ntypes, sizeof *p->values);
		memset(p->values + p->nrecords * p->ntypes, 0,
		       p->ntypes * sizeof *p->values);
	}
	p->records[id].node = node;
	p->records[id].labels = labels;
	p->nrecords++;
	return id;
}

uint32_t sk_profile_find_record(const sk_profile *p, sk_node_id node,
				sk_labelset_id labels)
{
	struct record_key key = { node, labels };
	uint64_t h;

	if (node >= p->nnodes)
		return UINT32_MAX;
	if (labels == 0)
		return p->nodes[node].record ? p->nodes[node].record - 1
					     : UINT32_MAX;
	h = sk_hash_u64(((uint64_t)node << 32 | labels) ^ 0x27d4eb2dULL);
	return sk_index_find(&p->record_index, h, record_eq, p, &key);
}

static uint32_t record_for(sk_profile *p, sk_node_id node,
			   sk_labelset_id labels)
{
	struct record_key key = { node, labels };
	uint64_t h;
	uint32_t id;

	if (labels == 0) {
		/* Fast path: unlabelled records hang off the node. */
		if (!p->nodes[node].record)
			p->nodes[node].record = new_record(p, node, 0) + 1;
		return p->nodes[node].record - 1;
	}
	h = sk_hash_u64(((uint64_t)node << 32 | labels) ^ 0x27d4eb2dULL);
	id = sk_index_find(&p->record_index, h, record_eq, p, &key);
	if (id == UINT32_MAX) {
		id = new_record(p, node, labels);
		sk_index_insert(&p->record_index, h, id);
	}
	return id;
}

void sk_profile_add_values(sk_profile *p, sk_node_id node,
			   sk_labelset_id labels, const double *values)
{
	uint32_t r = record_for(p, node, labels);
	double *v = p->values + (size_t)r * p->ntypes;
	size_t t;

	for (t = 0; t < p->ntypes; t++)
		v[t] += values[t];
}

sk_node_id sk_profile_add_stack(sk_profile *p, const sk_frame_id *frames,
				size_t n, sk_labelset_id labels,
				const double *values)
{
	sk_node_id node = SK_ROOT;
	size_t i;

	for (i = 0; i < n; i++)
		node = sk_profile_child(p, node, frames[i]);
	if (values)
		sk_profile_add_values(p, node, labels, values);
	return node;
}

size_t sk_profile_record_count(const sk_profile *p)
{
	return p->nrecords;
}

sk_record sk_profile_record_get(const sk_profile *p, size_t i)
{
	assert(i < p->nrecords);
	return p->records[i];
}

const double *sk_profile_record_values(const sk_profile *p, size_t i)
{
	assert(i < p->nrecords);
	return p->values + i * p->ntypes;
}

/* ---- totals ----
 * Computed from the records on each call, without a cache, so a const
 * profile is never written: O(records) (O(nodes + records) for a subtree).
 * Writers that need every node's totals build a view (sk_view.h). */

double sk_profile_node_self(const sk_profile *p, sk_node_id n, size_t t)
{
	double sum = 0;

	for (size_t r = 0; r < p->nrecords && t < p->ntypes; r++)
		if (p->records[r].node == n)
			sum += p->values[r * p->ntypes + t];
	return sum;
}

double sk_profile_node_total(const sk_profile *p, sk_node_id n, size_t t)
{
	unsigned char *in;
	double sum = 0;
	size_t i, r;

	if (t >= p->ntypes || n >= p->nnodes)
		return 0;
	if (n == SK_ROOT)
		return sk_profile_total(p, t);
	/* Children have larger ids than their parents: one forward pass
	 * marks n's subtree. */
	in = sk_xcalloc(p->nnodes, 1);
	in[n] = 1;
	for (i = n + 1; i < p->nnodes; i++)
		in[i] = in[p->nodes[i].parent];
	for (r = 0; r < p->nrecords; r++)
		if (in[p->records[r].node])
			sum += p->values[r * p->ntypes + t];
	free(in);
	return sum;
}

double sk_profile_total(const sk_profile *p, size_t t)
{
	double sum = 0;

	for (size_t r = 0; r < p->nrecords && t < p->ntypes; r++)
		sum += p->values[r * p->ntypes + t];
	return sum;
}

/* ---- timeline ---- */

void sk_profile_add_sample(sk_profile *p, sk_node_id node,
			   sk_labelset_id labels, int64_t position,
			   const double *values)
{
	sk_xgrow((void **)&p->samples, &p->samples_cap, p->nsamples + 1,
		 sizeof *p->samples);
	if (p->ntypes) {
		sk_xgrow((void **)&p->sample_values, &p->sample_values_cap,
			 (p->nsamples + 1) * p->ntypes,
			 sizeof *p->sample_values);
		memcpy(p->sample_values + p->nsamples * p->ntypes, values,
		       p->ntypes * sizeof *values);
	}
	p->samples[p->nsamples].node = node;
	p->samples[p->nsamples].labels = labels;
	p->samples[p->nsamples].position = position;
	p->nsamples++;
}

size_t sk_profile_sample_count(const sk_profile *p)
{
	return p->nsamples;
}

sk_sample sk_profile_sample_get(const sk_profile *p, size_t i)
{
	assert(i < p->nsamples);
	return p->samples[i];
}

const double *sk_profile_sample_values(const sk_profile *p, size_t i)
{
	assert(i < p->nsamples);
	return p->sample_values + i * p->ntypes;
}

void sk_profile_clear_timeline(sk_profile *p)
{
	p->nsamples = 0;
}

int sk_profile_timeline_unit(const sk_profile *p)
{
	return p->timeline_unit;
}

void sk_profile_set_timeline_unit(sk_profile *p, int unit)
{
	p->timeline_unit = unit;
}

const char *sk_position_unit_name(int unit)
{
	switch (unit) {
	case SK_POSITION_NANOSECONDS: return "nanoseconds";
	case SK_POSITION_BYTES: return "bytes";
	case SK_POSITION_ORDER: return "order";
	}
	return "?";
}
