/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exact side of a comparison: what the new kernel lost or made worse
 * that needs no statistics.  Memory, moves and error counts are deterministic,
 * so every run counts: a metric is worse when any new run exceeds every base
 * run, or the new runs' median exceeds the base runs' median (by more than
 * the gate's allowance, default 0).  A cell that failed, was refused or went
 * missing, and a step that went missing, are worse too.
 */
#ifndef VRB_EXACT_H
#define VRB_EXACT_H

#include <stddef.h>

#include "gates.h"
#include "pool.h"

struct finding {
	const char *key;	/* the row */
	char *text;		/* "resident_pages_after: 4 (5 runs) -> 64 (5 runs)" */
	int dir;		/* +1 worse (a regression), -1 better */
};

/* +1: new is worse than base by more than allow, -1 better, 0 neither. */
int exact__judge(const long *base, size_t nb, const long *new, size_t nn, long allow);
/* The median of n (> 0) values. */
double exact__median(const long *v, size_t n);
/* Every finding over the rows; returns how many are regressions. */
size_t exact__compare(struct pool_row *rows, size_t n, const struct gates *g,
		      struct finding **out, size_t *nout);
void findings__free(struct finding *f, size_t n);

#endif
