/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Adaptive runs: judge after the first min_runs a side and, while cells stay
 * undecided, measure `step` more runs of each side and judge again, up to
 * max_runs.  Every look judges every cell again on all the runs so far, so a
 * look that comes back to the data can make a false call a fixed-size test
 * would not have made.  The plan fixes the number of looks K before the first
 * run and each look tests at alpha / K (Bonferroni alpha spending): the chance
 * of a false call at any of the K looks is at most the sum, alpha.  Stopping
 * early only spends less.  The "unchanged" interval is widened to the same
 * level, so that a real change is not called unchanged more often either.
 * runner/tests/test_looks.c counts false calls over simulated sequences.
 */
#ifndef VRB_LOOKS_H
#define VRB_LOOKS_H

#include <stdbool.h>
#include <stddef.h>

struct looks {
	size_t first;		/* runs a side at the first look (min_runs) */
	size_t step;		/* runs a side added before each further look */
	size_t max;		/* runs a side at most */
	unsigned int count;	/* looks planned: 1 + ceil((max - first) / step) */
};

/* Plan the looks; max below first is taken as first (one look). */
void looks__plan(struct looks *l, size_t first, size_t step, size_t max);
/* Runs a side once look k (1-based) is measured. */
size_t looks__runs_at(const struct looks *l, unsigned int k);
/* The level each look tests at: alpha / count. */
double looks__alpha(const struct looks *l, double alpha);
/*
 * Whether to measure again after look k: only when the gate could not decide
 * (125) because latency cells are "~" (more runs can settle those; a cell that
 * failed or lost data is not settled by more runs), and looks remain.
 */
bool looks__again(const struct looks *l, unsigned int k, int gate_exit, size_t undecided);

#endif
