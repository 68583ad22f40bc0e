/*
 * cp_write.c - writes a .cpuprofile (CDP's Profiler.Profile) that Chrome
 * DevTools, node's tooling and speedscope load.
 *
 * Nodes are the model's call tree under a "(root)" node (id 1; model node
 * n is id n + 1) with children lists and hitCounts.  Samples are the
 * timeline when the profile has one, else one sample per node with self
 * weight in depth-first order (a synthesized time order).  Each sample
 * lasts its weight in the default value type: timeDeltas[i + 1] is sample
 * i's weight in microseconds (time units are converted; other units count
 * one microsecond each), so readers that weigh a sample by the time to the
 * next one (speedscope, this reader) see the weights back exactly.  A last
 * sample on (root) ends the final real sample.  Threads are merged (a
 * .cpuprofile has one); line and column go back to 0-based; the model
 * keeps no script ids, so each url gets one, numbered from 1 in node
 * order ("0" for no url, as V8 writes for native code).
 */
#include "formats/cpuprofile/cp_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(sk_output *out, const char *s, size_t len)
{
	size_t i, run = 0;

	sk_output_write(out, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sk_output_write(out, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };

			sk_output_write(out, e, 2);
		} else {
			sk_output_printf(out, "\\u%04x", c);
		}
	}
	sk_output_write(out, s + run, len - run);
	sk_output_write(out, "\"", 1);
}

/* The shortest of %.15g and %.17g that reads back as v. */
static void put_number(sk_output *out, double v)
{
	char b[40];

	snprintf(b, sizeof b, "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, sizeof b, "%.17g", v);
	sk_output_puts(out, b);
}

static double unit_to_us(const char *unit)
{
	if (strcmp(unit, "nanoseconds") == 0)
		return 1e-3;
	if (strcmp(unit, "milliseconds") == 0)
		return 1e3;
	if (strcmp(unit, "seconds") == 0)
		return 1e6;
	return 1;
}

struct out_sample {
	sk_node_id node;
	double us;
};

struct writer {
	const sk_profile *p;
	size_t vt;
	double scale;
	struct out_sample *samples;
	size_t n, cap;
	uint32_t *hits;		/* per model node */
	uint32_t *script_ids;	/* per url string id; 0 = none yet */
	uint32_t scripts;	/* script ids given so far */
	int negative;
};

static void push(struct writer *w, sk_node_id node, double v)
{
	double us = v * w->scale;

	if (us < 0) {
		w->negative = 1;
		us = 0;
	}
	sk_xgrow((void **)&w->samples, &w->cap, w->n + 1, sizeof *w->samples);
	w->samples[w->n].node = node;
	w->samples[w->n++].us = us;
	w->hits[node]++;
}

static void collect(struct writer *w)
{
	const sk_profile *p = w->p;
	size_t ns = sk_profile_sample_count(p);

	if (ns > 0) {
		for (size_t i = 0; i < ns; i++)
			push(w, sk_profile_sample_get(p, i).node,
			     sk_profile_sample_values(p, i)[w->vt]);
		return;
	}
	/* Depth first, children in creation order, without recursion. */
	for (sk_node_id n = sk_profile_node_first_child(p, SK_ROOT); n;) {
		double self = sk_profile_node_self(p, n, w->vt);
		sk_node_id next;

		if (self != 0)
			push(w, n, self);
		next = sk_profile_node_first_child(p, n);
		while (!next && n) {
			next = sk_profile_node_next_sibling(p, n);
			if (!next)
				n = sk_profile_node_parent(p, n);
		}
		n = next;
	}
}

static void put_node(struct writer *w, sk_output *out, sk_node_id n)
{
	const sk_profile *p = w->p;
	int first = 1;

	sk_output_printf(out, "{\"id\":%lu,\"callFrame\":{\"functionName\":",
			 (unsigned long)n + 1);
	if (n == SK_ROOT) {
		sk_output_puts(out, "\"(root)\",\"scriptId\":\"0\",\"url\":\"\","
			       "\"lineNumber\":-1,\"columnNumber\":-1}");
	} else {
		const sk_frame *f = sk_profile_frame_get(p,
				sk_profile_node_frame(p, n));

		const char *name = sk_profile_str(p, f->name);

		/* V8 writes anonymous functions with an empty name, which
		 * the reader (and DevTools) show as "(anonymous)". */
		if (strcmp(name, "(anonymous)") == 0)
			put_string(out, "", 0);
		else
			put_string(out, name, sk_profile_str_len(p, f->name));
		if (f->file && !w->script_ids[f->file])
			w->script_ids[f->file] = ++w->scripts;
		sk_output_printf(out, ",\"scriptId\":\"%lu\",\"url\":",
				 (unsigned long)w->script_ids[f->file]);
		put_string(out, sk_profile_str(p, f->file),
			   sk_profile_str_len(p, f->file));
		sk_output_printf(out, ",\"lineNumber\":%lld,"
				 "\"columnNumber\":%lld}",
				 (long long)(f->line > 0 ? f->line - 1 : -1),
				 (long long)(f->column > 0 ? f->column - 1 :
					     -1));
	}
	sk_output_printf(out, ",\"hitCount\":%lu", (unsigned long)w->hits[n]);
	for (sk_node_id c = sk_profile_node_first_child(p, n); c;
	     c = sk_profile_node_next_sibling(p, c)) {
		sk_output_printf(out, "%s%lu", first ? ",\"children\":[" : ",",
				 (unsigned long)c + 1);
		first = 0;
	}
	sk_output_puts(out, first ? "}" : "]}");
}

int cp_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	     sk_error *err)
{
	struct writer w;
	size_t nodes = sk_profile_node_count(p);
	double start = 0, end;
	sk_value_type vt;

	(void)err;
	memset(&w, 0, sizeof w);
	w.p = p;
	if (sk_profile_value_type_count(p) > 0) {
		w.vt = sk_profile_default_value_type(p);
		vt = sk_profile_value_type_get(p, w.vt);
		w.scale = unit_to_us(sk_profile_str(p, vt.unit));
	} else {
		w.scale = 1;
	}
	w.hits = sk_xcalloc(nodes ? nodes : 1, sizeof *w.hits);
	{
		sk_str max_file = 0;

		for (sk_node_id n = 1; n < nodes; n++) {
			const sk_frame *f = sk_profile_frame_get(p,
					sk_profile_node_frame(p, n));

			if (f->file > max_file)
				max_file = f->file;
		}
		w.script_ids = sk_xcalloc((size_t)max_file + 1,
					  sizeof *w.script_ids);
	}
	if (sk_profile_value_type_count(p) > 0)
		collect(&w);
	if (w.negative)
		sk_warn(ctx, "cpuprofile output: negative weights written as "
			"0 (a .cpuprofile holds durations)");
	if (sk_profile_sample_count(p) > 0 &&
	    sk_profile_timeline_unit(p) == SK_POSITION_NANOSECONDS)
		start = (double)sk_profile_sample_get(p, 0).position / 1000.0;
	else if (sk_profile_meta_const(p)->time_nanos)
		start = (double)sk_profile_meta_const(p)->time_nanos / 1000.0;
	w.hits[SK_ROOT]++;	/* the closing sample */

	sk_output_puts(out, "{\"nodes\":[");
	for (sk_node_id n = 0; n < nodes; n++) {
		if (n)
			sk_output_puts(out, ",\n");
		put_node(&w, out, n);
	}
	end = start;
	for (size_t i = 0; i < w.n; i++)
		end += w.samples[i].us;
	sk_output_puts(out, "],\n\"startTime\":");
	put_number(out, start);
	sk_output_puts(out, ",\"endTime\":");
	put_number(out, end);
	sk_output_puts(out, ",\n\"samples\":[");
	for (size_t i = 0; i < w.n; i++)
		sk_output_printf(out, "%lu,",
				 (unsigned long)w.samples[i].node + 1);
	sk_output_puts(out, "1],\n\"timeDeltas\":[0");
	for (size_t i = 0; i < w.n; i++) {
		sk_output_puts(out, ",");
		put_number(out, w.samples[i].us);
	}
	sk_output_puts(out, "]}\n");
	free(w.samples);
	free(w.hits);
	free(w.script_ids);
	return 0;
}
