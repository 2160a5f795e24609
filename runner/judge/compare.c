// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include "compare.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void cmp_opts__init(struct cmp_opts *o, double alpha, double threshold, size_t min_runs)
{
	o->alpha = alpha;
	o->threshold = threshold;
	o->min_runs = min_runs;
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

/* Mean and variance of the mean of log(x). */
static void log_moments(const double *x, size_t n, double *mean, double *var_of_mean)
{
	double *l = malloc(n * sizeof(double));
	size_t i;

	if (!l)
		abort();
	for (i = 0; i < n; i++)
		l[i] = log(x[i]);
	*mean = gsl_stats_mean(l, 1, n);
	*var_of_mean = gsl_stats_variance_m(l, 1, n, *mean) / n;
	free(l);
}

/*
 * Welch's t on the logs: latencies are multiplicative (a change is a ratio)
 * and right-skewed.  A rank test cannot reach p < alpha/m with five runs a
 * side once m cells are corrected for; this one can when the runs agree, and
 * says so when they do not.  The one-sided tests shift the null to the
 * threshold, so "slower" means "slower by more than the threshold", with
 * evidence, not "slower than equal, and past the threshold by luck".
 */
static void welch(const double *a, size_t na, const double *b, size_t nb,
		  const struct cmp_opts *o, struct cmp_result *r)
{
	double ma, mb, va, vb, se, d, q, qe, up = log1p(o->threshold);
	double down = o->threshold < 1 ? log1p(-o->threshold) : -INFINITY;

	log_moments(a, na, &ma, &va);
	log_moments(b, nb, &mb, &vb);
	d = mb - ma;
	se = sqrt(va + vb);
	r->ratio = exp(d);
	if (se == 0) {	/* identical runs on each side: the difference is exact */
		r->t = d == 0 ? 0 : copysign(INFINITY, d);
		r->df = (double)(na + nb - 2);
		r->ci_lo = r->ci_hi = r->eq_lo = r->eq_hi = r->ratio;
		r->p_slower = d > up ? 0 : 1;
		r->p_faster = d < down ? 0 : 1;
		return;
	}
	r->t = d / se;
	r->df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
	q = gsl_cdf_tdist_Pinv(0.975, r->df);
	r->ci_lo = exp(d - q * se);
	r->ci_hi = exp(d + q * se);
	/* the interval "unchanged" is decided on: 95 % at alpha 0.05, wider when
	 * alpha is split across looks (looks.h)
	 */
	qe = gsl_cdf_tdist_Pinv(1 - o->alpha / 2, r->df);
	r->eq_lo = exp(d - qe * se);
	r->eq_hi = exp(d + qe * se);
	r->p_slower = gsl_cdf_tdist_Q((d - up) / se, r->df);
	r->p_faster = gsl_cdf_tdist_P((d - down) / se, r->df);
}

void cmp__metric(const double *base, size_t nb, const double *new, size_t nn,
		 const struct cmp_opts *o, struct cmp_result *r)
{
	memset(r, 0, sizeof(*r));
	r->n_base = nb;
	r->n_new = nn;
	r->p_slower = r->p_faster = r->p_slower_adj = r->p_faster_adj = 1;
	r->ratio = r->ci_lo = r->ci_hi = r->eq_lo = r->eq_hi = r->t = r->df = NAN;
	r->verdict = CMP_NOT_ENOUGH;
	if (!nb || !nn)
		return;
	r->base_median = median(base, nb);
	r->new_median = median(new, nn);
	r->ratio = r->base_median > 0 ? r->new_median / r->base_median : NAN;
	if (nb < 2 || nn < 2)
		return;
	welch(base, nb, new, nn, o, r);
}

static const double *holm_p;

static int by_holm_p(const void *a, const void *b)
{
	double x = holm_p[*(const size_t *)a], y = holm_p[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

void cmp__holm(const double *p, size_t n, double *adj)
{
	size_t *order = malloc((n ? n : 1) * sizeof(*order)), i;
	double running = 0, a;

	if (!order)
		abort();
	for (i = 0; i < n; i++)
		order[i] = i;
	holm_p = p;
	qsort(order, n, sizeof(*order), by_holm_p);
	for (i = 0; i < n; i++) {	/* p_(i) * (m - i), never below an earlier one */
		a = p[order[i]] * (double)(n - i);
		running = a > running ? a : running;
		adj[order[i]] = running > 1 ? 1 : running;
	}
	free(order);
}

static bool decidable(const struct cmp_result *r, const struct cmp_opts *o)
{
	return r->n_base >= o->min_runs && r->n_new >= o->min_runs && !isnan(r->t);
}

void cmp__correct(struct cmp_result *r, size_t n, const struct cmp_opts *o)
{
	double *ps = calloc(n + 1, sizeof(double)), *pf = calloc(n + 1, sizeof(double));
	double *as = calloc(n + 1, sizeof(double)), *af = calloc(n + 1, sizeof(double));
	size_t i, m = 0;

	if (!ps || !pf || !as || !af)
		abort();
	for (i = 0; i < n; i++)
		if (decidable(&r[i], o)) {
			ps[m] = r[i].p_slower;
			pf[m++] = r[i].p_faster;
		}
	cmp__holm(ps, m, as);
	cmp__holm(pf, m, af);
	for (i = 0, m = 0; i < n; i++) {
		struct cmp_result *c = &r[i];

		if (!decidable(c, o)) {
			c->verdict = CMP_NOT_ENOUGH;
			continue;
		}
		c->p_slower_adj = as[m];
		c->p_faster_adj = af[m++];
		if (c->p_slower_adj < o->alpha)
			c->verdict = CMP_REGRESSED;
		else if (c->p_faster_adj < o->alpha)
			c->verdict = CMP_IMPROVED;
		else if (c->eq_lo >= 1 - o->threshold && c->eq_hi <= 1 + o->threshold)
			c->verdict = CMP_UNCHANGED;
		else
			c->verdict = CMP_UNDECIDED;
	}
	free(ps);
	free(pf);
	free(as);
	free(af);
}

const char *cmp__verdict_name(enum cmp_verdict v)
{
	static const char *const names[] = { "unchanged", "slower", "faster", "~",
					     "not enough data" };

	return names[v];
}

double cmp__p_shown(const struct cmp_result *r)
{
	if (r->verdict == CMP_REGRESSED)
		return r->p_slower_adj;
	if (r->verdict == CMP_IMPROVED)
		return r->p_faster_adj;
	return r->p_slower_adj < r->p_faster_adj ? r->p_slower_adj : r->p_faster_adj;
}
