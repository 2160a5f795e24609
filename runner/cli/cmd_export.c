// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench export --kcidb BASE NEW: a comparison as a KCIDB v5.3 submission
 * (render/kcidb.c), for KernelCI's result database.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "judge.h"
#include "kcidb.h"
#include "util.h"

static void export_usage(FILE *f)
{
	fprintf(f, "usage: vrbench export --kcidb [--origin NAME] [--looks K] [--allow-mismatch KEY]\n"
		   "                      [--out FILE] BASE NEW\n\n"
		   "BASE and NEW as for compare.  Writes a KCIDB v5.3 document (default: stdout):\n"
		   "each kernel a checkout and a build (ids NAME:checkout-HASH, NAME:build-HASH of\n"
		   "its identity), each row of each side a DONE test with its number (p50 in\n"
		   "seconds, exact metrics), each row of NEW a test against BASE (PASS, FAIL\n"
		   "slower, ERROR undecided) and vrbench.gate (PASS, FAIL, ERROR undecided).\n"
		   "Ids are stable: submitting the same results again updates, never duplicates.\n"
		   "--origin: KCIDB origin (default vrbench; [a-z0-9_]).  Exit 0, or 2.\n");
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kcidb", no_argument, NULL, 'k' }, { "origin", required_argument, NULL, 'O' },
		{ "looks", required_argument, NULL, 'L' },
		{ "allow-mismatch", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	const char *origin = "vrbench", *out = NULL, *p;
	struct judge_opts o = { 0 };
	struct judgement j;
	bool kcidb = false;
	json_t *doc;
	int c, rc;

	while ((c = getopt_long(argc, argv, "kO:L:a:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kcidb = true; break;
		case 'O': origin = optarg; break;
		case 'L':
			if (cli__parse_looks(optarg, &o.looks))
				return VRB_EXIT_USAGE;
			break;
		case 'a': o.allow_mismatch = optarg; break;
		case 'o': out = optarg; break;
		case 'h': export_usage(stdout); return 0;
		default: export_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (!kcidb || argc - optind != 2) {
		export_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	for (p = origin; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			break;
	if (!*origin || *p) {
		vrb_err("--origin '%s': KCIDB origins are [a-z0-9_]+", origin);
		return VRB_EXIT_USAGE;
	}
	rc = judge__sides(argv[optind], argv[optind + 1], &o, &j);
	if (rc)
		return cli__judge_exit(rc);
	doc = kcidb__document(&j, origin);
	rc = out ? json_dump_file(doc, out, JSON_INDENT(1) | JSON_SORT_KEYS) :
		   json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (!out)
		putchar('\n');
	if (rc)
		vrb_err("cannot write %s", out ? out : "stdout");
	json_decref(doc);
	judgement__free(&j);
	return rc ? VRB_EXIT_USAGE : 0;
}
