/*
 * svg_layout.c - where each frame of a flame graph goes: the blocks of a
 * merged graph (from a view: children in label or weight order, each to
 * the left of its parent's self time) or of a flame chart (the timeline in
 * order, adjacent samples sharing a frame sharing its block).
 *
 * Widths are in "width weight": the drawn value type's total, or in a
 * differential graph the base's or the larger of the two (a frame that
 * vanished keeps its width, FlameGraph#74).  The larger of two totals is
 * not a sum, so a node's width weight is its own larger self plus its
 * children's width weights: children always fit inside their parent.
 * A frame's own weight is drawn to the left of its callees, as in FlameGraph.
 * Frames narrower than the minimum share are dropped with all they hold;
 * their weight still counts in their parents.
 */
#include "formats/svg/svg.h"
#include <stackkit/sk_thread.h>

#include <stdlib.h>
#include <string.h>

#define NO_FRAME UINT32_MAX

void svg_blocks_free(svg_blocks *b)
{
	free(b->items);
	sk_strtab_free(&b->labels);
	if (b->view)
		sk_view_free(b->view);
	memset(b, 0, sizeof *b);
}

static svg_block *add_block(svg_blocks *b)
{
	svg_block *k;

	if (b->count == b->cap)
		sk_xgrow((void **)&b->items, &b->cap, b->count + 1,
			 sizeof *b->items);
	k = &b->items[b->count++];
	memset(k, 0, sizeof *k);
	k->frame = NO_FRAME;
	return k;
}

static void add_root(svg_blocks *b)
{
	svg_block *root = add_block(b);

	root->kind = SK_FRAME_OTHER;
	root->label = "all";
	root->label_len = 3;
}

static double own_width(const sk_view *v, sk_vnode n, const svg_layout_opts *o)
{
	double next = sk_view_self(v, n, o->type), base = 0, w;

	if (o->base_type >= 0)
		base = sk_view_self(v, n, (size_t)o->base_type);
	if (o->width_from == SVG_WIDTH_BASE)
		w = base;
	else if (o->width_from == SVG_WIDTH_MAX)
		w = base > next ? base : next;
	else
		w = next;
	return w > 0 ? w : 0;	/* a negative weight takes no room */
}

/* Width weight per view node: own width plus the children's.  View nodes
 * come parents first, so one backward pass adds children in. */
static double *width_weights(const sk_view *v, const svg_layout_opts *o)
{
	size_t n = sk_view_node_count(v), i;
	double *w = sk_xcalloc(n + 1, sizeof *w);

	for (i = n; i-- > 0;) {
		w[i] += own_width(v, (sk_vnode)i, o);
		if (i)
			w[sk_view_parent(v, (sk_vnode)i)] += w[i];
	}
	return w;
}

static void fill_block(svg_block *k, const sk_view *v, sk_vnode n,
		       const svg_layout_opts *o)
{
	k->depth = sk_view_depth(v, n);
	k->kind = sk_view_kind(v, n);
	k->frame = sk_view_frame(v, n);
	k->label = sk_view_label(v, n, &k->label_len);
	k->value = k->next = sk_view_total(v, n, o->type);
	if (o->base_type >= 0)
		k->base = sk_view_total(v, n, (size_t)o->base_type);
}

struct pending {
	sk_vnode node;
	double x;
};

void svg_layout_graph(const sk_profile *p, const svg_layout_opts *o,
		      svg_blocks *out)
{
	sk_view_options vo = o->view;
	struct pending *stack;
	size_t top = 0, cap, nc, c;
	const sk_vnode *kids;
	double *w, min;
	sk_view *v;

	memset(out, 0, sizeof *out);
	sk_strtab_init(&out->labels);
	vo.order = o->by_weight ? SK_VIEW_BY_WEIGHT : SK_VIEW_BY_LABEL;
	vo.order_type = o->type;
	v = out->view = sk_view_build(p, &vo);
	w = width_weights(v, o);
	out->total = w[0];
	out->next_total = sk_view_total(v, 0, o->type);
	if (o->base_type >= 0)
		out->base_total = sk_view_total(v, 0, (size_t)o->base_type);
	min = o->min_fraction * w[0];
	cap = sk_view_node_count(v) + 1;
	stack = sk_xmalloc(cap * sizeof *stack);
	stack[top++] = (struct pending){ 0, 0 };
	/* Depth first, a frame before its children, children left to right:
	 * they are pushed right to left. */
	while (top) {
		struct pending at = stack[--top];
		svg_block *k;
		double x;

		if (at.node && (w[at.node] <= 0 || w[at.node] < min))
			continue;
		if (at.node) {
			k = add_block(out);
			fill_block(k, v, at.node, o);
		} else {
			add_root(out);
			k = &out->items[0];
			k->value = k->next = out->next_total;
			k->base = out->base_total;
		}
		k->x = at.x;
		k->w = w[at.node];
		if (k->depth > out->max_depth)
			out->max_depth = k->depth;
		/* a frame's own weight on the left, then its callees, as
		 * FlameGraph draws them (a stack ending in the frame sorts
		 * before the stacks that go on) */
		kids = sk_view_children(v, at.node, &nc);
		x = at.x + w[at.node];
		for (c = nc; c-- > 0;) {
			x -= w[kids[c]];
			stack[top++] = (struct pending){ kids[c], x };
		}
	}
	free(stack);
	free(w);
}

/* ---- flame charts ---- */

/* One frame of the current sample's stack: its label and what it is. */
struct chart_frame {
	uint32_t label;
	int kind;
	sk_frame_id frame;
};

struct chart {
	const sk_profile *p;
	const svg_layout_opts *o;
	svg_blocks *out;
	uint32_t *frame_label;	/* per profile frame; UINT32_MAX = not yet */
	sk_buf scratch;
	struct chart_frame *path;
	size_t path_len, path_cap;
	size_t *open;		/* block of each depth 1.. of the last stack */
	struct chart_frame *open_frames;
	size_t open_len, open_cap;
	uint32_t *ids;		/* label id of each block */
	size_t ids_cap;
};

static uint32_t chart_label(struct chart *c, sk_frame_id f)
{
	sk_frame_label_fn label = c->o->view.label ? c->o->view.label
						   : sk_frame_label;

	if (c->frame_label[f] != UINT32_MAX)
		return c->frame_label[f];
	sk_buf_reset(&c->scratch);
	label(c->o->view.label_arg, c->p, f, &c->scratch);
	sk_frame_marks(c->p, f, c->o->view.marks, &c->scratch, 0);
	c->frame_label[f] = sk_strtab_intern(&c->out->labels,
		c->scratch.data ? c->scratch.data : "", c->scratch.len);
	return c->frame_label[f];
}

static void path_push(struct chart *c, uint32_t label, int kind,
		      sk_frame_id f)
{
	if (c->path_len == c->path_cap)
		sk_xgrow((void **)&c->path, &c->path_cap, c->path_len + 1,
			 sizeof *c->path);
	c->path[c->path_len++] = (struct chart_frame){ label, kind, f };
}

/* The sample's labels root first: its thread root, then its frames. */
static void sample_path(struct chart *c, const sk_sample *s)
{
	const sk_profile *p = c->p;
	sk_thread t;
	size_t depth, i;
	sk_node_id n;

	c->path_len = 0;
	sk_buf_reset(&c->scratch);
	if (c->o->view.threads &&
	    sk_profile_labelset_thread(p, s->labels, &t) &&
	    sk_thread_root_name(p, &t, c->o->view.threads, &c->scratch))
		path_push(c, sk_strtab_intern(&c->out->labels,
					      c->scratch.data, c->scratch.len),
			  c->o->view.threads == SK_THREAD_ROOT_TID ?
				SK_FRAME_THREAD : SK_FRAME_PROCESS, NO_FRAME);
	depth = sk_profile_node_depth(p, s->node);
	i = c->path_len + depth;
	while (c->path_len < i)
		path_push(c, 0, 0, NO_FRAME);
	for (n = s->node; n != SK_ROOT; n = sk_profile_node_parent(p, n)) {
		sk_frame_id f = sk_profile_node_frame(p, n);

		c->path[--i] = (struct chart_frame){
			chart_label(c, f), (int)sk_profile_frame_get(p, f)->kind,
			f };
	}
}

static void chart_sample(struct chart *c, const sk_sample *s, double v,
			 double x)
{
	svg_blocks *out = c->out;
	size_t same = 0, d;

	sample_path(c, s);
	while (same < c->path_len && same < c->open_len &&
	       c->open_frames[same].label == c->path[same].label &&
	       c->open_frames[same].kind == c->path[same].kind)
		same++;
	if (c->path_len > c->open_cap) {
		sk_xgrow((void **)&c->open, &c->open_cap, c->path_len,
			 sizeof *c->open);
		c->open_frames = sk_xrealloc(c->open_frames,
			c->open_cap * sizeof *c->open_frames);
	}
	for (d = same; d < c->path_len; d++) {
		svg_block *k = add_block(out);

		k->depth = (uint32_t)d + 1;
		k->kind = c->path[d].kind;
		k->frame = c->path[d].frame;
		k->x = x;
		sk_xgrow((void **)&c->ids, &c->ids_cap, out->count,
			 sizeof *c->ids);
		c->ids[out->count - 1] = c->path[d].label;
		c->open[d] = out->count - 1;
		c->open_frames[d] = c->path[d];
		if (k->depth > out->max_depth)
			out->max_depth = k->depth;
	}
	c->open_len = c->path_len;
	for (d = 0; d < c->path_len; d++) {
		svg_block *k = &out->items[c->open[d]];

		k->w += v;
		k->value = k->next = k->w;
	}
}

/* Labels point into the table only once it stops growing. */
static void chart_labels(svg_blocks *out, const uint32_t *ids)
{
	size_t i;

	for (i = 1; i < out->count; i++) {
		out->items[i].label = out->labels.ptrs[ids[i]];
		out->items[i].label_len = out->labels.lens[ids[i]];
	}
}

/* Drops blocks narrower than min with their descendants, which follow
 * them in depth-first order at a greater depth. */
static void chart_prune(svg_blocks *out, uint32_t *ids, double min)
{
	size_t i, kept = 1;
	uint32_t skip_below = UINT32_MAX;

	out->max_depth = 0;
	for (i = 1; i < out->count; i++) {
		svg_block *k = &out->items[i];

		if (k->depth > skip_below)
			continue;
		skip_below = UINT32_MAX;
		if (k->w <= 0 || k->w < min) {
			skip_below = k->depth;
			continue;
		}
		if (k->depth > out->max_depth)
			out->max_depth = k->depth;
		ids[kept] = ids[i];
		out->items[kept++] = *k;
	}
	out->count = kept;
}

int svg_layout_chart(const sk_profile *p, const svg_layout_opts *o,
		     svg_blocks *out, sk_error *err)
{
	size_t n = sk_profile_sample_count(p), i, nf = sk_profile_frame_count(p);
	struct chart c;
	uint32_t *ids;
	double x = 0;

	memset(out, 0, sizeof *out);
	sk_strtab_init(&out->labels);
	if (n == 0 && sk_profile_record_count(p) > 0)
		return sk_error_set(err, "--flamechart needs the samples in "
			"time order, and this profile has no timeline (its "
			"input format keeps none, or the input was aggregated)");
	memset(&c, 0, sizeof c);
	c.p = p;
	c.o = o;
	c.out = out;
	c.frame_label = sk_xmalloc((nf + 1) * sizeof *c.frame_label);
	for (i = 0; i < nf; i++)
		c.frame_label[i] = UINT32_MAX;
	add_root(out);
	for (i = 0; i < n; i++) {
		sk_sample s = sk_profile_sample_get(p, i);
		double v = sk_profile_sample_values(p, i)[o->type];

		if (v <= 0)
			continue;
		chart_sample(&c, &s, v, x);
		x += v;
	}
	out->items[0].w = out->items[0].value = out->items[0].next = x;
	out->total = out->next_total = x;
	sk_xgrow((void **)&c.ids, &c.ids_cap, out->count, sizeof *c.ids);
	ids = c.ids;
	chart_prune(out, ids, o->min_fraction * x);
	chart_labels(out, ids);
	free(c.ids);
	free(c.frame_label);
	free(c.path);
	free(c.open);
	free(c.open_frames);
	sk_buf_free(&c.scratch);
	return 0;
}
