// SPDX-License-Identifier: GPL-2.0
/*
 * The result file: one "key=value" header per line, then one line per step
 * and its raw samples.  Format documented in ABI.md; parsed by the runner.
 */
#include <linux/slab.h>
#include <linux/sort.h>

#include "vrb_bench.h"
#include "vrb_compat.h"

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 median(const struct vrb_step *s)
{
	u64 *c, m;
	u32 k;

	if (!s->nsamples)
		return 0;
	c = kmalloc_array(s->nsamples, sizeof(u64), GFP_KERNEL);
	if (!c)
		return 0;
	for (k = 0; k < s->nsamples; k++)
		c[k] = VRB_SAMPLE_NS(s->samples[k]);
	sort(c, s->nsamples, sizeof(u64), cmp_u64, NULL);
	m = c[s->nsamples / 2];
	kfree(c);
	return m;
}

static void report_mem(struct seq_file *m, const struct vrb_step *s)
{
	unsigned int n;

	if (!s->mem_valid)
		return;
	seq_printf(m, " resident_pages_before=%ld resident_pages_after=%ld",
		   s->resident_before, s->resident_after);
	if (s->nr_vmalloc_delta == LONG_MIN)
		seq_puts(m, " nr_vmalloc_delta=na");
	else
		seq_printf(m, " nr_vmalloc_delta=%ld", s->nr_vmalloc_delta);
	seq_puts(m, " node_pages=");
	for (n = 0; n < VRB_MAX_NODES && n < nr_node_ids; n++)
		seq_printf(m, "%s%u", n ? "," : "", s->node_pages[n]);
	/* nr_vmalloc_delta = resident change + pages_array_delta, on a quiet system */
	seq_printf(m, " pages_array_delta=%ld", s->array_after - s->array_before);
	if (s->huge < 0)
		seq_puts(m, " huge=na");
	else
		seq_printf(m, " huge=%d", s->huge);
	if (s->expect_free < 0)
		seq_puts(m, " expect_free=na");
	else
		seq_printf(m, " expect_free=%d", s->expect_free);
}

static void report_step(struct seq_file *m, unsigned int i, const struct vrb_step *s)
{
	unsigned int k;

	seq_printf(m, "step=%u op=%s old=%zu new=%zu ops=%llu fail=%llu moved=%llu verify_errors=%llu zero_errors=%llu node_errors=%llu charge_errors=%llu",
		   i, s->op, s->old_size, s->new_size, s->ops, s->fail, s->moved,
		   s->verify_errors, s->zero_errors, s->node_errors, s->charge_errors);
	seq_printf(m, " free_errors=%llu", s->free_errors);
	report_mem(m, s);
	if (s->vmalloc_addr >= 0)
		seq_printf(m, " vmalloc_addr=%d", s->vmalloc_addr);
	if (s->returned_null >= 0)
		seq_printf(m, " returned_null=%d", s->returned_null);
	if (s->ops)
		seq_printf(m, " t_min=%llu t_p50=%llu t_mean=%llu t_max=%llu",
			   s->t_min, median(s), div_u64(s->t_sum, s->ops), s->t_max);
	seq_putc(m, '\n');
	seq_printf(m, "samples=%u", i);
	for (k = 0; k < s->nsamples; k++)
		seq_printf(m, " %llu", VRB_SAMPLE_NS(s->samples[k]));
	seq_putc(m, '\n');
	if (VRB_HAVE_TIMER_IRQS && s->nsamples) {	/* per sample; 255: unknown */
		seq_printf(m, "timer_irqs=%u", i);
		for (k = 0; k < s->nsamples; k++)
			seq_printf(m, " %u", VRB_SAMPLE_IRQS(s->samples[k]));
		seq_putc(m, '\n');
	}
	if (s->ops > s->nsamples) {	/* the rest only as a log2 histogram */
		seq_printf(m, "hist=%u", i);
		for (k = 0; k < VRB_HIST_BUCKETS; k++)
			if (s->hist[k])
				seq_printf(m, " %u:%llu", k, s->hist[k]);
		seq_putc(m, '\n');
	}
}

void vrb_report(struct seq_file *m, const struct vrb_state *st)
{
	char job[512];
	unsigned int i;

	seq_printf(m, "abi=%d\n", VRB_ABI_VERSION);
	if (!st->have_job) {
		seq_puts(m, "status=nojob\n");
		return;
	}
	vrb_job_format(&st->job, job, sizeof(job));
	seq_printf(m, "job=%s", job);
	if (!st->ran) {
		seq_puts(m, "status=ready\n");
		return;
	}
	seq_printf(m, "status=%s err=%d\n", st->status ? "failed" : "done", st->status);
	seq_printf(m, "clock_overhead_ns=%llu\n", st->clock_overhead_ns);
	seq_printf(m, "alloc_fail=%llu\n", st->alloc_fail);
	seq_printf(m, "drains=%llu drain_ns=%llu\n", st->drains, st->drain_ns);
	if (st->job.pattern == VRB_WALK)
		seq_printf(m, "walk_next=%u walk_steps=%u walk_held=%d\n", st->walk_next,
			   st->job.nwalk + 1, !!st->walk.p);
	seq_printf(m, "steps=%u\n", st->nsteps);
	for (i = 0; i < st->nsteps; i++)
		report_step(m, i, &st->steps[i]);
}
