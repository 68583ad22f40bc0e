/*
 * cp_heap.c - V8's sampling heap profile (.heapprofile, node --heap-prof,
 * DevTools' "Allocation sampling"): a head tree whose nodes carry a
 * CallFrame and selfSize, and samples {size, nodeId, ordinal}.
 *
 * A memory profile: space/bytes (default) and objects/count.  When the
 * file has samples they are the records and, ordered by ordinal, the
 * timeline (positions SK_POSITION_ORDER): each sample is one object of its
 * size.  V8 computes selfSize from the same samples, so the two agree in
 * files V8 writes; where they do not, the samples win and selfSize is not
 * read.  A file without samples (older V8) has records from selfSize, with
 * objects 0, and no timeline.  Samples at the root have no stack and are
 * dropped.
 */
#include "formats/cpuprofile/cp_private.h"

#include <stdlib.h>
#include <string.h>

struct heap_sample {
	int64_t ordinal;
	size_t order;		/* file order, to keep the sort stable */
	sk_node_id node;
	double size;
};

static int cmp_sample(const void *a, const void *b)
{
	const struct heap_sample *x = a, *y = b;

	if (x->ordinal != y->ordinal)
		return x->ordinal < y->ordinal ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
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
		if (k == CP_NONE) {
			sk_error_set_file(r->err, r->name, "%s.nodeId: node "
					  "%lld does not exist", path.text,
					  (long long)id);
			goto out;
		}
		sk_xgrow((void **)&hs, &cap, n + 1, sizeof *hs);
		hs[n].ordinal = ordinal;
		hs[n].order = i;
		hs[n].node = t.nodes[k].model;
		hs[n].size = size;
		n++;
		i++;
		sk_json_path_pop(&path, 0);
	}
	if (samples && cJSON_GetArraySize(samples) > 0) {
		qsort(hs, n, sizeof *hs, cmp_sample);
		sk_profile_set_timeline_unit(r->p, SK_POSITION_ORDER);
		for (i = 0; i < n; i++) {
			double v[2] = { hs[i].size, 1 };

			if (hs[i].node == SK_ROOT)
				continue;
			sk_profile_add_values(r->p, hs[i].node, 0, v);
			if (r->ctx->want_timeline)
				sk_profile_add_sample(r->p, hs[i].node, 0,
						      hs[i].ordinal, v);
		}
	} else {
		for (i = 0; i < t.n; i++) {
			double v[2] = { sizes[i], 0 };

			if (t.nodes[i].model != SK_ROOT && sizes[i] != 0)
				sk_profile_add_values(r->p, t.nodes[i].model,
						      0, v);
		}
	}
	rc = 0;
out:
	free(hs);
	free(sizes);
	cp_tree_free(&t);
	return rc;
}
