/*
 * thread.c - threads as labels (sk_thread.h): building and reading the
 * reserved labels, and FlameGraph's root frame names made from them.
 */
#include <stackkit/sk_thread.h>
#include "lib/sk_util.h"

#include <inttypes.h>
#include <string.h>

enum { MAX_LABELS = 64 };

sk_labelset_id sk_profile_thread_labels(sk_profile *p, const sk_thread *t,
					const sk_label *extra, size_t n_extra)
{
	sk_label l[MAX_LABELS + 5];
	size_t n = 0;

	memset(l, 0, sizeof l);
	if (t->comm) {
		l[n].key = sk_profile_intern_cstr(p, SK_LABEL_COMM);
		l[n++].str = t->comm;
	}
	if (t->thread_comm) {
		l[n].key = sk_profile_intern_cstr(p, SK_LABEL_THREAD_COMM);
		l[n++].str = t->thread_comm;
	}
	if (t->has & SK_THREAD_HAS_PID) {
		l[n].key = sk_profile_intern_cstr(p, SK_LABEL_PID);
		l[n++].num = t->pid;
	}
	if (t->has & SK_THREAD_HAS_TID) {
		l[n].key = sk_profile_intern_cstr(p, SK_LABEL_TID);
		l[n++].num = t->tid;
	}
	if (t->has & SK_THREAD_HAS_CPU) {
		l[n].key = sk_profile_intern_cstr(p, SK_LABEL_CPU);
		l[n++].num = t->cpu;
	}
	if (n_extra > MAX_LABELS)
		n_extra = MAX_LABELS;
	if (n_extra)
		memcpy(l + n, extra, n_extra * sizeof *extra);
	return sk_profile_labelset(p, l, n + n_extra);
}

int sk_label_key_is_thread(const char *key)
{
	return strcmp(key, SK_LABEL_PID) == 0 ||
	       strcmp(key, SK_LABEL_TID) == 0 ||
	       strcmp(key, SK_LABEL_COMM) == 0 ||
	       strcmp(key, SK_LABEL_THREAD_COMM) == 0 ||
	       strcmp(key, SK_LABEL_CPU) == 0;
}

/* A string label counts only when it is one; a number only as a number. */
static void take_label(const sk_profile *p, const sk_label *l, sk_thread *t)
{
	const char *key = sk_profile_str(p, l->key);

	if (l->str) {
		if (strcmp(key, SK_LABEL_COMM) == 0)
			t->comm = l->str;
		else if (strcmp(key, SK_LABEL_THREAD_COMM) == 0)
			t->thread_comm = l->str;
		return;
	}
	if (strcmp(key, SK_LABEL_PID) == 0) {
		t->pid = l->num;
		t->has |= SK_THREAD_HAS_PID;
	} else if (strcmp(key, SK_LABEL_TID) == 0) {
		t->tid = l->num;
		t->has |= SK_THREAD_HAS_TID;
	} else if (strcmp(key, SK_LABEL_CPU) == 0) {
		t->cpu = l->num;
		t->has |= SK_THREAD_HAS_CPU;
	}
}

int sk_profile_labelset_thread(const sk_profile *p, sk_labelset_id id,
			       sk_thread *t)
{
	size_t n, i;
	const sk_label *l = sk_profile_labelset_get(p, id, &n);

	memset(t, 0, sizeof *t);
	for (i = 0; i < n; i++)
		take_label(p, &l[i], t);
	return t->comm || t->thread_comm || t->has;
}

int sk_thread_root_name(const sk_profile *p, const sk_thread *t, int mode,
			sk_buf *out)
{
	sk_str name = t->thread_comm ? t->thread_comm : t->comm;
	int has_pid = (t->has & SK_THREAD_HAS_PID) != 0;
	int64_t pid = t->pid, tid = t->tid;
	size_t start = out->len, i;

	/* A thread known by its ids alone has no command to group by, but
	 * under --pid/--tid it is a thread of its own: "unknown-?/TID", as
	 * the perf and speedscope writers name it. */
	if (mode == SK_THREAD_ROOT_NONE ||
	    (!name && (mode == SK_THREAD_ROOT_COMM ||
		       !(t->has & SK_THREAD_HAS_TID))))
		return 0;
	/* stackcollapse-perf.pl's `if (not $tid) { $tid = $pid; $pid = "?" }`:
	 * "swapper 0/0" becomes swapper-?/0. */
	if (has_pid && (t->has & SK_THREAD_HAS_TID) && tid == 0) {
		tid = pid;
		has_pid = 0;
	}
	if (name)
		sk_buf_append(out, sk_profile_str(p, name),
			      sk_profile_str_len(p, name));
	else
		sk_buf_append_cstr(out, SK_THREAD_UNKNOWN_COMM);
	if (mode == SK_THREAD_ROOT_PID || mode == SK_THREAD_ROOT_TID) {
		if (has_pid)
			sk_buf_appendf(out, "-%" PRId64, pid);
		else
			sk_buf_append(out, "-?", 2);
		if (mode == SK_THREAD_ROOT_TID) {
			if (t->has & SK_THREAD_HAS_TID)
				sk_buf_appendf(out, "/%" PRId64, tid);
			else
				sk_buf_append(out, "/?", 2);
		}
	}
	for (i = start; i < out->len; i++)
		if (out->data[i] == ' ')
			out->data[i] = '_';
	return 1;
}
