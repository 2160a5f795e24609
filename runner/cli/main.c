// SPDX-License-Identifier: GPL-2.0
/* vrbench: measure vrealloc() across kernels.  Entry point and dispatch. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "util.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "kernels", cmd_kernels, "list the kernel catalogue, fetch a kernel" },
	{ "vm", cmd_vm, "boot a kernel with the module loaded and run a command in it" },
	{ "native", cmd_native, "load the module into the running kernel and run a command" },
	{ "info", cmd_info, "what this host offers: targets, accelerator, kernels" },
	{ "measure", cmd_measure, "run a suite against the loaded module here, write one result" },
	{ "run", cmd_run, "measure a suite on several kernels, several runs each" },
	{ "validate", cmd_validate, "check result files against the schema" },
	{ "compare", cmd_compare, "compare two sets of results: statistics, memory, verdict" },
	{ "calibrate", cmd_calibrate, "find the smallest slowdown this machine detects" },
	{ "anchor", cmd_anchor, "upstream test_vmalloc's vrealloc_test spread beside vrbench's" },
	{ "plot", cmd_plot, "figures with gnuplot: latency, savings, ratios, trend, NUMA" },
	{ "report", cmd_report, "one page for a mail or a review: verdict, figures, table, facts" },
	{ "bisect", cmd_bisect, "find the commit that made vrealloc slower or fatter" },
	{ "bisect-step", cmd_bisect_step, "(internal) git bisect run's predicate" },
	{ "selftest", cmd_selftest, "run the vrealloc kselftest in a kernel, print its KTAP" },
	{ "ci", cmd_ci, "what a CI job runs: measure two kernels, judge, summary, exit as the gate" },
	{ "export", cmd_export, "a comparison as a KCIDB v5.3 document for KernelCI" },
	{ "coverage", cmd_coverage, "which branches of vrealloc() the suites and the kselftest run (gcov)" },
	{ "mutants", cmd_mutants, "one patch per generated mutant of vrealloc()'s code, for make mutants" },
	{ "lava", cmd_lava, "LAVA jobs for a lab's devices: write, submit, collect results" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: vrbench COMMAND [OPTIONS]   (vrbench COMMAND --help for each)\n\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strncmp(commands[i].summary, "(internal)", 10))
			fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nExit codes: 0 success, 1 failure or regression, 2 usage or input error,\n"
		   "125 could not measure (guest panicked or hung, module did not load).\n"
		   "vm and native exit with the guest command's own code when it ran.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return VRB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--commands")) {	/* for the man page and bash completion */
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strncmp(commands[i].summary, "(internal)", 10))
				printf("%s\n", commands[i].name);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vrbench %s\n", VRB_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	vrb_err("unknown command '%s'", argv[1]);
	usage(stderr);
	return VRB_EXIT_USAGE;
}
