/*
 * filter.c - pprof's stack filters as a copy of the profile (sk_filter.h).
 *
 * The copy is sk_profile_copy_placed: every record and timeline sample of
 * the source goes to a node chosen from its stack and its thread, or is
 * dropped.  The choice depends on (node, label set) alone, so the timeline
 * keeps summing to the records.  Per source node the filter remembers, in
 * one parents-first pass made lazily:
 *   - whether a frame on its path matches --focus or --ignore;
 *   - `vis`: the nearest node of the path (itself or an ancestor) whose
 *     frame survives --hide and --show, and how many such frames the path
 *     holds; the filtered stack is the path of vis without hidden frames;
 *   - `cut`: the nearest surviving node matching --prune-from.
 * Destination nodes are made only for stacks that keep weight, so the
 * filtered tree has no empty branches.
 */
#include <stackkit/sk_filter.h>
#include <stackkit/sk_stacks.h>
#include <stackkit/sk_thread.h>
#include <stackkit/sk_view.h>
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define UNSET UINT32_MAX

enum { RE_FOCUS, RE_IGNORE, RE_HIDE, RE_SHOW, RE_PRUNE, RE_FOCUS_THREAD,
       RE_IGNORE_THREAD, RE_KINDS };

static const char *const re_option[RE_KINDS] = {
	"focus", "ignore", "hide", "show", "prune-from", "focus-thread",
	"ignore-thread"
};

static const sk_option_spec filter_options[] = {
	{ "focus", "RE", "keep only the stacks with a frame matching RE" },
	{ "ignore", "RE", "drop the stacks with a frame matching RE" },
	{ "hide", "RE", "remove the frames matching RE (weight to the caller)" },
	{ "show", "RE", "keep only the frames matching RE" },
	{ "prune-from", "RE", "drop the callees of the frame matching RE" },
	{ "focus-thread", "RE", "keep only threads whose root frame matches RE" },
	{ "ignore-thread", "RE", "drop threads whose root frame matches RE" },
	{ "max-depth", "N", "keep the N outermost frames of each stack" },
	{ "strip-hex", NULL, "fold 0x<hex> in frame names to 0x..." },
	{ "counts", NULL, "weigh by the value type counting samples" },
	{ NULL, NULL, NULL }
};

const sk_option_spec *sk_filter_option_specs(void)
{
	return filter_options;
}

struct re_list {
	regex_t *re;
	size_t n;
};

struct sk_filter {
	struct re_list re[RE_KINDS];
	uint32_t max_depth;	/* 0 = no limit */
	int strip_hex;
	int counts;
	int thread_mode;	/* enum sk_thread_root, never NONE */
};

/* Per frame of the copy, computed at first use. */
enum { BIT_DONE = 1, BIT_FOCUS = 2, BIT_IGNORE = 4, BIT_HIDDEN = 8,
       BIT_PRUNE = 16 };

struct node_state {
	sk_node_id vis;		/* UNSET = not resolved yet */
	sk_node_id cut;		/* UNSET = no --prune-from match */
	uint32_t depth;		/* surviving frames on the path */
	sk_node_id dst;		/* the copy's node of vis's path, UNSET */
	uint8_t focus, ignore;
};

struct run {
	const sk_filter *f;
	int by_name;		/* any of focus, ignore, hide, show */
	uint8_t *frame_bits;	/* per dst frame */
	struct node_state *nodes;	/* per src node */
	uint8_t *set_keep;	/* per src label set: 0 unknown, 1 keep, 2 drop */
	sk_node_id *chain;
	size_t chain_cap;
	sk_buf text;
};

static int matches(const struct re_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (regexec(&l->re[i], s, 0, NULL, 0) == 0)
			return 1;
	return 0;
}

static int add_regex(sk_filter *f, int kind, const char *text, sk_error *err)
{
	struct re_list *l = &f->re[kind];
	char why[256];
	int rc;

	l->re = sk_xrealloc(l->re, (l->n + 1) * sizeof *l->re);
	rc = regcomp(&l->re[l->n], text, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &l->re[l->n], why, sizeof why);
		regfree(&l->re[l->n]);
		return sk_error_set(err, "--%s: bad regular expression '%s': %s",
				    re_option[kind], text, why);
	}
	l->n++;
	return 0;
}

static int parse_depth(sk_filter *f, const char *text, sk_error *err)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (end == text || *end || *text == '-' || errno || v < 1 ||
	    v > UINT32_MAX - 1)
		return sk_error_set(err, "--max-depth: '%s' is not a number "
				    "of frames from 1 to %u", text,
				    UINT32_MAX - 1);
	f->max_depth = (uint32_t)v;
	return 0;
}

/* Handles option i of o; 1 when it was a filter option, -1 on error. */
static int take_option(sk_filter *f, const struct sk_option_value *item,
		       sk_error *err)
{
	int k;

	for (k = 0; k < RE_KINDS; k++)
		if (strcmp(item->name, re_option[k]) == 0)
			return add_regex(f, k, item->value ? item->value : "",
					 err) < 0 ? -1 : 1;
	if (strcmp(item->name, "max-depth") == 0)
		return parse_depth(f, item->value ? item->value : "",
				   err) < 0 ? -1 : 1;
	if (strcmp(item->name, "strip-hex") == 0)
		return f->strip_hex = 1;
	if (strcmp(item->name, "counts") == 0)
		return f->counts = 1;
	return 0;
}

int sk_filter_options_from(const sk_options *opts, sk_filter **out,
			   sk_error *err)
{
	sk_filter *f = sk_xcalloc(1, sizeof *f);
	sk_view_options vo;
	size_t i;
	int any = 0, rc;

	*out = NULL;
	for (i = 0; opts && i < opts->count; i++) {
		rc = take_option(f, &opts->items[i], err);
		if (rc < 0) {
			sk_filter_free(f);
			return -1;
		}
		any |= rc;
	}
	if (!any) {
		sk_filter_free(f);
		return 0;
	}
	/* Threads are matched as the name-only writers would show them;
	 * with no root shown (--no-comm), by their fullest name. */
	sk_view_options_from(opts, &vo);
	f->thread_mode = vo.threads == SK_THREAD_ROOT_NONE ? SK_THREAD_ROOT_TID
							   : vo.threads;
	*out = f;
	return 0;
}

void sk_filter_free(sk_filter *f)
{
	size_t k, i;

	if (!f)
		return;
	for (k = 0; k < RE_KINDS; k++) {
		for (i = 0; i < f->re[k].n; i++)
			regfree(&f->re[k].re[i]);
		free(f->re[k].re);
	}
	free(f);
}

/* ---- the copy -------------------------------------------------------- */

static uint8_t frame_bits(struct run *r, const sk_profile *dst, sk_frame_id df)
{
	const sk_filter *f = r->f;
	uint8_t b = r->frame_bits[df];
	const char *s;

	if (b & BIT_DONE)
		return b;
	sk_buf_reset(&r->text);
	sk_frame_label(NULL, dst, df, &r->text);
	s = r->text.data ? r->text.data : "";
	b = BIT_DONE;
	if (matches(&f->re[RE_FOCUS], s))
		b |= BIT_FOCUS;
	if (matches(&f->re[RE_IGNORE], s))
		b |= BIT_IGNORE;
	if (matches(&f->re[RE_HIDE], s) ||
	    (f->re[RE_SHOW].n && !matches(&f->re[RE_SHOW], s)))
		b |= BIT_HIDDEN;
	else if (matches(&f->re[RE_PRUNE], s))
		b |= BIT_PRUNE;
	r->frame_bits[df] = b;
	return b;
}

static void push_chain(struct run *r, size_t at, sk_node_id n)
{
	sk_xgrow((void **)&r->chain, &r->chain_cap, at + 1, sizeof *r->chain);
	r->chain[at] = n;
}

/* Fills nodes[n] and every unresolved ancestor's, root side first. */
static void resolve(struct run *r, const sk_profile *dst, const sk_profile *src,
		    const sk_frame_id *frame_map, sk_node_id n)
{
	size_t depth = 0;

	for (; r->nodes[n].vis == UNSET; n = src->nodes[n].parent)
		push_chain(r, depth++, n);
	while (depth-- > 0) {
		sk_node_id id = r->chain[depth];
		const struct node_state *up = &r->nodes[src->nodes[id].parent];
		struct node_state *s = &r->nodes[id];
		uint8_t b = frame_bits(r, dst, frame_map[src->nodes[id].frame]);

		s->focus = up->focus || (b & BIT_FOCUS);
		s->ignore = up->ignore || (b & BIT_IGNORE);
		if (b & BIT_HIDDEN) {
			s->vis = up->vis;
			s->cut = up->cut;
			s->depth = up->depth;
		} else {
			s->vis = id;
			s->cut = (b & BIT_PRUNE) ? id : up->cut;
			s->depth = up->depth + 1;
		}
	}
}

/* The copy's node for the surviving frames of vis node n's path. */
static sk_node_id materialize(struct run *r, sk_profile *dst,
			      const sk_profile *src,
			      const sk_frame_id *frame_map, sk_node_id n)
{
	size_t depth = 0;
	sk_node_id at;

	for (; r->nodes[n].dst == UNSET; n = r->nodes[src->nodes[n].parent].vis)
		push_chain(r, depth++, n);
	at = r->nodes[n].dst;
	while (depth-- > 0) {
		sk_node_id id = r->chain[depth];
		at = sk_profile_child(dst, at, frame_map[src->nodes[id].frame]);
		r->nodes[id].dst = at;
	}
	return at;
}

static int thread_kept(struct run *r, const sk_profile *src, sk_labelset_id id)
{
	const sk_filter *f = r->f;
	sk_thread t;
	int has_name = 0;

	if (!f->re[RE_FOCUS_THREAD].n && !f->re[RE_IGNORE_THREAD].n)
		return 1;
	if (r->set_keep[id])
		return r->set_keep[id] == 1;
	sk_buf_reset(&r->text);
	if (sk_profile_labelset_thread(src, id, &t))
		has_name = sk_thread_root_name(src, &t, f->thread_mode,
					       &r->text);
	if (!has_name)
		r->set_keep[id] = f->re[RE_FOCUS_THREAD].n ? 2 : 1;
	else if (f->re[RE_FOCUS_THREAD].n &&
		 !matches(&f->re[RE_FOCUS_THREAD], r->text.data))
		r->set_keep[id] = 2;
	else
		r->set_keep[id] = matches(&f->re[RE_IGNORE_THREAD],
					  r->text.data) ? 2 : 1;
	return r->set_keep[id] == 1;
}

static sk_node_id place(void *arg, sk_profile *dst, const sk_profile *src,
			const sk_frame_id *frame_map, sk_node_id node,
			sk_labelset_id labels)
{
	struct run *r = arg;
	const struct node_state *s;
	sk_node_id at;

	if (!r->frame_bits)
		r->frame_bits = sk_xcalloc(sk_profile_frame_count(dst) + 1, 1);
	if (!thread_kept(r, src, labels))
		return SK_PLACE_DROP;
	resolve(r, dst, src, frame_map, node);
	s = &r->nodes[node];
	if (r->by_name && ((r->f->re[RE_FOCUS].n && !s->focus) || s->ignore ||
			   s->vis == SK_ROOT))
		return SK_PLACE_DROP;
	at = s->cut != UNSET ? s->cut : s->vis;
	while (r->f->max_depth && r->nodes[at].depth > r->f->max_depth)
		at = r->nodes[src->nodes[at].parent].vis;
	return materialize(r, dst, src, frame_map, at);
}

/* FlameGraph difffolded.pl -s: every 0x<hex> becomes "0x...". */
static void strip_hex_label(void *arg, const sk_profile *p, sk_frame_id f,
			    sk_buf *out)
{
	const char *s = sk_profile_str(p, sk_profile_frame_get(p, f)->name);
	size_t i = 0, k;

	(void)arg;
	while (s[i]) {
		if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
			for (k = i + 2; isxdigit((unsigned char)s[k]); k++)
				;
			if (k > i + 2) {
				sk_buf_append(out, s + i, 2);
				sk_buf_append(out, "...", 3);
				i = k;
				continue;
			}
		}
		sk_buf_append_char(out, s[i++]);
	}
}

static void describe_types(const sk_profile *p, sk_buf *b)
{
	size_t i;

	for (i = 0; i < sk_profile_value_type_count(p); i++) {
		sk_value_type vt = sk_profile_value_type_get(p, i);
		sk_buf_appendf(b, " %s/%s", sk_profile_str(p, vt.type),
			       sk_profile_str(p, vt.unit));
	}
	if (!sk_profile_value_type_count(p))
		sk_buf_append_cstr(b, " (none)");
}

static int is_count(const sk_profile *p, size_t i)
{
	sk_value_type vt = sk_profile_value_type_get(p, i);

	return strcmp(sk_profile_str(p, vt.unit), "count") == 0 &&
	       !(vt.flags & (SK_VALUE_GAUGE | SK_VALUE_BASELINE));
}

/* The value type --counts keeps: the default one if it counts, else the
 * one counting the default one's event (perf's samples:EVENT/count beside
 * EVENT/period), else "samples", else the only one that counts; -1 with
 * err set when there is none or no way to choose. */
static long count_type(const sk_profile *p, sk_error *err)
{
	size_t i, n = sk_profile_value_type_count(p), found = 0, at = 0;
	sk_value_type dflt;
	sk_buf b = SK_BUF_INIT;

	if (n && is_count(p, sk_profile_default_value_type(p)))
		return (long)sk_profile_default_value_type(p);
	dflt = n ? sk_profile_value_type_get(p, sk_profile_default_value_type(p))
		 : (sk_value_type){ 0, 0, 0, 0 };
	for (i = 0; i < n; i++) {
		sk_value_type vt = sk_profile_value_type_get(p, i);
		if (is_count(p, i) && dflt.event && vt.event == dflt.event)
			return (long)i;
	}
	for (i = 0; i < n; i++) {
		sk_value_type vt = sk_profile_value_type_get(p, i);
		if (!is_count(p, i))
			continue;
		if (strcmp(sk_profile_str(p, vt.type), "samples") == 0)
			return (long)i;
		found++;
		at = i;
	}
	if (found == 1)
		return (long)at;
	describe_types(p, &b);
	if (found)
		sk_error_set(err, "--counts: several value types count; choose "
			     "one with --sample-type (the profile has:%s)",
			     b.data);
	else
		sk_error_set(err, "--counts: no value type counts samples (the "
			     "profile has:%s)", b.data);
	sk_buf_free(&b);
	return -1;
}

sk_profile *sk_profile_filter(const sk_profile *p, const sk_filter *f,
			      sk_error *err)
{
	struct run r;
	sk_profile *out;
	long keep = -1;
	size_t i, nnodes = sk_profile_node_count(p);
	int rc;

	if (f->counts && (keep = count_type(p, err)) < 0)
		return NULL;
	memset(&r, 0, sizeof r);
	r.f = f;
	r.by_name = f->re[RE_FOCUS].n || f->re[RE_IGNORE].n ||
		    f->re[RE_HIDE].n || f->re[RE_SHOW].n;
	r.nodes = sk_xmalloc((nnodes + 1) * sizeof *r.nodes);
	for (i = 0; i < nnodes; i++)
		r.nodes[i].vis = UNSET;
	memset(&r.nodes[SK_ROOT], 0, sizeof r.nodes[SK_ROOT]);
	r.nodes[SK_ROOT].vis = SK_ROOT;
	r.nodes[SK_ROOT].cut = UNSET;
	r.nodes[SK_ROOT].dst = SK_ROOT;
	for (i = 1; i < nnodes; i++)
		r.nodes[i].dst = UNSET;
	r.set_keep = sk_xcalloc(p->nsets + 1, 1);
	out = sk_profile_new();
	rc = sk_profile_copy_placed(out, p, f->strip_hex ? strip_hex_label : NULL,
				    NULL, place, &r, err);
	free(r.nodes);
	free(r.set_keep);
	free(r.frame_bits);
	free(r.chain);
	sk_buf_free(&r.text);
	if (rc < 0) {
		sk_profile_free(out);
		return NULL;
	}
	if (keep >= 0)
		sk_profile_keep_value_type(out, (size_t)keep);
	return out;
}
