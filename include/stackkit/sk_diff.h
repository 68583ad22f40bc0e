/*
 * sk_diff.h - the differential engine: two sides (base and new) of one or
 * more profiles each, aligned by frame identity, with per-stack and
 * per-function changes, their significance and a CI gate.
 *
 * Alignment projects every run (sk_profile_project) through a frame key:
 * the name (with "0x..." for hex under SK_DIFF_STRIP_HEX) and, when both
 * sides have them, the module's base name, the file and the line (less
 * what the SK_DIFF_IGNORE_* flags drop).  Threads become root frames and
 * kinds become FlameGraph marks as the view options say (--pid, --tid,
 * --no-comm, --kernel, --jit), so a perf script aligns with the folded
 * stacks stackcollapse-perf.pl made of it.
 *
 * The result is a differential profile in the shape the SVG writer draws
 * (sk_profile.h, SK_VALUE_BASELINE): two value types of one unit, the base
 * column flagged and the new column the default.  With several runs a side
 * is their mean; SK_DIFF_NORMALIZE scales the base to the new total and
 * truncates like difffolded.pl's -n (Perl's int()).
 *
 * Significance, per function (total share, recursion counted once per
 * stack): with one run on either side, a two-proportion z-test on sample
 * counts (the value type itself when its unit is "count", else a count
 * column of the same profiles, else no test: every change then counts as
 * significant); with two or more runs on
 * both sides, Welch's t-test on the per-run shares.  p-values are
 * Holm-corrected over the functions compared.
 */
#ifndef STACKKIT_SK_DIFF_H
#define STACKKIT_SK_DIFF_H

#include <stddef.h>
#include "sk_buf.h"
#include "sk_error.h"
#include "sk_format.h"
#include "sk_io.h"
#include "sk_profile.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

enum {
	SK_DIFF_STRIP_HEX = 1,		/* 0x1234 -> 0x... in names */
	SK_DIFF_IGNORE_LINES = 2,	/* line numbers are not identity */
	SK_DIFF_IGNORE_MODULES = 4,	/* modules (dsos) are not identity */
	SK_DIFF_NORMALIZE = 8		/* base scaled to the new total */
};

typedef struct sk_diff_options {
	unsigned flags;			/* SK_DIFF_* */
	/* "type", "type/unit" or an index, matched by name on every run;
	 * NULL: the default value type when every run's default has the
	 * same type and unit, else the first of the first base run's types
	 * that every run has. */
	const char *sample_type;
	/* Thread roots and marks (sk_view_options_from); NULL = defaults. */
	const sk_options *view_options;
	double alpha;			/* significance level; 0 = 0.01 */
	sk_warn_fn warn;		/* may be NULL */
	void *warn_arg;
} sk_diff_options;

void sk_diff_options_init(sk_diff_options *o);

/* One input profile; name (a file name) is for messages. */
typedef struct sk_diff_run {
	const sk_profile *profile;
	const char *name;
} sk_diff_run;

typedef struct sk_diff sk_diff;

/* NULL with err set when the runs cannot be compared (no common value
 * type, units that differ, an empty side). */
sk_diff *sk_diff_build(const sk_diff_run *base, size_t nbase,
		       const sk_diff_run *after, size_t nafter,
		       const sk_diff_options *o, sk_error *err);
void sk_diff_free(sk_diff *d);

/* The differential profile, owned by d. */
const sk_profile *sk_diff_profile(const sk_diff *d);

/* A base value, a new value, the change and the change of the share of
 * each side's total, in percentage points. */
typedef struct sk_diff_values {
	double base;
	double after;
	double delta;
	double delta_pp;
} sk_diff_values;

enum sk_diff_test {
	SK_DIFF_TEST_NONE = 0,		/* no counts: changes untested */
	SK_DIFF_TEST_PROPORTIONS,	/* two-proportion z-test on counts */
	SK_DIFF_TEST_WELCH		/* Welch's t-test on per-run shares */
};

typedef struct sk_diff_summary {
	const char *type;		/* the value type compared */
	const char *unit;
	size_t base_runs, after_runs;
	double base_total, after_total;	/* as in the profile (means) */
	int test;			/* enum sk_diff_test */
	const char *count_type;		/* "type/unit" tested, proportions */
	double alpha;
	size_t functions_tested;	/* m of the Holm correction */
	int normalized;
} sk_diff_summary;

const sk_diff_summary *sk_diff_summary_get(const sk_diff *d);

typedef struct sk_diff_function {
	const char *name;		/* as drawn, marks included */
	const char *module;		/* "" unless modules are identity */
	sk_diff_values self;
	sk_diff_values total;
	double p;			/* Holm-adjusted; 1 when untested */
	int significant;		/* p <= alpha (never when untested) */
} sk_diff_function;

/* Functions with weight on either side, largest absolute total delta
 * first (ties by name, then module). */
size_t sk_diff_function_count(const sk_diff *d);
const sk_diff_function *sk_diff_function_get(const sk_diff *d, size_t i);

typedef struct sk_diff_stack {
	const char *stack;		/* frame names joined by ';' */
	sk_diff_values v;		/* self weights of the stack */
} sk_diff_stack;

/* Stacks with self weight on either side, by stack (bytewise). */
size_t sk_diff_stack_count(const sk_diff *d);
const sk_diff_stack *sk_diff_stack_get(const sk_diff *d, size_t i);

/* The CI gate; a negative threshold is off. */
typedef struct sk_diff_gate {
	double max_increase_pp;		/* --fail-on-increase */
	double max_total_pct;		/* --fail-on-total */
} sk_diff_gate;

/* Appends one line per offender to lines ("NAME: what") and returns their
 * number: functions whose total share grew by more than max_increase_pp
 * significantly, and the total when it grew by more than max_total_pct
 * percent. */
size_t sk_diff_gate_check(const sk_diff *d, const sk_diff_gate *g,
			  sk_buf *lines);

/* The reports: difffolded.pl's "stack base new" lines, sorted; a table of
 * the top largest changes (0 = all); the JSON document of
 * man/stackdiff.1 (gate may be NULL). */
void sk_diff_write_collapsed(const sk_diff *d, sk_output *out);
void sk_diff_write_text(const sk_diff *d, size_t top, sk_output *out);
void sk_diff_write_json(const sk_diff *d, const sk_diff_gate *gate,
			size_t top, sk_output *out);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
