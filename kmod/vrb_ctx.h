/* SPDX-License-Identifier: GPL-2.0 */
/* What one runner of a job works on (the engine's files share it). */
#ifndef VRB_CTX_H
#define VRB_CTX_H

#include <linux/atomic.h>
#include <linux/completion.h>

#include "vrb_bench.h"

struct mem_cgroup;

/*
 * What one runner of a job works on: the writer itself, or one of the
 * kthreads of a threads=N job, each with its own steps and areas.
 */
struct vrb_ctx {
	const struct vrb_job *job;
	struct vrb_step *steps;
	u64 alloc_fail;
	u64 drains;		/* lazy-area drains before repetitions, and their time */
	u64 drain_ns;
	atomic_t *stop;		/* set: every runner of the job ends early */
	bool kthread;
	struct mem_cgroup *memcg;	/* kthreads: charge gfp=account here */
	int err;
	struct completion done;
};

#endif /* VRB_CTX_H */
