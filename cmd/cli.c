/*
 * cli.c - option tables, help, messages and version shared by the commands.
 *
 * Formats declare their options in the registry; the table getopt_long sees
 * is the command's own options followed by the filters' (sk_filter.h) and
 * every format option, so a new format's options appear in every command
 * without touching cmd/.  Filter and format options land in the sk_options
 * bag alike.  Names
 * must not clash (the rule is in sk_format.h); cli_init refuses to start
 * when they do.
 */
#include "cmd/cli.h"

#include <ctype.h>
#include <errno.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The index in opts[0..n) of the option called name, or -1. */
static long find_option(const struct option *opts, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(opts[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* Who declares spec, for the clash message: the filters or the first
 * format whose table holds it. */
static void owner_of(const sk_option_spec *spec, char *buf, size_t cap)
{
	const sk_format *const *f;
	size_t i;

	snprintf(buf, cap, "?");
	for (i = 0; sk_filter_option_specs()[i].name; i++)
		if (&sk_filter_option_specs()[i] == spec)
			snprintf(buf, cap, "the filters");
	for (f = sk_formats(); *f; f++)
		for (i = 0; (*f)->options && (*f)->options[i].name; i++)
			if (&(*f)->options[i] == spec) {
				snprintf(buf, cap, "format %s", (*f)->name);
				return;
			}
}

/* Is the name of spec (declared by owner) taken in longopts, `at` being its
 * index there or -1?  0: no; 1: by this very spec, which another format
 * lists too (allowed); -1: by another option, said on stderr.  Option names
 * are one namespace (sk_format.h): a clash is a bug of the build, not of the
 * command line, so it stops every run, and with it every test. */
static int name_taken(const cli *c, long at, const char *owner,
		       const sk_option_spec *spec)
{
	const sk_option_spec *other;
	char first[64];

	if (at < 0)
		return 0;
	if (c->longopts[at].val < CLI_FORMAT_OPTION) {
		fprintf(stderr, "%s: internal error: option --%s of %s is "
			"also an option of %s itself\n", c->prog, spec->name,
			owner, c->prog);
		return -1;
	}
	other = c->format_specs[c->longopts[at].val - CLI_FORMAT_OPTION];
	if (other == spec)
		return 1;
	owner_of(other, first, sizeof first);
	fprintf(stderr, "%s: internal error: option --%s is declared by both "
		"%s and %s\n", c->prog, spec->name, first, owner);
	return -1;
}

/* Appends the options of table s (declared by owner) to c->longopts[*n..)
 * as values >= CLI_FORMAT_OPTION; -1 on a clash. */
static int add_specs(cli *c, size_t *n, const char *owner,
		     const sk_option_spec *s)
{
	size_t i;

	for (i = 0; s && s[i].name; i++) {
		int taken = name_taken(c, find_option(c->longopts, *n,
						      s[i].name),
				       owner, &s[i]);
		if (taken < 0)
			return -1;
		if (taken)
			continue;
		c->format_specs[c->nformat_specs] = &s[i];
		c->longopts[*n].name = s[i].name;
		c->longopts[*n].has_arg = s[i].arg ? required_argument
						   : no_argument;
		c->longopts[*n].val = CLI_FORMAT_OPTION + (int)c->nformat_specs;
		c->nformat_specs++;
		(*n)++;
	}
	return 0;
}

int cli_init(cli *c, const char *prog, const cli_option *own)
{
	const sk_format *const *f;
	size_t n = 0, cap = 16, i;

	memset(c, 0, sizeof *c);
	c->prog = prog;
	cli_guard_init(prog);
#ifdef __GLIBC__
	/* Tables past 256 KiB get their own mappings, whatever was freed
	 * before: glibc's moving threshold would otherwise put the writer's
	 * large arrays in the heap after the reader freed its own, where
	 * growing one copies it and freed ones stay resident (perf-mixed
	 * bench profile to collapsed: 36.5 -> 31.7 MB peak).  The cost is
	 * fresh pages: pprof -> pprof of the bench's 200k samples takes 17%
	 * more page faults (39.8k -> 46.7k), within the noise of its time. */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
#endif
	for (i = 0; own[i].name; i++)
		cap++;
	for (f = sk_formats(); *f; f++)
		for (i = 0; (*f)->options && (*f)->options[i].name; i++)
			cap++;
	for (i = 0; sk_filter_option_specs()[i].name; i++)
		cap++;
	c->longopts = calloc(cap, sizeof *c->longopts);
	c->format_specs = calloc(cap, sizeof *c->format_specs);
	if (!c->longopts || !c->format_specs)
		abort();
	for (i = 0; own[i].name; i++, n++) {
		c->longopts[n].name = own[i].name;
		c->longopts[n].has_arg = own[i].has_arg;
		c->longopts[n].val = own[i].val;
	}
	if (add_specs(c, &n, "the filters", sk_filter_option_specs()) < 0) {
		cli_free(c);
		return -1;
	}
	for (f = sk_formats(); *f; f++) {
		char owner[64];

		snprintf(owner, sizeof owner, "format %s", (*f)->name);
		if (add_specs(c, &n, owner, (*f)->options) < 0) {
			cli_free(c);
			return -1;
		}
	}
	return 0;
}

void cli_free(cli *c)
{
	free(c->longopts);
	free(c->format_specs);
}

int cli_take_format_option(cli *c, int val, const char *arg, sk_options *opts)
{
	size_t i;

	if (val < CLI_FORMAT_OPTION)
		return 0;
	i = (size_t)(val - CLI_FORMAT_OPTION);
	if (i >= c->nformat_specs)
		return 0;
	sk_options_set(opts, c->format_specs[i]->name, arg);
	return 1;
}

static void print_one(FILE *f, char shortopt, const char *name,
		      const char *arg, const char *help)
{
	char left[64];

	if (shortopt)
		snprintf(left, sizeof left, "-%c, --%s%s%s", shortopt, name,
			 arg ? " " : "", arg ? arg : "");
	else
		snprintf(left, sizeof left, "    --%s%s%s", name,
			 arg ? " " : "", arg ? arg : "");
	fprintf(f, "  %-28s %s\n", left, help);
}

void cli_print_options(const cli *c, const cli_option *own, FILE *f)
{
	const sk_format *const *fmt;
	const sk_option_spec *spec;
	size_t i;

	fprintf(f, "Options:\n");
	for (i = 0; own[i].name; i++)
		print_one(f, own[i].val < 128 ? (char)own[i].val : 0,
			  own[i].name, own[i].arg, own[i].help);
	fprintf(f, "\nFilters (go tool pprof's; RE is a POSIX extended regular "
		"expression):\n");
	for (spec = sk_filter_option_specs(); spec->name; spec++)
		print_one(f, 0, spec->name, spec->arg, spec->help);
	for (fmt = sk_formats(); *fmt; fmt++) {
		const sk_option_spec *s = (*fmt)->options;
		int header = 0;
		for (i = 0; s && s[i].name; i++) {
			size_t k;
			int mine = 0;
			for (k = 0; k < c->nformat_specs; k++)
				mine |= c->format_specs[k] == &s[i];
			if (!mine)
				continue;
			if (!header++)
				fprintf(f, "\nOptions of the %s format:\n",
					(*fmt)->name);
			print_one(f, 0, s[i].name, s[i].arg, s[i].help);
		}
	}
}

void cli_print_formats(FILE *f)
{
	const sk_format *const *fmt;

	for (fmt = sk_formats(); *fmt; fmt++)
		fprintf(f, "%-12s %c%c  %s\n", (*fmt)->name,
			(*fmt)->read ? 'r' : '-', (*fmt)->write ? 'w' : '-',
			(*fmt)->description);
}

void cli_print_error(const cli *c, const sk_error *err)
{
	char buf[2048];

	fprintf(stderr, "%s: %s\n", c->prog, sk_error_format(err, buf, sizeof buf));
}

void cli_usage_error(const cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", c->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", c->prog);
}

void cli_warn(void *arg, const char *message)
{
	const cli *c = arg;

	if (!c->quiet)
		fprintf(stderr, "%s: warning: %s\n", c->prog, message);
}

/* Leading digits of s as a number, strictly: no sign, no blank, no
 * overflow.  *end is set past them; -1 when there are none or too many. */
static int parse_digits(const char *s, uint64_t *out, const char **end)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	*end = s;
	return 0;
}

int cli_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *end;
	uint64_t v;

	if (parse_digits(s, &v, &end) < 0 || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_size(const char *s, uint64_t *out)
{
	const char *end;
	unsigned shift = 0;
	uint64_t v;

	if (parse_digits(s, &v, &end) < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*out = v << shift;
	return 0;
}

void cli_print_version(const cli *c)
{
	printf("%s (stackkit) %s\n", c->prog, sk_version());
}

int cli_finish_stdout(const cli *c)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error on standard output: %s\n",
			c->prog, strerror(errno));
		return EXIT_TROUBLE;
	}
	return EXIT_OK;
}

void cli_set_argv0(const cli *c, char **argv)
{
	/* getopt's messages start with argv[0], which is libtool's
	 * "lt-stackconv" or a full path: say the command's name instead. */
	argv[0] = (char *)c->prog;
}
