/* SPDX-License-Identifier: GPL-2.0 */
/* The module's `result` file (kmod/ABI.md), parsed. */
#ifndef VRB_MODRESULT_H
#define VRB_MODRESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kmod/vrb_abi.h"

/* the module's limits, from its own table */
#define MOD_MAX_NODES VRB_MAX_NODES
#define MOD_HIST_BUCKETS VRB_HIST_BUCKETS

struct mod_step {
	char op[16];
	uint64_t old_size, new_size;
	uint64_t ops, fail, moved, verify_errors, zero_errors;
	uint64_t node_errors, charge_errors;	/* abi 6+; 0 before */
	uint64_t free_errors;			/* abi 7+; 0 before */
	bool mem_valid;			/* the memory fields were sampled */
	long resident_before, resident_after;
	bool nr_valid;			/* the kernel has NR_VMALLOC */
	long nr_vmalloc_delta;
	uint32_t node_pages[MOD_MAX_NODES];
	int nnodes;
	int huge;			/* mapped with huge pages: 1, 0, -1 unknown */
	bool array_valid;		/* abi 2+: pages_array_delta reported */
	long pages_array_delta;		/* the area's vmalloc'd page array, after - before */
	int expect_free;		/* abi 2+: the kernel should return pages: 1, 0, -1 unknown */
	uint64_t *samples;		/* raw ns */
	size_t nsamples;
	uint8_t *irqs;			/* abi 4, x86: timer interrupts in each sample */
	size_t nirqs;			/* (255: unknown, the task changed CPU) */
	bool has_hist;			/* more ops than samples: all of them binned */
	uint64_t hist[MOD_HIST_BUCKETS];
};

struct mod_result {
	int abi;
	char *job;			/* normalized job line */
	char status[16];		/* done, failed, ready, nojob */
	int err;
	uint64_t clock_overhead_ns;
	uint64_t alloc_fail;
	bool has_drains;		/* drain=1: lazy areas purged before repetitions */
	uint64_t drains, drain_ns;
	unsigned int walk_next, walk_steps;
	bool walk_held;
	struct mod_step *steps;
	size_t nsteps;
};

/* Returns 0, or -EPROTO with a message naming the offending line. */
int modresult__parse(const char *text, struct mod_result *r, char *err, size_t errlen);
void modresult__free(struct mod_result *r);
/*
 * Add another pass of the same walk to acc: its samples appended and its
 * counts added per step; the memory fields stay those of the first pass.
 * -EPROTO when the passes do not have the same steps.
 */
int modresult__append(struct mod_result *acc, const struct mod_result *more);

#endif
