/*
 * sk_stacks.h - frames as text.
 *
 * Name-only formats (folded stacks, SVG labels, top tables) render frames
 * by a label function; the default is the frame's name, and a format string
 * such as "name (file:line)" can ask for more.  Stacks merged and sorted by
 * these labels come from a view (sk_view.h).
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
 * views render each frame once and reuse the text. */
typedef void (*sk_frame_label_fn)(void *arg, const sk_profile *p,
				  sk_frame_id f, sk_buf *out);

/* Renders a frame through a format string in which the words name, file,
 * line, column, module, address and kind are replaced by the frame's fields
 * (NULL or "" means "name").  Used as a sk_frame_label_fn with arg = the
 * format string. */
void sk_frame_label(void *fmt, const sk_profile *p, sk_frame_id f,
		    sk_buf *out);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
