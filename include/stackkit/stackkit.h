/*
 * stackkit.h - everything libstackkit offers, in one include.
 */
#ifndef STACKKIT_STACKKIT_H
#define STACKKIT_STACKKIT_H

#include "sk_error.h"
#include "sk_buf.h"
#include "sk_profile.h"
#include "sk_io.h"
#include "sk_format.h"
#include "sk_stacks.h"
#include "sk_thread.h"
#include "sk_view.h"
#include "sk_filter.h"
#include "sk_demangle.h"
#include "sk_export.h"

SK_API_BEGIN
const char *sk_version(void);
SK_API_END

#endif
