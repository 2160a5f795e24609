// SPDX-License-Identifier: GPL-2.0
/*
 * Job validation: everything a parsed job asks for is checked against the
 * module's limits and this kernel's abilities, with a message naming the key.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/overflow.h>

#include "vrb_compat.h"
#include "vrb_job.h"
#include "vrb_job_internal.h"

int vrb_job_ladder(const struct vrb_job *job, size_t *sizes, unsigned int *nsizes)
{
	size_t lo = min(job->from, job->to), hi = max(job->from, job->to), s = lo;
	unsigned int n = 0, i;

	sizes[n++] = s;
	while (s < hi) {
		if (n > VRB_MAX_STEPS)
			return -E2BIG;
		if (job->step_mul ? check_mul_overflow(s, (size_t)job->step_mul, &s) :
		    check_add_overflow(s, job->step_add, &s))
			s = hi;
		s = min(s, hi);
		sizes[n++] = s;
	}
	if (job->from > job->to)	/* shrink: walk the ladder downwards */
		for (i = 0; i < n / 2; i++)
			swap(sizes[i], sizes[n - 1 - i]);
	*nsizes = n;
	return 0;
}

static int check_sizes(const struct vrb_job *job, size_t max_bytes)
{
	bool grows = job->pattern == VRB_GROW, up = job->from < job->to;
	size_t sizes[VRB_MAX_STEPS + 1], total;
	unsigned int n, i;

	if (!job->from || !job->to) {
		vrb_job_reject("from/to", "sizes must not be zero");
		return -EINVAL;
	}
	if (max(job->from, job->to) > max_bytes) {
		vrb_job_reject("from/to", "%zu bytes is past max_bytes=%zu",
			       max(job->from, job->to), max_bytes);
		return -E2BIG;
	}
	switch (job->pattern) {
	case VRB_GROW:
	case VRB_SHRINK:
		if (up != grows) {
			vrb_job_reject("from/to", "%s needs from %s to",
				       vrb_pattern_name(job->pattern),
				       job->pattern == VRB_GROW ? "<" : ">");
			return -EINVAL;
		}
		if (vrb_job_ladder(job, sizes, &n)) {
			vrb_job_reject("step", "more than %d steps from %zu to %zu", VRB_MAX_STEPS,
				       job->from, job->to);
			return -EINVAL;
		}
		return 0;
	case VRB_REGROW:
	case VRB_PINGPONG:
		if (job->from <= job->to) {
			vrb_job_reject("from/to", "%s starts big: needs from > to",
				       vrb_pattern_name(job->pattern));
			return -EINVAL;
		}
		return 0;
	case VRB_APPEND:
		if (!job->elem || job->elem > VRB_MAX_ELEM || job->count < 2) {
			vrb_job_reject("elem/count", "elem must be 1..%d bytes, count at least 2",
				       VRB_MAX_ELEM);
			return -EINVAL;
		}
		if (check_mul_overflow(job->elem, (size_t)job->count, &total) ||
		    total > max_bytes) {
			vrb_job_reject("elem/count", "elem * count is past max_bytes=%zu",
				       max_bytes);
			return -E2BIG;
		}
		return 0;
	case VRB_EDGES:
		if (job->reps != 1 || job->threads != 1) {
			vrb_job_reject("edges", "runs once: reps=1 threads=1");
			return -EINVAL;
		}
		return 0;
	case VRB_WALK:
		if (job->nwalk_gfp && job->nwalk_gfp != job->nwalk) {
			vrb_job_reject("gfps", "%u entries for %u sizes: one gfp per size",
				       job->nwalk_gfp, job->nwalk);
			return -EINVAL;
		}
		for (i = 0; i < job->nwalk_gfp; i++) {
			/*
			 * Only nofs/noio may change from step to step: what the
			 * area must read (zero) and whose charge it carries
			 * (account) are set when it is made, and the rules
			 * checked after every step read them from gfp=.
			 */
			if ((job->walk_gfp[i] ^ job->gfp) & (VRB_GFP_ACCOUNT | VRB_GFP_ZERO)) {
				vrb_job_reject("gfps",
					       "entry %u: account and zero must be as in gfp= (only nofs and noio may differ)",
					       i);
				return -EINVAL;
			}
		}
		for (i = 0; i < job->nwalk; i++) {
			if (!job->walk[i]) {
				vrb_job_reject("sizes",
					       "sizes must not be zero (the walk frees at its end)");
				return -EINVAL;
			}
			if (job->walk[i] > max_bytes) {
				vrb_job_reject("sizes", "%zu bytes is past max_bytes=%zu",
					       job->walk[i], max_bytes);
				return -E2BIG;
			}
		}
		return 0;
	}
	return -EINVAL;
}

int vrb_job_check(const struct vrb_job *job, size_t max_bytes)
{
	if (!VRB_HAVE_VREALLOC) {
		pr_info_ratelimited("job: this kernel has no vrealloc()\n");
		return -EOPNOTSUPP;
	}
	if (job->api == VRB_API_VREALLOC && !VRB_HAVE_VREALLOC_EXPORT) {
		vrb_job_reject("api", "vrealloc is not exported by this kernel; use api=kvrealloc");
		return -EINVAL;
	}
	if (job->node != NUMA_NO_NODE && !node_online(job->node)) {
		vrb_job_reject("node", "node %d is not online", job->node);
		return -ENODEV;
	}
	if (job->alloc_node != NUMA_NO_NODE && !node_online(job->alloc_node)) {
		vrb_job_reject("alloc_node", "node %d is not online", job->alloc_node);
		return -ENODEV;
	}
	if (job->thisnode && !VRB_HAVE_NODE_API) {
		/* without node=: vrealloc(p, n, gfp | __GFP_THISNODE), legal, no node to keep */
		vrb_job_reject("thisnode", "needs a kernel with vrealloc_node() (6.18+)");
		return -EINVAL;
	}
	if (job->alloc_node != NUMA_NO_NODE && !VRB_HAVE_NODE_ALLOC &&
	    (job->gfp || (job->nwalk_gfp && job->walk_gfp[0]))) {
		/* the first area then comes from vmalloc_node(), which takes no gfp */
		vrb_job_reject(job->alloc_node == job->node ? "node" : "alloc_node",
			       "needs gfp=kernel on kernels without vrealloc_node()");
		return -EINVAL;
	}
	if (job->start == VRB_START_HUGE && job->alloc_node != NUMA_NO_NODE &&
	    !VRB_HAVE_HUGE_NODE) {
		vrb_job_reject("start", "huge with node= needs vmalloc_huge_node()");
		return -EINVAL;
	}
	if (job->start == VRB_START_USER &&
	    (job->alloc_node != NUMA_NO_NODE || job->pattern == VRB_EDGES)) {
		/* vmalloc_user() takes no node; edges starts from vrealloc(NULL) */
		vrb_job_reject("start", "user (vmalloc_user()): no node=, no pattern=edges");
		return -EINVAL;
	}
	if (job->slowdown && !job->calibration) {
		/* a planted slowdown in a real measurement would be a lie */
		vrb_job_reject("calibrate_slowdown",
			       "only in a calibration job (purpose=calibration)");
		return -EINVAL;
	}
	if (job->verify && !job->fill) {
		vrb_job_reject("verify", "verify=1 needs fill=1: only filled bytes can be checked");
		return -EINVAL;
	}
	if (job->threads > num_online_cpus()) {
		vrb_job_reject("threads", "%u threads, but %u CPUs are online", job->threads,
			       num_online_cpus());
		return -EINVAL;
	}
	if (job->pattern == VRB_WALK && job->threads > 1) {
		vrb_job_reject("threads", "a walk holds one area: threads=1 only");
		return -EINVAL;
	}
	if (job->nwalk_gfp && job->pattern != VRB_WALK) {
		vrb_job_reject("gfps", "a walk's key: one gfp per size of sizes=");
		return -EINVAL;
	}
	if (job->pattern == VRB_WALK && job->reps != 1) {
		vrb_job_reject("reps", "a walk runs once: one step per trigger");
		return -EINVAL;
	}
	return check_sizes(job, max_bytes);
}

