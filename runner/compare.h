/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comparing one latency metric between two sets of independent runs, and
 * correcting a family of such comparisons.  The run is the unit: each side
 * is one value per run (a run's median time for that cell and step).
 */
#ifndef VRB_COMPARE_H
#define VRB_COMPARE_H

#include <stddef.h>
#include <stdint.h>

enum verdict { V_UNCHANGED, V_REGRESSED, V_IMPROVED, V_NOT_ENOUGH };

struct cmp_opts {
	double alpha;		/* family-wise significance level (default 0.05) */
	double threshold;	/* smallest change worth calling, as a ratio - 1 (0.05) */
	size_t min_runs;	/* per side (default 5) */
	unsigned int boot;	/* bootstrap resamples (default 2000) */
	unsigned long seed;	/* for the bootstrap: results are reproducible */
};

struct cmp_result {
	size_t n_base, n_new;
	double base_median, new_median;
	double ratio;		/* new / base, of the medians of the run values */
	double ci_lo, ci_hi;	/* bootstrap 95 % interval of the ratio */
	double p;		/* Welch's t-test on log values, two-sided */
	double p_adj;		/* after correction across the family */
	enum verdict verdict;
};

void cmp_opts__init(struct cmp_opts *o);
/* Compare one metric; fills everything but p_adj and verdict. */
void cmp__metric(const double *base, size_t nb, const double *new, size_t nn,
		 const struct cmp_opts *o, struct cmp_result *r);
/* Holm's step-down correction over n results, then each verdict. */
void cmp__correct(struct cmp_result *r, size_t n, const struct cmp_opts *o);
const char *cmp__verdict_name(enum verdict v);

#endif
