/*
 * svg_prolog.h - the scan of what precedes an SVG's root element
 * (svg_prolog.c), shared by the probe and the reader.
 */
#ifndef STACKKIT_FORMATS_SVG_PROLOG_H
#define STACKKIT_FORMATS_SVG_PROLOG_H

#include <stddef.h>

typedef struct svg_prolog {
	int has_doctype;
	int has_internal_subset;
	const char *entity;	/* the first declared entity's name, in data */
	size_t entity_len;	/* 0: no entity declared */
	const char *encoding;	/* the XML declaration's, in data */
	size_t encoding_len;	/* 0: none declared */
	int root_is_svg;	/* the root element is <svg> (any prefix) */
	size_t root_offset;	/* where the root element's name starts */
} svg_prolog;

/* Scans data's prolog.  Returns 1 when the root element's name was
 * reached, 0 when data ends first, -1 when data is not XML text. */
int svg_prolog_scan(const unsigned char *data, size_t len, svg_prolog *out);

#endif
