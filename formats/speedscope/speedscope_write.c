/*
 * speedscope_write.c - writes a speedscope JSON file valid against
 * https://www.speedscope.app/file-format-schema.json (see speedscope.c for
 * the decisions: one `sampled` profile per thread, one value type).
 *
 * Two passes: the first assigns shared frames (deduplicated by name, file,
 * line and column) and sorts the samples of the chosen source (the
 * timeline, or the records) into profiles by thread; the second prints.
 */
#include "formats/speedscope/speedscope.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { NO_INDEX = UINT32_MAX, FLUSH_BYTES = 1 << 16 };

/* One weighted stack of the output, in the order it is written. */
struct ss_entry {
	uint32_t group;
	sk_node_id node;
	double weight;
};

struct ss_writer {
	const sk_profile *p;
	sk_output *out;
	sk_buf buf;
	size_t type;			/* the value type written */
	uint32_t *frame_index;		/* model frame -> shared.frames index */
	sk_frame_id *shared;		/* shared.frames index -> model frame */
	size_t nshared;
	sk_strtab frame_keys;
	uint32_t *set_group;		/* label set -> group + 1, 0 = not yet */
	size_t set_group_cap;
	sk_strtab group_names;		/* thread groups, first seen first */
	uint32_t ungrouped;		/* group of records without a thread */
	uint32_t ngroups;
	struct ss_entry *entries;
	size_t nentries, entries_cap;
	sk_frame_id *stack;
	size_t stack_cap;
};

/* ---- JSON text ---- */

static void flush(struct ss_writer *w, int force)
{
	if (w->buf.len && (force || w->buf.len >= FLUSH_BYTES)) {
		sk_output_write(w->out, w->buf.data, w->buf.len);
		sk_buf_reset(&w->buf);
	}
}

/* The length of the valid UTF-8 sequence at s (0 if it is not one). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

/* A JSON string.  JSON text is UTF-8: bytes that are not (a perf symbol
 * in Latin-1) become U+FFFD. */
static void json_string(sk_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	sk_buf_append_char(b, '"');
	while (i < n) {
		unsigned char c = u[i];

		if (c == '"' || c == '\\') {
			sk_buf_append_char(b, '\\');
			sk_buf_append_char(b, (char)c);
			i++;
		} else if (c < 0x20) {
			sk_buf_appendf(b, "\\u%04x", c);
			i++;
		} else if ((k = utf8_len(u + i, n - i)) > 0) {
			sk_buf_append(b, s + i, k);
			i += k;
		} else {
			sk_buf_append_cstr(b, "\\ufffd");
			i++;
		}
	}
	sk_buf_append_char(b, '"');
}

static void json_str_id(struct ss_writer *w, sk_str id)
{
	json_string(&w->buf, sk_profile_str(w->p, id),
		    sk_profile_str_len(w->p, id));
}

/* ---- first pass ---- */

/* The shared.frames index of model frame f. */
static uint32_t shared_frame(struct ss_writer *w, sk_frame_id f)
{
	const sk_frame *fr;
	sk_buf key = SK_BUF_INIT;
	uint32_t index;
	int added;

	if (w->frame_index[f] != NO_INDEX)
		return w->frame_index[f];
	fr = sk_profile_frame_get(w->p, f);
	/* What the file shows of a frame; two model frames that differ in
	 * their address or module only are one frame there. */
	sk_buf_appendf(&key, "%zu:", sk_profile_str_len(w->p, fr->name));
	sk_buf_append(&key, sk_profile_str(w->p, fr->name),
		      sk_profile_str_len(w->p, fr->name));
	sk_buf_appendf(&key, "%zu:", sk_profile_str_len(w->p, fr->file));
	sk_buf_append(&key, sk_profile_str(w->p, fr->file),
		      sk_profile_str_len(w->p, fr->file));
	sk_buf_appendf(&key, "%lld:%lld", (long long)fr->line,
		       (long long)fr->column);
	index = sk_strtab_index(&w->frame_keys, key.data, key.len, &added);
	sk_buf_free(&key);
	if (added) {
		sk_xgrow((void **)&w->shared, &w->nshared, index + 1,
			 sizeof *w->shared);
		w->shared[index] = f;
	}
	w->frame_index[f] = index;
	return index;
}

/* The profile (group) of label set id: its thread's name, or the group
 * of records without a thread. */
static uint32_t group_of(struct ss_writer *w, sk_labelset_id id)
{
	sk_buf name = SK_BUF_INIT;
	sk_thread t;
	uint32_t g;
	int added;

	if ((size_t)id >= w->set_group_cap) {
		size_t old = w->set_group_cap;

		sk_xgrow((void **)&w->set_group, &w->set_group_cap,
			 (size_t)id + 1, sizeof *w->set_group);
		memset(w->set_group + old, 0,
		       (w->set_group_cap - old) * sizeof *w->set_group);
	}
	if (w->set_group[id])
		return w->set_group[id] - 1;
	if (sk_profile_labelset_thread(w->p, id, &t) &&
	    ss_thread_name(w->p, &t, &name)) {
		g = sk_strtab_index(&w->group_names, name.data, name.len,
				    &added);
		g = g + 1;	/* 0 is the group without a thread */
	} else {
		g = 0;
	}
	sk_buf_free(&name);
	w->set_group[id] = g + 1;
	return g;
}

static int add_entry(struct ss_writer *w, sk_node_id node,
		     sk_labelset_id labels, double weight, sk_error *err)
{
	struct ss_entry *e;

	if (weight == 0)
		return 0;	/* speedscope skips them too */
	if (!isfinite(weight) || weight < 0)
		return sk_error_set(err, "speedscope output: a weight of %g "
			"(speedscope takes positive weights only)", weight);
	sk_xgrow((void **)&w->entries, &w->entries_cap, w->nentries + 1,
		 sizeof *w->entries);
	e = &w->entries[w->nentries++];
	e->group = group_of(w, labels);
	e->node = node;
	e->weight = weight;
	return 0;
}

/* The timeline in order when the profile has one for this value type
 * (a gauge's samples are levels, not weights), else the records. */
static int collect(struct ss_writer *w, sk_error *err)
{
	const sk_profile *p = w->p;
	sk_value_type vt = sk_profile_value_type_get(p, w->type);
	size_t i, n;

	if (sk_profile_sample_count(p) > 0 && !(vt.flags & SK_VALUE_GAUGE)) {
		n = sk_profile_sample_count(p);
		for (i = 0; i < n; i++) {
			sk_sample s = sk_profile_sample_get(p, i);
			if (add_entry(w, s.node, s.labels,
				      sk_profile_sample_values(p, i)[w->type],
				      err) < 0)
				return -1;
		}
		return 0;
	}
	n = sk_profile_record_count(p);
	for (i = 0; i < n; i++) {
		sk_record r = sk_profile_record_get(p, i);
		if (add_entry(w, r.node, r.labels,
			      sk_profile_record_values(p, i)[w->type], err) < 0)
			return -1;
	}
	return 0;
}

/* ---- second pass ---- */

static const char *ss_unit(const sk_profile *p, size_t type)
{
	static const char *const known[] = {
		"nanoseconds", "microseconds", "milliseconds", "seconds",
		"bytes", NULL
	};
	const char *unit = sk_profile_str(p, sk_profile_value_type_get(p,
							type).unit);
	size_t i;

	for (i = 0; known[i]; i++)
		if (strcmp(unit, known[i]) == 0)
			return known[i];
	return "none";
}

static void write_frames(struct ss_writer *w)
{
	size_t i;

	sk_buf_append_cstr(&w->buf, "\"shared\":{\"frames\":[");
	for (i = 0; i < sk_strtab_count(&w->frame_keys); i++) {
		const sk_frame *fr = sk_profile_frame_get(w->p, w->shared[i]);

		sk_buf_append_cstr(&w->buf, i ? ",\n{\"name\":" : "\n{\"name\":");
		json_str_id(w, fr->name);
		if (fr->file) {
			sk_buf_append_cstr(&w->buf, ",\"file\":");
			json_str_id(w, fr->file);
		}
		if (fr->line > 0)
			sk_buf_appendf(&w->buf, ",\"line\":%lld",
				       (long long)fr->line);
		if (fr->column > 0)
			sk_buf_appendf(&w->buf, ",\"col\":%lld",
				       (long long)fr->column);
		sk_buf_append_char(&w->buf, '}');
		flush(w, 0);
	}
	sk_buf_append_cstr(&w->buf, "]},\n");
}

/* The frame indices of node's stack, root first. */
static void write_stack(struct ss_writer *w, sk_node_id node)
{
	uint32_t depth = sk_profile_node_depth(w->p, node), i;

	sk_xgrow((void **)&w->stack, &w->stack_cap, (size_t)depth + 1,
		 sizeof *w->stack);
	sk_profile_node_stack(w->p, node, w->stack);
	sk_buf_append_char(&w->buf, '[');
	for (i = 0; i < depth; i++)
		sk_buf_appendf(&w->buf, i ? ",%u" : "%u",
			       shared_frame(w, w->stack[i]));
	sk_buf_append_char(&w->buf, ']');
}

/* Profile g: its entries are order[0..n). */
static void write_profile(struct ss_writer *w, const char *name,
			  const size_t *order, size_t n, int first)
{
	double total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += w->entries[order[i]].weight;
	sk_buf_append_cstr(&w->buf, first ? "\n" : ",\n");
	sk_buf_append_cstr(&w->buf, "{\"type\":\"sampled\",\"name\":");
	json_string(&w->buf, name, strlen(name));
	sk_buf_appendf(&w->buf, ",\"unit\":\"%s\",\"startValue\":0,"
		       "\"endValue\":", ss_unit(w->p, w->type));
	sk_buf_append_value(&w->buf, total);
	sk_buf_append_cstr(&w->buf, ",\n\"samples\":[");
	for (i = 0; i < n; i++) {
		if (i)
			sk_buf_append_char(&w->buf, ',');
		write_stack(w, w->entries[order[i]].node);
		flush(w, 0);
	}
	sk_buf_append_cstr(&w->buf, "],\n\"weights\":[");
	for (i = 0; i < n; i++) {
		if (i)
			sk_buf_append_char(&w->buf, ',');
		sk_buf_append_value(&w->buf, w->entries[order[i]].weight);
		flush(w, 0);
	}
	sk_buf_append_cstr(&w->buf, "]}");
}

/* The file's name: the profile's, unless a thread has it (the reader
 * would take that thread for the records without one). */
static void file_name(struct ss_writer *w, sk_buf *out)
{
	const sk_meta *m = sk_profile_meta_const(w->p);
	size_t i, len;

	if (m->name)
		sk_buf_append(out, sk_profile_str(w->p, m->name),
			      sk_profile_str_len(w->p, m->name));
	else
		sk_buf_append_cstr(out, "profile");
	for (i = 0; i < sk_strtab_count(&w->group_names); i++) {
		const char *g = sk_strtab_key(&w->group_names, (uint32_t)i,
					      &len);
		if (len == out->len && memcmp(g, out->data, len) == 0) {
			sk_buf_append_cstr(out, " (all threads)");
			i = (size_t)-1;
		}
	}
}

static void write_document(struct ss_writer *w)
{
	size_t *start = sk_xcalloc((size_t)w->ngroups + 2, sizeof *start);
	size_t *order = sk_xcalloc(w->nentries + 1, sizeof *order);
	sk_buf name = SK_BUF_INIT;
	size_t i, len;
	uint32_t g;
	int first = 1;

	/* Entries by group, each group in its original order: a counting
	 * sort. */
	for (i = 0; i < w->nentries; i++)
		start[w->entries[i].group + 1]++;
	for (g = 0; g < w->ngroups; g++)
		start[g + 1] += start[g];
	for (i = 0; i < w->nentries; i++)
		order[start[w->entries[i].group]++] = i;
	for (g = w->ngroups; g > 0; g--)
		start[g] = start[g - 1];
	start[0] = 0;
	/* Frames first: the shared table must hold every stack's frames
	 * before it is printed.  They are numbered in the order they are
	 * written (profile by profile), which is also the order reading the
	 * file back creates them in, so a file written again is the same. */
	for (i = 0; i < w->nentries; i++) {
		sk_node_id node = w->entries[order[i]].node;
		uint32_t depth = sk_profile_node_depth(w->p, node), d;

		sk_xgrow((void **)&w->stack, &w->stack_cap, (size_t)depth + 1,
			 sizeof *w->stack);
		sk_profile_node_stack(w->p, node, w->stack);
		for (d = 0; d < depth; d++)
			shared_frame(w, w->stack[d]);
	}
	file_name(w, &name);
	sk_buf_appendf(&w->buf, "{\"$schema\":\"%s\",\n\"exporter\":\"stackkit "
		       "%s\",\n\"name\":", SS_SCHEMA_URL, sk_version());
	json_string(&w->buf, name.data, name.len);
	sk_buf_append_cstr(&w->buf, ",\n\"activeProfileIndex\":0,\n");
	write_frames(w);
	sk_buf_append_cstr(&w->buf, "\"profiles\":[");
	for (g = 0; g < w->ngroups; g++) {
		size_t n = start[g + 1] - start[g];
		const char *pname = g == 0 ? name.data :
			sk_strtab_key(&w->group_names, g - 1, &len);

		/* The profile of records without a thread is written only
		 * when it has some, or when nothing else is. */
		if (n == 0 && !(g == 0 && w->ngroups == 1))
			continue;
		write_profile(w, pname, order + start[g], n, first);
		first = 0;
	}
	sk_buf_append_cstr(&w->buf, "]}\n");
	flush(w, 1);
	sk_buf_free(&name);
	free(start);
	free(order);
}

int ss_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	     sk_error *err)
{
	struct ss_writer w;
	int rc;

	(void)ctx;
	memset(&w, 0, sizeof w);
	w.p = p;
	w.out = out;
	w.type = sk_profile_default_value_type(p);
	w.frame_index = sk_xmalloc((sk_profile_frame_count(p) + 1) *
				   sizeof *w.frame_index);
	memset(w.frame_index, 0xff, (sk_profile_frame_count(p) + 1) *
	       sizeof *w.frame_index);
	sk_strtab_init(&w.frame_keys);
	sk_strtab_init(&w.group_names);
	rc = sk_profile_value_type_count(p) ? collect(&w, err) : 0;
	if (rc == 0) {
		w.ngroups = (uint32_t)sk_strtab_count(&w.group_names) + 1;
		write_document(&w);
	}
	sk_buf_free(&w.buf);
	free(w.frame_index);
	free(w.shared);
	free(w.set_group);
	free(w.entries);
	free(w.stack);
	sk_strtab_free(&w.frame_keys);
	sk_strtab_free(&w.group_names);
	return rc;
}
