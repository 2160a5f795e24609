/* SPDX-License-Identifier: GPL-2.0 */
/* Summaries of a sample (GSL does the quantiles and deviations). */
#ifndef VRB_STATS_H
#define VRB_STATS_H

#include <stddef.h>
#include <stdint.h>

struct summary {
	size_t n;
	double min, p50, p90, p99, max;
	double mean;
	double mad;	/* median absolute deviation, unscaled */
	double cov;	/* coefficient of variation: sd / mean (0 for n < 2) */
};

/* Summarize n values; n == 0 gives all zeros.  Quantiles interpolate (GSL). */
void stats__summarize(const double *x, size_t n, struct summary *s);
/* The same over integer nanoseconds, e.g. a module step's samples. */
void stats__summarize_u64(const uint64_t *x, size_t n, struct summary *s);

#endif
