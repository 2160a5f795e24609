/* SPDX-License-Identifier: GPL-2.0 */
/* The VM target: boot a kernel under QEMU with the module and run a command in it. */
#ifndef VRB_VM_H
#define VRB_VM_H

#include <stdbool.h>

#include "kernel.h"
#include "vm_channel.h"

struct vm_opts {
	int cpus;		/* guest CPUs (default 2) */
	int nodes;		/* NUMA nodes, 1 or 2 */
	int mem_mb;		/* guest memory; 0: 1 GiB per node */
	int timeout_s;		/* outer bound on the whole boot (default 300) */
	bool keep;		/* keep the run directory even on success */
	bool no_module;		/* boot without loading the module */
	bool console;		/* one serial port (LAVA): the records go to the console */
	bool quiet;		/* say nothing on failure, keep nothing (probes) */
	bool probe;		/* the KVM probe: one boot, ended at QEMU's first KVM error
				 * or when the console stays silent (VM_PROBE_SILENT_S) */
	const char *module_args;	/* insmod parameters, e.g. "inject=leak_page" */
	const char *append;	/* more kernel command line, e.g. "preempt=none" */
	bool icount;		/* TCG only: guest time from instruction counts (-icount) */
	bool lava;		/* boot through LAVA's lava-run (lava.c), not QEMU directly */
	const char *accel;	/* "tcg", "kvm" or NULL: $VRBENCH_ACCEL, else probed */
	const char *rootfs;	/* a userspace tree the command runs chrooted in, or NULL */
	char **files;		/* copied into the guest's /vrbench/job/ */
	int nfiles;
	/* called about twice a second with the guest's latest progress record */
	void (*on_progress)(void *arg, const char *record);
	void *progress_arg;
};

struct vm_result {
	int exit_code;		/* the guest command's exit code */
	struct vm_channel ch;	/* every file the guest sent back */
	char *run_dir;		/* console.log and the raw channel; NULL once removed */
};

void vm_opts__init(struct vm_opts *o);
/*
 * Boot ki, run cmd (argv) in the guest.  Returns 0 when the guest reported the
 * command's exit code; otherwise a negative errno after printing why (panic,
 * timeout, module load failure), with the console log kept in res->run_dir.
 */
int vm__run(const struct kernel_info *ki, char *const cmd[], const struct vm_opts *o,
	    struct vm_result *res);
void vm_result__free(struct vm_result *res);
/* The -icount shift vrbench uses: one guest instruction = 2^3 ns of guest time. */
#define VM_ICOUNT_SHIFT 3
/* A KVM guest prints its first console line well within a second; a probe
 * whose console is still empty after this long has not booted. */
#define VM_PROBE_SILENT_S 5

/* Pack ki's base initramfs now if it is out of date (before guests start in parallel). */
int vm__prepare(const struct kernel_info *ki);
/* A SIGINT or SIGTERM stopped the last boot. */
bool vm__interrupted(void);
/* The accelerator vm__run would use: "kvm" only after a probe boot worked. */
const char *vm__accel(const struct kernel_info *ki, const struct vm_opts *o);

#endif
