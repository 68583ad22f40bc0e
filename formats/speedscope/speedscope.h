/*
 * speedscope.h - what the files of the speedscope format share (private to
 * formats/speedscope/): the reader, the writer, and the one spelling of a
 * thread as a profile name that both use.
 */
#ifndef STACKKIT_FORMATS_SPEEDSCOPE_H
#define STACKKIT_FORMATS_SPEEDSCOPE_H

#include <stackkit/stackkit.h>
#include <stackkit/sk_thread.h>
#include "lib/sk_format_author.h"

#define SS_SCHEMA_URL "https://www.speedscope.app/file-format-schema.json"

int ss_read(sk_input *in, const sk_context *ctx, sk_profile *p,
	    sk_error *err);
int ss_write(const sk_profile *p, const sk_context *ctx, sk_output *out,
	     sk_error *err);

/* A profile name as a thread: "COMM PID/TID" (either number may be '?'),
 * "COMM (TID)", or any other non-empty name as the thread's COMM alone.
 * Fills t with ids of p; returns 1 when t holds a thread. */
int ss_thread_from_name(sk_profile *p, const char *name, sk_thread *t);
/* The writer's spelling, which ss_thread_from_name reads back: "COMM
 * PID/TID" when the thread has a PID or a TID, else "COMM".  Appends
 * nothing and returns 0 when t holds neither a command nor an id. */
int ss_thread_name(const sk_profile *p, const sk_thread *t, sk_buf *out);

#endif
