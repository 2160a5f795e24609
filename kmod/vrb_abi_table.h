/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs ABI's one table: every job key the module accepts, with the abi
 * that brought it, and every pattern.  The module's parser dispatches on it
 * (vrb_job.c), its pattern names come from it (vrb_job_format.c), the
 * runner's bench files accept exactly these keys (runner/bench.c), and a unit
 * test (runner/tests/test_abi.c) checks ABI.md's tables against it.  Adding a
 * key: one line here, its parse_key_NAME() in vrb_job.c, its row in ABI.md.
 *
 * Included with VRB_JOB_KEY(name, since) and/or VRB_PATTERN(name, id)
 * defined (the module's enum vrb_pattern has VRB_<id>); no include guard, no
 * includes: it is read by a kernel module and by userspace programs alike.
 */
#ifndef VRB_JOB_KEY
#define VRB_JOB_KEY(name, since)
#endif
#ifndef VRB_PATTERN
#define VRB_PATTERN(name, id)
#endif

VRB_JOB_KEY(pattern, 1)
VRB_JOB_KEY(api, 1)
VRB_JOB_KEY(gfp, 1)
VRB_JOB_KEY(start, 1)
VRB_JOB_KEY(node, 1)
VRB_JOB_KEY(thisnode, 1)
VRB_JOB_KEY(from, 1)
VRB_JOB_KEY(to, 1)
VRB_JOB_KEY(step, 1)
VRB_JOB_KEY(elem, 1)
VRB_JOB_KEY(count, 1)
VRB_JOB_KEY(sizes, 1)
VRB_JOB_KEY(reps, 1)
VRB_JOB_KEY(warmup, 1)
VRB_JOB_KEY(purpose, 1)
VRB_JOB_KEY(calibrate_slowdown, 1)
VRB_JOB_KEY(threads, 1)
VRB_JOB_KEY(fill, 1)
VRB_JOB_KEY(verify, 1)
VRB_JOB_KEY(drain, 3)
VRB_JOB_KEY(jitter, 4)

VRB_PATTERN(grow, GROW)
VRB_PATTERN(shrink, SHRINK)
VRB_PATTERN(regrow, REGROW)
VRB_PATTERN(pingpong, PINGPONG)
VRB_PATTERN(append, APPEND)
VRB_PATTERN(walk, WALK)
VRB_PATTERN(edges, EDGES)

#undef VRB_JOB_KEY
#undef VRB_PATTERN
