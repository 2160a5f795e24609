// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: lays out a job's steps, runs it in the writer's own context (so
 * its CPU binding, memory policy and perf counters apply) or on runner
 * kthreads (threads=N), and releases it.  The parts are in vrb_area.c,
 * vrb_step.c, vrb_patterns.c and vrb_threads.c (each with its header).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vrb_patterns.h"
#include "vrb_step.h"
#include "vrb_threads.h"
#include "vrb_compat.h"

static void free_samples(struct vrb_state *st)
{
	unsigned int i;

	for (i = 0; i < VRB_STEP_SLOTS; i++) {
		kfree(st->steps[i].samples);
		st->steps[i].samples = NULL;
	}
}

void vrb_engine_release(struct vrb_state *st)
{
	vfree(st->walk.p);
	st->walk = (struct vrb_area){ 0 };
	free_samples(st);
	memset(st->steps, 0, sizeof(st->steps));
	st->have_job = false;
	st->ran = false;
	st->nsteps = 0;
	st->walk_next = 0;
	st->alloc_fail = 0;
	st->drains = 0;
	st->drain_ns = 0;
	st->status = 0;
}

/* Lay out the steps of a job and give each its sample buffer. */
int vrb_engine_start(struct vrb_state *st, const struct vrb_job *job)
{
	size_t sizes[VRB_MAX_STEPS + 1];
	unsigned int n = 0, i;

	vrb_engine_release(st);
	st->job = *job;
	switch (job->pattern) {
	case VRB_GROW:
	case VRB_SHRINK:
		vrb_job_ladder(job, sizes, &n);
		for (i = 1; i < n; i++)
			vrb_step_init(&st->steps[i - 1], vrb_pattern_name(job->pattern),
				      sizes[i - 1], sizes[i]);
		st->nsteps = n - 1;
		break;
	case VRB_REGROW:
	case VRB_PINGPONG:
		vrb_step_init(&st->steps[0], "shrink", job->from, job->to);
		vrb_step_init(&st->steps[1], "grow", job->to, job->from);
		st->nsteps = 2;
		break;
	case VRB_APPEND:
		vrb_step_init(&st->steps[0], "append", job->elem, job->elem * job->count);
		st->nsteps = 1;
		break;
	case VRB_EDGES:
		vrb_step_init(&st->steps[0], "null", 0, job->from);
		vrb_step_init(&st->steps[1], "zero", job->from, 0);
		/* a grow no allocation can satisfy: more than all of RAM */
		vrb_step_init(&st->steps[2], "fail", job->from, VRB_EDGES_FAIL_BYTES);
		st->nsteps = 3;
		break;
	case VRB_WALK:
		vrb_step_init(&st->steps[0], "alloc", 0, job->walk[0]);
		for (i = 1; i < job->nwalk; i++)
			vrb_step_init(&st->steps[i],
				      job->walk[i] > job->walk[i - 1] ? "grow" : "shrink",
				      job->walk[i - 1], job->walk[i]);
		vrb_step_init(&st->steps[job->nwalk], "free", job->walk[job->nwalk - 1], 0);
		st->nsteps = 0;	/* grows as the walk advances */
		break;
	}
	for (i = 0; i < VRB_STEP_SLOTS && vrb_max_samples; i++) {
		if (!st->steps[i].op)
			continue;
		st->steps[i].samples = kmalloc_array(vrb_max_samples, sizeof(u64), GFP_KERNEL);
		if (!st->steps[i].samples) {
			vrb_engine_release(st);
			return -ENOMEM;
		}
	}
	st->have_job = true;
	return 0;
}

int vrb_engine_run(struct vrb_state *st)
{
	const struct vrb_job *job = &st->job;
	struct vrb_ctx x = { .job = job, .steps = st->steps };
	unsigned int i;
	int err;

	if (!st->have_job)
		return -ENOENT;
	/* the walk is over: its results stay as they are until a new job */
	if (job->pattern == VRB_WALK && st->walk_next > job->nwalk)
		return -ENODATA;
	st->clock_overhead_ns = vrb_clock_overhead();
	vrb_run_inject = vrb_inject_mask();	/* fixed for the whole run */
	if (job->pattern == VRB_WALK) {
		err = vrb_walk_step(st);
		st->ran = true;
		st->status = err;
		return err;
	}
	if (st->ran) {	/* a rerun of the same job starts its results afresh */
		err = vrb_engine_start(st, job);
		if (err)
			return err;
	}
	if (job->threads > 1) {
		err = vrb_threads_run(st);
	} else {
		err = vrb_pattern_run(&x);
		st->alloc_fail = x.alloc_fail;
		st->drains = x.drains;
		st->drain_ns = x.drain_ns;
	}
	if (vrb_run_inject & VRB_INJ_LEAK_PAGE)
		vrb_inject_leak();
	for (i = 0; i < st->nsteps; i++)
		if (st->steps[i].fail)
			pr_info("step %u: %llu allocation failures (recorded)\n", i,
				st->steps[i].fail);
	st->ran = true;
	st->status = err;
	return err;
}
