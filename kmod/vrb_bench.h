/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of one job and its results, shared by the engine (vrb_engine.c),
 * the memory probes (vrb_probe.c), the report (vrb_report.c) and the debugfs
 * front end (vrealloc_bench_main.c).  All of it is guarded by one mutex.
 */
#ifndef VRB_BENCH_H
#define VRB_BENCH_H

#include <linux/bits.h>
#include <linux/seq_file.h>
#include <linux/types.h>

#include "vrb_abi.h"
#include "vrb_job.h"

/* A sample: the operation's ns, and the timer interrupts inside it in the top byte. */
#define VRB_SAMPLE_NS(x)	((x) & GENMASK_ULL(55, 0))
#define VRB_SAMPLE_IRQS(x)	((unsigned int)((x) >> 56))
#define VRB_MAX_SAMPLES	4096		/* ceiling of max_samples, enforced at load */
/* grow/shrink ladders have up to VRB_MAX_STEPS steps; a walk has alloc + sizes + free */
#define VRB_STEP_SLOTS	(VRB_MAX_STEPS + 2)

struct vrb_step {
	const char *op;		/* alloc, grow, shrink, append, free */
	size_t old_size;
	size_t new_size;
	/* counts are 64-bit: pingpong reps x count x threads passes 2^32 */
	u64 ops;		/* timed operations recorded */
	u64 fail;		/* allocation failures */
	u64 moved;		/* operations that returned a new pointer */
	u64 verify_errors;	/* operations after which old contents differed */
	u64 zero_errors;	/* grows whose new bytes had to read zero and did not */
	u64 node_errors;	/* thisnode resizes that left pages off the node */
	u64 charge_errors;	/* accounted resizes that left pages uncharged */
	u64 free_errors;	/* probed shrinks that unmapped tail pages and kept them */
	bool mem_valid;		/* the memory fields below were sampled */
	bool probing;		/* between vrb_step_mem_before() and _after() */
	long resident_before;	/* pages mapped in the area's span, before and after */
	long resident_after;
	long nr_vmalloc_delta;	/* NR_VMALLOC pages, after - before; LONG_MIN: n/a */
	long array_before;	/* pages of the area's vmalloc'd page array */
	long array_after;
	u32 node_pages[VRB_MAX_NODES];
	s8 huge;		/* the area is mapped with huge pages (1/0; -1: n/a) */
	s8 expect_free;		/* the kernel should return pages here (1/0; -1: n/a) */
	s8 vmalloc_addr;	/* edges: the result is a vmalloc address (1/0; -1: n/a) */
	s8 returned_null;	/* edges: the call returned NULL (1/0; -1: n/a) */
	u64 *samples;		/* the first max_samples: ns | timer irqs << 56 */
	u32 nsamples;
	u64 hist[VRB_HIST_BUCKETS];
	u64 t_min;
	u64 t_max;
	u64 t_sum;
};

/* One area under test and what is known about it. */
struct vrb_area {
	u8 *p;
	size_t size;		/* bytes the caller may use */
	size_t span;		/* bytes the area has covered: where pages are counted */
	/*
	 * Pages of the vmalloc'd page-pointer array the kernel keeps beside an
	 * area of more than PAGE_SIZE / sizeof(struct page *) pages: counted in
	 * NR_VMALLOC, not in the area's own mapping.
	 */
	long array_pages;
	/*
	 * gfp=account and the first area's pages were charged to a memcg (the
	 * writer is in one): every page the area maps must stay charged.
	 */
	bool charged;
	/*
	 * start=user and the area has not moved: vmalloc_user()'s VM_USERMAP
	 * area, whose shrinks keep their pages (a moved area is vrealloc's own).
	 */
	bool usermap;
};

struct vrb_state {
	bool have_job;
	struct vrb_job job;
	int status;		/* 0, or the -errno the last run ended with */
	bool ran;		/* a run has produced results */
	u64 clock_overhead_ns;
	u64 alloc_fail;		/* first allocations of a ladder that failed */
	u64 drains;		/* drain=1: lazy vmap areas purged before repetitions */
	u64 drain_ns;		/* and the time those purges took, untimed elsewhere */
	struct vrb_step steps[VRB_STEP_SLOTS];
	unsigned int nsteps;
	/* walk: the area is held between triggers */
	struct vrb_area walk;
	unsigned int walk_next;	/* next step: 0 alloc, 1..nwalk-1 resize, nwalk free */
};

/* Module parameters. */
extern unsigned long vrb_max_bytes;
extern unsigned int vrb_max_samples;
extern char *vrb_inject;

/*
 * Fault injection, for proving that each selftest case can fail (inject=, a
 * comma list; empty in normal use).  Never set it to measure anything.
 */
#define VRB_INJ_CORRUPT_AFTER_GROW	0x01	/* flip a kept byte after each grow */
#define VRB_INJ_MOVE_ON_RESIZE		0x02	/* every resize allocates and copies */
#define VRB_INJ_DIRTY_GROW		0x04	/* gfp=zero grows get a non-zero byte */
#define VRB_INJ_SKEW_RESIDENT		0x08	/* count one page too many after a step */
#define VRB_INJ_LEAK_PAGE		0x10	/* leak one vmalloc page per run */
#define VRB_INJ_HOLD_TAIL		0x20	/* a probed shrink's last tail page not freed */
/*
 * The inject= mask, read once per run under the parameter lock (a write of
 * the parameter mid-run frees the string).
 */
unsigned int vrb_inject_mask(void);
/* The mask of the run in progress, fixed when it starts. */
extern unsigned int vrb_run_inject;
void vrb_inject_leak(void);
void vrb_inject_release(void);

/* Engine: prepare a parsed job, run it (or its next walk step), release it. */
int vrb_engine_start(struct vrb_state *st, const struct vrb_job *job);
int vrb_engine_run(struct vrb_state *st);
void vrb_engine_release(struct vrb_state *st);

/* Probes. */
long vrb_resident(const void *p, size_t span, u32 *node_pages);
long vrb_nr_vmalloc_total(void);
void vrb_page_rules(const void *p, size_t span, int nid, long *off_node, long *uncharged);
/* 1: p is in a vmalloc area mapped with huge pages; 0: it is not; -1: cannot tell here */
int vrb_huge_state(const void *p);
void vrb_fill(u8 *p, size_t from, size_t to);
bool vrb_verify(const u8 *p, size_t from, size_t to);
bool vrb_all_zero(const u8 *p, size_t from, size_t to);
u64 vrb_clock_overhead(void);

/* Report. */
void vrb_report(struct seq_file *m, const struct vrb_state *st);

#endif /* VRB_BENCH_H */
