/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pool of result files on one side of a comparison, and its values per
 * cell and step ("rows"): latency (each run's p50), resident pages, moves.
 */
#ifndef VRB_POOL_H
#define VRB_POOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "compare.h"

struct side {
	json_t **runs;
	size_t n;
	char *label;
};

struct row {			/* one cell/step, both sides */
	char *key;		/* "cell op old->new" */
	double *base, *new;	/* latency: one p50 per run */
	size_t nb, nn;
	long mem_base_min, mem_base_max, mem_new_min, mem_new_max;	/* resident after */
	bool mem_seen_base, mem_seen_new;
	long moved_base, ops_base, moved_new, ops_new;	/* pointer moves, over all runs */
	struct cmp_result r;
};

/* A file, a directory of results, or a kernel name (its newest session in results/). */
int load_side(const char *arg, struct side *s);
/* Add a side's values to rows (created as needed). */
void collect(const struct side *s, bool is_new, struct row **rows, size_t *nrows);

#endif
