/*
 * cp_both.h - reads a V8 profile's text both ways, by the .cpuprofile fast
 * path (formats/cpuprofile/cp_fast.c) and by cJSON, and says whether they
 * agree: shared by the unit test (tests/unit/test_cp_fast.c) and the
 * differential fuzz harness (tests/fuzz/fuzz_cp_fast.c).  Links against
 * the library's internals (tests/libstackkit-all.la).
 */
#ifndef STACKKIT_CP_BOTH_H
#define STACKKIT_CP_BOTH_H

#include <stddef.h>

enum { CP_BOTH_DECLINED = 0, CP_BOTH_SAME = 1, CP_BOTH_DIFFER = -1 };

/* CP_BOTH_DECLINED when the fast path leaves the text to cJSON (and left
 * the profile untouched), CP_BOTH_SAME when it read it with the same
 * result as cJSON's path (the same error, or the same collapsed,
 * cpuprofile and pprof outputs), else CP_BOTH_DIFFER with what differs in
 * why. */
int cp_both_read(const char *name, const unsigned char *data, size_t len,
		 char *why, size_t why_cap);

#endif
