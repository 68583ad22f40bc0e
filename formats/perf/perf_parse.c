/*
 * perf_parse.c - the two kinds of lines of `perf script` text, and the
 * FlameGraph rules that turn a call chain line into frame names.
 *
 * perf prints a record as a header line
 *
 *     COMM  [PID/]TID  [[CPU]]  [TIME:]  [PERIOD]  EVENT:  [ADDR SYM (DSO)]
 *
 * followed, when it was recorded with -g or --call-graph, by one line per
 * frame, leaf first, "ADDR SYM[+0xOFF] (DSO)", and a blank line.  Which
 * fields appear depends on the perf version and on -F: perf < 4.1 has no
 * period, the PID only with -F pid, the CPU only for system-wide
 * recordings, the time not with -F without time.  COMM is printed as is
 * (it may hold spaces: "V8 WorkerThread") when there is a call chain, and
 * right-aligned in 16 columns without one.
 *
 * The header and frame patterns are those of stackcollapse-perf.pl,
 * implemented without regular expressions but with the same matches, so
 * that odd lines (a comm with digits, unindented frame lines as in
 * FlameGraph's perf-java-stacks-02) go the same way.  Each function notes
 * which Perl expression it stands for.
 */
#include <string.h>

#include "formats/perf/perf_private.h"
#include "lib/sk_format_author.h"

static int is_space(char c);
static int is_digit(char c);
static int is_word(char c);
static int match_comm_pid(const char *s, size_t n, perf_header *h,
			  size_t *after);
static int match_event_at_end(const char *s, size_t n, perf_header *h);
static void scan_fields(const char *s, size_t n, size_t pos, perf_header *h);
static size_t find_dso_open(const char *s, size_t n, size_t *dso_end);
static int has_prefix(const char *s, size_t n, const char *p);
static const char *find_bytes(const char *s, size_t n, const char *p,
			      size_t pn);
static void render_part(const perf_frame *f, const char *part, size_t len,
			size_t index, int java, const perf_opts *o,
			sk_buf *b, perf_emit_fn emit, void *arg);

/* Character classes by table: these run on every byte of the addresses
 * and indentation of every frame line, where chains of comparisons cost
 * more than the rest of the line. */
enum { C_SPACE = 1, C_DIGIT = 2, C_WORD = 4, C_LHEX = 8 };
static const unsigned char char_class[256] = {
	['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE,
	['\f'] = C_SPACE, ['\r'] = C_SPACE, [' '] = C_SPACE,
	['0'] = C_DIGIT | C_WORD | C_LHEX, ['1'] = C_DIGIT | C_WORD | C_LHEX,
	['2'] = C_DIGIT | C_WORD | C_LHEX, ['3'] = C_DIGIT | C_WORD | C_LHEX,
	['4'] = C_DIGIT | C_WORD | C_LHEX, ['5'] = C_DIGIT | C_WORD | C_LHEX,
	['6'] = C_DIGIT | C_WORD | C_LHEX, ['7'] = C_DIGIT | C_WORD | C_LHEX,
	['8'] = C_DIGIT | C_WORD | C_LHEX, ['9'] = C_DIGIT | C_WORD | C_LHEX,
	['_'] = C_WORD,
	['a'] = C_WORD | C_LHEX, ['b'] = C_WORD | C_LHEX, ['c'] = C_WORD | C_LHEX, ['d'] = C_WORD | C_LHEX,
	['e'] = C_WORD | C_LHEX, ['f'] = C_WORD | C_LHEX, ['g'] = C_WORD, ['h'] = C_WORD,
	['i'] = C_WORD, ['j'] = C_WORD, ['k'] = C_WORD, ['l'] = C_WORD,
	['m'] = C_WORD, ['n'] = C_WORD, ['o'] = C_WORD, ['p'] = C_WORD,
	['q'] = C_WORD, ['r'] = C_WORD, ['s'] = C_WORD, ['t'] = C_WORD,
	['u'] = C_WORD, ['v'] = C_WORD, ['w'] = C_WORD, ['x'] = C_WORD,
	['y'] = C_WORD, ['z'] = C_WORD,
	['A'] = C_WORD, ['B'] = C_WORD, ['C'] = C_WORD, ['D'] = C_WORD,
	['E'] = C_WORD, ['F'] = C_WORD, ['G'] = C_WORD, ['H'] = C_WORD,
	['I'] = C_WORD, ['J'] = C_WORD, ['K'] = C_WORD, ['L'] = C_WORD,
	['M'] = C_WORD, ['N'] = C_WORD, ['O'] = C_WORD, ['P'] = C_WORD,
	['Q'] = C_WORD, ['R'] = C_WORD, ['S'] = C_WORD, ['T'] = C_WORD,
	['U'] = C_WORD, ['V'] = C_WORD, ['W'] = C_WORD, ['X'] = C_WORD,
	['Y'] = C_WORD, ['Z'] = C_WORD,
};

/* Perl's \s. */
static int is_space(char c)
{
	return char_class[(unsigned char)c] & C_SPACE;
}

static int is_digit(char c)
{
	return char_class[(unsigned char)c] & C_DIGIT;
}

/* Perl's \w on bytes. */
static int is_word(char c)
{
	return char_class[(unsigned char)c] & C_WORD;
}

static int has_prefix(const char *s, size_t n, const char *p)
{
	size_t pn = strlen(p);

	return n >= pn && memcmp(s, p, pn) == 0;
}

static const char *find_bytes(const char *s, size_t n, const char *p,
			      size_t pn)
{
	if (pn == 0 || n < pn)
		return NULL;
	return memmem(s, n, p, pn);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return n > 0;
}

uint64_t perf_parse_u64(const char *s, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		/* Saturate: a 30-digit period is garbage, not a reason to
		 * wrap around. */
		if (v > (UINT64_MAX - 9) / 10)
			return UINT64_MAX;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v;
}

/*
 * stackcollapse-perf.pl's header pattern, /^(\S.+?)\s+(\d+)\/?(\d+)?\s+/
 * in effect: the shortest comm followed by blanks, a number, optionally
 * "/number", and a blank.  A comm with a blank-separated number in it
 * ("Thread 2 pool 17 ...") is therefore cut before that number ("Thread",
 * TID 2), exactly as FlameGraph cuts it.  FlameGraph also wants two
 * characters at least, and drops the records of a one-letter comm; they
 * are read here.
 */
static int match_comm_pid(const char *s, size_t n, perf_header *h,
			  size_t *after)
{
	size_t e = 1;

	if (n < 3 || is_space(s[0]))
		return 0;
	while (e < n) {
		size_t j, d1, k, m, q;

		if (!is_space(s[e])) {
			e++;
			continue;
		}
		for (j = e; j < n && is_space(s[j]); j++)
			;
		d1 = j;
		for (k = j; k < n && is_digit(s[k]); k++)
			;
		if (k > d1) {
			for (m = k; m < n && s[m] == '/'; m++)
				;
			for (q = m; q < n && is_digit(s[q]); q++)
				;
			if (q < n && is_space(s[q])) {
				h->comm = s;
				h->comm_len = e;
				if (q > m) {
					h->pid = s + d1;
					h->pid_len = k - d1;
					h->tid = s + m;
					h->tid_len = q - m;
				} else {
					h->pid = NULL;
					h->tid = s + d1;
					h->tid_len = k - d1;
				}
				for (; q < n && is_space(s[q]); q++)
					;
				*after = q;
				return 1;
			}
		}
		/* Every comm end inside this run of blanks leads to the same
		 * failing text: skip the run (keeps a line of blanks linear). */
		e = j > e ? j : e + 1;
	}
	return 0;
}

/*
 * /:\s*(\d+)*\s+(\S+):\s*$/: the event is the last word when the line ends
 * with a colon, and it follows either "TIME:" or "TIME: PERIOD".  perf
 * event names may carry modifiers with colons of their own ("cycles:u:",
 * "cpu-clock:ppp:"), which stay part of the name.
 */
static int match_event_at_end(const char *s, size_t n, perf_header *h)
{
	size_t end = n, ev, k, d;

	while (end > 0 && is_space(s[end - 1]))
		end--;
	if (end < 2 || s[end - 1] != ':')
		return 0;
	end--;
	for (ev = end; ev > 0 && !is_space(s[ev - 1]); ev--)
		;
	if (ev == end || ev == 0)
		return 0;
	for (k = ev; k > 0 && is_space(s[k - 1]); k--)
		;
	for (d = k; d > 0 && is_digit(s[d - 1]); d--)
		;
	if (d < k) {
		size_t c;

		for (c = d; c > 0 && is_space(s[c - 1]); c--)
			;
		if (c == 0 || s[c - 1] != ':')
			return 0;
		h->has_period = 1;
		h->period = perf_parse_u64(s + d, k - d);
		h->period_text = s + d;
		h->period_len = k - d;
	} else if (k == 0 || s[k - 1] != ':') {
		return 0;
	}
	h->event = s + ev;
	h->event_len = end - ev;
	return 1;
}

/*
 * "SECONDS.FRACTION" to nanoseconds (perf prints microseconds, or
 * nanoseconds with --ns).
 */
int perf_parse_time(const char *s, size_t n, int64_t *ns)
{
	size_t i = 0, f;
	int64_t sec = 0, frac = 0;
	int digits = 0;

	while (i < n && is_digit(s[i])) {
		if (sec > INT64_MAX / 10000000000LL)
			return 0;
		sec = sec * 10 + (s[i++] - '0');
	}
	if (i == 0 || i >= n || s[i] != '.')
		return 0;
	for (f = ++i; i < n && is_digit(s[i]); i++) {
		if (digits < 9) {
			frac = frac * 10 + (s[i] - '0');
			digits++;
		}
	}
	if (i == f || i != n)
		return 0;
	while (digits++ < 9)
		frac *= 10;
	*ns = sec * 1000000000LL + frac;
	return 1;
}

/*
 * The fields after PID/TID, word by word: "[CPU]", "TIME:", a period, the
 * event ending with ':'.  Only the time is looked for when the event was
 * already found at the end; otherwise this finds an event followed by the
 * sample address (perf without a call graph prints "EVENT: ADDR SYM
 * (DSO)" on the header line; FlameGraph does not read these, inferno
 * does).
 */
static void scan_fields(const char *s, size_t n, size_t pos, perf_header *h)
{
	int need_event = h->event == NULL;
	const char *period = NULL;
	size_t period_len = 0;

	while (pos < n) {
		size_t w = pos, len;

		/* Nothing later can change the header: the period and the
		 * event words of every call chain record are skipped. */
		if (!need_event && h->has_time && h->cpu)
			return;
		while (pos < n && !is_space(s[pos]))
			pos++;
		len = pos - w;
		while (pos < n && is_space(s[pos]))
			pos++;
		if (len >= 2 && s[w + len - 1] == ':' && !h->has_time &&
		    perf_parse_time(s + w, len - 1, &h->time)) {
			h->has_time = 1;
			h->time_text = s + w;
			h->time_len = len - 1;
			continue;
		}
		if (!h->cpu && len >= 3 && s[w] == '[' && s[w + len - 1] == ']' &&
		    all_digits(s + w + 1, len - 2)) {
			h->cpu = s + w + 1;
			h->cpu_len = len - 2;
			continue;
		}
		if (!need_event)
			continue;
		if (s[w] == '[' && s[w + len - 1] == ']')
			continue;
		if (len > 0 && is_digit(s[w])) {
			size_t i = 0;

			while (i < len && is_digit(s[w + i]))
				i++;
			if (i == len) {
				period = s + w;
				period_len = len;
				continue;
			}
		}
		if (len >= 2 && s[w + len - 1] == ':' && pos < n) {
			perf_frame f;

			/* Only an address line makes this the event: the
			 * argument text of a tracepoint ("sched:sched_switch:
			 * prev_comm=...") leaves the record without one, as
			 * FlameGraph reads it. */
			if (!perf_parse_frame(s + pos, n - pos, &f))
				return;
			h->event = s + w;
			h->event_len = len - 1;
			h->rest = s + pos;
			h->rest_len = n - pos;
			if (period) {
				h->has_period = 1;
				h->period = perf_parse_u64(period, period_len);
				h->period_text = period;
				h->period_len = period_len;
			}
			return;
		}
		if (need_event)
			return;
	}
}

int perf_parse_header(const char *s, size_t n, perf_header *h)
{
	size_t after;

	memset(h, 0, sizeof(*h));
	if (!match_comm_pid(s, n, h, &after))
		return 0;
	match_event_at_end(s, n, h);
	scan_fields(s, n, after, h);
	return 1;
}

/*
 * Where the dso "(...)" at the end of a frame line opens.  The dso is the
 * last parenthesised group, matched with nesting so that "(/memfd:x
 * (deleted))" and "([JIT] tid 12)" are whole dsos.  stackcollapse-perf.pl
 * takes the last " (" followed by non-blanks and ")" instead; the two agree
 * whenever the dso has no blank, which is every dso in the FlameGraph and
 * inferno corpora.  Returns the index of '(' (preceded by a blank) or 0.
 */
static size_t find_dso_open(const char *s, size_t n, size_t *dso_end)
{
	size_t end = n, i;
	int depth = 0;

	while (end > 0 && is_space(s[end - 1]))
		end--;
	if (end >= 3 && s[end - 1] == ')') {
		/* The common case, a dso without parentheses: two memchr-class
		 * scans instead of a byte loop (this runs once per line). */
		const char *o = memrchr(s, '(', end - 1);

		if (o && o > s && o[-1] == ' ' &&
		    !memchr(o + 1, ')', (size_t)(s + end - 1 - (o + 1)))) {
			*dso_end = end - 1;
			return (size_t)(o - s);
		}
		for (i = end; i > 0; i--) {
			char c = s[i - 1];

			if (c == ')') {
				depth++;
			} else if (c == '(' && --depth == 0) {
				if (i - 1 >= 1 && s[i - 2] == ' ') {
					*dso_end = end - 1;
					return i - 1;
				}
				break;
			}
		}
	}
	/* Perl's / \((\S*)\)/ with a greedy prefix: the last " (" whose
	 * following non-blank run holds a ')'. */
	for (i = n; i >= 2; i--) {
		if (s[i - 2] == ' ' && s[i - 1] == '(') {
			size_t j = i, close = 0;

			for (; j < n && !is_space(s[j]); j++)
				if (s[j] == ')')
					close = j;
			if (close) {
				*dso_end = close;
				return i - 1;
			}
		}
	}
	return 0;
}

/*
 * /^\s*(\w+)\s*(.+) \((\S*)\)/ for "ADDR SYM (DSO)", then the symbol offset
 * perf >= 4.8 appends ("+0x1f") stripped as /\+0x[\da-f]+$/ does.
 */
int perf_parse_frame(const char *s, size_t n, perf_frame *f)
{
	size_t i = 0, pc_end, open, dso_end, a;

	f->srcline = NULL;
	f->srcline_len = 0;
	while (i < n && is_space(s[i]))
		i++;
	f->pc = s + i;
	while (i < n && is_word(s[i]))
		i++;
	pc_end = i;
	if (pc_end == (size_t)(f->pc - s))
		return 0;
	open = find_dso_open(s, n, &dso_end);
	if (open == 0 || open - 1 < pc_end)
		return 0;
	f->dso = s + open + 1;
	f->dso_len = dso_end - open - 1;
	/* SYM is what lies between ADDR and " (", blanks after ADDR
	 * skipped; when nothing else is left Perl's (.+) still takes one
	 * character: the last blank, or else the last character of ADDR. */
	a = pc_end;
	while (a < open - 1 && is_space(s[a]))
		a++;
	if (a == open - 1) {
		if (pc_end < open - 1) {
			a = open - 2;
		} else if (pc_end - (size_t)(f->pc - s) >= 2) {
			pc_end--;
			a = pc_end;
		} else {
			return 0;
		}
	}
	f->pc_len = pc_end - (size_t)(f->pc - s);
	f->sym = s + a;
	f->sym_len = open - 1 - a;
	{
		size_t e = f->sym_len, h = e;

		while (h > 0 &&
		       (char_class[(unsigned char)f->sym[h - 1]] & C_LHEX))
			h--;
		if (h < e && h >= 3 && f->sym[h - 1] == 'x' &&
		    f->sym[h - 2] == '0' && f->sym[h - 3] == '+')
			f->sym_len = h - 3;
	}
	return 1;
}

/* A part of the thread key and its NUL, at d. */
static char *key_part(char *d, const char *s, size_t n)
{
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d + n + 1;
}

/* Once per record: one reserve, then the four parts and their NULs. */
void perf_thread_key(const perf_header *h, sk_buf *out)
{
	size_t pid_len = h->pid ? h->pid_len : 0;
	size_t cpu_len = h->cpu ? h->cpu_len : 0;
	char *d;

	sk_buf_reserve(out, h->comm_len + pid_len + h->tid_len + cpu_len + 4);
	d = out->data + out->len;
	d = key_part(d, h->comm, h->comm_len);
	d = key_part(d, h->pid, pid_len);
	d = key_part(d, h->tid, h->tid_len);
	d = key_part(d, h->cpu, cpu_len);
	out->len = (size_t)(d - out->data);
	*d = '\0';
}

/* One "->" part of a symbol, through tidy_generic, tidy_java and the
 * annotations, in stackcollapse-perf.pl's order. */
static void render_part(const perf_frame *f, const char *part, size_t len,
			size_t index, int java, const perf_opts *o,
			sk_buf *b, perf_emit_fn emit, void *arg)
{
	int kind = SK_FRAME_NATIVE;
	size_t i, w;

	sk_buf_reset(b);
	int replaced = len == 9 && memcmp(part, "[unknown]", 9) == 0;
	if (replaced && find_bytes(f->dso, f->dso_len, " (", 2)) {
		/* A dso with a parenthesised part, "(/memfd:jit-1 (deleted))":
		 * stackcollapse-perf.pl's dso pattern stops at the inner
		 * group, so the symbol it sees is "[unknown] (/memfd:jit-1",
		 * which is no "[unknown]" and loses its tail at the '(':
		 * "[unknown] " with its blank.  Kept, so that graphs of such
		 * JIT code match FlameGraph's; the dso stays whole. */
		sk_buf_append(b, "[unknown] ", 10);
	} else if (replaced) {
		const char *base = "unknown";
		size_t base_len = 7;

		if (!(f->dso_len == 9 && memcmp(f->dso, "[unknown]", 9) == 0)) {
			base = f->dso;
			base_len = f->dso_len;
			for (i = f->dso_len; i > 0; i--) {
				if (f->dso[i - 1] == '/') {
					base = f->dso + i;
					base_len = f->dso_len - i;
					break;
				}
			}
		}
		sk_buf_append_char(b, '[');
		sk_buf_append(b, base, base_len);
		if (o->addrs) {
			sk_buf_append(b, " <", 2);
			sk_buf_append(b, f->pc, f->pc_len);
			sk_buf_append_char(b, '>');
		}
		sk_buf_append_char(b, ']');
	} else {
		sk_buf_append(b, part, len);
	}
	/* tidy_generic: ';' would split the folded stack. */
	for (i = 0; i < b->len; i++)
		if (b->data[i] == ';')
			b->data[i] = ':';
	/* Everything from the first '(' is an argument list, except in Go
	 * method names ("net/http.(*Client).Do", /\.\(.*\)\./) and C++'s
	 * "(anonymous namespace)".  The "[dso]" that stands for an unknown
	 * symbol is not cut: a dso with a '(' is the "[unknown] " case above,
	 * and other dsos have none. */
	if (!replaced) {
		const char *go = find_bytes(b->data, b->len, ".(", 2);
		int is_go = 0;

		if (go) {
			for (i = (size_t)(go - b->data) + 2; i + 1 < b->len; i++)
				if (b->data[i] == ')' && b->data[i + 1] == '.') {
					is_go = 1;
					break;
				}
		}
		if (!is_go) {
			for (i = 0; i < b->len; i++) {
				if (b->data[i] == '(' &&
				    !has_prefix(b->data + i + 1, b->len - i - 1,
						"anonymous namespace)")) {
					b->len = i;
					b->data[i] = '\0';
					break;
				}
			}
		}
	}
	/* V8 regexp frames such as RegExp:[&<>\"\'] carry quotes. */
	for (i = 0, w = 0; i < b->len; i++)
		if (b->data[i] != '"' && b->data[i] != '\'')
			b->data[w++] = b->data[i];
	b->len = w;
	b->data[w] = '\0';
	/* tidy_java: "Ljava/lang/Thread;::run" -> "java/lang/Thread:::run" */
	if (java && b->len > 0 && b->data[0] == 'L' &&
	    memchr(b->data, '/', b->len)) {
		memmove(b->data, b->data + 1, b->len);
		b->len--;
	}
	/* The kind is data; FlameGraph's "_[k]"-style marks are added by
	 * the name-only writers (sk_view.h).  The parts after the first of
	 * a Java "a->b" chain are inlined into it; perf >= 5.x prints
	 * inlined functions (DWARF, --inline) with the dso "(inlined)". */
	/* FlameGraph's --srcline: ":" and the source line, after the
	 * tidying; one source line belongs to the frame line's own
	 * function, not to the inlined parts of a Java chain. */
	if (o->srcline && f->srcline && index == 0) {
		sk_buf_append_char(b, ':');
		sk_buf_append(b, f->srcline, f->srcline_len);
	}
	if (index > 0)
		kind = SK_FRAME_INLINED;
	else if ((kind = sk_module_kind(f->dso, f->dso_len)) ==
		 SK_FRAME_NATIVE && f->dso_len == 7 &&
		 memcmp(f->dso, "inlined", 7) == 0)
		kind = SK_FRAME_INLINED;
	emit(arg, b->data, b->len, kind, f);
}

void perf_render_frame(const perf_frame *f, int java, const perf_opts *o,
		       sk_buf *scratch, perf_emit_fn emit, void *arg)
{
	const char *s = f->sym, *end = f->sym + f->sym_len;
	size_t n_parts = 0, last_nonempty = 0, i;
	const char *part[64];
	size_t part_len[64];
	const char *p;

	/* "(..." symbols are perf's placeholders for process names. */
	if (f->sym_len > 0 && f->sym[0] == '(')
		return;
	/* A Java inline chain "caller->callee->callee" lists the caller
	 * first; the line as a whole is emitted leaf side first, so the parts
	 * go out last to first.  Perl's split /\->/ drops trailing empty
	 * fields.  Chains longer than 64 parts keep their tail in the last
	 * part (never seen in practice). */
	for (p = s;;) {
		const char *arrow = n_parts + 1 < 64 ?
			find_bytes(p, (size_t)(end - p), "->", 2) : NULL;
		const char *pe = arrow ? arrow : end;

		part[n_parts] = p;
		part_len[n_parts] = (size_t)(pe - p);
		n_parts++;
		if (pe > p)
			last_nonempty = n_parts;
		if (!arrow)
			break;
		p = arrow + 2;
	}
	for (i = last_nonempty; i-- > 0;)
		render_part(f, part[i], part_len[i], i, java, o, scratch, emit,
			    arg);
}
