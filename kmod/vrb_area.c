// SPDX-License-Identifier: GPL-2.0
/*
 * One area under test: allocated untimed, resized timed (the vrealloc() call
 * alone between two clock reads), with every check and fill outside the
 * timed region.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "vrb_area.h"
#include "vrb_scatter.h"
#include "vrb_step.h"
#include "vrb_tail.h"
#include "vrb_compat.h"

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
	return vrb_huge_state(p) > 0 ? ALIGN(size, PMD_SIZE) : PAGE_ALIGN(size);
}

/*
 * __vmalloc_area_node() keeps an area's page pointers in an array that is
 * itself vmalloc'd when it is larger than a page (areas over 512 pages):
 * a 4 MiB area holds 1024 pages plus 2 of array, both in NR_VMALLOC.  The
 * array is sized once, when the area is made, and shrinks never free it.
 */
static long vrb_area_array_pages(size_t span)
{
	size_t bytes = (span >> PAGE_SHIFT) * sizeof(struct page *);

	if (bytes <= PAGE_SIZE)
		return 0;
	/* the array of a > 1 GiB area has an array of its own */
	return (PAGE_ALIGN(bytes) >> PAGE_SHIFT) + vrb_area_array_pages(PAGE_ALIGN(bytes));
}

/* p (of size bytes, from any allocator) is now the area: its span and page array. */
void vrb_area_adopt(struct vrb_area *a, u8 *p, size_t size)
{
	/* a->charged stays: it says what the job's writer is, not the area */
	if (p != a->p)
		a->usermap = false;	/* vrealloc's own area now */
	a->p = p;
	a->size = size;
	a->span = is_vmalloc_addr(p) ? area_span(p, size) : 0;
	a->array_pages = a->span ? vrb_area_array_pages(a->span) : 0;
}

/* A fresh area, filled (untimed); *sample: how long the allocation itself took. */
int vrb_area_alloc_timed(struct vrb_ctx *x, struct vrb_area *a, size_t size, u64 *sample)
{
	const struct vrb_job *job = x->job;
	struct vrb_scatter sc = { .n = 0 };
	struct vrb_timing t;
	u8 *p;

	/* a huge area is aligned to its mapping size, and decoys would not move it */
	if (job->scatter && job->start != VRB_START_HUGE)
		vrb_scatter_take(&sc, size);
	vrb_time_start(&t);
	p = vrb_alloc(size, vrb_job_gfp(job) & ~__GFP_THISNODE, job->alloc_node, job->start);
	*sample = vrb_time_stop(&t);
	vrb_scatter_give_back(&sc);
	if (!p)
		return -ENOMEM;
	vrb_area_adopt(a, p, size);
	a->usermap = job->start == VRB_START_USER;
	if ((job->gfp & VRB_GFP_ACCOUNT) && a->span) {
		long off_node, uncharged;

		vrb_page_rules(p, a->span, NUMA_NO_NODE, &off_node, &uncharged);
		a->charged = !uncharged;
	}
	if (job->fill)
		vrb_fill(a->p, 0, size);
	return 0;
}

int vrb_area_alloc(struct vrb_ctx *x, struct vrb_area *a, size_t size)
{
	u64 ns;

	return vrb_area_alloc_timed(x, a, size, &ns);
}

void vrb_area_free(struct vrb_area *a)
{
	kvfree(a->p);
	*a = (struct vrb_area){ 0 };
}

/*
 * Whether the bytes a grow adds must read zero: __GFP_ZERO on every call (the
 * job's gfp=zero), or, for a vmalloc area, the kernel's init_on_alloc or
 * init_on_free, under which vrealloc zeroes what a shrink gives up and new
 * pages come zeroed (mm/vmalloc.c: Zero out "freed" memory, potentially
 * for future realloc").  A kmalloc'd kvrealloc area follows krealloc's rules.
 */
static bool must_read_zero(const struct vrb_job *job, const u8 *q)
{
	if (job->gfp & VRB_GFP_ZERO)
		return true;
	return is_vmalloc_addr(q) && (want_init_on_alloc(GFP_KERNEL) || want_init_on_free());
}

/*
 * The rules a resize must keep whatever it costs: with __GFP_THISNODE every
 * page on the node asked for (a resize may stay in place only when the area
 * is there already, else it must move), and an accounted area's pages all
 * charged to the memcg its first pages were charged to.
 */
static void check_page_rules(const struct vrb_job *job, struct vrb_step *s,
			     const struct vrb_area *a)
{
	bool thisnode = job->thisnode && job->node != NUMA_NO_NODE;
	long off_node, uncharged;

	if (!a->span || (!thisnode && !a->charged))
		return;
	vrb_page_rules(a->p, a->span, thisnode ? job->node : NUMA_NO_NODE, &off_node,
		       a->charged ? &uncharged : NULL);
	s->node_errors += off_node > 0;
	s->charge_errors += a->charged && uncharged > 0;
}

/*
 * Resize a->p to new bytes, timed.  Returns 0 or -ENOMEM; on failure the old
 * area is untouched and still owned by the caller (vrealloc's contract).
 * full_verify: check every old byte, not only the last page of them.
 */
int vrb_area_resize(struct vrb_ctx *x, struct vrb_step *s, struct vrb_area *a,
		    size_t new, bool record, bool full_verify)
{
	const struct vrb_job *job = x->job;
	size_t old = a->size, keep = min(old, new);
	unsigned int inject = vrb_run_inject;
	/* the untimed probe repetition of a ladder: does a shrink free its tail? */
	bool moved, probe = s->probing && !record && new < old;
	struct vrb_timing t;
	struct vrb_tail tail;
	u64 sample;
	u8 *q;

	if (probe)
		vrb_tail_hold(&tail, a->p, old, new);
	vrb_time_start(&t);
	q = vrb_realloc(a->p, new, vrb_job_gfp(job), job->node,
			job->api == VRB_API_KVREALLOC);
	if (q && q == a->p && (inject & VRB_INJ_MOVE_ON_RESIZE))
		q = inject_move(q, old, new, vrb_job_gfp(job));
	sample = vrb_time_stop(&t);
	if (job->slowdown) {
		/*
		 * Calibration only: the op takes slowdown % longer.  The time
		 * really passes (counters see it), but a busy-wait can overrun
		 * (under TCG by far), so the sample records exactly the planted
		 * amount: the control must be the size it claims.
		 */
		u64 extra = div_u64(VRB_SAMPLE_NS(sample) * job->slowdown, 100);

		spin_until(ktime_get_ns() + extra);
		sample += extra;	/* the ns part: far below bit 56 */
	}
	if (probe)
		s->free_errors += vrb_tail_release(&tail, q == a->p) > 0;
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
		vrb_step_record(s, sample);
		s->moved += moved;
	}
	if (moved) {
		vrb_area_adopt(a, q, new);	/* a new area, just big enough */
	} else {
		a->span = max(a->span, area_span(q, new));
		a->size = new;
	}
	if (record && new > old && must_read_zero(job, q) && !vrb_all_zero(q, old, new))
		s->zero_errors++;
	if (record)
		check_page_rules(job, s, a);
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
