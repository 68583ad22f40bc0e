/*
 * perf.c - the `perf script` format: detection, options and the registry
 * entry.  Reading is in perf_read.c (over perf_scan.c and perf_parse.c),
 * writing in perf_write.c.
 *
 * The options are stackcollapse-perf.pl's, with the same meaning, so that
 * `stackconv -t collapsed --OPT file` gives what FlameGraph gives for
 * `stackcollapse-perf.pl --OPT file`.  Its --pid, --tid, --kernel, --jit
 * and --all are options of the name-only writers (formats/collapsed.c):
 * the reader always keeps threads and frame kinds.  FlameGraph's --inline (addr2line on
 * every user-space address) is not offered: it needs the recorded binaries
 * at the recorded paths and runs addr2line per address; `perf script
 * --inline` does the same job where the binaries are.
 */
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

static int perf_probe(const unsigned char *data, size_t len);
static int next_line(const unsigned char *data, size_t len, size_t *pos,
		     const char **line, size_t *n);

int perf_opts_from_context(const sk_context *ctx, perf_opts *o,
			   sk_error *err)
{
	const sk_options *opt = ctx->options;
	const char *ev;

	memset(o, 0, sizeof(*o));
	if (opt) {
		o->addrs = sk_options_has(opt, "addrs");
		o->inline_ = sk_options_has(opt, "inline");
		o->context = sk_options_has(opt, "context");
		o->srcline = sk_options_has(opt, "srcline");
		ev = sk_options_get(opt, "event-filter");
		if (ev) {
			if (!*ev)
				return sk_error_set(err, "--event-filter needs "
						    "an event name");
			o->event_filter = ev;
		}
	}
	o->max_line = ctx->limits.max_line_bytes;
	o->max_depth = ctx->limits.max_depth;
	o->max_string = ctx->limits.max_string_bytes;
	o->want_timeline = ctx->want_timeline;
	return 0;
}

static int next_line(const unsigned char *data, size_t len, size_t *pos,
		     const char **line, size_t *n)
{
	const unsigned char *nl;

	if (*pos >= len)
		return 0;
	*line = (const char *)data + *pos;
	nl = memchr(data + *pos, '\n', len - *pos);
	*n = nl ? (size_t)(nl - data) - *pos : len - *pos;
	*pos += *n + 1;
	if (*n && (*line)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/* A header without a frame line after it: an event makes it perf text;
 * a time alone is weak evidence; neither ("a;b 5 7", difffolded's two
 * columns) is not perf at all. */
static int header_score(const perf_header *h)
{
	if (h->event)
		return SK_PROBE_TEXT;
	return h->has_time ? SK_PROBE_WEAK : 0;
}

/* A header line followed by a frame line is certain enough: no other text
 * format has "COMM TID ... EVENT:" then "ADDR SYM (DSO)".  The "# ====="
 * block of `perf script --header` is a marker too. */
static int perf_probe(const unsigned char *data, size_t len)
{
	size_t pos = 0, n;
	const char *line;
	perf_header h;
	perf_frame f;

	if (memchr(data, '\0', len))
		return 0;
	if (len >= 10 && memcmp(data, "# ========", 10) == 0 &&
	    (memmem(data, len, "# captured on", 13) ||
	     memmem(data, len, "# perf version", 14)))
		return SK_PROBE_STRONG;
	while (next_line(data, len, &pos, &line, &n)) {
		size_t i = 0;

		if (n == 0 || line[0] == '#')
			continue;
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (!perf_parse_header(line + i, n - i, &h))
			return 0;
		if (h.rest && perf_parse_frame(h.rest, h.rest_len, &f))
			return SK_PROBE_STRONG;
		if (!next_line(data, len, &pos, &line, &n))
			return header_score(&h);
		if (n > 0 && perf_parse_frame(line, n, &f))
			return SK_PROBE_STRONG;
		return header_score(&h);
	}
	return 0;
}

static const char *const perf_aliases[] = {
	"perf-script", "linux-perf", NULL
};
static const char *const perf_extensions[] = {
	".perf", ".linux-perf.txt", ".perf.txt", ".perf-script", NULL
};
static const sk_option_spec perf_options[] = {
	{ "addrs", NULL,
	  "perf input: [dso <addr>] instead of [dso] for unknown symbols" },
	{ "inline", NULL,
	  "perf input: add inlined functions with addr2line (needs the "
	  "binaries at their recorded paths)" },
	{ "context", NULL,
	  "perf input: with --inline, names as func:file:line" },
	{ "srcline", NULL,
	  "perf input: names as func:file:line from perf script -F+srcline's "
	  "source lines, as stackcollapse-perf.pl --srcline" },
	{ "event-filter", "EVENT",
	  "perf input: read only EVENT's samples (default: every event, the "
	  "first one as default value type)" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_perf = {
	.name = "perf",
	.aliases = perf_aliases,
	.extensions = perf_extensions,
	.description = "Linux perf script text (perf record -g; perf script)",
	.probe = perf_probe,
	.read = perf_read,
	.write = perf_write,
	.options = perf_options,
	.preserves = "frame names, dsos, kinds (kernel, JIT, inlined), "
		     "per-event sample counts and periods, comm/pid/tid/cpu "
		     "of every sample, the timeline",
	.flags = SK_FORMAT_USES_TIMELINE,
};
