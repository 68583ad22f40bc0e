/*
 * merge.c - whole-profile operations: merging one profile into another and
 * keeping a single value type.
 *
 * Merging re-interns everything of the source in the destination (strings,
 * mappings, frames, label sets, nodes) through id translation arrays, then
 * adds the weights.  Value types are matched by their type and unit names,
 * the way pprof's Merge insists on identical sample types.  A projection is
 * a merge into an empty profile whose frame translation goes through a
 * label (sk_profile_merge_map).
 */
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <stdlib.h>
#include <string.h>
#include <stackkit/sk_buf.h>

static sk_str copy_str(sk_profile *dst, const sk_profile *src, sk_str s)
{
	return s ? sk_profile_intern(dst, sk_profile_str(src, s),
				     sk_profile_str_len(src, s)) : 0;
}

static void describe_types(const sk_profile *p, sk_buf *b)
{
	size_t i;

	for (i = 0; i < p->ntypes; i++)
		sk_buf_appendf(b, "%s%s/%s", i ? " " : "",
			       sk_profile_str(p, p->types[i].type),
			       sk_profile_str(p, p->types[i].unit));
	if (!p->ntypes)
		sk_buf_append_cstr(b, "(none)");
}

static long find_type(const sk_profile *p, const char *type, const char *unit)
{
	size_t i;

	for (i = 0; i < p->ntypes; i++)
		if (strcmp(sk_profile_str(p, p->types[i].type), type) == 0 &&
		    strcmp(sk_profile_str(p, p->types[i].unit), unit) == 0)
			return (long)i;
	return -1;
}

/* map[i] = dst column of src column i.  Fails unless the sets are equal;
 * a source without value types (an empty input) matches anything. */
static int match_types(sk_profile *dst, const sk_profile *src, size_t *map,
		       sk_error *err)
{
	size_t i;

	if (dst->ntypes == 0) {
		for (i = 0; i < src->ntypes; i++) {
			map[i] = sk_profile_value_type(dst,
				sk_profile_str(src, src->types[i].type),
				sk_profile_str(src, src->types[i].unit));
			dst->types[map[i]].event =
				copy_str(dst, src, src->types[i].event);
			dst->types[map[i]].flags = src->types[i].flags;
		}
		if (src->ntypes)
			dst->default_type = map[src->default_type];
		return 0;
	}
	if (src->ntypes == 0)
		return 0;
	if (dst->ntypes != src->ntypes)
		goto mismatch;
	for (i = 0; i < src->ntypes; i++) {
		long t = find_type(dst, sk_profile_str(src, src->types[i].type),
				   sk_profile_str(src, src->types[i].unit));
		if (t < 0)
			goto mismatch;
		map[i] = (size_t)t;
	}
	return 0;
mismatch:
	{
		sk_buf a = SK_BUF_INIT, b = SK_BUF_INIT;
		describe_types(dst, &a);
		describe_types(src, &b);
		sk_error_set(err, "cannot merge profiles with different value "
			     "types: %s versus %s", a.data, b.data);
		sk_buf_free(&a);
		sk_buf_free(&b);
	}
	return -1;
}

static void merge_meta(sk_profile *dst, const sk_profile *src)
{
	sk_meta *d = &dst->meta;
	const sk_meta *s = &src->meta;
	size_t i;

	if (!d->name)
		d->name = copy_str(dst, src, s->name);
	if (!d->source_format)
		d->source_format = copy_str(dst, src, s->source_format);
	if (!d->period_type.type) {
		d->period_type.type = copy_str(dst, src, s->period_type.type);
		d->period_type.unit = copy_str(dst, src, s->period_type.unit);
		d->period = s->period;
	}
	if (!d->time_nanos || (s->time_nanos && s->time_nanos < d->time_nanos))
		d->time_nanos = s->time_nanos;
	d->duration_nanos += s->duration_nanos;
	if (!d->doc_url)
		d->doc_url = copy_str(dst, src, s->doc_url);
	for (i = 0; i < src->ncomments; i++)
		sk_profile_add_comment(dst, sk_profile_str(src, src->comments[i]));
}

static sk_frame_id copy_frame(sk_profile *dst, const sk_profile *src,
			      const sk_frame *f, const uint32_t *mapping_map)
{
	sk_frame g = *f;

	g.name = copy_str(dst, src, f->name);
	g.system_name = copy_str(dst, src, f->system_name);
	g.file = copy_str(dst, src, f->file);
	g.module = copy_str(dst, src, f->module);
	g.mapping = f->mapping ? mapping_map[f->mapping - 1] : 0;
	return sk_profile_frame(dst, &g);
}

static sk_labelset_id copy_labels(sk_profile *dst, const sk_profile *src,
				  sk_labelset_id id)
{
	size_t n, i;
	const sk_label *l = sk_profile_labelset_get(src, id, &n);
	sk_label *copy;
	sk_labelset_id out;

	if (!n)
		return 0;
	copy = sk_xmalloc(n * sizeof *copy);
	for (i = 0; i < n; i++) {
		copy[i] = l[i];
		copy[i].key = copy_str(dst, src, l[i].key);
		copy[i].str = copy_str(dst, src, l[i].str);
		copy[i].num_unit = copy_str(dst, src, l[i].num_unit);
	}
	out = sk_profile_labelset(dst, copy, n);
	free(copy);
	return out;
}

/* Label sets translated once each: records of one thread share a set. */
static sk_labelset_id map_labels(sk_profile *dst, const sk_profile *src,
				 sk_labelset_id *set_map, sk_labelset_id id)
{
	if (id == 0)
		return 0;
	if (set_map[id] == UINT32_MAX)
		set_map[id] = copy_labels(dst, src, id);
	return set_map[id];
}

static void add_mapped(sk_profile *dst, const double *v, const size_t *map,
		       size_t n, double *row)
{
	size_t t;

	memset(row, 0, dst->ntypes * sizeof *row);
	for (t = 0; t < n; t++)
		row[map[t]] = v[t];
}

/* Frames of src by label: equal labels share one dst frame, which takes
 * the kind, module and mapping of the first of them. */
static void rekey_frames(sk_profile *dst, const sk_profile *src,
			 sk_frame_rekey_fn rekey, void *arg,
			 const uint32_t *mapping_map, sk_frame_id *frame_map)
{
	sk_buf label = SK_BUF_INIT;
	size_t i;

	for (i = 0; i < src->nframes; i++) {
		const sk_frame *f = &src->frames[i];
		sk_frame g;

		sk_buf_reset(&label);
		rekey(arg, src, (sk_frame_id)i, &label);
		memset(&g, 0, sizeof g);
		g.name = sk_profile_intern(dst, label.data ? label.data : "",
					   label.len);
		g.module = copy_str(dst, src, f->module);
		g.mapping = f->mapping ? mapping_map[f->mapping - 1] : 0;
		g.kind = f->kind;
		frame_map[i] = sk_profile_frame(dst, &g);
	}
	sk_buf_free(&label);
}

/* A merged timeline must still sum to the merged records: it survives
 * only when both sides have one (or dst is still empty) in one unit. */
static int keep_timeline(sk_profile *dst, const sk_profile *src)
{
	int dst_has = dst->nsamples > 0 || dst->nrecords == 0;
	int src_has = src->nsamples > 0 || src->nrecords == 0;

	if (dst->nrecords == 0 && dst->nsamples == 0)
		dst->timeline_unit = src->timeline_unit;
	else if (src->nsamples > 0 && src->timeline_unit != dst->timeline_unit)
		src_has = 0;
	if (dst_has && src_has)
		return 1;
	sk_profile_clear_timeline(dst);
	return 0;
}

int sk_profile_merge(sk_profile *dst, const sk_profile *src, sk_error *err)
{
	return sk_profile_merge_map(dst, src, NULL, NULL, NULL, err);
}

sk_profile *sk_profile_project(const sk_profile *p, sk_frame_rekey_fn rekey,
			       void *arg, sk_error *err)
{
	sk_profile *out = sk_profile_new();

	if (sk_profile_merge_map(out, p, rekey, arg, NULL, err) < 0) {
		sk_profile_free(out);
		return NULL;
	}
	return out;
}

/* Parents precede children, so one forward pass translates nodes. */
static void forward_nodes(sk_profile *dst, const sk_profile *src,
			  const sk_frame_id *frame_map, sk_node_id *node_map)
{
	size_t i;

	node_map[0] = SK_ROOT;
	for (i = 1; i < src->nnodes; i++)
		node_map[i] = sk_profile_child(dst, node_map[src->nodes[i].parent],
					       frame_map[src->nodes[i].frame]);
}

/* Each node's stack walked leaf first is its reversed stack root first:
 * O(depth) per node, which only --reverse pays. */
static void reverse_nodes(sk_profile *dst, const sk_profile *src,
			  const sk_frame_id *frame_map, sk_node_id *node_map)
{
	size_t i;

	node_map[0] = SK_ROOT;
	for (i = 1; i < src->nnodes; i++) {
		sk_node_id at = SK_ROOT, n;

		for (n = (sk_node_id)i; n != SK_ROOT; n = src->nodes[n].parent)
			at = sk_profile_child(dst, at,
					      frame_map[src->nodes[n].frame]);
		node_map[i] = at;
	}
}

static int merge_into(sk_profile *dst, const sk_profile *src,
		      sk_frame_rekey_fn rekey, void *arg, int reverse,
		      sk_node_id *node_map_out, sk_error *err)
{
	size_t *type_map = sk_xcalloc(src->ntypes + 1, sizeof *type_map);
	uint32_t *mapping_map = sk_xcalloc(src->nmappings + 1, sizeof(uint32_t));
	sk_frame_id *frame_map = sk_xcalloc(src->nframes + 1, sizeof *frame_map);
	sk_node_id *node_map = node_map_out ? node_map_out
			       : sk_xcalloc(src->nnodes, sizeof *node_map);
	sk_labelset_id *set_map = sk_xmalloc((src->nsets + 1) * sizeof *set_map);
	double *row = NULL;
	size_t i;
	int rc = -1, timeline;

	for (i = 0; i <= src->nsets; i++)
		set_map[i] = UINT32_MAX;

	if (match_types(dst, src, type_map, err) < 0)
		goto out;
	timeline = keep_timeline(dst, src);
	row = sk_xcalloc(dst->ntypes + 1, sizeof *row);
	for (i = 0; i < src->nmappings; i++) {
		sk_mapping m = src->mappings[i];
		m.file = copy_str(dst, src, m.file);
		m.build_id = copy_str(dst, src, m.build_id);
		mapping_map[i] = sk_profile_add_mapping(dst, &m);
	}
	if (rekey)
		rekey_frames(dst, src, rekey, arg, mapping_map, frame_map);
	else
		for (i = 0; i < src->nframes; i++)
			frame_map[i] = copy_frame(dst, src, &src->frames[i],
						  mapping_map);
	if (reverse)
		reverse_nodes(dst, src, frame_map, node_map);
	else
		forward_nodes(dst, src, frame_map, node_map);
	for (i = 0; i < src->nrecords; i++) {
		add_mapped(dst, src->values + i * src->ntypes, type_map,
			   src->ntypes, row);
		sk_profile_add_values(dst, node_map[src->records[i].node],
				      map_labels(dst, src, set_map, src->records[i].labels),
				      row);
	}
	for (i = 0; timeline && i < src->nsamples; i++) {
		add_mapped(dst, src->sample_values + i * src->ntypes, type_map,
			   src->ntypes, row);
		sk_profile_add_sample(dst, node_map[src->samples[i].node],
				      map_labels(dst, src, set_map, src->samples[i].labels),
				      src->samples[i].position, row);
	}
	merge_meta(dst, src);
	rc = 0;
out:
	free(type_map);
	free(mapping_map);
	free(frame_map);
	if (!node_map_out)
		free(node_map);
	free(set_map);
	free(row);
	return rc;
}

int sk_profile_merge_map(sk_profile *dst, const sk_profile *src,
			 sk_frame_rekey_fn rekey, void *arg,
			 sk_node_id *node_map, sk_error *err)
{
	return merge_into(dst, src, rekey, arg, 0, node_map, err);
}

sk_profile *sk_profile_reverse(const sk_profile *p, sk_error *err)
{
	sk_profile *out = sk_profile_new();

	if (merge_into(out, p, NULL, NULL, 1, NULL, err) < 0) {
		sk_profile_free(out);
		return NULL;
	}
	return out;
}

static double *keep_column(const double *v, size_t rows, size_t stride,
			   size_t col, size_t *cap)
{
	double *out = sk_xcalloc(rows ? rows : 1, sizeof *out);
	size_t r;

	for (r = 0; r < rows; r++)
		out[r] = v[r * stride + col];
	*cap = rows;
	return out;
}

void sk_profile_keep_value_type(sk_profile *p, size_t index)
{
	double *v;

	if (index >= p->ntypes)
		return;
	v = keep_column(p->values, p->nrecords, p->ntypes, index,
			&p->values_cap);
	free(p->values);
	p->values = v;
	v = keep_column(p->sample_values, p->nsamples, p->ntypes, index,
			&p->sample_values_cap);
	free(p->sample_values);
	p->sample_values = v;
	p->types[0] = p->types[index];
	p->ntypes = 1;
	p->default_type = 0;
}
