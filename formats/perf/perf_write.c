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
 * COMM, PID/TID and CPU come from the sample's thread labels (sk_thread.h),
 * so a perf file comes back with its threads; a sample without them gets
 * the main binary's name (the first mapping, as pprof orders them) or
 * "unknown" as COMM and 0/0, and its stack is never taken for a COMM.
 * Every value type with unit "period" is written as its own event (the
 * default one first), named by the event the value type counts (else by
 * its type), so a multi-event perf file comes back with the same events; a
 * profile without one writes its default value type.  Inlined frames in
 * JIT code are written as perf-map-agent's "caller->callee" chains, other
 * inlined frames with perf's "(inlined)" dso, so both read back inlined.
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
 * A demangled frame is written by its mangled name (its system_name), as
 * `perf script --no-demangle` prints it: C++ parameter lists would not
 * survive FlameGraph's tidying, the mangled name does, and it is
 * demangled again on reading.
 * Times are synthetic when there is no timeline: each sample starts where
 * the previous one ended, its weight taken as nanoseconds; times are kept
 * strictly increasing for speedscope (see write_sample).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"
#include "stackkit/sk_thread.h"

typedef struct writer {
	const sk_profile *p;
	sk_output *out;
	sk_buf anon_comm;	/* COMM of samples without a thread */
	sk_buf line;
	sk_frame_id *stack;
	size_t cap_stack;
	int fractional;
	uint64_t clamped;	/* weights past a period's range */
	uint64_t negative;	/* weights below 0, left out */
	double negative_sum;
	uint64_t rootless;
	int64_t last_time;
} writer;

static void append_clean(sk_buf *b, const char *s, size_t n, int blanks);
static int is_dso_stand_in(const char *name, size_t nl, const char *dso,
			   size_t dl);
static sk_str symbol_of(const sk_profile *p, const sk_frame *f);
static void write_sample(writer *w, sk_node_id node, sk_labelset_id labels,
			 int64_t time, double value, const char *event);
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

/* Does s hold any of the bytes of set?  memchr per byte of set: a name
 * can be megabytes, and most have none of them. */
static int has_any(const char *s, size_t n, const char *set)
{
	for (; *set; set++)
		if (memchr(s, *set, n))
			return 1;
	return 0;
}

/* Copies s, turning line breaks into blanks and, when blanks is set, blanks
 * into '_'. */
static void append_clean(sk_buf *b, const char *s, size_t n, int blanks)
{
	size_t start = b->len;

	sk_buf_append(b, s, n);
	if (!has_any(s, n, blanks ? "\n\r \t" : "\n\r"))
		return;
	for (size_t i = start; i < b->len; i++) {
		char c = b->data[i];

		if (c == '\n' || c == '\r')
			b->data[i] = blanks ? '_' : ' ';
		else if (blanks && (c == ' ' || c == '\t'))
			b->data[i] = '_';
	}
}

/* perf prints a COMM as it is ("V8 WorkerThread"), and the reader takes
 * the shortest COMM followed by blanks and a number: only a blank before a
 * digit (and line breaks and tabs) must change, to '_'. */
static void append_comm(sk_buf *b, const char *s, size_t n)
{
	size_t start = b->len;

	sk_buf_append(b, s, n);
	for (size_t i = start; i < b->len; i++) {
		char c = b->data[i];

		if (c == '\n' || c == '\r' || c == '\t' ||
		    (c == ' ' && (i + 1 == b->len ||
				  (b->data[i + 1] >= '0' &&
				   b->data[i + 1] <= '9') ||
				  b->data[i + 1] == ' ')))
			b->data[i] = '_';
	}
}

/* "COMM PID/TID [CPU] " from the thread labels. */
static void write_thread(writer *w, sk_labelset_id labels)
{
	const sk_profile *p = w->p;
	sk_buf *b = &w->line;
	sk_thread t;
	sk_str name;
	const char *s;
	size_t n;

	sk_profile_labelset_thread(p, labels, &t);
	name = t.thread_comm ? t.thread_comm : t.comm;
	s = name ? sk_profile_str(p, name) : w->anon_comm.data;
	n = name ? sk_profile_str_len(p, name) : w->anon_comm.len;
	/* A COMM must not start a comment line, nor be empty.  (FlameGraph
	 * also drops one-letter COMMs; this reader does not.) */
	if (n == 0 || s[0] == '#')
		sk_buf_append_char(b, '_');
	append_comm(b, s, n);
	if (t.has & SK_THREAD_HAS_PID)
		sk_buf_appendf(b, " %lld/%lld", (long long)t.pid,
			       (long long)(t.has & SK_THREAD_HAS_TID ? t.tid
								   : t.pid));
	else if (t.has & SK_THREAD_HAS_TID)
		sk_buf_appendf(b, " %lld", (long long)t.tid);
	else
		sk_buf_append_cstr(b, " 0/0");
	sk_buf_appendf(b, " [%03lld] ", (long long)(t.has & SK_THREAD_HAS_CPU
						   ? t.cpu : 0));
}

/* Is frame f inlined into JIT code (written as part of a "->" chain)? */
static int jit_inlined(const sk_profile *p, const sk_frame *f)
{
	return f->kind == SK_FRAME_INLINED &&
	       sk_module_kind(sk_profile_str(p, f->module),
			      sk_profile_str_len(p, f->module)) == SK_FRAME_JIT;
}

/* The frame's mangled name when it was demangled (see the top), else
 * its name. */
static sk_str symbol_of(const sk_profile *p, const sk_frame *f)
{
	const char *s = sk_profile_str(p, f->system_name);

	if (f->system_name && s[0] == '_' &&
	    (s[1] == 'Z' || s[1] == 'R' ||
	     (s[1] == '_' && (s[2] == 'Z' || s[2] == 'R'))))
		return f->system_name;
	return f->name;
}

/* One frame line, leaf first; frames j0 < ... < j1 (root first) of a Java
 * inline chain share it, the caller first. */
static void write_frame(writer *w, size_t j0, size_t j1)
{
	const sk_profile *p = w->p;
	const sk_frame *f = sk_profile_frame_get(p, w->stack[j0]);
	const char *name = sk_profile_str(p, f->name);
	size_t nl = sk_profile_str_len(p, f->name);
	const char *mod = sk_profile_str(p, f->module);
	size_t ml = sk_profile_str_len(p, f->module);
	sk_buf *b = &w->line;
	size_t k = 0;

	while (k < nl && (name[k] == ' ' || name[k] == '\t'))
		k++;
	sk_buf_appendf(b, "\t%16llx ", (unsigned long long)f->address);
	if (j0 == j1 && is_dso_stand_in(name, nl, mod, ml)) {
		/* FlameGraph's "[DSO basename]" for an unknown symbol:
		 * written as perf prints it, so it comes back the same (the
		 * dso verbatim: this reader takes dsos with blanks,
		 * FlameGraph never could). */
		sk_buf_append_cstr(b, "[unknown] (");
		append_clean(b, mod, ml, 0);
		sk_buf_append(b, ")\n", 2);
		return;
	}
	if (nl && k == nl && j0 == j1) {
		/* A blank name, as FlameGraph makes of "ADDR  (DSO)" lines:
		 * written the same way to come back the same. */
		sk_buf_append_cstr(b, " (");
	} else {
		for (size_t j = j0; j <= j1; j++) {
			const sk_frame *g = sk_profile_frame_get(p, w->stack[j]);

			if (j > j0)
				sk_buf_append(b, "->", 2);
			sk_str sym = symbol_of(p, g);

			if (sym)
				append_clean(b, sk_profile_str(p, sym),
					     sk_profile_str_len(p, sym), 0);
			else
				sk_buf_append_cstr(b, "[unknown]");
		}
		sk_buf_append_cstr(b, "+0x0 (");
	}
	if (f->kind == SK_FRAME_INLINED && j0 == j1)
		sk_buf_append_cstr(b, "inlined");
	else if (ml)
		append_clean(b, mod, ml, 1);
	else
		sk_buf_append_cstr(b, "[unknown]");
	sk_buf_append(b, ")\n", 2);
}

static void write_sample(writer *w, sk_node_id node, sk_labelset_id labels,
			 int64_t time, double value, const char *event)
{
	const sk_profile *p = w->p;
	uint32_t depth = sk_profile_node_depth(p, node);
	long long period;
	sk_buf *b = &w->line;
	sk_thread t;

	if (value < 0) {
		w->negative++;	/* a perf sample cannot weigh less than 0 */
		w->negative_sum += value;
		return;
	}
	if (!(value > 0))
		return;
	/* A record without frames is still a sample of its thread (perf
	 * prints a header alone when it could not unwind). */
	if (depth == 0 && !sk_profile_labelset_thread(p, labels, &t)) {
		w->rootless++;
		return;
	}
	/* value > 0 here; no libm for one rounding. */
	period = value < 9.2e18 ? (long long)(value + 0.5) : LLONG_MAX;
	if (period == LLONG_MAX)
		w->clamped++;
	else if ((double)period != value)
		w->fractional = 1;
	if (period < 1)
		period = 1;
	/* speedscope weighs a sample by the time to its neighbours, so two
	 * samples at one time would weigh nothing: keep times strictly
	 * increasing. */
	if (time <= w->last_time)
		time = w->last_time + 1;
	w->last_time = time;
	sk_xgrow((void **)&w->stack, &w->cap_stack, depth + 1,
		 sizeof(*w->stack));
	sk_profile_node_stack(p, node, w->stack);
	sk_buf_reset(b);
	write_thread(w, labels);
	sk_buf_appendf(b, "%lld.%09lld: %lld ",
		       (long long)(time / 1000000000),
		       (long long)(time % 1000000000), period);
	append_clean(b, event, strlen(event), 1);
	sk_buf_append(b, ":\n", 2);
	for (size_t j = depth; j-- > 0;) {
		size_t j0 = j;

		/* A JIT inline chain ends at the frame it is inlined into. */
		while (j0 > 0 && jit_inlined(p, sk_profile_frame_get(
						     p, w->stack[j0])))
			j0--;
		write_frame(w, j0, j);
		j = j0;
		/* Streamed, so a deep stack of long names never sits in
		 * memory whole. */
		if (b->len >= 1 << 16) {
			sk_output_write(w->out, b->data, b->len);
			sk_buf_reset(b);
		}
	}
	sk_buf_append_char(b, '\n');
	sk_output_write(w->out, b->data, b->len);
}

/* COMM for samples without a thread: the main binary's base name. */
static void anonymous_comm(const sk_profile *p, sk_buf *out)
{
	const sk_mapping *m = sk_profile_mapping_count(p)
		? sk_profile_mapping(p, 1) : NULL;
	const char *file = m ? sk_profile_str(p, m->file) : "";
	const char *slash = strrchr(file, '/');

	sk_buf_append_cstr(out, slash ? slash + 1 : file);
	if (out->len == 0)
		sk_buf_append_cstr(out, SK_THREAD_UNKNOWN_COMM);
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

/* The event a value type counts; else its type, and a plain sample count
 * is perf's default software event. */
static void event_name(const sk_profile *p, size_t t, sk_buf *out)
{
	sk_value_type vt = sk_profile_value_type_get(p, t);
	const char *type = sk_profile_str(p, vt.type);

	sk_buf_reset(out);
	if (vt.event)
		sk_buf_append_cstr(out, sk_profile_str(p, vt.event));
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
	anonymous_comm(p, &w.anon_comm);
	n_ev = event_types(p, types);
	if (sk_profile_sample_count(p) > 0) {
		size_t ns = sk_profile_sample_count(p);

		for (i = 0; i < ns; i++) {
			sk_sample s = sk_profile_sample_get(p, i);
			const double *v = sk_profile_sample_values(p, i);

			for (e = 0; e < n_ev; e++) {
				event_name(p, types[e], &ev);
				write_sample(&w, s.node, s.labels, s.position,
					     v[types[e]], ev.data);
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

				write_sample(&w, r.node, r.labels, time, v,
					     ev.data);
				/* saturating: no signed overflow however
				 * many huge weights come */
				if (v > 0 && v < 9e15)
					time = time > INT64_MAX - (int64_t)(v + 0.5)
					       ? INT64_MAX : time + (int64_t)(v + 0.5);
			}
		}
	}
	if (w.fractional)
		sk_warn(ctx, "perf output: fractional weights rounded to "
			"whole periods");
	if (w.negative) {
		sk_buf_reset(&ev);
		sk_buf_append_value(&ev, w.negative_sum);
		sk_warn(ctx, "perf output: %llu negative weight%s (summing to "
			"%s) left out: a perf sample's period cannot be negative",
			(unsigned long long)w.negative,
			w.negative == 1 ? "" : "s", ev.data);
	}
	if (w.clamped)
		sk_warn(ctx, "perf output: %llu weight%s over 9.2e18 written "
			"as the largest period, %lld",
			(unsigned long long)w.clamped, w.clamped == 1 ? "" : "s",
			LLONG_MAX);
	if (w.rootless)
		sk_warn(ctx, "perf output: %llu weight%s of the empty stack "
			"without a thread left out (a perf sample needs a frame "
			"or a command name)",
			(unsigned long long)w.rootless,
			w.rootless == 1 ? "" : "s");
	sk_buf_free(&w.line);
	sk_buf_free(&w.anon_comm);
	sk_buf_free(&ev);
	free(w.stack);
	free(types);
	return 0;
}
