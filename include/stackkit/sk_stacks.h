/*
 * sk_stacks.h - stacks as text, in FlameGraph's order.
 *
 * Name-only formats (folded stacks, SVG labels, perf script frames) need
 * every stack as "frame;frame;frame", sorted bytewise like the output of
 * FlameGraph's stackcollapse scripts so the files diff well.  Frames are
 * rendered by a label function; the default is the frame's name, and a
 * format string such as "name (file:line)" can ask for more.
 */
#ifndef STACKKIT_SK_STACKS_H
#define STACKKIT_SK_STACKS_H

#include <stddef.h>
#include "sk_buf.h"
#include "sk_profile.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

/* Appends the text of frame f to out.  Must depend on the frame only:
 * sk_stack_list_build renders each frame once and reuses the text. */
typedef void (*sk_frame_label_fn)(void *arg, const sk_profile *p,
				  sk_frame_id f, sk_buf *out);

/* Renders a frame through a format string in which the words name, file,
 * line, column, module, address and kind are replaced by the frame's fields
 * (NULL or "" means "name").  Used as a sk_frame_label_fn with arg = the
 * format string. */
void sk_frame_label(void *fmt, const sk_profile *p, sk_frame_id f,
		    sk_buf *out);

typedef struct sk_stack_line {
	size_t offset;	/* into sk_stack_list.text */
	size_t len;
	size_t record;	/* sk_profile record index */
} sk_stack_line;

typedef struct sk_stack_list {
	size_t count;
	sk_stack_line *lines;
	sk_buf text;
} sk_stack_list;

/* One line per record with a nonzero value in any value type, sorted by
 * text (bytewise), ties by record index.  Equal texts are adjacent, so a
 * name-only writer aggregates by comparing neighbours. */
void sk_stack_list_build(sk_stack_list *list, const sk_profile *p,
			 sk_frame_label_fn label, void *arg, char sep);
void sk_stack_list_free(sk_stack_list *list);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
