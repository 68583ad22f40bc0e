/*
 * perf_merge.c - the first half of building the perf profile: the
 * scanners' tables (one per thread, perf_scan.c) merged into one view of
 * events (ranked by first record), value types, distinct frame lines
 * (with --inline's names) and distinct stacks in global line ids, and the
 * scanners' tables freed once copied.  perf_build.c does the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_build.h"
#include "lib/sk_util.h"
#include "lib/strtab.h"

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

/* The head of an entry's key (event and thread, perf_scan.c). */
static const char *entry_head(const perf_scanner *sc, const perf_entry *e)
{
	size_t len;

	return sk_strtab_key(&sc->heads,
			     perf_get_u32(sc->keys.data + e->key_off), &len);
}

/* Events, ranked by their first record (FlameGraph's default event is the
 * first one in the file).  With --event-filter only that one has a rank. */
int perf_collect_events(builder *b)
{
	size_t t, i;
	int added;

	for (t = 0; t < b->n_scs; t++) {
		b->any_period |= b->scs[t].any_period;
		for (i = 0; i < b->scs[t].n_entries; i++) {
			perf_entry *e = &b->scs[t].entries[i];
			const char *k = entry_head(&b->scs[t], e);
			size_t len = perf_get_u32(k), ev;

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
void perf_add_value_types(builder *b)
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
void perf_resolve_inline(builder *b)
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
void perf_merge_lines(builder *b)
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

/* The global id of a scanner's head's root (its thread text). */
static uint32_t root_id(builder *b, size_t t, const perf_scanner *sc,
			uint32_t head_id)
{
	uint32_t *r = &b->root_of[t][head_id];

	if (*r == UINT32_MAX) {
		size_t len;
		const char *head = sk_strtab_key(&sc->heads, head_id, &len);
		const char *thread = head + 4 + perf_get_u32(head);
		int added;

		*r = sk_strtab_index(&b->roots, thread + 4,
				     perf_get_u32(thread), &added);
	}
	return *r;
}

/* A scanner's key in global ids (root, lines), into b->keys. */
static void global_key(builder *b, size_t t, const perf_entry *e)
{
	const perf_scanner *sc = &b->scs[t];
	const char *k = sc->keys.data + e->key_off;
	uint32_t root = root_id(b, t, sc, perf_get_u32(k));
	size_t nf = (e->key_len - 4) / 4, x;

	sk_buf_reset(&b->keys);
	sk_buf_reserve(&b->keys, 4 + 4 * nf);
	memcpy(b->keys.data, &root, 4);
	for (x = 0; x < nf; x++) {
		uint32_t g = b->line_id[t][perf_get_u32(k + 4 + 4 * x)];

		memcpy(b->keys.data + 4 + 4 * x, &g, 4);
	}
	b->keys.len = 4 + 4 * nf;
	b->keys.data[b->keys.len] = '\0';
}

/* The record of a new distinct stack (its key kept by b->stacks). */
static void new_rec(builder *b, size_t s, const perf_entry *e)
{
	stack_rec *r;
	size_t len;

	sk_xgrow((void **)&b->recs, &b->cap_recs, b->n_recs + 1,
		 sizeof(*b->recs));
	r = &b->recs[b->n_recs];
	r->key = sk_strtab_key(&b->stacks, (uint32_t)s, &len);
	r->len = len;
	r->first = e->first;
	r->values = b->n_recs * b->ntypes;
	b->n_recs++;
	sk_xgrow((void **)&b->values, &b->cap_values, b->n_recs * b->ntypes,
		 sizeof(*b->values));
	memset(b->values + r->values, 0, b->ntypes * sizeof(uint64_t));
}

/* Distinct stacks over all scanners (keys rewritten in global line ids),
 * with their values. */
void perf_merge_stacks(builder *b)
{
	size_t t, i, total = 0;
	int added;

	b->root_of = sk_xcalloc(b->n_scs, sizeof(*b->root_of));
	for (t = 0; t < b->n_scs; t++) {
		size_t n = sk_strtab_count(&b->scs[t].heads);

		total += b->scs[t].n_entries;
		b->root_of[t] = sk_xmalloc((n + 1) * sizeof(**b->root_of));
		memset(b->root_of[t], 0xff, (n + 1) * sizeof(**b->root_of));
	}
	sk_index_reserve(&b->stacks.index, total);
	for (t = 0; t < b->n_scs; t++) {
		perf_scanner *sc = &b->scs[t];

		for (i = 0; i < sc->n_entries; i++) {
			perf_entry *e = &sc->entries[i];
			size_t ev = perf_event_rank(b, e), s;

			if (ev == NONE && e->event != UINT32_MAX) {
				e->index = UINT32_MAX;	/* filtered out */
				continue;
			}
			global_key(b, t, e);
			s = sk_strtab_index(&b->stacks, b->keys.data,
					    b->keys.len, &added);
			if (added)
				new_rec(b, s, e);
			else if (e->first < b->recs[s].first)
				b->recs[s].first = e->first;
			e->index = (uint32_t)s;
			perf_add_counts(b, b->values + b->recs[s].values, ev,
					e->count, e->period);
		}
		/* Copied: gone now rather than after every scanner's copy
		 * (peak memory with several threads). */
		sk_buf_free(&sc->keys);
		free(b->line_id[t]);
		b->line_id[t] = NULL;
	}
}

/* The scanners' keys (now in b->stacks in global line ids), the maps
 * into those and, without a timeline, the scanners' entries are not
 * read again: freed before the tree is built, where memory peaks.  Their
 * frame lines stay (b->line points into them). */
void perf_release_scanners(builder *b)
{
	for (unsigned t = 0; t < b->n_scs; t++) {
		free(b->line_id[t]);
		sk_buf_free(&b->scs[t].keys);
		if (!b->o->want_timeline) {
			free(b->scs[t].entries);
			b->scs[t].entries = NULL;
			b->scs[t].n_entries = b->scs[t].cap_entries = 0;
		}
	}
	free(b->line_id);
	b->line_id = NULL;
}
