// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench calibrate: the smallest slowdown this machine and these settings
 * detect 95 % of the time (the minimum detectable effect), per cell.
 *
 * From a pool of independent runs of one kernel (measured here, or given),
 * each trial splits the pool into two disjoint groups of min_runs runs,
 * plants a slowdown of s % in one cell of the "new" group, and runs the
 * whole comparison (every cell, Holm-corrected) as `compare --gate` would.
 * The module's calibration jobs plant the same multiplicative slowdown for
 * real (calibrate_slowdown), which the planted-regression control checks.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "gates.h"
#include "pool.h"
#include "util.h"

static const double steps_pct[] = { 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 100 };
#define NSTEPS (sizeof(steps_pct) / sizeof(steps_pct[0]))

/* Fraction of trials in which a slowdown of pct in row k is called. */
static double detection(struct row *rows, size_t n, size_t k, double pct, const struct gates *g,
			gsl_rng *rng, int trials, size_t pool)
{
	size_t *idx = malloc(pool * sizeof(size_t)), half = g->cmp.min_runs, i, j;
	struct cmp_result *rs = calloc(n, sizeof(*rs));
	double a[64], b[64];
	int t, hits = 0;

	for (i = 0; i < pool; i++)
		idx[i] = i;
	for (t = 0; t < trials; t++) {
		gsl_ran_shuffle(rng, idx, pool, sizeof(size_t));
		for (i = 0; i < n; i++) {
			for (j = 0; j < half; j++) {
				a[j] = rows[i].base[idx[j]];
				b[j] = rows[i].base[idx[half + j]] * (i == k ? 1 + pct / 100 : 1);
			}
			cmp__metric(a, half, b, half, &g->cmp, &rs[i]);
		}
		cmp__correct(rs, n, &g->cmp);
		if (pct > 0)
			hits += rs[k].verdict == V_REGRESSED;
		else	/* A/A: any call at all is a false alarm */
			for (i = 0; i < n; i++)
				if (rs[i].verdict != V_UNCHANGED) {
					hits++;
					break;
				}
	}
	free(idx);
	free(rs);
	return (double)hits / trials;
}

static void calibrate_usage(FILE *f)
{
	fprintf(f, "usage: vrbench calibrate [--kernel NAME] [--runs N] [--bench FILE] [--trials T]\n"
		   "       vrbench calibrate --from DIR|FILES...\n\n"
		   "Measure N independent runs (default 10, at least twice min_runs of\n"
		   "config/gates.ini) of the suite on NAME (default 7.3), or take them from DIR,\n"
		   "then find per cell the smallest slowdown that `compare --gate` calls in 95 %%\n"
		   "of T trials (default 200) of disjoint splits, and the A/A false alarm rate.\n");
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "runs", required_argument, NULL, 'r' },
		{ "bench", required_argument, NULL, 'b' }, { "trials", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	const char *kernel = "7.3", *bench = NULL, *from = NULL;
	int c, runs = 10, trials = 200, detected = 0;
	struct side pool = { 0 };
	struct row *rows = NULL;
	size_t nrows = 0, i, s, usable = 0;
	double *mde, aa;
	struct gates g;
	char err[512], *dir = NULL;
	gsl_rng *rng;

	while ((c = getopt_long(argc, argv, "k:r:b:t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kernel = optarg; break;
		case 'r': runs = atoi(optarg); break;
		case 'b': bench = optarg; break;
		case 't': trials = atoi(optarg); break;
		case 'f': from = optarg; break;
		case 'h': calibrate_usage(stdout); return 0;
		default: calibrate_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (gates__load(NULL, &g, err, sizeof(err))) {
		vrb_err("%s", err);
		return VRB_EXIT_USAGE;
	}
	g.cmp.boot = 0;
	if (runs < (int)(2 * g.cmp.min_runs) || runs > 64 || trials < 20) {
		vrb_err("calibrate needs --runs from %zu to 64 and --trials of at least 20",
			2 * g.cmp.min_runs);
		return VRB_EXIT_USAGE;
	}
	if (!from) {
		char stamp[32], *runs_s = vrb_fmt("%d", runs), *self = vrb_fmt("%s/vrbench", vrb_root());
		time_t now = time(NULL);
		int rc;

		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&now));
		dir = vrb_fmt("%s/results/calibrate-%s", vrb_root(), stamp);
		vrb_info("measuring %d runs of %s into %s", runs, kernel, dir);
		rc = vrb_run((char *[]){ self, "run", "--kernels", (char *)kernel, "--runs", runs_s,
					 "--output", dir, bench ? "--bench" : NULL, (char *)bench, NULL },
			     NULL);
		free(runs_s);
		free(self);
		if (rc)
			return rc == 130 ? 130 : VRB_EXIT_NOMEASURE;
		from = dir;
	}
	if (load_side(from, &pool))
		return VRB_EXIT_USAGE;
	collect(&pool, false, &rows, &nrows);
	if (pool.n < 2 * g.cmp.min_runs) {
		vrb_err("%s holds %zu runs; calibration needs at least %zu", from, pool.n,
			2 * g.cmp.min_runs);
		return VRB_EXIT_USAGE;
	}
	/* only rows measured in every run can be split */
	for (i = 0; i < nrows; i++)
		if (rows[i].nb == pool.n)
			rows[usable++] = rows[i];
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 1);
	mde = calloc(usable, sizeof(double));
	printf("%zu runs of %s, %zu cells, %d trials each: disjoint %zu-run splits, Holm over all cells\n\n",
	       pool.n, from, usable, trials, g.cmp.min_runs);
	printf("%-44s %s\n", "cell / step", "smallest slowdown called in 95 % of trials");
	for (i = 0; i < usable; i++) {
		mde[i] = INFINITY;
		for (s = 0; s < NSTEPS; s++) {
			if (detection(rows, usable, i, steps_pct[s], &g, rng, trials, pool.n) >= 0.95) {
				mde[i] = steps_pct[s];
				break;
			}
		}
		detected += isfinite(mde[i]);
		if (isfinite(mde[i]))
			printf("%-44s %.0f %%\n", rows[i].key, mde[i]);
		else
			printf("%-44s > %.0f %%\n", rows[i].key, steps_pct[NSTEPS - 1]);
	}
	aa = detection(rows, usable, 0, 0, &g, rng, trials, pool.n);
	gsl_sort(mde, 1, usable);
	printf("\nminimum detectable effect (p50, %zu runs a side, Holm at %.2f, threshold %.0f %%):\n"
	       "  best %.0f %%, median %.0f %%, cells detectable at all: %d of %zu\n"
	       "A/A false alarm rate (any call in a comparison of two halves of the pool): %.1f %%\n",
	       g.cmp.min_runs, g.cmp.alpha, g.cmp.threshold * 100, mde[0], mde[usable / 2],
	       detected, usable, 100 * aa);
	gsl_rng_free(rng);
	free(mde);
	free(dir);
	return 0;
}
