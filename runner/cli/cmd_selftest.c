// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench selftest --kernel NAME: build selftests/vrealloc_bench, boot NAME
 * with the module, run the test there, print its KTAP and exit with the
 * kselftest code (0 pass, 1 fail, 4 skip; 125 when the guest itself failed).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "util.h"
#include "vm.h"

static void selftest_usage(FILE *f)
{
	fprintf(f, "usage: vrbench selftest --kernel NAME [--module-args \"inject=...\"] [--nodes N]\n"
		   "                        [--append \"init_on_alloc=0 ...\"] [--timeout SEC]\n\n"
		   "Run the vrealloc kselftest (selftests/vrealloc_bench) in a guest of NAME and print\n"
		   "its KTAP.  Exit: 0 pass, 1 a case failed, 4 all skipped (no vrealloc), 125 the\n"
		   "guest failed.  --module-args loads the module with parameters, e.g. the fault\n"
		   "injection that proves each case can fail (kmod/ABI.md).  --nodes 2: a guest of\n"
		   "two NUMA nodes, where the __GFP_THISNODE case also checks a move between them.\n"
		   "--append adds to the guest kernel's command line: \"init_on_alloc=0\n"
		   "init_on_free=1\" checks the shrink-time zeroing init_on_free alone obliges.\n");
}

int cmd_selftest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "module-args", required_argument, NULL, 'M' },
		{ "timeout", required_argument, NULL, 't' },
		{ "nodes", required_argument, NULL, 'n' },
		{ "append", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char *cmd[] = { "./vrealloc_bench_test", NULL }, *bin;
	const char *kname = NULL;
	struct vm_opts o;
	int c, rc;

	vm_opts__init(&o);
	while ((c = getopt_long(argc, argv, "k:M:t:n:A:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kname = optarg; break;
		case 'M': o.module_args = optarg; break;
		case 'A': o.append = optarg; break;
		case 't': o.timeout_s = atoi(optarg) > 0 ? atoi(optarg) : 300; break;
		case 'n':
			if (cli__parse_int("--nodes", optarg, 1, 8, &o.nodes))
				return VRB_EXIT_USAGE;
			break;
		case 'h': selftest_usage(stdout); return 0;
		default: selftest_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (!kname) {
		vrb_err("selftest: --kernel NAME is required");
		return VRB_EXIT_USAGE;
	}
	bin = cli__build_selftest();
	if (!bin)
		return VRB_EXIT_NOMEASURE;
	o.files = &bin;
	o.nfiles = 1;
	rc = cli__vm_exec(kname, &o, cmd, NULL);
	free(bin);
	return rc;
}
