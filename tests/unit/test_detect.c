/*
 * test_detect.c - the detection matrix: every file of testdata/ (and of
 * ../shared/corpus when present) is probed by every registered format.
 *
 * Two rules, checked per (file, format) cell:
 *  (a) when the file's true format is registered with a reader, its probe
 *      scores highest and sk_format_detect picks it (ties are settled the
 *      way detection settles them: extension, then registry order);
 *  (b) no other format's probe scores above SK_PROBE_WEAK.
 * A true format that is not registered (yet) leaves only rule (b).
 *
 * The true format of each file comes from the tables below, first match
 * wins, patterns are fnmatch(3) with FNM_PATHNAME ('*' stays inside one
 * folder).  A file no rule matches, or a rule no file matches, fails the
 * test, so the tables stay reviewed as data is added.  Per folder:
 *  - perf script text (*.perf, the corpus's perf-*.txt, *.linux-perf.txt,
 *    inferno's collapse-perf inputs) is perf, also when malformed
 *    (collapse-guess's blank line after an event line): the perf reader
 *    should be the one to report the problem;
 *  - folded stacks are collapsed: inputs, expected outputs (.expected and
 *    .folded files, the results folders), the broken .folded files in
 *    testdata's bad folder (the collapsed reader should be the one to
 *    report them), and diff-folded's two-count lines, which the collapsed
 *    reader takes as two value columns;
 *  - .pb and .pb.gz files and speedscope's simple.prof are pprof;
 *  - empty files hold no evidence of anything: none, whatever the folder;
 *  - flame graph SVGs (flamegraph.pl's, inferno's, testdata's hand-made
 *    ones, empty.svg's error graph and the refused ones of testdata's bad
 *    folder included) are svg, except the .bin fuzzing inputs there;
 *  - formats without a reader here get their own name (txtpb,
 *    trace-event): only rule (b) for now, rule (a) as soon as a format of
 *    that name or alias is registered;
 *  - READMEs, manifests, licenses, C/Go/shell sources, FlameGraph nameattr
 *    and palette files, unknown.bin and inferno's unknown-format.txt are
 *    none.
 */
#include <stackkit/stackkit.h>
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "tests/unit/check_main.h"

/* What lib/read.c peeks before calling sk_format_detect. */
enum { PROBE_BYTES = 64 * 1024 };

/* testdata/ has 61 files today, the corpus 365: a walk that finds fewer
 * than this has lost its data, not passed. */
enum { MIN_TESTDATA_FILES = 20, MIN_CORPUS_FILES = 300 };

struct rule {
	const char *pattern;	/* relative to the walked root */
	const char *format;	/* a format name, or one of not_registered */
};

static const struct rule testdata_rules[] = {
	{ "bad/unknown.bin", "none" },
	{ "bad/*.folded", "collapsed" },
	{ "collapsed/*.folded", "collapsed" },
	{ "cpuprofile/*", "cpuprofile" },
	{ "collapsed/*.expected", "collapsed" },
	{ "massif/*.out", "massif" },
	{ "massif/bad/*.out", "massif" },
	{ "perf/*.perf", "perf" },
	{ "perf/src/*", "none" },
	{ "pprof/README.md", "none" },
	{ "pprof/*.pb.gz", "pprof" },
	{ "pprof/*.folded", "collapsed" },
	{ "pprof/crafted/*.pb", "pprof" },
	{ "pprof/crafted/*.txtpb", "txtpb" },
	{ "pprof/crafted/*.folded", "collapsed" },
	{ "pprof/crafted/make.sh", "none" },
	{ "pyspy/README.md", "none" },
	{ "pyspy/*.txt", "pyspy" },
	{ "src/*/*.go", "none" },
	{ "speedscope/*.json", "speedscope" },
	{ "src/massif/*", "none" },
	{ "src/cpuprofile/*", "none" },
	{ "svg/*.svg", "svg" },
	{ "svg/*.expected", "collapsed" },
	{ "svg/bad/*.svg", "svg" },
	{ "svg/bad/*.bin", "none" },
	{ NULL, NULL }
};

#define INFERNO_DATA "inferno/tests/data/"

static const struct rule corpus_rules[] = {
	{ "MANIFEST*.md", "none" },
	{ "flamegraph/docs/*", "none" },
	{ "flamegraph/example-perf-stacks.txt.gz", "perf" },
	{ "flamegraph/example-perf.svg", "svg" },
	{ "flamegraph/test/perf-*.txt", "perf" },
	{ "flamegraph/test/results/*.txt", "collapsed" },
	{ "generated/massif-simple.c", "none" },
	{ "generated/massif-simple.out", "massif" },
	{ "inferno/LICENSE", "none" },
	{ "inferno/flamegraph/example-perf-stacks.txt.gz", "perf" },
	{ "inferno/flamegraph/test/perf-*.txt", "perf" },
	{ "inferno/flamegraph/test/results/*.txt", "collapsed" },
	{ INFERNO_DATA "collapse-guess/unknown-format.txt", "none" },
	{ INFERNO_DATA "collapse-guess/invalid-perf-*.txt", "perf" },
	{ INFERNO_DATA "collapse-perf/no-events.txt", "none" },
	{ INFERNO_DATA "collapse-perf/*.txt", "perf" },
	{ INFERNO_DATA "collapse-perf/results/no-events-collapsed.txt", "none" },
	{ INFERNO_DATA "collapse-perf/results/*.txt", "collapsed" },
	{ INFERNO_DATA "collapse-recursive/*.txt", "collapsed" },
	{ INFERNO_DATA "collapse-recursive/results/*.txt", "collapsed" },
	{ INFERNO_DATA "diff-folded/*.txt", "collapsed" },
	{ INFERNO_DATA "diff-folded/results/*.txt", "collapsed" },
	{ INFERNO_DATA "flamegraph/empty/empty.txt", "none" },
	{ INFERNO_DATA "flamegraph/nameattr/*.txt", "none" },
	{ INFERNO_DATA "flamegraph/*/*.txt", "collapsed" },
	{ INFERNO_DATA "flamegraph/*/*.map", "none" },
	{ INFERNO_DATA "flamegraph/*/*.svg", "svg" },
	{ "speedscope/Chrome/*/*.json", "trace-event" },
	{ "speedscope/Chrome/*/*.cpuprofile", "cpuprofile" },
	{ "speedscope/linux-perf/*.linux-perf.txt", "perf" },
	{ "speedscope/node/*/*.cpuprofile", "cpuprofile" },
	{ "speedscope/pprof/simple.prof", "pprof" },
	{ "speedscope/source-maps/*.json", "trace-event" },
	{ "speedscope/speedscope/*/*.json", "speedscope" },
	{ "speedscope/stackcollapse/*.txt", "collapsed" },
	{ "speedscope/trace-event/*.json", "trace-event" },
	{ NULL, NULL }
};

/* Names the tables may use without a registered format behind them; any
 * other name must be registered, so a typo cannot silently drop rule (a). */
static const char *const not_registered[] = {
	"none", "txtpb", NULL
};

/* One walk: the files found and what checking them found. */
struct matrix {
	const char *root;		/* absolute or relative folder */
	const struct rule *rules;
	unsigned rule_hits[64];		/* per rule: files it classified */
	char **files;			/* relative paths, sorted */
	size_t nfiles, cap;
	unsigned cells;			/* (file, format) pairs probed */
	unsigned failures;
};

static void add_file(struct matrix *m, const char *rel)
{
	if (m->nfiles == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->files = realloc(m->files, m->cap * sizeof *m->files);
		ck_assert_ptr_nonnull(m->files);
	}
	m->files[m->nfiles++] = strdup(rel);
}

/* out = a SEP b, where SEP is "/" unless a is empty. */
static void join(char *out, size_t cap, const char *a, const char *b)
{
	int n = snprintf(out, cap, "%s%s%s", a, *a ? "/" : "", b);

	ck_assert_msg(n >= 0 && (size_t)n < cap, "path too long: %s/%s", a, b);
}

/* Collects the regular files under root/rel (rel "" = root itself). */
static void walk(struct matrix *m, const char *rel)
{
	char dir[4096], sub[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;

	join(dir, sizeof dir, m->root, rel);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		join(sub, sizeof sub, rel, e->d_name);
		join(dir, sizeof dir, m->root, sub);
		ck_assert_int_eq(stat(dir, &st), 0);
		if (S_ISDIR(st.st_mode))
			walk(m, sub);
		else if (S_ISREG(st.st_mode))
			add_file(m, sub);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void report(struct matrix *m, const char *rel, const char *fmt,
		   int score, const char *why)
{
	fprintf(stderr, "FAIL %s/%s: %s scores %d: %s\n", m->root, rel, fmt,
		score, why);
	m->failures++;
}

/* The rule's format for rel, or NULL (reported) when no rule matches. */
static const char *true_format(struct matrix *m, const char *rel)
{
	size_t i;

	for (i = 0; m->rules[i].pattern; i++)
		if (fnmatch(m->rules[i].pattern, rel, FNM_PATHNAME) == 0) {
			ck_assert_uint_lt(i, sizeof m->rule_hits /
					     sizeof m->rule_hits[0]);
			m->rule_hits[i]++;
			return m->rules[i].format;
		}
	report(m, rel, "-", 0, "no rule in test_detect.c says what this is");
	return NULL;
}

/* The format detection may pick for `name`, NULL when there is none. */
static const sk_format *detectable(const char *name)
{
	const sk_format *f = sk_format_find(name);

	return f && f->probe && f->read ? f : NULL;
}

/* Probes the head of one file with every format; applies (a) and (b). */
static void check_head(struct matrix *m, const char *rel, const char *path,
		       const sk_format *want, const unsigned char *head,
		       size_t len)
{
	const sk_format *const *f, *got;
	int want_score = want ? want->probe(head, len) : 0, s;

	for (f = sk_formats(); *f; f++) {
		if (!(*f)->probe)
			continue;
		m->cells++;
		if (*f == want)
			continue;
		s = (*f)->probe(head, len);
		if (s > SK_PROBE_WEAK)
			report(m, rel, (*f)->name, s, "above SK_PROBE_WEAK "
			       "for a file of another format");
		else if (want && s > want_score)
			report(m, rel, (*f)->name, s, "beats the true format");
	}
	if (!want)
		return;
	got = sk_format_detect(head, len, path, &s);
	if (want_score <= 0)
		report(m, rel, want->name, want_score, "does not claim "
		       "its own file");
	else if (got != want)
		report(m, rel, got ? got->name : "(none)", s, "detected "
		       "instead of the true format");
}

static void check_file(struct matrix *m, const char *rel)
{
	const char *truth = true_format(m, rel);
	const unsigned char *head;
	char path[4096];
	sk_limits lim;
	sk_input *in;
	sk_error err;
	size_t len;

	if (!truth)
		return;
	join(path, sizeof path, m->root, rel);
	sk_limits_default(&lim);
	ck_assert_msg(sk_input_open(&in, path, &lim, &err) == 0,
		      "cannot open %s: %s", path, err.message);
	ck_assert_msg(sk_input_peek(in, PROBE_BYTES, &head, &len, &err) == 0,
		      "cannot read %s: %s", path, err.message);
	check_head(m, rel, path, detectable(truth), head, len);
	sk_input_close(in);
}

/* Walks root, checks every file, reports unused rules; returns the number
 * of files checked. */
static size_t run_matrix(struct matrix *m)
{
	size_t i, nformats = 0;

	walk(m, "");
	qsort(m->files, m->nfiles, sizeof *m->files, by_name);
	for (i = 0; i < m->nfiles; i++)
		check_file(m, m->files[i]);
	for (i = 0; m->rules[i].pattern; i++)
		if (!m->rule_hits[i])
			report(m, m->rules[i].pattern, m->rules[i].format, 0,
			       "rule matches no file; remove or fix it");
	while (sk_formats()[nformats])
		nformats++;
	fprintf(stderr, "%s: %zu files x %zu formats, %u cells probed, "
		"%u failures\n", m->root, m->nfiles, nformats, m->cells,
		m->failures);
	for (i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	return m->nfiles;
}

static const char *top_srcdir(void)
{
	const char *top = getenv("top_srcdir");

	return top ? top : ".";
}

START_TEST(table_names_formats_that_exist)
{
	const struct rule *const tables[] = { testdata_rules, corpus_rules };
	const char *const *n;
	size_t t, i;
	int known;

	/* Without these, rule (a) would check nothing. */
	ck_assert_ptr_nonnull(detectable("perf"));
	ck_assert_ptr_nonnull(detectable("collapsed"));
	ck_assert_ptr_nonnull(detectable("pprof"));
	for (t = 0; t < 2; t++)
		for (i = 0; tables[t][i].pattern; i++) {
			known = sk_format_find(tables[t][i].format) != NULL;
			for (n = not_registered; *n && !known; n++)
				known = strcmp(*n, tables[t][i].format) == 0;
			ck_assert_msg(known, "rule %s: unknown format %s",
				      tables[t][i].pattern,
				      tables[t][i].format);
		}
}
END_TEST

START_TEST(testdata_is_detected_as_its_own_format)
{
	char root[4096];
	struct matrix m;
	size_t files;

	join(root, sizeof root, top_srcdir(), "testdata");
	memset(&m, 0, sizeof m);
	m.root = root;
	m.rules = testdata_rules;
	files = run_matrix(&m);
	ck_assert_msg(files >= MIN_TESTDATA_FILES, "only %zu files in %s",
		      files, root);
	ck_assert_msg(m.failures == 0, "%u detection failures (see above)",
		      m.failures);
}
END_TEST

START_TEST(shared_corpus_is_detected_as_its_own_format)
{
	const char *shared = getenv("SK_SHARED");
	char root[4096];
	struct matrix m;
	struct stat st;
	size_t files;

	if (shared)
		join(root, sizeof root, shared, "corpus");
	else
		join(root, sizeof root, top_srcdir(), "../shared/corpus");
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		/* The corpus is optional, unless asked for by name. */
		ck_assert_msg(shared == NULL, "SK_SHARED=%s has no corpus/",
			      shared);
		fprintf(stderr, "skipped: %s not present\n", root);
		return;
	}
	memset(&m, 0, sizeof m);
	m.root = root;
	m.rules = corpus_rules;
	files = run_matrix(&m);
	ck_assert_msg(files >= MIN_CORPUS_FILES, "only %zu files in %s",
		      files, root);
	ck_assert_msg(m.failures == 0, "%u detection failures (see above)",
		      m.failures);
}
END_TEST

static Suite *detect_suite(void)
{
	Suite *s = suite_create("detect");
	TCase *tc = tcase_create("matrix");

	/* The corpus walk gunzips a 3 MB perf script's first 64 KiB and
	 * probes ~400 files; Check's 4 s default is tight under sanitizers. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, table_names_formats_that_exist);
	tcase_add_test(tc, testdata_is_detected_as_its_own_format);
	tcase_add_test(tc, shared_corpus_is_detected_as_its_own_format);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(detect_suite)
