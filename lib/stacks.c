/*
 * stacks.c - stacks as sorted text lines for name-only writers, and the
 * frame label format ("name (file:line)") shared by all of them.
 */
#include <stackkit/sk_stacks.h>
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Replaces the words of a frame format by the frame's fields.  Words are
 * matched whole (letters only), anything else is copied. */
void sk_frame_label(void *arg, const sk_profile *p, sk_frame_id id, sk_buf *out)
{
	const char *fmt = arg;
	const sk_frame *f = sk_profile_frame_get(p, id);

	if (!fmt || !*fmt || strcmp(fmt, "name") == 0) {
		sk_buf_append(out, sk_profile_str(p, f->name),
			      sk_profile_str_len(p, f->name));
		return;
	}
	while (*fmt) {
		size_t n = 0;
		while ((fmt[n] >= 'a' && fmt[n] <= 'z'))
			n++;
		if (n == 0) {
			sk_buf_append_char(out, *fmt++);
			continue;
		}
		if (n == 4 && !memcmp(fmt, "name", 4))
			sk_buf_append_cstr(out, sk_profile_str(p, f->name));
		else if (n == 4 && !memcmp(fmt, "file", 4))
			sk_buf_append_cstr(out, sk_profile_str(p, f->file));
		else if (n == 4 && !memcmp(fmt, "line", 4))
			sk_buf_appendf(out, "%" PRId64, f->line);
		else if (n == 6 && !memcmp(fmt, "column", 6))
			sk_buf_appendf(out, "%" PRId64, f->column);
		else if (n == 6 && !memcmp(fmt, "module", 6))
			sk_buf_append_cstr(out, sk_profile_str(p, f->module));
		else if (n == 7 && !memcmp(fmt, "address", 7))
			sk_buf_appendf(out, "0x%" PRIx64, f->address);
		else if (n == 4 && !memcmp(fmt, "kind", 4))
			sk_buf_append_cstr(out, sk_frame_kind_name((int)f->kind));
		else
			sk_buf_append(out, fmt, n);
		fmt += n;
	}
}

static int line_cmp(const void *a, const void *b, void *arg)
{
	const sk_stack_line *x = a, *y = b;
	const char *text = arg;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(text + x->offset, text + y->offset, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

static int record_is_zero(const sk_profile *p, size_t r)
{
	const double *v = sk_profile_record_values(p, r);
	size_t t;

	for (t = 0; t < p->ntypes; t++)
		if (v[t] != 0)
			return 0;
	return 1;
}

/* Labels depend on the frame only, so each frame is rendered once into
 * `cache` and copied from there: deep profiles repeat the same few
 * thousand frames hundreds of thousands of times. */
struct label_cache {
	sk_buf text;
	size_t *off;		/* per frame id; SIZE_MAX = not yet */
	size_t *len;
};

static void append_label(struct label_cache *c, const sk_profile *p,
			 sk_frame_label_fn label, void *arg, sk_frame_id f,
			 sk_buf *out)
{
	if (c->off[f] == SIZE_MAX) {
		size_t start = c->text.len;
		label(arg, p, f, &c->text);
		c->off[f] = start;
		c->len[f] = c->text.len - start;
	}
	sk_buf_append(out, c->text.data + c->off[f], c->len[f]);
}

void sk_stack_list_build(sk_stack_list *list, const sk_profile *p,
			 sk_frame_label_fn label, void *arg, char sep)
{
	struct label_cache cache = { SK_BUF_INIT, NULL, NULL };
	sk_frame_id *frames = NULL;
	size_t frames_cap = 0, r, i;

	memset(list, 0, sizeof *list);
	if (!label)
		label = sk_frame_label;
	cache.off = sk_xmalloc((p->nframes + 1) * sizeof *cache.off);
	cache.len = sk_xmalloc((p->nframes + 1) * sizeof *cache.len);
	for (i = 0; i < p->nframes; i++)
		cache.off[i] = SIZE_MAX;
	list->lines = sk_xcalloc(p->nrecords + 1, sizeof *list->lines);
	for (r = 0; r < p->nrecords; r++) {
		sk_node_id node = p->records[r].node;
		uint32_t depth = p->nodes[node].depth, d;
		sk_stack_line *line;

		if (record_is_zero(p, r) || depth == 0)
			continue;
		sk_xgrow((void **)&frames, &frames_cap, depth, sizeof *frames);
		sk_profile_node_stack(p, node, frames);
		line = &list->lines[list->count++];
		line->offset = list->text.len;
		line->record = r;
		for (d = 0; d < depth; d++) {
			if (d)
				sk_buf_append_char(&list->text, sep);
			append_label(&cache, p, label, arg, frames[d],
				     &list->text);
		}
		line->len = list->text.len - line->offset;
	}
	free(frames);
	free(cache.off);
	free(cache.len);
	sk_buf_free(&cache.text);
	if (list->count)
		qsort_r(list->lines, list->count, sizeof *list->lines, line_cmp,
			list->text.data);
}

void sk_stack_list_free(sk_stack_list *list)
{
	free(list->lines);
	sk_buf_free(&list->text);
	memset(list, 0, sizeof *list);
}
