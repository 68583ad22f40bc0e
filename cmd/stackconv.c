/*
 * stackconv - convert profiles between formats.
 *
 *   stackconv [-f FMT] [-t FMT] [-o FILE] [OPTIONS] [INPUT...]
 *
 * Reads every INPUT (stdin when none or "-"), detecting each format unless
 * -f says it, merges them, optionally keeps one value type, applies the
 * filters (sk_filter.h: --focus, --hide, ... --counts), and writes the
 * result in the -t format (else the one the -o name implies, else
 * collapsed).  Argument parsing and messages only; all the work is in
 * libstackkit.
 */
#include "cmd/cli.h"
#include "cmd/progress.h"

#include <stdlib.h>
#include <string.h>

enum {
	OPT_SAMPLE_TYPE = 256, OPT_LIST_FORMATS, OPT_GZIP, OPT_THREADS,
	OPT_MAX_INPUT, OPT_NO_DEMANGLE, OPT_PROGRESS, OPT_NO_PROGRESS
};

static const cli_option own_options[] = {
	{ "from", required_argument, 'f', "FMT", "input format (default: detected from the content)" },
	{ "to", required_argument, 't', "FMT", "output format (default: from the -o name, else collapsed)" },
	{ "output", required_argument, 'o', "FILE", "write to FILE (atomically) instead of stdout" },
	{ "sample-type", required_argument, OPT_SAMPLE_TYPE, "NAME|INDEX", "keep only this value type (type, type/unit or index)" },
	{ "gzip", no_argument, OPT_GZIP, NULL, "gzip the output (implied by an -o name ending in .gz)" },
	{ "threads", required_argument, OPT_THREADS, "N", "threads for reading, and for gzip output (default: all cores)" },
	{ "max-input-size", required_argument, OPT_MAX_INPUT, "SIZE", "limit on decompressed input (default 4G)" },
	{ "no-demangle", no_argument, OPT_NO_DEMANGLE, NULL, "keep C++ and Rust names mangled (default: demangled)" },
	{ "progress", no_argument, OPT_PROGRESS, NULL, "show reading progress on stderr (default: on a terminal, inputs over 64 MiB)" },
	{ "no-progress", no_argument, OPT_NO_PROGRESS, NULL, "never show reading progress" },
	{ "list-formats", no_argument, OPT_LIST_FORMATS, NULL, "list the formats and exit" },
	{ "quiet", no_argument, 'q', NULL, "no warnings" },
	{ "help", no_argument, 'h', NULL, "show this help and exit" },
	{ "version", no_argument, 'V', NULL, "show the version and exit" },
	{ NULL, 0, 0, NULL, NULL }
};

/* Warnings from readers come while the progress line may be shown. */
struct warn_target {
	cli *c;
	progress *pr;
};

static void warn_over_progress(void *arg, const char *message)
{
	struct warn_target *t = arg;

	progress_clear(t->pr);
	cli_warn(t->c, message);
}

struct job {
	const sk_format *from;
	const sk_format *to;
	const char *output;
	const char *sample_type;
	int gzip;
	sk_filter *filter;	/* NULL: no filter options */
	sk_options options;
	sk_context ctx;
	int progress_mode;
};

static void usage(const cli *c)
{
	printf("Usage: %s [-f FMT] [-t FMT] [-o FILE] [OPTIONS] [INPUT...]\n"
	       "Convert profiles between formats; several inputs are merged.\n"
	       "With no INPUT, or when INPUT is -, read standard input.\n\n",
	       c->prog);
	cli_print_options(c, own_options, stdout);
	printf("\nFormats (r = read, w = write):\n");
	cli_print_formats(stdout);
	printf("\nExit status: 0 success, 2 usage, input or output error.\n");
}

static const sk_format *format_arg(const cli *c, const char *name)
{
	const sk_format *f = sk_format_find(name);

	if (!f)
		cli_usage_error(c, "unknown format '%s' (see --list-formats)", name);
	return f;
}

/* Parses argv; returns -1 to exit 2, 1 to exit 0, 0 to go on. */
static int parse_args(cli *c, int argc, char **argv, struct job *job)
{
	uint64_t size;
	int opt;

	while ((opt = getopt_long(argc, argv, "f:t:o:qhV", c->longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (!(job->from = format_arg(c, optarg)))
				return -1;
			break;
		case 't':
			if (!(job->to = format_arg(c, optarg)))
				return -1;
			break;
		case 'o': job->output = optarg; break;
		case 'q': c->quiet = 1; break;
		case OPT_SAMPLE_TYPE: job->sample_type = optarg; break;
		case OPT_GZIP: job->gzip = 1; break;
		case OPT_NO_DEMANGLE: job->ctx.keep_mangled = 1; break;
		case OPT_PROGRESS: job->progress_mode = PROGRESS_ALWAYS; break;
		case OPT_NO_PROGRESS: job->progress_mode = PROGRESS_NEVER; break;
		case OPT_THREADS:
			if (cli_parse_uint(optarg, 1, 256, &size) < 0) {
				cli_usage_error(c, "--threads wants a number "
						"from 1 to 256, not '%s'", optarg);
				return -1;
			}
			job->ctx.threads = (unsigned)size;
			break;
		case OPT_MAX_INPUT:
			if (cli_parse_size(optarg, &size) < 0) {
				cli_usage_error(c, "--max-input-size wants a "
						"size such as 4G, 512M or 100000, "
						"not '%s'", optarg);
				return -1;
			}
			job->ctx.limits.max_input_bytes = size;
			break;
		case OPT_LIST_FORMATS: cli_print_formats(stdout); return 1;
		case 'h': usage(c); return 1;
		case 'V': cli_print_version(c); return 1;
		default:
			if (cli_take_format_option(c, opt, optarg, &job->options))
				break;
			fprintf(stderr, "Try '%s --help' for more information.\n",
				c->prog);
			return -1;
		}
	}
	return 0;
}

static int pick_output_format(const cli *c, struct job *job)
{
	if (!job->to && job->output)
		job->to = sk_format_for_path(job->output);
	if (!job->to)
		job->to = sk_format_find("collapsed");
	if (!job->to->write) {
		cli_usage_error(c, "format %s can be read but not written",
				job->to->name);
		return -1;
	}
	job->ctx.want_timeline = sk_format_uses_timeline(job->to, job->ctx.options);
	return 0;
}

/* Reads every input into one profile. */
static sk_profile *read_inputs(const cli *c, struct job *job, char **inputs,
			       int n)
{
	static const char *stdin_only[] = { "-" };
	sk_profile *all;
	sk_error err;

	all = n ? sk_read_files((const char *const *)inputs, (size_t)n,
				job->from, &job->ctx, &err)
		: sk_read_files(stdin_only, 1, job->from, &job->ctx, &err);
	if (!all)
		cli_print_error(c, &err);
	return all;
}

static int select_value_type(const cli *c, struct job *job, sk_profile *p)
{
	long t;
	size_t i;

	if (!job->sample_type)
		return 0;
	t = sk_profile_find_value_type(p, job->sample_type);
	if (t < 0) {
		fprintf(stderr, "%s: no value type '%s'; the profile has:",
			c->prog, job->sample_type);
		for (i = 0; i < sk_profile_value_type_count(p); i++) {
			sk_value_type vt = sk_profile_value_type_get(p, i);
			fprintf(stderr, " %s/%s", sk_profile_str(p, vt.type),
				sk_profile_str(p, vt.unit));
		}
		fprintf(stderr, "\n");
		return -1;
	}
	sk_profile_keep_value_type(p, (size_t)t);
	return 0;
}

/* The filters run after --sample-type, so --counts checks the value type
 * kept: "--sample-type cpu --counts" is an error, not a silent switch. */
static sk_profile *apply_filters(const cli *c, struct job *job, sk_profile *p)
{
	sk_profile *q;
	sk_error err;

	if (!job->filter)
		return p;
	q = sk_profile_filter(p, job->filter, &err);
	if (!q)
		cli_print_error(c, &err);
	sk_profile_free(p);
	return q;
}

/* Opens the output and guards it; errors are printed only when asked
 * (a failed early open is retried, and reported, after reading). */
static int open_output(const cli *c, struct job *job, sk_output **out,
		       int report)
{
	sk_error err;

	if (sk_output_open(out, job->output, job->gzip ? 1 : -1, &err) < 0) {
		if (report)
			cli_print_error(c, &err);
		*out = NULL;
		return -1;
	}
	sk_output_set_threads(*out, sk_context_threads(&job->ctx));
	cli_guard_output(*out);
	return 0;
}

static int close_output(const cli *c, sk_output *out)
{
	sk_error err;

	cli_guard_done();
	if (sk_output_close(out, &err) < 0) {
		cli_print_error(c, &err);
		return -1;
	}
	return 0;
}

/* Writes p to out (open, or NULL to open it now) and closes it. */
static int write_output(const cli *c, struct job *job, const sk_profile *p,
			sk_output *out)
{
	sk_error err;

	if (!out && open_output(c, job, &out, 1) < 0)
		return -1;
	if (job->to->write(p, &job->ctx, out, &err) < 0) {
		cli_guard_done();
		sk_output_abort(out);
		cli_print_error(c, &err);
		return -1;
	}
	return close_output(c, out);
}

/* One input converted to its own format with nothing in between goes
 * through the format's rewrite hook when it has one (sk_rewrite_file),
 * into an output opened first.  Returns 1 when done (rc set), 0 to go the
 * usual way, with *out the still-open output (or NULL: then it opens
 * after reading, as always, so its errors come in the usual order). */
static int try_rewrite(const cli *c, struct job *job, char **inputs, int n,
		       sk_output **out, int *rc)
{
	sk_error err;
	int done;

	*out = NULL;
	if (n != 1 || strcmp(inputs[0], "-") == 0 || !job->to->rewrite ||
	    job->filter || job->sample_type || job->ctx.want_timeline ||
	    open_output(c, job, out, 0) < 0)
		return 0;
	done = sk_rewrite_file(inputs[0], job->from, job->to, &job->ctx, *out,
			       &err);
	if (done == 0)
		return 0;
	if (done < 0) {
		cli_guard_done();
		sk_output_abort(*out);
		cli_print_error(c, &err);
		*rc = EXIT_TROUBLE;
	} else {
		*rc = close_output(c, *out) < 0 ? EXIT_TROUBLE : EXIT_OK;
	}
	*out = NULL;
	return 1;
}

int main(int argc, char **argv)
{
	struct job job;
	sk_profile *p = NULL;
	sk_output *early = NULL;	/* opened before reading */
	sk_error err;
	progress pr;
	struct warn_target warn_to;
	cli c;
	int rc;

	memset(&job, 0, sizeof job);
	sk_options_init(&job.options);
	sk_context_init(&job.ctx, &job.options);
	if (cli_init(&c, "stackconv", own_options) < 0)
		return EXIT_TROUBLE;
	job.ctx.warn = cli_warn;
	job.ctx.warn_arg = &c;
	cli_set_argv0(&c, argv);
	rc = parse_args(&c, argc, argv, &job);
	if (rc != 0) {
		rc = rc > 0 ? cli_finish_stdout(&c) : EXIT_TROUBLE;
		goto out;
	}
	rc = EXIT_TROUBLE;
	if (pick_output_format(&c, &job) < 0)
		goto out;
	/* Compiled before reading: a bad expression fails fast. */
	if (sk_filter_options_from(&job.options, &job.filter, &err) < 0) {
		cli_print_error(&c, &err);
		goto out;
	}
	progress_init(&pr, c.prog, stderr, job.progress_mode);
	job.ctx.progress = progress_report;
	job.ctx.progress_arg = &pr;
	warn_to.c = &c;
	warn_to.pr = &pr;
	job.ctx.warn = warn_over_progress;
	job.ctx.warn_arg = &warn_to;
	if (try_rewrite(&c, &job, argv + optind, argc - optind, &early, &rc))
		goto out;
	rc = EXIT_TROUBLE;
	p = read_inputs(&c, &job, argv + optind, argc - optind);
	if (!p || select_value_type(&c, &job, p) < 0)
		goto out;
	if (!(p = apply_filters(&c, &job, p)))
		goto out;
	rc = write_output(&c, &job, p, early) < 0 ? EXIT_TROUBLE : EXIT_OK;
	early = NULL;
out:
	if (early) {
		cli_guard_done();
		sk_output_abort(early);
	}
	sk_profile_free(p);
	sk_filter_free(job.filter);
	sk_options_free(&job.options);
	cli_free(&c);
	return rc;
}
