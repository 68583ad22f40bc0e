/*
 * sk_profile.h - the canonical weighted-stack model every format converts
 * through.
 *
 * A profile owns:
 *   - interned strings (sk_str ids; id 0 is always the empty string),
 *   - deduplicated frames (name, file, line, module, kind, ...),
 *   - mappings (pprof-style address ranges of loaded objects),
 *   - one or more value types (type/unit pairs such as samples/count or
 *     cpu/nanoseconds) with a default,
 *   - a call tree: node 0 is the root and has no frame; every other node is
 *     (parent, frame).  A stack is the path from a child of the root to a node,
 *     listed root first.
 *   - records: the weights.  A record is (node, label set) -> one value per
 *     value type.  Identical stacks with identical labels aggregate into one
 *     record; unlabelled profiles have at most one record per node.
 *   - metadata (name, period, times, comments, source format),
 *   - an optional timeline: ordered samples (node, label set, position,
 *     values) for formats that carry time order; see "timeline" below.
 *
 * Threads and processes are data, not frames: comm, pid, tid and cpu are
 * labels with the reserved keys of sk_thread.h on every record and sample
 * of a format that has them.  Frame names are clean: FlameGraph's "_[k]"
 * style marks and "comm-pid/tid" roots are made by name-only writers
 * through a view (sk_view.h).
 *
 * Values are doubles: exact for integers up to 2^53, and able to carry the
 * decimal weights that folded files sometimes hold.
 *
 * Memory: an allocation failure aborts (as redis' zmalloc does); inputs are
 * bounded by sk_limits so hostile files cannot ask for absurd sizes.
 */
#ifndef STACKKIT_SK_PROFILE_H
#define STACKKIT_SK_PROFILE_H

#include <stddef.h>
#include <stdint.h>
#include "sk_buf.h"
#include "sk_error.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

typedef uint32_t sk_str;
typedef uint32_t sk_frame_id;
typedef uint32_t sk_node_id;
typedef uint32_t sk_labelset_id;	/* 0 = no labels */

#define SK_ROOT ((sk_node_id)0)

enum sk_frame_kind {
	SK_FRAME_NATIVE = 0,	/* ordinary compiled code (the default) */
	SK_FRAME_KERNEL,	/* kernel text ([kernel.kallsyms], vmlinux) */
	SK_FRAME_JIT,		/* JIT-compiled code (perf-PID.map, jitdump) */
	SK_FRAME_INLINED,	/* inlined into the frame below it (its caller) */
	SK_FRAME_INTERPRETED,	/* Python, JavaScript, Ruby ... */
	SK_FRAME_THREAD,	/* pseudo-frame: a thread (comm-pid/tid) */
	SK_FRAME_PROCESS,	/* pseudo-frame: a process */
	SK_FRAME_LABEL,		/* pseudo-frame made from a sample label */
	SK_FRAME_OTHER,		/* any other pseudo-frame ([below threshold]) */
	SK_FRAME_KIND_COUNT
};

const char *sk_frame_kind_name(int kind);

/* The kind of code a module (dso, mapping file) holds, by FlameGraph's
 * rules and inferno's extensions: SK_FRAME_KERNEL for "[...]" names
 * (except "[unknown]"-like ones), vmlinux, versioned vmlinux and ".ko"
 * modules; SK_FRAME_JIT for perf-PID.map files and jitdump "jitted-"
 * objects; else SK_FRAME_NATIVE. */
int sk_module_kind(const char *module, size_t len);

/* A frame's identity is every field: two frames equal in all of them are the
 * same frame. */
typedef struct sk_frame {
	sk_str name;
	sk_str system_name;	/* mangled / system name, when it differs */
	sk_str file;		/* source file */
	sk_str module;		/* dso, mapping file, library */
	int64_t line;		/* 0 = unknown */
	int64_t start_line;	/* first line of the function, 0 = unknown */
	int64_t column;		/* 0 = unknown */
	uint64_t address;	/* 0 = unknown */
	uint32_t mapping;	/* sk_mapping id, 0 = none */
	uint32_t kind;		/* enum sk_frame_kind */
} sk_frame;

typedef struct sk_mapping {
	uint64_t start;
	uint64_t limit;
	uint64_t offset;
	sk_str file;
	sk_str build_id;
	uint32_t flags;		/* SK_MAPPING_HAS_* */
} sk_mapping;

enum {
	SK_MAPPING_HAS_FUNCTIONS = 1,
	SK_MAPPING_HAS_FILENAMES = 2,
	SK_MAPPING_HAS_LINE_NUMBERS = 4,
	SK_MAPPING_HAS_INLINE_FRAMES = 8
};

/* A value type is identified by (type, unit).  `event` names what it
 * counts when the profiler said so (perf's "cycles" for both its
 * samples/count and cycles/period columns), so no writer has to parse a
 * type name for it.  A gauge holds levels at a position (massif's heap size
 * per snapshot), not increments: its timeline is a series of snapshots and
 * its records hold the one snapshot the reader chose. */
typedef struct sk_value_type {
	sk_str type;
	sk_str unit;
	sk_str event;		/* 0 = not known */
	uint32_t flags;		/* SK_VALUE_* */
} sk_value_type;

enum {
	SK_VALUE_GAUGE = 1,
	/* The base (before) column of a differential profile, made by the
	 * diff engine or read from a differential graph: its partner, the
	 * after column, is the default value type, and writers that draw
	 * differences (the SVG writer) compare the two. */
	SK_VALUE_BASELINE = 2
};

/* A label: string (str != 0) or numeric (num with an optional unit). */
typedef struct sk_label {
	sk_str key;
	sk_str str;
	int64_t num;
	sk_str num_unit;
} sk_label;

typedef struct sk_record {
	sk_node_id node;
	sk_labelset_id labels;
} sk_record;

/* One timeline sample: its stack, its labels (the thread, see sk_thread.h)
 * and its position, in the profile's timeline unit. */
typedef struct sk_sample {
	sk_node_id node;
	sk_labelset_id labels;
	int64_t position;
} sk_sample;

/* What a timeline position counts.  Times are nanoseconds whatever the
 * source's unit (origin as the source gave it); massif's `time_unit: B`
 * positions are bytes allocated so far; speedscope's unit `none` and other
 * unordered sources give positions that only order the samples. */
enum sk_position_unit {
	SK_POSITION_NANOSECONDS = 0,
	SK_POSITION_BYTES,
	SK_POSITION_ORDER
};
const char *sk_position_unit_name(int unit);

typedef struct sk_meta {
	sk_str name;		/* profile name, "" when unknown */
	sk_str source_format;	/* registry name of the reader */
	sk_value_type period_type;
	int64_t period;
	int64_t time_nanos;	/* start, ns since the epoch, 0 = unknown */
	int64_t duration_nanos;
	sk_str doc_url;
} sk_meta;

typedef struct sk_profile sk_profile;

sk_profile *sk_profile_new(void);
void sk_profile_free(sk_profile *p);

/* ---- strings ---- */
sk_str sk_profile_intern(sk_profile *p, const char *s, size_t len);
sk_str sk_profile_intern_cstr(sk_profile *p, const char *s);
const char *sk_profile_str(const sk_profile *p, sk_str id);
size_t sk_profile_str_len(const sk_profile *p, sk_str id);

/* ---- frames and mappings ---- */
sk_frame_id sk_profile_frame(sk_profile *p, const sk_frame *f);
/* A frame with only a name and a kind: the common case of text formats. */
sk_frame_id sk_profile_frame_named(sk_profile *p, const char *name,
				   size_t len, int kind);
const sk_frame *sk_profile_frame_get(const sk_profile *p, sk_frame_id id);
size_t sk_profile_frame_count(const sk_profile *p);

uint32_t sk_profile_add_mapping(sk_profile *p, const sk_mapping *m);
const sk_mapping *sk_profile_mapping(const sk_profile *p, uint32_t id);
size_t sk_profile_mapping_count(const sk_profile *p);

/* ---- value types ---- */
/* Returns the index of the (type, unit) pair, adding it if new.  Existing
 * records and samples get 0 in a new column. */
size_t sk_profile_value_type(sk_profile *p, const char *type, const char *unit);
size_t sk_profile_value_type_count(const sk_profile *p);
sk_value_type sk_profile_value_type_get(const sk_profile *p, size_t i);
size_t sk_profile_default_value_type(const sk_profile *p);
void sk_profile_set_default_value_type(sk_profile *p, size_t i);
/* Finds a value type by "type", "type/unit" or a decimal index; -1 if none. */
long sk_profile_find_value_type(const sk_profile *p, const char *spec);
void sk_profile_set_value_type_event(sk_profile *p, size_t i,
				     const char *event);
void sk_profile_set_value_type_flags(sk_profile *p, size_t i,
				     uint32_t flags);

/* ---- labels ---- */
sk_labelset_id sk_profile_labelset(sk_profile *p, const sk_label *labels,
				   size_t n);
const sk_label *sk_profile_labelset_get(const sk_profile *p,
					sk_labelset_id id, size_t *n);

/* ---- call tree ---- */
sk_node_id sk_profile_child(sk_profile *p, sk_node_id parent,
			    sk_frame_id frame);
/* The child of parent for frame, for a caller that knows there is none
 * yet (a reader adding stacks in sorted order creates whole new branches):
 * no lookup, and the child index is rebuilt only if a lookup ever comes.
 * Calling it for an existing child makes a duplicate node. */
sk_node_id sk_profile_new_child(sk_profile *p, sk_node_id parent,
				sk_frame_id frame);
/* A hint from readers that know it: up to n nodes are about to be added,
 * so the tables grow once instead of doubling their way there. */
void sk_profile_reserve_nodes(sk_profile *p, size_t n);
sk_node_id sk_profile_node_parent(const sk_profile *p, sk_node_id n);
sk_frame_id sk_profile_node_frame(const sk_profile *p, sk_node_id n);
uint32_t sk_profile_node_depth(const sk_profile *p, sk_node_id n);
size_t sk_profile_node_count(const sk_profile *p);
/* Children in creation order: first child, then siblings; 0 ends. */
sk_node_id sk_profile_node_first_child(const sk_profile *p, sk_node_id n);
sk_node_id sk_profile_node_next_sibling(const sk_profile *p, sk_node_id n);
/* Fills out[0..depth) with the frames of the stack ending at n, root first.
 * out must hold sk_profile_node_depth(p, n) entries. */
void sk_profile_node_stack(const sk_profile *p, sk_node_id n,
			   sk_frame_id *out);

/* ---- weights ---- */
/* Adds values (one per value type) to the record (node, labels). */
void sk_profile_add_values(sk_profile *p, sk_node_id node,
			   sk_labelset_id labels, const double *values);
/* Walks/creates the path for frames[0..n) (root first) and adds values. */
sk_node_id sk_profile_add_stack(sk_profile *p, const sk_frame_id *frames,
				size_t n, sk_labelset_id labels,
				const double *values);
size_t sk_profile_record_count(const sk_profile *p);
sk_record sk_profile_record_get(const sk_profile *p, size_t i);
const double *sk_profile_record_values(const sk_profile *p, size_t i);

/* Self and total weight of a node for value type t, summed over labels,
 * computed from the records on each call (O(records)); a writer that needs
 * them for every node builds a view (sk_view.h) instead. */
double sk_profile_node_self(const sk_profile *p, sk_node_id n, size_t t);
double sk_profile_node_total(const sk_profile *p, sk_node_id n, size_t t);
double sk_profile_total(const sk_profile *p, size_t t);

/* ---- timeline ----
 * Samples in order, each with one value per value type.  An evented
 * interval (speedscope's open/close events, a trace's B/E pair) is a sample
 * at its start position whose values are its duration exclusive of its
 * children.
 *
 * The invariant: whenever a profile has both, its records are its
 * timeline summed per (node, label set), for every value type that is not
 * a gauge.  Readers keep it, sk_profile_merge keeps it (a timeline survives
 * only when every merged input had one), and sk_profile_check_timeline
 * verifies it. */
void sk_profile_add_sample(sk_profile *p, sk_node_id node,
			   sk_labelset_id labels, int64_t position,
			   const double *values);
int sk_profile_timeline_unit(const sk_profile *p);
void sk_profile_set_timeline_unit(sk_profile *p, int unit);
/* 0 when the invariant above holds (or there is no timeline); else -1
 * and err says where it breaks. */
int sk_profile_check_timeline(const sk_profile *p, sk_error *err);
size_t sk_profile_sample_count(const sk_profile *p);
sk_sample sk_profile_sample_get(const sk_profile *p, size_t i);
const double *sk_profile_sample_values(const sk_profile *p, size_t i);
void sk_profile_clear_timeline(sk_profile *p);

/* ---- metadata ---- */
sk_meta *sk_profile_meta(sk_profile *p);
const sk_meta *sk_profile_meta_const(const sk_profile *p);
void sk_profile_add_comment(sk_profile *p, const char *text);
size_t sk_profile_comment_count(const sk_profile *p);
sk_str sk_profile_comment(const sk_profile *p, size_t i);

/* ---- whole-profile operations ---- */
/* Adds src into dst.  Value types are matched by type and unit name; when
 * dst has none yet it takes src's.  Different sets of value types are an
 * error naming both.  Strings, frames, mappings and labels are re-interned;
 * the timeline is appended when both have one and dropped otherwise. */
int sk_profile_merge(sk_profile *dst, const sk_profile *src, sk_error *err);

/* A frame's new identity in sk_profile_merge_map: writes a label for frame
 * f of p into out (for example its name with addresses folded). */
typedef void (*sk_frame_rekey_fn)(void *arg, const sk_profile *p,
				  sk_frame_id f, sk_buf *out);

/* sk_profile_merge with two additions.  With rekey, src's frames are
 * re-keyed: all frames with equal labels become one frame of dst named by
 * the label (kind, module and mapping of the first of them; file, line and
 * address cleared), so the tree re-aggregates by label.  With node_map
 * (sk_profile_node_count(src) entries), node_map[n] receives the dst node
 * of src node n: how the diff engine pairs nodes of two profiles. */
int sk_profile_merge_map(sk_profile *dst, const sk_profile *src,
			 sk_frame_rekey_fn rekey, void *arg,
			 sk_node_id *node_map, sk_error *err);

/* A new profile: p projected through rekey (see sk_profile_merge_map).
 * Two profiles from different builds align once projected by name. */
sk_profile *sk_profile_project(const sk_profile *p, sk_frame_rekey_fn rekey,
			       void *arg, sk_error *err);

/* A new profile holding p with every stack reversed, leaf first
 * (flamegraph.pl --reverse: a graph of callers).  Labels, and so threads,
 * stay labels: thread root frames made by views stay at the root. */
sk_profile *sk_profile_reverse(const sk_profile *p, sk_error *err);

/* Keeps only value type `index`, which becomes the default. */
void sk_profile_keep_value_type(sk_profile *p, size_t index);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
