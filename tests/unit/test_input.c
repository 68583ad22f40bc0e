/*
 * test_input.c - sk_input: plain and gzip content, peeking, streaming,
 * slurping, the decompressed size limit, broken gzip streams.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "tests/unit/check_main.h"

static unsigned char *gz(const void *data, size_t len, size_t *out_len)
{
	z_stream zs;
	size_t cap = compressBound(len) + 64;
	unsigned char *out = malloc(cap);

	memset(&zs, 0, sizeof zs);
	ck_assert_int_eq(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static char *read_all(sk_input *in, size_t *len, sk_error *err, int *rc)
{
	const unsigned char *d;
	*rc = sk_input_slurp(in, &d, len, err);
	return *rc == 0 ? strndup((const char *)d, *len) : NULL;
}

START_TEST(plain_memory_reads_back)
{
	sk_input *in;
	sk_error err;
	const unsigned char *head;
	size_t len;
	char buf[4];
	size_t got;
	int rc;
	char *all;

	ck_assert_int_eq(sk_input_open_memory(&in, "m", "hello world", 11, NULL, &err), 0);
	ck_assert_int_eq(sk_input_is_gzip(in), 0);
	ck_assert_int_eq(sk_input_peek(in, 5, &head, &len, &err), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(head, "hello", 5), 0);
	/* peeking consumed nothing */
	ck_assert_int_eq(sk_input_read(in, buf, 4, &got, &err), 0);
	ck_assert_uint_eq(got, 4);
	ck_assert_int_eq(memcmp(buf, "hell", 4), 0);
	all = read_all(in, &len, &err, &rc);
	ck_assert_str_eq(all, "o world");
	ck_assert_uint_eq(sk_input_offset(in), 11);
	free(all);
	sk_input_close(in);
}
END_TEST

START_TEST(gzip_is_detected_by_magic_and_inflated)
{
	const char *text = "a;b 1\na;c 2\n";
	size_t zlen, len;
	unsigned char *z = gz(text, strlen(text), &zlen);
	sk_input *in;
	sk_error err;
	int rc;
	char *all;

	ck_assert_int_eq(sk_input_open_memory(&in, "x.txt", z, zlen, NULL, &err), 0);
	ck_assert_int_eq(sk_input_is_gzip(in), 1);
	all = read_all(in, &len, &err, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(all, text);
	free(all);
	sk_input_close(in);
	free(z);
}
END_TEST

START_TEST(concatenated_gzip_members_read_as_one)
{
	size_t l1, l2, len;
	unsigned char *a = gz("first\n", 6, &l1), *b = gz("second\n", 7, &l2);
	unsigned char *both = malloc(l1 + l2);
	sk_input *in;
	sk_error err;
	int rc;
	char *all;

	memcpy(both, a, l1);
	memcpy(both + l1, b, l2);
	ck_assert_int_eq(sk_input_open_memory(&in, "m", both, l1 + l2, NULL, &err), 0);
	all = read_all(in, &len, &err, &rc);
	ck_assert_str_eq(all, "first\nsecond\n");
	free(all);
	sk_input_close(in);
	free(a);
	free(b);
	free(both);
}
END_TEST

START_TEST(truncated_gzip_is_an_error)
{
	char text[5000];
	size_t zlen, len;
	unsigned char *z;
	sk_input *in;
	sk_error err;
	int rc;
	char buf[512];

	memset(text, 'q', sizeof text);
	z = gz(text, sizeof text, &zlen);
	ck_assert_int_eq(sk_input_open_memory(&in, "cut.gz", z, zlen - 6, NULL, &err), 0);
	ck_assert_ptr_null(read_all(in, &len, &err, &rc));
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(sk_error_format(&err, buf, sizeof buf),
			 "cut.gz: truncated gzip stream (ends inside compressed data)");
	sk_input_close(in);
	free(z);
}
END_TEST

START_TEST(corrupt_gzip_names_the_offset)
{
	unsigned char bad[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff };
	sk_input *in;
	sk_error err;
	size_t len;
	int rc;

	ck_assert_int_eq(sk_input_open_memory(&in, "bad.gz", bad, sizeof bad, NULL, &err), 0);
	ck_assert_ptr_null(read_all(in, &len, &err, &rc));
	ck_assert_int_eq(err.where, SK_WHERE_OFFSET);
	ck_assert(strstr(err.message, "corrupt gzip data") != NULL);
	sk_input_close(in);
}
END_TEST

START_TEST(decompressed_size_limit_fails_cleanly)
{
	static char zeros[1 << 20];
	size_t zlen, len;
	unsigned char *z = gz(zeros, sizeof zeros, &zlen);
	sk_limits lim;
	sk_input *in;
	sk_error err;
	int rc;

	sk_limits_default(&lim);
	ck_assert_uint_eq(lim.max_input_bytes, 4ULL << 30);
	lim.max_input_bytes = 100000;
	ck_assert_int_eq(sk_input_open_memory(&in, "bomb.gz", z, zlen, &lim, &err), 0);
	ck_assert_ptr_null(read_all(in, &len, &err, &rc));
	ck_assert_str_eq(err.message, "input exceeds the limit of 100000 bytes "
			 "after decompression (--max-input-size)");
	sk_input_close(in);
	free(z);
}
END_TEST

START_TEST(padding_after_gzip_is_ignored_like_gzip_d)
{
	size_t zlen, len;
	unsigned char *z = gz("a;b 1\n", 6, &zlen);
	unsigned char *padded = calloc(1, zlen + 512);
	sk_input *in;
	sk_error err;
	int rc;
	char *all;

	memcpy(padded, z, zlen);
	ck_assert_int_eq(sk_input_open_memory(&in, "tape.gz", padded, zlen + 512, NULL, &err), 0);
	all = read_all(in, &len, &err, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(all, "a;b 1\n");
	free(all);
	sk_input_close(in);
	free(z);
	free(padded);
}
END_TEST

START_TEST(slurp_refuses_large_plain_files_before_allocating)
{
	char path[] = "/tmp/sk-sparse-XXXXXX";
	int fd = mkstemp(path);
	sk_limits lim;
	sk_input *in;
	sk_error err;
	const unsigned char *d;
	size_t len;

	/* A sparse 1 TiB file: allocating its size would abort. */
	ck_assert_int_eq(ftruncate(fd, (off_t)1 << 40), 0);
	close(fd);
	sk_limits_default(&lim);
	ck_assert_int_eq(sk_input_open(&in, path, &lim, &err), 0);
	ck_assert_int_eq(sk_input_slurp(in, &d, &len, &err), -1);
	ck_assert_str_eq(err.message, "input exceeds the limit of 4294967296 bytes "
			 "after decompression (--max-input-size)");
	sk_input_close(in);
	unlink(path);
}
END_TEST

START_TEST(slurp_exact_size_file)
{
	char path[] = "/tmp/sk-exact-XXXXXX";
	int fd = mkstemp(path);
	sk_input *in;
	sk_error err;
	const unsigned char *d;
	size_t len;

	ck_assert_int_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	ck_assert_int_eq(sk_input_open(&in, path, NULL, &err), 0);
	ck_assert_int_eq(sk_input_slurp(in, &d, &len, &err), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq((const char *)d, "0123456789");
	sk_input_close(in);
	unlink(path);
}
END_TEST

START_TEST(files_missing_and_plain_fd)
{
	char path[] = "/tmp/sk-input-XXXXXX";
	int fd = mkstemp(path);
	sk_input *in;
	sk_error err;
	uint64_t size = 0;
	const unsigned char *head;
	size_t len;
	char buf[600];

	ck_assert_int_eq(write(fd, "abc\n", 4), 4);
	close(fd);
	ck_assert_int_eq(sk_input_open(&in, path, NULL, &err), 0);
	ck_assert_str_eq(sk_input_name(in), path);
	ck_assert_int_eq(sk_input_peek(in, 10, &head, &len, &err), 0);
	ck_assert_int_ge(sk_input_plain_fd(in, &size), 0);
	ck_assert_uint_eq(size, 4);
	sk_input_close(in);
	unlink(path);
	ck_assert_int_eq(sk_input_open(&in, path, NULL, &err), -1);
	snprintf(buf, sizeof buf, "%s: cannot open: No such file or directory", path);
	{
		char got[700];
		ck_assert_str_eq(sk_error_format(&err, got, sizeof got), buf);
	}
	ck_assert_int_eq(sk_input_open(&in, "/tmp", NULL, &err), -1);
	ck_assert_str_eq(err.message, "is a directory");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, plain_memory_reads_back);
	tcase_add_test(tc, gzip_is_detected_by_magic_and_inflated);
	tcase_add_test(tc, concatenated_gzip_members_read_as_one);
	tcase_add_test(tc, truncated_gzip_is_an_error);
	tcase_add_test(tc, corrupt_gzip_names_the_offset);
	tcase_add_test(tc, decompressed_size_limit_fails_cleanly);
	tcase_add_test(tc, padding_after_gzip_is_ignored_like_gzip_d);
	tcase_add_test(tc, slurp_refuses_large_plain_files_before_allocating);
	tcase_add_test(tc, slurp_exact_size_file);
	tcase_add_test(tc, files_missing_and_plain_fd);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
