/*
 * fuzz_reader.c - libFuzzer harness for one format's reader, chosen at
 * build time with -DSK_FUZZ_FORMAT="name" (one binary per format).
 *
 * Each input is read from memory, serially, under small limits (so the
 * fuzzer hunts for crashes, not for slow giant allocations); when it reads,
 * the profile is also written back as collapsed and, if the format has a
 * writer, in its own format, so writers see whatever odd profiles readers
 * can produce.
 *
 * Odd-sized inputs are also read a second way: from a regular file opened
 * by name, as stackconv opens one, with two threads and work units of a few
 * hundred bytes or less, so that perf's parallel file path splits even
 * small inputs; and from memory again with those settings (perf's stream
 * path, parallel too).  Readers promise the same profile every way, so
 * the collapsed outputs must match, and the reads must succeed or fail
 * alike; a difference aborts like a crash.  The file is a memfd: it lives in
 * memory, is made once per process and is rewritten for every input.
 *
 *   ./configure --enable-fuzzing CC=clang && make tests/fuzz/fuzz_perf
 *   tests/fuzz/fuzz_perf -max_total_time=600 corpus-dir/
 */
#include <stackkit/stackkit.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SK_FUZZ_FORMAT
#error "build with -DSK_FUZZ_FORMAT=\"format name\""
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The memfd odd-sized inputs go through, and the name that opens it.
 * Harness state, not library state: one fuzzer process, one file. */
static int file_fd = -1;
static char file_path[64];

static void context_for_fuzzing(sk_context *ctx, const sk_options *opts)
{
	sk_context_init(ctx, opts);
	ctx->threads = 1;
	ctx->limits.max_input_bytes = 16u << 20;
	ctx->limits.max_line_bytes = 1u << 20;
	ctx->limits.max_string_bytes = 64u << 10;
	ctx->limits.max_depth = 4096;
}

/* Writes p in format f (when it has a writer); returns a copy of the bytes
 * written, or NULL when writing fails or copy is 0. */
static char *write_as(const sk_format *f, const sk_profile *p,
		      const sk_context *ctx, int copy)
{
	sk_output *out = sk_output_open_memory();
	const char *bytes;
	char *text = NULL;
	size_t len;
	sk_error err;

	if (!f || !f->write || f->write(p, ctx, out, &err) < 0) {
		sk_output_abort(out);
		return NULL;
	}
	bytes = sk_output_memory(out, &len);
	if (copy) {
		text = malloc(len + 1);
		if (!text)
			abort();
		memcpy(text, bytes, len);
		text[len] = '\0';
	}
	sk_output_close(out, &err);
	return text;
}

/* After a successful read: both writers run, the collapsed text is
 * returned for comparison.  NULL when the read failed. */
static char *finish(const sk_format *f, sk_profile *p, const sk_context *ctx,
		    int read_rc)
{
	char *collapsed = NULL;

	if (read_rc == 0) {
		collapsed = write_as(sk_format_find("collapsed"), p, ctx, 1);
		(void)write_as(f, p, ctx, 0);
	}
	sk_profile_free(p);
	return collapsed;
}

/* NULL from a failed read; "" would be a successful, empty profile. */
static char *read_from_memory(const sk_format *f, const uint8_t *data,
			      size_t size, const sk_context *ctx)
{
	sk_input *in;
	sk_profile *p;
	sk_error err;
	char *collapsed;
	int rc;

	if (sk_input_open_memory(&in, "fuzz", data, size, &ctx->limits,
				 &err) < 0)
		return NULL;
	if (f->probe)
		(void)f->probe(data, size);
	p = sk_profile_new();
	/* as sk_read_file does, so both paths must agree */
	rc = f->read(in, ctx, p, &err);
	if (rc == 0)
		rc = sk_read_finish(p, f, ctx, "fuzz", &err);
	collapsed = finish(f, p, ctx, rc);
	sk_input_close(in);
	return collapsed;
}

static void put_in_file(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(file_fd, 0) < 0)
		abort();
	while (done < size) {
		ssize_t n = pwrite(file_fd, data + done, size - done,
				   (off_t)done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
}

static char *read_from_file(const sk_format *f, const uint8_t *data,
			    size_t size, const sk_context *ctx)
{
	sk_profile *p = sk_profile_new();
	sk_error err;

	put_in_file(data, size);
	return finish(f, p, ctx, sk_read_file(file_path, f, ctx, p, &err));
}

static void expect_same(const char *from_memory, const char *other,
			const char *how)
{
	if (!from_memory != !other) {
		fprintf(stderr, "fuzz_reader: the read from memory %s, the "
			"read %s %s\n", from_memory ? "succeeds" : "fails",
			how, other ? "succeeds" : "fails");
		abort();
	}
	if (from_memory && strcmp(from_memory, other) != 0) {
		fprintf(stderr, "fuzz_reader: the collapsed outputs differ\n"
			"--- from memory:\n%s--- %s:\n%s", from_memory, how,
			other);
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	file_fd = memfd_create("fuzz_reader", MFD_CLOEXEC);
	snprintf(file_path, sizeof(file_path), "/proc/self/fd/%d", file_fd);
	if (file_fd < 0 || access(file_path, R_OK) != 0) {
		/* Without it half of the harness would silently not run. */
		fprintf(stderr, "fuzz_reader: needs memfd_create and /proc\n");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const sk_format *f = sk_format_find(SK_FUZZ_FORMAT);
	sk_options opts;
	sk_context ctx;
	char *from_memory, *from_file;

	if (!f || !f->read)
		return 0;
	sk_options_init(&opts);
	context_for_fuzzing(&ctx, &opts);
	from_memory = read_from_memory(f, data, size, &ctx);
	if (size & 1) {
		ctx.threads = 2;
		/* From 1 byte (every line its own window) up to 256. */
		ctx.unit_bytes = 1 + (size >> 1) % 256;
		from_file = read_from_file(f, data, size, &ctx);
		expect_same(from_memory, from_file, "from a file, 2 threads");
		free(from_file);
		/* perf's stream path, parallel too (standard input). */
		from_file = read_from_memory(f, data, size, &ctx);
		expect_same(from_memory, from_file, "from memory, 2 threads");
		free(from_file);
	}
	free(from_memory);
	sk_options_free(&opts);
	return 0;
}
