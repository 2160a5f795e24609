/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's own parts, shared by its files and no one else:
 *   vrb_area.c     one area: allocate, resize (timed), what it spans and holds
 *   vrb_step.c     one step's record: times, and memory around one operation
 *   vrb_patterns.c the patterns (ladders, pingpong, append, edges, walk)
 *   vrb_threads.c  threads=N: one runner kthread per CPU
 *   vrb_engine.c   start, run and release a job
 */
#ifndef VRB_ENGINE_H
#define VRB_ENGINE_H

#include <linux/completion.h>
#include <linux/gfp.h>

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

/* vrb_area.c */
gfp_t vrb_job_gfp(const struct vrb_job *job);
int vrb_area_alloc_timed(struct vrb_ctx *x, struct vrb_area *a, size_t size, u64 *sample);
int vrb_area_alloc(struct vrb_ctx *x, struct vrb_area *a, size_t size);
int vrb_area_resize(struct vrb_ctx *x, struct vrb_step *s, struct vrb_area *a,
		    size_t new, bool record, bool full_verify);
void vrb_area_adopt(struct vrb_area *a, u8 *p, size_t size);
void vrb_area_free(struct vrb_area *a);

/*
 * One timed operation: its time in ns, and in the sample's top byte how many
 * timer interrupts landed in it (VRB_SAMPLE_IRQS; 255: the task changed CPU,
 * unknown), so that a reader can tell the tick's cost from the operation's.
 */
struct vrb_timing {
	u64 t0;
	unsigned int irqs0;
	int cpu;
};

void vrb_time_start(struct vrb_timing *t);
u64 vrb_time_stop(const struct vrb_timing *t);	/* a sample: ns | irqs << 56 */

/* vrb_step.c */
void vrb_step_init(struct vrb_step *s, const char *op, size_t old, size_t new);
void vrb_step_record(struct vrb_step *s, u64 sample);
void vrb_step_mem_before(struct vrb_step *s, const struct vrb_ctx *x,
			 const struct vrb_area *a, long *nr);
void vrb_step_mem_after(struct vrb_step *s, const struct vrb_area *a, long nr);

/* vrb_patterns.c */
int vrb_pattern_run(struct vrb_ctx *x);
int vrb_walk_step(struct vrb_state *st);

/* vrb_threads.c */
int vrb_threads_run(struct vrb_state *st);

#endif /* VRB_ENGINE_H */
