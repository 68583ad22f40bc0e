/*
 * top.c - `go tool pprof -top`'s table as a writer: the functions of the
 * default value type, heaviest first, with flat, flat%, sum%, cum and cum%.
 *
 * The rules are pprof's (internal/report and internal/measurement of
 * google/pprof), so the numbers equal `go tool pprof -top -nodefraction=0
 * -edgefraction=0` on the same profile:
 *   - functions are grouped by name (pprof's default granularity), here
 *     the frame label of --frame-format; threads are labels, not rows;
 *   - flat is the weight of stacks ending in the function, cum the weight
 *     of stacks holding it, counted once per stack however often it
 *     recurses; stacks of weight 0 add nothing, not even a row;
 *   - the total is every record's absolute weight, including the root's
 *     own (pprof samples without locations), so those show in the
 *     percentages without a row;
 *   - one unit for every number, picked from the smallest row and the
 *     total (selectOutputUnit); "(inline)" after a function that is only
 *     ever reached as an inlined frame, "(partial-inline)" when some of
 *     its callers inline it.
 * Columns widen past pprof's 10 characters when a number needs it, so the
 * table stays aligned for a terminal.  Filters (sk_filter.h) run before
 * the writer: percentages are then of the filtered total, as pprof's
 * -relative_percentages gives them.
 */
#include "lib/sk_format_author.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct top_fn {
	int64_t flat, cum;
	size_t seen;		/* record index + 1 that last added to cum */
	unsigned inline_in, plain_in;	/* incoming edges of each kind */
	int present;		/* some stack of weight != 0 holds it */
	int kept;		/* among the rows shown */
};

struct top_edge {
	uint32_t from, to;
	int inline_only;	/* inlined in every stack that has it */
};

struct top {
	const sk_profile *p;
	size_t type;
	const char *frame_format;
	sk_strtab names;	/* frame label -> function id */
	uint32_t *frame_fn;	/* per frame: function id + 1, 0 = unknown */
	struct top_fn *fns;
	size_t fns_cap;
	uint32_t *order;	/* the rows, sorted */
	size_t nrows;
	int by_cum;
	int64_t total;
	char sample_unit[64];
	char out_unit[64];
};

/* ---- pprof's measurement rules ---------------------------------------- */

struct unit_def {
	const char *name;
	const char *aliases[4];
	double factor;
};

struct unit_kind {
	const struct unit_def *dflt;
	const struct unit_def *units;
	size_t n;
};

static const struct unit_def memory_units[] = {
	{ "B", { "b", "byte" }, 1 },
	{ "kB", { "kb", "kbyte", "kilobyte" }, 1024.0 },
	{ "MB", { "mb", "mbyte", "megabyte" }, 1048576.0 },
	{ "GB", { "gb", "gbyte", "gigabyte" }, 1073741824.0 },
	{ "TB", { "tb", "tbyte", "terabyte" }, 1099511627776.0 },
	{ "PB", { "pb", "pbyte", "petabyte" }, 1125899906842624.0 },
};
static const struct unit_def time_units[] = {
	{ "ns", { "ns", "nanosecond" }, 1 },
	{ "us", { "\xce\xbcs", "us", "microsecond" }, 1e3 },
	{ "ms", { "ms", "millisecond" }, 1e6 },
	{ "s", { "s", "sec", "second" }, 1e9 },
	{ "hrs", { "hour", "hr" }, 3600e9 },
};
static const struct unit_def time_default = { "s", { NULL }, 1e9 };
static const struct unit_def gcu_units[] = {
	{ "n*GCU", { "nanogcu" }, 1e-9 },
	{ "u*GCU", { "microgcu" }, 1e-6 },
	{ "m*GCU", { "milligcu" }, 1e-3 },
	{ "GCU", { "gcu" }, 1 },
	{ "k*GCU", { "kilogcu" }, 1e3 },
	{ "M*GCU", { "megagcu" }, 1e6 },
	{ "G*GCU", { "gigagcu" }, 1e9 },
	{ "T*GCU", { "teragcu" }, 1e12 },
	{ "P*GCU", { "petagcu" }, 1e15 },
};
static const struct unit_def gcu_default = { "GCU", { NULL }, 1 };

static const struct unit_kind unit_kinds[] = {
	{ &memory_units[0], memory_units,
	  sizeof memory_units / sizeof memory_units[0] },
	{ &time_default, time_units, sizeof time_units / sizeof time_units[0] },
	{ &gcu_default, gcu_units, sizeof gcu_units / sizeof gcu_units[0] },
};

/* pprof's sniffUnit: lower case, a plural 's' dropped past two letters. */
static const struct unit_def *sniff_unit(const struct unit_kind *k,
					 const char *unit)
{
	char low[64];
	size_t n = strlen(unit), i, a;

	if (n >= sizeof low)
		return NULL;
	for (i = 0; i < n; i++)
		low[i] = (char)(unit[i] >= 'A' && unit[i] <= 'Z' ? unit[i] + 32
								 : unit[i]);
	low[n] = '\0';
	if (n > 2 && low[n - 1] == 's')
		low[--n] = '\0';
	for (i = 0; i < k->n; i++)
		for (a = 0; a < 4 && k->units[i].aliases[a]; a++)
			if (strcmp(low, k->units[i].aliases[a]) == 0)
				return &k->units[i];
	return NULL;
}

/* pprof's measurement.Scale: value in `from` as a number of `to` (or of
 * the best unit for "minimum"/"auto"); the unit written into out, "" when
 * not worth printing. */
static double scale(int64_t value, const char *from, const char *to,
		    char *out, size_t cap)
{
	size_t i, k;

	if (value < 0 && -value > 0)
		return -scale(-value, from, to, out, cap);
	for (k = 0; k < sizeof unit_kinds / sizeof unit_kinds[0]; k++) {
		const struct unit_kind *kind = &unit_kinds[k];
		const struct unit_def *f = sniff_unit(kind, from), *t;
		double v, best = 0;

		if (!f)
			continue;
		v = (double)value * f->factor;
		if (strcmp(to, "minimum") == 0 || strcmp(to, "auto") == 0) {
			t = NULL;
			for (i = 0; i < kind->n; i++)
				if (kind->units[i].factor >= best &&
				    v / kind->units[i].factor >= 1.0) {
					best = kind->units[i].factor;
					t = &kind->units[i];
				}
			if (!t)
				t = kind->dflt;
		} else if (!(t = sniff_unit(kind, to))) {
			t = kind->dflt;
		}
		snprintf(out, cap, "%s", t->name);
		return v / t->factor;
	}
	if (!strcmp(to, "count") || !strcmp(to, "sample") ||
	    !strcmp(to, "unit") || !strcmp(to, "minimum") ||
	    !strcmp(to, "auto"))
		snprintf(out, cap, "%s", "");
	else
		snprintf(out, cap, "%s", to);
	return (double)value;
}

/* measurement.ScaledLabel: "%.2f" less a ".00", then the unit. */
static void scaled_label(int64_t value, const char *from, const char *to,
			 sk_buf *out)
{
	char unit[64], num[64];
	double v = scale(value, from, to, unit, sizeof unit);
	size_t n;

	snprintf(num, sizeof num, "%.2f", v);
	n = strlen(num);
	if (n > 3 && strcmp(num + n - 3, ".00") == 0)
		num[n - 3] = '\0';
	if (strcmp(num, "0") == 0 || strcmp(num, "-0") == 0) {
		sk_buf_append_char(out, '0');
		return;
	}
	sk_buf_appendf(out, "%s%s", num, unit);
}

/* measurement.Percentage, six characters wide as pprof prints it. */
static void percentage(int64_t value, int64_t total, sk_buf *out)
{
	double ratio = total ? fabs((double)value / (double)total) * 100 : 0;

	if (ratio >= 99.95 && ratio <= 100.05)
		sk_buf_append_cstr(out, "  100%");
	else if (ratio >= 1.0)
		sk_buf_appendf(out, "%5.2f%%", ratio);
	else
		sk_buf_appendf(out, "%5.2g%%", ratio);
}

static void format_value(const struct top *t, int64_t v, sk_buf *out)
{
	scaled_label(v, t->sample_unit, t->out_unit, out);
}

/* selectOutputUnit: the unit of the smallest row, one step up when the
 * total would otherwise print with more than three digits before it. */
static void pick_output_unit(struct top *t)
{
	int64_t min = 0, max = t->total, v;
	char min_unit[64], max_unit[64];
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const struct top_fn *f = &t->fns[t->order[i]];
		v = llabs(f->flat) ? llabs(f->flat) : llabs(f->cum);
		if (v > 0 && (min == 0 || v < min))
			min = v;
	}
	if (min == 0)
		min = max;
	scale(min, t->sample_unit, "minimum", min_unit, sizeof min_unit);
	scale(max, t->sample_unit, "minimum", max_unit, sizeof max_unit);
	if (strcmp(min_unit, max_unit) != 0 && min * 100 < max)
		scale(100 * min, t->sample_unit, "minimum", min_unit,
		      sizeof min_unit);
	snprintf(t->out_unit, sizeof t->out_unit, "%s",
		 *min_unit ? min_unit : t->sample_unit);
}

/* ---- aggregation ------------------------------------------------------- */

static uint32_t function_of(struct top *t, sk_frame_id f, sk_buf *scratch)
{
	uint32_t id;

	if (t->frame_fn[f])
		return t->frame_fn[f] - 1;
	sk_buf_reset(scratch);
	sk_frame_label((void *)t->frame_format, t->p, f, scratch);
	id = sk_strtab_intern(&t->names, scratch->data ? scratch->data : "",
			      scratch->len);
	if (id >= t->fns_cap) {
		size_t old = t->fns_cap;
		sk_xgrow((void **)&t->fns, &t->fns_cap, id + 1, sizeof *t->fns);
		memset(t->fns + old, 0, (t->fns_cap - old) * sizeof *t->fns);
	}
	t->frame_fn[f] = id + 1;
	return id;
}

static const char *fn_name(const struct top *t, uint32_t id, size_t *len)
{
	*len = t->names.lens[id];
	return t->names.ptrs[id];
}

static int64_t weight_of(const struct top *t, size_t record)
{
	return (int64_t)llround(sk_profile_record_values(t->p, record)[t->type]);
}

/* Flat and cum of every function, and the total. */
static void sum_records(struct top *t, sk_buf *scratch)
{
	size_t r, n = sk_profile_record_count(t->p);

	for (r = 0; r < n; r++) {
		sk_node_id node = sk_profile_record_get(t->p, r).node;
		int64_t w = weight_of(t, r);
		int leaf = 1;

		t->total += llabs(w);
		if (w == 0)
			continue;
		for (; node != SK_ROOT; node = sk_profile_node_parent(t->p, node)) {
			uint32_t id = function_of(t, sk_profile_node_frame(t->p, node),
						  scratch);
			struct top_fn *fn = &t->fns[id];

			if (leaf)
				fn->flat += w;
			leaf = 0;
			fn->present = 1;
			if (fn->seen != r + 1) {
				fn->seen = r + 1;
				fn->cum += w;
			}
		}
	}
}

/* The edges between shown functions, as pprof's graph builds them from
 * the shown nodes: caller to callee over the hidden ones, inline when the
 * callee's frame is an inlined one in every stack; then each function's
 * count of inline and plain callers. */
static void count_edges(struct top *t)
{
	size_t r, n = sk_profile_record_count(t->p), i, cap = 0;
	struct top_edge *edges = NULL;
	sk_strtab index;
	uint32_t key[2];

	sk_strtab_init(&index);
	for (r = 0; r < n; r++) {
		sk_node_id node = sk_profile_record_get(t->p, r).node;
		uint32_t callee = UINT32_MAX;
		int callee_inline = 0;

		if (weight_of(t, r) == 0)
			continue;
		/* leaf to root: each shown function is the caller of the
		 * shown function met before it */
		for (; node != SK_ROOT; node = sk_profile_node_parent(t->p, node)) {
			sk_frame_id f = sk_profile_node_frame(t->p, node);
			uint32_t id = t->frame_fn[f] - 1;
			int added;

			if (!t->fns[id].kept)
				continue;
			if (callee != UINT32_MAX && callee != id) {
				key[0] = id;
				key[1] = callee;
				i = sk_strtab_index(&index, key, sizeof key, &added);
				sk_xgrow((void **)&edges, &cap, i + 1, sizeof *edges);
				if (added)
					edges[i] = (struct top_edge){ id, callee, 1 };
				if (!callee_inline)
					edges[i].inline_only = 0;
			}
			callee = id;
			callee_inline = sk_profile_frame_get(t->p, f)->kind ==
					SK_FRAME_INLINED;
		}
	}
	for (i = 0; i < sk_strtab_count(&index); i++) {
		if (edges[i].inline_only)
			t->fns[edges[i].to].inline_in++;
		else
			t->fns[edges[i].to].plain_in++;
	}
	free(edges);
	sk_strtab_free(&index);
}

/* ---- the table ---------------------------------------------------------- */

/* FlatNameOrder and CumNameOrder of pprof's graph package. */
static int row_cmp(const void *a, const void *b, void *arg)
{
	const struct top *t = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct top_fn *l = &t->fns[x], *r = &t->fns[y];
	int64_t lk = t->by_cum ? llabs(l->cum) : llabs(l->flat);
	int64_t rk = t->by_cum ? llabs(r->cum) : llabs(r->flat);
	int64_t l2 = t->by_cum ? llabs(l->flat) : llabs(l->cum);
	int64_t r2 = t->by_cum ? llabs(r->flat) : llabs(r->cum);
	size_t ln, rn;
	const char *ls = fn_name(t, x, &ln), *rs = fn_name(t, y, &rn);
	int c;

	if (lk != rk)
		return lk > rk ? -1 : 1;
	c = memcmp(ls, rs, ln < rn ? ln : rn);
	if (c || ln != rn)
		return c ? c : (ln < rn ? -1 : 1);
	if (l2 != r2)
		return l2 > r2 ? -1 : 1;
	return 0;
}

/* The rows in order, the first `nodecount` of them kept. */
static size_t sort_rows(struct top *t, size_t nodecount)
{
	size_t i, all = 0;

	t->order = sk_xcalloc(t->fns_cap + 1, sizeof *t->order);
	for (i = 0; i < t->fns_cap; i++)
		if (t->fns[i].present)
			t->order[all++] = (uint32_t)i;
	if (all)
		qsort_r(t->order, all, sizeof *t->order, row_cmp, t);
	t->nrows = nodecount && nodecount < all ? nodecount : all;
	for (i = 0; i < t->nrows; i++)
		t->fns[t->order[i]].kept = 1;
	return all;
}

/* "Jan 2, 2006 at 3:04pm (MST)" in local time, as pprof prints it. */
static void append_time(sk_buf *b, int64_t nanos)
{
	time_t secs = (time_t)(nanos / 1000000000 -
			       (nanos % 1000000000 < 0 ? 1 : 0));
	struct tm tm;
	char month[16], zone[64];

	if (!localtime_r(&secs, &tm) ||
	    !strftime(month, sizeof month, "%b", &tm) ||
	    !strftime(zone, sizeof zone, "%Z", &tm))
		return;
	sk_buf_appendf(b, "%s %d, %d at %d:%02d%s (%s)", month, tm.tm_mday,
		       tm.tm_year + 1900, tm.tm_hour % 12 ? tm.tm_hour % 12 : 12,
		       tm.tm_min, tm.tm_hour < 12 ? "am" : "pm", zone);
}

/* ProfileLabels and reportLabels: what the table is of. */
static void header(struct top *t, size_t all, sk_buf *b)
{
	const sk_profile *p = t->p;
	const sk_meta *m = sk_profile_meta_const(p);
	sk_value_type vt = sk_profile_value_type_get(p, t->type);
	int64_t flat_sum = 0;
	size_t i;

	if (sk_profile_mapping_count(p) > 0) {
		const sk_mapping *mp = sk_profile_mapping(p, 1);
		const char *file = sk_profile_str(p, mp->file);
		const char *base = strrchr(file, '/');

		if (*file)
			sk_buf_appendf(b, "File: %s\n", base ? base + 1 : file);
		if (mp->build_id)
			sk_buf_appendf(b, "Build ID: %s\n",
				       sk_profile_str(p, mp->build_id));
	}
	for (i = 0; i < sk_profile_comment_count(p); i++) {
		const char *c = sk_profile_str(p, sk_profile_comment(p, i));
		if (c[0] != '#')
			sk_buf_appendf(b, "%s\n", c);
	}
	if (vt.type)
		sk_buf_appendf(b, "Type: %s\n", sk_profile_str(p, vt.type));
	if (m->time_nanos) {
		sk_buf_append_cstr(b, "Time: ");
		append_time(b, m->time_nanos);
		sk_buf_append_char(b, '\n');
	}
	if (m->duration_nanos) {
		char unit[64];
		double ns = scale(t->total, t->sample_unit, "nanoseconds", unit,
				  sizeof unit);

		sk_buf_append_cstr(b, "Duration: ");
		scaled_label(m->duration_nanos, "nanoseconds", "auto", b);
		sk_buf_append_cstr(b, ", Total samples = ");
		format_value(t, t->total, b);
		sk_buf_append_char(b, ' ');
		if (strcmp(unit, "ns") == 0 && (int64_t)ns != 0) {
			sk_buf_append_char(b, '(');
			percentage((int64_t)ns, m->duration_nanos, b);
			sk_buf_append_char(b, ')');
		}
		sk_buf_append_char(b, '\n');
	}
	for (i = 0; i < t->nrows; i++)
		flat_sum += t->fns[t->order[i]].flat;
	sk_buf_append_cstr(b, "Showing nodes accounting for ");
	format_value(t, flat_sum, b);
	sk_buf_append_cstr(b, ", ");
	{
		sk_buf pct = SK_BUF_INIT;
		const char *s;

		percentage(flat_sum, t->total, &pct);
		for (s = pct.data; *s == ' '; s++)
			;
		sk_buf_append_cstr(b, s);
		sk_buf_free(&pct);
	}
	sk_buf_append_cstr(b, " of ");
	format_value(t, t->total, b);
	sk_buf_append_cstr(b, " total\n");
	if (t->total && t->nrows > 0 && t->nrows < all)
		sk_buf_appendf(b, "Showing top %zu nodes out of %zu\n",
			       t->nrows, all);
}

static const char *inline_mark(const struct top_fn *f)
{
	if (!f->inline_in)
		return "";
	return f->plain_in ? " (partial-inline)" : " (inline)";
}

/* The rows, flat and cum right-aligned in columns of pprof's width or
 * wider. */
static void rows(struct top *t, sk_buf *b)
{
	sk_buf *flat = sk_xcalloc(t->nrows + 1, sizeof *flat);
	sk_buf *cum = sk_xcalloc(t->nrows + 1, sizeof *cum);
	int fw = 10, cw = 10;
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const struct top_fn *f = &t->fns[t->order[i]];
		format_value(t, f->flat, &flat[i]);
		format_value(t, f->cum, &cum[i]);
		if ((int)flat[i].len > fw)
			fw = (int)flat[i].len;
		if ((int)cum[i].len > cw)
			cw = (int)cum[i].len;
	}
	sk_buf_appendf(b, "%*s %5s%% %5s%% %*s %5s%%\n", fw, "flat", "flat",
		       "sum", cw, "cum", "cum");
	for (i = 0; i < t->nrows; i++) {
		const struct top_fn *f = &t->fns[t->order[i]];
		size_t len;
		const char *name = fn_name(t, t->order[i], &len);

		sum += f->flat;
		sk_buf_appendf(b, "%*s ", fw, flat[i].data);
		percentage(f->flat, t->total, b);
		sk_buf_append_char(b, ' ');
		percentage(sum, t->total, b);
		sk_buf_appendf(b, " %*s ", cw, cum[i].data);
		percentage(f->cum, t->total, b);
		sk_buf_append_cstr(b, "  ");
		sk_buf_append(b, name, len);
		sk_buf_appendf(b, "%s\n", inline_mark(f));
		sk_buf_free(&flat[i]);
		sk_buf_free(&cum[i]);
	}
	free(flat);
	free(cum);
}

static int parse_nodecount(const sk_context *ctx, size_t *out, sk_error *err)
{
	const char *s = sk_options_get(ctx->options, "nodecount");
	char *end;
	unsigned long long v;

	*out = 0;
	if (!s)
		return 0;
	v = strtoull(s, &end, 10);
	if (end == s || *end || *s == '-')
		return sk_error_set(err, "--nodecount: '%s' is not a number "
				    "of rows (0 for all)", s);
	*out = (size_t)v;
	return 0;
}

static int top_write(const sk_profile *p, const sk_context *ctx,
		     sk_output *out, sk_error *err)
{
	struct top t;
	sk_buf scratch = SK_BUF_INIT, text = SK_BUF_INIT;
	size_t nodecount, all;
	sk_value_type vt;

	if (parse_nodecount(ctx, &nodecount, err) < 0)
		return -1;
	if (sk_profile_value_type_count(p) == 0)
		return sk_error_set(err, "top: the profile has no value type");
	memset(&t, 0, sizeof t);
	t.p = p;
	t.type = sk_profile_default_value_type(p);
	t.by_cum = sk_options_has(ctx->options, "cum");
	t.frame_format = sk_options_get(ctx->options, "frame-format");
	vt = sk_profile_value_type_get(p, t.type);
	snprintf(t.sample_unit, sizeof t.sample_unit, "%s",
		 sk_profile_str(p, vt.unit));
	sk_strtab_init(&t.names);
	t.frame_fn = sk_xcalloc(sk_profile_frame_count(p) + 1,
				sizeof *t.frame_fn);
	sum_records(&t, &scratch);
	all = sort_rows(&t, nodecount);
	count_edges(&t);
	pick_output_unit(&t);
	header(&t, all, &text);
	rows(&t, &text);
	sk_output_write(out, text.data, text.len);
	sk_buf_free(&text);
	sk_buf_free(&scratch);
	sk_strtab_free(&t.names);
	free(t.frame_fn);
	free(t.fns);
	free(t.order);
	return 0;
}

static const char *const top_extensions[] = { ".top", NULL };
static const sk_option_spec top_options[] = {
	{ "nodecount", "N", "top output: show only the first N functions "
	  "(default: all)" },
	{ "cum", NULL, "top output: sort by cumulative weight (pprof -cum)" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_top = {
	.name = "top",
	.extensions = top_extensions,
	.description = "go tool pprof -top's table of the heaviest functions "
		       "(write only)",
	.write = top_write,
	.options = top_options,
	.preserves = "per function flat and cumulative weight of the default "
		     "value type",
};
