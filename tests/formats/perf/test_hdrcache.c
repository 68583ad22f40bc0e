/*
 * test_hdrcache.c - the perf header cache (formats/perf/perf_hdrcache.c)
 * against perf_parse_header on generated header lines: every field, every
 * line, with and without the time wanted.  Lines come in families: a line
 * built from odd and ordinary pieces, then copies with digits changed at
 * random places (inside the time and period, which the cache may serve,
 * and anywhere else, which it must not serve from the wrong template),
 * and the memo of a template (the scanner's head id) is only ever given
 * to lines of the same comm, pid, tid, cpu and event.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/perf/perf_private.h"
#include "tests/unit/check_main.h"
#include "tests/unit/xorshift.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static unsigned pick(unsigned n)
{
	return test_pick(&rng, n);
}

static const char *const comms[] = {
	"kv-worker-6", "a", "V8 WorkerThread", "x:y", "123", "t 12 3", "j.1",
	"perf-exec", "Thread 2 pool",
};
static const char *const threads[] = {
	"7001/7008", "7008", "12/", "0/0", "99999999999999999999/1", "1/x",
};
static const char *const cpus[] = { "[001]", "", "[x]", "[0]", "[]" };
static const char *const times[] = {
	"50000.000110:", "1.5:", "12345678901.2:", "1.2.3:", "1:", ".5:",
	"0.000000001:", "9999999999.999999999999:", "1.5",
};
static const char *const periods[] = {
	"250000", "", "0", "99999999999999999999999", "12a", "1",
};
static const char *const events[] = {
	"cpu-clock:pppH:", "cycles:u:", "sched:sched_switch: prev_comm=x",
	"ev: 400 main+0x1 (/x)", "ev:", ":", "cpu-clock: ", "ev: 1.5: x:",
};
static const char *const blanks[] = { " ", "  ", "\t", "      ", "" };

#define PICK(a) a[pick(sizeof(a) / sizeof(a[0]))]

static size_t make_line(char *b, size_t cap)
{
	return (size_t)snprintf(b, cap, "%s%s%s%s%s%s%s%s%s%s%s",
				PICK(comms), PICK(blanks), PICK(threads),
				PICK(blanks), PICK(cpus), PICK(blanks),
				PICK(times), PICK(blanks), PICK(periods),
				PICK(blanks), PICK(events));
}

/* A pointer field as an offset, -1 for NULL. */
static long at(const char *p, const char *s)
{
	return p ? (long)(p - s) : -1;
}

/* The first field a and b disagree on, or NULL.  (Check records every
 * assertion that passes, a write(2) each: millions here.) */
static const char *differ(const char *s, const perf_header *a,
			  const perf_header *b, int want_time)
{
	if (at(a->comm, s) != at(b->comm, s) || a->comm_len != b->comm_len)
		return "comm";
	if (at(a->pid, s) != at(b->pid, s) || a->pid_len != b->pid_len)
		return "pid";
	if (at(a->tid, s) != at(b->tid, s) || a->tid_len != b->tid_len)
		return "tid";
	if (at(a->cpu, s) != at(b->cpu, s) || a->cpu_len != b->cpu_len)
		return "cpu";
	if (at(a->event, s) != at(b->event, s) ||
	    a->event_len != b->event_len)
		return "event";
	if (at(a->rest, s) != at(b->rest, s) || a->rest_len != b->rest_len)
		return "rest";
	if (a->has_period != b->has_period ||
	    (a->has_period && a->period != b->period))
		return "period";
	if (a->has_time != b->has_time ||
	    (want_time && a->has_time && a->time != b->time))
		return "time";
	return NULL;
}

/* What the scanner keeps in perf_header.memo: comm, pid, tid, cpu and
 * event, here as text.  Every line given a memo already set must have
 * the same. */
static char idents[4096][256];
static uint32_t n_idents;

static void ident(const perf_header *h, char *out, size_t cap)
{
	snprintf(out, cap, "%.*s|%.*s|%.*s|%.*s|%.*s", (int)h->comm_len,
		 h->comm ? h->comm : "", (int)h->pid_len, h->pid ? h->pid : "",
		 (int)h->tid_len, h->tid ? h->tid : "", (int)h->cpu_len,
		 h->cpu ? h->cpu : "", (int)h->event_len,
		 h->event ? h->event : "");
}

static void check_memo(const char *s, const perf_header *fast,
		       const perf_header *slow)
{
	char id[256];

	if (!fast->memo)
		return;
	ident(slow, id, sizeof id);
	if (*fast->memo == UINT32_MAX) {
		ck_assert_uint_lt(n_idents, 4096);
		memcpy(idents[n_idents], id, sizeof id);
		*fast->memo = n_idents++;
	} else if (strcmp(idents[*fast->memo], id) != 0) {
		ck_abort_msg("'%s': memo of '%s', not '%s'", s,
			     idents[*fast->memo], id);
	}
}

/* Parses s both ways; returns 1 when it is a header. */
static int check_line(perf_hdrcache *c, const char *s, size_t n,
		      int want_time)
{
	perf_header fast, slow;
	int rf = perf_hdrcache_parse(c, s, n, want_time, &fast);
	int rs = perf_parse_header(s, n, &slow);
	const char *bad;

	if (rf != rs)
		ck_abort_msg("'%s': %d, not %d", s, rf, rs);
	if (rs && (bad = differ(s, &fast, &slow, want_time)))
		ck_abort_msg("'%s': not the same %s", s, bad);
	if (rs)
		check_memo(s, &fast, &slow);
	return rs;
}

/* A copy of s with k digits changed (each to another digit). */
static void change_digits(char *s, size_t n, unsigned k)
{
	while (k--) {
		size_t i = pick((unsigned)n);

		if (s[i] >= '0' && s[i] <= '9')
			s[i] = (char)('0' + (s[i] - '0' + 1 + pick(9)) % 10);
	}
}

/* A fresh cache every 64 families, so that it neither fills up nor turns
 * itself off after its trial. */
static void run_families(int want_time, unsigned families)
{
	perf_hdrcache *c = NULL;
	char base[512], line[512];
	unsigned f, v, headers = 0;
	uint64_t hits = 0;

	for (f = 0; f < families; f++) {
		size_t n = make_line(base, sizeof base);

		if (f % 64 == 0) {
			if (c)
				hits += perf_hdrcache_hits(c);
			perf_hdrcache_free(c);
			c = perf_hdrcache_new();
			n_idents = 0;
		}
		headers += (unsigned)check_line(c, base, n, want_time);
		for (v = 0; v < 8; v++) {
			memcpy(line, base, n + 1);
			change_digits(line, n, 1 + pick(4));
			headers += (unsigned)check_line(c, line, n, want_time);
		}
	}
	hits += perf_hdrcache_hits(c);
	perf_hdrcache_free(c);
	/* Not a test of nothing: most lines were headers, and many came
	 * from templates. */
	ck_assert_uint_gt(headers, families * 4);
	ck_assert_uint_gt(hits, families / 4);
}

START_TEST(cache_parses_as_the_parser)
{
	run_families(1, 40000);
	run_families(0, 40000);
}
END_TEST

/* The canonical line of a recording, its time and period changed: served
 * from the template, with the new numbers. */
START_TEST(new_time_and_period)
{
	perf_hdrcache *c = perf_hdrcache_new();
	const char *a = "w 1/2 [000] 10.000100:     250000 cpu-clock:pppH: ";
	const char *b = "w 1/2 [000] 17.123456:     999999 cpu-clock:pppH: ";
	const char *d = "w 1/3 [000] 17.123456:     999999 cpu-clock:pppH: ";
	perf_header h;

	ck_assert_int_eq(perf_hdrcache_parse(c, a, strlen(a), 1, &h), 1);
	ck_assert_int_eq(perf_hdrcache_parse(c, b, strlen(b), 1, &h), 1);
	ck_assert_uint_eq(perf_hdrcache_hits(c), 1);
	ck_assert(h.time == 17123456000LL);
	ck_assert(h.has_period && h.period == 999999);
	ck_assert_ptr_eq(h.tid, b + 4);
	/* Another thread is another template. */
	ck_assert_int_eq(perf_hdrcache_parse(c, d, strlen(d), 1, &h), 1);
	ck_assert_uint_eq(perf_hdrcache_hits(c), 1);
	ck_assert(h.tid_len == 1 && h.tid[0] == '3');
	perf_hdrcache_free(c);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("perf_hdrcache");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, cache_parses_as_the_parser);
	tcase_add_test(tc, new_time_and_period);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
