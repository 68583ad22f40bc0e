/*
 * fuzz_collapsed_rewrite.c - libFuzzer harness for the collapsed format's
 * rewrite path (formats/collapsed_rewrite.c): every input goes through it
 * and through the model (tests/fuzz/cr_both.c), which must agree: the same
 * bytes or the same error, or a decline that wrote nothing.  A difference
 * aborts like a crash.  The input's first byte picks the thread count and
 * the unit size, so that small inputs are split too.
 *
 *   ./configure --enable-fuzzing CC=clang && make tests/fuzz/fuzz_collapsed_rewrite
 *   tests/fuzz/fuzz_collapsed_rewrite -max_total_time=600 corpus-dir/
 */
#include "tests/fuzz/cr_both.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cr_both_opts o = { 1, 0, 0 };
	char why[2048];

	if (size > 0) {
		o.threads = 1 + (data[0] & 3);
		o.unit_bytes = (size_t)(data[0] >> 2 & 15) * 3;
		o.keep_mangled = data[0] >> 6 & 1;
		data++;
		size--;
	}
	if (cr_both_run("fuzz", data, size, &o, why, sizeof why) ==
	    CR_BOTH_DIFFER) {
		fprintf(stderr, "fuzz_collapsed_rewrite: %s\n", why);
		abort();
	}
	return 0;
}
