/*
 * cp_private.h - what the files of the cpuprofile format share: V8's node
 * table (the ids, parent links and frames of a Profiler.Profile or of a
 * sampling heap profile) and the reader's per-call state.  Private to
 * formats/cpuprofile/.
 */
#ifndef STACKKIT_CP_PRIVATE_H
#define STACKKIT_CP_PRIVATE_H

#include <stackkit/stackkit.h>
#include <string.h>
#include <stackkit/sk_thread.h>
#include "lib/sk_format_author.h"

/* The value types of a CPU profile, in this order (wall is the default:
 * time per sample as speedscope computes it, in microseconds as V8 counts
 * them). */
enum { CP_WALL = 0, CP_SAMPLES = 1, CP_NTYPES = 2 };

/* One V8 node.  parent is an index into the table, or CP_NONE. */
#define CP_NONE ((size_t)-1)
struct cp_node {
	int64_t id;
	int64_t parent_id;	/* valid when has_parent_id */
	size_t parent;
	sk_frame_id frame;
	sk_node_id model;	/* valid once state == CP_DONE */
	unsigned char has_parent_id;
	unsigned char is_root;	/* "(root)": maps to the model's root */
	unsigned char is_idle;	/* "(idle)": --no-idle drops its samples */
	unsigned char state;	/* 0 new, 1 on the walk, 2 done */
	size_t index;		/* position in the source array, for paths */
};

/* A table of nodes; lookups by id after cp_tree_index. */
struct cp_tree {
	struct cp_node *nodes;
	size_t n, cap;
	size_t *by_id;		/* indices sorted by id */
	/* When ids are dense (V8 numbers them 1..n), dense[id - min_id] is
	 * the index, or CP_NONE: samples look their node up in O(1). */
	size_t *dense;
	int64_t min_id;
	size_t dense_len;
	const char *where;	/* the array's path for messages ("nodes") */
	int orphans_to_root;	/* a missing parent is not an error */
	size_t orphans;		/* nodes that had one */
};

/* The reader's state: one per read call. */
struct cp_reader {
	const char *name;	/* the input's name for messages */
	const sk_context *ctx;
	sk_profile *p;
	sk_error *err;
	int no_idle;
};

void cp_tree_free(struct cp_tree *t);
/* Appends a node and returns it (zeroed but for id and index). */
struct cp_node *cp_tree_add(struct cp_tree *t, int64_t id, size_t index);
/* Sorts the id index; -1 with err naming a duplicate id. */
int cp_tree_index(struct cp_reader *r, struct cp_tree *t);
/* The index of the node of id, or CP_NONE. */
size_t cp_tree_find(const struct cp_tree *t, int64_t id);
/* After cp_tree_index: links the nodes given with parent ids (ProfileChunk
 * nodes) that have no parent yet and builds the model node of every node;
 * -1 with err on a missing parent or a cycle. */
int cp_tree_build(struct cp_reader *r, struct cp_tree *t);

/* A CallFrame's members: the strings need not be NUL-terminated. */
struct cp_call_frame {
	const char *fn, *url;
	size_t fn_len, url_len;
	int64_t line, col;	/* 0-based; -1 when unknown */
};
/* The frame of those members; sets the node's frame, is_root, is_idle. */
void cp_frame_of(struct cp_reader *r, const struct cp_call_frame *cf,
		 struct cp_node *node);
/* Does [s, s+len) equal name?  Inline: with a literal name the length
 * is a constant. */
static inline int cp_is_name(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(s, name, len) == 0;
}

/* Makes node id the child of the node at index parent: -1 with err naming
 * the children array (nodes_where[i].children) when id does not exist or
 * has a parent. */
int cp_link_child(struct cp_reader *r, struct cp_tree *t, size_t parent,
		  int64_t id, const char *nodes_where);

/* The frame of a V8 CallFrame (or of an old-format node, which holds the
 * same members itself); sets the node's is_root / is_idle. */
int cp_frame(struct cp_reader *r, const sk_json_path *path, const cJSON *cf,
	     struct cp_node *node);

/* Samples of one profile: the leaf node ids and their absolute times in
 * microseconds. */
struct cp_samples {
	int64_t *ids;
	double *times;
	size_t n, cap;
};
void cp_samples_push(struct cp_samples *s, int64_t id, double time);
void cp_samples_free(struct cp_samples *s);
/* Adds the samples to the records and (when wanted) the timeline, each
 * weighing the time to the next sample, with labels.  what names the
 * samples' array for messages. */
int cp_samples_emit(struct cp_reader *r, const struct cp_tree *t,
		    const struct cp_samples *s, sk_labelset_id labels,
		    const char *what);
/* Adds the CPU profile value types (wall/microseconds, samples/count). */
void cp_value_types(sk_profile *p);

/* Reads a JSON integer element (an array item) at path[index]. */
int cp_int_item(struct cp_reader *r, const char *array, size_t index,
		const cJSON *item, int64_t *out);

/* The nodes of a nested head tree (old format, heap profiles) into t,
 * parents linked; with sizes, each node's selfSize (owned by the caller). */
int cp_head_tree(struct cp_reader *r, const cJSON *head, struct cp_tree *t,
		 double **sizes);

/* The same for any finite number (V8 writes integer deltas; speedscope
 * and others read fractions too). */
int cp_number_item(struct cp_reader *r, const char *array, size_t index,
		   const cJSON *item, double *out);

/* Readers per input shape.  Each takes the parsed document. */
/* A Profiler.Profile object at path (the whole file, or a trace's
 * CpuProfile event), its samples labelled with labels. */
int cp_read_cpuprofile(struct cp_reader *r, const cJSON *doc,
		       sk_json_path *path, sk_labelset_id labels);
int cp_read_old(struct cp_reader *r, const cJSON *doc);
/* events: the array of trace events; doc: the whole document (the array
 * itself, or the object holding traceEvents). */
int cp_read_trace(struct cp_reader *r, const cJSON *doc,
		  const cJSON *events);
int cp_read_heap(struct cp_reader *r, const cJSON *doc);
/* A trace's B/E/X duration events as evented samples (cp_events.c), one
 * thread per (pid, tid), labelled by labels(r, names, pid, tid); *count
 * receives the number of threads found. */
/* The object form's stackFrames + samples (cp_events.c); *count = 0 when
 * the document has none. */
int cp_read_stack_samples(struct cp_reader *r, const cJSON *doc,
			  sk_labelset_id (*labels)(struct cp_reader *,
						   const void *, int64_t,
						   int64_t),
			  const void *names, size_t *count);
int cp_read_spans(struct cp_reader *r, const cJSON *events,
		  sk_labelset_id (*labels)(struct cp_reader *, const void *,
					   int64_t, int64_t),
		  const void *names, size_t *count);

/* The JSON document of the text, parsed permissively like speedscope: a
 * top-level array cut short (a trace whose recording stopped) is closed. */
cJSON *cp_parse(const char *name, const unsigned char *data, size_t len,
		sk_error *err);

/* A plain .cpuprofile read straight from its text (cp_fast.c), without a
 * document tree: 1 with *rc the read's result, or 0 when the text is
 * anything else or anything unusual (the profile is then untouched, and
 * the caller parses the text with cJSON). */
int cp_fast_read(struct cp_reader *r, const unsigned char *data, size_t len,
		 int *rc);
/* The whole read of a text (cpuprofile.c): the fast path when fast is set
 * and it takes the text, else cJSON and the reader of the document's
 * shape. */
int cp_read_text(struct cp_reader *r, const unsigned char *data, size_t len,
		 int fast);

int cp_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	     sk_error *err);

#endif
