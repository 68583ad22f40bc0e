/*
 * demangle.c - C++ and Rust symbol names made readable, once per profile,
 * after any reader (sk_read_file calls sk_profile_demangle): a new format
 * gets it without a line of its own.
 *
 * libiberty's cplus_demangle in its automatic style tries Rust first and
 * then the Itanium C++ ABI.  The Rust demangler takes v0 symbols ("_R")
 * and legacy ones, which are C++-shaped ("_ZN...17h<hash>E") and whose
 * hash it drops unless asked for DMGL_VERBOSE, as rustfilt does.  It
 * returns NULL for anything that is not a valid mangling, so names that
 * only start like one (a C function called _Zap) keep their bytes.
 *
 * Names are renamed per string, not per frame: the frames of one function
 * at many addresses or lines share their name, and are demangled once.
 */
#include <stackkit/sk_demangle.h>
#include "lib/profile_internal.h"
#include "lib/sk_util.h"

#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

#define NOT_MANGLED UINT32_MAX

/* Where the mangling starts in name (after Mach-O's extra underscore), or
 * NULL when it does not start like one of the manglings above. */
static const char *mangling_start(const char *name, size_t len)
{
	if (len >= 4 && name[0] == '_' && name[1] == '_' &&
	    (name[2] == 'Z' || name[2] == 'R'))
		return name + 1;
	if (len >= 3 && name[0] == '_' && (name[1] == 'Z' || name[1] == 'R'))
		return name;
	return NULL;
}

char *sk_demangle(const char *name, size_t len)
{
	const char *start = mangling_start(name, len);
	const char *at;
	size_t body, suffix;
	char *mangled, *plain, *out;

	if (!start)
		return NULL;
	/* A mangling never holds '@': what follows one is an ELF symbol
	 * version or perf's "@plt", kept as written. */
	at = memchr(start, '@', len - (size_t)(start - name));
	body = (size_t)((at ? at : name + len) - start);
	suffix = at ? (size_t)(name + len - at) : 0;
	mangled = sk_xstrndup(start, body);
	plain = cplus_demangle(mangled, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO);
	free(mangled);
	if (!plain || !suffix)
		return plain;
	body = strlen(plain);
	out = sk_xmalloc(body + suffix + 1);
	memcpy(out, plain, body);
	memcpy(out + body, at, suffix);
	out[body + suffix] = '\0';
	free(plain);
	return out;
}

/* The demangled string for string id s, computed once: renamed[s] is 0
 * until then, NOT_MANGLED when s stays. */
static sk_str demangled_name(sk_profile *p, sk_str s, sk_str *renamed)
{
	char *plain;

	if (renamed[s])
		return renamed[s];
	plain = sk_demangle(sk_profile_str(p, s), sk_profile_str_len(p, s));
	renamed[s] = plain ? sk_profile_intern_cstr(p, plain) : NOT_MANGLED;
	free(plain);
	return renamed[s];
}

size_t sk_profile_demangle(sk_profile *p)
{
	size_t nstrings = p->strings.count, n = 0, i;
	sk_str *renamed;

	if (p->nframes == 0)
		return 0;
	renamed = sk_xcalloc(nstrings, sizeof *renamed);
	for (i = 0; i < p->nframes; i++) {
		sk_frame *f = &p->frames[i];
		sk_str plain;

		if (f->name == 0 || f->name >= nstrings)
			continue;
		plain = demangled_name(p, f->name, renamed);
		if (plain == NOT_MANGLED)
			continue;
		if (f->system_name == 0)
			f->system_name = f->name;
		f->name = plain;
		n++;
	}
	free(renamed);
	if (n)
		sk_profile_reindex_frames(p);
	return n;
}
