/*
 * perf_private.h - what the files of the `perf script` format share: the
 * line parsers (perf_parse.c), the record scanner that collapses a region of
 * text into a table of distinct stacks (perf_scan.c), the reader that drives
 * scanners over an input, in parallel for plain files (perf_read.c), and the
 * writer (perf_write.c).  Nothing here is visible outside formats/perf/.
 *
 * The reader follows stackcollapse-perf.pl (FlameGraph, with the PR #231
 * "include last stack" fix), the de facto reference for this text: the
 * FlameGraph and inferno test corpora are reproduced byte for byte.  Where
 * the script gives up (right-aligned comm, sample address on the event line,
 * dso names with spaces), the reader does what perf meant instead; each such
 * place says so.
 */
#ifndef STACKKIT_PERF_PRIVATE_H
#define STACKKIT_PERF_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stackkit/sk_buf.h"
#include "stackkit/sk_error.h"
#include "stackkit/sk_format.h"
#include "stackkit/sk_profile.h"
#include "lib/strtab.h"
#include "lib/sk_index.h"

/* The reader's options, as stackcollapse-perf.pl spells them.  Its --pid,
 * --tid, --kernel and --jit are rendering choices of the name-only writers
 * now (sk_view.h): threads and frame kinds are always read. */
typedef struct perf_opts {
	int addrs;		/* [dso <pc>] for unknown symbols */
	int inline_;		/* addr2line's inlined functions (--inline) */
	int context;		/* with them, "func:file:line" (--context) */
	int srcline;		/* -F+srcline's lines in names (--srcline) */
	const char *event_filter;	/* NULL: keep every event */
	uint64_t max_line;
	uint64_t max_depth;
	uint64_t max_string;
	int want_timeline;
} perf_opts;

/* ---- perf_parse.c: one line at a time ---- */

/* The event (record header) line.  Pointers go into the line. */
typedef struct perf_header {
	const char *comm;
	size_t comm_len;
	const char *pid;	/* NULL when perf printed only the TID */
	size_t pid_len;
	const char *tid;
	size_t tid_len;
	const char *cpu;	/* the digits of "[CPU]", or NULL */
	size_t cpu_len;
	const char *event;	/* NULL when no "EVENT:" could be found */
	size_t event_len;
	uint64_t period;	/* valid when has_period */
	int has_period;
	const char *period_text;	/* its digits, when has_period */
	size_t period_len;
	int64_t time;		/* nanoseconds, valid when has_time */
	int has_time;
	const char *time_text;	/* "SECONDS.FRACTION", when has_time */
	size_t time_len;
	const char *rest;	/* the sample address printed on the same
				 * line (perf without -g), or NULL */
	size_t rest_len;
	/* perf_hdrcache_parse: where the scanner may keep what it makes of
	 * comm, pid, tid, cpu and event (the same for every header this
	 * template serves); UINT32_MAX until then.  NULL when not cached.
	 * Valid until the next perf_hdrcache_parse. */
	uint32_t *memo;
} perf_header;

/* One call chain line "ADDR SYMBOL[+0xOFF] (DSO)". */
typedef struct perf_frame {
	const char *pc;
	size_t pc_len;
	const char *sym;	/* without the +0xOFF suffix */
	size_t sym_len;
	const char *dso;
	size_t dso_len;
	/* The source line `perf script -F+srcline` prints under the frame
	 * line, as FlameGraph's --srcline keeps it: "[...]" groups removed,
	 * blanks trimmed ("spin.c:31", "libc.so.6"); NULL when none. */
	const char *srcline;
	size_t srcline_len;
} perf_frame;

/* Returns 1 and fills h when [s, s+n) (no newline) is a record header. */
int perf_parse_header(const char *s, size_t n, perf_header *h);
/* The two numbers of a header: parse_time and parse_u64 of perf_parse.c,
 * for perf_hdrcache.c, which takes everything else from a header seen
 * before. */
int perf_parse_time(const char *s, size_t n, int64_t *ns);
uint64_t perf_parse_u64(const char *s, size_t n);
/* Returns 1 and fills f when [s, s+n) is a call chain line. */
int perf_parse_frame(const char *s, size_t n, perf_frame *f);
/* perf_parse_frame's answer for the usual frame line shape, found without
 * byte loops (perf_fastframe.c); 0 when the line is not of that shape or
 * not known to be a frame line: perf_parse_frame decides then.  Reads up
 * to 64 bytes back from the line's end, so [lo, s) must be readable too;
 * lo NULL: the line alone is. */
int perf_parse_frame_fast(const char *lo, const char *s, size_t n,
			  perf_frame *f);

/* The record's thread as the scanner keys it: COMM, PID, TID and CPU
 * texts, each followed by a NUL (empty when perf did not print it).
 * Appended to out. */
void perf_thread_key(const perf_header *h, sk_buf *out);

/* Renders one call chain line into one or more frames (a Java "a->b->c"
 * inline chain gives several), leaf side first as in the input; calls emit
 * for each (name, kind) pair.  java is true when the root frame starts
 * with "java" (FlameGraph's tidy_java). */
typedef void (*perf_emit_fn)(void *arg, const char *name, size_t len,
			     int kind, const perf_frame *f);
void perf_render_frame(const perf_frame *f, int java, const perf_opts *o,
		       sk_buf *scratch, perf_emit_fn emit, void *arg);

/* ---- perf_scan.c: a region of text into distinct stacks ---- */

/* Weights are summed as saturating integers: exact, and the same whatever
 * order the threads add them in (doubles would round differently once
 * absurd periods pass 2^53). */
static inline uint64_t perf_sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* One distinct (event, stack) of a scanner.  The key is a compact copy of
 * what the stack's frames depend on, so names are rendered once per
 * distinct key, not once per sample.  The key holds the event, the thread
 * (perf_thread_key) and one u32 per frame: the scanner's id of the frame
 * line. */
typedef struct perf_entry {
	size_t key_off;		/* into perf_scanner.keys */
	uint32_t key_len;
	uint64_t first;		/* input offset of the first record */
	uint64_t count;
	uint64_t period;	/* saturating: sums do not depend on order */
	uint32_t index;		/* scratch for the merge */
	uint32_t event;		/* perf_build: its event, UINT32_MAX if none */
} perf_entry;

/* One record, kept only when the timeline is wanted. */
typedef struct perf_tsample {
	uint32_t entry;		/* into the scanner's entries */
	int64_t time;
	uint64_t period;
} perf_tsample;

/* One distinct frame line of a scanner: bytes in perf_scanner.seg_bytes
 * as u8 flags (SEG_PC, SEG_SRCLINE), u32 symbol length, symbol, u32 dso
 * length, dso, [u32 pc length, pc], [u32 srcline length, srcline]. */
enum { SEG_PC = 1, SEG_SRCLINE = 2 };
typedef struct perf_seg {
	size_t off;
	uint32_t len;
} perf_seg;

/* The scanner's hashes read 8 bytes at a time: an unaligned load, and
 * the bytes of s[i..n) left after the whole words as one word, by an
 * overlapping load when n >= 8 (a short memcpy into a local would stall
 * on store forwarding), else bytewise. */
static inline uint64_t perf_load8(const void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t perf_tail8(const void *p, size_t i, size_t n)
{
	const unsigned char *s = p;
	uint64_t t = 0;

	if (n >= 8)
		return perf_load8(s + n - 8);
	for (; i < n; i++)
		t = t << 8 | s[i];
	return t;
}

/* memcmp(a, b, n) == 0 for the short strings of frame lines and headers,
 * inline: 8 bytes at a time and an overlapping last load, no library
 * call. */
static inline int perf_same_bytes(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	if (n < 8) {
		for (; i < n; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	for (; i + 8 <= n; i += 8)
		if (perf_load8(a + i) != perf_load8(b + i))
			return 0;
	return perf_load8(a + n - 8) == perf_load8(b + n - 8);
}

/* One slot of the raw frame line cache (perf_scan.c): a frame line's bytes
 * as the input has them and the id of the frame line they parse to.  Real
 * recordings print the same few thousand call sites over and over, so most
 * frame lines are found here and never parsed.  Since whole call chains
 * are cached (perf_chain.c), 4,096 slots do as well as 16,384 (callgrind
 * on both bench profiles: within 0.5%) in a quarter of the memory. */
enum { PERF_RAW_TEXT = 116, PERF_RAW_SLOTS = 1 << 12 };
typedef struct perf_rawslot {
	uint64_t hash;
	uint32_t seg;
	uint16_t len;		/* 0: empty */
	char text[PERF_RAW_TEXT];
} perf_rawslot;

/* perf_chain.c: whole call chains seen before. */
typedef struct perf_chains perf_chains;
/* perf_hdrcache.c: headers parsed before. */
typedef struct perf_hdrcache perf_hdrcache;

typedef struct perf_scanner {
	const perf_opts *opts;
	const char *lo;		/* start of the text perf_scan is given */
	perf_chains *chains;	/* NULL when it did not pay */
	perf_hdrcache *hdrs;
	perf_rawslot *raw;	/* PERF_RAW_SLOTS, direct-mapped; NULL when
				 * it did not pay (too few hits) */
	uint64_t raw_tries, raw_hits;
	/* distinct frame lines */
	perf_seg *segs;
	size_t n_segs, cap_segs;
	sk_index seg_index;
	sk_buf seg_bytes;
	/* the table */
	perf_entry *entries;
	size_t n_entries, cap_entries;
	sk_index entry_index;	/* of entries, by key hash */
	sk_buf keys;
	/* distinct heads of keys (event and thread, perf_scan.c), by the
	 * id that starts a key; kept until the scanner is freed */
	sk_strtab heads;
	/* the record being read */
	sk_buf head;
	sk_buf key;
	sk_buf scratch;
	int in_record;
	uint32_t rec_head;	/* the record's head id */
	uint32_t rec_chain;	/* its cached chain, or UINT32_MAX */
	uint32_t rec_entry;	/* its entry when the memo knew it, else
				 * UINT32_MAX: the key is then incomplete */
	uint64_t records;	/* records started */
	int after_frame;	/* the last line was a frame line */
	sk_buf srcline;		/* a frame line with its source line */
	int single_line;	/* the record had its address on the header */
	int record_has_time;
	uint64_t depth;
	uint64_t rec_first;
	uint64_t rec_line_off;
	uint64_t rec_period;
	int64_t rec_time;
	/* timeline of this scanner's current unit */
	perf_tsample *samples;
	size_t n_samples, cap_samples;
	int samples_without_time;
	/* findings */
	int any_period;
	uint64_t unrecognized;
	uint64_t first_unrecognized;	/* input offset, valid if any */
	uint64_t orphan_frames;	/* frame lines outside any record */
	int failed;
	uint64_t err_off;	/* input offset of the bad line */
	char err_msg[256];
} perf_scanner;

void perf_scanner_init(perf_scanner *sc, const perf_opts *o);
/* The scan is over: the lookup tables and the raw-line cache, which only
 * scanning needs, go before the profile is built (peak memory). */
void perf_scanner_scan_done(perf_scanner *sc);
/* A frame line as a scanner stored it (perf_seg). */
void perf_seg_decode(const char *q, perf_frame *f);
void perf_scanner_free(perf_scanner *sc);
/* Scans complete lines of [data, data+len) found at input offset base.
 * When final, a record still open at the end is counted (PR #231).
 * Returns the number of bytes consumed: up to the end of the last complete
 * line (all of it when final).  On a bad line sets failed and stops. */
size_t perf_scan(perf_scanner *sc, const char *data, size_t len,
		 uint64_t base, int final);
/* One line (without its newline) at input offset off; -1 on a bad line. */
int perf_scan_line(perf_scanner *sc, const char *s, size_t n, uint64_t off);
/* Ends the record in progress (end of a unit that ends at a blank line or
 * at the end of the input). */
void perf_scan_flush(perf_scanner *sc);

/* ---- perf_chain.c ---- */
perf_chains *perf_chains_new(void);
void perf_chains_free(perf_chains *c);
/* Right after a header line: takes the record's call chain at data (len
 * bytes are there) from the cache, or scans it line by line and remembers
 * it.  Returns the bytes consumed: the chain, or where scanning failed
 * (sc->failed), or 0 when there is no chain to take (the caller goes on
 * line by line). */
size_t perf_chain_scan(perf_scanner *sc, const char *data, size_t len,
		       uint64_t base);
/* A memo of the entry that records of a head and a cached chain counted
 * into, so that such records skip building, hashing and comparing their
 * key: the entry a pair was given, or UINT32_MAX; and recording it (a
 * full memo takes no more). */
uint32_t perf_chains_entry(const perf_chains *c, uint32_t head,
			   uint32_t chain);
void perf_chains_set_entry(perf_chains *c, uint32_t head, uint32_t chain,
			   uint32_t entry);

/* ---- perf_hdrcache.c ---- */
perf_hdrcache *perf_hdrcache_new(void);
void perf_hdrcache_free(perf_hdrcache *c);
/* perf_parse_header(s, n, h), from a header parsed before when s differs
 * from it only in the digits of its time and period; c may be NULL.
 * Unless want_time, h->time may be another record's. */
int perf_hdrcache_parse(perf_hdrcache *c, const char *s, size_t n,
			int want_time, perf_header *h);
/* Headers served from a template so far (for tests). */
uint64_t perf_hdrcache_hits(const perf_hdrcache *c);

/* ---- perf_inline.c: --inline ---- */

/* Does FlameGraph's --inline ask addr2line about frames of this dso? */
int perf_inline_wanted(const char *dso, size_t len);
/* Runs addr2line once per dso over the frames' addresses.  For frame i,
 * count[i] names (NUL-terminated, the caller first) start at
 * names->data + start[i]; count[i] is 0 where perf's name stays.  Returns
 * the number of dsos addr2line could not be run on. */
int perf_inline_resolve(const perf_frame *f, size_t n, int context,
			sk_buf *names, size_t *start, size_t *count);

/* ---- perf_thread.c: threads as labels ---- */

/* The distinct threads of a read (perf_thread_key texts) and the label set
 * each gets (sk_thread.h): thread_comm, pid, tid, cpu, and the process'
 * comm, which is its main thread's (TID = PID) when the file has one. */
typedef struct perf_threads {
	sk_profile *p;
	sk_strtab keys;
	sk_labelset_id *sets;
	size_t n;
} perf_threads;

void perf_threads_init(perf_threads *t, sk_profile *p);
void perf_threads_add(perf_threads *t, const char *key, size_t len);
/* After the last add: makes every thread's label set. */
void perf_threads_finish(perf_threads *t);
sk_labelset_id perf_threads_labels(perf_threads *t, const char *key,
				   size_t len);
void perf_threads_free(perf_threads *t);

/* ---- perf_read.c, perf_build.c ---- */

/* What one unit of input left besides its scanner's table. */
typedef struct unit_result {
	perf_tsample *samples;
	size_t n_samples;
	int samples_without_time;
	unsigned worker;
	int failed;
	uint64_t err_off;
	uint64_t err_line;	/* perf_stream.c: the line of err_off */
	char err_msg[256];
} unit_result;

/* perf_stream.c: reads what cannot be read in place (standard input, gzip, a
 * file with a BOM) with sk_context_threads scanners, into the same
 * tables as the file path; warns of unrecognized lines.  0, or -1. */
int perf_read_stream(sk_input *in, const sk_context *ctx, const perf_opts *o,
		     perf_scanner **scs, unsigned *n_scs, unit_result **units,
		     size_t *n_units, sk_error *err);


int perf_build(sk_profile *p, const sk_context *ctx, const perf_opts *o,
	       perf_scanner *scs, unsigned n_scs, unit_result *units,
	       size_t n_units, const char *name, sk_error *err);

/* ---- perf_read.c, perf_write.c ---- */
int perf_read(sk_input *in, const sk_context *ctx, sk_profile *p,
	      sk_error *err);
int perf_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	       sk_error *err);
int perf_opts_from_context(const sk_context *ctx, perf_opts *o,
			   sk_error *err);

#endif
