/*
 * massif_tree.c - one massif heap tree, line by line, into model nodes and
 * their own bytes.
 *
 * A tree line is INDENT "n" CHILDREN ": " BYTES " " DESCRIPTION, in
 * pre-order, one space of indent per level.  The tree is read by its
 * child counts, and the indentation and the bytes are checked against
 * them, so a damaged tree is reported rather than read into other stacks:
 * a line indented deeper than its place (a skipped level), a node followed
 * by fewer children than its count, and children whose bytes add up to
 * more than their parent's are errors naming the lines.
 *
 * Massif's tree starts at the allocation function and goes toward the
 * callers, so the stack of a node is its path read backwards (root first)
 * and its weight is its bytes minus its children's.
 */
#include "formats/massif/massif.h"

#include <stdlib.h>
#include <string.h>

int massif_parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 16)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > MASSIF_MAX_BYTES)
		return -1;
	*out = v;
	return 0;
}

static int parse_hex(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 16)
		return -1;
	for (i = 0; i < len; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

void massif_tree_begin(massif_tree *t, sk_profile *p, const char *file,
		       const sk_limits *lim)
{
	t->depth = 0;
	t->started = 0;
	t->top_bytes = 0;
	t->nout = 0;
	t->p = p;
	t->file = file;
	t->max_depth = lim->max_depth;
	t->max_string = lim->max_string_bytes;
}

void massif_tree_free(massif_tree *t)
{
	free(t->levels);
	free(t->out);
	memset(t, 0, sizeof *t);
}

/* The frame of "FUNCTION", "FUNCTION (FILE:LINE)" or "FUNCTION (in
 * OBJECT)".  The group is taken from the right, so C++ signatures keep
 * their parentheses; a trailing group of another shape ("f(int)") is part
 * of the name. */
static void location_frame(massif_tree *t, const char *s, size_t len,
			   sk_frame *f)
{
	size_t name_len = len;

	if (len >= 4 && s[len - 1] == ')') {
		size_t q = len - 1, open = 0;
		int found = 0;

		while (q-- > 0) {
			if (s[q] == ')')
				open++;
			else if (s[q] == '(' && open-- == 0) {
				found = 1;
				break;
			}
		}
		if (found && q > 0 && s[q - 1] == ' ') {
			const char *g = s + q + 1;
			size_t glen = len - q - 2, colon = glen, k;

			if (glen > 3 && memcmp(g, "in ", 3) == 0) {
				f->module = sk_profile_intern(t->p, g + 3, glen - 3);
				name_len = q - 1;
			} else {
				for (k = glen; k-- > 0;)
					if (g[k] == ':') {
						colon = k;
						break;
					}
				if (colon > 0 && colon < glen - 1) {
					uint64_t line;

					if (massif_parse_u64(g + colon + 1,
						glen - colon - 1, &line) == 0) {
						f->file = sk_profile_intern(t->p, g, colon);
						f->line = (int64_t)line;
						name_len = q - 1;
					}
				}
			}
		}
	}
	f->name = sk_profile_intern(t->p, s, name_len);
}

/* The frame of a description below the top. */
static int parse_description(massif_tree *t, const char *s, size_t len,
			     uint64_t lineno, sk_frame *f, sk_error *err)
{
	memset(f, 0, sizeof *f);
	if (len > t->max_string)
		return sk_error_set_line(err, t->file, lineno,
			"description longer than the limit of %llu bytes",
			(unsigned long long)t->max_string);
	if (len >= 3 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		const char *colon = memchr(s, ':', len);
		size_t hex_len = colon ? (size_t)(colon - s) - 2 : 0;

		if (!colon || parse_hex(s + 2, hex_len, &f->address) < 0 ||
		    (size_t)(colon - s) + 2 > len || colon[1] != ' ')
			return sk_error_set_line(err, t->file, lineno,
				"expected '0xADDRESS: FUNCTION' after the byte count");
		s = colon + 2;
		len -= hex_len + 4;
		if (len == 0)
			return sk_error_set_line(err, t->file, lineno,
				"no function after the address");
		location_frame(t, s, len, f);
		return 0;
	}
	if (len > 3 && memcmp(s, "in ", 3) == 0) {
		static const char below[] = "below massif's threshold";
		size_t i;

		for (i = 0; i + sizeof below - 1 <= len; i++)
			if (memcmp(s + i, below, sizeof below - 1) == 0) {
				f->name = sk_profile_intern_cstr(t->p, MASSIF_BELOW);
				f->system_name = sk_profile_intern(t->p, s, len);
				f->kind = SK_FRAME_OTHER;
				return 0;
			}
	}
	return sk_error_set_line(err, t->file, lineno, "expected '0xADDRESS: "
		"FUNCTION' or 'in N places, all below massif's threshold' after "
		"the byte count");
}

/* The model node of level k: the frames of levels k, k-1, ..., 1. */
static sk_node_id level_node(massif_tree *t, size_t k)
{
	sk_node_id node = SK_ROOT;
	size_t j;

	for (j = k; j >= 1; j--) {
		struct massif_tree_level *l = &t->levels[j];

		if (!l->has_frame) {
			l->frame_id = sk_profile_frame(t->p, &l->frame);
			l->has_frame = 1;
		}
		node = sk_profile_child(t->p, node, l->frame_id);
	}
	return node;
}

/* Levels whose children are all read are complete: their own bytes
 * become a weight. */
static void complete_levels(massif_tree *t)
{
	while (t->depth > 0) {
		struct massif_tree_level *l = &t->levels[t->depth - 1];
		uint64_t self;

		if (l->seen < l->children)
			return;
		self = l->bytes - l->child_bytes;
		if (self > 0) {
			sk_xgrow((void **)&t->out, &t->out_cap, t->nout + 1,
				 sizeof *t->out);
			t->out[t->nout].node = level_node(t, t->depth - 1);
			t->out[t->nout++].bytes = self;
		}
		t->depth--;
	}
}

int massif_tree_check_done(const massif_tree *t, uint64_t lineno,
			   sk_error *err)
{
	const struct massif_tree_level *l;

	if (t->depth == 0)
		return 0;
	l = &t->levels[t->depth - 1];
	return sk_error_set_line(err, t->file, lineno, "the tree ends here, "
		"but the node at line %llu says n%llu and has %llu children",
		(unsigned long long)l->line, (unsigned long long)l->children,
		(unsigned long long)l->seen);
}

int massif_tree_line(massif_tree *t, const char *text, size_t len,
		     uint64_t lineno, sk_error *err)
{
	struct massif_tree_level *parent, *l;
	uint64_t children, bytes;
	size_t i = 0, start, indent;
	sk_frame f;

	while (i < len && text[i] == ' ')
		i++;
	indent = i;
	if (i >= len || text[i] != 'n')
		return sk_error_set_line(err, t->file, lineno,
			"expected a tree line 'nCHILDREN: BYTES DESCRIPTION'");
	for (start = ++i; i < len && text[i] >= '0' && text[i] <= '9'; i++)
		;
	if (massif_parse_u64(text + start, i - start, &children) < 0 ||
	    i >= len || text[i] != ':')
		return sk_error_set_line(err, t->file, lineno,
			"expected a tree line 'nCHILDREN: BYTES DESCRIPTION'");
	for (i++; i < len && text[i] == ' '; i++)
		;
	for (start = i; i < len && text[i] >= '0' && text[i] <= '9'; i++)
		;
	if (massif_parse_u64(text + start, i - start, &bytes) < 0 ||
	    (i < len && text[i] != ' '))
		return sk_error_set_line(err, t->file, lineno,
			"expected the node's byte count after 'n%llu: '",
			(unsigned long long)children);
	if (i < len)
		i++;
	if (t->started && t->depth == 0)
		return sk_error_set_line(err, t->file, lineno, "a tree line "
			"after the tree of line %llu ended: a node says fewer "
			"children (nK) than follow it",
			(unsigned long long)t->levels[0].line);
	if (indent > t->depth)
		return sk_error_set_line(err, t->file, lineno,
			"the indentation skips a level (%zu spaces where %zu "
			"are expected)", indent, t->depth);
	if (indent < t->depth)
		return massif_tree_check_done(t, lineno, err);
	if (t->depth >= t->max_depth)
		return sk_error_set_line(err, t->file, lineno,
			"tree deeper than the limit of %llu levels",
			(unsigned long long)t->max_depth);
	memset(&f, 0, sizeof f);
	if (t->depth > 0) {
		if (parse_description(t, text + i, len - i, lineno, &f, err) < 0)
			return -1;
		parent = &t->levels[t->depth - 1];
		parent->seen++;
		parent->child_bytes += bytes;
		if (parent->child_bytes > parent->bytes)
			return sk_error_set_line(err, t->file, lineno,
				"the children of the node at line %llu add up to "
				"%llu bytes, more than its %llu",
				(unsigned long long)parent->line,
				(unsigned long long)parent->child_bytes,
				(unsigned long long)parent->bytes);
		/* An inlined call is followed by its caller at the same
		 * address; recursion repeats one function at one address. */
		if (t->depth > 1 && parent->children == 1 && f.address &&
		    f.address == parent->frame.address &&
		    f.name != parent->frame.name)
			parent->frame.kind = SK_FRAME_INLINED;
	} else {
		t->top_bytes = bytes;
		t->started = 1;
	}
	sk_xgrow((void **)&t->levels, &t->cap, t->depth + 1, sizeof *t->levels);
	l = &t->levels[t->depth++];
	memset(l, 0, sizeof *l);
	l->frame = f;
	l->bytes = bytes;
	l->children = children;
	l->line = lineno;
	complete_levels(t);
	return t->depth ? 1 : 0;
}
