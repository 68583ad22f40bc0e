/*
 * diff_report.c - what stackdiff prints besides the graph: the gate's
 * offenders, difffolded.pl's lines, the table of the largest changes and
 * the JSON document (its schema is in man/stackdiff.1).
 *
 * Weights print as the folded writer prints them (integers as such,
 * fractions exactly, never an exponent: flamegraph.pl reads no exponents);
 * shares and p-values with a fixed small precision, which is all a reader
 * of a change needs and keeps the outputs stable.
 */
#include "lib/diff_internal.h"
#include "lib/sk_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *test_name(int test)
{
	switch (test) {
	case SK_DIFF_TEST_PROPORTIONS: return "two-proportion z-test";
	case SK_DIFF_TEST_WELCH: return "Welch's t-test on per-run shares";
	default: return "none";
	}
}

static void append_signed(sk_buf *b, double v)
{
	if (v > 0)
		sk_buf_append_char(b, '+');
	sk_buf_append_value(b, v);
}

static void append_name(sk_buf *b, const sk_diff_function *f)
{
	sk_buf_append_cstr(b, f->name);
	if (f->module[0])
		sk_buf_appendf(b, " (%s)", f->module);
}

static double share(double v, double total)
{
	return total > 0 ? 100 * v / total : 0;
}

static void append_p(sk_buf *b, const sk_diff *d, double p)
{
	if (d->summary.test == SK_DIFF_TEST_NONE)
		sk_buf_append_cstr(b, "untested");
	else
		sk_buf_appendf(b, "p = %.2g", p);
}

size_t sk_diff_gate_check(const sk_diff *d, const sk_diff_gate *g,
			  sk_buf *lines)
{
	const sk_diff_summary *s = &d->summary;
	size_t i, found = 0;

	for (i = 0; g->max_increase_pp >= 0 && i < d->nfunctions; i++) {
		const sk_diff_function *f = &d->functions[i];
		if (!f->significant || !(f->total.delta_pp > g->max_increase_pp))
			continue;
		append_name(lines, f);
		sk_buf_appendf(lines, ": total share %+.2f pp (%.2f%% -> %.2f%%, ",
			       f->total.delta_pp, share(f->total.base, d->base_shown),
			       share(f->total.after, d->after_shown));
		append_p(lines, d, f->p);
		sk_buf_appendf(lines, "), more than %g pp\n", g->max_increase_pp);
		found++;
	}
	if (g->max_total_pct >= 0 && s->base_total > 0) {
		double pct = 100 * (s->after_total - s->base_total) / s->base_total;
		if (pct > g->max_total_pct) {
			sk_buf_appendf(lines, "total: %+.2f%% %s (", pct, s->unit);
			sk_buf_append_value(lines, s->base_total);
			sk_buf_append_cstr(lines, " -> ");
			sk_buf_append_value(lines, s->after_total);
			sk_buf_appendf(lines, "), more than %g%%\n", g->max_total_pct);
			found++;
		}
	}
	return found;
}

void sk_diff_write_collapsed(const sk_diff *d, sk_output *out)
{
	sk_buf line = SK_BUF_INIT;
	size_t i;

	for (i = 0; i < d->nstacks; i++) {
		sk_buf_reset(&line);
		sk_buf_append_cstr(&line, d->stacks[i].stack);
		sk_buf_append_char(&line, ' ');
		sk_buf_append_value(&line, d->stacks[i].v.base);
		sk_buf_append_char(&line, ' ');
		sk_buf_append_value(&line, d->stacks[i].v.after);
		sk_buf_append_char(&line, '\n');
		sk_output_write(out, line.data, line.len);
	}
	sk_buf_free(&line);
}

/* ---- the table ---- */

enum { COL_NAME, COL_BASE, COL_NEW, COL_DELTA, COL_PP, COL_P, NCOLS };

/* The cells of one row, each NUL-terminated in row->text. */
struct row {
	sk_buf text;
	size_t at[NCOLS];
	int significant;
};

static void cell(struct row *r, int col, const sk_buf *b)
{
	r->at[col] = r->text.len;
	sk_buf_append(&r->text, b->data ? b->data : "", b->len);
	sk_buf_append_char(&r->text, '\0');
}

static void fill_row(struct row *r, const sk_diff *d, const sk_diff_function *f)
{
	sk_buf b = SK_BUF_INIT;

	append_name(&b, f);
	cell(r, COL_NAME, &b);
	sk_buf_reset(&b);
	sk_buf_append_value(&b, f->total.base);
	cell(r, COL_BASE, &b);
	sk_buf_reset(&b);
	sk_buf_append_value(&b, f->total.after);
	cell(r, COL_NEW, &b);
	sk_buf_reset(&b);
	append_signed(&b, f->total.delta);
	cell(r, COL_DELTA, &b);
	sk_buf_reset(&b);
	sk_buf_appendf(&b, "%+.2f", f->total.delta_pp);
	cell(r, COL_PP, &b);
	sk_buf_reset(&b);
	if (d->summary.test == SK_DIFF_TEST_NONE)
		sk_buf_append_cstr(&b, "-");
	else
		sk_buf_appendf(&b, "%.2g", f->p);
	cell(r, COL_P, &b);
	sk_buf_free(&b);
	r->significant = f->significant && d->summary.test != SK_DIFF_TEST_NONE;
}

static void header_row(struct row *r)
{
	static const char *const names[NCOLS] = {
		"function", "base", "new", "delta", "delta pp", "p"
	};
	sk_buf b = SK_BUF_INIT;
	int c;

	for (c = 0; c < NCOLS; c++) {
		sk_buf_reset(&b);
		sk_buf_append_cstr(&b, names[c]);
		cell(r, c, &b);
	}
	sk_buf_free(&b);
}

static void print_rows(struct row *rows, size_t n, sk_output *out)
{
	size_t width[NCOLS] = { 0 }, i;
	int c;

	for (i = 0; i < n; i++)
		for (c = 0; c < NCOLS; c++) {
			size_t len = strlen(rows[i].text.data + rows[i].at[c]);
			if (len > width[c])
				width[c] = len;
		}
	for (i = 0; i < n; i++) {
		sk_output_printf(out, "%-*s", (int)width[COL_NAME],
				 rows[i].text.data + rows[i].at[COL_NAME]);
		for (c = COL_BASE; c < NCOLS; c++)
			sk_output_printf(out, "  %*s", (int)width[c],
					 rows[i].text.data + rows[i].at[c]);
		sk_output_puts(out, rows[i].significant ? " *\n" : "\n");
	}
}

static void text_summary(const sk_diff *d, sk_output *out)
{
	const sk_diff_summary *s = &d->summary;
	sk_buf b = SK_BUF_INIT;

	sk_buf_appendf(&b, "%s/%s: base ", s->type, s->unit);
	sk_buf_append_value(&b, s->base_total);
	sk_buf_appendf(&b, " (%zu run%s), new ", s->base_runs,
		       s->base_runs == 1 ? "" : "s");
	sk_buf_append_value(&b, s->after_total);
	sk_buf_appendf(&b, " (%zu run%s)", s->after_runs,
		       s->after_runs == 1 ? "" : "s");
	if (s->base_total > 0)
		sk_buf_appendf(&b, ", total %+.2f%%",
			       100 * (s->after_total - s->base_total) / s->base_total);
	if (s->normalized)
		sk_buf_append_cstr(&b, ", base normalized");
	sk_buf_append_char(&b, '\n');
	if (s->test == SK_DIFF_TEST_NONE)
		sk_buf_append_cstr(&b, "significance: not tested (no sample "
				   "counts); every change counts\n");
	else
		sk_buf_appendf(&b, "significance: %s%s%s, Holm-corrected over "
			       "%zu functions, * = p <= %g\n", test_name(s->test),
			       s->test == SK_DIFF_TEST_PROPORTIONS ? " on " : "",
			       s->test == SK_DIFF_TEST_PROPORTIONS ? s->count_type : "",
			       s->functions_tested, s->alpha);
	sk_output_write(out, b.data, b.len);
	sk_buf_free(&b);
}

void sk_diff_write_text(const sk_diff *d, size_t top, sk_output *out)
{
	size_t n = top && top < d->nfunctions ? top : d->nfunctions, i;
	struct row *rows = sk_xcalloc(n + 1, sizeof *rows);

	text_summary(d, out);
	header_row(&rows[0]);
	for (i = 0; i < n; i++)
		fill_row(&rows[i + 1], d, &d->functions[i]);
	print_rows(rows, n + 1, out);
	for (i = 0; i <= n; i++)
		sk_buf_free(&rows[i].text);
	free(rows);
}

/* ---- JSON ---- */

static void json_string(sk_buf *b, const char *s)
{
	sk_buf_append_char(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sk_buf_appendf(b, "\\%c", c);
		else if (c == '\n')
			sk_buf_append_cstr(b, "\\n");
		else if (c == '\t')
			sk_buf_append_cstr(b, "\\t");
		else if (c < 0x20)
			sk_buf_appendf(b, "\\u%04x", c);
		else
			sk_buf_append_char(b, (char)c);
	}
	sk_buf_append_char(b, '"');
}

static void json_values(sk_buf *b, const sk_diff_values *v)
{
	sk_buf_append_cstr(b, "\"base\": ");
	sk_buf_append_value(b, v->base);
	sk_buf_append_cstr(b, ", \"new\": ");
	sk_buf_append_value(b, v->after);
	sk_buf_append_cstr(b, ", \"delta\": ");
	sk_buf_append_value(b, v->delta);
	sk_buf_appendf(b, ", \"delta_pp\": %.6g", v->delta_pp);
}

static void json_summary(sk_buf *b, const sk_diff *d)
{
	const sk_diff_summary *s = &d->summary;

	sk_buf_append_cstr(b, "{\n  \"stackdiff\": 1,\n  \"value_type\": {\"type\": ");
	json_string(b, s->type);
	sk_buf_append_cstr(b, ", \"unit\": ");
	json_string(b, s->unit);
	sk_buf_appendf(b, "},\n  \"base\": {\"runs\": %zu, \"total\": ", s->base_runs);
	sk_buf_append_value(b, s->base_total);
	sk_buf_appendf(b, "},\n  \"new\": {\"runs\": %zu, \"total\": ", s->after_runs);
	sk_buf_append_value(b, s->after_total);
	sk_buf_appendf(b, "},\n  \"normalized\": %s,\n  \"test\": {\"method\": \"%s\", "
		       "\"counts\": ", s->normalized ? "true" : "false",
		       s->test == SK_DIFF_TEST_PROPORTIONS ? "proportions" :
		       s->test == SK_DIFF_TEST_WELCH ? "welch" : "none");
	if (s->test == SK_DIFF_TEST_PROPORTIONS)
		json_string(b, s->count_type);
	else
		sk_buf_append_cstr(b, "null");
	sk_buf_appendf(b, ", \"alpha\": %g, \"correction\": \"holm\", "
		       "\"functions_tested\": %zu},\n", s->alpha, s->functions_tested);
}

static void json_function(sk_buf *b, const sk_diff *d, const sk_diff_function *f)
{
	sk_buf_append_cstr(b, "    {\"name\": ");
	json_string(b, f->name);
	sk_buf_append_cstr(b, ", \"module\": ");
	json_string(b, f->module);
	sk_buf_append_cstr(b, ",\n     \"self\": {");
	json_values(b, &f->self);
	sk_buf_append_cstr(b, "},\n     \"total\": {");
	json_values(b, &f->total);
	if (d->summary.test == SK_DIFF_TEST_NONE)
		sk_buf_append_cstr(b, "},\n     \"p\": null");
	else
		sk_buf_appendf(b, "},\n     \"p\": %.6g", f->p);
	sk_buf_appendf(b, ", \"significant\": %s}", f->significant ? "true" : "false");
}

static void json_gate(sk_buf *b, const sk_diff *d, const sk_diff_gate *gate)
{
	sk_buf lines = SK_BUF_INIT;
	size_t n = sk_diff_gate_check(d, gate, &lines), i, start = 0;

	sk_buf_appendf(b, ",\n  \"gate\": {\"failed\": %s, \"offenders\": [",
		       n ? "true" : "false");
	for (i = 0; i < lines.len; i++) {
		if (lines.data[i] != '\n')
			continue;
		lines.data[i] = '\0';
		sk_buf_append_cstr(b, start ? ", " : "");
		json_string(b, lines.data + start);
		start = i + 1;
	}
	sk_buf_append_cstr(b, "]}");
	sk_buf_free(&lines);
}

void sk_diff_write_json(const sk_diff *d, const sk_diff_gate *gate,
			size_t top, sk_output *out)
{
	size_t n = top && top < d->nfunctions ? top : d->nfunctions, i;
	sk_buf b = SK_BUF_INIT;

	json_summary(&b, d);
	sk_buf_append_cstr(&b, "  \"functions\": [");
	for (i = 0; i < n; i++) {
		sk_buf_append_cstr(&b, i ? ",\n" : "\n");
		json_function(&b, d, &d->functions[i]);
	}
	sk_buf_append_cstr(&b, n ? "\n  ],\n  \"stacks\": [" : "],\n  \"stacks\": [");
	for (i = 0; i < d->nstacks; i++) {
		sk_buf_append_cstr(&b, i ? ",\n    {\"stack\": " : "\n    {\"stack\": ");
		json_string(&b, d->stacks[i].stack);
		sk_buf_append_cstr(&b, ", ");
		json_values(&b, &d->stacks[i].v);
		sk_buf_append_char(&b, '}');
		if (b.len > 65536) {
			sk_output_write(out, b.data, b.len);
			sk_buf_reset(&b);
		}
	}
	sk_buf_append_cstr(&b, d->nstacks ? "\n  ]" : "]");
	if (gate)
		json_gate(&b, d, gate);
	sk_buf_append_cstr(&b, "\n}\n");
	sk_output_write(out, b.data, b.len);
	sk_buf_free(&b);
}
