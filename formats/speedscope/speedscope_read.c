/*
 * speedscope_read.c - reads a speedscope JSON file (see speedscope.c for
 * the decisions: threads, units, the timeline).
 *
 * The document is parsed once into a cJSON tree, which is freed as soon as
 * the model is built.  Invalid files are refused as speedscope's importer
 * refuses them (unbalanced or out-of-order events, mismatched sample and
 * weight counts, negative weights) and frame indices out of range too,
 * each with the JSON path of the value at fault.
 */
#include "formats/speedscope/speedscope.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The units of the schema's ValueUnit, what they become, and nanoseconds
 * per unit for timeline positions (0: not a time). */
static const struct ss_unit {
	const char *name;
	const char *type;
	const char *unit;
	double ns;
} ss_units[] = {
	{ "none", "samples", "count", 0 },
	{ "nanoseconds", "time", "nanoseconds", 1 },
	{ "microseconds", "time", "microseconds", 1e3 },
	{ "milliseconds", "time", "milliseconds", 1e6 },
	{ "seconds", "time", "seconds", 1e9 },
	{ "bytes", "space", "bytes", 0 },
};
enum { NUNITS = sizeof ss_units / sizeof ss_units[0], UNIT_BYTES = 5 };

/* An interval of an evented profile, open or closed, in opening order. */
struct ss_interval {
	sk_node_id node;
	int64_t position;
	double open_at;
	double child_time;	/* sum of the children's durations */
	double value;		/* exclusive duration, once closed */
	int64_t frame;		/* index into shared.frames */
};

struct ss_reader {
	const char *name;
	const sk_context *ctx;
	sk_profile *p;
	sk_error *err;
	sk_json_path path;
	sk_frame_id *frames;	/* shared.frames index -> frame */
	size_t nframes;
	size_t unit_type[NUNITS];	/* value type index per unit, or SIZE_MAX */
	size_t ntypes;
	double *values;		/* one row of ntypes */
	int position_unit;
	int64_t order;		/* next position when positions are the order */
	/* Stacks already met, by their frame indices: real profiles repeat
	 * a few thousand stacks in a million samples, so one lookup per
	 * sample replaces one tree lookup per frame. */
	sk_index stack_index;
	struct ss_stack { size_t offset; uint32_t len; sk_node_id node; }
		*stacks;
	size_t nstacks, stacks_cap;
	uint32_t *stack_frames;	/* every known stack's indices, end to end */
	size_t stack_frames_len, stack_frames_cap;
	uint32_t *key;		/* the stack being looked up */
	size_t key_cap;
	struct ss_interval *intervals;
	size_t intervals_cap;
	size_t *open;		/* indices into intervals of the open ones */
	size_t open_cap;
};

static int fail(struct ss_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets err to "NAME: PATH: what" and returns -1. */
static int fail(struct ss_reader *r, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sk_error_set_file(r->err, r->name, "%s%s%s", r->path.text,
				 r->path.len ? ": " : "", what);
}

/* An optional member that may also be null (py-spy writes "line": null). */
static const cJSON *optional(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	return m && !cJSON_IsNull(m) ? m : NULL;
}

/* An optional positive integer (a line or a column); 0 when absent. */
static int read_line_number(struct ss_reader *r, const cJSON *obj,
			    const char *key, int64_t *out)
{
	const cJSON *m = optional(obj, key);
	size_t old;
	int rc = 0;

	*out = 0;
	if (!m)
		return 0;
	old = sk_json_path_key(&r->path, key);
	if (!cJSON_IsNumber(m) || m->valuedouble != floor(m->valuedouble) ||
	    fabs(m->valuedouble) > 9e18)
		rc = fail(r, "not an integer");
	else if (m->valuedouble > 0)
		*out = (int64_t)m->valuedouble;
	sk_json_path_pop(&r->path, old);
	return rc;
}

static int read_frames(struct ss_reader *r, const cJSON *root)
{
	const cJSON *shared, *list, *f;
	size_t old = sk_json_path_key(&r->path, "shared"), i = 0;

	shared = cJSON_GetObjectItemCaseSensitive(root, "shared");
	if (!cJSON_IsObject(shared)) {
		sk_json_path_pop(&r->path, old);
		return fail(r, "shared: %s", shared ? "not an object" :
			    "missing");
	}
	if (sk_json_array(r->name, &r->path, shared, "frames", 1, &list,
			  r->err) < 0)
		return -1;
	sk_json_path_key(&r->path, "frames");
	r->nframes = (size_t)cJSON_GetArraySize(list);
	r->frames = sk_xcalloc(r->nframes + 1, sizeof *r->frames);
	cJSON_ArrayForEach(f, list) {
		size_t at = sk_json_path_index(&r->path, i);
		const char *name = NULL, *file = NULL;
		sk_frame fr;
		const cJSON *m;

		if (!cJSON_IsObject(f))
			return fail(r, "not an object");
		if (sk_json_string(r->name, &r->path, f, "name", 1, &name,
				   r->err) < 0)
			return -1;
		if ((m = optional(f, "file")) != NULL) {
			if (!cJSON_IsString(m))
				return fail(r, "file: not a string");
			file = m->valuestring;
		}
		memset(&fr, 0, sizeof fr);
		if (read_line_number(r, f, "line", &fr.line) < 0 ||
		    read_line_number(r, f, "col", &fr.column) < 0)
			return -1;
		if (strlen(name) > r->ctx->limits.max_string_bytes ||
		    (file && strlen(file) > r->ctx->limits.max_string_bytes))
			return fail(r, "a name longer than the limit");
		fr.name = sk_profile_intern_cstr(r->p, name);
		if (file)
			fr.file = sk_profile_intern_cstr(r->p, file);
		r->frames[i++] = sk_profile_frame(r->p, &fr);
		sk_json_path_pop(&r->path, at);
	}
	sk_json_path_pop(&r->path, old);
	return 0;
}

/* The unit of profile prof (the path names it); its index in ss_units. */
static int profile_unit(struct ss_reader *r, const cJSON *prof, size_t *unit)
{
	const char *name = NULL;
	size_t i;

	if (!cJSON_IsObject(prof))
		return fail(r, "not an object");
	if (sk_json_string(r->name, &r->path, prof, "unit", 1, &name,
			   r->err) < 0)
		return -1;
	for (i = 0; i < NUNITS; i++)
		if (strcmp(name, ss_units[i].name) == 0) {
			*unit = i;
			return 0;
		}
	return fail(r, "unit: unknown unit '%.100s' (none, nanoseconds, "
		    "microseconds, milliseconds, seconds or bytes)", name);
}

/* A value of the profile's unit as a timeline position. */
static int position(struct ss_reader *r, size_t unit, double v,
		    int64_t *out)
{
	double scaled;

	if (r->position_unit == SK_POSITION_ORDER) {
		*out = r->order++;
		return 0;
	}
	scaled = v * (r->position_unit == SK_POSITION_BYTES ? 1 :
		      ss_units[unit].ns);
	if (!(fabs(scaled) < 9e18))
		return fail(r, "%g is out of the timeline's range", v);
	*out = (int64_t)llround(scaled);
	return 0;
}

struct stack_key {
	const uint32_t *frames;
	uint32_t len;
};

static int stack_eq(const void *arg, uint32_t id, const void *key)
{
	const struct ss_reader *r = arg;
	const struct stack_key *k = key;
	const struct ss_stack *st = &r->stacks[id];

	return st->len == k->len &&
	       memcmp(r->stack_frames + st->offset, k->frames,
		      (size_t)k->len * sizeof *k->frames) == 0;
}

/* The node of stack (frame indices, root first). */
static int stack_node(struct ss_reader *r, const cJSON *stack,
		      sk_node_id *node)
{
	const cJSON *e;
	struct stack_key key;
	struct ss_stack *st;
	size_t depth = 0, i;
	uint64_t hash;
	uint32_t id;

	if (!cJSON_IsArray(stack))
		return fail(r, "a stack is an array of frame indices");
	cJSON_ArrayForEach(e, stack) {
		double d = cJSON_IsNumber(e) ? e->valuedouble : -1;

		if (!cJSON_IsNumber(e) || d != floor(d))
			return fail(r, "not a frame index");
		if (d < 0 || d >= (double)r->nframes)
			return fail(r, "frame index %.0f out of range "
				    "(shared.frames has %zu)", d, r->nframes);
		if (depth >= r->ctx->limits.max_depth)
			return fail(r, "stack deeper than the limit of %llu "
				    "frames",
				    (unsigned long long)r->ctx->limits.max_depth);
		sk_xgrow((void **)&r->key, &r->key_cap, depth + 1,
			 sizeof *r->key);
		r->key[depth++] = (uint32_t)d;
	}
	key.frames = r->key;
	key.len = (uint32_t)depth;
	hash = sk_hash_bytes(r->key, depth * sizeof *r->key, depth);
	id = sk_index_find(&r->stack_index, hash, stack_eq, r, &key);
	if (id != UINT32_MAX) {
		*node = r->stacks[id].node;
		return 0;
	}
	*node = SK_ROOT;
	for (i = 0; i < depth; i++)
		*node = sk_profile_child(r->p, *node, r->frames[r->key[i]]);
	sk_xgrow((void **)&r->stacks, &r->stacks_cap, r->nstacks + 1,
		 sizeof *r->stacks);
	sk_xgrow((void **)&r->stack_frames, &r->stack_frames_cap,
		 r->stack_frames_len + depth + 1, sizeof *r->stack_frames);
	st = &r->stacks[r->nstacks];
	st->offset = r->stack_frames_len;
	st->len = (uint32_t)depth;
	st->node = *node;
	if (depth)
		memcpy(r->stack_frames + r->stack_frames_len, r->key,
		       depth * sizeof *r->key);
	r->stack_frames_len += depth;
	sk_index_insert(&r->stack_index, hash, (uint32_t)r->nstacks++);
	return 0;
}

static void add(struct ss_reader *r, size_t unit, sk_node_id node,
		sk_labelset_id labels, int64_t pos, double value)
{
	size_t t = r->unit_type[unit];

	memset(r->values, 0, r->ntypes * sizeof *r->values);
	r->values[t] = value;
	sk_profile_add_values(r->p, node, labels, r->values);
	if (r->ctx->want_timeline)
		sk_profile_add_sample(r->p, node, labels, pos, r->values);
}

static int number_member(struct ss_reader *r, const cJSON *obj,
			 const char *key, double *out)
{
	return sk_json_number(r->name, &r->path, obj, key, 1, out, r->err);
}

static int read_sampled(struct ss_reader *r, const cJSON *prof, size_t unit,
			sk_labelset_id labels)
{
	const cJSON *samples, *weights, *s, *w;
	double start = 0, at;
	size_t i = 0, old;

	if (sk_json_array(r->name, &r->path, prof, "samples", 1, &samples,
			  r->err) < 0 ||
	    sk_json_array(r->name, &r->path, prof, "weights", 1, &weights,
			  r->err) < 0 ||
	    number_member(r, prof, "startValue", &start) < 0)
		return -1;
	if (cJSON_GetArraySize(samples) != cJSON_GetArraySize(weights))
		return fail(r, "%d samples but %d weights",
			    cJSON_GetArraySize(samples),
			    cJSON_GetArraySize(weights));
	at = start;
	for (s = samples->child, w = weights->child; s && w;
	     s = s->next, w = w->next, i++) {
		sk_node_id node = SK_ROOT;
		int64_t pos = 0;

		old = sk_json_path_key(&r->path, "weights");
		sk_json_path_index(&r->path, i);
		if (!cJSON_IsNumber(w) || !isfinite(w->valuedouble))
			return fail(r, "not a number");
		if (w->valuedouble < 0)
			return fail(r, "negative weight %g (speedscope "
				    "takes positive weights only)",
				    w->valuedouble);
		sk_json_path_pop(&r->path, old);
		old = sk_json_path_key(&r->path, "samples");
		sk_json_path_index(&r->path, i);
		if (stack_node(r, s, &node) < 0)
			return -1;
		/* speedscope skips zero weights: so does the model. */
		if (w->valuedouble > 0) {
			if (position(r, unit, at, &pos) < 0)
				return -1;
			add(r, unit, node, labels, pos, w->valuedouble);
		}
		at += w->valuedouble;
		sk_json_path_pop(&r->path, old);
	}
	return 0;
}

/* One event of an evented profile: an 'O' opens an interval on top of the
 * open ones, a 'C' closes the top one, which must be of its frame. */
static int read_event(struct ss_reader *r, const cJSON *ev, size_t *nopen,
		      size_t *nintervals, double *last_at)
{
	const char *type = NULL;
	int64_t frame = 0;
	double at = 0;
	struct ss_interval *top;

	if (!cJSON_IsObject(ev))
		return fail(r, "not an object");
	if (sk_json_string(r->name, &r->path, ev, "type", 1, &type,
			   r->err) < 0 ||
	    sk_json_int(r->name, &r->path, ev, "frame", 1, &frame,
			r->err) < 0 ||
	    number_member(r, ev, "at", &at) < 0)
		return -1;
	if (frame < 0 || (uint64_t)frame >= r->nframes)
		return fail(r, "frame index %lld out of range (shared.frames "
			    "has %zu)", (long long)frame, r->nframes);
	if (at < *last_at)
		return fail(r, "event at %g is before the previous one "
			    "(at %g)", at, *last_at);
	*last_at = at;
	if (strcmp(type, "O") == 0) {
		struct ss_interval *iv;
		sk_node_id parent = *nopen ?
			r->intervals[r->open[*nopen - 1]].node : SK_ROOT;

		if (*nopen >= r->ctx->limits.max_depth)
			return fail(r, "frames nested deeper than the limit "
				    "of %llu",
				    (unsigned long long)r->ctx->limits.max_depth);
		sk_xgrow((void **)&r->intervals, &r->intervals_cap,
			 *nintervals + 1, sizeof *r->intervals);
		sk_xgrow((void **)&r->open, &r->open_cap, *nopen + 1,
			 sizeof *r->open);
		iv = &r->intervals[*nintervals];
		memset(iv, 0, sizeof *iv);
		iv->node = sk_profile_child(r->p, parent,
					    r->frames[(size_t)frame]);
		iv->open_at = at;
		iv->frame = frame;
		r->open[(*nopen)++] = (*nintervals)++;
		return 0;
	}
	if (strcmp(type, "C") != 0)
		return fail(r, "type: '%.20s' is neither 'O' nor 'C'", type);
	if (*nopen == 0)
		return fail(r, "closes frame %lld, but no frame is open",
			    (long long)frame);
	top = &r->intervals[r->open[*nopen - 1]];
	if (top->frame != frame)
		return fail(r, "closes frame %lld, but frame %lld is the "
			    "one open", (long long)frame,
			    (long long)top->frame);
	(*nopen)--;
	/* Children lie inside their parent, so only rounding can make the
	 * difference negative. */
	top->value = at - top->open_at - top->child_time;
	if (top->value < 0)
		top->value = 0;
	if (*nopen)
		r->intervals[r->open[*nopen - 1]].child_time +=
			at - top->open_at;
	return 0;
}

static int read_evented(struct ss_reader *r, const cJSON *prof, size_t unit,
			sk_labelset_id labels)
{
	const cJSON *events, *ev;
	size_t nopen = 0, nintervals = 0, i = 0, old;
	double last_at = -INFINITY;

	if (sk_json_array(r->name, &r->path, prof, "events", 1, &events,
			  r->err) < 0)
		return -1;
	old = sk_json_path_key(&r->path, "events");
	cJSON_ArrayForEach(ev, events) {
		size_t at = sk_json_path_index(&r->path, i++);

		if (read_event(r, ev, &nopen, &nintervals, &last_at) < 0)
			return -1;
		sk_json_path_pop(&r->path, at);
	}
	if (nopen) {
		int64_t f = r->intervals[r->open[nopen - 1]].frame;
		return fail(r, "frame %lld is still open at the end (%zu "
			    "frames open)", (long long)f, nopen);
	}
	sk_json_path_pop(&r->path, old);
	/* In opening order: the timeline's order, a parent before its
	 * children at the same position. */
	for (i = 0; i < nintervals; i++) {
		struct ss_interval *iv = &r->intervals[i];
		int64_t pos = 0;

		if (iv->value <= 0)
			continue;
		if (position(r, unit, iv->open_at, &pos) < 0)
			return -1;
		add(r, unit, iv->node, labels, pos, iv->value);
	}
	return 0;
}

/* The profile name speedscope gives the file: `name`, else the first
 * profile's. */
static const char *group_name(const cJSON *root, const cJSON *profiles)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(root, "name");

	if (cJSON_IsString(n) && n->valuestring[0])
		return n->valuestring;
	n = profiles->child ?
	    cJSON_GetObjectItemCaseSensitive(profiles->child, "name") : NULL;
	return cJSON_IsString(n) ? n->valuestring : "";
}

static int read_profile(struct ss_reader *r, const cJSON *prof, size_t unit,
			const char *group)
{
	const char *type = NULL, *name = "";
	const cJSON *m = optional(prof, "name");
	sk_labelset_id labels = 0;
	sk_thread t;

	if (sk_json_string(r->name, &r->path, prof, "type", 1, &type,
			   r->err) < 0)
		return -1;
	if (m) {
		if (!cJSON_IsString(m))
			return fail(r, "name: not a string");
		name = m->valuestring;
	}
	if (strlen(name) > r->ctx->limits.max_string_bytes)
		return fail(r, "name: longer than the limit");
	if (strcmp(name, group) != 0 && ss_thread_from_name(r->p, name, &t))
		labels = sk_profile_thread_labels(r->p, &t, NULL, 0);
	if (strcmp(type, "sampled") == 0)
		return read_sampled(r, prof, unit, labels);
	if (strcmp(type, "evented") == 0)
		return read_evented(r, prof, unit, labels);
	return fail(r, "type: '%.40s' is neither 'sampled' nor 'evented'",
		    type);
}

/* Which profiles to read: all of them, or with --active-profile only
 * activeProfileIndex's.  *active is the index (0 without one). */
static int active_index(struct ss_reader *r, const cJSON *root,
			const cJSON *profiles, size_t *active)
{
	const cJSON *m = optional(root, "activeProfileIndex");
	size_t n = (size_t)cJSON_GetArraySize(profiles);

	*active = 0;
	if (!m)
		return 0;
	if (!cJSON_IsNumber(m) || m->valuedouble != floor(m->valuedouble))
		return fail(r, "activeProfileIndex: not an index");
	if (m->valuedouble < 0 || m->valuedouble >= (double)n)
		return fail(r, "activeProfileIndex: %.0f out of range (%zu "
			    "profiles)", m->valuedouble, n);
	*active = (size_t)m->valuedouble;
	return 0;
}

/* The value types, one per unit in order of appearance, and the
 * timeline's unit. */
static int setup_units(struct ss_reader *r, const cJSON *profiles,
		       size_t active, int only_active)
{
	const cJSON *prof;
	size_t i = 0, unit, old = sk_json_path_key(&r->path, "profiles");
	int times = 0, bytes = 0, others = 0;

	for (unit = 0; unit < NUNITS; unit++)
		r->unit_type[unit] = SIZE_MAX;
	cJSON_ArrayForEach(prof, profiles) {
		size_t at = sk_json_path_index(&r->path, i);

		if ((!only_active || i == active) &&
		    profile_unit(r, prof, &unit) < 0)
			return -1;
		if (!only_active || i == active) {
			if (r->unit_type[unit] == SIZE_MAX)
				r->unit_type[unit] = sk_profile_value_type(r->p,
					ss_units[unit].type, ss_units[unit].unit);
			times += ss_units[unit].ns > 0;
			bytes += unit == UNIT_BYTES;
			others += ss_units[unit].ns == 0 && unit != UNIT_BYTES;
		}
		if (i == active)
			sk_profile_set_default_value_type(r->p,
							  r->unit_type[unit]);
		i++;
		sk_json_path_pop(&r->path, at);
	}
	sk_json_path_pop(&r->path, old);
	if (i == 0)
		sk_profile_value_type(r->p, "samples", "count");
	r->ntypes = sk_profile_value_type_count(r->p);
	r->values = sk_xcalloc(r->ntypes, sizeof *r->values);
	r->position_unit = others || (times && bytes) ? SK_POSITION_ORDER :
			   bytes ? SK_POSITION_BYTES : SK_POSITION_NANOSECONDS;
	sk_profile_set_timeline_unit(r->p, r->position_unit);
	return 0;
}

static int read_document(struct ss_reader *r, const cJSON *root)
{
	const cJSON *profiles, *prof, *m;
	int only_active = sk_options_has(r->ctx->options, "active-profile");
	const char *group;
	size_t i = 0, active;

	if (!cJSON_IsObject(root))
		return fail(r, "a speedscope file is a JSON object");
	if (sk_json_array(r->name, &r->path, root, "profiles", 1, &profiles,
			  r->err) < 0 ||
	    read_frames(r, root) < 0 ||
	    active_index(r, root, profiles, &active) < 0 ||
	    setup_units(r, profiles, active, only_active) < 0)
		return -1;
	group = group_name(root, profiles);
	/* The name speedscope shows, so that a file written back has it. */
	if (strlen(group) <= r->ctx->limits.max_string_bytes)
		sk_profile_meta(r->p)->name = sk_profile_intern_cstr(r->p,
								     group);
	if ((m = optional(root, "exporter")) != NULL && cJSON_IsString(m)) {
		sk_buf c = SK_BUF_INIT;

		sk_buf_appendf(&c, "speedscope exporter: %.200s", m->valuestring);
		sk_profile_add_comment(r->p, c.data);
		sk_buf_free(&c);
	}
	sk_json_path_key(&r->path, "profiles");
	cJSON_ArrayForEach(prof, profiles) {
		size_t at = sk_json_path_index(&r->path, i), unit = 0;

		if (!only_active || i == active) {
			if (profile_unit(r, prof, &unit) < 0 ||
			    read_profile(r, prof, unit, group) < 0)
				return -1;
		}
		i++;
		sk_json_path_pop(&r->path, at);
	}
	return 0;
}

int ss_read(sk_input *in, const sk_context *ctx, sk_profile *p, sk_error *err)
{
	struct ss_reader r;
	cJSON *root;
	int rc;

	memset(&r, 0, sizeof r);
	r.name = sk_input_name(in);
	r.ctx = ctx;
	r.p = p;
	r.err = err;
	sk_json_path_init(&r.path);
	sk_index_init(&r.stack_index);
	root = sk_json_parse(in, err);
	if (!root) {
		sk_index_free(&r.stack_index);
		return -1;
	}
	rc = read_document(&r, root);
	cJSON_Delete(root);
	free(r.frames);
	free(r.values);
	free(r.intervals);
	free(r.open);
	free(r.stacks);
	free(r.stack_frames);
	free(r.key);
	sk_index_free(&r.stack_index);
	return rc;
}
