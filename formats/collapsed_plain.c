/*
 * collapsed_plain.c - which new stack texts the rewrite path
 * (collapsed_rewrite.c) may copy to its output as they are: the ones the
 * model would give back byte for byte (no empty frame, no tab, CR or NUL,
 * no frame over the limits or renamed by the demangler).  Checked once per
 * distinct stack, a word at a time where no byte is special.
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_demangle.h>
#include "formats/collapsed_rewrite.h"
#include "lib/sk_format_author.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Would the reader's demangling rename this frame (sk_read_finish)? */
static int renamed(const char *s, size_t len)
{
	char *plain;

	if (s[0] != '_' || len < 3 ||
	    !(s[1] == 'Z' || s[1] == 'R' ||
	      (s[1] == '_' && (s[2] == 'Z' || s[2] == 'R'))))
		return 0;
	plain = sk_demangle(s, len);
	free(plain);
	return plain != NULL;
}

/* A frame [start, end) of a new stack: not empty, within the limits, and
 * not renamed by the demangler. */
static int plain_frame(const sk_context *ctx, const char *s, size_t start,
		       size_t end, size_t *frames)
{
	const sk_limits *lim = &ctx->limits;

	if (end == start || end - start > lim->max_string_bytes ||
	    ++*frames > lim->max_depth)
		return 0;
	return ctx->keep_mangled || !renamed(s + start, end - start);
}

/* Checks byte i of a new stack: 0 for a byte the stack may not hold, and
 * at a ';' the frame it ends. */
static inline int plain_byte(const sk_context *ctx, const char *s, size_t i,
		      size_t *start, size_t *frames)
{
	switch (s[i]) {
	case '\t': case '\r': case '\0':
		return 0;
	case ';':
		if (!plain_frame(ctx, s, *start, i, frames))
			return 0;
		*start = i + 1;
		return 1;
	default:
		return 1;
	}
}

/* The bytes of a word at s that may be NUL, tab, CR or ';', as the high
 * bit of each byte: every such byte, and sometimes a byte above one of
 * them (the subtraction's borrow), which plain_byte then lets pass.
 * Words of frame names without any are skipped whole. */
#define ONES 0x0101010101010101ULL
static uint64_t zero_bytes(uint64_t v)
{
	return (v - ONES) & ~v & (ONES * 0x80);
}

static uint64_t maybe_special(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return zero_bytes(w) | zero_bytes(w ^ (ONES * ';')) |
	       zero_bytes(w ^ (ONES * '\t')) | zero_bytes(w ^ (ONES * '\r'));
}

/* Is a new distinct stack one the model gives back as it is?  No empty
 * frame (";;", a ';' first or last), no tab, CR or NUL, no blank before
 * the weight's space, no frame over the limits or renamed. */
int collapsed_plain_stack(const sk_context *ctx, const char *s, size_t len)
{
	size_t i = 0, start = 0, frames = 0;

	if (s[len - 1] == ' ')
		return 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t m = maybe_special(s + i);

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		for (; m; m &= m - 1)
			if (!plain_byte(ctx, s,
					i + (size_t)__builtin_ctzll(m) / 8,
					&start, &frames))
				return 0;
#else
		for (size_t k = i; m && k < i + 8; k++)
			if (!plain_byte(ctx, s, k, &start, &frames))
				return 0;
#endif
	}
	for (; i < len; i++)
		if (!plain_byte(ctx, s, i, &start, &frames))
			return 0;
	return plain_frame(ctx, s, start, len, &frames);
}
