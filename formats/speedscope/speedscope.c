/*
 * speedscope.c - the speedscope file format (speedscope.app's own JSON,
 * https://www.speedscope.app/file-format-schema.json): its registry entry,
 * its probe, and how a thread is spelled as a profile name.
 *
 * Decisions (README's format table says the same):
 *   - Threads are profiles.  The reader makes each profile's name its
 *     thread's labels: "COMM PID/TID" (a number may be '?') gives
 *     thread_comm, pid and tid; "COMM (TID)" (py-spy's spelling) gives
 *     thread_comm and tid; any other name is thread_comm alone.  A profile
 *     whose name is empty or is the file's name (speedscope's group name:
 *     `name`, else the first profile's name) is not a thread: that is how
 *     single-profile files name themselves.  The writer writes one
 *     profile per thread named "COMM PID/TID" ('?' for an unknown number),
 *     and the records without a thread as one profile named as the file.
 *     The process' comm and the CPU are not written (speedscope has no
 *     place for them).
 *   - Units: a value type per unit in the file, the weights as the file
 *     has them (no conversion, so nothing is rounded): "none" is
 *     samples/count, time units are time/UNIT ("time/microseconds"),
 *     "bytes" is space/bytes.  Profiles of different units in one file are
 *     separate value types; the default is the unit of the profile
 *     activeProfileIndex names.  The writer writes the default (or
 *     --sample-type) value type only, since speedscope shows one: counts
 *     and other units as "none", the five units speedscope knows as they
 *     are.
 *   - The timeline: positions in nanoseconds when every profile has a time
 *     unit, in bytes when every one has bytes, else the sample order.  A
 *     sampled profile's samples sit at startValue plus the weights before
 *     them; an evented interval is one sample at its opening, valued at
 *     its duration less its children's (doc/model.md).  The writer writes
 *     `sampled` profiles: the timeline's samples in order when the profile
 *     has one, else the aggregated records.
 */
#include "formats/speedscope/speedscope.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- probing ---- */

/* Does data hold the key "name" (quoted, then blanks, then ':')? */
static int has_key(const unsigned char *data, size_t len, const char *name)
{
	size_t n = strlen(name), i;
	const unsigned char *p = data, *end = data + len;

	while ((p = memmem(p, (size_t)(end - p), name, n)) != NULL) {
		p += n;
		for (i = 0; p + i < end && (p[i] == ' ' || p[i] == '\t' ||
					    p[i] == '\r' || p[i] == '\n'); i++)
			;
		if (p + i < end && p[i] == ':')
			return 1;
	}
	return 0;
}

/* speedscope itself recognises its files by the $schema URL.  Old files
 * and hand-written ones may lack it; the "shared" and "profiles" keys
 * together are this format's shape and no other JSON format's. */
static int ss_probe(const unsigned char *data, size_t len)
{
	if (!sk_json_looks_like(data, len))
		return 0;
	if (memmem(data, len, SS_SCHEMA_URL, strlen(SS_SCHEMA_URL)))
		return SK_PROBE_MAX;
	if (has_key(data, len, "\"shared\"") &&
	    has_key(data, len, "\"profiles\""))
		return SK_PROBE_STRONG;
	return 0;
}

/* ---- threads as profile names ---- */

/* Parses [s, s + len) as a decimal id or '?'; returns 1 for a number
 * (in *out), 0 for '?', -1 for anything else. */
static int parse_id(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (len == 1 && s[0] == '?')
		return 0;
	if (len == 0 || len > 18)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* "PID/TID" (either may be '?') into t; 0 on success. */
static int parse_pid_tid(const char *s, size_t len, sk_thread *t)
{
	const char *slash = memchr(s, '/', len);
	int a, b;

	if (!slash)
		return -1;
	a = parse_id(s, (size_t)(slash - s), &t->pid);
	b = parse_id(slash + 1, len - (size_t)(slash + 1 - s), &t->tid);
	if (a < 0 || b < 0)
		return -1;
	if (a)
		t->has |= SK_THREAD_HAS_PID;
	if (b)
		t->has |= SK_THREAD_HAS_TID;
	return 0;
}

int ss_thread_from_name(sk_profile *p, const char *name, sk_thread *t)
{
	size_t len = strlen(name), comm_len = len;
	const char *sp = NULL;
	size_t i;

	memset(t, 0, sizeof *t);
	if (len == 0)
		return 0;
	for (i = len; i-- > 0;)
		if (name[i] == ' ') {
			sp = name + i;
			break;
		}
	if (sp && sp > name) {
		const char *last = sp + 1;
		size_t n = len - (size_t)(last - name);
		sk_thread ids = *t;

		if (parse_pid_tid(last, n, &ids) == 0) {
			*t = ids;
			comm_len = (size_t)(sp - name);
		} else if (n >= 3 && last[0] == '(' && last[n - 1] == ')' &&
			   parse_id(last + 1, n - 2, &t->tid) == 1) {
			t->has |= SK_THREAD_HAS_TID;
			comm_len = (size_t)(sp - name);
		}
	}
	t->thread_comm = sk_profile_intern(p, name, comm_len);
	return 1;
}

int ss_thread_name(const sk_profile *p, const sk_thread *t, sk_buf *out)
{
	sk_str comm = t->thread_comm ? t->thread_comm : t->comm;
	unsigned ids = t->has & (SK_THREAD_HAS_PID | SK_THREAD_HAS_TID);

	if (!comm && !ids)
		return 0;
	/* A thread known by its ids alone still needs a COMM to read back
	 * as one. */
	if (comm)
		sk_buf_append(out, sk_profile_str(p, comm),
			      sk_profile_str_len(p, comm));
	else
		sk_buf_append_cstr(out, SK_THREAD_UNKNOWN_COMM);
	if (!ids)
		return 1;
	if (t->has & SK_THREAD_HAS_PID)
		sk_buf_appendf(out, " %" PRId64, t->pid);
	else
		sk_buf_append_cstr(out, " ?");
	if (t->has & SK_THREAD_HAS_TID)
		sk_buf_appendf(out, "/%" PRId64, t->tid);
	else
		sk_buf_append_cstr(out, "/?");
	return 1;
}

static const char *const ss_aliases[] = { NULL };
static const char *const ss_extensions[] = { ".speedscope.json", NULL };
static const sk_option_spec ss_options[] = {
	{ "active-profile", NULL,
	  "speedscope input: read only the profile activeProfileIndex names" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_speedscope = {
	.name = "speedscope",
	.aliases = ss_aliases,
	.extensions = ss_extensions,
	.description = "speedscope's JSON file format (speedscope.app)",
	.probe = ss_probe,
	.read = ss_read,
	.write = ss_write,
	.options = ss_options,
	.preserves = "frame names with file/line/column; time order (sampled "
		     "profiles in timeline order); the value type's unit; "
		     "threads as one profile each (\"COMM PID/TID\"); writes "
		     "one value type (the default or --sample-type)",
	.flags = SK_FORMAT_USES_TIMELINE,
};
