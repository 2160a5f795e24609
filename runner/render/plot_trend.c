// SPDX-License-Identifier: GPL-2.0
/*
 * The trend figure: each side judged against the first, in order, with the
 * pages each keeps after shrinking 256K to 16K, and the first one the gate
 * fails marked: what a bisection or a series of kernels looks like at once.
 */
#define _GNU_SOURCE
#include "plot.h"
#include "plot_internal.h"
#include "util.h"

#include <errno.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* median of resident_pages_after of one step over a side's runs */
static double resident_median(struct side *s, const char *cell, size_t j)
{
	double v[256];
	size_t k = plot__step_values(s, cell, j, plot__resident_after, v, 256);

	return k ? gsl_stats_median_from_sorted_data(v, 1, k) : NAN;
}

/*
 * The geometric mean of every row's ratio, decided or not (the rows compare's
 * JSON lists with a ratio): a trend wants the direction even where a row has
 * too few runs for a verdict.
 */
static double geomean_of_rows(const struct judgement *j)
{
	double sum = 0;
	size_t i, n = 0;

	for (i = 0; i < j->nrows; i++) {
		const struct pool_row *r = &j->rows[i];

		if (r->step < 0 || !r->nb || !r->nn || !(r->r.ratio > 0))
			continue;
		sum += log(r->r.ratio);
		n++;
	}
	return n ? exp(sum / n) : NAN;
}

int plot__trend(char **args, struct side *sides, char **labels, size_t n, const char *dir,
		const struct judgement *last, struct plot_set *set)
{
	size_t i, first_bad = 0;
	FILE *f = plot__open_tsv(dir, "trend.tsv", "x label geomean_ratio resident_after_256k_16k bad");
	char *vars;
	int rc = 0;

	if (!f || plot__need_cell(sides, n, "walk-256k-16k", "trend")) {
		if (f)
			fclose(f);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct judgement own;
		const struct judgement *j = NULL;
		double g = 1;
		int crc = 0;

		if (i) {
			/* each against the first, judged in process; the last pair may be given */
			j = i == n - 1 && last ? last : NULL;
			if (!j) {
				crc = judge__sides(args[0], args[i], NULL, &own);
				if (crc == -EINVAL) {
					vrb_err("trend: %s and %s cannot be compared", args[0], args[i]);
					rc = -EINVAL;
					break;
				}
				j = crc ? NULL : &own;
			}
			if (j) {
				crc = j->gate_exit;
				g = geomean_of_rows(j);
				if (j == &own)
					judgement__free(&own);
			} else {
				g = NAN;
			}
		}
		if (crc == 1 && !first_bad)
			first_bad = i;
		fprintf(f, "%zu\t\"%s\"\t%.4f\t%.1f\t%d\n", i, labels[i], g > 0 ? g : NAN,
			resident_median(&sides[i], "walk-256k-16k", 1), i && i == first_bad);
	}
	fclose(f);
	if (rc)
		return rc;
	vars = vrb_fmt("title_text='Across %zu kernels or commits, each against the first'", n);
	rc = plot__render("trend", dir, vars, 1000, 560, set,
		    "One point per kernel or commit, in the order given: the solid line is the "
		    "geometric mean of its latency ratios against the first (1 = unchanged), the "
		    "dashed one the pages it keeps after shrinking 256K to 16K; the ring marks the "
		    "first one `compare --gate` fails against the first.");
	free(vars);
	return rc;
}
