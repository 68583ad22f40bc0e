/*
 * sk_filter.h - pprof's focus, ignore, hide, show and prune-from filters,
 * thread filters, a depth limit, hex folding and count weights, as one
 * transformation from a profile to a new profile.
 *
 * Because the result is an ordinary profile, every reader and every writer
 * works with it, and a command applies all of it with two calls:
 *
 *     sk_filter *f;
 *     if (sk_filter_options_from(opts, &f, &err) < 0) ... bad option
 *     if (f) { q = sk_profile_filter(p, f, &err); sk_filter_free(f); }
 *
 * The options (sk_filter_option_specs, in the one option namespace of
 * sk_format.h) and their semantics are go tool pprof's:
 *   --focus RE       keep the stacks with a frame matching RE
 *   --ignore RE      drop the stacks with a frame matching RE
 *   --hide RE        remove the frames matching RE (their weight goes to
 *                    the caller); a stack left empty is dropped
 *   --show RE        keep only the frames matching RE (the same way)
 *   --prune-from RE  drop the callees of the frame nearest the leaf that
 *                    matches RE (after hide and show, as pprof orders them)
 * Focus and ignore look at the frames before hide and show remove any.
 * Given any of these four, stacks with no frame at all (the root's own
 * weight, a pprof sample without locations) are dropped, as pprof drops
 * them.  Several of one option match as their alternation (--focus a
 * --focus b is --focus 'a|b').  Then, stackkit's own:
 *   --focus-thread RE / --ignore-thread RE  keep / drop records whose
 *                    thread root (sk_thread_root_name in the mode --pid,
 *                    --tid or the default comm select; comm-PID/TID under
 *                    --no-comm) matches RE; records with no thread never
 *                    match
 *   --max-depth N    keep the N outermost frames of every stack (last)
 *   --strip-hex      fold every 0x<hex> in frame names to "0x..."
 *                    (FlameGraph difffolded.pl -s), so builds compare
 *   --counts         keep only the value type that counts samples
 *
 * Regular expressions are POSIX extended (regcomp REG_EXTENDED), searched
 * (not anchored) in the frame name as the default --frame-format writes
 * it, after --strip-hex.  pprof also matches a frame's file and mapping
 * names; stackkit matches names only.
 *
 * The timeline stays consistent with the records (sk_profile.h): records
 * and samples of one (node, label set) go to the same place.
 */
#ifndef STACKKIT_SK_FILTER_H
#define STACKKIT_SK_FILTER_H

#include "sk_error.h"
#include "sk_format.h"
#include "sk_profile.h"
#include "sk_export.h"

#ifdef __cplusplus
extern "C" {
#endif
SK_API_BEGIN

/* The filter options for a command's option table, {NULL}-terminated. */
const sk_option_spec *sk_filter_option_specs(void);

typedef struct sk_filter sk_filter;

/* Compiles the filters given in opts into *out (NULL when opts holds
 * none).  -1 when an argument is bad: err names the option and the
 * reason (regerror's text for a regular expression). */
int sk_filter_options_from(const sk_options *opts, sk_filter **out,
			   sk_error *err);
void sk_filter_free(sk_filter *f);

/* A new profile: p filtered by f.  NULL with err set when it cannot be
 * done (--counts on a profile without a count value type: err names the
 * value types it has). */
sk_profile *sk_profile_filter(const sk_profile *p, const sk_filter *f,
			      sk_error *err);

SK_API_END
#ifdef __cplusplus
}
#endif
#endif
