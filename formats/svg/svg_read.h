/*
 * svg_read.h - what the reader's files share (private to the reader):
 * the frames and document facts the XML walk (svg_read.c) collects, the
 * title parser (svg_title.c) and the rebuilding of stacks from geometry
 * (svg_tree.c).
 *
 * The walk keeps only what a flame graph says about its frames: per
 * drawn frame the title's parts, the rectangle's geometry and inferno's
 * and stackkit's exact fg: weights.  Everything about stacks is decided
 * afterwards, once every frame is known, because flamegraph.pl writes
 * frames in no useful order (hash order in old versions).
 */
#ifndef STACKKIT_FORMATS_SVG_READ_H
#define STACKKIT_FORMATS_SVG_READ_H

#include <stddef.h>
#include <stdint.h>
#include "formats/svg/svg.h"

/* Which optional parts a frame has (svg_frame.has). */
enum {
	SVG_HAS_COUNT = 1,	/* the title's count */
	SVG_HAS_DELTA = 2,	/* the title's "; +D%" of differential graphs */
	SVG_HAS_FG_X = 4,
	SVG_HAS_FG_W = 8,
	SVG_HAS_FG_BN = 16	/* stackkit's fg:b and fg:n */
};

/* Units of a frame's x and width. */
enum { SVG_PX = 0, SVG_PERCENT = 1 };

/* One drawn frame: a <g> with a <title> and a <rect>. */
typedef struct svg_frame {
	char *name;		/* owned; the title's first line less " (...)" */
	size_t name_len;
	char *file;		/* owned, NULL: the title's "file:line" line */
	char *module;		/* owned, NULL: the title's module line */
	int64_t line;
	int kind;		/* enum sk_frame_kind */
	unsigned has;		/* SVG_HAS_* */
	double count;		/* the title's count (times --factor) */
	double delta;		/* percentage points, sign included */
	double x, width, y;	/* the rect's geometry, in `unit` */
	int unit;		/* SVG_PX or SVG_PERCENT */
	double fg_x, fg_w;	/* exact offset and weight */
	double fg_b, fg_n;	/* exact base and new totals */
	uint64_t lineno;	/* of the <g>, for messages */
	/* Filled by svg_tree.c. */
	size_t row;		/* 0 = the root row */
	size_t parent;		/* index + 1 of the parent frame, 0 = none */
	int dropped;		/* flamegraph.pl's synthetic "all" */
} svg_frame;

/* Orientation markers (svg_doc.inverted). */
enum { SVG_ORIENT_UNKNOWN = -1, SVG_ORIENT_FLAME = 0, SVG_ORIENT_ICICLE = 1 };

/* What the whole document says. */
typedef struct svg_doc {
	const char *name;	/* the input's name, for messages */
	svg_frame *frames;
	size_t nframes, cap;
	char *fg_type, *fg_unit, *fg_kind;	/* owned, NULL: absent */
	int inverted;		/* SVG_ORIENT_*: from fg:kind or the script */
	int icicle_title;	/* the title text is "Icicle Graph" */
	int flamechart_title;	/* the title text is "Flame Chart" */
	int empty_marker;	/* inferno's "no valid input" graph */
	int decimals;		/* most decimals seen in x and width */
	char *countname;	/* owned, NULL: from the first counted title */
	double total_samples;	/* inferno's and stackkit's, when has_total */
	int has_total;
} svg_doc;

/* Parses a title's text into f's name, count, delta and source lines.
 * Returns 0, or -1 with err set (at line lineno of file). */
int svg_parse_title(svg_doc *doc, svg_frame *f, const char *text,
		    size_t len, const sk_context *ctx, sk_error *err);

/* Sets f's name (a copy) and the kind its FlameGraph mark gives. */
void svg_set_name(svg_frame *f, const char *name, size_t len);

/* Parses a non-negative number ("12", "1.5", "1e-05"; no sign, no
 * NaN or infinity); 0, or -1 when it is not one. */
int svg_parse_number(const char *s, size_t len, double *out);

/* Rebuilds the stacks of doc's frames into p.  Returns 0 or -1 with err
 * set. */
int svg_build_profile(svg_doc *doc, const sk_context *ctx, sk_profile *p,
		      sk_error *err);

#endif
