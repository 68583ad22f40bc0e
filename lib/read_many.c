/*
 * read_many.c - many inputs into one profile (sk_read_files), read on all
 * cores and merged as a tree.
 *
 * The inputs are cut into groups of GROUP consecutive inputs.  A group is
 * read and merged in input order into one profile by a worker thread; the
 * calling thread merges the groups' profiles in group order as they become
 * ready.  Merging appends what the source adds in the source's order, so
 * this tree gives the frames, nodes and records of reading one input after
 * the other.  The group size is fixed, not derived from the thread count,
 * so that the result (floating-point sums included) is the same bytes
 * whatever --threads says; one thread walks the same tree alone.
 *
 * Memory: at most WINDOW groups per worker are read ahead of the merge, so
 * it stays the merged profile plus a few groups' profiles.  Warnings are
 * held per group and replayed in input order.  On the first failure the
 * groups already merged stay, and the rest is read one input after the
 * other, so the error (and the warnings before it) are those a serial read
 * gives.  Standard input, which can be read only once, is read serially.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <stackkit/stackkit.h>
#include "lib/sk_util.h"

enum { GROUP = 8, WINDOW = 2 };

struct group {
	sk_profile *p;		/* NULL until read (or on failure) */
	sk_buf warnings;	/* NUL-separated, in order */
	int state;		/* 0 waiting, 1 taken, 2 done, 3 failed */
};

struct many {
	const char *const *paths;
	size_t n, ngroups;
	const sk_format *forced;
	sk_context ctx;		/* the caller's, without progress */
	struct group *groups;
	size_t next;		/* the next group to take */
	size_t merged;		/* groups merged so far */
	size_t ahead;		/* how many groups may be read past merged */
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void hold_warning(void *arg, const char *message)
{
	sk_buf *b = arg;

	sk_buf_append(b, message, strlen(message) + 1);
}

/* The error of merging src (read from path) into dst names path. */
static int merge_named(sk_profile *dst, const sk_profile *src,
		       const char *path, sk_error *err)
{
	char why[sizeof err->message];

	if (sk_profile_merge(dst, src, err) == 0)
		return 0;
	memcpy(why, err->message, sizeof why);
	return sk_error_set_file(err, path, "%s", why);
}

/* Reads group g into one profile; NULL on any failure. */
static sk_profile *read_group(const struct many *m, size_t g, sk_buf *warn)
{
	sk_context ctx = m->ctx;
	size_t i, end = (g + 1) * GROUP < m->n ? (g + 1) * GROUP : m->n;
	sk_profile *all = NULL;
	sk_error err;

	ctx.warn = hold_warning;
	ctx.warn_arg = warn;
	for (i = g * GROUP; i < end; i++) {
		sk_profile *p = sk_profile_new();
		int rc = sk_read_file(m->paths[i], m->forced, &ctx, p, &err);

		if (rc == 0 && all)
			rc = merge_named(all, p, m->paths[i], &err);
		if (rc < 0) {
			sk_profile_free(p);
			sk_profile_free(all);
			return NULL;
		}
		if (!all) {
			all = p;
			continue;
		}
		sk_profile_free(p);
	}
	return all;
}

static void *worker(void *arg)
{
	struct many *m = arg;

	pthread_mutex_lock(&m->lock);
	for (;;) {
		size_t g;
		sk_profile *p;

		while (!m->stop && m->next < m->ngroups &&
		       m->next >= m->merged + m->ahead)
			pthread_cond_wait(&m->changed, &m->lock);
		if (m->stop || m->next >= m->ngroups)
			break;
		g = m->next++;
		m->groups[g].state = 1;
		pthread_mutex_unlock(&m->lock);
		p = read_group(m, g, &m->groups[g].warnings);
		pthread_mutex_lock(&m->lock);
		m->groups[g].p = p;
		m->groups[g].state = p ? 2 : 3;
		if (!p)
			m->stop = 1;
		pthread_cond_broadcast(&m->changed);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static void replay_warnings(const sk_context *ctx, const sk_buf *b)
{
	size_t at = 0;

	while (ctx->warn && at < b->len) {
		ctx->warn(ctx->warn_arg, b->data + at);
		at += strlen(b->data + at) + 1;
	}
}

/* Group g, read by a worker, or here when there are none.  NULL when it
 * failed. */
static sk_profile *take_group(struct many *m, size_t g, int threaded)
{
	sk_profile *p;

	if (!threaded) {
		p = read_group(m, g, &m->groups[g].warnings);
	} else {
		pthread_mutex_lock(&m->lock);
		while (m->groups[g].state < 2)
			pthread_cond_wait(&m->changed, &m->lock);
		p = m->groups[g].p;
		pthread_mutex_unlock(&m->lock);
	}
	m->groups[g].p = NULL;
	return p;
}

static void group_merged(struct many *m, int threaded)
{
	if (!threaded) {
		m->merged++;
		return;
	}
	pthread_mutex_lock(&m->lock);
	m->merged++;
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
}

/* The serial read of paths[from..n) into *all, as sk_read_files always
 * did it: for standard input, and after a failure. */
static int read_serial(const char *const *paths, size_t from, size_t n,
		       const sk_format *forced, const sk_context *ctx,
		       sk_profile **all, sk_error *err)
{
	size_t i;

	for (i = from; i < n; i++) {
		sk_profile *p = sk_profile_new();
		int rc = sk_read_file(paths[i], forced, ctx, p, err);

		if (rc == 0 && *all)
			rc = merge_named(*all, p, paths[i], err);
		if (rc < 0) {
			sk_profile_free(p);
			return -1;
		}
		if (!*all) {
			*all = p;
			continue;
		}
		sk_profile_free(p);
	}
	return 0;
}

/* Merges the groups in order; returns the first group not merged
 * (m->ngroups when all were). */
static size_t merge_groups(struct many *m, const sk_context *ctx,
			   sk_profile **all, int threaded, sk_error *err)
{
	size_t g;

	for (g = 0; g < m->ngroups; g++) {
		sk_profile *p = take_group(m, g, threaded);

		if (!p)
			return g;
		if (*all && merge_named(*all, p, m->paths[g * GROUP], err) < 0) {
			sk_profile_free(p);
			return g;
		}
		if (*all)
			sk_profile_free(p);
		else
			*all = p;
		/* Only now: after a failure, the rest is read again. */
		replay_warnings(ctx, &m->groups[g].warnings);
		group_merged(m, threaded);
	}
	return g;
}

static int has_stdin(const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(paths[i], "-") == 0)
			return 1;
	return 0;
}

static unsigned start_workers(struct many *m, pthread_t *tids,
			      unsigned want)
{
	unsigned t;

	for (t = 0; t < want; t++)
		if (pthread_create(&tids[t], NULL, worker, m) != 0)
			break;
	return t;
}

static void stop_workers(struct many *m, pthread_t *tids, unsigned n)
{
	pthread_mutex_lock(&m->lock);
	m->stop = 1;
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
	for (unsigned t = 0; t < n; t++)
		pthread_join(tids[t], NULL);
}

static void free_groups(struct many *m)
{
	for (size_t g = 0; g < m->ngroups; g++) {
		sk_profile_free(m->groups[g].p);
		sk_buf_free(&m->groups[g].warnings);
	}
	free(m->groups);
}

sk_profile *sk_read_files(const char *const *paths, size_t n,
			  const sk_format *forced, const sk_context *ctx,
			  sk_error *err)
{
	struct many m;
	sk_profile *all = NULL;
	pthread_t *tids;
	unsigned want, nt;
	size_t g;
	int rc;

	if (n <= 1 || has_stdin(paths, n)) {
		if (read_serial(paths, 0, n, forced, ctx, &all, err) == 0)
			return all;
		sk_profile_free(all);
		return NULL;
	}
	memset(&m, 0, sizeof m);
	m.paths = paths;
	m.n = n;
	m.ngroups = (n + GROUP - 1) / GROUP;
	m.forced = forced;
	m.ctx = *ctx;
	m.groups = sk_xcalloc(m.ngroups, sizeof *m.groups);
	want = sk_context_threads(ctx);
	if (want > m.ngroups)
		want = (unsigned)m.ngroups;
	if (want > 1) {
		m.ctx.progress = NULL;	/* one line cannot show several */
		m.ctx.threads = 1;	/* the inputs are the parallelism */
	}
	m.ahead = (size_t)WINDOW * want;
	pthread_mutex_init(&m.lock, NULL);
	pthread_cond_init(&m.changed, NULL);
	tids = sk_xcalloc(want + 1, sizeof *tids);
	nt = want > 1 ? start_workers(&m, tids, want) : 0;
	if (nt == 0)		/* no worker: this thread reads with all */
		m.ctx = *ctx;
	g = merge_groups(&m, ctx, &all, nt > 0, err);
	stop_workers(&m, tids, nt);
	rc = 0;
	if (g < m.ngroups)
		rc = read_serial(paths, g * GROUP, n, forced, ctx, &all, err);
	free_groups(&m);
	free(tids);
	pthread_cond_destroy(&m.changed);
	pthread_mutex_destroy(&m.lock);
	if (rc == 0)
		return all;
	sk_profile_free(all);
	return NULL;
}
