/*
 * perf_scan.c - collapses a region of `perf script` text into a table of
 * distinct (event, stack) keys with their sample count and period sum.
 *
 * This is the hot loop: it runs over every byte of the input, on several
 * threads at once for a plain file (perf_read.c splits the file at blank
 * lines, where a record always ends).  It therefore does no name
 * processing at all: each record is reduced to a key made of what its
 * frame names depend on (event, thread, and per frame the symbol without
 * its offset, the dso, and the address only when --addrs needs it), and the
 * key is looked up in an open-addressing hash table.  Names are rendered
 * later (perf_build.c), once per distinct frame line.  Memory therefore
 * grows with the number of distinct stacks, not with the input.  Both
 * tables (frame lines, stacks) are the library's sk_index, walked with its
 * inline probe so that comparing stays inline too.
 *
 * Key layout: u32 head id, then one u32 per frame, leaf first: the id of
 * the frame line in the scanner's table of distinct frame lines (symbol
 * without offset, dso, and the address when --addrs needs it).  The head
 * is the record's event and thread, interned in the scanner's table of
 * heads as u32 event length, event, u32 thread length, the thread
 * (perf_thread_key: comm, pid, tid, cpu, each NUL-terminated): a thread
 * runs thousands of stacks, and its text was 40% of a key (c-threads
 * bench profile: 106 -> 62 bytes a key).  Interning frame lines keeps
 * keys a few hundred bytes however deep the stacks, and makes hashing and
 * comparing a record cheap.  Integers in host order (keys never leave the
 * process).
 *
 * `perf script -F+srcline` prints a source line under each frame line it
 * can resolve, indented by two blanks ("  spin.c:31", "  libc.so.6[2724a]",
 * "  [kernel.kallsyms][ffffffff8101c6a3]").  Such a line right after a
 * frame line becomes part of that frame line (add_srcline), so frames at
 * different source lines are distinct frame lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

static void key_u32(sk_buf *b, uint32_t v);
static void key_bytes(sk_buf *b, const char *s, size_t n);
static int start_record(perf_scanner *sc, const perf_header *h,
			const char *line, size_t n, uint64_t off);
static int add_frame(perf_scanner *sc, const perf_frame *f, uint64_t off);
static int add_frame_line(perf_scanner *sc, const char *s, size_t n,
			  uint64_t off, int *is_frame);
static int is_srcline(const char *s, size_t n);
static int add_srcline(perf_scanner *sc, const char *s, size_t n,
		       uint64_t off);
static uint64_t seg_hash(const perf_frame *f, int has_pc);
static int seg_equal(const char *s, size_t len, int flags,
		     const perf_frame *f);
static int fail(perf_scanner *sc, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(perf_scanner *sc, uint64_t off, const char *fmt, ...)
{
	va_list ap;

	sc->failed = 1;
	sc->err_off = off;
	va_start(ap, fmt);
	vsnprintf(sc->err_msg, sizeof(sc->err_msg), fmt, ap);
	va_end(ap);
	return -1;
}

void perf_scanner_init(perf_scanner *sc, const perf_opts *o)
{
	memset(sc, 0, sizeof(*sc));
	sc->opts = o;
	/* Any real profile has this many; skips the first few doublings. */
	sk_index_init(&sc->entry_index);
	sk_index_reserve(&sc->entry_index, 512);
	sk_index_init(&sc->seg_index);
	sk_index_reserve(&sc->seg_index, 512);
	sk_strtab_init(&sc->heads);
	/* 544 KiB, of which only the slots used are ever touched. */
	sc->raw = sk_xcalloc(PERF_RAW_SLOTS, sizeof(*sc->raw));
	sc->chains = perf_chains_new();
	sc->hdrs = perf_hdrcache_new();
}

void perf_scanner_scan_done(perf_scanner *sc)
{
	free(sc->raw);
	sc->raw = NULL;
	perf_chains_free(sc->chains);
	sc->chains = NULL;
	perf_hdrcache_free(sc->hdrs);
	sc->hdrs = NULL;
	sk_index_free(&sc->entry_index);
	sk_index_free(&sc->seg_index);
	sk_buf_free(&sc->head);
	sk_buf_free(&sc->key);
	sk_buf_free(&sc->scratch);
	sk_buf_free(&sc->srcline);
}

void perf_scanner_free(perf_scanner *sc)
{
	free(sc->raw);
	perf_chains_free(sc->chains);
	perf_hdrcache_free(sc->hdrs);
	free(sc->entries);
	sk_index_free(&sc->entry_index);
	free(sc->samples);
	free(sc->segs);
	sk_index_free(&sc->seg_index);
	sk_buf_free(&sc->seg_bytes);
	sk_buf_free(&sc->keys);
	sk_strtab_free(&sc->heads);
	sk_buf_free(&sc->head);
	sk_buf_free(&sc->key);
	sk_buf_free(&sc->scratch);
	sk_buf_free(&sc->srcline);
	memset(sc, 0, sizeof(*sc));
}

static void key_u32(sk_buf *b, uint32_t v)
{
	sk_buf_append(b, &v, sizeof(v));
}

static void key_bytes(sk_buf *b, const char *s, size_t n)
{
	key_u32(b, (uint32_t)n);
	sk_buf_append(b, s, n);
}

/* The entry of the record's key, added if new. */
static uint32_t entry_of_key(perf_scanner *sc)
{
	const char *key = sc->key.data;
	size_t len = sc->key.len;
	sk_index *ix = &sc->entry_index;
	uint64_t h = sk_hash_bytes(key, len, 0x9e3779b97f4a7c15ULL);
	sk_index_probe pr = sk_index_probe_start(ix, h);
	uint32_t id;
	perf_entry *e;

	while ((id = sk_index_probe_next(ix, &pr)) != UINT32_MAX) {
		const perf_entry *c = &sc->entries[id];

		if (c->key_len == len &&
		    memcmp(sc->keys.data + c->key_off, key, len) == 0)
			return id;
	}
	sk_xgrow((void **)&sc->entries, &sc->cap_entries, sc->n_entries + 1,
		 sizeof(*sc->entries));
	id = (uint32_t)sc->n_entries++;
	e = &sc->entries[id];
	memset(e, 0, sizeof(*e));
	e->key_off = sc->keys.len;
	e->key_len = (uint32_t)len;
	e->first = sc->rec_first;
	sk_buf_append(&sc->keys, key, len);
	sk_index_insert(ix, h, id);
	return id;
}

void perf_scan_flush(perf_scanner *sc)
{
	uint32_t id = sc->rec_entry;
	perf_entry *e;

	if (!sc->in_record)
		return;
	sc->in_record = 0;
	if (id == UINT32_MAX) {
		id = entry_of_key(sc);
		if (sc->rec_chain != UINT32_MAX && sc->chains)
			perf_chains_set_entry(sc->chains, sc->rec_head,
					      sc->rec_chain, id);
	}
	e = &sc->entries[id];
	e->count = perf_sat_add(e->count, 1);
	e->period = perf_sat_add(e->period, sc->rec_period);
	if (sc->opts->want_timeline) {
		perf_tsample *t;

		sk_xgrow((void **)&sc->samples, &sc->cap_samples,
			 sc->n_samples + 1, sizeof(*sc->samples));
		t = &sc->samples[sc->n_samples++];
		t->entry = id;
		t->time = sc->rec_time;
		t->period = sc->rec_period;
		if (!sc->record_has_time)
			sc->samples_without_time = 1;
	}
}

/* The hash of a frame line, for its table only: the whole symbol 8 bytes at
 * a time, but of the dso only its length and its last 8 bytes (dsos are
 * few and long; seg_equal compares everything anyway).  Inline and
 * call-free: this runs for every frame line of the input. */
static uint64_t seg_hash(const perf_frame *f, int flags)
{
	const uint64_t m = 0x9fb21c651e98df25ULL;
	uint64_t h = (f->sym_len << 2 | (uint64_t)flags) * m ^ f->dso_len;
	size_t i = 0, n = f->sym_len;

	for (; i + 8 <= n; i += 8)
		h = (h ^ perf_load8(f->sym + i)) * m, h ^= h >> 29;
	if (i < n) {
		h = (h ^ perf_tail8(f->sym, i, n)) * m;
		h ^= h >> 29;
	}
	h = (h ^ perf_tail8(f->dso, 0, f->dso_len)) * m;
	if (flags & SEG_PC)
		h = sk_hash_bytes(f->pc, f->pc_len, h);
	if (flags & SEG_SRCLINE)
		h = sk_hash_bytes(f->srcline, f->srcline_len, h);
	return sk_hash_u64(h);
}

/* Does the stored frame line at s equal (flags, f)? */
static int seg_equal(const char *s, size_t len, int flags,
		     const perf_frame *f)
{
	int has_pc = flags & SEG_PC;
	uint32_t l;

	if (len != 9 + f->sym_len + f->dso_len +
		   (has_pc ? 4 + f->pc_len : 0) +
		   (flags & SEG_SRCLINE ? 4 + f->srcline_len : 0) ||
	    s[0] != (char)flags)
		return 0;
	memcpy(&l, s + 1, 4);
	if (l != f->sym_len || !perf_same_bytes(s + 5, f->sym, l))
		return 0;
	s += 5 + l;
	memcpy(&l, s, 4);
	if (l != f->dso_len || !perf_same_bytes(s + 4, f->dso, l))
		return 0;
	s += 4 + l;
	if (has_pc) {
		memcpy(&l, s, 4);
		if (l != f->pc_len || memcmp(s + 4, f->pc, l) != 0)
			return 0;
		s += 4 + l;
	}
	if (flags & SEG_SRCLINE) {
		memcpy(&l, s, 4);
		if (l != f->srcline_len || memcmp(s + 4, f->srcline, l) != 0)
			return 0;
	}
	return 1;
}

void perf_seg_decode(const char *q, perf_frame *f)
{
	const char *s;
	uint32_t l;

	memset(f, 0, sizeof(*f));
	memcpy(&l, q + 1, 4);
	f->sym_len = l;
	f->sym = q + 5;
	memcpy(&l, f->sym + f->sym_len, 4);
	f->dso_len = l;
	f->dso = f->sym + f->sym_len + 4;
	s = f->dso + f->dso_len;
	if (q[0] & SEG_PC) {
		memcpy(&l, s, 4);
		f->pc_len = l;
		f->pc = s + 4;
		s += 4 + l;
	}
	if (q[0] & SEG_SRCLINE) {
		memcpy(&l, s, 4);
		f->srcline_len = l;
		f->srcline = s + 4;
	}
}

static int add_frame(perf_scanner *sc, const perf_frame *f, uint64_t off)
{
	const perf_opts *o = sc->opts;
	int has_pc, flags;
	uint64_t h;
	sk_index_probe pr;
	uint32_t id;

	if (++sc->depth > o->max_depth)
		return fail(sc, off, "call chain deeper than %llu frames",
			    (unsigned long long)o->max_depth);
	if (f->sym_len > o->max_string || f->dso_len > o->max_string)
		return fail(sc, off, "symbol or dso longer than %llu bytes",
			    (unsigned long long)o->max_string);
	has_pc = (o->addrs && f->sym_len >= 9 &&
		  memmem(f->sym, f->sym_len, "[unknown]", 9) != NULL) ||
		 (o->inline_ && perf_inline_wanted(f->dso, f->dso_len));
	flags = (has_pc ? SEG_PC : 0) | (f->srcline ? SEG_SRCLINE : 0);
	h = seg_hash(f, flags);
	pr = sk_index_probe_start(&sc->seg_index, h);
	while ((id = sk_index_probe_next(&sc->seg_index, &pr)) != UINT32_MAX) {
		const perf_seg *g = &sc->segs[id];

		if (seg_equal(sc->seg_bytes.data + g->off, g->len, flags, f))
			break;
	}
	if (id == UINT32_MAX) {
		perf_seg *g;
		uint32_t l;

		/* Checked here, once per distinct frame line. */
		if (memchr(f->sym, '\0', f->sym_len) ||
		    memchr(f->dso, '\0', f->dso_len))
			return fail(sc, off,
				    "NUL byte: binary data, not perf script");

		sk_xgrow((void **)&sc->segs, &sc->cap_segs, sc->n_segs + 1,
			 sizeof(*sc->segs));
		g = &sc->segs[sc->n_segs];
		g->off = sc->seg_bytes.len;
		sk_buf_append_char(&sc->seg_bytes, (char)flags);
		l = (uint32_t)f->sym_len;
		sk_buf_append(&sc->seg_bytes, &l, 4);
		sk_buf_append(&sc->seg_bytes, f->sym, f->sym_len);
		l = (uint32_t)f->dso_len;
		sk_buf_append(&sc->seg_bytes, &l, 4);
		sk_buf_append(&sc->seg_bytes, f->dso, f->dso_len);
		if (has_pc) {
			l = (uint32_t)f->pc_len;
			sk_buf_append(&sc->seg_bytes, &l, 4);
			sk_buf_append(&sc->seg_bytes, f->pc, f->pc_len);
		}
		if (f->srcline) {
			l = (uint32_t)f->srcline_len;
			sk_buf_append(&sc->seg_bytes, &l, 4);
			sk_buf_append(&sc->seg_bytes, f->srcline,
				      f->srcline_len);
		}
		g->len = (uint32_t)(sc->seg_bytes.len - g->off);
		id = (uint32_t)sc->n_segs++;
		sk_index_insert(&sc->seg_index, h, id);
	}
	sk_buf_reserve(&sc->key, 4);
	memcpy(sc->key.data + sc->key.len, &id, 4);
	sc->key.len += 4;
	sc->key.data[sc->key.len] = '\0';
	return 0;
}

/* The hash of a raw line for the cache: 8 bytes at a time, the tail as
 * one overlapping load. */
static uint64_t raw_hash(const char *s, size_t n)
{
	const uint64_t m = 0x9fb21c651e98df25ULL;
	uint64_t h = n * m;
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		h = (h ^ perf_load8(s + i)) * m, h ^= h >> 29;
	if (i < n)
		h = (h ^ perf_tail8(s, i, n)) * m;
	return sk_hash_u64(h);
}

/* Lines looked up before the cache is judged. */
#define RAW_TRIAL 16384

/* perf_parse_frame, by its shortcut when the line has the usual shape. */
static int scan_frame(const perf_scanner *sc, const char *s, size_t n,
		      perf_frame *f)
{
	return perf_parse_frame_fast(sc->lo, s, n, f) ||
	       perf_parse_frame(s, n, f);
}

static int parse_frame_line(perf_scanner *sc, const char *s, size_t n,
			    uint64_t off, int *is_frame)
{
	perf_frame f;

	*is_frame = scan_frame(sc, s, n, &f);
	return *is_frame ? add_frame(sc, &f, off) : 0;
}

/* A line that may be a frame line of the record: from the cache when the
 * same bytes were seen before (a frame line's id depends on its bytes and
 * the options only), else parsed and remembered.  *is_frame says whether
 * it was one. */
static int add_frame_line(perf_scanner *sc, const char *s, size_t n,
			  uint64_t off, int *is_frame)
{
	uint64_t h;
	perf_rawslot *slot;
	perf_frame f;

	*is_frame = 1;
	h = raw_hash(s, n);
	slot = &sc->raw[h & (PERF_RAW_SLOTS - 1)];
	if (++sc->raw_tries == RAW_TRIAL && sc->raw_hits < RAW_TRIAL / 4) {
		/* Addresses that vary from sample to sample: hashing and
		 * copying lines would only add to parsing them. */
		free(sc->raw);
		sc->raw = NULL;
		return parse_frame_line(sc, s, n, off, is_frame);
	}
	if (slot->len == n && slot->hash == h &&
	    perf_same_bytes(slot->text, s, n)) {
		sc->raw_hits++;
		if (++sc->depth > sc->opts->max_depth)
			return fail(sc, off, "call chain deeper than %llu "
				    "frames",
				    (unsigned long long)sc->opts->max_depth);
		sk_buf_reserve(&sc->key, 4);
		memcpy(sc->key.data + sc->key.len, &slot->seg, 4);
		sc->key.len += 4;
		sc->key.data[sc->key.len] = '\0';
		return 0;
	}
	if (!scan_frame(sc, s, n, &f)) {
		*is_frame = 0;
		return 0;
	}
	if (add_frame(sc, &f, off) < 0)
		return -1;
	if (n <= PERF_RAW_TEXT) {
		slot->hash = h;
		slot->len = (uint16_t)n;
		memcpy(&slot->seg, sc->key.data + sc->key.len - 4, 4);
		memcpy(slot->text, s, n);
	}
	return 0;
}

/* perf prints a source line as "\n  " and the text: two blanks, then a
 * non-blank. */
static int is_srcline(const char *s, size_t n)
{
	return n > 2 && s[0] == ' ' && s[1] == ' ' && s[2] != ' ' &&
	       s[2] != '\t';
}

/* Makes the record's last frame line that line with source line s, as
 * FlameGraph's --srcline reads it: "[...]" groups removed (perf's
 * addresses, "[kernel.kallsyms]"), blanks trimmed; nothing left, nothing
 * changes. */
static int add_srcline(perf_scanner *sc, const char *s, size_t n,
		       uint64_t off)
{
	sk_buf *b = &sc->srcline;
	uint32_t id;
	size_t i, text, start, end;
	perf_frame f;

	if (memchr(s, '\0', n))
		return fail(sc, off, "NUL byte: binary data, not perf script");
	/* The stored frame line is copied first: add_frame appends to
	 * seg_bytes, which may move. */
	memcpy(&id, sc->key.data + sc->key.len - 4, 4);
	sk_buf_reset(b);
	sk_buf_append(b, sc->seg_bytes.data + sc->segs[id].off,
		      sc->segs[id].len);
	text = b->len;
	for (i = 0; i < n; i++) {
		if (s[i] == '[') {
			const char *close = memchr(s + i, ']', n - i);

			if (close) {
				i = (size_t)(close - s);
				continue;
			}
		}
		sk_buf_append_char(b, s[i]);
	}
	start = text;
	end = b->len;
	while (start < end && (b->data[start] == ' ' || b->data[start] == '\t'))
		start++;
	while (end > start && (b->data[end - 1] == ' ' || b->data[end - 1] == '\t'))
		end--;
	if (start == end)
		return 0;
	perf_seg_decode(b->data, &f);
	if (f.srcline)
		return 0;	/* one source line per frame line */
	f.srcline = b->data + start;
	f.srcline_len = end - start;
	sc->key.len -= 4;
	sc->depth--;
	return add_frame(sc, &f, off);
}

/* Checks a header line and gives the id of its head (event and thread).
 * The header cache keeps the id for the lines it serves from the same
 * template, which have the same bytes but for digits of the time and
 * period: the same checks would pass, the same head be made. */
static int record_head(perf_scanner *sc, const perf_header *h,
		       const char *line, size_t n, uint64_t off,
		       uint32_t *head)
{
	sk_buf *hb = &sc->head;
	size_t root_at;
	uint32_t root_len;

	/* Event and comm become C strings (value type names): no NULs.
	 * Frame lines are checked once per distinct line, in add_frame. */
	if (memchr(line, '\0', n))
		return fail(sc, off, "NUL byte: binary data, not perf script");
	if (h->comm_len > sc->opts->max_string)
		return fail(sc, off, "command name longer than %llu bytes",
			    (unsigned long long)sc->opts->max_string);
	sk_buf_reset(hb);
	key_bytes(hb, h->event ? h->event : "", h->event_len);
	root_at = hb->len;
	key_u32(hb, 0);
	perf_thread_key(h, hb);
	root_len = (uint32_t)(hb->len - root_at - 4);
	memcpy(hb->data + root_at, &root_len, 4);
	*head = sk_strtab_index(&sc->heads, hb->data, hb->len, NULL);
	return 0;
}

static int start_record(perf_scanner *sc, const perf_header *h,
			const char *line, size_t n, uint64_t off)
{
	uint32_t head = 0;

	perf_scan_flush(sc);
	if (h->memo && *h->memo != UINT32_MAX)
		head = *h->memo;	/* checked and made before */
	else if (record_head(sc, h, line, n, off, &head) < 0)
		return -1;
	else if (h->memo)
		*h->memo = head;
	sc->in_record = 1;
	sc->records++;
	sc->single_line = 0;
	sc->depth = 0;
	sc->rec_first = off;
	/* FlameGraph: `if (not $period) { $period = 1 }`, so 0 counts 1. */
	sc->rec_period = h->has_period && h->period ? h->period : 1;
	sc->any_period |= h->has_period;
	sc->rec_time = h->time;
	sc->record_has_time = h->has_time;
	sk_buf_reset(&sc->key);
	key_u32(&sc->key, head);
	sc->rec_head = head;
	sc->rec_chain = sc->rec_entry = UINT32_MAX;
	if (h->rest) {
		perf_frame f;

		if (perf_parse_frame(h->rest, h->rest_len, &f)) {
			/* perf without a call graph: one line per sample,
			 * no blank lines between them. */
			sc->single_line = 1;
			return add_frame(sc, &f, off);
		}
	}
	return 0;
}

int perf_scan_line(perf_scanner *sc, const char *s, size_t n, uint64_t off)
{
	perf_header h;
	perf_frame f;
	int after_frame = sc->after_frame;

	sc->after_frame = 0;
	if (n > 0 && s[n - 1] == '\r')
		n--;		/* CRLF files: FlameGraph would choke */
	if (n == 0) {
		perf_scan_flush(sc);
		return 0;
	}
	if (s[0] == '#')
		return 0;
	if (n > sc->opts->max_line)
		return fail(sc, off, "line longer than %llu bytes",
			    (unsigned long long)sc->opts->max_line);
	if (s[0] != ' ' && s[0] != '\t') {
		if (perf_hdrcache_parse(sc->hdrs, s, n,
					sc->opts->want_timeline, &h))
			return start_record(sc, &h, s, n, off);
	} else if (!sc->in_record || sc->single_line) {
		/* Without a call graph perf right-aligns the comm in 16
		 * columns; FlameGraph drops such lines, inferno reads them. */
		size_t i = 0;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (perf_parse_header(s + i, n - i, &h))
			return start_record(sc, &h, s, n, off);
	}
	if (sc->in_record && sc->raw) {
		int is_frame, rc = add_frame_line(sc, s, n, off, &is_frame);

		if (rc < 0 || is_frame) {
			sc->after_frame = 1;
			return rc;
		}
	} else if (scan_frame(sc, s, n, &f)) {
		/* A frame outside a record (after a blank line, or after a
		 * header FlameGraph would not take) is dropped, as Perl's
		 * `next if not $pname` does. */
		if (sc->in_record) {
			sc->after_frame = 1;
			return add_frame(sc, &f, off);
		}
		sc->orphan_frames++;
		return 0;
	}
	if (after_frame && sc->in_record && is_srcline(s, n))
		return add_srcline(sc, s, n, off);
	/* Headers and frame lines with NUL bytes are refused where they are
	 * stored; any other line with one is binary data too. */
	if (memchr(s, '\0', n))
		return fail(sc, off, "NUL byte: binary data, not perf script");
	if (!sc->unrecognized++)
		sc->first_unrecognized = off;
	return 0;
}

size_t perf_scan(perf_scanner *sc, const char *data, size_t len,
		 uint64_t base, int final)
{
	size_t pos = 0;
	uint64_t records;

	sc->lo = data;
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end;

		if (!nl) {
			if (!final) {
				if (len - pos > sc->opts->max_line)
					fail(sc, base + pos,
					     "line longer than %llu bytes",
					     (unsigned long long)
						     sc->opts->max_line);
				return pos;
			}
			end = len;
		} else {
			end = (size_t)(nl - data);
		}
		records = sc->records;
		if (perf_scan_line(sc, data + pos, end - pos, base + pos) < 0)
			return pos;
		pos = nl ? end + 1 : len;
		if (sc->chains && sc->records != records && !sc->single_line) {
			/* A header: its call chain may be one seen before. */
			pos += perf_chain_scan(sc, data + pos, len - pos,
					       base + pos);
			if (sc->failed)
				return pos;
		}
	}
	if (final)
		perf_scan_flush(sc);
	return pos;
}
