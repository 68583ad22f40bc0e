/*
 * cp_read.c - a Profiler.Profile (.cpuprofile, and the CpuProfile event of
 * old Chrome traces) and V8's old format (a nested head tree, absolute
 * timestamps), into the model: frames, the call tree, records and the
 * timeline.  Arrays are walked through cJSON's child links (indexing one
 * costs a walk from its start).
 */
#include "formats/cpuprofile/cp_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cp_int_item(struct cp_reader *r, const char *array, size_t index,
		const cJSON *item, int64_t *out)
{
	double d;

	if (!cJSON_IsNumber(item))
		return sk_error_set_file(r->err, r->name, "%s[%zu]: not a "
					 "number", array, index);
	d = item->valuedouble;
	if (!(d >= -9.2e18 && d <= 9.2e18) || d != floor(d))
		return sk_error_set_file(r->err, r->name, "%s[%zu]: not an "
					 "integer", array, index);
	*out = (int64_t)d;
	return 0;
}

int cp_number_item(struct cp_reader *r, const char *array, size_t index,
		   const cJSON *item, double *out)
{
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
		return sk_error_set_file(r->err, r->name, "%s[%zu]: not a "
					 "number", array, index);
	*out = item->valuedouble;
	return 0;
}

/* "nodes[4]" style paths: the prefix of the profile, then the array. */
static const char *where(sk_json_path *path, const char *key, char *buf,
			 size_t cap)
{
	snprintf(buf, cap, "%s%s%s", path->text, path->len ? "." : "", key);
	return buf;
}

int cp_link_child(struct cp_reader *r, struct cp_tree *t, size_t parent,
		  int64_t id, const char *nodes_where)
{
	size_t c = cp_tree_find(t, id);
	char buf[300];

	if (c != CP_NONE && t->nodes[c].parent == CP_NONE && c != parent) {
		t->nodes[c].parent = parent;
		return 0;
	}
	/* Named only when wrong: this runs once per node of big profiles. */
	if (snprintf(buf, sizeof buf, "%s[%zu].children", nodes_where,
		     t->nodes[parent].index) >= (int)sizeof buf)
		buf[sizeof buf - 1] = '\0';
	if (c == CP_NONE)
		return sk_error_set_file(r->err, r->name, "%s: node %lld does "
					 "not exist", buf, (long long)id);
	return sk_error_set_file(r->err, r->name, "%s: node %lld has another "
				 "parent already (a cycle or a shared child)",
				 buf, (long long)id);
}

/* Links each node's children (ids) to it: a child that does not exist or
 * that already has another parent is an error naming the array. */
static int link_children(struct cp_reader *r, struct cp_tree *t,
			 const cJSON *nodes, const char *nodes_where)
{
	size_t i = 0;
	const cJSON *n;
	char buf[300];

	cJSON_ArrayForEach(n, nodes) {
		const cJSON *kids =
			cJSON_GetObjectItemCaseSensitive(n, "children"), *k;
		size_t j = 0;

		if (!kids) {
			i++;
			continue;
		}
		if (snprintf(buf, sizeof buf, "%s[%zu].children", nodes_where,
			     i) >= (int)sizeof buf)
			buf[sizeof buf - 1] = '\0';
		if (!cJSON_IsArray(kids))
			return sk_error_set_file(r->err, r->name,
						 "%s: not an array", buf);
		cJSON_ArrayForEach(k, kids) {
			int64_t id;

			if (cp_int_item(r, buf, j, k, &id) < 0)
				return -1;
			if (cp_link_child(r, t, i, id, nodes_where) < 0)
				return -1;
			j++;
		}
		i++;
	}
	return 0;
}

int cp_read_cpuprofile(struct cp_reader *r, const cJSON *doc,
		       sk_json_path *path, sk_labelset_id labels)
{
	struct cp_tree t = { 0 };
	struct cp_samples s = { 0 };
	const cJSON *nodes, *samples = NULL, *deltas = NULL, *n, *d;
	double start = 0, time;
	char nodes_where[300], samples_where[300], deltas_where[300];
	size_t i = 0, old;
	int rc = -1;

	if (sk_json_array(r->name, path, doc, "nodes", 1, &nodes, r->err) < 0 ||
	    sk_json_array(r->name, path, doc, "samples", 0, &samples,
			  r->err) < 0 ||
	    sk_json_array(r->name, path, doc, "timeDeltas", 0, &deltas,
			  r->err) < 0 ||
	    sk_json_number(r->name, path, doc, "startTime", 0, &start,
			   r->err) < 0)
		return -1;
	t.where = where(path, "nodes", nodes_where, sizeof nodes_where);
	where(path, "samples", samples_where, sizeof samples_where);
	where(path, "timeDeltas", deltas_where, sizeof deltas_where);
	old = sk_json_path_key(path, "nodes");
	cJSON_ArrayForEach(n, nodes) {
		size_t o = sk_json_path_index(path, i);
		struct cp_node *node;
		const cJSON *cf;
		int64_t id = 0, parent = 0;

		if (!cJSON_IsObject(n)) {
			sk_error_set_file(r->err, r->name, "%s: not an object",
					  path->text);
			goto out;
		}
		if (sk_json_int(r->name, path, n, "id", 1, &id, r->err) < 0)
			goto out;
		node = cp_tree_add(&t, id, i);
		cf = cJSON_GetObjectItemCaseSensitive(n, "callFrame");
		sk_json_path_key(path, "callFrame");
		if (!cf) {
			sk_error_set_file(r->err, r->name, "%s: missing",
					  path->text);
			goto out;
		}
		if (cp_frame(r, path, cf, node) < 0)
			goto out;
		sk_json_path_pop(path, o);
		if (cJSON_GetObjectItemCaseSensitive(n, "parent")) {
			if (sk_json_int(r->name, path, n, "parent", 1, &parent,
					r->err) < 0)
				goto out;
			node->parent_id = parent;
			node->has_parent_id = 1;
		}
		sk_json_path_pop(path, o);
		i++;
	}
	sk_json_path_pop(path, old);
	if (cp_tree_index(r, &t) < 0 ||
	    link_children(r, &t, nodes, nodes_where) < 0 ||
	    cp_tree_build(r, &t) < 0)
		goto out;
	if (cJSON_GetArraySize(samples) != cJSON_GetArraySize(deltas) &&
	    deltas) {
		sk_error_set_file(r->err, r->name, "%s: %d entries for %d "
				  "samples", deltas_where,
				  cJSON_GetArraySize(deltas),
				  cJSON_GetArraySize(samples));
		goto out;
	}
	time = start;
	i = 0;
	d = deltas ? deltas->child : NULL;
	cJSON_ArrayForEach(n, samples) {
		int64_t id;
		double delta = 0;

		if (cp_int_item(r, samples_where, i, n, &id) < 0 ||
		    (d && cp_number_item(r, deltas_where, i, d, &delta) < 0))
			goto out;
		time += delta;
		cp_samples_push(&s, id, time);
		d = d ? d->next : NULL;
		i++;
	}
	rc = cp_samples_emit(r, &t, &s, labels, samples_where);
out:
	cp_tree_free(&t);
	cp_samples_free(&s);
	return rc;
}

/* The nodes of a nested head tree, depth first with an explicit stack;
 * node objects hold their CallFrame's members themselves (old format) or
 * in a callFrame member (heap profiles).  sizes, when not NULL, receives
 * each node's selfSize. */
int cp_head_tree(struct cp_reader *r, const cJSON *head, struct cp_tree *t,
		 double **sizes)
{
	struct item {
		const cJSON *obj;
		size_t parent;
	} *stack = NULL;
	size_t n = 0, cap = 0, sizes_cap = 0;
	sk_json_path path;
	int rc = -1;

	t->where = "head";
	sk_xgrow((void **)&stack, &cap, 1, sizeof *stack);
	stack[n].obj = head;
	stack[n++].parent = CP_NONE;
	while (n > 0) {
		struct item it = stack[--n];
		const cJSON *cf, *kids, *k;
		struct cp_node *node;
		int64_t id = (int64_t)t->n + 1;
		char buf[64];

		/* Paths in a nested tree are as deep as the tree: name the
		 * node by its position in depth-first order instead. */
		snprintf(buf, sizeof buf, "head node %zu", t->n);
		sk_json_path_init(&path);
		sk_json_path_key(&path, buf);
		if (!cJSON_IsObject(it.obj)) {
			sk_error_set_file(r->err, r->name, "%s: not an object",
					  path.text);
			goto out;
		}
		if (sk_json_int(r->name, &path, it.obj, "id", 0, &id,
				r->err) < 0)
			goto out;
		node = cp_tree_add(t, id, t->n);
		node->parent = it.parent;
		cf = cJSON_GetObjectItemCaseSensitive(it.obj, "callFrame");
		if (cp_frame(r, &path, cf ? cf : it.obj, node) < 0)
			goto out;
		if (sizes) {
			double size = 0;

			if (sk_json_number(r->name, &path, it.obj, "selfSize",
					   0, &size, r->err) < 0)
				goto out;
			sk_xgrow((void **)sizes, &sizes_cap, t->n,
				 sizeof **sizes);
			(*sizes)[t->n - 1] = size;
		}
		kids = cJSON_GetObjectItemCaseSensitive(it.obj, "children");
		if (kids && !cJSON_IsArray(kids)) {
			sk_error_set_file(r->err, r->name, "%s.children: not "
					  "an array", path.text);
			goto out;
		}
		cJSON_ArrayForEach(k, kids) {
			sk_xgrow((void **)&stack, &cap, n + 1, sizeof *stack);
			stack[n].obj = k;
			stack[n++].parent = t->n - 1;
		}
	}
	rc = 0;
out:
	free(stack);
	return rc;
}

int cp_read_old(struct cp_reader *r, const cJSON *doc)
{
	struct cp_tree t = { 0 };
	struct cp_samples s = { 0 };
	const cJSON *samples = NULL, *stamps = NULL, *n, *ts;
	sk_json_path path;
	size_t i = 0;
	int rc = -1;

	sk_json_path_init(&path);
	cp_value_types(r->p);
	if (sk_json_array(r->name, &path, doc, "samples", 0, &samples,
			  r->err) < 0 ||
	    sk_json_array(r->name, &path, doc, "timestamps", 0, &stamps,
			  r->err) < 0)
		return -1;
	if (cp_head_tree(r, cJSON_GetObjectItemCaseSensitive(doc, "head"), &t,
			 NULL) < 0 ||
	    cp_tree_index(r, &t) < 0 || cp_tree_build(r, &t) < 0)
		goto out;
	/* node 10's v8-profiler writes one timestamp more than samples (the
	 * end); speedscope reads sample i at timestamps[i], and so do we. */
	if (stamps && cJSON_GetArraySize(samples) > cJSON_GetArraySize(stamps)) {
		sk_error_set_file(r->err, r->name, "timestamps: %d entries "
				  "for %d samples", cJSON_GetArraySize(stamps),
				  cJSON_GetArraySize(samples));
		goto out;
	}
	ts = stamps ? stamps->child : NULL;
	cJSON_ArrayForEach(n, samples) {
		int64_t id;

		if (cp_int_item(r, "samples", i, n, &id) < 0)
			goto out;
		if (ts && !cJSON_IsNumber(ts)) {
			sk_error_set_file(r->err, r->name, "timestamps[%zu]: "
					  "not a number", i);
			goto out;
		}
		cp_samples_push(&s, id, ts ? ts->valuedouble : (double)i);
		ts = ts ? ts->next : NULL;
		i++;
	}
	rc = cp_samples_emit(r, &t, &s, 0, "samples");
out:
	cp_tree_free(&t);
	cp_samples_free(&s);
	return rc;
}
