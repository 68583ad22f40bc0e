/*
 * cp_tree.c - V8's node tables: nodes by id, their parent links (from
 * `children` arrays or `parent` ids), cycle and dangling-id checks, and the
 * model nodes they become; the frames of CallFrames; the samples' weights.
 */
#include "formats/cpuprofile/cp_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cp_tree_free(struct cp_tree *t)
{
	free(t->nodes);
	free(t->by_id);
	free(t->dense);
	memset(t, 0, sizeof *t);
}

struct cp_node *cp_tree_add(struct cp_tree *t, int64_t id, size_t index)
{
	struct cp_node *n;

	sk_xgrow((void **)&t->nodes, &t->cap, t->n + 1, sizeof *t->nodes);
	n = &t->nodes[t->n++];
	memset(n, 0, sizeof *n);
	n->id = id;
	n->index = index;
	n->parent = CP_NONE;
	return n;
}

/* qsort has no context argument, so the sort is over (id, index) pairs
 * rather than over indices compared through the table. */
struct id_pair {
	int64_t id;
	size_t index;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct id_pair *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int cp_tree_index(struct cp_reader *r, struct cp_tree *t)
{
	struct id_pair *pairs = sk_xmalloc((t->n ? t->n : 1) * sizeof *pairs);

	for (size_t i = 0; i < t->n; i++) {
		pairs[i].id = t->nodes[i].id;
		pairs[i].index = i;
	}
	qsort(pairs, t->n, sizeof *pairs, cmp_pair);
	free(t->by_id);
	t->by_id = sk_xmalloc((t->n ? t->n : 1) * sizeof *t->by_id);
	for (size_t i = 0; i < t->n; i++) {
		if (i > 0 && pairs[i].id == pairs[i - 1].id) {
			const struct cp_node *dup = &t->nodes[pairs[i].index];

			sk_error_set_file(r->err, r->name,
					  "%s[%zu].id: node id %lld is used "
					  "twice", t->where, dup->index,
					  (long long)dup->id);
			free(pairs);
			return -1;
		}
		t->by_id[i] = pairs[i].index;
	}
	free(t->dense);
	t->dense = NULL;
	t->dense_len = 0;
	if (t->n > 0 && (uint64_t)(pairs[t->n - 1].id - pairs[0].id) <
			4 * (uint64_t)t->n &&
	    pairs[0].id > INT64_MIN / 2 && pairs[t->n - 1].id < INT64_MAX / 2) {
		t->min_id = pairs[0].id;
		t->dense_len = (size_t)(pairs[t->n - 1].id - pairs[0].id) + 1;
		t->dense = sk_xmalloc(t->dense_len * sizeof *t->dense);
		for (size_t i = 0; i < t->dense_len; i++)
			t->dense[i] = CP_NONE;
		for (size_t i = 0; i < t->n; i++)
			t->dense[pairs[i].id - t->min_id] = pairs[i].index;
	}
	free(pairs);
	return 0;
}

size_t cp_tree_find(const struct cp_tree *t, int64_t id)
{
	size_t lo = 0, hi = t->n;

	if (t->dense) {
		if (id < t->min_id || (uint64_t)(id - t->min_id) >= t->dense_len)
			return CP_NONE;
		return t->dense[id - t->min_id];
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t m = t->nodes[t->by_id[mid]].id;

		if (m == id)
			return t->by_id[mid];
		if (m < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CP_NONE;
}

/* The model node of node i: its unresolved ancestors are collected on a
 * trail (iteratively: V8 trees are as deep as the JS stack), marked so that
 * a walk meeting its own trail is a cycle, then resolved top down. */
static int build_one(struct cp_reader *r, struct cp_tree *t, size_t i,
		     size_t **trail, size_t *trail_cap)
{
	size_t cur = i, len = 0;

	while (cur != CP_NONE && t->nodes[cur].state != 2) {
		if (t->nodes[cur].state == 1)
			return sk_error_set_file(r->err, r->name,
						 "%s[%zu]: node %lld is its "
						 "own ancestor (a cycle in "
						 "the parent links)", t->where,
						 t->nodes[cur].index,
						 (long long)t->nodes[cur].id);
		t->nodes[cur].state = 1;
		sk_xgrow((void **)trail, trail_cap, len + 1, sizeof **trail);
		(*trail)[len++] = cur;
		cur = t->nodes[cur].parent;
	}
	while (len > 0) {
		struct cp_node *n = &t->nodes[(*trail)[--len]];

		if (n->is_root && n->parent == CP_NONE)
			n->model = SK_ROOT;
		else
			n->model = sk_profile_child(r->p, n->parent == CP_NONE ?
				SK_ROOT : t->nodes[n->parent].model, n->frame);
		n->state = 2;
	}
	return 0;
}

int cp_tree_build(struct cp_reader *r, struct cp_tree *t)
{
	size_t *trail = NULL, trail_cap = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct cp_node *n = &t->nodes[i];

		if (!n->has_parent_id || n->parent != CP_NONE)
			continue;
		n->parent = cp_tree_find(t, n->parent_id);
		if (n->parent == CP_NONE && t->orphans_to_root) {
			t->orphans++;
			continue;
		}
		if (n->parent == CP_NONE)
			return sk_error_set_file(r->err, r->name,
						 "%s[%zu].parent: node %lld "
						 "does not exist", t->where,
						 n->index,
						 (long long)n->parent_id);
	}
	sk_profile_reserve_nodes(r->p, t->n);
	for (size_t i = 0; i < t->n; i++) {
		if (t->nodes[i].state != 2 &&
		    build_one(r, t, i, &trail, &trail_cap) < 0) {
			free(trail);
			return -1;
		}
	}
	free(trail);
	if (t->orphans)
		sk_warn(r->ctx, "%s: %s: %zu nodes have a parent that is not in "
			"the file (lost profile chunks): they hang from the "
			"root", r->name, t->where, t->orphans);
	return 0;
}

/* V8's special nodes are not code: they keep their names as pseudo-frames
 * (SK_FRAME_OTHER), so writers and filters can tell them from JS. */
static int special_name(const char *s, size_t len)
{
	return cp_is_name(s, len, "(program)") || cp_is_name(s, len, "(idle)") ||
	       cp_is_name(s, len, "(garbage collector)") ||
	       cp_is_name(s, len, "(root)");
}

void cp_frame_of(struct cp_reader *r, const struct cp_call_frame *cf,
		 struct cp_node *node)
{
	const char *fn = cf->fn;
	size_t fn_len = cf->fn_len;
	sk_frame f;

	memset(&f, 0, sizeof f);
	if (fn_len == 0) {
		fn = "(anonymous)";
		fn_len = strlen(fn);
	}
	node->is_root = cp_is_name(fn, fn_len, "(root)");
	node->is_idle = cp_is_name(fn, fn_len, "(idle)");
	f.name = sk_profile_intern(r->p, fn, fn_len);
	f.file = sk_profile_intern(r->p, cf->url, cf->url_len);
	/* CDP counts from 0 with -1 for unknown; the model from 1 with 0. */
	f.line = cf->line >= 0 && cf->line < INT64_MAX ? cf->line + 1 : 0;
	f.column = cf->col >= 0 && cf->col < INT64_MAX ? cf->col + 1 : 0;
	f.kind = special_name(fn, fn_len) ? SK_FRAME_OTHER
					  : SK_FRAME_INTERPRETED;
	node->frame = sk_profile_frame(r->p, &f);
}

int cp_frame(struct cp_reader *r, const sk_json_path *path, const cJSON *cf,
	     struct cp_node *node)
{
	const char *fn = "", *url = "";
	struct cp_call_frame call = { .line = -1, .col = -1 };

	if (!cJSON_IsObject(cf))
		return sk_error_set_file(r->err, r->name,
					 "%s: not an object", path->text);
	if (sk_json_string(r->name, path, cf, "functionName", 0, &fn,
			   r->err) < 0 ||
	    sk_json_string(r->name, path, cf, "url", 0, &url, r->err) < 0 ||
	    sk_json_int(r->name, path, cf, "lineNumber", 0, &call.line,
			r->err) < 0 ||
	    sk_json_int(r->name, path, cf, "columnNumber", 0, &call.col,
			r->err) < 0)
		return -1;
	call.fn = fn;
	call.fn_len = strlen(fn);
	call.url = url;
	call.url_len = strlen(url);
	cp_frame_of(r, &call, node);
	return 0;
}

void cp_samples_push(struct cp_samples *s, int64_t id, double time)
{
	if (s->n == s->cap) {
		size_t cap = s->cap;

		sk_xgrow((void **)&s->ids, &cap, s->n + 1, sizeof *s->ids);
		sk_xgrow((void **)&s->times, &s->cap, s->n + 1,
			 sizeof *s->times);
	}
	s->ids[s->n] = id;
	s->times[s->n] = time;
	s->n++;
}

void cp_samples_free(struct cp_samples *s)
{
	free(s->ids);
	free(s->times);
	memset(s, 0, sizeof *s);
}

void cp_value_types(sk_profile *p)
{
	sk_profile_value_type(p, "wall", "microseconds");
	sk_profile_value_type(p, "samples", "count");
	sk_profile_set_default_value_type(p, CP_WALL);
}

/* Timeline positions are nanoseconds; times past int64's range (hostile
 * input) are clamped rather than overflowing. */
static int64_t position_ns(double us)
{
	double ns = us * 1000.0;

	if (!(ns > -9.2e18))
		return INT64_MIN / 2;
	if (ns > 9.2e18)
		return INT64_MAX / 2;
	return (int64_t)llround(ns);
}

/* Speedscope's weights: a sample lasts until the next sample (times never
 * go back: a negative delta counts as 0) and the last one has no duration.
 * Samples on the root carry no stack: they only mark time (the writer ends
 * its samples with one so that the last real sample keeps its weight). */
int cp_samples_emit(struct cp_reader *r, const struct cp_tree *t,
		    const struct cp_samples *s, sk_labelset_id labels,
		    const char *what)
{
	double prev = s->n ? s->times[0] : 0;
	double run[CP_NTYPES] = { 0, 0 };
	sk_node_id run_node = SK_ROOT;
	size_t lost = 0;

	/* Microseconds past 9e15 (285 years) are no clock V8 has. */
	for (size_t i = 0; i < s->n; i++)
		if (!isfinite(s->times[i]) || fabs(s->times[i]) > 9e15)
			return sk_error_set_file(r->err, r->name,
						 "%s[%zu]: time %g is out of "
						 "range", what, i,
						 s->times[i]);
	for (size_t i = 0; i < s->n; i++) {
		size_t k = cp_tree_find(t, s->ids[i]);
		double v[CP_NTYPES], now, next;
		const struct cp_node *n;

		if (k == CP_NONE && t->orphans_to_root) {
			/* Its node was in a lost chunk: the sample and
			 * its duration are dropped, as speedscope drops
			 * them. */
			lost++;
			continue;
		}
		if (k == CP_NONE)
			return sk_error_set_file(r->err, r->name,
						 "%s[%zu]: node %lld does not "
						 "exist", what, i,
						 (long long)s->ids[i]);
		now = s->times[i] > prev ? s->times[i] : prev;
		next = i + 1 < s->n && s->times[i + 1] > now ?
			s->times[i + 1] : now;
		prev = now;
		n = &t->nodes[k];
		if (n->model == SK_ROOT || (r->no_idle && n->is_idle))
			continue;
		v[CP_WALL] = next - now;
		v[CP_SAMPLES] = 1;
		/* Runs of one node are common (a hot loop): they go into
		 * the record once. */
		if (n->model != run_node && run_node != SK_ROOT)
			sk_profile_add_values(r->p, run_node, labels, run);
		if (n->model != run_node) {
			run_node = n->model;
			run[CP_WALL] = run[CP_SAMPLES] = 0;
		}
		run[CP_WALL] += v[CP_WALL];
		run[CP_SAMPLES] += 1;
		if (r->ctx->want_timeline)
			sk_profile_add_sample(r->p, n->model, labels,
					      position_ns(now), v);
	}
	if (run_node != SK_ROOT)
		sk_profile_add_values(r->p, run_node, labels, run);
	if (lost)
		sk_warn(r->ctx, "%s: %s: %zu samples of nodes that are not in "
			"the file (lost profile chunks): skipped", r->name,
			what, lost);
	return 0;
}
