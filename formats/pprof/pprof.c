/*
 * pprof.c - the pprof format (google/pprof profile.proto, as Go's
 * runtime/pprof, pprof itself and many profilers write it): its entry in
 * the format registry.  The work is split by responsibility:
 *   pprof_probe.c  recognising a profile from its first bytes
 *   pprof_read.c   protobuf -> model
 *   pprof_write.c  model -> protobuf
 *   pprof_map.c    the id map both directions use
 * Encoding and decoding go through libprotobuf-c with the code protoc-c
 * generates at build time from profile.proto.  gzip, which pprof files on
 * disk normally are, is undone and applied by the io layer.
 */
#include "stackkit/sk_format.h"
#include "formats/pprof/pprof.h"

static const char *const pprof_aliases[] = { "pb", "proto", NULL };

/* ".pb.gz" is what `go tool pprof -proto` and most servers write; ".prof"
 * and ".pprof" are common for Go's `-cpuprofile` files. */
static const char *const pprof_extensions[] = {
	".pb.gz", ".pb", ".prof", ".pprof", NULL
};

static const sk_option_spec pprof_options[] = {
	{ "label-frames", "KEY",
	  "pprof input: add a root frame KEY=VALUE from each sample's label "
	  "KEY (repeatable or comma-separated)" },
	{ "all-frames", NULL,
	  "pprof input: ignore the profile's drop_frames/keep_frames" },
	{ "no-gzip", NULL,
	  "pprof output: write the bare protobuf (also for names ending in .pb)" },
	{ NULL, NULL, NULL }
};

const sk_format sk_format_pprof = {
	.name = "pprof",
	.aliases = pprof_aliases,
	.extensions = pprof_extensions,
	.description = "pprof profile.proto, raw or gzipped (Go runtime/pprof, "
		       "go tool pprof -proto)",
	.probe = sk_pprof_probe,
	.read = sk_pprof_read,
	.write = sk_pprof_write,
	.options = pprof_options,
	.preserves = "every sample type with its unit and the default one, "
		     "stacks with inlined frames, function/file/line/column, "
		     "addresses and mappings, string and numeric labels, "
		     "period, time, duration, comments, doc_url; "
		     "values are rounded to integers",
};
