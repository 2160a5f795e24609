/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the job parser (vrb_job.c) and its checks (vrb_job_check.c) only. */
#ifndef VRB_JOB_INTERNAL_H
#define VRB_JOB_INTERNAL_H

#include <linux/printk.h>

/* A message about one key of a job, to the kernel log (rate-limited). */
#define vrb_job_reject(key, fmt, ...) \
	pr_info_ratelimited("job: %s: " fmt "\n", key, ##__VA_ARGS__)

#endif /* VRB_JOB_INTERNAL_H */
