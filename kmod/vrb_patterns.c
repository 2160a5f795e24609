// SPDX-License-Identifier: GPL-2.0
/*
 * The patterns a job can run, for one runner (the writer, or one kthread of
 * threads=N).  Repetitions are timed; one more, untimed repetition after them
 * carries the memory probes, so no probe warms the caches of a timed call.
 */
#include <linux/delay.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "vrb_area.h"
#include "vrb_patterns.h"
#include "vrb_step.h"
#include "vrb_compat.h"

/*
 * Before each repetition: purge the vmap areas earlier ones freed lazily.  The
 * purge is real work, but it runs when the lazy total crosses a threshold, in
 * a kworker that preempts whichever timed call is running then: a fixed extra
 * cost that lands on an unpredictable repetition.  Done here, untimed, it is
 * measured on its own (drains, drain_ns) instead.
 */
static void drain_lazy(struct vrb_ctx *x)
{
	u64 t0;

	if (!x->job->drain)
		return;
	t0 = ktime_get_ns();
	vm_unmap_aliases();
	x->drain_ns += ktime_get_ns() - t0;
	x->drains++;
}

/*
 * Then a random, untimed wait of up to one tick period.  Under a clock that
 * counts instructions (QEMU -icount) a repetition takes the same time every
 * time, so the timer tick would land on the same rung rep after rep, and
 * whether it lands on the rung a run's median reads would depend on the boot;
 * a random start spreads it evenly over all rungs and repetitions, where the
 * median of a few no longer sees it.  The tick is not vrealloc's cost.
 */
static void phase_jitter(struct vrb_ctx *x)
{
	if (x->job->jitter)
		udelay(get_random_u32_below(USEC_PER_SEC / HZ));
}

static int check_stop(struct vrb_ctx *x)
{
	cond_resched();
	if (x->stop && atomic_read(x->stop))
		return -EINTR;
	/* ^C ends a long job early; kthreads see it through x->stop */
	return !x->kthread && signal_pending(current) ? -EINTR : 0;
}

/*
 * The start of a repetition: drain, then a fresh area of size bytes.  0: the
 * area is ready; -ENOMEM: it could not be had (counted, the repetition is
 * skipped), with *err set when a stop was asked for meanwhile.
 */
static int round_start(struct vrb_ctx *x, struct vrb_area *a, size_t size, int *err)
{
	drain_lazy(x);
	phase_jitter(x);
	if (!vrb_area_alloc(x, a, size))
		return 0;
	x->alloc_fail++;
	*err = check_stop(x);
	return -ENOMEM;
}

/* grow, shrink: a fresh area per repetition, one step per rung. */
static int run_ladder(struct vrb_ctx *x, const size_t *sizes, unsigned int n,
		      unsigned int rounds)
{
	struct vrb_area a;
	unsigned int r, i;
	long nr = 0;
	int err = 0;

	for (r = 0; r <= rounds && !err; r++) {
		bool record = r >= x->job->warmup && r < rounds, last = r == rounds;

		if (round_start(x, &a, sizes[0], &err))
			continue;
		for (i = 1; i < n; i++) {
			struct vrb_step *s = &x->steps[i - 1];

			if (last)
				vrb_step_mem_before(s, x, &a, &nr);
			if (vrb_area_resize(x, s, &a, sizes[i], record, true))
				break;
			if (last)
				vrb_step_mem_after(s, &a, nr);
			err = check_stop(x);	/* a rung of a large ladder is long */
			if (err)
				break;
		}
		vrb_area_free(&a);
		if (!err)
			err = check_stop(x);
	}
	return err;
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

	for (r = 0; r <= rounds && !err; r++) {
		bool record = r >= x->job->warmup && r < rounds, last = r == rounds;

		if (round_start(x, &a, x->job->from, &err))
			continue;
		for (t = 0; t < trips && !err; t++) {
			bool mem = last && t == trips - 1;

			if (mem)
				vrb_step_mem_before(down, x, &a, &nr);
			if (vrb_area_resize(x, down, &a, x->job->to, record, true))
				break;
			if (mem) {
				vrb_step_mem_after(down, &a, nr);
				vrb_step_mem_before(up, x, &a, &nr);
			}
			if (vrb_area_resize(x, up, &a, x->job->from, record, true))
				break;
			if (mem)
				vrb_step_mem_after(up, &a, nr);
			/* every trip: one of 1M <-> 4K is a copy and a free, and a
			 * signal must end the job within a few of them
			 */
			err = check_stop(x);
		}
		vrb_area_free(&a);
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

	for (r = 0; r <= rounds && !err; r++) {
		bool record = r >= job->warmup && r < rounds, last = r == rounds;

		if (round_start(x, &a, job->elem, &err))
			continue;
		if (last)
			vrb_step_mem_before(s, x, &a, &nr);
		for (k = 2; k <= job->count && !err; k++) {
			if (vrb_area_resize(x, s, &a, k * job->elem, record, false))
				break;
			if (!(k & 15))
				err = check_stop(x);
		}
		if (last)
			vrb_step_mem_after(s, &a, nr);
		vrb_area_free(&a);
		if (!err)
			err = check_stop(x);
	}
	return err;
}

/*
 * edges: vrealloc(NULL, from) must act as vmalloc, vrealloc(p, 0) on a
 * vmalloc'd area must free it and return NULL, and a grow nothing can
 * satisfy must return NULL and leave the area as it was.  Through kvrealloc,
 * NULL goes to kmalloc: reported as such (vmalloc_addr=0).
 */
static void edge_null(struct vrb_ctx *x, struct vrb_step *s)
{
	const struct vrb_job *job = x->job;
	struct vrb_area a = { 0 };
	struct vrb_timing t;
	long nr;
	u8 *p;

	vrb_step_mem_before(s, x, &a, &nr);
	vrb_time_start(&t);
	p = vrb_realloc(NULL, job->from, vrb_job_gfp(job), job->node,
			job->api == VRB_API_KVREALLOC);
	vrb_step_record(s, vrb_time_stop(&t));
	if (!p) {
		s->fail++;
		return;
	}
	s->vmalloc_addr = is_vmalloc_addr(p);
	s->returned_null = 0;
	vrb_area_adopt(&a, p, job->from);	/* through kvrealloc, a kmalloc'd p spans nothing */
	if (job->fill)
		vrb_fill(a.p, 0, a.size);
	vrb_step_mem_after(s, &a, nr);
	/*
	 * kvrealloc(NULL) is kmalloc: count the pages kmalloc gave it, so that
	 * a kernel where NULL goes to vmalloc compares by what each holds.
	 */
	if (!s->vmalloc_addr) {
		int nid = page_to_nid(virt_to_page(p));	/* one allocation, one node */

		s->resident_after = DIV_ROUND_UP(ksize(p), PAGE_SIZE);
		if (nid < VRB_MAX_NODES)
			s->node_pages[nid] = s->resident_after;
	}
	vrb_area_free(&a);
}

/*
 * The last two edges: a fresh area of from, its memory sampled, then one timed
 * vrealloc() of it to new.  False when the area could not be had (counted).
 */
static bool edge_resize(struct vrb_ctx *x, struct vrb_step *s, struct vrb_area *a, size_t new,
			gfp_t extra, long *nr, u8 **q)
{
	const struct vrb_job *job = x->job;
	struct vrb_timing t;

	if (vrb_area_alloc(x, a, job->from)) {
		s->fail++;
		return false;
	}
	vrb_step_mem_before(s, x, a, nr);
	vrb_time_start(&t);
	*q = vrb_realloc(a->p, new, vrb_job_gfp(job) | extra, job->node,
			 job->api == VRB_API_KVREALLOC);
	vrb_step_record(s, vrb_time_stop(&t));
	s->returned_null = !*q;
	return true;
}

/* size 0 on a vmalloc'd area, whatever NULL gave above */
static void edge_zero(struct vrb_ctx *x, struct vrb_step *s)
{
	struct vrb_area a = { 0 };
	long nr;
	u8 *p;

	if (!edge_resize(x, s, &a, 0, 0, &nr, &p))
		return;
	kvfree(p);	/* a kernel that returns an area for size 0 must not leak it */
	a = (struct vrb_area){ 0 };
	vrb_step_mem_after(s, &a, nr);
}

/*
 * A grow to more than all of RAM (the step's new size, 1 PiB): vrealloc must return
 * NULL and leave the area as it was, its pages and its bytes, which is what
 * every caller's error path relies on (mm/vmalloc.c: "if (!n) return NULL").
 * __GFP_NOWARN: vmalloc's "exceeds total pages" is the expected outcome here.
 */
static void edge_fail(struct vrb_ctx *x, struct vrb_step *s)
{
	const struct vrb_job *job = x->job;
	struct vrb_area a = { 0 };
	long nr;
	u8 *q;

	if (!edge_resize(x, s, &a, s->new_size, __GFP_NOWARN, &nr, &q))
		return;
	if (q)
		vrb_area_adopt(&a, q, s->new_size);	/* grown after all: freed below */
	else if (job->verify && !vrb_verify(a.p, 0, a.size))
		s->verify_errors++;
	vrb_step_mem_after(s, &a, nr);
	vrb_area_free(&a);
}

static int run_edges(struct vrb_ctx *x)
{
	edge_null(x, &x->steps[0]);
	edge_zero(x, &x->steps[1]);
	edge_fail(x, &x->steps[2]);
	return 0;
}

/* walk: one step per trigger, the area held in between. */
int vrb_walk_step(struct vrb_state *st)
{
	const struct vrb_job *job = &st->job;
	unsigned int k = st->walk_next;
	struct vrb_step *s = &st->steps[k];
	struct vrb_ctx x = { .job = job, .steps = st->steps };
	struct vrb_area a = st->walk;
	struct vrb_job step_job;
	long nr;
	struct vrb_timing t;
	int err = 0;

	if (job->nwalk_gfp && k < job->nwalk) {
		/*
		 * gfps=: this step's call has a gfp of its own.  The whole
		 * step reads this copy, so the call and what is expected of
		 * it (expect_free under nofs/noio) agree.
		 */
		step_job = *job;
		step_job.gfp = job->walk_gfp[k];
		x.job = &step_job;
		job = &step_job;
	}

	drain_lazy(&x);
	phase_jitter(&x);
	st->drains += x.drains;
	st->drain_ns += x.drain_ns;
	vrb_step_mem_before(s, &x, &a, &nr);
	if (k == 0) {
		u64 sample;

		err = vrb_area_alloc_timed(&x, &a, job->walk[0], &sample);
		if (err)
			s->fail++;
		else
			vrb_step_record(s, sample);	/* the allocation alone, as resizes are */
	} else if (k < job->nwalk) {
		err = vrb_area_resize(&x, s, &a, job->walk[k], true, true);
	} else {
		vrb_time_start(&t);
		vfree(a.p);
		vrb_step_record(s, vrb_time_stop(&t));
		a = (struct vrb_area){ 0 };
	}
	vrb_step_mem_after(s, &a, nr);
	st->walk = a;
	if (!err)
		st->walk_next++;
	st->nsteps = st->walk_next;
	return err;
}

/* The job's pattern, start to end, for one runner. */
int vrb_pattern_run(struct vrb_ctx *x)
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
