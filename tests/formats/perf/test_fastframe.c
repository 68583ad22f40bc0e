/*
 * test_fastframe.c - the frame line shortcut (formats/perf/perf_fastframe.c)
 * against perf_parse_frame: whenever the shortcut answers, the general
 * parser must find a frame line with the same address, symbol and dso.
 * Lines are built from ordinary and odd pieces (blanks, long addresses,
 * parenthesised symbols, nested dsos, offsets that are almost offsets),
 * then mutated a byte at a time, and placed after a short or a long run
 * of other bytes, since the shortcut reads back from the line's end.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "tests/unit/check_main.h"
#include "tests/unit/xorshift.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned pick(unsigned n)
{
	return test_pick(&rng, n);
}

static const char *const leads[] = {
	"\t", "\t    ", "  ", "", "\t\v", " \t ", "\t        ",
};
static const char *const addrs[] = {
	"7f00063734c2", "ffffffff86460b53", "0", "deadbeefdeadbeefdeadbeef",
	"12_ab", "x1", "55d0c8001040", "ffffffffffffffffffffffffffff1",
};
static const char *const gaps[] = { " ", "  ", "\t", " \t", "" };
static const char *const syms[] = {
	"memcpy", "k_sort_26", "std::vector<int>::push_back(int)",
	"[unknown]", "a", "abc", "f(x) (y)", "do_x (inlined)", "foo+0x",
	"+0x12", "0x1f", "deadbeef", "x+0x1+0x2", "fn+0x1g", "fn+0X1f",
	"Lcom/example/Server;::handle", "LazyCompile:~run app.js:10",
	"a_rather_long_symbol_name_that_runs_past_the_window_of_the_tail",
};
static const char *const offs[] = {
	"+0x1a2", "", "+0x", "+0xABC", "+0x0", "+0x1234567890abcdef", "+1",
};
static const char *const dsos[] = {
	" (/usr/lib/x86_64-linux-gnu/libc.so.6)", " ([kernel.kallsyms])",
	" (/memfd:jit (deleted))", " ([JIT] tid 12)", " ()", " (x)",
	" (/tmp/a)b)", " (/a b/c)", "(/no/blank)", "  (/two/blanks)",
	" (/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so)",
	" (/a/very/long/path/to/a/library/that/does/not/fit/in/the/window.so)",
};
static const char *const tails[] = { "", "", "", " ", "\r", ")", "x" };
static const char mutants[] = " \t()+x0f_\v\x80#";

#define PICK(a) a[pick(sizeof(a) / sizeof(a[0]))]

static size_t make_line(char *b, size_t cap)
{
	return (size_t)snprintf(b, cap, "%s%s%s%s%s%s%s", PICK(leads),
				PICK(addrs), PICK(gaps), PICK(syms),
				PICK(offs), PICK(dsos), PICK(tails));
}

/* One line at the end of `before` bytes of other text: when the shortcut
 * answers, the parser agrees.  Returns whether it answered. */
static int check_line(char *buf, size_t before, const char *line, size_t n)
{
	perf_frame fast, slow;
	const char *s = buf + before;
	int answered;

	memcpy(buf + before, line, n);
	buf[before + n] = '\n';
	answered = perf_parse_frame_fast(buf, s, n, &fast);
	if (!answered)
		return 0;
	ck_assert_msg(perf_parse_frame(s, n, &slow),
		      "shortcut took a non-frame line: \"%.*s\"", (int)n, s);
	ck_assert_msg(fast.pc == slow.pc && fast.pc_len == slow.pc_len &&
		      fast.sym == slow.sym && fast.sym_len == slow.sym_len &&
		      fast.dso == slow.dso && fast.dso_len == slow.dso_len &&
		      !fast.srcline && !fast.srcline_len,
		      "differs from perf_parse_frame: \"%.*s\": sym \"%.*s\" "
		      "against \"%.*s\", dso \"%.*s\" against \"%.*s\"",
		      (int)n, s, (int)fast.sym_len, fast.sym,
		      (int)slow.sym_len, slow.sym, (int)fast.dso_len, fast.dso,
		      (int)slow.dso_len, slow.dso);
	return 1;
}

START_TEST(shortcut_agrees_with_the_parser)
{
	static char buf[512];
	char line[256], mut[256];
	size_t answered = 0, total = 0;
	int i, m;

	memset(buf, 'q', sizeof(buf));
	for (i = 0; i < 60000; i++) {
		size_t n = make_line(line, sizeof(line));
		size_t before = pick(3) == 0 ? pick(64) : 64 + pick(64);

		answered += (size_t)check_line(buf, before, line, n);
		total++;
		for (m = 0; m < 6; m++) {
			memcpy(mut, line, n);
			mut[pick((unsigned)n)] = mutants[pick(sizeof(mutants) - 1)];
			answered += (size_t)check_line(buf, before, mut, n);
			total++;
		}
	}
	/* Not a shortcut that never answers. */
	ck_assert_msg(answered > total / 100, "answered %zu of %zu", answered,
		      total);
}
END_TEST

/* The lines of real recordings take the shortcut; a line too close to the
 * start of its text, or without its text's start, does not. */
START_TEST(usual_lines_take_the_shortcut)
{
	static const char *const lines[] = {
		"\t    7f00063734c2 __libc_start_main+0x1a2 "
		"(/usr/lib/x86_64-linux-gnu/libc.so.6)",
		"\tffffffff86460b53 k_sort_26+0xd3 ([kernel.kallsyms])",
		"\t    55d0c8001040 main+0x40 (/usr/local/bin/kvstore)",
		"\t    7f0003014cef [unknown] (/tmp/perf-4101.map)",
	};
	static char buf[256];
	perf_frame f;
	size_t i, n;

	memset(buf, 'q', sizeof(buf));
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		n = strlen(lines[i]);
		ck_assert_int_eq(check_line(buf, 64, lines[i], n), 1);
		ck_assert_int_eq(perf_parse_frame_fast(NULL, buf + 64, n, &f),
				 0);
		memcpy(buf, lines[i], n);
		if (n < 64)
			ck_assert_int_eq(perf_parse_frame_fast(buf, buf, n, &f),
					 0);
	}
	n = strlen(lines[1]);
	memcpy(buf + 64, lines[1], n);
	ck_assert_int_eq(perf_parse_frame_fast(buf, buf + 64, n, &f), 1);
	ck_assert(f.sym_len == 9 && memcmp(f.sym, "k_sort_26", 9) == 0);
	ck_assert(f.dso_len == 17 &&
		  memcmp(f.dso, "[kernel.kallsyms]", 17) == 0);
	ck_assert(f.pc_len == 16 && f.pc == buf + 65);
}
END_TEST

/* Where the tail window ends: a '(' in the text before a line that has
 * none is not the line's, and a '(' in the window's first byte leaves no
 * room below it for the offset's digits. */
START_TEST(window_edges)
{
	static char buf[256];
	const char *dso62 = "/opt/a/path/of/exactly/sixty/two/bytes/to/reach/the/first/a.so";
	char line[160];
	size_t n;

	memset(buf, 'q', sizeof(buf));
	memcpy(buf + 40, " (x", 3);
	n = (size_t)snprintf(line, sizeof(line), "%s",
			     "\tffffffff81000000 do_it+0x1a [kernel])");
	ck_assert_int_eq(check_line(buf, 43, line, n), 0);
	ck_assert_uint_eq(strlen(dso62), 62);
	n = (size_t)snprintf(line, sizeof(line),
			     "\t    7f0000001000 memcpy+0x1a2 (%s)", dso62);
	check_line(buf, 100, line, n);
	n = (size_t)snprintf(line, sizeof(line),
			     "\t    7f0000001000 memcpy+0x1a2 (%.61s)", dso62);
	check_line(buf, 100, line, n);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("perf_fastframe");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, shortcut_agrees_with_the_parser);
	tcase_add_test(tc, usual_lines_take_the_shortcut);
	tcase_add_test(tc, window_edges);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
