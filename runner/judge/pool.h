/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pool of result files on one side of a comparison, and its values per
 * cell and step ("rows"): latency (each run's p50) and the exact metrics
 * (resident pages, moves, error counts, ...), one value per run.
 *
 * Rows are keyed by cell and step index, so a walk that visits the same size
 * twice has two rows and each run gives each row one value: n counts runs.
 * Each cell also has a row of its own (step -1) with its status per run: a
 * cell that failed, was refused or is missing from a run counts 1 there.
 */
#ifndef VRB_POOL_H
#define VRB_POOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "compare.h"

struct side {
	json_t **runs;
	char **paths;
	size_t n;
	char *label;
};

/* One exact metric of a row: one value per run on each side. */
struct exact {
	char *name;		/* "resident_pages_after", "node1_pages", "not_done", ... */
	long *base, *new;
	size_t nb, nn;
};

struct pool_row {
	char *key;		/* "grow #3 grow 32768->65536", or the cell's name */
	char *cell;
	int step;		/* index in the cell's steps; -1: the cell itself */
	size_t cell_row;	/* index of the cell's own row */
	double *base, *new;	/* latency: one p50 per run */
	size_t nb, nn;
	size_t present_base, present_new;	/* runs in which the row appears */
	char *status_base, *status_new;	/* cell rows: a status other than done, if any */
	struct exact *exact;
	size_t nexact;
	struct cmp_result r;
};

/* A file, a directory of results, or a kernel name (its newest session in results/). */
int side__load(const char *arg, struct side *s);
void side__free(struct side *s);
/* Add a side's values to rows (created as needed); base first, then new. */
void rows__collect(const struct side *s, bool is_new, struct pool_row **rows, size_t *nrows);
void rows__free(struct pool_row *rows, size_t n);
/*
 * A step's latency, as every comparison reads it: the median of the samples
 * no more timer interrupts landed in than in the quietest one (quiet_ns), or
 * of all samples where the kernel or the file does not say (summary_ns).
 */
json_t *step__p50(json_t *step);
/* The cell of that name in one run's result, or NULL. */
json_t *run__cell(json_t *run, const char *name);
/* The exact metric of that name in a row, or NULL. */
struct exact *row__exact(struct pool_row *r, const char *name);

#endif
