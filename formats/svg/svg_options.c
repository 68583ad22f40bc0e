/*
 * svg_options.c - the SVG writer's options, flamegraph.pl's names and
 * defaults, checked once so a bad value is an error before any output.
 */
#include "formats/svg/svg.h"

#include <stdlib.h>
#include <string.h>

static int parse_positive(const char *name, const char *s, double max,
			  double *out, sk_error *err)
{
	char *end;
	double v;

	if (!s)
		return 0;
	v = strtod(s, &end);
	if (end == s || *end || !(v > 0) || v > max)
		return sk_error_set(err, "svg output: --%s wants a number "
				    "above 0 and at most %g, not '%s'", name,
				    max, s);
	*out = v;
	return 0;
}

static int parse_minwidth(svg_opts *o, const char *s, sk_error *err)
{
	char *end;
	double v;

	if (!s)
		return 0;
	v = strtod(s, &end);
	o->minwidth_pct = *end == '%';
	if (end == s || (*end && strcmp(end, "%")) || !(v >= 0) || v > 1e9)
		return sk_error_set(err, "svg output: --minwidth wants pixels "
				    "or a percentage (0.1, 0.5%%), not '%s'", s);
	o->minwidth = v;
	return 0;
}

static int parse_choices(svg_opts *o, const sk_options *opts, sk_error *err)
{
	const char *s;

	if ((s = sk_options_get(opts, "colors")) &&
	    (o->palette = svg_palette_find(s)) < 0)
		return sk_error_set(err, "svg output: unknown --colors '%s' "
			"(hot, mem, io, wakeup, chain, java, js, perl, python, "
			"red, green, blue, aqua, yellow, purple, orange)", s);
	if (svg_background(sk_options_get(opts, "bgcolors"), o->palette,
			   o->bg_top, o->bg_bottom) < 0)
		return sk_error_set(err, "svg output: unknown --bgcolors '%s' "
			"(yellow, blue, green, grey or #rrggbb)",
			sk_options_get(opts, "bgcolors"));
	s = sk_options_get(opts, "width-from");
	if (!s || !strcmp(s, "new"))
		o->width_from = SVG_WIDTH_NEW;
	else if (!strcmp(s, "base"))
		o->width_from = SVG_WIDTH_BASE;
	else if (!strcmp(s, "max"))
		o->width_from = SVG_WIDTH_MAX;
	else
		return sk_error_set(err, "svg output: --width-from wants new, "
				    "base or max, not '%s'", s);
	if (sk_options_has(opts, "negate"))
		o->width_from = SVG_WIDTH_BASE;
	return 0;
}

int svg_parse_opts(const sk_options *opts, svg_opts *o, sk_error *err)
{
	memset(o, 0, sizeof *o);
	o->width = 1200;
	o->frame_height = 16;
	o->fontsize = 12;
	o->fontwidth = 0.59;
	o->factor = 1;
	o->minwidth = 0.1;
	o->fonttype = "Verdana";
	o->nametype = "Function:";
	o->search_color = "rgb(230,0,230)";
	o->hash = sk_options_has(opts, "hash");
	o->reverse = sk_options_has(opts, "reverse");
	o->inverted = sk_options_has(opts, "inverted");
	o->flamechart = sk_options_has(opts, "flamechart");
	o->by_weight = sk_options_has(opts, "sort-by-weight");
	o->javascript = !sk_options_has(opts, "no-javascript");
	if (sk_options_get(opts, "title"))
		o->title = sk_options_get(opts, "title");
	o->subtitle = sk_options_get(opts, "subtitle");
	if (sk_options_get(opts, "fonttype"))
		o->fonttype = sk_options_get(opts, "fonttype");
	o->countname = sk_options_get(opts, "countname");
	if (sk_options_get(opts, "nametype"))
		o->nametype = sk_options_get(opts, "nametype");
	o->notes = sk_options_get(opts, "notes");
	if (sk_options_get(opts, "search-color"))
		o->search_color = sk_options_get(opts, "search-color");
	if (parse_positive("width", sk_options_get(opts, "width"), 1e6,
			   &o->width, err) < 0 ||
	    parse_positive("height", sk_options_get(opts, "height"), 1e4,
			   &o->frame_height, err) < 0 ||
	    parse_positive("fontsize", sk_options_get(opts, "fontsize"), 1e4,
			   &o->fontsize, err) < 0 ||
	    parse_positive("fontwidth", sk_options_get(opts, "fontwidth"), 100,
			   &o->fontwidth, err) < 0 ||
	    parse_positive("factor", sk_options_get(opts, "factor"), 1e300,
			   &o->factor, err) < 0 ||
	    parse_minwidth(o, sk_options_get(opts, "minwidth"), err) < 0 ||
	    parse_choices(o, opts, err) < 0)
		return -1;
	if (o->width <= 40)
		return sk_error_set(err, "svg output: --width must leave room "
				    "for the frames (more than 40 pixels)");
	return 0;
}

/* ---- numbers and strings as the document writes them ---- */
