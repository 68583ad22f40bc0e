/*
 * utf16.c - UTF-16 to UTF-8, for text files saved by Windows tools (see
 * sk_lines.h, which decodes them before cutting lines).
 *
 * Lenient on purpose, as profiles are data to rescue, not to validate: an
 * unpaired surrogate becomes its own 3-byte sequence (as WTF-8 would keep
 * it) and an odd last byte is dropped.
 */
#include "lib/sk_lines.h"
#include "lib/sk_util.h"

static uint32_t unit_at(const unsigned char *p, int big)
{
	return big ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

/* Writes c as UTF-8 at out; returns the bytes written (1 to 4). */
static size_t put_utf8(unsigned char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (unsigned char)(0xc0 | c >> 6);
		out[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (unsigned char)(0xe0 | c >> 12);
		out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | c >> 18);
	out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

char *sk_utf16_to_utf8(const unsigned char *data, size_t len, int big,
		       size_t *out_len)
{
	/* A 2-byte unit gives at most 3 bytes, a 4-byte pair 4: the output
	 * is at most 3/2 of the input, plus the NUL. */
	unsigned char *out = sk_xmalloc(len / 2 * 3 + 1);
	size_t i, n = 0;

	for (i = 0; i + 1 < len; i += 2) {
		uint32_t c = unit_at(data + i, big);

		if (c >= 0xd800 && c < 0xdc00 && i + 3 < len) {
			uint32_t lo = unit_at(data + i + 2, big);

			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		n += put_utf8(out + n, c);
	}
	out[n] = '\0';
	*out_len = n;
	return (char *)out;
}
