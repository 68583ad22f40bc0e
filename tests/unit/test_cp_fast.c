/*
 * test_cp_fast.c - the .cpuprofile fast path (formats/cpuprofile/cp_fast.c
 * and its tokenizer cp_scan.c): plain profiles read as cJSON's path reads
 * them, errors found after the text was read are cJSON's path's errors,
 * and everything unusual declines without touching the profile.  Also
 * compares both paths on every file of testdata/cpuprofile, of
 * ../shared/corpus/speedscope when it is there, and of the files listed
 * in $SK_CP_FAST_FILES (colon-separated; for big generated profiles);
 * $SK_CP_FAST_VERBOSE lists which path read each file.
 */
#include "tests/fuzz/cp_both.h"
#include "formats/cpuprofile/cp_private.h"
#include "formats/cpuprofile/cp_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tests/unit/check_main.h"
#include "tests/unit/tree_walk.h"

static int both(const char *text)
{
	char why[2048];
	int rc = cp_both_read("t.cpuprofile", (const unsigned char *)text,
			      strlen(text), why, sizeof why);

	if (rc == CP_BOTH_DIFFER)
		fprintf(stderr, "differ on %s\n%s\n", text, why);
	return rc;
}

/* The collapsed output of the production read (fast path first). */
static char *collapsed(const char *text, char *msg, size_t cap)
{
	sk_options opts;
	sk_context ctx;
	sk_profile *p = sk_profile_new();
	sk_output *out = sk_output_open_memory();
	struct cp_reader r;
	sk_error err;
	const char *bytes;
	char *copy = NULL;
	size_t len;

	sk_options_init(&opts);
	sk_context_init(&ctx, &opts);
	memset(&r, 0, sizeof r);
	r.name = "t.cpuprofile";
	r.ctx = &ctx;
	r.p = p;
	r.err = &err;
	msg[0] = '\0';
	if (cp_read_text(&r, (const unsigned char *)text, strlen(text), 1) < 0)
		sk_error_format(&err, msg, cap);
	else if (sk_format_find("collapsed")->write(p, &ctx, out, &err) == 0) {
		bytes = sk_output_memory(out, &len);
		copy = strndup(bytes, len);
	}
	sk_output_abort(out);
	sk_profile_free(p);
	sk_options_free(&opts);
	return copy;
}

#define NODES \
	"\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":\"(root)\"," \
	"\"scriptId\":\"0\",\"url\":\"\",\"lineNumber\":-1,\"columnNumber\":-1}," \
	"\"hitCount\":0,\"children\":[2,3]}," \
	"{\"id\":2,\"callFrame\":{\"functionName\":\"main\",\"scriptId\":\"1\"," \
	"\"url\":\"file:///a.js\",\"lineNumber\":4,\"columnNumber\":2}," \
	"\"hitCount\":3,\"children\":[4],\"positionTicks\":[{\"line\":5," \
	"\"ticks\":3}]},{\"id\":3,\"callFrame\":{\"functionName\":\"(idle)\"," \
	"\"scriptId\":\"0\",\"url\":\"\",\"lineNumber\":-1,\"columnNumber\":-1}}," \
	"{\"id\":4,\"callFrame\":{\"functionName\":\"\",\"url\":\"file:///a.js\"," \
	"\"lineNumber\":9,\"columnNumber\":0},\"deoptReason\":\"a \\\"b\\\"\"}]"

START_TEST(plain_profiles_read_as_cjson_reads_them)
{
	char msg[1024], *out;

	ck_assert_int_eq(both("{" NODES ",\"startTime\":100,\"endTime\":190,"
			      "\"samples\":[2,2,4,3,4],"
			      "\"timeDeltas\":[0,10,20,30,-5]}"),
			 CP_BOTH_SAME);
	out = collapsed("\xef\xbb\xbf {" NODES ",\"samples\":[2,4,3,4],"
			"\"timeDeltas\":[1,10,20,30],\"startTime\":5}\n", msg,
			sizeof msg);
	ck_assert_str_eq(msg, "");
	ck_assert_str_eq(out, "(idle) 30\nmain 10\nmain;(anonymous) 20\n");
	free(out);
	/* parent links instead of children; no timeDeltas; no samples */
	ck_assert_int_eq(both("{\"nodes\":[{\"id\":5,\"callFrame\":{}},"
			      "{\"id\":6,\"parent\":5,\"callFrame\":"
			      "{\"functionName\":\"f\"}}],"
			      "\"samples\":[6,6,5]}"), CP_BOTH_SAME);
	ck_assert_int_eq(both("{\"nodes\":[], \"x\": [true, false, null, "
			      "{\"a\": -0.5e+3}, \"\\n\\/\"]}"), CP_BOTH_SAME);
	ck_assert_int_eq(both("{\"nodes\":[{\"id\":1,\"callFrame\":{}}]}"),
			 CP_BOTH_SAME);
	/* escapes in kept strings are decoded as cJSON decodes them */
	ck_assert_int_eq(both("{\"nodes\":[{\"id\":1,\"callFrame\":{"
			      "\"functionName\":\"RegExp: [\\\\t \\\"\\/]\\b\\f"
			      "\\n\\r\\t\",\"url\":\"\\u0041\\u00e9\\u20AC"
			      "\\uffff\\u007f\\u0080\\u07ff\\u0800\"}}],"
			      "\"samples\":[1]}"), CP_BOTH_SAME);
	out = collapsed("{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName"
			"\":\"(root)\"},\"children\":[2]},{\"id\":2,\"callFrame"
			"\":{\"functionName\":\"a\\u00e9\\\"\"}}],\"samples\":[2,2]"
			",\"timeDeltas\":[0,5]}", msg, sizeof msg);
	ck_assert_str_eq(out, "a\xc3\xa9\" 5\n");
	free(out);
}
END_TEST

/* Errors that only the whole table shows: the same text either way. */
START_TEST(late_errors_are_cjsons_path_errors)
{
	static const char *const texts[] = {
		"{\"nodes\":[{\"id\":1,\"callFrame\":{}},{\"id\":1,"
		"\"callFrame\":{}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"children\":[7]}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"children\":[1]}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"children\":[2]},"
		"{\"id\":2,\"callFrame\":{},\"children\":[1]}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"parent\":2},"
		"{\"id\":2,\"callFrame\":{},\"parent\":1}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"parent\":3}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{}}],\"samples\":[1,9]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{}}],\"samples\":"
		"[1,1,1,1,1,1,1,1,1,1],\"startTime\":999999999999999,"
		"\"timeDeltas\":[0,999999999999999,999999999999999,"
		"999999999999999,999999999999999,999999999999999,"
		"999999999999999,999999999999999,999999999999999,"
		"999999999999999]}",
	};
	char msg[1024], *out;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		ck_assert_int_eq(both(texts[i]), CP_BOTH_SAME);
		out = collapsed(texts[i], msg, sizeof msg);
		ck_assert_ptr_null(out);
		ck_assert_str_ne(msg, "");
	}
	collapsed(texts[1], msg, sizeof msg);
	ck_assert_str_eq(msg, "t.cpuprofile: nodes[0].children: node 7 does "
			 "not exist");
}
END_TEST

START_TEST(unusual_texts_decline)
{
	static const char *const texts[] = {
		"", "  ", "{}", "[]", "null", "{\"nodes\":{}}",
		"[{\"ph\":\"X\",\"name\":\"a\",\"ts\":1,\"dur\":2}]",
		/* other shapes */
		"{\"head\":{\"callFrame\":{\"functionName\":\"(root)\"},"
		"\"children\":[]},\"samples\":[],\"timestamps\":[]}",
		"{\"head\":{\"callFrame\":{},\"selfSize\":1},\"samples\":[]}",
		"{\"nodes\":[],\"traceEvents\":[]}",
		"{\"traceEvents\":[],\"nodes\":[]}",
		/* escapes cJSON reads otherwise, control bytes, escaped keys */
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"url\":\"\\u0000\"}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"url\":\"\\u00g0\"}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"url\":\"\\ud83d"
		"\\ude00\"}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"url\":\"\\u12\"}}]}",
		"{\"nodes\":[], \"x\": \"\\uDC00\"}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":"
		"\"a\tb\"}}]}",
		"{\"nod\\u0065s\":[]}",
		"{\"nodes\":[], \"x\": \"\\ud800\"}",
		"{\"nodes\":[], \"x\": \"\\q\"}",
		/* numbers that are not exact small integers */
		"{\"nodes\":[],\"samples\":[1.0]}",
		"{\"nodes\":[],\"samples\":[1e3]}",
		"{\"nodes\":[],\"samples\":[1],\"timeDeltas\":[0.5]}",
		"{\"nodes\":[],\"startTime\":1.5}",
		"{\"nodes\":[],\"samples\":[01]}",
		"{\"nodes\":[],\"samples\":[1234567890123456]}",
		"{\"nodes\":[],\"samples\":[-]}",
		"{\"nodes\":[], \"x\": 1.}",
		"{\"nodes\":[], \"x\": 00}",
		"{\"nodes\":[], \"x\": "
		"1234567890123456789012345678901234567890123}",
		/* duplicate members */
		"{\"nodes\":[],\"nodes\":[]}",
		"{\"nodes\":[],\"samples\":[],\"samples\":[]}",
		"{\"nodes\":[],\"startTime\":1,\"startTime\":2}",
		"{\"nodes\":[{\"id\":1,\"id\":2,\"callFrame\":{}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"callFrame\":{}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"url\":\"a\","
		"\"url\":\"b\"}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"children\":[],"
		"\"children\":[]}]}",
		/* members of the wrong type or missing */
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"functionName\":3}}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{\"lineNumber\":\"3\"}}]}",
		"{\"nodes\":[{\"id\":\"1\",\"callFrame\":{}}]}",
		"{\"nodes\":[{\"callFrame\":{}}]}",
		"{\"nodes\":[{\"id\":1}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":[]}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"parent\":null}]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{},\"children\":{}}]}",
		"{\"nodes\":[3]}",
		"{\"nodes\":[],\"samples\":{}}",
		"{\"nodes\":[],\"samples\":[null]}",
		"{\"nodes\":[],\"samples\":[1,2],\"timeDeltas\":[1]}",
		"{\"nodes\":[],\"timeDeltas\":[1]}",
		/* syntax errors and what cJSON lets pass that we do not */
		"{\"nodes\":[],}",
		"{\"nodes\":[,]}",
		"{\"nodes\":[{\"id\":1,\"callFrame\":{}},]}",
		"{\"nodes\" []}",
		"{\"nodes\":[]",
		"{\"nodes\":[]} x",
		"{\"nodes\":[]}\f",
		"{\"nodes\":[], \"x\": tru}",
		"{\"nodes\":[], \"x\": \"open}",
		"{nodes:[]}",
		"\xef\xbb\xbf\xef\xbb\xbf{\"nodes\":[]}",
	};

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		if (both(texts[i]) != CP_BOTH_DECLINED)
			ck_abort_msg("not declined: %s", texts[i]);
	}
}
END_TEST

START_TEST(deep_and_binary_texts_decline)
{
	char text[400] = "{\"nodes\":[], \"x\": ";
	size_t n = strlen(text);
	char why[256];
	static const char nul[] = "{\"nodes\":[{\"id\":1,\"callFrame\":"
				  "{\"url\":\"a\0b\"}}]}";

	for (int i = 0; i < CP_SCAN_MAX_DEPTH + 1; i++)
		text[n++] = '[';
	for (int i = 0; i < CP_SCAN_MAX_DEPTH + 1; i++)
		text[n++] = ']';
	strcpy(text + n, "}");
	ck_assert_int_eq(both(text), CP_BOTH_DECLINED);
	/* one level less is read */
	memmove(text + n - 1, text + n, 2);
	memmove(text + 19, text + 20, strlen(text + 20) + 1);
	ck_assert_int_eq(both(text), CP_BOTH_SAME);
	ck_assert_int_eq(cp_both_read("nul", (const unsigned char *)nul,
				      sizeof nul - 1, why, sizeof why),
			 CP_BOTH_DECLINED);
}
END_TEST

/* Reads a whole file; NULL when it cannot. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)size + 1);
		if (data && fread(data, 1, (size_t)size, f) != (size_t)size) {
			free(data);
			data = NULL;
		}
		*len = (size_t)size;
	}
	fclose(f);
	return data;
}

struct tally {
	size_t files, fast;
};

static void compare_file(const char *path, void *arg)
{
	struct tally *t = arg;
	size_t len = 0;
	unsigned char *data = slurp(path, &len);
	char why[2048];
	int rc;

	if (!data)
		return;
	rc = cp_both_read(path, data, len, why, sizeof why);
	free(data);
	if (rc == CP_BOTH_DIFFER)
		ck_abort_msg("%s: the paths differ:\n%s", path, why);
	t->files++;
	t->fast += rc == CP_BOTH_SAME;
	if (getenv("SK_CP_FAST_VERBOSE"))
		fprintf(stderr, "%s: %s\n", path,
			rc == CP_BOTH_SAME ? "fast path" : "declined");
}

START_TEST(files_read_the_same_either_way)
{
	const char *top = getenv("top_srcdir"), *shared = getenv("SK_SHARED");
	const char *extra = getenv("SK_CP_FAST_FILES");
	struct tally t = { 0, 0 };
	char path[4096];

	snprintf(path, sizeof path, "%s/testdata/cpuprofile", top ? top : ".");
	tree_walk(path, compare_file, &t);
	ck_assert_uint_ge(t.fast, 1);
	if (shared)
		snprintf(path, sizeof path, "%s/corpus/speedscope", shared);
	else
		snprintf(path, sizeof path, "%s/../shared/corpus/speedscope",
			 top ? top : ".");
	tree_walk(path, compare_file, &t);
	if (extra) {
		char *list = strdup(extra), *save = NULL;

		for (char *f = strtok_r(list, ":", &save); f;
		     f = strtok_r(NULL, ":", &save))
			compare_file(f, &t);
		free(list);
	}
	fprintf(stderr, "test_cp_fast: %zu files compared, %zu read by the "
		"fast path\n", t.files, t.fast);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cp_fast");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, plain_profiles_read_as_cjson_reads_them);
	tcase_add_test(tc, late_errors_are_cjsons_path_errors);
	tcase_add_test(tc, unusual_texts_decline);
	tcase_add_test(tc, deep_and_binary_texts_decline);
	tcase_add_test(tc, files_read_the_same_either_way);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
