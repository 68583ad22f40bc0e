/*
 * svg_write.c - draws a flame graph SVG with libxml2's xmlTextWriter: the
 * options, the page around the frames (title, controls, script, style)
 * and one <g> per laid-out block (svg_layout.c), as doc/svg.md describes.
 *
 * Geometry follows flamegraph.pl (pads, rows, label clipping) so graphs
 * look as its users expect; fg:x/fg:w carry exact weights as inferno's do,
 * so a graph reads back to the profile it drew.  The writer streams: only
 * the blocks are in memory, never the document.
 */
#include "formats/svg/svg.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The page: sizes derived from the options and the layout. */
typedef struct svg_page {
	double xpad, ypad1, ypad2, height, frames_width, scale;
	const char *type, *unit;
	int differential;
	double max_delta;	/* differential: largest |share change| */
} svg_page;

/* A JSON string for the config script: '<' and '>' escaped too, so no
 * "]]>" or "</script>" can come out of a title or unit. */
static void append_json_string(sk_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	sk_buf_append_char(b, '"');
	for (; *u; u++) {
		if (*u == '"' || *u == '\\')
			sk_buf_appendf(b, "\\%c", *u);
		else if (*u < 0x20 || *u == '<' || *u == '>' || *u == '&')
			sk_buf_appendf(b, "\\u%04x", *u);
		else
			sk_buf_append_char(b, (char)*u);
	}
	sk_buf_append_char(b, '"');
}

/* ---- the writer ---- */

typedef struct svg_writer {
	xmlTextWriterPtr w;
	const svg_opts *o;
	const svg_page *pg;
	const sk_profile *p;
	const svg_blocks *blocks;
	sk_buf a, b, label, frame;	/* scratch */
	size_t label_len;	/* of the clean label at the start of a */
} svg_writer;

static void attr(svg_writer *sw, const char *name, const char *value)
{
	xmlTextWriterWriteAttribute(sw->w, BAD_CAST name, BAD_CAST value);
}

static void attr_num(svg_writer *sw, const char *name, double v, int dec)
{
	sk_buf_reset(&sw->b);
	svg_append_fixed(&sw->b, v, dec);
	attr(sw, name, sw->b.data);
}

static void attr_value(svg_writer *sw, const char *name, double v)
{
	sk_buf_reset(&sw->b);
	svg_append_weight(&sw->b, v);
	attr(sw, name, sw->b.data);
}

static void start(svg_writer *sw, const char *name)
{
	xmlTextWriterStartElement(sw->w, BAD_CAST name);
}

static void end(svg_writer *sw)
{
	xmlTextWriterEndElement(sw->w);
}

/* One element per line at the top and one frame per line: graphs diff
 * well without the bytes of indentation. */
static void newline(svg_writer *sw)
{
	xmlTextWriterWriteRaw(sw->w, BAD_CAST "\n");
}

static void text_element(svg_writer *sw, const char *id, double x, double y,
			 const char *cls, const char *text)
{
	start(sw, "text");
	if (id)
		attr(sw, "id", id);
	if (cls)
		attr(sw, "class", cls);
	attr_num(sw, "x", x, 2);
	attr_num(sw, "y", y, 2);
	sk_buf_reset(&sw->a);
	svg_clean_text(&sw->a, text, strlen(text));
	xmlTextWriterWriteString(sw->w, BAD_CAST sw->a.data);
	end(sw);
	newline(sw);
}

static const char *kind_name(const svg_opts *o, const svg_page *pg)
{
	if (pg->differential)
		return "differential";
	if (o->flamechart)
		return "flamechart";
	return o->inverted ? "icicle" : "flamegraph";
}

static const char *default_title(const svg_opts *o, const svg_page *pg)
{
	if (o->title)
		return o->title;
	if (o->flamechart)
		return "Flame Chart";
	if (pg->differential)
		return o->inverted ? "Differential Icicle Graph"
				   : "Differential Flame Graph";
	return o->inverted ? "Icicle Graph" : "Flame Graph";
}

static void write_config(svg_writer *sw)
{
	const svg_opts *o = sw->o;
	const svg_page *pg = sw->pg;
	sk_buf *b = &sw->a;

	sk_buf_reset(b);
	sk_buf_append_cstr(b, "var skconfig = {\"fontsize\":");
	sk_buf_append_value(b, o->fontsize);
	sk_buf_append_cstr(b, ",\"fontwidth\":");
	sk_buf_append_value(b, o->fontwidth);
	sk_buf_append_cstr(b, ",\"xpad\":");
	sk_buf_append_value(b, pg->xpad);
	sk_buf_append_cstr(b, ",\"frameheight\":");
	sk_buf_append_value(b, o->frame_height);
	sk_buf_appendf(b, ",\"inverted\":%s,\"nametype\":",
		       o->inverted ? "true" : "false");
	append_json_string(b, o->nametype);
	sk_buf_append_cstr(b, ",\"countname\":");
	append_json_string(b, o->countname ? o->countname : "");
	sk_buf_append_cstr(b, ",\"type\":");
	append_json_string(b, pg->type);
	sk_buf_append_cstr(b, ",\"unit\":");
	append_json_string(b, pg->unit);
	sk_buf_append_cstr(b, ",\"factor\":");
	sk_buf_append_value(b, o->factor);
	sk_buf_append_cstr(b, ",\"searchcolor\":");
	append_json_string(b, o->search_color);
	sk_buf_append_cstr(b, ",\"total\":");
	sk_buf_append_value(b, sw->blocks->total);
	sk_buf_appendf(b, ",\"differential\":%s,\"flamechart\":%s};",
		       pg->differential ? "true" : "false",
		       o->flamechart ? "true" : "false");
	start(sw, "script");
	attr(sw, "type", "text/ecmascript");
	xmlTextWriterWriteCDATA(sw->w, BAD_CAST b->data);
	end(sw);
	newline(sw);
	start(sw, "script");
	attr(sw, "type", "text/ecmascript");
	xmlTextWriterWriteCDATA(sw->w, BAD_CAST sk_svg_js);
	end(sw);
	newline(sw);
}

static int generic_font(const char *f)
{
	static const char *const generic[] = { "serif", "sans-serif",
		"monospace", "cursive", "fantasy", "system-ui", NULL };
	size_t i;

	for (i = 0; generic[i]; i++)
		if (!strcmp(f, generic[i]))
			return 1;
	return 0;
}

/* The embedded style sheet, then the font: quoted as a CSS string unless
 * it is a generic family, which must stay a keyword.  The sheet goes into
 * CDATA, so the font loses any ']' (no font name has one) and controls. */
static void write_style(svg_writer *sw)
{
	const char *f = sw->o->fonttype;
	sk_buf *b = &sw->a;

	sk_buf_reset(b);
	sk_buf_append_cstr(b, sk_svg_css);
	sk_buf_append_cstr(b, "text { font-family:");
	if (generic_font(f)) {
		sk_buf_append_cstr(b, f);
	} else {
		sk_buf_reset(&sw->b);
		svg_clean_text(&sw->b, f, strlen(f));
		sk_buf_append_char(b, '"');
		for (f = sw->b.data; *f; f++) {
			if (*f == '"' || *f == '\\')
				sk_buf_append_char(b, '\\');
			if (*f != ']')
				sk_buf_append_char(b, *f);
		}
		sk_buf_append_char(b, '"');
	}
	sk_buf_append_cstr(b, "; font-size:");
	sk_buf_append_value(b, sw->o->fontsize);
	sk_buf_append_cstr(b, "px }\n");
	start(sw, "style");
	attr(sw, "type", "text/css");
	xmlTextWriterWriteCDATA(sw->w, BAD_CAST b->data);
	end(sw);
	newline(sw);
}

/* Comments cannot hold "--". */
static void write_notes(svg_writer *sw)
{
	const char *n = sw->o->notes;
	sk_buf *b = &sw->a;

	if (!n)
		return;
	sk_buf_reset(b);
	svg_clean_text(b, n, strlen(n));
	start(sw, "desc");
	xmlTextWriterWriteString(sw->w, BAD_CAST b->data);
	end(sw);
	newline(sw);
	sk_buf_reset(&sw->b);
	sk_buf_append_cstr(&sw->b, " NOTES: ");
	for (n = b->data; *n; n++) {
		sk_buf_append_char(&sw->b, *n);
		if (*n == '-' && (n[1] == '-' || !n[1]))
			sk_buf_append_char(&sw->b, ' ');
	}
	sk_buf_append_char(&sw->b, ' ');
	xmlTextWriterWriteComment(sw->w, BAD_CAST sw->b.data);
	newline(sw);
}

static void write_head(svg_writer *sw)
{
	const svg_opts *o = sw->o;
	const svg_page *pg = sw->pg;

	start(sw, "svg");
	attr(sw, "version", "1.1");
	attr_num(sw, "width", o->width, 2);
	attr_num(sw, "height", pg->height, 2);
	sk_buf_reset(&sw->a);
	sk_buf_append_cstr(&sw->a, "0 0 ");
	svg_append_fixed(&sw->a, o->width, 2);
	sk_buf_append_char(&sw->a, ' ');
	svg_append_fixed(&sw->a, pg->height, 2);
	attr(sw, "viewBox", sw->a.data);
	if (o->javascript)
		attr(sw, "onload", "init(evt)");
	attr(sw, "xmlns", "http://www.w3.org/2000/svg");
	attr(sw, "xmlns:xlink", "http://www.w3.org/1999/xlink");
	attr(sw, "xmlns:fg", SVG_FG_NS);
	sk_buf_reset(&sw->a);
	svg_clean_text(&sw->a, pg->type, strlen(pg->type));
	attr(sw, "fg:type", sw->a.data);
	sk_buf_reset(&sw->a);
	svg_clean_text(&sw->a, pg->unit, strlen(pg->unit));
	attr(sw, "fg:unit", sw->a.data);
	attr(sw, "fg:kind", kind_name(o, pg));
	if (o->inverted)
		attr(sw, "fg:inverted", "1");
	newline(sw);
	/* no version: graphs of one profile stay equal across releases */
	xmlTextWriterWriteComment(sw->w, BAD_CAST " Flame graph drawn by "
		"stackkit; flame graphs: "
		"https://www.brendangregg.com/flamegraphs.html ");
	newline(sw);
	write_notes(sw);
	start(sw, "defs");
	start(sw, "linearGradient");
	attr(sw, "id", "background");
	attr(sw, "y1", "0");
	attr(sw, "y2", "1");
	attr(sw, "x1", "0");
	attr(sw, "x2", "0");
	start(sw, "stop");
	attr(sw, "stop-color", o->bg_top);
	attr(sw, "offset", "5%");
	end(sw);
	start(sw, "stop");
	attr(sw, "stop-color", o->bg_bottom);
	attr(sw, "offset", "95%");
	end(sw);
	end(sw);
	end(sw);
	newline(sw);
	write_style(sw);
	if (o->javascript)
		write_config(sw);
}

static void write_controls(svg_writer *sw)
{
	const svg_opts *o = sw->o;
	const svg_page *pg = sw->pg;
	double bottom = pg->height - pg->ypad2 / 2;

	start(sw, "rect");
	attr(sw, "x", "0");
	attr(sw, "y", "0");
	attr_num(sw, "width", o->width, 2);
	attr_num(sw, "height", pg->height, 2);
	attr(sw, "fill", "url(#background)");
	end(sw);
	newline(sw);
	text_element(sw, "title", o->width / 2, o->fontsize * 2, NULL,
		     default_title(o, pg));
	if (o->subtitle)
		text_element(sw, "subtitle", o->width / 2, o->fontsize * 4,
			     NULL, o->subtitle);
	text_element(sw, "details", pg->xpad, bottom, NULL, " ");
	if (o->javascript) {
		text_element(sw, "unzoom", pg->xpad, o->fontsize * 2, "hide",
			     "Reset Zoom");
		text_element(sw, "search", o->width - pg->xpad,
			     o->fontsize * 2, NULL, "Search");
	}
	text_element(sw, "matched", o->width - pg->xpad, bottom, NULL, " ");
}

/* ---- frames ---- */

static double row_y(const svg_writer *sw, uint32_t depth)
{
	const svg_page *pg = sw->pg;
	double fh = sw->o->frame_height;

	if (sw->o->inverted)
		return pg->ypad1 + depth * fh;
	return pg->height - pg->ypad2 - (depth + 1) * fh + 1;
}

static double share(double v, double total)
{
	return total > 0 ? 100 * v / total : 0;
}

/* Change of a block's share of its profile, in percentage points. */
static double delta_pp(const svg_blocks *bl, const svg_block *k)
{
	return share(k->next, bl->next_total) - share(k->base, bl->base_total);
}

static void append_signed_pct(sk_buf *b, double pp)
{
	char tmp[64];

	snprintf(tmp, sizeof tmp, "%+.2f", pp);
	if (!strcmp(tmp, "-0.00"))
		strcpy(tmp, "+0.00");
	sk_buf_appendf(b, "%s%%", tmp);
}

static void append_count(const svg_writer *sw, sk_buf *b, double v)
{
	svg_humanize(b, v * sw->o->factor, sw->pg->type, sw->pg->unit,
		     sw->o->countname);
}

static void append_source(const svg_writer *sw, sk_buf *b,
			  const svg_block *k)
{
	const sk_frame *f;
	const char *s;

	if (k->frame == UINT32_MAX)
		return;
	f = sk_profile_frame_get(sw->p, k->frame);
	if (f->file) {
		s = sk_profile_str(sw->p, f->file);
		sk_buf_append_cstr(b, "\nsource: ");
		svg_clean_text(b, s, strlen(s));
		if (f->line > 0)
			sk_buf_appendf(b, ":%lld", (long long)f->line);
	}
	if (f->module) {
		s = sk_profile_str(sw->p, f->module);
		sk_buf_append_cstr(b, "\nmodule: ");
		svg_clean_text(b, s, strlen(s));
	}
}

/* NAME (COUNT, PCT%[; +DELTA%]) and the key: value lines. */
static void frame_title(svg_writer *sw, const svg_block *k, int root)
{
	const svg_blocks *bl = sw->blocks;
	sk_buf *b = &sw->a;

	sk_buf_reset(b);
	svg_clean_text(b, k->label, k->label_len);
	sw->label_len = b->len;
	sk_buf_append_cstr(b, " (");
	append_count(sw, b, k->value);
	if (root)
		sk_buf_append_cstr(b, ", 100%");
	else
	{
		sk_buf_append_cstr(b, ", ");
		svg_append_fixed2(b, share(k->value, bl->next_total));
		sk_buf_append_char(b, '%');
	}
	if (sw->pg->differential) {
		sk_buf_append_cstr(b, "; ");
		append_signed_pct(b, delta_pp(bl, k));
	}
	sk_buf_append_char(b, ')');
	append_source(sw, b, k);
	if (sw->pg->differential) {
		sk_buf_append_cstr(b, "\nbase: ");
		append_count(sw, b, k->base);
		sk_buf_append_cstr(b, ", new: ");
		append_count(sw, b, k->next);
		sk_buf_append_cstr(b, ", delta: ");
		if (k->next >= k->base)
			sk_buf_append_char(b, '+');
		append_count(sw, b, k->next - k->base);
	}
}

static void frame_fill(const svg_writer *sw, const svg_block *k,
		       char fill[8])
{
	const char *file = NULL;

	if (sw->pg->differential) {
		svg_diff_color(delta_pp(sw->blocks, k), sw->pg->max_delta,
			       fill);
		return;
	}
	if (k->frame != UINT32_MAX) {
		const sk_frame *f = sk_profile_frame_get(sw->p, k->frame);

		if (f->file)
			file = sk_profile_str(sw->p, f->file);
	}
	svg_frame_color(sw->o->palette, sw->o->hash, k->label, k->label_len,
			k->kind, file, fill);
}

/* Escapes clean text s for element content. */
static void append_escaped(sk_buf *out, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *e;

		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		default: continue;
		}
		sk_buf_append(out, s + run, i - run);
		sk_buf_append_cstr(out, e);
		run = i + 1;
	}
	sk_buf_append(out, s + run, len - run);
}

static void frame_attr(sk_buf *f, const char *name, double v, int dec)
{
	sk_buf_append_char(f, ' ');
	sk_buf_append_cstr(f, name);
	sk_buf_append_cstr(f, "=\"");
	if (dec < 0)
		svg_append_weight(f, v);
	else
		svg_append_fixed(f, v, dec);
	sk_buf_append_char(f, '"');
}

static void frame_label(svg_writer *sw, sk_buf *f, double x, double y,
			double w)
{
	size_t chars = (size_t)(w / (sw->o->fontsize * sw->o->fontwidth));

	/* the title begins with the clean label */
	sk_buf_reset(&sw->label);
	if (!svg_clip_label(&sw->label, sw->a.data, sw->label_len, chars))
		return;
	sk_buf_append_cstr(f, "<text");
	frame_attr(f, "x", x + 3, 1);
	frame_attr(f, "y", y + (sw->o->frame_height - 1) / 2 + 3, 2);
	sk_buf_append_char(f, '>');
	append_escaped(f, sw->label.data, sw->label.len);
	sk_buf_append_cstr(f, "</text>");
}

/* A frame is the bulk of the document and its markup never varies: it is
 * put together here, with the text escaped as xmlTextWriter would, and
 * handed to the writer whole; each frame through a dozen writer calls
 * took longer than reading the profile. */
static void write_frame(svg_writer *sw, const svg_block *k, int root)
{
	double x = k->x * sw->pg->scale, w = k->w * sw->pg->scale;
	double y = row_y(sw, k->depth);
	sk_buf *f = &sw->frame;
	char fill[8];

	sk_buf_reset(f);
	if (k->kind == SK_FRAME_THREAD || k->kind == SK_FRAME_PROCESS)
		sk_buf_append_cstr(f, "<g class=\"thread\"><title>");
	else
		sk_buf_append_cstr(f, "<g><title>");
	frame_title(sw, k, root);
	append_escaped(f, sw->a.data, sw->a.len);
	sk_buf_append_cstr(f, "</title><rect");
	frame_attr(f, "x", x, 1);
	frame_attr(f, "y", y, 2);
	frame_attr(f, "width", w, 1);
	frame_attr(f, "height", sw->o->frame_height - 1, 2);
	frame_fill(sw, k, fill);
	sk_buf_append_cstr(f, " fill=\"");
	sk_buf_append_cstr(f, fill);
	sk_buf_append_char(f, '"');
	frame_attr(f, "fg:x", k->x, -1);
	frame_attr(f, "fg:w", k->w, -1);
	if (sw->pg->differential) {
		frame_attr(f, "fg:b", k->base, -1);
		frame_attr(f, "fg:n", k->next, -1);
	}
	sk_buf_append_cstr(f, "/>");
	frame_label(sw, f, x, y, w);
	sk_buf_append_cstr(f, "</g>\n");
	xmlTextWriterWriteRawLen(sw->w, BAD_CAST f->data, (int)f->len);
}

static void write_frames(svg_writer *sw)
{
	const svg_blocks *bl = sw->blocks;
	size_t i;

	start(sw, "svg");
	attr(sw, "id", "frames");
	attr_num(sw, "x", sw->pg->xpad, 2);
	attr_num(sw, "width", sw->pg->frames_width, 2);
	attr_value(sw, "total_samples", bl->total);
	newline(sw);
	for (i = 0; i < bl->count && bl->total > 0; i++)
		write_frame(sw, &bl->items[i], i == 0);
	end(sw);
	if (bl->total <= 0)
		text_element(sw, "message", sw->o->width / 2,
			     sw->pg->ypad1 + sw->o->frame_height, NULL,
			     "No samples");
}

/* ---- the whole document ---- */

static int out_write(void *ctx, const char *buf, int len)
{
	sk_output_write(ctx, buf, (size_t)len);
	return len;
}

static int out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void page_setup(const svg_opts *o, const sk_profile *p,
		       const svg_blocks *bl, size_t type, svg_page *pg)
{
	sk_value_type vt = sk_profile_value_type_get(p, type);
	size_t i;

	pg->xpad = 10;
	pg->ypad1 = o->fontsize * 3 + (o->subtitle ? o->fontsize * 2 : 0);
	pg->ypad2 = o->fontsize * 2 + 10;
	pg->height = (bl->max_depth + 1) * o->frame_height + pg->ypad1 +
		     pg->ypad2;
	pg->frames_width = o->width - 2 * pg->xpad;
	pg->scale = bl->total > 0 ? pg->frames_width / bl->total : 0;
	pg->type = sk_profile_str(p, vt.type);
	pg->unit = sk_profile_str(p, vt.unit);
	pg->max_delta = 0;
	for (i = 1; pg->differential && i < bl->count; i++) {
		double d = fabs(delta_pp(bl, &bl->items[i]));

		if (d > pg->max_delta)
			pg->max_delta = d;
	}
}

static long baseline_type(const sk_profile *p)
{
	size_t i, n = sk_profile_value_type_count(p);

	for (i = 0; i < n; i++)
		if (sk_profile_value_type_get(p, i).flags & SK_VALUE_BASELINE &&
		    i != sk_profile_default_value_type(p))
			return (long)i;
	return -1;
}

static int lay_out(const sk_profile *p, const sk_context *ctx,
		   const svg_opts *o, svg_blocks *bl, sk_error *err)
{
	svg_layout_opts lo;

	memset(&lo, 0, sizeof lo);
	sk_view_options_from(ctx->options, &lo.view);
	lo.view.label_arg = (void *)sk_options_get(ctx->options,
						   "frame-format");
	lo.type = sk_profile_default_value_type(p);
	lo.base_type = baseline_type(p);
	lo.width_from = lo.base_type >= 0 ? o->width_from : SVG_WIDTH_NEW;
	lo.by_weight = o->by_weight;
	lo.min_fraction = o->minwidth_pct ? o->minwidth / 100 :
			  o->minwidth / (o->width - 20);
	if (o->flamechart) {
		if (lo.base_type >= 0)
			return sk_error_set(err, "svg output: --flamechart "
					    "cannot draw a differential profile");
		return svg_layout_chart(p, &lo, bl, err);
	}
	svg_layout_graph(p, &lo, bl);
	return 0;
}

static int draw(const sk_profile *p, const sk_context *ctx,
		const svg_opts *o, sk_output *out, sk_error *err)
{
	svg_blocks bl;
	svg_page pg;
	svg_writer sw;
	xmlOutputBufferPtr ob;

	if (lay_out(p, ctx, o, &bl, err) < 0) {
		svg_blocks_free(&bl);
		return -1;
	}
	memset(&pg, 0, sizeof pg);
	pg.differential = baseline_type(p) >= 0;
	if (sk_profile_value_type_count(p) == 0) {
		pg.type = pg.unit = "";
		sk_error_set(err, "svg output: the profile has no value type");
		svg_blocks_free(&bl);
		return -1;
	}
	page_setup(o, p, &bl, sk_profile_default_value_type(p), &pg);
	ob = xmlOutputBufferCreateIO(out_write, out_close, out, NULL);
	memset(&sw, 0, sizeof sw);
	sw.w = xmlNewTextWriter(ob);
	sw.o = o;
	sw.pg = &pg;
	sw.p = p;
	sw.blocks = &bl;
	xmlTextWriterStartDocument(sw.w, "1.0", "UTF-8", "no");
	write_head(&sw);
	write_controls(&sw);
	write_frames(&sw);
	xmlTextWriterEndDocument(sw.w);
	xmlFreeTextWriter(sw.w);
	sk_buf_free(&sw.a);
	sk_buf_free(&sw.b);
	sk_buf_free(&sw.label);
	sk_buf_free(&sw.frame);
	svg_blocks_free(&bl);
	return 0;
}

int svg_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	      sk_error *err)
{
	sk_profile *reversed = NULL;
	svg_opts o;
	int rc;

	if (svg_parse_opts(ctx->options, &o, err) < 0)
		return -1;
	if (o.reverse) {
		reversed = sk_profile_reverse(p, err);
		if (!reversed)
			return -1;
		p = reversed;
	}
	rc = draw(p, ctx, &o, out, err);
	sk_profile_free(reversed);
	return rc;
}
