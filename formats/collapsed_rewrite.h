/*
 * collapsed_rewrite.h - the collapsed format's path from folded text to
 * aggregated, sorted folded text without the model (collapsed_rewrite.c)
 * and the sort it ends with (collapsed_sort.c).  Internal to the format;
 * tests and the fuzzer call collapsed_rewrite_text on memory.
 */
#ifndef STACKKIT_COLLAPSED_REWRITE_H
#define STACKKIT_COLLAPSED_REWRITE_H

#include <stackkit/stackkit.h>
#include <stdint.h>

/* One distinct stack: its text (no weight, no newline) and summed weight.
 * key[0] is the table's hash while aggregating; key is the sort's cache
 * of 24 bytes of text while sorting. */
enum { CR_KEY_WORDS = 3 };
struct cr_entry {
	uint64_t key[CR_KEY_WORDS];
	const char *text;
	uint64_t weight;
	uint32_t len;
};

/* The sk_format.rewrite hook: maps a plain file and runs
 * collapsed_rewrite_text over it. */
int collapsed_rewrite(sk_input *in, const sk_context *ctx, sk_output *out,
		      sk_error *err);

/* Rewrites text[0..len) (named `name` in messages) into out: 1 done, 0
 * declined with nothing written, -1 an error of the text (err set as the
 * reader sets it).  mapped: the input the text is a mapping of, told of
 * progress and whose read pages are dropped; NULL for memory. */
int collapsed_rewrite_text(const char *text, size_t len, const char *name,
			   sk_input *mapped, const sk_context *ctx,
			   sk_output *out, sk_error *err);

/* Is a new distinct stack text s[0..len) (len > 0) one the model gives
 * back as it is (collapsed_plain.c)? */
int collapsed_plain_stack(const sk_context *ctx, const char *s, size_t len);

/* Sorts e[0..n) bytewise by text, a text before every longer one it
 * begins, on up to `threads` threads; texts are distinct and hold no NUL
 * byte. */
void collapsed_sort_entries(struct cr_entry *e, size_t n, unsigned threads);

#endif
