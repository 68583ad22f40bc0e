/*
 * fuzz_cp_fast.c - libFuzzer harness for the .cpuprofile fast path
 * (formats/cpuprofile/cp_fast.c): every input is read by it and by
 * cJSON's path (tests/fuzz/cp_both.c), which must agree: the same error or
 * the same outputs, or a decline that left the profile untouched.  A
 * difference aborts like a crash.  The general cpuprofile harness
 * (fuzz_cpuprofile) runs the fast path too, without the comparison.
 *
 *   ./configure --enable-fuzzing CC=clang && make tests/fuzz/fuzz_cp_fast
 *   tests/fuzz/fuzz_cp_fast -max_total_time=600 corpus-dir/
 */
#include "tests/fuzz/cp_both.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[2048];

	if (cp_both_read("fuzz", data, size, why, sizeof why) ==
	    CP_BOTH_DIFFER) {
		fprintf(stderr, "fuzz_cp_fast: %s\n", why);
		abort();
	}
	return 0;
}
