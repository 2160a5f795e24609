// SPDX-License-Identifier: GPL-2.0
/*
 * vrbench calibrate: the smallest slowdown this machine and these settings
 * detect, per cell (the minimum detectable effect), and how often the gate
 * fails when nothing changed (the A/A rate).
 *
 * From a pool of independent runs of one kernel, taken in several sessions
 * (measured here, or given as directories), each trial splits the pool into
 * two disjoint groups of min_runs runs, plants a slowdown of s % in one cell
 * of the "new" group, and runs the whole comparison (every cell,
 * Holm-corrected) as `compare --gate` would.  The detection rate comes with
 * its Clopper-Pearson lower bound, so "95 %" is not the luck of a few trials.
 * The module's calibration jobs plant the same multiplicative slowdown for
 * real (calibrate_slowdown), which the planted-regression control checks.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "noise.h"
#include "exact.h"
#include "gates.h"
#include "pool.h"
#include "util.h"

static const double steps_pct[] = { 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 100 };
#define NSTEPS (sizeof(steps_pct) / sizeof(steps_pct[0]))
#define MAX_POOL 256

/* One trial: split the pool, plant pct in row k (k = nlat: none); the gate's outcome. */
static int trial(const struct pool_rows *p, size_t k, double pct, const struct gates *g,
		 gsl_rng *rng, size_t *idx, struct cmp_result *rs)
{
	size_t half = g->cmp.min_runs, i, j;
	double a[MAX_POOL], b[MAX_POOL];
	long ea[MAX_POOL], eb[MAX_POOL];

	gsl_ran_shuffle(rng, idx, p->runs, sizeof(size_t));
	for (i = 0; i < p->nlat; i++) {
		for (j = 0; j < half; j++) {
			a[j] = p->lat[i]->base[idx[j]];
			b[j] = p->lat[i]->base[idx[half + j]] * (i == k ? 1 + pct / 100 : 1);
		}
		cmp__metric(a, half, b, half, &g->cmp, &rs[i]);
	}
	cmp__correct(rs, p->nlat, &g->cmp);
	if (k < p->nlat)
		return rs[k].verdict == CMP_REGRESSED;
	for (i = 0; i < p->nlat; i++)	/* A/A: anything that fails the gate */
		if (rs[i].verdict == CMP_REGRESSED)
			return 1;
	for (i = 0; i < p->nex; i++) {
		for (j = 0; j < half; j++) {
			ea[j] = p->ex[i]->base[idx[j]];
			eb[j] = p->ex[i]->base[idx[half + j]];
		}
		if (exact__judge(ea, half, eb, half, p->allow[i]) > 0)
			return 1;
	}
	return 0;
}

static int hits(const struct pool_rows *p, size_t k, double pct, const struct gates *g,
		gsl_rng *rng, int trials)
{
	size_t *idx = malloc(p->runs * sizeof(size_t)), i;
	struct cmp_result *rs = calloc(p->nlat + 1, sizeof(*rs));
	int t, h = 0;

	for (i = 0; i < p->runs; i++)
		idx[i] = i;
	for (t = 0; t < trials; t++)
		h += trial(p, k, pct, g, rng, idx, rs);
	free(idx);
	free(rs);
	return h;
}

/* One-sided 95 % Clopper-Pearson upper bound of a rate of x in n. */
static double cp_upper(int x, int n)
{
	return x == n ? 1 : gsl_cdf_beta_Pinv(0.95, x + 1, n - x);
}

static void calibrate_usage(FILE *f)
{
	fprintf(f, "usage: vrbench calibrate [--kernel NAME] [--runs N] [--sessions S] [--bench FILE]\n"
		   "                         [--trials T]\n"
		   "       vrbench calibrate [--trials T] --from DIR [--from DIR...]\n\n"
		   "Measure N independent runs (default and minimum: 4 x min_runs of\n"
		   "config/gates.ini) of the suite on NAME (default 7.3) in S sessions (default 2),\n"
		   "or take them from the DIRs (runs from one session only are refused), then find\n"
		   "per cell the smallest slowdown that `compare --gate` calls in 95 %% of T trials\n"
		   "(default 200, at least 100) of disjoint splits, with the rate's 95 %% lower\n"
		   "bound, and the A/A rate: trials in which the gate fails (latency, memory,\n"
		   "moves, errors) with nothing changed.\n");
}

/* How many distinct run.session values the pool holds. */
static size_t sessions_in(const struct side *s)
{
	const char *seen[MAX_POOL];
	size_t i, j, n = 0;

	for (i = 0; i < s->n && n < MAX_POOL; i++) {
		const char *v = json_string_value(json_object_get(json_object_get(s->runs[i], "run"),
								  "session"));

		for (j = 0; v && j < n && strcmp(seen[j], v); j++)
			;
		if (v && j == n)
			seen[n++] = v;
	}
	return n;
}

static int measure_pool(const char *kernel, const char *bench, int runs, int sessions,
			char ***dirs, int *ndirs)
{
	char stamp[32], *self = vrb_fmt("%s", vrb_self()), *runs_s;
	int s, rc = 0;

	vrb_stamp(stamp, sizeof(stamp));
	*dirs = calloc(sessions, sizeof(char *));
	for (s = 0; s < sessions && !rc; s++) {
		runs_s = vrb_fmt("%d", runs / sessions + (s < runs % sessions));
		(*dirs)[s] = vrb_fmt("%s/calibrate-%s/session%d", vrb_results_root(), stamp, s + 1);
		vrb_info("session %d of %d: measuring %s runs of %s into %s", s + 1, sessions, runs_s,
			 kernel, (*dirs)[s]);
		rc = vrb_run((char *[]){ self, "run", "--kernels", (char *)kernel, "--runs", runs_s,
					 "--output", (*dirs)[s], bench ? "--bench" : NULL,
					 (char *)bench, NULL }, NULL);
		free(runs_s);
	}
	*ndirs = s;
	free(self);
	return rc;
}

static int load_pool(char **dirs, int ndirs, struct side *pool)
{
	struct side part;
	int d;
	size_t i;

	for (d = 0; d < ndirs; d++) {
		memset(&part, 0, sizeof(part));
		if (side__load(dirs[d], &part))
			return -1;
		for (i = 0; i < part.n; i++) {
			pool->runs = realloc(pool->runs, (pool->n + 1) * sizeof(*pool->runs));
			pool->paths = realloc(pool->paths, (pool->n + 1) * sizeof(*pool->paths));
			pool->runs[pool->n] = json_incref(part.runs[i]);
			pool->paths[pool->n++] = strdup(part.paths[i]);
		}
		side__free(&part);
	}
	pool->label = strdup(dirs[0]);
	return 0;
}

/* The rows and metrics every run of the pool has: only those can be split. */
static void pool_rows__init(struct pool_rows *p, struct pool_row *rows, size_t nrows,
			    const struct gates *g, size_t runs)
{
	size_t i, j;

	memset(p, 0, sizeof(*p));
	p->runs = runs;
	p->lat = calloc(nrows + 1, sizeof(*p->lat));
	for (i = 0; i < nrows; i++) {
		if (rows[i].step >= 0 && rows[i].nb == runs)
			p->lat[p->nlat++] = &rows[i];
		for (j = 0; j < rows[i].nexact; j++) {
			if (rows[i].exact[j].nb != runs)
				continue;
			p->ex = realloc(p->ex, (p->nex + 1) * sizeof(*p->ex));
			p->allow = realloc(p->allow, (p->nex + 1) * sizeof(long));
			p->allow[p->nex] = gates__allowance(g, rows[i].exact[j].name);
			p->ex[p->nex++] = &rows[i].exact[j];
		}
	}
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "runs", required_argument, NULL, 'r' },
		{ "sessions", required_argument, NULL, 's' },
		{ "bench", required_argument, NULL, 'b' }, { "trials", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' }, { 0 }
	};
	const char *kernel = "7.3", *bench = NULL;
	int c, runs = 0, sessions = 2, trials = 200, detected = 0, ndirs = 0, h, aa;
	char **dirs = NULL, err[512];
	struct side pool = { 0 };
	struct pool_rows p;
	struct pool_row *rows = NULL;
	size_t nrows = 0, i, s, need;
	double *mde;
	int *det;
	struct gates g;
	gsl_rng *rng;

	while ((c = getopt_long(argc, argv, "k:r:s:b:t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kernel = optarg; break;
		case 'r': runs = atoi(optarg); break;
		case 's': sessions = atoi(optarg); break;
		case 'b': bench = optarg; break;
		case 't': trials = atoi(optarg); break;
		case 'f':
			dirs = realloc(dirs, (ndirs + 1) * sizeof(*dirs));
			dirs[ndirs++] = optarg;
			break;
		case 'h': calibrate_usage(stdout); return 0;
		default: calibrate_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (gates__load(NULL, &g, err, sizeof(err))) {
		vrb_err("%s", err);
		return VRB_EXIT_USAGE;
	}
	need = 4 * g.cmp.min_runs;
	if (!runs)
		runs = (int)need;
	if (runs < (int)need || runs > MAX_POOL || trials < 100 || sessions < 2 ||
	    sessions > runs / (int)g.cmp.min_runs) {
		vrb_err("calibrate needs --runs from %zu (4 x min_runs) to %d, --sessions from 2 to "
			"runs / min_runs, and --trials of at least 100", need, MAX_POOL);
		return VRB_EXIT_USAGE;
	}
	if (!ndirs) {
		int rc = measure_pool(kernel, bench, runs, sessions, &dirs, &ndirs);

		if (rc)
			return rc == 130 ? 130 : VRB_EXIT_NOMEASURE;
	}
	if (load_pool(dirs, ndirs, &pool))
		return VRB_EXIT_USAGE;
	if (pool.n < need || pool.n > MAX_POOL) {
		vrb_err("the pool holds %zu runs; calibration needs %zu to %d (4 x min_runs: splits "
			"of fewer runs repeat themselves)", pool.n, need, MAX_POOL);
		return VRB_EXIT_USAGE;
	}
	if (sessions_in(&pool) < 2) {
		vrb_err("the pool's %zu runs come from one session: drift between sessions would not "
			"show; add runs from another session (--from DIR --from DIR2)", pool.n);
		return VRB_EXIT_USAGE;
	}
	rows__collect(&pool, false, &rows, &nrows);
	pool_rows__init(&p, rows, nrows, &g, pool.n);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 1);
	mde = calloc(p.nlat + 1, sizeof(double));
	printf("%zu runs (%zu sessions), %zu latency cells, %zu exact metrics, %d trials each:\n"
	       "disjoint %zu-run splits, Holm over all cells, threshold %.0f %%\n\n", pool.n,
	       sessions_in(&pool), p.nlat, p.nex, trials, g.cmp.min_runs, g.cmp.threshold * 100);
	det = calloc(p.nlat + 1, sizeof(int));
	for (i = 0; i < p.nlat; i++) {
		mde[i] = INFINITY;
		for (s = 0, h = 0; s < NSTEPS; s++) {
			h = hits(&p, i, steps_pct[s], &g, rng, trials);
			if (h >= 0.95 * trials) {
				mde[i] = steps_pct[s];
				break;
			}
		}
		det[i] = h;
		detected += isfinite(mde[i]);
	}
	noise__print(&p, mde, det, trials);
	aa = hits(&p, p.nlat, 0, &g, rng, trials);
	gsl_sort(mde, 1, p.nlat);
	printf("\nminimum detectable effect (p50, %zu runs a side): best %.0f %%, median %.0f %%, "
	       "90th percentile %.0f %%; detectable at all: %d of %zu cells\n"
	       "A/A: the gate failed in %d of %d trials with nothing changed (%.1f %%, 95 %% upper "
	       "bound %.1f %%)\n", g.cmp.min_runs, mde[0], mde[p.nlat / 2],
	       mde[(size_t)(0.9 * (p.nlat - 1))], detected, p.nlat, aa, trials,
	       100.0 * aa / trials, 100 * cp_upper(aa, trials));
	gsl_rng_free(rng);
	free(mde);
	free(det);
	return 0;
}
