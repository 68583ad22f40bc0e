/*
 * sk_json.h - JSON documents for the JSON formats (speedscope, cpuprofile,
 * trace events): one cJSON parse of the whole input, with errors that name
 * the line and column, and small typed accessors whose errors name the
 * path of the value ("profiles[2].samples[17]").  Private to lib/ and
 * formats/ (listed in sk_format_author.h).
 *
 * Nesting is limited by cJSON's CJSON_NESTING_LIMIT (1000 levels in
 * Debian's build): deeper documents are refused as a syntax error at the
 * place the limit was hit.
 */
#ifndef STACKKIT_SK_JSON_H
#define STACKKIT_SK_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stackkit/sk_error.h>
#include <stackkit/sk_io.h>

/* Parses the whole of in.  Returns the tree (free it with cJSON_Delete as
 * soon as the model is built) or NULL with err set: "NAME:LINE: JSON
 * syntax error at column COL" (or "not JSON: empty input"). */
cJSON *sk_json_parse(sk_input *in, sk_error *err);
/* The same over a buffer of len bytes. */
cJSON *sk_json_parse_buffer(const char *name, const char *data, size_t len,
			    sk_error *err);

/* A path into a document for messages, built as readers descend:
 * "profiles[2].samples[17]".  Fixed size: deep paths are cut with "...". */
typedef struct sk_json_path {
	char text[256];
	size_t len;
} sk_json_path;

void sk_json_path_init(sk_json_path *path);
/* Appends ".key" (or "key" at the start) / "[index]"; returns the old
 * length, to give back to sk_json_path_pop. */
size_t sk_json_path_key(sk_json_path *path, const char *key);
size_t sk_json_path_index(sk_json_path *path, size_t index);
void sk_json_path_pop(sk_json_path *path, size_t len);

/* Typed members; each returns 0, or -1 with err = "NAME: PATH.key: what".
 * A missing optional member leaves *out as it was and returns 0. */
int sk_json_number(const char *name, const sk_json_path *path,
		   const cJSON *obj, const char *key, int required,
		   double *out, sk_error *err);
int sk_json_int(const char *name, const sk_json_path *path, const cJSON *obj,
		const char *key, int required, int64_t *out, sk_error *err);
int sk_json_string(const char *name, const sk_json_path *path,
		   const cJSON *obj, const char *key, int required,
		   const char **out, sk_error *err);
/* An array member (NULL and 0 when optional and missing). */
int sk_json_array(const char *name, const sk_json_path *path,
		  const cJSON *obj, const char *key, int required,
		  const cJSON **out, sk_error *err);

/* A member that is an integer or a string of one ("123", "0x7b"), as
 * trace exporters write pids and ids: 1 and *out set, else 0. */
int sk_json_loose_int(const cJSON *obj, const char *key, int64_t *out);

/* Does data (the first bytes of an input) start, after blanks and a UTF-8
 * BOM, with '{' or '['?  Probes of JSON formats check this first. */
int sk_json_looks_like(const unsigned char *data, size_t len);

#endif
