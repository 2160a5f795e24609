/* SPDX-License-Identifier: GPL-2.0 */
/* vrbench run's plan, and keeping one run's result file (run_keep.c). */
#ifndef VRB_RUN_KEEP_H
#define VRB_RUN_KEEP_H

#include <stddef.h>
#include <time.h>

#include "kernel.h"
#include "target.h"
#include "vm.h"

struct run_plan {
	const char *bench_path;		/* NULL: the built-in default suite */
	const char *out_dir;
	int runs;
	int jobs;			/* guests booted at once (--jobs) */
	enum target_kind target;
	struct vm_opts vm;
	/* LAVA provenance of collected runs (vrbench lava collect); NULL: lava-run here */
	const char *lava_device, *lava_worker, *lava_job_id;
	struct kernel_info *kernels;
	size_t nkernels;
	char stamp[32];
	/* progress */
	size_t done, total;
	struct timespec t0;
	const char *current;
};

/* Validate what the guest sent, add the host's facts, write it atomically. */
int run_plan__keep(const struct run_plan *p, const struct kernel_info *ki, int run,
		   const char *accel, const char *data, size_t len);

#endif
