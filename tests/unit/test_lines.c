/*
 * test_lines.c - the line iterator (lib/lines.c): line ends, byte order
 * marks, UTF-16, the line-length limit, and numbers and offsets when lines
 * span reads (tiny chunk sizes), one line at a time and in chunks.
 */
#include <stackkit/stackkit.h>
#include <stdio.h>
#include <string.h>
#include "lib/sk_lines.h"
#include "tests/unit/check_main.h"

#define S(x) x, sizeof(x) - 1

/* Every line of text as "NUMBER@OFFSET:TEXT|", read with the given chunk
 * size and line limit (0: the default); an error ends the string with
 * "ERR <message>". */
static const char *all_lines(const char *text, size_t len, size_t chunk,
			     uint64_t max_line)
{
	static char out[4096];
	char msg[1024];
	size_t n = 0;
	sk_limits lim;
	sk_input *in;
	sk_lines *it;
	sk_line line;
	sk_error err;
	int rc;

	sk_limits_default(&lim);
	if (max_line)
		lim.max_line_bytes = max_line;
	out[0] = '\0';
	ck_assert_int_eq(sk_input_open_memory(&in, "t.txt", text, len, &lim,
					      &err), 0);
	ck_assert_int_eq(sk_lines_open(&it, in, chunk, &err), 0);
	while ((rc = sk_lines_next(it, &line, &err)) > 0)
		n += (size_t)snprintf(out + n, sizeof out - n, "%llu@%llu:%.*s|",
				      (unsigned long long)line.number,
				      (unsigned long long)line.offset,
				      (int)line.len, line.text);
	if (rc < 0)
		snprintf(out + n, sizeof out - n, "ERR %s",
			 sk_error_format(&err, msg, sizeof msg));
	sk_lines_close(it);
	sk_input_close(in);
	return out;
}

START_TEST(crlf_and_lf_line_ends)
{
	ck_assert_str_eq(all_lines(S("a\r\nbc\n\r\nd\n"), 0, 0),
			 "1@0:a|2@3:bc|3@6:|4@8:d|");
	/* Only one '\r' belongs to the line end. */
	ck_assert_str_eq(all_lines(S("a\r\r\nb\rc\n"), 0, 0),
			 "1@0:a\r|2@4:b\rc|");
}
END_TEST

START_TEST(last_line_without_newline)
{
	ck_assert_str_eq(all_lines(S("a\nbc"), 0, 0), "1@0:a|2@2:bc|");
	ck_assert_str_eq(all_lines(S("a\nbc\r"), 0, 0), "1@0:a|2@2:bc|");
	/* A final newline ends the last line; it starts no new one. */
	ck_assert_str_eq(all_lines(S("a\n\n"), 0, 0), "1@0:a|2@2:|");
}
END_TEST

START_TEST(empty_input_has_no_lines)
{
	ck_assert_str_eq(all_lines("", 0, 0, 0), "");
	ck_assert_str_eq(all_lines(S("\xef\xbb\xbf"), 0, 0), "");
	ck_assert_str_eq(all_lines(S("\xff\xfe"), 0, 0), "");
	ck_assert_str_eq(all_lines(S("\n"), 0, 0), "1@0:|");
}
END_TEST

START_TEST(utf8_bom_dropped_but_counted_in_offsets)
{
	ck_assert_str_eq(all_lines(S("\xef\xbb\xbf" "a\nb\n"), 0, 0),
			 "1@3:a|2@5:b|");
	/* Only at the start; and with a 1-byte chunk too. */
	ck_assert_str_eq(all_lines(S("\xef\xbb\xbf" "a\n\xef\xbb\xbf"), 1, 0),
			 "1@3:a|2@5:\xef\xbb\xbf|");
	/* A prefix of a BOM is text. */
	ck_assert_str_eq(all_lines(S("\xef\xbb" "a"), 0, 0),
			 "1@0:\xef\xbb" "a|");
}
END_TEST

START_TEST(utf16_le_and_be_with_surrogate_pairs)
{
	/* "a" U+00E9 U+1F600 CRLF "b" U+20AC, then a lone low surrogate. */
	const char le[] = "\xff\xfe" "a\0" "\xe9\0" "\x3d\xd8\x00\xde"
			  "\r\0\n\0" "b\0" "\xac\x20" "\n\0" "\x00\xdc";
	const char be[] = "\xfe\xff" "\0a" "\0\xe9" "\xd8\x3d\xde\x00"
			  "\0\r\0\n" "\0b" "\x20\xac" "\0\n" "\xdc\x00";
	const char *want = "1@0:a\xc3\xa9\xf0\x9f\x98\x80|"
			   "2@9:b\xe2\x82\xac|3@14:\xed\xb0\x80|";

	ck_assert_str_eq(all_lines(le, sizeof le - 1, 0, 0), want);
	ck_assert_str_eq(all_lines(be, sizeof be - 1, 0, 0), want);
	/* An odd last byte is dropped; a high surrogate without its pair
	 * stays a 3-byte sequence. */
	ck_assert_str_eq(all_lines(S("\xff\xfe" "a\0" "\x3d\xd8" "b\0" "c"),
				   0, 0),
			 "1@0:a\xed\xa0\xbd" "b|");
}
END_TEST

START_TEST(line_at_the_limit_and_one_over)
{
	size_t chunk;

	/* Whether the long line spans reads (chunk 3) or not (default). */
	for (chunk = 0; chunk <= 3; chunk += 3) {
		ck_assert_str_eq(all_lines(S("ab\n12345678\nc"), chunk, 8),
				 "1@0:ab|2@3:12345678|3@12:c|");
		ck_assert_str_eq(all_lines(S("ab\n123456789\nc\n"), chunk, 8),
				 "1@0:ab|ERR t.txt:2: line longer than the "
				 "limit of 8 bytes");
		/* The limit counts a '\r' before the newline. */
		ck_assert_str_eq(all_lines(S("12345678\r\n"), chunk, 8),
				 "ERR t.txt:1: line longer than the limit of 8 "
				 "bytes");
		/* A last line without a newline is held to it too. */
		ck_assert_str_eq(all_lines(S("a\n\n123456789"), chunk, 8),
				 "1@0:a|2@2:|ERR t.txt:3: line longer than the "
				 "limit of 8 bytes");
	}
}
END_TEST

/* The same lines whatever the read size, including 1 byte. */
START_TEST(numbers_and_offsets_across_chunk_boundaries)
{
	const char text[] = "first\r\n\nsecond line, longer than a chunk\n"
			    "x\n\r\nlast";
	const char *want = "1@0:first|2@7:|3@8:second line, longer than a "
			   "chunk|4@41:x|5@43:|6@45:last|";
	size_t chunk;

	for (chunk = 1; chunk <= 9; chunk++)
		ck_assert_str_eq(all_lines(text, sizeof text - 1, chunk, 0),
				 want);
	ck_assert_str_eq(all_lines(text, sizeof text - 1, 0, 0), want);
}
END_TEST

/* Chunks of text read with chunk size `chunk`, as "LINE@OFFSET[F]:TEXT|"
 * (F: final). */
static const char *all_chunks(const char *text, size_t len, size_t chunk,
			      uint64_t max_line)
{
	static char out[4096];
	char msg[1024];
	size_t n = 0;
	sk_limits lim;
	sk_input *in;
	sk_lines *it;
	sk_lines_chunk c;
	sk_error err;
	int rc, finals = 0;

	sk_limits_default(&lim);
	if (max_line)
		lim.max_line_bytes = max_line;
	out[0] = '\0';
	ck_assert_int_eq(sk_input_open_memory(&in, "t.txt", text, len, &lim,
					      &err), 0);
	ck_assert_int_eq(sk_lines_open(&it, in, chunk, &err), 0);
	while ((rc = sk_lines_next_chunk(it, &c, &err)) > 0) {
		ck_assert_int_eq(finals, 0);
		finals += c.final;
		/* Only the final chunk may end inside a line. */
		if (!c.final)
			ck_assert(c.len > 0 && c.text[c.len - 1] == '\n');
		n += (size_t)snprintf(out + n, sizeof out - n, "%llu@%llu%s:%.*s|",
				      (unsigned long long)c.line,
				      (unsigned long long)c.offset,
				      c.final ? "F" : "", (int)c.len, c.text);
	}
	if (rc < 0)
		snprintf(out + n, sizeof out - n, "ERR %s",
			 sk_error_format(&err, msg, sizeof msg));
	else
		ck_assert_int_eq(finals, 1);
	sk_lines_close(it);
	sk_input_close(in);
	return out;
}

START_TEST(chunks_of_complete_lines)
{
	/* Chunk size 4: "ab\nc" gives "ab\n", then "cd\ne" is read after
	 * the moved "c", and the tail comes at the end. */
	ck_assert_str_eq(all_chunks(S("ab\ncd\nef"), 4, 0),
			 "1@0:ab\n|2@3:cd\n|3@6F:ef|");
	ck_assert_str_eq(all_chunks(S("\xef\xbb\xbf" "a\nb\n"), 0, 0),
			 "1@3:a\nb\n|3@7F:|");
	ck_assert_str_eq(all_chunks("", 0, 0, 0), "1@0F:|");
	/* A line the buffer cannot take within the limit fails; shorter
	 * ones are the scanner's to check. */
	ck_assert_str_eq(all_chunks(S("ab\n123456789\n"), 4, 8),
			 "1@0:ab\n|2@3:123456789\n|3@13F:|");
	ck_assert_str_eq(all_chunks(S("ab\n12345678901234567890\n"), 4, 8),
			 "1@0:ab\n|ERR t.txt:2: line longer than the limit of "
			 "8 bytes");
}
END_TEST

START_TEST(line_of_an_offset_in_a_chunk)
{
	sk_lines_chunk c = { "a\nb\n\nc", 6, 10, 100, 1 };

	ck_assert_uint_eq(sk_lines_chunk_line(&c, 100), 10);
	ck_assert_uint_eq(sk_lines_chunk_line(&c, 102), 11);
	ck_assert_uint_eq(sk_lines_chunk_line(&c, 104), 12);
	ck_assert_uint_eq(sk_lines_chunk_line(&c, 105), 13);
	ck_assert_uint_eq(sk_lines_count(S("\n\nx\n")), 3);
	ck_assert_uint_eq(sk_lines_count(S("x")), 0);
}
END_TEST

/* Against a byte loop, at every length and start up to a few blocks of
 * 64 bytes (the count's fast part), with newlines and bytes >= 0x80. */
START_TEST(count_like_a_byte_loop)
{
	char buf[300];
	uint32_t r = 12345;
	size_t i, start, len;

	for (i = 0; i < sizeof buf; i++) {
		r = r * 1103515245 + 12345;
		buf[i] = (r >> 16) % 5 == 0 ? '\n' : (char)(r >> 8);
	}
	for (start = 0; start < 8; start++) {
		for (len = 0; start + len <= sizeof buf; len++) {
			uint64_t want = 0;

			for (i = start; i < start + len; i++)
				want += buf[i] == '\n';
			if (sk_lines_count(buf + start, len) != want)
				ck_abort_msg("start %zu, length %zu", start,
					     len);
		}
	}
}
END_TEST

static Suite *lines_suite(void)
{
	Suite *s = suite_create("lines");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, crlf_and_lf_line_ends);
	tcase_add_test(tc, last_line_without_newline);
	tcase_add_test(tc, empty_input_has_no_lines);
	tcase_add_test(tc, utf8_bom_dropped_but_counted_in_offsets);
	tcase_add_test(tc, utf16_le_and_be_with_surrogate_pairs);
	tcase_add_test(tc, line_at_the_limit_and_one_over);
	tcase_add_test(tc, numbers_and_offsets_across_chunk_boundaries);
	tcase_add_test(tc, count_like_a_byte_loop);
	tcase_add_test(tc, chunks_of_complete_lines);
	tcase_add_test(tc, line_of_an_offset_in_a_chunk);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(lines_suite)
