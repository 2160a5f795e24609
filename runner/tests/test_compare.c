// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the comparison statistics (runner/compare.c) on seeded
 * synthetic runs: lognormal run medians, 3 % run-to-run spread (more than
 * the 1-2 % seen between boots under TCG here).
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "compare.h"

#define SPREAD 0.03

static void draw(gsl_rng *rng, double center, double *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = center * exp(gsl_ran_gaussian(rng, SPREAD));
}

static void equal_not_called(void **state)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct cmp_result r;
	struct cmp_opts o;
	double a[5], b[5];

	(void)state;
	cmp_opts__init(&o);
	gsl_rng_set(rng, 42);
	draw(rng, 1000, a, 5);
	draw(rng, 1000, b, 5);
	cmp__metric(a, 5, b, 5, &o, &r);
	cmp__correct(&r, 1, &o);
	assert_int_equal(r.verdict, V_UNCHANGED);
	assert_true(r.ci_lo < 1 && r.ci_hi > 1);
	gsl_rng_free(rng);
}

/* A 10 % slowdown with the default 5 runs a side is called, in nearly every trial. */
static void ten_percent_called(void **state)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct cmp_result r;
	struct cmp_opts o;
	double a[5], b[5];
	int t, called = 0;

	(void)state;
	cmp_opts__init(&o);
	gsl_rng_set(rng, 7);
	for (t = 0; t < 100; t++) {
		draw(rng, 1000, a, o.min_runs);
		draw(rng, 1100, b, o.min_runs);
		o.seed = t + 1;
		cmp__metric(a, 5, b, 5, &o, &r);
		cmp__correct(&r, 1, &o);
		called += r.verdict == V_REGRESSED;
		if (t == 0) {
			assert_true(r.ratio > 1.05 && r.ratio < 1.15);
			assert_true(r.ci_lo > 1.0 && r.ci_hi < 1.25);
		}
	}
	if (called < 95)
		fail_msg("a 10 %% shift was called in %d of 100 trials", called);
	gsl_rng_free(rng);
}

/* 500 equal cells: corrected, at most one call; uncorrected, many. */
static void many_cells_corrected(void **state)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct cmp_result *r = calloc(500, sizeof(*r));
	struct cmp_opts o;
	double a[5], b[5];
	int i, raw = 0, corrected = 0;

	(void)state;
	cmp_opts__init(&o);
	o.threshold = 0;	/* count every significant call, however small */
	o.boot = 50;		/* the bootstrap plays no part in the verdict */
	gsl_rng_set(rng, 2026);
	for (i = 0; i < 500; i++) {
		draw(rng, 1000, a, 5);
		draw(rng, 1000, b, 5);
		cmp__metric(a, 5, b, 5, &o, &r[i]);
		raw += r[i].p < o.alpha;
	}
	cmp__correct(r, 500, &o);
	for (i = 0; i < 500; i++)
		corrected += r[i].verdict != V_UNCHANGED;
	if (corrected > 1 || raw <= 5)
		fail_msg("corrected false positives %d (want <= 1), uncorrected %d (want > 5)",
			 corrected, raw);
	free(r);
	gsl_rng_free(rng);
}

static void too_few_runs(void **state)
{
	double a[3] = { 1, 1.1, 0.9 }, b[3] = { 2, 2.1, 1.9 };
	struct cmp_result r;
	struct cmp_opts o;

	(void)state;
	cmp_opts__init(&o);
	cmp__metric(a, 3, b, 3, &o, &r);
	cmp__correct(&r, 1, &o);
	assert_int_equal(r.verdict, V_NOT_ENOUGH);
	assert_true(r.ratio > 1.9 && r.ratio < 2.1);	/* the effect is still reported */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_not_called),
		cmocka_unit_test(ten_percent_called),
		cmocka_unit_test(many_cells_corrected),
		cmocka_unit_test(too_few_runs),
	};

	return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
