/*
 * lines.c - the line iterator of sk_lines.h: an sk_input cut into lines in
 * one growing buffer.
 *
 * The buffer holds [pos, end): bytes read and not handed out yet.  Lines
 * are handed out in place; when the bytes left hold no newline, that
 * partial line moves to the front and the rest of the buffer is read into,
 * the buffer doubling only when a single line fills it.  `scanned` marks how
 * far the partial line is known to hold no newline, so a long line that
 * takes many reads is searched once, not once per read.  A UTF-16 input is
 * decoded whole into the buffer, which then reads as if at end of input.
 */
#include "lib/sk_lines.h"
#include "lib/sk_util.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { DEFAULT_CHUNK = 1 << 20 };

struct sk_lines {
	sk_input *in;
	uint64_t max_line;
	char *buf;
	size_t cap;
	size_t pos;		/* first byte not handed out */
	size_t end;		/* end of the bytes read */
	size_t scanned;		/* [pos, scanned) holds no '\n' */
	int eof;		/* the input has no more bytes */
	int done;		/* the final chunk was handed out */
	uint64_t offset;	/* of buf[pos] */
	uint64_t line;		/* number of the line at buf[pos] */
};

static int open_utf16(sk_lines *it, int big, sk_error *err);
static int fill(sk_lines *it, sk_error *err);
static int too_long(const sk_lines *it, sk_error *err);

int sk_text_bom(const unsigned char *head, size_t len)
{
	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		return SK_BOM_UTF8;
	if (len >= 2 && head[0] == 0xff && head[1] == 0xfe)
		return SK_BOM_UTF16LE;
	if (len >= 2 && head[0] == 0xfe && head[1] == 0xff)
		return SK_BOM_UTF16BE;
	return SK_BOM_NONE;
}

int sk_lines_open(sk_lines **out, sk_input *in, size_t chunk, sk_error *err)
{
	sk_lines *it = sk_xcalloc(1, sizeof *it);
	const unsigned char *head;
	unsigned char bom[3];
	size_t n;
	int kind;

	*out = NULL;
	it->in = in;
	it->max_line = sk_input_limits(in)->max_line_bytes;
	it->line = 1;
	if (sk_input_peek(in, 3, &head, &n, err) < 0)
		goto fail;
	kind = sk_text_bom(head, n);
	if (kind == SK_BOM_UTF16LE || kind == SK_BOM_UTF16BE) {
		if (open_utf16(it, kind == SK_BOM_UTF16BE, err) < 0)
			goto fail;
		*out = it;
		return 0;
	}
	it->cap = chunk ? chunk : DEFAULT_CHUNK;
	it->buf = sk_xmalloc(it->cap);
	/* The BOM is no text, but it stays in the offsets.  peek holds it,
	 * so one read takes all three bytes. */
	if (kind == SK_BOM_UTF8 &&
	    sk_input_read(in, bom, sizeof bom, &n, err) < 0)
		goto fail;
	it->offset = sk_input_offset(in);
	*out = it;
	return 0;
fail:
	sk_lines_close(it);
	return -1;
}

/* The whole input decoded at once: UTF-16 text is small (see sk_lines.h). */
static int open_utf16(sk_lines *it, int big, sk_error *err)
{
	const unsigned char *data;
	size_t len;

	if (sk_input_slurp(it->in, &data, &len, err) < 0)
		return -1;
	it->buf = sk_utf16_to_utf8(data + 2, len - 2, big, &it->end);
	it->cap = it->end + 1;
	it->eof = 1;
	return 0;
}

void sk_lines_close(sk_lines *it)
{
	if (!it)
		return;
	free(it->buf);
	free(it);
}

static int too_long(const sk_lines *it, sk_error *err)
{
	return sk_error_set_line(err, sk_input_name(it->in), it->line,
		"line longer than the limit of %llu bytes",
		(unsigned long long)it->max_line);
}

/* Reads more after [pos, end), which holds no newline: moves it to the
 * front, grows the buffer when it is full, and refuses a partial line that
 * is over the limit already, so no line takes more than the limit. */
static int fill(sk_lines *it, sk_error *err)
{
	size_t partial = it->end - it->pos, got;

	if (partial > it->max_line)
		return too_long(it, err);
	if (it->pos) {
		memmove(it->buf, it->buf + it->pos, partial);
		it->scanned -= it->pos;
		it->end = partial;
		it->pos = 0;
	}
	if (it->end == it->cap)
		sk_xgrow((void **)&it->buf, &it->cap, it->cap + 1, 1);
	if (sk_input_read(it->in, it->buf + it->end, it->cap - it->end, &got,
			  err) < 0)
		return -1;
	it->end += got;
	it->eof = got == 0;
	return 0;
}

int sk_lines_next(sk_lines *it, sk_line *line, sk_error *err)
{
	const char *nl;
	size_t n, step;

	for (;;) {
		nl = memchr(it->buf + it->scanned, '\n', it->end - it->scanned);
		if (nl || it->eof)
			break;
		it->scanned = it->end;
		if (fill(it, err) < 0)
			return -1;
	}
	n = nl ? (size_t)(nl - (it->buf + it->pos)) : it->end - it->pos;
	if (!nl && n == 0)
		return 0;
	if (n > it->max_line)
		return too_long(it, err);
	line->text = it->buf + it->pos;
	line->len = n && line->text[n - 1] == '\r' ? n - 1 : n;
	line->number = it->line;
	line->offset = it->offset;
	step = n + (nl != NULL);
	it->pos += step;
	it->scanned = it->pos;
	it->offset += step;
	it->line++;
	return 1;
}

int sk_lines_next_chunk(sk_lines *it, sk_lines_chunk *chunk, sk_error *err)
{
	const char *last = NULL;
	size_t len;

	if (it->done)
		return 0;
	/* Only the bytes read since the last look can hold the last
	 * newline: memrchr stops at the first it meets from the end. */
	while (!it->eof) {
		last = memrchr(it->buf + it->scanned, '\n',
			       it->end - it->scanned);
		if (last)
			break;
		it->scanned = it->end;
		if (fill(it, err) < 0)
			return -1;
	}
	len = it->eof ? it->end - it->pos
		      : (size_t)(last + 1 - (it->buf + it->pos));
	chunk->text = it->buf + it->pos;
	chunk->len = len;
	chunk->line = it->line;
	chunk->offset = it->offset;
	chunk->final = it->eof;
	it->done = it->eof;
	it->line += sk_lines_count(chunk->text, len);
	it->pos += len;
	it->scanned = it->pos;
	it->offset += len;
	return 1;
}

uint64_t sk_lines_chunk_line(const sk_lines_chunk *c, uint64_t off)
{
	return c->line + sk_lines_count(c->text, (size_t)(off - c->offset));
}

/* Counts 64 bytes at a time where SSE2 is there: every chunk of a
 * stream is counted (chunk line numbers), and a memchr per line cost the
 * perf stream reader a tenth of its reading thread. */
uint64_t sk_lines_count(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	uint64_t n = 0;

#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n');

	for (; end - p >= 64; p += 64) {
		uint64_t m = (uint64_t)(unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(_mm_loadu_si128((const void *)p), nl));

		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const void *)(p + 16)), nl)) << 16;
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const void *)(p + 32)), nl)) << 32;
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const void *)(p + 48)), nl)) << 48;
		n += (uint64_t)__builtin_popcountll(m);
	}
#endif
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}
