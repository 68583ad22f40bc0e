/*
 * sk_export.h - what the shared library exports.
 *
 * libstackkit is compiled with -fvisibility=hidden, so lib/ and formats/
 * internals (sk_strtab_*, perf_*, the protobuf-c code) stay private and
 * cannot become an accidental ABI.  Each public header puts its
 * declarations between SK_API_BEGIN and SK_API_END, which makes every
 * function declared there visible: a declaration added anywhere in a public
 * header is exported with no further step.  SK_EXPORT marks a single
 * declaration elsewhere.  tests/cli/exports.sh checks the result with nm.
 */
#ifndef STACKKIT_SK_EXPORT_H
#define STACKKIT_SK_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define SK_EXPORT __attribute__((visibility("default")))
#define SK_API_BEGIN _Pragma("GCC visibility push(default)")
#define SK_API_END _Pragma("GCC visibility pop")
#else
#define SK_EXPORT
#define SK_API_BEGIN
#define SK_API_END
#endif

#endif
