/*
 * progress.c - one self-overwriting line while a large input is read:
 *
 *   stackconv: perf.txt: 812.3 MB of 2.1 GB (38%), 402.7 MB/s
 *
 * The input layer calls at most ten times a second; this file decides
 * whether to show anything: by default only on a terminal and only for an
 * input over 64 MiB (by its size, or by what has been read of a pipe), so
 * scripts and small files never see it.  The line is redrawn with a
 * carriage return and padded with blanks over a longer previous one (no
 * terminal escapes: a forced line into a file stays readable), and blanked
 * out when the input ends, leaving the cursor where it was.
 */
#include "cmd/progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#define AUTO_THRESHOLD ((uint64_t)64 << 20)

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void progress_init(progress *pr, const char *prog, FILE *out, int mode)
{
	memset(pr, 0, sizeof *pr);
	pr->prog = prog;
	pr->out = out;
	pr->mode = mode;
	pr->tty = isatty(fileno(out));
	pr->start_ns = now_ns();
}

/* "812.3 MB": decimal units, as transfer rates are usually given. */
static void human(char *buf, size_t cap, double bytes)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB" };
	size_t u = 0;

	while (bytes >= 1000 && u + 1 < sizeof units / sizeof units[0]) {
		bytes /= 1000;
		u++;
	}
	snprintf(buf, cap, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

void progress_clear(progress *pr)
{
	if (!pr->shown)
		return;
	fprintf(pr->out, "\r%*s\r", (int)pr->shown, "");
	fflush(pr->out);
	pr->shown = 0;
}

void progress_report(void *arg, const char *name, uint64_t bytes,
		     uint64_t size, int done)
{
	progress *pr = arg;
	char line[512], got[32], total[32], rate[32];
	double secs;
	int n;

	if (done) {
		progress_clear(pr);
		return;
	}
	if (pr->mode == PROGRESS_NEVER ||
	    (pr->mode == PROGRESS_AUTO &&
	     (!pr->tty || (size <= AUTO_THRESHOLD && bytes <= AUTO_THRESHOLD))))
		return;
	secs = (double)(now_ns() - pr->start_ns) / 1e9;
	human(got, sizeof got, (double)bytes);
	human(rate, sizeof rate, secs > 0 ? (double)bytes / secs : 0);
	if (size) {
		human(total, sizeof total, (double)size);
		n = snprintf(line, sizeof line, "%s: %s: %s of %s (%.0f%%), %s/s",
			     pr->prog, name, got, total,
			     100.0 * (double)bytes / (double)size, rate);
	} else {
		n = snprintf(line, sizeof line, "%s: %s: %s, %s/s", pr->prog,
			     name, got, rate);
	}
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line)
		n = (int)sizeof line - 1;
	fprintf(pr->out, "\r%s%*s", line,
		pr->shown > (size_t)n ? (int)(pr->shown - (size_t)n) : 0, "");
	fflush(pr->out);
	pr->shown = (size_t)n;
}
