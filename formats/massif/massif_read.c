/*
 * massif_read.c - reads valgrind massif's massif.out files: the header
 * (desc:, cmd:, time_unit:), the snapshots' fields in the order massif
 * writes them and ms_print reads them, and the heap trees (through
 * massif_tree.c); then makes the profile described in massif.h from the
 * snapshot --snapshot names (the peak by default).
 *
 * time_unit i (instructions) has no unit of its own in the model: its
 * positions are SK_POSITION_ORDER holding the instruction counts as
 * written, so they order the snapshots and are written back unchanged.
 * ms becomes nanoseconds and B stays bytes (SK_POSITION_BYTES).
 */
#include "formats/massif/massif.h"

#include <stdlib.h>
#include <string.h>

typedef struct massif_snapshot {
	uint64_t number;
	uint64_t time;
	uint64_t heap, extra, stacks;
	int kind;		/* enum massif_tree_kind */
	massif_weight *weights;	/* detailed: the tree's own bytes */
	size_t nweights;
} massif_snapshot;

/* Where the reader is in the file. */
enum read_state {
	IN_HEADER = 0,		/* desc: lines, then cmd:, then time_unit: */
	AFTER_HEADER,		/* time_unit: read */
	IN_FIELDS,		/* after snapshot=N: the fields, in order */
	IN_TREE,		/* after heap_tree=detailed|peak */
	AFTER_SNAPSHOT
};

static const char *const field_names[] = {
	"time", "mem_heap_B", "mem_heap_extra_B", "mem_stacks_B", "heap_tree"
};
enum { NFIELDS = 5 };

typedef struct massif_reader {
	sk_input *in;
	const sk_context *ctx;
	sk_profile *p;
	sk_error *err;
	const char *name;
	int state;
	int seen_cmd;
	int time_unit;		/* enum sk_position_unit */
	int ms;			/* time_unit: ms */
	unsigned field;		/* next field of IN_FIELDS */
	massif_snapshot *snaps;
	size_t nsnaps, cap;
	massif_tree tree;
} massif_reader;

static int starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static void add_comment(sk_profile *p, const char *s, size_t len)
{
	char *c = sk_xstrndup(s, len);

	sk_profile_add_comment(p, c);
	free(c);
}

static int header_line(massif_reader *r, const char *s, size_t len,
		       uint64_t lineno)
{
	if (!r->seen_cmd && starts(s, len, "desc:")) {
		add_comment(r->p, s, len);
		return 0;
	}
	if (!r->seen_cmd && starts(s, len, "cmd:")) {
		add_comment(r->p, s, len);
		r->seen_cmd = 1;
		return 0;
	}
	if (!r->seen_cmd)
		return sk_error_set_line(r->err, r->name, lineno,
			"expected a 'desc:' or 'cmd:' line of massif's header");
	if (starts(s, len, "time_unit:")) {
		size_t i = 10;

		while (i < len && s[i] == ' ')
			i++;
		s += i;
		len -= i;
		if (len == 1 && s[0] == 'i')
			r->time_unit = SK_POSITION_ORDER;
		else if (len == 2 && memcmp(s, "ms", 2) == 0) {
			r->time_unit = SK_POSITION_NANOSECONDS;
			r->ms = 1;
		} else if (len == 1 && s[0] == 'B')
			r->time_unit = SK_POSITION_BYTES;
		else
			return sk_error_set_line(r->err, r->name, lineno,
				"time_unit must be i, ms or B");
		r->state = AFTER_HEADER;
		return 0;
	}
	return sk_error_set_line(r->err, r->name, lineno,
				 "expected the 'time_unit:' line after 'cmd:'");
}

static int snapshot_line(massif_reader *r, const char *s, size_t len,
			 uint64_t lineno)
{
	massif_snapshot *sn;
	uint64_t n;

	if (!starts(s, len, "snapshot=") ||
	    massif_parse_u64(s + 9, len - 9, &n) < 0)
		return sk_error_set_line(r->err, r->name, lineno,
					 "expected 'snapshot=N'");
	if (r->nsnaps && n <= r->snaps[r->nsnaps - 1].number)
		return sk_error_set_line(r->err, r->name, lineno,
			"snapshot=%llu after snapshot=%llu: the numbers must "
			"increase", (unsigned long long)n,
			(unsigned long long)r->snaps[r->nsnaps - 1].number);
	sk_xgrow((void **)&r->snaps, &r->cap, r->nsnaps + 1, sizeof *r->snaps);
	sn = &r->snaps[r->nsnaps++];
	memset(sn, 0, sizeof *sn);
	sn->number = n;
	r->state = IN_FIELDS;
	r->field = 0;
	return 0;
}

static int field_line(massif_reader *r, const char *s, size_t len,
		      uint64_t lineno)
{
	massif_snapshot *sn = &r->snaps[r->nsnaps - 1];
	const char *want = field_names[r->field];
	size_t n = strlen(want);
	uint64_t v = 0;

	if (len <= n || memcmp(s, want, n) != 0 || s[n] != '=')
		return sk_error_set_line(r->err, r->name, lineno,
			"expected '%s=' (snapshot=%llu)", want,
			(unsigned long long)sn->number);
	s += n + 1;
	len -= n + 1;
	if (r->field == NFIELDS - 1) {
		if (len == 5 && memcmp(s, "empty", 5) == 0)
			sn->kind = MASSIF_EMPTY;
		else if (len == 8 && memcmp(s, "detailed", 8) == 0)
			sn->kind = MASSIF_DETAILED;
		else if (len == 4 && memcmp(s, "peak", 4) == 0)
			sn->kind = MASSIF_PEAK;
		else
			return sk_error_set_line(r->err, r->name, lineno,
				"heap_tree must be empty, detailed or peak");
		r->state = sn->kind == MASSIF_EMPTY ? AFTER_SNAPSHOT : IN_TREE;
		if (r->state == IN_TREE)
			massif_tree_begin(&r->tree, r->p, r->name,
					  &r->ctx->limits);
		return 0;
	}
	if (massif_parse_u64(s, len, &v) < 0)
		return sk_error_set_line(r->err, r->name, lineno,
			"%s wants a whole number up to 2^53", want);
	switch (r->field) {
	case 0:
		if (r->ms && v > (uint64_t)INT64_MAX / 1000000)
			return sk_error_set_line(r->err, r->name, lineno,
				"time beyond the nanosecond range");
		sn->time = v;
		break;
	case 1: sn->heap = v; break;
	case 2: sn->extra = v; break;
	case 3: sn->stacks = v; break;
	}
	r->field++;
	return 0;
}

static int tree_line(massif_reader *r, const char *s, size_t len,
		     uint64_t lineno)
{
	massif_snapshot *sn = &r->snaps[r->nsnaps - 1];
	int rc;

	rc = massif_tree_line(&r->tree, s, len, lineno, r->err);
	if (rc < 0)
		return -1;
	if (r->tree.depth == 1 && r->tree.levels[0].seen == 0 &&
	    r->tree.top_bytes != sn->heap)
		return sk_error_set_line(r->err, r->name, lineno,
			"the tree's top node has %llu bytes but mem_heap_B=%llu",
			(unsigned long long)r->tree.top_bytes,
			(unsigned long long)sn->heap);
	if (rc == 0) {
		if (r->tree.top_bytes != sn->heap)
			return sk_error_set_line(r->err, r->name, lineno,
				"the tree's top node has %llu bytes but "
				"mem_heap_B=%llu",
				(unsigned long long)r->tree.top_bytes,
				(unsigned long long)sn->heap);
		sn->weights = r->tree.out;
		sn->nweights = r->tree.nout;
		r->tree.out = NULL;
		r->tree.out_cap = 0;
		r->state = AFTER_SNAPSHOT;
	}
	return 0;
}

static int is_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Spaces, 'n' and a digit: a tree line, maybe a stray one. */
static int tree_shaped(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] == ' ')
		i++;
	return i + 1 < len && s[i] == 'n' && s[i + 1] >= '0' && s[i + 1] <= '9';
}

static int read_line(massif_reader *r, const char *s, size_t len,
		     uint64_t lineno)
{
	/* ms_print skips blank lines and '#' comments (the snapshot
	 * separators are such comments). */
	if (is_blank(s, len) || s[0] == '#')
		return 0;
	switch (r->state) {
	case IN_HEADER:
		return header_line(r, s, len, lineno);
	case AFTER_SNAPSHOT:
		if (r->snaps[r->nsnaps - 1].kind != MASSIF_EMPTY &&
		    tree_shaped(s, len) &&
		    massif_tree_line(&r->tree, s, len, lineno, r->err) < 0)
			return -1;	/* the tree, complete, says why */
		return snapshot_line(r, s, len, lineno);
	case AFTER_HEADER:
		return snapshot_line(r, s, len, lineno);
	case IN_FIELDS:
		return field_line(r, s, len, lineno);
	default:
		if (!r->tree.started && starts(s, len, "snapshot="))
			return sk_error_set_line(r->err, r->name, lineno,
				"heap_tree=%s but no tree follows",
				r->snaps[r->nsnaps - 1].kind == MASSIF_PEAK ?
				"peak" : "detailed");
		if (starts(s, len, "snapshot="))
			return massif_tree_check_done(&r->tree, lineno, r->err);
		return tree_line(r, s, len, lineno);
	}
}

/* ---- the profile ---- */

/* The index of the snapshot --snapshot names; -1 and err when none. */
static long chosen_snapshot(const massif_reader *r)
{
	const char *want = sk_options_get(r->ctx->options, "snapshot");
	long best = -1;
	size_t i;

	if (!want || strcmp(want, "peak") == 0) {
		for (i = 0; i < r->nsnaps; i++)
			if (r->snaps[i].kind == MASSIF_PEAK)
				return (long)i;
		/* No peak marked: the largest detailed heap, else the last. */
		for (i = 0; i < r->nsnaps; i++)
			if (r->snaps[i].kind != MASSIF_EMPTY &&
			    (best < 0 || r->snaps[i].heap > r->snaps[best].heap))
				best = (long)i;
		return best >= 0 ? best : (long)r->nsnaps - 1;
	}
	if (strcmp(want, "last") == 0) {
		for (i = r->nsnaps; i-- > 0;)
			if (r->snaps[i].kind != MASSIF_EMPTY)
				return (long)i;
		return sk_error_set_file(r->err, r->name,
					 "no detailed snapshot (--snapshot last)");
	} else {
		uint64_t n;

		if (massif_parse_u64(want, strlen(want), &n) < 0)
			return sk_error_set(r->err, "--snapshot wants a "
				"snapshot number, peak or last, not '%s'", want);
		for (i = 0; i < r->nsnaps; i++)
			if (r->snaps[i].number == n) {
				if (r->snaps[i].kind == MASSIF_EMPTY)
					return sk_error_set_file(r->err, r->name,
						"snapshot %llu has no heap tree "
						"(heap_tree=empty)",
						(unsigned long long)n);
				return (long)i;
			}
		return sk_error_set_file(r->err, r->name, "no snapshot=%llu",
					 (unsigned long long)n);
	}
}

/* The weights of one snapshot, in the value columns [heap, extra,
 * stacks] (ix: their indexes, -1 when absent): to the records or to the
 * timeline.  The timeline always gets the root sample first, which marks
 * the snapshot even when it holds nothing. */
static void add_snapshot(massif_reader *r, const massif_snapshot *sn,
			 const long ix[3], sk_node_id extra_node,
			 sk_node_id stacks_node, sk_labelset_id labels,
			 int timeline)
{
	double v[3];
	uint64_t root = sn->kind == MASSIF_EMPTY ? sn->heap : 0;
	int64_t position = (int64_t)sn->time * (r->ms ? 1000000 : 1);
	size_t i;

	for (i = 0; i < sn->nweights; i++)
		if (sn->weights[i].node == SK_ROOT)
			root += sn->weights[i].bytes;
#define ADD(node, col, bytes) do { \
		memset(v, 0, sizeof v); \
		v[ix[col]] = (double)(bytes); \
		if (timeline) \
			sk_profile_add_sample(r->p, node, labels, position, v); \
		else if (bytes) \
			sk_profile_add_values(r->p, node, 0, v); \
	} while (0)
	ADD(SK_ROOT, 0, root);
	for (i = 0; i < sn->nweights; i++)
		if (sn->weights[i].node != SK_ROOT)
			ADD(sn->weights[i].node, 0, sn->weights[i].bytes);
	if (sn->extra)
		ADD(extra_node, 1, sn->extra);
	if (sn->stacks)
		ADD(stacks_node, 2, sn->stacks);
#undef ADD
}

static int build_profile(massif_reader *r)
{
	static const char *const tree_names[] = { "empty", "detailed", "peak" };
	long chosen = chosen_snapshot(r), ix[3] = { 0, -1, -1 };
	sk_node_id extra_node = 0, stacks_node = 0;
	int any_extra = 0, any_stacks = 0;
	size_t i;

	if (chosen < 0)
		return -1;
	for (i = 0; i < r->nsnaps; i++) {
		any_extra |= r->snaps[i].extra != 0;
		any_stacks |= r->snaps[i].stacks != 0;
	}
	sk_profile_value_type(r->p, "heap", "bytes");
	if (any_extra) {
		ix[1] = (long)sk_profile_value_type(r->p, "heap_extra", "bytes");
		extra_node = sk_profile_child(r->p, SK_ROOT,
			sk_profile_frame_named(r->p, MASSIF_EXTRA,
				strlen(MASSIF_EXTRA), SK_FRAME_OTHER));
	}
	if (any_stacks) {
		ix[2] = (long)sk_profile_value_type(r->p, "stacks", "bytes");
		stacks_node = sk_profile_child(r->p, SK_ROOT,
			sk_profile_frame_named(r->p, MASSIF_STACKS,
				strlen(MASSIF_STACKS), SK_FRAME_OTHER));
	}
	for (i = 0; i < sk_profile_value_type_count(r->p); i++)
		sk_profile_set_value_type_flags(r->p, i, SK_VALUE_GAUGE);
	sk_profile_set_default_value_type(r->p, 0);
	add_snapshot(r, &r->snaps[chosen], ix, extra_node, stacks_node, 0, 0);
	if (!r->ctx->want_timeline)
		return 0;
	sk_profile_set_timeline_unit(r->p, r->time_unit);
	for (i = 0; i < r->nsnaps; i++) {
		const massif_snapshot *sn = &r->snaps[i];
		sk_label l[2];

		memset(l, 0, sizeof l);
		l[0].key = sk_profile_intern_cstr(r->p, MASSIF_LABEL_SNAPSHOT);
		l[0].num = (int64_t)sn->number;
		l[1].key = sk_profile_intern_cstr(r->p, MASSIF_LABEL_TREE);
		l[1].str = sk_profile_intern_cstr(r->p, tree_names[sn->kind]);
		add_snapshot(r, sn, ix, extra_node, stacks_node,
			     sk_profile_labelset(r->p, l, 2), 1);
	}
	return 0;
}

int massif_read(sk_input *in, const sk_context *ctx, sk_profile *p,
		sk_error *err)
{
	massif_reader r;
	sk_lines *lines;
	sk_line line;
	uint64_t last = 0;
	size_t i;
	int rc;

	memset(&r, 0, sizeof r);
	r.in = in;
	r.ctx = ctx;
	r.p = p;
	r.err = err;
	r.name = sk_input_name(in);
	if (sk_lines_open(&lines, in, 0, err) < 0)
		return -1;
	while ((rc = sk_lines_next(lines, &line, err)) > 0) {
		last = line.number;
		if (read_line(&r, line.text, line.len, line.number) < 0) {
			rc = -1;
			break;
		}
	}
	sk_lines_close(lines);
	if (rc == 0) {
		if (r.state == IN_HEADER)
			rc = sk_error_set_line(err, r.name, last + 1, "%s",
				r.seen_cmd ? "no 'time_unit:' line" :
				"no massif header ('desc:', 'cmd:', 'time_unit:')");
		else if (r.nsnaps == 0)
			rc = sk_error_set_line(err, r.name, last + 1,
					       "no snapshots");
		else if (r.state == IN_FIELDS)
			rc = sk_error_set_line(err, r.name, last + 1,
				"the input ends before '%s=' (snapshot=%llu)",
				field_names[r.field],
				(unsigned long long)r.snaps[r.nsnaps - 1].number);
		else if (r.state == IN_TREE && !r.tree.started)
			rc = sk_error_set_line(err, r.name, last + 1,
				"heap_tree=%s but no tree follows",
				r.snaps[r.nsnaps - 1].kind == MASSIF_PEAK ?
				"peak" : "detailed");
		else if (r.state == IN_TREE)
			rc = massif_tree_check_done(&r.tree, last + 1, err);
	}
	if (rc == 0)
		rc = build_profile(&r);
	for (i = 0; i < r.nsnaps; i++)
		free(r.snaps[i].weights);
	free(r.snaps);
	massif_tree_free(&r.tree);
	return rc < 0 ? -1 : 0;
}
