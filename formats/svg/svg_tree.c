/*
 * svg_tree.c - rebuilds stacks from a flame graph's drawn frames.
 *
 * A flame graph is a tree drawn as rows: a frame's parent is the frame of
 * the row nearer the root whose span contains its span, and its self
 * weight is its total less its children's.  Spans come from inferno's and
 * stackkit's exact fg:x/fg:w when every frame has them, else from the
 * rectangles, within the rounding their printed decimals allow
 * (flamegraph.pl prints pixels with one decimal, inferno percentages with
 * four).  Rows are the distinct y values; the root row is the bottom one
 * of a flame graph and the top one of an icicle graph, told by the
 * document's markers or else by geometry (the root row is the widest).
 *
 * flamegraph.pl and inferno draw a synthetic "all" frame spanning the
 * width as the root; it is not a stack frame and is dropped.  Flame
 * charts draw the same stack many times side by side: the node lookups
 * aggregate them.
 *
 * Differential graphs: stackkit's frames carry exact base and new totals
 * (fg:b, fg:n).  flamegraph.pl's and inferno's carry only the new count
 * and, in the title, the change of the frame's own (self) weight as
 * percentage points of the total, with two decimals; the base self
 * weight is derived from them (doc/svg.md, "What the reader reads").
 */
#include "formats/svg/svg_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a frame's span and weight are read: exact fg: values or the
 * rectangle within a tolerance. */
typedef struct tree_build {
	svg_doc *doc;
	const sk_context *ctx;
	sk_profile *p;
	sk_error *err;
	int exact;		/* spans from fg:x/fg:w */
	int from_fg_w;		/* weights from fg:w, else titles */
	double tol;		/* span tolerance */
	size_t *order;		/* frame indices by (row, start) */
	size_t *row_first;	/* order index where row r starts; nrows + 1 */
	size_t nrows;
	double *weight, *self, *base_self;
	int differential;	/* 0, or base_self is filled */
	int all_dropped;
	int icicle;		/* the orientation rows were assigned in */
} tree_build;

static double span_start(const tree_build *b, const svg_frame *f)
{
	return b->exact ? f->fg_x : f->x;
}

static double span_end(const tree_build *b, const svg_frame *f)
{
	return b->exact ? f->fg_x + f->fg_w : f->x + f->width;
}

static int frame_error(tree_build *b, const svg_frame *f, const char *fmt,
		       const char *a, const char *c)
{
	char what[600];

	snprintf(what, sizeof what, fmt, a ? a : "", c ? c : "");
	return sk_error_set_line(b->err, b->doc->name, f->lineno,
				 "frame '%.200s': %s", f->name, what);
}

/* ---- weights and spans ---- */

static int choose_sources(tree_build *b)
{
	svg_doc *doc = b->doc;
	size_t i;
	int all_fg_w = 1, all_fg_x = 1, unit = doc->frames[0].unit;

	for (i = 0; i < doc->nframes; i++) {
		all_fg_w &= (doc->frames[i].has & SVG_HAS_FG_W) != 0;
		all_fg_x &= (doc->frames[i].has & SVG_HAS_FG_X) != 0;
	}
	b->from_fg_w = all_fg_w;
	b->exact = all_fg_w && all_fg_x;
	b->weight = sk_xcalloc(doc->nframes, sizeof *b->weight);
	for (i = 0; i < doc->nframes; i++) {
		svg_frame *f = &doc->frames[i];
		if (!b->exact && f->unit != unit)
			return frame_error(b, f, "its geometry is in %s, other "
				"frames' in %s", f->unit == SVG_PX ? "pixels" :
				"percent", unit == SVG_PX ? "pixels" : "percent");
		if (!all_fg_w && !(f->has & SVG_HAS_COUNT))
			return frame_error(b, f, "no count in its title "
				"(\"NAME (COUNT, PCT%%)\") and no fg:w", NULL,
				NULL);
		b->weight[i] = all_fg_w ? f->fg_w : f->count;
	}
	/* Printed x and width are each off by up to half their last digit,
	 * so a span's end by up to one digit. */
	b->tol = b->exact ? 0 : pow(10, -doc->decimals) * 1.01;
	return 0;
}

/* ---- rows ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorting context: qsort has none, so frames are ordered through a
 * copy of their keys. */
typedef struct order_key {
	size_t row;
	double start;
	size_t index;
} order_key;

static int cmp_key(const void *a, const void *b)
{
	const order_key *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The index in ys (sorted, unique, n) of y. */
static size_t row_rank(const double *ys, size_t n, double y)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (ys[mid] <= y)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static double row_width(const tree_build *b, const double *ys, size_t n,
			size_t rank)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < b->doc->nframes; i++) {
		const svg_frame *f = &b->doc->frames[i];
		if (row_rank(ys, n, f->y) == rank)
			sum += span_end(b, f) - span_start(b, f);
	}
	return sum;
}

/* Icicle graphs have their root row at the top (the smallest y): the
 * first guess without markers is that the root row is the wider one. */
static int guess_icicle(const tree_build *b, const double *ys, size_t n)
{
	double top, bottom;

	top = row_width(b, ys, n, 0);
	bottom = row_width(b, ys, n, n - 1);
	if (top != bottom)
		return top > bottom;
	return b->doc->icicle_title;
}

static int assign_rows(tree_build *b, int icicle)
{
	svg_doc *doc = b->doc;
	double *ys = sk_xmalloc(doc->nframes * sizeof *ys);
	order_key *keys = sk_xmalloc(doc->nframes * sizeof *keys);
	size_t i, n = 0;

	for (i = 0; i < doc->nframes; i++)
		ys[i] = doc->frames[i].y;
	qsort(ys, doc->nframes, sizeof *ys, cmp_double);
	for (i = 0; i < doc->nframes; i++)
		if (n == 0 || ys[i] != ys[n - 1])
			ys[n++] = ys[i];
	if (icicle < 0)
		icicle = guess_icicle(b, ys, n);
	b->icicle = icicle;
	for (i = 0; i < doc->nframes; i++) {
		size_t rank = row_rank(ys, n, doc->frames[i].y);
		doc->frames[i].row = icicle ? rank : n - 1 - rank;
		keys[i].row = doc->frames[i].row;
		keys[i].start = span_start(b, &doc->frames[i]);
		keys[i].index = i;
	}
	qsort(keys, doc->nframes, sizeof *keys, cmp_key);
	b->nrows = n;
	b->order = sk_xmalloc(doc->nframes * sizeof *b->order);
	b->row_first = sk_xcalloc(n + 1, sizeof *b->row_first);
	for (i = 0; i < doc->nframes; i++) {
		b->order[i] = keys[i].index;
		b->row_first[keys[i].row + 1] = i + 1;
	}
	for (i = 1; i <= n; i++)
		if (b->row_first[i] < b->row_first[i - 1])
			b->row_first[i] = b->row_first[i - 1];
	free(keys);
	free(ys);
	if (n > b->ctx->limits.max_depth)
		return sk_error_set_file(b->err, doc->name, "%zu rows of "
			"frames: stacks deeper than the limit of %llu frames",
			n, (unsigned long long)b->ctx->limits.max_depth);
	return 0;
}

/* ---- parents ---- */

/* The synthetic root flamegraph.pl, inferno and stackkit draw: the one
 * frame of the root row, named "all".  (A profile's own root frame named
 * "all" is drawn above it.) */
static void drop_all_frame(tree_build *b)
{
	svg_frame *f;

	if (b->row_first[1] != 1)
		return;
	f = &b->doc->frames[b->order[0]];
	if (f->name_len == 3 && memcmp(f->name, "all", 3) == 0) {
		f->dropped = 1;
		b->all_dropped = 1;
	}
}

static double overlap(const tree_build *b, const svg_frame *p,
		      const svg_frame *c)
{
	double lo = fmax(span_start(b, p), span_start(b, c));
	double hi = fmin(span_end(b, p), span_end(b, c));

	return hi - lo;
}

/* How far spans may disagree: the printed tolerance, or for exact
 * weights a rounding margin relative to their size. */
static double slack(const tree_build *b, const svg_frame *f)
{
	return b->exact ? 1e-9 * fmax(1, fabs(span_end(b, f))) : b->tol;
}

static int check_row_overlaps(tree_build *b, size_t r)
{
	size_t k;

	for (k = b->row_first[r] + 1; k < b->row_first[r + 1]; k++) {
		svg_frame *prev = &b->doc->frames[b->order[k - 1]];
		svg_frame *f = &b->doc->frames[b->order[k]];
		if (span_start(b, f) < span_end(b, prev) - slack(b, prev))
			return frame_error(b, f, "it overlaps frame '%.200s' "
				"in the same row", prev->name, NULL);
	}
	return 0;
}

static int find_parents(tree_build *b, size_t r)
{
	size_t first = b->row_first[r - 1], end = b->row_first[r];
	size_t j = first, k;

	for (k = b->row_first[r]; k < b->row_first[r + 1]; k++) {
		svg_frame *c = &b->doc->frames[b->order[k]];
		double s = span_start(b, c), e = span_end(b, c), tol;
		size_t best = SIZE_MAX, m;
		svg_frame *p;

		while (j + 1 < end && span_start(b, &b->doc->frames[
				b->order[j + 1]]) <= s + slack(b, c))
			j++;
		for (m = j > first ? j - 1 : j; m < end && m <= j + 1; m++)
			if (best == SIZE_MAX || overlap(b, &b->doc->frames[
				b->order[m]], c) > overlap(b, &b->doc->frames[
				b->order[best]], c))
				best = m;
		p = best == SIZE_MAX ? NULL : &b->doc->frames[b->order[best]];
		tol = p ? fmax(slack(b, p), slack(b, c)) : 0;
		if (!p || span_start(b, p) > s + tol || span_end(b, p) < e - tol)
			return frame_error(b, c, "no frame of the row nearer "
				"the root spans it (inconsistent geometry)",
				NULL, NULL);
		/* children of "all" are roots */
		c->parent = p->dropped ? 0 : b->order[best] + 1;
	}
	return 0;
}

static int link_rows(tree_build *b)
{
	size_t r;

	drop_all_frame(b);
	for (r = 0; r < b->nrows; r++) {
		if (check_row_overlaps(b, r) < 0)
			return -1;
		if (r > 0 && find_parents(b, r) < 0)
			return -1;
	}
	return 0;
}

/* Without a marker, the orientation is the one under which every frame
 * finds its parent, the guess first; if neither works, the error is the
 * one of the flame graph reading, the common case. */
static void unlink_rows(tree_build *b)
{
	size_t i;

	for (i = 0; i < b->doc->nframes; i++) {
		b->doc->frames[i].parent = 0;
		b->doc->frames[i].dropped = 0;
	}
	b->all_dropped = 0;
	free(b->order);
	free(b->row_first);
	b->order = NULL;
	b->row_first = NULL;
}

static int orient(tree_build *b)
{
	int marked = b->doc->inverted;
	sk_error first;

	if (assign_rows(b, marked) < 0)
		return -1;
	if (link_rows(b) == 0)
		return 0;
	if (marked != SVG_ORIENT_UNKNOWN)
		return -1;
	first = *b->err;
	unlink_rows(b);
	if (assign_rows(b, !b->icicle) == 0 && link_rows(b) == 0)
		return 0;
	if (b->icicle)
		*b->err = first;
	return -1;
}

/* ---- self weights ---- */

/* self[i] = total[i] less its children's totals.  Exact weights may be
 * off by float rounding only; title counts are rounded to integers by
 * flamegraph.pl, each by up to half a unit, so a frame may show a little
 * less than its children: such a self weight is 0. */
static int self_of(tree_build *b, const double *total, double *self,
		   const char *what)
{
	size_t n = b->doc->nframes, i;
	double *children = sk_xcalloc(n, sizeof *children);
	size_t *count = sk_xcalloc(n, sizeof *count);
	int rc = 0;

	for (i = 0; i < n; i++)
		if (b->doc->frames[i].parent) {
			children[b->doc->frames[i].parent - 1] += total[i];
			count[b->doc->frames[i].parent - 1]++;
		}
	for (i = 0; i < n && rc == 0; i++) {
		double eps = 1e-9 * fmax(1, total[i]);
		double margin = b->from_fg_w ? eps : 0.5 * (double)(count[i] + 1);
		self[i] = total[i] - children[i];
		if (self[i] < -margin) {
			char a[32], c[32];
			snprintf(a, sizeof a, "%.17g", children[i]);
			snprintf(c, sizeof c, "%.17g", total[i]);
			rc = frame_error(b, &b->doc->frames[i], what, a, c);
		} else if (self[i] < eps) {
			self[i] = 0;
		}
	}
	free(children);
	free(count);
	return rc;
}

static int exact_differential(tree_build *b)
{
	size_t n = b->doc->nframes, i;
	double *fg_b = sk_xmalloc(n * sizeof *fg_b);
	double *fg_n = sk_xmalloc(n * sizeof *fg_n);
	int rc;

	for (i = 0; i < n; i++) {
		fg_b[i] = b->doc->frames[i].fg_b;
		fg_n[i] = b->doc->frames[i].fg_n;
	}
	b->base_self = sk_xcalloc(n, sizeof *b->base_self);
	rc = self_of(b, fg_b, b->base_self, "its children's base (fg:b) "
		     "weights sum to %s, more than its own %s");
	if (rc == 0)
		rc = self_of(b, fg_n, b->self, "its children's new (fg:n) "
			     "weights sum to %s, more than its own %s");
	free(fg_b);
	free(fg_n);
	b->differential = 1;
	return rc;
}

/* The total the titles' percentages are of. */
static double graph_total(const tree_build *b)
{
	double sum = 0;
	size_t k;

	if (b->all_dropped)
		return b->weight[b->order[0]];
	if (b->from_fg_w && b->doc->has_total)
		return b->doc->total_samples;
	for (k = 0; k < b->row_first[1]; k++)
		sum += b->weight[b->order[k]];
	return sum;
}

/* flamegraph.pl's delta is the frame's own (self) new count less its own
 * base count, in percent of the total new weight, printed with two
 * decimals: base self = new self - delta * total / 100, within 0.00005 of
 * the total, so integer counts come back exactly up to a total of 10,000.
 * --negate prints the delta negated, which nothing in the graph records;
 * a reading that makes some base weight negative must be the wrong one. */
static int derived_differential(tree_build *b)
{
	size_t n = b->doc->nframes, i, neg_plain = 0, neg_negated = 0;
	double total = graph_total(b), unsure = 5e-5 * total + 1e-9;
	int integral = 1, negated;

	b->base_self = sk_xcalloc(n, sizeof *b->base_self);
	for (i = 0; i < n; i++) {
		double d = b->doc->frames[i].delta * total / 100;
		integral &= b->weight[i] == floor(b->weight[i]);
		neg_plain += b->self[i] - d < -unsure - 0.5;
		neg_negated += b->self[i] + d < -unsure - 0.5;
	}
	negated = neg_plain && !neg_negated;
	if (negated)
		sk_warn(b->ctx, "%s: differential graph read as drawn with "
			"--negate (the changes in its titles give negative base "
			"weights otherwise)", b->doc->name);
	for (i = 0; i < n; i++) {
		double d = b->doc->frames[i].delta * total / 100;
		double v = negated ? b->self[i] + d : b->self[i] - d;
		if (integral)
			v = floor(v + 0.5);
		if (v < -unsure - 0.5) {
			char a[32];
			snprintf(a, sizeof a, "%.17g", v);
			return frame_error(b, &b->doc->frames[i], "the change "
				"in its title gives a negative base weight (%s)",
				a, NULL);
		}
		b->base_self[i] = v > 0 ? v : 0;
	}
	b->differential = 1;
	return 0;
}

static int self_weights(tree_build *b)
{
	size_t n = b->doc->nframes, i;
	int all_bn = 1, any_delta = 0;

	b->self = sk_xcalloc(n, sizeof *b->self);
	for (i = 0; i < n; i++) {
		all_bn &= (b->doc->frames[i].has & SVG_HAS_FG_BN) != 0;
		any_delta |= (b->doc->frames[i].has & SVG_HAS_DELTA) != 0;
	}
	if (all_bn)
		return exact_differential(b);
	if (self_of(b, b->weight, b->self, "its children weigh %s, more "
		    "than its own %s") < 0)
		return -1;
	return any_delta ? derived_differential(b) : 0;
}

/* ---- the profile ---- */

/* stackkit's fg:type/fg:unit; else what the count name says. */
static void value_types(tree_build *b)
{
	const svg_doc *doc = b->doc;
	const char *type = "samples", *unit = "count";
	size_t t;

	if (doc->fg_type && doc->fg_unit && *doc->fg_type) {
		type = doc->fg_type;
		unit = doc->fg_unit;
	} else if (doc->countname && strcmp(doc->countname, "bytes") == 0) {
		type = "space";
		unit = "bytes";
	} else if (doc->countname && *doc->countname &&
		   strcmp(doc->countname, "samples") != 0) {
		type = doc->countname;
	}
	if (b->differential) {
		sk_buf base = SK_BUF_INIT;
		sk_buf_appendf(&base, "base_%s", type);
		t = sk_profile_value_type(b->p, base.data, unit);
		sk_profile_set_value_type_flags(b->p, t, SK_VALUE_BASELINE);
		sk_buf_free(&base);
	}
	t = sk_profile_value_type(b->p, type, unit);
	sk_profile_set_default_value_type(b->p, t);
}

static sk_frame_id frame_id(sk_profile *p, const svg_frame *f)
{
	sk_frame fr;

	if (!f->file && !f->module)
		return sk_profile_frame_named(p, f->name, f->name_len, f->kind);
	memset(&fr, 0, sizeof fr);
	fr.name = sk_profile_intern(p, f->name, f->name_len);
	fr.file = f->file ? sk_profile_intern_cstr(p, f->file) : 0;
	fr.module = f->module ? sk_profile_intern_cstr(p, f->module) : 0;
	fr.line = f->line;
	fr.kind = (uint32_t)f->kind;
	return sk_profile_frame(p, &fr);
}

static void add_frames(tree_build *b)
{
	size_t n = b->doc->nframes, k;
	sk_node_id *node = sk_xcalloc(n, sizeof *node);

	for (k = 0; k < n; k++) {
		size_t i = b->order[k];
		const svg_frame *f = &b->doc->frames[i];
		double values[2];

		if (f->dropped)
			continue;
		node[i] = sk_profile_child(b->p, f->parent ?
					   node[f->parent - 1] : SK_ROOT,
					   frame_id(b->p, f));
		values[0] = b->differential ? b->base_self[i] : b->self[i];
		values[1] = b->self[i];
		if (values[0] != 0 || (b->differential && values[1] != 0))
			sk_profile_add_values(b->p, node[i], 0, values);
	}
	free(node);
}

int svg_build_profile(svg_doc *doc, const sk_context *ctx, sk_profile *p,
		      sk_error *err)
{
	tree_build b;
	int rc;

	if (doc->nframes == 0) {
		if (!doc->empty_marker)
			return sk_error_set_file(err, doc->name, "not a flame "
				"graph: no frames (<g> elements with a <title> "
				"and a <rect>)");
		/* inferno's graph of an empty input: an empty profile, as
		 * the empty folded file it was drawn from reads. */
		memset(&b, 0, sizeof b);
		b.doc = doc;
		b.p = p;
		value_types(&b);
		return 0;
	}
	memset(&b, 0, sizeof b);
	b.doc = doc;
	b.ctx = ctx;
	b.p = p;
	b.err = err;
	rc = choose_sources(&b);
	if (rc == 0)
		rc = orient(&b);
	if (rc == 0)
		rc = self_weights(&b);
	if (rc == 0) {
		value_types(&b);
		add_frames(&b);
	}
	free(b.order);
	free(b.row_first);
	free(b.weight);
	free(b.self);
	free(b.base_self);
	return rc;
}
