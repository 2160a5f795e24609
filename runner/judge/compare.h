/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comparing one latency metric between two sets of independent runs, and
 * correcting a family of such comparisons.  The run is the unit: each side
 * is one value per run (a run's median time for that cell and step).
 *
 * Three verdicts, as benchstat and asv print them:
 *   slower     the change is significantly larger than the threshold: the
 *              null "ratio <= 1 + threshold" is rejected (one-sided Welch t on
 *              logs), Holm-corrected across the family;
 *   faster     likewise for "ratio >= 1 - threshold";
 *   unchanged  the whole (1 - alpha) interval of the ratio (95 % at the default
 *              alpha) lies within 1 +- threshold (equivalence: the data show no
 *              change worth calling);
 *   ~          neither: not enough evidence either way.
 */
#ifndef VRB_COMPARE_H
#define VRB_COMPARE_H

#include <stddef.h>
#include <stdint.h>

enum cmp_verdict { CMP_UNCHANGED, CMP_REGRESSED, CMP_IMPROVED, CMP_UNDECIDED, CMP_NOT_ENOUGH };

/* The values come from config/gates.ini [latency], their one source (gates__load). */
struct cmp_opts {
	double alpha;		/* family-wise significance level */
	double threshold;	/* smallest change worth calling, as a ratio - 1 */
	size_t min_runs;	/* per side */
};

struct cmp_result {
	size_t n_base, n_new;
	double base_median, new_median;	/* of the run values, for the reader */
	double ratio;		/* new / base: the ratio of geometric means */
	double ci_lo, ci_hi;	/* its 95 % interval (Welch t on logs), as shown */
	double eq_lo, eq_hi;	/* its (1 - alpha) interval: "unchanged" when inside */
	double t, df;		/* Welch's t of the log difference, and its degrees of freedom */
	double p_slower;	/* one-sided, null: ratio <= 1 + threshold */
	double p_faster;	/* one-sided, null: ratio >= 1 - threshold */
	double p_slower_adj, p_faster_adj;	/* after Holm across the family */
	enum cmp_verdict verdict;
};

/* Explicit options (tests, calibration trials); commands take them from gates__load(). */
void cmp_opts__init(struct cmp_opts *o, double alpha, double threshold, size_t min_runs);
/* Compare one metric; fills everything but the adjusted p-values and the verdict. */
void cmp__metric(const double *base, size_t nb, const double *new, size_t nn,
		 const struct cmp_opts *o, struct cmp_result *r);
/* Holm's step-down correction over the n results (each direction), then each verdict. */
void cmp__correct(struct cmp_result *r, size_t n, const struct cmp_opts *o);
/* Holm's adjusted p-values of p[0..n) into adj (monotone, capped at 1). */
void cmp__holm(const double *p, size_t n, double *adj);
/* "unchanged", "slower", "faster", "~", "not enough data" */
const char *cmp__verdict_name(enum cmp_verdict v);
/* The p-value that goes with the verdict's direction (the smaller side otherwise). */
double cmp__p_shown(const struct cmp_result *r);

#endif
