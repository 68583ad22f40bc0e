/*
 * options.c - the option bag handed from commands to formats, and the
 * context (limits, threads, warnings) readers and writers run in.
 */
#include <stackkit/sk_format.h>
#include "lib/sk_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void sk_options_init(sk_options *o)
{
	memset(o, 0, sizeof *o);
}

void sk_options_set(sk_options *o, const char *name, const char *value)
{
	sk_xgrow((void **)&o->items, &o->cap, o->count + 1, sizeof *o->items);
	o->items[o->count].name = sk_xstrdup(name);
	o->items[o->count].value = value ? sk_xstrdup(value) : NULL;
	o->count++;
}

const char *sk_options_get(const sk_options *o, const char *name)
{
	size_t i;

	if (!o)
		return NULL;
	for (i = o->count; i-- > 0;)
		if (strcmp(o->items[i].name, name) == 0)
			return o->items[i].value ? o->items[i].value : "";
	return NULL;
}

int sk_options_has(const sk_options *o, const char *name)
{
	return sk_options_get(o, name) != NULL;
}

void sk_options_free(sk_options *o)
{
	size_t i;

	for (i = 0; i < o->count; i++) {
		free(o->items[i].name);
		free(o->items[i].value);
	}
	free(o->items);
	memset(o, 0, sizeof *o);
}

void sk_context_init(sk_context *ctx, const sk_options *options)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->options = options;
	sk_limits_default(&ctx->limits);
	ctx->want_timeline = 1;
}

void sk_warn(const sk_context *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!ctx || !ctx->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ctx->warn(ctx->warn_arg, msg);
}

unsigned sk_context_threads(const sk_context *ctx)
{
	long n;

	if (ctx && ctx->threads)
		return ctx->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}
