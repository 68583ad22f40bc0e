/*
 * buf.c - the growable byte buffer of sk_buf.h and the one place weights are
 * turned into text, so every writer prints numbers the same way.
 */
#include <stackkit/sk_buf.h>
#include "lib/sk_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sk_buf_reserve(sk_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	sk_xgrow((void **)&b->data, &b->cap, need, 1);
}

void sk_buf_append(sk_buf *b, const void *data, size_t len)
{
	sk_buf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void sk_buf_append_cstr(sk_buf *b, const char *s)
{
	sk_buf_append(b, s, strlen(s));
}

void sk_buf_append_char(sk_buf *b, char c)
{
	sk_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void sk_buf_appendf(sk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	sk_buf_reserve(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n >= b->cap - b->len) {
		sk_buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* Fixed notation only: folded readers (ours, flamegraph.pl) take digits and
 * a point, never an exponent. */
/* Writers print a number per line: printf's parsing of "%lld" would cost
 * more than the digits. */
static void append_integer(sk_buf *b, long long v)
{
	char tmp[24], *e = tmp + sizeof tmp, *q = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;

	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	sk_buf_append(b, q, (size_t)(e - q));
}

void sk_buf_append_value(sk_buf *b, double v)
{
	char tmp[400];
	int prec;

	if (v == floor(v) && fabs(v) < 9.2e18) {
		append_integer(b, (long long)v);
		return;
	}
	if (!isfinite(v)) {
		/* readers refuse these (sk_read_file); no text can hold one */
		sk_buf_append_cstr(b, "0");
		return;
	}
	if (v == floor(v)) {
		sk_buf_appendf(b, "%.0f", v);
		return;
	}
	/* The fewest decimals that read back to the same double. */
	for (prec = 1; prec < 340; prec++) {
		snprintf(tmp, sizeof tmp, "%.*f", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	sk_buf_append_cstr(b, tmp);
}

void sk_buf_reset(sk_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void sk_buf_free(sk_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
