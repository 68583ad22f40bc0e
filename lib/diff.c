/*
 * diff.c - the differential engine's alignment: picks the value type every
 * run is compared in, projects each run through a frame key, and lays the
 * runs' trees over one differential profile (sk_diff.h).
 *
 * A frame's key is its name (marks included, hex folded on request) then,
 * separated by \x1f, the parts of its identity both sides know: the
 * module's base name (two builds live in different directories), the file
 * and the line.  Parts a frame lacks are left out, so a frame with a name
 * only keys as that name, which is also how a thread root frame keys: a
 * perf script's comm aligns with the root frame stackcollapse-perf.pl
 * wrote.  Each run is projected (the tree re-aggregated by key) and viewed
 * with the thread roots of the view options; its view nodes are then found
 * or added in the differential profile by (parent, key).
 */
#include "lib/diff_internal.h"
#include "lib/sk_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stackkit/sk_view.h>

#define KEY_SEP '\x1f'

/* Which parts of a frame are its identity, for frame_key. */
struct key_spec {
	unsigned flags;
	unsigned marks;
	int modules, files, lines;
};

/* A run on its way into the differential profile. */
struct run {
	const sk_diff_run *in;
	size_t type;		/* in the source and in the projection */
	long count_type;	/* -1: no sample counts */
	sk_profile *projected;
	sk_view *view;
	sk_node_id *node_of;	/* view node -> differential node */
};

/* Frames of the differential profile by key, through a scratch profile
 * whose frames are the keys (so the profile's dedup is the lookup). */
struct key_table {
	sk_profile *keys;
	sk_frame_id *frame;	/* key id -> differential frame */
	size_t cap;
	const struct key_spec *spec;
};

void sk_diff_options_init(sk_diff_options *o)
{
	memset(o, 0, sizeof *o);
	o->alpha = 0.01;
}

static void describe_types(const sk_profile *p, sk_buf *b)
{
	size_t i, n = sk_profile_value_type_count(p);

	for (i = 0; i < n; i++) {
		sk_value_type vt = sk_profile_value_type_get(p, i);
		sk_buf_appendf(b, "%s%s/%s", i ? " " : "",
			       sk_profile_str(p, vt.type),
			       sk_profile_str(p, vt.unit));
	}
	if (!n)
		sk_buf_append_cstr(b, "(none)");
}

static int same_type(const sk_profile *a, size_t ta, const sk_profile *b,
		     size_t tb)
{
	sk_value_type x = sk_profile_value_type_get(a, ta);
	sk_value_type y = sk_profile_value_type_get(b, tb);

	return strcmp(sk_profile_str(a, x.type), sk_profile_str(b, y.type)) == 0 &&
	       strcmp(sk_profile_str(a, x.unit), sk_profile_str(b, y.unit)) == 0;
}

/* The index in p of type t of q, or -1. */
static long find_same(const sk_profile *p, const sk_profile *q, size_t t)
{
	size_t i;

	for (i = 0; i < sk_profile_value_type_count(p); i++)
		if (same_type(p, i, q, t))
			return (long)i;
	return -1;
}

static int mismatch(sk_error *err, const char *what, const struct run *a,
		    const struct run *b)
{
	sk_buf x = SK_BUF_INIT, y = SK_BUF_INIT;

	describe_types(a->in->profile, &x);
	describe_types(b->in->profile, &y);
	sk_error_set(err, "%s: %s has %s; %s has %s", what, a->in->name,
		     x.data, b->in->name, y.data);
	sk_buf_free(&x);
	sk_buf_free(&y);
	return -1;
}

/* --sample-type: found by name in every run, one type and unit for all. */
static int pick_named_type(struct run *runs, size_t nbase, size_t n,
			   const char *spec, sk_error *err)
{
	char what[300];
	size_t i;

	for (i = 0; i < n; i++) {
		long t = sk_profile_find_value_type(runs[i].in->profile, spec);
		if (t < 0) {
			snprintf(what, sizeof what, "no value type '%s' in %s",
				 spec, runs[i].in->name);
			/* this run and the other side's first */
			return i < nbase ? mismatch(err, what, &runs[i], &runs[nbase])
					 : mismatch(err, what, &runs[0], &runs[i]);
		}
		runs[i].type = (size_t)t;
		if (i && !same_type(runs[0].in->profile, runs[0].type,
				    runs[i].in->profile, runs[i].type))
			return mismatch(err, "--sample-type names different "
					"value types", &runs[0], &runs[i]);
	}
	return 0;
}

/* No --sample-type: the common default, else the first common type. */
static int pick_default_type(struct run *runs, size_t n,
			     const sk_diff_options *o, sk_error *err)
{
	const sk_profile *first = runs[0].in->profile;
	size_t i, t, types = sk_profile_value_type_count(first);
	int defaults_agree = types > 0;

	for (i = 1; i < n && defaults_agree; i++)
		defaults_agree = same_type(first, sk_profile_default_value_type(first),
					   runs[i].in->profile,
					   sk_profile_default_value_type(runs[i].in->profile));
	for (t = 0; t < types; t++) {
		size_t want = defaults_agree ? sk_profile_default_value_type(first) : t;
		for (i = 0; i < n; i++) {
			long at = find_same(runs[i].in->profile, first, want);
			if (at < 0)
				break;
			runs[i].type = (size_t)at;
		}
		if (i == n)
			break;
	}
	if (t == types)
		return mismatch(err, "the profiles have no value type in common",
				&runs[0], &runs[n - 1]);
	if (!defaults_agree && o->warn) {
		sk_value_type vt = sk_profile_value_type_get(first, runs[0].type);
		char msg[512];
		snprintf(msg, sizeof msg, "the default value types differ; "
			 "comparing %s/%s (see --sample-type)",
			 sk_profile_str(first, vt.type), sk_profile_str(first, vt.unit));
		o->warn(o->warn_arg, msg);
	}
	return 0;
}

/* A column of sample counts: the value type itself when it counts, else
 * samples/count, else any count. */
static long count_column(const sk_profile *p, size_t type)
{
	size_t i, n = sk_profile_value_type_count(p);
	long any = -1;

	if (strcmp(sk_profile_str(p, sk_profile_value_type_get(p, type).unit),
		   "count") == 0)
		return (long)type;
	for (i = 0; i < n; i++) {
		sk_value_type vt = sk_profile_value_type_get(p, i);
		if (strcmp(sk_profile_str(p, vt.unit), "count") != 0)
			continue;
		if (strcmp(sk_profile_str(p, vt.type), "samples") == 0)
			return (long)i;
		if (any < 0)
			any = (long)i;
	}
	return any;
}

/* ---- frame keys ---- */

static void append_hex_folded(sk_buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i + 2;
		if (s[i] == '0' && i + 1 < len && s[i + 1] == 'x') {
			while (j < len && ((s[j] >= '0' && s[j] <= '9') ||
					   (s[j] >= 'a' && s[j] <= 'f') ||
					   (s[j] >= 'A' && s[j] <= 'F')))
				j++;
			if (j > i + 2) {
				sk_buf_append_cstr(out, "0x...");
				i = j;
				continue;
			}
		}
		sk_buf_append_char(out, s[i++]);
	}
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

static void frame_key(void *arg, const sk_profile *p, sk_frame_id f,
		      sk_buf *out)
{
	const struct key_spec *k = arg;
	const sk_frame *fr = sk_profile_frame_get(p, f);
	size_t start = out->len;

	if (k->flags & SK_DIFF_STRIP_HEX)
		append_hex_folded(out, sk_profile_str(p, fr->name),
				  sk_profile_str_len(p, fr->name));
	else
		sk_buf_append(out, sk_profile_str(p, fr->name),
			      sk_profile_str_len(p, fr->name));
	sk_frame_marks(p, f, k->marks, out, start);
	if (k->modules && fr->module)
		sk_buf_appendf(out, "%cM%s", KEY_SEP,
			       base_name(sk_profile_str(p, fr->module)));
	if (k->files && fr->file)
		sk_buf_appendf(out, "%cF%s", KEY_SEP, sk_profile_str(p, fr->file));
	if (k->lines && fr->line)
		sk_buf_appendf(out, "%cL%lld", KEY_SEP, (long long)fr->line);
}

/* What parts of frames a side's runs know: 1 module, 2 file, 4 line. */
static unsigned side_knows(const struct run *runs, size_t n)
{
	unsigned has = 0;
	size_t r, f;

	for (r = 0; r < n; r++) {
		const sk_profile *p = runs[r].in->profile;
		for (f = 0; f < sk_profile_frame_count(p) && has != 7; f++) {
			const sk_frame *fr = sk_profile_frame_get(p, (sk_frame_id)f);
			has |= (fr->module ? 1u : 0) | (fr->file ? 2u : 0) |
			       (fr->line ? 4u : 0);
		}
	}
	return has;
}

/* The frame of the differential profile a key describes. */
static sk_frame frame_of_key(sk_profile *dp, const char *key, size_t len,
			     int kind)
{
	const char *end = key + len, *part = memchr(key, KEY_SEP, len);
	sk_frame f;

	memset(&f, 0, sizeof f);
	f.kind = (uint32_t)kind;
	f.name = sk_profile_intern(dp, key, part ? (size_t)(part - key) : len);
	while (part && part < end) {
		const char *next = memchr(part + 1, KEY_SEP, (size_t)(end - part - 1));
		const char *v = part + 2, *stop = next ? next : end;
		size_t vlen = stop > v ? (size_t)(stop - v) : 0;
		if (part + 1 < end && part[1] == 'M')
			f.module = sk_profile_intern(dp, v, vlen);
		else if (part + 1 < end && part[1] == 'F')
			f.file = sk_profile_intern(dp, v, vlen);
		else if (part + 1 < end && part[1] == 'L')
			f.line = strtoll(v, NULL, 10);
		part = next;
	}
	return f;
}

static sk_frame_id key_frame(struct key_table *kt, sk_profile *dp,
			     const char *key, size_t len, int kind)
{
	sk_frame_id id = sk_profile_frame_named(kt->keys, key, len, 0);

	if (id >= kt->cap) {
		size_t old = kt->cap;
		sk_xgrow((void **)&kt->frame, &kt->cap, (size_t)id + 1,
			 sizeof *kt->frame);
		while (old < kt->cap)
			kt->frame[old++] = UINT32_MAX;
	}
	if (kt->frame[id] == UINT32_MAX) {
		sk_frame f = frame_of_key(dp, key, len, kind);
		kt->frame[id] = sk_profile_frame(dp, &f);
	}
	return kt->frame[id];
}

/* ---- runs ---- */

static int project_run(struct run *r, struct key_spec *spec,
		       const sk_view_options *vo, sk_error *err)
{
	const sk_profile *src = r->in->profile;
	sk_value_type vt = sk_profile_value_type_get(src, r->type);
	char name[600];
	long t;

	r->projected = sk_profile_project(src, frame_key, spec, err);
	if (!r->projected)
		return -1;
	/* The projection adds types in the source's order; look them up by
	 * name anyway, so nothing rests on that. */
	snprintf(name, sizeof name, "%s/%s", sk_profile_str(src, vt.type),
		 sk_profile_str(src, vt.unit));
	t = sk_profile_find_value_type(r->projected, name);
	r->type = t < 0 ? 0 : (size_t)t;
	r->count_type = count_column(r->projected, r->type);
	r->view = sk_view_build(r->projected, vo);
	return 0;
}

static void place_run(struct run *r, struct key_table *kt, sk_profile *dp)
{
	size_t n = sk_view_node_count(r->view), v;

	r->node_of = sk_xcalloc(n, sizeof *r->node_of);
	for (v = 1; v < n; v++) {
		size_t len;
		const char *label = sk_view_label(r->view, (sk_vnode)v, &len);
		sk_frame_id f = key_frame(kt, dp, label, len,
					  sk_view_kind(r->view, (sk_vnode)v));
		r->node_of[v] = sk_profile_child(dp,
			r->node_of[sk_view_parent(r->view, (sk_vnode)v)], f);
	}
}

static double *run_column(const struct run *r, size_t type, size_t nnodes)
{
	double *col = sk_xcalloc(nnodes, sizeof *col);
	size_t n = sk_view_node_count(r->view), v;

	for (v = 1; v < n; v++)
		col[r->node_of[v]] += sk_view_self(r->view, (sk_vnode)v, type);
	return col;
}

static void free_runs(struct run *runs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sk_view_free(runs[i].view);
		sk_profile_free(runs[i].projected);
		free(runs[i].node_of);
	}
	free(runs);
}

/* ---- the differential profile ---- */

static double side_mean(const diff_columns *c, size_t first, size_t n,
			size_t node)
{
	double s = 0;
	size_t r;

	for (r = first; r < first + n; r++)
		s += c->value[r][node];
	return s / (double)n;
}

static double column_total(const double *col, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += col[i];
	return s;
}

/* The drawn columns: side means, the base normalized like difffolded -n
 * (int(count * total2 / total1), when the totals differ). */
static void fill_shown(sk_diff *d, diff_columns *c, int normalize)
{
	size_t n;
	double row[2];

	c->shown[0] = sk_xcalloc(c->nnodes, sizeof(double));
	c->shown[1] = sk_xcalloc(c->nnodes, sizeof(double));
	for (n = 0; n < c->nnodes; n++) {
		c->shown[0][n] = side_mean(c, 0, c->nbase, n);
		c->shown[1][n] = side_mean(c, c->nbase, c->nafter, n);
	}
	d->summary.base_total = column_total(c->shown[0], c->nnodes);
	d->summary.after_total = column_total(c->shown[1], c->nnodes);
	if (normalize && d->summary.base_total > 0 &&
	    d->summary.base_total != d->summary.after_total) {
		for (n = 0; n < c->nnodes; n++)
			c->shown[0][n] = trunc(c->shown[0][n] *
					       d->summary.after_total /
					       d->summary.base_total);
	}
	d->base_shown = column_total(c->shown[0], c->nnodes);
	d->after_shown = column_total(c->shown[1], c->nnodes);
	for (n = 1; n < c->nnodes; n++) {
		row[0] = c->shown[0][n];
		row[1] = c->shown[1][n];
		if (row[0] != 0 || row[1] != 0)
			sk_profile_add_values(d->profile, (sk_node_id)n, 0, row);
	}
}

static void set_types(sk_diff *d, const struct run *r)
{
	const sk_profile *p = r->in->profile;
	sk_value_type vt = sk_profile_value_type_get(p, r->type);
	sk_buf base = SK_BUF_INIT;
	size_t b, a;

	d->type = sk_xstrdup(sk_profile_str(p, vt.type));
	d->unit = sk_xstrdup(sk_profile_str(p, vt.unit));
	sk_buf_appendf(&base, "base_%s", d->type);
	b = sk_profile_value_type(d->profile, base.data, d->unit);
	a = sk_profile_value_type(d->profile, d->type, d->unit);
	sk_profile_set_value_type_flags(d->profile, b, SK_VALUE_BASELINE);
	sk_profile_set_default_value_type(d->profile, a);
	sk_buf_free(&base);
	d->summary.type = d->type;
	d->summary.unit = d->unit;
}

/* The count type all runs share, or NULL when one has none. */
static void set_count_type(sk_diff *d, const struct run *runs, size_t n)
{
	size_t i;
	sk_value_type vt;

	for (i = 0; i < n; i++)
		if (runs[i].count_type < 0)
			return;
	vt = sk_profile_value_type_get(runs[0].projected,
				       (size_t)runs[0].count_type);
	d->count_type = sk_xmalloc(sk_profile_str_len(runs[0].projected, vt.type) +
				   sk_profile_str_len(runs[0].projected, vt.unit) + 2);
	sprintf(d->count_type, "%s/%s", sk_profile_str(runs[0].projected, vt.type),
		sk_profile_str(runs[0].projected, vt.unit));
	d->summary.count_type = d->count_type;
}

static void build_columns(sk_diff *d, struct run *runs, size_t n,
			  diff_columns *c, int normalize)
{
	size_t r;

	c->nnodes = sk_profile_node_count(d->profile);
	c->value = sk_xcalloc(n, sizeof *c->value);
	c->count = sk_xcalloc(n, sizeof *c->count);
	for (r = 0; r < n; r++) {
		c->value[r] = run_column(&runs[r], runs[r].type, c->nnodes);
		if (d->count_type)
			c->count[r] = run_column(&runs[r], (size_t)runs[r].count_type,
						 c->nnodes);
	}
	fill_shown(d, c, normalize);
}

static void free_columns(diff_columns *c, size_t n)
{
	size_t r;

	for (r = 0; r < n; r++) {
		free(c->value[r]);
		free(c->count[r]);
	}
	free(c->value);
	free(c->count);
	free(c->shown[0]);
	free(c->shown[1]);
}

static int prepare_runs(struct run *runs, size_t nbase, size_t n,
			const sk_diff_options *o, struct key_spec *spec,
			sk_error *err)
{
	sk_view_options vo;
	sk_options none;
	unsigned both;
	size_t i;

	if (o->sample_type ? pick_named_type(runs, nbase, n, o->sample_type, err) < 0
			   : pick_default_type(runs, n, o, err) < 0)
		return -1;
	sk_options_init(&none);
	sk_view_options_from(o->view_options ? o->view_options : &none, &vo);
	sk_options_free(&none);
	vo.order = SK_VIEW_UNORDERED;
	both = side_knows(runs, nbase) & side_knows(runs + nbase, n - nbase);
	spec->flags = o->flags;
	spec->marks = vo.marks;
	vo.marks = 0;	/* in the key already */
	spec->modules = (both & 1) && !(o->flags & SK_DIFF_IGNORE_MODULES);
	spec->files = (both & 2) != 0;
	spec->lines = (both & 4) && !(o->flags & SK_DIFF_IGNORE_LINES);
	for (i = 0; i < n; i++)
		if (project_run(&runs[i], spec, &vo, err) < 0)
			return -1;
	return 0;
}

sk_diff *sk_diff_build(const sk_diff_run *base, size_t nbase,
		       const sk_diff_run *after, size_t nafter,
		       const sk_diff_options *o, sk_error *err)
{
	size_t n = nbase + nafter, i;
	struct run *runs;
	struct key_spec spec;
	struct key_table kt;
	diff_columns cols;
	sk_diff *d;

	if (!nbase || !nafter) {
		sk_error_set(err, "a diff needs at least one base and one new profile");
		return NULL;
	}
	runs = sk_xcalloc(n, sizeof *runs);
	for (i = 0; i < n; i++)
		runs[i].in = i < nbase ? &base[i] : &after[i - nbase];
	if (prepare_runs(runs, nbase, n, o, &spec, err) < 0) {
		free_runs(runs, n);
		return NULL;
	}
	d = sk_xcalloc(1, sizeof *d);
	d->profile = sk_profile_new();
	set_types(d, &runs[0]);
	set_count_type(d, runs, n);
	memset(&kt, 0, sizeof kt);
	kt.keys = sk_profile_new();
	for (i = 0; i < n; i++)
		place_run(&runs[i], &kt, d->profile);
	memset(&cols, 0, sizeof cols);
	cols.nbase = nbase;
	cols.nafter = nafter;
	build_columns(d, runs, n, &cols, (o->flags & SK_DIFF_NORMALIZE) != 0);
	d->summary.base_runs = nbase;
	d->summary.after_runs = nafter;
	d->summary.normalized = (o->flags & SK_DIFF_NORMALIZE) != 0;
	diff_tables_build(d, &cols, o->alpha > 0 ? o->alpha : 0.01);
	free_columns(&cols, n);
	sk_profile_free(kt.keys);
	free(kt.frame);
	free_runs(runs, n);
	return d;
}

void sk_diff_free(sk_diff *d)
{
	if (!d)
		return;
	sk_profile_free(d->profile);
	free(d->type);
	free(d->unit);
	free(d->count_type);
	free(d->functions);
	free(d->stacks);
	sk_buf_free(&d->names);
	free(d);
}

const sk_profile *sk_diff_profile(const sk_diff *d)
{
	return d->profile;
}

const sk_diff_summary *sk_diff_summary_get(const sk_diff *d)
{
	return &d->summary;
}

size_t sk_diff_function_count(const sk_diff *d)
{
	return d->nfunctions;
}

const sk_diff_function *sk_diff_function_get(const sk_diff *d, size_t i)
{
	return i < d->nfunctions ? &d->functions[i] : NULL;
}

size_t sk_diff_stack_count(const sk_diff *d)
{
	return d->nstacks;
}

const sk_diff_stack *sk_diff_stack_get(const sk_diff *d, size_t i)
{
	return i < d->nstacks ? &d->stacks[i] : NULL;
}
