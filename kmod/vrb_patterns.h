/* SPDX-License-Identifier: GPL-2.0 */
/* The patterns: ladders, regrow, pingpong, append, edges, walk (vrb_patterns.c). */
#ifndef VRB_PATTERNS_H
#define VRB_PATTERNS_H

#include "vrb_ctx.h"

/*
 * The edges pattern's failing grow: 1 PiB, more than any machine's RAM, and
 * the same on every kernel and machine, so its step compares across them.
 */
#define VRB_EDGES_FAIL_BYTES	((size_t)1 << 50)

int vrb_pattern_run(struct vrb_ctx *x);
int vrb_walk_step(struct vrb_state *st);

#endif /* VRB_PATTERNS_H */
