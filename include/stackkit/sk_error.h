/*
 * sk_error.h - errors passed back as values.
 *
 * Every fallible libstackkit call takes an sk_error * and returns 0 on success
 * or -1 on failure after filling the error.  The error names where the problem
 * is (a file plus a 1-based line, or a byte offset) and what it is, so a
 * command can print "cmd: file:line: what" without knowing anything else.
 * The library never prints and never exits.
 */
#ifndef STACKKIT_SK_ERROR_H
#define STACKKIT_SK_ERROR_H

#include <stddef.h>
#include <stdint.h>
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

enum sk_error_where {
	SK_WHERE_NONE = 0,	/* the message says it all ("out of memory") */
	SK_WHERE_FILE,		/* the file as a whole */
	SK_WHERE_LINE,		/* file plus line */
	SK_WHERE_OFFSET		/* file plus byte offset (binary formats) */
};

typedef struct sk_error {
	int where;		/* enum sk_error_where */
	uint64_t line;		/* 1-based, when where == SK_WHERE_LINE */
	uint64_t offset;	/* when where == SK_WHERE_OFFSET */
	char file[512];		/* "" when where == SK_WHERE_NONE */
	char message[1024];
} sk_error;

void sk_error_clear(sk_error *err);

/* All setters return -1 so a caller can write `return sk_error_set(...)`. */
int sk_error_set(sk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sk_error_set_file(sk_error *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sk_error_set_line(sk_error *err, const char *file, uint64_t line,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int sk_error_set_offset(sk_error *err, const char *file, uint64_t offset,
			const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "file:line: message", "file: byte N: message", "file: message" or
 * "message".  Returns buf. */
/* Allocation failure: libstackkit aborts (as redis' zmalloc does) after
 * calling this handler, if a program set one.  A command's handler removes
 * its temporary output, says "out of memory" and exits; it must not
 * return into the library.  Process-wide: set it once, at start-up. */
typedef void (*sk_oom_fn)(size_t bytes);
void sk_set_oom_handler(sk_oom_fn fn);

const char *sk_error_format(const sk_error *err, char *buf, size_t cap);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
