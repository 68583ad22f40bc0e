/*
 * spin.c - a tiny CPU-bound program with a known call graph, recorded with
 * perf to make the testdata/perf/spin-*.perf files (see record.sh).
 * Two threads, one with a comm that has a space; alpha and beta under main
 * and under worker, gamma inlined into beta at -O2.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>

static volatile unsigned long sink;

static inline unsigned long gamma_step(unsigned long x)
{
	return x * 2654435761u + 1;
}

__attribute__((noinline)) static void alpha(unsigned long n)
{
	unsigned long x = 1;

	for (unsigned long i = 0; i < n; i++)
		x = x * 6364136223846793005u + 1442695040888963407u;
	sink += x;
}

__attribute__((noinline)) static void beta(unsigned long n)
{
	unsigned long x = 7;

	for (unsigned long i = 0; i < n; i++)
		x = gamma_step(x);
	sink += x;
}

static void *worker(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "spin worker", 0, 0, 0);
	for (int r = 0; r < 40; r++) {
		alpha(2000000);
		beta(1000000);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	for (int r = 0; r < 40; r++) {
		beta(2000000);
		alpha(1000000);
	}
	pthread_join(t, NULL);
	printf("%lu\n", sink);
	return 0;
}
