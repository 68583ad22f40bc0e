/*
 * massif.c - valgrind massif's massif.out format: its registry entry, its
 * probe and its options.  The reader is massif_read.c (with the tree
 * parser massif_tree.c), the writer massif_write.c; massif.h says how
 * snapshots map to the model.
 */
#include "formats/massif/massif.h"

#include <string.h>

static int line_starts(const unsigned char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* Massif's header is its marker: "desc:" lines, "cmd:", "time_unit:"
 * (ms_print's order), then "#-----------" and "snapshot=0". */
static int massif_probe(const unsigned char *data, size_t len)
{
	size_t i = 0, lines = 0;
	int desc = 0, cmd = 0, unit = 0;

	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
		i = 3;
	while (i < len && lines < 64) {
		const unsigned char *line = data + i, *nl;
		size_t n;

		nl = memchr(line, '\n', len - i);
		n = nl ? (size_t)(nl - line) : len - i;
		i += n + 1;
		lines++;
		if (line_starts(line, n, "desc:") && !cmd)
			desc = 1;
		else if (line_starts(line, n, "cmd:") && !cmd)
			cmd = 1;
		else if (line_starts(line, n, "time_unit:") && cmd) {
			unit = 1;
			break;
		} else
			return 0;
	}
	if (unit)
		return desc ? SK_PROBE_MAX : SK_PROBE_STRONG;
	return cmd && desc ? SK_PROBE_TEXT : 0;
}

static const char *const massif_extensions[] = { ".massif", NULL };
static const sk_option_spec massif_options[] = {
	{ "snapshot", "N|peak|last",
	  "massif input: the detailed snapshot read as the profile (default peak)" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_massif = {
	.name = "massif",
	.aliases = NULL,
	.extensions = massif_extensions,
	.description = "valgrind massif heap snapshots (massif.out.PID)",
	.probe = massif_probe,
	.read = massif_read,
	.write = massif_write,
	.options = massif_options,
	.preserves = "one detailed snapshot's heap tree as stacks in bytes "
		     "(address, function, file:line or object); every snapshot's "
		     "heap, extra and stack totals and trees in the timeline",
	.flags = SK_FORMAT_USES_TIMELINE,
};
