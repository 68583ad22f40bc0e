/*
 * sk_buf.h - a growable byte buffer, the one string builder of the library.
 *
 * The bytes are always followed by a NUL (not counted in len) so data can be
 * used as a C string.  Allocation failure aborts, like every allocation of
 * libstackkit.
 */
#ifndef STACKKIT_SK_BUF_H
#define STACKKIT_SK_BUF_H

#include <stddef.h>
#include <stdint.h>
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

typedef struct sk_buf {
	char *data;
	size_t len;
	size_t cap;
} sk_buf;

#define SK_BUF_INIT {NULL, 0, 0}

void sk_buf_reserve(sk_buf *b, size_t extra);
void sk_buf_append(sk_buf *b, const void *data, size_t len);
void sk_buf_append_cstr(sk_buf *b, const char *s);
void sk_buf_append_char(sk_buf *b, char c);
void sk_buf_appendf(sk_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends a weight: an integer when it is one, else the shortest decimal
 * that reads back to the same double.  Deterministic across runs. */
void sk_buf_append_value(sk_buf *b, double v);
void sk_buf_reset(sk_buf *b);
void sk_buf_free(sk_buf *b);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
