/*
 * test_svg_write.c - the SVG writer's parts that a folded input cannot
 * reach from the command line: humanized units, label clipping on UTF-8,
 * text cleaning, differential profiles (SK_VALUE_BASELINE) with their
 * colours and tooltips, --width-from, the flame chart's run merging, and
 * the options' error messages.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include "formats/svg/svg.h"
#include "tests/unit/check_main.h"

static const char *human(double v, const char *type, const char *unit,
			 const char *countname)
{
	static sk_buf b;

	sk_buf_reset(&b);
	svg_humanize(&b, v, type, unit, countname);
	return b.data;
}

START_TEST(units_are_humanized)
{
	ck_assert_str_eq(human(1234, "samples", "count", NULL), "1,234 samples");
	ck_assert_str_eq(human(1, "samples", "count", NULL), "1 samples");
	ck_assert_str_eq(human(12.5, "samples", "count", NULL), "12.5 samples");
	ck_assert_str_eq(human(1234567, "cpu-clock", "period", NULL),
			 "1,234,567 cpu-clock");
	ck_assert_str_eq(human(12345678, "cpu", "nanoseconds", NULL), "12.3 ms");
	ck_assert_str_eq(human(1.5e9, "cpu", "nanoseconds", NULL), "1.50 s");
	ck_assert_str_eq(human(999, "cpu", "nanoseconds", NULL), "999 ns");
	ck_assert_str_eq(human(850, "time", "microseconds", NULL),
			 "850 \xc2\xb5s");
	ck_assert_str_eq(human(2500, "time", "milliseconds", NULL), "2.50 s");
	ck_assert_str_eq(human(512, "space", "bytes", NULL), "512 B");
	ck_assert_str_eq(human(4.1 * 1048576, "space", "bytes", NULL),
			 "4.10 MiB");
	ck_assert_str_eq(human(1536, "space", "bytes", NULL), "1.50 KiB");
	ck_assert_str_eq(human(1234, "samples", "count", "calls"), "1,234 calls");
	ck_assert_str_eq(human(7, "x", "widgets", NULL), "7 widgets");
}
END_TEST

static const char *clip(const char *s, size_t chars)
{
	static sk_buf b;

	sk_buf_reset(&b);
	if (!svg_clip_label(&b, s, strlen(s), chars))
		return NULL;
	return b.data;
}

START_TEST(labels_clip_on_characters)
{
	ck_assert_str_eq(clip("parse", 5), "parse");
	ck_assert_str_eq(clip("parse", 4), "pa..");
	ck_assert_str_eq(clip("parse", 3), "p..");
	ck_assert_ptr_null(clip("parse", 2));
	ck_assert_ptr_null(clip("ab", 2));	/* under three: no label */
	/* four characters of 3, 4, 1 and 3 bytes: never cut inside one */
	ck_assert_str_eq(clip("\xe2\x82\xac\xf0\x9f\x94\xa5x\xe2\x82\xac", 4),
			 "\xe2\x82\xac\xf0\x9f\x94\xa5x\xe2\x82\xac");
	ck_assert_str_eq(clip("\xe2\x82\xac\xf0\x9f\x94\xa5x\xe2\x82\xacy", 4),
			 "\xe2\x82\xac\xf0\x9f\x94\xa5..");
}
END_TEST

static const char *clean(const char *s, size_t len)
{
	static sk_buf b;

	sk_buf_reset(&b);
	svg_clean_text(&b, s, len);
	return b.data ? b.data : "";
}

START_TEST(text_is_made_valid_xml)
{
	ck_assert_str_eq(clean("plain", 5), "plain");
	/* a control character becomes its picture, invalid UTF-8 U+FFFD */
	ck_assert_str_eq(clean("a\x01" "b", 3), "a\xe2\x90\x81" "b");
	ck_assert_str_eq(clean("a\0b", 3), "a\xe2\x90\x80" "b");
	ck_assert_str_eq(clean("\x7f", 1), "\xe2\x90\xa1");
	ck_assert_str_eq(clean("x\xff", 2), "x\xef\xbf\xbd");
	/* overlong, surrogate, cut short, U+FFFE */
	ck_assert_str_eq(clean("\xc0\xaf", 2), "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(clean("\xed\xa0\x80", 3),
			 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(clean("\xe2\x82", 2), "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(clean("\xef\xbf\xbe", 3), "\xef\xbf\xbd");
	ck_assert_str_eq(clean("\xf0\x9f\x94\xa5", 4), "\xf0\x9f\x94\xa5");
}
END_TEST

START_TEST(diff_colours_scale_with_the_change)
{
	char c[8];

	svg_diff_color(0, 10, c);
	ck_assert_str_eq(c, "#fafafa");
	svg_diff_color(10, 10, c);
	ck_assert_str_eq(c, "#ff0000");	/* the largest growth: full red */
	svg_diff_color(-10, 10, c);
	ck_assert_str_eq(c, "#0000ff");
	svg_diff_color(5, 10, c);
	ck_assert_str_eq(c, "#ff6969");	/* half: 210 * 0.5 = 105 */
	svg_diff_color(-5, 10, c);
	ck_assert_str_eq(c, "#6969ff");
}
END_TEST

/* base: main;a 60, main;b 40; new: main;a 30, main;b 60, main;c 10 */
static sk_profile *diff_profile(void)
{
	sk_profile *p = sk_profile_new();
	size_t base = sk_profile_value_type(p, "base:samples", "count");
	size_t next = sk_profile_value_type(p, "samples", "count");
	sk_frame_id m = sk_profile_frame_named(p, "main", 4, 0);
	sk_frame_id a = sk_profile_frame_named(p, "a", 1, 0);
	sk_frame_id b = sk_profile_frame_named(p, "b", 1, 0);
	sk_frame_id c = sk_profile_frame_named(p, "c", 1, 0);
	sk_frame_id s1[] = { m, a }, s2[] = { m, b }, s3[] = { m, c };
	double v1[2] = { 60, 30 }, v2[2] = { 40, 60 }, v3[2] = { 0, 10 };

	sk_profile_set_value_type_flags(p, base, SK_VALUE_BASELINE);
	sk_profile_set_default_value_type(p, next);
	sk_profile_add_stack(p, s1, 2, 0, v1);
	sk_profile_add_stack(p, s2, 2, 0, v2);
	sk_profile_add_stack(p, s3, 2, 0, v3);
	return p;
}

static char *write_svg(const sk_profile *p, const char *const *opts,
		       sk_error *err, int *rc)
{
	const sk_format *svg = sk_format_find("svg");
	sk_output *out = sk_output_open_memory();
	sk_options o;
	sk_context ctx;
	const char *bytes;
	size_t len;
	char *text;

	sk_options_init(&o);
	sk_options_set(&o, "no-javascript", NULL);
	for (; opts && *opts; opts += 2)
		sk_options_set(&o, opts[0], opts[1]);
	sk_context_init(&ctx, &o);
	*rc = svg->write(p, &ctx, out, err);
	bytes = sk_output_memory(out, &len);
	text = strndup(bytes, len);
	sk_output_abort(out);
	sk_options_free(&o);
	return text;
}

START_TEST(differential_graphs)
{
	sk_profile *p = diff_profile();
	sk_error err;
	int rc;
	char *svg;

	sk_error_clear(&err);
	svg = write_svg(p, NULL, &err, &rc);
	ck_assert_int_eq(rc, 0);
ck_assert_ptr_nonnull(strstr(svg, "fg:kind=\"differential\""));
	ck_assert_ptr_nonnull(strstr(svg, ">Differential Flame Graph<"));
	/* a: 60% -> 30%, the largest change: full blue; b: 40% -> 60% */
	ck_assert_ptr_nonnull(strstr(svg, "<title>a (30 samples, 30.00%; "
		"-30.00%)\nbase: 60 samples, new: 30 samples, delta: -30 "
		"samples</title><rect x=\"0\""));
	ck_assert_ptr_nonnull(strstr(svg, "fill=\"#0000ff\" fg:x=\"0\" "
		"fg:w=\"30\" fg:b=\"60\" fg:n=\"30\"/>"));
	ck_assert_ptr_nonnull(strstr(svg, "<title>b (60 samples, 60.00%; "
		"+20.00%)"));
	ck_assert_ptr_nonnull(strstr(svg, "fill=\"#ff4646\" fg:x=\"30\" "
		"fg:w=\"60\" fg:b=\"40\" fg:n=\"60\"/>"));
	/* parents by their own total change: main has none */
	ck_assert_ptr_nonnull(strstr(svg, "<title>main (100 samples, 100.00%; "
		"+0.00%)"));
	free(svg);
	sk_profile_free(p);
}
END_TEST

START_TEST(width_from_base_and_max)
{
	static const char *const base[] = { "width-from", "base", NULL };
	static const char *const max[] = { "width-from", "max", NULL };
	static const char *const negate[] = { "negate", NULL, NULL };
	sk_profile *p = diff_profile();
	sk_error err;
	int rc;
	char *svg;

	sk_error_clear(&err);
	/* from the base, c (absent there) is not drawn */
	svg = write_svg(p, base, &err, &rc);
	ck_assert_ptr_nonnull(strstr(svg, "total_samples=\"100\""));
	ck_assert_ptr_null(strstr(svg, "<title>c ("));
	ck_assert_ptr_nonnull(strstr(svg, "fg:x=\"0\" fg:w=\"60\" fg:b=\"60\" "
		"fg:n=\"30\""));
	free(svg);
	svg = write_svg(p, negate, &err, &rc);
	ck_assert_ptr_null(strstr(svg, "<title>c ("));
	free(svg);
	/* from the larger: 60 + 60 + 10 = 130, every frame visible */
	svg = write_svg(p, max, &err, &rc);
	ck_assert_ptr_nonnull(strstr(svg, "total_samples=\"130\""));
	ck_assert_ptr_nonnull(strstr(svg, "fg:x=\"120\" fg:w=\"10\" fg:b=\"0\" "
		"fg:n=\"10\""));
	free(svg);
	sk_profile_free(p);
}
END_TEST

START_TEST(flame_chart_merges_adjacent_runs)
{
	sk_profile *p = sk_profile_new();
	size_t t = sk_profile_value_type(p, "samples", "count");
	sk_frame_id m = sk_profile_frame_named(p, "main", 4, 0);
	sk_frame_id a = sk_profile_frame_named(p, "a", 1, 0);
	sk_frame_id s[] = { m, a };
	sk_node_id nm = sk_profile_add_stack(p, s, 1, 0, (double[]){ 3 });
	sk_node_id na = sk_profile_add_stack(p, s, 2, 0, (double[]){ 2 });
	sk_error err;
	int rc;
	char *svg;
	static const char *const chart[] = { "flamechart", NULL, NULL };

	(void)t;
	/* main, main;a, main;a, main, main: a is one run of 2 */
	sk_profile_set_timeline_unit(p, SK_POSITION_ORDER);
	sk_profile_add_sample(p, nm, 0, 0, (double[]){ 1 });
	sk_profile_add_sample(p, na, 0, 1, (double[]){ 1 });
	sk_profile_add_sample(p, na, 0, 2, (double[]){ 1 });
	sk_profile_add_sample(p, nm, 0, 3, (double[]){ 1 });
	sk_profile_add_sample(p, nm, 0, 4, (double[]){ 1 });
	sk_error_clear(&err);
	svg = write_svg(p, chart, &err, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(svg, "fg:kind=\"flamechart\""));
	ck_assert_ptr_nonnull(strstr(svg, ">Flame Chart<"));
	ck_assert_ptr_nonnull(strstr(svg, "<title>main (5 samples, 100.00%)"));
	ck_assert_ptr_nonnull(strstr(svg, "<title>a (2 samples, 40.00%)</title>"
		"<rect x=\"236\""));
	ck_assert_ptr_nonnull(strstr(svg, "fg:x=\"1\" fg:w=\"2\"/>"));
	free(svg);
	sk_profile_clear_timeline(p);
	svg = write_svg(p, chart, &err, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(err.message, "no timeline"));
	free(svg);
	sk_profile_free(p);
}
END_TEST

static Suite *svg_write_suite(void)
{
	Suite *s = suite_create("svg_write");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, units_are_humanized);
	tcase_add_test(tc, labels_clip_on_characters);
	tcase_add_test(tc, text_is_made_valid_xml);
	tcase_add_test(tc, diff_colours_scale_with_the_change);
	tcase_add_test(tc, differential_graphs);
	tcase_add_test(tc, width_from_base_and_max);
	tcase_add_test(tc, flame_chart_merges_adjacent_runs);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(svg_write_suite)
