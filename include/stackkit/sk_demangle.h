/*
 * sk_demangle.h - readable names for C++ and Rust symbols.
 *
 * Profilers that do not demangle (perf built without libiberty, pprof
 * files of C++ programs, folded files made from raw symbol tables) leave
 * names such as "_ZN3geo5applyESt8functionIFiiEEi".  sk_read_file runs
 * sk_profile_demangle over every profile it reads, whatever the format,
 * unless the context asks to keep them (sk_context.keep_mangled, the
 * commands' --no-demangle).  libiberty's cplus_demangle does the work, as
 * in perf, binutils and gdb.
 */
#ifndef STACKKIT_SK_DEMANGLE_H
#define STACKKIT_SK_DEMANGLE_H

#include <stddef.h>
#include "sk_profile.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

/* The readable form of an Itanium C++ symbol ("_Z..."), a legacy Rust
 * symbol ("_ZN...17h<16 hex digits>E", its hash dropped as rustfilt does)
 * or a Rust v0 symbol ("_R..."), also with the extra leading underscore of
 * Mach-O and an ELF version or PLT suffix ("@plt", "@@GLIBCXX_3.4") kept
 * as written.  C++ names keep their parameter lists.  Returns a string to
 * free(), or NULL when name does not look mangled or is not a valid
 * mangling (a name that merely starts with "_Z" stays as it is). */
char *sk_demangle(const char *name, size_t len);

/* Demangles the name of every frame of p that sk_demangle accepts; the
 * mangled name becomes the frame's system_name unless it already has one.
 * Returns the number of frames renamed.  Frames that become equal in every
 * field stay distinct ids of the tree (views merge them by label). */
size_t sk_profile_demangle(sk_profile *p);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
