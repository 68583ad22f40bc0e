/*
 * test_collapsed_rewrite.c - folded to folded without the model
 * (formats/collapsed_rewrite.c, collapsed_sort.c): plain texts give the
 * exact bytes of read + write whatever the thread count and unit size,
 * everything unusual declines having written nothing, a line without a
 * weight is the reader's error, and the hook runs through sk_rewrite_file
 * for a plain file only.  Also compares both paths on testdata/collapsed
 * and on every file of ../shared/corpus when it is there.
 */
#include "tests/fuzz/cr_both.h"
#include "formats/collapsed_rewrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests/unit/check_main.h"
#include "tests/unit/tree_walk.h"

/* Nine weights of 15 digits, 7199254741001 short of 2^53. */
#define W15 "a 999999999999999\n"
#define MAX9 W15 W15 W15 W15 W15 W15 W15 W15 W15

static const struct cr_both_opts serial = { 1, 0, 0 };

/* Both paths agree on text; returns what cr_both_run said. */
static int both_with(const char *text, size_t len,
		     const struct cr_both_opts *o)
{
	char why[2048];
	int rc = cr_both_run("t.txt", text, len, o, why, sizeof why);

	if (rc == CR_BOTH_DIFFER)
		fprintf(stderr, "differ on:\n%.300s\n%s\n", text, why);
	ck_assert_int_ne(rc, CR_BOTH_DIFFER);
	return rc;
}

static int both(const char *text)
{
	return both_with(text, strlen(text), &serial);
}

/* A run's output (or error message, when rc < 0) into buf; frees out and
 * the options; returns rc. */
static int outcome(int rc, sk_output *out, const sk_error *err,
		   sk_options *opts, char *buf, size_t cap)
{
	size_t len;
	const char *bytes = sk_output_memory(out, &len);

	if (rc < 0)
		sk_error_format(err, buf, cap);
	else
		snprintf(buf, cap, "%.*s", (int)len, bytes);
	sk_output_abort(out);
	sk_options_free(opts);
	return rc;
}

/* The rewrite's rc, and its output or error message in buf. */
static int rewrite(const char *text, unsigned threads, size_t unit,
		   char *buf, size_t cap)
{
	sk_options opts;
	sk_context ctx;
	sk_output *out = sk_output_open_memory();
	sk_error err;
	int rc;

	sk_options_init(&opts);
	sk_context_init(&ctx, &opts);
	ctx.threads = threads;
	ctx.unit_bytes = unit;
	rc = collapsed_rewrite_text(text, strlen(text), "t.txt", NULL, &ctx,
				    out, &err);
	return outcome(rc, out, &err, &opts, buf, cap);
}

static void rewrites_to(const char *text, const char *expected)
{
	char buf[4096];

	ck_assert_int_eq(both(text), CR_BOTH_SAME);
	ck_assert_int_eq(rewrite(text, 1, 0, buf, sizeof buf), 1);
	ck_assert_str_eq(buf, expected);
}

static void declines(const char *text, size_t len)
{
	char buf[64];

	if (both_with(text, len, &serial) != CR_BOTH_DECLINED)
		fprintf(stderr, "not declined: %.*s\n", (int)len, text);
	ck_assert_int_eq(both_with(text, len, &serial), CR_BOTH_DECLINED);
	if (strlen(text) == len)
		ck_assert_int_eq(rewrite(text, 2, 8, buf, sizeof buf), 0);
}

START_TEST(plain_texts_come_out_aggregated_and_sorted)
{
	rewrites_to("b 1\na;b 2\na 3\na;b 4\n", "a 3\na;b 6\nb 1\n");
	/* A stack before those it begins; ';' sorts after ' ' and '!'
	 * and before letters. */
	rewrites_to("a;b;c 1\na;bc 1\na;b 1\na;b!x 1\na;b c 1\na;b;c;d 1\n",
		    "a;b 1\na;b c 1\na;b!x 1\na;b;c 1\na;b;c;d 1\na;bc 1\n");
	/* No line for a stack of weight 0, as the model writes none. */
	rewrites_to("a 0\nb 0\nb 2\nc;d 0\n", "b 2\n");
	rewrites_to("a 0\n", "");
	/* Frame kinds and blanks inside frames go through as written. */
	rewrites_to("do_sys_open_[k];x 1\nV8 WorkerThread;main 2\nj_[j] 3\n",
		    "V8 WorkerThread;main 2\ndo_sys_open_[k];x 1\nj_[j] 3\n");
	/* Empty lines and a last line without a newline. */
	rewrites_to("\n\na 1\n\nb 2", "a 1\nb 2\n");
	/* 2^53 in all is still exact in the model's doubles. */
	rewrites_to("a 999999999999999\nb 999999999999999\na 1\n",
		    "a 1000000000000000\nb 999999999999999\n");
	rewrites_to(MAX9 "b 7199254741001\n",
		    "a 8999999999999991\nb 7199254741001\n");
}
END_TEST

START_TEST(unusual_texts_decline)
{
	static const char *const texts[] = {
		"\xef\xbb\xbf" "a 1\n",		/* UTF-8 BOM */
		"\xff\xfe" "a\0 \0" "1\0\n\0",	/* UTF-16 */
		"a 1\r\nb 2\r\n",		/* CRLF */
		"a\r;b 1\n",
		"# comment\na 1\n",
		"a 1\n# comment\n",
		"samples/count\na 1\n",		/* a header */
		"a\tb 1\n", "a;b\t1\n", "a;b  1\n", "a;b \t1\n",
		";a 1\n", "a; 1\n", "a;;b 1\n", " 1\n",
		"a 1.5\n", "a 12.\n", "a -3\n", "a 012\n", "a 00\n",
		"a 1000000000000000\n",		/* 16 digits */
		MAX9 "b 7199254741002\n",		/* over 2^53 in all */
		"a 9007199254740992\n",	/* 2^53 but 16 digits */
		"_ZN3foo3barEv;main 1\n",	/* the demangler renames it */
		"main;__ZN3foo3barEv 1\n",
		"_RNvC7mycrate4main 1\n",
		"no weight\na 1\n",		/* the first line: a header? */
		"a 1\nb 2",			/* fine: control */
	};
	size_t i, n = sizeof texts / sizeof *texts;

	for (i = 0; i + 1 < n; i++) {
		size_t len = strlen(texts[i]);

		if (texts[i][0] == '\xff')
			len = 10;	/* the UTF-16 text holds NULs */
		declines(texts[i], len);
	}
	ck_assert_int_eq(both(texts[n - 1]), CR_BOTH_SAME);
	declines("a\0b 1\n", 6);
	declines("x 1\na\0b 1\n", 10);
	/* Options are the model's business, whatever they are. */
	{
		sk_options opts;
		sk_context ctx;
		sk_output *out = sk_output_open_memory();
		sk_error err;

		sk_options_init(&opts);
		sk_options_set(&opts, "kernel", NULL);
		sk_context_init(&ctx, &opts);
		ck_assert_int_eq(collapsed_rewrite_text("a 1\n", 4, "t", NULL,
							&ctx, out, &err), 0);
		sk_output_abort(out);
		sk_options_free(&opts);
	}
}
END_TEST

START_TEST(names_that_only_look_mangled_are_taken)
{
	struct cr_both_opts keep = { 1, 0, 1 };

	rewrites_to("_Zap;_R 1\n__libc_start_main;_start 2\n",
		    "_Zap;_R 1\n__libc_start_main;_start 2\n");
	ck_assert_int_eq(both_with("_ZN3foo3barEv 1\n", 16, &keep),
			 CR_BOTH_SAME);
}
END_TEST

START_TEST(a_line_without_a_weight_is_the_readers_error)
{
	char buf[256];

	ck_assert_int_eq(both("a 1\nb 2\nno weight here\nc 3\n"), CR_BOTH_SAME);
	ck_assert_int_eq(rewrite("a 1\nb 2\nno weight here\nc 3\n", 1, 0, buf,
				 sizeof buf), -1);
	ck_assert_str_eq(buf, "t.txt:3: expected a weight at the end of the line");
	ck_assert_int_eq(both("a 1\nb x\n"), CR_BOTH_SAME);
	ck_assert_int_eq(both("a 1\nb\n"), CR_BOTH_SAME);
	/* In a later unit, and on several threads: still the first one. */
	ck_assert_int_eq(rewrite("a 1\nb 2\nc 3\nd 4\nbad\ne 5\nworse\n", 2, 6,
				 buf, sizeof buf), -1);
	ck_assert_str_eq(buf, "t.txt:5: expected a weight at the end of the line");
	/* A line that declines before it decides. */
	ck_assert_int_eq(rewrite("a 1\nb 1.5\nbad\n", 1, 0, buf, sizeof buf), 0);
	ck_assert_int_eq(rewrite("\n\nbad\na 1\n", 1, 0, buf, sizeof buf), 0);
}
END_TEST

/* A pseudo-random text of deep stacks sharing prefixes, with repeats. */
static char *random_text(unsigned seed, size_t lines)
{
	static const char *const names[] = {
		"main", "a", "b", "ab", "a b", "x_[k]", "y!", "z", "lib::f",
		"q", "aa", "a;"
	};
	size_t cap = lines * 200 + 1, len = 0, i;
	char *s = malloc(cap);

	for (i = 0; i < lines; i++) {
		unsigned depth = 1 + (seed >> 8) % 12, d;

		for (d = 0; d < depth; d++) {
			const char *n;

			seed = seed * 1103515245u + 12345u;
			n = names[(seed >> 16) % (d < 3 ? 3 : 11)];
			len += (size_t)sprintf(s + len, "%s%s", d ? ";" : "", n);
		}
		seed = seed * 1103515245u + 12345u;
		len += (size_t)sprintf(s + len, " %u\n", (seed >> 16) % 50);
	}
	s[len] = '\0';
	return s;
}

START_TEST(threads_and_units_give_the_same_bytes)
{
	static const struct cr_both_opts runs[] = {
		{ 1, 0, 0 }, { 2, 0, 0 }, { 2, 64, 0 }, { 3, 7, 0 },
		{ 1, 1, 0 }, { 4, 4096, 0 }
	};
	unsigned seed;
	size_t r;

	for (seed = 1; seed <= 6; seed++) {
		char *text = random_text(seed, 3000);
		char buf[64];

		/* Not declined: the rewrite itself is compared. */
		ck_assert_int_eq(rewrite(text, 1, 0, buf, sizeof buf), 1);
		for (r = 0; r < sizeof runs / sizeof *runs; r++)
			ck_assert_int_eq(both_with(text, strlen(text), &runs[r]),
					 CR_BOTH_SAME);
		free(text);
	}
}
END_TEST

/* The hook, through the library's entry point, on files. */
static int rewrite_file(const char *path, const char *content, size_t len,
			const char *forced, char *buf, size_t cap)
{
	FILE *f = fopen(path, "wb");
	sk_options opts;
	sk_context ctx;
	sk_output *out = sk_output_open_memory();
	sk_error err;
	int rc;

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(content, 1, len, f), len);
	fclose(f);
	sk_options_init(&opts);
	sk_context_init(&ctx, &opts);
	rc = sk_rewrite_file(path, forced ? sk_format_find(forced) : NULL,
			     sk_format_find("collapsed"), &ctx, out, &err);
	unlink(path);
	return outcome(rc, out, &err, &opts, buf, cap);
}

START_TEST(the_hook_runs_on_plain_files_only)
{
	static const unsigned char gz[] = {	/* "a 1\n", gzipped */
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
		0x4b, 0x54, 0x30, 0xe4, 0x02, 0x00, 0x1b, 0x6e, 0x2f, 0xa6,
		0x04, 0x00, 0x00, 0x00
	};
	char path[] = "/tmp/sk-rewrite-XXXXXX", buf[256];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(rewrite_file(path, "b 1\na 2\nb 3\n", 12, NULL, buf,
				      sizeof buf), 1);
	ck_assert_str_eq(buf, "a 2\nb 4\n");
	ck_assert_int_eq(rewrite_file(path, "b 1\nbad\n", 8, "folded", buf,
				      sizeof buf), -1);
	{
		char want[256];

		snprintf(want, sizeof want, "%s:2: expected a weight at the "
			 "end of the line", path);
		ck_assert_str_eq(buf, want);
	}
	ck_assert_int_eq(rewrite_file(path, (const char *)gz, sizeof gz, NULL,
				      buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	/* Read as another format: not this format's rewrite. */
	ck_assert_int_eq(rewrite_file(path, "b 1\n", 4, "pyspy", buf,
				      sizeof buf), 0);
	ck_assert_int_eq(rewrite_file(path, "", 0, NULL, buf, sizeof buf), 0);
	ck_assert_int_eq(rewrite_file(path, "b 1\n", 4, NULL, buf, sizeof buf),
			 1);
	unlink(path);
	{
		sk_options opts;
		sk_context ctx;
		sk_output *out = sk_output_open_memory();
		sk_error err;

		sk_options_init(&opts);
		sk_context_init(&ctx, &opts);
		ck_assert_int_eq(sk_rewrite_file("-", NULL,
			sk_format_find("collapsed"), &ctx, out, &err), 0);
		ck_assert_int_eq(sk_rewrite_file("/nonexistent/x.folded", NULL,
			sk_format_find("collapsed"), &ctx, out, &err), 0);
		sk_output_abort(out);
		sk_options_free(&opts);
	}
}
END_TEST

struct tally {
	size_t files, rewritten;
};

static void compare_file(const char *path, void *arg)
{
	struct tally *t = arg;
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *text, why[2048];
	size_t len;
	int rc;

	if (!f)
		return;
	if (fstat(fileno(f), &st) != 0 || st.st_size > (64 << 20)) {
		fclose(f);
		return;
	}
	text = malloc((size_t)st.st_size + 1);
	len = fread(text, 1, (size_t)st.st_size, f);
	fclose(f);
	rc = cr_both_run(path, text, len, &serial, why, sizeof why);
	if (rc == CR_BOTH_DIFFER)
		fprintf(stderr, "%s: %s\n", path, why);
	ck_assert_int_ne(rc, CR_BOTH_DIFFER);
	t->files++;
	t->rewritten += rc == CR_BOTH_SAME;
	free(text);
}

START_TEST(files_come_out_the_same_either_way)
{
	const char *top = getenv("top_srcdir"), *shared = getenv("SK_SHARED");
	struct tally t = { 0, 0 };
	char path[4096];

	snprintf(path, sizeof path, "%s/testdata/collapsed", top ? top : ".");
	tree_walk(path, compare_file, &t);
	ck_assert_uint_ge(t.rewritten, 3);
	if (shared)
		snprintf(path, sizeof path, "%s/corpus", shared);
	else
		snprintf(path, sizeof path, "%s/../shared/corpus",
			 top ? top : ".");
	tree_walk(path, compare_file, &t);
	fprintf(stderr, "test_collapsed_rewrite: %zu files compared, %zu the "
		"same either way without declining or by the same error\n",
		t.files, t.rewritten);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("collapsed_rewrite");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, plain_texts_come_out_aggregated_and_sorted);
	tcase_add_test(tc, unusual_texts_decline);
	tcase_add_test(tc, names_that_only_look_mangled_are_taken);
	tcase_add_test(tc, a_line_without_a_weight_is_the_readers_error);
	tcase_add_test(tc, threads_and_units_give_the_same_bytes);
	tcase_add_test(tc, the_hook_runs_on_plain_files_only);
	tcase_add_test(tc, files_come_out_the_same_either_way);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
