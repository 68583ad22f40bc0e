/*
 * perf_thread.c - the threads of a perf read as labels (perf_private.h,
 * sk_thread.h): each distinct COMM/PID/TID/CPU of the scanners' keys gets
 * one label set, made once every thread is known so a worker thread's
 * process comm can come from its main thread.
 */
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

/* Digits of a perf pid/tid/cpu field, saturating (perf prints plain
 * decimal numbers; 0 when empty). */
static int64_t parse_num(const char *s, size_t n)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (v > (INT64_MAX - 9) / 10)
			return INT64_MAX;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The fields of a perf_thread_key text. */
static void split_thread(const char *key, size_t len, const char **f,
			 size_t *fl)
{
	const char *e = key + len;

	for (int i = 0; i < 4; i++) {
		const char *z = key < e ? memchr(key, '\0', (size_t)(e - key))
					: NULL;

		f[i] = key;
		fl[i] = z ? (size_t)(z - key) : (size_t)(e - key);
		key += fl[i] + (z != NULL);
	}
}

/* perf prints the thread's comm; a process' comm is its main thread's
 * (TID = PID), when the file has a sample of it. */
static sk_str process_comm(perf_threads *t, const char *pid, size_t pid_len)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *f[4];
		size_t fl[4], len;
		const char *k = sk_strtab_key(&t->keys, i, &len);

		split_thread(k, len, f, fl);
		if (fl[1] && fl[1] == pid_len && fl[2] == pid_len &&
		    memcmp(f[1], pid, pid_len) == 0 &&
		    memcmp(f[2], pid, pid_len) == 0)
			return sk_profile_intern(t->p, f[0], fl[0]);
	}
	return 0;
}

static sk_labelset_id make_labels(perf_threads *ts, const char *key,
				  size_t len)
{
	const char *f[4];
	size_t fl[4];
	sk_thread t;

	split_thread(key, len, f, fl);
	memset(&t, 0, sizeof t);
	t.thread_comm = sk_profile_intern(ts->p, f[0], fl[0]);
	if (fl[1]) {
		t.pid = parse_num(f[1], fl[1]);
		t.has |= SK_THREAD_HAS_PID;
		t.comm = process_comm(ts, f[1], fl[1]);
	}
	t.tid = parse_num(f[2], fl[2]);
	t.has |= SK_THREAD_HAS_TID;
	if (fl[3]) {
		t.cpu = parse_num(f[3], fl[3]);
		t.has |= SK_THREAD_HAS_CPU;
	}
	return sk_profile_thread_labels(ts->p, &t, NULL, 0);
}

void perf_threads_init(perf_threads *t, sk_profile *p)
{
	memset(t, 0, sizeof *t);
	t->p = p;
	sk_strtab_init(&t->keys);
}

void perf_threads_add(perf_threads *t, const char *key, size_t len)
{
	int added;

	sk_strtab_index(&t->keys, key, len, &added);
}

void perf_threads_finish(perf_threads *t)
{
	size_t i, len;

	t->n = sk_strtab_count(&t->keys);
	t->sets = sk_xcalloc(t->n + 1, sizeof *t->sets);
	for (i = 0; i < t->n; i++) {
		const char *k = sk_strtab_key(&t->keys, (uint32_t)i, &len);

		t->sets[i] = make_labels(t, k, len);
	}
}

sk_labelset_id perf_threads_labels(perf_threads *t, const char *key,
				   size_t len)
{
	int added;
	uint32_t i = sk_strtab_index(&t->keys, key, len, &added);

	return i < t->n ? t->sets[i] : 0;
}

void perf_threads_free(perf_threads *t)
{
	sk_strtab_free(&t->keys);
	free(t->sets);
}
