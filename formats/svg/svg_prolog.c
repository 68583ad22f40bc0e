/*
 * svg_prolog.c - what comes before an SVG's root element, read without
 * an XML parser: for the probe (is the root an <svg>?) and for the
 * reader's first defence against entity expansion.
 *
 * flamegraph.pl and inferno write a DOCTYPE naming the public SVG 1.1 DTD;
 * it is never fetched (no network, no DTD loading) and is harmless.  An
 * internal subset that declares an entity is how billion-laughs (nested
 * entities expanding exponentially) and XXE (an entity whose text is
 * file:///etc/passwd) attacks start, and no flame graph tool writes one,
 * so the reader refuses it by name before libxml2 sees the document.
 */
#include "formats/svg/svg_prolog.h"

#include <string.h>

static const unsigned char *find(const unsigned char *s,
				 const unsigned char *end, const char *what)
{
	size_t n = strlen(what);

	for (; s + n <= end; s++)
		if (*s == (unsigned char)what[0] && memcmp(s, what, n) == 0)
			return s;
	return NULL;
}

static int starts(const unsigned char *s, const unsigned char *end,
		  const char *what)
{
	size_t n = strlen(what);

	return (size_t)(end - s) >= n && memcmp(s, what, n) == 0;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_name_char(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '-' ||
	       c == '.';
}

/* Skips a quoted literal at s; returns what follows it, NULL if it does not
 * end before end. */
static const unsigned char *skip_quoted(const unsigned char *s,
					const unsigned char *end)
{
	const unsigned char *q = memchr(s + 1, *s, (size_t)(end - s - 1));

	return q ? q + 1 : NULL;
}

/* The internal subset from s (just after '['): notes its first entity
 * declaration; returns what follows the closing ']', or NULL. */
static const unsigned char *internal_subset(const unsigned char *s,
					    const unsigned char *end,
					    svg_prolog *out)
{
	while (s < end) {
		if (*s == ']')
			return s + 1;
		if (*s == '"' || *s == '\'') {
			if (!(s = skip_quoted(s, end)))
				return NULL;
		} else if (starts(s, end, "<!--")) {
			if (!(s = find(s + 4, end, "-->")))
				return NULL;
			s += 3;
		} else if (starts(s, end, "<!ENTITY")) {
			const unsigned char *n = s + 8;
			if (!out->entity_len) {
				while (n < end && (is_space(*n) || *n == '%'))
					n++;
				out->entity = (const char *)n;
				while (n < end && is_name_char(*n) &&
				       out->entity_len < 64)
					n++, out->entity_len++;
				if (!out->entity_len)
					out->entity_len = 1, out->entity = "?";
			}
			s += 8;
		} else {
			s++;
		}
	}
	return NULL;
}

/* The encoding="..." of the XML declaration [s, end). */
static void declared_encoding(const unsigned char *s, const unsigned char *end,
			      svg_prolog *out)
{
	const unsigned char *e = find(s, end, "encoding"), *q;

	if (!e)
		return;
	for (e += 8; e < end && (is_space(*e) || *e == '='); e++)
		;
	if (e == end || (*e != '"' && *e != '\''))
		return;
	q = memchr(e + 1, *e, (size_t)(end - e - 1));
	if (!q)
		return;
	out->encoding = (const char *)e + 1;
	out->encoding_len = (size_t)(q - e - 1);
}

static const unsigned char *doctype(const unsigned char *s,
				    const unsigned char *end, svg_prolog *out)
{
	out->has_doctype = 1;
	for (s += 9; s < end; ) {
		if (*s == '>')
			return s + 1;
		if (*s == '"' || *s == '\'') {
			if (!(s = skip_quoted(s, end)))
				return NULL;
		} else if (*s == '[') {
			out->has_internal_subset = 1;
			if (!(s = internal_subset(s + 1, end, out)))
				return NULL;
		} else {
			s++;
		}
	}
	return NULL;
}

int svg_prolog_scan(const unsigned char *data, size_t len, svg_prolog *out)
{
	const unsigned char *s = data, *end = data + len, *name;

	memset(out, 0, sizeof *out);
	if (starts(s, end, "\xef\xbb\xbf"))
		s += 3;
	for (;;) {
		while (s < end && is_space(*s))
			s++;
		if (s == end)
			return 0;
		if (*s != '<')
			return -1;
		if (starts(s, end, "<?")) {
			const unsigned char *pi = s;
			s = find(s + 2, end, "?>");
			if (!s)
				return 0;
			if (starts(pi, s, "<?xml ") || starts(pi, s, "<?xml\t"))
				declared_encoding(pi, s, out);
			s += 2;
		} else if (starts(s, end, "<!--")) {
			s = find(s + 4, end, "-->");
			if (!s)
				return 0;
			s += 3;
		} else if (starts(s, end, "<!DOCTYPE")) {
			if (!(s = doctype(s, end, out)))
				return 0;
		} else if (s + 1 < end && s[1] == '!') {
			return -1;
		} else {
			break;
		}
	}
	for (name = ++s; s < end && is_name_char(*s); s++)
		if (*s == ':')
			name = s + 1;	/* a prefix: "svg:svg" */
	if (s == end)
		return 0;
	out->root_offset = (size_t)(name - data);
	out->root_is_svg = s - name == 3 && memcmp(name, "svg", 3) == 0;
	return 1;
}
