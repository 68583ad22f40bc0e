/*
 * perf-floor.c - a lower bound for reading `perf script` text into
 * distinct stacks: the least work any reader that looks at every frame
 * line does, and nothing else.  Each of two threads reads half of the
 * file with pread(2) in 64 KiB chunks (as stackconv does), finds every
 * line, takes the symbol and dso of each frame line with stackconv's own
 * shortcut (formats/perf/perf_fastframe.c), hashes them and looks the hash
 * up in a small table.  No records, keys, stacks, tree or output: what it
 * takes is time stackconv cannot go below on this machine without
 * skipping frame lines (which only repeated call chains allow).
 *
 * A frame line the shortcut declines (one at a chunk's start, with too
 * little before it to look back on) is not counted: the floor is then a
 * little lower still.  Built and run by bench/perf-floor.sh; prints the
 * milliseconds of the best of 5 runs and the frame lines counted.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "formats/perf/perf_private.h"

enum { CHUNK = 64 * 1024, TABLE = 4096 };

struct half {
	int fd;
	off_t from, to;		/* whole lines: to is after a newline */
	uint64_t frames, hits;
};

/* The symbol's and dso's hash, as perf_scan.c's seg_hash takes them. */
static uint64_t frame_hash(const perf_frame *f)
{
	const uint64_t m = 0x9fb21c651e98df25ULL;
	uint64_t h = (f->sym_len * m) ^ f->dso_len;
	size_t i = 0;

	for (; i + 8 <= f->sym_len; i += 8)
		h = (h ^ perf_load8(f->sym + i)) * m, h ^= h >> 29;
	h = (h ^ perf_tail8(f->sym, i, f->sym_len)) * m;
	h = (h ^ perf_tail8(f->dso, 0, f->dso_len)) * m;
	return h ^ h >> 32;
}

static void *scan_half(void *arg)
{
	struct half *hf = arg;
	uint32_t *table = calloc(TABLE, sizeof(*table));
	char *buf = malloc(2 * CHUNK + 1);
	size_t have = 0;
	off_t off = hf->from;

	while (off < hf->to || have) {
		size_t want = CHUNK, pos = 0;
		ssize_t got = 0;

		if (off < hf->to) {
			if ((off_t)want > hf->to - off)
				want = (size_t)(hf->to - off);
			got = pread(hf->fd, buf + have, want, off);
			if (got <= 0)
				break;
			off += got;
		}
		have += (size_t)got;
		for (;;) {
			const char *nl = memchr(buf + pos, '\n', have - pos);
			size_t end = nl ? (size_t)(nl - buf) : have;
			perf_frame f;

			if (!nl && off < hf->to)
				break;	/* the rest comes with the next chunk */
			if (end > pos && buf[pos] == '\t' &&
			    perf_parse_frame_fast(buf, buf + pos, end - pos,
						  &f)) {
				uint64_t h = frame_hash(&f);
				uint32_t *slot = &table[h & (TABLE - 1)];

				hf->hits += *slot == (uint32_t)h;
				*slot = (uint32_t)h;
				hf->frames++;
			}
			pos = end + 1;
			if (pos >= have)
				break;
		}
		if (pos > have)
			pos = have;
		memmove(buf, buf + pos, have - pos);
		have -= pos;
		if (have > CHUNK)
			have = 0;	/* a line this long is no frame line */
		if (off >= hf->to)
			have = 0;
	}
	free(buf);
	free(table);
	return NULL;
}

/* The offset after the first newline at or after off. */
static off_t next_line(int fd, off_t off)
{
	char b[4096];
	ssize_t n;

	while ((n = pread(fd, b, sizeof(b), off)) > 0) {
		const char *nl = memchr(b, '\n', (size_t)n);

		if (nl)
			return off + (nl - b) + 1;
		off += n;
	}
	return off;
}

int main(int argc, char **argv)
{
	struct stat st;
	double best = 1e9;
	uint64_t frames = 0;
	int fd, run;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0 ||
	    fstat(fd, &st) < 0) {
		fprintf(stderr, "usage: perf-floor FILE\n");
		return 2;
	}
	for (run = 0; run < 5; run++) {
		off_t mid = next_line(fd, st.st_size / 2);
		struct half h[2] = { { fd, 0, mid, 0, 0 },
				     { fd, mid, st.st_size, 0, 0 } };
		struct timespec a, b;
		pthread_t t;
		double ms;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (pthread_create(&t, NULL, scan_half, &h[1]) != 0)
			return 2;
		scan_half(&h[0]);
		pthread_join(t, NULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
		     (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
		frames = h[0].frames + h[1].frames;
	}
	printf("%.1f ms %llu frame lines\n", best, (unsigned long long)frames);
	return 0;
}
