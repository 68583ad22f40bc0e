/*
 * pprof_probe.c - recognising a profile.proto message from its first bytes.
 *
 * A protobuf has no magic number, and the probe sees only a prefix of the
 * (already gunzipped) input, which libprotobuf-c cannot unpack when it is
 * cut in the middle of a field.  So the probe walks the wire structure of
 * the prefix against the schema: every tag must be a field of the message
 * it is in, with that field's wire type, and the nested messages (value
 * types, samples, locations ...) must themselves walk.  Text formats fail
 * within a few bytes: printable ASCII makes tags with the wrong wire type
 * or field numbers the schema does not have.  When the prefix is the whole
 * input and holds little, libprotobuf-c decodes it for the certain answer.
 *
 * This walk only scores; the reader decodes with libprotobuf-c alone.
 */
#include <stddef.h>
#include <stdint.h>

#include "formats/pprof/pprof.h"
#include "formats/pprof/profile.pb-c.h"

enum {
	WIRE_VARINT = 0,
	WIRE_I64 = 1,
	WIRE_LEN = 2,
	WIRE_I32 = 5
};

enum msg_kind {
	MSG_PROFILE,
	MSG_VALUE_TYPE,
	MSG_SAMPLE,
	MSG_LABEL,
	MSG_MAPPING,
	MSG_LOCATION,
	MSG_LINE,
	MSG_FUNCTION,
	MSG_BYTES,		/* a string: anything goes */
	MSG_COUNT
};

/* What a walk found. */
struct walk {
	int truncated;		/* the prefix ended inside a field */
	unsigned fields;	/* complete top-level fields */
	unsigned seen;		/* bit n: top-level field n was complete */
	size_t at;		/* offset of the top-level field being walked */
	unsigned field;		/* and its number */
};

/* Per message, per field 1..15: the allowed wire types as a bit mask, and the
 * message kind of a length-delimited field (MSG_COUNT = packed scalars). */
struct field_rule {
	unsigned char wire_mask;
	unsigned char nested;
};

#define VARINT_BAD ((size_t)-1)

#define V (1u << WIRE_VARINT)
#define L (1u << WIRE_LEN)

static const struct field_rule rules[MSG_COUNT][16] = {
	[MSG_PROFILE] = {
		[1] = {L, MSG_VALUE_TYPE}, [2] = {L, MSG_SAMPLE},
		[3] = {L, MSG_MAPPING}, [4] = {L, MSG_LOCATION},
		[5] = {L, MSG_FUNCTION}, [6] = {L, MSG_BYTES},
		[7] = {V, 0}, [8] = {V, 0}, [9] = {V, 0}, [10] = {V, 0},
		[11] = {L, MSG_VALUE_TYPE}, [12] = {V, 0},
		[13] = {V | L, MSG_COUNT}, [14] = {V, 0}, [15] = {V, 0},
	},
	[MSG_VALUE_TYPE] = {[1] = {V, 0}, [2] = {V, 0}},
	[MSG_SAMPLE] = {
		[1] = {V | L, MSG_COUNT}, [2] = {V | L, MSG_COUNT},
		[3] = {L, MSG_LABEL},
	},
	[MSG_LABEL] = {[1] = {V, 0}, [2] = {V, 0}, [3] = {V, 0},
		       [4] = {V, 0}},
	[MSG_MAPPING] = {
		[1] = {V, 0}, [2] = {V, 0}, [3] = {V, 0}, [4] = {V, 0},
		[5] = {V, 0}, [6] = {V, 0}, [7] = {V, 0}, [8] = {V, 0},
		[9] = {V, 0}, [10] = {V, 0},
	},
	[MSG_LOCATION] = {[1] = {V, 0}, [2] = {V, 0}, [3] = {V, 0},
			  [4] = {L, MSG_LINE}, [5] = {V, 0}},
	[MSG_LINE] = {[1] = {V, 0}, [2] = {V, 0}, [3] = {V, 0}},
	[MSG_FUNCTION] = {[1] = {V, 0}, [2] = {V, 0}, [3] = {V, 0},
			  [4] = {V, 0}, [5] = {V, 0}},
};

#undef V
#undef L

static int walk_message(const unsigned char *p, size_t len, int kind,
			int top, struct walk *w);
static int walk_packed(const unsigned char *p, size_t len);
static size_t scan_varint(const unsigned char *p, size_t len, uint64_t *v);
static int decodes_fully(const unsigned char *data, size_t len);

/* Text is never decoded as protobuf: printable bytes walk as fields of
 * numbers 6 to 15 ('0' is field 6, varint), but every real profile has a
 * length-delimited field (sample_type) whose small length byte is a
 * control character within its first bytes. */
static int looks_like_text(const unsigned char *data, size_t len)
{
	size_t i, n = len < 4096 ? len : 4096;

	for (i = 0; i < n; i++)
		if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' &&
		    data[i] != '\r')
			return 0;
	return 1;
}

int sk_pprof_probe(const unsigned char *data, size_t len)
{
	struct walk w = {0, 0, 0, 0, 0};
	unsigned want = 1u << 1;	/* sample_type */

	if (len < 2 || looks_like_text(data, len) ||
	    walk_message(data, len, MSG_PROFILE, 1, &w) < 0)
		return 0;
	/* The walk checked every field of the whole input against the
	 * schema: decoding it too (for small inputs, a second decode of every
	 * file of a many-file merge) would add nothing. */
	if (!w.truncated && (w.seen & want) && w.fields >= 3)
		return SK_PROBE_MAX;
	if (!w.truncated && decodes_fully(data, len))
		return SK_PROBE_MAX;
	/* Writers put the sample types first (Go after time_nanos), and a
	 * sample type's bytes (tags 08 and 10) are not text; a short text
	 * can pass for a field or two, not for that. */
	if ((w.seen & want) && w.fields >= (w.truncated ? 2u : 3u))
		return SK_PROBE_STRONG;
	return w.fields >= 16 ? SK_PROBE_WEAK : 0;
}

/* Returns 0 when [p, p+len) walks as a `kind` message (possibly truncated
 * at the end, only at top level), -1 when it cannot be one. */
static int walk_message(const unsigned char *p, size_t len, int kind,
			int top, struct walk *w)
{
	size_t pos = 0, n;
	uint64_t tag, v;

	while (pos < len) {
		unsigned field, wire;
		const struct field_rule *r = NULL;

		if (top)
			w->at = pos;
		n = scan_varint(p + pos, len - pos, &tag);
		if (n == VARINT_BAD)
			return -1;
		if (n == 0)
			goto cut;
		pos += n;
		field = (unsigned)(tag >> 3 > 0xffff ? 0xffff : tag >> 3);
		wire = (unsigned)(tag & 7);
		if (top)
			w->field = field;
		if (field == 0)
			return -1;
		if (field < 16) {
			r = &rules[kind][field];
			if (!(r->wire_mask & (1u << wire)))
				return -1;
		} else if (top) {
			/* An unknown field from a newer schema: allowed,
			 * but not evidence. */
			if (wire != WIRE_VARINT && wire != WIRE_LEN &&
			    wire != WIRE_I64 && wire != WIRE_I32)
				return -1;
		} else {
			return -1;
		}
		switch (wire) {
		case WIRE_VARINT:
			n = scan_varint(p + pos, len - pos, &v);
			if (n == VARINT_BAD)
				return -1;
			if (n == 0)
				goto cut;
			pos += n;
			break;
		case WIRE_I64:
		case WIRE_I32:
			n = wire == WIRE_I64 ? 8 : 4;
			if (len - pos < n)
				goto cut;
			pos += n;
			break;
		case WIRE_LEN:
			n = scan_varint(p + pos, len - pos, &v);
			if (n == VARINT_BAD)
				return -1;
			if (n == 0)
				goto cut;
			pos += n;
			if (v > len - pos) {
				/* The field runs past the prefix: check what
				 * is there of it, then stop. */
				if (!top)
					return -1;
				w->truncated = 1;
				return 0;
			}
			if (r && r->nested == MSG_COUNT) {
				if (walk_packed(p + pos, (size_t)v) < 0)
					return -1;
			} else if (r && r->nested != MSG_BYTES &&
				   walk_message(p + pos, (size_t)v,
						r->nested, 0, w) < 0) {
				return -1;
			}
			pos += (size_t)v;
			break;
		default:
			return -1;
		}
		if (top && field < 16) {
			w->fields++;
			w->seen |= 1u << field;
		}
	}
	return 0;
cut:
	if (!top)
		return -1;
	w->truncated = 1;
	return 0;
}

/* Packed repeated varints: the payload must be whole varints. */
static int walk_packed(const unsigned char *p, size_t len)
{
	size_t pos = 0, n;
	uint64_t v;

	while (pos < len) {
		n = scan_varint(p + pos, len - pos, &v);
		if (n == 0 || n == VARINT_BAD)
			return -1;
		pos += n;
	}
	return 0;
}

/* Bytes used by the varint at p (at most 10), 0 when it does not end
 * within len, VARINT_BAD when it is longer than any varint can be. */
static size_t scan_varint(const unsigned char *p, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i == 10)
			return VARINT_BAD;
		x |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

/* The prefix is the whole input: let libprotobuf-c judge, and ask for the
 * string table pprof requires (entry 0 is ""). */
static int decodes_fully(const unsigned char *data, size_t len)
{
	Perftools__Profiles__Profile *pb;
	int ok;

	pb = perftools__profiles__profile__unpack(NULL, len, data);
	if (!pb)
		return 0;
	ok = pb->n_string_table > 0 && pb->string_table[0][0] == '\0';
	perftools__profiles__profile__free_unpacked(pb, NULL);
	return ok;
}

static const char *const top_names[16] = {
	"field 0", "sample_type", "sample", "mapping", "location", "function",
	"string_table", "drop_frames", "keep_frames", "time_nanos",
	"duration_nanos", "period_type", "period", "comment",
	"default_sample_type", "doc_url"
};

int sk_pprof_locate_error(const unsigned char *data, size_t len,
			  size_t *offset, sk_buf *what)
{
	struct walk w = {0, 0, 0, 0, 0};
	int rc = walk_message(data, len, MSG_PROFILE, 1, &w);

	if (rc == 0 && !w.truncated)
		return 0;
	*offset = w.at;
	sk_buf_appendf(what, "%s top-level field %u (%s)",
		       rc < 0 ? "malformed protobuf in" :
				"protobuf cut short inside",
		       w.field, w.field < 16 ? top_names[w.field] : "unknown");
	return 1;
}
