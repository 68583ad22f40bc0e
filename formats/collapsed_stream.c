/*
 * collapsed_stream.c - folded lines written in FlameGraph's order without
 * making their text first.
 *
 * The stackcollapse scripts sort whole lines bytewise.  In a tree, that
 * order is a walk: at each node, a child's own line ("...;c" then the end
 * of the line) and the lines of its callees ("...;c;...") are two entries,
 * sorted by the child's label followed by the end of the line (lowest of
 * all) or by ';'.  So each line is written as the walk reaches it, label by
 * label, straight to the output: memory is the walk (two entries per node
 * at most), not the text, which a few frames with long names repeated
 * thousands of times can make larger than memory.
 *
 * This needs labels without ';' (a line's text would otherwise not say
 * where one label ends); folded labels have none, as folded_label turns
 * ';' into ':'.  The caller checks (collapsed_labels_streamable).
 */
#include <stackkit/stackkit.h>
#include <stackkit/sk_view.h>
#include "lib/sk_format_author.h"

#include <stdlib.h>
#include <string.h>

int collapsed_labels_streamable(const sk_view *v);
void collapsed_write_stream(const sk_view *v, size_t first, size_t ncols,
			    sk_output *out);

struct entry {
	sk_vnode node;
	int callees;		/* 1: the lines below node; 0: node's own */
};

/* Bytewise order of "label" + end-of-line (own line) against
 * "label" + ';' (callee lines). */
static int entry_cmp(const void *a, const void *b, void *arg)
{
	const struct entry *x = a, *y = b;
	const sk_view *v = arg;
	size_t lx, ly, n;
	const unsigned char *px = (const unsigned char *)sk_view_label(v,
								x->node, &lx);
	const unsigned char *py = (const unsigned char *)sk_view_label(v,
								y->node, &ly);
	unsigned cx, cy;
	int c;

	n = lx < ly ? lx : ly;
	c = memcmp(px, py, n);
	if (c)
		return c;
	cx = lx > n ? px[n] : (x->callees ? ';' : 0);
	cy = ly > n ? py[n] : (y->callees ? ';' : 0);
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->callees - y->callees;
}

int collapsed_labels_streamable(const sk_view *v)
{
	return !sk_view_labels_contain(v, ';');
}

static int has_weight(const sk_view *v, sk_vnode n, size_t first,
		      size_t ncols)
{
	size_t t;

	for (t = first; t < first + ncols; t++)
		if (sk_view_self(v, n, t) != 0)
			return 1;
	return 0;
}

/* Appends the sorted entries of n's children to the pool. */
static size_t push_children(const sk_view *v, sk_vnode n, size_t first,
			    size_t ncols, struct entry **pool, size_t *len,
			    size_t *cap)
{
	size_t count, c, start = *len;
	const sk_vnode *kids = sk_view_children(v, n, &count);

	if (*len + 2 * count > *cap)
		sk_xgrow((void **)pool, cap, *len + 2 * count, sizeof **pool);
	for (c = 0; c < count; c++) {
		size_t grand;

		if (has_weight(v, kids[c], first, ncols))
			(*pool)[(*len)++] = (struct entry){ kids[c], 0 };
		sk_view_children(v, kids[c], &grand);
		if (grand)
			(*pool)[(*len)++] = (struct entry){ kids[c], 1 };
	}
	if (*len - start > 1)
		qsort_r(*pool + start, *len - start, sizeof **pool, entry_cmp,
			(void *)v);
	return *len - start;
}

/* The path's labels are kept as one text, "a;b;c;", grown and cut as the
 * walk goes down and up, so a line is a few writes however deep.  Only
 * up to PREFIX_MAX bytes, though: below that, labels are written one by
 * one from the path, so a deep stack of huge names still streams. */
enum { PREFIX_MAX = 64 << 10 };

struct path {
	sk_vnode *nodes;	/* the walk's nodes above the current level */
	size_t cap;
	sk_buf text;		/* the labels of nodes[0 .. held) */
	size_t held;
};

static void write_line(const sk_view *v, const struct path *path,
		       size_t depth, sk_vnode n, size_t first, size_t ncols,
		       sk_buf *tail, sk_output *out)
{
	size_t len, t, i;
	const char *l;

	if (path->text.len)
		sk_output_write(out, path->text.data, path->text.len);
	for (i = path->held; i < depth; i++) {
		l = sk_view_label(v, path->nodes[i], &len);
		sk_output_write(out, l, len);
		sk_output_write(out, ";", 1);
	}
	l = sk_view_label(v, n, &len);
	sk_output_write(out, l, len);
	sk_buf_reset(tail);
	for (t = first; t < first + ncols; t++) {
		sk_buf_append_char(tail, ' ');
		sk_buf_append_value(tail, sk_view_self(v, n, t));
	}
	sk_buf_append_char(tail, '\n');
	sk_output_write(out, tail->data, tail->len);
}

/* One level of the walk: its entries in the pool, the next one, and the
 * depth of its entries (a chain of single callees is one level). */
struct level {
	size_t start, count, next;
	size_t depth;
	size_t text, held;	/* the path's text above it */
};

/* n joins the path at depth d. */
static void path_push(const sk_view *v, struct path *path, size_t d,
		      sk_vnode n)
{
	size_t len;
	const char *l = sk_view_label(v, n, &len);

	if (d + 1 > path->cap)
		sk_xgrow((void **)&path->nodes, &path->cap, d + 1,
			 sizeof *path->nodes);
	path->nodes[d] = n;
	if (path->held == d && path->text.len + len < PREFIX_MAX) {
		sk_buf_reserve(&path->text, len + 1);
		memcpy(path->text.data + path->text.len, l, len);
		path->text.data[path->text.len + len] = ';';
		path->text.len += len + 1;
		path->held++;
	}
}

/* Descends from n (at depth d) through callees that are its only child,
 * have no line of their own and callees of their own: such a chain has
 * nothing to sort.  Returns the node whose children the next level holds
 * and sets *d to their depth. */
static sk_vnode descend(const sk_view *v, struct path *path, size_t *d,
			sk_vnode n, size_t first, size_t ncols)
{
	size_t count, grand;
	const sk_vnode *kids;

	path_push(v, path, (*d)++, n);
	for (;;) {
		kids = sk_view_children(v, n, &count);
		if (count != 1 || has_weight(v, kids[0], first, ncols))
			return n;
		sk_view_children(v, kids[0], &grand);
		if (!grand)
			return n;
		n = kids[0];
		path_push(v, path, (*d)++, n);
	}
}

void collapsed_write_stream(const sk_view *v, size_t first, size_t ncols,
			    sk_output *out)
{
	struct entry *pool = NULL;
	struct level *levels = NULL;
	struct path path = { NULL, 0, SK_BUF_INIT, 0 };
	size_t pool_len = 0, pool_cap = 0, top = 0, levels_cap = 0;
	sk_buf tail = SK_BUF_INIT;

	sk_xgrow((void **)&levels, &levels_cap, 1, sizeof *levels);
	memset(levels, 0, sizeof *levels);
	levels[0].count = push_children(v, 0, first, ncols, &pool, &pool_len,
					&pool_cap);
	for (;;) {
		struct level *lv = &levels[top];
		struct entry e;
		size_t d;
		sk_vnode n;

		if (lv->next == lv->count) {
			if (top == 0)
				break;
			pool_len = lv->start;	/* the level's entries go */
			top--;
			continue;
		}
		e = pool[lv->start + lv->next++];
		path.text.len = lv->text;
		path.held = lv->held;
		if (!e.callees) {
			write_line(v, &path, lv->depth, e.node, first, ncols,
				   &tail, out);
			continue;
		}
		d = lv->depth;
		n = descend(v, &path, &d, e.node, first, ncols);
		if (top + 2 > levels_cap)
			sk_xgrow((void **)&levels, &levels_cap, top + 2,
				 sizeof *levels);
		lv = &levels[++top];
		lv->start = pool_len;
		lv->count = push_children(v, n, first, ncols, &pool, &pool_len,
					  &pool_cap);
		lv->next = 0;
		lv->depth = d;
		lv->text = path.text.len;
		lv->held = path.held;
	}
	sk_buf_free(&tail);
	sk_buf_free(&path.text);
	free(path.nodes);
	free(pool);
	free(levels);
}
