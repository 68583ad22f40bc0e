/*
 * diff_tables.c - the diff engine's per-function and per-stack tables, the
 * significance of each function's change and the CI gate (sk_diff.h).
 *
 * A function is a name (marks included) and, when modules are part of the
 * frame identity, a module: frames that differ only by file or line are
 * one function.  Its total over a stack counts once however often it
 * recurs there, so a function's total share is the share of samples with
 * it on the stack, which is what the tests take as a proportion.
 */
#include "lib/diff_internal.h"
#include "lib/sk_stats.h"
#include "lib/sk_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stackkit/sk_view.h>

/* Per function (f) and column (k): totals and selves, k-major. */
struct accum {
	size_t ncols, nfuncs;
	const double **col;	/* per node */
	double *coltotal;
	double *total;		/* [k * nfuncs + f] */
	double *self;		/* drawn columns only: [k * nfuncs + f] */
	sk_frame_id *func_frame;	/* first frame of each function */
};

double diff_delta_pp(double base, double base_total, double after,
		     double after_total)
{
	double b = base_total > 0 ? base / base_total : 0;
	double a = after_total > 0 ? after / after_total : 0;

	return 100 * (a - b);
}

static sk_diff_values values(double base, double base_total, double after,
			     double after_total)
{
	sk_diff_values v;

	v.base = base;
	v.after = after;
	v.delta = after - base;
	v.delta_pp = diff_delta_pp(base, base_total, after, after_total);
	return v;
}

/* Function ids of the profile's frames, through a scratch profile whose
 * frames are "name\x1fmodule". */
static sk_frame_id *function_ids(const sk_profile *p, struct accum *a)
{
	size_t n = sk_profile_frame_count(p), f;
	sk_frame_id *of = sk_xcalloc(n + 1, sizeof *of);
	sk_profile *keys = sk_profile_new();
	sk_buf key = SK_BUF_INIT;

	a->func_frame = sk_xcalloc(n + 1, sizeof *a->func_frame);
	for (f = 0; f < n; f++) {
		const sk_frame *fr = sk_profile_frame_get(p, (sk_frame_id)f);
		sk_buf_reset(&key);
		sk_buf_appendf(&key, "%s\x1f%s", sk_profile_str(p, fr->name),
			       sk_profile_str(p, fr->module));
		of[f] = sk_profile_frame_named(keys, key.data, key.len, 0);
		if (of[f] + 1 > a->nfuncs) {
			a->nfuncs = of[f] + 1;
			a->func_frame[of[f]] = (sk_frame_id)f;
		}
	}
	sk_buf_free(&key);
	sk_profile_free(keys);
	return of;
}

static int node_weighs(const struct accum *a, size_t n)
{
	size_t k;

	for (k = 0; k < a->ncols; k++)
		if (a->col[k][n] != 0)
			return 1;
	return 0;
}

static void accumulate(struct accum *a, const sk_profile *p, size_t nnodes)
{
	sk_frame_id *func_of = function_ids(p, a);
	size_t *stamp = sk_xcalloc(a->nfuncs + 1, sizeof *stamp);
	size_t n, k;

	a->total = sk_xcalloc(a->ncols * a->nfuncs + 1, sizeof(double));
	a->self = sk_xcalloc(2 * a->nfuncs + 1, sizeof(double));
	a->coltotal = sk_xcalloc(a->ncols, sizeof(double));
	for (n = 1; n < nnodes; n++) {
		sk_node_id m = (sk_node_id)n;
		sk_frame_id leaf;

		if (!node_weighs(a, n))
			continue;
		leaf = func_of[sk_profile_node_frame(p, m)];
		for (k = 0; k < a->ncols; k++)
			a->coltotal[k] += a->col[k][n];
		for (k = 0; k < 2; k++)
			a->self[k * a->nfuncs + leaf] += a->col[k][n];
		for (; m != SK_ROOT; m = sk_profile_node_parent(p, m)) {
			sk_frame_id f = func_of[sk_profile_node_frame(p, m)];
			if (stamp[f] == n)
				continue;	/* recursion: once per stack */
			stamp[f] = n;
			for (k = 0; k < a->ncols; k++)
				a->total[k * a->nfuncs + f] += a->col[k][n];
		}
	}
	free(stamp);
	free(func_of);
}

static double total_of(const struct accum *a, size_t k, size_t f)
{
	return a->total[k * a->nfuncs + f];
}

/* Column layout of struct accum: 0 and 1 drawn, then the runs' values,
 * then their counts. */
static double p_value(const sk_diff *d, const struct accum *a,
		      const diff_columns *c, size_t f, double *scratch)
{
	size_t runs = c->nbase + c->nafter, r;
	double x[2] = { 0, 0 }, n[2] = { 0, 0 };

	if (d->summary.test == SK_DIFF_TEST_WELCH) {
		for (r = 0; r < runs; r++)
			scratch[r] = a->coltotal[2 + r] > 0 ?
				     total_of(a, 2 + r, f) / a->coltotal[2 + r] : 0;
		return sk_stats_welch(scratch, c->nbase, scratch + c->nbase,
				      c->nafter);
	}
	for (r = 0; r < runs; r++) {
		x[r >= c->nbase] += total_of(a, 2 + runs + r, f);
		n[r >= c->nbase] += a->coltotal[2 + runs + r];
	}
	return sk_stats_two_proportions(x[0], n[0], x[1], n[1]);
}

static int by_change(const void *x, const void *y)
{
	const sk_diff_function *a = x, *b = y;
	double da = fabs(a->total.delta), db = fabs(b->total.delta);
	int c;

	if (da != db)
		return da > db ? -1 : 1;
	c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->module, b->module);
}

/* Strings go to d->names first as offsets (the buffer moves as it
 * grows), then become pointers. */
static size_t keep_name(sk_diff *d, const char *s)
{
	size_t at = d->names.len;

	sk_buf_append(&d->names, s, strlen(s) + 1);
	return at;
}

static void significance(sk_diff *d, const struct accum *a,
			 const diff_columns *c, const size_t *funcs,
			 double alpha)
{
	size_t i, runs = c->nbase + c->nafter;
	double *p = sk_xcalloc(d->nfunctions + 1, sizeof *p);
	double *scratch = sk_xcalloc(runs, sizeof *scratch);

	d->summary.alpha = alpha;
	d->summary.test = c->nbase >= 2 && c->nafter >= 2 ? SK_DIFF_TEST_WELCH :
			  d->count_type ? SK_DIFF_TEST_PROPORTIONS :
					  SK_DIFF_TEST_NONE;
	for (i = 0; i < d->nfunctions; i++) {
		if (d->summary.test == SK_DIFF_TEST_NONE)
			p[i] = d->functions[i].total.delta_pp != 0 ? 0 : 1;
		else
			p[i] = p_value(d, a, c, funcs[i], scratch);
	}
	if (d->summary.test != SK_DIFF_TEST_NONE) {
		sk_stats_holm(p, d->nfunctions);
		d->summary.functions_tested = d->nfunctions;
	}
	for (i = 0; i < d->nfunctions; i++) {
		d->functions[i].p = p[i];
		d->functions[i].significant = p[i] <= alpha;
	}
	free(scratch);
	free(p);
}

/* Returns the name and module offsets of each function, two apiece. */
static size_t *function_table(sk_diff *d, const diff_columns *c, double alpha)
{
	const sk_profile *p = d->profile;
	size_t runs = c->nbase + c->nafter, k, f, *funcs, *offs;
	struct accum a;

	memset(&a, 0, sizeof a);
	a.ncols = 2 + runs + (d->count_type ? runs : 0);
	a.col = sk_xcalloc(a.ncols, sizeof *a.col);
	a.col[0] = c->shown[0];
	a.col[1] = c->shown[1];
	for (k = 0; k < runs; k++) {
		a.col[2 + k] = c->value[k];
		if (d->count_type)
			a.col[2 + runs + k] = c->count[k];
	}
	accumulate(&a, p, c->nnodes);
	d->functions = sk_xcalloc(a.nfuncs + 1, sizeof *d->functions);
	funcs = sk_xcalloc(a.nfuncs + 1, sizeof *funcs);
	offs = sk_xcalloc(2 * a.nfuncs + 1, sizeof *offs);
	for (f = 0; f < a.nfuncs; f++) {
		const sk_frame *fr = sk_profile_frame_get(p, a.func_frame[f]);
		sk_diff_function *e = &d->functions[d->nfunctions];
		double tb = total_of(&a, 0, f), ta = total_of(&a, 1, f);

		if (tb == 0 && ta == 0)
			continue;
		e->total = values(tb, d->base_shown, ta, d->after_shown);
		e->self = values(a.self[f], d->base_shown, a.self[a.nfuncs + f],
				 d->after_shown);
		offs[2 * d->nfunctions] = keep_name(d, sk_profile_str(p, fr->name));
		offs[2 * d->nfunctions + 1] = keep_name(d, sk_profile_str(p, fr->module));
		funcs[d->nfunctions++] = f;
	}
	significance(d, &a, c, funcs, alpha);
	free(funcs);
	free(a.col);
	free(a.coltotal);
	free(a.total);
	free(a.self);
	free(a.func_frame);
	return offs;
}

static int by_stack(const void *x, const void *y)
{
	const sk_diff_stack *a = x, *b = y;

	return strcmp(a->stack, b->stack);
}

/* Stacks as the view of the profile prints them, merged by their names. */
static void stack_table(sk_diff *d, size_t *offs)
{
	sk_view_options vo;
	sk_view *v;
	sk_buf line = SK_BUF_INIT;
	size_t n, i;

	memset(&vo, 0, sizeof vo);
	vo.order = SK_VIEW_UNORDERED;
	v = sk_view_build(d->profile, &vo);
	d->stacks = sk_xcalloc(sk_view_node_count(v) + 1, sizeof *d->stacks);
	for (n = 1; n < sk_view_node_count(v); n++) {
		double b = sk_view_self(v, (sk_vnode)n, 0);
		double a = sk_view_self(v, (sk_vnode)n, 1);
		sk_vnode m;

		if (b == 0 && a == 0)
			continue;
		sk_buf_reset(&line);
		for (m = (sk_vnode)n; m; m = sk_view_parent(v, m)) {
			size_t len;
			const char *label = sk_view_label(v, m, &len);
			/* Built leaf first, reversed below. */
			for (i = len; i > 0; i--)
				sk_buf_append_char(&line, label[i - 1]);
			if (sk_view_parent(v, m))
				sk_buf_append_char(&line, ';');
		}
		for (i = 0; i < line.len / 2; i++) {
			char t = line.data[i];
			line.data[i] = line.data[line.len - 1 - i];
			line.data[line.len - 1 - i] = t;
		}
		offs[d->nstacks] = keep_name(d, line.data);
		d->stacks[d->nstacks++].v = values(b, d->base_shown, a,
						   d->after_shown);
	}
	sk_buf_free(&line);
	sk_view_free(v);
}

void diff_tables_build(sk_diff *d, const diff_columns *c, double alpha)
{
	size_t *soffs = sk_xcalloc(c->nnodes + 1, sizeof *soffs);
	size_t *foffs = function_table(d, c, alpha), i;

	stack_table(d, soffs);
	/* Pointers into names only now that it stops growing. */
	for (i = 0; i < d->nfunctions; i++) {
		d->functions[i].name = d->names.data + foffs[2 * i];
		d->functions[i].module = d->names.data + foffs[2 * i + 1];
	}
	for (i = 0; i < d->nstacks; i++)
		d->stacks[i].stack = d->names.data + soffs[i];
	qsort(d->functions, d->nfunctions, sizeof *d->functions, by_change);
	qsort(d->stacks, d->nstacks, sizeof *d->stacks, by_stack);
	free(foffs);
	free(soffs);
}
