// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench compare BASE NEW: is NEW worse than BASE, by how much, how sure?
 * The judging is judge.c's (the same call report, plot and bisect make);
 * this is its command line and its output.  BASE and NEW: result files,
 * directories, or kernel names (their newest session in results/).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "judge.h"
#include "util.h"

static void compare_usage(FILE *f)
{
	fprintf(f, "usage: vrbench compare [--gate] [--gate-allow-undecided N|N%%] [--gates FILE]\n"
		   "                       [--allow-mismatch KEY[,KEY]] [--format table|markdown|json]\n"
		   "                       [--looks K] BASE NEW\n\n"
		   "BASE and NEW: result files, directories of them, or kernel names (their newest\n"
		   "session in results/).  Refused (exit 2) when the two did not measure the same\n"
		   "thing the same way: clock, bench, job lines, accelerator, CPUs, page size,\n"
		   "init_on_alloc/free, kasan (--allow-mismatch KEY allows one, never the clock).\n"
		   "Latency per cell and step: slower / faster when the change is significantly past\n"
		   "the threshold (Welch t on logs, Holm across cells), unchanged when the 95%% interval\n"
		   "is within it, ~ otherwise.  Exact metrics (cells that failed or went missing,\n"
		   "errors, moves, resident and vmalloc pages, memcg): anything worse in any run.\n"
		   "Exit with --gate: 0 every gated cell decided and nothing worse, 1 a regression,\n"
		   "125 no regression but cells undecided or short of runs, 2 input error.\n"
		   "--looks K: judge as the K-th of K planned looks (alpha / K: `ci` writes its K in\n"
		   "compare.json), to reproduce an adaptive `ci` verdict from its result files.\n");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gate", no_argument, NULL, 'g' }, { "gates", required_argument, NULL, 'G' },
		{ "gate-allow-undecided", required_argument, NULL, 'u' },
		{ "allow-mismatch", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' }, { "looks", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	struct judge_opts o = { 0 };
	const char *format = "table";
	struct judgement j;
	bool gate = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "gG:u:a:f:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (cli__parse_looks(optarg, &o.looks))
				return VRB_EXIT_USAGE;
			break;
		case 'g': gate = true; break;
		case 'G': o.gates_path = optarg; break;
		case 'u': o.allow_undecided = optarg; break;
		case 'a': o.allow_mismatch = optarg; break;
		case 'f': format = optarg; break;
		case 'h': compare_usage(stdout); return 0;
		default: compare_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || (strcmp(format, "table") && strcmp(format, "markdown") &&
				   strcmp(format, "json"))) {
		compare_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	rc = judge__sides(argv[optind], argv[optind + 1], &o, &j);
	if (rc)
		return cli__judge_exit(rc);
	if (!strcmp(format, "json"))
		judgement__print_json(&j, stdout);
	else
		judgement__print(&j, stdout, !strcmp(format, "markdown"));
	rc = gate ? j.gate_exit : 0;
	judgement__free(&j);
	return rc;
}
