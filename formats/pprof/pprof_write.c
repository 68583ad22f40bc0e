/*
 * pprof_write.c - the pprof writer: turns the model into a profile.proto
 * message and encodes it with libprotobuf-c, gzip-compressed unless
 * --no-gzip is given or the output name ends in ".pb".
 *
 * Layout of what is written, all in a deterministic order (that of the
 * model's records and of their stacks, leaf first), so the same model
 * always gives the same bytes:
 *   - the string table is deduplicated, entry 0 is "", and the value type
 *     names come first as Go's own writer puts them;
 *   - one Function per distinct (name, system name, file, start line);
 *   - one Location per distinct (mapping, address, lines).  A run of
 *     SK_FRAME_INLINED frames above their caller, all with the same address
 *     and mapping, folds back into one Location whose lines list the
 *     innermost callee first and the caller last;
 *   - the model's mappings keep their ids; frames that name a module but no
 *     mapping (perf script's dso, say) get a mapping per module with no
 *     address range, so the module survives and pprof still reads it;
 *   - one Sample per record: its stack, labels, and one value per value
 *     type.  The model's values are doubles, pprof's int64: each is rounded
 *     to the nearest integer (llround, halves away from zero) and clamped to
 *     the int64 range.
 * A frame named 0xADDR with no file or line (how the reader names an
 * unsymbolized location) goes back to being a Location without lines.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackkit/stackkit.h"
#include "lib/sk_util.h"
#include "lib/strtab.h"
#include "formats/pprof/pprof.h"
#include "formats/pprof/profile.pb-c.h"

typedef Perftools__Profiles__Location pb_location;
typedef Perftools__Profiles__Function pb_function;
typedef Perftools__Profiles__Mapping pb_mapping;
typedef Perftools__Profiles__Sample pb_sample;
typedef Perftools__Profiles__Line pb_line;
typedef Perftools__Profiles__Label pb_label;
typedef Perftools__Profiles__ValueType pb_value_type;

/* A growable array of pointers to protobuf-c structs, each allocated with
 * sk_xmalloc and freed with the writer. */
struct ptrs {
	void **items;
	size_t count;
	size_t cap;
};

struct pprof_writer {
	const sk_profile *p;
	sk_strtab strings;	/* string -> string_table index */
	sk_pprof_idmap str_ids;		/* sk_str -> string_table index */
	sk_strtab function_keys;	/* key -> function index */
	sk_strtab location_keys;	/* key -> location index */
	sk_strtab modules;	/* module sk_str -> extra mapping */
	uint64_t kernel_mapping;	/* for kernel frames without a module */
	struct ptrs functions, locations, mappings, value_types;
	struct ptrs arrays;		/* other allocations to free */
	size_t model_mappings;
	uint64_t *frame_locs;		/* frame -> its one-line location */
	/* node -> its samples' location ids, shared by the samples of every
	 * label set on that node (the arrays are tracked once) */
	struct node_locs *node_locs;
	sk_frame_id *stack;
	size_t stack_cap;
	uint64_t *loc_ids;
	size_t loc_ids_cap;
	sk_buf key;
	uint64_t clamped, rounded;	/* values pprof's int64 changed */
	/* the sample being written: its arrays, reused */
	int64_t *values;
	pb_label *label_structs;
	pb_label **labels;
	size_t labels_cap;
	ProtobufCBuffer *out;
};

struct node_locs {
	uint64_t *ids;
	size_t n;
	int done;
};

/* Streams libprotobuf-c's output to the sk_output. */
struct output_buffer {
	ProtobufCBuffer base;
	sk_output *out;
};

static void choose_gzip(const sk_context *ctx, sk_output *out);
static int64_t str_index(struct pprof_writer *w, const char *s, size_t len);
static int64_t sk_str_index(struct pprof_writer *w, sk_str s);
static void ptrs_push(struct ptrs *a, void *item);
static void *track(struct pprof_writer *w, size_t size);
static void write_mappings(struct pprof_writer *w);
static void order_module_mappings(struct pprof_writer *w);
static uint64_t module_mapping(struct pprof_writer *w, sk_str module);
static uint64_t function_id(struct pprof_writer *w, const sk_frame *f);
static int is_unsymbolized(const sk_frame *f, const char *name);
static uint64_t location_id(struct pprof_writer *w, size_t first,
			    size_t last);
static void write_sample(struct pprof_writer *w, size_t record, size_t nvt);
static void emit(struct pprof_writer *w, unsigned field, const void *msg);
static void sample_locations(struct pprof_writer *w, sk_node_id node,
			     uint32_t depth, struct node_locs *nl);
static void write_values(struct pprof_writer *w, pb_sample *s,
			 const double *values, size_t nvt);
static int64_t round_value(double v);
static void write_meta(struct pprof_writer *w, Perftools__Profiles__Profile *pb);
static void output_append(ProtobufCBuffer *buf, size_t len,
			  const uint8_t *data);
static void writer_free(struct pprof_writer *w);

int sk_pprof_write(const sk_profile *p, const sk_context *ctx,
		   sk_output *out, sk_error *err)
{
	Perftools__Profiles__Profile pb = PERFTOOLS__PROFILES__PROFILE__INIT;
	struct pprof_writer w;
	struct output_buffer ob;
	size_t i, nvt = sk_profile_value_type_count(p);

	(void)err;
	choose_gzip(ctx, out);
	memset(&w, 0, sizeof(w));
	w.p = p;
	sk_strtab_init(&w.strings);
	sk_pprof_idmap_init(&w.str_ids);
	sk_strtab_init(&w.function_keys);
	sk_strtab_init(&w.location_keys);
	sk_strtab_init(&w.modules);
	str_index(&w, "", 0);
	w.frame_locs = sk_xcalloc(sk_profile_frame_count(p) + 1,
				  sizeof(*w.frame_locs));
	w.node_locs = sk_xcalloc(sk_profile_node_count(p) + 1,
				 sizeof(*w.node_locs));

	for (i = 0; i < nvt; i++) {
		sk_value_type vt = sk_profile_value_type_get(p, i);
		pb_value_type *t = track(&w, sizeof(*t));

		perftools__profiles__value_type__init(t);
		t->type = sk_str_index(&w, vt.type);
		t->unit = sk_str_index(&w, vt.unit);
		ptrs_push(&w.value_types, t);
	}
	write_mappings(&w);
	order_module_mappings(&w);
	ob.base.append = output_append;
	ob.out = out;
	w.out = &ob.base;
	/* Fields 1 (sample_type) and 2 (sample) are written as they are
	 * made, the rest as one message after them: the same bytes as
	 * packing the whole message, which protobuf-c does in field order,
	 * without holding every sample. */
	for (i = 0; i < w.value_types.count; i++)
		emit(&w, 1, w.value_types.items[i]);
	w.values = sk_xmalloc((nvt ? nvt : 1) * sizeof(*w.values));
	/* pprof rejects samples when there are no sample types. */
	for (i = 0; nvt > 0 && i < sk_profile_record_count(p); i++)
		write_sample(&w, i, nvt);
	write_meta(&w, &pb);

	pb.n_mapping = w.mappings.count;
	pb.mapping = (pb_mapping **)w.mappings.items;
	pb.n_location = w.locations.count;
	pb.location = (pb_location **)w.locations.items;
	pb.n_function = w.functions.count;
	pb.function = (pb_function **)w.functions.items;
	/* String ids are the string table's indices (id 0 is "", as pprof
	 * requires) and their bytes never move: point at them. */
	pb.n_string_table = w.strings.count;
	pb.string_table = (char **)w.strings.ptrs;

	perftools__profiles__profile__pack_to_buffer(&pb, &ob.base);
	if (w.rounded)
		sk_warn(ctx, "pprof output: %llu fractional value%s rounded to "
			"whole numbers", (unsigned long long)w.rounded,
			w.rounded == 1 ? "" : "s");
	if (w.clamped)
		sk_warn(ctx, "pprof output: %llu value%s beyond 64 bits written "
			"as the largest int64, %lld", (unsigned long long)w.clamped,
			w.clamped == 1 ? "" : "s", (long long)INT64_MAX);
	writer_free(&w);
	return 0;
}

/* pprof files are gzipped on disk; a ".pb" name or --no-gzip asks for the
 * bare message. */
static void choose_gzip(const sk_context *ctx, sk_output *out)
{
	const char *name = sk_output_name(out);

	if (ctx->options && sk_options_has(ctx->options, "no-gzip"))
		sk_output_set_gzip(out, 0);
	else if (name && sk_has_suffix(name, ".pb"))
		sk_output_set_gzip(out, 0);
	else
		sk_output_set_gzip(out, 1);
}

static int64_t str_index(struct pprof_writer *w, const char *s, size_t len)
{
	return (int64_t)sk_strtab_intern(&w->strings, s, len);
}

static int64_t sk_str_index(struct pprof_writer *w, sk_str s)
{
	uint32_t v;

	if (s == 0)
		return 0;
	if (sk_pprof_idmap_get(&w->str_ids, s, &v) == 0)
		return v;
	v = (uint32_t)str_index(w, sk_profile_str(w->p, s),
				sk_profile_str_len(w->p, s));
	sk_pprof_idmap_put(&w->str_ids, s, v);
	return v;
}

static void ptrs_push(struct ptrs *a, void *item)
{
	sk_xgrow((void **)&a->items, &a->cap, a->count + 1, sizeof(void *));
	a->items[a->count++] = item;
}

static void *track(struct pprof_writer *w, size_t size)
{
	void *mem = sk_xcalloc(1, size ? size : 1);

	ptrs_push(&w->arrays, mem);
	return mem;
}

static void write_mappings(struct pprof_writer *w)
{
	size_t id;

	w->model_mappings = sk_profile_mapping_count(w->p);
	for (id = 1; id <= w->model_mappings; id++) {
		const sk_mapping *m = sk_profile_mapping(w->p, (uint32_t)id);
		pb_mapping *pm = track(w, sizeof(*pm));

		perftools__profiles__mapping__init(pm);
		pm->id = id;
		pm->memory_start = m->start;
		pm->memory_limit = m->limit;
		pm->file_offset = m->offset;
		pm->filename = sk_str_index(w, m->file);
		pm->build_id = sk_str_index(w, m->build_id);
		pm->has_functions = !!(m->flags & SK_MAPPING_HAS_FUNCTIONS);
		pm->has_filenames = !!(m->flags & SK_MAPPING_HAS_FILENAMES);
		pm->has_line_numbers =
			!!(m->flags & SK_MAPPING_HAS_LINE_NUMBERS);
		pm->has_inline_frames =
			!!(m->flags & SK_MAPPING_HAS_INLINE_FRAMES);
		ptrs_push(&w->mappings, pm);
	}
}

/* pprof takes mapping[0] for the main binary (the "File:" of its
 * reports).  Nodes are created root first, so visiting them in id order
 * meets the program's modules before the code they call; but perf stacks
 * start in libc (__libc_start_call_main), so modules that look like an
 * executable (not "[kernel.kallsyms]"-style, not a shared object) go
 * first. */
static int looks_like_executable(const char *module)
{
	return module[0] != '[' && !strstr(module, ".so");
}

static void order_module_mappings(struct pprof_writer *w)
{
	size_t n, count = sk_profile_node_count(w->p);
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (n = 1; n < count; n++) {
			const sk_frame *f = sk_profile_frame_get(
				w->p, sk_profile_node_frame(w->p, (sk_node_id)n));

			if (f->mapping != 0 || f->module == 0)
				continue;
			if (pass == 0 && !looks_like_executable(
					sk_profile_str(w->p, f->module)))
				continue;
			module_mapping(w, f->module);
		}
}

/* A mapping standing for a module that came without one.  It claims
 * has_functions so pprof does not try to symbolize its addresses from a
 * binary it would look for on this machine. */
static uint64_t module_mapping(struct pprof_writer *w, sk_str module)
{
	int added;
	uint32_t k = sk_strtab_index(&w->modules, &module, sizeof(module),
				     &added);
	pb_mapping *pm;

	if (!added)
		return w->model_mappings + k + 1;
	pm = track(w, sizeof(*pm));
	perftools__profiles__mapping__init(pm);
	pm->id = w->model_mappings + k + 1;
	pm->filename = sk_str_index(w, module);
	pm->has_functions = 1;
	ptrs_push(&w->mappings, pm);
	return pm->id;
}

/* Kernel frames that came without a module (a folded "_[k]" frame) get
 * the mapping perf_data_converter gives the kernel, so they stay
 * recognisable as kernel code. */
static uint64_t kernel_mapping(struct pprof_writer *w)
{
	pb_mapping *pm;

	if (w->kernel_mapping)
		return w->kernel_mapping;
	pm = track(w, sizeof(*pm));
	perftools__profiles__mapping__init(pm);
	/* Above every id module_mapping can hand out (those count up from
	 * the model's mappings, one per module, and stay below 2^32). */
	pm->id = (uint64_t)1 << 32;
	pm->filename = str_index(w, "[kernel.kallsyms]", 17);
	pm->has_functions = 1;
	ptrs_push(&w->mappings, pm);
	w->kernel_mapping = pm->id;
	return pm->id;
}

static uint64_t function_id(struct pprof_writer *w, const sk_frame *f)
{
	int64_t key[4];
	int added;
	uint32_t k;
	pb_function *fn;

	key[0] = sk_str_index(w, f->name);
	key[1] = sk_str_index(w, f->system_name);
	key[2] = sk_str_index(w, f->file);
	key[3] = f->start_line;
	k = sk_strtab_index(&w->function_keys, key, sizeof(key), &added);
	if (!added)
		return (uint64_t)k + 1;
	fn = track(w, sizeof(*fn));
	perftools__profiles__function__init(fn);
	fn->id = (uint64_t)k + 1;
	fn->name = key[0];
	fn->system_name = key[1];
	fn->filename = key[2];
	fn->start_line = key[3];
	ptrs_push(&w->functions, fn);
	return fn->id;
}

static int is_unsymbolized(const sk_frame *f, const char *name)
{
	char hex[32];

	if (f->file || f->line || f->system_name || f->column)
		return 0;
	snprintf(hex, sizeof(hex), "0x%" PRIx64, f->address);
	return strcmp(hex, name) == 0;
}

/* The location for stack frames first..last (root-first indices into
 * w->stack): last is the leaf-most (innermost) line, first the caller. */
static uint64_t location_id(struct pprof_writer *w, size_t first,
			    size_t last)
{
	const sk_frame *caller = sk_profile_frame_get(w->p, w->stack[first]);
	uint64_t mapping = caller->mapping, head[3];
	size_t k, nlines = last - first + 1;
	int added, bare = 0;
	uint32_t id;
	pb_location *loc;

	/* Most locations are one frame: skip building their key again. */
	if (nlines == 1 && w->frame_locs[w->stack[first]])
		return w->frame_locs[w->stack[first]];
	if (mapping == 0 && caller->module != 0)
		mapping = module_mapping(w, caller->module);
	else if (mapping == 0 && caller->kind == SK_FRAME_KERNEL)
		mapping = kernel_mapping(w);
	if (nlines == 1)
		bare = is_unsymbolized(caller,
				       sk_profile_str(w->p, caller->name));
	sk_buf_reset(&w->key);
	head[0] = mapping;
	head[1] = caller->address;
	head[2] = (uint64_t)bare;
	sk_buf_append(&w->key, head, sizeof(head));
	for (k = last + 1; !bare && k-- > first;) {
		const sk_frame *f = sk_profile_frame_get(w->p, w->stack[k]);
		int64_t line[3];

		line[0] = (int64_t)function_id(w, f);
		line[1] = f->line;
		line[2] = f->column;
		sk_buf_append(&w->key, line, sizeof(line));
	}
	id = sk_strtab_index(&w->location_keys, w->key.data, w->key.len,
			     &added);
	if (nlines == 1)
		w->frame_locs[w->stack[first]] = (uint64_t)id + 1;
	if (!added)
		return (uint64_t)id + 1;
	loc = track(w, sizeof(*loc));
	perftools__profiles__location__init(loc);
	loc->id = (uint64_t)id + 1;
	loc->mapping_id = mapping;
	loc->address = caller->address;
	if (!bare) {
		const int64_t *lines =
			(const int64_t *)(w->key.data + sizeof(head));
		pb_line *structs = track(w, nlines * sizeof(*structs));

		loc->n_line = nlines;
		loc->line = track(w, nlines * sizeof(*loc->line));
		for (k = 0; k < nlines; k++) {
			perftools__profiles__line__init(&structs[k]);
			structs[k].function_id = (uint64_t)lines[3 * k];
			structs[k].line = lines[3 * k + 1];
			structs[k].column = lines[3 * k + 2];
			loc->line[k] = &structs[k];
		}
	}
	ptrs_push(&w->locations, loc);
	return loc->id;
}

/* The location ids of the stack ending at node, leaf first, into nl. */
static void sample_locations(struct pprof_writer *w, sk_node_id node,
			     uint32_t depth, struct node_locs *nl)
{
	size_t nlocs = 0, first, last;

	if (depth > w->stack_cap)
		sk_xgrow((void **)&w->stack, &w->stack_cap, depth,
			 sizeof(*w->stack));
	if (depth > w->loc_ids_cap)
		sk_xgrow((void **)&w->loc_ids, &w->loc_ids_cap, depth,
			 sizeof(*w->loc_ids));
	if (depth)
		sk_profile_node_stack(w->p, node, w->stack);

	/* From the leaf toward the root: an inlined frame pulls its callers
	 * into the same location while they share its address and mapping,
	 * up to and including the first caller that is not inlined. */
	for (last = depth; last-- > 0; last = first) {
		const sk_frame *leaf = sk_profile_frame_get(w->p,
							    w->stack[last]);

		first = last;
		while (first > 0 &&
		       sk_profile_frame_get(w->p, w->stack[first])->kind ==
			       SK_FRAME_INLINED) {
			const sk_frame *up =
				sk_profile_frame_get(w->p, w->stack[first - 1]);

			if (up->address != leaf->address ||
			    up->mapping != leaf->mapping ||
			    up->module != leaf->module)
				break;
			first--;
		}
		w->loc_ids[nlocs++] = location_id(w, first, last);
		if (first == 0)
			break;
	}
	nl->n = nlocs;
	nl->ids = track(w, nlocs * sizeof(*nl->ids));
	if (nlocs)
		memcpy(nl->ids, w->loc_ids, nlocs * sizeof(*nl->ids));
	nl->done = 1;
}

static void write_values(struct pprof_writer *w, pb_sample *s,
			 const double *values, size_t nvt)
{
	size_t k;

	s->n_value = nvt;
	s->value = w->values;
	for (k = 0; k < nvt; k++) {
		s->value[k] = round_value(values[k]);
		if (fabs(values[k]) >= 9223372036854775808.0)
			w->clamped++;
		else if (values[k] != floor(values[k]))
			w->rounded++;
	}
}

static void write_sample(struct pprof_writer *w, size_t record, size_t nvt)
{
	sk_record rec = sk_profile_record_get(w->p, record);
	const double *values = sk_profile_record_values(w->p, record);
	uint32_t depth = sk_profile_node_depth(w->p, rec.node);
	const sk_label *labels;
	size_t nlabels = 0, k;
	pb_sample s;
	struct node_locs *nl = &w->node_locs[rec.node];

	perftools__profiles__sample__init(&s);
	if (!nl->done)
		sample_locations(w, rec.node, depth, nl);
	s.n_location_id = nl->n;
	s.location_id = nl->ids;
	write_values(w, &s, values, nvt);

	labels = rec.labels ? sk_profile_labelset_get(w->p, rec.labels,
						      &nlabels)
			    : NULL;
	if (nlabels > w->labels_cap) {
		w->labels_cap = nlabels;
		w->label_structs = sk_xrealloc(w->label_structs,
					       nlabels * sizeof(*w->label_structs));
		w->labels = sk_xrealloc(w->labels, nlabels * sizeof(*w->labels));
	}
	s.n_label = nlabels;
	s.label = nlabels ? w->labels : NULL;
	for (k = 0; k < nlabels; k++) {
		pb_label *l = &w->label_structs[k];

		perftools__profiles__label__init(l);
		l->key = sk_str_index(w, labels[k].key);
		if (labels[k].str) {
			l->str = sk_str_index(w, labels[k].str);
		} else {
			l->num = labels[k].num;
			l->num_unit = sk_str_index(w, labels[k].num_unit);
		}
		w->labels[k] = l;
	}
	emit(w, 2, &s);
}

/* One length-delimited field of the top-level message: tag, length, the
 * packed submessage. */
static void emit(struct pprof_writer *w, unsigned field, const void *msg)
{
	const ProtobufCMessage *m = msg;
	uint8_t head[1 + 10];
	size_t n = 0, len = protobuf_c_message_get_packed_size(m);

	head[n++] = (uint8_t)(field << 3 | 2);
	while (len >= 0x80) {
		head[n++] = (uint8_t)(len | 0x80);
		len >>= 7;
	}
	head[n++] = (uint8_t)len;
	w->out->append(w->out, n, head);
	protobuf_c_message_pack_to_buffer(m, w->out);
}

static int64_t round_value(double v)
{
	/* 2^63 is exactly representable; anything at or past it clamps. */
	if (isnan(v))
		return 0;
	if (v >= 9223372036854775808.0)
		return INT64_MAX;
	if (v <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)llround(v);
}

static void write_meta(struct pprof_writer *w, Perftools__Profiles__Profile *pb)
{
	const sk_meta *m = sk_profile_meta_const(w->p);
	size_t i, n = sk_profile_comment_count(w->p);

	if (sk_profile_value_type_count(w->p) > 0) {
		sk_value_type vt = sk_profile_value_type_get(
			w->p, sk_profile_default_value_type(w->p));

		pb->default_sample_type = sk_str_index(w, vt.type);
	}
	if (m->period_type.type || m->period_type.unit) {
		pb_value_type *t = track(w, sizeof(*t));

		perftools__profiles__value_type__init(t);
		t->type = sk_str_index(w, m->period_type.type);
		t->unit = sk_str_index(w, m->period_type.unit);
		pb->period_type = t;
	}
	pb->period = m->period;
	pb->time_nanos = m->time_nanos;
	pb->duration_nanos = m->duration_nanos;
	pb->doc_url = sk_str_index(w, m->doc_url);
	pb->n_comment = n;
	pb->comment = track(w, n * sizeof(*pb->comment));
	for (i = 0; i < n; i++)
		pb->comment[i] = sk_str_index(w, sk_profile_comment(w->p, i));
}

static void output_append(ProtobufCBuffer *buf, size_t len,
			  const uint8_t *data)
{
	struct output_buffer *ob = (struct output_buffer *)buf;

	sk_output_write(ob->out, data, len);
}

static void writer_free(struct pprof_writer *w)
{
	size_t i;

	for (i = 0; i < w->arrays.count; i++)
		free(w->arrays.items[i]);
	free(w->arrays.items);
	free(w->functions.items);
	free(w->locations.items);
	free(w->mappings.items);
	free(w->values);
	free(w->label_structs);
	free(w->labels);
	free(w->value_types.items);
	sk_strtab_free(&w->strings);
	sk_pprof_idmap_free(&w->str_ids);
	sk_strtab_free(&w->function_keys);
	sk_strtab_free(&w->location_keys);
	sk_strtab_free(&w->modules);
	free(w->stack);
	free(w->loc_ids);
	free(w->frame_locs);
	free(w->node_locs);
	sk_buf_free(&w->key);
}
