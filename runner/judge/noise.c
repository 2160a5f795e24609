// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "noise.h"
#include "stats.h"
#include "util.h"

static double row_cov(const struct pool_row *r)
{
	struct summary s;

	stats__summarize(r->base, r->nb, &s);
	return s.cov;
}

/*
 * The widest gap between neighbouring sorted values splits them in two: when
 * it holds most of the range, the row has modes (a discrete event some runs
 * pay), and the smaller group says how often; otherwise the spread is even.
 */
void noise__shape(const double *v, size_t n, char *buf, size_t len)
{
	double *s = malloc(n * sizeof(double)), gap = 0, range;
	size_t i, at = 0, hi;

	memcpy(s, v, n * sizeof(double));
	gsl_sort(s, 1, n);
	range = s[n - 1] - s[0];
	for (i = 1; i < n; i++)
		if (s[i] - s[i - 1] > gap) {
			gap = s[i] - s[i - 1];
			at = i;
		}
	hi = n - at;
	if (n < 3 || range <= 0) {
		snprintf(buf, len, "-");
	} else if (gap >= 0.6 * range && hi <= at) {
		snprintf(buf, len, "%zu of %zu runs +%.0f %% (one event some runs pay)", hi, n,
			 100 * (s[at] / s[at - 1] - 1));
	} else if (gap >= 0.6 * range) {
		snprintf(buf, len, "%zu of %zu runs -%.0f %% (an event most runs pay)", at, n,
			 100 * (1 - s[at - 1] / s[at]));
	} else {
		snprintf(buf, len, "spread evenly, %.0f %% min to max", 100 * range / s[0]);
	}
	free(s);
}

/* One-sided 95 % Clopper-Pearson lower bound of a rate of x in n. */
static double cp_lower(int x, int n)
{
	return x == 0 ? 0 : gsl_cdf_beta_Pinv(0.05, x, n - x + 1);
}

static int over_target(const struct pool_row *r, double mde)
{
	return row_cov(r) > NOISE_TARGET_COV || !(mde <= NOISE_TARGET_MDE);
}

static const struct pool_rows *sort_p;
static const double *sort_mde;

/* over target first, worst CoV first; the rest in suite order */
static int by_noise(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int oi = over_target(sort_p->lat[i], sort_mde[i]), oj = over_target(sort_p->lat[j],
									    sort_mde[j]);
	double ci = row_cov(sort_p->lat[i]), cj = row_cov(sort_p->lat[j]);

	if (oi != oj)
		return oj - oi;
	if (oi && ci != cj)
		return ci < cj ? 1 : -1;
	return i < j ? -1 : i > j;
}

void noise__print(const struct pool_rows *p, const double *mde, const int *det, int trials)
{
	size_t *order = malloc((p->nlat + 1) * sizeof(size_t)), i, k, over = 0;
	char shape[96], m[32];

	for (i = 0; i < p->nlat; i++)
		order[i] = i;
	sort_p = p;
	sort_mde = mde;
	qsort(order, p->nlat, sizeof(size_t), by_noise);
	for (i = 0; i < p->nlat; i++)
		over += over_target(p->lat[i], mde[i]);
	printf("%zu of %zu rows over target (run-to-run CoV of the p50 above %.0f %%, or MDE above "
	       "%.0f %%), listed first:\n\n", over, p->nlat, 100 * NOISE_TARGET_COV,
	       NOISE_TARGET_MDE);
	printf("%-46s %7s %-7s %-20s %s\n", "cell #step op sizes", "CoV", "MDE",
	       "detected (95 % low)", "the runs' p50");
	for (k = 0; k < p->nlat; k++) {
		const struct pool_row *r = p->lat[order[k]];

		i = order[k];
		if (k == over && over)
			printf("%-46s\n", "-- on target --");
		if (isfinite(mde[i]))
			snprintf(m, sizeof(m), "%.0f %%", mde[i]);
		else
			snprintf(m, sizeof(m), "> 100 %%");
		noise__shape(r->base, r->nb, shape, sizeof(shape));
		printf("%-46s %5.2f %% %-7s %3d/%d (%4.1f %%)%*s %s\n", r->key, 100 * row_cov(r), m,
		       det[i], trials, 100 * cp_lower(det[i], trials), trials < 1000 ? 2 : 1, "",
		       over_target(r, mde[i]) ? shape : "");
	}
	free(order);
}
