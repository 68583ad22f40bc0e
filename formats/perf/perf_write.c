/*
 * perf_write.c - writes any profile as `perf script` text.
 *
 * Each record becomes one perf sample (one per timeline sample when the
 * profile has a timeline), its weight as the period:
 *
 *     COMM 0/0 [000] SECONDS.NANOS: PERIOD EVENT:
 *     \t    ADDR SYMBOL+0x0 (DSO)
 *     ...
 *     (blank line)
 *
 * The root frame is the COMM, as stackcollapse-perf.pl and this reader
 * prepend the COMM to every stack; speedscope instead makes one profile per
 * COMM, so there the stacks appear without their root.  PID/TID 0/0 makes
 * speedscope name its profiles by the COMM alone.  Every value type with
 * unit "period" is written as its own event (the default one first), so a
 * multi-event perf file comes back with the same events; a profile without
 * one writes its default value type.
 *
 * What the readers do to names decides the escaping: a symbol always gets
 * a "+0x0" offset, because both FlameGraph and speedscope strip one
 * trailing "+0xHEX" and a name that itself ends so ("foo+0x1f") would lose
 * it; blanks in COMM, EVENT and DSO become '_' (FlameGraph turns COMM
 * blanks into '_' anyway, and its dso pattern takes no blank); line breaks
 * become blanks.  FlameGraph's "[DSO]" stand-in for an unknown symbol is
 * written back as "[unknown] (DSO)".  Names this reader made come back the
 * same (its tidying is idempotent); names from other formats lose what
 * FlameGraph's tidying removes: a leading '(' (skipped as a process
 * placeholder), everything from an argument-list '(', ';' and quotes.
 * Times are synthetic when there is no timeline: each sample starts where
 * the previous one ended, its weight taken as nanoseconds; times are kept
 * strictly increasing for speedscope (see write_sample).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

typedef struct writer {
	const sk_profile *p;
	sk_output *out;
	sk_buf line;
	sk_frame_id *stack;
	size_t cap_stack;
	int fractional;
	uint64_t rootless;
	int64_t last_time;
} writer;

static void append_clean(sk_buf *b, const char *s, size_t n, int blanks);
static int is_dso_stand_in(const char *name, size_t nl, const char *dso,
			   size_t dl);
static void write_sample(writer *w, sk_node_id node, int64_t time,
			 double value, const char *event);
static size_t event_types(const sk_profile *p, size_t *types);
static void event_name(const sk_profile *p, size_t t, sk_buf *out);

/* Is name "[" + the basename of dso + "]"? */
static int is_dso_stand_in(const char *name, size_t nl, const char *dso,
			   size_t dl)
{
	const char *base = dso;
	size_t bl = dl;

	if (dl == 0 || nl < 3 || name[0] != '[' || name[nl - 1] != ']' ||
	    (dl == 9 && memcmp(dso, "[unknown]", 9) == 0))
		return 0;
	for (size_t i = dl; i > 0; i--) {
		if (dso[i - 1] == '/') {
			base = dso + i;
			bl = dl - i;
			break;
		}
	}
	return nl == bl + 2 && memcmp(name + 1, base, bl) == 0;
}

/* Copies s, turning line breaks into blanks and, when blanks is set, blanks
 * into '_'. */
static void append_clean(sk_buf *b, const char *s, size_t n, int blanks)
{
	size_t start = b->len;

	sk_buf_append(b, s, n);
	for (size_t i = start; i < b->len; i++) {
		char c = b->data[i];

		if (c == '\n' || c == '\r')
			b->data[i] = blanks ? '_' : ' ';
		else if (blanks && (c == ' ' || c == '\t'))
			b->data[i] = '_';
	}
}

static void write_sample(writer *w, sk_node_id node, int64_t time,
			 double value, const char *event)
{
	const sk_profile *p = w->p;
	uint32_t depth = sk_profile_node_depth(p, node);
	long long period;
	sk_buf *b = &w->line;
	const sk_frame *root;

	if (!(value > 0))
		return;
	if (depth == 0) {
		w->rootless++;
		return;
	}
	/* value > 0 here; no libm for one rounding. */
	period = value < 9.2e18 ? (long long)(value + 0.5) : LLONG_MAX;
	if ((double)period != value)
		w->fractional = 1;
	if (period < 1)
		period = 1;
	/* speedscope weighs a sample by the time to its neighbours, so two
	 * samples at one time (two threads, which this output cannot tell
	 * apart) would weigh nothing: keep times strictly increasing. */
	if (time <= w->last_time)
		time = w->last_time + 1;
	w->last_time = time;
	sk_xgrow((void **)&w->stack, &w->cap_stack, depth, sizeof(*w->stack));
	sk_profile_node_stack(p, node, w->stack);
	root = sk_profile_frame_get(p, w->stack[0]);
	sk_buf_reset(b);
	/* A COMM must not start a comment line, nor be empty.  (FlameGraph
	 * also drops one-letter COMMs; this reader does not.) */
	if (sk_profile_str_len(p, root->name) == 0 ||
	    sk_profile_str(p, root->name)[0] == '#')
		sk_buf_append_char(b, '_');
	append_clean(b, sk_profile_str(p, root->name),
		     sk_profile_str_len(p, root->name), 1);
	sk_buf_appendf(b, " 0/0 [000] %lld.%09lld: %lld ",
		       (long long)(time / 1000000000),
		       (long long)(time % 1000000000), period);
	append_clean(b, event, strlen(event), 1);
	sk_buf_append(b, ":\n", 2);
	for (uint32_t j = depth; j-- > 1;) {
		const sk_frame *f = sk_profile_frame_get(p, w->stack[j]);
		const char *name = sk_profile_str(p, f->name);
		size_t nl = sk_profile_str_len(p, f->name);
		size_t ml = sk_profile_str_len(p, f->module);
		size_t k = 0;

		while (k < nl && (name[k] == ' ' || name[k] == '\t'))
			k++;
		sk_buf_appendf(b, "\t%16llx ", (unsigned long long)f->address);
		if (is_dso_stand_in(name, nl, sk_profile_str(p, f->module),
				    ml)) {
			/* FlameGraph's "[DSO basename]" for an unknown symbol:
			 * written as perf prints it, so it comes back the
			 * same (the dso verbatim: this reader takes dsos with
			 * blanks, FlameGraph never could). */
			sk_buf_append_cstr(b, "[unknown] (");
			append_clean(b, sk_profile_str(p, f->module), ml, 0);
			sk_buf_append(b, ")\n", 2);
			continue;
		}
		if (nl && k == nl) {
			/* A blank name, as FlameGraph makes of "ADDR  (DSO)"
			 * lines: written the same way to come back the same. */
			sk_buf_append_cstr(b, " (");
		} else {
			if (nl)
				append_clean(b, name, nl, 0);
			else
				sk_buf_append_cstr(b, "[unknown]");
			sk_buf_append_cstr(b, "+0x0 (");
		}
		if (ml)
			append_clean(b, sk_profile_str(p, f->module), ml, 1);
		else
			sk_buf_append_cstr(b, "[unknown]");
		sk_buf_append(b, ")\n", 2);
	}
	sk_buf_append_char(b, '\n');
	sk_output_write(w->out, b->data, b->len);
}

/* The value types written as events: those with unit "period", the default
 * first; else the default alone. */
static size_t event_types(const sk_profile *p, size_t *types)
{
	size_t n = 0, nt = sk_profile_value_type_count(p);
	size_t def = sk_profile_default_value_type(p);

	if (nt == 0)
		return 0;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t t = 0; t < nt; t++) {
			sk_value_type vt = sk_profile_value_type_get(p, t);

			if ((t == def) != (pass == 0))
				continue;
			if (strcmp(sk_profile_str(p, vt.unit), "period") == 0)
				types[n++] = t;
		}
	}
	if (n == 0)
		types[n++] = def;
	return n;
}

/* "cycles/period" -> cycles; "samples:cycles/count" -> cycles; other
 * types keep their name, and a plain sample count is perf's default
 * software event. */
static void event_name(const sk_profile *p, size_t t, sk_buf *out)
{
	sk_value_type vt = sk_profile_value_type_get(p, t);
	const char *type = sk_profile_str(p, vt.type);

	sk_buf_reset(out);
	if (strncmp(type, "samples:", 8) == 0 && type[8])
		sk_buf_append_cstr(out, type + 8);
	else if (strcmp(type, "samples") == 0 || !*type)
		sk_buf_append_cstr(out, "cpu-clock");
	else
		sk_buf_append_cstr(out, type);
}

int perf_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	       sk_error *err)
{
	writer w;
	size_t nt = sk_profile_value_type_count(p), n_ev, e, i;
	size_t *types = sk_xcalloc(nt + 1, sizeof(*types));
	sk_buf ev = SK_BUF_INIT;

	(void)err;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.out = out;
	w.last_time = -1;
	n_ev = event_types(p, types);
	if (sk_profile_sample_count(p) > 0) {
		size_t ns = sk_profile_sample_count(p);

		for (i = 0; i < ns; i++) {
			sk_sample s = sk_profile_sample_get(p, i);
			const double *v = sk_profile_sample_values(p, i);

			for (e = 0; e < n_ev; e++) {
				event_name(p, types[e], &ev);
				write_sample(&w, s.node, s.time, v[types[e]],
					     ev.data);
			}
		}
	} else {
		size_t nr = sk_profile_record_count(p);
		int64_t time = 0;

		for (e = 0; e < n_ev; e++) {
			event_name(p, types[e], &ev);
			for (i = 0; i < nr; i++) {
				sk_record r = sk_profile_record_get(p, i);
				double v = sk_profile_record_values(p, i)[types[e]];

				write_sample(&w, r.node, time, v, ev.data);
				if (v > 0 && v < 9e15)
					time += (int64_t)(v + 0.5);
			}
		}
	}
	if (w.fractional)
		sk_warn(ctx, "perf output: fractional weights rounded to "
			"whole periods");
	if (w.rootless)
		sk_warn(ctx, "perf output: %llu weight%s of the empty stack "
			"left out (perf samples need a command name)",
			(unsigned long long)w.rootless,
			w.rootless == 1 ? "" : "s");
	sk_buf_free(&w.line);
	sk_buf_free(&ev);
	free(w.stack);
	free(types);
	return 0;
}
