/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Performance counters around one cell (libperf), counting the calling thread
 * with kernel work included: the module runs in that thread.  A counter that
 * cannot be opened is recorded as unavailable with the reason, never as zero.
 */
#ifndef VRB_COUNTERS_H
#define VRB_COUNTERS_H

#include <jansson.h>

struct counters;

/* Opens every counter it can; never fails as a whole. */
struct counters *counters__open(void);
void counters__start(struct counters *c);
void counters__stop(struct counters *c);
/* {"task-clock": {"value": N, "unit": "ns"}, "cycles": {"unavailable": "..."}, ...} */
json_t *counters__json(const struct counters *c);
void counters__close(struct counters *c);

#endif
