// SPDX-License-Identifier: GPL-2.0
#include "stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

void stats__summarize(const double *x, size_t n, struct summary *s)
{
	double *sorted, *work;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return;
	sorted = malloc(n * sizeof(double));
	work = malloc(n * sizeof(double));
	if (!sorted || !work)
		abort();
	memcpy(sorted, x, n * sizeof(double));
	gsl_sort(sorted, 1, n);
	s->min = sorted[0];
	s->max = sorted[n - 1];
	s->p50 = gsl_stats_median_from_sorted_data(sorted, 1, n);
	s->p90 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.90);
	s->p99 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.99);
	s->mean = gsl_stats_mean(sorted, 1, n);
	s->mad = gsl_stats_mad0(sorted, 1, n, work);
	s->cov = n > 1 && s->mean != 0 ? gsl_stats_sd_m(sorted, 1, n, s->mean) / s->mean : 0;
	free(sorted);
	free(work);
}

void stats__summarize_u64(const uint64_t *x, size_t n, struct summary *s)
{
	double *d = malloc((n ? n : 1) * sizeof(double));
	size_t i;

	if (!d)
		abort();
	for (i = 0; i < n; i++)
		d[i] = (double)x[i];
	stats__summarize(d, n, s);
	free(d);
}
