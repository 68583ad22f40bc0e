/*
 * sk_lines.h - the line iterator every text reader's serial path uses (not
 * installed): lines of an sk_input with their number and offset, whatever
 * the file's encoding and line ends.
 *
 * What it takes care of, so that no reader has to:
 *   - "\n" and "\r\n" line ends: a line comes without its '\n' and without
 *     one '\r' before it;
 *   - a last line without a newline is a line (an empty tail is not);
 *   - a UTF-8 byte order mark at the start is dropped;
 *   - UTF-16 LE or BE with a byte order mark (PowerShell's ">" writes
 *     UTF-16 LE) is decoded to UTF-8.  Such files come from shell
 *     redirections and are small, so they are decoded whole, under the
 *     input's size limit; an unpaired surrogate is kept as its own 3-byte
 *     sequence and an odd last byte is dropped;
 *   - the max_line_bytes limit: a longer line fails with "NAME:LINE: line
 *     longer than the limit of N bytes".  The limit counts the bytes before
 *     the '\n', a '\r' included, and bounds the memory a line can take.
 *
 * Lines are read into one buffer, a chunk at a time, and handed out in
 * place; only a line that spans two reads is moved, to the front of the
 * buffer, where the rest of it is read.  Offsets are input offsets (a UTF-8
 * BOM counts); after UTF-16 decoding they are offsets into the decoded
 * text, which is all a reader can locate a line in.
 *
 * Two ways to read, which may be mixed: sk_lines_next, one line at a time,
 * for readers that parse lines one by one; and sk_lines_next_chunk, every
 * complete line of one read at once, for scanners with their own fast line
 * loop (perf).  A chunk's lines are not checked against the limit one by
 * one (that would be a second pass over the bytes): only a line that is
 * still without its newline once it passes the limit fails here, which
 * bounds the memory, and the scanner checks the lines it is given.
 */
#ifndef STACKKIT_SK_LINES_H
#define STACKKIT_SK_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "stackkit/sk_error.h"
#include "stackkit/sk_io.h"

typedef struct sk_lines sk_lines;

/* What the byte order mark at the start of a text says, if any. */
enum sk_text_bom {
	SK_BOM_NONE = 0,
	SK_BOM_UTF8,
	SK_BOM_UTF16LE,
	SK_BOM_UTF16BE
};

/* The BOM that the first len bytes (3 are enough) start with. */
int sk_text_bom(const unsigned char *head, size_t len);

/* One line; text points into the iterator and is valid until the next
 * call on it.  Not NUL-terminated. */
typedef struct sk_line {
	const char *text;
	size_t len;
	uint64_t number;	/* 1-based */
	uint64_t offset;	/* of the line's first byte */
} sk_line;

/* Complete lines, newlines included; valid until the next call. */
typedef struct sk_lines_chunk {
	const char *text;
	size_t len;
	uint64_t line;		/* number of the chunk's first line */
	uint64_t offset;	/* of text[0] */
	int final;		/* the input ends here: the last line may lack
				 * its newline, and len may be 0 */
} sk_lines_chunk;

/* Reads lines of in, which must outlive the iterator, from what has not
 * been consumed yet.  chunk is the read size (0: the default, 1 MiB; tests
 * use tiny ones).  Looks at the first bytes for a byte order mark, so it
 * can fail (a read error, a UTF-16 input over the size limit). */
int sk_lines_open(sk_lines **out, sk_input *in, size_t chunk, sk_error *err);
void sk_lines_close(sk_lines *it);

/* 1 and the next line, 0 at the end of input, -1 on error. */
int sk_lines_next(sk_lines *it, sk_line *line, sk_error *err);

/* 1 and the next chunk, 0 after the final chunk, -1 on error.  Exactly one
 * chunk is final. */
int sk_lines_next_chunk(sk_lines *it, sk_lines_chunk *chunk, sk_error *err);

/* The number of the line holding input offset off, which lies in c. */
uint64_t sk_lines_chunk_line(const sk_lines_chunk *c, uint64_t off);

/* The number of '\n' bytes in [text, text+len): line numbers from offsets
 * for readers that map a whole file. */
uint64_t sk_lines_count(const char *text, size_t len);

/* UTF-16 (LE, or BE when big) without its BOM, as UTF-8: a malloc'd,
 * NUL-terminated string of *out_len bytes that the caller frees. */
char *sk_utf16_to_utf8(const unsigned char *data, size_t len, int big,
		       size_t *out_len);

#endif
