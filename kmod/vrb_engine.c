// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: runs a job's operations in the writer's own context (so its
 * CPU binding, memory policy and perf counters apply), timing each vrealloc()
 * call alone and doing every check outside the timed region.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/log2.h>
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
	if (!a->p)
		memset(s->node_pages, 0, sizeof(s->node_pages));
	s->huge = a->p && vrb_is_huge(a->p);
	s->nr_vmalloc_delta = nr == LONG_MIN ? LONG_MIN : now - nr;
	s->mem_valid = true;
}

/*
 * Resize a->p to new bytes, timed.  Returns 0 or -ENOMEM; on failure the old
 * area is untouched and still owned by the caller (vrealloc's contract).
 * full_verify: check every old byte, not only the last page of them.
 */
static int resize(struct vrb_state *st, struct vrb_step *s, struct vrb_area *a,
		  size_t new, bool record, bool full_verify)
{
	const struct vrb_job *job = &st->job;
	size_t old = a->size, keep = min(old, new);
	bool moved;
	u64 t0, t1;
	u8 *q;

	t0 = ktime_get_ns();
	q = vrb_realloc(a->p, new, job_gfp(job), job->node, job->api == VRB_API_KVREALLOC);
	t1 = ktime_get_ns();
	if (!q) {
		s->fail += record;
		return -ENOMEM;
	}
	moved = q != a->p;
	if (record) {
		step_record(s, t1 - t0);
		s->moved += moved;
	}
	if (moved)
		a->span = PAGE_ALIGN(new);	/* a new area, just big enough */
	else
		a->span = max(a->span, PAGE_ALIGN(new));
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

static int area_alloc(struct vrb_state *st, struct vrb_area *a, size_t size)
{
	const struct vrb_job *job = &st->job;

	a->p = vrb_alloc(size, job_gfp(job) & ~__GFP_THISNODE, job->node, job->huge);
	if (!a->p)
		return -ENOMEM;
	a->size = size;
	a->span = PAGE_ALIGN(size);
	if (job->fill)
		vrb_fill(a->p, 0, size);
	return 0;
}

static int check_stop(void)
{
	cond_resched();
	return signal_pending(current) ? -EINTR : 0;	/* ^C ends a long job early */
}

/* grow, shrink: a fresh area per repetition, one step per rung. */
static int run_ladder(struct vrb_state *st, const size_t *sizes, unsigned int n,
		      unsigned int rounds)
{
	struct vrb_area a;
	unsigned int r, i;
	long nr = 0;
	int err;

	for (r = 0; r < rounds; r++) {
		bool record = r >= st->job.warmup, last = r == rounds - 1;

		if (area_alloc(st, &a, sizes[0])) {
			st->alloc_fail++;
			continue;
		}
		for (i = 1; i < n; i++) {
			struct vrb_step *s = &st->steps[i - 1];

			if (last)
				mem_before(s, &a, &nr);
			if (resize(st, s, &a, sizes[i], record, true))
				break;
			if (last)
				mem_after(s, &a, nr);
		}
		vfree(a.p);
		err = check_stop();
		if (err)
			return err;
	}
	return 0;
}

/* regrow (one shrink, one grow back) and pingpong (count of them) */
static int run_pingpong(struct vrb_state *st, unsigned int rounds, unsigned long trips)
{
	struct vrb_step *down = &st->steps[0], *up = &st->steps[1];
	struct vrb_area a;
	unsigned long t;
	unsigned int r;
	long nr = 0;
	int err = 0;

	for (r = 0; r < rounds && !err; r++) {
		bool record = r >= st->job.warmup, last = r == rounds - 1;

		if (area_alloc(st, &a, st->job.from)) {
			st->alloc_fail++;
			continue;
		}
		for (t = 0; t < trips && !err; t++) {
			bool mem = last && t == trips - 1;

			if (mem)
				mem_before(down, &a, &nr);
			if (resize(st, down, &a, st->job.to, record, true))
				break;
			if (mem) {
				mem_after(down, &a, nr);
				mem_before(up, &a, &nr);
			}
			if (resize(st, up, &a, st->job.from, record, true))
				break;
			if (mem)
				mem_after(up, &a, nr);
			if (!(t & 63))
				err = check_stop();
		}
		vfree(a.p);
		if (!err)
			err = check_stop();
	}
	return err;
}

/* append: grow by one element at a time, as the BPF verifier and KVec do. */
static int run_append(struct vrb_state *st, unsigned int rounds)
{
	const struct vrb_job *job = &st->job;
	struct vrb_step *s = &st->steps[0];
	struct vrb_area a;
	unsigned long k;
	unsigned int r;
	long nr = 0;
	int err = 0;

	for (r = 0; r < rounds && !err; r++) {
		bool record = r >= job->warmup, last = r == rounds - 1;

		if (area_alloc(st, &a, job->elem)) {
			st->alloc_fail++;
			continue;
		}
		if (last)
			mem_before(s, &a, &nr);
		for (k = 2; k <= job->count && !err; k++) {
			if (resize(st, s, &a, k * job->elem, record, false))
				break;
			if (!(k & 255))
				err = check_stop();
		}
		if (last)
			mem_after(s, &a, nr);
		vfree(a.p);
		if (!err)
			err = check_stop();
	}
	return err;
}

/* walk: one step per trigger, the area held in between. */
static int run_walk_step(struct vrb_state *st)
{
	const struct vrb_job *job = &st->job;
	unsigned int k = st->walk_next;
	struct vrb_step *s = &st->steps[k];
	struct vrb_area a = { st->walk_p, st->walk_size, st->walk_span };
	long nr;
	u64 t0;
	int err = 0;

	mem_before(s, &a, &nr);
	if (k == 0) {
		t0 = ktime_get_ns();
		err = area_alloc(st, &a, job->walk[0]);
		if (err)
			s->fail++;
		else
			step_record(s, ktime_get_ns() - t0);	/* includes the fill */
	} else if (k < job->nwalk) {
		err = resize(st, s, &a, job->walk[k], true, true);
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

int vrb_engine_run(struct vrb_state *st)
{
	const struct vrb_job *job = &st->job;
	unsigned int rounds = job->warmup + job->reps, n, i;
	size_t sizes[VRB_MAX_STEPS + 1];
	int err;

	if (!st->have_job)
		return -ENOENT;
	/* the walk is over: its results stay as they are until a new job */
	if (job->pattern == VRB_WALK && st->walk_next > job->nwalk)
		return -ENODATA;
	st->clock_overhead_ns = vrb_clock_overhead();
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
	switch (job->pattern) {
	case VRB_GROW:
	case VRB_SHRINK:
		vrb_job_ladder(job, sizes, &n);
		err = run_ladder(st, sizes, n, rounds);
		break;
	case VRB_REGROW:
		err = run_pingpong(st, rounds, 1);
		break;
	case VRB_PINGPONG:
		err = run_pingpong(st, rounds, job->count);
		break;
	case VRB_APPEND:
		err = run_append(st, rounds);
		break;
	default:
		err = -EINVAL;
	}
	for (i = 0; i < st->nsteps; i++)
		if (st->steps[i].fail)
			pr_info("step %u: %u allocation failures (recorded)\n", i,
				st->steps[i].fail);
	st->ran = true;
	st->status = err;
	return err;
}
