/*
 * error.c - filling and formatting sk_error values (see sk_error.h).
 */
#include <stackkit/sk_error.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sk_error_clear(sk_error *err)
{
	memset(err, 0, sizeof *err);
}

static int fill(sk_error *err, int where, const char *file, uint64_t pos,
		const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->where = where;
	err->line = where == SK_WHERE_LINE ? pos : 0;
	err->offset = where == SK_WHERE_OFFSET ? pos : 0;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return -1;
}

int sk_error_set(sk_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, SK_WHERE_NONE, NULL, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int sk_error_set_file(sk_error *err, const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, SK_WHERE_FILE, file, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int sk_error_set_line(sk_error *err, const char *file, uint64_t line,
		      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, SK_WHERE_LINE, file, line, fmt, ap);
	va_end(ap);
	return -1;
}

int sk_error_set_offset(sk_error *err, const char *file, uint64_t offset,
			const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, SK_WHERE_OFFSET, file, offset, fmt, ap);
	va_end(ap);
	return -1;
}

const char *sk_error_format(const sk_error *err, char *buf, size_t cap)
{
	switch (err->where) {
	case SK_WHERE_LINE:
		snprintf(buf, cap, "%s:%" PRIu64 ": %s", err->file, err->line,
			 err->message);
		break;
	case SK_WHERE_OFFSET:
		snprintf(buf, cap, "%s: byte %" PRIu64 ": %s", err->file,
			 err->offset, err->message);
		break;
	case SK_WHERE_FILE:
		snprintf(buf, cap, "%s: %s", err->file, err->message);
		break;
	default:
		snprintf(buf, cap, "%s", err->message);
	}
	return buf;
}
