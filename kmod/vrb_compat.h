/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version shims: every difference between kernel versions that the module
 * cares about is decided here and nowhere else (KERNEL-FACTS.md §2, §3).
 * Where an API is a macro, its presence is tested directly; where it is not,
 * the version decides.
 */
#ifndef VRB_COMPAT_H
#define VRB_COMPAT_H

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/numa.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>

#include "vrb_job.h"

/* MAJOR * 100 + MINOR: 612 for 6.12, 703 for 7.3. */
#define VRB_KVER (LINUX_VERSION_MAJOR * 100 + LINUX_VERSION_PATCHLEVEL)

/*
 * How the module reaches vrealloc():
 *  - 7.0+ exports vrealloc() itself;
 *  - 6.12..6.19 declare it but do not export it, while kvrealloc() is
 *    exported and hands a vmalloc'd pointer straight to vrealloc();
 *  - older kernels have no vrealloc() at all.
 */
#if VRB_KVER >= 700
#define VRB_ACCESS_PATH "vrealloc"
#define VRB_HAVE_VREALLOC 1
#define VRB_HAVE_VREALLOC_EXPORT 1
#elif VRB_KVER >= 612
#define VRB_ACCESS_PATH "kvrealloc"
#define VRB_HAVE_VREALLOC 1
#define VRB_HAVE_VREALLOC_EXPORT 0
#else
#define VRB_ACCESS_PATH "none"
#define VRB_HAVE_VREALLOC 0
#define VRB_HAVE_VREALLOC_EXPORT 0
#endif

/* vrealloc_node()/kvrealloc_node() and __GFP_THISNODE moves: 6.18+. */
#ifdef kvrealloc_node
#define VRB_HAVE_NODE_API 1
#else
#define VRB_HAVE_NODE_API 0
#endif

/* A first area on a node with the job's gfp: vrealloc_node(NULL, ...). */
#define VRB_HAVE_NODE_ALLOC (VRB_HAVE_NODE_API && VRB_HAVE_VREALLOC_EXPORT)

#ifdef vmalloc_huge_node
#define VRB_HAVE_HUGE_NODE 1
#else
#define VRB_HAVE_HUGE_NODE 0
#endif

/* NR_VMALLOC became a node stat in 7.1 (nr_vmalloc in /proc/vmstat). */
#define VRB_HAVE_NR_VMALLOC (VRB_KVER >= 701)

/* 7.2+ frees the tail pages on shrink (mm-stable 5ea8ec74c57c). */
#define VRB_SHRINK_FREES (VRB_KVER >= 702)

/* kzalloc_obj() arrived in 7.x; older kernels spell it out. */
#ifndef kzalloc_obj
#define kzalloc_obj(P, GFP) kzalloc(sizeof(P), GFP)
#endif

/* A page charged to a memory cgroup (kmem: __GFP_ACCOUNT). */
static inline bool vrb_page_charged(struct page *page)
{
#ifdef CONFIG_MEMCG
	return READ_ONCE(page_folio(page)->memcg_data) != 0;
#else
	return false;
#endif
}

/* The first area of a ladder; gfp and node as the job says. */
static inline void *vrb_alloc(size_t size, gfp_t gfp, int node, enum vrb_start start)
{
	if (start == VRB_START_USER)
		return vmalloc_user(size);	/* VM_USERMAP, zeroed; no node, no gfp */
	if (start == VRB_START_HUGE) {
#if VRB_HAVE_HUGE_NODE
		return vmalloc_huge_node(size, gfp, node);
#else
		return vmalloc_huge(size, gfp);
#endif
	}
#if VRB_HAVE_NODE_ALLOC
	/* vrealloc(NULL) is vmalloc; kvrealloc(NULL) would try kmalloc first. */
	if (node != NUMA_NO_NODE)
		return vrealloc_node(NULL, size, gfp, node);
#endif
	if (node != NUMA_NO_NODE)
		return vmalloc_node(size, node);	/* gfp=kernel only: checked */
	return __vmalloc(size, gfp);
}

/* One resize through the access path the job chose. */
static inline void *vrb_realloc(void *p, size_t size, gfp_t gfp, int node, bool use_kv)
{
#if VRB_HAVE_VREALLOC_EXPORT
	if (!use_kv)
		return node == NUMA_NO_NODE ? vrealloc(p, size, gfp) :
					      vrealloc_node(p, size, gfp, node);
#endif
#if VRB_HAVE_NODE_API
	if (node != NUMA_NO_NODE)
		return kvrealloc_node(p, size, gfp, node);
#endif
#if VRB_HAVE_VREALLOC
	return kvrealloc(p, size, gfp);	/* vmalloc'd p: straight to vrealloc() */
#else
	return NULL;
#endif
}

/*
 * vmalloc pages by node, exactly: the node counter plus every CPU's pending
 * delta, so a single op's effect is not hidden by per-CPU batching.
 * Returns -1 where the kernel has no NR_VMALLOC.
 */
static inline long vrb_nr_vmalloc(int nid)
{
#if VRB_HAVE_NR_VMALLOC
	struct pglist_data *pgdat = NODE_DATA(nid);
	long x = atomic_long_read(&pgdat->vm_stat[NR_VMALLOC]);
	int cpu;

	for_each_possible_cpu(cpu)
		x += per_cpu_ptr(pgdat->per_cpu_nodestats, cpu)->vm_node_stat_diff[NR_VMALLOC];
	return x;
#else
	return -1;
#endif
}

/*
 * Timer interrupts taken on a CPU so far: x86 counts every local APIC timer
 * interrupt (the tick and hrtimers) in irq_stat, exported for modules.  Other
 * architectures have no exported per-CPU count: samples say "na" there.
 */
#ifdef CONFIG_X86_LOCAL_APIC
#include <asm/hardirq.h>
#define VRB_HAVE_TIMER_IRQS 1
/* 7.x made irq_stat an array of counts (and added inc_perf_irq_stat() with it) */
#ifdef inc_perf_irq_stat
static inline unsigned int vrb_timer_irqs(int cpu)
{
	return READ_ONCE(per_cpu(irq_stat, cpu).counts[IRQ_COUNT_APIC_TIMER]);
}
#else
static inline unsigned int vrb_timer_irqs(int cpu)
{
	return READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs);
}
#endif
#else
#define VRB_HAVE_TIMER_IRQS 0
static inline unsigned int vrb_timer_irqs(int cpu)
{
	return 0;
}
#endif

#endif /* VRB_COMPAT_H */
