/*
 * sk_io.h - reading inputs and writing outputs.
 *
 * Inputs come from a file, stdin ("-") or memory.  gzip is recognised by its
 * magic bytes (1f 8b) and inflated transparently, under a limit on the
 * decompressed size.  Readers either stream (sk_input_read), take the whole
 * content (sk_input_slurp), or, for a plain regular file, map it themselves
 * (sk_input_plain_fd) to parse in parallel.
 *
 * Outputs go to stdout or to a named file.  A named file is written to a
 * temporary file in the same directory and renamed over the target only by
 * sk_output_close() on success, so a failed run never leaves a half-written
 * or clobbered file.  Names ending in ".gz" (or an explicit request) gzip the
 * stream.
 */
#ifndef STACKKIT_SK_IO_H
#define STACKKIT_SK_IO_H

#include <stddef.h>
#include <stdint.h>
#include "sk_error.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

/* Explicit limits against hostile or broken inputs.  Documented in README. */
typedef struct sk_limits {
	uint64_t max_input_bytes;	/* after decompression; 4 GiB */
	uint64_t max_line_bytes;	/* one text line; 64 MiB */
	uint64_t max_string_bytes;	/* one frame name or string; 1 MiB */
	uint64_t max_depth;		/* frames in one stack; 1,048,576 */
} sk_limits;

void sk_limits_default(sk_limits *l);

typedef struct sk_input sk_input;

/* path "-" (or NULL) is stdin.  The limits are copied. */
int sk_input_open(sk_input **in, const char *path, const sk_limits *lim,
		  sk_error *err);
/* An input over caller-owned memory that must outlive the input. */
int sk_input_open_memory(sk_input **in, const char *name, const void *data,
			 size_t len, const sk_limits *lim, sk_error *err);
void sk_input_close(sk_input *in);

/* The name for messages: the path, or "<stdin>". */
const char *sk_input_name(const sk_input *in);
const sk_limits *sk_input_limits(const sk_input *in);
int sk_input_is_gzip(const sk_input *in);

/* The first bytes of the (decompressed) content, for probing: up to cap
 * bytes, fewer only at end of input.  Does not consume them. */
int sk_input_peek(sk_input *in, size_t cap, const unsigned char **data,
		  size_t *len, sk_error *err);

/* Streams the content.  *got == 0 means end of input. */
int sk_input_read(sk_input *in, void *buf, size_t cap, size_t *got,
		  sk_error *err);

/* The whole remaining content.  The buffer belongs to the input and stays
 * valid until sk_input_close; it is NUL-terminated (not counted in len). */
int sk_input_slurp(sk_input *in, const unsigned char **data, size_t *len,
		   sk_error *err);

/* 1 when data that is not gzip followed the last gzip member (ignored,
 * as gzip -d ignores it), with its byte offset in the file. */
int sk_input_trailing_data(const sk_input *in, uint64_t *offset);
/* For a regular, uncompressed file of which nothing has been consumed:
 * returns its descriptor and size so a reader can map it; else -1. */
int sk_input_plain_fd(sk_input *in, uint64_t *size);

/* Bytes delivered so far (for offsets in messages). */
uint64_t sk_input_offset(const sk_input *in);

/* Progress of reading an input, for a command's progress line: bytes
 * taken from the source so far (compressed bytes of a gzip file), the
 * source's size (0 when unknown: a pipe), and done, 1 in the last call,
 * made when the input is closed.  Calls come at most every 100 ms while
 * the input is read (SK_PROGRESS_INTERVAL_NS), from the thread reading it
 * (or from the reader's threads, one at a time).  The input layer only
 * measures; what to show, if anything, is the callback's choice. */
typedef void (*sk_progress_fn)(void *arg, const char *name, uint64_t bytes,
			       uint64_t size, int done);
#define SK_PROGRESS_INTERVAL_NS 100000000LL
void sk_input_set_progress(sk_input *in, sk_progress_fn fn, void *arg);
/* For readers that map the file themselves (sk_input_plain_fd): the bytes
 * of it they are done with.  Callers on several threads serialize. */
void sk_input_note_progress(sk_input *in, uint64_t bytes);

typedef struct sk_output sk_output;

/* path NULL or "-" is stdout.  gzip: 1 = compress, 0 = plain, -1 = decide by
 * the name (".gz" suffix). */
int sk_output_open(sk_output **out, const char *path, int gzip, sk_error *err);
/* An output into memory (tests, fuzzing); see sk_output_memory. */
sk_output *sk_output_open_memory(void);
const char *sk_output_name(const sk_output *out);
/* The temporary file a named output is written to until sk_output_close
 * renames it (NULL for stdout and memory): a program removes it when a
 * signal or an allocation failure ends it early. */
const char *sk_output_temp_path(const sk_output *out);
/* Allowed before the first byte is written. */
void sk_output_set_gzip(sk_output *out, int gzip);
int sk_output_gzip(const sk_output *out);
/* With threads > 1 (and before the first byte), gzip output to a file or
 * stdout is compressed on a thread of its own while the writer goes on;
 * the bytes are the same as with one thread. */
void sk_output_set_threads(sk_output *out, unsigned threads);

void sk_output_write(sk_output *out, const void *data, size_t len);
void sk_output_puts(sk_output *out, const char *s);
void sk_output_printf(sk_output *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Flushes, and for a named file renames the temporary over the target.  The
 * first write error is reported here.  Frees out in every case. */
int sk_output_close(sk_output *out, sk_error *err);
/* Drops everything written; a named target stays untouched.  Frees out. */
void sk_output_abort(sk_output *out);
/* Memory outputs: the bytes written so far (before gzip is not applied). */
const char *sk_output_memory(const sk_output *out, size_t *len);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
