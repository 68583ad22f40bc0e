/*
 * svg.h - what the SVG flame graph format's files share: the reader, the
 * writer and the script and style sheet embedded into every graph
 * (formats/svg/svg.js and svg.css, turned into C by embed.sh at build
 * time).  doc/svg.md describes the document the writer makes and the
 * reader reads.
 */
#ifndef STACKKIT_FORMATS_SVG_H
#define STACKKIT_FORMATS_SVG_H

#include "lib/sk_format_author.h"
#include <stackkit/sk_view.h>

/* The namespace of the per-frame weight attributes fg:x and fg:w: inferno's,
 * so graphs of either tool carry exact weights the same way. */
#define SVG_FG_NS "http://github.com/jonhoo/inferno"

extern const char sk_svg_js[];
extern const char sk_svg_css[];

int svg_probe(const unsigned char *data, size_t len);
int svg_read(sk_input *in, const sk_context *ctx, sk_profile *p,
	     sk_error *err);
int svg_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	      sk_error *err);

extern const sk_option_spec svg_write_options[];

/* What the options ask for, checked. */
typedef struct svg_opts {
	const char *title, *subtitle, *fonttype, *countname, *nametype;
	const char *notes, *search_color;
	double width, frame_height, fontsize, fontwidth, factor;
	double minwidth;	/* pixels, or a share when minwidth_pct */
	int minwidth_pct;
	int palette, hash, reverse, inverted, flamechart, by_weight;
	int width_from, javascript;
	char bg_top[8], bg_bottom[8];
} svg_opts;

/* Reads and checks the writer's options (svg_options.c). */
int svg_parse_opts(const sk_options *opts, svg_opts *o, sk_error *err);

/* ---- the writer's parts (svg_write.c, svg_layout.c, svg_color.c,
 * svg_text.c) ---- */

/* One drawn frame.  Blocks are in depth-first order, a frame before its
 * children; block 0 is the root "all". */
typedef struct svg_block {
	uint32_t depth;		/* 0 = the root */
	int kind;		/* enum sk_frame_kind */
	sk_frame_id frame;	/* UINT32_MAX: root or thread frame */
	const char *label;	/* not NUL-terminated, label_len bytes */
	size_t label_len;
	double x, w;		/* offset and width, in width weight */
	double value;		/* the drawn type's total (flame charts:
				 * the run's weight) */
	double base, next;	/* differential: base and new totals */
} svg_block;

typedef struct svg_blocks {
	svg_block *items;
	size_t count, cap;
	uint32_t max_depth;
	double total;		/* the root's width weight */
	double base_total, next_total;	/* differential */
	sk_strtab labels;	/* flame charts: labels of their own */
	sk_view *view;		/* flame graphs: where labels point */
} svg_blocks;

/* How to lay out: which columns, which order, what is too narrow. */
typedef struct svg_layout_opts {
	size_t type;		/* the drawn value type */
	long base_type;		/* differential: the base column, else -1 */
	int width_from;		/* SVG_WIDTH_* */
	int by_weight;		/* --sort-by-weight */
	double min_fraction;	/* frames below this share are dropped */
	sk_view_options view;	/* labels and thread roots */
} svg_layout_opts;

enum { SVG_WIDTH_NEW = 0, SVG_WIDTH_BASE, SVG_WIDTH_MAX };

void svg_blocks_free(svg_blocks *b);
/* The merged flame graph (or icicle) of p. */
void svg_layout_graph(const sk_profile *p, const svg_layout_opts *o,
		      svg_blocks *out);
/* The flame chart of p's timeline; -1 with err when it has none. */
int svg_layout_chart(const sk_profile *p, const svg_layout_opts *o,
		     svg_blocks *out, sk_error *err);

/* Colours. */
enum svg_palette {
	SVG_HOT = 0, SVG_MEM, SVG_IO, SVG_WAKEUP, SVG_CHAIN, SVG_JAVA, SVG_JS,
	SVG_PERL, SVG_PYTHON, SVG_RED, SVG_GREEN, SVG_BLUE, SVG_AQUA,
	SVG_YELLOW, SVG_PURPLE, SVG_ORANGE, SVG_PALETTE_COUNT
};
/* The palette named s, or -1. */
int svg_palette_find(const char *s);
/* "#rrggbb" of a frame into out (8 bytes). */
void svg_frame_color(int palette, int hash, const char *name, size_t len,
		     int kind, const char *file, char out[8]);
/* A differential colour: delta of the share against the largest change. */
void svg_diff_color(double delta, double max_delta, char out[8]);
/* The two gradient stops of --bgcolors (a name or #rrggbb) or of the
 * palette's default; -1 when spec is not a colour. */
int svg_background(const char *spec, int palette, char top[8],
		   char bottom[8]);

/* Text. */
/* Appends s as valid XML text: invalid UTF-8 becomes U+FFFD, control
 * characters their Unicode pictures (U+2400 + c). */
void svg_clean_text(sk_buf *out, const char *s, size_t len);
/* Appends the first at most `chars` characters of the clean text s to out,
 * or all of it followed by ".." cut to fit, as flamegraph.pl clips; returns
 * 0 when fewer than three characters fit (no label). */
int svg_clip_label(sk_buf *out, const char *s, size_t len, size_t chars);
/* Appends a weight as people read it in unit: "1,234 samples", "12.3 ms",
 * "4.1 MiB".  countname, when set, replaces the unit: "1,234 countname". */
void svg_humanize(sk_buf *out, double v, const char *type, const char *unit,
		  const char *countname);
/* Appends v with at most `decimals` (0-3) decimals, trailing zeros
 * dropped; and a weight as sk_buf_append_value does, integers fast. */
void svg_append_fixed(sk_buf *out, double v, int decimals);
void svg_append_weight(sk_buf *out, double v);
/* Appends v with exactly two decimals ("5.00"). */
void svg_append_fixed2(sk_buf *out, double v);
/* Appends v with thousands separators and at most two decimals. */
void svg_thousands(sk_buf *out, double v);

#endif
