// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: runs a job's operations in the writer's own context (so its
 * CPU binding, memory policy and perf counters apply), timing each vrealloc()
 * call alone and doing every check outside the timed region.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "vrb_bench.h"
#include "vrb_compat.h"

/* One area under test and what is known about it. */
struct vrb_area {
	u8 *p;
	size_t size;		/* bytes the caller may use */
	size_t span;		/* bytes the area has covered: where pages are counted */
};

/*
 * What one runner of a job works on: the writer itself, or one of the
 * kthreads of a threads=N job, each with its own steps and areas.
 */
struct vrb_ctx {
	const struct vrb_job *job;
	struct vrb_step *steps;
	u64 alloc_fail;
	atomic_t *stop;		/* set: every runner of the job ends early */
	bool kthread;
	int err;
	struct completion done;
};

static gfp_t job_gfp(const struct vrb_job *job)
{
	gfp_t gfp = GFP_KERNEL;

	if (job->gfp & VRB_GFP_NOFS)
		gfp = GFP_NOFS;
	if (job->gfp & VRB_GFP_NOIO)
		gfp = GFP_NOIO;
	if (job->gfp & VRB_GFP_ACCOUNT)
		gfp |= __GFP_ACCOUNT;
	if (job->gfp & VRB_GFP_ZERO)
		gfp |= __GFP_ZERO;
	if (job->thisnode)
		gfp |= __GFP_THISNODE;
	return gfp;
}

static void step_init(struct vrb_step *s, const char *op, size_t old, size_t new)
{
	s->op = op;
	s->old_size = old;
	s->new_size = new;
	s->t_min = U64_MAX;
	s->nr_vmalloc_delta = LONG_MIN;
	s->vmalloc_addr = -1;
	s->returned_null = -1;
}

static void step_record(struct vrb_step *s, u64 t)
{
	unsigned int b = t ? min_t(unsigned int, ilog2(t), VRB_HIST_BUCKETS - 1) : 0;

	s->ops++;
	s->t_sum += t;
	s->t_min = min(s->t_min, t);
	s->t_max = max(s->t_max, t);
	s->hist[b]++;
	if (s->samples && s->nsamples < vrb_max_samples)
		s->samples[s->nsamples++] = t;
}

/* Memory around one operation: sampled before, finished after. */
static void mem_before(struct vrb_step *s, const struct vrb_area *a, long *nr)
{
	s->resident_before = a->p ? vrb_resident(a->p, a->span, NULL) : 0;
	*nr = vrb_nr_vmalloc_total();
}

static void mem_after(struct vrb_step *s, const struct vrb_area *a, long nr)
{
	long now = vrb_nr_vmalloc_total();

	s->resident_after = a->p ? vrb_resident(a->p, a->span, s->node_pages) : 0;
	if (a->p && (vrb_run_inject & VRB_INJ_SKEW_RESIDENT))
		s->resident_after++;
	if (!a->p)
		memset(s->node_pages, 0, sizeof(s->node_pages));
	s->huge = a->p && vrb_is_huge(a->p);
	s->nr_vmalloc_delta = nr == LONG_MIN ? LONG_MIN : now - nr;
	s->mem_valid = true;
}

/* Busy-wait, inside the timed region, until the clock reads at least end. */
static void spin_until(u64 end)
{
	while (ktime_get_ns() < end)
		cpu_relax();
}

/* inject=move_on_resize: what a missing return in vrealloc() did: alloc + copy. */
static u8 *inject_move(u8 *p, size_t old, size_t new, gfp_t gfp)
{
	u8 *n = __vmalloc(new, gfp & ~__GFP_THISNODE);

	if (!n)
		return p;
	memcpy(n, p, min(old, new));
	vfree(p);
	return n;
}

/*
 * The span whose pages an area holds: a huge mapping (vmalloc_huge) covers
 * whole 2 MiB pages, and NR_VMALLOC counts every 4 KiB page of them, so a
 * 3 MiB huge area holds 1024 pages, not 768.
 */
static size_t area_span(const u8 *p, size_t size)
{
	return vrb_is_huge(p) ? ALIGN(size, PMD_SIZE) : PAGE_ALIGN(size);
}

/*
 * Resize a->p to new bytes, timed.  Returns 0 or -ENOMEM; on failure the old
 * area is untouched and still owned by the caller (vrealloc's contract).
 * full_verify: check every old byte, not only the last page of them.
 */
static int resize(struct vrb_ctx *x, struct vrb_step *s, struct vrb_area *a,
		  size_t new, bool record, bool full_verify)
{
	const struct vrb_job *job = x->job;
	size_t old = a->size, keep = min(old, new);
	unsigned int inject = vrb_run_inject;
	bool moved;
	u64 t0, t1;
	u8 *q;

	t0 = ktime_get_ns();
	q = vrb_realloc(a->p, new, job_gfp(job), job->node, job->api == VRB_API_KVREALLOC);
	if (q && q == a->p && (inject & VRB_INJ_MOVE_ON_RESIZE))
		q = inject_move(q, old, new, job_gfp(job));
	t1 = ktime_get_ns();
	if (job->slowdown) {
		/*
		 * Calibration only: the op takes slowdown % longer.  The time
		 * really passes (counters see it), but a busy-wait can overrun
		 * (under TCG by far), so the sample records exactly the planted
		 * amount: the control must be the size it claims.
		 */
		u64 extra = div_u64((t1 - t0) * job->slowdown, 100);

		spin_until(t1 + extra);
		t1 += extra;
	}
	if (!q) {
		s->fail += record;
		return -ENOMEM;
	}
	if (new > old && (inject & VRB_INJ_DIRTY_GROW))
		q[old] = 0xaa;
	if (new > old && keep && (inject & VRB_INJ_CORRUPT_AFTER_GROW))
		q[keep - 1] ^= 0xff;
	moved = q != a->p;
	if (record) {
		step_record(s, t1 - t0);
		s->moved += moved;
	}
	if (moved)
		a->span = area_span(q, new);	/* a new area, just big enough */
	else
		a->span = max(a->span, area_span(q, new));
	a->p = q;
	a->size = new;
	if (record && (job->gfp & VRB_GFP_ZERO) && !vrb_all_zero(q, old, new))
		s->zero_errors++;
	if (job->verify && keep) {
		/* a copy can corrupt anything; an in-place resize only its edge */
		size_t from = full_verify || moved ? 0 : keep - min_t(size_t, keep, PAGE_SIZE);

		if (!vrb_verify(q, from, keep))
			s->verify_errors += record;
	}
	if (job->fill && new > old)
		vrb_fill(q, old, new);
	return 0;
}

/* A fresh area, filled (untimed); *ns: how long the allocation itself took. */
static int area_alloc_timed(struct vrb_ctx *x, struct vrb_area *a, size_t size, u64 *ns)
{
	const struct vrb_job *job = x->job;
	u64 t0 = ktime_get_ns();

	a->p = vrb_alloc(size, job_gfp(job) & ~__GFP_THISNODE, job->node, job->huge);
	*ns = ktime_get_ns() - t0;
	if (!a->p)
		return -ENOMEM;
	a->size = size;
	a->span = area_span(a->p, size);
	if (job->fill)
		vrb_fill(a->p, 0, size);
	return 0;
}

static int area_alloc(struct vrb_ctx *x, struct vrb_area *a, size_t size)
{
	u64 ns;

	return area_alloc_timed(x, a, size, &ns);
}

static int check_stop(struct vrb_ctx *x)
{
	cond_resched();
	if (x->stop && atomic_read(x->stop))
		return -EINTR;
	/* ^C ends a long job early; kthreads see it through x->stop */
	return !x->kthread && signal_pending(current) ? -EINTR : 0;
}

/* grow, shrink: a fresh area per repetition, one step per rung. */
static int run_ladder(struct vrb_ctx *x, const size_t *sizes, unsigned int n,
		      unsigned int rounds)
{
	struct vrb_area a;
	unsigned int r, i;
	long nr = 0;
	int err;

	/* one more, untimed round after the timed ones carries the memory probes */
	for (r = 0; r <= rounds; r++) {
		bool record = r >= x->job->warmup && r < rounds, last = r == rounds;

		if (area_alloc(x, &a, sizes[0])) {
			x->alloc_fail++;
			err = check_stop(x);
			if (err)
				return err;
			continue;
		}
		for (i = 1; i < n; i++) {
			struct vrb_step *s = &x->steps[i - 1];

			if (last)
				mem_before(s, &a, &nr);
			if (resize(x, s, &a, sizes[i], record, true))
				break;
			if (last)
				mem_after(s, &a, nr);
			err = check_stop(x);	/* a rung of a large ladder is long */
			if (err)
				break;
		}
		vfree(a.p);
		if (!err)
			err = check_stop(x);
		if (err)
			return err;
	}
	return 0;
}

/* regrow (one shrink, one grow back) and pingpong (count of them) */
static int run_pingpong(struct vrb_ctx *x, unsigned int rounds, unsigned long trips)
{
	struct vrb_step *down = &x->steps[0], *up = &x->steps[1];
	struct vrb_area a;
	unsigned long t;
	unsigned int r;
	long nr = 0;
	int err = 0;

	for (r = 0; r <= rounds && !err; r++) {	/* the last round: probes, untimed */
		bool record = r >= x->job->warmup && r < rounds, last = r == rounds;

		if (area_alloc(x, &a, x->job->from)) {
			x->alloc_fail++;
			err = check_stop(x);
			continue;
		}
		for (t = 0; t < trips && !err; t++) {
			bool mem = last && t == trips - 1;

			if (mem)
				mem_before(down, &a, &nr);
			if (resize(x, down, &a, x->job->to, record, true))
				break;
			if (mem) {
				mem_after(down, &a, nr);
				mem_before(up, &a, &nr);
			}
			if (resize(x, up, &a, x->job->from, record, true))
				break;
			if (mem)
				mem_after(up, &a, nr);
			/* every trip: one of 1M <-> 4K is a copy and a free, and a
			 * signal must end the job within a few of them
			 */
			err = check_stop(x);
		}
		vfree(a.p);
		if (!err)
			err = check_stop(x);
	}
	return err;
}

/* append: grow by one element at a time, as the BPF verifier and KVec do. */
static int run_append(struct vrb_ctx *x, unsigned int rounds)
{
	const struct vrb_job *job = x->job;
	struct vrb_step *s = &x->steps[0];
	struct vrb_area a;
	unsigned long k;
	unsigned int r;
	long nr = 0;
	int err = 0;

	for (r = 0; r <= rounds && !err; r++) {	/* the last round: probes, untimed */
		bool record = r >= job->warmup && r < rounds, last = r == rounds;

		if (area_alloc(x, &a, job->elem)) {
			x->alloc_fail++;
			err = check_stop(x);
			continue;
		}
		if (last)
			mem_before(s, &a, &nr);
		for (k = 2; k <= job->count && !err; k++) {
			if (resize(x, s, &a, k * job->elem, record, false))
				break;
			if (!(k & 15))
				err = check_stop(x);
		}
		if (last)
			mem_after(s, &a, nr);
		vfree(a.p);
		if (!err)
			err = check_stop(x);
	}
	return err;
}

/*
 * edges: vrealloc(NULL, from) must act as vmalloc, and vrealloc(p, 0) on a
 * vmalloc'd area must free it and return NULL.  Through kvrealloc, NULL goes
 * to kmalloc: reported as such (vmalloc_addr=0).
 */
static int run_edges(struct vrb_ctx *x)
{
	const struct vrb_job *job = x->job;
	bool kv = job->api == VRB_API_KVREALLOC;
	struct vrb_step *s0 = &x->steps[0], *s1 = &x->steps[1];
	struct vrb_area a = { 0 };
	long nr;
	u64 t0;

	mem_before(s0, &a, &nr);
	t0 = ktime_get_ns();
	a.p = vrb_realloc(NULL, job->from, job_gfp(job), job->node, kv);
	step_record(s0, ktime_get_ns() - t0);
	if (!a.p) {
		s0->fail++;
		return 0;
	}
	s0->vmalloc_addr = is_vmalloc_addr(a.p);
	s0->returned_null = 0;
	a.size = job->from;
	a.span = s0->vmalloc_addr ? PAGE_ALIGN(job->from) : 0;
	if (job->fill)
		vrb_fill(a.p, 0, a.size);
	mem_after(s0, &a, nr);
	kvfree(a.p);
	/* size 0 on a vmalloc'd area, whatever NULL gave above */
	if (area_alloc(x, &a, job->from)) {
		s1->fail++;
		return 0;
	}
	mem_before(s1, &a, &nr);
	t0 = ktime_get_ns();
	a.p = vrb_realloc(a.p, 0, job_gfp(job), job->node, kv);
	step_record(s1, ktime_get_ns() - t0);
	s1->returned_null = !a.p;
	kvfree(a.p);	/* a kernel that returns an area for size 0 must not leak it */
	a.p = NULL;
	mem_after(s1, &a, nr);
	return 0;
}

/* walk: one step per trigger, the area held in between. */
static int run_walk_step(struct vrb_state *st)
{
	const struct vrb_job *job = &st->job;
	unsigned int k = st->walk_next;
	struct vrb_step *s = &st->steps[k];
	struct vrb_area a = { st->walk_p, st->walk_size, st->walk_span };
	struct vrb_ctx x = { .job = job, .steps = st->steps };
	long nr;
	u64 t0;
	int err = 0;

	mem_before(s, &a, &nr);
	if (k == 0) {
		u64 t;

		err = area_alloc_timed(&x, &a, job->walk[0], &t);
		if (err)
			s->fail++;
		else
			step_record(s, t);	/* the allocation alone, as resizes are timed */
	} else if (k < job->nwalk) {
		err = resize(&x, s, &a, job->walk[k], true, true);
	} else {
		t0 = ktime_get_ns();
		vfree(a.p);
		step_record(s, ktime_get_ns() - t0);
		a.p = NULL;
		a.size = 0;
		a.span = 0;
	}
	mem_after(s, &a, nr);
	st->walk_p = a.p;
	st->walk_size = a.size;
	st->walk_span = a.span;
	if (!err)
		st->walk_next++;
	st->nsteps = st->walk_next;
	return err;
}

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
	vfree(st->walk_p);
	st->walk_p = NULL;
	free_samples(st);
	memset(st->steps, 0, sizeof(st->steps));
	st->have_job = false;
	st->ran = false;
	st->nsteps = 0;
	st->walk_next = 0;
	st->alloc_fail = 0;
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
			step_init(&st->steps[i - 1], vrb_pattern_name(job->pattern),
				  sizes[i - 1], sizes[i]);
		st->nsteps = n - 1;
		break;
	case VRB_REGROW:
	case VRB_PINGPONG:
		step_init(&st->steps[0], "shrink", job->from, job->to);
		step_init(&st->steps[1], "grow", job->to, job->from);
		st->nsteps = 2;
		break;
	case VRB_APPEND:
		step_init(&st->steps[0], "append", job->elem, job->elem * job->count);
		st->nsteps = 1;
		break;
	case VRB_EDGES:
		step_init(&st->steps[0], "null", 0, job->from);
		step_init(&st->steps[1], "zero", job->from, 0);
		st->nsteps = 2;
		break;
	case VRB_WALK:
		step_init(&st->steps[0], "alloc", 0, job->walk[0]);
		for (i = 1; i < job->nwalk; i++)
			step_init(&st->steps[i],
				  job->walk[i] > job->walk[i - 1] ? "grow" : "shrink",
				  job->walk[i - 1], job->walk[i]);
		step_init(&st->steps[job->nwalk], "free", job->walk[job->nwalk - 1], 0);
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

/* inject=leak_page: one page per run that nothing frees until the module goes. */
static void *leaked[1024];
static unsigned int nleaked;

static void inject_leak(void)
{
	if (nleaked < ARRAY_SIZE(leaked))
		leaked[nleaked++] = vmalloc(PAGE_SIZE);
}

void vrb_inject_release(void)
{
	while (nleaked)
		vfree(leaked[--nleaked]);
}

unsigned int vrb_run_inject;

unsigned int vrb_inject_mask(void)
{
	static const char * const names[] = { "corrupt_after_grow", "move_on_resize",
					      "dirty_grow", "skew_resident", "leak_page" };
	unsigned int mask = 0, i;

	kernel_param_lock(THIS_MODULE);
	for (i = 0; vrb_inject && i < ARRAY_SIZE(names); i++)
		if (strstr(vrb_inject, names[i]))
			mask |= 1U << i;
	kernel_param_unlock(THIS_MODULE);
	return mask;
}

/* The job's pattern, start to end, for one runner. */
static int run_pattern(struct vrb_ctx *x)
{
	const struct vrb_job *job = x->job;
	unsigned int rounds = job->warmup + job->reps, n;
	size_t sizes[VRB_MAX_STEPS + 1];

	switch (job->pattern) {
	case VRB_GROW:
	case VRB_SHRINK:
		vrb_job_ladder(job, sizes, &n);
		return run_ladder(x, sizes, n, rounds);
	case VRB_REGROW:
		return run_pingpong(x, rounds, 1);
	case VRB_PINGPONG:
		return run_pingpong(x, rounds, job->count);
	case VRB_APPEND:
		return run_append(x, rounds);
	case VRB_EDGES:
		return run_edges(x);
	default:
		return -EINVAL;
	}
}

/*
 * A runner kthread.  The writer holds a reference to it and reaps it with
 * kthread_stop(), as kernel/dma/map_benchmark.c does, so no runner is still
 * executing module code when the writer returns (and rmmod may free it).
 */
static int pattern_thread(void *arg)
{
	struct vrb_ctx *x = arg;

	x->err = run_pattern(x);
	complete(&x->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/* Add one runner's steps into the job's: counts and times; memory from runner 0. */
static void merge_steps(struct vrb_state *st, const struct vrb_step *from)
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
		s->t_min = min(s->t_min, f->t_min);
		s->t_max = max(s->t_max, f->t_max);
		s->t_sum += f->t_sum;
		for (k = 0; k < VRB_HIST_BUCKETS; k++)
			s->hist[k] += f->hist[k];
		for (k = 0; k < f->nsamples && s->nsamples < vrb_max_samples; k++)
			s->samples[s->nsamples++] = f->samples[k];
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
		step_init(&steps[i], st->steps[i].op, st->steps[i].old_size,
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

/*
 * threads=N: one kthread per online CPU (the first N), each running the
 * whole pattern on its own areas, all at once.  The writer waits; ^C stops
 * them all.  Their steps are merged into the job's.
 */
static int run_threads(struct vrb_state *st)
{
	unsigned int n = min_t(unsigned int, st->job.threads, VRB_MAX_THREADS), i, started = 0;
	struct vrb_ctx *x = kcalloc(n, sizeof(*x), GFP_KERNEL);
	struct task_struct **tasks = kcalloc(n, sizeof(*tasks), GFP_KERNEL);
	atomic_t stop = ATOMIC_INIT(0);
	int cpu = -1, err = 0;

	if (!x || !tasks) {
		kfree(x);
		kfree(tasks);
		return -ENOMEM;
	}
	cpus_read_lock();	/* the CPUs runners are bound to stay online */
	for (i = 0; i < n; i++) {
		struct task_struct *t;

		cpu = cpumask_next(cpu, cpu_online_mask);
		x[i] = (struct vrb_ctx){ .job = &st->job, .stop = &stop, .kthread = true };
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
	for (i = 0; i < started; i++) {
		merge_steps(st, x[i].steps);
		st->alloc_fail += x[i].alloc_fail;
		err = err ? : x[i].err;
	}
	if (started) {	/* memory from runner 0, as for a single runner */
		for (i = 0; i < st->nsteps; i++) {
			struct vrb_step *s = &st->steps[i], *f = &x[0].steps[i];

			s->mem_valid = f->mem_valid;
			s->resident_before = f->resident_before;
			s->resident_after = f->resident_after;
			s->nr_vmalloc_delta = LONG_MIN;	/* the threads' changes overlap */
			memcpy(s->node_pages, f->node_pages, sizeof(s->node_pages));
			s->huge = f->huge;
		}
	}
	for (i = 0; i < n; i++)
		free_ctx_steps(x[i].steps);
	kfree(x);
	kfree(tasks);
	return err;
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
		err = run_walk_step(st);
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
		err = run_threads(st);
	} else {
		err = run_pattern(&x);
		st->alloc_fail = x.alloc_fail;
	}
	if (vrb_run_inject & VRB_INJ_LEAK_PAGE)
		inject_leak();
	for (i = 0; i < st->nsteps; i++)
		if (st->steps[i].fail)
			pr_info("step %u: %llu allocation failures (recorded)\n", i,
				st->steps[i].fail);
	st->ran = true;
	st->status = err;
	return err;
}
