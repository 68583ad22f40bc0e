/*
 * sk_thread.h - threads and processes as data: the reserved label keys that
 * carry them on records and samples, and FlameGraph's spelling of them as a
 * root frame for name-only writers.
 *
 * The keys are google/perf_data_converter's, so pprof files carry them as
 * its consumers expect: numeric "pid" and "tid", string "comm" (the
 * process' command) and "thread_comm" (the thread's, which is what `perf
 * script` prints as COMM).  perf_data_converter has no CPU label; stackkit
 * uses numeric "cpu".  Every format that knows a sample's thread stores it
 * here whatever the read options; only writers decide how to show it.
 */
#ifndef STACKKIT_SK_THREAD_H
#define STACKKIT_SK_THREAD_H

#include <stdint.h>
#include "sk_buf.h"
#include "sk_profile.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

#define SK_LABEL_PID "pid"
#define SK_LABEL_TID "tid"
#define SK_LABEL_COMM "comm"
#define SK_LABEL_THREAD_COMM "thread_comm"
#define SK_LABEL_CPU "cpu"

/* The COMM writers give a thread that has ids but no name. */
#define SK_THREAD_UNKNOWN_COMM "unknown"

enum {
	SK_THREAD_HAS_PID = 1,
	SK_THREAD_HAS_TID = 2,
	SK_THREAD_HAS_CPU = 4
};

/* A sample's thread.  Strings are ids of the profile they belong to;
 * 0 = not known. */
typedef struct sk_thread {
	sk_str comm;		/* the process' command */
	sk_str thread_comm;	/* the thread's command */
	int64_t pid;
	int64_t tid;
	int64_t cpu;
	unsigned has;		/* SK_THREAD_HAS_* */
} sk_thread;

/* The label set of t's labels plus extra[0..n_extra) (which must not use
 * the reserved keys). */
sk_labelset_id sk_profile_thread_labels(sk_profile *p, const sk_thread *t,
					const sk_label *extra, size_t n_extra);

/* Fills t from label set id; returns 1 when it holds any thread data. */
int sk_profile_labelset_thread(const sk_profile *p, sk_labelset_id id,
			       sk_thread *t);

/* Is key one of the reserved keys above? */
int sk_label_key_is_thread(const char *key);

/* How a name-only writer shows threads as a root frame, with
 * stackcollapse-perf.pl's spellings. */
enum sk_thread_root {
	SK_THREAD_ROOT_NONE = 0,	/* no root frame */
	SK_THREAD_ROOT_COMM,		/* "comm" (FlameGraph's default) */
	SK_THREAD_ROOT_PID,		/* "comm-PID" (--pid) */
	SK_THREAD_ROOT_TID		/* "comm-PID/TID" (--tid) */
};

/* Appends t's root frame name in mode (blanks become '_'; an unknown PID
 * is '?', and a TID of 0 means perf printed the PID alone, as FlameGraph
 * reads it; under --pid/--tid a thread with a TID but no command name is
 * SK_THREAD_UNKNOWN_COMM).  Returns 0 and appends nothing when there is no
 * root to show: mode SK_THREAD_ROOT_NONE, no command name in mode
 * SK_THREAD_ROOT_COMM, neither a name nor a TID otherwise. */
int sk_thread_root_name(const sk_profile *p, const sk_thread *t, int mode,
			sk_buf *out);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
