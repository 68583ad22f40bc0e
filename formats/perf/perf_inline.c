/*
 * perf_inline.c - FlameGraph's --inline: the functions inlined at each
 * user-space address, from the binary's debug information through binutils
 * addr2line, as stackcollapse-perf.pl --inline (and --context) does.
 *
 * The script runs `addr2line -a PC -e DSO -i -f -s -C` once per address;
 * here addr2line runs once per dso with every distinct address of that dso
 * on its standard input, which prints the same blocks one after the other.
 * It needs the recorded binaries at their recorded paths and addr2line in
 * PATH; a dso that cannot be read, or an address addr2line knows nothing
 * about ("??"), keeps perf's name, as in the script.  The script's second
 * try through `nm` (for absolute addresses in non-PIE binaries that perf
 * printed with a symbol offset) is not done.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

extern char **environ;

/* The script's own limit would be none; a hostile input could list
 * thousands of dsos, each a process to start. */
#define MAX_DSOS 256

static int run_addr2line(const char *dso, const char *in_path,
			 const char *out_path);
static int temp_file(char *path, size_t cap, const char *tag);
static void parse_blocks(const char *out, size_t len, const size_t *idx,
			 size_t n_idx, int context, sk_buf *names,
			 size_t *start, size_t *count);
static void finish_block(sk_buf *items, size_t n_items, int context,
			 sk_buf *names, size_t *start, size_t *count);

int perf_inline_wanted(const char *dso, size_t len)
{
	const char *p;

	/* /(perf-\d+.map|kernel\.|\[[^\]]+\])/: JIT maps, the kernel, and
	 * perf's bracketed pseudo-dsos have no debug information. */
	if (memmem(dso, len, "kernel.", 7))
		return 0;
	for (p = dso; (p = memchr(p, '[', len - (size_t)(p - dso))); p++) {
		const char *q = memchr(p + 1, ']', len - (size_t)(p + 1 - dso));

		if (q && q > p + 1)
			return 0;
		if (!q)
			break;
	}
	for (p = dso; (p = memmem(p, len - (size_t)(p - dso), "perf-", 5));
	     p++) {
		const char *q = p + 5, *e = dso + len;

		while (q < e && *q >= '0' && *q <= '9')
			q++;
		if (q > p + 5 && e - q >= 4 && memcmp(q + 1, "map", 3) == 0)
			return 0;
	}
	return len > 0;
}

static int temp_file(char *path, size_t cap, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, cap, "%s/stackkit-a2l-%s.XXXXXX", dir,
			     tag) >= cap)
		return -1;
	fd = mkstemp(path);
	return fd;
}

static int run_addr2line(const char *dso, const char *in_path,
			 const char *out_path)
{
	char *const argv[] = { "addr2line", "-a", "-i", "-f", "-s", "-C",
			       "-e", (char *)dso, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, "addr2line", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	/* Only an interrupted wait is retried: with SIGCHLD ignored the
	 * child is reaped by the kernel and waitpid fails with ECHILD,
	 * which would spin forever. */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* One address done: items holds "func\0loc\0" pairs, innermost first. */
static void finish_block(sk_buf *items, size_t n_items, int context,
			 sk_buf *names, size_t *start, size_t *count)
{
	const char *it[2 * 64];
	size_t n = 0, i;
	const char *p = items->data, *end = items->data + items->len;
	sk_buf joined = SK_BUF_INIT;

	*count = 0;
	while (p < end && n < 2 * 64 && n < 2 * n_items) {
		it[n++] = p;
		p += strlen(p) + 1;
	}
	n -= n % 2;
	/* The script's test for "addr2line knew nothing": the joined result
	 * is empty, "??" or "??:??:0". */
	for (i = n; i >= 2; i -= 2) {
		if (joined.len)
			sk_buf_append_char(&joined, ';');
		sk_buf_append_cstr(&joined, it[i - 2]);
		if (context) {
			sk_buf_append_char(&joined, ':');
			sk_buf_append_cstr(&joined, it[i - 1]);
		}
	}
	if (joined.len == 0 || strcmp(joined.data, "??") == 0 ||
	    strcmp(joined.data, "??:??:0") == 0) {
		sk_buf_free(&joined);
		return;
	}
	sk_buf_free(&joined);
	*start = names->len;
	for (i = n; i >= 2; i -= 2) {	/* outermost (the caller) first */
		sk_buf_append_cstr(names, it[i - 2]);
		if (context) {
			sk_buf_append_char(names, ':');
			sk_buf_append_cstr(names, it[i - 1]);
		}
		sk_buf_append_char(names, '\0');
		(*count)++;
	}
}

/* addr2line -a prints, per address, a "0x..." line and then one
 * function line and one location line per inlining level. */
static void parse_blocks(const char *out, size_t len, const size_t *idx,
			 size_t n_idx, int context, sk_buf *names,
			 size_t *start, size_t *count)
{
	const char *p = out, *end = out + len;
	sk_buf items = SK_BUF_INIT;
	size_t k = 0, n_items = 0;
	int in_block = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *disc;

		if (n >= 2 && p[0] == '0' && p[1] == 'x') {
			if (in_block && k < n_idx) {
				finish_block(&items, n_items / 2, context,
					     names, &start[idx[k]],
					     &count[idx[k]]);
				k++;
			}
			in_block = 1;
			sk_buf_reset(&items);
			n_items = 0;
		} else if (in_block) {
			/* s/ \(discriminator \S+\)// */
			disc = memmem(p, n, " (discriminator ", 16);
			sk_buf_append(&items, p, disc ? (size_t)(disc - p) : n);
			sk_buf_append_char(&items, '\0');
			n_items++;
		}
		p += n + 1;
	}
	if (in_block && k < n_idx)
		finish_block(&items, n_items / 2, context, names,
			     &start[idx[k]], &count[idx[k]]);
	sk_buf_free(&items);
}

int perf_inline_resolve(const perf_frame *f, size_t n, int context,
			sk_buf *names, size_t *start, size_t *count)
{
	size_t *idx = sk_xcalloc(n + 1, sizeof(*idx));
	char *done = sk_xcalloc(n + 1, 1);
	size_t i, j, dsos = 0;
	int failed = 0;

	for (i = 0; i < n; i++)
		count[i] = 0;
	for (i = 0; i < n; i++) {
		char in_path[512], out_path[512], *dso;
		size_t n_idx = 0;
		int in_fd, out_fd;
		FILE *fp;

		if (done[i] || !f[i].pc_len ||
		    !perf_inline_wanted(f[i].dso, f[i].dso_len))
			continue;
		if (++dsos > MAX_DSOS) {
			failed++;
			break;
		}
		for (j = i; j < n; j++) {
			if (!done[j] && f[j].pc_len &&
			    f[j].dso_len == f[i].dso_len &&
			    memcmp(f[j].dso, f[i].dso, f[i].dso_len) == 0) {
				done[j] = 1;
				idx[n_idx++] = j;
			}
		}
		dso = sk_xstrndup(f[i].dso, f[i].dso_len);
		if (access(dso, R_OK) != 0) {
			free(dso);
			failed++;
			continue;
		}
		in_fd = temp_file(in_path, sizeof(in_path), "in");
		out_fd = in_fd < 0 ? -1 : temp_file(out_path, sizeof(out_path),
						    "out");
		if (in_fd < 0 || out_fd < 0) {
			if (in_fd >= 0) {
				close(in_fd);
				unlink(in_path);
			}
			free(dso);
			failed++;
			continue;
		}
		fp = fdopen(in_fd, "w");
		for (j = 0; fp && j < n_idx; j++)
			fprintf(fp, "0x%.*s\n", (int)f[idx[j]].pc_len,
				f[idx[j]].pc);
		if (fp)
			fclose(fp);
		else
			close(in_fd);
		close(out_fd);
		if (run_addr2line(dso, in_path, out_path) == 0) {
			sk_buf out = SK_BUF_INIT;
			char chunk[65536];
			size_t got;

			fp = fopen(out_path, "r");
			while (fp && (got = fread(chunk, 1, sizeof(chunk),
						  fp)) > 0)
				sk_buf_append(&out, chunk, got);
			if (fp)
				fclose(fp);
			parse_blocks(out.data ? out.data : "", out.len, idx,
				     n_idx, context, names, start, count);
			sk_buf_free(&out);
		} else {
			failed++;
		}
		unlink(in_path);
		unlink(out_path);
		free(dso);
	}
	free(idx);
	free(done);
	return failed;
}
