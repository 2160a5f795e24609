/* SPDX-License-Identifier: GPL-2.0 */
/* One step's record: timed operations, and memory around one operation (vrb_step.c). */
#ifndef VRB_STEP_H
#define VRB_STEP_H

#include "vrb_ctx.h"

/*
 * One timed operation: its time in ns, and in the sample's top byte how many
 * timer interrupts landed in it (VRB_SAMPLE_IRQS; 255: the task changed CPU,
 * unknown), so that a reader can tell the tick's cost from the operation's.
 */
struct vrb_timing {
	u64 t0;
	unsigned int irqs0;
	int cpu;
};

void vrb_time_start(struct vrb_timing *t);
u64 vrb_time_stop(const struct vrb_timing *t);	/* a sample: ns | irqs << 56 */

void vrb_step_init(struct vrb_step *s, const char *op, size_t old, size_t new);
void vrb_step_record(struct vrb_step *s, u64 sample);
void vrb_step_mem_before(struct vrb_step *s, const struct vrb_ctx *x,
			 const struct vrb_area *a, long *nr);
void vrb_step_mem_after(struct vrb_step *s, const struct vrb_area *a, long nr);

#endif /* VRB_STEP_H */
