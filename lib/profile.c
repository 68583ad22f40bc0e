/*
 * profile.c - the parts of sk_profile that describe things: strings, frames,
 * mappings, value types, label sets and metadata.  The call tree and the
 * weights live in tree.c.
 */
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[SK_FRAME_KIND_COUNT] = {
	"native", "kernel", "jit", "inlined", "interpreted",
	"thread", "process", "label", "other"
};

static int has_bytes(const char *s, size_t n, const char *p)
{
	size_t pn = strlen(p);

	return n >= pn && memmem(s, n, p, pn) != NULL;
}

/* /tmp/perf-DIGITS.map anywhere in the name. */
static int is_perf_map(const char *s, size_t n)
{
	const char *p = s, *e = s + n;

	while ((p = memmem(p, (size_t)(e - p), "/tmp/perf-", 10)) != NULL) {
		const char *q = p + 10;

		while (q < e && *q >= '0' && *q <= '9')
			q++;
		if (q > p + 10 && e - q >= 4 && memcmp(q, ".map", 4) == 0)
			return 1;
		p++;
	}
	return 0;
}

int sk_module_kind(const char *m, size_t n)
{
	if (n > 0 && !has_bytes(m, n, "unknown") &&
	    (m[0] == '[' ||
	     (n >= 7 && memcmp(m + n - 7, "vmlinux", 7) == 0) ||
	     (n >= 3 && memcmp(m + n - 3, ".ko", 3) == 0) ||
	     has_bytes(m, n, "/vmlinux-")))
		return SK_FRAME_KERNEL;
	if (is_perf_map(m, n) || has_bytes(m, n, "/jitted-"))
		return SK_FRAME_JIT;
	return SK_FRAME_NATIVE;
}

const char *sk_frame_kind_name(int kind)
{
	if (kind < 0 || kind >= SK_FRAME_KIND_COUNT)
		return "?";
	return kind_names[kind];
}

sk_profile *sk_profile_new(void)
{
	sk_profile *p = sk_xcalloc(1, sizeof *p);

	sk_strtab_init(&p->strings);
	sk_index_init(&p->frame_index);
	sk_index_init(&p->set_index);
	sk_index_init(&p->child_index);
	sk_index_init(&p->record_index);
	/* Node 0 is the root: no frame, its own parent. */
	p->nodes = sk_xcalloc(16, sizeof *p->nodes);
	p->nodes_cap = 16;
	p->nnodes = 1;
	return p;
}

void sk_profile_free(sk_profile *p)
{
	if (!p)
		return;
	sk_strtab_free(&p->strings);
	sk_index_free(&p->frame_index);
	sk_index_free(&p->set_index);
	sk_index_free(&p->child_index);
	sk_index_free(&p->record_index);
	free(p->frames);
	free(p->mappings);
	free(p->types);
	free(p->labels);
	free(p->sets);
	free(p->nodes);
	free(p->records);
	free(p->values);
	free(p->samples);
	free(p->sample_values);
	free(p->comments);
	free(p);
}

/* ---- strings ---- */

sk_str sk_profile_intern(sk_profile *p, const char *s, size_t len)
{
	return sk_strtab_intern(&p->strings, s, len);
}

sk_str sk_profile_intern_cstr(sk_profile *p, const char *s)
{
	return sk_strtab_intern(&p->strings, s ? s : "", s ? strlen(s) : 0);
}

const char *sk_profile_str(const sk_profile *p, sk_str id)
{
	return id < p->strings.count ? p->strings.ptrs[id] : "";
}

size_t sk_profile_str_len(const sk_profile *p, sk_str id)
{
	return id < p->strings.count ? p->strings.lens[id] : 0;
}

/* ---- frames ---- */

static int frame_eq(const void *arg, uint32_t id, const void *key)
{
	const sk_profile *p = arg;
	return memcmp(&p->frames[id], key, sizeof(sk_frame)) == 0;
}

sk_frame_id sk_profile_frame(sk_profile *p, const sk_frame *f)
{
	sk_frame key;
	uint64_t h;
	uint32_t id;

	/* Copy field by field so padding (none today) never enters the hash. */
	memset(&key, 0, sizeof key);
	key.name = f->name;
	key.system_name = f->system_name;
	key.file = f->file;
	key.module = f->module;
	key.line = f->line;
	key.start_line = f->start_line;
	key.column = f->column;
	key.address = f->address;
	key.mapping = f->mapping;
	key.kind = f->kind;
	h = sk_hash_bytes(&key, sizeof key, 1);
	id = sk_index_find(&p->frame_index, h, frame_eq, p, &key);
	if (id != UINT32_MAX)
		return id;
	id = (uint32_t)p->nframes;
	sk_xgrow((void **)&p->frames, &p->frames_cap, p->nframes + 1,
		 sizeof *p->frames);
	p->frames[p->nframes++] = key;
	sk_index_insert(&p->frame_index, h, id);
	return id;
}

void sk_profile_reindex_frames(sk_profile *p)
{
	size_t i;

	sk_index_free(&p->frame_index);
	sk_index_init(&p->frame_index);
	sk_index_reserve(&p->frame_index, p->nframes);
	for (i = 0; i < p->nframes; i++) {
		uint64_t h = sk_hash_bytes(&p->frames[i], sizeof(sk_frame), 1);

		/* Of frames made equal, lookups find the first. */
		if (sk_index_find(&p->frame_index, h, frame_eq, p,
				  &p->frames[i]) == UINT32_MAX)
			sk_index_insert(&p->frame_index, h, (uint32_t)i);
	}
}

sk_frame_id sk_profile_frame_named(sk_profile *p, const char *name, size_t len,
				   int kind)
{
	sk_frame f;

	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern(p, name, len);
	f.kind = (uint32_t)kind;
	return sk_profile_frame(p, &f);
}

const sk_frame *sk_profile_frame_get(const sk_profile *p, sk_frame_id id)
{
	assert(id < p->nframes);
	return &p->frames[id];
}

size_t sk_profile_frame_count(const sk_profile *p)
{
	return p->nframes;
}

/* ---- mappings ---- */

uint32_t sk_profile_add_mapping(sk_profile *p, const sk_mapping *m)
{
	sk_xgrow((void **)&p->mappings, &p->mappings_cap, p->nmappings + 1,
		 sizeof *p->mappings);
	p->mappings[p->nmappings++] = *m;
	return (uint32_t)p->nmappings;
}

const sk_mapping *sk_profile_mapping(const sk_profile *p, uint32_t id)
{
	return id >= 1 && id <= p->nmappings ? &p->mappings[id - 1] : NULL;
}

size_t sk_profile_mapping_count(const sk_profile *p)
{
	return p->nmappings;
}

/* ---- value types ---- */

/* Widens every value row from old to new stride; new columns are zero. */
static double *relayout(const double *old, size_t rows, size_t from,
			size_t to, size_t *cap)
{
	double *v = sk_xcalloc(rows ? rows * to : 1, sizeof *v);
	size_t r, t;

	for (r = 0; r < rows; r++)
		for (t = 0; t < from && t < to; t++)
			v[r * to + t] = old[r * from + t];
	*cap = rows * to;
	return v;
}

size_t sk_profile_value_type(sk_profile *p, const char *type, const char *unit)
{
	sk_value_type vt;
	double *v;
	size_t i;

	memset(&vt, 0, sizeof vt);
	vt.type = sk_profile_intern_cstr(p, type);
	vt.unit = sk_profile_intern_cstr(p, unit);
	for (i = 0; i < p->ntypes; i++)
		if (p->types[i].type == vt.type && p->types[i].unit == vt.unit)
			return i;
	sk_xgrow((void **)&p->types, &p->types_cap, p->ntypes + 1,
		 sizeof *p->types);
	p->types[p->ntypes] = vt;
	v = relayout(p->values, p->nrecords, p->ntypes, p->ntypes + 1,
		     &p->values_cap);
	free(p->values);
	p->values = v;
	v = relayout(p->sample_values, p->nsamples, p->ntypes, p->ntypes + 1,
		     &p->sample_values_cap);
	free(p->sample_values);
	p->sample_values = v;
	return p->ntypes++;
}

size_t sk_profile_value_type_count(const sk_profile *p)
{
	return p->ntypes;
}

sk_value_type sk_profile_value_type_get(const sk_profile *p, size_t i)
{
	assert(i < p->ntypes);
	return p->types[i];
}

void sk_profile_set_value_type_event(sk_profile *p, size_t i,
				     const char *event)
{
	assert(i < p->ntypes);
	p->types[i].event = event && *event ? sk_profile_intern_cstr(p, event)
					    : 0;
}

void sk_profile_set_value_type_flags(sk_profile *p, size_t i, uint32_t flags)
{
	assert(i < p->ntypes);
	p->types[i].flags = flags;
}

size_t sk_profile_default_value_type(const sk_profile *p)
{
	return p->default_type;
}

void sk_profile_set_default_value_type(sk_profile *p, size_t i)
{
	assert(i < p->ntypes);
	p->default_type = i;
}

long sk_profile_find_value_type(const sk_profile *p, const char *spec)
{
	const char *slash = strchr(spec, '/');
	char *end;
	long n;
	size_t i;

	n = strtol(spec, &end, 10);
	if (*spec && !*end)
		return n >= 0 && (size_t)n < p->ntypes ? n : -1;
	for (i = 0; i < p->ntypes; i++) {
		const char *type = sk_profile_str(p, p->types[i].type);
		const char *unit = sk_profile_str(p, p->types[i].unit);
		size_t tlen = strlen(type);
		if (slash) {
			if ((size_t)(slash - spec) == tlen &&
			    memcmp(spec, type, tlen) == 0 &&
			    strcmp(slash + 1, unit) == 0)
				return (long)i;
		} else if (strcmp(spec, type) == 0) {
			return (long)i;
		}
	}
	return -1;
}

/* ---- label sets ---- */

struct set_key {
	const sk_label *labels;
	size_t n;
};

static int set_eq(const void *arg, uint32_t id, const void *k)
{
	const sk_profile *p = arg;
	const struct set_key *key = k;
	const struct sk_labelset *s = &p->sets[id];

	return s->count == key->n &&
	       memcmp(p->labels + s->offset, key->labels,
		      key->n * sizeof(sk_label)) == 0;
}

static int label_cmp(const void *a, const void *b)
{
	const sk_label *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->str != y->str)
		return x->str < y->str ? -1 : 1;
	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	if (x->num_unit != y->num_unit)
		return x->num_unit < y->num_unit ? -1 : 1;
	return 0;
}

sk_labelset_id sk_profile_labelset(sk_profile *p, const sk_label *labels,
				   size_t n)
{
	struct set_key key;
	sk_label *sorted;
	uint64_t h;
	uint32_t id;
	size_t i;

	if (n == 0)
		return 0;
	/* Order-insensitive identity: sort a copy (stable key order also
	 * makes writers deterministic). */
	sorted = sk_xmalloc(n * sizeof *sorted);
	for (i = 0; i < n; i++) {
		memset(&sorted[i], 0, sizeof *sorted);
		sorted[i].key = labels[i].key;
		sorted[i].str = labels[i].str;
		sorted[i].num = labels[i].num;
		sorted[i].num_unit = labels[i].num_unit;
	}
	qsort(sorted, n, sizeof *sorted, label_cmp);
	key.labels = sorted;
	key.n = n;
	h = sk_hash_bytes(sorted, n * sizeof *sorted, 2);
	id = sk_index_find(&p->set_index, h, set_eq, p, &key);
	if (id == UINT32_MAX) {
		id = (uint32_t)p->nsets;
		sk_xgrow((void **)&p->labels, &p->labels_cap, p->nlabels + n,
			 sizeof *p->labels);
		memcpy(p->labels + p->nlabels, sorted, n * sizeof *sorted);
		sk_xgrow((void **)&p->sets, &p->sets_cap, p->nsets + 1,
			 sizeof *p->sets);
		p->sets[p->nsets].offset = p->nlabels;
		p->sets[p->nsets].count = n;
		p->nsets++;
		p->nlabels += n;
		sk_index_insert(&p->set_index, h, id);
	}
	free(sorted);
	return id + 1;
}

const sk_label *sk_profile_labelset_get(const sk_profile *p, sk_labelset_id id,
					size_t *n)
{
	if (id == 0 || id > p->nsets) {
		*n = 0;
		return NULL;
	}
	*n = p->sets[id - 1].count;
	return p->labels + p->sets[id - 1].offset;
}

/* ---- metadata ---- */

sk_meta *sk_profile_meta(sk_profile *p)
{
	return &p->meta;
}

const sk_meta *sk_profile_meta_const(const sk_profile *p)
{
	return &p->meta;
}

void sk_profile_add_comment(sk_profile *p, const char *text)
{
	sk_xgrow((void **)&p->comments, &p->comments_cap, p->ncomments + 1,
		 sizeof *p->comments);
	p->comments[p->ncomments++] = sk_profile_intern_cstr(p, text);
}

size_t sk_profile_comment_count(const sk_profile *p)
{
	return p->ncomments;
}

sk_str sk_profile_comment(const sk_profile *p, size_t i)
{
	assert(i < p->ncomments);
	return p->comments[i];
}
