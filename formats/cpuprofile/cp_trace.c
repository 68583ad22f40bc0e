/*
 * cp_trace.c - the CPU profiles inside Chrome trace events (DevTools'
 * Performance recordings, `chrome://tracing` files): a JSON array of
 * events or {"traceEvents": [...]}.
 *   - Chrome <= 66: one CpuProfile event whose args.data.cpuProfile is a
 *     whole Profiler.Profile;
 *   - Chrome >= 69: a Profile event (args.data.startTime) and ProfileChunk
 *     events of the same id carrying new nodes (with parent ids), samples
 *     and timeDeltas, which continue across chunks.
 * Each profile is one thread: its samples carry the pid and tid of the
 * Profile (or CpuProfile) event as labels, and thread_comm / comm from the
 * thread_name / process_name metadata events.  Chunks of an unknown id and
 * chunks without args.data are skipped, as speedscope skips them.
 *
 * A trace with no CPU profile is read for its B/E/X duration events
 * (cp_events.c); a trace with CPU profiles is read only for them (Chrome's
 * recordings also hold thousands of RunTask-style X events, which are not
 * the JS stacks).  A trace with neither is refused.
 *
 * Chunks of a profile may be missing (Chrome 141 writes chunks without
 * args.data), so a node whose parent never arrived hangs from the root,
 * with a warning, rather than failing the whole trace.
 */
#include "formats/cpuprofile/cp_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trace_profile {
	char id[64];
	int64_t pid, tid;
	double start;
	struct cp_tree tree;
	struct cp_samples samples;
	int seen_start;
};

struct trace_names {
	int64_t pid, tid;	/* tid -1: a process name */
	const char *name;
};

struct trace {
	struct trace_profile *profiles;
	size_t n, cap;
	struct trace_names *names;
	size_t nnames, names_cap;
};

static void event_id(const cJSON *ev, char *buf, size_t cap)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(ev, "id");

	if (cJSON_IsString(id))
		snprintf(buf, cap, "%s", id->valuestring);
	else if (cJSON_IsNumber(id))
		snprintf(buf, cap, "%.17g", id->valuedouble);
	else
		buf[0] = '\0';
}

static const char *str_member(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(m) ? m->valuestring : NULL;
}

static const cJSON *obj_member(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsObject(m) ? m : NULL;
}

static struct trace_profile *find_profile(struct trace *tr, const char *id)
{
	for (size_t i = 0; i < tr->n; i++)
		if (strcmp(tr->profiles[i].id, id) == 0)
			return &tr->profiles[i];
	return NULL;
}

static const char *find_name(const struct trace *tr, int64_t pid,
			     int64_t tid)
{
	for (size_t i = 0; i < tr->nnames; i++)
		if (tr->names[i].pid == pid && tr->names[i].tid == tid)
			return tr->names[i].name;
	return NULL;
}

static sk_labelset_id thread_labels(struct cp_reader *r,
				    const struct trace *tr, int64_t pid,
				    int64_t tid)
{
	sk_thread t;
	const char *s;

	memset(&t, 0, sizeof t);
	t.pid = pid;
	t.tid = tid;
	t.has = SK_THREAD_HAS_PID | SK_THREAD_HAS_TID;
	if ((s = find_name(tr, pid, tid)) != NULL)
		t.thread_comm = sk_profile_intern_cstr(r->p, s);
	if ((s = find_name(tr, pid, -1)) != NULL)
		t.comm = sk_profile_intern_cstr(r->p, s);
	return sk_profile_thread_labels(r->p, &t, NULL, 0);
}

/* thread_labels for cp_read_spans, which does not know struct trace. */
static sk_labelset_id span_labels(struct cp_reader *r, const void *tr,
				  int64_t pid, int64_t tid)
{
	return thread_labels(r, tr, pid, tid);
}

/* One ProfileChunk's nodes, samples and deltas, appended to prof. */
static int add_chunk(struct cp_reader *r, struct trace_profile *prof,
		     const cJSON *data, size_t ev_index)
{
	const cJSON *cpu = obj_member(data, "cpuProfile"), *n, *d;
	const cJSON *nodes = NULL, *samples = NULL, *deltas = NULL;
	sk_json_path path;
	char arr[128];
	size_t i = 0;
	double time;

	sk_json_path_init(&path);
	snprintf(arr, sizeof arr, "traceEvents[%zu].args.data", ev_index);
	sk_json_path_key(&path, arr);
	if (sk_json_array(r->name, &path, data, "timeDeltas", 0, &deltas,
			  r->err) < 0 ||
	    sk_json_number(r->name, &path, data, "startTime", 0, &prof->start,
			   r->err) < 0)
		return -1;
	sk_json_path_key(&path, "cpuProfile");
	if (cpu && (sk_json_array(r->name, &path, cpu, "nodes", 0, &nodes,
				  r->err) < 0 ||
		    sk_json_array(r->name, &path, cpu, "samples", 0, &samples,
				  r->err) < 0))
		return -1;
	i = 0;
	cJSON_ArrayForEach(n, nodes) {
		size_t o = sk_json_path_key(&path, "nodes");
		struct cp_node *node;
		const cJSON *cf;
		int64_t id = 0, parent = 0;

		sk_json_path_index(&path, i);
		if (sk_json_int(r->name, &path, n, "id", 1, &id, r->err) < 0)
			return -1;
		node = cp_tree_add(&prof->tree, id, prof->tree.n);
		if (cJSON_GetObjectItemCaseSensitive(n, "parent")) {
			if (sk_json_int(r->name, &path, n, "parent", 1,
					&parent, r->err) < 0)
				return -1;
			node->parent_id = parent;
			node->has_parent_id = 1;
		}
		cf = cJSON_GetObjectItemCaseSensitive(n, "callFrame");
		sk_json_path_key(&path, "callFrame");
		if (!cf)
			return sk_error_set_file(r->err, r->name,
						 "%s: missing", path.text);
		if (cp_frame(r, &path, cf, node) < 0)
			return -1;
		sk_json_path_pop(&path, o);
		i++;
	}
	if (deltas && cJSON_GetArraySize(deltas) != cJSON_GetArraySize(samples))
		return sk_error_set_file(r->err, r->name, "%s.timeDeltas: %d "
					 "entries for %d samples", arr,
					 cJSON_GetArraySize(deltas),
					 cJSON_GetArraySize(samples));
	time = prof->samples.n ? prof->samples.times[prof->samples.n - 1] :
		prof->start;
	d = deltas ? deltas->child : NULL;
	i = 0;
	snprintf(arr, sizeof arr, "traceEvents[%zu].args.data.cpuProfile."
		 "samples", ev_index);
	cJSON_ArrayForEach(n, samples) {
		int64_t id;
		double delta = 0;

		if (cp_int_item(r, arr, i, n, &id) < 0 ||
		    (d && cp_number_item(r, "timeDeltas", i, d, &delta) < 0))
			return -1;
		time += delta;
		cp_samples_push(&prof->samples, id, time);
		d = d ? d->next : NULL;
		i++;
	}
	return 0;
}

static struct trace_profile *new_profile(struct trace *tr, const char *id,
					 const cJSON *ev)
{
	struct trace_profile *prof;

	sk_xgrow((void **)&tr->profiles, &tr->cap, tr->n + 1,
		 sizeof *tr->profiles);
	prof = &tr->profiles[tr->n++];
	memset(prof, 0, sizeof *prof);
	snprintf(prof->id, sizeof prof->id, "%s", id);
	sk_json_loose_int(ev, "pid", &prof->pid);
	sk_json_loose_int(ev, "tid", &prof->tid);
	return prof;
}

static void free_trace(struct trace *tr)
{
	for (size_t i = 0; i < tr->n; i++) {
		cp_tree_free(&tr->profiles[i].tree);
		cp_samples_free(&tr->profiles[i].samples);
	}
	free(tr->profiles);
	free(tr->names);
}

/* The metadata names, all of them first: they may follow the profile. */
static void collect_names(struct trace *tr, const cJSON *events)
{
	const cJSON *ev;

	cJSON_ArrayForEach(ev, events) {
		const char *name = str_member(ev, "name"), *v;
		const cJSON *args = obj_member(ev, "args");
		int64_t pid = 0, tid = -1;
		int is_thread;

		if (!name || !args)
			continue;
		is_thread = strcmp(name, "thread_name") == 0;
		if (!is_thread && strcmp(name, "process_name") != 0)
			continue;
		v = str_member(args, "name");
		if (!v || !sk_json_loose_int(ev, "pid", &pid) ||
		    (is_thread && !sk_json_loose_int(ev, "tid", &tid)))
			continue;
		if (!is_thread)
			tid = -1;
		sk_xgrow((void **)&tr->names, &tr->names_cap, tr->nnames + 1,
			 sizeof *tr->names);
		tr->names[tr->nnames].pid = pid;
		tr->names[tr->nnames].tid = tid;
		tr->names[tr->nnames++].name = v;
	}
}

/* The profile events in time order, as speedscope takes them (a chunk
 * may come before its Profile event in the file), ties in file order. */
struct profile_event {
	const cJSON *ev;
	double ts;
	size_t index;
};

static int cmp_event(const void *a, const void *b)
{
	const struct profile_event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static struct profile_event *profile_events(const cJSON *events, size_t *n)
{
	struct profile_event *pe = NULL;
	size_t cap = 0, i = 0;
	const cJSON *ev;

	*n = 0;
	cJSON_ArrayForEach(ev, events) {
		const char *name = str_member(ev, "name");
		const cJSON *ts = cJSON_GetObjectItemCaseSensitive(ev, "ts");

		if (name && (strcmp(name, "CpuProfile") == 0 ||
			     strcmp(name, "Profile") == 0 ||
			     strcmp(name, "ProfileChunk") == 0) &&
		    obj_member(obj_member(ev, "args"), "data")) {
			sk_xgrow((void **)&pe, &cap, *n + 1, sizeof *pe);
			pe[*n].ev = ev;
			pe[*n].ts = cJSON_IsNumber(ts) &&
				    ts->valuedouble == ts->valuedouble ?
				ts->valuedouble : 0;
			pe[(*n)++].index = i;
		}
		i++;
	}
	if (*n)
		qsort(pe, *n, sizeof *pe, cmp_event);
	return pe;
}

int cp_read_trace(struct cp_reader *r, const cJSON *doc, const cJSON *events)
{
	struct trace tr;
	struct profile_event *pe;
	size_t i, npe, cpu_events = 0;
	int rc = -1;

	memset(&tr, 0, sizeof tr);
	cp_value_types(r->p);
	collect_names(&tr, events);
	pe = profile_events(events, &npe);
	for (size_t k = 0; k < npe; k++) {
		const cJSON *ev = pe[k].ev;
		const char *name = str_member(ev, "name");
		const cJSON *data = obj_member(obj_member(ev, "args"), "data");
		char id[64];

		i = pe[k].index;
		event_id(ev, id, sizeof id);
		if (strcmp(name, "CpuProfile") == 0 &&
		    obj_member(data, "cpuProfile")) {
			sk_json_path path;
			char buf[80];
			int64_t pid = 0, tid = 0;

			sk_json_loose_int(ev, "pid", &pid);
			sk_json_loose_int(ev, "tid", &tid);
			sk_json_path_init(&path);
			snprintf(buf, sizeof buf, "traceEvents[%zu].args.data."
				 "cpuProfile", i);
			sk_json_path_key(&path, buf);
			if (cp_read_cpuprofile(r, obj_member(data,
							     "cpuProfile"),
					       &path, thread_labels(r, &tr, pid,
								    tid)) < 0)
				goto out;
			cpu_events++;
		} else if (strcmp(name, "Profile") == 0) {
			struct trace_profile *prof = find_profile(&tr, id);

			sk_json_path path;
			char buf[64];

			if (!prof)
				prof = new_profile(&tr, id, ev);
			sk_json_path_init(&path);
			snprintf(buf, sizeof buf, "traceEvents[%zu].args.data",
				 i);
			sk_json_path_key(&path, buf);
			if (sk_json_number(r->name, &path, data, "startTime", 0,
					   &prof->start, r->err) < 0)
				goto out;
		} else if (strcmp(name, "ProfileChunk") == 0) {
			struct trace_profile *prof = find_profile(&tr, id);

			if (!prof) {
				sk_warn(r->ctx, "%s: traceEvents[%zu]: a "
					"ProfileChunk of profile '%s', which "
					"has no Profile event: skipped",
					r->name, i, id);
			} else if (add_chunk(r, prof, data, i) < 0) {
				goto out;
			}
		}
	}
	for (i = 0; i < tr.n; i++) {
		struct trace_profile *prof = &tr.profiles[i];
		char where[128], what[128];

		snprintf(where, sizeof where, "profile %s: nodes", prof->id);
		snprintf(what, sizeof what, "profile %s: samples", prof->id);
		prof->tree.where = where;
		prof->tree.orphans_to_root = 1;
		if (cp_tree_index(r, &prof->tree) < 0 ||
		    cp_tree_build(r, &prof->tree) < 0 ||
		    cp_samples_emit(r, &prof->tree, &prof->samples,
				    thread_labels(r, &tr, prof->pid,
						  prof->tid), what) < 0)
			goto out;
		cpu_events++;
	}
	if (cpu_events == 0 && cJSON_IsObject(doc) &&
	    cp_read_stack_samples(r, doc, span_labels, &tr, &cpu_events) < 0)
		goto out;
	if (cpu_events == 0 &&
	    (cp_read_spans(r, events, span_labels, &tr, &cpu_events) < 0 ||
	     cpu_events == 0)) {
		sk_error_set_file(r->err, r->name, "a trace without a CPU "
				  "profile, stack samples or duration events (no "
				  "CpuProfile, Profile/ProfileChunk, samples or "
				  "B/E/X events)");
		goto out;
	}
	rc = 0;
out:
	free(pe);
	free_trace(&tr);
	return rc;
}
