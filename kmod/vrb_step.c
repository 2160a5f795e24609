// SPDX-License-Identifier: GPL-2.0
/*
 * One step's record: the times of its operations, and the memory around the
 * one operation that carries the probes (the last, untimed repetition).
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/random.h>

#include "vrb_step.h"
#include "vrb_compat.h"

void vrb_step_init(struct vrb_step *s, const char *op, size_t old, size_t new)
{
	s->op = op;
	s->old_size = old;
	s->new_size = new;
	s->t_min = U64_MAX;
	s->nr_vmalloc_delta = LONG_MIN;
	s->vmalloc_addr = -1;
	s->returned_null = -1;
	s->huge = -1;
	s->expect_free = -1;
}

void vrb_time_start(struct vrb_timing *t)
{
	t->cpu = raw_smp_processor_id();
	t->irqs0 = vrb_timer_irqs(t->cpu);
	t->t0 = ktime_get_ns();
}

u64 vrb_time_stop(const struct vrb_timing *t)
{
	u64 ns = ktime_get_ns() - t->t0;
	int cpu = raw_smp_processor_id();
	unsigned int irqs = cpu == t->cpu ? min(vrb_timer_irqs(cpu) - t->irqs0, 254U) : 255;

	return VRB_SAMPLE_NS(ns) | (u64)irqs << 56;
}

/*
 * Keep a uniform sample of every operation of the step (Vitter's algorithm R),
 * not its first max_samples: in an append ladder of thousands of operations the
 * first thousand all fall in the first few areas of one repetition, and the
 * time of those (a vmap-tree lookup whose depth depends on where the boot put
 * them) decided the step's median, so the median moved from boot to boot by
 * whatever that one draw was.  Called outside the timed region.
 */
static void vrb_step_keep_sample(struct vrb_step *s, u64 sample)
{
	u32 j;

	if (!s->samples)
		return;
	if (s->nsamples < vrb_max_samples) {
		s->samples[s->nsamples++] = sample;
		return;
	}
	j = get_random_u32_below((u32)min_t(u64, s->ops, U32_MAX));
	if (j < vrb_max_samples)
		s->samples[j] = sample;
}

void vrb_step_record(struct vrb_step *s, u64 sample)
{
	u64 t = VRB_SAMPLE_NS(sample);
	unsigned int b = t ? min_t(unsigned int, ilog2(t), VRB_HIST_BUCKETS - 1) : 0;

	s->ops++;
	s->t_sum += t;
	s->t_min = min(s->t_min, t);
	s->t_max = max(s->t_max, t);
	s->hist[b]++;
	vrb_step_keep_sample(s, sample);
}

/*
 * Whether this kernel is expected to return pages at this step, so that a
 * reader can tell a bug from a rule.  A free always does.  A shrink does on
 * 7.2+ only when it crosses a page boundary of what is mapped and the area
 * qualifies (mm/vmalloc.c, vrealloc's shrink branch; KERNEL-FACTS §10): not a
 * huge mapping, not VM_USERMAP (start=user until the area moves) or
 * VM_FLUSH_RESET_PERMS (no exported allocator gives a module one), and gfp
 * with both __GFP_IO and __GFP_FS.  -1: cannot tell (whether the area is huge
 * is unknown on this architecture).
 */
static s8 expect_free(const struct vrb_step *s, const struct vrb_ctx *x,
		      const struct vrb_area *a, long resident)
{
	gfp_t gfp = vrb_job_gfp(x->job);
	int huge;

	if (!a->p)
		return 0;
	if (!s->new_size)
		return 1;
	/* vrealloc's shrink branch takes size <= old: a same-size resize frees a kept tail */
	if (s->new_size > s->old_size || a->usermap)
		return 0;
	if (!VRB_SHRINK_FREES || (PAGE_ALIGN(s->new_size) >> PAGE_SHIFT) >= resident ||
	    (gfp & (__GFP_IO | __GFP_FS)) != (__GFP_IO | __GFP_FS))
		return 0;
	huge = vrb_huge_state(a->p);
	return huge < 0 ? -1 : !huge;
}

/* Memory around one operation: sampled before, finished after. */
void vrb_step_mem_before(struct vrb_step *s, const struct vrb_ctx *x,
			 const struct vrb_area *a, long *nr)
{
	s->resident_before = a->p ? vrb_resident(a->p, a->span, NULL) : 0;
	s->array_before = a->p ? a->array_pages : 0;
	s->expect_free = expect_free(s, x, a, s->resident_before);
	*nr = vrb_nr_vmalloc_total();
	s->probing = true;
}

void vrb_step_mem_after(struct vrb_step *s, const struct vrb_area *a, long nr)
{
	long now = vrb_nr_vmalloc_total();

	s->resident_after = a->p ? vrb_resident(a->p, a->span, s->node_pages) : 0;
	s->array_after = a->p ? a->array_pages : 0;
	if (a->p && (vrb_run_inject & VRB_INJ_SKEW_RESIDENT))
		s->resident_after++;
	if (!a->p)
		memset(s->node_pages, 0, sizeof(s->node_pages));
	s->huge = a->p ? vrb_huge_state(a->p) : 0;
	s->nr_vmalloc_delta = nr == LONG_MIN ? LONG_MIN : now - nr;
	s->mem_valid = true;
	s->probing = false;
}
