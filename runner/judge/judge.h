/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict as a value: two sides judged once, in process, by every command
 * that needs a verdict (compare, report, plot, bisect).  What is comparable
 * (comparable.c), latency per cell and step (compare.c, Holm across cells),
 * the exact metrics (exact.c), and the gate's verdict and exit code.
 */
#ifndef VRB_JUDGE_H
#define VRB_JUDGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "exact.h"
#include "gates.h"
#include "pool.h"

struct judge_opts {
	const char *gates_path;		/* NULL: config/gates.ini (and $VRBENCH_GATES) */
	const char *allow_undecided;	/* NULL, or "N" / "N%": overrides the gates file */
	const char *allow_mismatch;	/* NULL, or KEY[,KEY] (comparable.c) */
	unsigned int looks;		/* 0 or 1: one look; more: alpha split (looks.h) */
};

/* What one comparison found, for the verdict and the exit code. */
struct judge_tally {
	size_t rows, slower, faster, unchanged, undecided, not_enough, worse, better;
	double log_sum;
	size_t in_geomean;
};

struct judgement {
	struct side base, new;
	struct pool_row *rows;
	size_t nrows;
	struct finding *findings;	/* exact metrics worse (dir 1) or better (-1) */
	size_t nfindings;
	struct gates gates;		/* as applied: cmp.alpha is per look */
	unsigned int looks;		/* the looks alpha was split across (1: none) */
	struct judge_tally tally;
	char *verdict;		/* "REGRESSION: 3 slower, ..." */
	int gate_exit;		/* the gate's verdict as its exit code: 0 passes, 1 a
				 * regression, VRB_EXIT_NOMEASURE (125) undecided */
};

/*
 * Judge NEW against BASE (result files, directories, or kernel names).  0, or
 * -EINVAL for input that cannot be judged (unreadable, incomparable, bad
 * gates: said on stderr), -ENODATA when neither side measured anything.  j is
 * filled on 0 only; judgement__free() it.
 */
int judge__sides(const char *base, const char *new, const struct judge_opts *o,
		 struct judgement *j);
void judgement__free(struct judgement *j);
/* What a gate exit code means, for a reader: "the gate passes (exit 0)", ... */
const char *judge__gate_meaning(int gate_exit);
/* The geometric mean of the latency ratios, or 0 when there is none. */
double judgement__geomean(const struct judgement *j);

/* judge_print.c: the judgement as a reader or a tool wants it. */
void judgement__print(const struct judgement *j, FILE *f, bool markdown);
json_t *judgement__json(const struct judgement *j);
/* judgement__json() as compare --format json prints it. */
void judgement__print_json(const struct judgement *j, FILE *f);

#endif
