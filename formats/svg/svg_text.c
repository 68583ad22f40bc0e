/*
 * svg_text.c - the text of a flame graph: frame names made safe for XML,
 * labels clipped to their boxes, weights written as people read them.
 *
 * Frame names come from any profiler and may hold bytes that are not
 * UTF-8 or control characters XML 1.0 cannot carry even escaped; both
 * become visible stand-ins instead of a broken document.  Clipping counts
 * characters, not bytes, so a label is never cut inside a UTF-8 sequence.
 */
#include "formats/svg/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when the bytes are
 * not one (overlong forms, surrogates, beyond U+10FFFF, cut short). */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static void append_cp(sk_buf *out, uint32_t c)
{
	char b[3];

	/* Only the stand-ins below U+FFFF are ever made here. */
	b[0] = (char)(0xe0 | (c >> 12));
	b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	b[2] = (char)(0x80 | (c & 0x3f));
	sk_buf_append(out, b, 3);
}

void svg_clean_text(sk_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t c;

	while (i < len) {
		size_t run = i;

		/* printable ASCII, the whole of most names, in one copy */
		while (run < len && u[run] >= 0x20 && u[run] < 0x7f)
			run++;
		if (run > i) {
			sk_buf_append(out, s + i, run - i);
			i = run;
			continue;
		}
		n = utf8_seq(u + i, len - i, &c);
		if (n == 0) {
			append_cp(out, 0xfffd);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			append_cp(out, c == 0x7f ? 0x2421 : 0x2400 + c);
			i++;
		} else if (c == 0xfffe || c == 0xffff) {
			append_cp(out, 0xfffd);
			i += n;
		} else {
			sk_buf_append(out, s + i, n);
			i += n;
		}
	}
}

/* Bytes of the first `chars` characters of clean UTF-8 text. */
static size_t prefix_bytes(const char *s, size_t len, size_t chars,
			   size_t *counted)
{
	size_t i = 0, k = 0;

	while (i < len && k < chars) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		k++;
	}
	*counted = k;
	return i;
}

int svg_clip_label(sk_buf *out, const char *s, size_t len, size_t chars)
{
	size_t k, n;

	if (chars < 3)
		return 0;
	n = prefix_bytes(s, len, chars, &k);
	if (n == len) {
		sk_buf_append(out, s, len);
		return 1;
	}
	n = prefix_bytes(s, len, chars - 2, &k);
	sk_buf_append(out, s, n);
	sk_buf_append(out, "..", 2);
	return 1;
}

/* Digits of u into the end of tmp[24]; returns where they start. */
static char *utoa(uint64_t u, char *tmp)
{
	char *at = tmp + 24;

	do {
		*--at = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	return at;
}

/* Graphs print a few numbers per frame: printf's float formatting would
 * cost more than all of libxml2's escaping. */
void svg_append_fixed(sk_buf *out, double v, int decimals)
{
	static const double scale[] = { 1, 10, 100, 1000 };
	char tmp[24], *at;
	uint64_t u, ip, fp;
	int d;

	if (!(fabs(v) < 1e15) || decimals < 0 || decimals > 3) {
		sk_buf_appendf(out, "%.*f", decimals < 0 ? 0 : decimals, v);
		return;
	}
	u = (uint64_t)(fabs(v) * scale[decimals] + 0.5);
	if (v < 0 && u)
		sk_buf_append_char(out, '-');
	ip = u / (uint64_t)scale[decimals];
	fp = u % (uint64_t)scale[decimals];
	at = utoa(ip, tmp);
	sk_buf_append(out, at, (size_t)(tmp + 24 - at));
	if (!fp)
		return;
	for (d = decimals; fp % 10 == 0; d--)
		fp /= 10;
	sk_buf_append_char(out, '.');
	at = utoa(fp, tmp);
	for (; d > (int)(tmp + 24 - at); d--)
		sk_buf_append_char(out, '0');
	sk_buf_append(out, at, (size_t)(tmp + 24 - at));
}

void svg_append_fixed2(sk_buf *out, double v)
{
	char tmp[24], *at;
	uint64_t u;

	if (!(fabs(v) < 1e15)) {
		sk_buf_appendf(out, "%.2f", v);
		return;
	}
	u = (uint64_t)(fabs(v) * 100 + 0.5);
	if (v < 0 && u)
		sk_buf_append_char(out, '-');
	at = utoa(u / 100, tmp);
	sk_buf_append(out, at, (size_t)(tmp + 24 - at));
	sk_buf_append_char(out, '.');
	sk_buf_append_char(out, (char)('0' + u / 10 % 10));
	sk_buf_append_char(out, (char)('0' + u % 10));
}

void svg_append_weight(sk_buf *out, double v)
{
	char tmp[24], *at;

	if (v == floor(v) && fabs(v) < 9e15) {
		if (v < 0)
			sk_buf_append_char(out, '-');
		at = utoa((uint64_t)fabs(v), tmp);
		sk_buf_append(out, at, (size_t)(tmp + 24 - at));
		return;
	}
	sk_buf_append_value(out, v);
}

/* The integer part of v with a ',' between groups of three digits. */
static void append_grouped(sk_buf *out, double v)
{
	char tmp[24], *digits;
	int n, i;

	if (!(v < 1.8e19)) {
		sk_buf_appendf(out, "%.0f", floor(v));
		return;
	}
	digits = utoa((uint64_t)floor(v), tmp);
	n = (int)(tmp + 24 - digits);
	for (i = 0; i < n; i++) {
		sk_buf_append_char(out, digits[i]);
		if (i < n - 1 && (n - 1 - i) % 3 == 0)
			sk_buf_append_char(out, ',');
	}
}

void svg_thousands(sk_buf *out, double v)
{
	double frac;
	char tail[8];

	if (v != v || isinf(v)) {
		sk_buf_append_cstr(out, "0");
		return;
	}
	if (v < 0) {
		sk_buf_append_char(out, '-');
		v = -v;
	}
	v = round(v * 100) / 100;
	append_grouped(out, v);
	frac = v - floor(v);
	if (frac > 0) {
		size_t n;

		/* two decimals, trailing zeros dropped: 12.5, 12.25 */
		snprintf(tail, sizeof tail, "%.2f", frac);
		n = strlen(tail);
		while (n > 1 && tail[n - 1] == '0')
			tail[--n] = '\0';
		if (strcmp(tail, "1") && strcmp(tail, "0"))
			sk_buf_append_cstr(out, tail + 1);
	}
}

/* Three significant digits: 1.23, 12.3, 123. */
static void append_sig3(sk_buf *out, double v, const char *unit)
{
	if (v < 9.995) {
		svg_append_fixed2(out, v);
	} else if (v < 99.95) {
		uint64_t r = (uint64_t)llround(v * 10);

		append_grouped(out, (double)(r / 10));
		sk_buf_append_char(out, '.');
		sk_buf_append_char(out, (char)('0' + r % 10));
	} else {
		append_grouped(out, round(v));
	}
	sk_buf_append_char(out, ' ');
	sk_buf_append_cstr(out, unit);
}

static double time_unit_ns(const char *unit)
{
	if (!strcmp(unit, "nanoseconds") || !strcmp(unit, "ns"))
		return 1;
	if (!strcmp(unit, "microseconds") || !strcmp(unit, "us"))
		return 1e3;
	if (!strcmp(unit, "milliseconds") || !strcmp(unit, "ms"))
		return 1e6;
	if (!strcmp(unit, "seconds") || !strcmp(unit, "s"))
		return 1e9;
	return 0;
}

static void humanize_time(sk_buf *out, double ns)
{
	double a = fabs(ns);

	if (ns < 0)
		sk_buf_append_char(out, '-');
	if (a < 1e3)
		append_sig3(out, a, "ns");
	else if (a < 1e6)
		append_sig3(out, a / 1e3, "\xc2\xb5s");
	else if (a < 1e9)
		append_sig3(out, a / 1e6, "ms");
	else
		append_sig3(out, a / 1e9, "s");
}

static void humanize_bytes(sk_buf *out, double v)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
					     "PiB" };
	double a = fabs(v);
	size_t u = 0;

	if (v < 0)
		sk_buf_append_char(out, '-');
	if (a < 1024) {
		svg_thousands(out, a);
		sk_buf_append_cstr(out, " B");
		return;
	}
	a /= 1024;
	while (a >= 1024 && u + 1 < sizeof units / sizeof *units) {
		a /= 1024;
		u++;
	}
	append_sig3(out, a, units[u]);
}

void svg_humanize(sk_buf *out, double v, const char *type, const char *unit,
		  const char *countname)
{
	double ns;

	if (countname) {
		svg_thousands(out, v);
		sk_buf_append_char(out, ' ');
		sk_buf_append_cstr(out, countname);
		return;
	}
	if ((ns = time_unit_ns(unit)) > 0) {
		humanize_time(out, v * ns);
		return;
	}
	if (!strcmp(unit, "bytes")) {
		humanize_bytes(out, v);
		return;
	}
	svg_thousands(out, v);
	/* "samples/count" counts samples; perf's "cpu-clock/period" sums
	 * the event's periods: either way the type says what is counted. */
	sk_buf_append_char(out, ' ');
	if (!strcmp(unit, "count") || !strcmp(unit, "period") || !*unit)
		sk_buf_append_cstr(out, *type ? type : "samples");
	else
		sk_buf_append_cstr(out, unit);
}
