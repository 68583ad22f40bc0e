/*
 * progress.h - the commands' progress line on stderr for large inputs,
 * fed by the library's input layer (sk_progress_fn in sk_io.h).
 */
#ifndef STACKKIT_PROGRESS_H
#define STACKKIT_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

enum {
	PROGRESS_AUTO = 0,	/* a terminal, and an input over 64 MiB */
	PROGRESS_ALWAYS,	/* --progress: wherever stderr goes */
	PROGRESS_NEVER		/* --no-progress */
};

typedef struct progress {
	const char *prog;
	FILE *out;
	int mode;
	int tty;		/* out is a terminal */
	int64_t start_ns;
	size_t shown;		/* width of the line on screen; 0 = none */
} progress;

void progress_init(progress *pr, const char *prog, FILE *out, int mode);
/* Blanks the line if one is shown, so that a message can follow; the next
 * report draws it again. */
void progress_clear(progress *pr);
/* An sk_progress_fn; arg is the progress. */
void progress_report(void *arg, const char *name, uint64_t bytes,
		     uint64_t size, int done);

#endif
