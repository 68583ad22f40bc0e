/*
 * view.c - the read-only, label-merged view of a profile (sk_view.h).
 *
 * Built in one pass over the records: each record's (thread root, node)
 * pair is resolved to a view node by walking up the profile's tree until a
 * pair already seen, then creating view nodes downwards, each found or
 * added under its parent by label.  View nodes are created parents first,
 * so one backward pass sums totals, as in the profile itself.
 */
#include <stackkit/sk_thread.h>
#include <stackkit/sk_view.h>
#include "lib/profile_internal.h"
#include "lib/sk_util.h"
#include "lib/strtab.h"

#include <stdlib.h>
#include <string.h>

#define UNSET UINT32_MAX

struct view_node {
	sk_vnode parent;
	uint32_t label;		/* id in labels */
	uint32_t depth;
	sk_frame_id frame;	/* UNSET for the root and thread roots */
	uint32_t first;		/* into children; while building, the first
				 * child of a list linked through next */
	uint32_t count;		/* number of children */
};

struct sk_view {
	const sk_profile *p;
	sk_view_options o;
	struct view_node *nodes;
	size_t n, cap;
	sk_index child_index;	/* (parent, label) -> node */
	sk_strtab labels;
	uint32_t *frame_label;	/* per frame; UNSET = not rendered yet */
	sk_vnode *set_root;	/* per label set; UNSET = not yet */
	/* The view node of each profile node under the thread root being
	 * resolved (sum_records goes one root after the other) */
	sk_vnode *memo_root, *memo_vnode;
	double *self, *total;	/* n * nt */
	size_t nt, t0;		/* the value types summed: t0 .. t0 + nt */
	sk_vnode *children;
	sk_buf scratch;
	sk_node_id *path;
	size_t path_cap;
	/* While building: the next sibling in a parent's list, per node
	 * (not in view_node: the sums are allocated after it is freed). */
	sk_vnode *next;
};

static uint64_t child_hash(sk_vnode parent, uint32_t label)
{
	return sk_hash_u64(((uint64_t)parent << 32 | label) ^ 0x9e3779b9ULL);
}

static int child_eq(const void *arg, uint32_t id, const void *key)
{
	const sk_view *v = arg;
	const uint32_t *k = key;

	return v->nodes[id].parent == k[0] && v->nodes[id].label == k[1];
}

/* Siblings are few under most nodes: a scan of the list built so far
 * beats hashing; past this many, a parent's children go to child_index. */
enum { SCAN_MAX = 8 };

static sk_vnode find_child(const sk_view *v, sk_vnode parent, uint32_t label)
{
	const struct view_node *pn = &v->nodes[parent];
	uint32_t key[2] = { parent, label };
	size_t c;

	if (pn->count > SCAN_MAX)
		return sk_index_find(&v->child_index,
				     child_hash(parent, label), child_eq, v,
				     key);
	for (c = pn->first; c; c = v->next[c])
		if (v->nodes[c].label == label)
			return (sk_vnode)c;
	return UNSET;
}

static void index_child(sk_view *v, sk_vnode parent, sk_vnode id)
{
	struct view_node *pn = &v->nodes[parent];
	size_t c;

	if (pn->count == SCAN_MAX + 1) {
		for (c = pn->first; c; c = v->next[c])
			sk_index_insert(&v->child_index,
					child_hash(parent, v->nodes[c].label),
					(uint32_t)c);
	} else if (pn->count > SCAN_MAX + 1) {
		sk_index_insert(&v->child_index,
				child_hash(parent, v->nodes[id].label), id);
	}
}

static sk_vnode child(sk_view *v, sk_vnode parent, uint32_t label,
		      sk_frame_id frame)
{
	/* A new branch (most nodes of a deep profile) has nothing to find. */
	sk_vnode id = v->nodes[parent].count ? find_child(v, parent, label)
					     : UNSET;
	struct view_node *n;

	if (id != UNSET)
		return id;
	if (v->n >= UINT32_MAX - 1)
		abort();
	if (v->n == v->cap) {
		size_t cap = v->cap;

		sk_xgrow((void **)&v->nodes, &v->cap, v->n + 1,
			 sizeof *v->nodes);
		sk_xgrow((void **)&v->next, &cap, v->n + 1, sizeof *v->next);
	}
	id = (sk_vnode)v->n++;
	n = &v->nodes[id];
	n->parent = parent;
	n->label = label;
	n->depth = v->nodes[parent].depth + 1;
	n->frame = frame;
	n->first = 0;
	n->count = 0;
	v->next[id] = (sk_vnode)v->nodes[parent].first;
	v->nodes[parent].first = id;
	v->nodes[parent].count++;
	index_child(v, parent, id);
	return id;
}

static uint32_t frame_label(sk_view *v, sk_frame_id f)
{
	sk_buf *b = &v->scratch;

	if (v->frame_label[f] != UNSET)
		return v->frame_label[f];
	sk_buf_reset(b);
	v->o.label(v->o.label_arg, v->p, f, b);
	sk_frame_marks(v->p, f, v->o.marks, b, 0);
	v->frame_label[f] = sk_strtab_intern(&v->labels, b->data ? b->data : "",
					     b->len);
	return v->frame_label[f];
}

/* The thread root frame of a label set, or the root. */
static sk_vnode thread_root(sk_view *v, sk_labelset_id set)
{
	sk_thread t;
	sk_buf *b = &v->scratch;
	uint32_t label;

	if (v->set_root[set] != UNSET)
		return v->set_root[set];
	sk_buf_reset(b);
	v->set_root[set] = 0;
	if (v->o.threads && sk_profile_labelset_thread(v->p, set, &t) &&
	    sk_thread_root_name(v->p, &t, v->o.threads, b)) {
		label = sk_strtab_intern(&v->labels, b->data, b->len);
		v->set_root[set] = child(v, 0, label, UNSET);
	}
	return v->set_root[set];
}

/* Records are resolved one thread root after the other (sum_records), so a
 * node's memo only ever needs the root being resolved: an entry for
 * another root is stale. */
static sk_vnode pair_find(const sk_view *v, sk_vnode root, sk_node_id node)
{
	if (node == SK_ROOT)
		return root;
	return v->memo_root[node] == root ? v->memo_vnode[node] : UNSET;
}

static void pair_add(sk_view *v, sk_vnode root, sk_node_id node,
		     sk_vnode vnode)
{
	v->memo_root[node] = root;
	v->memo_vnode[node] = vnode;
}

/* The view node of profile node `node` under thread root `root`. */
static sk_vnode resolve(sk_view *v, sk_vnode root, sk_node_id node)
{
	const sk_profile *p = v->p;
	size_t n = 0;
	sk_vnode at;

	while ((at = pair_find(v, root, node)) == UNSET) {
		if (n == v->path_cap)
			sk_xgrow((void **)&v->path, &v->path_cap, n + 1,
				 sizeof *v->path);
		v->path[n++] = node;
		node = p->nodes[node].parent;
	}
	while (n-- > 0) {
		sk_frame_id f = p->nodes[v->path[n]].frame;

		at = child(v, at, frame_label(v, f), f);
		pair_add(v, root, v->path[n], at);
	}
	return at;
}

/* Records to view nodes, the records of one thread root after those of
 * the root before (a counting sort by root): a profile node's memo then
 * only ever holds the current root's view node, however many threads
 * share the node.  at[r] goes in as the record's root, out as its node. */
static void resolve_by_root(sk_view *v, sk_vnode *at)
{
	const sk_profile *p = v->p;
	size_t roots = v->n, r, *start = sk_xcalloc(roots + 1, sizeof *start);
	size_t *order = sk_xmalloc((p->nrecords + 1) * sizeof *order);

	for (r = 0; r < p->nrecords; r++)
		start[at[r] + 1]++;
	for (r = 1; r <= roots; r++)
		start[r] += start[r - 1];
	for (r = 0; r < p->nrecords; r++)
		order[start[at[r]]++] = r;
	for (r = 0; r < p->nrecords; r++)
		at[order[r]] = resolve(v, at[order[r]],
				       p->records[order[r]].node);
	free(order);
	free(start);
}

/* What only resolving needs goes before the sums are allocated: the peak
 * of a view is then its nodes and sums, not those and the memos. */
static void free_build_state(sk_view *v)
{
	free(v->memo_root);
	free(v->memo_vnode);
	free(v->path);
	free(v->next);
	sk_index_free(&v->child_index);
	v->memo_root = v->memo_vnode = v->next = NULL;
	v->path = NULL;
}

/* Every record to its view node first (the node count is final only
 * then), then the sums. */
static void sum_records(sk_view *v)
{
	const sk_profile *p = v->p;
	size_t nt = v->nt, r, t, i;
	sk_vnode *at = sk_xcalloc(p->nrecords + 1, sizeof *at);

	for (r = 0; r < p->nrecords; r++)
		at[r] = thread_root(v, p->records[r].labels);
	resolve_by_root(v, at);
	free_build_state(v);
	v->self = sk_xcalloc(v->n * nt + 1, sizeof *v->self);
	for (r = 0; r < p->nrecords; r++)
		for (t = 0; t < nt; t++)
			v->self[at[r] * nt + t] +=
				p->values[r * p->ntypes + v->t0 + t];
	free(at);
	if (v->o.no_totals && v->o.order != SK_VIEW_BY_WEIGHT)
		return;
	v->total = sk_xmalloc((v->n * nt + 1) * sizeof *v->total);
	memcpy(v->total, v->self, v->n * nt * sizeof *v->total);
	for (i = v->n; i-- > 1;)
		for (t = 0; t < nt; t++)
			v->total[v->nodes[i].parent * nt + t] +=
				v->total[i * nt + t];
}

/* FlameGraph's order: its frames are in the order of the sorted folded
 * lines, where a frame is followed by ';' when it has callees.  So a label
 * compares as if followed by ';': "foo::bar" and "foo.c" come before "foo"
 * (':' and '.' sort before ';'), "foo_x" after it. */
static int label_cmp(const sk_view *v, sk_vnode a, sk_vnode b)
{
	uint32_t la = v->nodes[a].label, lb = v->nodes[b].label;
	size_t na = v->labels.lens[la], nb = v->labels.lens[lb];
	const unsigned char *pa = (const unsigned char *)v->labels.ptrs[la];
	const unsigned char *pb = (const unsigned char *)v->labels.ptrs[lb];
	int c = memcmp(pa, pb, na < nb ? na : nb);

	if (c || na == nb)
		return c;
	if (na < nb)
		return pb[na] == ';' ? -1 : (';' < pb[na] ? -1 : 1);
	return pa[nb] == ';' ? 1 : (pa[nb] < ';' ? -1 : 1);
}

static int child_cmp(const void *x, const void *y, void *arg)
{
	const sk_view *v = arg;
	sk_vnode a = *(const sk_vnode *)x, b = *(const sk_vnode *)y;

	if (v->o.order == SK_VIEW_BY_WEIGHT) {
		size_t nt = v->nt, t = v->o.order_type - v->t0;
		double wa = v->total[a * nt + t], wb = v->total[b * nt + t];

		if (wa != wb)
			return wa > wb ? -1 : 1;
	}
	return label_cmp(v, a, b);
}

/* Children lists back to back, each sorted. */
static void sort_children(sk_view *v)
{
	size_t i, off = 0;

	/* count already holds each node's number of children. */
	for (i = 0; i < v->n; i++) {
		v->nodes[i].first = (uint32_t)off;
		off += v->nodes[i].count;
		v->nodes[i].count = 0;
	}
	v->children = sk_xcalloc(off + 1, sizeof *v->children);
	for (i = 1; i < v->n; i++) {
		struct view_node *pn = &v->nodes[v->nodes[i].parent];

		v->children[pn->first + pn->count++] = (sk_vnode)i;
	}
	for (i = 0; v->o.order != SK_VIEW_UNORDERED && i < v->n; i++)
		if (v->nodes[i].count > 1)
			qsort_r(v->children + v->nodes[i].first,
				v->nodes[i].count, sizeof *v->children,
				child_cmp, v);
}

void sk_view_options_from(const sk_options *o, sk_view_options *vo)
{
	memset(vo, 0, sizeof *vo);
	vo->threads = sk_options_has(o, "no-comm") ? SK_THREAD_ROOT_NONE :
		      sk_options_has(o, "tid") ? SK_THREAD_ROOT_TID :
		      sk_options_has(o, "pid") ? SK_THREAD_ROOT_PID :
						 SK_THREAD_ROOT_COMM;
	if (sk_options_has(o, "kernel") || sk_options_has(o, "all"))
		vo->marks |= SK_MARK_KERNEL;
	if (sk_options_has(o, "jit") || sk_options_has(o, "all"))
		vo->marks |= SK_MARK_JIT;
	if (sk_options_has(o, "mark-inlined"))
		vo->marks |= SK_MARK_INLINE;
}

sk_view *sk_view_build(const sk_profile *p, const sk_view_options *o)
{
	sk_view *v = sk_xcalloc(1, sizeof *v);
	size_t i;

	v->p = p;
	if (o)
		v->o = *o;
	if (!v->o.label)
		v->o.label = sk_frame_label;
	if (v->o.order_type >= p->ntypes)
		v->o.order_type = p->default_type;
	v->nt = p->ntypes;
	if (v->o.single_type && v->o.type < p->ntypes) {
		v->t0 = v->o.type;
		v->nt = 1;
		v->o.order_type = v->o.type;
	}
	sk_index_init(&v->child_index);
	sk_strtab_init(&v->labels);
	v->frame_label = sk_xmalloc((p->nframes + 1) * sizeof *v->frame_label);
	for (i = 0; i < p->nframes; i++)
		v->frame_label[i] = UNSET;
	v->set_root = sk_xmalloc((p->nsets + 1) * sizeof *v->set_root);
	for (i = 0; i <= p->nsets; i++)
		v->set_root[i] = UNSET;
	v->memo_root = sk_xmalloc((p->nnodes + 1) * sizeof *v->memo_root);
	v->memo_vnode = sk_xmalloc((p->nnodes + 1) * sizeof *v->memo_vnode);
	for (i = 0; i < p->nnodes; i++)
		v->memo_root[i] = UNSET;
	/* Exactly one node per profile node and thread root, which label
	 * merging only shrinks; only profile nodes that several threads
	 * share can need more. */
	v->cap = p->nnodes + p->nsets + 1;
	v->nodes = sk_xmalloc(v->cap * sizeof *v->nodes);
	v->next = sk_xmalloc(v->cap * sizeof *v->next);
	memset(&v->nodes[0], 0, sizeof v->nodes[0]);
	v->nodes[0].frame = UNSET;
	v->n = 1;
	sum_records(v);
	sort_children(v);
	return v;
}

void sk_view_free(sk_view *v)
{
	if (!v)
		return;
	free(v->nodes);
	sk_strtab_free(&v->labels);
	free(v->frame_label);
	free(v->set_root);
	free(v->self);
	free(v->total);
	free(v->children);
	sk_buf_free(&v->scratch);
	free(v);
}

const sk_profile *sk_view_profile(const sk_view *v)
{
	return v->p;
}

size_t sk_view_node_count(const sk_view *v)
{
	return v->n;
}

sk_vnode sk_view_parent(const sk_view *v, sk_vnode n)
{
	return v->nodes[n].parent;
}

uint32_t sk_view_depth(const sk_view *v, sk_vnode n)
{
	return v->nodes[n].depth;
}

const char *sk_view_label(const sk_view *v, sk_vnode n, size_t *len)
{
	uint32_t l = v->nodes[n].label;

	if (len)
		*len = v->labels.lens[l];
	return v->labels.ptrs[l];
}

int sk_view_labels_contain(const sk_view *v, char c)
{
	size_t i;

	for (i = 0; i < v->labels.count; i++)
		if (memchr(v->labels.ptrs[i], c, v->labels.lens[i]))
			return 1;
	return 0;
}

/* Not stored: a node's kind is that of its frame (the first one seen),
 * and a node without one is the root or a thread root. */
int sk_view_kind(const sk_view *v, sk_vnode n)
{
	sk_frame_id f = v->nodes[n].frame;

	if (f != UNSET)
		return (int)v->p->frames[f].kind;
	if (n == 0)
		return 0;
	return v->o.threads == SK_THREAD_ROOT_TID ? SK_FRAME_THREAD
						  : SK_FRAME_PROCESS;
}

sk_frame_id sk_view_frame(const sk_view *v, sk_vnode n)
{
	return v->nodes[n].frame;
}

double sk_view_self(const sk_view *v, sk_vnode n, size_t type)
{
	return type - v->t0 < v->nt ? v->self[n * v->nt + type - v->t0] : 0;
}

double sk_view_total(const sk_view *v, sk_vnode n, size_t type)
{
	return v->total && type - v->t0 < v->nt ?
		v->total[n * v->nt + type - v->t0] : 0;
}

const sk_vnode *sk_view_children(const sk_view *v, sk_vnode n, size_t *count)
{
	*count = v->nodes[n].count;
	return v->children + v->nodes[n].first;
}

/* ---- FlameGraph's marks ---- */

static int has_mark(const sk_buf *b, size_t start, char c, int at_end)
{
	const char m[4] = { '_', '[', c, ']' };
	size_t n = b->len - start;

	if (n < 4)
		return 0;
	if (at_end)
		return memcmp(b->data + b->len - 4, m, 4) == 0;
	return memmem(b->data + start, n, m, 4) != NULL;
}

static void add_mark(sk_buf *b, char c)
{
	const char m[4] = { '_', '[', c, ']' };

	sk_buf_append(b, m, 4);
}

void sk_frame_marks(const sk_profile *p, sk_frame_id f, unsigned marks,
		    sk_buf *label, size_t start)
{
	const sk_frame *fr = &p->frames[f];
	int jit_module;

	switch (fr->kind) {
	case SK_FRAME_KERNEL:
		/* A folded file's "foo_[k]" is read with its mark: no second
		 * one. */
		if ((marks & SK_MARK_KERNEL) && !has_mark(label, start, 'k', 1))
			add_mark(label, 'k');
		break;
	case SK_FRAME_JIT:
		if ((marks & SK_MARK_JIT) && !has_mark(label, start, 'j', 0))
			add_mark(label, 'j');
		break;
	case SK_FRAME_INLINED:
		jit_module = sk_module_kind(sk_profile_str(p, fr->module),
					    sk_profile_str_len(p, fr->module)) ==
			     SK_FRAME_JIT;
		if ((jit_module || (marks & SK_MARK_INLINE)) &&
		    !has_mark(label, start, 'i', 0))
			add_mark(label, 'i');
		break;
	}
}
