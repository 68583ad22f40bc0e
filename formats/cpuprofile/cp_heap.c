/*
 * cp_heap.c - V8's sampling heap profile (.heapprofile, node --heap-prof,
 * DevTools' "Allocation sampling"): a head tree whose nodes carry a
 * CallFrame and selfSize, and samples {size, nodeId, ordinal}.
 *
 * A memory profile: space/bytes (default) and objects/count.  The records
 * are the tree's selfSize (what DevTools and speedscope draw) and, as
 * objects, the number of samples of each node.  V8's samples do not always
 * agree with selfSize: node 20 writes samples of nodes that are not in the
 * tree and sizes that do not add up to selfSize.  So the samples become
 * the timeline (ordered by ordinal, positions SK_POSITION_ORDER, each one
 * object of its size) only when they agree with the tree exactly, node by
 * node; otherwise there is no timeline, and samples of unknown nodes count
 * for nothing.  Sizes of "(root)" itself have no stack and are dropped.
 */
#include "formats/cpuprofile/cp_private.h"

#include <stdlib.h>
#include <string.h>

struct heap_sample {
	int64_t ordinal;
	size_t order;		/* file order, to keep the sort stable */
	size_t node;		/* index in the node table, or CP_NONE */
	double size;
};

static int cmp_sample(const void *a, const void *b)
{
	const struct heap_sample *x = a, *y = b;

	if (x->ordinal != y->ordinal)
		return x->ordinal < y->ordinal ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Records from the tree, objects from the samples; the timeline when the
 * samples add up to the tree's sizes. */
static int emit(struct cp_reader *r, const struct cp_tree *t,
		const double *sizes, struct heap_sample *hs, size_t n)
{
	double *from_samples = sk_xcalloc(t->n ? t->n : 1, sizeof *from_samples);
	double *objects = sk_xcalloc(t->n ? t->n : 1, sizeof *objects);
	int agree = n > 0;

	for (size_t i = 0; i < n; i++) {
		if (hs[i].node == CP_NONE) {
			agree = 0;
			continue;
		}
		from_samples[hs[i].node] += hs[i].size;
		objects[hs[i].node] += 1;
	}
	for (size_t i = 0; i < t->n && agree; i++)
		agree = from_samples[i] == sizes[i] &&
			(t->nodes[i].model != SK_ROOT || sizes[i] == 0);
	for (size_t i = 0; i < t->n; i++) {
		double v[2] = { sizes[i], objects[i] };

		if (t->nodes[i].model != SK_ROOT && (v[0] != 0 || v[1] != 0))
			sk_profile_add_values(r->p, t->nodes[i].model, 0, v);
	}
	if (agree && r->ctx->want_timeline) {
		qsort(hs, n, sizeof *hs, cmp_sample);
		sk_profile_set_timeline_unit(r->p, SK_POSITION_ORDER);
		for (size_t i = 0; i < n; i++) {
			double v[2] = { hs[i].size, 1 };
			sk_node_id model = t->nodes[hs[i].node].model;

			if (model != SK_ROOT)
				sk_profile_add_sample(r->p, model, 0,
						      hs[i].ordinal, v);
		}
	}
	free(from_samples);
	free(objects);
	return 0;
}

int cp_read_heap(struct cp_reader *r, const cJSON *doc)
{
	struct cp_tree t = { 0 };
	struct heap_sample *hs = NULL;
	double *sizes = NULL;
	const cJSON *samples = NULL, *s;
	sk_json_path path;
	size_t n = 0, cap = 0, i = 0;
	int rc = -1;

	sk_json_path_init(&path);
	sk_profile_value_type(r->p, "space", "bytes");
	sk_profile_value_type(r->p, "objects", "count");
	sk_profile_set_default_value_type(r->p, 0);
	if (sk_json_array(r->name, &path, doc, "samples", 0, &samples,
			  r->err) < 0)
		return -1;
	if (cp_head_tree(r, cJSON_GetObjectItemCaseSensitive(doc, "head"), &t,
			 &sizes) < 0 ||
	    cp_tree_index(r, &t) < 0 || cp_tree_build(r, &t) < 0)
		goto out;
	cJSON_ArrayForEach(s, samples) {
		size_t k;
		int64_t id = 0, ordinal = (int64_t)i;
		double size = 0;

		sk_json_path_pop(&path, 0);
		sk_json_path_key(&path, "samples");
		sk_json_path_index(&path, i);
		if (!cJSON_IsObject(s)) {
			sk_error_set_file(r->err, r->name, "%s: not an object",
					  path.text);
			goto out;
		}
		if (sk_json_int(r->name, &path, s, "nodeId", 1, &id,
				r->err) < 0 ||
		    sk_json_number(r->name, &path, s, "size", 1, &size,
				   r->err) < 0 ||
		    sk_json_int(r->name, &path, s, "ordinal", 0, &ordinal,
				r->err) < 0)
			goto out;
		k = cp_tree_find(&t, id);
		sk_xgrow((void **)&hs, &cap, n + 1, sizeof *hs);
		hs[n].ordinal = ordinal;
		hs[n].order = i;
		hs[n].node = k;		/* a table index until emitted */
		hs[n].size = size;
		n++;
		i++;
		sk_json_path_pop(&path, 0);
	}
	rc = emit(r, &t, sizes, hs, n);
out:
	free(hs);
	free(sizes);
	cp_tree_free(&t);
	return rc;
}
