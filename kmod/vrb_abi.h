/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs ABI's constants, shared by the module, the runner and the
 * kselftest: the ABI version and the per-node and histogram limits of a
 * result.  Its keys and patterns are the table in vrb_abi_table.h.
 *
 * Plain C with no includes: it is built into a kernel module and into
 * userspace programs alike.
 */
#ifndef VRB_ABI_H
#define VRB_ABI_H

/*
 * 2: expect_free= and pages_array_delta= per step; huge= may say na.
 * 3: drain= (job), drains= drain_ns= (result): lazy areas purged before each
 *    repetition, untimed, and reported on their own.
 * 4: jitter= (job): a random untimed delay before each repetition;
 *    timer_irqs= (result, x86): timer interrupts inside each sample.
 * 5: samples= is a uniform random sample of the step's operations (and an
 *    equal share of each runner's), no longer its first max_samples.
 * 6: alloc_node= (job): the node of the first area, apart from node=;
 *    node_errors= and charge_errors= (step): rules checked after every
 *    resize; zero_errors= also counts grows that init_on_alloc/init_on_free
 *    oblige to read zero, not only gfp=zero ones.
 * 7: free_errors= (step): tail pages a probed shrink unmapped and did not
 *    give back to the allocator.
 * 8: gfps= (job, walk): each step's call with a gfp of its own, so that one
 *    area can be shrunk under GFP_NOFS and then resized with GFP_KERNEL;
 *    expect_free= is 1 on a same-size resize that frees the tail a
 *    nofs/noio shrink kept (vrealloc's shrink branch takes size <= old);
 *    scatter= (job): each fresh area at a random one of several addresses;
 *    edges has a third step, fail: a grow past all of RAM must return NULL
 *    and leave the area as it was.
 */
#define VRB_ABI_VERSION	8

/* The job keys and the patterns are listed in vrb_abi_table.h. */

#define VRB_MAX_NODES	8	/* per-node counts reported for nodes 0..7 */
#define VRB_HIST_BUCKETS 48	/* log2(ns) buckets */

#endif /* VRB_ABI_H */
