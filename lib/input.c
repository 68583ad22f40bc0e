/*
 * input.c - sk_input: files, stdin and memory, with transparent gunzip.
 *
 * Layers: a raw source (fd or memory) feeds an optional inflater; decoded
 * bytes are served from `pending` first (what peek looked at), then decoded
 * on demand.  gzip is recognised by its two magic bytes, whatever the file
 * name says, and concatenated gzip members are read as one stream (as gzip
 * -d does).  The decompressed size is bounded by max_input_bytes so a small
 * "zip bomb" fails cleanly instead of filling memory.
 *
 * Progress is measured on the raw side (bytes read from the source, so a
 * gzip file's percentage is of its own size) and reported through an
 * optional callback, rate-limited here so that readers need not know.
 */
#include <stackkit/sk_io.h>
#include "lib/sk_util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

enum { RAW_CHUNK = 256 * 1024 };

struct sk_input {
	char *name;
	sk_limits lim;
	int fd;			/* -1 for memory */
	int owns_fd;
	int regular;
	uint64_t file_size;
	const unsigned char *mem;
	size_t mem_len, mem_pos;

	unsigned char *raw;	/* raw bytes read but not yet consumed */
	size_t raw_len, raw_pos;
	int raw_eof;
	uint64_t raw_offset;	/* raw bytes consumed (for gzip errors) */

	int gzip;
	int z_active;		/* inside a gzip member */
	unsigned members;	/* gzip members fully read */
	z_stream zs;

	unsigned char *pending;	/* decoded bytes not yet delivered */
	size_t pending_len, pending_pos, pending_cap;
	uint64_t decoded;	/* total decoded bytes (limit check) */
	uint64_t trailing_at;	/* 1 + offset of data after the gzip
				 * stream, 0 when there is none */
	uint64_t delivered;
	int started;		/* read/slurp consumed something */

	unsigned char *whole;	/* slurp result */

	sk_progress_fn progress;
	void *progress_arg;
	uint64_t progress_bytes;	/* raw bytes read (or noted) */
	int64_t progress_last;		/* ns of the last call */
};

void sk_limits_default(sk_limits *l)
{
	l->max_input_bytes = (uint64_t)4 << 30;
	l->max_line_bytes = (uint64_t)64 << 20;
	l->max_string_bytes = (uint64_t)1 << 20;
	l->max_depth = (uint64_t)1 << 20;
}

/* ---- progress ---- */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void sk_input_set_progress(sk_input *in, sk_progress_fn fn, void *arg)
{
	in->progress = fn;
	in->progress_arg = arg;
	in->progress_last = now_ns();
}

static void progress_advance(sk_input *in, uint64_t bytes)
{
	int64_t t;

	in->progress_bytes = bytes;
	if (!in->progress)
		return;
	t = now_ns();
	if (t - in->progress_last < SK_PROGRESS_INTERVAL_NS)
		return;
	in->progress_last = t;
	in->progress(in->progress_arg, in->name, bytes,
		     in->regular ? in->file_size : 0, 0);
}

void sk_input_note_progress(sk_input *in, uint64_t bytes)
{
	progress_advance(in, bytes);
}

/* ---- raw layer ---- */

static int raw_fill(sk_input *in, sk_error *err)
{
	ssize_t n;

	if (in->raw_pos < in->raw_len || in->raw_eof)
		return 0;
	in->raw_pos = in->raw_len = 0;
	if (in->fd < 0) {
		size_t left = in->mem_len - in->mem_pos;
		size_t take = left < RAW_CHUNK ? left : RAW_CHUNK;
		/* Memory inputs are copied chunk-wise so every path is the
		 * same and fuzzers see reads past the end as such. */
		memcpy(in->raw, in->mem + in->mem_pos, take);
		in->mem_pos += take;
		in->raw_len = take;
		in->raw_eof = take == 0;
		return 0;
	}
	do
		n = read(in->fd, in->raw, RAW_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return sk_error_set_file(err, in->name, "read error: %s",
					 strerror(errno));
	in->raw_len = (size_t)n;
	in->raw_eof = n == 0;
	progress_advance(in, in->progress_bytes + (uint64_t)n);
	return 0;
}

static int open_common(sk_input *in, sk_error *err)
{
	in->raw = sk_xmalloc(RAW_CHUNK);
	if (raw_fill(in, err) < 0)
		return -1;
	/* Two bytes decide: 1f 8b is gzip's magic.  A one-byte file holding
	 * 1f is simply text. */
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b)
		in->gzip = 1;
	return 0;
}

int sk_input_open(sk_input **out, const char *path, const sk_limits *lim,
		  sk_error *err)
{
	sk_input *in = sk_xcalloc(1, sizeof *in);
	struct stat st;

	*out = NULL;
	if (lim)
		in->lim = *lim;
	else
		sk_limits_default(&in->lim);
	if (!path || strcmp(path, "-") == 0) {
		in->name = sk_xstrdup("<stdin>");
		in->fd = 0;
	} else {
		in->name = sk_xstrdup(path);
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			sk_error_set_file(err, path, "cannot open: %s",
					  strerror(errno));
			sk_input_close(in);
			return -1;
		}
		in->owns_fd = 1;
	}
	if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		in->regular = 1;
		in->file_size = (uint64_t)st.st_size;
	} else if (in->owns_fd && S_ISDIR(st.st_mode)) {
		sk_error_set_file(err, path, "is a directory");
		sk_input_close(in);
		return -1;
	}
	if (open_common(in, err) < 0) {
		sk_input_close(in);
		return -1;
	}
	*out = in;
	return 0;
}

int sk_input_open_memory(sk_input **out, const char *name, const void *data,
			 size_t len, const sk_limits *lim, sk_error *err)
{
	sk_input *in = sk_xcalloc(1, sizeof *in);

	if (lim)
		in->lim = *lim;
	else
		sk_limits_default(&in->lim);
	in->name = sk_xstrdup(name ? name : "<memory>");
	in->fd = -1;
	in->mem = data;
	in->mem_len = len;
	if (open_common(in, err) < 0) {
		sk_input_close(in);
		*out = NULL;
		return -1;
	}
	*out = in;
	return 0;
}

void sk_input_close(sk_input *in)
{
	if (!in)
		return;
	if (in->progress)
		in->progress(in->progress_arg, in->name, in->progress_bytes,
			     in->regular ? in->file_size : 0, 1);
	if (in->z_active)
		inflateEnd(&in->zs);
	if (in->owns_fd)
		close(in->fd);
	free(in->name);
	free(in->raw);
	free(in->pending);
	free(in->whole);
	free(in);
}

const char *sk_input_name(const sk_input *in)
{
	return in->name;
}

const sk_limits *sk_input_limits(const sk_input *in)
{
	return &in->lim;
}

int sk_input_is_gzip(const sk_input *in)
{
	return in->gzip;
}

uint64_t sk_input_offset(const sk_input *in)
{
	return in->delivered;
}

/* ---- decoding layer ---- */

static int too_big(sk_input *in, sk_error *err)
{
	return sk_error_set_file(err, in->name,
		"input exceeds the limit of %" PRIu64 " bytes after "
		"decompression (--max-input-size)", in->lim.max_input_bytes);
}

/* Decodes up to cap bytes into dst; *got 0 = end of input. */
static int decode(sk_input *in, unsigned char *dst, size_t cap, size_t *got,
		  sk_error *err)
{
	*got = 0;
	if (!in->gzip) {
		if (raw_fill(in, err) < 0)
			return -1;
		size_t n = in->raw_len - in->raw_pos;
		if (n > cap)
			n = cap;
		memcpy(dst, in->raw + in->raw_pos, n);
		in->raw_pos += n;
		in->raw_offset += n;
		*got = n;
		return 0;
	}
	while (*got == 0) {
		int rc;
		if (raw_fill(in, err) < 0)
			return -1;
		if (in->raw_pos == in->raw_len) {
			if (in->z_active)
				return sk_error_set_file(err, in->name,
					"truncated gzip stream (ends inside "
					"compressed data)");
			return 0;
		}
		if (!in->z_active && in->members > 0 &&
		    in->raw[in->raw_pos] != 0x1f) {
			/* Padding after the last member (tape blocks, dd):
			 * gzip -d ignores it with a warning; so do we
			 * (sk_read_file warns). */
			in->trailing_at = in->raw_offset + 1;
			in->raw_eof = 1;
			in->raw_pos = in->raw_len;
			return 0;
		}
		if (!in->z_active) {
			memset(&in->zs, 0, sizeof in->zs);
			if (inflateInit2(&in->zs, 15 + 16) != Z_OK)
				return sk_error_set(err, "zlib: cannot initialise");
			in->z_active = 1;
		}
		in->zs.next_in = in->raw + in->raw_pos;
		in->zs.avail_in = (uInt)(in->raw_len - in->raw_pos);
		in->zs.next_out = dst;
		in->zs.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
		rc = inflate(&in->zs, Z_NO_FLUSH);
		in->raw_offset += (in->raw_len - in->raw_pos) - in->zs.avail_in;
		in->raw_pos = in->raw_len - in->zs.avail_in;
		*got = (size_t)(in->zs.next_out - dst);
		if (rc == Z_STREAM_END) {
			inflateEnd(&in->zs);
			in->z_active = 0;
			in->members++;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			return sk_error_set_offset(err, in->name, in->raw_offset,
				"corrupt gzip data: %s",
				in->zs.msg ? in->zs.msg : "inflate failed");
		}
	}
	in->decoded += *got;
	if (in->gzip && in->decoded > in->lim.max_input_bytes)
		return too_big(in, err);
	return 0;
}

int sk_input_peek(sk_input *in, size_t cap, const unsigned char **data,
		  size_t *len, sk_error *err)
{
	/* Compact, then decode until cap bytes are pending or input ends. */
	if (in->pending_pos) {
		memmove(in->pending, in->pending + in->pending_pos,
			in->pending_len - in->pending_pos);
		in->pending_len -= in->pending_pos;
		in->pending_pos = 0;
	}
	sk_xgrow((void **)&in->pending, &in->pending_cap, cap + 1, 1);
	while (in->pending_len < cap) {
		size_t got;
		if (decode(in, in->pending + in->pending_len,
			   cap - in->pending_len, &got, err) < 0)
			return -1;
		if (!got)
			break;
		in->pending_len += got;
	}
	*data = in->pending;
	*len = in->pending_len < cap ? in->pending_len : cap;
	return 0;
}

int sk_input_read(sk_input *in, void *buf, size_t cap, size_t *got,
		  sk_error *err)
{
	in->started = 1;
	if (in->pending_pos < in->pending_len) {
		size_t n = in->pending_len - in->pending_pos;
		if (n > cap)
			n = cap;
		memcpy(buf, in->pending + in->pending_pos, n);
		in->pending_pos += n;
		in->delivered += n;
		*got = n;
		return 0;
	}
	if (decode(in, buf, cap, got, err) < 0)
		return -1;
	in->delivered += *got;
	return 0;
}

/* Doubles the slurp buffer, but never past what the limit can need (the
 * limit, one byte that proves it passed, the NUL): at a 4 GiB limit a
 * plain doubling would ask for 8 GiB just to say "too big". */
static void grow_whole(sk_input *in, size_t *cap, uint64_t limit)
{
	size_t want = *cap * 2;

	if (limit < SIZE_MAX - 2 && want > limit + 2)
		want = (size_t)limit + 2;
	if (want <= *cap)
		want = *cap + 1;
	in->whole = sk_xrealloc(in->whole, want);
	*cap = want;
}

int sk_input_slurp(sk_input *in, const unsigned char **data, size_t *len,
		   sk_error *err)
{
	uint64_t limit = in->lim.max_input_bytes;
	size_t cap = 1 << 16, n = 0, got;

	/* A regular file says its size: refuse before allocating, and size
	 * the buffer exactly (plus the NUL) so nothing is copied twice. */
	if (in->regular && !in->gzip) {
		if (in->file_size > limit)
			return too_big(in, err);
		cap = (size_t)in->file_size + 1;
	}
	free(in->whole);
	in->whole = sk_xmalloc(cap);
	for (;;) {
		if (n + 1 == cap) {
			/* Full: look for more before growing. */
			unsigned char probe;
			if (sk_input_read(in, &probe, 1, &got, err) < 0)
				return -1;
			if (!got)
				break;
			if (n + 1 > limit)
				return too_big(in, err);
			grow_whole(in, &cap, limit);
			in->whole[n++] = probe;
			continue;
		}
		if (sk_input_read(in, in->whole + n, cap - n - 1, &got, err) < 0)
			return -1;
		if (!got)
			break;
		n += got;
		if (n > limit)
			return too_big(in, err);
	}
	in->whole[n] = '\0';
	*data = in->whole;
	*len = n;
	return 0;
}

int sk_input_trailing_data(const sk_input *in, uint64_t *offset)
{
	if (!in->trailing_at)
		return 0;
	*offset = in->trailing_at - 1;
	return 1;
}

int sk_input_plain_fd(sk_input *in, uint64_t *size)
{
	if (in->fd < 0 || !in->regular || in->gzip || in->started)
		return -1;
	*size = in->file_size;
	return in->fd;
}
