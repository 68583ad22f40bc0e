/*
 * cp_scan.c - the fast path's JSON tokenizer (cp_scan.h): a strict subset
 * of cJSON's grammar, read in place.  Where cJSON is more lenient (any byte
 * up to a space as whitespace, leading zeros, numbers strtod stops inside)
 * or checks more (\u escapes and surrogate pairs), this declines rather
 * than guess, so a document it reads means the same to both.
 */
#include "formats/cpuprofile/cp_scan.h"

#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int cp_scan_peek(struct cp_scan *s)
{
	while (s->p < s->end && is_blank(*s->p))
		s->p++;
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

int cp_scan_expect(struct cp_scan *s, char c)
{
	if (cp_scan_peek(s) != (unsigned char)c)
		return -1;
	s->p++;
	return 0;
}

int cp_scan_next(struct cp_scan *s, char close)
{
	int c = cp_scan_peek(s);

	if (c == ',' || c == (unsigned char)close) {
		s->p++;
		return c == ',';
	}
	return -1;
}

/* The string's closing quote from after its opening one; escapes only
 * when allowed (simple ones: cJSON validates \u further than we do). */
static int string_end(struct cp_scan *s, int escapes)
{
	for (;;) {
		const char *q = memchr(s->p, '"', (size_t)(s->end - s->p));
		const char *c;

		if (!q)
			return -1;
		for (c = s->p; c < q; c++) {
			if ((unsigned char)*c < 0x20)
				return -1;
			if (*c != '\\')
				continue;
			if (!escapes || c + 1 >= s->end ||
			    !strchr("\"\\/bfnrt", c[1]) || c[1] == '\0')
				return -1;
			c++;
		}
		if (c == q) {
			s->p = q + 1;
			return 0;
		}
		s->p = c;	/* an escaped quote: look further */
	}
}

int cp_scan_string(struct cp_scan *s, const char **str, size_t *len)
{
	const char *start;

	if (cp_scan_expect(s, '"') < 0)
		return -1;
	start = s->p;
	if (string_end(s, 0) < 0)
		return -1;
	*str = start;
	*len = (size_t)(s->p - 1 - start);
	return 0;
}

int cp_scan_key(struct cp_scan *s, const char **key, size_t *len)
{
	if (cp_scan_string(s, key, len) < 0)
		return -1;
	return cp_scan_expect(s, ':');
}

int cp_scan_int(struct cp_scan *s, int64_t *out)
{
	const char *p, *start;
	int64_t v = 0;
	int neg;

	if (cp_scan_peek(s) < 0)
		return -1;
	p = s->p;
	neg = *p == '-';
	p += neg;
	start = p;
	while (p < s->end && is_digit(*p) && p - start < 16)
		v = v * 10 + (*p++ - '0');
	if (p == start || p - start > 15 || (*start == '0' && p - start > 1))
		return -1;
	if (p < s->end && (*p == '.' || *p == 'e' || *p == 'E'))
		return -1;
	*out = neg ? -v : v;
	s->p = p;
	return 0;
}

/* An RFC 8259 number, short enough that cJSON's 63-byte copy holds it. */
static int skip_number(struct cp_scan *s)
{
	const char *p = s->p, *digits;

	p += p < s->end && *p == '-';
	digits = p;
	while (p < s->end && is_digit(*p))
		p++;
	if (p == digits || (*digits == '0' && p - digits > 1))
		return -1;
	if (p < s->end && *p == '.') {
		digits = ++p;
		while (p < s->end && is_digit(*p))
			p++;
		if (p == digits)
			return -1;
	}
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		p++;
		p += p < s->end && (*p == '+' || *p == '-');
		digits = p;
		while (p < s->end && is_digit(*p))
			p++;
		if (p == digits)
			return -1;
	}
	if (p - s->p > 40)
		return -1;
	s->p = p;
	return 0;
}

static int skip_word(struct cp_scan *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* The members or elements of a container after its opening byte. */
static int skip_container(struct cp_scan *s, char close)
{
	int more;

	if (++s->depth > CP_SCAN_MAX_DEPTH)
		return -1;
	if (cp_scan_peek(s) == (unsigned char)close) {
		s->p++;
		s->depth--;
		return 0;
	}
	do {
		if (close == '}') {
			if (cp_scan_expect(s, '"') < 0 || string_end(s, 1) < 0 ||
			    cp_scan_expect(s, ':') < 0)
				return -1;
		}
		if (cp_scan_skip(s) < 0)
			return -1;
		more = cp_scan_next(s, close);
	} while (more == 1);
	s->depth--;
	return more;
}

int cp_scan_skip(struct cp_scan *s)
{
	switch (cp_scan_peek(s)) {
	case '"':
		s->p++;
		return string_end(s, 1);
	case '{':
		s->p++;
		return skip_container(s, '}');
	case '[':
		s->p++;
		return skip_container(s, ']');
	case 't':
		return skip_word(s, "true");
	case 'f':
		return skip_word(s, "false");
	case 'n':
		return skip_word(s, "null");
	default:
		return skip_number(s);
	}
}
