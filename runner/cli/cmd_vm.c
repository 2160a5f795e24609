// SPDX-License-Identifier: GPL-2.0
/* vrbench vm | native: run a command next to the loaded module. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalogue.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "native.h"
#include "target.h"
#include "util.h"
#include "vm.h"

static char *default_cmd[] = { "cat", "/sys/kernel/debug/vrealloc_bench/info", NULL };

static void vm_usage(FILE *f)
{
	fprintf(f,
		"usage: vrbench vm --kernel NAME [OPTIONS] [-- COMMAND [ARG...]]\n\n"
		"Boot NAME (from the kernel catalogue) under QEMU with the module loaded and\n"
		"debugfs mounted, run COMMAND in the guest's busybox environment, print its\n"
		"output and exit with its exit code.  Without COMMAND, print the module's info.\n\n"
		"  --kernel NAME    kernel to boot (fetched and the module built when needed)\n"
		"  --cpus N         guest CPUs (default 2)\n"
		"  --nodes N        NUMA nodes (default 1; CPUs and memory split evenly)\n"
		"  --mem MB         guest memory (default 1024 per node)\n"
		"  --timeout SEC    bound on the whole boot (default 300); a hung guest is killed\n"
		"  --accel tcg|kvm  override the accelerator (default: KVM only if a probe boots)\n"
		"  --out DIR        save the files the guest left in /vrbench/out, and its dmesg\n"
		"  --file PATH      copy PATH into the guest's working directory (repeatable)\n"
		"  --module-args S  insmod parameters for the module (e.g. \"max_samples=4096\")\n"
		"  --append S       more kernel command line (e.g. \"preempt=none\")\n"
		"  --no-module      boot without loading the module\n"
		"  --rootfs DIR     run COMMAND chrooted in DIR, a userspace tree (debootstrap, a\n"
		"                   chroot) packed into the initramfs: proc, sys, dev, tmp and the\n"
		"                   job's /vrbench/job and /vrbench/out are bound into it\n"
		"  --keep           keep the run directory (console log, initrd) on success too\n"
		"  --engine lava    boot through LAVA's lava-run (TCG, one node; run's --engine)\n\n"
		"Exit: the command's code; 125 when the guest panicked, hung or the module did not\n"
		"load (the console log is kept and its path printed); 2 for usage errors.\n");
}


int cmd_vm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "nodes", required_argument, NULL, 'n' },
		{ "mem", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "accel", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "file", required_argument, NULL, 'f' },
		{ "module-args", required_argument, NULL, 'M' },
		{ "append", required_argument, NULL, 'A' },
		{ "clock", required_argument, NULL, 'C' },
		{ "no-module", no_argument, NULL, 'N' },
		{ "rootfs", required_argument, NULL, 'R' },
		{ "keep", no_argument, NULL, 'K' },
		{ "engine", required_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *kname = NULL, *out_dir = NULL;
	struct vm_opts o;
	struct stat st;
	char **cmd;
	int c, rc;

	vm_opts__init(&o);
	while ((c = getopt_long(argc, argv, "+k:c:n:m:t:a:o:f:M:A:C:E:R:NKh", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kname = optarg; break;
		case 'c': if (cli__parse_int("--cpus", optarg, 1, 64, &o.cpus)) return 2; break;
		case 'n': if (cli__parse_int("--nodes", optarg, 1, 8, &o.nodes)) return 2; break;
		case 'm': if (cli__parse_int("--mem", optarg, 128, 1 << 20, &o.mem_mb)) return 2; break;
		case 't': if (cli__parse_int("--timeout", optarg, 1, 86400, &o.timeout_s)) return 2; break;
		case 'a':
			if (strcmp(optarg, "tcg") && strcmp(optarg, "kvm")) {
				vrb_err("--accel: expected tcg or kvm, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			o.accel = optarg;
			break;
		case 'o': out_dir = optarg; break;
		case 'f':
			o.files = realloc(o.files, (o.nfiles + 1) * sizeof(*o.files));
			if (!o.files)
				abort();
			o.files[o.nfiles++] = optarg;
			break;
		case 'M': o.module_args = optarg; break;
		case 'A': o.append = optarg; break;
		case 'C':	/* as `run` measures: icount counts instructions */
			if (strcmp(optarg, "icount") && strcmp(optarg, "real")) {
				vrb_err("--clock: expected icount or real, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			o.icount = !strcmp(optarg, "icount");
			break;
		case 'E':
			if (strcmp(optarg, "qemu") && strcmp(optarg, "lava")) {
				vrb_err("--engine: expected qemu or lava, not '%s'", optarg);
				return VRB_EXIT_USAGE;
			}
			o.lava = !strcmp(optarg, "lava");
			break;
		case 'N': o.no_module = true; break;
		case 'R':
			if (stat(optarg, &st) || !S_ISDIR(st.st_mode)) {
				vrb_err("--rootfs: '%s' is not a directory", optarg);
				return VRB_EXIT_USAGE;
			}
			o.rootfs = optarg;
			break;
		case 'K': o.keep = true; break;
		case 'h': vm_usage(stdout); return 0;
		default: vm_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (!kname) {
		vrb_err("vm: --kernel NAME is required");
		vm_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	cmd = optind < argc ? argv + optind : default_cmd;
	rc = cli__vm_exec(kname, &o, cmd, out_dir);
	free(o.files);
	return rc;
}


int cmd_native(int argc, char **argv)
{
	enum target_kind kind;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: vrbench native [-- COMMAND [ARG...]]\n\n"
		       "Load the module into the running kernel, run COMMAND (default: print the\n"
		       "module's info), and unload it on every way out.  The module DKMS installed\n"
		       "(vrealloc-bench-dkms) when it is there and speaks this vrbench's abi; else\n"
		       "one built here.  Needs root, a kernel with module support and, to build, its\n"
		       "headers in /lib/modules/$(uname -r)/build.\n");
		return 0;
	}
	if (target__pick("native", &kind))
		return VRB_EXIT_NOMEASURE;
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	return native__run(argc > 1 ? argv + 1 : default_cmd);
}
