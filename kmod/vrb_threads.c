// SPDX-License-Identifier: GPL-2.0
/*
 * threads=N: one runner kthread per online CPU (the first N), each running
 * the whole pattern on its own areas, all at once.  The writer waits; ^C
 * stops them all; their steps are merged into the job's.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "vrb_patterns.h"
#include "vrb_step.h"
#include "vrb_threads.h"

/*
 * A runner kthread.  The writer holds a reference to it and reaps it with
 * kthread_stop(), as kernel/dma/map_benchmark.c does, so no runner is still
 * executing module code when the writer returns (and rmmod may free it).
 * A kthread has no memcg of its own: gfp=account charges the writer's.
 */
static int pattern_thread(void *arg)
{
	struct vrb_ctx *x = arg;
	struct mem_cgroup *old = set_active_memcg(x->memcg);

	x->err = vrb_pattern_run(x);
	set_active_memcg(old);
	complete(&x->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/*
 * Add one runner's steps into the job's: counts and times; memory from runner
 * 0.  Each runner gives at most its share of the raw samples, so that the
 * samples speak for every runner, not only the first to fill them.
 */
static void merge_steps(struct vrb_state *st, const struct vrb_step *from, unsigned int share)
{
	unsigned int i, k;

	for (i = 0; i < st->nsteps; i++) {
		struct vrb_step *s = &st->steps[i];
		const struct vrb_step *f = &from[i];

		s->ops += f->ops;
		s->fail += f->fail;
		s->moved += f->moved;
		s->verify_errors += f->verify_errors;
		s->zero_errors += f->zero_errors;
		s->node_errors += f->node_errors;
		s->charge_errors += f->charge_errors;
		s->free_errors += f->free_errors;
		s->t_min = min(s->t_min, f->t_min);
		s->t_max = max(s->t_max, f->t_max);
		s->t_sum += f->t_sum;
		for (k = 0; k < VRB_HIST_BUCKETS; k++)
			s->hist[k] += f->hist[k];
		for (k = 0; k < f->nsamples && k < share && s->nsamples < vrb_max_samples; k++)
			s->samples[s->nsamples++] = f->samples[k];
	}
}

/* Memory fields as runner 0 saw them; NR_VMALLOC is not one runner's. */
static void copy_memory(struct vrb_state *st, const struct vrb_step *from)
{
	unsigned int i;

	for (i = 0; i < st->nsteps; i++) {
		struct vrb_step *s = &st->steps[i];
		const struct vrb_step *f = &from[i];

		s->mem_valid = f->mem_valid;
		s->resident_before = f->resident_before;
		s->resident_after = f->resident_after;
		s->array_before = f->array_before;
		s->array_after = f->array_after;
		s->nr_vmalloc_delta = LONG_MIN;	/* the threads' changes overlap */
		memcpy(s->node_pages, f->node_pages, sizeof(s->node_pages));
		s->huge = f->huge;
		s->expect_free = f->expect_free;
	}
}

static void free_ctx_steps(struct vrb_step *steps)
{
	unsigned int i;

	for (i = 0; steps && i < VRB_STEP_SLOTS; i++)
		kfree(steps[i].samples);
	kfree(steps);
}

/* Steps laid out as the job's, with sample buffers of their own. */
static struct vrb_step *ctx_steps(const struct vrb_state *st)
{
	struct vrb_step *steps = kcalloc(VRB_STEP_SLOTS, sizeof(*steps), GFP_KERNEL);
	unsigned int i;

	for (i = 0; steps && i < st->nsteps; i++) {
		vrb_step_init(&steps[i], st->steps[i].op, st->steps[i].old_size,
			      st->steps[i].new_size);
		steps[i].samples = kmalloc_array(max(vrb_max_samples, 1U), sizeof(u64),
						 GFP_KERNEL);
		if (!steps[i].samples) {
			free_ctx_steps(steps);
			return NULL;
		}
	}
	return steps;
}

int vrb_threads_run(struct vrb_state *st)
{
	unsigned int n = min_t(unsigned int, st->job.threads, VRB_MAX_THREADS), i, started = 0;
	struct vrb_ctx *x = kcalloc(n, sizeof(*x), GFP_KERNEL);
	struct task_struct **tasks = kcalloc(n, sizeof(*tasks), GFP_KERNEL);
	struct mem_cgroup *memcg = NULL;
	atomic_t stop = ATOMIC_INIT(0);
	int cpu = -1, err = 0;

	if (!x || !tasks) {
		kfree(x);
		kfree(tasks);
		return -ENOMEM;
	}
	if (st->job.gfp & VRB_GFP_ACCOUNT)
		memcg = get_mem_cgroup_from_mm(current->mm);
	cpus_read_lock();	/* the CPUs runners are bound to stay online */
	for (i = 0; i < n; i++) {
		struct task_struct *t;

		cpu = cpumask_next(cpu, cpu_online_mask);
		x[i] = (struct vrb_ctx){ .job = &st->job, .stop = &stop, .kthread = true,
					 .memcg = memcg };
		init_completion(&x[i].done);
		x[i].steps = cpu < nr_cpu_ids ? ctx_steps(st) : NULL;
		if (!x[i].steps) {
			err = cpu < nr_cpu_ids ? -ENOMEM : -ENODEV;
			break;
		}
		t = kthread_create(pattern_thread, &x[i], "vrb_bench/%u", i);
		if (IS_ERR(t)) {
			err = PTR_ERR(t);
			break;
		}
		kthread_bind(t, cpu);
		get_task_struct(t);
		tasks[started++] = t;
		wake_up_process(t);
	}
	cpus_read_unlock();
	if (err)
		atomic_set(&stop, 1);
	for (i = 0; i < started; i++) {
		/*
		 * ^C: ask every runner to end, then wait for them without
		 * waking again on the signal still pending (that would spin).
		 */
		if (wait_for_completion_interruptible(&x[i].done)) {
			atomic_set(&stop, 1);
			wait_for_completion(&x[i].done);
		}
	}
	for (i = 0; i < started; i++) {
		kthread_stop(tasks[i]);
		put_task_struct(tasks[i]);
	}
	mem_cgroup_put(memcg);
	for (i = 0; i < started; i++) {
		merge_steps(st, x[i].steps, DIV_ROUND_UP(vrb_max_samples, started));
		st->alloc_fail += x[i].alloc_fail;
		st->drains += x[i].drains;
		st->drain_ns += x[i].drain_ns;
		err = err ? : x[i].err;
	}
	if (started)
		copy_memory(st, x[0].steps);
	for (i = 0; i < n; i++)
		free_ctx_steps(x[i].steps);
	kfree(x);
	kfree(tasks);
	return err;
}
