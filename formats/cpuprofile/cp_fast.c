/*
 * cp_fast.c - the fast path for a plain .cpuprofile, the one shape of V8
 * profile that gets big (node --cpu-prof of a long run: a million nodes,
 * millions of samples).  cJSON would build a tree of the whole text first,
 * an allocation per value and several times the file in memory; this reads
 * the text once in place with cp_scan.c's tokenizer.
 *
 * It works in two steps so that declining costs nothing but time: first
 * the whole text is read into the node table and the sample arrays, with
 * strings left in the text (or decoded aside when they hold escapes),
 * touching nothing in the profile; anything
 * unusual (another shape, surrogates in names, fractions, duplicate keys, a
 * member of the wrong type, a syntax error) declines, and cJSON's path
 * then reads the text or reports its error as it always has.  Only a text
 * read to its end is then put into the profile, by the same calls in the
 * same order as cp_read.c's, so the profile and every later error (a
 * duplicate id, a dangling child, a cycle, an unknown sample node) are the
 * same whichever path read it.
 */
#include "formats/cpuprofile/cp_private.h"
#include "formats/cpuprofile/cp_scan.h"

#include <stdlib.h>
#include <string.h>

/* A node's members that cp_tree has no room for. */
struct fast_node {
	struct cp_call_frame frame;
	size_t kids_first, kids_n;	/* in fast_doc.kids */
};

/* Decoded strings (the few with escapes), in chunks that never move. */
struct arena {
	struct arena *next;
	size_t used, cap;
	char text[];
};

struct int_vec {
	int64_t *v;
	size_t n, cap;
};

/* The top-level members read; a second one of any declines. */
enum { SEEN_NODES = 1, SEEN_SAMPLES = 2, SEEN_DELTAS = 4, SEEN_START = 8 };

struct fast_doc {
	struct cp_tree t;
	struct fast_node *nodes;	/* parallel to t.nodes */
	size_t nodes_cap;
	struct int_vec kids;		/* all children arrays, in order */
	struct int_vec samples, deltas;
	struct arena *strings;
	int64_t start;
	unsigned seen;
};

static char *arena_take(struct arena **a, size_t n)
{
	if (!*a || (*a)->cap - (*a)->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		struct arena *c = sk_xmalloc(sizeof *c + cap);

		c->next = *a;
		c->used = 0;
		c->cap = cap;
		*a = c;
	}
	(*a)->used += n;
	return (*a)->text + (*a)->used - n;
}

static void arena_free(struct arena *a)
{
	while (a) {
		struct arena *next = a->next;

		free(a);
		a = next;
	}
}

/* A string member kept for the profile, decoded when it has escapes. */
static int kept_string(struct cp_scan *s, struct arena **a, const char **str,
		       size_t *len)
{
	int escaped;
	char *out;

	if (cp_scan_string(s, str, len, &escaped) < 0)
		return -1;
	if (!escaped)
		return 0;
	out = arena_take(a, *len);
	if (cp_scan_unescape(*str, *len, out, len) < 0)
		return -1;
	*str = out;
	return 0;
}

static void vec_push(struct int_vec *v, int64_t x)
{
	if (v->n == v->cap)
		sk_xgrow((void **)&v->v, &v->cap, v->n + 1, sizeof *v->v);
	v->v[v->n++] = x;
}

/* The elements of an array, each read by elem(s, arg); -1 when one fails
 * or the array is malformed.  Small and static: inlined with its elem. */
static int array(struct cp_scan *s, void *arg,
		 int (*elem)(struct cp_scan *, void *))
{
	int more;

	if (cp_scan_expect(s, '[') < 0)
		return -1;
	if (cp_scan_peek(s) == ']') {
		s->p++;
		return 0;
	}
	do {
		if (elem(s, arg) < 0)
			return -1;
		more = cp_scan_next(s, ']');
	} while (more == 1);
	return more;
}

static int int_elem(struct cp_scan *s, void *arg)
{
	int64_t x;

	if (cp_scan_int(s, &x) < 0)
		return -1;
	vec_push(arg, x);
	return 0;
}

/* An array of integers into v. */
static int int_array(struct cp_scan *s, struct int_vec *v)
{
	return array(s, v, int_elem);
}

/* The members of an object, each handed to member(key) which reads its
 * value; -1 when one does or the object is malformed. */
static int object(struct cp_scan *s, void *arg,
		  int (*member)(struct cp_scan *, void *, const char *, size_t))
{
	int more;

	if (cp_scan_expect(s, '{') < 0)
		return -1;
	if (cp_scan_peek(s) == '}') {
		s->p++;
		return 0;
	}
	do {
		const char *key;
		size_t len;

		if (cp_scan_key(s, &key, &len) < 0 ||
		    member(s, arg, key, len) < 0)
			return -1;
		more = cp_scan_next(s, '}');
	} while (more == 1);
	return more;
}

/* Marks bit in *seen; -1 when it was set (a duplicate key). */
static int first(unsigned *seen, unsigned bit)
{
	if (*seen & bit)
		return -1;
	*seen |= bit;
	return 0;
}

struct call_frame_state {
	struct cp_call_frame *cf;
	struct arena **strings;
	unsigned seen;
};

static int call_frame_member(struct cp_scan *s, void *arg, const char *key,
			     size_t len)
{
	struct call_frame_state *st = arg;
	struct cp_call_frame *cf = st->cf;

	if (cp_is_name(key, len, "functionName"))
		return first(&st->seen, 1) < 0 ? -1 :
			kept_string(s, st->strings, &cf->fn, &cf->fn_len);
	if (cp_is_name(key, len, "url"))
		return first(&st->seen, 2) < 0 ? -1 :
			kept_string(s, st->strings, &cf->url, &cf->url_len);
	if (cp_is_name(key, len, "lineNumber"))
		return first(&st->seen, 4) < 0 ? -1 :
			cp_scan_int(s, &cf->line);
	if (cp_is_name(key, len, "columnNumber"))
		return first(&st->seen, 8) < 0 ? -1 :
			cp_scan_int(s, &cf->col);
	return cp_scan_skip(s);
}

enum { NODE_ID = 1, NODE_FRAME = 2, NODE_PARENT = 4, NODE_KIDS = 8 };

struct node_state {
	struct fast_doc *d;
	struct fast_node fast;
	int64_t id, parent;
	unsigned seen;
};

static int node_member(struct cp_scan *s, void *arg, const char *key,
		       size_t len)
{
	struct node_state *st = arg;

	if (cp_is_name(key, len, "id"))
		return first(&st->seen, NODE_ID) < 0 ? -1 :
			cp_scan_int(s, &st->id);
	if (cp_is_name(key, len, "parent"))
		return first(&st->seen, NODE_PARENT) < 0 ? -1 :
			cp_scan_int(s, &st->parent);
	if (cp_is_name(key, len, "callFrame")) {
		struct call_frame_state cf = { &st->fast.frame,
					       &st->d->strings, 0 };

		return first(&st->seen, NODE_FRAME) < 0 ? -1 :
			object(s, &cf, call_frame_member);
	}
	if (cp_is_name(key, len, "children")) {
		if (first(&st->seen, NODE_KIDS) < 0)
			return -1;
		st->fast.kids_first = st->d->kids.n;
		if (int_array(s, &st->d->kids) < 0)
			return -1;
		st->fast.kids_n = st->d->kids.n - st->fast.kids_first;
		return 0;
	}
	return cp_scan_skip(s);
}

/* One element of nodes: what cp_read_cpuprofile requires of it (an id,
 * a callFrame), or decline. */
static int one_node(struct cp_scan *s, struct fast_doc *d)
{
	struct node_state st;
	struct cp_node *node;

	memset(&st, 0, sizeof st);
	st.d = d;
	st.fast.frame.fn = st.fast.frame.url = "";
	st.fast.frame.line = st.fast.frame.col = -1;
	if (object(s, &st, node_member) < 0 ||
	    (st.seen & (NODE_ID | NODE_FRAME)) != (NODE_ID | NODE_FRAME))
		return -1;
	node = cp_tree_add(&d->t, st.id, d->t.n);
	if (st.seen & NODE_PARENT) {
		node->parent_id = st.parent;
		node->has_parent_id = 1;
	}
	sk_xgrow((void **)&d->nodes, &d->nodes_cap, d->t.n, sizeof *d->nodes);
	d->nodes[d->t.n - 1] = st.fast;
	return 0;
}

static int node_elem(struct cp_scan *s, void *arg)
{
	return one_node(s, arg);
}

static int node_array(struct cp_scan *s, struct fast_doc *d)
{
	return array(s, d, node_elem);
}

static int top_member(struct cp_scan *s, void *arg, const char *key,
		      size_t len)
{
	struct fast_doc *d = arg;

	if (cp_is_name(key, len, "nodes"))
		return first(&d->seen, SEEN_NODES) < 0 ? -1 : node_array(s, d);
	if (cp_is_name(key, len, "samples"))
		return first(&d->seen, SEEN_SAMPLES) < 0 ? -1 :
			int_array(s, &d->samples);
	if (cp_is_name(key, len, "timeDeltas"))
		return first(&d->seen, SEEN_DELTAS) < 0 ? -1 :
			int_array(s, &d->deltas);
	if (cp_is_name(key, len, "startTime"))
		return first(&d->seen, SEEN_START) < 0 ? -1 :
			cp_scan_int(s, &d->start);
	/* A trace wins over nodes in cpuprofile.c's dispatch. */
	if (cp_is_name(key, len, "traceEvents"))
		return -1;
	return cp_scan_skip(s);
}

/* The whole text, or decline: only blanks may follow the object. */
static int scan_text(struct fast_doc *d, const char *text, size_t len)
{
	struct cp_scan s = { text, text + len, 0 };

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		s.p += 3;
	if (object(&s, d, top_member) < 0 || cp_scan_peek(&s) != -1)
		return -1;
	if (!(d->seen & SEEN_NODES))
		return -1;
	/* cp_read_cpuprofile's count check, left to it. */
	if ((d->seen & SEEN_DELTAS) && d->deltas.n != d->samples.n)
		return -1;
	return 0;
}

/* Each node's children, as cp_read.c's link_children links them. */
static int link_kids(struct cp_reader *r, struct fast_doc *d)
{
	for (size_t i = 0; i < d->t.n; i++) {
		const struct fast_node *n = &d->nodes[i];

		for (size_t j = 0; j < n->kids_n; j++)
			if (cp_link_child(r, &d->t, i,
					  d->kids.v[n->kids_first + j],
					  "nodes") < 0)
				return -1;
	}
	return 0;
}

/* The samples with their absolute times, summed as cp_read.c sums them. */
static void samples_of(struct fast_doc *d, struct cp_samples *s)
{
	double time = (double)d->start;

	s->ids = d->samples.v;
	s->n = s->cap = d->samples.n;
	d->samples.v = NULL;
	s->times = sk_xmalloc((s->n ? s->n : 1) * sizeof *s->times);
	for (size_t i = 0; i < s->n; i++) {
		time += d->deltas.n ? (double)d->deltas.v[i] : 0;
		s->times[i] = time;
	}
}

/* The second step: the text is known good, the profile is built. */
static int commit(struct cp_reader *r, struct fast_doc *d)
{
	struct cp_samples s = { 0 };
	int rc;

	cp_value_types(r->p);
	for (size_t i = 0; i < d->t.n; i++)
		cp_frame_of(r, &d->nodes[i].frame, &d->t.nodes[i]);
	d->t.where = "nodes";
	if (cp_tree_index(r, &d->t) < 0 || link_kids(r, d) < 0 ||
	    cp_tree_build(r, &d->t) < 0)
		return -1;
	samples_of(d, &s);
	rc = cp_samples_emit(r, &d->t, &s, 0, "samples");
	cp_samples_free(&s);
	return rc;
}

int cp_fast_read(struct cp_reader *r, const unsigned char *data, size_t len,
		 int *rc)
{
	struct fast_doc d;
	int handled = 0;

	memset(&d, 0, sizeof d);
	if (scan_text(&d, (const char *)data, len) == 0) {
		handled = 1;
		*rc = commit(r, &d);
	}
	cp_tree_free(&d.t);
	free(d.nodes);
	free(d.kids.v);
	free(d.samples.v);
	free(d.deltas.v);
	arena_free(d.strings);
	return handled;
}
