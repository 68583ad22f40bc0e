/*
 * cp_parse.c - the one JSON parse of a V8 profile, permissive the way
 * speedscope (and catapult before it) is: a trace recording cut short is a
 * top-level array without its closing ']', perhaps after a trailing comma,
 * and is read as if it were closed.
 */
#include "formats/cpuprofile/cp_private.h"

#include <stdlib.h>
#include <string.h>

static int blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

cJSON *cp_parse(const char *name, const unsigned char *data, size_t len,
		sk_error *err)
{
	size_t start = 0, end;
	cJSON *doc;
	char *fixed;
	sk_error retry;

	doc = sk_json_parse_buffer(name, (const char *)data, len, err);
	if (doc)
		return doc;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	while (start < len && blank(data[start]))
		start++;
	end = len;
	while (end > start && blank(data[end - 1]))
		end--;
	if (start >= end || data[start] != '[' || data[end - 1] == ']')
		return NULL;
	if (data[end - 1] == ',')
		end--;
	/* Only a truncated trace pays for this copy; the first error stays
	 * the one reported when closing the array does not help. */
	fixed = sk_xmalloc(end - start + 2);
	memcpy(fixed, data + start, end - start);
	fixed[end - start] = ']';
	doc = sk_json_parse_buffer(name, fixed, end - start + 1, &retry);
	free(fixed);
	return doc;
}
