/*
 * perf_build.c - turns the tables of the scanners (perf_scan.c) into the
 * profile: perf_merge.c merges events, value types, frame lines and
 * stacks over all scanners; this file renders frames once per distinct
 * frame line, adds nodes in the order of the stacks' first records, their
 * records, and the timeline when it is wanted.
 *
 * Value types (the multi-event design, set up in perf_merge.c):
 *   - one event (the usual case): "samples/count" and, when perf printed
 *     the period field, "EVENT/period" (e.g. "cpu-clock/period"); the
 *     default is the period, else the count, which is what FlameGraph sums;
 *   - several events: per event, in order of first appearance,
 *     "samples:EVENT/count" and "EVENT/period"; the default is the first
 *     event's, as FlameGraph keeps only the first event.  --sample-type picks
 *     another; --event-filter EVENT reads that event alone (and gives the
 *     one-event layout), as stackcollapse-perf.pl --event-filter=EVENT does;
 *   - records whose header has no "EVENT:" (tracepoints with their argument
 *     text) count in every event, because FlameGraph never filters them.
 */
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_build.h"
#include "lib/sk_util.h"
#include "lib/strtab.h"

static int add_nodes(builder *b);
static void root_threads(builder *b, stack_rec *const *order);
static size_t new_nodes(stack_rec *const *order, size_t n);
static void stack_frames(builder *b, const char *k, const char *end,
			 int java);
static void add_timeline(builder *b, unit_result *units, size_t n_units);
static void push_frame(builder *b, sk_frame_id id);
static void emit_frame(void *arg, const char *name, size_t len, int kind,
		       const perf_frame *line);
static int cmp_stack_first(const void *a, const void *b);
static int add_shape(builder *b, size_t shape, const stack_rec *r, int java);
static void order_by_frames(builder *b, stack_rec **order,
			    const size_t *shape_of);
static void free_shape_scratch(builder *b);
static void builder_free(builder *b);

/* The frames of a stack key, root side first, into b->frames; each line
 * is rendered once (per tidy_java setting) and then reused. */
static void stack_frames(builder *b, const char *k, const char *end,
			 int java)
{
	size_t i, j;

	b->n_frames = 0;
	for (; k < end; k += 4) {
		size_t g = perf_get_u32(k), slot = 2 * g + (size_t)java, x;
		const char *q = b->line[g];
		perf_frame f;

		if (b->fc_start[slot] != NONE) {
			for (x = 0; x < b->fc_count[slot]; x++)
				push_frame(b, b->fc_ids[b->fc_start[slot] + x]);
			continue;
		}
		perf_seg_decode(q, &f);
		x = b->n_frames;
		if (b->inl_count && b->inl_count[g]) {
			/* --inline: addr2line's names as they are (the
			 * script does not tidy them), the caller first. */
			const char *nm = b->inl_names.data + b->inl_start[g];
			perf_frame plain = f;
			size_t m;

			/* addr2line's names have their own lines. */
			plain.srcline = NULL;
			plain.srcline_len = 0;

			for (m = 0; m < b->inl_count[g]; m++) {
				emit_frame(b, nm, strlen(nm),
					   m ? SK_FRAME_INLINED
					     : SK_FRAME_NATIVE, &plain);
				nm += strlen(nm) + 1;
			}
			/* The file order is leaf first: reversed below. */
			for (m = 0; m < b->inl_count[g] / 2; m++) {
				sk_frame_id t = b->frames[x + m];

				b->frames[x + m] =
					b->frames[b->n_frames - 1 - m];
				b->frames[b->n_frames - 1 - m] = t;
			}
		} else {
			perf_render_frame(&f, java, b->o, &b->scratch,
					  emit_frame, b);
		}
		b->fc_start[slot] = b->n_fc_ids;
		b->fc_count[slot] = b->n_frames - x;
		sk_xgrow((void **)&b->fc_ids, &b->cap_fc_ids,
			 b->n_fc_ids + b->n_frames - x, sizeof(*b->fc_ids));
		for (; x < b->n_frames; x++)
			b->fc_ids[b->n_fc_ids++] = b->frames[x];
	}
	/* The file lists frames leaf first. */
	for (i = 0, j = b->n_frames; i + 1 < j; i++, j--) {
		sk_frame_id t = b->frames[i];

		b->frames[i] = b->frames[j - 1];
		b->frames[j - 1] = t;
	}
}

/* In frame order a stack shares the longest prefix with its predecessor,
 * so the tree gains exactly the frames after that shared prefix. */
static size_t new_nodes(stack_rec *const *order, size_t n)
{
	size_t total = 0, i, a;

	for (i = 0; i < n; i++) {
		const stack_rec *r = order[i], *q = i ? order[i - 1] : NULL;

		a = 0;
		if (q && q->fp == r->fp && q->n_frames == r->n_frames)
			continue;	/* one shape, another thread */
		if (q)
			while (a < r->n_frames && a < q->n_frames &&
			       q->fp[a] == r->fp[a])
				a++;
		total += r->n_frames - a;
	}
	return total;
}

/* The frames of a new shape, rendered and kept in the pool. */
static int add_shape(builder *b, size_t shape, const stack_rec *r, int java)
{
	stack_frames(b, r->key + 4, r->key + r->len, java);
	if (b->bad_name)
		return sk_error_set(b->err, "%s: NUL byte in a record: not "
				    "perf script", b->name);
	if (shape >= b->cap_shapes) {
		sk_xgrow((void **)&b->shape_off, &b->cap_shapes, shape + 1,
			 sizeof(*b->shape_off));
		b->shape_n = sk_xrealloc(b->shape_n, b->cap_shapes *
					 sizeof(*b->shape_n));
	}
	b->shape_off[shape] = b->n_pool;
	b->shape_n[shape] = b->n_frames;
	/* + 1: a record without frames still needs a pool to point into. */
	sk_xgrow((void **)&b->pool, &b->cap_pool, b->n_pool + b->n_frames + 1,
		 sizeof(*b->pool));
	if (b->n_frames)
		memcpy(b->pool + b->n_pool, b->frames,
		       b->n_frames * sizeof(*b->pool));
	b->n_pool += b->n_frames;
	return 0;
}

/* The threads of the roots as labels, made in the order of their first
 * records (order: the records by first record), not in the order the
 * scanners met them: which scanner read which unit depends on timing,
 * and label sets, their strings and a process' comm (its first main
 * thread) must not.  Also which roots are Java (FlameGraph's tidy_java
 * looks at the comm). */
static void root_threads(builder *b, stack_rec *const *order)
{
	size_t n = sk_strtab_count(&b->roots), i, len;
	unsigned char *seen = sk_xcalloc(n + 1, 1);

	b->root_labels = sk_xcalloc(n + 1, sizeof(*b->root_labels));
	b->root_java = sk_xcalloc(n + 1, 1);
	for (i = 0; i < b->n_recs; i++) {
		uint32_t root = perf_get_u32(order[i]->key);
		const char *k;

		if (seen[root])
			continue;
		seen[root] = 1;
		k = sk_strtab_key(&b->roots, root, &len);
		perf_threads_add(&b->threads, k, len);
	}
	free(seen);
	perf_threads_finish(&b->threads);
	for (i = 0; i < n; i++) {
		const char *k = sk_strtab_key(&b->roots, (uint32_t)i, &len);

		b->root_java[i] = len >= 4 && memcmp(k, "java", 4) == 0;
		b->root_labels[i] = perf_threads_labels(&b->threads, k, len);
	}
}

/* Frames, in the order of the stacks' first records (so that frame ids do
 * not depend on how the input was split), then nodes and values in the
 * order of the frame sequences: neighbours share their root side, and the
 * tree is walked only below it. */
static int add_nodes(builder *b)
{
	stack_rec **order = sk_xcalloc(b->n_recs + 1, sizeof(*order));
	size_t *shape_of = sk_xcalloc(b->n_recs + 1, sizeof(*shape_of));
	sk_frame_id *prev_node = NULL;
	size_t cap_prev = 0, n_prev = 0, i, a;
	stack_rec *last = NULL;
	int rc = 0;

	for (i = 0; i < b->n_recs; i++)
		order[i] = &b->recs[i];
	qsort(order, b->n_recs, sizeof(*order), cmp_stack_first);
	b->fc_start = sk_xcalloc(2 * b->n_lines + 1, sizeof(*b->fc_start));
	b->fc_count = sk_xcalloc(2 * b->n_lines + 1, sizeof(*b->fc_count));
	for (i = 0; i < 2 * b->n_lines; i++)
		b->fc_start[i] = NONE;
	root_threads(b, order);
	for (i = 0; i < b->n_recs; i++) {
		stack_rec *r = order[i];
		uint32_t root = perf_get_u32(r->key);
		int java = b->root_java[root];
		size_t shape;
		int added;

		r->labels = b->root_labels[root];
		sk_buf_reset(&b->shape_key);
		sk_buf_append_char(&b->shape_key, (char)java);
		sk_buf_append(&b->shape_key, r->key + 4, r->len - 4);
		shape = sk_strtab_index(&b->shapes, b->shape_key.data,
					b->shape_key.len, &added);
		if (added && add_shape(b, shape, r, java) < 0) {
			rc = -1;
			break;
		}
		r->frames = b->shape_off[shape];
		r->n_frames = b->shape_n[shape];
		shape_of[i] = shape;
	}
	free_shape_scratch(b);
	if (rc == 0) {
		/* The pool no longer moves. */
		for (i = 0; i < b->n_recs; i++)
			b->recs[i].fp = b->pool + b->recs[i].frames;
		order_by_frames(b, order, shape_of);
		sk_profile_reserve_nodes(b->p, new_nodes(order, b->n_recs));
	}
	for (i = 0; i < b->n_recs && rc == 0; i++) {
		stack_rec *r = order[i];
		const sk_frame_id *f = r->fp;

		/* In frame order the records and their values are read at
		 * random: their loads start some records ahead. */
		if (i + 16 < b->n_recs)
			__builtin_prefetch(order[i + 16]);
		if (i + 8 < b->n_recs)
			__builtin_prefetch(b->values + order[i + 8]->values);

		a = 0;
		if (last && last->fp == f && n_prev == r->n_frames)
			a = n_prev;	/* one shape, another thread */
		else if (last)
			while (a < r->n_frames && a < n_prev &&
			       last->fp[a] == f[a])
				a++;
		if (r->n_frames > cap_prev)
			sk_xgrow((void **)&prev_node, &cap_prev, r->n_frames,
				 sizeof(*prev_node));
		r->node = a ? prev_node[a - 1] : SK_ROOT;
		/* Sorted stacks: past the prefix shared with the previous
		 * one, every node is new (new_nodes counts on it too). */
		for (; a < r->n_frames; a++) {
			r->node = sk_profile_new_child(b->p, r->node, f[a]);
			prev_node[a] = r->node;
		}
		last = r;
		n_prev = r->n_frames;
		memset(b->full, 0, b->all_types * sizeof(*b->full));
		for (a = 0; a < b->ntypes; a++)
			b->full[b->col0 + a] = (double)b->values[r->values + a];
		sk_profile_add_values(b->p, r->node, r->labels, b->full);
	}
	free(prev_node);
	free(shape_of);
	free(order);
	return rc;
}

/* The timeline in file order (units are in file order), only when every
 * record had a time. */
static void add_timeline(builder *b, unit_result *units, size_t n_units)
{
	uint64_t *one;
	size_t i, j, k;

	for (i = 0; i < n_units; i++)
		if (units[i].samples_without_time)
			return;
	one = sk_xcalloc(b->ntypes + 1, sizeof(*one));
	for (i = 0; i < n_units; i++) {
		perf_scanner *sc = &b->scs[units[i].worker];

		for (j = 0; j < units[i].n_samples; j++) {
			perf_tsample *ts = &units[i].samples[j];
			perf_entry *e = &sc->entries[ts->entry];

			if (e->index == UINT32_MAX)
				continue;
			memset(one, 0, b->ntypes * sizeof(*one));
			perf_add_counts(b, one, perf_event_rank(b, e), 1,
					ts->period);
			memset(b->full, 0, b->all_types * sizeof(*b->full));
			for (k = 0; k < b->ntypes; k++)
				b->full[b->col0 + k] = (double)one[k];
			sk_profile_add_sample(b->p, b->recs[e->index].node,
					      b->recs[e->index].labels,
					      ts->time, b->full);
		}
	}
	free(one);
}

static void push_frame(builder *b, sk_frame_id id)
{
	if (b->n_frames == b->cap_frames)
		sk_xgrow((void **)&b->frames, &b->cap_frames, b->n_frames + 1,
			 sizeof(*b->frames));
	b->frames[b->n_frames++] = id;
}

/* The frame of a name rendered from a frame line.  A source line
 * "FILE:LINE" (-F+srcline) gives the frame its file and line; others
 * ("libc.so.6" where perf knew only the dso) give nothing. */
static void emit_frame(void *arg, const char *name, size_t len, int kind,
		       const perf_frame *line)
{
	builder *b = arg;
	sk_frame f;
	const char *sl = line->srcline;
	size_t i = line->srcline_len;

	if (memchr(name, '\0', len) || memchr(line->dso, '\0', line->dso_len))
		b->bad_name = 1;
	memset(&f, 0, sizeof(f));
	f.name = sk_profile_intern(b->p, name, len);
	f.module = sk_profile_intern(b->p, line->dso, line->dso_len);
	f.kind = (uint32_t)kind;
	while (i > 0 && sl[i - 1] >= '0' && sl[i - 1] <= '9')
		i--;
	if (sl && i > 1 && i < line->srcline_len && sl[i - 1] == ':' &&
	    line->srcline_len - i <= 18) {
		f.file = sk_profile_intern(b->p, sl, i - 1);
		f.line = (int64_t)strtoull(sl + i, NULL, 10);
	}
	push_frame(b, sk_profile_frame(b->p, &f));
}

static int cmp_stack_first(const void *a, const void *b)
{
	const stack_rec *x = *(stack_rec *const *)a;
	const stack_rec *y = *(stack_rec *const *)b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* A shape's frames, for sorting the shapes. */
struct shape_frames {
	const sk_frame_id *fp;
	size_t n, shape;
};

/* By frame ids, root first; a prefix sorts first. */
static int cmp_shape_frames(const void *a, const void *b)
{
	const struct shape_frames *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;

	for (size_t i = 0; i < n; i++)
		if (x->fp[i] != y->fp[i])
			return x->fp[i] < y->fp[i] ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Sorts order (records by first record, shape_of[i] the shape of
 * order[i]) by frame ids, records of equal frames by first record.  The
 * records are many times the shapes (one per thread that ran a stack):
 * the shapes are sorted and ranked, equal frames (shapes that differ in
 * offsets only) one rank, and the records then placed by rank, stably. */
static void order_by_frames(builder *b, stack_rec **order,
			    const size_t *shape_of)
{
	size_t n_shapes = b->n_shapes + 1, i, r = 0, at = 0;
	struct shape_frames *sf = sk_xcalloc(n_shapes, sizeof(*sf));
	size_t *rank = sk_xcalloc(n_shapes, sizeof(*rank));
	size_t *start = sk_xcalloc(n_shapes + 1, sizeof(*start));
	stack_rec **by_first = sk_xcalloc(b->n_recs + 1, sizeof(*by_first));
	size_t n = 0;

	memset(rank, 0xff, n_shapes * sizeof(*rank));
	for (i = 0; i < b->n_recs; i++)
		rank[shape_of[i]] = 0;
	for (i = 0; i < n_shapes; i++)
		if (rank[i] == 0)
			sf[n++] = (struct shape_frames){
				b->pool + b->shape_off[i], b->shape_n[i], i };
	qsort(sf, n, sizeof(*sf), cmp_shape_frames);
	for (i = 0; i < n; i++) {
		if (i && cmp_shape_frames(&sf[i - 1], &sf[i]) != 0)
			r++;
		rank[sf[i].shape] = r;
	}
	for (i = 0; i < b->n_recs; i++)
		start[rank[shape_of[i]] + 1]++;
	for (i = 0; i < n; i++) {
		size_t c = start[i + 1];

		start[i] = at;
		at += c;
	}
	memcpy(by_first, order, b->n_recs * sizeof(*order));
	for (i = 0; i < b->n_recs; i++)
		order[start[rank[shape_of[i]]]++] = by_first[i];
	free(by_first);
	free(start);
	free(rank);
	free(sf);
}

/* The records have their shapes: the stack keys, the table of shapes
 * and the rendered frames of each line go before the tree is built (on
 * inputs with many distinct stacks, together the size of the tree). */
static void free_shape_scratch(builder *b)
{
	b->n_shapes = sk_strtab_count(&b->shapes);
	sk_strtab_free(&b->stacks);
	sk_strtab_init(&b->stacks);
	sk_strtab_free(&b->shapes);
	sk_strtab_init(&b->shapes);
	for (size_t i = 0; i < b->n_recs; i++)
		b->recs[i].key = NULL;
	free(b->fc_start);
	free(b->fc_count);
	free(b->fc_ids);
	b->fc_start = b->fc_count = NULL;
	b->fc_ids = NULL;
	sk_release_free_memory();
}

static void builder_free(builder *b)
{
	for (unsigned t = 0; t < b->n_scs; t++) {
		free(b->line_id ? b->line_id[t] : NULL);
	}
	free(b->line_id);
	for (unsigned t = 0; b->root_of && t < b->n_scs; t++)
		free(b->root_of[t]);
	free(b->root_of);
	sk_strtab_free(&b->roots);
	free(b->root_labels);
	free(b->root_java);
	sk_strtab_free(&b->events);
	sk_strtab_free(&b->lines);
	sk_strtab_free(&b->stacks);
	perf_threads_free(&b->threads);
	sk_strtab_free(&b->shapes);
	free(b->shape_off);
	free(b->shape_n);
	sk_buf_free(&b->shape_key);
	free(b->ev_name);
	free(b->ev_len);
	free(b->ev_rank);
	free(b->ev_order);
	free(b->ev_first);
	free(b->line);
	sk_buf_free(&b->keys);
	free(b->recs);
	free(b->values);
	free(b->fc_start);
	free(b->fc_count);
	free(b->fc_ids);
	free(b->frames);
	free(b->pool);
	free(b->full);
	sk_buf_free(&b->scratch);
	sk_buf_free(&b->inl_names);
	free(b->inl_start);
	free(b->inl_count);
}

int perf_build(sk_profile *p, const sk_context *ctx, const perf_opts *o,
	       perf_scanner *scs, unsigned n_scs, unit_result *units,
	       size_t n_units, const char *name, sk_error *err)
{
	builder b;
	int rc;

	memset(&b, 0, sizeof(b));
	sk_strtab_init(&b.events);
	sk_strtab_init(&b.lines);
	sk_strtab_init(&b.stacks);
	sk_strtab_init(&b.roots);
	perf_threads_init(&b.threads, p);
	sk_strtab_init(&b.shapes);
	b.p = p;
	b.ctx = ctx;
	b.o = o;
	b.scs = scs;
	b.n_scs = n_scs;
	b.name = name;
	b.err = err;
	for (unsigned t = 0; t < n_scs; t++)
		perf_scanner_scan_done(&scs[t]);
	if (perf_collect_events(&b) < 0) {
		builder_free(&b);
		return -1;
	}
	perf_add_value_types(&b);
	perf_merge_lines(&b);
	if (o->inline_)
		perf_resolve_inline(&b);
	perf_merge_stacks(&b);
	perf_release_scanners(&b);
	rc = add_nodes(&b);
	if (rc == 0 && o->want_timeline)
		add_timeline(&b, units, n_units);
	builder_free(&b);
	return rc;
}
