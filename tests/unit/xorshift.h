/*
 * xorshift.h - the unit tests' generator of random choices: xorshift64,
 * seeded by each test, so that its generated inputs are the same on every
 * run and a failure can be replayed.
 */
#ifndef STACKKIT_XORSHIFT_H
#define STACKKIT_XORSHIFT_H

#include <stdint.h>

/* A number below n; the state *s must not start at 0. */
static inline unsigned test_pick(uint64_t *s, unsigned n)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (unsigned)(*s % n);
}

#endif
