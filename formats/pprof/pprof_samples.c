/*
 * pprof_samples.c - the pprof reader's samples: each one's labels, its
 * --label-frames root frames and its locations' frames become a record of
 * the model.  Samples are decoded one at a time from their bytes in the
 * input when the top level could be split (pprof_split.c), else taken
 * from the message decoded whole.  A stack seen before is found in the
 * reader's stack map instead of being resolved again.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stackkit/stackkit.h"
#include "lib/sk_format_author.h"
#include "formats/pprof/pprof.h"
#include "formats/pprof/profile.pb-c.h"
#include "formats/pprof/pprof_reader.h"

static int read_sample(struct pprof_reader *r, const pb_sample *s,
		       size_t index);
static int too_many_frames(struct pprof_reader *r, size_t index);
static size_t sample_labels(struct pprof_reader *r, const pb_sample *s,
			    size_t index, int *failed);
static void grow_stack(struct pprof_reader *r, size_t need);
/* The KEY=VALUE[,VALUE...] root frame of --label-frames; UINT32_MAX when
 * the joined values pass the string limit. */
static sk_frame_id label_frame(struct pprof_reader *r, const char *key,
			       const sk_label *labels, size_t nlabels);

static void parse_label_keys(struct pprof_reader *r)
{
	const sk_options *o = r->ctx->options;
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->count; i++) {
		const char *v = o->items[i].value, *comma;

		if (strcmp(o->items[i].name, "label-frames") != 0 || !v)
			continue;
		for (; *v; v = *comma ? comma + 1 : comma) {
			comma = strchr(v, ',');
			if (!comma)
				comma = v + strlen(v);
			if (comma == v)
				continue;
			r->label_keys = sk_xrealloc(
				r->label_keys,
				(r->nlabel_keys + 1) * sizeof(*r->label_keys));
			r->label_keys[r->nlabel_keys++] =
				sk_xstrndup(v, (size_t)(comma - v));
		}
	}
}

int sk_pprof_read_samples(struct pprof_reader *r)
{
	sk_pprof_arena arena;
	ProtobufCAllocator alloc;
	size_t i;
	int rc = 0;

	parse_label_keys(r);
	if (!r->split) {
		for (i = 0; i < r->n_samples; i++)
			if (read_sample(r, r->pb->sample[i], i) < 0)
				return -1;
		return 0;
	}
	sk_pprof_arena_init(&arena, r->len);
	alloc = sk_pprof_arena_allocator(&arena);
	for (i = 0; i < r->n_samples && rc == 0; i++) {
		const sk_pprof_span *sp = &r->split->samples[i];
		pb_sample *s = perftools__profiles__sample__unpack(
			&alloc, sp->len, r->data + sp->off);

		if (!s && arena.exceeded)
			rc = sk_error_set_file(r->err, r->name,
				"decoding the protobuf (%zu bytes) needs more "
				"than %zu bytes of memory", r->len, arena.limit);
		else if (!s)
			rc = sk_pprof_malformed(r, r->data, r->len);
		else
			rc = read_sample(r, s, i);
		sk_pprof_arena_reset(&arena);
	}
	sk_pprof_arena_free(&arena);
	return rc;
}

static int read_sample(struct pprof_reader *r, const pb_sample *s,
		       size_t index)
{
	uint64_t max_depth = sk_pprof_limit_or_max(r->ctx->limits.max_depth);
	size_t nlabels, depth = 0, k, j, first;
	sk_labelset_id ls;
	sk_node_id node;
	uint64_t h = 0, budget;
	const sk_pprof_stack *st;
	int failed = 0, found_user = 0;

	if (s->n_value != r->pb->n_sample_type)
		return sk_error_set_file(r->err, r->name,
			"sample %zu: %zu values for %zu sample types",
			index + 1, s->n_value, r->pb->n_sample_type);
	nlabels = sample_labels(r, s, index, &failed);
	if (failed)
		return -1;
	ls = sk_profile_labelset(r->p, r->labels, nlabels);
	for (k = 0; k < s->n_value; k++)
		r->values[r->columns[k]] = (double)s->value[k];
	if (r->nlabel_keys == 0) {
		/* Label frames make the stack depend on the labels too. */
		h = sk_pprof_stack_hash(s->location_id, s->n_location_id);
		st = sk_pprof_stackmap_find(&r->stacks, h, s->location_id,
					    s->n_location_id);
		if (st) {
			if (st->frames > r->frames_left)
				return too_many_frames(r, index);
			r->frames_left -= st->frames;
			sk_profile_add_values(r->p, st->node, ls, r->values);
			return 0;
		}
	}
	budget = r->frames_left;

	/* Root pseudo-frames first, then the locations from the root (the
	 * last location_id) to the leaf. */
	grow_stack(r, r->nlabel_keys);
	for (k = 0; k < r->nlabel_keys; k++) {
		sk_frame_id f = label_frame(r, r->label_keys[k], r->labels,
					    nlabels);

		if (f == UINT32_MAX)
			return sk_error_set_file(r->err, r->name,
				"sample %zu: --label-frames %s: its values "
				"joined are longer than the limit of %llu bytes",
				index + 1, r->label_keys[k],
				(unsigned long long)r->ctx->limits.max_string_bytes);
		r->stack[depth++] = f;
	}
	first = depth;
	for (k = s->n_location_id; k-- > 0;) {
		const struct loc_frames *lf;
		uint32_t li, count;

		if (sk_pprof_idmap_get(&r->location_ids, s->location_id[k],
				       &li) < 0)
			return sk_error_set_file(r->err, r->name,
				"sample %zu: location id %" PRIu64
				" does not exist", index + 1,
				s->location_id[k]);
		lf = &r->locs[li];
		count = lf->prune == PRUNE_BENEATH ? lf->keep : lf->count;
		if (lf->prune == PRUNE_NONE)
			found_user = 1;
		else if (found_user && lf->prune == PRUNE_ALL)
			break;
		if (depth + count - first > max_depth)
			return sk_error_set_file(r->err, r->name,
				"sample %zu: more than %" PRIu64 " frames",
				index + 1, max_depth);
		if (count > r->frames_left)
			return too_many_frames(r, index);
		r->frames_left -= count;
		grow_stack(r, depth + count);
		for (j = 0; j < count; j++)
			r->stack[depth++] = r->frames[lf->offset + j];
		if (found_user && lf->prune == PRUNE_BENEATH)
			break;
	}
	node = sk_profile_add_stack(r->p, r->stack, depth, ls, r->values);
	if (r->nlabel_keys == 0)
		sk_pprof_stackmap_put(&r->stacks, h, s->location_id,
				      s->n_location_id, node,
				      budget - r->frames_left);
	return 0;
}

static int too_many_frames(struct pprof_reader *r, size_t index)
{
	return sk_error_set_file(r->err, r->name,
		"sample %zu: the samples expand to more than %d frames per "
		"byte of profile", index + 1, FRAMES_PER_BYTE);
}

/* Fills r->labels from the sample; labels with neither a string nor a
 * number nor a unit are dropped, as pprof drops them. */
static size_t sample_labels(struct pprof_reader *r, const pb_sample *s,
			    size_t index, int *failed)
{
	size_t k, n = 0;

	if (s->n_label > r->labels_cap) {
		r->labels_cap = s->n_label;
		r->labels = sk_xrealloc(r->labels,
					r->labels_cap * sizeof(*r->labels));
	}
	for (k = 0; k < s->n_label; k++) {
		const Perftools__Profiles__Label *pl = s->label[k];
		sk_label *l = &r->labels[n];

		memset(l, 0, sizeof(*l));
		if (sk_pprof_string_at(r, pl->key, &l->key, "sample", index + 1,
			      "label key") < 0 ||
		    sk_pprof_string_at(r, pl->str, &l->str, "sample", index + 1,
			      "label str") < 0 ||
		    sk_pprof_string_at(r, pl->num_unit, &l->num_unit, "sample",
			      index + 1, "label num_unit") < 0) {
			*failed = 1;
			return 0;
		}
		if (pl->str == 0 && pl->num == 0 && pl->num_unit == 0)
			continue;
		if (pl->str != 0) {
			l->num = 0;
			l->num_unit = 0;
		} else {
			l->num = pl->num;
		}
		n++;
	}
	return n;
}

static void grow_stack(struct pprof_reader *r, size_t need)
{
	if (need > r->stack_cap)
		sk_xgrow((void **)&r->stack, &r->stack_cap, need,
			 sizeof(*r->stack));
}

/* "KEY=VALUE" with several values joined by ',' as labelframes joins
 * them; numeric labels print their number. */
static sk_frame_id label_frame(struct pprof_reader *r, const char *key,
			       const sk_label *labels, size_t nlabels)
{
	size_t k, found = 0;

	sk_buf_reset(&r->scratch);
	sk_buf_appendf(&r->scratch, "%s=", key);
	for (k = 0; k < nlabels; k++) {
		if (strcmp(sk_profile_str(r->p, labels[k].key), key) != 0)
			continue;
		if (found++)
			sk_buf_append_char(&r->scratch, ',');
		if (labels[k].str)
			sk_buf_append_cstr(&r->scratch,
					   sk_profile_str(r->p, labels[k].str));
		else
			sk_buf_appendf(&r->scratch, "%" PRId64, labels[k].num);
		if (r->scratch.len > r->ctx->limits.max_string_bytes)
			return UINT32_MAX;
	}
	if (!found)
		sk_buf_append_cstr(&r->scratch, "N/A");
	/* Each value is within the string limit, but a key given many
	 * times joins them: the frame name must be too. */
	if (r->scratch.len > r->ctx->limits.max_string_bytes)
		return UINT32_MAX;
	return sk_profile_frame_named(r->p, r->scratch.data, r->scratch.len,
				      SK_FRAME_LABEL);
}
