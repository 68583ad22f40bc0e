/*
 * cp_scan.c - the fast path's JSON tokenizer (cp_scan.h): a strict subset
 * of cJSON's grammar, read in place.  Where cJSON is more lenient (any byte
 * up to a space as whitespace, leading zeros, numbers strtod stops inside)
 * or checks more (surrogate pairs), this declines rather
 * than guess, so a document it reads means the same to both.
 */
#include "formats/cpuprofile/cp_scan.h"

#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of the \u escape at c (c[0] == '\\', c[1] == 'u'), or -1
 * when it is malformed or a surrogate: cJSON refuses unpaired ones, and
 * pairs are rare enough to leave to it. */
static long unit_at(const char *c, const char *end)
{
	long v = 0;

	if (end - c < 6)
		return -1;
	for (int i = 2; i < 6; i++) {
		int h = hex_value(c[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v >= 0xd800 && v <= 0xdfff ? -1 : v;
}

/* The length of the escape at c (a backslash), or 0 when it declines. */
static size_t escape_len(const char *c, const char *end)
{
	if (end - c < 2)
		return 0;
	if (c[1] == 'u')
		return unit_at(c, end) < 0 ? 0 : 6;
	return c[1] != '\0' && strchr("\"\\/bfnrt", c[1]) ? 2 : 0;
}

/* From after a string's opening quote to after its closing one; *escaped
 * tells whether it holds escapes.  Names are short: a byte loop beats
 * memchr and a second pass. */
static int string_end(struct cp_scan *s, int *escaped)
{
	const char *c = s->p;

	*escaped = 0;
	while (c < s->end) {
		unsigned char b = (unsigned char)*c;
		size_t n;

		if (b == '"') {
			s->p = c + 1;
			return 0;
		}
		if (b < 0x20)
			return -1;
		if (b != '\\') {
			c++;
			continue;
		}
		n = escape_len(c, s->end);
		if (n == 0)
			return -1;
		*escaped = 1;
		c += n;
	}
	return -1;
}

int cp_scan_string(struct cp_scan *s, const char **str, size_t *len,
		   int *escaped)
{
	const char *start;

	if (cp_scan_expect(s, '"') < 0)
		return -1;
	start = s->p;
	if (string_end(s, escaped) < 0)
		return -1;
	*str = start;
	*len = (size_t)(s->p - 1 - start);
	return 0;
}

/* A code point as cJSON writes it: UTF-8, at most 3 bytes below 0x10000. */
static size_t put_utf8(char *out, long v)
{
	if (v < 0x80) {
		out[0] = (char)v;
		return 1;
	}
	if (v < 0x800) {
		out[0] = (char)(0xc0 | (v >> 6));
		out[1] = (char)(0x80 | (v & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | (v >> 12));
	out[1] = (char)(0x80 | ((v >> 6) & 0x3f));
	out[2] = (char)(0x80 | (v & 0x3f));
	return 3;
}

int cp_scan_unescape(const char *raw, size_t len, char *out, size_t *out_len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *end = raw + len;
	size_t n = 0;

	while (raw < end) {
		long v;

		if (*raw != '\\') {
			out[n++] = *raw++;
			continue;
		}
		if (raw[1] != 'u') {
			out[n++] = to[strchr(from, raw[1]) - from];
			raw += 2;
			continue;
		}
		v = unit_at(raw, end);
		/* cJSON keeps a NUL, and C strings would end there. */
		if (v <= 0)
			return -1;
		n += put_utf8(out + n, v);
		raw += 6;
	}
	*out_len = n;
	return 0;
}

int cp_scan_key(struct cp_scan *s, const char **key, size_t *len)
{
	int escaped;

	if (cp_scan_string(s, key, len, &escaped) < 0 || escaped)
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
			const char *key;
			size_t len;
			int escaped;

			if (cp_scan_string(s, &key, &len, &escaped) < 0 ||
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
	int escaped;

	switch (cp_scan_peek(s)) {
	case '"':
		s->p++;
		return string_end(s, &escaped);
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
