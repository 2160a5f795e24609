/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A quiet guest: background samplers that preempt a 1-vCPU measurement with a
 * fixed extra cost at unpredictable moments (Debian 7.3's DAMON_STAT kdamond,
 * proactive compaction, the per-CPU vmstat refresh) are switched off before
 * measuring, in a guest only: a user's own machine is never changed.
 */
#ifndef VRB_QUIET_H
#define VRB_QUIET_H

#include <jansson.h>

/* Apply and return what was changed: {"damon_stat": "Y -> N", ...}. */
json_t *quiet__apply(void);

#endif
