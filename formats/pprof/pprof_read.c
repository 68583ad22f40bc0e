/*
 * pprof_read.c - the pprof reader: decodes a profile.proto message with
 * libprotobuf-c, checks every reference in it, and builds the stackkit
 * model from it (the samples: pprof_samples.c).
 *
 * What goes where:
 *   - each sample_type becomes a value type (with its unit); the default is
 *     the one named by default_sample_type, else the LAST one, as pprof
 *     picks it;
 *   - period_type, period, time_nanos, duration_nanos, doc_url and the
 *     comments become metadata;
 *   - a Location with several Line entries is an inlined call chain, line[0]
 *     the innermost callee: it becomes one frame per line, all but the last
 *     marked SK_FRAME_INLINED, so a root-first stack lists
 *     line[n-1] ... line[0];
 *   - a Location without lines (not symbolized) becomes a frame named
 *     0xADDR (lowercase hex);
 *   - mappings are kept, and a mapping's file name is its frames' module;
 *   - labels (string, or numeric with a unit) form the record's label set;
 *     --label-frames KEY also turns a label into a root pseudo-frame
 *     "KEY=VALUE" ("KEY=N/A" when a sample lacks it), the convention of
 *     pprofutils' labelframes;
 *   - drop_frames/keep_frames are applied as pprof applies them when it
 *     loads a profile (see pprof_prune.c), unless --all-frames.
 * Values are int64 in pprof and doubles in the model: exact up to 2^53.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackkit/stackkit.h"
#include "lib/sk_format_author.h"
#include "formats/pprof/pprof.h"
#include "formats/pprof/profile.pb-c.h"
#include "formats/pprof/pprof_reader.h"

/* Real profiles have a handful of sample types (Go's heap profile has
 * four); every record of the model stores one value per type and adding a
 * type costs a pass over them, so thousands can only be an attack. */
enum { MAX_SAMPLE_TYPES = 1024 };

static int check_strings(struct pprof_reader *r);
static int read_value_types(struct pprof_reader *r);
static int read_meta(struct pprof_reader *r);
static int read_mappings(struct pprof_reader *r);
static int read_functions(struct pprof_reader *r);
static int read_locations(struct pprof_reader *r);
static int location_frames(struct pprof_reader *r, size_t index);
static void push_frame(struct pprof_reader *r, const sk_frame *f);
static int prune_locations(struct pprof_reader *r);
static void reader_free(struct pprof_reader *r);

int sk_pprof_malformed(struct pprof_reader *r, const unsigned char *data,
		       size_t len)
{
	sk_buf where = SK_BUF_INIT;
	size_t at;

	if (sk_pprof_locate_error(data, len, &at, &where)) {
		sk_error_set_offset(r->err, r->name, at, "%s", where.data);
	} else {
		sk_error_set_file(r->err, r->name, "malformed protobuf (%zu "
				  "bytes): a field's value is not what "
				  "profile.proto says it is", len);
	}
	sk_buf_free(&where);
	return -1;
}

int sk_pprof_read(sk_input *in, const sk_context *ctx, sk_profile *p,
		  sk_error *err)
{
	struct pprof_reader r;
	sk_pprof_arena arena;
	sk_pprof_split split;
	ProtobufCAllocator alloc;
	const unsigned char *data;
	pb_profile *pb;
	size_t len;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.p = p;
	r.name = sk_input_name(in);
	r.err = err;
	sk_pprof_idmap_init(&r.mapping_ids);
	sk_pprof_idmap_init(&r.function_ids);
	sk_pprof_idmap_init(&r.location_ids);
	sk_pprof_stackmap_init(&r.stacks);

	if (sk_input_slurp(in, &data, &len, err) < 0)
		return -1;
	sk_pprof_arena_init(&arena, len);
	alloc = sk_pprof_arena_allocator(&arena);
	r.data = data;
	r.len = len;
	if (sk_pprof_split_samples(data, len, &split) == 0) {
		/* Samples one by one later (pprof_split.c says why). */
		const uint8_t *rest = (const uint8_t *)split.rest.data;

		if (!rest)
			rest = (const uint8_t *)"";	/* all samples */
		r.split = &split;
		pb = perftools__profiles__profile__unpack(&alloc,
							  split.rest.len, rest);
	} else {
		pb = perftools__profiles__profile__unpack(&alloc, len, data);
	}
	if (!pb) {
		sk_pprof_split_free(&split);
		sk_pprof_arena_free(&arena);
		/* libprotobuf-c says nothing about where decoding failed. */
		if (arena.exceeded)
			return sk_error_set_file(err, r.name,
				"decoding the protobuf (%zu bytes) needs more "
				"than %zu bytes of memory", len, arena.limit);
		return sk_pprof_malformed(&r, data, len);
	}
	r.pb = pb;
	r.n_samples = r.split ? split.n_samples : pb->n_sample;
	r.frames_left = (uint64_t)len * FRAMES_PER_BYTE + FRAMES_BASE;

	if (check_strings(&r) == 0 && read_value_types(&r) == 0 &&
	    read_meta(&r) == 0 && read_mappings(&r) == 0 &&
	    read_functions(&r) == 0 && read_locations(&r) == 0 &&
	    prune_locations(&r) == 0 && sk_pprof_read_samples(&r) == 0)
		rc = 0;
	reader_free(&r);
	sk_pprof_split_free(&split);
	sk_pprof_arena_free(&arena);	/* pb with it */
	return rc;
}

uint64_t sk_pprof_limit_or_max(uint64_t limit)
{
	return limit ? limit : UINT64_MAX;
}

/* pprof requires string_table[0] == ""; index 0 then means "unset" in
 * every string field. */
static int check_strings(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	uint64_t max = sk_pprof_limit_or_max(r->ctx->limits.max_string_bytes);
	size_t i, n;

	if (pb->n_string_table == 0)
		return sk_error_set_file(r->err, r->name,
					 "string table is empty (entry 0 "
					 "must be \"\")");
	if (pb->string_table[0][0] != '\0')
		return sk_error_set_file(r->err, r->name,
					 "string table entry 0 is not \"\"");
	r->strs = sk_xcalloc(pb->n_string_table, sizeof(*r->strs));
	for (i = 1; i < pb->n_string_table; i++) {
		n = strlen(pb->string_table[i]);
		if (n > max)
			return sk_error_set_file(r->err, r->name,
				"string %zu: %zu bytes, over the limit of "
				"%" PRIu64, i, n, max);
		r->strs[i] = sk_profile_intern(r->p, pb->string_table[i], n);
	}
	return 0;
}

int sk_pprof_string_at(struct pprof_reader *r, int64_t index, sk_str *out,
		       const char *object, uint64_t id, const char *field)
{
	if (index < 0 || (uint64_t)index >= r->pb->n_string_table) {
		if (id)
			return sk_error_set_file(r->err, r->name,
				"%s %" PRIu64 ": %s string index %" PRId64
				" out of range (%zu strings)", object, id,
				field, index, r->pb->n_string_table);
		return sk_error_set_file(r->err, r->name,
			"%s: %s string index %" PRId64 " out of range "
			"(%zu strings)", object, field, index,
			r->pb->n_string_table);
	}
	*out = r->strs[index];
	return 0;
}

static int read_value_types(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	size_t i, j, n = pb->n_sample_type, dflt, before;
	sk_str type, unit;

	if (n == 0 && r->n_samples > 0)
		return sk_error_set_file(r->err, r->name,
			"%zu samples but no sample types", r->n_samples);
	if (n > MAX_SAMPLE_TYPES)
		return sk_error_set_file(r->err, r->name,
			"%zu sample types, over the limit of %d", n,
			MAX_SAMPLE_TYPES);
	r->columns = sk_xcalloc(n ? n : 1, sizeof(*r->columns));
	r->values = sk_xcalloc(n ? n : 1, sizeof(*r->values));
	for (i = 0; i < n; i++) {
		if (sk_pprof_string_at(r, pb->sample_type[i]->type, &type,
				       "sample type", i + 1, "type") < 0 ||
		    sk_pprof_string_at(r, pb->sample_type[i]->unit, &unit,
				       "sample type", i + 1, "unit") < 0)
			return -1;
		before = sk_profile_value_type_count(r->p);
		r->columns[i] = sk_profile_value_type(
			r->p, sk_profile_str(r->p, type),
			sk_profile_str(r->p, unit));
		/* The model keys value types by (type, unit); a repeated
		 * pair would silently add two columns together. */
		if (sk_profile_value_type_count(r->p) == before) {
			for (j = 0; j < i && r->columns[j] != r->columns[i];)
				j++;
			return sk_error_set_file(r->err, r->name,
				"sample type %zu (%s/%s) repeats sample type "
				"%zu", i + 1, sk_profile_str(r->p, type),
				sk_profile_str(r->p, unit), j + 1);
		}
	}
	if (n == 0)
		return 0;
	/* pprof matches default_sample_type against the type names and falls
	 * back to the last column. */
	dflt = n - 1;
	if (pb->default_sample_type != 0) {
		sk_str want = 0;

		if (sk_pprof_string_at(r, pb->default_sample_type, &want,
				       "profile", 0, "default_sample_type") < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (pb->sample_type[i]->type ==
				    pb->default_sample_type ||
			    r->strs[pb->sample_type[i]->type] == want) {
				dflt = i;
				break;
			}
	}
	sk_profile_set_default_value_type(r->p, r->columns[dflt]);
	return 0;
}

static int read_meta(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	sk_meta *m = sk_profile_meta(r->p);
	sk_str s;
	size_t i;

	if (pb->period_type &&
	    (sk_pprof_string_at(r, pb->period_type->type, &m->period_type.type,
				"profile", 0, "period_type type") < 0 ||
	     sk_pprof_string_at(r, pb->period_type->unit, &m->period_type.unit,
				"profile", 0, "period_type unit") < 0))
		return -1;
	m->period = pb->period;
	m->time_nanos = pb->time_nanos;
	m->duration_nanos = pb->duration_nanos;
	if (sk_pprof_string_at(r, pb->doc_url, &m->doc_url, "profile", 0,
			       "doc_url") < 0)
		return -1;
	for (i = 0; i < pb->n_comment; i++) {
		if (sk_pprof_string_at(r, pb->comment[i], &s, "comment", i + 1,
				       "text") < 0)
			return -1;
		sk_profile_add_comment(r->p, sk_profile_str(r->p, s));
	}
	return 0;
}

static int read_mappings(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	size_t i;

	r->mappings = sk_xcalloc(pb->n_mapping ? pb->n_mapping : 1,
				 sizeof(*r->mappings));
	for (i = 0; i < pb->n_mapping; i++) {
		const Perftools__Profiles__Mapping *pm = pb->mapping[i];
		sk_mapping m;

		if (pm->id == 0)
			return sk_error_set_file(r->err, r->name,
				"mapping %zu (in file order) has id 0", i + 1);
		if (sk_pprof_idmap_put(&r->mapping_ids, pm->id,
				       (uint32_t)i) < 0)
			return sk_error_set_file(r->err, r->name,
				"mapping %" PRIu64 ": id used twice", pm->id);
		memset(&m, 0, sizeof(m));
		m.start = pm->memory_start;
		m.limit = pm->memory_limit;
		m.offset = pm->file_offset;
		if (sk_pprof_string_at(r, pm->filename, &m.file, "mapping",
				       pm->id, "filename") < 0 ||
		    sk_pprof_string_at(r, pm->build_id, &m.build_id, "mapping",
				       pm->id, "build_id") < 0)
			return -1;
		m.flags = (pm->has_functions ? SK_MAPPING_HAS_FUNCTIONS : 0) |
			  (pm->has_filenames ? SK_MAPPING_HAS_FILENAMES : 0) |
			  (pm->has_line_numbers ? SK_MAPPING_HAS_LINE_NUMBERS
						: 0) |
			  (pm->has_inline_frames ? SK_MAPPING_HAS_INLINE_FRAMES
						 : 0);
		r->mappings[i] = sk_profile_add_mapping(r->p, &m);
	}
	return 0;
}

static int read_functions(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	sk_str s;
	size_t i;

	for (i = 0; i < pb->n_function; i++) {
		const pb_function *f = pb->function[i];

		if (f->id == 0)
			return sk_error_set_file(r->err, r->name,
				"function %zu (in file order) has id 0", i + 1);
		if (sk_pprof_idmap_put(&r->function_ids, f->id,
				       (uint32_t)i) < 0)
			return sk_error_set_file(r->err, r->name,
				"function %" PRIu64 ": id used twice", f->id);
		if (sk_pprof_string_at(r, f->name, &s, "function", f->id,
				       "name") < 0 ||
		    sk_pprof_string_at(r, f->system_name, &s, "function", f->id,
				       "system_name") < 0 ||
		    sk_pprof_string_at(r, f->filename, &s, "function", f->id,
				       "filename") < 0)
			return -1;
	}
	return 0;
}

static int read_locations(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	size_t i;

	r->locs = sk_xcalloc(pb->n_location ? pb->n_location : 1,
			     sizeof(*r->locs));
	for (i = 0; i < pb->n_location; i++) {
		const pb_location *l = pb->location[i];

		if (l->id == 0)
			return sk_error_set_file(r->err, r->name,
				"location %zu (in file order) has id 0", i + 1);
		if (sk_pprof_idmap_put(&r->location_ids, l->id,
				       (uint32_t)i) < 0)
			return sk_error_set_file(r->err, r->name,
				"location %" PRIu64 ": id used twice", l->id);
		if (location_frames(r, i) < 0)
			return -1;
	}
	return 0;
}

/* The frames of location `index`, root first: line[n-1] (the caller all
 * others were inlined into) down to line[0]. */
static int location_frames(struct pprof_reader *r, size_t index)
{
	const pb_location *l = r->pb->location[index];
	struct loc_frames *lf = &r->locs[index];
	sk_frame base;
	uint32_t mi;
	size_t k;

	memset(&base, 0, sizeof(base));
	base.address = l->address;
	if (l->mapping_id != 0) {
		if (sk_pprof_idmap_get(&r->mapping_ids, l->mapping_id,
				       &mi) < 0)
			return sk_error_set_file(r->err, r->name,
				"location %" PRIu64 ": mapping id %" PRIu64
				" does not exist", l->id, l->mapping_id);
		base.mapping = r->mappings[mi];
		base.module = sk_profile_mapping(r->p, base.mapping)->file;
	}
	/* perf_to_profile names the kernel's mapping [kernel.kallsyms] and
	 * JIT code keeps its perf-PID.map: the kind follows the mapping, by
	 * the rules the perf reader uses for dsos. */
	if (base.module)
		base.kind = (uint32_t)sk_module_kind(
			sk_profile_str(r->p, base.module),
			sk_profile_str_len(r->p, base.module));
	lf->offset = r->nframes;
	lf->count = l->n_line ? (uint32_t)l->n_line : 1;
	lf->keep = lf->count;
	if (l->n_line == 0) {
		sk_frame f = base;
		char hex[32];

		snprintf(hex, sizeof(hex), "0x%" PRIx64, l->address);
		f.name = sk_profile_intern_cstr(r->p, hex);
		push_frame(r, &f);
		return 0;
	}
	for (k = l->n_line; k-- > 0;) {
		const Perftools__Profiles__Line *ln = l->line[k];
		sk_frame f = base;
		uint32_t fi;

		if (ln->function_id != 0) {
			const pb_function *fn;

			if (sk_pprof_idmap_get(&r->function_ids,
					       ln->function_id, &fi) < 0)
				return sk_error_set_file(r->err, r->name,
					"location %" PRIu64 ": function id %"
					PRIu64 " does not exist", l->id,
					ln->function_id);
			fn = r->pb->function[fi];
			f.name = r->strs[fn->name];
			f.system_name = r->strs[fn->system_name];
			f.file = r->strs[fn->filename];
			f.start_line = fn->start_line;
		}
		if (f.name == 0 && (l->address != 0 || ln->function_id == 0)) {
			/* A line without a function name: pprof shows
			 * the address.  A named function whose name is
			 * empty, at no address, is a frame named "" (as
			 * folded input can have one), not "0x0". */
			char hex[32];

			snprintf(hex, sizeof(hex), "0x%" PRIx64, l->address);
			f.name = sk_profile_intern_cstr(r->p, hex);
		}
		f.line = ln->line;
		f.column = ln->column;
		if (k + 1 < l->n_line)
			f.kind = SK_FRAME_INLINED;
		push_frame(r, &f);
	}
	return 0;
}

static void push_frame(struct pprof_reader *r, const sk_frame *f)
{
	sk_xgrow((void **)&r->frames, &r->frames_cap, r->nframes + 1,
		 sizeof(*r->frames));
	r->frames[r->nframes++] = sk_profile_frame(r->p, f);
}

/* drop_frames/keep_frames (see pprof_prune.c) decide, per location, how
 * much of it and of the stack below it survives. */
static int prune_locations(struct pprof_reader *r)
{
	const pb_profile *pb = r->pb;
	struct sk_pprof_cut *cuts;
	sk_str s;
	size_t i;

	if (pb->drop_frames == 0 ||
	    (r->ctx->options && sk_options_has(r->ctx->options, "all-frames")))
		return 0;
	if (sk_pprof_string_at(r, pb->drop_frames, &s, "profile", 0,
			       "drop_frames") < 0 ||
	    sk_pprof_string_at(r, pb->keep_frames, &s, "profile", 0,
			       "keep_frames") < 0)
		return -1;
	cuts = sk_xcalloc(pb->n_location ? pb->n_location : 1, sizeof(*cuts));
	sk_pprof_plan_cuts(pb, &r->function_ids, r->ctx, r->name, cuts);
	for (i = 0; i < pb->n_location; i++) {
		r->locs[i].prune = cuts[i].how;
		if (cuts[i].how == PRUNE_BENEATH)
			r->locs[i].keep = cuts[i].keep;
	}
	free(cuts);
	return 0;
}

/* --label-frames KEY, repeatable and comma-separated, in root-first
 * order. */
static void reader_free(struct pprof_reader *r)
{
	size_t i;

	free(r->strs);
	sk_pprof_idmap_free(&r->mapping_ids);
	sk_pprof_idmap_free(&r->function_ids);
	sk_pprof_idmap_free(&r->location_ids);
	sk_pprof_stackmap_free(&r->stacks);
	free(r->mappings);
	free(r->locs);
	free(r->frames);
	free(r->columns);
	free(r->values);
	for (i = 0; i < r->nlabel_keys; i++)
		free(r->label_keys[i]);
	free(r->label_keys);
	free(r->stack);
	free(r->labels);
	sk_buf_free(&r->scratch);
}
