/*
 * perf_read.c - the reader's entry point: drives perf_scan.c over the
 * input, then hands the scanners' tables to perf_build.c.
 *
 * A plain regular file is mapped and cut into units of a few megabytes at
 * blank lines (where a record always ends, so every unit starts in the
 * state the reader is in after a blank line); the threads take units in
 * order, each into its own table, and release the unit's pages as soon as
 * it is done, so the resident set stays at a few units whatever the file
 * size.  Standard input and gzip streams are read by perf_stream.c, cut
 * into units the same way as they arrive.
 * Either way the result does not depend on the number of threads: every
 * distinct stack carries the offset of its first record, and perf_build.c
 * builds the profile in that order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22	/* Linux 5.14 uapi; glibc 2.36 may lack it */
#endif
#include <unistd.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

#define NONE ((size_t)-1)

typedef struct par_state {
	const char *map;
	size_t size;
	size_t unit;
	size_t n_units;
	unit_result *units;
	perf_scanner *scanners;
	pthread_mutex_t lock;
	size_t next;
	size_t stop_at;		/* first failed unit, or n_units */
	long page;
	sk_input *in;		/* told of the progress, under lock */
	size_t swept;		/* units before it are done and swept */
	size_t swept_to;	/* bytes dropped by the sweep */
} par_state;

typedef struct worker_arg {
	par_state *ps;
	unsigned id;
} worker_arg;

static size_t candidate(const par_state *ps, size_t j);
static void *worker_main(void *arg);
static void run_unit(par_state *ps, perf_scanner *sc, size_t i);
static void sweep(par_state *ps, size_t i);
static int read_mapped(int fd, uint64_t size, const sk_context *ctx,
		       const perf_opts *o, perf_scanner **scs,
		       unsigned *n_scs, unit_result **units, size_t *n_units,
		       sk_input *in, sk_error *err);
static int header_comments(sk_input *in, sk_profile *p, sk_error *err);
static int mappable(sk_input *in, uint64_t *size);

/* ---- the mapped, parallel path ---- */

/* The first unit boundary in window j: the start of the line after a blank
 * line whose newline lies in [j*unit, (j+1)*unit); NONE if there is none. */
static size_t candidate(const par_state *ps, size_t j)
{
	size_t from = j * ps->unit, to = from + ps->unit;
	const char *d = ps->map;

	if (to > ps->size)
		to = ps->size;
	while (from < to) {
		const char *nl = memchr(d + from, '\n', to - from);
		size_t p;

		if (!nl)
			break;
		p = (size_t)(nl - d);
		if (p + 1 < ps->size && d[p + 1] == '\n')
			return p + 2;
		if (p + 2 < ps->size && d[p + 1] == '\r' && d[p + 2] == '\n')
			return p + 3;
		from = p + 1;
	}
	return NONE;
}

static void run_unit(par_state *ps, perf_scanner *sc, size_t i)
{
	size_t start = i == 0 ? 0 : candidate(ps, i), end = ps->size, j;
	unit_result *u = &ps->units[i];

	if (start == NONE)
		return;
	for (j = i + 1; j < ps->n_units; j++) {
		size_t c = candidate(ps, j);

		if (c != NONE) {
			end = c;
			break;
		}
	}
	/* Fault the unit in with one call (Linux >= 5.14; older kernels say
	 * EINVAL and the pages fault in one by one as before): a page fault
	 * per few pages costs more than the scan of those pages. */
	madvise((void *)(ps->map + (start & ~((size_t)ps->page - 1))),
		end - (start & ~((size_t)ps->page - 1)), MADV_POPULATE_READ);
	perf_scan(sc, ps->map + start, end - start, start, 1);
	u->samples = sc->samples;
	u->n_samples = sc->n_samples;
	u->samples_without_time = sc->samples_without_time;
	sc->samples = NULL;
	sc->n_samples = sc->cap_samples = 0;
	sc->samples_without_time = 0;
	if (sc->failed) {
		u->failed = 1;
		u->err_off = sc->err_off;
		memcpy(u->err_msg, sc->err_msg, sizeof(u->err_msg));
		sc->failed = 0;
		pthread_mutex_lock(&ps->lock);
		if (i < ps->stop_at)
			ps->stop_at = i;
		pthread_mutex_unlock(&ps->lock);
	}
	/* The unit's pages are not needed again: file-backed pages count in
	 * the resident set until they are dropped.  All of them, with the
	 * pages its boundaries share with its neighbours and the search for
	 * its start touched: in a private read-only mapping, dropping a page
	 * another thread still reads only makes it fault in again, while a
	 * page left behind per unit adds up (a 4 GB input kept 360 MB). */
	{
		size_t from = i * ps->unit < start ? i * ps->unit : start;
		size_t a = from & ~((size_t)ps->page - 1);
		size_t b = (end + (size_t)ps->page - 1) &
			   ~((size_t)ps->page - 1);

		if (b > ps->size)
			b = ps->size;
		if (b > a)
			madvise((void *)(ps->map + a), b - a, MADV_DONTNEED);
	}
}

/* Unit i is done: drops, once more, everything before the first unit not
 * done yet.  A thread held up between taking a unit and looking for its
 * end can read the start of the next unit after that unit was scanned and
 * dropped, and fault-around then maps up to 64 KiB that nothing drops
 * again; on a busy machine a 4 GB input kept 6 MB of such pages. */
static void sweep(par_state *ps, size_t i)
{
	size_t from, to;

	pthread_mutex_lock(&ps->lock);
	ps->units[i].done = 1;
	while (ps->swept < ps->n_units && ps->units[ps->swept].done)
		ps->swept++;
	from = ps->swept_to;
	to = ps->swept == ps->n_units ? ps->size : ps->swept * ps->unit;
	to &= ~((size_t)ps->page - 1);
	if (to > from)
		ps->swept_to = to;
	pthread_mutex_unlock(&ps->lock);
	if (to > from)
		madvise((void *)(ps->map + from), to - from, MADV_DONTNEED);
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
		run_unit(ps, &ps->scanners[wa->id], i);
		sweep(ps, i);
	}
	return NULL;
}

static int read_mapped(int fd, uint64_t size, const sk_context *ctx,
		       const perf_opts *o, perf_scanner **scs,
		       unsigned *n_scs, unit_result **units, size_t *n_units,
		       sk_input *in, sk_error *err)
{
	par_state ps;
	unsigned threads = sk_context_threads(ctx), t;
	void *map;
	int rc = 0;

	if (size > (uint64_t)SIZE_MAX / 2)
		return sk_error_set_file(err, sk_input_name(in),
					 "file too large to map");
	map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return 1;	/* the caller streams instead */
	madvise(map, (size_t)size, MADV_SEQUENTIAL);
	memset(&ps, 0, sizeof(ps));
	ps.map = map;
	ps.size = (size_t)size;
	ps.in = in;
	ps.page = sysconf(_SC_PAGESIZE);
	if (ps.page <= 0)
		ps.page = 4096;
	/* Units of 1 MiB: large enough that splitting costs nothing (the
	 * same time as 4 MiB on both bench profiles), small enough that two
	 * threads stay busy to the end and few pages are resident at a time:
	 * a unit is faulted in whole, so each thread holds one unit of the
	 * file (4 MiB units: 6 MB more peak RSS with 2 threads).  Tests ask
	 * for tiny units to split small inputs. */
	ps.unit = ctx->unit_bytes ? ctx->unit_bytes : (size_t)1 << 20;
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
	for (t = 0; t < threads; t++)
		perf_scanner_init(&ps.scanners[t], o);
	pthread_mutex_init(&ps.lock, NULL);
	if (threads == 1) {
		worker_arg wa = {&ps, 0};

		worker_main(&wa);
	} else {
		pthread_t *tids = sk_xcalloc(threads, sizeof(*tids));
		worker_arg *was = sk_xcalloc(threads, sizeof(*was));
		unsigned started = 0;

		for (t = 0; t < threads; t++) {
			was[t].ps = &ps;
			was[t].id = t;
			if (t > 0 && pthread_create(&tids[t], NULL,
						    worker_main, &was[t]) != 0)
				break;
			started = t + 1;
		}
		/* This thread works too; a failed pthread_create only means
		 * fewer workers. */
		worker_main(&was[0]);
		for (t = 1; t < started; t++)
			pthread_join(tids[t], NULL);
		free(tids);
		free(was);
	}
	pthread_mutex_destroy(&ps.lock);
	if (ps.stop_at < ps.n_units) {
		unit_result *u = &ps.units[ps.stop_at];

		rc = -1;
		sk_error_set_line(err, sk_input_name(in),
				  1 + sk_lines_count(ps.map, u->err_off), "%s",
				  u->err_msg);
	} else {
		uint64_t first = UINT64_MAX, count = 0;

		for (t = 0; t < threads; t++) {
			count += ps.scanners[t].unrecognized;
			if (ps.scanners[t].unrecognized &&
			    ps.scanners[t].first_unrecognized < first)
				first = ps.scanners[t].first_unrecognized;
		}
		if (count)
			sk_warn(ctx, "%s:%llu: %llu unrecognized line%s "
				"ignored (the first is here)",
				sk_input_name(in),
				(unsigned long long)(1 + sk_lines_count(ps.map,
									 first)),
				(unsigned long long)count,
				count == 1 ? "" : "s");
	}
	munmap(map, (size_t)size);
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

/* The descriptor of a plain file to map, or -1.  A file that starts with
 * a byte order mark is streamed instead, through lib/lines.c, which drops
 * or decodes it: so a file reads as the same bytes piped would.  Such
 * files are rare and small (Windows tools, PowerShell redirections). */
static int mappable(sk_input *in, uint64_t *size)
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
	fd = mappable(in, &size);
	if (fd >= 0)
		rc = read_mapped(fd, size, ctx, &o, &scs, &n_scs, &units,
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
