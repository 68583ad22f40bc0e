/*
 * svg_read.c - reads a flame graph SVG back into stacks: the probe, and
 * the walk over the document with libxml2's streaming xmlReader that
 * collects the drawn frames (svg_read.h); svg_tree.c then rebuilds the
 * stacks from their geometry.
 *
 * Three generations of writers are read:
 *   - flamegraph.pl: frames are <g> (class="func_g" in old versions, with
 *     mouse handlers) holding a <title> and a <rect> in pixels; weights
 *     only in the titles; a synthetic "all" root frame;
 *   - inferno: the same in percent of the nested <svg id="frames">, with
 *     exact weights in fg:x/fg:w and total_samples;
 *   - stackkit (doc/svg.md): inferno's shape plus fg:type, fg:unit and
 *     fg:kind on the root, fg:b/fg:n on differential frames and source
 *     lines in titles; no "all" frame.
 *
 * The parser runs without network, without loading DTDs and without
 * substituting entities; documents declaring entities are refused before
 * parsing (svg_prolog.c), and again if libxml2 finds a declaration the
 * byte scan missed (a UTF-16 document).
 */
#include "formats/svg/svg_read.h"
#include "formats/svg/svg_prolog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/xmlreader.h>

/* How much of the input the prolog check sees. */
enum { PROLOG_BYTES = 256 * 1024 };
/* Text kept of a <text> element outside frames: enough for the markers. */
enum { MAX_HINT_TEXT = 256 };

/* A <g> being read: a frame once it has both a title and a rect.  inferno
 * draws frames that --nameattr gives a link as <a> instead. */
typedef struct open_group {
	int depth;
	int has_title, has_rect;
	char *label;		/* owned: the <text> drawn on the frame */
	size_t label_len;
	svg_frame frame;
} open_group;

/* What the text being collected is. */
enum { TEXT_HINT = 0, TEXT_TITLE, TEXT_LABEL };

typedef struct svg_walk {
	xmlTextReaderPtr xr;
	sk_input *in;
	const sk_context *ctx;
	sk_error *err;
	svg_doc *doc;
	int failed;		/* err is set */
	int io_failed;		/* the read callback's error is in err */
	int xml_line, xml_column;	/* the first XML error's position */
	char xml_message[512];
	open_group *groups;
	size_t ngroups, groups_cap;
	sk_buf text;		/* the <title> or <text> being read */
	int text_depth;		/* its element's depth, -1: none */
	int text_kind;		/* TEXT_* */
	int script_depth;	/* inside a <script>, -1: no */
} svg_walk;

static int is_svg_ns(const xmlChar *ns);
static int read_element(svg_walk *w);
static int end_element(svg_walk *w, int depth);
static void free_frame(svg_frame *f);

/* ---- probing ---- */

static int contains(const unsigned char *data, size_t len, const char *what)
{
	size_t n = strlen(what), i;

	for (i = 0; i + n <= len; i++)
		if (data[i] == (unsigned char)what[0] &&
		    memcmp(data + i, what, n) == 0)
			return 1;
	return 0;
}

/* Only an XML document whose root is <svg> can be one.  flamegraph.pl's
 * and inferno's graphs name themselves in a comment near the top, and
 * their script, ids and titles are recognisable; an SVG with frame-like
 * titles is probably a flame graph of some other tool; any other SVG is
 * weak evidence (so that the reader, not detection, says what is wrong
 * with it). */
int svg_probe(const unsigned char *data, size_t len)
{
	static const char *const markers[] = {
		"xmlns:fg=\"" SVG_FG_NS "\"", "Flame graph stack visualization",
		"id=\"frames\"", ">Flame Graph<", ">Icicle Graph<",
		">Flame Chart<", "function s(", NULL
	};
	svg_prolog pro;
	size_t i;

	if (svg_prolog_scan(data, len, &pro) != 1 || !pro.root_is_svg)
		return 0;
	for (i = 0; markers[i]; i++)
		if (contains(data, len, markers[i]))
			return SK_PROBE_MAX;
	if (contains(data, len, "%)</title>"))
		return SK_PROBE_STRONG;
	return SK_PROBE_WEAK;
}

/* ---- errors ---- */

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	svg_walk *w = arg;
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || w->xml_message[0])
		return;
	snprintf(w->xml_message, sizeof w->xml_message, "%s",
		 e->message ? e->message : "malformed XML");
	n = strlen(w->xml_message);
	while (n > 0 && (w->xml_message[n - 1] == '\n' ||
			 w->xml_message[n - 1] == ' '))
		w->xml_message[--n] = '\0';
	for (n = 0; w->xml_message[n]; n++)
		if (w->xml_message[n] == '\n')	/* "...UTF-8\nBytes: 0xE9" */
			w->xml_message[n] = ' ';
	w->xml_line = e->line;
	w->xml_column = e->int2;
}

static int xml_error(svg_walk *w)
{
	if (w->failed || w->io_failed)
		return -1;
	if (!w->xml_message[0])
		return sk_error_set_file(w->err, w->doc->name,
					 "not a well-formed XML document");
	if (w->xml_line <= 0)
		return sk_error_set_file(w->err, w->doc->name, "XML error: %s",
					 w->xml_message);
	return sk_error_set_line(w->err, w->doc->name, (uint64_t)w->xml_line,
				 "XML error at column %d: %s", w->xml_column,
				 w->xml_message);
}

static uint64_t node_line(svg_walk *w)
{
	long line = xmlGetLineNo(xmlTextReaderCurrentNode(w->xr));

	return line > 0 ? (uint64_t)line : 0;
}

static int walk_error(svg_walk *w, const char *what, const char *detail)
{
	w->failed = 1;
	return sk_error_set_line(w->err, w->doc->name, node_line(w), "%s%s",
				 what, detail ? detail : "");
}

static int read_callback(void *arg, char *buf, int len)
{
	svg_walk *w = arg;
	size_t got;

	if (sk_input_read(w->in, buf, (size_t)len, &got, w->err) < 0) {
		w->io_failed = 1;
		return -1;
	}
	return (int)got;
}

/* ---- attributes ---- */

/* An attribute's value (xmlFree it), in the fg namespace when fg. */
static xmlChar *attr(svg_walk *w, const char *name, int fg)
{
	xmlChar *v;

	if (!fg)
		return xmlTextReaderGetAttribute(w->xr, BAD_CAST name);
	v = xmlTextReaderGetAttributeNs(w->xr, BAD_CAST name,
					BAD_CAST SVG_FG_NS);
	if (!v) {
		char qname[32];
		snprintf(qname, sizeof qname, "fg:%s", name);
		v = xmlTextReaderGetAttribute(w->xr, BAD_CAST qname);
	}
	return v;
}

static char *attr_dup(svg_walk *w, const char *name, int fg)
{
	xmlChar *v = attr(w, name, fg);
	char *s = v ? sk_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Reads a number attribute into *out; 1 when present, 0 when absent, -1
 * (error set) when malformed.  With unit, a "%" suffix is allowed and
 * noted; decimals are counted for the geometry's tolerance. */
static int number_attr(svg_walk *w, const char *name, int fg, double *out,
		       int *unit)
{
	xmlChar *v = attr(w, name, fg);
	const char *s = (const char *)v, *dot;
	size_t len;
	int rc = 1;

	if (!v)
		return 0;
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	if (unit) {
		*unit = len && s[len - 1] == '%' ? SVG_PERCENT : SVG_PX;
		if (*unit == SVG_PERCENT)
			len--;
		dot = memchr(s, '.', len);
		if (dot && (int)(s + len - dot - 1) > w->doc->decimals)
			w->doc->decimals = (int)(s + len - dot - 1);
	}
	if (svg_parse_number(s, len, out) < 0) {
		char detail[160];
		snprintf(detail, sizeof detail, "%s%s=\"%.80s\" is not a "
			 "non-negative number", fg ? "fg:" : "", name,
			 (const char *)v);
		walk_error(w, "frame <rect>: ", detail);
		rc = -1;
	}
	xmlFree(v);
	return rc;
}

static int read_rect(svg_walk *w, open_group *g)
{
	svg_frame *f = &g->frame;
	int ux, uw, uy, rc;

	if ((rc = number_attr(w, "x", 0, &f->x, &ux)) <= 0 ||
	    (rc = number_attr(w, "width", 0, &f->width, &uw)) <= 0 ||
	    (rc = number_attr(w, "y", 0, &f->y, &uy)) <= 0) {
		if (rc == 0)
			return walk_error(w, "frame <rect> without x, y or "
					  "width", NULL);
		return -1;
	}
	if (ux != uw || uy != SVG_PX)
		return walk_error(w, "frame <rect>: x and width in different "
				  "units, or y in percent", NULL);
	f->unit = ux;
	if ((rc = number_attr(w, "x", 1, &f->fg_x, NULL)) < 0)
		return -1;
	f->has |= rc ? SVG_HAS_FG_X : 0;
	if ((rc = number_attr(w, "w", 1, &f->fg_w, NULL)) < 0)
		return -1;
	f->has |= rc ? SVG_HAS_FG_W : 0;
	if ((rc = number_attr(w, "b", 1, &f->fg_b, NULL)) < 0)
		return -1;
	if (rc && (rc = number_attr(w, "n", 1, &f->fg_n, NULL)) < 0)
		return -1;
	f->has |= rc ? SVG_HAS_FG_BN : 0;
	g->has_rect = 1;
	return 0;
}

/* ---- the document's own markers ---- */

static void read_root(svg_walk *w)
{
	char *inv = attr_dup(w, "inverted", 1);

	w->doc->fg_type = attr_dup(w, "type", 1);
	w->doc->fg_unit = attr_dup(w, "unit", 1);
	w->doc->fg_kind = attr_dup(w, "kind", 1);
	if (w->doc->fg_kind)
		w->doc->inverted = strcmp(w->doc->fg_kind, "icicle") == 0 ||
				   (inv && strcmp(inv, "1") == 0);
	free(inv);
}

/* flamegraph.pl's "var inverted = 0|1", inferno's "= false|true" and
 * stackkit's skconfig "inverted": bool, in a script's text. */
static void script_text(svg_walk *w, const char *s)
{
	static const struct { const char *text; int inverted; } vars[] = {
		{ "inverted = true", 1 }, { "inverted = 1", 1 },
		{ "\"inverted\":true", 1 }, { "\"inverted\": true", 1 },
		{ "inverted = false", 0 }, { "inverted = 0", 0 },
		{ "\"inverted\":false", 0 }, { "\"inverted\": false", 0 },
	};
	size_t i;

	if (w->doc->inverted != SVG_ORIENT_UNKNOWN)
		return;
	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if (strstr(s, vars[i].text)) {
			w->doc->inverted = vars[i].inverted;
			return;
		}
}

static void hint_text(svg_walk *w, const char *s, size_t len)
{
	if (len == 12 && memcmp(s, "Icicle Graph", 12) == 0)
		w->doc->icicle_title = 1;
	else if (len == 11 && memcmp(s, "Flame Chart", 11) == 0)
		w->doc->flamechart_title = 1;
	else if (len >= 44 && memcmp(s, "ERROR: No valid input provided to "
				     "flamegraph", 44) == 0)
		w->doc->empty_marker = 1;
	else if (len >= 21 && memcmp(s, "No stack counts found", 21) == 0)
		w->doc->empty_marker = 1;
}

/* ---- the walk ---- */

static open_group *top_group(svg_walk *w)
{
	return w->ngroups ? &w->groups[w->ngroups - 1] : NULL;
}

static int start_text(svg_walk *w, int depth, int kind)
{
	w->text_depth = depth;
	w->text_kind = kind;
	sk_buf_reset(&w->text);
	return 0;
}

static int read_element(svg_walk *w)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(w->xr);
	int depth = xmlTextReaderDepth(w->xr);
	int empty = xmlTextReaderIsEmptyElement(w->xr);
	open_group *g = top_group(w);

	if (!is_svg_ns(xmlTextReaderConstNamespaceUri(w->xr)) || !name)
		return 0;
	if (depth == 0) {
		if (strcmp(name, "svg") != 0) {
			w->failed = 1;
			return sk_error_set_line(w->err, w->doc->name,
				node_line(w), "not an SVG document: the root "
				"element is <%.64s>", name);
		}
		read_root(w);
		return 0;
	}
	if ((strcmp(name, "g") == 0 || strcmp(name, "a") == 0) && !empty) {
		sk_xgrow((void **)&w->groups, &w->groups_cap, w->ngroups + 1,
			 sizeof *w->groups);
		g = &w->groups[w->ngroups++];
		memset(g, 0, sizeof *g);
		g->depth = depth;
		g->frame.lineno = node_line(w);
		{
			char *cls = attr_dup(w, "class", 0);
			if (cls && strcmp(cls, "thread") == 0)
				g->frame.kind = SK_FRAME_THREAD;
			free(cls);
		}
		return 0;
	}
	if (g && depth == g->depth + 1 && strcmp(name, "rect") == 0 &&
	    !g->has_rect)
		return read_rect(w, g);
	if (g && depth == g->depth + 1 && strcmp(name, "title") == 0 &&
	    !g->has_title && !empty)
		return start_text(w, depth, TEXT_TITLE);
	if (g && depth == g->depth + 1 && strcmp(name, "text") == 0 &&
	    g->has_rect && !g->label && !empty)
		return start_text(w, depth, TEXT_LABEL);
	if (strcmp(name, "svg") == 0) {
		double total;
		int rc = number_attr(w, "total_samples", 0, &total, NULL);
		if (rc < 0)
			return -1;
		if (rc) {
			w->doc->total_samples = total;
			w->doc->has_total = 1;
		}
		return 0;
	}
	if (strcmp(name, "text") == 0 && !empty && (!g || !g->has_rect))
		return start_text(w, depth, TEXT_HINT);
	if (strcmp(name, "script") == 0 && !empty)
		w->script_depth = depth;
	return 0;
}

static int finish_title(svg_walk *w)
{
	open_group *g = top_group(w);

	g->has_title = 1;
	return svg_parse_title(w->doc, &g->frame, w->text.data ?
			       w->text.data : "", w->text.len, w->ctx,
			       w->err) < 0 ? (w->failed = 1, -1) : 0;
}

static int end_element(svg_walk *w, int depth)
{
	open_group *g = top_group(w);
	svg_doc *doc = w->doc;

	if (depth == w->text_depth) {
		w->text_depth = -1;
		if (w->text_kind == TEXT_TITLE)
			return finish_title(w);
		if (w->text_kind == TEXT_LABEL) {
			g->label = sk_xstrndup(w->text.data ? w->text.data :
					       "", w->text.len);
			g->label_len = w->text.len;
			return 0;
		}
		hint_text(w, w->text.data ? w->text.data : "", w->text.len);
		return 0;
	}
	if (depth == w->script_depth) {
		w->script_depth = -1;
		return 0;
	}
	if (!g || depth != g->depth)
		return 0;
	w->ngroups--;
	if (!g->has_title || !g->has_rect) {
		free_frame(&g->frame);
		free(g->label);
		return 0;
	}
	/* inferno's --nameattr may replace the title ("title=foo"); the
	 * label still shows the name when it is not clipped. */
	if (!(g->frame.has & SVG_HAS_COUNT) && g->label && g->label_len &&
	    !(g->label_len >= 2 && g->label[g->label_len - 1] == '.' &&
	      g->label[g->label_len - 2] == '.'))
		svg_set_name(&g->frame, g->label, g->label_len);
	free(g->label);
	sk_xgrow((void **)&doc->frames, &doc->cap, doc->nframes + 1,
		 sizeof *doc->frames);
	doc->frames[doc->nframes++] = g->frame;
	return 0;
}

static int is_svg_ns(const xmlChar *ns)
{
	/* Old flamegraph.pl graphs all declare the namespace; hand-made ones
	 * may not. */
	return !ns || strcmp((const char *)ns, "http://www.w3.org/2000/svg") == 0;
}

static int read_node(svg_walk *w)
{
	int type = xmlTextReaderNodeType(w->xr);
	const char *value;

	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		if (read_element(w) < 0)
			return -1;
		if (xmlTextReaderIsEmptyElement(w->xr))
			return end_element(w, xmlTextReaderDepth(w->xr));
		return 0;
	case XML_READER_TYPE_END_ELEMENT:
		return end_element(w, xmlTextReaderDepth(w->xr));
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		value = (const char *)xmlTextReaderConstValue(w->xr);
		if (!value)
			return 0;
		if (w->text_depth >= 0) {
			size_t n = strlen(value);
			if (w->text_kind == TEXT_HINT &&
			    w->text.len + n > MAX_HINT_TEXT)
				n = w->text.len < MAX_HINT_TEXT ?
				    MAX_HINT_TEXT - w->text.len : 0;
			if (w->text.len + n > w->ctx->limits.max_line_bytes)
				return walk_error(w, "title longer than the "
						  "line length limit", NULL);
			sk_buf_append(&w->text, value, n);
		} else if (w->script_depth >= 0) {
			script_text(w, value);
		}
		return 0;
	case XML_READER_TYPE_ENTITY_REFERENCE:
		w->failed = 1;
		return sk_error_set_line(w->err, w->doc->name, node_line(w),
			"entity reference &%.64s; refused (entities are not "
			"expanded)", (const char *)xmlTextReaderConstName(w->xr));
	case XML_READER_TYPE_DOCUMENT_TYPE: {
		/* Not xmlTextReaderCurrentDoc: the reader would stop owning
		 * (and freeing) the document. */
		xmlNodePtr n = xmlTextReaderCurrentNode(w->xr);
		if (n && n->type == XML_DTD_NODE && ((xmlDtdPtr)n)->entities)
			return walk_error(w, "the DOCTYPE declares entities; "
					  "refused (entity expansion, "
					  "external entities)", NULL);
		return 0;
	}
	default:
		return 0;
	}
}

/* ---- the whole read ---- */

static void free_frame(svg_frame *f)
{
	free(f->name);
	free(f->file);
	free(f->module);
}

static void free_doc(svg_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nframes; i++)
		free_frame(&doc->frames[i]);
	free(doc->frames);
	free(doc->fg_type);
	free(doc->fg_unit);
	free(doc->fg_kind);
	free(doc->countname);
}

/* flamegraph.pl writes what --encoding says, UTF-8 by default, and its
 * users pick ISO-8859-1 for Latin-1 frame names.  These decode without
 * failing; other encodings would make libxml2 report conversion errors on
 * stderr, past the reader's error handler. */
static int known_encoding(const char *e, size_t len)
{
	static const char *const names[] = {
		"UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1", "LATIN1",
		"ISO_8859-1", "ISO-LATIN-1", NULL
	};
	size_t i;

	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], e, len) == 0)
			return 1;
	return 0;
}

static int check_prolog(sk_input *in, const char *name, sk_error *err)
{
	const unsigned char *head;
	size_t len;
	svg_prolog pro;
	int rc;

	if (sk_input_peek(in, PROLOG_BYTES, &head, &len, err) < 0)
		return -1;
	if (len && (memchr(head, '\0', len) || head[0] == 0xfe ||
		    head[0] == 0xff))
		/* UTF-16 or UCS-4 (or binary): the byte scan must see the
		 * DOCTYPE to refuse entities, and libxml2 would report its
		 * conversion errors on stderr; no flame graph tool writes
		 * these anyway. */
		return sk_error_set_file(err, name, "not an SVG in UTF-8 or "
			"another ASCII-compatible encoding (UTF-16?)");
	rc = svg_prolog_scan(head, len, &pro);
	if (rc < 0)
		return sk_error_set_file(err, name, "not an SVG document: "
					 "no XML markup at the start");
	if (rc == 0 && len == PROLOG_BYTES)
		return sk_error_set_file(err, name, "the XML prolog (before the "
			"root element) is longer than %d KiB", PROLOG_BYTES / 1024);
	if (rc == 0)
		return sk_error_set_file(err, name, len ? "the document ends "
					 "before its root element" :
					 "empty file: not an SVG document");
	if (pro.encoding_len && !known_encoding(pro.encoding, pro.encoding_len))
		return sk_error_set_file(err, name, "the XML declaration's "
			"encoding '%.*s' is not one flame graph tools write "
			"(UTF-8, US-ASCII or ISO-8859-1)", (int)(pro.encoding_len
			< 64 ? pro.encoding_len : 64), pro.encoding);
	if (pro.entity_len)
		return sk_error_set_file(err, name, "the DOCTYPE declares the "
			"entity '%.*s'; refused: flame graphs declare no "
			"entities, and expanding them is how billion-laughs and "
			"external-entity (XXE) attacks work", (int)pro.entity_len,
			pro.entity);
	return 0;
}

static int walk_document(svg_walk *w)
{
	int rc;

	w->xr = xmlReaderForIO(read_callback, NULL, w, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOWARNING);
	if (!w->xr)
		return sk_error_set_file(w->err, w->doc->name,
					 "cannot start the XML parser");
	xmlTextReaderSetStructuredErrorHandler(w->xr, on_xml_error, w);
	while ((rc = xmlTextReaderRead(w->xr)) == 1)
		if (read_node(w) < 0)
			break;
	if (rc == 1)
		rc = -1;	/* read_node failed; err is set */
	else if (rc < 0 || w->xml_message[0])
		rc = xml_error(w);
	xmlFreeTextReader(w->xr);
	return rc;
}

int svg_read(sk_input *in, const sk_context *ctx, sk_profile *p,
	     sk_error *err)
{
	svg_doc doc;
	svg_walk w;
	size_t i;
	int rc;

	memset(&doc, 0, sizeof doc);
	doc.name = sk_input_name(in);
	doc.inverted = SVG_ORIENT_UNKNOWN;
	if (check_prolog(in, doc.name, err) < 0)
		return -1;
	memset(&w, 0, sizeof w);
	w.in = in;
	w.ctx = ctx;
	w.err = err;
	w.doc = &doc;
	w.text_depth = -1;
	w.script_depth = -1;
	rc = walk_document(&w);
	for (i = 0; i < w.ngroups; i++) {
		free_frame(&w.groups[i].frame);
		free(w.groups[i].label);
	}
	free(w.groups);
	sk_buf_free(&w.text);
	if (rc == 0)
		rc = svg_build_profile(&doc, ctx, p, err);
	free_doc(&doc);
	return rc;
}
