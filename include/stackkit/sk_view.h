/*
 * sk_view.h - a read-only view of a profile for writers that show stacks
 * by their labels: folded stacks, flame graphs, top tables, the diff.
 *
 * A view is built from a profile, a frame label function (sk_frame_label
 * with a --frame-format, or any sk_frame_label_fn), how threads appear
 * (sk_thread.h: none, or a FlameGraph root frame per comm, comm-pid or
 * comm-pid/tid) and which FlameGraph marks frames get ("_[k]", "_[j]",
 * "_[i]").  Nodes of the profile whose paths print the same are one node of
 * the view; each view node has its self and total weight per value type,
 * and its children sorted by label (bytewise, FlameGraph's order) or by
 * total weight of one value type (heaviest first, ties by label).  Label
 * order is the order of FlameGraph's sorted folded lines: bytewise, a
 * label compared as if followed by the ';' that separates it from its
 * callees ("foo::bar" before "foo", "foo" before "foo_bar").
 *
 * Everything is computed when the view is built; a view never changes the
 * profile, which must not change while the view lives.
 */
#ifndef STACKKIT_SK_VIEW_H
#define STACKKIT_SK_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include "sk_buf.h"
#include "sk_format.h"
#include "sk_profile.h"
#include "sk_stacks.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

typedef uint32_t sk_vnode;	/* 0 is the root, which has no label */

/* The marks stackcollapse-perf.pl appends, from frame kinds. */
enum {
	SK_MARK_KERNEL = 1,	/* "_[k]" on kernel frames (--kernel) */
	SK_MARK_JIT = 2,	/* "_[j]" on JIT frames (--jit) */
	SK_MARK_INLINE = 4	/* "_[i]" on every inlined frame, not only
				 * on those inlined into JIT code */
};

enum sk_view_order {
	SK_VIEW_BY_LABEL = 0,
	SK_VIEW_BY_WEIGHT,
	/* Children in no particular (but deterministic) order, for writers
	 * that sort their own output (folded lines sort bytewise over whole
	 * stacks, not per level): saves the per-node sort. */
	SK_VIEW_UNORDERED
};

typedef struct sk_view_options {
	sk_frame_label_fn label;	/* NULL: sk_frame_label */
	void *label_arg;		/* e.g. the --frame-format string */
	int threads;			/* enum sk_thread_root */
	unsigned marks;			/* SK_MARK_* */
	int order;			/* enum sk_view_order */
	size_t order_type;		/* value type for SK_VIEW_BY_WEIGHT */
	/* Sum value type `type` alone (self and total of the others read
	 * 0): a writer of one value type needs no more, and a view's memory
	 * is mostly its sums. */
	int single_type;
	size_t type;
	/* No totals (sk_view_total reads 0): for writers that need each
	 * node's own weight only, such as folded lines; ignored with
	 * SK_VIEW_BY_WEIGHT, which orders by totals. */
	int no_totals;
} sk_view_options;

typedef struct sk_view sk_view;

/* The options every name-only writer shares, from a command line with
 * stackcollapse-perf.pl's names: --pid, --tid (default: comm roots),
 * --no-comm, --kernel, --jit, --all, --mark-inlined.  Label and order are
 * left at their defaults for the writer to set. */
void sk_view_options_from(const sk_options *opts, sk_view_options *vo);

sk_view *sk_view_build(const sk_profile *p, const sk_view_options *o);
void sk_view_free(sk_view *v);

const sk_profile *sk_view_profile(const sk_view *v);
size_t sk_view_node_count(const sk_view *v);
sk_vnode sk_view_parent(const sk_view *v, sk_vnode n);
uint32_t sk_view_depth(const sk_view *v, sk_vnode n);
/* The label, NUL-terminated; "" for the root. */
const char *sk_view_label(const sk_view *v, sk_vnode n, size_t *len);
/* Whether any node's label holds byte c (checked once per distinct
 * label, not per node). */
int sk_view_labels_contain(const sk_view *v, char c);
/* The kind of the node's frames (of the first one seen); SK_FRAME_THREAD
 * for thread root frames. */
int sk_view_kind(const sk_view *v, sk_vnode n);
/* A frame of the profile behind the node (the first seen), or UINT32_MAX
 * for the root and thread root frames. */
sk_frame_id sk_view_frame(const sk_view *v, sk_vnode n);
double sk_view_self(const sk_view *v, sk_vnode n, size_t type);
double sk_view_total(const sk_view *v, sk_vnode n, size_t type);
/* Children in the view's order. */
const sk_vnode *sk_view_children(const sk_view *v, sk_vnode n,
				 size_t *count);

/* Appends the marks of frame f under marks (SK_MARK_*) as FlameGraph
 * does: "_[k]" on kernel frames, "_[j]" on JIT frames unless the name
 * already has one, "_[i]" on frames inlined into JIT code (always, as
 * stackcollapse-perf.pl marks Java inline chains) or, with SK_MARK_INLINE,
 * on every inlined frame.  label is the frame's text so far. */
void sk_frame_marks(const sk_profile *p, sk_frame_id f, unsigned marks,
		    sk_buf *label, size_t label_start);

/* For writers that cannot show weight without a stack (the view root's
 * own, sk_view_self(v, 0, t): pprof samples without locations): warns
 * once through ctx with that weight of the default value type and its
 * share of the total.  Nothing when weight is 0. */
void sk_warn_stackless(const sk_context *ctx, const sk_profile *p,
		       const char *writer, double weight);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
