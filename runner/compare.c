// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "compare.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void cmp_opts__init(struct cmp_opts *o)
{
	o->alpha = 0.05;
	o->threshold = 0.05;
	o->min_runs = 5;
	o->boot = 2000;
	o->seed = 1;
}

static double median(const double *x, size_t n)
{
	double *c = malloc(n * sizeof(double)), m;

	if (!c)
		abort();
	memcpy(c, x, n * sizeof(double));
	gsl_sort(c, 1, n);
	m = gsl_stats_median_from_sorted_data(c, 1, n);
	free(c);
	return m;
}

/*
 * Welch's t-test on the logs: latencies are multiplicative (a change is a
 * ratio) and right-skewed.  A rank test cannot reach p < alpha/m with five
 * runs a side once m cells are corrected for; this one can when the runs
 * agree, and says so when they do not.
 */
static double welch_p(const double *a, size_t na, const double *b, size_t nb)
{
	double *la = malloc(na * sizeof(double)), *lb = malloc(nb * sizeof(double));
	double ma, mb, va, vb, se, t, df;
	size_t i;

	if (!la || !lb)
		abort();
	for (i = 0; i < na; i++)
		la[i] = log(a[i]);
	for (i = 0; i < nb; i++)
		lb[i] = log(b[i]);
	ma = gsl_stats_mean(la, 1, na);
	mb = gsl_stats_mean(lb, 1, nb);
	va = gsl_stats_variance_m(la, 1, na, ma) / na;
	vb = gsl_stats_variance_m(lb, 1, nb, mb) / nb;
	free(la);
	free(lb);
	se = sqrt(va + vb);
	if (se == 0)
		return ma == mb ? 1.0 : 0.0;
	t = fabs(ma - mb) / se;
	df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
	return 2 * gsl_cdf_tdist_Q(t, df);
}

/* Percentile bootstrap of the ratio of medians, resampling runs on each side. */
static void bootstrap(const double *a, size_t na, const double *b, size_t nb,
		      const struct cmp_opts *o, double *lo, double *hi)
{
	double *ratios = malloc(o->boot * sizeof(double)), *ra = malloc(na * sizeof(double));
	double *rb = malloc(nb * sizeof(double));
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	unsigned int k;
	size_t i;

	if (!ratios || !ra || !rb || !rng)
		abort();
	gsl_rng_set(rng, o->seed);
	for (k = 0; k < o->boot; k++) {
		for (i = 0; i < na; i++)
			ra[i] = a[gsl_rng_uniform_int(rng, na)];
		for (i = 0; i < nb; i++)
			rb[i] = b[gsl_rng_uniform_int(rng, nb)];
		ratios[k] = median(rb, nb) / median(ra, na);
	}
	gsl_sort(ratios, 1, o->boot);
	*lo = gsl_stats_quantile_from_sorted_data(ratios, 1, o->boot, 0.025);
	*hi = gsl_stats_quantile_from_sorted_data(ratios, 1, o->boot, 0.975);
	gsl_rng_free(rng);
	free(ratios);
	free(ra);
	free(rb);
}

void cmp__metric(const double *base, size_t nb, const double *new, size_t nn,
		 const struct cmp_opts *o, struct cmp_result *r)
{
	memset(r, 0, sizeof(*r));
	r->n_base = nb;
	r->n_new = nn;
	r->p = r->p_adj = 1;
	r->ratio = r->ci_lo = r->ci_hi = NAN;
	if (!nb || !nn)
		return;
	r->base_median = median(base, nb);
	r->new_median = median(new, nn);
	r->ratio = r->base_median > 0 ? r->new_median / r->base_median : NAN;
	if (nb < 2 || nn < 2)
		return;
	r->p = welch_p(base, nb, new, nn);
	if (o->boot)	/* 0: no interval wanted (calibration's many trials) */
		bootstrap(base, nb, new, nn, o, &r->ci_lo, &r->ci_hi);
}

static int by_p(const void *a, const void *b)
{
	const struct cmp_result *x = *(struct cmp_result *const *)a;
	const struct cmp_result *y = *(struct cmp_result *const *)b;

	return x->p < y->p ? -1 : x->p > y->p;
}

void cmp__correct(struct cmp_result *r, size_t n, const struct cmp_opts *o)
{
	struct cmp_result **s = malloc((n ? n : 1) * sizeof(*s));
	double running = 0, adj;
	size_t i, m = 0;

	if (!s)
		abort();
	for (i = 0; i < n; i++)
		if (r[i].n_base >= o->min_runs && r[i].n_new >= o->min_runs)
			s[m++] = &r[i];
	qsort(s, m, sizeof(*s), by_p);
	for (i = 0; i < m; i++) {	/* Holm: p_(i) * (m - i), kept monotone */
		adj = s[i]->p * (double)(m - i);
		running = adj > running ? adj : running;
		s[i]->p_adj = running > 1 ? 1 : running;
	}
	for (i = 0; i < n; i++) {
		struct cmp_result *c = &r[i];

		if (c->n_base < o->min_runs || c->n_new < o->min_runs)
			c->verdict = V_NOT_ENOUGH;
		else if (c->p_adj < o->alpha && c->ratio > 1 + o->threshold)
			c->verdict = V_REGRESSED;
		else if (c->p_adj < o->alpha && c->ratio < 1 - o->threshold)
			c->verdict = V_IMPROVED;
		else
			c->verdict = V_UNCHANGED;
	}
	free(s);
}

const char *cmp__verdict_name(enum verdict v)
{
	static const char *const names[] = { "unchanged", "regressed", "improved",
					     "not enough data" };

	return names[v];
}
