/*
 * perf_build.h - the builder that turns the scanners' tables into the
 * profile, shared by perf_merge.c (events, value types, frame lines and
 * stacks merged over the scanners) and perf_build.c (frames, nodes,
 * records and the timeline).  Private to formats/perf/.
 */
#ifndef STACKKIT_FORMATS_PERF_BUILD_H
#define STACKKIT_FORMATS_PERF_BUILD_H

#include <stdint.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/strtab.h"

#define NONE ((size_t)-1)

/* One distinct stack over all scanners. */
typedef struct stack_rec {
	const char *key;	/* u32 root id (builder.roots), u32 line ids */
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
	/* distinct roots of stacks (perf_thread_key texts), in order of
	 * first record kept; per scanner, its head id -> root id (UINT32_MAX:
	 * not seen yet); per root, its labels and FlameGraph's java test */
	sk_strtab roots;
	uint32_t **root_of;
	sk_labelset_id *root_labels;
	unsigned char *root_java;
	/* distinct stacks: keys in global line ids (keys: the one being
	 * made), each record's kept by the table */
	sk_buf keys;
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
	size_t n_shapes;	/* kept when the table of shapes is freed */
	sk_buf shape_key;
	sk_buf scratch;
	/* --inline: per line, names from addr2line */
	sk_buf inl_names;
	size_t *inl_start, *inl_count;
	double *full;		/* one value per value type of p */
	sk_error *err;
} builder;

static inline uint32_t perf_get_u32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The rank of an entry's event, NONE when --event-filter drops it (or it
 * has none: then it counts in every event). */
static inline size_t perf_event_rank(const builder *b, const perf_entry *e)
{
	return e->event == UINT32_MAX ? NONE : b->ev_rank[e->event];
}

/* Adds a record's count and period to v, the value columns of a stack:
 * to its event's, or to every event's when ev is NONE. */
static inline void perf_add_counts(builder *b, uint64_t *v, size_t ev,
				   uint64_t count, uint64_t period)
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

/* perf_merge.c, in the order perf_build calls them */
int perf_collect_events(builder *b);
void perf_add_value_types(builder *b);
void perf_merge_lines(builder *b);
void perf_resolve_inline(builder *b);
void perf_merge_stacks(builder *b);
void perf_release_scanners(builder *b);

#endif
