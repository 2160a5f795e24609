/* SPDX-License-Identifier: GPL-2.0 */
/* threads=N: one runner kthread per CPU (vrb_threads.c). */
#ifndef VRB_THREADS_H
#define VRB_THREADS_H

#include "vrb_bench.h"

int vrb_threads_run(struct vrb_state *st);

#endif /* VRB_THREADS_H */
