/*
 * guard.c - how a command ends when it cannot finish: on SIGTERM, SIGINT
 * or SIGHUP, and when an allocation fails, the `-o` temporary file is
 * removed, one line says why on stderr, and the exit status is 2 (see
 * README's exit codes).  SIGXFSZ is ignored so that a file-size limit
 * turns into a write error (EFBIG) reported like any other.
 *
 * Signal handlers can only use what is async-signal-safe: the temporary
 * path is copied into a static buffer beforehand, and the handler does
 * nothing but unlink(), write() and _exit().  This state belongs to the
 * command, not to the library.
 */
#include "cmd/cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char guard_prog[64];
static char guard_path[4096];
static volatile sig_atomic_t guard_armed;

/* "prog" a b "\n" on stderr, with write() only. */
static void say(const char *a, const char *b)
{
	ssize_t rc;

	rc = write(STDERR_FILENO, guard_prog, strlen(guard_prog));
	rc = write(STDERR_FILENO, a, strlen(a));
	rc = write(STDERR_FILENO, b, strlen(b));
	rc = write(STDERR_FILENO, "\n", 1);
	(void)rc;
}

static void remove_temp(void)
{
	if (guard_armed)
		unlink(guard_path);
	guard_armed = 0;
}

static void on_signal(int sig)
{
	const char *name = sig == SIGTERM ? "SIGTERM" :
			   sig == SIGINT ? "SIGINT" : "SIGHUP";

	remove_temp();
	say(": terminated by ", name);
	_exit(EXIT_TROUBLE);
}

static void on_oom(size_t bytes)
{
	char n[64];

	remove_temp();
	snprintf(n, sizeof n, "%zu bytes)", bytes);
	say(": out of memory (allocating ", n);
	_exit(EXIT_TROUBLE);
}

void cli_guard_init(const char *prog)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	snprintf(guard_prog, sizeof guard_prog, "%s", prog);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;

		/* a signal ignored by whoever started us stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	signal(SIGXFSZ, SIG_IGN);
	sk_set_oom_handler(on_oom);
}

void cli_guard_output(const sk_output *out)
{
	const char *tmp = sk_output_temp_path(out);

	guard_armed = 0;
	if (!tmp || strlen(tmp) >= sizeof guard_path)
		return;
	memcpy(guard_path, tmp, strlen(tmp) + 1);
	guard_armed = 1;
}

void cli_guard_done(void)
{
	guard_armed = 0;
}
