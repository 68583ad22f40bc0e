/*
 * sk_format_author.h - everything a format in formats/ may use: the public
 * API (<stackkit/stackkit.h>) plus the lib/ helpers listed here, one line
 * each.  Not installed.  A format includes this header instead of single
 * lib/ headers, so the surface the core offers formats is written down in
 * one place; what is not listed (profile_internal.h, the tree, the record
 * tables) is the model's business and may change under a format.  A helper
 * becomes available to formats by adding it here.
 */
#ifndef STACKKIT_SK_FORMAT_AUTHOR_H
#define STACKKIT_SK_FORMAT_AUTHOR_H

#include <stackkit/stackkit.h>

/* lib/sk_util.h: allocation (aborts on failure), hashing, text scanning */
#include "lib/sk_util.h"
/*   sk_xmalloc, sk_xcalloc, sk_xrealloc  allocate or abort
 *   sk_xgrow                              grow an array to fit an index
 *   sk_xstrdup, sk_xstrndup               copy a string or abort
 *   sk_hash_bytes, sk_hash_u64            stable 64-bit hashes
 *   sk_parse_weight                       a decimal "123" or "12.5" weight
 *   sk_has_suffix                         does a path end with a suffix */

/* lib/strtab.h: the string interner behind sk_str ids */
#include "lib/strtab.h"
/*   sk_strtab_init, sk_strtab_free        a table of one's own
 *   sk_strtab_intern                      bytes -> stable id (0 is "")
 *   sk_strtab_index                       a dedup map keyed by byte strings
 *   sk_strtab_key, sk_strtab_count        its keys back, and how many */

/* lib/sk_index.h: the (hash, id) index for tables whose items a format
 * keeps in its own arrays */
#include "lib/sk_index.h"
/*   sk_index_init, sk_index_free          lifetime
 *   sk_index_find, sk_index_insert        look up by hash + equality callback
 *   sk_index_reserve                      room for n more ids */

/* lib/sk_lines.h: the line iterator every text reader's serial path uses
 * (CRLF, BOM, UTF-16 with a BOM, line numbers and offsets, the line
 * length limit) */
#include "lib/sk_lines.h"
/*   sk_lines_open, sk_lines_next, ...     see the header */

/* lib/sk_json.h: a whole JSON document through cJSON, errors with
 * line:column, accessors whose errors name the value's path */
#include "lib/sk_json.h"
/*   sk_json_parse, sk_json_parse_buffer   one parse of the input
 *   sk_json_path_*                        "profiles[2].samples[17]"
 *   sk_json_number/int/string/array       typed members, path errors
 *   sk_json_loose_int                     a number or a numeric string
 *   sk_json_looks_like                    a probe's first check */

#endif
