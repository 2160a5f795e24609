// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench report [--out DIR] [--numa BASE,NEW] BASE NEW: the two sides judged
 * once and written as one page (render/report.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "plot.h"
#include "report.h"
#include "util.h"

static void report_usage(FILE *f)
{
	fprintf(f, "usage: vrbench report [--out DIR] [--numa BASE_NUMA,NEW_NUMA] BASE NEW\n\n"
		   "BASE and NEW as for compare (--numa: the NUMA suite's results of each, for the\n"
		   "NUMA matrix).  Writes DIR/index.md and a self-contained\n"
		   "DIR/index.html (default results/report-STAMP/): the gate's verdict first, the\n"
		   "figures of `vrbench plot` with how to read each, the comparison table, and the\n"
		   "machine and kernel facts.  Prints the paths; exits as `compare --gate` would\n"
		   "(0, 1, 125), or 2 when the two cannot be compared.\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' }, { "numa", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	char **labels = NULL, *dir = NULL;
	struct side *sides = NULL;
	const char *numa = NULL;
	struct judgement j;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': dir = strdup(optarg); break;
		case 'n': numa = optarg; break;
		case 'h': report_usage(stdout); return 0;
		default: report_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		report_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	if (plot__load(argv + optind, 2, &sides, &labels))
		return VRB_EXIT_USAGE;
	/* judged once: the verdict, what regressed, the figures and the table */
	rc = judge__sides(argv[optind], argv[optind + 1], NULL, &j);
	if (rc == -EINVAL)
		vrb_err("report: %s and %s cannot be compared (see above)", argv[optind],
			argv[optind + 1]);
	if (rc)
		return cli__judge_exit(rc);
	if (!dir)
		dir = cli__results_dir("report");
	if (report__write(argv + optind, sides, labels, numa, dir, &j))
		rc = VRB_EXIT_USAGE;
	else
		printf("%s/index.md\n%s/index.html\n", dir, dir), rc = j.gate_exit;
	judgement__free(&j);
	free(dir);
	return rc;
}
