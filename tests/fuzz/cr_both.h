/*
 * cr_both.h - converts a folded text to folded both ways, by the
 * collapsed format's rewrite path (formats/collapsed_rewrite.c) and by
 * the model (the format's read, sk_read_finish, its write), and says
 * whether they agree: shared by the unit test
 * (tests/unit/test_collapsed_rewrite.c) and the differential fuzz harness
 * (tests/fuzz/fuzz_collapsed_rewrite.c).  Links against the library's
 * internals (tests/libstackkit-all.la).
 */
#ifndef STACKKIT_CR_BOTH_H
#define STACKKIT_CR_BOTH_H

#include <stddef.h>

enum {
	CR_BOTH_DECLINED = 0,	/* the rewrite declined, writing nothing */
	CR_BOTH_SAME = 1,	/* the model's bytes, or its error */
	CR_BOTH_DIFFER = -1
};

/* How the rewrite runs: threads (0 = all cores), bytes per unit (0 = the
 * default; small ones split small texts) and --no-demangle. */
struct cr_both_opts {
	unsigned threads;
	size_t unit_bytes;
	int keep_mangled;
};

/* Runs both; on CR_BOTH_DIFFER, why says what differs. */
int cr_both_run(const char *name, const void *data, size_t len,
		const struct cr_both_opts *o, char *why, size_t why_cap);

#endif
