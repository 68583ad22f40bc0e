/*
 * json.c - whole-document JSON parsing over cJSON with line:column errors,
 * and path-naming accessors for the readers of JSON formats (sk_json.h).
 */
#include "lib/sk_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *sk_json_parse_buffer(const char *name, const char *data, size_t len,
			    sk_error *err)
{
	const char *end = NULL, *p;
	uint64_t line = 1, col = 1;
	cJSON *root;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (root)
		return root;
	if (!end || end < data || end > data + len)
		end = data + len;
	for (p = data; p < end; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (end == data + len)
		return sk_error_set_line(err, name, line, "JSON syntax error: "
					 "the document ends early (column %llu)",
					 (unsigned long long)col), NULL;
	sk_error_set_line(err, name, line, "JSON syntax error at column %llu",
			  (unsigned long long)col);
	return NULL;
}

cJSON *sk_json_parse(sk_input *in, sk_error *err)
{
	const unsigned char *data;
	size_t len;

	if (sk_input_slurp(in, &data, &len, err) < 0)
		return NULL;
	return sk_json_parse_buffer(sk_input_name(in), (const char *)data, len,
				    err);
}

void sk_json_path_init(sk_json_path *path)
{
	path->text[0] = '\0';
	path->len = 0;
}

static size_t path_append(sk_json_path *path, const char *piece)
{
	size_t old = path->len, n = strlen(piece);

	if (path->len + n + 4 >= sizeof path->text) {
		if (path->len + 4 < sizeof path->text) {
			memcpy(path->text + path->len, "...", 4);
			path->len += 3;
		}
		return old;
	}
	memcpy(path->text + path->len, piece, n + 1);
	path->len += n;
	return old;
}

size_t sk_json_path_key(sk_json_path *path, const char *key)
{
	size_t old = path->len;

	if (path->len)
		path_append(path, ".");
	path_append(path, key);
	return old;
}

size_t sk_json_path_index(sk_json_path *path, size_t index)
{
	char b[32];

	snprintf(b, sizeof b, "[%zu]", index);
	return path_append(path, b);
}

void sk_json_path_pop(sk_json_path *path, size_t len)
{
	if (len < path->len) {
		path->len = len;
		path->text[len] = '\0';
	}
}

static int bad(const char *name, const sk_json_path *path, const char *key,
	       const char *what, sk_error *err)
{
	return sk_error_set_file(err, name, "%s%s%s: %s", path->text,
				 path->len ? "." : "", key, what);
}

/* The member, or NULL; -1 when it is required and missing. */
static int member(const char *name, const sk_json_path *path,
		  const cJSON *obj, const char *key, int required,
		  const cJSON **out, sk_error *err)
{
	*out = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
				   : NULL;
	if (!*out && required)
		return bad(name, path, key, "missing", err);
	return 0;
}

int sk_json_number(const char *name, const sk_json_path *path,
		   const cJSON *obj, const char *key, int required,
		   double *out, sk_error *err)
{
	const cJSON *m;

	if (member(name, path, obj, key, required, &m, err) < 0)
		return -1;
	if (!m)
		return 0;
	if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble))
		return bad(name, path, key, "not a number", err);
	*out = m->valuedouble;
	return 0;
}

int sk_json_int(const char *name, const sk_json_path *path, const cJSON *obj,
		const char *key, int required, int64_t *out, sk_error *err)
{
	double d = 0;
	int had = cJSON_IsObject(obj) &&
		  cJSON_GetObjectItemCaseSensitive(obj, key) != NULL;

	if (sk_json_number(name, path, obj, key, required, &d, err) < 0)
		return -1;
	if (!had)
		return 0;
	/* Integers beyond 2^63 or with fractions are not ids or counts. */
	if (d != floor(d) || d < -9.2e18 || d > 9.2e18)
		return bad(name, path, key, "not an integer", err);
	*out = (int64_t)d;
	return 0;
}

int sk_json_string(const char *name, const sk_json_path *path,
		   const cJSON *obj, const char *key, int required,
		   const char **out, sk_error *err)
{
	const cJSON *m;

	if (member(name, path, obj, key, required, &m, err) < 0)
		return -1;
	if (!m)
		return 0;
	if (!cJSON_IsString(m))
		return bad(name, path, key, "not a string", err);
	*out = m->valuestring;
	return 0;
}

int sk_json_array(const char *name, const sk_json_path *path,
		  const cJSON *obj, const char *key, int required,
		  const cJSON **out, sk_error *err)
{
	const cJSON *m;

	*out = NULL;
	if (member(name, path, obj, key, required, &m, err) < 0)
		return -1;
	if (!m)
		return 0;
	if (!cJSON_IsArray(m))
		return bad(name, path, key, "not an array", err);
	*out = m;
	return 0;
}

int sk_json_looks_like(const unsigned char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\n' || data[i] == '\r'))
		i++;
	return i < len && (data[i] == '{' || data[i] == '[');
}

int sk_json_loose_int(const cJSON *obj, const char *key, int64_t *out)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(m) && m->valuedouble > -9.2e18 &&
	    m->valuedouble < 9.2e18) {
		*out = (int64_t)m->valuedouble;
		return 1;
	}
	if (cJSON_IsString(m) && m->valuestring[0]) {
		char *end;
		long long v = strtoll(m->valuestring, &end, 0);

		if (*end == '\0') {
			*out = v;
			return 1;
		}
	}
	return 0;
}
