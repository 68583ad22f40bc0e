/*
 * svg_color.c - the colours of a flame graph: flamegraph.pl's palettes,
 * its two ways of picking a colour from a name, differential colours and
 * the background gradients.
 *
 * The multi palettes (java, js, perl, python) tell kinds of code apart.
 * FlameGraph can only guess from names and the "_[k]"/"_[j]"/"_[i]" marks
 * stackcollapse-perf.pl appends; here the frame's kind is data, so kernel,
 * JIT, inlined and interpreted frames are coloured by what they are, and
 * the marks and name rules still apply to folded input that has nothing
 * else.  Thread and process pseudo-frames get a lavender of their own in
 * every palette, so they never pass for code.
 *
 * A colour is always a function of the name: by default from a 64-bit hash
 * of it (the same name, the same colour, in every graph and run), with
 * --hash from flamegraph.pl's scheme that weighs the first characters most,
 * so similar names get similar colours.
 */
#include "formats/svg/svg.h"

#include <stdio.h>
#include <string.h>

static const char *const palette_names[SVG_PALETTE_COUNT] = {
	"hot", "mem", "io", "wakeup", "chain", "java", "js", "perl", "python",
	"red", "green", "blue", "aqua", "yellow", "purple", "orange"
};

int svg_palette_find(const char *s)
{
	int i;

	for (i = 0; i < SVG_PALETTE_COUNT; i++)
		if (!strcmp(s, palette_names[i]))
			return i;
	return -1;
}

/* A number in [0, 1] from the first characters of name, the first one
 * weighing most (flamegraph.pl's --hash); a "module`" prefix (DTrace)
 * counts as its first character only. */
static double weighted_hash(const char *name, size_t len, int reversed)
{
	const char *tick = memchr(name, '`', len);
	double vector = 0, weight = 1, max = 1;
	unsigned mod = 10;
	size_t i;

	if (tick && tick > name && !reversed) {
		/* keep the first character, drop the rest of the module */
		len -= (size_t)(tick - name);
		name = tick;
	}
	for (i = 0; i < len && mod <= 12; i++) {
		unsigned char c = (unsigned char)
			(reversed ? name[len - 1 - i] : name[i]);

		vector += (double)(c % mod) / (double)(mod - 1) * weight;
		mod++;
		max += weight;
		weight *= 0.70;
	}
	return 1 - vector / max;
}

/* v[0..2] in [0, 1) from the name. */
static void name_vector(int hash, const char *name, size_t len, double v[3])
{
	uint64_t h;

	if (hash) {
		v[0] = weighted_hash(name, len, 0);
		v[1] = v[2] = weighted_hash(name, len, 1);
		return;
	}
	h = sk_hash_bytes(name, len, 0);
	v[0] = (double)(h & 0xffff) / 65536.0;
	v[1] = (double)((h >> 16) & 0xffff) / 65536.0;
	v[2] = (double)((h >> 32) & 0xffff) / 65536.0;
}

static int has_mark(const char *name, size_t len, char c)
{
	return len >= 4 && name[len - 4] == '_' && name[len - 3] == '[' &&
	       name[len - 2] == c && name[len - 1] == ']';
}

static int contains(const char *name, size_t len, const char *what)
{
	return memmem(name, len, what, strlen(what)) != NULL;
}

static int is_kernel(const char *name, size_t len, int kind)
{
	return kind == SK_FRAME_KERNEL || has_mark(name, len, 'k');
}

static int java_package(const char *name, size_t len)
{
	static const char *const pkgs[] = { "java/", "javax/", "jdk/", "net/",
		"org/", "com/", "io/", "sun/" };
	size_t i, n;

	if (len && name[0] == 'L') {
		name++;
		len--;
	}
	for (i = 0; i < sizeof pkgs / sizeof *pkgs; i++) {
		n = strlen(pkgs[i]);
		if (len >= n && !memcmp(name, pkgs[i], n))
			return 1;
	}
	return 0;
}

static int java_hue(const char *name, size_t len, int kind)
{
	if (kind == SK_FRAME_JIT || has_mark(name, len, 'j'))
		return SVG_GREEN;
	if (kind == SK_FRAME_INLINED || has_mark(name, len, 'i'))
		return SVG_AQUA;
	if (java_package(name, len) || contains(name, len, ":::"))
		return SVG_GREEN;
	if (is_kernel(name, len, kind))
		return SVG_ORANGE;
	return contains(name, len, "::") ? SVG_YELLOW : SVG_RED;
}

static int js_hue(const char *name, size_t len, int kind)
{
	const char *slash = memchr(name, '/', len);

	if (kind == SK_FRAME_JIT || has_mark(name, len, 'j'))
		return slash ? SVG_GREEN : SVG_AQUA;
	if (contains(name, len, "::"))
		return SVG_YELLOW;
	if (kind == SK_FRAME_INTERPRETED ||
	    (slash && contains(slash, len - (size_t)(slash - name), ".js")))
		return SVG_GREEN;
	if (memchr(name, ':', len))
		return SVG_AQUA;
	if (len == 1 && name[0] == ' ')
		return SVG_GREEN;
	if (is_kernel(name, len, kind))
		return SVG_ORANGE;
	return SVG_RED;
}

static int perl_hue(const char *name, size_t len, int kind)
{
	if (contains(name, len, "::"))
		return SVG_YELLOW;
	if (kind == SK_FRAME_INTERPRETED || contains(name, len, "Perl") ||
	    contains(name, len, ".pl"))
		return SVG_GREEN;
	return is_kernel(name, len, kind) ? SVG_ORANGE : SVG_RED;
}

/* Python code green, installed packages aqua, the interpreter's own
 * modules yellow, native code red and the kernel orange. */
static int python_hue(const char *name, size_t len, int kind,
		      const char *file)
{
	size_t flen = file ? strlen(file) : 0;

	if (contains(name, len, "site-packages") ||
	    contains(name, len, "dist-packages") ||
	    (file && (contains(file, flen, "site-packages") ||
		      contains(file, flen, "dist-packages"))))
		return SVG_AQUA;
	if (contains(name, len, "<frozen") || contains(name, len, "<built-in"))
		return SVG_YELLOW;
	if (kind == SK_FRAME_INTERPRETED || contains(name, len, ".py") ||
	    (file && contains(file, flen, ".py")))
		return SVG_GREEN;
	return is_kernel(name, len, kind) ? SVG_ORANGE : SVG_RED;
}

/* "#rrggbb", without printf: one per drawn frame. */
static void rgb(char out[8], int r, int g, int b)
{
	static const char hex[] = "0123456789abcdef";
	int c[3] = { r & 255, g & 255, b & 255 }, i;

	out[0] = '#';
	for (i = 0; i < 3; i++) {
		out[1 + 2 * i] = hex[c[i] >> 4];
		out[2 + 2 * i] = hex[c[i] & 15];
	}
	out[7] = '\0';
}

/* The flat palettes, from v[0] (and v[1], v[2] for the themes). */
static void flat(int palette, const double v[3], char out[8])
{
	int a = (int)(v[0] * 50), b;

	switch (palette) {
	case SVG_HOT:
		rgb(out, 205 + (int)(50 * v[2]), (int)(230 * v[0]),
		    (int)(55 * v[1]));
		return;
	case SVG_MEM:
		rgb(out, 0, 190 + (int)(50 * v[1]), (int)(210 * v[0]));
		return;
	case SVG_IO:
		b = 80 + (int)(60 * v[0]);
		rgb(out, b, b, 190 + (int)(55 * v[1]));
		return;
	case SVG_RED:
		b = 50 + (int)(80 * v[0]);
		rgb(out, 200 + (int)(55 * v[0]), b, b);
		return;
	case SVG_GREEN:
		b = 50 + (int)(60 * v[0]);
		rgb(out, b, 200 + (int)(55 * v[0]), b);
		return;
	case SVG_BLUE:
		b = 80 + (int)(60 * v[0]);
		rgb(out, b, b, 205 + (int)(50 * v[0]));
		return;
	case SVG_YELLOW:
		b = 175 + (int)(55 * v[0]);
		rgb(out, b, b, 50 + (int)(20 * v[0]));
		return;
	case SVG_PURPLE:
		b = 190 + (int)(65 * v[0]);
		rgb(out, b, 80 + (int)(60 * v[0]), b);
		return;
	case SVG_AQUA:
		rgb(out, 50 + (int)(60 * v[0]), 165 + (int)(55 * v[0]),
		    165 + (int)(55 * v[0]));
		return;
	case SVG_ORANGE:
		rgb(out, 190 + (int)(65 * v[0]), 90 + (int)(65 * v[0]), 0);
		return;
	default:
		rgb(out, 200 + a, 200 + a, 200 + a);
	}
}

void svg_frame_color(int palette, int hash, const char *name, size_t len,
		     int kind, const char *file, char out[8])
{
	double v[3];
	int hue = palette;

	if (len == 2 && !memcmp(name, "--", 2)) {
		rgb(out, 160, 160, 160);	/* FlameGraph's separators */
		return;
	}
	if (len == 1 && name[0] == '-') {
		rgb(out, 200, 200, 200);
		return;
	}
	name_vector(hash, name, len, v);
	if (kind == SK_FRAME_THREAD || kind == SK_FRAME_PROCESS) {
		int c = 180 + (int)(40 * v[0]);

		rgb(out, c, c, 235);
		return;
	}
	switch (palette) {
	case SVG_JAVA: hue = java_hue(name, len, kind); break;
	case SVG_JS: hue = js_hue(name, len, kind); break;
	case SVG_PERL: hue = perl_hue(name, len, kind); break;
	case SVG_PYTHON: hue = python_hue(name, len, kind, file); break;
	case SVG_WAKEUP: hue = SVG_AQUA; break;
	case SVG_CHAIN:
		hue = contains(name, len, "_[w]") ? SVG_AQUA : SVG_BLUE;
		break;
	}
	flat(hue, v, out);
}

void svg_diff_color(double delta, double max_delta, char out[8])
{
	int c;

	if (max_delta <= 0 || delta == 0) {
		rgb(out, 250, 250, 250);
		return;
	}
	if (delta > max_delta)
		delta = max_delta;
	if (delta < -max_delta)
		delta = -max_delta;
	/* Saturation proportional to the change: white at none, full red
	 * (grew) or blue (shrank) at the largest change of the graph. */
	c = (int)(210 * (max_delta - (delta > 0 ? delta : -delta)) / max_delta);
	if (delta > 0)
		rgb(out, 255, c, c);
	else
		rgb(out, c, c, 255);
}

static int parse_hex_color(const char *s)
{
	size_t i;

	if (s[0] != '#' || strlen(s) != 7)
		return 0;
	for (i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return 1;
}

int svg_background(const char *spec, int palette, char top[8],
		   char bottom[8])
{
	if (!spec) {
		if (palette == SVG_MEM)
			spec = "green";
		else if (palette == SVG_IO || palette == SVG_WAKEUP ||
			 palette == SVG_CHAIN)
			spec = "blue";
		else if (palette >= SVG_RED)
			spec = "grey";
		else
			spec = "yellow";
	}
	if (!strcmp(spec, "yellow")) {
		strcpy(top, "#eeeeee");
		strcpy(bottom, "#eeeeb0");
	} else if (!strcmp(spec, "blue")) {
		strcpy(top, "#eeeeee");
		strcpy(bottom, "#e0e0ff");
	} else if (!strcmp(spec, "green")) {
		strcpy(top, "#eef2ee");
		strcpy(bottom, "#e0ffe0");
	} else if (!strcmp(spec, "grey") || !strcmp(spec, "gray")) {
		strcpy(top, "#f8f8f8");
		strcpy(bottom, "#e8e8e8");
	} else if (parse_hex_color(spec)) {
		snprintf(top, 8, "%s", spec);
		snprintf(bottom, 8, "%s", spec);
	} else {
		return -1;
	}
	return 0;
}
