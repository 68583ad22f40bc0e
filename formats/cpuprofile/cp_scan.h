/*
 * cp_scan.h - a small JSON tokenizer for the .cpuprofile fast path
 * (cp_fast.c).  It accepts a strict subset of what cJSON accepts, so that
 * whatever it reads cJSON would read the same way: strings without
 * control characters or surrogates in \u escapes, integers of at most 15 digits (exact as
 * doubles), RFC 8259 numbers when skipped, nesting of at most
 * CP_SCAN_MAX_DEPTH.  Anything else is "declined" (-1): the caller then
 * leaves the document to cJSON, which reads it or names its error.
 * Private to formats/cpuprofile/.
 */
#ifndef STACKKIT_CP_SCAN_H
#define STACKKIT_CP_SCAN_H

#include <stddef.h>
#include <stdint.h>

#define CP_SCAN_MAX_DEPTH 64

struct cp_scan {
	const char *p;		/* the next byte */
	const char *end;	/* one past the last byte */
	int depth;		/* of the value being skipped */
};

/* Skips JSON whitespace; returns the next byte, or -1 at the end.  These
 * three run for every token: inline. */
static inline int cp_scan_peek(struct cp_scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' ||
				 *s->p == '\r' || *s->p == '\t'))
		s->p++;
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

/* Skips whitespace and consumes c; -1 when the next byte is not c. */
static inline int cp_scan_expect(struct cp_scan *s, char c)
{
	if (cp_scan_peek(s) != (unsigned char)c)
		return -1;
	s->p++;
	return 0;
}

/* After a member or element: 1 on ',' (another follows), 0 on close
 * (consumed), -1 on anything else. */
static inline int cp_scan_next(struct cp_scan *s, char close)
{
	int c = cp_scan_peek(s);

	if (c == ',' || c == (unsigned char)close) {
		s->p++;
		return c == ',';
	}
	return -1;
}

/* A string: its bytes between the quotes (in the text, not copied), and
 * whether they hold escapes (then cp_scan_unescape decodes them). */
int cp_scan_string(struct cp_scan *s, const char **str, size_t *len,
		   int *escaped);
/* The text of a string that cp_scan_string read, as cJSON decodes it,
 * into out (len bytes are enough); -1 for \u0000, which cJSON would
 * keep inside a string C would cut there. */
int cp_scan_unescape(const char *raw, size_t len, char *out, size_t *out_len);
/* An object key without escapes, and its ':'. */
int cp_scan_key(struct cp_scan *s, const char **key, size_t *len);
/* An integer: -?(0|[1-9][0-9]*), at most 15 digits, not followed by a
 * fraction or an exponent. */
int cp_scan_int(struct cp_scan *s, int64_t *out);
/* Any value, checked and skipped. */
int cp_scan_skip(struct cp_scan *s);

#endif
