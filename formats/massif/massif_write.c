/*
 * massif_write.c - writes a massif.out file that ms_print reads: a header,
 * then the snapshots with their totals and heap trees.
 *
 * A profile read from massif (its default value type a gauge with a
 * timeline) is written snapshot by snapshot from the timeline, so every
 * snapshot survives, each detailed one with its tree.  Any other profile
 * is one peak snapshot whose tree is the records of the default value
 * type.  Trees are turned back into massif's direction (allocation site
 * first, callers below it); children are ordered by bytes, largest first,
 * with the below-threshold entry last, as massif orders them.  Nodes of 0
 * bytes are left out, and stacks deeper than MAX_LEVELS are cut there.
 * heap_extra/bytes and stacks/bytes, when the
 * profile has them beside the default type, give mem_heap_extra_B and
 * mem_stacks_B.
 */
#include "formats/massif/massif.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Massif indents one space per level, so a tree's size grows with the
 * square of its depth: deeper stacks keep their innermost levels, as
 * massif's own --depth cuts them. */
enum { MAX_LEVELS = 1024 };

/* A node of the tree being written: massif's direction. */
typedef struct wnode {
	sk_frame_id frame;
	uint32_t parent;
	uint32_t first, next;	/* children; 0 ends (node 0 is the top) */
	uint64_t bytes;
} wnode;

typedef struct massif_writer {
	const sk_profile *p;
	const sk_context *ctx;
	sk_output *out;
	sk_error *err;
	long heap, extra, stacks;	/* value type indexes, -1 = none */
	wnode *nodes;
	size_t count, cap;
	sk_index children;		/* (parent, frame) -> node */
	int cut;			/* some stack was deeper than MAX_LEVELS */
	int rounded;			/* some weight had a fraction */
	sk_buf line;
} massif_writer;

/* Non-negative bytes: what massif can hold.  A fraction (a folded file's
 * decimal weight) is rounded, as the pprof and perf writers round, and
 * reported once. */
static int to_bytes(massif_writer *w, double v, uint64_t *out)
{
	if (!(v >= 0) || v > (double)MASSIF_MAX_BYTES)
		return sk_error_set(w->err, "massif output: %g is not a number "
				    "of bytes (massif holds 0 to 2^53)", v);
	if (floor(v) != v) {
		w->rounded = 1;
		v = floor(v + 0.5);
	}
	*out = (uint64_t)v;
	return 0;
}

static uint64_t child_hash(uint32_t parent, sk_frame_id f)
{
	return sk_hash_u64((uint64_t)parent << 32 | f);
}

struct child_key {
	uint32_t parent;
	sk_frame_id frame;
};

static int child_eq(const void *arg, uint32_t id, const void *key)
{
	const wnode *n = &((const massif_writer *)arg)->nodes[id];
	const struct child_key *k = key;

	return n->parent == k->parent && n->frame == k->frame;
}

/* The child of parent for frame f, made when new.  Through an index: a
 * profile from elsewhere may have many thousands of allocation sites. */
static uint32_t child_of(massif_writer *w, uint32_t parent, sk_frame_id f)
{
	struct child_key key = { parent, f };
	uint64_t h = child_hash(parent, f);
	uint32_t c = sk_index_find(&w->children, h, child_eq, w, &key);

	if (c != UINT32_MAX)
		return c;
	sk_xgrow((void **)&w->nodes, &w->cap, w->count + 1, sizeof *w->nodes);
	c = (uint32_t)w->count++;
	memset(&w->nodes[c], 0, sizeof w->nodes[c]);
	w->nodes[c].frame = f;
	w->nodes[c].parent = parent;
	w->nodes[c].next = w->nodes[parent].first;
	w->nodes[parent].first = c;
	sk_index_insert(&w->children, h, c);
	return c;
}

static void tree_reset(massif_writer *w)
{
	sk_xgrow((void **)&w->nodes, &w->cap, 1, sizeof *w->nodes);
	memset(&w->nodes[0], 0, sizeof w->nodes[0]);
	w->count = 1;
	sk_index_free(&w->children);
	sk_index_init(&w->children);
}

/* Adds `bytes` of the model node n: its path from the leaf of its stack
 * (massif's first level) to its root frame. */
static int tree_add(massif_writer *w, sk_node_id n, double value)
{
	uint64_t bytes = 0;
	uint32_t cur = 0;
	size_t levels;

	if (value == 0)
		return 0;
	if (to_bytes(w, value, &bytes) < 0)
		return -1;
	w->nodes[0].bytes += bytes;
	if (w->nodes[0].bytes > MASSIF_MAX_BYTES)
		return sk_error_set(w->err, "massif output: more than 2^53 bytes "
				    "in one snapshot");
	for (levels = 0; n != SK_ROOT; n = sk_profile_node_parent(w->p, n)) {
		if (levels++ == MAX_LEVELS) {
			w->cut = 1;
			break;
		}
		cur = child_of(w, cur, sk_profile_node_frame(w->p, n));
		w->nodes[cur].bytes += bytes;
	}
	return 0;
}

static int is_below(const sk_profile *p, const sk_frame *f)
{
	return f->kind == SK_FRAME_OTHER &&
	       strcmp(sk_profile_str(p, f->name), MASSIF_BELOW) == 0;
}

/* qsort_r's order of children: bytes (largest first), the
 * below-threshold entry last, then the frame's text, for deterministic
 * output. */
static int child_cmp(const void *a, const void *b, void *arg)
{
	const massif_writer *w = arg;
	const wnode *x = &w->nodes[*(const uint32_t *)a];
	const wnode *y = &w->nodes[*(const uint32_t *)b];
	const sk_frame *fx = sk_profile_frame_get(w->p, x->frame);
	const sk_frame *fy = sk_profile_frame_get(w->p, y->frame);
	int bx = is_below(w->p, fx), by = is_below(w->p, fy), c;

	if (bx != by)
		return bx - by;
	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	c = strcmp(sk_profile_str(w->p, fx->name), sk_profile_str(w->p, fy->name));
	if (c)
		return c;
	c = strcmp(sk_profile_str(w->p, fx->file), sk_profile_str(w->p, fy->file));
	if (c)
		return c;
	if (fx->line != fy->line)
		return fx->line < fy->line ? -1 : 1;
	if (fx->address != fy->address)
		return fx->address < fy->address ? -1 : 1;
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

/* Appends s with line breaks made spaces: one node, one line. */
static void append_clean(sk_buf *b, const char *s)
{
	size_t i = b->len;

	sk_buf_append_cstr(b, s);
	for (; i < b->len; i++)
		if (b->data[i] == '\n' || b->data[i] == '\r')
			b->data[i] = ' ';
}

static void describe(massif_writer *w, const sk_frame *f, sk_buf *b)
{
	const sk_profile *p = w->p;
	const char *name = sk_profile_str(p, f->name);

	if (is_below(p, f)) {
		const char *orig = sk_profile_str(p, f->system_name);

		/* The reader keeps massif's own words ("in 3 places, ...");
		 * a pseudo-frame from elsewhere says one place. */
		append_clean(b, strncmp(orig, "in ", 3) == 0 ? orig :
			     "in 1 place, below massif's threshold (1.00%)");
		return;
	}
	sk_buf_appendf(b, "0x%llX: ", (unsigned long long)f->address);
	append_clean(b, *name ? name : "???");
	if (f->file) {
		sk_buf_append_cstr(b, " (");
		append_clean(b, sk_profile_str(p, f->file));
		sk_buf_appendf(b, ":%lld)", (long long)(f->line > 0 ? f->line : 0));
	} else if (f->module) {
		sk_buf_append_cstr(b, " (in ");
		append_clean(b, sk_profile_str(p, f->module));
		sk_buf_append_char(b, ')');
	}
}

/* The children of n worth writing (more than 0 bytes), in massif's
 * order; *k of them, in a new array. */
static uint32_t *sorted_children(massif_writer *w, uint32_t n, size_t *k)
{
	uint32_t c, *kids;
	size_t i = 0;

	*k = 0;
	for (c = w->nodes[n].first; c; c = w->nodes[c].next)
		if (w->nodes[c].bytes)
			(*k)++;
	kids = sk_xmalloc((*k ? *k : 1) * sizeof *kids);
	for (c = w->nodes[n].first; c; c = w->nodes[c].next)
		if (w->nodes[c].bytes)
			kids[i++] = c;
	if (*k > 1)
		qsort_r(kids, *k, sizeof *kids, child_cmp, w);
	return kids;
}

static void write_line(massif_writer *w, uint32_t n, size_t depth, size_t k)
{
	size_t i;

	sk_buf_reset(&w->line);
	for (i = 0; i < depth; i++)
		sk_buf_append_char(&w->line, ' ');
	sk_buf_appendf(&w->line, "n%zu: %llu ", k,
		       (unsigned long long)w->nodes[n].bytes);
	if (n == 0)
		sk_buf_append_cstr(&w->line, MASSIF_TOP);
	else
		describe(w, sk_profile_frame_get(w->p, w->nodes[n].frame),
			 &w->line);
	sk_buf_append_char(&w->line, '\n');
	sk_output_write(w->out, w->line.data, w->line.len);
}

/* The tree from the top, pre-order, with an explicit stack: stacks from
 * other formats can be deeper than the C stack would like. */
static void write_tree(massif_writer *w)
{
	struct level { uint32_t *kids; size_t k, next; } *stack = NULL;
	size_t depth = 0, cap = 0, k;
	uint32_t *kids = sorted_children(w, 0, &k);

	write_line(w, 0, 0, k);
	sk_xgrow((void **)&stack, &cap, 1, sizeof *stack);
	stack[0].kids = kids;
	stack[0].k = k;
	stack[0].next = 0;
	depth = 1;
	while (depth > 0) {
		struct level *l = &stack[depth - 1];
		uint32_t n;

		if (l->next == l->k) {
			free(l->kids);
			depth--;
			continue;
		}
		n = l->kids[l->next++];
		kids = sorted_children(w, n, &k);
		write_line(w, n, depth, k);
		sk_xgrow((void **)&stack, &cap, depth + 1, sizeof *stack);
		stack[depth].kids = kids;
		stack[depth].k = k;
		stack[depth].next = 0;
		depth++;
	}
	free(stack);
}

static void write_snapshot(massif_writer *w, size_t number, int64_t time,
			   uint64_t heap, uint64_t extra, uint64_t stacks,
			   int kind)
{
	static const char *const kinds[] = { "empty", "detailed", "peak" };

	sk_output_printf(w->out, "#-----------\nsnapshot=%zu\n#-----------\n"
			 "time=%lld\nmem_heap_B=%llu\nmem_heap_extra_B=%llu\n"
			 "mem_stacks_B=%llu\nheap_tree=%s\n", number,
			 (long long)(time > 0 ? time : 0),
			 (unsigned long long)heap, (unsigned long long)extra,
			 (unsigned long long)stacks, kinds[kind]);
	if (kind != MASSIF_EMPTY)
		write_tree(w);
}

static void write_header(massif_writer *w, const char *time_unit)
{
	const sk_profile *p = w->p;
	size_t i, n = sk_profile_comment_count(p);
	int desc = 0;
	const char *cmd = NULL;
	sk_buf b = SK_BUF_INIT;

	for (i = 0; i < n; i++) {
		const char *c = sk_profile_str(p, sk_profile_comment(p, i));

		if (strncmp(c, "desc:", 5) == 0) {
			sk_buf_reset(&b);
			append_clean(&b, c);
			sk_output_printf(w->out, "%s\n", b.data);
			desc = 1;
		} else if (!cmd && strncmp(c, "cmd:", 4) == 0)
			cmd = c;
	}
	if (!desc)
		sk_output_puts(w->out, "desc: (none)\n");
	sk_buf_reset(&b);
	if (cmd)
		append_clean(&b, cmd);
	else {
		const char *name = sk_profile_str(p, sk_profile_meta_const(p)->name);

		sk_buf_append_cstr(&b, "cmd: ");
		append_clean(&b, *name ? name : "(unknown)");
	}
	sk_output_printf(w->out, "%s\ntime_unit: %s\n", b.data, time_unit);
	sk_buf_free(&b);
}

/* The sum of value type t (if any) over values. */
static double column(const double *values, long t)
{
	return t >= 0 ? values[t] : 0;
}

/* The kind a timeline snapshot was read with, from its labels. */
static int snapshot_kind(const sk_profile *p, sk_labelset_id labels,
			 int has_tree)
{
	const sk_label *l;
	size_t n, i;

	l = sk_profile_labelset_get(p, labels, &n);
	for (i = 0; i < n; i++)
		if (strcmp(sk_profile_str(p, l[i].key), MASSIF_LABEL_TREE) == 0) {
			const char *v = sk_profile_str(p, l[i].str);

			if (strcmp(v, "peak") == 0)
				return MASSIF_PEAK;
			if (strcmp(v, "empty") == 0)
				return MASSIF_EMPTY;
			return MASSIF_DETAILED;
		}
	return has_tree ? MASSIF_DETAILED : MASSIF_EMPTY;
}

/* Every run of timeline samples with one label set is a snapshot. */
static int write_series(massif_writer *w)
{
	const sk_profile *p = w->p;
	size_t n = sk_profile_sample_count(p), i = 0, j, number = 0;
	int unit = sk_profile_timeline_unit(p);

	write_header(w, unit == SK_POSITION_NANOSECONDS ? "ms" :
		     unit == SK_POSITION_BYTES ? "B" : "i");
	while (i < n) {
		sk_sample first = sk_profile_sample_get(p, i);
		double extra = 0, stacks = 0;
		uint64_t e = 0, s = 0;
		int has_tree = 0;

		tree_reset(w);
		for (j = i; j < n; j++) {
			sk_sample sm = sk_profile_sample_get(p, j);
			const double *v = sk_profile_sample_values(p, j);

			if (sm.labels != first.labels)
				break;
			if (tree_add(w, sm.node, v[w->heap]) < 0)
				return -1;
			has_tree |= sm.node != SK_ROOT && v[w->heap] != 0;
			extra += column(v, w->extra);
			stacks += column(v, w->stacks);
		}
		if (to_bytes(w, extra, &e) < 0 || to_bytes(w, stacks, &s) < 0)
			return -1;
		write_snapshot(w, number++, unit == SK_POSITION_NANOSECONDS ?
			       first.position / 1000000 : first.position,
			       w->nodes[0].bytes, e, s,
			       snapshot_kind(p, first.labels, has_tree));
		i = j;
	}
	return 0;
}

static int write_records(massif_writer *w)
{
	const sk_profile *p = w->p;
	size_t n = sk_profile_record_count(p), i;
	double extra = 0, stacks = 0;
	uint64_t e = 0, s = 0;

	tree_reset(w);
	for (i = 0; i < n; i++) {
		const double *v = sk_profile_record_values(p, i);

		if (tree_add(w, sk_profile_record_get(p, i).node, v[w->heap]) < 0)
			return -1;
		extra += column(v, w->extra);
		stacks += column(v, w->stacks);
	}
	if (to_bytes(w, extra, &e) < 0 || to_bytes(w, stacks, &s) < 0)
		return -1;
	write_header(w, "i");
	write_snapshot(w, 0, 0, w->nodes[0].bytes, e, s, MASSIF_PEAK);
	return 0;
}

int massif_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
		 sk_error *err)
{
	massif_writer w;
	int rc;

	memset(&w, 0, sizeof w);
	w.p = p;
	w.ctx = ctx;
	w.out = out;
	w.err = err;
	w.extra = w.stacks = -1;
	sk_index_init(&w.children);
	if (sk_profile_value_type_count(p) == 0) {
		tree_reset(&w);
		write_header(&w, "i");
		write_snapshot(&w, 0, 0, 0, 0, 0, MASSIF_PEAK);
		free(w.nodes);
		sk_index_free(&w.children);
		sk_buf_free(&w.line);
		return 0;
	}
	w.heap = (long)sk_profile_default_value_type(p);
	w.extra = sk_profile_find_value_type(p, "heap_extra/bytes");
	w.stacks = sk_profile_find_value_type(p, "stacks/bytes");
	if (w.extra == w.heap)
		w.extra = -1;
	if (w.stacks == w.heap)
		w.stacks = -1;
	if (sk_profile_sample_count(p) &&
	    (sk_profile_value_type_get(p, (size_t)w.heap).flags & SK_VALUE_GAUGE))
		rc = write_series(&w);
	else
		rc = write_records(&w);
	if (rc == 0 && w.rounded)
		sk_warn(ctx, "massif output: fractional weights rounded to "
			"whole bytes");
	if (rc == 0 && w.cut)
		sk_warn(ctx, "massif output: stacks deeper than %d frames keep "
			"their %d innermost ones, as massif's --depth cuts them",
			MAX_LEVELS, MAX_LEVELS);
	free(w.nodes);
	sk_index_free(&w.children);
	sk_buf_free(&w.line);
	return rc;
}
