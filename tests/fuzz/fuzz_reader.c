/*
 * fuzz_reader.c - libFuzzer harness for one format's reader, chosen at
 * build time with -DSK_FUZZ_FORMAT="name" (one binary per format).
 *
 * Each input is read from memory under small limits (so the fuzzer hunts
 * for crashes, not for slow giant allocations); when it reads, the profile
 * is also written back as collapsed and, if the format has a writer, in its
 * own format, so writers see whatever odd profiles readers can produce.
 *
 *   ./configure --enable-fuzzing CC=clang && make tests/fuzz/fuzz_perf
 *   tests/fuzz/fuzz_perf -max_total_time=600 corpus-dir/
 */
#include <stackkit/stackkit.h>
#include <stddef.h>
#include <stdint.h>

#ifndef SK_FUZZ_FORMAT
#error "build with -DSK_FUZZ_FORMAT=\"format name\""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_as(const sk_format *f, const sk_profile *p,
		     const sk_context *ctx)
{
	sk_output *out = sk_output_open_memory();
	sk_error err;

	if (f && f->write && f->write(p, ctx, out, &err) < 0) {
		sk_output_abort(out);
		return;
	}
	sk_output_close(out, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const sk_format *f = sk_format_find(SK_FUZZ_FORMAT);
	sk_options opts;
	sk_context ctx;
	sk_input *in;
	sk_profile *p;
	sk_error err;

	if (!f || !f->read)
		return 0;
	sk_options_init(&opts);
	sk_context_init(&ctx, &opts);
	ctx.threads = 1 + (size & 1);	/* both the serial and parallel paths */
	ctx.limits.max_input_bytes = 16u << 20;
	ctx.limits.max_line_bytes = 1u << 20;
	ctx.limits.max_string_bytes = 64u << 10;
	ctx.limits.max_depth = 4096;
	if (sk_input_open_memory(&in, "fuzz", data, size, &ctx.limits, &err) < 0)
		return 0;
	if (f->probe)
		(void)f->probe(data, size);
	p = sk_profile_new();
	if (f->read(in, &ctx, p, &err) == 0) {
		write_as(sk_format_find("collapsed"), p, &ctx);
		write_as(f, p, &ctx);
	}
	sk_profile_free(p);
	sk_input_close(in);
	sk_options_free(&opts);
	return 0;
}
