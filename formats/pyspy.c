/*
 * pyspy.c - py-spy's `record --format raw` output: folded stacks whose
 * frames carry a file and a line, "frame;frame;frame COUNT".
 *
 * The spelling follows py-spy's source (FORMATS.md §4):
 *   - a Python frame is `NAME (FILE:LINE)`, or `NAME (FILE)` when the line
 *     is 0 or --nolineno; a frame without a file is the bare NAME;
 *   - --native frames are `NAME (LIB.so)`, `NAME (src.c:LINE)`, `0xADDR (?)`
 *     or bare C names;
 *   - --threads puts `thread (TID)` or `thread (TID): NAME` at the root,
 *     TID in decimal (the OS thread id) or `0x` + hex (the Python thread
 *     id, on macOS or when the OS id is unknown);
 *   - --subprocesses puts `process PID:"COMMAND LINE"` above that, one per
 *     process of the chain, outermost ancestor first; the command line is
 *     not escaped, so a process frame ends at the first `";`.
 *   - --idle and --gil change which samples exist, not their spelling.
 * Names and files may hold spaces and parentheses: a frame's file is the
 * text inside the parenthesis that closes the frame, matched by depth (so
 * `f (dir (old)/x.py:3)` has the file `dir (old)/x.py`), and its line the
 * digits after the file's last ':'.  A ';' inside a name cannot be told
 * from a frame separator: py-spy does not escape it and neither do we.
 *
 * In the model threads are data, not frames: the thread frame becomes the
 * labels tid (a decimal TID) and thread_comm (its name), the innermost
 * process frame pid and comm (its command line).  A hexadecimal TID is a
 * Python thread id, not an OS one, so it is kept as the string label
 * python_thread_id instead of tid.  The ancestor processes of a
 * --subprocesses chain are provenance, like pid, so they are kept as one
 * string label, parent_processes, holding their frames as py-spy spelled
 * them (joined by ';'), rather than as frames that would sit above the
 * name-only writers' thread roots.  Python frames are SK_FRAME_INTERPRETED;
 * frames in native files (.so, .c, "?", ...) and bare ones are NATIVE.
 *
 * The writer spells labels back as py-spy's root frames (parent_processes,
 * then `process PID:"COMM"` when there is a pid, then the thread frame when
 * there is a tid), and frames as NAME (FILE[:LINE]), a native frame
 * without a file as NAME (MODULE), anything else bare.  py-spy prints its
 * lines in hash-map order; we print one line per distinct text in the
 * order the profile first holds it (the input's order for py-spy files),
 * so py-spy -> py-spy is byte-identical and output is deterministic.
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_thread.h>
#include "lib/sk_format_author.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_PARENTS "parent_processes"
#define LABEL_PY_TID "python_thread_id"

struct pyspy_reader {
	sk_input *in;
	const sk_context *ctx;
	sk_profile *p;
	sk_error *err;
	uint64_t lineno;
	sk_frame_id *frames;
	size_t frames_cap;
	sk_str key_parents;
	sk_str key_py_tid;
};

/* ---- frame syntax, shared by the probe and the reader ---- */

/* Decimal digits [s, e) without a leading zero (0 itself is allowed only
 * when zero_ok) as a non-negative int64; -1 if not one. */
static int parse_decimal(const char *s, const char *e, int zero_ok,
			 int64_t *out)
{
	uint64_t v = 0;
	const char *c;

	if (s == e || (*s == '0' && (e - s > 1 || !zero_ok)))
		return -1;
	for (c = s; c < e; c++) {
		if (*c < '0' || *c > '9' || v > (uint64_t)(INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*c - '0');
	}
	*out = (int64_t)v;
	return 0;
}

/* Where the file part of frame [s, e) starts and ends: the text inside the
 * parenthesis that closes the frame, after " (".  Returns 0 when the frame
 * is bare. */
static int split_frame(const char *s, const char *e, const char **open)
{
	const char *c;
	int depth = 0;

	if (e - s < 3 || e[-1] != ')')
		return 0;
	for (c = e - 1; c >= s; c--) {
		if (*c == ')')
			depth++;
		else if (*c == '(' && --depth == 0)
			break;
	}
	if (c < s) {
		/* Unbalanced: the last " (" it is. */
		for (c = e - 2; c > s && !(c[0] == '(' && c[-1] == ' '); c--)
			;
	}
	if (c <= s || c[-1] != ' ' || c + 1 >= e - 1)
		return 0;
	*open = c;
	return 1;
}

/* Within file text [f, e): the ':LINE' at its end, if any. */
static int split_line(const char *f, const char *e, const char **colon,
		      int64_t *line)
{
	const char *c = e;

	while (c > f && c[-1] >= '0' && c[-1] <= '9')
		c--;
	if (c == e || c - 1 <= f || c[-1] != ':' ||
	    parse_decimal(c, e, 0, line) < 0)
		return 0;
	*colon = c - 1;
	return 1;
}

static int has_suffix_n(const char *s, size_t len, const char *suf)
{
	size_t n = strlen(suf);
	return len >= n && memcmp(s + len - n, suf, n) == 0;
}

/* Does a file name name Python source?  Scripts without ".py" (pip's
 * entry points) and Python's own "<frozen ...>" or "<string>" are Python
 * too, so it is everything but what native frames name: shared objects,
 * C/C++/Cython/Rust sources and "?". */
static int file_is_python(const char *f, size_t len)
{
	static const char *const native[] = {
		".so", ".dylib", ".dll", ".pyd", ".exe", ".c", ".cc", ".cpp",
		".cxx", ".h", ".hpp", ".pyx", ".rs", ".S", ".s", NULL
	};
	size_t i;

	if (len == 1 && f[0] == '?')
		return 0;
	for (i = 0; native[i]; i++)
		if (has_suffix_n(f, len, native[i]))
			return 0;
	/* libfoo.so.6 */
	for (i = 0; i + 4 <= len; i++)
		if (!memcmp(f + i, ".so.", 4))
			return 0;
	return 1;
}

/* `thread (TID)` or `thread (TID): NAME` spanning [s, e)?  On success
 * *tid_end is the ')' and *name the name's start (e when none). */
static int is_thread_frame(const char *s, const char *e, const char **tid_end,
			   const char **name)
{
	const char *c, *t = s + 8;

	if (e - s < 10 || memcmp(s, "thread (", 8))
		return 0;
	c = memchr(t, ')', (size_t)(e - t));
	if (!c || c == t)
		return 0;
	if (c - t > 2 && t[0] == '0' && t[1] == 'x') {
		const char *h;
		if (c - t > 18)
			return 0;
		for (h = t + 2; h < c; h++)
			if (!((*h >= '0' && *h <= '9') || (*h >= 'A' && *h <= 'F') ||
			      (*h >= 'a' && *h <= 'f')))
				return 0;
	} else {
		int64_t v;
		if (parse_decimal(t, c, 1, &v) < 0)
			return 0;
	}
	*tid_end = c;
	if (c + 1 == e) {
		*name = e;
		return 1;
	}
	if (e - c < 3 || c[1] != ':' || c[2] != ' ')
		return 0;
	*name = c + 3;
	return 1;
}

/* A `process PID:"` start at s?  Returns the opening quote's position. */
static const char *process_start(const char *s, const char *e, int64_t *pid)
{
	const char *d = s + 8, *c;

	if (e - s < 11 || memcmp(s, "process ", 8))
		return NULL;
	for (c = d; c < e && *c >= '0' && *c <= '9'; c++)
		;
	if (c + 1 >= e || c[0] != ':' || c[1] != '"' ||
	    parse_decimal(d, c, 1, pid) < 0)
		return NULL;
	return c + 1;
}

/* The end of the process frame whose quote opens at q in stack [s, e): the
 * closing quote before the next ';' or the stack's end; NULL if none. */
static const char *process_end(const char *q, const char *e)
{
	const char *c;

	for (c = q + 1; c < e; c++)
		if (*c == '"' && (c + 1 == e || c[1] == ';'))
			return c + 1;
	return NULL;
}

/* ---- probing ---- */

/* The weight at the end of [s, e): returns where the stack ends, or NULL. */
static const char *stack_end(const char *s, const char *e)
{
	const char *j = e;

	while (j > s && ((j[-1] >= '0' && j[-1] <= '9') || j[-1] == '.'))
		j--;
	if (j == e || j - s < 2 || j[-1] != ' ')
		return NULL;
	return j - 1;
}

/* Does the stack [s, e) hold a frame only py-spy writes: a process or
 * thread root, or a frame in a Python file, "(x.py:N)" or, with
 * --nolineno, "(x.py)"? */
static int pyspy_marked(const char *s, const char *e)
{
	const char *f = s, *c, *t, *n, *open, *colon;
	int64_t v;

	if (process_start(s, e, &v))
		return 1;
	while (f < e) {
		c = memchr(f, ';', (size_t)(e - f));
		if (!c)
			c = e;
		if (f == s && is_thread_frame(f, c, &t, &n))
			return 1;
		if (split_frame(f, c, &open)) {
			if (!split_line(open + 1, c - 1, &colon, &v))
				colon = c - 1;
			if (has_suffix_n(open + 1, (size_t)(colon - open - 1),
					 ".py"))
				return 1;
		}
		f = c + 1;
	}
	return 0;
}

/* Folded lines are collapsed's (SK_PROBE_WEAK); folded lines two thirds of which
 * hold a frame in "(file.py:N)" or "(file.py)" or a py-spy root frame are
 * py-spy's own TEXT.
 * Ordinary folded files never spell frames so, and score at most WEAK. */
static int pyspy_probe(const unsigned char *data, size_t len)
{
	size_t i = 0, folded = 0, marked = 0, other = 0;

	if (len == 0 || memchr(data, 0, len))
		return 0;
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
		i = 3;
	while (i < len && folded + other < 64) {
		const char *line = (const char *)data + i, *nl, *se;
		size_t n;

		nl = memchr(line, '\n', len - i);
		n = nl ? (size_t)(nl - line) : len - i;
		i += n + 1;
		if (!nl && folded + other > 0)
			break;
		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		se = stack_end(line, line + n);
		if (!se) {
			other++;
			continue;
		}
		folded++;
		marked += pyspy_marked(line, se);
	}
	if (marked == 0 || other > folded)
		return 0;
	return marked * 3 >= folded * 2 ? SK_PROBE_TEXT : SK_PROBE_WEAK;
}

/* ---- reading ---- */

static int reader_error(struct pyspy_reader *r, const char *what)
{
	return sk_error_set_line(r->err, sk_input_name(r->in), r->lineno, "%s",
				 what);
}

static sk_frame_id read_frame(struct pyspy_reader *r, const char *s,
			      const char *e)
{
	sk_frame f;
	const char *open, *fe, *colon;
	int64_t line = 0;

	memset(&f, 0, sizeof f);
	if (!split_frame(s, e, &open)) {
		f.name = sk_profile_intern(r->p, s, (size_t)(e - s));
		f.kind = SK_FRAME_NATIVE;
		return sk_profile_frame(r->p, &f);
	}
	fe = e - 1;
	if (split_line(open + 1, fe, &colon, &line))
		fe = colon;
	f.name = sk_profile_intern(r->p, s, (size_t)(open - 1 - s));
	f.file = sk_profile_intern(r->p, open + 1, (size_t)(fe - open - 1));
	f.line = line;
	f.kind = file_is_python(open + 1, (size_t)(fe - open - 1)) ?
		 SK_FRAME_INTERPRETED : SK_FRAME_NATIVE;
	return sk_profile_frame(r->p, &f);
}

/* The process and thread root frames at the start of [*s, e) as labels;
 * moves *s past them. */
static sk_labelset_id read_roots(struct pyspy_reader *r, const char **s,
				 const char *e)
{
	sk_thread t;
	sk_label extra[2];
	size_t nextra = 0;
	const char *c = *s, *q, *end, *last = NULL, *first = c, *tid_end,
		   *name, *fe;
	int64_t pid = 0;

	memset(&t, 0, sizeof t);
	memset(extra, 0, sizeof extra);
	while ((q = process_start(c, e, &pid)) && (end = process_end(q, e))) {
		t.pid = pid;
		t.has |= SK_THREAD_HAS_PID;
		t.comm = sk_profile_intern(r->p, q + 1, (size_t)(end - q - 2));
		last = c;
		c = end < e ? end + 1 : e;
	}
	if (last && last > first) {
		extra[nextra].key = r->key_parents;
		extra[nextra++].str = sk_profile_intern(r->p, first,
			(size_t)(last - 1 - first));
	}
	fe = memchr(c, ';', (size_t)(e - c));
	if (!fe)
		fe = e;
	if (c < e && is_thread_frame(c, fe, &tid_end, &name)) {
		const char *tid = c + 8;
		if (tid[0] == '0' && tid[1] == 'x') {
			extra[nextra].key = r->key_py_tid;
			extra[nextra++].str = sk_profile_intern(r->p, tid,
				(size_t)(tid_end - tid));
		} else {
			parse_decimal(tid, tid_end, 1, &t.tid);
			t.has |= SK_THREAD_HAS_TID;
		}
		if (name < fe)
			t.thread_comm = sk_profile_intern(r->p, name,
				(size_t)(fe - name));
		c = fe < e ? fe + 1 : e;
	}
	*s = c;
	if (!t.has && !nextra)
		return 0;
	return sk_profile_thread_labels(r->p, &t, extra, nextra);
}

static int parse_line(struct pyspy_reader *r, const char *line, size_t len)
{
	const char *e, *s = line, *f, *c;
	double value;
	size_t nframes = 0;
	sk_labelset_id labels;

	if (len == 0)
		return 0;
	e = line + len;
	while (e > line && e[-1] != ' ')
		e--;
	/* py-spy counts samples: no sign (which collapsed takes for diffs). */
	if (e == line || *e == '-' ||
	    sk_parse_weight(e, (size_t)(line + len - e), &value) < 0)
		return reader_error(r, "expected a sample count at the end of the line");
	e--;
	if (e == line)
		return reader_error(r, "empty stack before the sample count");
	labels = read_roots(r, &s, e);
	for (f = s; f < e; f = c + 1) {
		c = memchr(f, ';', (size_t)(e - f));
		if (!c)
			c = e;
		if (c == f)
			return reader_error(r, "empty frame (two ';' in a row or a ';' at an end)");
		if (nframes >= r->ctx->limits.max_depth)
			return sk_error_set_line(r->err, sk_input_name(r->in),
				r->lineno, "stack deeper than the limit of %llu frames",
				(unsigned long long)r->ctx->limits.max_depth);
		if ((size_t)(c - f) > r->ctx->limits.max_string_bytes)
			return sk_error_set_line(r->err, sk_input_name(r->in),
				r->lineno, "frame longer than the limit of %llu bytes",
				(unsigned long long)r->ctx->limits.max_string_bytes);
		sk_xgrow((void **)&r->frames, &r->frames_cap, nframes + 1,
			 sizeof *r->frames);
		r->frames[nframes++] = read_frame(r, f, c);
	}
	if (s > line && s <= e && s[-1] == ';' && s == e)
		return reader_error(r, "empty frame (two ';' in a row or a ';' at an end)");
	sk_profile_add_stack(r->p, r->frames, nframes, labels, &value);
	return 0;
}

static int pyspy_read(sk_input *in, const sk_context *ctx, sk_profile *p,
		      sk_error *err)
{
	struct pyspy_reader r;
	sk_lines *lines;
	sk_line line;
	int rc;

	memset(&r, 0, sizeof r);
	r.in = in;
	r.ctx = ctx;
	r.p = p;
	r.err = err;
	r.key_parents = sk_profile_intern_cstr(p, LABEL_PARENTS);
	r.key_py_tid = sk_profile_intern_cstr(p, LABEL_PY_TID);
	sk_profile_value_type(p, "samples", "count");
	if (sk_lines_open(&lines, in, 0, err) < 0)
		return -1;
	while ((rc = sk_lines_next(lines, &line, err)) > 0) {
		r.lineno = line.number;
		if (parse_line(&r, line.text, line.len) < 0) {
			rc = -1;
			break;
		}
	}
	sk_lines_close(lines);
	free(r.frames);
	return rc;
}

/* ---- writing ---- */

/* How much of the folded syntax a piece of text may hold. */
enum clean_mode {
	CLEAN_FRAME,	/* inside one frame: no ';' */
	CLEAN_CMDLINE,	/* a command line: no `";`, which would end it */
	CLEAN_FRAMES	/* whole frames already (parent_processes) */
};

/* Appends [s, s+len) so that it stays inside one line and its frames: a
 * line break becomes a space and a ';' that would split a frame a ':' (as
 * the collapsed writer does). */
static void append_clean(sk_buf *b, const char *s, size_t len, int mode)
{
	size_t i, start = b->len;

	sk_buf_append(b, s, len);
	for (i = start; i < b->len; i++) {
		char *ch = &b->data[i];
		if (*ch == '\n' || *ch == '\r')
			*ch = ' ';
		else if (*ch == ';' && (mode == CLEAN_FRAME ||
			 (mode == CLEAN_CMDLINE && i > start && ch[-1] == '"')))
			*ch = ':';
	}
}

static void append_str(sk_buf *b, const sk_profile *p, sk_str id, int mode)
{
	append_clean(b, sk_profile_str(p, id), sk_profile_str_len(p, id), mode);
}

static void append_frame(sk_buf *b, const sk_profile *p, sk_frame_id id)
{
	const sk_frame *f = sk_profile_frame_get(p, id);
	sk_str where = f->file;

	append_str(b, p, f->name, CLEAN_FRAME);
	if (!where && f->kind != SK_FRAME_INTERPRETED)
		where = f->module;
	if (!where)
		return;
	sk_buf_append(b, " (", 2);
	append_str(b, p, where, CLEAN_FRAME);
	if (f->file && f->line > 0)
		sk_buf_appendf(b, ":%" PRId64, f->line);
	sk_buf_append_char(b, ')');
}

/* The root frames py-spy would print for label set id. */
static void append_roots(sk_buf *b, const sk_profile *p, sk_labelset_id id)
{
	sk_thread t;
	size_t n, i;
	const sk_label *l = sk_profile_labelset_get(p, id, &n);
	sk_str parents = 0, py_tid = 0;

	sk_profile_labelset_thread(p, id, &t);
	for (i = 0; i < n; i++) {
		const char *key = sk_profile_str(p, l[i].key);
		if (!l[i].str)
			continue;
		if (!strcmp(key, LABEL_PARENTS))
			parents = l[i].str;
		else if (!strcmp(key, LABEL_PY_TID))
			py_tid = l[i].str;
	}
	if (parents && (t.has & SK_THREAD_HAS_PID)) {
		append_clean(b, sk_profile_str(p, parents),
			     sk_profile_str_len(p, parents), CLEAN_FRAMES);
		sk_buf_append_char(b, ';');
	}
	if (t.has & SK_THREAD_HAS_PID) {
		sk_buf_appendf(b, "process %" PRId64 ":\"", t.pid);
		append_str(b, p, t.comm, CLEAN_CMDLINE);
		sk_buf_append(b, "\";", 2);
	}
	if ((t.has & SK_THREAD_HAS_TID) || py_tid) {
		if (t.has & SK_THREAD_HAS_TID)
			sk_buf_appendf(b, "thread (%" PRId64 ")", t.tid);
		else {
			sk_buf_append(b, "thread (", 8);
			append_str(b, p, py_tid, CLEAN_FRAME);
			sk_buf_append_char(b, ')');
		}
		if (t.thread_comm) {
			sk_buf_append(b, ": ", 2);
			append_str(b, p, t.thread_comm, CLEAN_FRAME);
		}
		sk_buf_append_char(b, ';');
	}
}

static int pyspy_write(const sk_profile *p, const sk_context *ctx,
		       sk_output *out, sk_error *err)
{
	size_t nrec = sk_profile_record_count(p), i, k, nlines;
	size_t type = sk_profile_default_value_type(p);
	sk_frame_id *stack = NULL;
	size_t stack_cap = 0;
	double *sums = NULL;
	size_t sums_cap = 0;
	sk_strtab texts;
	sk_buf b = SK_BUF_INIT;

	(void)ctx;
	(void)err;
	if (sk_profile_value_type_count(p) == 0)
		return 0;
	sk_strtab_init(&texts);
	for (i = 0; i < nrec; i++) {
		sk_record rec = sk_profile_record_get(p, i);
		double v = sk_profile_record_values(p, i)[type];
		uint32_t depth = sk_profile_node_depth(p, rec.node), d;
		uint32_t idx;
		int added;

		if (v == 0)
			continue;
		sk_buf_reset(&b);
		append_roots(&b, p, rec.labels);
		sk_xgrow((void **)&stack, &stack_cap, depth + 1, sizeof *stack);
		sk_profile_node_stack(p, rec.node, stack);
		for (d = 0; d < depth; d++) {
			if (d)
				sk_buf_append_char(&b, ';');
			append_frame(&b, p, stack[d]);
		}
		if (depth == 0 && b.len)
			b.len--;	/* the roots' trailing ';' */
		if (b.len == 0)
			continue;	/* nothing to name the weight by */
		idx = sk_strtab_index(&texts, b.data, b.len, &added);
		sk_xgrow((void **)&sums, &sums_cap, idx + 1, sizeof *sums);
		if (added)
			sums[idx] = 0;
		sums[idx] += v;
	}
	nlines = sk_strtab_count(&texts);
	for (k = 0; k < nlines; k++) {
		size_t len;
		const char *text = sk_strtab_key(&texts, (uint32_t)k, &len);

		if (sums[k] == 0)
			continue;
		sk_buf_reset(&b);
		sk_buf_append(&b, text, len);
		sk_buf_append_char(&b, ' ');
		sk_buf_append_value(&b, sums[k]);
		sk_buf_append_char(&b, '\n');
		sk_output_write(out, b.data, b.len);
	}
	sk_buf_free(&b);
	sk_strtab_free(&texts);
	free(stack);
	free(sums);
	return 0;
}

static const char *const pyspy_aliases[] = { "py-spy", NULL };
static const char *const pyspy_extensions[] = { ".pyspy", NULL };

const sk_format sk_format_pyspy = {
	.name = "pyspy",
	.aliases = pyspy_aliases,
	.extensions = pyspy_extensions,
	.description = "py-spy record --format raw: folded stacks of "
		       "'name (file.py:line)' frames",
	.probe = pyspy_probe,
	.read = pyspy_read,
	.write = pyspy_write,
	.preserves = "frame names, files and lines, sample counts; "
		     "--threads and --subprocesses roots as labels (tid, "
		     "thread_comm, pid, comm, parent_processes)",
};
