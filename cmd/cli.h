/*
 * cli.h - what every stackkit command shares: the option table (common
 * options plus every option the registered formats declare), messages in the
 * "cmd: file:line: what" shape, and the exit codes of DESIGN.md.
 */
#ifndef STACKKIT_CLI_H
#define STACKKIT_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <stackkit/stackkit.h>

enum { EXIT_OK = 0, EXIT_DIFFERENT = 1, EXIT_TROUBLE = 2 };

/* A command's own option: `val` is what getopt_long returns. */
typedef struct cli_option {
	const char *name;
	int has_arg;
	int val;
	const char *arg;
	const char *help;
} cli_option;

/* Option values >= CLI_FORMAT_OPTION index the format options. */
enum { CLI_FORMAT_OPTION = 1000 };

typedef struct cli {
	const char *prog;
	struct option *longopts;	/* command's + formats' */
	const sk_option_spec **format_specs;	/* by val - CLI_FORMAT_OPTION */
	size_t nformat_specs;
	int quiet;
} cli;

/* -1 (after saying why) when two options share a name: see sk_format.h.
 * Also installs the guard (cli_guard_init). */
int cli_init(cli *c, const char *prog, const cli_option *own);
void cli_free(cli *c);
/* Handles a getopt value >= CLI_FORMAT_OPTION by storing it in opts;
 * returns 1 if it did. */
int cli_take_format_option(cli *c, int val, const char *arg, sk_options *opts);
void cli_print_options(const cli *c, const cli_option *own, FILE *f);
/* One line per format: name, "rw" (a '-' for what it cannot), description.
 * Scripts (.ci/run, tests/cli/all-formats.sh) read the first two fields. */
void cli_print_formats(FILE *f);
void cli_print_error(const cli *c, const sk_error *err);
void cli_usage_error(const cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* sk_warn_fn printing "prog: warning: message" unless quiet. */
void cli_warn(void *c, const char *message);
/* Every numeric option goes through these, strictly: the whole string,
 * digits only (no sign, no blank), no overflow, in range; -1 otherwise.
 * Sizes may end in K, M, G or T (powers of 1024): 4G, 512M, 100000. */
int cli_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int cli_parse_size(const char *s, uint64_t *out);
void cli_print_version(const cli *c);

/* The exit status after printing --help, --version or --list-formats:
 * EXIT_TROUBLE, with a message, when standard output could not take it. */
int cli_finish_stdout(const cli *c);
/* Makes getopt's own messages start with the command's name. */
void cli_set_argv0(const cli *c, char **argv);

/* guard.c: signals and allocation failure end the command with exit 2
 * and remove the temporary file of the output being written. */
void cli_guard_init(const char *prog);
/* The output being written (its temporary file, if it has one). */
void cli_guard_output(const sk_output *out);
/* Before the output is closed or aborted. */
void cli_guard_done(void);

#endif
