/*
 * stackdiff - compare profiles: a differential flame graph, difffolded
 * lines, a table or JSON of the changes, and a noise-aware CI gate.
 *
 *   stackdiff [OPTIONS] BASE NEW
 *   stackdiff [OPTIONS] --base B1 B2 ... --new N1 N2 ...
 *
 * Argument parsing and messages only; the engine is lib/diff.c.  Exit 0
 * when nothing trips the gate, 1 when it does (like diff(1): differences
 * found), 2 on errors.
 */
#include "cmd/cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stackkit/sk_diff.h>

enum {
	OPT_BASE = 256, OPT_NEW, OPT_SAMPLE_TYPE, OPT_IGNORE_LINES,
	OPT_IGNORE_MODULES, OPT_ALPHA, OPT_FAIL_INCREASE, OPT_FAIL_TOTAL,
	OPT_TOP, OPT_MAX_INPUT
};

enum report { REPORT_SVG, REPORT_COLLAPSED, REPORT_TEXT, REPORT_JSON };

static const cli_option own_options[] = {
	{ "base", no_argument, OPT_BASE, NULL, "the files that follow are base runs" },
	{ "new", no_argument, OPT_NEW, NULL, "the files that follow are new runs" },
	{ "from", required_argument, 'f', "FMT", "input format (default: detected from the content)" },
	{ "to", required_argument, 't', "TYPE", "svg (default), collapsed, text or json" },
	{ "output", required_argument, 'o', "FILE", "write to FILE (atomically) instead of stdout" },
	{ "sample-type", required_argument, OPT_SAMPLE_TYPE, "NAME|INDEX", "compare this value type (type, type/unit or index) of every run" },
	{ "normalize", no_argument, 'n', NULL, "scale the base to the new total (difffolded -n)" },
	{ "ignore-lines", no_argument, OPT_IGNORE_LINES, NULL, "line numbers are not part of a frame's identity" },
	{ "ignore-modules", no_argument, OPT_IGNORE_MODULES, NULL, "modules (dsos) are not part of a frame's identity" },
	{ "top", required_argument, OPT_TOP, "N", "text and json: the N largest changes (text: 20; 0 = all)" },
	{ "alpha", required_argument, OPT_ALPHA, "P", "significance level, Holm-corrected (0.01)" },
	{ "fail-on-increase", required_argument, OPT_FAIL_INCREASE, "PP", "exit 1 if a function's total share grows significantly by more than PP points" },
	{ "fail-on-total", required_argument, OPT_FAIL_TOTAL, "PCT", "exit 1 if the total grows by more than PCT percent" },
	{ "max-input-size", required_argument, OPT_MAX_INPUT, "SIZE", "limit on decompressed input (default 4G)" },
	{ "quiet", no_argument, 'q', NULL, "no warnings" },
	{ "help", no_argument, 'h', NULL, "show this help and exit" },
	{ "version", no_argument, 'V', NULL, "show the version and exit" },
	{ NULL, 0, 0, NULL, NULL }
};

struct job {
	const sk_format *from;
	int report;
	const char *output;
	long top;		/* -1: the report's default */
	const char **files[2];	/* base, new */
	size_t nfiles[2];
	const char **operands;	/* BASE NEW without --base/--new */
	size_t noperands;
	sk_diff_options diff;
	sk_diff_gate gate;
	sk_filter *filter;
	sk_options options;
	sk_context ctx;
};

static void usage(const cli *c)
{
	printf("Usage: %s [OPTIONS] BASE NEW\n"
	       "   or: %s [OPTIONS] --base B1 B2 ... --new N1 N2 ...\n"
	       "Compare profiles of any formats stackkit reads: a differential flame\n"
	       "graph (red grew, blue shrank), difffolded lines, a table or JSON, and a\n"
	       "gate for CI that ignores what sampling noise explains.\n\n",
	       c->prog, c->prog);
	cli_print_options(c, own_options, stdout);
	printf("\nExit status: 0 nothing tripped the gate, 1 the gate tripped (the\n"
	       "offenders on stderr, one per line), 2 usage, input or output error.\n");
}

static void add_file(const char ***list, size_t *n, const char *name)
{
	*list = realloc(*list, (*n + 1) * sizeof **list);
	if (!*list)
		abort();
	(*list)[(*n)++] = name;
}

static int number_arg(const cli *c, const char *opt, const char *s,
		      double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(*out) || *out < 0) {
		cli_usage_error(c, "--%s wants a number >= 0, not '%s'", opt, s);
		return -1;
	}
	return 0;
}

static int report_arg(const cli *c, const char *s, int *out)
{
	static const char *const names[] = { "svg", "collapsed", "text", "json" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0 || (i == 1 && strcmp(s, "folded") == 0)) {
			*out = i;
			return 0;
		}
	cli_usage_error(c, "-t wants svg, collapsed, text or json, not '%s'", s);
	return -1;
}

/* The options that take a value, apart from the formats'. */
static int take_value(cli *c, int opt, struct job *job)
{
	double v;
	uint64_t size;

	switch (opt) {
	case 'f':
		if (!(job->from = sk_format_find(optarg))) {
			cli_usage_error(c, "unknown format '%s'", optarg);
			return -1;
		}
		return 0;
	case 't': return report_arg(c, optarg, &job->report);
	case 'o': job->output = optarg; return 0;
	case OPT_SAMPLE_TYPE: job->diff.sample_type = optarg; return 0;
	case OPT_TOP:
		if (cli_parse_uint(optarg, 0, 1000000000, &size) < 0) {
			cli_usage_error(c, "--top wants a whole number, not '%s'",
					optarg);
			return -1;
		}
		job->top = (long)size;
		return 0;
	case OPT_ALPHA:
		if (number_arg(c, "alpha", optarg, &v) < 0)
			return -1;
		if (!(v > 0 && v < 1)) {
			cli_usage_error(c, "--alpha wants a level between 0 and 1");
			return -1;
		}
		job->diff.alpha = v;
		return 0;
	case OPT_FAIL_INCREASE:
		return number_arg(c, "fail-on-increase", optarg,
				  &job->gate.max_increase_pp);
	case OPT_FAIL_TOTAL:
		return number_arg(c, "fail-on-total", optarg,
				  &job->gate.max_total_pct);
	case OPT_MAX_INPUT:
		if (cli_parse_size(optarg, &size) < 0) {
			cli_usage_error(c, "--max-input-size wants a size "
					"such as 4G, 512M or 100000, not '%s'",
					optarg);
			return -1;
		}
		job->ctx.limits.max_input_bytes = size;
		return 0;
	}
	if (cli_take_format_option(c, opt, optarg, &job->options))
		return 0;
	fprintf(stderr, "Try '%s --help' for more information.\n", c->prog);
	return -1;
}

/* Parses argv in order (files follow --base or --new); returns -1 to exit
 * 2, 1 to exit 0, 0 to go on. */
static int parse_args(cli *c, int argc, char **argv, struct job *job)
{
	int opt, side = -1;

	while ((opt = getopt_long(argc, argv, "-f:t:o:nsqhV", c->longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 1:
			if (side < 0)
				add_file(&job->operands, &job->noperands, optarg);
			else
				add_file(&job->files[side], &job->nfiles[side], optarg);
			break;
		case OPT_BASE: side = 0; break;
		case OPT_NEW: side = 1; break;
		case 'n': job->diff.flags |= SK_DIFF_NORMALIZE; break;
		/* difffolded's -s: the filters' --strip-hex */
		case 's': sk_options_set(&job->options, "strip-hex", NULL); break;
		case OPT_IGNORE_LINES: job->diff.flags |= SK_DIFF_IGNORE_LINES; break;
		case OPT_IGNORE_MODULES: job->diff.flags |= SK_DIFF_IGNORE_MODULES; break;
		case 'q': c->quiet = 1; break;
		case 'h': usage(c); return 1;
		case 'V': cli_print_version(c); return 1;
		default:
			if (take_value(c, opt, job) < 0)
				return -1;
		}
	}
	/* after "--": files all the same */
	for (; optind < argc; optind++)
		if (side < 0)
			add_file(&job->operands, &job->noperands, argv[optind]);
		else
			add_file(&job->files[side], &job->nfiles[side], argv[optind]);
	return 0;
}

static int check_files(const cli *c, struct job *job)
{
	if (job->nfiles[0] || job->nfiles[1]) {
		if (job->noperands) {
			cli_usage_error(c, "'%s': files go after --base or --new "
					"once those are used", job->operands[0]);
			return -1;
		}
		if (!job->nfiles[0] || !job->nfiles[1]) {
			cli_usage_error(c, "both --base and --new need at least one file");
			return -1;
		}
		return 0;
	}
	if (job->noperands != 2) {
		cli_usage_error(c, "want BASE and NEW (or --base ... --new ...), "
				"got %zu file%s", job->noperands,
				job->noperands == 1 ? "" : "s");
		return -1;
	}
	add_file(&job->files[0], &job->nfiles[0], job->operands[0]);
	add_file(&job->files[1], &job->nfiles[1], job->operands[1]);
	return 0;
}

static void free_runs(sk_diff_run *runs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sk_profile_free((sk_profile *)runs[i].profile);
	free(runs);
}

/* The filters (--focus, --hide, --strip-hex, ...) apply to every run. */
static int filter_run(sk_diff_run *run, const sk_filter *f, sk_error *err)
{
	sk_profile *q;

	if (!f)
		return 0;
	q = sk_profile_filter(run->profile, f, err);
	if (!q)
		return -1;
	sk_profile_free((sk_profile *)run->profile);	/* read_side's own */
	run->profile = q;
	return 0;
}

static sk_diff_run *read_side(const cli *c, struct job *job, int side)
{
	sk_diff_run *runs = calloc(job->nfiles[side], sizeof *runs);
	sk_error err;
	size_t i;

	if (!runs)
		abort();
	for (i = 0; i < job->nfiles[side]; i++) {
		sk_profile *p = sk_profile_new();
		runs[i].profile = p;
		runs[i].name = job->files[side][i];
		if (sk_read_file(runs[i].name, job->from, &job->ctx, p, &err) < 0 ||
		    filter_run(&runs[i], job->filter, &err) < 0) {
			cli_print_error(c, &err);
			free_runs(runs, i + 1);
			return NULL;
		}
	}
	return runs;
}

static int gate_set(const struct job *job)
{
	return job->gate.max_increase_pp >= 0 || job->gate.max_total_pct >= 0;
}

static int write_report(const cli *c, struct job *job, const sk_diff *d)
{
	const sk_format *svg = sk_format_find("svg");
	sk_output *out;
	sk_error err;
	int rc = 0;

	if (sk_output_open(&out, job->output, -1, &err) < 0) {
		cli_print_error(c, &err);
		return -1;
	}
	sk_output_set_threads(out, sk_context_threads(&job->ctx));
	cli_guard_output(out);
	switch (job->report) {
	case REPORT_SVG:
		if (!svg || !svg->write)
			rc = sk_error_set(&err, "no svg writer in this build");
		else
			rc = svg->write(sk_diff_profile(d), &job->ctx, out, &err);
		break;
	case REPORT_COLLAPSED: sk_diff_write_collapsed(d, out); break;
	case REPORT_TEXT:
		sk_diff_write_text(d, job->top < 0 ? 20 : (size_t)job->top, out);
		break;
	case REPORT_JSON:
		sk_diff_write_json(d, gate_set(job) ? &job->gate : NULL,
				   job->top < 0 ? 0 : (size_t)job->top, out);
		break;
	}
	cli_guard_done();
	if (rc < 0) {
		sk_output_abort(out);
		cli_print_error(c, &err);
		return -1;
	}
	if (sk_output_close(out, &err) < 0) {
		cli_print_error(c, &err);
		return -1;
	}
	return 0;
}

/* The gate: offenders on stderr, one per line. */
static int gate(const cli *c, const struct job *job, const sk_diff *d)
{
	sk_buf lines = SK_BUF_INIT;
	size_t n = sk_diff_gate_check(d, &job->gate, &lines), i, start = 0;

	for (i = 0; i < lines.len; i++)
		if (lines.data[i] == '\n') {
			fprintf(stderr, "%s: regression: %.*s\n", c->prog,
				(int)(i - start), lines.data + start);
			start = i + 1;
		}
	sk_buf_free(&lines);
	return n ? EXIT_DIFFERENT : EXIT_OK;
}

static int run(const cli *c, struct job *job)
{
	sk_diff_run *base, *after = NULL;
	sk_diff *d = NULL;
	sk_error err;
	int rc = EXIT_TROUBLE;

	if (sk_filter_options_from(&job->options, &job->filter, &err) < 0) {
		cli_print_error(c, &err);
		return EXIT_TROUBLE;
	}
	if (sk_options_has(&job->options, "strip-hex"))
		job->diff.flags |= SK_DIFF_STRIP_HEX;
	base = read_side(c, job, 0);
	if (base)
		after = read_side(c, job, 1);
	if (after)
		d = sk_diff_build(base, job->nfiles[0], after, job->nfiles[1],
				  &job->diff, &err);
	if (after && !d)
		cli_print_error(c, &err);
	if (d && write_report(c, job, d) == 0)
		rc = gate(c, job, d);
	sk_diff_free(d);
	sk_filter_free(job->filter);
	job->filter = NULL;
	if (after)
		free_runs(after, job->nfiles[1]);
	if (base)
		free_runs(base, job->nfiles[0]);
	return rc;
}

int main(int argc, char **argv)
{
	struct job job;
	cli c;
	int rc;

	memset(&job, 0, sizeof job);
	job.top = -1;
	job.gate.max_increase_pp = -1;
	job.gate.max_total_pct = -1;
	sk_options_init(&job.options);
	sk_context_init(&job.ctx, &job.options);
	sk_diff_options_init(&job.diff);
	if (cli_init(&c, "stackdiff", own_options) < 0)
		return EXIT_TROUBLE;
	job.ctx.warn = cli_warn;
	job.ctx.warn_arg = &c;
	job.ctx.want_timeline = 0;
	job.diff.view_options = &job.options;
	job.diff.warn = cli_warn;
	job.diff.warn_arg = &c;
	cli_set_argv0(&c, argv);
	rc = parse_args(&c, argc, argv, &job);
	if (rc == 0)
		rc = check_files(&c, &job);
	if (rc != 0)
		rc = rc > 0 ? cli_finish_stdout(&c) : EXIT_TROUBLE;
	else
		rc = run(&c, &job);
	free(job.files[0]);
	free(job.files[1]);
	free(job.operands);
	sk_options_free(&job.options);
	cli_free(&c);
	return rc;
}
