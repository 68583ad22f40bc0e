/*
 * perf_stream.c - the reader's path for what is not a plain file read in
 * place: standard input (`perf script | stackconv`), gzip streams, files
 * with a byte order mark.  Lines come from lib/lines.c.
 *
 * With several threads, this thread reads and cuts the text into units of
 * about 1 MiB, each ending where a record ends, and worker threads scan
 * the units in order as the file path does (perf_read.c), each into its
 * own scanner; a queue of a few units bounds the memory.  A unit ends
 * after a blank line, or else right before a header line: a record ends
 * there too (start_record flushes the record before it), and a scanner
 * starts a unit in the state a flush leaves.  Input with neither in
 * UNIT_MAX units' worth (no record structure at all) is scanned by this
 * thread, from there on, with one scanner.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"
#include "lib/sk_lines.h"

/* Units of about 1 MiB as on the file path (sk_context.unit_bytes in
 * tests), cut where possible within UNIT_MAX of them; QUEUE of them wait
 * at most, besides one per worker and the one being read. */
enum { UNIT = 1 << 20, UNIT_MAX = 16, QUEUE = 3 };

typedef struct stream_unit {
	char *text;
	size_t len, cap;	/* the sk_buf it came in */
	uint64_t offset, line;	/* of text[0] */
	int final;		/* perf_scan's: end the record open at its end */
	size_t index;
} stream_unit;

typedef struct stream_state {
	pthread_mutex_t lock;
	pthread_cond_t ready, room;
	stream_unit queue[QUEUE];
	size_t head, count;
	int closed;			/* no more units */
	unit_result *units;		/* grown under the lock */
	size_t n_units, cap_units;
	size_t stop_at;			/* first failed unit, or SIZE_MAX */
	perf_scanner *scanners;
	uint64_t *unrec_line;		/* per scanner: its first's line */
	size_t unit;
	size_t searched;	/* the reader's: where unit_end is to begin */
	/* buffers of scanned units, for the next ones: a fresh megabyte
	 * costs its page faults every time (the allocator maps it) */
	sk_buf spare[QUEUE + 2];
	size_t n_spare;
} stream_state;

typedef struct stream_worker {
	stream_state *ss;
	unsigned id;
} stream_worker;

/* The line number of input offset off, which lies in unit u. */
static uint64_t unit_line(const stream_unit *u, uint64_t off)
{
	return u->line + sk_lines_count(u->text, (size_t)(off - u->offset));
}

static void scan_unit(stream_state *ss, unsigned id, const stream_unit *u)
{
	perf_scanner *sc = &ss->scanners[id];
	uint64_t unrec_before = sc->unrecognized;
	unit_result r;

	memset(&r, 0, sizeof r);
	perf_scan(sc, u->text, u->len, u->offset, u->final);
	if (!unrec_before && sc->unrecognized)
		ss->unrec_line[id] = unit_line(u, sc->first_unrecognized);
	r.samples = sc->samples;
	r.n_samples = sc->n_samples;
	r.samples_without_time = sc->samples_without_time;
	r.worker = id;
	sc->samples = NULL;
	sc->n_samples = sc->cap_samples = 0;
	sc->samples_without_time = 0;
	if (sc->failed) {
		r.failed = 1;
		r.err_off = sc->err_off;
		r.err_line = unit_line(u, sc->err_off);
		memcpy(r.err_msg, sc->err_msg, sizeof(r.err_msg));
		sc->failed = 0;
	}
	pthread_mutex_lock(&ss->lock);
	ss->units[u->index] = r;
	if (r.failed && u->index < ss->stop_at)
		ss->stop_at = u->index;
	pthread_mutex_unlock(&ss->lock);
}

/* Keeps the buffer of a unit done for a later one, or frees it. */
static void give_back(stream_state *ss, const stream_unit *u)
{
	sk_buf b = { u->text, 0, u->cap };

	pthread_mutex_lock(&ss->lock);
	if (ss->n_spare < QUEUE + 2) {
		ss->spare[ss->n_spare++] = b;
		b.data = NULL;
	}
	pthread_mutex_unlock(&ss->lock);
	sk_buf_free(&b);
}

/* An empty buffer, one given back if there is one. */
static sk_buf take_spare(stream_state *ss)
{
	sk_buf b = SK_BUF_INIT;

	pthread_mutex_lock(&ss->lock);
	if (ss->n_spare)
		b = ss->spare[--ss->n_spare];
	pthread_mutex_unlock(&ss->lock);
	return b;
}

static void *worker_main(void *arg)
{
	stream_worker *w = arg;
	stream_state *ss = w->ss;

	for (;;) {
		stream_unit u;
		int skip;

		pthread_mutex_lock(&ss->lock);
		while (!ss->count && !ss->closed)
			pthread_cond_wait(&ss->ready, &ss->lock);
		if (!ss->count) {
			pthread_mutex_unlock(&ss->lock);
			return NULL;
		}
		u = ss->queue[ss->head];
		ss->head = (ss->head + 1) % QUEUE;
		ss->count--;
		skip = u.index > ss->stop_at;	/* after an error: not read */
		pthread_cond_signal(&ss->room);
		pthread_mutex_unlock(&ss->lock);
		if (!skip)
			scan_unit(ss, w->id, &u);
		give_back(ss, &u);
	}
}

/* Queues the first len bytes of b (taken) as the next unit; 0 once a
 * unit failed, so that the reading stops. */
static int push_unit(stream_state *ss, sk_buf *b, size_t len,
		     uint64_t offset, uint64_t line)
{
	stream_unit *u;
	int go;

	pthread_mutex_lock(&ss->lock);
	while (ss->count == QUEUE)
		pthread_cond_wait(&ss->room, &ss->lock);
	sk_xgrow((void **)&ss->units, &ss->cap_units, ss->n_units + 1,
		 sizeof(*ss->units));
	memset(&ss->units[ss->n_units], 0, sizeof(*ss->units));
	u = &ss->queue[(ss->head + ss->count) % QUEUE];
	u->text = b->data;
	u->len = len;
	u->cap = b->cap;
	*b = (sk_buf)SK_BUF_INIT;
	u->offset = offset;
	u->line = line;
	u->final = 1;	/* it ends where a record ends: the scan ends it */
	u->index = ss->n_units++;
	ss->count++;
	go = ss->stop_at == SIZE_MAX;
	pthread_cond_signal(&ss->ready);
	pthread_mutex_unlock(&ss->lock);
	return go;
}

/* Where a unit of the n bytes of complete lines at s can end: after a
 * blank line, or before a header line, the last such place; 0 when there
 * is none.  Lines that start before `from` were looked at before and are
 * not looked at again, so that input without such places costs one pass
 * however long it grows.  Blank and header lines as perf_scan_line reads
 * them: "\n" or "\r\n"; unindented, not '#', and perf_parse_header. */
static size_t unit_end(const char *s, size_t n, size_t from)
{
	size_t end = n;
	perf_header h;

	while (end > from) {
		const char *nl = end >= 2 ? memrchr(s, '\n', end - 1) : NULL;
		size_t start = nl ? (size_t)(nl - s) + 1 : 0;
		const char *l = s + start;
		size_t len = end - start - 1;	/* without its newline */

		if (len && l[len - 1] == '\r')
			len--;
		if (len == 0)
			return end;
		if (start > 0 && *l != ' ' && *l != '\t' && *l != '#' &&
		    perf_parse_header(l, len, &h))
			return start;
		end = start;
	}
	return 0;
}

/* The serial path: everything from the iterator (after the text already
 * read, pending) through scanner sc, as unit index. */
static int scan_serial(stream_state *ss, perf_scanner *sc, sk_lines *lines,
		       sk_buf *pending, uint64_t off, uint64_t line,
		       int eof, const char *name, sk_error *err)
{
	stream_unit u = { pending->data, pending->len, 0, off, line, eof, 0 };
	sk_lines_chunk c;
	size_t index = ss->n_units;
	int rc = 1;

	sk_xgrow((void **)&ss->units, &ss->cap_units, index + 1,
		 sizeof(*ss->units));
	memset(&ss->units[index], 0, sizeof(*ss->units));
	ss->n_units++;
	ss->units[index].worker = 0;
	for (;;) {
		uint64_t unrec_before = sc->unrecognized;

		perf_scan(sc, u.text, u.len, u.offset, u.final);
		if (sc->failed)
			return sk_error_set_line(err, name,
						 unit_line(&u, sc->err_off),
						 "%s", sc->err_msg);
		if (!unrec_before && sc->unrecognized)
			ss->unrec_line[0] = unit_line(&u,
						      sc->first_unrecognized);
		if (u.final || (rc = sk_lines_next_chunk(lines, &c, err)) <= 0)
			break;
		u.text = (char *)c.text;
		u.len = c.len;
		u.offset = c.offset;
		u.line = c.line;
		u.final = c.final;
	}
	ss->units[index].samples = sc->samples;
	ss->units[index].n_samples = sc->n_samples;
	ss->units[index].samples_without_time = sc->samples_without_time;
	sc->samples = NULL;
	sc->n_samples = sc->cap_samples = 0;
	return rc < 0 ? -1 : 0;
}

/* Cuts the pending text before the chunk that starts at line next_line:
 * its complete records become the next unit, the rest stays pending.
 * 0 when it has no place to cut yet. */
static int cut_unit(stream_state *ss, sk_buf *pending, uint64_t *off,
		    uint64_t *line, uint64_t next_line, int *go)
{
	size_t cut = unit_end(pending->data, pending->len, ss->searched);
	sk_buf rest;

	ss->searched = pending->len;
	if (!cut)
		return 0;
	rest = take_spare(ss);
	sk_buf_append(&rest, pending->data + cut, pending->len - cut);
	/* The unit takes the buffer as it is: no copy of a megabyte. */
	*go = push_unit(ss, pending, cut, *off, *line);
	*off += cut;
	*line = next_line - sk_lines_count(rest.data, rest.len);
	*pending = rest;
	ss->searched = rest.len;	/* no place to cut in it either */
	return 1;
}

/* Reads every chunk into units for the workers, until the input ends, a
 * unit fails, or there is no place to cut in UNIT_MAX bytes (then
 * *serial is set, and pending holds the text from the last cut). */
static int read_units(stream_state *ss, sk_lines *lines, sk_buf *pending,
		      uint64_t *off, uint64_t *line, int *eof, int *serial,
		      sk_error *err)
{
	sk_lines_chunk c;
	int rc, go = 1;

	while (go && (rc = sk_lines_next_chunk(lines, &c, err)) > 0) {
		if (pending->len >= ss->unit &&
		    !cut_unit(ss, pending, off, line, c.line, &go) &&
		    pending->len > UNIT_MAX * ss->unit) {
			*serial = 1;
		}
		if (!pending->len) {
			*off = c.offset;
			*line = c.line;
		}
		sk_buf_append(pending, c.text, c.len);
		if (c.final) {
			*eof = 1;
			return 0;
		}
		if (*serial)
			return 0;
	}
	return go ? rc : 0;
}

static void stream_free(stream_state *ss)
{
	for (size_t i = 0; i < ss->count; i++)
		free(ss->queue[(ss->head + i) % QUEUE].text);
	for (size_t i = 0; i < ss->n_spare; i++)
		sk_buf_free(&ss->spare[i]);
	pthread_mutex_destroy(&ss->lock);
	pthread_cond_destroy(&ss->ready);
	pthread_cond_destroy(&ss->room);
	free(ss->unrec_line);
}

/* Starts the workers; returns how many started (0: none, read serially). */
static unsigned start_workers(stream_state *ss, pthread_t *tids,
			      stream_worker *ws, unsigned threads)
{
	unsigned t;

	for (t = 0; t < threads; t++) {
		ws[t].ss = ss;
		ws[t].id = t;
		if (pthread_create(&tids[t], NULL, worker_main, &ws[t]) != 0)
			break;
	}
	return t;
}

static void stop_workers(stream_state *ss, pthread_t *tids, unsigned n)
{
	pthread_mutex_lock(&ss->lock);
	ss->closed = 1;
	pthread_cond_broadcast(&ss->ready);
	pthread_mutex_unlock(&ss->lock);
	for (unsigned t = 0; t < n; t++)
		pthread_join(tids[t], NULL);
}

/* The first failed unit's error; and the warning for unrecognized lines,
 * at the first of them over every scanner. */
static int finish(stream_state *ss, unsigned n_scs, const sk_context *ctx,
		  const char *name, sk_error *err)
{
	uint64_t count = 0, first = UINT64_MAX, first_line = 0;
	unsigned t;

	if (ss->stop_at != SIZE_MAX) {
		const unit_result *u = &ss->units[ss->stop_at];

		return sk_error_set_line(err, name, u->err_line, "%s",
					 u->err_msg);
	}
	for (t = 0; t < n_scs; t++) {
		const perf_scanner *sc = &ss->scanners[t];

		count += sc->unrecognized;
		if (sc->unrecognized && sc->first_unrecognized < first) {
			first = sc->first_unrecognized;
			first_line = ss->unrec_line[t];
		}
	}
	if (count)
		sk_warn(ctx, "%s:%llu: %llu unrecognized line%s ignored (the "
			"first is here)", name, (unsigned long long)first_line,
			(unsigned long long)count, count == 1 ? "" : "s");
	return 0;
}

int perf_read_stream(sk_input *in, const sk_context *ctx, const perf_opts *o,
		     perf_scanner **scs, unsigned *n_scs, unit_result **units,
		     size_t *n_units, sk_error *err)
{
	unsigned threads = sk_context_threads(ctx), started = 0, t;
	pthread_t tids[64];
	stream_worker ws[64];
	stream_state ss;
	sk_lines *lines;
	sk_buf pending = SK_BUF_INIT;
	uint64_t off = 0, line = 1;
	int eof = 0, serial = 0, rc = 0;

	if (threads < 1)
		threads = 1;
	if (threads > 64)
		threads = 64;
	memset(&ss, 0, sizeof ss);
	ss.unit = ctx->unit_bytes ? ctx->unit_bytes : UNIT;
	if (sk_lines_open(&lines, in, ctx->unit_bytes, err) < 0)
		return -1;
	pthread_mutex_init(&ss.lock, NULL);
	pthread_cond_init(&ss.ready, NULL);
	pthread_cond_init(&ss.room, NULL);
	ss.stop_at = SIZE_MAX;
	ss.scanners = sk_xcalloc(threads, sizeof(*ss.scanners));
	ss.unrec_line = sk_xcalloc(threads, sizeof(*ss.unrec_line));
	for (t = 0; t < threads; t++)
		perf_scanner_init(&ss.scanners[t], o);
	if (threads > 1)
		started = start_workers(&ss, tids, ws, threads);
	if (started) {
		rc = read_units(&ss, lines, &pending, &off, &line, &eof,
				&serial, err);
		if (rc == 0 && eof && !serial && pending.len)
			push_unit(&ss, &pending, pending.len, off, line);
		stop_workers(&ss, tids, started);
	}
	if (rc == 0 && ss.stop_at == SIZE_MAX && (!started || serial))
		rc = scan_serial(&ss, &ss.scanners[0], lines, &pending, off,
				 line, eof, sk_input_name(in), err);
	sk_buf_free(&pending);
	sk_lines_close(lines);
	if (rc == 0)
		rc = finish(&ss, threads, ctx, sk_input_name(in), err);
	*scs = ss.scanners;
	*n_scs = threads;
	*units = ss.units;
	*n_units = ss.n_units;
	stream_free(&ss);
	return rc;
}
