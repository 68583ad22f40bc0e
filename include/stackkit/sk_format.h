/*
 * sk_format.h - the format registry and the context readers and writers run
 * in.
 *
 * Each format (formats/NAME.c) defines one `const sk_format sk_format_NAME`
 * and is listed by one line in formats/registry.def.  The core never includes
 * a format's header and formats never call each other.
 *
 * Detection follows FFmpeg's probe scores: every probe looks at the first
 * bytes (already gunzipped) and returns 0 (not mine) to SK_PROBE_MAX
 * (certain); the highest score wins.  A file extension alone is weak
 * evidence and only breaks ties.
 *
 * Format-specific options (perf's --pid, pprof's --label-frames) are declared
 * by the format in its sk_format entry; commands build their option parsers
 * from these declarations, so a new format's options need no command change.
 * Option names are one namespace: a format option's name must differ from
 * every other format's options and from every command's own options
 * (--from, --output, ...).  tests/unit/test_registry.c fails on two formats
 * declaring one name and commands refuse to start on any clash.  The same
 * sk_option_spec reached from several formats (a table the library could
 * offer to every name-only writer) is one option, not a clash; two specs of
 * one name are.  Names say which side they act on in their help text
 * ("perf input: ...").
 */
#ifndef STACKKIT_SK_FORMAT_H
#define STACKKIT_SK_FORMAT_H

#include <stddef.h>
#include "sk_error.h"
#include "sk_io.h"
#include "sk_profile.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

enum {
	SK_PROBE_MAX = 100,	/* magic number or marker: certain */
	SK_PROBE_STRONG = 75,	/* structure that only this format has */
	SK_PROBE_TEXT = 50,	/* a plausible line of this text format */
	SK_PROBE_WEAK = 25,	/* could be, could be something else */
	SK_PROBE_EXTENSION = 10	/* only the file name says so */
};

/* One option a format understands.  arg == NULL means a flag. */
typedef struct sk_option_spec {
	const char *name;	/* long option name without "--" */
	const char *arg;	/* placeholder for the argument, or NULL */
	const char *help;
} sk_option_spec;

/* Options as given on a command line: name/value pairs in order. */
typedef struct sk_options {
	size_t count;
	size_t cap;
	struct sk_option_value {
		char *name;
		char *value;	/* NULL for flags */
	} *items;
} sk_options;

void sk_options_init(sk_options *o);
void sk_options_set(sk_options *o, const char *name, const char *value);
/* The last value given for name, "" for a flag, NULL when absent. */
const char *sk_options_get(const sk_options *o, const char *name);
int sk_options_has(const sk_options *o, const char *name);
void sk_options_free(sk_options *o);

typedef void (*sk_warn_fn)(void *arg, const char *message);

/* What a reader or writer runs with.  Owned by the caller. */
typedef struct sk_context {
	const sk_options *options;
	sk_limits limits;
	unsigned threads;	/* 0 = all cores */
	/* Bytes per work unit of a parallel reader; 0 = the reader's own
	 * choice (megabytes).  Only tests and fuzzers set it, so that small
	 * inputs are split too. */
	size_t unit_bytes;
	/* Readers record the sample timeline only when the writer will use it
	 * (1 by default; commands clear it for writers without
	 * SK_FORMAT_USES_TIMELINE) so collapsing pays nothing for it. */
	int want_timeline;
	/* Names stay as read: sk_read_file skips sk_profile_demangle
	 * (--no-demangle). */
	int keep_mangled;
	/* Installed on every input sk_read_file opens (sk_io.h); NULL =
	 * none. */
	sk_progress_fn progress;
	void *progress_arg;
	sk_warn_fn warn;	/* may be NULL */
	void *warn_arg;
} sk_context;

void sk_context_init(sk_context *ctx, const sk_options *options);
/* Formats and prints a warning through ctx->warn, if set. */
void sk_warn(const sk_context *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
unsigned sk_context_threads(const sk_context *ctx);

typedef struct sk_format {
	const char *name;
	const char *const *aliases;	/* NULL-terminated, may be NULL */
	const char *const *extensions;	/* ".txt"-style, NULL-terminated */
	const char *description;	/* one line */
	/* Cheap: scores the first bytes.  NULL = never detected. */
	int (*probe)(const unsigned char *data, size_t len);
	/* Adds what `in` holds to p (which may already hold other inputs'
	 * data only through sk_profile_merge, never directly). NULL = no
	 * reader. */
	int (*read)(sk_input *in, const sk_context *ctx, sk_profile *p,
		    sk_error *err);
	/* NULL = no writer. */
	int (*write)(const sk_profile *p, const sk_context *ctx,
		     sk_output *out, sk_error *err);
	const sk_option_spec *options;	/* {NULL}-terminated, may be NULL */
	const char *preserves;		/* for the format table: what survives */
	unsigned flags;			/* SK_FORMAT_* */
	/* With SK_FORMAT_USES_TIMELINE: the option without which the writer
	 * ignores the timeline (the SVG writer's "flamechart"), so readers
	 * need not record it; NULL = the writer always uses it. */
	const char *timeline_option;
	/* Optional: rewrites one input of this format (opened and detected,
	 * nothing consumed) straight into this format's output, without the
	 * model, when that gives exactly the bytes read + write would (an
	 * aggregating text format's common case).  Returns 1 done, 0 declined
	 * having written nothing (the caller then reads and writes as usual,
	 * into the same open output), -1 on an error of the input (err set as
	 * the reader would set it).  NULL = never. */
	int (*rewrite)(sk_input *in, const sk_context *ctx, sk_output *out,
		       sk_error *err);
} sk_format;

enum {
	SK_FORMAT_USES_TIMELINE = 1	/* the writer emits time order */
};

/* Does writer `to`, run with opts, use the timeline (see timeline_option)? */
int sk_format_uses_timeline(const sk_format *to, const sk_options *opts);

/* The registry: a NULL-terminated table in registry.def order. */
const sk_format *const *sk_formats(void);
const sk_format *sk_format_find(const char *name_or_alias);
/* By the path's extension (after stripping ".gz"); NULL if none. */
const sk_format *sk_format_for_path(const char *path);
/* Highest probe score over data; ties go to the path's extension, then to
 * registry order.  NULL when every probe says 0. */
const sk_format *sk_format_detect(const unsigned char *data, size_t len,
				  const char *path, int *score);

/* Opens path, detects (or takes `forced`) and reads it into p.  The source
 * format's name goes into the metadata, and mangled names are demangled
 * (sk_demangle.h) unless ctx->keep_mangled. */
int sk_read_file(const char *path, const sk_format *forced,
		 const sk_context *ctx, sk_profile *p, sk_error *err);
/* For a single input whose format (detected, or `forced`) is `to`: runs
 * to->rewrite on it, so that reading and writing the same format can skip
 * the model.  Returns what the hook returns (1 written, -1 error), and 0
 * when it declines or does not apply (no hook, another format, stdin, an
 * input that cannot be opened or detected: sk_read_file then says why),
 * with nothing written to out.  The caller applies it only when nothing
 * would change the profile between reading and writing (one input, no
 * filter, no value type kept). */
int sk_rewrite_file(const char *path, const sk_format *forced,
		    const sk_format *to, const sk_context *ctx,
		    sk_output *out, sk_error *err);
/* Reads paths[0..n) and merges them, in order, into a new profile (NULL on
 * error, with the error of the first input that failed).  Inputs are read
 * on up to sk_context_threads(ctx) threads and merged as a tree whose
 * shape does not depend on the thread count: the result is the same bytes
 * with any number of threads.  Warnings come in input order.  Memory is
 * the merged profile plus a few inputs per thread.  "-" (standard input)
 * among the paths makes the read serial. */
sk_profile *sk_read_files(const char *const *paths, size_t n,
			  const sk_format *forced, const sk_context *ctx,
			  sk_error *err);
/* What every read ends with, for callers that run a reader themselves
 * (from memory, say): weights that sum to infinity are an error, the
 * source format's name goes into the metadata, and names are demangled
 * unless ctx->keep_mangled. */
int sk_read_finish(sk_profile *p, const sk_format *fmt, const sk_context *ctx,
		   const char *name, sk_error *err);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
