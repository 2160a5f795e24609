// SPDX-License-Identifier: GPL-2.0
/*
 * The names of a job's words, what its gfp words mean to the allocator, and
 * the normalized job line (every key spelled out), which results carry and
 * compare uses to tell jobs apart.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>

#include "vrb_job.h"

const char * const vrb_pattern_names[VRB_NR_PATTERNS] = {
#define VRB_PATTERN(name, id)[VRB_##id] = #name,
#include "vrb_abi_table.h"
};

const char * const vrb_gfp_names[VRB_NR_GFP_WORDS] = { "account", "zero", "nofs", "noio" };

/* What the gfp= words and thisnode= of a job mean to the allocator. */
gfp_t vrb_job_gfp(const struct vrb_job *job)
{
	gfp_t gfp = GFP_KERNEL;

	if (job->gfp & VRB_GFP_NOFS)
		gfp = GFP_NOFS;
	if (job->gfp & VRB_GFP_NOIO)
		gfp = GFP_NOIO;
	if (job->gfp & VRB_GFP_ACCOUNT)
		gfp |= __GFP_ACCOUNT;
	if (job->gfp & VRB_GFP_ZERO)
		gfp |= __GFP_ZERO;
	if (job->thisnode)
		gfp |= __GFP_THISNODE;
	return gfp;
}

const char *vrb_start_name(enum vrb_start s)
{
	static const char *const names[] = {
		[VRB_START_VMALLOC] = "vmalloc",
		[VRB_START_HUGE] = "huge",
		[VRB_START_USER] = "user",
	};

	return names[s];
}

const char *vrb_pattern_name(enum vrb_pattern p)
{
	return vrb_pattern_names[p];
}

static int format_gfp(unsigned int gfp, char *buf, size_t len)
{
	int n = 0;
	unsigned int i;

	if (!gfp)
		return scnprintf(buf, len, "kernel");
	for (i = 0; i < VRB_NR_GFP_WORDS; i++)
		if (gfp & (1U << i))
			n += scnprintf(buf + n, len - n, "%s%s", n ? "+" : "", vrb_gfp_names[i]);
	return n;
}

int vrb_job_format(const struct vrb_job *job, char *buf, size_t len)
{
	char gfp[48];
	int n;
	unsigned int i;

	format_gfp(job->gfp, gfp, sizeof(gfp));
	n = job->calibration ? scnprintf(buf, len, "purpose=calibration calibrate_slowdown=%u ",
					 job->slowdown) : 0;
	n += scnprintf(buf + n, len - n,
		      "pattern=%s api=%s gfp=%s start=%s node=%d thisnode=%d alloc_node=%d reps=%u warmup=%u threads=%u fill=%d verify=%d drain=%d jitter=%d scatter=%d",
		      vrb_pattern_name(job->pattern),
		      job->api == VRB_API_VREALLOC ? "vrealloc" : "kvrealloc", gfp,
		      vrb_start_name(job->start), job->node, job->thisnode, job->alloc_node,
		      job->reps, job->warmup, job->threads, job->fill, job->verify, job->drain,
		      job->jitter, job->scatter);
	switch (job->pattern) {
	case VRB_APPEND:
		n += scnprintf(buf + n, len - n, " elem=%zu count=%lu", job->elem, job->count);
		break;
	case VRB_WALK:
		n += scnprintf(buf + n, len - n, " sizes=");
		for (i = 0; i < job->nwalk; i++)
			n += scnprintf(buf + n, len - n, "%s%zu", i ? "," : "", job->walk[i]);
		/* spelled out only when given: without it every step uses gfp= */
		if (job->nwalk_gfp)
			n += scnprintf(buf + n, len - n, " gfps=");
		for (i = 0; i < job->nwalk_gfp; i++) {
			format_gfp(job->walk_gfp[i], gfp, sizeof(gfp));
			n += scnprintf(buf + n, len - n, "%s%s", i ? "," : "", gfp);
		}
		break;
	case VRB_PINGPONG:
		n += scnprintf(buf + n, len - n, " from=%zu to=%zu count=%lu",
			       job->from, job->to, job->count);
		break;
	case VRB_REGROW:
		n += scnprintf(buf + n, len - n, " from=%zu to=%zu", job->from, job->to);
		break;
	case VRB_EDGES:
		n += scnprintf(buf + n, len - n, " from=%zu", job->from);
		break;
	default:
		if (job->step_mul)
			n += scnprintf(buf + n, len - n, " from=%zu to=%zu step=x%u",
				       job->from, job->to, job->step_mul);
		else
			n += scnprintf(buf + n, len - n, " from=%zu to=%zu step=+%zu",
				       job->from, job->to, job->step_add);
	}
	n += scnprintf(buf + n, len - n, "\n");
	return n;
}
