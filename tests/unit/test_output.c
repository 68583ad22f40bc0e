/*
 * test_output.c - the atomic writer: rename on success only, existing
 * files untouched by failures, gzip by name, deterministic bytes.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <zlib.h>
#include "tests/unit/check_main.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/sk-output-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);
	ck_assert_ptr_nonnull(f);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.' && e->d_name[1] != 0);
	closedir(d);
	return n;
}

START_TEST(named_file_appears_only_on_close)
{
	char path[128];
	sk_output *out;
	sk_error err;
	struct stat st;
	size_t len;
	char *got;

	snprintf(path, sizeof path, "%s/out.txt", dir);
	ck_assert_int_eq(sk_output_open(&out, path, -1, &err), 0);
	sk_output_printf(out, "%s %d\n", "a;b", 3);
	ck_assert_int_eq(stat(path, &st), -1);	/* not yet */
	ck_assert_int_eq(sk_output_close(out, &err), 0);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "a;b 3\n");
	ck_assert_int_eq(entries(), 1);		/* no temporary left */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_ne(st.st_mode & 0044, 0);	/* not mkstemp's 0600 */
	free(got);
}
END_TEST

START_TEST(abort_leaves_existing_file_untouched)
{
	char path[128];
	sk_output *out;
	sk_error err;
	FILE *f;
	size_t len;
	char *got;

	snprintf(path, sizeof path, "%s/keep.txt", dir);
	f = fopen(path, "w");
	fputs("precious\n", f);
	fclose(f);
	ck_assert_int_eq(sk_output_open(&out, path, -1, &err), 0);
	sk_output_puts(out, "half a resu");
	sk_output_abort(out);
	got = slurp(path, &len);
	ck_assert_str_eq(got, "precious\n");
	ck_assert_int_eq(entries(), 1);
	free(got);
}
END_TEST

START_TEST(gz_name_compresses_deterministically)
{
	char p1[128], p2[128], text[64];
	sk_output *out;
	sk_error err;
	size_t l1, l2;
	char *a, *b;
	gzFile g;
	int n;

	snprintf(p1, sizeof p1, "%s/one.txt.gz", dir);
	snprintf(p2, sizeof p2, "%s/two.txt.gz", dir);
	ck_assert_int_eq(sk_output_open(&out, p1, -1, &err), 0);
	ck_assert_int_eq(sk_output_gzip(out), 1);
	sk_output_puts(out, "main;f 1\n");
	ck_assert_int_eq(sk_output_close(out, &err), 0);
	sleep(1);	/* a timestamp in the header would now differ */
	ck_assert_int_eq(sk_output_open(&out, p2, -1, &err), 0);
	sk_output_puts(out, "main;f 1\n");
	ck_assert_int_eq(sk_output_close(out, &err), 0);
	a = slurp(p1, &l1);
	b = slurp(p2, &l2);
	ck_assert_uint_eq(l1, l2);
	ck_assert_int_eq(memcmp(a, b, l1), 0);
	ck_assert_int_eq((unsigned char)a[0], 0x1f);
	g = gzopen(p1, "rb");
	n = gzread(g, text, sizeof text - 1);
	text[n > 0 ? n : 0] = '\0';
	gzclose(g);
	ck_assert_str_eq(text, "main;f 1\n");
	free(a);
	free(b);
}
END_TEST

START_TEST(large_output_crosses_buffers)
{
	char path[128];
	sk_output *out;
	sk_error err;
	size_t len, i;
	char *got;

	snprintf(path, sizeof path, "%s/big", dir);
	ck_assert_int_eq(sk_output_open(&out, path, 0, &err), 0);
	for (i = 0; i < 100000; i++)
		sk_output_write(out, "0123456789", 10);
	ck_assert_int_eq(sk_output_close(out, &err), 0);
	got = slurp(path, &len);
	ck_assert_uint_eq(len, 1000000);
	ck_assert_int_eq(memcmp(got + 999990, "0123456789", 10), 0);
	free(got);
}
END_TEST

START_TEST(missing_directory_is_an_error)
{
	sk_output *out;
	sk_error err;
	char buf[256];

	ck_assert_int_eq(sk_output_open(&out, "/nonexistent-dir/x.txt", -1, &err), -1);
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "/nonexistent-dir/x.txt: cannot create: No such file or directory");
}
END_TEST

START_TEST(memory_output_collects_bytes)
{
	sk_output *out = sk_output_open_memory();
	size_t len;
	const char *m;

	sk_output_printf(out, "%d-%s", 7, "x");
	m = sk_output_memory(out, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(memcmp(m, "7-x", 3), 0);
	ck_assert_int_eq(sk_output_close(out, NULL), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, named_file_appears_only_on_close);
	tcase_add_test(tc, abort_leaves_existing_file_untouched);
	tcase_add_test(tc, gz_name_compresses_deterministically);
	tcase_add_test(tc, large_output_crosses_buffers);
	tcase_add_test(tc, missing_directory_is_an_error);
	tcase_add_test(tc, memory_output_collects_bytes);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
