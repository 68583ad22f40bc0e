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

extern const sk_option_spec svg_read_options[];
extern const sk_option_spec svg_write_options[];

#endif
