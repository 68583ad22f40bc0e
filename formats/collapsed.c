/*
 * collapsed.c - FlameGraph's folded stacks: "frame;frame;frame WEIGHT".
 *
 * The lingua franca of flame graph tools: stackcollapse-*.pl and inferno
 * write it, flamegraph.pl reads it.  Quirks this module handles:
 *   - the weight is the last space-separated field, and frames may contain
 *     spaces ("V8 WorkerThread;main 12"), so lines are split from the right;
 *   - weights may be decimal ("12.5", and flamegraph.pl's regex also takes
 *     "12."); a leading '-' is accepted so diff profiles survive a round
 *     trip;
 *   - files saved on Windows: CRLF, a UTF-8 BOM, or UTF-16 LE/BE with a BOM
 *     (PowerShell's ">" writes UTF-16 LE), which lib/lines.c undoes;
 *   - '#' lines are comments (austin and others write "# key: value");
 *   - several value columns: pprofutils' text2pprof reads a first line of
 *     space-separated "type/unit" tokens and one weight per type on every
 *     line.  We write that header (bare, as pprofutils wants it) and also
 *     read it behind "# ".
 * Output is sorted bytewise by stack and aggregated, exactly like the
 * stackcollapse scripts print it, so files diff byte for byte.  A plain
 * folded file converted to folded skips the model (collapsed_rewrite.c).
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_thread.h>
#include <stackkit/sk_view.h>
#include "formats/collapsed_rewrite.h"
#include "lib/sk_format_author.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Real profiles have a handful of value types (Go's heap profile: 4). */
enum { MAX_COLUMNS = 1024 };

/* Reader state: one per read call. */
struct collapsed_reader {
	sk_input *in;
	const sk_context *ctx;
	sk_profile *p;
	sk_error *err;
	uint64_t lineno;
	int seen_data;		/* a stack line was read (header no more) */
	int skip_bad;
	uint64_t bad_lines;
	size_t ncols;		/* value columns per line */
	double *values;
	sk_frame_id *frames;
	size_t frames_cap;
	/* Each distinct label's frame: one lookup per frame of a line
	 * instead of interning its name and then finding its frame. */
	sk_strtab labels;
	sk_frame_id *label_frame;
	size_t label_frame_cap;
};

static int collapsed_probe(const unsigned char *data, size_t len);
static int collapsed_read(sk_input *in, const sk_context *ctx, sk_profile *p,
			  sk_error *err);
static int collapsed_write(const sk_profile *p, const sk_context *ctx,
			   sk_output *out, sk_error *err);
static int write_header(const sk_profile *p, sk_output *out, sk_error *err);
static void folded_label(void *fmt, const sk_profile *p, sk_frame_id f,
			 sk_buf *out);
static int parse_line(struct collapsed_reader *r, const char *line, size_t len);
static int parse_header(struct collapsed_reader *r, const char *line,
			size_t len);
static int frame_kind(const char *name, size_t len);
/* collapsed_stream.c */
int collapsed_labels_streamable(const sk_view *v);
void collapsed_write_stream(const sk_view *v, size_t first, size_t ncols,
			    sk_output *out);

/* ---- probing ---- */

/* Is [s, end) "text SPACE digits"?  (Trailing '\r' already removed.) */
static int looks_folded(const unsigned char *s, const unsigned char *end)
{
	const unsigned char *j = end;

	while (j > s && ((j[-1] >= '0' && j[-1] <= '9') || j[-1] == '.'))
		j--;
	return j != end && j - s >= 2 && (j[-1] == ' ' || j[-1] == '\t');
}

/* Plausible folded lines (text, a space, digits to the end of the line) are
 * only weak evidence: folded stacks are the shape other text formats share
 * (py-spy raw is a dialect, difffolded output has two columns), so this
 * score never rises above SK_PROBE_WEAK and any format that sees its own
 * markers wins; registry order puts collapsed first among equals.  Stray
 * lines (comments, garbage) are tolerated when most lines look right. */
static int collapsed_probe(const unsigned char *data, size_t len)
{
	size_t i = 0, good = 0, bad = 0;

	if (len == 0)
		return SK_PROBE_EXTENSION;	/* empty: nothing to lose */
	if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
			 (data[0] == 0xfe && data[1] == 0xff)))
		return SK_PROBE_TEXT;
	if (memchr(data, 0, len))
		return 0;	/* binary */
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
		i = 3;
	while (i < len && good + bad < 64) {
		const unsigned char *line = data + i, *nl;
		size_t n;

		nl = memchr(line, '\n', len - i);
		n = nl ? (size_t)(nl - line) : len - i;
		i += n + 1;
		if (!nl && good + bad > 0)
			break;		/* a cut-off last line proves nothing */
		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		if (looks_folded(line, line + n))
			good++;
		else
			bad++;
	}
	if (good == 0)
		return good + bad == 0 ? SK_PROBE_WEAK : 0;
	return good >= bad ? SK_PROBE_WEAK : SK_PROBE_EXTENSION;
}

/* ---- reading ---- */

static int frame_kind(const char *name, size_t len)
{
	/* stackcollapse-perf.pl's annotations survive as frame kinds. */
	if (len >= 4 && name[len - 4] == '_' && name[len - 3] == '[' &&
	    name[len - 1] == ']') {
		switch (name[len - 2]) {
		case 'k': return SK_FRAME_KERNEL;
		case 'j': return SK_FRAME_JIT;
		case 'i': return SK_FRAME_INLINED;
		}
	}
	return SK_FRAME_NATIVE;
}

static int is_header_token(const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);

	/* Value type names become C strings: no NUL inside. */
	if (memchr(s, '\0', len))
		return 0;
	return slash && slash != s && slash != s + len - 1 &&
	       !memchr(slash + 1, '/', len - (size_t)(slash + 1 - s));
}

/* "type/unit type/unit ..." (optionally after "# "); returns 1 if the line
 * is a header and was taken, 0 if not a header. */
static int parse_header(struct collapsed_reader *r, const char *line,
			size_t len)
{
	size_t skip = len >= 2 && line[0] == '#' && line[1] == ' ' ? 2 : 0;
	size_t i, n = 0, start;

	for (i = start = skip; i <= len; i++) {
		if (i == len || line[i] == ' ') {
			if (i == start || !is_header_token(line + start, i - start))
				return 0;
			n++;
			start = i + 1;
		}
	}
	if (n == 0)
		return 0;
	if (sk_profile_value_type_count(r->p) != 0)
		return 0;
	if (n > MAX_COLUMNS)
		return sk_error_set_line(r->err, sk_input_name(r->in), r->lineno,
					 "more than %d value columns in the header",
					 MAX_COLUMNS);
	for (i = start = skip; i <= len; i++) {
		if (i == len || line[i] == ' ') {
			char *tok = sk_xstrndup(line + start, i - start);
			char *slash = strchr(tok, '/');
			*slash = '\0';
			sk_profile_value_type(r->p, tok, slash + 1);
			free(tok);
			start = i + 1;
		}
	}
	r->ncols = n;
	if (sk_profile_value_type_count(r->p) != n)
		return sk_error_set_line(r->err, sk_input_name(r->in), r->lineno,
					 "the same value type twice in the header");
	return 1;
}

static int bad_line(struct collapsed_reader *r, const char *what)
{
	if (r->skip_bad) {
		r->bad_lines++;
		return 0;
	}
	return sk_error_set_line(r->err, sk_input_name(r->in), r->lineno, "%s",
				 what);
}

static sk_frame_id label_frame(struct collapsed_reader *r, const char *s,
			       size_t len)
{
	int added;
	uint32_t i;

	if (len == 0)		/* ";x": sk_strtab keeps no empty key */
		return sk_profile_frame_named(r->p, s, 0, SK_FRAME_NATIVE);
	i = sk_strtab_index(&r->labels, s, len, &added);

	if (added) {
		if (i >= r->label_frame_cap)
			sk_xgrow((void **)&r->label_frame, &r->label_frame_cap,
				 (size_t)i + 1, sizeof *r->label_frame);
		r->label_frame[i] = sk_profile_frame_named(r->p, s, len,
							   frame_kind(s, len));
	}
	return r->label_frame[i];
}

static int parse_line(struct collapsed_reader *r, const char *line, size_t len)
{
	size_t end = len, col, nframes = 0, start, i;
	sk_node_id node;

	if (len == 0)
		return 0;
	if (!r->seen_data && r->ncols == 0) {
		int h = parse_header(r, line, len);
		if (h)
			return h < 0 ? -1 : 0;
	}
	if (line[0] == '#')
		return 0;
	if (r->ncols == 0) {
		sk_profile_value_type(r->p, "samples", "count");
		r->ncols = 1;
	}
	if (!r->values)
		r->values = sk_xcalloc(r->ncols, sizeof *r->values);
	r->seen_data = 1;
	for (col = r->ncols; col-- > 0;) {
		const char *sp;
		size_t k = end;
		while (k > 0 && line[k - 1] != ' ' && line[k - 1] != '\t')
			k--;
		sp = line + k;
		if (k == 0 || sk_parse_weight(sp, end - k, &r->values[col]) < 0)
			return bad_line(r, r->ncols > 1 ?
				"expected one weight per value column at the end of the line" :
				"expected a weight at the end of the line");
		if (!isfinite(r->values[col]))
			return bad_line(r, "weight too large (over 1.8e308)");
		/* Only one separator is taken: flamegraph.pl's greedy
		 * "(.*)\s+?" keeps any further blanks in the stack. */
		end = k - 1;
	}
	if (end == 0)
		return bad_line(r, "empty stack before the weight");
	/* Names are C strings to every other format and tool. */
	if (memchr(line, '\0', end))
		return bad_line(r, "NUL byte in the stack");
	if (end > r->ctx->limits.max_line_bytes)
		return bad_line(r, "line longer than the limit");
	for (start = 0, i = 0; i <= end; i++) {
		if (i < end && line[i] != ';')
			continue;
		if (nframes >= r->ctx->limits.max_depth)
			return sk_error_set_line(r->err, sk_input_name(r->in),
				r->lineno, "stack deeper than the limit of %llu frames",
				(unsigned long long)r->ctx->limits.max_depth);
		if (i - start > r->ctx->limits.max_string_bytes)
			return sk_error_set_line(r->err, sk_input_name(r->in),
				r->lineno, "frame name longer than the limit of %llu bytes",
				(unsigned long long)r->ctx->limits.max_string_bytes);
		sk_xgrow((void **)&r->frames, &r->frames_cap, nframes + 1,
			 sizeof *r->frames);
		r->frames[nframes++] = label_frame(r, line + start,
						   i - start);
		start = i + 1;
	}
	node = sk_profile_add_stack(r->p, r->frames, nframes, 0, r->values);
	/* Lines in file order are the only time order a folded file has:
	 * flamegraph.pl --flamechart and speedscope's time view use it. */
	if (r->ctx->want_timeline)
		sk_profile_add_sample(r->p, node, 0, (int64_t)r->lineno,
				      r->values);
	return 0;
}

static int collapsed_read(sk_input *in, const sk_context *ctx, sk_profile *p,
			  sk_error *err)
{
	struct collapsed_reader r;
	sk_lines *lines;
	sk_line line;
	int rc;

	memset(&r, 0, sizeof r);
	r.in = in;
	r.ctx = ctx;
	r.p = p;
	r.err = err;
	r.skip_bad = sk_options_has(ctx->options, "skip-bad-lines");
	if (sk_lines_open(&lines, in, 0, err) < 0)
		return -1;
	sk_strtab_init(&r.labels);
	if (ctx->want_timeline)
		sk_profile_set_timeline_unit(p, SK_POSITION_ORDER);
	while ((rc = sk_lines_next(lines, &line, err)) > 0) {
		r.lineno = line.number;
		if (parse_line(&r, line.text, line.len) < 0) {
			rc = -1;
			break;
		}
	}
	sk_lines_close(lines);
	if (rc == 0 && r.bad_lines)
		sk_warn(ctx, "%s: skipped %llu lines with invalid format",
			sk_input_name(in), (unsigned long long)r.bad_lines);
	free(r.values);
	free(r.frames);
	sk_strtab_free(&r.labels);
	free(r.label_frame);
	return rc;
}

/* ---- writing ---- */

/* A header token is "type/unit": neither part may be empty or hold a
 * space, a slash or a line break, or it would not read back. */
static int header_name_ok(const char *s)
{
	return *s && !strpbrk(s, " /\t\r\n");
}

static int write_header(const sk_profile *p, sk_output *out, sk_error *err)
{
	size_t t, n = sk_profile_value_type_count(p);

	for (t = 0; t < n; t++) {
		sk_value_type vt = sk_profile_value_type_get(p, t);
		const char *type = sk_profile_str(p, vt.type);
		const char *unit = sk_profile_str(p, vt.unit);
		if (!header_name_ok(type) || !header_name_ok(unit))
			return sk_error_set(err, "value type '%s/%s' cannot be "
				"named in a folded header (an empty part, a space "
				"or a slash); use --sample-type to write one column",
				type, unit);
	}
	for (t = 0; t < n; t++) {
		sk_value_type vt = sk_profile_value_type_get(p, t);
		sk_output_printf(out, "%s%s/%s", t ? " " : "",
				 sk_profile_str(p, vt.type),
				 sk_profile_str(p, vt.unit));
	}
	sk_output_write(out, "\n", 1);
	return 0;
}

/* Frame names from richer formats may hold the folded syntax itself: a ';'
 * becomes ':' (as stackcollapse's tidy_generic does) and a line break a
 * space, so every stack stays one line of the right frames. */
static void folded_label(void *fmt, const sk_profile *p, sk_frame_id f,
			 sk_buf *out)
{
	size_t i = out->len;

	sk_frame_label(fmt, p, f, out);
	for (; i < out->len; i++) {
		if (out->data[i] == ';')
			out->data[i] = ':';
		else if (out->data[i] == '\n' || out->data[i] == '\r')
			out->data[i] = ' ';
	}
}

/* A line of output: where its text is, and its view node. */
typedef struct folded_line {
	size_t offset;
	size_t len;
	sk_vnode node;
} folded_line;

typedef struct folded_lines {
	folded_line *lines;
	size_t count;
	sk_buf text;
} folded_lines;

static int line_cmp(const void *a, const void *b, void *arg)
{
	const folded_line *x = a, *y = b;
	const char *text = arg;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(text + x->offset, text + y->offset, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* The text of view node n, "root;...;n", appended to out: its labels are
 * found leaf first and copied in place from the end back. */
static void node_text(const sk_view *v, sk_vnode n, sk_buf *out)
{
	size_t len = sk_view_depth(v, n) - 1, at, l;
	sk_vnode m;

	for (m = n; m; m = sk_view_parent(v, m)) {
		sk_view_label(v, m, &l);
		len += l;
	}
	sk_buf_reserve(out, len);
	at = out->len + len;
	out->len = at;
	out->data[at] = '\0';
	for (m = n; m; m = sk_view_parent(v, m)) {
		const char *s = sk_view_label(v, m, &l);

		at -= l;
		memcpy(out->data + at, s, l);
		if (at > out->len - len)
			out->data[--at] = ';';
	}
}

/* One line per view node with weight of its own in the written columns,
 * sorted bytewise as the stackcollapse scripts print them. */
static void view_lines(const sk_view *v, size_t first, size_t ncols,
		       folded_lines *list)
{
	size_t count = sk_view_node_count(v), n, t;

	memset(list, 0, sizeof *list);
	list->lines = sk_xcalloc(count + 1, sizeof *list->lines);
	for (n = 1; n < count; n++) {
		folded_line *line;
		int nonzero = 0;

		for (t = first; t < first + ncols; t++)
			nonzero |= sk_view_self(v, (sk_vnode)n, t) != 0;
		if (!nonzero)
			continue;
		line = &list->lines[list->count++];
		line->offset = list->text.len;
		line->node = (sk_vnode)n;
		node_text(v, (sk_vnode)n, &list->text);
		line->len = list->text.len - line->offset;
	}
	if (list->count)
		qsort_r(list->lines, list->count, sizeof *list->lines, line_cmp,
			list->text.data);
}

/* Lines are streamed in order (collapsed_stream.c); only when a label
 * holds ';' (a comm, which folded_label does not see) are the lines' texts
 * made and sorted, and lines whose texts are equal added together. */
static int collapsed_write(const sk_profile *p, const sk_context *ctx,
			   sk_output *out, sk_error *err)
{
	size_t ntypes = sk_profile_value_type_count(p), i, j, t;
	int all = sk_options_has(ctx->options, "all-values") && ntypes > 1;
	size_t first = all ? 0 : sk_profile_default_value_type(p);
	size_t ncols = all ? ntypes : (ntypes ? 1 : 0);
	double *sum = sk_xcalloc(ntypes + 1, sizeof *sum);
	sk_view_options vo;
	sk_view *v;
	folded_lines list;
	sk_buf line = SK_BUF_INIT;

	if (all && write_header(p, out, err) < 0) {
		free(sum);
		return -1;
	}
	sk_view_options_from(ctx->options, &vo);
	vo.label = folded_label;
	vo.order = SK_VIEW_UNORDERED;
	vo.no_totals = 1;
	vo.label_arg = (void *)sk_options_get(ctx->options, "frame-format");
	vo.single_type = !all;
	vo.type = first;
	v = sk_view_build(p, &vo);
	sk_warn_stackless(ctx, p, "collapsed",
			  sk_view_self(v, 0, sk_profile_default_value_type(p)));
	if (collapsed_labels_streamable(v)) {
		collapsed_write_stream(v, first, ncols, out);
		sk_view_free(v);
		free(sum);
		return 0;
	}
	view_lines(v, first, ncols, &list);
	for (i = 0; i < list.count; i = j) {
		const folded_line *a = &list.lines[i];

		memset(sum, 0, ntypes * sizeof *sum);
		for (j = i; j < list.count && list.lines[j].len == a->len &&
		     !memcmp(list.text.data + list.lines[j].offset,
			     list.text.data + a->offset, a->len); j++)
			for (t = first; t < first + ncols; t++)
				sum[t] += sk_view_self(v, list.lines[j].node,
						       t);
		sk_buf_reset(&line);
		sk_buf_append(&line, list.text.data + a->offset, a->len);
		for (t = first; t < first + ncols; t++) {
			sk_buf_append_char(&line, ' ');
			sk_buf_append_value(&line, sum[t]);
		}
		sk_buf_append_char(&line, '\n');
		sk_output_write(out, line.data, line.len);
	}
	sk_buf_free(&line);
	free(list.lines);
	sk_buf_free(&list.text);
	sk_view_free(v);
	free(sum);
	return 0;
}

static const char *const collapsed_aliases[] = { "folded", NULL };
static const char *const collapsed_extensions[] = {
	".folded", ".collapsed", ".collapsedstack.txt", ".txt", NULL
};
static const sk_option_spec collapsed_options[] = {
	{ "skip-bad-lines", NULL,
	  "collapsed input: skip malformed lines and warn once with their count" },
	{ "all-values", NULL,
	  "collapsed output: every value type as a column, after a type/unit header line" },
	{ "frame-format", "FMT",
	  "name-only outputs: render frames as FMT, e.g. 'name (file:line)'" },
	{ "pid", NULL,
	  "name-only outputs: root frames COMM-PID (FlameGraph --pid)" },
	{ "tid", NULL,
	  "name-only outputs: root frames COMM-PID/TID (FlameGraph --tid)" },
	{ "no-comm", NULL,
	  "name-only outputs: no root frames from thread data" },
	{ "kernel", NULL, "name-only outputs: append _[k] to kernel frames" },
	{ "jit", NULL, "name-only outputs: append _[j] to JIT frames" },
	{ "all", NULL, "name-only outputs: --kernel and --jit" },
	{ "mark-inlined", NULL,
	  "name-only outputs: append _[i] to every inlined frame (FlameGraph "
	  "marks only those inlined into JIT code)" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_collapsed = {
	.name = "collapsed",
	.aliases = collapsed_aliases,
	.extensions = collapsed_extensions,
	.description = "FlameGraph folded stacks: 'frame;frame;frame WEIGHT'",
	.probe = collapsed_probe,
	.read = collapsed_read,
	.write = collapsed_write,
	.rewrite = collapsed_rewrite,
	.options = collapsed_options,
	.preserves = "frame names and weights; several value types with a "
		     "type/unit header line (--all-values)",
};
