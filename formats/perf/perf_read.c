/*
 * perf_read.c - the reader's entry point: drives perf_scan.c over the
 * input, then hands the scanners' tables to perf_build.c.
 *
 * A plain regular file is cut into units of about a megabyte at blank
 * lines (where a record always ends, so every unit starts in the state the
 * reader is in after a blank line); the threads take units in order, each
 * reading its unit with pread(2) into a buffer of its own and scanning it
 * into its own table.  Reading beats mapping here: with the file mapped
 * the kernel took 30% of the CPU time with two threads (populating and
 * dropping pages, page table locks, TLB shootdowns between the threads),
 * where the copy takes 9%, and file pages never count in the resident
 * set.  Standard
 * input and gzip streams are read by perf_stream.c, cut into units the
 * same way as they arrive.
 * Either way the result does not depend on the number of threads: every
 * distinct stack carries the offset of its first record, and perf_build.c
 * builds the profile in that order.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

#define NONE ((size_t)-1)

/* What a worker reads at a time, at most: the bytes are still in the
 * core's cache when they are scanned.  With whole 1 MiB units the copy
 * took 26% of the CPU time, and the c-threads bench profile 199 ms; with
 * 64 KiB, 9% and 165 ms (mapping the file: 179 ms). */
enum { READ_CHUNK = 64 * 1024 };

/* A worker's copy of the file bytes [base, base + len). */
typedef struct unit_buf {
	char *data;
	size_t len, cap;
	size_t base;
} unit_buf;

typedef struct par_state {
	int fd;
	size_t size;
	size_t unit;
	size_t chunk;		/* what a worker reads at a time */
	size_t n_units;
	unit_result *units;
	perf_scanner *scanners;
	unit_buf *bufs;		/* one per worker */
	pthread_mutex_t lock;
	size_t next;
	size_t stop_at;		/* first failed unit, or n_units */
	sk_input *in;		/* told of the progress, under lock */
} par_state;

typedef struct worker_arg {
	par_state *ps;
	unsigned id;
} worker_arg;

static void *worker_main(void *arg);
static void run_unit(par_state *ps, unsigned worker, size_t i);
static int read_file(int fd, uint64_t size, const sk_context *ctx,
		     const perf_opts *o, perf_scanner **scs, unsigned *n_scs,
		     unit_result **units, size_t *n_units, sk_input *in,
		     sk_error *err);
static int header_comments(sk_input *in, sk_profile *p, sk_error *err);
static int readable(sk_input *in, uint64_t *size);

/* ---- the parallel path for files ---- */

/* Appends up to n more bytes of the file to b (fewer at its end).  0, or
 * -1 with errno (0: the file shrank while being read). */
static int read_more(const par_state *ps, unit_buf *b, size_t n)
{
	size_t off = b->base + b->len;

	if (n > ps->size - off)
		n = ps->size - off;
	sk_xgrow((void **)&b->data, &b->cap, b->len + n + 1, 1);
	while (n > 0) {
		ssize_t got = pread(ps->fd, b->data + b->len, n, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = 0;
			return -1;
		}
		b->len += (size_t)got;
		off += (size_t)got;
		n -= (size_t)got;
	}
	return 0;
}

/* The first unit boundary, the start of the line after a blank line,
 * whose blank line's newline lies in [from, to) of the file and within
 * what b holds with the two bytes after it (or the file's end); NONE if
 * none.  *searched: where a search with more bytes goes on. */
static size_t find_cut(const par_state *ps, const unit_buf *b, size_t from,
		       size_t to, size_t *searched)
{
	size_t have = b->base + b->len, limit = have == ps->size ? have :
					      have - 2;
	const char *d = b->data;	/* file offset x is d[x - b->base] */

	if (to > limit)
		to = limit;
	*searched = to > from ? to : from;
	while (from < to) {
		const char *nl = memchr(d + (from - b->base), '\n', to - from);
		size_t p, q;

		if (!nl)
			break;
		q = (size_t)(nl - d);
		p = b->base + q;
		if (p + 1 < ps->size && d[q + 1] == '\n')
			return p + 2;
		if (p + 2 < ps->size && d[q + 1] == '\r' && d[q + 2] == '\n')
			return p + 3;
		from = p + 1;
	}
	return NONE;
}

static void unit_failed(par_state *ps, size_t i, uint64_t off,
			const char *msg)
{
	unit_result *u = &ps->units[i];

	u->failed = 1;
	u->err_off = off;
	snprintf(u->err_msg, sizeof(u->err_msg), "%s", msg);
	pthread_mutex_lock(&ps->lock);
	if (i < ps->stop_at)
		ps->stop_at = i;
	pthread_mutex_unlock(&ps->lock);
}

/* Keeps the bytes from file offset off on (off in b), drops those before:
 * the buffer stays a chunk and a line long. */
static void keep_from(unit_buf *b, size_t off)
{
	size_t drop = off - b->base;

	if (!drop)
		return;		/* also: nothing read yet, b->data NULL */
	memmove(b->data, b->data + drop, b->len - drop);
	b->len -= drop;
	b->base = off;
}

/* The start of unit i: the first cut in window i (the file's start for
 * unit 0), NONE when the window has none (its bytes belong to the unit
 * before).  b then holds the bytes from the start on, or from the window's
 * end when the start lies past it (a blank line across the window's end):
 * the search for the unit's end begins there.  0, or -1 when the file
 * could not be read. */
static int unit_start(par_state *ps, unit_buf *b, size_t i, size_t *start)
{
	size_t win = i * ps->unit, wend = win + ps->unit, from = win;

	if (wend > ps->size)
		wend = ps->size;
	b->base = win;
	b->len = 0;
	*start = i == 0 ? 0 : NONE;
	while (*start == NONE && from < wend) {
		if (read_more(ps, b, ps->chunk) < 0)
			return -1;
		*start = find_cut(ps, b, from, wend, &from);
		if (b->base + b->len == ps->size)
			break;
		if (*start == NONE)
			keep_from(b, from);
	}
	if (*start != NONE)
		keep_from(b, *start < wend ? *start : wend);
	return 0;
}

/* Scans unit i from start to the first cut whose blank line's newline
 * lies at or after its window's end: the start of the next unit that has
 * one, found by the same rule from the same bytes.  A chunk at a time
 * (READ_CHUNK); a line a chunk ends in the middle of waits for the next. */
static int scan_unit(par_state *ps, perf_scanner *sc, unit_buf *b, size_t i,
		     size_t start)
{
	size_t wend = (i + 1) * ps->unit, end = NONE, searched, upto;
	size_t pos = start;	/* the first byte not scanned */

	if (wend > ps->size)
		wend = ps->size;
	searched = wend;
	/* Unit 0 starts with nothing read. */
	if (!b->len && read_more(ps, b, ps->chunk) < 0)
		return -1;
	for (;;) {
		size_t have = b->base + b->len;

		if (end == NONE && have > wend)
			end = find_cut(ps, b, searched, ps->size, &searched);
		if (end == NONE && have == ps->size)
			end = ps->size;
		upto = end != NONE ? end : have < wend ? have : searched;
		if (upto < pos)
			upto = pos;	/* a start just past the window */
		pos += perf_scan(sc, b->data + (pos - b->base), upto - pos,
				 pos, upto == end);
		if (sc->failed || upto == end)
			return 0;
		keep_from(b, pos < searched ? pos : searched);
		if (read_more(ps, b, ps->chunk) < 0)
			return -1;
	}
}

static void run_unit(par_state *ps, unsigned worker, size_t i)
{
	perf_scanner *sc = &ps->scanners[worker];
	unit_buf *b = &ps->bufs[worker];
	unit_result *u = &ps->units[i];
	size_t start;

	if (unit_start(ps, b, i, &start) < 0 ||
	    (start != NONE && scan_unit(ps, sc, b, i, start) < 0)) {
		char msg[200];

		snprintf(msg, sizeof(msg), "%s", errno ? strerror(errno) :
			 "the file shrank while it was read");
		unit_failed(ps, i, b->base + b->len, msg);
		return;
	}
	if (start == NONE)
		return;
	u->samples = sc->samples;
	u->n_samples = sc->n_samples;
	u->samples_without_time = sc->samples_without_time;
	sc->samples = NULL;
	sc->n_samples = sc->cap_samples = 0;
	sc->samples_without_time = 0;
	if (sc->failed) {
		sc->failed = 0;
		unit_failed(ps, i, sc->err_off, sc->err_msg);
	}
}

static void *worker_main(void *arg)
{
	worker_arg *wa = arg;
	par_state *ps = wa->ps;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&ps->lock);
		i = ps->next++;
		if (i > ps->stop_at)
			i = ps->n_units;
		/* The units before i are taken, most of them done. */
		sk_input_note_progress(ps->in, i < ps->n_units ?
				       (uint64_t)i * ps->unit : ps->size);
		pthread_mutex_unlock(&ps->lock);
		if (i >= ps->n_units)
			break;
		ps->units[i].worker = wa->id;
		run_unit(ps, wa->id, i);
	}
	return NULL;
}

/* The line number of file offset off: its newlines before it, plus one. */
static uint64_t line_at(const par_state *ps, uint64_t off)
{
	unit_buf b = { NULL, 0, 0, 0 };
	uint64_t lines = 1;

	while (b.base < off) {
		size_t n = off - b.base < ps->unit ? (size_t)(off - b.base) :
						     ps->unit;

		b.len = 0;
		if (read_more(ps, &b, n) < 0 || b.len == 0)
			break;
		lines += sk_lines_count(b.data, b.len);
		b.base += b.len;
	}
	free(b.data);
	return lines;
}

static void run_workers(par_state *ps, unsigned threads)
{
	pthread_t *tids;
	worker_arg *was;
	unsigned started = 0, t;

	if (threads == 1) {
		worker_arg wa = {ps, 0};

		worker_main(&wa);
		return;
	}
	tids = sk_xcalloc(threads, sizeof(*tids));
	was = sk_xcalloc(threads, sizeof(*was));
	for (t = 0; t < threads; t++) {
		was[t].ps = ps;
		was[t].id = t;
		if (t > 0 && pthread_create(&tids[t], NULL, worker_main,
					    &was[t]) != 0)
			break;
		started = t + 1;
	}
	/* This thread works too; a failed pthread_create only means fewer
	 * workers. */
	worker_main(&was[0]);
	for (t = 1; t < started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	free(was);
}

static void report(par_state *ps, unsigned threads, const sk_context *ctx,
		   sk_input *in, sk_error *err, int *rc)
{
	uint64_t first = UINT64_MAX, count = 0;
	unsigned t;

	if (ps->stop_at < ps->n_units) {
		unit_result *u = &ps->units[ps->stop_at];

		*rc = -1;
		sk_error_set_line(err, sk_input_name(in),
				  line_at(ps, u->err_off), "%s", u->err_msg);
		return;
	}
	for (t = 0; t < threads; t++) {
		count += ps->scanners[t].unrecognized;
		if (ps->scanners[t].unrecognized &&
		    ps->scanners[t].first_unrecognized < first)
			first = ps->scanners[t].first_unrecognized;
	}
	if (count)
		sk_warn(ctx, "%s:%llu: %llu unrecognized line%s ignored (the "
			"first is here)", sk_input_name(in),
			(unsigned long long)line_at(ps, first),
			(unsigned long long)count, count == 1 ? "" : "s");
}

static int read_file(int fd, uint64_t size, const sk_context *ctx,
		     const perf_opts *o, perf_scanner **scs, unsigned *n_scs,
		     unit_result **units, size_t *n_units, sk_input *in,
		     sk_error *err)
{
	par_state ps;
	unsigned threads = sk_context_threads(ctx), t;
	int rc = 0;

	if (size > (uint64_t)SIZE_MAX / 2)
		return sk_error_set_file(err, sk_input_name(in),
					 "file too large to read");
	memset(&ps, 0, sizeof(ps));
	ps.fd = fd;
	ps.size = (size_t)size;
	ps.in = in;
	/* Units of 1 MiB: large enough that splitting costs nothing (the
	 * same time as 4 MiB on both bench profiles), small enough that two
	 * threads stay busy to the end and their buffers small (one unit
	 * each, and the record that crosses its end).  Tests ask for tiny
	 * units to split small inputs. */
	ps.unit = ctx->unit_bytes ? ctx->unit_bytes : (size_t)1 << 20;
	/* Tests' tiny units read in tiny chunks too: records and lines then
	 * cross every kind of boundary. */
	ps.chunk = ps.unit < READ_CHUNK ? ps.unit : READ_CHUNK;
	ps.n_units = (ps.size + ps.unit - 1) / ps.unit;
	if (ps.n_units == 0)
		ps.n_units = 1;
	if (threads < 1)
		threads = 1;
	if (threads > ps.n_units)
		threads = (unsigned)ps.n_units;
	ps.stop_at = ps.n_units;
	ps.units = sk_xcalloc(ps.n_units, sizeof(*ps.units));
	ps.scanners = sk_xcalloc(threads, sizeof(*ps.scanners));
	ps.bufs = sk_xcalloc(threads, sizeof(*ps.bufs));
	for (t = 0; t < threads; t++)
		perf_scanner_init(&ps.scanners[t], o);
	pthread_mutex_init(&ps.lock, NULL);
	run_workers(&ps, threads);
	pthread_mutex_destroy(&ps.lock);
	for (t = 0; t < threads; t++)
		free(ps.bufs[t].data);
	free(ps.bufs);
	report(&ps, threads, ctx, in, err, &rc);
	*scs = ps.scanners;
	*n_scs = threads;
	*units = ps.units;
	*n_units = ps.n_units;
	return rc;
}

/* Frame lines outside any sample are dropped as FlameGraph drops them;
 * when that leaves nothing at all, the file was not what it seemed (stacks
 * without their header lines) and silence would hide it. */
static void warn_orphans(const sk_context *ctx, const sk_profile *p,
			 const perf_scanner *scs, size_t n_scs,
			 const char *name)
{
	uint64_t orphans = 0;
	size_t t;

	for (t = 0; t < n_scs; t++)
		orphans += scs[t].orphan_frames;
	if (orphans && sk_profile_record_count(p) == 0)
		sk_warn(ctx, "%s: %llu frame line%s outside any sample (no "
			"header line before %s) ignored, and no sample read",
			name, (unsigned long long)orphans,
			orphans == 1 ? "" : "s", orphans == 1 ? "it" : "them");
}

/* The "# ..." block `perf script --header` prints first (host, perf
 * version, command line, events) becomes the profile's comments, so that
 * pprof output keeps it.  Read from the first bytes, before any is
 * consumed. */
static int header_comments(sk_input *in, sk_profile *p, sk_error *err)
{
	const unsigned char *data;
	size_t len, pos = 0, n_added = 0;
	sk_buf line = SK_BUF_INIT;

	if (sk_input_peek(in, (size_t)64 << 10, &data, &len, err) < 0)
		return -1;
	while (pos < len && data[pos] == '#' && n_added < 256) {
		const unsigned char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len, a = pos + 1;

		if (!nl)
			break;	/* cut by the peek */
		while (a < end && data[a] == ' ')
			a++;
		while (end > a && (data[end - 1] == ' ' ||
				   data[end - 1] == '\r'))
			end--;
		if (end > a && data[a] != '=' && !memchr(data + a, 0, end - a)) {
			sk_buf_reset(&line);
			sk_buf_append(&line, data + a, end - a);
			sk_profile_add_comment(p, line.data);
			n_added++;
		}
		pos = (size_t)(nl - data) + 1;
	}
	sk_buf_free(&line);
	return 0;
}

/* The descriptor of a plain file to read in parallel, or -1.  A file that
 * starts with a byte order mark is streamed instead, through lib/lines.c,
 * which drops or decodes it: so a file reads as the same bytes piped
 * would.  Such files are rare and small (Windows tools, PowerShell
 * redirections). */
static int readable(sk_input *in, uint64_t *size)
{
	const unsigned char *head;
	size_t len;
	sk_error ignored;
	int fd = sk_input_plain_fd(in, size);

	/* A failed peek streams too, and the stream reports the error. */
	if (fd < 0 || *size == 0 ||
	    sk_input_peek(in, 3, &head, &len, &ignored) < 0 ||
	    sk_text_bom(head, len) != SK_BOM_NONE)
		return -1;
	return fd;
}

int perf_read(sk_input *in, const sk_context *ctx, sk_profile *p,
	      sk_error *err)
{
	perf_opts o;
	perf_scanner *scs = NULL;
	unsigned n_scs = 0, t;
	unit_result *units = NULL;
	size_t n_units = 0, i;
	uint64_t size = 0;
	int fd, rc = 1;

	if (perf_opts_from_context(ctx, &o, err) < 0 ||
	    header_comments(in, p, err) < 0)
		return -1;
	fd = readable(in, &size);
	if (fd >= 0)
		rc = read_file(fd, size, ctx, &o, &scs, &n_scs, &units,
			       &n_units, in, err);
	if (rc == 1)
		rc = perf_read_stream(in, ctx, &o, &scs, &n_scs, &units,
				      &n_units, err);
	if (rc == 0)
		rc = perf_build(p, ctx, &o, scs, n_scs, units, n_units,
			   sk_input_name(in), err);
	if (rc == 0)
		warn_orphans(ctx, p, scs, n_scs, sk_input_name(in));
	for (t = 0; t < n_scs; t++)
		perf_scanner_free(&scs[t]);
	for (i = 0; i < n_units; i++)
		free(units[i].samples);
	free(scs);
	free(units);
	/* The scanners' tables and the builder's scratch: several times the
	 * profile on inputs with many distinct stacks. */
	sk_release_free_memory();
	return rc;
}
