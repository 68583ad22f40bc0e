/*
 * version.c - the library's version string, set by configure.
 */
#include <stackkit/stackkit.h>

const char *sk_version(void)
{
	return SK_PACKAGE_VERSION;
}
