/*
 * svg_title.c - a flame graph frame's <title>: "NAME (COUNT, PCT%)".
 *
 * flamegraph.pl writes "NAME (1,234 samples, 12.34%)" (the count with
 * thousands separators, the count name of --countname after it, the
 * count times --factor rounded to an integer), differential graphs add
 * "; +1.23%" before the ")", and inferno copies all of it.  stackkit
 * writes the count humanized with its unit ("12.3 ms") and may add lines
 * with the frame's "file.c:12" and module.  Names may hold " (" and
 * parentheses of their own (C++ signatures, Rust closures), and a count
 * name may hold anything, so the group is found from the right: the
 * rightmost " (" whose rest parses as a whole group.
 */
#include "formats/svg/svg_read.h"

#include <stdlib.h>
#include <string.h>

/* What one " (...)" group holds. */
typedef struct title_group {
	double count;
	const char *countname;
	size_t countname_len;
	double delta;
	int has_delta;
} title_group;

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int svg_parse_number(const char *s, size_t len, double *out)
{
	size_t i = 0, mant = 0;
	char buf[64];

	while (i < len && is_digit(s[i]))
		i++, mant++;
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit(s[i]); i++)
			mant++;
	if (mant == 0)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = ++i;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			e = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == e)
			return -1;
	}
	if (i != len || len >= sizeof buf)
		return -1;
	if (memchr(s, 'e', len) || memchr(s, 'E', len)) {
		/* The writer's %.17g may use an exponent; digits and an
		 * exponent only, so strtod cannot meet "nan" or "inf". */
		memcpy(buf, s, len);
		buf[len] = '\0';
		*out = strtod(buf, NULL);
		return 0;
	}
	return sk_parse_weight(s, len, out);
}

/* "1,234" or "1,234.5" or "12.3" (separators every three digits). */
static int parse_count(const char *s, size_t len, double *out)
{
	char buf[64];
	size_t i, n = 0, group = 0;
	int seen_comma = 0, in_fraction = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ',' && !in_fraction) {
			if (n == 0 || (seen_comma && group != 3) ||
			    (!seen_comma && group > 3))
				return -1;
			seen_comma = 1;
			group = 0;
			continue;
		}
		if (s[i] == '.')
			in_fraction = 1;
		else if (!in_fraction)
			group++;
		if (n + 1 >= sizeof buf)
			return -1;
		buf[n++] = s[i];
	}
	if (seen_comma && (group != 3 || n == 0))
		return -1;
	return svg_parse_number(buf, n, out);
}

/* A percentage "12.34" or, with a sign, a delta "+1.23" / "-0.78". */
static int parse_percent(const char *s, size_t len, int signed_ok,
			 double *out)
{
	int neg = 0;

	if (signed_ok && len && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		len--;
	}
	if (len == 0 || !is_digit(s[0]) || svg_parse_number(s, len, out) < 0)
		return -1;
	if (neg)
		*out = -*out;
	return 0;
}

/* The last occurrence of the two bytes "ab" in [s, s+len), or NULL. */
static const char *last_pair(const char *s, size_t len, char a, char b)
{
	size_t i;

	for (i = len; i >= 2; i--)
		if (s[i - 2] == a && s[i - 1] == b)
			return s + i - 2;
	return NULL;
}

/* [s, s+len) is the inside of a group: "COUNT[ NAME], PCT%[; DELTA%]". */
static int parse_group(const char *s, size_t len, title_group *g)
{
	const char *semi, *comma, *sp;
	double pct;

	memset(g, 0, sizeof *g);
	if (len < 4 || s[len - 1] != '%')
		return -1;
	semi = last_pair(s, len, ';', ' ');
	if (semi) {
		const char *d = semi + 2;
		if (parse_percent(d, (size_t)(s + len - 1 - d), 1,
				  &g->delta) == 0) {
			g->has_delta = 1;
			len = (size_t)(semi - s);
			if (len == 0 || s[len - 1] != '%')
				return -1;
		}
	}
	comma = last_pair(s, len, ',', ' ');
	if (!comma || parse_percent(comma + 2,
				    (size_t)(s + len - 1 - (comma + 2)), 0,
				    &pct) < 0)
		return -1;
	len = (size_t)(comma - s);
	sp = memchr(s, ' ', len);
	if (parse_count(s, sp ? (size_t)(sp - s) : len, &g->count) < 0)
		return -1;
	if (sp) {
		g->countname = sp + 1;
		g->countname_len = (size_t)(s + len - (sp + 1));
	}
	return 0;
}

static int frame_kind(const char *name, size_t len)
{
	/* stackcollapse-perf.pl's marks, kept in the name as the collapsed
	 * reader keeps them (flamegraph.pl and inferno strip them from
	 * titles, stackkit never writes them). */
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

void svg_set_name(svg_frame *f, const char *name, size_t len)
{
	free(f->name);
	f->name = sk_xstrndup(name, len);
	f->name_len = len;
	if (f->kind != SK_FRAME_THREAD)
		f->kind = frame_kind(name, len);
}

/* A further title line, "key: value": stackkit's "source: file.c:12" (or
 * "source: file.c") and "module: libc.so.6"; other keys (a differential
 * frame's humanized "base: ..., new: ...") say nothing the fg: attributes
 * do not say exactly. */
static void source_line(svg_frame *f, const char *s, size_t len)
{
	size_t i = len;

	if (len > 8 && memcmp(s, "source: ", 8) == 0 && !f->file) {
		s += 8;
		len -= 8;
		for (i = len; i > 0 && is_digit(s[i - 1]); i--)
			;
		if (i > 1 && i < len && s[i - 1] == ':' && len - i < 18) {
			f->file = sk_xstrndup(s, i - 1);
			f->line = strtoll(s + i, NULL, 10);
		} else {
			f->file = sk_xstrndup(s, len);
		}
	} else if (len > 8 && memcmp(s, "module: ", 8) == 0 && !f->module) {
		f->module = sk_xstrndup(s + 8, len - 8);
	}
}

static size_t trim_end(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	return len;
}

int svg_parse_title(svg_doc *doc, svg_frame *f, const char *text,
		    size_t len, const sk_context *ctx, sk_error *err)
{
	const char *nl = memchr(text, '\n', len);
	size_t first = trim_end(text, nl ? (size_t)(nl - text) : len);
	size_t i, name_len = first;
	title_group g;

	for (i = first; i >= 2; i--) {
		if (text[i - 2] != ' ' || text[i - 1] != '(' ||
		    text[first - 1] != ')')
			continue;
		if (parse_group(text + i, first - 1 - i, &g) == 0) {
			name_len = i - 2;
			f->count = g.count;
			f->has |= SVG_HAS_COUNT;
			if (g.has_delta) {
				f->delta = g.delta;
				f->has |= SVG_HAS_DELTA;
			}
			if (!doc->countname)
				doc->countname = sk_xstrndup(g.countname ?
					g.countname : "", g.countname_len);
			break;
		}
	}
	if (name_len > ctx->limits.max_string_bytes)
		return sk_error_set_line(err, doc->name, f->lineno,
			"frame name longer than the limit of %llu bytes",
			(unsigned long long)ctx->limits.max_string_bytes);
	svg_set_name(f, text, name_len);
	while (nl) {
		const char *s = nl + 1, *end = text + len;
		size_t n;
		nl = memchr(s, '\n', (size_t)(end - s));
		n = trim_end(s, nl ? (size_t)(nl - s) : (size_t)(end - s));
		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (n > ctx->limits.max_string_bytes)
			return sk_error_set_line(err, doc->name, f->lineno,
				"title line longer than the limit of %llu bytes",
				(unsigned long long)ctx->limits.max_string_bytes);
		if (n)
			source_line(f, s, n);
	}
	return 0;
}
