/*
 * cpuprofile.c - V8's profiles as JSON: the format's registry entry, its
 * probe, its options and the dispatch by the document's shape:
 *   - a .cpuprofile (Profiler.Profile: nodes + samples + timeDeltas;
 *     cp_read.c, or read straight from the text by cp_fast.c when it is
 *     plain), also V8's old format (a head tree + timestamps);
 *   - Chrome trace events (an array or {"traceEvents": [...]}) carrying a
 *     CpuProfile event or Profile + ProfileChunk events (cp_trace.c);
 *   - a sampling heap profile, .heapprofile (a head tree with selfSize +
 *     samples with size and ordinal; cp_heap.c).
 * Writes .cpuprofile (cp_write.c).
 */
#include "formats/cpuprofile/cp_private.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

/* Does the text [data, data+len) contain the quoted key "key"? */
static int has_key(const unsigned char *data, size_t len, const char *key)
{
	size_t n = strlen(key);

	for (size_t i = 0; i + n + 2 <= len; i++)
		if (data[i] == '"' && memcmp(data + i + 1, key, n) == 0 &&
		    data[i + 1 + n] == '"')
			return 1;
	return 0;
}

/* FORMATS.md §1c: by content only.  A Profiler.Profile has "nodes" with
 * "samples" (or "timeDeltas"); the old format and heap profiles a "head"
 * with "samples", "timestamps" or "selfSize"; a trace "traceEvents" or an
 * array of events with "ph".  Keys are looked for in the first bytes, so a
 * huge file whose "samples" come late still shows its "callFrame". */
static int cpuprofile_probe(const unsigned char *data, size_t len)
{
	size_t i = 0;

	if (!sk_json_looks_like(data, len))
		return 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\r' || data[i] == '\n'))
		i++;
	if (has_key(data, len, "$schema"))
		return 0;	/* speedscope's own format */
	if (data[i] == '[')
		return has_key(data, len, "ph") ? SK_PROBE_STRONG : 0;
	if (has_key(data, len, "traceEvents"))
		return SK_PROBE_STRONG;
	if (has_key(data, len, "nodes") &&
	    (has_key(data, len, "samples") || has_key(data, len, "callFrame") ||
	     has_key(data, len, "timeDeltas")))
		return SK_PROBE_STRONG;
	if (has_key(data, len, "head") &&
	    (has_key(data, len, "samples") || has_key(data, len, "selfSize") ||
	     has_key(data, len, "timestamps") ||
	     has_key(data, len, "callFrame")))
		return SK_PROBE_STRONG;
	return 0;
}

/* The reader of the document's shape. */
static int read_document(struct cp_reader *r, const cJSON *doc)
{
	const cJSON *events = NULL;
	sk_json_path path;

	sk_json_path_init(&path);
	if (cJSON_IsArray(doc))
		events = doc;
	else if (cJSON_IsObject(doc))
		events = cJSON_GetObjectItemCaseSensitive(doc, "traceEvents");
	if (events) {
		if (!cJSON_IsArray(events))
			return sk_error_set_file(r->err, r->name, "traceEvents: "
						 "not an array");
		return cp_read_trace(r, doc, events);
	}
	if (!cJSON_IsObject(doc))
		return sk_error_set_file(r->err, r->name, "not a V8 profile: "
					 "the document is not an object");
	if (cJSON_GetObjectItemCaseSensitive(doc, "nodes")) {
		cp_value_types(r->p);
		return cp_read_cpuprofile(r, doc, &path, 0);
	}
	if (cJSON_GetObjectItemCaseSensitive(doc, "head")) {
		const cJSON *head = cJSON_GetObjectItemCaseSensitive(doc,
								     "head");
		const cJSON *ss = cJSON_GetObjectItemCaseSensitive(head,
								   "selfSize");

		return ss ? cp_read_heap(r, doc) : cp_read_old(r, doc);
	}
	return sk_error_set_file(r->err, r->name, "not a V8 profile: no nodes, "
				 "head or traceEvents");
}

int cp_read_text(struct cp_reader *r, const unsigned char *data, size_t len,
		 int fast)
{
	cJSON *doc;
	int rc;

	if (fast && cp_fast_read(r, data, len, &rc))
		return rc;
	doc = cp_parse(r->name, data, len, r->err);
	if (!doc)
		return -1;
	rc = read_document(r, doc);
	cJSON_Delete(doc);
	return rc;
}

/* A plain file is mapped rather than copied: for a .cpuprofile of hundreds
 * of MB that saves the copy and the zeroing of as many fresh pages.  0
 * when it cannot be (a pipe, gzip, memory; a file over the input limit,
 * which sk_input_slurp refuses with its own message). */
static int read_mapped(sk_input *in, struct cp_reader *r, int *rc)
{
	uint64_t size;
	int fd = sk_input_plain_fd(in, &size);
	int flags = MAP_PRIVATE;
	void *map;

#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;	/* one call instead of a fault per page */
#endif
	if (fd < 0 || size == 0 || size > sk_input_limits(in)->max_input_bytes ||
	    size > SIZE_MAX)
		return 0;
	map = mmap(NULL, (size_t)size, PROT_READ, flags, fd, 0);
	if (map == MAP_FAILED)
		return 0;
	*rc = cp_read_text(r, map, (size_t)size, 1);
	sk_input_note_progress(in, size);
	munmap(map, (size_t)size);
	return 1;
}

static int cpuprofile_read(sk_input *in, const sk_context *ctx,
			   sk_profile *p, sk_error *err)
{
	struct cp_reader r;
	const unsigned char *data;
	size_t len;
	int rc;

	memset(&r, 0, sizeof r);
	r.name = sk_input_name(in);
	r.ctx = ctx;
	r.p = p;
	r.err = err;
	r.no_idle = sk_options_has(ctx->options, "no-idle");
	if (read_mapped(in, &r, &rc))
		return rc;
	if (sk_input_slurp(in, &data, &len, err) < 0)
		return -1;
	return cp_read_text(&r, data, len, 1);
}

static const char *const cpuprofile_aliases[] = {
	"trace-event", "heapprofile", "chrome", NULL
};
static const char *const cpuprofile_extensions[] = {
	".cpuprofile", ".heapprofile", NULL
};
static const sk_option_spec cpuprofile_options[] = {
	{ "no-idle", NULL,
	  "cpuprofile input: drop the samples of (idle) (kept as a frame by "
	  "default)" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_cpuprofile = {
	.name = "cpuprofile",
	.aliases = cpuprofile_aliases,
	.extensions = cpuprofile_extensions,
	.description = "V8/Chrome .cpuprofile (node --cpu-prof), Chrome trace "
		       "events with CPU profiles, .heapprofile "
		       "(node --heap-prof)",
	.probe = cpuprofile_probe,
	.read = cpuprofile_read,
	.write = cp_write,
	.options = cpuprofile_options,
	.preserves = "function names, url, 1-based line and column, time per "
		     "sample (wall/microseconds) and sample counts, the "
		     "timeline, threads of traces (pid, tid, thread name); "
		     "heap profiles' bytes and objects",
	.flags = SK_FORMAT_USES_TIMELINE,
};
