// SPDX-License-Identifier: GPL-2.0
/*
 * Adaptive runs (runner/judge/looks.c) must not raise the false-call rate above
 * alpha.  Simulated sequences, each judged as `vrbench ci` judges: look at
 * min_runs a side, and while rows stay "~" add step runs a side and judge every
 * row again on all runs, until the gate decides or the planned looks run out.
 *
 * The false call counted is "slower" for a row whose true ratio is exactly
 * 1 + threshold: the null of the slower test ("ratio <= 1 + threshold") holds
 * there with equality, which is where a test's false-call rate is largest (an
 * A/A row, ratio 1, is far inside the null: it is counted too).  A sequence that
 * ends on exit 1 (any row slower) is a false call.  The same sequences judged
 * with every look at the full alpha (no spending: the fault this guards against)
 * must show the inflation, so the test could fail.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "compare.h"
#include "looks.h"

#define ROWS 8			/* rows at the null's boundary */
#define MAX_RUNS 15
#define SEQUENCES 4000
#define SPREAD 0.01		/* run-to-run sd of log(p50): 1 %, a noisy row here */

struct sim {
	double threshold, alpha;
	double ratio;		/* every row's true new / base */
	bool spend;		/* alpha / looks at each look (false: the fault) */
};

/* One sequence: 1 when it ends with a row called slower. */
static int sim__sequence(const struct sim *s, const struct looks *l, gsl_rng *rng)
{
	double base[ROWS][MAX_RUNS], new[ROWS][MAX_RUNS];
	struct cmp_result r[ROWS];
	struct cmp_opts o;
	size_t have = 0, n, i, k, undecided;
	unsigned int look;
	int gate = 125;

	cmp_opts__init(&o, s->spend ? looks__alpha(l, s->alpha) : s->alpha, s->threshold,
		       l->first);
	for (look = 1; look <= l->count; look++) {
		n = looks__runs_at(l, look);
		for (i = 0; i < ROWS; i++)
			for (k = have; k < n; k++) {
				base[i][k] = 1000 * exp(gsl_ran_gaussian(rng, SPREAD));
				new[i][k] = 1000 * s->ratio * exp(gsl_ran_gaussian(rng, SPREAD));
			}
		have = n;
		for (i = 0; i < ROWS; i++)
			cmp__metric(base[i], n, new[i], n, &o, &r[i]);
		cmp__correct(r, ROWS, &o);
		gate = 0;
		undecided = 0;
		for (i = 0; i < ROWS; i++) {
			if (r[i].verdict == CMP_REGRESSED)
				gate = 1;
			undecided += r[i].verdict == CMP_UNDECIDED;
		}
		if (!gate && undecided)
			gate = 125;
		if (!looks__again(l, look, gate, undecided))
			break;
	}
	return gate == 1;
}

static int sim__false_calls(const struct sim *s, unsigned long seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct looks l;
	int calls = 0, i;

	gsl_rng_set(rng, seed);
	looks__plan(&l, 5, 5, MAX_RUNS);
	for (i = 0; i < SEQUENCES; i++)
		calls += sim__sequence(s, &l, rng);
	gsl_rng_free(rng);
	return calls;
}

/* One-sided 95 % Clopper-Pearson bounds of a rate of x in n. */
static double cp_upper(int x, int n)
{
	return x == n ? 1 : gsl_cdf_beta_Pinv(0.95, x + 1, n - x);
}

static double cp_lower(int x, int n)
{
	return x == 0 ? 0 : gsl_cdf_beta_Pinv(0.05, x, n - x + 1);
}

static void plan_counts_looks(void **state)
{
	struct looks l;

	(void)state;
	looks__plan(&l, 5, 5, 15);
	assert_int_equal(l.count, 3);
	assert_int_equal(looks__runs_at(&l, 1), 5);
	assert_int_equal(looks__runs_at(&l, 3), 15);
	assert_true(fabs(looks__alpha(&l, 0.05) - 0.05 / 3) < 1e-15);
	looks__plan(&l, 5, 5, 12);	/* the last step is short: 5, 10, 12 */
	assert_int_equal(l.count, 3);
	assert_int_equal(looks__runs_at(&l, 3), 12);
	looks__plan(&l, 5, 5, 5);	/* no room: one look, the whole alpha */
	assert_int_equal(l.count, 1);
	assert_true(looks__alpha(&l, 0.05) == 0.05);
	assert_false(looks__again(&l, 1, 125, 3));
	looks__plan(&l, 5, 5, 15);
	assert_true(looks__again(&l, 1, 125, 3));
	assert_false(looks__again(&l, 1, 125, 0));	/* undecided, but not by "~" rows */
	assert_false(looks__again(&l, 1, 1, 3));	/* a regression is an answer */
	assert_false(looks__again(&l, 3, 125, 3));	/* no look left */
}

static void spending_keeps_false_calls_within_alpha(void **state)
{
	struct sim boundary = { .threshold = 0.02, .alpha = 0.05, .ratio = 1.02, .spend = true };
	struct sim aa = { .threshold = 0.02, .alpha = 0.05, .ratio = 1.0, .spend = true };
	struct sim peeking = boundary;
	int spent, naive, calls_aa;

	(void)state;
	peeking.spend = false;
	spent = sim__false_calls(&boundary, 1);
	naive = sim__false_calls(&peeking, 1);
	calls_aa = sim__false_calls(&aa, 2);
	printf("# %d sequences of up to 3 looks (5, 10, 15 runs a side), %d rows at ratio 1.02:\n"
	       "#   alpha / 3 at each look: %d false calls (%.2f %%, 95 %% upper %.2f %%)\n"
	       "#   alpha at each look:     %d false calls (%.2f %%, 95 %% lower %.2f %%)\n"
	       "#   A/A (ratio 1), alpha / 3: %d false calls\n", SEQUENCES, ROWS, spent,
	       100.0 * spent / SEQUENCES, 100 * cp_upper(spent, SEQUENCES), naive,
	       100.0 * naive / SEQUENCES, 100 * cp_lower(naive, SEQUENCES), calls_aa);
	assert_true(cp_upper(spent, SEQUENCES) <= 0.05);
	assert_true(cp_upper(calls_aa, SEQUENCES) <= 0.05);
	/* the fault is visible: peeking at the full alpha exceeds it */
	assert_true(cp_lower(naive, SEQUENCES) > 0.05);
}

/* Spending alpha must not cost the gate its point: a 5 % slowdown is found. */
static void spending_still_finds_a_slowdown(void **state)
{
	struct sim planted = { .threshold = 0.02, .alpha = 0.05, .ratio = 1.05, .spend = true };
	int found;

	(void)state;
	found = sim__false_calls(&planted, 3);	/* here a call is right */
	printf("# ratio 1.05 in every row: called in %d of %d sequences\n", found, SEQUENCES);
	assert_true(cp_lower(found, SEQUENCES) >= 0.95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plan_counts_looks),
		cmocka_unit_test(spending_keeps_false_calls_within_alpha),
		cmocka_unit_test(spending_still_finds_a_slowdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
