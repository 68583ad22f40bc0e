/*
 * svg.c - the SVG flame graph format's registry entry and its options.
 *
 * The writer (svg_write.c and the files it names) draws an interactive
 * flame graph, icicle graph, flame chart or differential flame graph with
 * flamegraph.pl's options; the reader (svg_read.c) turns a flame graph
 * drawn by flamegraph.pl, inferno or stackkit back into stacks.
 * doc/svg.md describes the document both sides agree on.
 */
#include "formats/svg/svg.h"

const sk_option_spec svg_write_options[] = {
	{ "title", "TEXT", "svg output: the title (\"Flame Graph\"; "
	  "\"Icicle Graph\" with --inverted, \"Flame Chart\" with --flamechart)" },
	{ "subtitle", "TEXT", "svg output: a second title line" },
	{ "width", "PX", "svg output: image width in pixels (1200)" },
	{ "height", "PX", "svg output: frame height in pixels (16)" },
	{ "minwidth", "PX[%]", "svg output: omit frames narrower than PX "
	  "pixels, or than a percentage of the total (0.1); their weight "
	  "still counts in their parents" },
	{ "fonttype", "FONT", "svg output: font family (Verdana)" },
	{ "fontsize", "PT", "svg output: font size (12)" },
	{ "fontwidth", "RATIO", "svg output: average character width per "
	  "font size, for clipping labels (0.59)" },
	{ "countname", "TEXT", "svg output: what the weights count (the "
	  "value type's unit, humanized: samples, ms, bytes)" },
	{ "nametype", "TEXT", "svg output: the label before a frame's name "
	  "in the details line (Function:)" },
	{ "colors", "PALETTE", "svg output: hot (default), mem, io, wakeup, "
	  "chain, java, js, perl, python, red, green, blue, aqua, yellow, "
	  "purple, orange" },
	{ "bgcolors", "COLOR", "svg output: background gradient: yellow, "
	  "blue, green, grey or #rrggbb (by palette)" },
	{ "hash", NULL, "svg output: colours from a hash of the name, so a "
	  "function has one colour in every graph (default: from the name too, "
	  "but FlameGraph's per-name random hue)" },
	{ "reverse", NULL, "svg output: reverse every stack (a bottom-up "
	  "graph of callers)" },
	{ "inverted", NULL, "svg output: icicle graph, roots at the top" },
	{ "flamechart", NULL, "svg output: a flame chart: x is time order "
	  "from the timeline instead of merged stacks" },
	{ "factor", "NUM", "svg output: multiply the weights shown by NUM (1)" },
	{ "notes", "TEXT", "svg output: notes stored in the SVG" },
	{ "sort-by-weight", NULL, "svg output: widest child first instead "
	  "of alphabetical order" },
	{ "negate", NULL, "differential svg output: widths from the base, "
	  "hues swapped (flamegraph.pl --negate)" },
	{ "width-from", "new|base|max", "differential svg output: what frame "
	  "widths come from (new)" },
	{ "search-color", "COLOR", "svg output: colour of search matches "
	  "(rgb(230,0,230))" },
	{ "no-javascript", NULL, "svg output: a static graph without the "
	  "embedded script" },
	{ NULL, NULL, NULL }
};

static const char *const svg_extensions[] = { ".svg", NULL };

const sk_format sk_format_svg = {
	.name = "svg",
	.aliases = NULL,
	.extensions = svg_extensions,
	.description = "flame graph SVG (flamegraph.pl, inferno, stackkit); "
		       "interactive flame graphs, icicles, flame charts",
	.probe = svg_probe,
	.read = svg_read,
	.write = svg_write,
	.options = svg_write_options,
	.preserves = "reading: frame names and weights of every drawn frame "
		     "(exact with stackkit's and inferno's fg:w attributes); "
		     "writing: the default (or --sample-type) value type, "
		     "frame kinds as colours, file:line and module in tooltips",
	.flags = SK_FORMAT_USES_TIMELINE,
	.timeline_option = "flamechart",
};
