/*
 * pprof_split.c - an encoded Profile split into its samples and the rest.
 *
 * Samples are most of a profile (a million of them in a 90 MB one), and
 * libprotobuf-c decodes a message whole: every sample's structs and arrays
 * at once, several times the size of the input.  The reader therefore
 * decodes the rest of the message (value types, locations, functions,
 * strings: what samples refer to, and which comes after them on the wire)
 * from a copy without field 2, then each sample by itself from its bytes
 * in the input, into memory it reuses.
 *
 * Only the top level is walked here.  When it does not walk (cut short, a
 * group, field 2 not length-delimited), the caller decodes the whole
 * message as before, which fails with its usual message.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sk_format_author.h"
#include "formats/pprof/pprof.h"

/* Reads a varint of at most max_bytes at data[*pos] (before len); 0 when
 * cut short or longer. */
static int get_varint_max(const unsigned char *data, size_t len, size_t *pos,
			  uint64_t *v, unsigned max_bytes)
{
	uint64_t x = 0;
	unsigned shift = 0;

	while (*pos < len && shift < 7 * max_bytes) {
		unsigned char b = data[(*pos)++];

		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 1;
		}
		shift += 7;
	}
	return 0;
}

static int get_varint(const unsigned char *data, size_t len, size_t *pos,
		      uint64_t *v)
{
	return get_varint_max(data, len, pos, v, 10);
}

/* Moves *pos past the value of a field of wire type wt; 0 when it does
 * not fit or the type is not one protobuf-c takes here. */
static int skip_value(const unsigned char *data, size_t len, size_t *pos,
		      unsigned wt, size_t *payload)
{
	uint64_t v;

	*payload = 0;
	switch (wt) {
	case 0:
		return get_varint(data, len, pos, &v);
	case 1:
		if (len - *pos < 8)
			return 0;
		*pos += 8;
		return 1;
	case 2:
		/* a length, like a tag, in 5 bytes and 32 bits at most */
		if (!get_varint_max(data, len, pos, &v, 5) || v > UINT32_MAX ||
		    v > len - *pos)
			return 0;
		*payload = *pos;
		*pos += (size_t)v;
		return 1;
	case 5:
		if (len - *pos < 4)
			return 0;
		*pos += 4;
		return 1;
	default:
		return 0;	/* groups (3, 4) and 6, 7 */
	}
}

int sk_pprof_split_samples(const unsigned char *data, size_t len,
			   sk_pprof_split *out)
{
	size_t pos = 0, cap = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		size_t start = pos, payload;
		uint64_t tag;

		/* A tag as libprotobuf-c reads it: 5 bytes, 32 bits at most
		 * (a longer one must not pass for field 2 here). */
		if (!get_varint_max(data, len, &pos, &tag, 5) ||
		    tag > UINT32_MAX || (tag >> 3) == 0 ||
		    !skip_value(data, len, &pos, (unsigned)(tag & 7), &payload))
			goto fail;
		if ((tag >> 3) == 2) {
			sk_pprof_span *sp;

			if ((tag & 7) != 2)
				goto fail;
			sk_xgrow((void **)&out->samples, &cap,
				 out->n_samples + 1, sizeof(*out->samples));
			sp = &out->samples[out->n_samples++];
			sp->off = payload;
			sp->len = pos - payload;
		} else {
			sk_buf_append(&out->rest, data + start, pos - start);
		}
	}
	return 0;
fail:
	sk_pprof_split_free(out);
	return -1;
}

void sk_pprof_split_free(sk_pprof_split *s)
{
	free(s->samples);
	sk_buf_free(&s->rest);
	memset(s, 0, sizeof(*s));
}
