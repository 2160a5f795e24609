/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs ABI's one table: every job key the module accepts, with the abi
 * that brought it, every pattern, and every line and step field of the
 * `result` file (vrb_report.c writes them; runner/guest/modresult.c knows
 * exactly these; the kselftest reads some).  The module's parser dispatches on it
 * (vrb_job.c), its pattern names come from it (vrb_job_format.c), the
 * runner's bench files accept exactly these keys (runner/bench.c), and a unit
 * test (runner/tests/test_abi.c) checks ABI.md's tables against it.  Adding a
 * key: one line here, its parse_key_NAME() in vrb_job.c, its row in ABI.md.
 *
 * Included with any of VRB_JOB_KEY(name, since), VRB_PATTERN(name, id),
 * VRB_RESULT_LINE(name, since) and VRB_STEP_FIELD(name, since) defined (the
 * module's enum vrb_pattern has VRB_<id>); no include guard, no includes: it
 * is read by a kernel module and by userspace programs alike.
 */
#ifndef VRB_JOB_KEY
#define VRB_JOB_KEY(name, since)
#endif
#ifndef VRB_PATTERN
#define VRB_PATTERN(name, id)
#endif
#ifndef VRB_RESULT_LINE
#define VRB_RESULT_LINE(name, since)
#endif
#ifndef VRB_STEP_FIELD
#define VRB_STEP_FIELD(name, since)
#endif

VRB_JOB_KEY(pattern, 1)
VRB_JOB_KEY(api, 1)
VRB_JOB_KEY(gfp, 1)
VRB_JOB_KEY(start, 1)
VRB_JOB_KEY(node, 1)
VRB_JOB_KEY(thisnode, 1)
VRB_JOB_KEY(alloc_node, 6)
VRB_JOB_KEY(from, 1)
VRB_JOB_KEY(to, 1)
VRB_JOB_KEY(step, 1)
VRB_JOB_KEY(elem, 1)
VRB_JOB_KEY(count, 1)
VRB_JOB_KEY(sizes, 1)
VRB_JOB_KEY(gfps, 8)
VRB_JOB_KEY(reps, 1)
VRB_JOB_KEY(warmup, 1)
VRB_JOB_KEY(purpose, 1)
VRB_JOB_KEY(calibrate_slowdown, 1)
VRB_JOB_KEY(threads, 1)
VRB_JOB_KEY(fill, 1)
VRB_JOB_KEY(verify, 1)
VRB_JOB_KEY(drain, 3)
VRB_JOB_KEY(jitter, 4)
VRB_JOB_KEY(scatter, 8)

VRB_PATTERN(grow, GROW)
VRB_PATTERN(shrink, SHRINK)
VRB_PATTERN(regrow, REGROW)
VRB_PATTERN(pingpong, PINGPONG)
VRB_PATTERN(append, APPEND)
VRB_PATTERN(walk, WALK)
VRB_PATTERN(edges, EDGES)

/* the keys that begin a line of `result` */
VRB_RESULT_LINE(abi, 1)
VRB_RESULT_LINE(job, 1)
VRB_RESULT_LINE(status, 1)
VRB_RESULT_LINE(clock_overhead_ns, 1)
VRB_RESULT_LINE(alloc_fail, 1)
VRB_RESULT_LINE(drains, 3)
VRB_RESULT_LINE(walk_next, 1)
VRB_RESULT_LINE(steps, 1)
VRB_RESULT_LINE(step, 1)
VRB_RESULT_LINE(samples, 1)
VRB_RESULT_LINE(timer_irqs, 4)
VRB_RESULT_LINE(hist, 1)

/* the fields of a step= line, after step= itself */
VRB_STEP_FIELD(op, 1)
VRB_STEP_FIELD(old, 1)
VRB_STEP_FIELD(new, 1)
VRB_STEP_FIELD(ops, 1)
VRB_STEP_FIELD(fail, 1)
VRB_STEP_FIELD(moved, 1)
VRB_STEP_FIELD(verify_errors, 1)
VRB_STEP_FIELD(zero_errors, 1)
VRB_STEP_FIELD(node_errors, 6)
VRB_STEP_FIELD(charge_errors, 6)
VRB_STEP_FIELD(free_errors, 7)
VRB_STEP_FIELD(resident_pages_before, 1)
VRB_STEP_FIELD(resident_pages_after, 1)
VRB_STEP_FIELD(nr_vmalloc_delta, 1)
VRB_STEP_FIELD(node_pages, 1)
VRB_STEP_FIELD(pages_array_delta, 2)
VRB_STEP_FIELD(huge, 1)
VRB_STEP_FIELD(expect_free, 2)
VRB_STEP_FIELD(vmalloc_addr, 1)
VRB_STEP_FIELD(returned_null, 1)
VRB_STEP_FIELD(t_min, 1)
VRB_STEP_FIELD(t_p50, 1)
VRB_STEP_FIELD(t_mean, 1)
VRB_STEP_FIELD(t_max, 1)

#undef VRB_JOB_KEY
#undef VRB_PATTERN
#undef VRB_RESULT_LINE
#undef VRB_STEP_FIELD
