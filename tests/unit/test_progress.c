/*
 * test_progress.c - the input layer's progress callback (sizes, the final
 * call, readers that map the file) and the commands' progress line
 * (cmd/progress.c: percent when the size is known, padding over a longer
 * line, blanking at the end, the 64 MiB rule).
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/progress.h"
#include "tests/unit/check_main.h"

struct calls {
	int n, done;
	uint64_t bytes, size;
};

static void record(void *arg, const char *name, uint64_t bytes,
		   uint64_t size, int done)
{
	struct calls *c = arg;

	(void)name;
	c->n++;
	c->done += done;
	c->bytes = bytes;
	c->size = size;
}

START_TEST(input_reports_its_size_and_the_end)
{
	char path[] = "/tmp/sk-progress-XXXXXX";
	int fd = mkstemp(path);
	static char data[300000];
	const unsigned char *all;
	size_t len;
	struct calls c = { 0 };
	sk_input *in;
	sk_error err;

	ck_assert_int_ge(fd, 0);
	memset(data, 'x', sizeof data);
	ck_assert_int_eq(write(fd, data, sizeof data), (int)sizeof data);
	close(fd);
	ck_assert_int_eq(sk_input_open(&in, path, NULL, &err), 0);
	sk_input_set_progress(in, record, &c);
	ck_assert_int_eq(sk_input_slurp(in, &all, &len, &err), 0);
	ck_assert_uint_eq(len, sizeof data);
	sk_input_close(in);
	/* read faster than 100 ms: only the final call */
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.done, 1);
	ck_assert_uint_eq(c.bytes, sizeof data);
	ck_assert_uint_eq(c.size, sizeof data);
	unlink(path);
}
END_TEST

START_TEST(mapping_readers_note_their_progress)
{
	struct calls c = { 0 };
	sk_input *in;
	sk_error err;

	ck_assert_int_eq(sk_input_open_memory(&in, "m", "abc", 3, NULL, &err), 0);
	sk_input_set_progress(in, record, &c);
	usleep(120000);
	sk_input_note_progress(in, 2);
	ck_assert_int_eq(c.n, 1);
	ck_assert_uint_eq(c.bytes, 2);
	ck_assert_uint_eq(c.size, 0);	/* memory: no file size */
	sk_input_note_progress(in, 3);	/* within 100 ms: not passed on */
	ck_assert_int_eq(c.n, 1);
	sk_input_close(in);
	ck_assert_int_eq(c.n, 2);
	ck_assert_uint_eq(c.bytes, 3);
}
END_TEST

static char *run(int mode, int tty, const uint64_t *bytes, size_t n,
		 uint64_t size)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	progress pr;

	progress_init(&pr, "sc", f, mode);
	pr.tty = tty;
	pr.start_ns -= 2000000000;	/* two seconds ago */
	for (i = 0; i < n; i++)
		progress_report(&pr, "big.perf", bytes[i], size, 0);
	progress_report(&pr, "big.perf", 0, size, 1);
	fclose(f);
	return buf;
}

START_TEST(line_with_percent_padding_and_clearing)
{
	const uint64_t b[] = { 1200000000, 300000000 };
	char *out = run(PROGRESS_AUTO, 1, b, 2, 2100000000);

	/* the rate is over about two seconds: only its start is fixed */
	ck_assert_msg(strncmp(out, "\rsc: big.perf: 1.2 GB of 2.1 GB (57%), ",
			      39) == 0, "got %s", out);
	ck_assert_ptr_nonnull(strstr(out, "\rsc: big.perf: 300.0 MB of 2.1 GB (14%), "));
	/* the end blanks the line and returns */
	ck_assert_int_eq(out[strlen(out) - 1], '\r');
	free(out);
}
END_TEST

START_TEST(sixty_four_mib_rule)
{
	const uint64_t small[] = { 1000 }, big[] = { ((uint64_t)64 << 20) + 1 };
	char *out;

	out = run(PROGRESS_AUTO, 1, small, 1, (uint64_t)64 << 20);
	ck_assert_str_eq(out, "");
	free(out);
	out = run(PROGRESS_AUTO, 1, big, 1, 0);	/* a pipe past 64 MiB */
	ck_assert_ptr_nonnull(strstr(out, "sc: big.perf: 67.1 MB, "));
	free(out);
	out = run(PROGRESS_AUTO, 0, big, 1, 0);	/* not a terminal */
	ck_assert_str_eq(out, "");
	free(out);
	out = run(PROGRESS_ALWAYS, 0, small, 1, 0);
	ck_assert_ptr_nonnull(strstr(out, "sc: big.perf: 1.0 kB, "));
	free(out);
	out = run(PROGRESS_NEVER, 1, big, 1, 0);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, input_reports_its_size_and_the_end);
	tcase_add_test(tc, mapping_readers_note_their_progress);
	tcase_add_test(tc, line_with_percent_padding_and_clearing);
	tcase_add_test(tc, sixty_four_mib_rule);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
