// SPDX-License-Identifier: GPL-2.0
/*
 * Memory probes and content checks.  Memory is counted, not estimated: the
 * pages actually mapped in an area are found by walking vmalloc_to_page()
 * over the span the area had, so a shrink that returns its tail shows up
 * page by page.
 */
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "vrb_bench.h"
#include "vrb_compat.h"

/*
 * Fill, verify and the page walk are untimed but can cover a quarter of RAM
 * (max_bytes): give the scheduler a chance every 2 MiB, so a large rung never
 * soft-locks a preempt=none kernel.
 */
#define VRB_RESCHED_BYTES	(2UL << 20)

/* What one walk of an area's pages counts; the callers want different parts. */
struct vrb_page_tally {
	u32 *node_pages;	/* per node (nodes 0..VRB_MAX_NODES-1), or NULL */
	int nid;		/* count pages off this node (-1: don't) */
	bool charge;		/* count pages without a memcg charge */
	long mapped;
	long off_node;
	long uncharged;
};

/*
 * The one walk of an area's pages: vmalloc_to_page() over the span it has
 * covered.  Pages a shrink unmapped are not the area's any more and are not
 * counted.
 */
static void vrb_pages_tally(const void *p, size_t span, struct vrb_page_tally *t)
{
	size_t off;
	int nid;

	if (t->node_pages)
		memset(t->node_pages, 0, sizeof(u32) * VRB_MAX_NODES);
	for (off = 0; off < span; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(p + off);

		if (!(off & (VRB_RESCHED_BYTES - 1)))
			cond_resched();
		if (!page)
			continue;
		t->mapped++;
		nid = page_to_nid(page);
		if (t->node_pages && nid < VRB_MAX_NODES)
			t->node_pages[nid]++;
		if (t->nid >= 0 && nid != t->nid)
			t->off_node++;
		if (t->charge && !vrb_page_charged(page))
			t->uncharged++;
	}
}

long vrb_resident(const void *p, size_t span, u32 *node_pages)
{
	struct vrb_page_tally t = { .node_pages = node_pages, .nid = NUMA_NO_NODE };

	vrb_pages_tally(p, span, &t);
	return t.mapped;
}

/*
 * The pages of an area that break a rule: mapped off nid (nid >= 0), and
 * mapped without a memcg charge (uncharged != NULL).
 */
void vrb_page_rules(const void *p, size_t span, int nid, long *off_node, long *uncharged)
{
	struct vrb_page_tally t = { .nid = nid, .charge = !!uncharged };

	vrb_pages_tally(p, span, &t);
	*off_node = t.off_node;
	if (uncharged)
		*uncharged = t.uncharged;
}

long vrb_nr_vmalloc_total(void)
{
	long total = 0;
	int nid;

	if (!VRB_HAVE_NR_VMALLOC)
		return LONG_MIN;
	for_each_online_node(nid)
		total += vrb_nr_vmalloc(nid);
	return total;
}

int vrb_huge_state(const void *p)
{
	/* the direct map (a kmalloc'd pointer) is mapped huge too: not an area's doing */
	if (!is_vmalloc_addr(p))
		return 0;
#ifdef CONFIG_X86
	{
		unsigned int level;

		return lookup_address((unsigned long)p, &level) && level >= PG_LEVEL_2M;
	}
#else
	/* no exported way to read the mapping level here: say so, not 0 */
	return -1;
#endif
}

/*
 * The fill pattern: a function of the offset alone, so any byte can be
 * checked without remembering what was written, and a copy to a wrong
 * offset shows up as a mismatch.
 */
static inline u64 vrb_word(size_t off)
{
	return (u64)(off | 1) * 0x9E3779B97F4A7C15ULL;
}

static inline u8 vrb_byte(size_t i)
{
	return vrb_word(i & ~(size_t)7) >> ((i & 7) * 8);
}

void vrb_fill(u8 *p, size_t from, size_t to)
{
	size_t i = from;

	for (; i < to && (i & 7); i++)
		p[i] = vrb_byte(i);
	for (; i + 8 <= to; i += 8) {
		*(u64 *)(p + i) = cpu_to_le64(vrb_word(i));
		if (!(i & (VRB_RESCHED_BYTES - 1)))
			cond_resched();
	}
	for (; i < to; i++)
		p[i] = vrb_byte(i);
}

bool vrb_verify(const u8 *p, size_t from, size_t to)
{
	size_t i = from;

	for (; i < to && (i & 7); i++)
		if (p[i] != vrb_byte(i))
			return false;
	for (; i + 8 <= to; i += 8) {
		if (*(const u64 *)(p + i) != cpu_to_le64(vrb_word(i)))
			return false;
		if (!(i & (VRB_RESCHED_BYTES - 1)))
			cond_resched();
	}
	for (; i < to; i++)
		if (p[i] != vrb_byte(i))
			return false;
	return true;
}

bool vrb_all_zero(const u8 *p, size_t from, size_t to)
{
	return from >= to || !memchr_inv(p + from, 0, to - from);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The median cost of reading the clock twice, which every sample includes. */
u64 vrb_clock_overhead(void)
{
	u64 d[127], t0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(d); i++) {
		t0 = ktime_get_ns();
		d[i] = ktime_get_ns() - t0;
	}
	sort(d, ARRAY_SIZE(d), sizeof(d[0]), cmp_u64, NULL);
	return d[ARRAY_SIZE(d) / 2];
}
