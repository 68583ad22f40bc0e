/*
 * diff_internal.h - what the parts of the diff engine share: the result
 * (struct sk_diff) and the per-node columns alignment hands to the tables
 * (diff_tables.c), from which functions, stacks and significance come.
 */
#ifndef STACKKIT_DIFF_INTERNAL_H
#define STACKKIT_DIFF_INTERNAL_H

#include <stackkit/sk_diff.h>

struct sk_diff {
	sk_profile *profile;		/* the differential profile */
	sk_diff_summary summary;
	char *type, *unit, *count_type;	/* the summary's strings */
	double base_shown, after_shown;	/* column totals of the profile */
	sk_diff_function *functions;
	size_t nfunctions;
	sk_diff_stack *stacks;
	size_t nstacks;
	sk_buf names;			/* the strings the two tables point to */
};

/* Self weights per node of the differential profile (nnodes entries
 * each): the two columns drawn, then every run's values and, where it has
 * them, its sample counts (count[r] is NULL when run r has none).  Runs
 * are the base runs, then the new ones. */
typedef struct diff_columns {
	size_t nnodes;
	size_t nbase, nafter;
	double *shown[2];
	double **value;
	double **count;
} diff_columns;

/* Fills d's functions, stacks and the summary's test fields. */
void diff_tables_build(sk_diff *d, const diff_columns *c, double alpha);

/* The share change, in percentage points, from base of base_total to
 * after of after_total. */
double diff_delta_pp(double base, double base_total, double after,
		     double after_total);

#endif
