/*
 * cp_events.c - traces that hold no CPU profile, only duration events
 * (the Trace Event Format's B/E pairs and X complete events, as
 * chrome://tracing, Perfetto's JSON export, Hermes and many tracers write
 * them): each thread (pid, tid) is a stack of open events, and each event
 * becomes one evented sample (sk_profile.h, "timeline") at its start whose
 * wall value is its duration exclusive of its children, in microseconds
 * like the trace's ts, and whose count is 1.
 *
 * Broken nesting is repaired the forgiving way speedscope repairs it: an E
 * closes the innermost open event of its name (the events above it close
 * with it), an E that matches nothing is ignored, and events still open at
 * the thread's last timestamp close there.  X events use dur (or tdur).
 * Events are taken in ts order, ties in file order.  Frame names are the
 * event names (speedscope also appends the args; we do not).  Only threads'
 * events with ph B, E or X are read; metadata names the threads.
 *
 * The object form may instead carry sampled stacks: "stackFrames" (id ->
 * name, parent) and "samples" (ts, pid, tid, sf), as Hermes writes them;
 * each sample then lasts until the next one of its thread, as in a
 * .cpuprofile, and the samples win over duration events.
 */
#include "formats/cpuprofile/cp_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct span_event {
	int64_t pid, tid;
	double ts;
	size_t order;		/* file order, for stable ties */
	int open;		/* 1 = begin, 0 = end */
	const char *name;
};

static int cmp_span(const void *a, const void *b)
{
	const struct span_event *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return y->open - x->open;	/* a zero-length X: begin first */
}

struct open_span {
	const char *name;
	sk_node_id node;
	double start;
	double children;	/* time of closed children */
};

struct span_out {
	sk_node_id node;
	double start;
	double self;
	size_t order;
};

static int cmp_out(const void *a, const void *b)
{
	const struct span_out *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int64_t position_ns(double us)
{
	double ns = us * 1000.0;

	if (!(ns > -9.2e18))
		return INT64_MIN / 2;
	return ns > 9.2e18 ? INT64_MAX / 2 : (int64_t)llround(ns);
}

/* One thread's events [ev, ev + n), sorted: the stack machine. */
static void one_thread(struct cp_reader *r, const struct span_event *ev,
		       size_t n, sk_labelset_id labels)
{
	struct open_span *stack = NULL;
	struct span_out *out = NULL;
	size_t depth = 0, cap = 0, nout = 0, out_cap = 0;
	double last = n ? ev[n - 1].ts : 0;

	for (size_t i = 0; i <= n; i++) {
		size_t close_to;

		if (i < n && ev[i].open) {
			sk_node_id up = depth ? stack[depth - 1].node : SK_ROOT;
			sk_frame_id f;

			if ((uint64_t)depth >= r->ctx->limits.max_depth)
				continue;	/* too deep: not nested further */
			f = sk_profile_frame_named(r->p, ev[i].name,
						   strlen(ev[i].name),
						   SK_FRAME_NATIVE);
			sk_xgrow((void **)&stack, &cap, depth + 1,
				 sizeof *stack);
			stack[depth].name = ev[i].name;
			stack[depth].node = sk_profile_child(r->p, up, f);
			stack[depth].start = ev[i].ts;
			stack[depth].children = 0;
			depth++;
			continue;
		}
		if (i < n) {
			/* The innermost open event of this name. */
			close_to = depth;
			while (close_to > 0 &&
			       strcmp(stack[close_to - 1].name, ev[i].name) != 0)
				close_to--;
			if (close_to == 0)
				continue;	/* matches nothing */
			close_to--;
		} else {
			close_to = 0;		/* the end: close everything */
		}
		while (depth > close_to) {
			struct open_span *s = &stack[--depth];
			double end = i < n ? ev[i].ts : last;
			double total = end - s->start;

			sk_xgrow((void **)&out, &out_cap, nout + 1,
				 sizeof *out);
			out[nout].node = s->node;
			out[nout].start = s->start;
			out[nout].self = total - s->children;
			out[nout].order = nout;
			nout++;
			if (depth > 0)
				stack[depth - 1].children += total;
		}
	}
	if (nout)
		qsort(out, nout, sizeof *out, cmp_out);
	for (size_t i = 0; i < nout; i++) {
		double v[CP_NTYPES] = { out[i].self, 1 };

		sk_profile_add_values(r->p, out[i].node, labels, v);
		if (r->ctx->want_timeline)
			sk_profile_add_sample(r->p, out[i].node, labels,
					      position_ns(out[i].start), v);
	}
	free(stack);
	free(out);
}

/* A finite number member, or a numeric string (some exporters quote ts). */
static int loose_number(const cJSON *obj, const char *key, double *out)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(m) && isfinite(m->valuedouble) &&
	    fabs(m->valuedouble) < 9e15) {
		*out = m->valuedouble;
		return 1;
	}
	if (cJSON_IsString(m) && m->valuestring[0]) {
		char *end;
		double v = strtod(m->valuestring, &end);

		if (*end == '\0' && isfinite(v) && fabs(v) < 9e15) {
			*out = v;
			return 1;
		}
	}
	return 0;
}

int cp_read_spans(struct cp_reader *r, const cJSON *events,
		  sk_labelset_id (*labels)(struct cp_reader *, const void *,
					   int64_t, int64_t),
		  const void *names, size_t *count)
{
	struct span_event *ev = NULL;
	size_t n = 0, cap = 0, order = 0;
	const cJSON *e;

	*count = 0;
	cJSON_ArrayForEach(e, events) {
		const cJSON *ph = cJSON_GetObjectItemCaseSensitive(e, "ph");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
		struct span_event s;
		double dur = 0;
		char c;

		order++;
		if (!cJSON_IsString(ph) || ph->valuestring[0] == '\0' ||
		    ph->valuestring[1] != '\0')
			continue;
		c = ph->valuestring[0];
		if (c != 'B' && c != 'E' && c != 'X')
			continue;
		memset(&s, 0, sizeof s);
		if (!loose_number(e, "ts", &s.ts))
			continue;
		sk_json_loose_int(e, "pid", &s.pid);
		sk_json_loose_int(e, "tid", &s.tid);
		/* speedscope's name for an event without one. */
		s.name = cJSON_IsString(name) ? name->valuestring : "(unnamed)";
		s.order = order;
		if (c == 'X' && !loose_number(e, "dur", &dur) &&
		    !loose_number(e, "tdur", &dur))
			dur = 0;
		if (dur < 0)
			dur = 0;
		sk_xgrow((void **)&ev, &cap, n + 2, sizeof *ev);
		s.open = c != 'E';
		ev[n++] = s;
		if (c == 'X') {
			/* Its end sorts after events that start at the same
			 * time inside it, before those that follow it. */
			s.open = 0;
			s.ts += dur;
			ev[n++] = s;
		}
	}
	if (n)
		qsort(ev, n, sizeof *ev, cmp_span);
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && ev[j].pid == ev[i].pid && ev[j].tid == ev[i].tid)
			j++;
		one_thread(r, ev + i, j - i,
			   labels(r, names, ev[i].pid, ev[i].tid));
		(*count)++;
		i = j;
	}
	free(ev);
	return 0;
}

/* Samples of one thread, gathered before sorting by time. */
struct stack_sample {
	int64_t pid, tid;
	double ts;
	size_t order;
	int64_t sf;
};

static int cmp_stack_sample(const void *a, const void *b)
{
	const struct stack_sample *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The object form's "stackFrames" (id -> {name, parent}) as a node
 * table. */
static int stack_frames(struct cp_reader *r, const cJSON *frames,
			struct cp_tree *t)
{
	const cJSON *f;
	size_t i = 0;

	t->where = "stackFrames";
	cJSON_ArrayForEach(f, frames) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
		struct cp_node *node;
		char *end;
		long long id = strtoll(f->string ? f->string : "", &end, 0);
		int64_t parent;

		if (!f->string || *end != '\0' || f->string[0] == '\0')
			return sk_error_set_file(r->err, r->name,
						 "stackFrames: \"%s\" is not "
						 "a numeric id",
						 f->string ? f->string : "");
		if (!cJSON_IsString(name))
			return sk_error_set_file(r->err, r->name,
						 "stackFrames.%s.name: not a "
						 "string", f->string);
		node = cp_tree_add(t, id, i);
		node->frame = sk_profile_frame_named(r->p, name->valuestring,
						     strlen(name->valuestring),
						     SK_FRAME_INTERPRETED);
		if (sk_json_loose_int(f, "parent", &parent)) {
			node->parent_id = parent;
			node->has_parent_id = 1;
		}
		i++;
	}
	return 0;
}

int cp_read_stack_samples(struct cp_reader *r, const cJSON *doc,
			  sk_labelset_id (*labels)(struct cp_reader *,
						   const void *, int64_t,
						   int64_t),
			  const void *names, size_t *count)
{
	const cJSON *frames = cJSON_GetObjectItemCaseSensitive(doc,
							       "stackFrames");
	const cJSON *samples = cJSON_GetObjectItemCaseSensitive(doc, "samples");
	struct stack_sample *ss = NULL;
	struct cp_tree t = { 0 };
	size_t n = 0, cap = 0, i = 0;
	const cJSON *s;
	int rc = -1;

	*count = 0;
	if (!cJSON_IsObject(frames) || !cJSON_IsArray(samples))
		return 0;
	if (stack_frames(r, frames, &t) < 0 || cp_tree_index(r, &t) < 0 ||
	    cp_tree_build(r, &t) < 0)
		goto out;
	cJSON_ArrayForEach(s, samples) {
		struct stack_sample x;

		memset(&x, 0, sizeof x);
		if (!loose_number(s, "ts", &x.ts) || !sk_json_loose_int(s, "sf", &x.sf)) {
			sk_error_set_file(r->err, r->name, "samples[%zu]: no "
					  "ts or sf", i);
			goto out;
		}
		sk_json_loose_int(s, "pid", &x.pid);
		sk_json_loose_int(s, "tid", &x.tid);
		x.order = i++;
		sk_xgrow((void **)&ss, &cap, n + 1, sizeof *ss);
		ss[n++] = x;
	}
	if (n)
		qsort(ss, n, sizeof *ss, cmp_stack_sample);
	for (i = 0; i < n;) {
		struct cp_samples one = { 0 };
		size_t j = i;

		while (j < n && ss[j].pid == ss[i].pid && ss[j].tid == ss[i].tid) {
			cp_samples_push(&one, ss[j].sf, ss[j].ts);
			j++;
		}
		rc = cp_samples_emit(r, &t, &one, labels(r, names, ss[i].pid,
							  ss[i].tid),
				     "samples");
		cp_samples_free(&one);
		if (rc < 0)
			goto out;
		(*count)++;
		i = j;
	}
	rc = 0;
out:
	free(ss);
	cp_tree_free(&t);
	return rc;
}
