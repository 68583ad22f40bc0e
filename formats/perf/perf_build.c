/*
 * perf_build.c - turns the tables of the scanners (perf_scan.c) into the
 * profile: events and value types, distinct stacks over all scanners,
 * frames rendered once per distinct frame line, nodes in the order of the
 * stacks' first records, and the timeline when it is wanted.
 *
 * Value types (the multi-event design):
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

#include "formats/perf/perf_private.h"
#include "lib/sk_util.h"
#include "lib/strtab.h"

#define NONE ((size_t)-1)

/* One distinct stack over all scanners. */
typedef struct stack_rec {
	const char *key;	/* u32 root length, root, u32 line ids */
	size_t len;
	uint64_t first;		/* input offset of its first record */
	size_t values;		/* into builder.values */
	sk_labelset_id labels;	/* the thread */
	size_t frames;		/* into builder.pool: root first */
	size_t n_frames;
	const sk_frame_id *fp;	/* the same, once the pool is complete */
	sk_node_id node;
} stack_rec;

typedef struct builder {
	sk_profile *p;
	const sk_context *ctx;
	const perf_opts *o;
	perf_scanner *scs;
	unsigned n_scs;
	const char *name;
	/* events, in order of first appearance (rank) */
	sk_strtab events;
	const char **ev_name;
	size_t *ev_len, *ev_rank, *ev_order;
	uint64_t *ev_first;
	size_t n_ev, cap_ev;
	/* value types: per event a count column and maybe a period one */
	int any_period;
	size_t per, ntypes, col0, all_types;
	/* distinct frame lines over all scanners */
	sk_strtab lines;
	const char **line;
	size_t n_lines, cap_lines;
	uint32_t **line_id;	/* per scanner: its line id -> global id */
	/* distinct stacks */
	sk_buf keys;
	size_t **key_off;	/* per scanner and entry: into keys */
	sk_strtab stacks;
	stack_rec *recs;
	size_t n_recs, cap_recs;
	uint64_t *values;	/* per stack, ntypes columns */
	size_t cap_values;
	/* frames rendered per (line, java) */
	size_t *fc_start, *fc_count;
	sk_frame_id *fc_ids;
	size_t n_fc_ids, cap_fc_ids;
	sk_frame_id *frames;	/* the stack being built */
	size_t n_frames, cap_frames;
	sk_frame_id *pool;	/* every stack's frames */
	size_t n_pool, cap_pool;
	int bad_name;
	perf_threads threads;	/* distinct threads and their label sets */
	/* distinct stack shapes (java flag + frame line ids): records of
	 * several threads or CPUs with one shape share its frames */
	sk_strtab shapes;
	size_t *shape_off, *shape_n;
	size_t cap_shapes;
	sk_buf shape_key;
	sk_buf scratch;
	/* --inline: per line, names from addr2line */
	sk_buf inl_names;
	size_t *inl_start, *inl_count;
	double *full;		/* one value per value type of p */
	sk_error *err;
} builder;

static uint32_t get_u32(const char *p);
static int collect_events(builder *b);
static void add_value_types(builder *b);
static void merge_lines(builder *b);
static void resolve_inline(builder *b);
static void merge_stacks(builder *b);
static size_t event_rank(const builder *b, const perf_entry *e);
static void add_counts(builder *b, uint64_t *v, size_t ev, uint64_t count,
		       uint64_t period);
static int add_nodes(builder *b);
static size_t new_nodes(stack_rec *const *order, size_t n);
static void stack_frames(builder *b, const char *k, const char *end,
			 int java);
static void add_timeline(builder *b, unit_result *units, size_t n_units);
static void push_frame(builder *b, sk_frame_id id);
static void emit_frame(void *arg, const char *name, size_t len, int kind,
		       const perf_frame *line);
static int cmp_stack_first(const void *a, const void *b);
static int add_shape(builder *b, size_t shape, const stack_rec *r, int java);
static int cmp_stack_frames(const void *a, const void *b);
static void builder_free(builder *b);
static void release_scanners(builder *b);

static uint32_t get_u32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* --event-filter naming an event the file does not have would read
 * nothing at all: an error that lists the events there are. */
static int missing_event(builder *b)
{
	sk_buf *s = &b->scratch;
	size_t i;

	sk_buf_reset(s);
	for (i = 0; i < b->n_ev; i++) {
		if (i)
			sk_buf_append_cstr(s, ", ");
		sk_buf_append(s, b->ev_name[b->ev_order[i]],
			      b->ev_len[b->ev_order[i]]);
	}
	return sk_error_set_file(b->err, b->name, "--event-filter %s: no "
				 "sample of that event; the file has: %s",
				 b->o->event_filter, s->data);
}

/* Events, ranked by their first record (FlameGraph's default event is the
 * first one in the file).  With --event-filter only that one has a rank. */
static int collect_events(builder *b)
{
	size_t t, i;
	int added;

	for (t = 0; t < b->n_scs; t++) {
		b->any_period |= b->scs[t].any_period;
		for (i = 0; i < b->scs[t].n_entries; i++) {
			perf_entry *e = &b->scs[t].entries[i];
			const char *k = b->scs[t].keys.data + e->key_off;
			size_t len = get_u32(k), ev;

			e->event = UINT32_MAX;
			if (len == 0)
				continue;
			ev = sk_strtab_index(&b->events, k + 4, len, &added);
			e->event = (uint32_t)ev;
			if (!added) {
				if (e->first < b->ev_first[ev])
					b->ev_first[ev] = e->first;
				continue;
			}
			sk_xgrow((void **)&b->ev_name, &b->cap_ev, b->n_ev + 1,
				 sizeof(*b->ev_name));
			b->ev_len = sk_xrealloc(b->ev_len,
						b->cap_ev * sizeof(*b->ev_len));
			b->ev_first = sk_xrealloc(b->ev_first, b->cap_ev *
						  sizeof(*b->ev_first));
			b->ev_name[b->n_ev] = k + 4;
			b->ev_len[b->n_ev] = len;
			b->ev_first[b->n_ev] = e->first;
			b->n_ev++;
		}
	}
	b->ev_order = sk_xcalloc(b->n_ev + 1, sizeof(*b->ev_order));
	b->ev_rank = sk_xcalloc(b->n_ev + 1, sizeof(*b->ev_rank));
	/* Few events: an insertion sort by first record. */
	for (i = 0; i < b->n_ev; i++) {
		size_t j = i;

		while (j > 0 && b->ev_first[b->ev_order[j - 1]] > b->ev_first[i]) {
			b->ev_order[j] = b->ev_order[j - 1];
			j--;
		}
		b->ev_order[j] = i;
	}
	for (i = 0; i < b->n_ev; i++)
		b->ev_rank[b->ev_order[i]] = i;
	if (b->o->event_filter) {
		size_t flen = strlen(b->o->event_filter), found = 0;

		for (i = 0; i < b->n_ev; i++) {
			b->ev_rank[i] = b->ev_len[i] == flen &&
					memcmp(b->ev_name[i],
					       b->o->event_filter, flen) == 0
				? 0 : NONE;
			found += b->ev_rank[i] == 0;
		}
		if (!found && b->n_ev)
			return missing_event(b);
		b->n_ev = 1;
	}
	return 0;
}

/* The naming of the file's comment: "samples/count" and "EVENT/period"
 * for one event, "samples:EVENT/count" and "EVENT/period" per event for
 * several. */
static void add_value_types(builder *b)
{
	size_t i, n = b->n_ev ? b->n_ev : 1;
	sk_buf *s = &b->scratch;

	b->per = b->any_period ? 2 : 1;
	b->ntypes = b->n_ev ? b->n_ev * b->per : 1;
	for (i = 0; i < n; i++) {
		const char *en = "";
		size_t enl = 0;

		if (b->o->event_filter) {
			en = b->o->event_filter;
			enl = strlen(en);
		} else if (b->n_ev) {
			en = b->ev_name[b->ev_order[i]];
			enl = b->ev_len[b->ev_order[i]];
		}
		sk_buf_reset(s);
		sk_buf_append_cstr(s, b->n_ev > 1 ? "samples:" : "samples");
		if (b->n_ev > 1)
			sk_buf_append(s, en, enl);
		sk_profile_value_type(b->p, s->data, "count");
		if (enl) {
			sk_buf_reset(s);
			sk_buf_append(s, en, enl);
			sk_profile_set_value_type_event(
				b->p, sk_profile_value_type_count(b->p) - 1,
				s->data);
		}
		if (b->per == 2 && b->n_ev) {
			size_t t;

			sk_buf_reset(s);
			sk_buf_append(s, en, enl);
			t = sk_profile_value_type(b->p, s->data, "period");
			sk_profile_set_value_type_event(b->p, t, s->data);
		}
	}
	b->all_types = sk_profile_value_type_count(b->p);
	b->col0 = b->all_types - b->ntypes;
	sk_profile_set_default_value_type(
		b->p, b->col0 + (b->per == 2 && b->n_ev ? 1 : 0));
	b->full = sk_xcalloc(b->all_types + 1, sizeof(*b->full));
	if (b->n_ev > 1)
		sk_warn(b->ctx, "%s: %zu events; the default value type is "
			"the first, %.*s, as in FlameGraph (choose with "
			"--event-filter or --sample-type)", b->name, b->n_ev,
			(int)b->ev_len[b->ev_order[0]],
			b->ev_name[b->ev_order[0]]);
}

/* --inline: addr2line over every distinct line with an address. */
static void resolve_inline(builder *b)
{
	perf_frame *f = sk_xcalloc(b->n_lines + 1, sizeof(*f));
	size_t i;
	int failed;

	for (i = 0; i < b->n_lines; i++)
		perf_seg_decode(b->line[i], &f[i]);
	b->inl_start = sk_xcalloc(b->n_lines + 1, sizeof(*b->inl_start));
	b->inl_count = sk_xcalloc(b->n_lines + 1, sizeof(*b->inl_count));
	failed = perf_inline_resolve(f, b->n_lines, b->o->context,
				     &b->inl_names, b->inl_start,
				     b->inl_count);
	if (failed)
		sk_warn(b->ctx, "%s: --inline: addr2line could not be run on "
			"%d dso%s (missing binary or addr2line); their frames "
			"keep perf's names", b->name, failed,
			failed == 1 ? "" : "s");
	free(f);
}

/* Frame lines over all scanners: one global id per distinct line. */
static void merge_lines(builder *b)
{
	size_t t, i;
	int added;

	b->line_id = sk_xcalloc(b->n_scs, sizeof(*b->line_id));
	for (t = 0; t < b->n_scs; t++) {
		perf_scanner *sc = &b->scs[t];

		b->line_id[t] = sk_xcalloc(sc->n_segs + 1,
					   sizeof(**b->line_id));
		for (i = 0; i < sc->n_segs; i++) {
			const char *sp = sc->seg_bytes.data + sc->segs[i].off;
			size_t g = sk_strtab_index(&b->lines, sp,
						   sc->segs[i].len, &added);

			if (added) {
				sk_xgrow((void **)&b->line, &b->cap_lines,
					 b->n_lines + 1, sizeof(*b->line));
				b->line[b->n_lines++] = sp;
			}
			b->line_id[t][i] = (uint32_t)g;
		}
	}
}

/* The rank of an entry's event; NONE when filtered out, and also NONE
 * for records without an event (they count in every event). */
static size_t event_rank(const builder *b, const perf_entry *e)
{
	return e->event == UINT32_MAX ? NONE : b->ev_rank[e->event];
}

static void add_counts(builder *b, uint64_t *v, size_t ev, uint64_t count,
		       uint64_t period)
{
	for (size_t c = 0; c < (b->n_ev ? b->n_ev : 1); c++) {
		if (ev != NONE && c != ev)
			continue;
		v[c * b->per] = perf_sat_add(v[c * b->per], count);
		if (b->per == 2)
			v[c * b->per + 1] = perf_sat_add(v[c * b->per + 1],
							 period);
	}
}

/* Distinct stacks over all scanners (keys rewritten in global line ids),
 * with their values. */
static void merge_stacks(builder *b)
{
	size_t t, i, x;
	int added;

	b->key_off = sk_xcalloc(b->n_scs, sizeof(*b->key_off));
	for (t = 0; t < b->n_scs; t++) {
		perf_scanner *sc = &b->scs[t];

		b->key_off[t] = sk_xcalloc(sc->n_entries + 1,
					   sizeof(**b->key_off));
		for (i = 0; i < sc->n_entries; i++) {
			perf_entry *e = &sc->entries[i];
			const char *sk = sc->keys.data + e->key_off +
					 e->key_len - e->stack_len;
			uint32_t rl = get_u32(sk);
			size_t nf = (e->stack_len - 4 - rl) / 4;

			b->key_off[t][i] = b->keys.len;
			sk_buf_append(&b->keys, sk, 4 + rl);
			sk_buf_reserve(&b->keys, 4 * nf);
			for (x = 0; x < nf; x++) {
				uint32_t g = b->line_id[t][get_u32(
					sk + 4 + rl + 4 * x)];

				memcpy(b->keys.data + b->keys.len + 4 * x, &g,
				       4);
			}
			b->keys.len += 4 * nf;
			b->keys.data[b->keys.len] = '\0';
		}
		b->key_off[t][sc->n_entries] = b->keys.len;
		/* Copied: gone now rather than after every scanner's copy
		 * (peak memory with several threads). */
		sk_buf_free(&sc->keys);
		free(b->line_id[t]);
		b->line_id[t] = NULL;
	}
	/* b->keys no longer moves: the records point into it. */
	for (t = 0; t < b->n_scs; t++) {
		perf_scanner *sc = &b->scs[t];

		for (i = 0; i < sc->n_entries; i++) {
			perf_entry *e = &sc->entries[i];
			size_t ev = event_rank(b, e), s;
			const char *sk = b->keys.data + b->key_off[t][i];
			size_t len = b->key_off[t][i + 1] - b->key_off[t][i];

			if (ev == NONE && e->event != UINT32_MAX) {
				e->index = UINT32_MAX;	/* filtered out */
				continue;
			}
			s = sk_strtab_index(&b->stacks, sk, len, &added);
			if (added) {
				stack_rec *r;

				sk_xgrow((void **)&b->recs, &b->cap_recs,
					 b->n_recs + 1, sizeof(*b->recs));
				r = &b->recs[b->n_recs];
				r->key = sk;
				r->len = len;
				r->first = e->first;
				r->values = b->n_recs * b->ntypes;
				b->n_recs++;
				sk_xgrow((void **)&b->values, &b->cap_values,
					 b->n_recs * b->ntypes,
					 sizeof(*b->values));
				memset(b->values + r->values, 0,
				       b->ntypes * sizeof(uint64_t));
			} else if (e->first < b->recs[s].first) {
				b->recs[s].first = e->first;
			}
			e->index = (uint32_t)s;
			add_counts(b, b->values + b->recs[s].values, ev,
				   e->count, e->period);
		}
	}
}

/* The frames of a stack key, root side first, into b->frames; each line
 * is rendered once (per tidy_java setting) and then reused. */
static void stack_frames(builder *b, const char *k, const char *end,
			 int java)
{
	size_t i, j;

	b->n_frames = 0;
	for (; k < end; k += 4) {
		size_t g = get_u32(k), slot = 2 * g + (size_t)java, x;
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
	uint32_t rl = get_u32(r->key);

	stack_frames(b, r->key + 4 + rl, r->key + r->len, java);
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

/* Frames, in the order of the stacks' first records (so that frame ids do
 * not depend on how the input was split), then nodes and values in the
 * order of the frame sequences: neighbours share their root side, and the
 * tree is walked only below it. */
static int add_nodes(builder *b)
{
	stack_rec **order = sk_xcalloc(b->n_recs + 1, sizeof(*order));
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
	for (i = 0; i < b->n_recs; i++)
		perf_threads_add(&b->threads, b->recs[i].key + 4,
				 get_u32(b->recs[i].key));
	perf_threads_finish(&b->threads);
	for (i = 0; i < b->n_recs; i++) {
		stack_rec *r = order[i];
		uint32_t rl = get_u32(r->key);
		int java = rl >= 4 && memcmp(r->key + 4, "java", 4) == 0;

		size_t shape;
		int added;

		r->labels = perf_threads_labels(&b->threads, r->key + 4, rl);
		sk_buf_reset(&b->shape_key);
		sk_buf_append_char(&b->shape_key, (char)java);
		sk_buf_append(&b->shape_key, r->key + 4 + rl, r->len - 4 - rl);
		shape = sk_strtab_index(&b->shapes, b->shape_key.data,
					b->shape_key.len, &added);
		if (added && add_shape(b, shape, r, java) < 0) {
			rc = -1;
			break;
		}
		r->frames = b->shape_off[shape];
		r->n_frames = b->shape_n[shape];
	}
	if (rc == 0) {
		/* The pool no longer moves. */
		for (i = 0; i < b->n_recs; i++)
			b->recs[i].fp = b->pool + b->recs[i].frames;
		qsort(order, b->n_recs, sizeof(*order), cmp_stack_frames);
		sk_profile_reserve_nodes(b->p, new_nodes(order, b->n_recs));
	}
	for (i = 0; i < b->n_recs && rc == 0; i++) {
		stack_rec *r = order[i];
		const sk_frame_id *f = r->fp;

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
			add_counts(b, one, event_rank(b, e), 1, ts->period);
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

/* By frame ids, root first; a prefix sorts first. */
static int cmp_stack_frames(const void *a, const void *b)
{
	const stack_rec *x = *(stack_rec *const *)a;
	const stack_rec *y = *(stack_rec *const *)b;
	size_t n = x->n_frames < y->n_frames ? x->n_frames : y->n_frames;

	/* One shape (several threads): by first record, deterministic. */
	if (x->fp == y->fp && x->n_frames == y->n_frames)
		return x->first < y->first ? -1 : x->first > y->first;
	for (size_t i = 0; i < n; i++) {
		sk_frame_id fx = x->fp[i], fy = y->fp[i];

		if (fx != fy)
			return fx < fy ? -1 : 1;
	}
	return x->n_frames < y->n_frames ? -1 : x->n_frames > y->n_frames;
}

static void builder_free(builder *b)
{
	for (unsigned t = 0; t < b->n_scs; t++) {
		free(b->line_id ? b->line_id[t] : NULL);
		free(b->key_off ? b->key_off[t] : NULL);
	}
	free(b->line_id);
	free(b->key_off);
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

/* The scanners' keys (now copied into b->keys in global line ids), the
 * maps into those and, without a timeline, the scanners' entries are not
 * read again: freed before the tree is built, where memory peaks.  Their
 * frame lines stay (b->line points into them). */
static void release_scanners(builder *b)
{
	for (unsigned t = 0; t < b->n_scs; t++) {
		free(b->line_id[t]);
		free(b->key_off[t]);
		sk_buf_free(&b->scs[t].keys);
		if (!b->o->want_timeline) {
			free(b->scs[t].entries);
			b->scs[t].entries = NULL;
			b->scs[t].n_entries = b->scs[t].cap_entries = 0;
		}
	}
	free(b->line_id);
	free(b->key_off);
	b->line_id = NULL;
	b->key_off = NULL;
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
	if (collect_events(&b) < 0) {
		builder_free(&b);
		return -1;
	}
	add_value_types(&b);
	merge_lines(&b);
	if (o->inline_)
		resolve_inline(&b);
	merge_stacks(&b);
	release_scanners(&b);
	rc = add_nodes(&b);
	if (rc == 0 && o->want_timeline)
		add_timeline(&b, units, n_units);
	builder_free(&b);
	return rc;
}
