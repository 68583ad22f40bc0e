/*
 * output.c - sk_output: stdout, memory, or a named file written atomically.
 *
 * A named file is written to "<dir>/.<name>.XXXXXX" beside the target and
 * renamed over it only when everything succeeded, so an existing file is
 * never clobbered by a failed run, and readers never see half a file.  A
 * symlink is followed (the file it names is replaced, the link stays);
 * devices and FIFOs are written in place.  Write
 * errors are latched and reported once, by sk_output_close.  gzip uses
 * zlib's deflate with its default header (mtime 0), so the bytes are the
 * same on every run.
 *
 * With sk_output_set_threads(out, 2 or more), deflate and write(2) run on
 * a thread of their own (struct zworker): the writer fills one buffer
 * while the other is compressed.  deflate sees the same buffers in the
 * same order either way, so the output is the same bytes.
 */
#include <stackkit/sk_io.h>
#include <stackkit/sk_buf.h>
#include "lib/sk_util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

enum { OUT_CHUNK = 128 * 1024 };

struct sk_output {
	char *name;		/* as the user gave it, for messages */
	char *target;		/* file renamed over; NULL for stdout, memory
				 * and devices */
	char *tmp;
	int fd;			/* -1 for memory */
	int gzip;
	int z_active;
	z_stream zs;
	unsigned char *buf;	/* plain bytes not yet compressed/written */
	size_t len;
	unsigned char *zbuf;
	int err;		/* first errno, latched */
	int memory;
	sk_buf mem;
	int started;
	unsigned threads;
	struct zworker *zw;	/* NULL: compressing on the caller's thread */
};

/* The compressing thread and the one buffer it may be handed at a time. */
struct zworker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned char *job;	/* handed over, not yet compressed */
	size_t job_len;
	int job_final;
	int final_sent;		/* the writer handed the final buffer */
	unsigned char *spare;	/* the buffer the writer fills next */
};

static sk_output *new_output(void)
{
	sk_output *out = sk_xcalloc(1, sizeof *out);
	out->buf = sk_xmalloc(OUT_CHUNK);
	out->fd = -1;
	return out;
}

/* mkstemp creates 0600 files; give the result the mode a plain open() would
 * have (0666 less the umask), or the mode of the file it replaces.  The
 * umask is read from /proc so no process-wide state is touched. */
static mode_t wanted_mode(const char *target)
{
	struct stat st;
	FILE *f;
	char line[128];
	unsigned mask = 022;

	if (stat(target, &st) == 0)
		return st.st_mode & 07777;
	f = fopen("/proc/self/status", "r");
	if (f) {
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "Umask: %o", &mask) == 1)
				break;
		fclose(f);
	}
	return 0666 & ~(mode_t)mask;
}

static int open_temp(sk_output *out, const char *path, sk_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = slash ? slash + 1 : path;
	sk_buf b = SK_BUF_INIT;

	if (!*base)
		return sk_error_set_file(err, path, "not a file name");
	sk_buf_append(&b, path, dirlen);
	sk_buf_appendf(&b, ".%s.XXXXXX", base);
	out->tmp = b.data;
	out->fd = mkstemp(out->tmp);
	if (out->fd < 0) {
		int e = errno;
		free(out->tmp);
		out->tmp = NULL;
		return sk_error_set_file(err, path, "cannot create: %s",
					 strerror(e));
	}
	return 0;
}

/* Devices and FIFOs (-o /dev/null, a named pipe) cannot be replaced by a
 * rename, and must not be: they are written in place. */
static int open_in_place(sk_output *out, const char *path, sk_error *err)
{
	out->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (out->fd < 0)
		return sk_error_set_file(err, path, "cannot open: %s",
					 strerror(errno));
	return 0;
}

/* A symlink stays a symlink: the new file replaces what it points to,
 * followed link by link so a dangling link gets its target created (as
 * the shell's ">" does) and a loop is an error.  NULL with err set. */
static char *resolve_target(const char *path, sk_error *err)
{
	sk_buf at = SK_BUF_INIT;
	char link[4096];
	struct stat st;
	int hops;

	sk_buf_append_cstr(&at, path);
	for (hops = 0; lstat(at.data, &st) == 0 && S_ISLNK(st.st_mode);
	     hops++) {
		ssize_t n;
		const char *slash;

		if (hops == 40) {
			sk_buf_free(&at);
			sk_error_set_file(err, path, "cannot write: a loop of "
					  "symbolic links");
			return NULL;
		}
		n = readlink(at.data, link, sizeof link - 1);
		if (n < 0) {
			sk_error_set_file(err, path, "cannot read the symbolic "
					  "link: %s", strerror(errno));
			sk_buf_free(&at);
			return NULL;
		}
		link[n] = '\0';
		slash = strrchr(at.data, '/');
		if (link[0] == '/' || !slash) {
			sk_buf_reset(&at);
		} else {
			/* relative to the link's own directory */
			at.len = (size_t)(slash - at.data) + 1;
			at.data[at.len] = '\0';
		}
		sk_buf_append_cstr(&at, link);
	}
	return at.data;
}

/* Renaming over a file needs only the directory's permission; the shell's
 * ">" needs the file's.  Refuse what ">" would refuse. */
static int check_writable(const char *target, const char *path, sk_error *err)
{
	if (access(target, F_OK) == 0 && access(target, W_OK) != 0)
		return sk_error_set_file(err, path, "cannot write: %s",
					 strerror(errno));
	return 0;
}

int sk_output_open(sk_output **res, const char *path, int gzip, sk_error *err)
{
	sk_output *out = new_output();
	struct stat st;
	int rc = 0;

	*res = NULL;
	if (!path || strcmp(path, "-") == 0) {
		out->fd = 1;
		out->gzip = gzip > 0;
		*res = out;
		return 0;
	}
	out->name = sk_xstrdup(path);
	out->gzip = gzip < 0 ? sk_has_suffix(path, ".gz") : gzip;
	out->target = resolve_target(path, err);
	if (!out->target || check_writable(out->target, path, err) < 0) {
		rc = -1;
	} else if (stat(out->target, &st) == 0 && !S_ISREG(st.st_mode)) {
		free(out->target);
		out->target = NULL;
		rc = open_in_place(out, path, err);
	} else {
		rc = open_temp(out, out->target, err);
	}
	if (rc < 0) {
		free(out->name);
		free(out->target);
		free(out->buf);
		free(out);
		return -1;
	}
	*res = out;
	return 0;
}

sk_output *sk_output_open_memory(void)
{
	sk_output *out = new_output();
	out->memory = 1;
	return out;
}

const char *sk_output_temp_path(const sk_output *out)
{
	return out->tmp;
}

const char *sk_output_name(const sk_output *out)
{
	return out->name ? out->name : out->memory ? "<memory>" : "<stdout>";
}

void sk_output_set_gzip(sk_output *out, int gzip)
{
	if (!out->started)
		out->gzip = gzip;
}

void sk_output_set_threads(sk_output *out, unsigned threads)
{
	out->threads = threads;
}

int sk_output_gzip(const sk_output *out)
{
	return out->gzip;
}

static void sink(sk_output *out, const void *data, size_t len)
{
	const unsigned char *p = data;

	if (out->memory) {
		sk_buf_append(&out->mem, data, len);
		return;
	}
	while (len && !out->err) {
		ssize_t n = write(out->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			out->err = errno;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void deflate_some(sk_output *out, const void *data, size_t len,
			 int flush)
{
	int rc;

	if (!out->z_active) {
		memset(&out->zs, 0, sizeof out->zs);
		/* Level 1, as the Go runtime writes its pprof profiles: half
		 * the time of the default level for output ~10% larger
		 * (measured on bench/pprof-gen.py's profile). */
		if (deflateInit2(&out->zs, 1, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK)
			abort();
		out->zbuf = sk_xmalloc(OUT_CHUNK);
		out->z_active = 1;
	}
	out->zs.next_in = (unsigned char *)data;
	out->zs.avail_in = (uInt)len;
	do {
		out->zs.next_out = out->zbuf;
		out->zs.avail_out = OUT_CHUNK;
		rc = deflate(&out->zs, flush);
		sink(out, out->zbuf, OUT_CHUNK - out->zs.avail_out);
	} while (out->zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

static void *zworker_main(void *arg)
{
	sk_output *out = arg;
	struct zworker *zw = out->zw;
	int final = 0;

	while (!final) {
		unsigned char *job;
		size_t len;

		pthread_mutex_lock(&zw->lock);
		while (!zw->job)
			pthread_cond_wait(&zw->cond, &zw->lock);
		job = zw->job;
		len = zw->job_len;
		final = zw->job_final;
		pthread_mutex_unlock(&zw->lock);
		if (len || final)
			deflate_some(out, job, len, final ? Z_FINISH : Z_NO_FLUSH);
		pthread_mutex_lock(&zw->lock);
		zw->spare = job;
		zw->job = NULL;
		pthread_cond_signal(&zw->cond);
		pthread_mutex_unlock(&zw->lock);
	}
	return NULL;
}

/* A worker when it pays and can be had; without one (no thread could be
 * started) the caller compresses. */
static void zworker_start(sk_output *out)
{
	struct zworker *zw = sk_xcalloc(1, sizeof *zw);

	zw->spare = sk_xmalloc(OUT_CHUNK);
	pthread_mutex_init(&zw->lock, NULL);
	pthread_cond_init(&zw->cond, NULL);
	out->zw = zw;
	if (pthread_create(&zw->thread, NULL, zworker_main, out) != 0) {
		out->zw = NULL;
		pthread_mutex_destroy(&zw->lock);
		pthread_cond_destroy(&zw->cond);
		free(zw->spare);
		free(zw);
	}
}

/* Hands out->buf to the worker once it is idle, and takes the spare. */
static void zworker_hand(sk_output *out, int final)
{
	struct zworker *zw = out->zw;
	unsigned char *full = out->buf;

	pthread_mutex_lock(&zw->lock);
	while (zw->job)
		pthread_cond_wait(&zw->cond, &zw->lock);
	out->buf = zw->spare;
	zw->spare = NULL;
	zw->job = full;
	zw->job_len = out->len;
	zw->job_final = final;
	pthread_cond_signal(&zw->cond);
	pthread_mutex_unlock(&zw->lock);
	zw->final_sent = final;	/* the writer's own field */
	out->len = 0;
}

/* Ends the worker: the final buffer (an empty one if none was handed)
 * compressed, the thread joined. */
static void zworker_stop(sk_output *out)
{
	struct zworker *zw = out->zw;

	if (!zw)
		return;
	if (!zw->final_sent)
		zworker_hand(out, 1);
	pthread_join(zw->thread, NULL);
	free(zw->spare);	/* the last buffer handed, back */
	pthread_mutex_destroy(&zw->lock);
	pthread_cond_destroy(&zw->cond);
	free(zw);
	out->zw = NULL;
}

static void flush_buf(sk_output *out, int final)
{
	if (out->gzip && !out->memory && out->threads > 1 && !out->zw &&
	    !out->z_active && !final)
		zworker_start(out);
	if (out->zw) {
		zworker_hand(out, final);
		if (final)
			zworker_stop(out);
	} else if (out->gzip) {
		if (out->len || final)
			deflate_some(out, out->buf, out->len,
				     final ? Z_FINISH : Z_NO_FLUSH);
	} else {
		sink(out, out->buf, out->len);
	}
	out->len = 0;
}

void sk_output_write(sk_output *out, const void *data, size_t len)
{
	const unsigned char *p = data;

	out->started = 1;
	if (out->memory && !out->gzip) {
		sk_buf_append(&out->mem, data, len);
		return;
	}
	while (len) {
		size_t n = OUT_CHUNK - out->len;
		if (n > len)
			n = len;
		memcpy(out->buf + out->len, p, n);
		out->len += n;
		p += n;
		len -= n;
		if (out->len == OUT_CHUNK)
			flush_buf(out, 0);
	}
}

void sk_output_puts(sk_output *out, const char *s)
{
	sk_output_write(out, s, strlen(s));
}

void sk_output_printf(sk_output *out, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		sk_output_write(out, small, (size_t)n);
	} else {
		char *big = sk_xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sk_output_write(out, big, (size_t)n);
		free(big);
	}
}

static void release(sk_output *out)
{
	zworker_stop(out);
	if (out->z_active)
		deflateEnd(&out->zs);
	free(out->zbuf);
	free(out->buf);
	free(out->name);
	free(out->target);
	free(out->tmp);
	sk_buf_free(&out->mem);
	free(out);
}

int sk_output_close(sk_output *out, sk_error *err)
{
	int rc = 0;

	flush_buf(out, out->gzip);
	if (out->memory) {
		release(out);
		return 0;
	}
	if (!out->target) {
		if (out->name && close(out->fd) < 0 && !out->err)
			out->err = errno;
		if (out->err)
			rc = sk_error_set_file(err, sk_output_name(out),
					       "write error: %s",
					       strerror(out->err));
		release(out);
		return rc;
	}
	if (!out->err && fchmod(out->fd, wanted_mode(out->target)) < 0)
		out->err = errno;
	if (close(out->fd) < 0 && !out->err)
		out->err = errno;
	if (!out->err && rename(out->tmp, out->target) < 0)
		out->err = errno;
	if (out->err) {
		rc = sk_error_set_file(err, out->name, "write error: %s",
				       strerror(out->err));
		unlink(out->tmp);
	}
	release(out);
	return rc;
}

void sk_output_abort(sk_output *out)
{
	if (!out)
		return;
	zworker_stop(out);	/* before its file descriptor goes */
	if (out->tmp) {
		close(out->fd);
		unlink(out->tmp);
	} else if (out->name) {
		close(out->fd);	/* a device or FIFO: nothing to undo */
	}
	release(out);
}

const char *sk_output_memory(const sk_output *out, size_t *len)
{
	*len = out->mem.len;
	return out->mem.data ? out->mem.data : "";
}
